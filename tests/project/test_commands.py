"""The `broadsheet` command's own commands and the error pages."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from broadsheet.core.views import server_error

pytestmark = pytest.mark.django_db


def test_createeditor_generates_a_password_and_grants_the_role():
    out = io.StringIO()
    call_command("createeditor", "chief", stdout=out)
    password = out.getvalue().split("Password:")[1].strip()
    user = User.objects.get(username="chief")
    assert len(password) >= 16 and user.check_password(password)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("news.publish_article")


def test_createeditor_refuses_to_overwrite_unless_asked():
    call_command("createeditor", "chief", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("createeditor", "chief", stdout=io.StringIO())
    out = io.StringIO()
    call_command("createeditor", "chief", "--reset-password", stdout=out)
    password = out.getvalue().split("Password:")[1].strip()
    assert User.objects.get(username="chief").check_password(password)


def test_two_runs_never_give_the_same_password():
    first, second = io.StringIO(), io.StringIO()
    call_command("createeditor", "a1", stdout=first)
    call_command("createeditor", "a2", "--role", "Author", stdout=second)
    assert first.getvalue().split("Password:")[1] != second.getvalue().split("Password:")[1]
    assert not User.objects.get(username="a2").has_perm("news.publish_article")


def test_server_error_page_is_branded_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
