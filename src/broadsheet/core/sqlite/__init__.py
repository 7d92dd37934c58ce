"""SQLite, the embedded default, with its writers queued on a file lock (see `base`)."""
