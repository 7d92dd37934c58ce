"""The reader's forms. They validate input only; the decisions live in `services`."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import Jinja2
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from broadsheet.discussion.captcha import IssuedCaptcha, captcha_question_of
from broadsheet.discussion.models import CommentReport
from broadsheet.discussion.smilies import SMILIES, smiley_path


class DescribedBoundField(BoundField):
    """Ties a field's error message to its input (aria-describedby, aria-invalid), so a
    screen reader reads the message when the field gets focus."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors and not (widget or self.field.widget).is_hidden:
            own = (widget or self.field.widget).attrs.get("aria-describedby", "")
            described = [attrs.get("aria-describedby", own), f"{self.auto_id}_error"]
            attrs["aria-describedby"] = " ".join(d for d in described if d)
            attrs["aria-invalid"] = "true"
        return attrs


# One renderer, so its Jinja2 environment is built once (a class would be made per form).
_WIDGETS_IN_JINJA2 = Jinja2()


class CommentForm(forms.Form):
    bound_field_class = DescribedBoundField
    # Its widgets and labels through Jinja2, as its template (broadsheet/jinja.py says why).
    default_renderer = _WIDGETS_IN_JINJA2

    name = forms.CharField(
        label=_("Name"),
        min_length=2,
        max_length=50,
        error_messages={
            "required": _("Please enter your name."),
            "min_length": _("Your name needs at least %(limit_value)d characters."),
            "max_length": _(
                "Your name can have at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional, never shown)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Please enter a valid e-mail address, or leave it empty.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=_("Comment"),
        min_length=1,
        max_length=5000,
        strip=True,
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "A comment can have at most %(limit_value)d characters (yours has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
    )
    notify = forms.BooleanField(
        label=_("E-mail me when someone replies (we send a confirmation link first)"),
        required=False,
    )
    answer = forms.CharField(
        label=_("Enter the correct answer"),
        max_length=100,
        error_messages={"required": _("Please answer the question.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "aria-describedby": "captcha-question"}
        ),
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    form_token = forms.CharField(max_length=64, widget=forms.HiddenInput)
    captcha = forms.CharField(max_length=2000, widget=forms.HiddenInput)
    altcha = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, captcha: IssuedCaptcha | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength in the page: the browser would cut a long text silently, where
        # the server says what is too long and keeps every character typed.
        for name in ("name", "text"):
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.question = ""
        self.pow_challenge_json = ""
        # True for the form of a page many readers are shown (see `shared`).
        self.is_shared = False
        if captcha is not None:
            self.use_captcha(captcha)
        elif self.is_bound:
            self.question = captcha_question_of(str(self.data.get("captcha", "")))

    @classmethod
    def shared(cls) -> CommentForm:
        """The form for a page read from the page cache, the same bytes for every reader:
        no CSRF token, question or tokens. A script fetches this reader's values
        (`comment_form_values`) when the form comes into view; without one, the form
        goes to `comment_start`, which sends it back with a question to answer."""
        form = cls()
        form.is_shared = True
        # Not required in the page: its field stays hidden until a question is there.
        form.fields["answer"].required = False
        return form

    def use_captcha(self, captcha: IssuedCaptcha) -> None:
        """Show a fresh question (after any try) while keeping the reader's text."""
        self.question = captcha.question
        self.pow_challenge_json = json.dumps(captcha.pow_challenge) if captcha.pow_challenge else ""
        values = {
            "form_token": captcha.form_token,
            "captcha": captcha.token,
            "answer": "",
            "altcha": "",
        }
        if self.is_bound:
            # Plain dict: every field of this form has a single value.
            data: dict[str, Any] = {name: self.data.get(name) for name in self.data}
            data.update(values)
            self.data = data
        else:
            self.initial.update(values)

    @property
    def smiley_palette(self) -> list[tuple[str, str]]:
        """Each smiley's code and picture URL, in palette order."""
        return [(s.code, static(smiley_path(s.slug))) for s in SMILIES]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this comment?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
