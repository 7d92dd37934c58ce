"""Feeds into entries: feedparser (RSS 0.9x/1.0/2.0, Atom, content:encoded, media, Dublin
Core, and its recovery of ill-formed XML) on bytes decoded here first.

feedparser trusts a feed's declared encoding; Cyrillic feeds often declare nothing or the
wrong thing. `decode_feed` tries the candidates and keeps the one that reads as text:
Cyrillic mojibake of the windows-1251/KOI8-R kind turns lowercase letters into capitals
(their lowercase ranges are each other's uppercase), so the share of lowercase letters
among non-ASCII letters tells them apart, and UTF-8 that decodes strictly wins outright.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import feedparser
from lxml import etree

DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
CYRILLIC_CANDIDATES = ("windows-1251", "koi8-r", "koi8-u")
WORDS = re.compile(r"[^\W\d_]{3,}")
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass
class Entry:
    key: str
    guid: str
    link: str
    title: str
    summary: str
    content: str
    author: str
    published: dt.datetime | None
    image_url: str
    language: str
    problems: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    title: str
    link: str
    language: str
    encoding: str
    declared_encoding: str
    entries: list[Entry]
    problems: list[str]
    version: str


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _plausibility(text: str) -> float:
    """How much `text` reads as text: the share of lowercase among its non-ASCII letters,
    less a point when those are Latin letters making up whole words (Cyrillic bytes read
    as ISO-8859-1 give "Ôåðìåðû"; real accented Latin words are mostly ASCII)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return -1.0
    score = sum(c.islower() for c in letters) / len(letters)
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters)
    if latin > len(letters) / 2:
        words = [w for w in WORDS.findall(text) if any(ord(c) > 127 for c in w)]
        shares = [sum(ord(c) > 127 for c in w) / len(w) for w in words]
        if shares and sum(shares) / len(shares) > 0.7:
            score -= 1.0
    return score


def decode_feed(raw: bytes, *, http_charset: str = "") -> tuple[str, str, str]:
    """Return (text, encoding used, encoding declared) for a feed's bytes."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name, name
    match = DECLARATION.match(raw[:200])
    declared = _normal(match.group(1).decode("ascii")) if match else ""
    http = _normal(http_charset) if http_charset else ""
    try:
        return raw.decode("utf-8"), "utf-8", declared or http
    except UnicodeDecodeError:
        pass
    candidates = [c for c in (http, declared) if c and c != "utf-8"]
    candidates += [c for c in map(_normal, CYRILLIC_CANDIDATES) if c not in candidates]
    best: tuple[float, int, str, str] | None = None
    for order, name in enumerate(candidates):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        # Ties (no letters outside ASCII, or the same share) go to the earlier candidate.
        score = (_plausibility(text), -order, name, text)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        return raw.decode("utf-8", errors="replace"), "utf-8", declared or http
    return best[3], best[2], declared or http


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)


def decode_page(raw: bytes, *, http_charset: str = "") -> str:
    """An HTML page's text: its HTTP or <meta> charset when the bytes agree with it,
    else UTF-8, else the Cyrillic code page that reads as text (as for feeds)."""
    match = META_CHARSET.search(raw[:4096])
    declared = _normal(http_charset) or (_normal(match.group(1).decode("ascii")) if match else "")
    if declared and declared != "utf-8":
        try:
            text = raw.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if _plausibility(text) >= 0.5 or _plausibility(text) == -1.0:
                return text
    fake = b'<?xml version="1.0"?>' + raw
    return decode_feed(fake)[0][len('<?xml version="1.0"?>') :]


def _as_utf8_xml(text: str) -> bytes:
    """The feed re-encoded as UTF-8 with a declaration that says so."""
    text = re.sub(
        r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][A-Za-z0-9._-]+["']""",
        r'\1"utf-8"',
        text,
        count=1,
    )
    return text.encode("utf-8")


def _when(entry: Any, problems: list[str]) -> dt.datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name) if name in entry else None
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    for name in ("published", "updated", "dc_date", "created"):
        if entry.get(name):
            problems.append(f"date not understood: {entry.get(name)!r}")
            break
    return None


