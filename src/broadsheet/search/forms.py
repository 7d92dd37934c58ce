from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
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
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data
