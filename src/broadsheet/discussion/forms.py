"""The reader's forms. They validate input only; the decisions live in `services`."""

from __future__ import annotations

import copy
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
        # A posted form's question, read from its token when the form is shown again
        # (`question`): an accepted post never shows it.
        self._question: str | None = None if self.is_bound else ""
        self.pow_challenge_json = ""
        # True for the form of a page many readers are shown (see `shared`).
        self.is_shared = False
        if captcha is not None:
            self.use_captcha(captcha)

    @property
    def question(self) -> str:
        if self._question is None:
            self._question = captcha_question_of(str(self.data.get("captcha", "")))
        return self._question

    @question.setter
    def question(self, value: str) -> None:
        self._question = value

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


def _field_copied(field: forms.Field) -> forms.Field:
    """`copy.deepcopy(field)` as Django's `Field` and `Widget` define it (the field and
    its widget copied; their attrs, error messages and validators their own), without
    the generic copy machinery, which was most of a post's form (bench/comment_post.py,
    in-process profile). A field or widget with a deep copy of its own (choices) goes
    through it."""
    widget = field.widget
    if (
        type(field).__deepcopy__ is not forms.Field.__deepcopy__
        or type(widget).__deepcopy__ is not forms.Widget.__deepcopy__
    ):
        return copy.deepcopy(field)
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    copied.widget = object.__new__(type(widget))
    copied.widget.__dict__.update(widget.__dict__)
    copied.widget.attrs = widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


class _LightlyCopiedFields(dict[str, forms.Field]):
    """A form's declared fields, which Django deep-copies for each form made."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return {name: _field_copied(field) for name, field in self.items()}


CommentForm.base_fields = _LightlyCopiedFields(CommentForm.base_fields)


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


class MyDataForm(forms.Form):
    """The address a reader's comments were posted with."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address you gave with your comments. We send a link to it."),
    )
