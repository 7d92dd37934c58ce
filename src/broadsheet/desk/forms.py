from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Desk language"),
        widget=forms.RadioSelect,
        help_text=_("The desk's menus, labels and messages appear in this language."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Read when the form is made, never at import (settings may change in tests).
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = settings.LANGUAGES
