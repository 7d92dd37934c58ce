"""`broadsheet backup` and `broadsheet restore`, run as an operator runs them: separate
processes on a real database (SQLite in the embedded mode, a PostgreSQL database of its
own in the scale mode), the backup taken while another process keeps writing.

The round trip compares every article and every comment: nothing the backup saw is lost
or altered, nothing invented, and no transaction is found half-written in it (the load
writes two comments and its article's standfirst in one transaction)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BROADSHEET = str(Path(sys.executable).with_name("broadsheet"))

SEED = """
import hashlib, io, uuid
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article, Section
from broadsheet.photos.models import Photo
from broadsheet.photos.services import photo_make_renditions

section = Section.objects.create(slug="policy", name="Policy")
buffer = io.BytesIO()
Image.new("RGB", (1400, 800), (30, 80, 150)).save(buffer, "JPEG")
photo = Photo(alt_text="A blue picture", credit="Олена")
photo.image.save("blue.jpg", ContentFile(buffer.getvalue()), save=False)
photo.save()
photo_make_renditions(photo=photo)
for i in range(20):
    article = Article.objects.create(
        slug=f"story-{i}", headline=f"Story {i} — Новина {i}", section=section,
        status="published", published_at=timezone.now(), body=f"<p>Body {i}.</p>",
        standfirst="seed", lead_photo=photo if i == 0 else None)
    for j in range(5):
        text = f"Comment {i}.{j} «слово»"
        Comment.objects.create(
            article=article, name=f"Reader {j}", text=text, status="approved",
            form_token=uuid.uuid4().hex, text_hash=hashlib.sha256(text.encode()).hexdigest())
"""

# Pairs of comments and the article's standfirst, one transaction each, until told to stop.
LOAD = """
import hashlib, os, sys, uuid
from django.db import transaction
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article

stop = os.environ["LOAD_STOP"]
articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
k = 0
while not os.path.exists(stop):
    article = articles[k % len(articles)]
    with transaction.atomic():
        for part in "ab":
            text = f"pair-{k}-{part}"
            Comment.objects.create(
                article_id=article, name="Load", text=text, status="approved",
                form_token=uuid.uuid4().hex,
                text_hash=hashlib.sha256(text.encode()).hexdigest())
        Article.objects.filter(pk=article).update(standfirst=f"load {k}")
    print(k, flush=True)
    k += 1
"""

DUMP = """
import json
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
print(json.dumps({
    "articles": list(Article.objects.order_by("pk").values()),
    "comments": list(Comment.objects.order_by("pk").values()),
}, default=str))
"""

MUTATE = """
from django.utils import timezone
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article, Section
Comment.objects.all().delete()
Article.objects.update(headline="Changed after the backup")
Article.objects.create(
    slug="after-backup", headline="After", section=Section.objects.get(),
    status="published", published_at=timezone.now(), body="<p>After.</p>")
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a site of its own: a data folder, and in the scale mode a
    PostgreSQL database created for this test and dropped after it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DATABASE_REPLICA_URL"}
    }
    env.update(BROADSHEET_DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")
    server = os.environ.get("DATABASE_URL", "")
    if not server:
        yield env
        return
    import psycopg

    name = f"backup_test_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    result = subprocess.run(
        [BROADSHEET, *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def shell(env: dict[str, str], code: str) -> str:
    return run(env, "shell", "-v", "0", "-c", code)


def dump(env: dict[str, str]) -> dict[str, dict[int, dict[str, Any]]]:
    data = json.loads(shell(env, DUMP).strip().splitlines()[-1])
    return {kind: {row["id"]: row for row in rows} for kind, rows in data.items()}


def media_digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_backup_under_load_and_restore_give_back_every_article_and_comment(site, tmp_path):
    run(site, "migrate", "-v", "0")
    shell(site, SEED)
    seeded = dump(site)
    media = Path(site["BROADSHEET_DATA_DIR"]) / "media"
    media_before = media_digests(media)
    assert len(media_before) >= 8  # the original and its renditions

    stop = tmp_path / "stop-load"
    load = subprocess.Popen(
        [BROADSHEET, "shell", "-v", "0", "-c", LOAD],
        env={**site, "LOAD_STOP": str(stop)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert load.stdout is not None
        acknowledged = -1
        while acknowledged < 30:  # the load is well under way
            line = load.stdout.readline()
            assert line, load.stderr.read() if load.stderr else "load ended"
            acknowledged = int(line)
        archive = tmp_path / "backup.tar"
        started = time.monotonic()
        out = run(site, "backup", "--output", str(archive))
        took = time.monotonic() - started
        assert "Backup written" in out
        stop.touch()
        rest = load.stdout.read()
        assert load.wait(timeout=60) == 0, load.stderr.read() if load.stderr else ""
    finally:
        stop.touch()
        if load.poll() is None:
            load.kill()
    written_during = len(rest.split())
    assert written_during > 0, f"the load wrote nothing while the backup ran ({took:.1f} s)"
    live = dump(site)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("media/photos/") for n in names)

    # Things change, media is lost; a dry run changes nothing; then the restore.
    shell(site, MUTATE)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert "Dry run" in run(site, "restore", str(archive))
    assert dump(site)["comments"] == {}
    assert "Restored" in run(site, "restore", str(archive), "--yes")
    restored = dump(site)

    assert media_digests(media) == media_before
    # Every comment the seed wrote is back, exactly.
    for pk, row in seeded["comments"].items():
        assert restored["comments"][pk] == row
    # Nothing invented or altered: each restored comment is the live one.
    for pk, row in restored["comments"].items():
        assert live["comments"][pk] == row
    # Every pair acknowledged before the backup began is in it, and no pair is half there.
    pairs: dict[int, set[str]] = {}
    for row in restored["comments"].values():
        if row["name"] == "Load":
            _, k, part = row["text"].split("-")
            pairs.setdefault(int(k), set()).add(part)
    assert set(range(acknowledged + 1)) <= set(pairs)
    assert all(parts == {"a", "b"} for parts in pairs.values())
    # Articles: the seed's, with the standfirst of the last pair the snapshot holds.
    assert set(restored["articles"]) == set(seeded["articles"])
    order = sorted(seeded["articles"])
    for pk, row in restored["articles"].items():
        mine = [k for k in pairs if order[k % len(order)] == pk]
        expected = f"load {max(mine)}" if mine else "seed"
        assert row == {**seeded["articles"][pk], "standfirst": expected}


def test_restore_refuses_a_damaged_archive_and_changes_nothing(site, tmp_path):
    run(site, "migrate", "-v", "0")
    shell(site, SEED)
    archive = tmp_path / "backup.tar"
    run(site, "backup", "-o", str(archive))
    before = dump(site)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            content = data.read() if data else b""
            if member.name.startswith("database."):
                content = content[:-4096] + bytes(4096)
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    result = subprocess.run(
        [BROADSHEET, "restore", str(damaged), "--yes"],
        env=site,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "checksum" in result.stderr
    assert dump(site) == before
    not_a_backup = tmp_path / "other.tar"
    not_a_backup.write_bytes(b"not a tar file")
    result = subprocess.run(
        [BROADSHEET, "restore", str(not_a_backup)], env=site, capture_output=True, text=True
    )
    assert result.returncode != 0 and "not a Broadsheet backup" in result.stderr
