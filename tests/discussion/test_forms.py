"""The comment form's own copy of its fields (`forms._field_copied`): what Django's deep
copy gives, each form's fields its own, choices still deep-copied."""

from __future__ import annotations

import copy

import pytest
from django import forms

from broadsheet.discussion.forms import CommentForm, _field_copied


def test_each_field_is_copied_as_django_copies_it():
    for name, field in CommentForm.base_fields.items():
        ours, django = _field_copied(field), copy.deepcopy(field)
        assert type(ours) is type(django) and ours is not field, name
        assert set(vars(ours)) == set(vars(django)), name
        for attr in ("widget", "error_messages", "validators"):
            assert getattr(ours, attr) is not getattr(field, attr), (name, attr)
        assert ours.widget.attrs == django.widget.attrs and ours.widget.attrs is not (
            field.widget.attrs
        )
        assert ours.error_messages == django.error_messages
        assert ours.validators == django.validators
        assert ours.required == field.required and ours.label == field.label


def test_a_forms_fields_are_its_own():
    one, other = CommentForm(), CommentForm()
    one.fields["answer"].required = False
    one.fields["name"].widget.attrs["data-x"] = "1"
    one.fields["name"].error_messages["required"] = "changed"
    one.fields["name"].validators.append(lambda value: None)
    assert other.fields["answer"].required is True
    assert "data-x" not in other.fields["name"].widget.attrs
    assert other.fields["name"].error_messages["required"] != "changed"
    assert len(other.fields["name"].validators) == len(CommentForm.base_fields["name"].validators)
    assert "data-x" not in CommentForm.base_fields["name"].widget.attrs
    assert CommentForm.shared().fields["answer"].required is False
    assert CommentForm().fields["answer"].required is True


def test_a_field_with_choices_is_deep_copied_as_before():
    field = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select)
    copied = _field_copied(field)
    copied.choices = [("b", "B")]
    assert list(field.choices) == [("a", "A")]
    assert copied.widget.choices is not field.widget.choices


@pytest.mark.django_db
def test_a_posted_forms_question_is_read_from_its_token_when_asked():
    from broadsheet.discussion.captcha import captcha_issue

    issued = captcha_issue(language="en")
    form = CommentForm({"captcha": issued.token, "text": "x"})
    assert form._question is None  # not read for a post that is accepted
    assert form.question == issued.question
    assert CommentForm().question == ""
