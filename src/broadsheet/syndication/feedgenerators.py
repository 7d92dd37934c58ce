"""RSS 2.0 and Atom 1.0 writers that carry what Django's stock ones leave out:
full content (`content:encoded` / `<content type="html">`) and several authors.

Each item takes two extra keyword arguments: `content` (HTML) and `authors`, a list of
`(name, url)` pairs. Items leave Django's single `author_name` empty.
"""

from __future__ import annotations

from typing import Any
from xml.sax.xmlreader import AttributesImpl

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


class FullRssFeed(Rss201rev2Feed):
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


class FullAtomFeed(Atom1Feed):
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
