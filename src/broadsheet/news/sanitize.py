"""The allowlist sanitizer for article HTML (nh3, a binding of the Rust `ammonia` crate).

Only the markup an article needs survives; scripts, event handlers, styles and
`javascript:` URLs are removed. Links get `rel="noopener noreferrer"`.
"""

from __future__ import annotations

import re

import nh3

ARTICLE_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "blockquote",
        "q",
        "cite",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "figure",
        "figcaption",
        "abbr",
        "span",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# ammonia checks the schemes of the URLs it knows to follow (href, src...), not `cite`.
URL_ATTRIBUTES_UNCHECKED = frozenset({"cite"})
# What a browser drops before reading a URL's scheme (WHATWG URL): C0 controls and
# spaces around it, tabs and newlines anywhere.
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_INSIDE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in `url`, lower-cased; None for a relative URL."""
    match = _SCHEME.match(_URL_INSIDE.sub("", url.strip(_URL_EDGES)))
    return match.group(1).lower() if match else None


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES_UNCHECKED and url_scheme(value) not in {None, *URL_SCHEMES}:
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ARTICLE_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ARTICLE_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)


def sanitize_article_html(html: str) -> str:
    """Return `html` with everything outside the article allowlist removed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # ProseMirror stores an empty document as one empty paragraph.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
