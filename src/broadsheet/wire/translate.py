"""Offline machine translation of wire items with an installed Argos Translate package.

A `.argosmodel` is a zip: `metadata.json`, a SentencePiece model and a CTranslate2 model
folder. ctranslate2 and sentencepiece read it directly; argostranslate itself would bring
torch and stanza (whose sentence splitter downloads a model at first use), and nothing is
downloaded here at run time. The HTML's structure is kept by translating each text run
on its own (a paragraph's text, a link's text) and writing the same tags around it, so
paragraphs, links and their addresses survive whatever the model does; numbers are
checked, and segments that look broken are flagged for the editor.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import ctranslate2
import sentencepiece as spm
from django.conf import settings
from django.db import transaction
from lxml import html as lxml_html

from broadsheet.news.sanitize import sanitize_article_html
from broadsheet.wire.models import Item, TranslationModel

MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD = re.compile(r"\w+", re.UNICODE)
BATCH = 16
# An item whose translation takes longer than this is given up (marked failed, the
# original kept): one monster article must not hold the worker.
MAX_SECONDS = 300.0


class TranslationTimeout(Exception):
    pass


class ModelError(Exception):
    """A package that cannot be installed or read; the message says why."""


@dataclass(frozen=True)
class Package:
    from_code: str
    to_code: str
    name: str
    root: Path


def _package_root(names: list[str]) -> str:
    metas = [n for n in names if PurePosixPath(n).name == "metadata.json"]
    if not metas:
        raise ModelError("no metadata.json in the package: is it an .argosmodel file?")
    return str(PurePosixPath(min(metas, key=len)).parent)


def model_install(*, path: Path) -> TranslationModel:
    """Unpack an .argosmodel into the model folder and record it (replacing the same pair).

    Raises ModelError for anything that is not a readable package.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{path} is not a zip archive: {exc}") from exc
    with archive:
        names = archive.namelist()
        if sum(info.file_size for info in archive.infolist()) > MAX_PACKAGE_BYTES:
            raise ModelError("the package unpacks to more than 2 GB")
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts:
                raise ModelError(f"unsafe path in the package: {name}")
        root = _package_root(names)
        prefix = f"{root}/" if root not in ("", ".") else ""
        metadata = json.loads(archive.read(f"{prefix}metadata.json"))
        from_code, to_code = str(metadata.get("from_code", "")), str(metadata.get("to_code", ""))
        if not from_code or not to_code:
            raise ModelError("metadata.json names no from_code/to_code")
        for needed in ("sentencepiece.model", "model/model.bin"):
            if f"{prefix}{needed}" not in names:
                raise ModelError(f"the package has no {needed}")
        target = Path(settings.WIRE_MODEL_DIR) / f"{from_code}_{to_code}"
        staging = target.with_name(target.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for info in archive.infolist():
            if info.is_dir() or not info.filename.startswith(prefix):
                continue
            relative = info.filename[len(prefix) :]
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
    package = Package(from_code, to_code, str(metadata.get("name", "")), staging)
    try:
        _load(str(staging))
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelError(f"the model cannot be read: {exc}") from exc
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    _load.cache_clear()
    with transaction.atomic():
        record, _created = TranslationModel.objects.update_or_create(
            from_code=package.from_code,
            to_code=package.to_code,
            defaults={"name": package.name[:200], "path": str(target)},
        )
        Item.objects.filter(
            language=from_code, translation=Item.Translation.NONE, status=Item.Status.NEW
        ).update(translation=Item.Translation.PENDING)
    return record


@functools.lru_cache(maxsize=4)
def _load(root: str) -> tuple[Any, Any]:
    folder = Path(root)
    translator = ctranslate2.Translator(
        str(folder / "model"), device="cpu", inter_threads=1, intra_threads=2
    )
    processor = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    return translator, processor


_translate_lock = threading.Lock()


def translate_texts(
    texts: list[str], *, root: str, beam_size: int = 2, deadline: float | None = None
) -> list[str]:
    """Translate plain texts sentence by sentence; empty texts stay empty. Raises
    TranslationTimeout when `deadline` (a time.monotonic() value) passes between batches."""
    translator, processor = _load(root)
    sentences: list[str] = []
    owners: list[int] = []
    for n, text in enumerate(texts):
        for sentence in SENTENCE_END.split(text.strip()) if text.strip() else []:
            sentences.append(sentence)
            owners.append(n)
    out: list[list[str]] = [[] for _ in texts]
    for start in range(0, len(sentences), BATCH):
        if deadline is not None and time.monotonic() > deadline:
            raise TranslationTimeout(f"gave up after {start} of {len(sentences)} sentences")
        batch = sentences[start : start + BATCH]
        tokens = processor.encode(batch, out_type=str)
        # A broken model must not run on: the output is bounded by the input's length.
        longest = max(len(t) for t in tokens)
        with _translate_lock:
            results = translator.translate_batch(
                tokens, beam_size=beam_size, max_decoding_length=min(512, 2 * longest + 8)
            )
        for offset, result in enumerate(results):
            out[owners[start + offset]].append(processor.decode(result.hypotheses[0]))
    return [" ".join(parts) for parts in out]


def segment_flags(source: str, translated: str) -> list[str]:
    """Why a translated segment looks broken: numbers that differ, words repeated."""
    reasons = []
    if sorted(NUMBER.findall(source)) != sorted(NUMBER.findall(translated)):
        reasons.append("numbers differ from the original")
    words = WORD.findall(translated.lower())
    for i in range(len(words) - 2):
        if words[i] == words[i + 1] == words[i + 2]:
            reasons.append("a word repeated three times")
            break
    else:
        if words and len(set(words)) < len(words) / 3 and len(words) > 6:
            reasons.append("few distinct words")
    letters = [c for c in translated if c.isalpha()]
    if source.strip() and not letters:
        reasons.append("empty translation")
    return reasons


def translate_html(
    html: str, *, root: str, deadline: float | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Translate the text runs of sanitized article HTML, keeping every tag and attribute;
    returns the translated HTML and the flags of suspicious segments."""
    if not html.strip():
        return "", []
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    slots: list[tuple[Any, str]] = []
    for element in tree.iter():
        if element.text and element.text.strip():
            slots.append((element, "text"))
        if element is not tree and element.tail and element.tail.strip():
            slots.append((element, "tail"))
    originals = [getattr(element, kind) for element, kind in slots]
    translated = translate_texts(originals, root=root, deadline=deadline)
    flags: list[dict[str, Any]] = []
    for n, ((element, kind), before, after) in enumerate(
        zip(slots, originals, translated, strict=True)
    ):
        lead = " " if before[:1].isspace() else ""
        trail = " " if before[-1:].isspace() else ""
        setattr(element, kind, f"{lead}{after}{trail}")
        reasons = segment_flags(before, after)
        if reasons:
            flags.append(
                {"segment": n, "source": before.strip(), "text": after, "reasons": reasons}
            )
    inner = (tree.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in tree
    )
    return sanitize_article_html(inner), flags


def item_translate(*, item_id: int) -> Item | None:
    """Translate one pending item with the installed model for its language pair. The
    original is kept; the translation goes beside it. None when nothing was to be done."""
    item = Item.objects.select_related("source").filter(pk=item_id).first()
    if item is None or item.translation != Item.Translation.PENDING:
        return None
    target = item.source.target_language or settings.LANGUAGE_CODE
    model = TranslationModel.objects.filter(from_code=item.language, to_code=target).first()
    if model is None:
        Item.objects.filter(pk=item.pk).update(translation=Item.Translation.NONE)
        return None
    deadline = time.monotonic() + MAX_SECONDS
    try:
        title = translate_texts([item.title], root=model.path)[0]
        body, flags = translate_html(item.text, root=model.path, deadline=deadline)
    except TranslationTimeout as exc:
        Item.objects.filter(pk=item.pk).update(
            translation=Item.Translation.FAILED,
            translation_flags=[{"segment": -1, "reasons": [f"too long to translate: {exc}"]}],
        )
        return None
    except Exception as exc:
        Item.objects.filter(pk=item.pk).update(
            translation=Item.Translation.FAILED,
            translation_flags=[{"segment": -1, "reasons": [f"the model failed: {exc}"]}],
        )
        raise
    title_flags = segment_flags(item.title, title)
    if title_flags:
        flags.insert(
            0, {"segment": "title", "source": item.title, "text": title, "reasons": title_flags}
        )
    Item.objects.filter(pk=item.pk, translation=Item.Translation.PENDING).update(
        translation=Item.Translation.DONE,
        translated_title=title[:1000],
        translated_text=body,
        translation_language=target,
        translation_flags=flags,
    )
    item.refresh_from_db()
    return item
