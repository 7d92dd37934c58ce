"""A reader's client for the discussion, as a program: it reads the form from the page,
answers the question and solves the proof of work itself (ALTCHA v1), then posts.

Used by the integration tests and by `bench/comment_post.py`. It knows nothing the
server does not put in the page: no shortcut, no server-side bypass.
"""

from __future__ import annotations

import base64
import hashlib
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
OPS = {
    "+": lambda a, b: a + b,
    "plus": lambda a, b: a + b,
    "−": lambda a, b: a - b,
    "-": lambda a, b: a - b,
    "minus": lambda a, b: a - b,
    "×": lambda a, b: a * b,
    "times": lambda a, b: a * b,
}


def solve_question(question: str) -> str:
    """Answer the built-in arithmetic ("What is 7 + 5?", "What is seven plus five?")."""
    match = re.search(r"(\w+) (\+|−|-|×|plus|minus|times) (\w+)\?", question)
    if not match:
        raise ValueError(f"cannot answer {question!r}")

    def number(token: str) -> int:
        return int(token) if token.isdigit() else NUMBER_WORDS.index(token)

    return str(OPS[match.group(2)](number(match.group(1)), number(match.group(3))))


def solve_pow(challenge: dict[str, Any]) -> str:
    """Find n with SHA-256(salt + n) == challenge; return the payload the form sends."""
    salt, target = challenge["salt"], challenge["challenge"]
    for n in range(int(challenge["maxNumber"]) + 1):
        if hashlib.sha256(f"{salt}{n}".encode()).hexdigest() == target:
            payload = {
                "algorithm": challenge["algorithm"],
                "challenge": target,
                "number": n,
                "salt": salt,
                "signature": challenge["signature"],
            }
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("no solution")


@dataclass
class CommentFormState:
    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    question: str = ""
    pow: dict[str, Any] | None = None
    # A form read from the page cache: where this reader's values come from, and where
    # the form posts once it has them (see CommentForm.shared).
    values_url: str = ""
    post_url: str = ""


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.state = CommentFormState()
        self._in_form = False
        self._in_question = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "comment-form":
            self._in_form = True
            self.state.action = a.get("action", "")
            self.state.pow = json.loads(a["data-pow"]) if a.get("data-pow") else None
            # As the page's script: only the stored page's form (with data-post) starts
            # without them; every form names where a next comment's values come from.
            self.state.values_url = a.get("data-values", "") if "data-post" in a else ""
            self.state.post_url = a.get("data-post", "")
        elif self._in_form and tag == "input" and a.get("name"):
            if a.get("type") != "checkbox":
                self.state.fields[a["name"]] = a.get("value", "")
        elif self._in_form and tag == "p" and a.get("id") == "captcha-question":
            self._in_question = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        if tag == "p":
            self._in_question = False

    def handle_data(self, data: str) -> None:
        if self._in_question:
            self.state.question += data


def parse_comment_form(html: str) -> CommentFormState:
    parser = _FormParser()
    parser.feed(html)
    parser.state.question = parser.state.question.strip()
    return parser.state


def form_values_apply(state: CommentFormState, values: dict[str, Any]) -> None:
    """Put a reader's values from `/comments/form/` into a stored page's form, as the
    page's script does: tokens, question, challenge, and the form then posts for real."""
    state.fields.update(
        csrfmiddlewaretoken=values["csrf"],
        form_token=values["form_token"],
        captcha=values["captcha"],
    )
    state.question = values["question"]
    state.pow = values["pow"]
    state.action = state.post_url


def filled_form(
    state: CommentFormState,
    *,
    name: str,
    text: str,
    answer: str | None = None,
    solve: bool = True,
    **extra: str,
) -> dict[str, str]:
    """The form's fields filled in as a reader would (answer and proof of work solved)."""
    data = dict(state.fields)
    data.update(
        name=name,
        text=text,
        answer=answer if answer is not None else solve_question(state.question),
    )
    if solve and state.pow:
        data["altcha"] = solve_pow(state.pow)
    data.update(extra)
    return data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


class Reader:
    """One reader's browser-less session: cookies (CSRF, commenter) kept between calls."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, *, json_reply: bool = False
    ) -> Response:
        url = path if path.startswith("http") else self.base_url + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)
        if json_reply:
            req.add_header("Accept", "application/json")
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return Response(resp.status, dict(resp.headers), resp.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers), err.read().decode())

    def form(self, path: str) -> CommentFormState:
        """The comment form of the page at `path`, with this reader's values: fetched as
        the page's script does when the page came from the page cache."""
        page = self.request(path)
        assert page.status == 200, page.status
        state = parse_comment_form(page.body)
        if state.values_url:
            reply = self.request(state.values_url, json_reply=True)
            assert reply.status == 200, reply.status
            form_values_apply(state, reply.json())
        return state

    def post_comment(
        self, state: CommentFormState, *, json_reply: bool = False, **fields: str
    ) -> Response:
        return self.request(state.action, fields, json_reply=json_reply)
