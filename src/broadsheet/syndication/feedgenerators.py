"""RSS 2.0 and Atom 1.0 writers that carry what Django's stock ones leave out:
full content (`content:encoded` / `<content type="html">`) and several authors.

Each item takes two extra keyword arguments: `content` (HTML) and `authors`, a list of
`(name, url)` pairs. Items leave Django's single `author_name` empty.

Whatever a reader or an editor wrote, the feed stays well-formed: characters XML 1.0
cannot hold (C0 controls such as a form feed, U+FFFE, U+FFFF, lone surrogates) are
dropped from every text before Django's writer sees it; it would refuse the whole feed.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.xmlreader import AttributesImpl

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> Any:
    """`value` with the characters XML 1.0 cannot hold dropped, in strings, and in the
    lists and tuples of strings an item carries (categories, authors)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(v) for v in value)
    return value


class _XmlSafe:
    """Every text of the feed and its items passed through `xml_text`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*xml_text(args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(  # type: ignore[misc]
            *xml_text(args), **{k: xml_text(v) for k, v in kwargs.items()}
        )


class FullRssFeed(_XmlSafe, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        attrs: dict[str, str] = super().rss_attributes()
        attrs["xmlns:content"] = CONTENT_NS
        attrs["xmlns:dc"] = DC_NS
        return attrs

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        # RSS 2.0's <author> must be an e-mail address; bylines have none, so Dublin
        # Core's creator names each author instead.
        for name, _url in item.get("authors") or ():
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class FullAtomFeed(_XmlSafe, Atom1Feed):
    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name, url in item.get("authors") or ():
            handler.startElement("author", AttributesImpl({}))
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
