"""The file board (the embedded default's version board): what a hit reads."""

from __future__ import annotations

import struct

from broadsheet.pagecache.board import FileBoard


def test_versions_follow_bumps_for_any_tag_list(tmp_path, monkeypatch):
    board = FileBoard(tmp_path / "board")
    tags = [f"a:{n}" for n in range(20)]
    start = board.versions(tags)
    assert len(start) == 20 and board.versions([]) == ()
    board.bump(["a:3"])
    after = board.versions(tags)
    changed = [t for t, x, y in zip(tags, start, after, strict=True) if x != y]
    assert changed == ["a:3"]
    assert board.versions(["a:3"]) == (after[3],)  # one tag: a tuple too
    # The slots read as the file holds them (little-endian 64-bit words).
    raw = struct.unpack_from("<Q", board._map, board._slot("a:3"))[0]
    assert after[3] == raw
    # Another process's bump is seen: a second board on the same file.
    FileBoard(tmp_path / "board").bump(["a:7"])
    assert board.versions(tags)[7] == after[7] + 1
    # Past the limit of kept readers, they are made again and still right.
    monkeypatch.setattr(FileBoard, "GETTERS", 2)
    for n in range(5):
        assert board.versions([f"b:{n}", "a:3"])[1] == raw
