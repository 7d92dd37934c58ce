"""`core/formrender.WrittenWidgets` writes exactly what Django's Jinja2 templates write,
and leaves a template an app overrides to that template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from broadsheet.core.formrender import _DJANGO_FORMS, _WRITERS, WrittenWidgets
from broadsheet.discussion.captcha import IssuedCaptcha
from broadsheet.discussion.forms import CommentForm, ReportForm

HOSTILE = """<script>alert("x")</script> & 'quoted' \u00e9\u0457"""
TEMPLATES = Jinja2()


def _both(make: Any) -> tuple[list[str], list[str]]:
    """Every field's input and label of the forms `make(renderer)` builds, by each
    renderer."""
    out = []
    for renderer in (WrittenWidgets(), TEMPLATES):
        marks = []
        for form in make(renderer):
            for bound in form:
                marks += [str(bound), bound.label_tag(), bound.label_tag(label_suffix=":")]
                marks.append(bound.label_tag(attrs={"class": "x", "data-on": True}))
        out.append(marks)
    return out[0], out[1]


def _comment_forms(renderer: Any) -> list[forms.Form]:
    issued = IssuedCaptcha(
        form_token="tok", question="2 + 3?", token="signed", pow_challenge={"a": 1}
    )
    posted = {
        "name": HOSTILE,
        "email": "not an address",
        "text": HOSTILE + "\n\n  second line  ",
        "notify": "on",
        "answer": "",
        "parent": "-3",
        "website": HOSTILE,
    }
    made = [
        CommentForm(captcha=issued, renderer=renderer),
        CommentForm(renderer=renderer),
        CommentForm(posted, renderer=renderer),
        CommentForm({"name": "Ann", "text": "Fine.", "notify": ""}, renderer=renderer),
        ReportForm({"reason": "nope", "note": HOSTILE}, renderer=renderer),
        ReportForm(renderer=renderer),
    ]
    shared = CommentForm.shared()
    shared.renderer = renderer
    for form in made:
        form.is_valid()
    return [*made, shared]


def test_the_comment_and_report_forms_are_written_as_their_templates_write_them():
    written, templated = _both(_comment_forms)
    assert len(written) == len(templated) > 60
    for ours, theirs in zip(written, templated, strict=True):
        assert ours == theirs
    assert any("&lt;script&gt;" in mark for mark in written)  # the input was escaped
    assert any('aria-invalid="true"' in mark for mark in written)


class _Attrs(forms.Form):
    flags = forms.CharField(
        label=mark_safe("<b>Bold</b> label"),
        widget=forms.TextInput(
            attrs={"on": True, "off": False, "none": None, "zero": 0, "empty": "", "q": '"'}
        ),
    )
    lazy = forms.CharField(label=gettext_lazy("Name"), widget=forms.EmailInput)
    number = forms.IntegerField(label="  spaced  ", widget=forms.NumberInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    box = forms.BooleanField(widget=forms.CheckboxInput(attrs={"checked": False}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    site = forms.URLField(widget=forms.URLInput, assume_scheme="https")
    no_id = forms.CharField(widget=forms.HiddenInput)


def _attr_forms(renderer: Any) -> list[forms.Form]:
    data = {"flags": "<a>", "number": "7", "secret": "s&", "box": "1", "notes": "", "site": "x"}
    return [
        _Attrs(renderer=renderer),
        _Attrs(data, renderer=renderer),
        _Attrs(data, renderer=renderer, auto_id=False),
        _Attrs(initial={"notes": "<p>kept</p>", "no_id": 0}, renderer=renderer),
    ]


def test_every_written_widget_matches_its_template_whatever_its_attributes():
    written, templated = _both(_attr_forms)
    for ours, theirs in zip(written, templated, strict=True):
        assert ours == theirs
    covered = {type(f.widget).template_name for f in _Attrs.base_fields.values()}
    assert {name for name in _WRITERS if name != "django/forms/label.html"} >= covered


class _Overriding(WrittenWidgets):
    """The renderer with a folder of templates before Django's, as an app's would be."""

    folder: Path

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {"APP_DIRS": False, "DIRS": [self.folder, _DJANGO_FORMS], "NAME": "t", "OPTIONS": {}}
        )


@pytest.mark.parametrize(
    "overridden", ["widgets/text.html", "widgets/input.html", "widgets/attrs.html", "label.html"]
)
def test_a_template_an_app_overrides_is_rendered(tmp_path: Path, overridden: str) -> None:
    target = tmp_path / "django" / "forms" / overridden
    target.parent.mkdir(parents=True)
    target.write_text("<i>overridden</i>")
    renderer = _Overriding()
    renderer.folder = tmp_path
    field = CommentForm(renderer=renderer)["name"]
    shown = field.label_tag() if overridden == "label.html" else str(field)
    assert "<i>overridden</i>" in shown
    # The others are still Django's, written here.
    assert str(CommentForm(renderer=renderer)["text"]).startswith('<textarea name="text"')
