"""A rich-text model field that is sanitized whenever it is saved, from any door.

The desk edits it with django-prose-editor; imports, the API and the shell write it
directly. Sanitizing in `pre_save` means no path can store unsanitized HTML.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django_prose_editor.fields import ProseEditorField

from broadsheet.news.sanitize import sanitize_article_html

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


class SanitizedHTMLField(ProseEditorField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_article_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = sanitize_article_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
