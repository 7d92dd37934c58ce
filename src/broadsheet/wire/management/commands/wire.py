"""`broadsheet wire …`: the wire desk from the command line.

add-source, sources, poll [--once] [--source ID], items, parse FILE|URL,
extract FILE|URL [--url URL], install-model FILE, prune [--older-than DAYS] [--dry-run].
Commands that print data take --json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from broadsheet.news.models import Section
from broadsheet.wire import pipeline, selectors, services, translate
from broadsheet.wire.extract import extract_page
from broadsheet.wire.fetch import FetchError, fetch
from broadsheet.wire.models import Source
from broadsheet.wire.parse import decode_page, parse_feed


def _read(target: str) -> tuple[bytes, str, str]:
    """(bytes, charset from HTTP, URL) of a file or an http(s) URL (fetched safely)."""
    if target.startswith(("http://", "https://")):
        try:
            response = fetch(target)
        except FetchError as exc:
            raise CommandError(exc.reason) from exc
        if response.status != 200:
            raise CommandError(
                _("%(url)s answered %(status)s") % {"url": target, "status": response.status}
            )
        return response.body, response.charset, response.url
    path = Path(target)
    if not path.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": target})
    return path.read_bytes(), "", ""


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


class Command(BaseCommand):
    help = "The wire desk: follow sources, poll them, read feeds and pages, install models."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add-source", help="Follow a new outlet.")
        add.add_argument("name")
        add.add_argument("homepage")
        add.add_argument("--feed", default="", help="Feed URL (else discovered).")
        add.add_argument("--language", default="")
        add.add_argument("--interval", type=int, default=900, help="Seconds between polls.")
        add.add_argument("--section", default="", help="Default section's slug.")
        add.add_argument("--no-full-text", action="store_true")
        add.add_argument("--translate-to", default="")
        add.add_argument("--json", action="store_true")
        listing = sub.add_parser("sources", help="List the sources and their health.")
        listing.add_argument("--json", action="store_true")
        poll = sub.add_parser("poll", help="Poll due sources, the whole pipeline inline.")
        poll.add_argument("--once", action="store_true", help="Every active source, once.")
        poll.add_argument("--source", type=int, default=None)
        poll.add_argument("--json", action="store_true")
        items = sub.add_parser("items", help="The newest items.")
        items.add_argument("--source", type=int, default=None)
        items.add_argument("--limit", type=int, default=30)
        items.add_argument("--json", action="store_true")
        parse = sub.add_parser("parse", help="What the feed parser makes of one feed.")
        parse.add_argument("target", metavar="FILE|URL")
        parse.add_argument("--json", action="store_true")
        extract = sub.add_parser("extract", help="What the extractor makes of one page.")
        extract.add_argument("target", metavar="FILE|URL")
        extract.add_argument("--url", default="", help="The page's address (for a file).")
        extract.add_argument("--json", action="store_true")
        install = sub.add_parser("install-model", help="Install an .argosmodel package.")
        install.add_argument("file")
        prune = sub.add_parser(
            "prune", help="Delete old items never drafted (dry run unless --no-dry-run)."
        )
        prune.add_argument("--older-than", type=int, default=30, metavar="DAYS")
        prune.add_argument("--dry-run", action="store_true", default=True)
        prune.add_argument("--no-dry-run", dest="dry_run", action="store_false")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, f"do_{action}")(options)

    def _print(self, options: dict[str, Any], data: Any, lines: list[str]) -> None:
        if options.get("json"):
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(lines))

    def do_add_source(self, options: dict[str, Any]) -> None:
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(_("No section %(slug)s.") % {"slug": options["section"]})
        try:
            source = services.source_add(
                name=options["name"],
                homepage=options["homepage"],
                feed_url=options["feed"],
                language=options["language"],
                poll_interval=options["interval"],
                section=section,
                fetch_full_text=not options["no_full_text"],
                target_language=options["translate_to"],
            )
        except FetchError as exc:
            raise CommandError(exc.reason) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self._print(
            options,
            {"id": source.pk, "name": source.name, "feed_url": source.feed_url},
            [
                _("Source %(id)s added: %(name)s, feed %(feed)s")
                % {"id": source.pk, "name": source.name, "feed": source.feed_url}
            ],
        )

    def do_sources(self, options: dict[str, Any]) -> None:
        rows = selectors.source_list_health()
        data = [
            {
                "id": row.source.pk,
                "name": row.source.name,
                "feed_url": row.source.feed_url,
                "status": row.source.status,
                "paused_reason": row.source.paused_reason,
                "last_poll": _when(row.source.last_polled_at),
                "last_new_item": _when(row.source.last_new_item_at),
                "next_poll": _when(row.source.next_poll_at),
                "items_24h": row.items_24h,
                "quiet": row.quiet,
                "last_error": row.source.last_error,
            }
            for row in rows
        ]
        lines = [
            f"{d['id']:>4}  {d['status']:<7} {d['items_24h']:>4}/24h  {d['name']}  {d['feed_url']}"
            + (f"  ! {d['last_error']}" if d["last_error"] else "")
            for d in data
        ] or [_("No sources yet: add one with `broadsheet wire add-source`.")]
        self._print(options, data, lines)

    def do_poll(self, options: dict[str, Any]) -> None:
        if options["source"]:
            sources = [Source.objects.get(pk=options["source"])]
        elif options["once"]:
            sources = list(Source.objects.filter(status=Source.Status.ACTIVE))
        else:
            sources = selectors.source_list_due()
        index = pipeline.near_duplicates_index()
        results = []
        started = time.monotonic()
        for source in tqdm(sources, disable=options.get("json") or len(sources) < 2, unit="source"):
            poll = pipeline.source_poll(source=source, index=index).poll
            results.append(
                {
                    "source": source.pk,
                    "name": source.name,
                    "outcome": poll.outcome,
                    "status": poll.status_code,
                    "new": poll.items_new,
                    "updated": poll.items_updated,
                    "error": poll.error,
                    "problems": poll.problems,
                }
            )
        pending = selectors.item_list_translation_pending(limit=1000)
        for pk in tqdm(pending, disable=options.get("json") or not pending, unit="item"):
            translate.item_translate(item_id=pk)
        lines = [
            _("%(name)s: %(outcome)s, %(new)s new, %(updated)s updated") % r
            + (f" ({r['error']})" if r["error"] else "")
            for r in results
        ]
        lines.append(
            _("%(n)s source(s) polled in %(s).1f s.")
            % {"n": len(results), "s": time.monotonic() - started}
        )
        self._print(options, results, lines)

    def do_items(self, options: dict[str, Any]) -> None:
        rows = selectors.item_list(source=options["source"], limit=options["limit"])
        data = [
            {
                "id": item.pk,
                "source": item.source.name,
                "title": item.title,
                "url": item.canonical_url,
                "language": item.language,
                "status": item.status,
                "cluster": item.cluster_id,
                "published": _when(item.published_at),
                "translation": item.translation,
            }
            for item in rows
        ]
        lines = [
            f"{d['id']:>5} [{d['language'] or '?'}] {d['status']:<9} {d['source']}: {d['title']}"
            for d in data
        ]
        self._print(options, data, lines or [_("No items yet.")])

    def do_parse(self, options: dict[str, Any]) -> None:
        raw, charset, url = _read(options["target"])
        feed = parse_feed(raw, http_charset=charset, base_url=url)
        data: dict[str, Any] = {
            "title": feed.title,
            "version": feed.version,
            "encoding": feed.encoding,
            "declared_encoding": feed.declared_encoding,
            "items": [
                {
                    "key": e.key,
                    "title": e.title,
                    "link": e.link,
                    "date": _when(e.published),
                    "language": e.language,
                    "content_length": len(e.content),
                }
                for e in feed.entries
            ],
            "problems": feed.problems,
        }
        lines = [f"{feed.title} ({feed.version or '?'}, {feed.encoding})"]
        lines += [
            f"  {e['key']}  {e['date'] or '-'}  {e['title']}  <{e['link']}>  {e['content_length']}"
            for e in data["items"]
        ]
        lines += [f"  ! {problem}" for problem in feed.problems]
        self._print(options, data, lines)

    def do_extract(self, options: dict[str, Any]) -> None:
        raw, charset, url = _read(options["target"])
        page = extract_page(decode_page(raw, http_charset=charset), url=options["url"] or url)
        if page is None:
            raise CommandError(_("The extractor found no main text on this page."))
        data = {
            "title": page.title,
            "byline": page.byline,
            "date": _when(page.date),
            "language": page.language,
            "quality": page.quality,
            "image": page.image_url,
            "canonical_url": page.canonical_url,
            "text": page.text,
        }
        lines = [
            page.title,
            f"{page.byline} {data['date'] or ''} {page.language}".strip(),
            "",
            page.text,
        ]
        self._print(options, data, lines)

    def do_install_model(self, options: dict[str, Any]) -> None:
        try:
            model = translate.model_install(path=Path(options["file"]))
        except translate.ModelError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Installed %(from)s→%(to)s (%(name)s) in %(path)s")
            % {"from": model.from_code, "to": model.to_code, "name": model.name, "path": model.path}
        )

    def do_prune(self, options: dict[str, Any]) -> None:
        count = services.items_prune(
            older_than_days=options["older_than"], dry_run=options["dry_run"]
        )
        if options["dry_run"]:
            self.stdout.write(
                _("%(n)s item(s) would be deleted (dry run; --no-dry-run deletes).") % {"n": count}
            )
        else:
            self.stdout.write(_("%(n)s item(s) deleted.") % {"n": count})
