"""A form renderer that writes the plainest widgets itself.

Django's Jinja2 form renderer renders a template for each input and each label: a
form of ten fields is sixteen template renders, a sixth of a page's first render
(bench/render_miss.py, cold). `WrittenWidgets` writes the markup of Django's own
input, textarea and label templates in Python, escaped as Jinja2 escapes it, and
leaves every other template to the renderer. Django still builds each widget's
context (its attributes, value, id): only the template's formatting is done here.

A template is written only while the one the renderer would load is Django's own: an
app that overrides it (in its `jinja2/django/forms/` folder) gets its template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django
from django.forms.renderers import Jinja2
from markupsafe import escape

# Where Django's own Jinja2 widget templates are.
_DJANGO_FORMS = Path(django.__file__).parent / "forms" / "jinja2"


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes it
    without a value."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html (and text, email, hidden, checkbox...)."""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(context: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


def _label(context: Mapping[str, Any]) -> str:
    """django/forms/label.html."""
    label = escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = escape(context["tag"])
    attrs = context["attrs"]
    return f"<{tag}{_attrs(attrs) if attrs else ''}>{label}</{tag}>"


_Writer = Callable[[Mapping[str, Any]], str]
_WIDGET_ATTRS = "django/forms/widgets/attrs.html"
# Each template written here, its writer and the templates it includes.
_WRITERS: dict[str, tuple[_Writer, tuple[str, ...]]] = {
    **{
        f"django/forms/widgets/{kind}.html": (
            _input,
            ("django/forms/widgets/input.html", _WIDGET_ATTRS),
        )
        for kind in ("input", "text", "email", "hidden", "checkbox", "password", "number", "url")
    },
    "django/forms/widgets/textarea.html": (_textarea, (_WIDGET_ATTRS,)),
    "django/forms/label.html": (_label, ("django/forms/attrs.html",)),
}


class WrittenWidgets(Jinja2):
    """Django's Jinja2 form renderer, with the templates in `_WRITERS` written here."""

    def __init__(self) -> None:
        super().__init__()
        # Per template name: its writer, or None once it is known to be overridden.
        self._writers: dict[str, _Writer | None] = {}

    def _is_djangos(self, template_name: str) -> bool:
        found = self.get_template(template_name).template.filename
        return Path(found or "").is_relative_to(_DJANGO_FORMS)

    def _writer(self, template_name: str) -> _Writer | None:
        if template_name not in self._writers:
            writer, included = _WRITERS.get(template_name, (None, ()))
            if writer is not None and not all(
                self._is_djangos(name) for name in (template_name, *included)
            ):
                writer = None
            self._writers[template_name] = writer
        return self._writers[template_name]

    def render(self, template_name: str, context: Any, request: Any = None) -> str:
        writer = self._writer(template_name)
        if writer is None or request is not None:
            return super().render(template_name, context, request)
        # The base renderer strips what its template writes; so does this.
        return str(writer(context)).strip()
