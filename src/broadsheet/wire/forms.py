from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from broadsheet.wire.models import Item, Source
from broadsheet.wire.selectors import QueueFilters


class QueueFilterForm(forms.Form):
    source = forms.ModelChoiceField(
        Source.objects.order_by("name"), required=False, label=_("Source"), empty_label=_("All")
    )
    language = forms.ChoiceField(required=False, label=_("Language"))
    status = forms.ChoiceField(
        choices=[("", _("All")), *Item.Status.choices], required=False, label=_("Status")
    )
    cluster = forms.IntegerField(required=False, min_value=1, label=_("Cluster"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].choices = [("", _("All")), *settings.LANGUAGES]  # type: ignore[attr-defined]

    def filters(self) -> QueueFilters:
        """The filters asked for; the queue's default (new items) when the form is invalid."""
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            source=data["source"].pk if data["source"] else None,
            language=data["language"],
            status=data["status"] if "status" in self.data else Item.Status.NEW,
            cluster=data["cluster"],
            page=data["page"] or 1,
        )