def _image(entry: Any) -> str:
    for media in entry.get("media_content") or []:
        url = media.get("url", "")
        if url and (media.get("medium") == "image" or "image" in media.get("type", "image")):
            return str(url)
    for thumb in entry.get("media_thumbnail") or []:
        if thumb.get("url"):
            return str(thumb["url"])
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image"):
            return str(link.get("href", ""))
    return ""


def _content(entry: Any) -> str:
    """The fullest body the entry carries: content:encoded / Atom content over summary."""
    bodies = [str(c.get("value", "")) for c in entry.get("content") or []]
    bodies.append(str(entry.get("summary", "")))
    return max(bodies, key=len)


def entry_key(*, guid: str, link: str, title: str, published: dt.datetime | None) -> str:
    """The entry's stable key: its GUID, else its link, else a hash of title and date."""
    if guid:
        return f"guid:{guid}"[:300]
    if link:
        return f"link:{link}"[:300]
    digest = hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:32]
    return f"hash:{digest}"


def _repaired(text: str, base_url: str) -> Any:
    """The feed as lxml's recovering parser mends it (no entities, no network), parsed
    again: it keeps items feedparser's own loose parser drops after a broken tag."""
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(_as_utf8_xml(text), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    return feedparser.parse(
        etree.tostring(root, encoding="utf-8", xml_declaration=True),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": base_url,
        },
        sanitize_html=False,
        resolve_relative_uris=bool(base_url),
    )


def parse_feed(raw: bytes, *, http_charset: str = "", base_url: str = "") -> ParsedFeed:
    """Every entry that can be recovered from `raw`, with the problems met; never raises."""
    text, encoding, declared = decode_feed(raw, http_charset=http_charset)
    problems: list[str] = []
    if declared and declared != encoding:
        problems.append(f"declared encoding {declared}, read as {encoding}")
    elif not declared and encoding != "utf-8":
        problems.append(f"no encoding declared (XML then means UTF-8), read as {encoding}")
    parsed = feedparser.parse(
        _as_utf8_xml(text),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": base_url,
        },
        sanitize_html=False,
        resolve_relative_uris=bool(base_url),
    )
    if parsed.get("bozo"):
        problems.append(f"ill-formed feed: {parsed.get('bozo_exception')}")
        repaired = _repaired(text, base_url)
        if repaired is not None and len(repaired.entries) > len(parsed.entries):
            parsed = repaired
    if not parsed.get("version") and not parsed.entries:
        problems.append("not a feed that could be read (no RSS or Atom found)")
    feed = parsed.get("feed", {})
    feed_language = str(feed.get("language", "") or "")[:8]
    entries: list[Entry] = []
    seen_guids: set[str] = set()
    for raw_entry in parsed.entries:
        entry_problems: list[str] = []
        title = str(raw_entry.get("title", "") or "").strip()
        link = str(raw_entry.get("link", "") or "").strip()
        guid = str(raw_entry.get("id", "") or "").strip()
        if not title:
            entry_problems.append("entry without a title")
        if not link:
            entry_problems.append("entry without a link")
        if guid and guid in seen_guids:
            entry_problems.append(f"GUID used twice in one feed: {guid}")
            guid = f"{guid}#{hashlib.sha256(link.encode()).hexdigest()[:12]}"
        seen_guids.add(guid)
        published = _when(raw_entry, entry_problems)
        if not title and not link:
            problems.extend(entry_problems)
            continue
        entries.append(
            Entry(
                key=entry_key(guid=guid, link=link, title=title, published=published),
                guid=guid,
                link=link,
                title=title or link,
                summary=str(raw_entry.get("summary", "") or ""),
                content=_content(raw_entry),
                author=str(raw_entry.get("author", "") or ""),
                published=published,
                image_url=_image(raw_entry),
                language=str(raw_entry.get("language", "") or feed_language)[:8],
                problems=entry_problems,
            )
        )
        problems.extend(entry_problems)
    return ParsedFeed(
        title=str(feed.get("title", "") or ""),
        link=str(feed.get("link", "") or ""),
        language=feed_language,
        encoding=encoding,
        declared_encoding=declared,
        entries=entries,
        problems=problems,
        version=str(parsed.get("version", "") or ""),
    )
