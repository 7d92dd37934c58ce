from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from broadsheet.news.models import Section
from broadsheet.search.query import MAX_QUERY_LENGTH


def _languages() -> list[tuple[str, Any]]:
    return [("", _("All languages")), *settings.LANGUAGES]


class DateInput(forms.DateInput):
    input_type = "date"


class SearchForm(forms.Form):
    """The reader's query and filters, from the query string (`q`, `section`,
    `language`, `from`, `to`, `page`). Every field may be left empty."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(),
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_languages)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `from` and `to` are Python keywords, so these two are added by name here.
        # Bounded a day inside the calendar: a day's start in any time zone, and the day
        # after `to`, must still be a date (`/search/?to=9999-12-31` answered 500).
        bounds = [MinValueValidator(dt.date(1, 1, 2)), MaxValueValidator(dt.date(9999, 12, 30))]
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=DateInput(), validators=bounds
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data
