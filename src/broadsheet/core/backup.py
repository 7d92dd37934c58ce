"""Backups of the site's database and uploaded media, and their restore.

One archive (a tar file) holds `manifest.json`, the database and the media folder:

- SQLite (embedded): SQLite's online backup API copies the database in one step, a
  consistent snapshot taken while the site keeps reading and writing (WAL: writers are
  not held up; a write committed after the snapshot is simply not in it). The copy is
  checked with `PRAGMA integrity_check` before it is archived.
- PostgreSQL (scale): `pg_dump --format=custom`, one transaction's snapshot, found on
  PATH or in /usr/lib/postgresql/*/bin (the newest).
- Media: the files under MEDIA_ROOT, read after the database's snapshot, so every file
  the snapshot names is there (uploads only add files).

A restore puts the archive's database in place of the current one (SQLite: the backup
API again, into the live file; PostgreSQL: `pg_restore --clean --single-transaction`)
and writes the media files back. It is meant for a stopped site (docs/backup.md).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    database: str
    created_at: str
    media_files: int
    database_sha256: str

    def as_json(self) -> bytes:
        return json.dumps({"format": FORMAT, **self.__dict__}, indent=2).encode()


def database_engine(alias: str = "default") -> str:
    """`sqlite` or `postgresql`, from the database's Django vendor."""
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def postgres_tool(name: str) -> str:
    """The path of `pg_dump` or `pg_restore`: PATH first, then Debian's versioned folders
    (the newest version, which reads every older server's format)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(
            f"{name} was not found on PATH nor in /usr/lib/postgresql/*/bin: install "
            "PostgreSQL's client programs (Debian: postgresql-client)."
        )
    return candidates[-1]


def postgres_arguments(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore and their environment (the password
    goes in PGPASSWORD, never on the command line)."""
    conf = settings.DATABASES[alias]
    args = ["--dbname", str(conf["NAME"])]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def sqlite_snapshot(*, target: Path, alias: str = "default") -> None:
    """Copy the live SQLite database into `target` in one step of the online backup API
    (a consistent snapshot), and check the copy. Raises BackupError if it is damaged."""
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # every page in one step: one read snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check_sqlite(copy)
    finally:
        copy.close()


def check_sqlite(db: sqlite3.Connection) -> None:
    result = db.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(f"The database copy fails SQLite's integrity check: {result[:5]}")


def postgres_dump(*, target: Path, alias: str = "default") -> None:
    args, env = postgres_arguments(alias)
    command = [
        postgres_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(target),
        *args,
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(*, output: Path, alias: str = "default") -> Manifest:
    """Write a backup archive of the database and the media folder to `output`.

    The archive is written beside `output` first and renamed into place when complete,
    so a backup that fails leaves no half-written file under its name.
    Raises BackupError.
    """
    engine = database_engine(alias)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        name = SQLITE_NAME if engine == "sqlite" else PG_NAME
        database = Path(work) / name
        if engine == "sqlite":
            sqlite_snapshot(target=database, alias=alias)
        else:
            postgres_dump(target=database, alias=alias)
        partial = Path(work) / "archive.tar"
        media_root = Path(settings.MEDIA_ROOT)
        count = 0
        with tarfile.open(partial, "w") as archive:
            archive.add(database, arcname=name)
            for path in sorted(media_root.rglob("*")) if media_root.is_dir() else []:
                if not path.is_file() or path.is_symlink():
                    continue
                try:
                    archive.add(
                        path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                    )
                except FileNotFoundError:  # removed while the backup ran
                    continue
                count += 1
            manifest = Manifest(
                engine=engine,
                database=name,
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                media_files=count,
                database_sha256=sha256_file(database),
            )
            add_bytes(archive, MANIFEST, manifest.as_json())
        os.replace(partial, output)
    return manifest


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def backup_read_manifest(*, archive_path: Path) -> Manifest:
    """The archive's manifest. Raises BackupError if it is not a Broadsheet backup."""
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            data: dict[str, Any] = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a Broadsheet backup: {exc}") from exc
    if data.pop("format", None) != FORMAT:
        raise BackupError(f"{archive_path} has a backup format this version cannot read.")
    return Manifest(**data)


def backup_restore(*, archive_path: Path, alias: str = "default") -> Manifest:
    """Replace the database with the archive's and write its media files back (files
    added since the backup stay). Raises BackupError, before changing anything, if the
    archive is not a backup of this kind of database or its database is damaged."""
    manifest = backup_read_manifest(archive_path=archive_path)
    engine = database_engine(alias)
    if manifest.engine != engine:
        raise BackupError(
            f"This backup holds a {manifest.engine} database; this site runs on {engine}."
        )
    with (
        tempfile.TemporaryDirectory(prefix="broadsheet-restore-") as work,
        tarfile.open(archive_path, "r") as archive,
    ):
        archive.extract(manifest.database, path=work, filter="data")
        database = Path(work) / manifest.database
        if sha256_file(database) != manifest.database_sha256:
            raise BackupError("The archive's database does not match its checksum.")
        if engine == "sqlite":
            sqlite_restore(source=database, alias=alias)
        else:
            postgres_restore(source=database, alias=alias)
        media = [m for m in archive.getmembers() if m.name.startswith(MEDIA_PREFIX)]
        for member in media:
            member.name = member.name[len(MEDIA_PREFIX) :]
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        archive.extractall(path=settings.MEDIA_ROOT, members=media, filter="data")
    return manifest


def sqlite_restore(*, source: Path, alias: str = "default") -> None:
    snapshot = sqlite3.connect(source)
    try:
        check_sqlite(snapshot)
        connection = connections[alias]
        connection.ensure_connection()
        # The backup API writes every page of the live database under its write lock;
        # other connections see the restored database at their next transaction.
        snapshot.backup(connection.connection)
    finally:
        snapshot.close()
    connections[alias].close()


def postgres_restore(*, source: Path, alias: str = "default") -> None:
    connections[alias].close()
    args, env = postgres_arguments(alias)
    command = [
        postgres_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(source),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
