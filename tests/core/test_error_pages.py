"""Error answers: branded, in the reader's language, JSON for a JSON client, and without
the database."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from broadsheet.core import views
from broadsheet.core.errors import ErrorPageMiddleware, error_response
from tests.support.htmlcheck import html_errors

STATUSES = [400, 403, 404, 405, 410, 429, 500, 503]


@pytest.mark.parametrize("status", STATUSES)
def test_every_error_page_is_branded_and_needs_no_database(status):
    """No django_db mark: a query would fail the test."""
    request = RequestFactory().get("/somewhere/")
    response = error_response(request, status=status)
    html = response.content.decode()
    assert response.status_code == status
    assert 'class="site-header"' in html and "/static/core/css/site.css" in html
    assert f"Error {status}" in html and 'href="/"' in html


@pytest.mark.parametrize(
    ("language", "title"), [("uk", "Сторінку не знайдено"), ("ru", "Страница не найдена")]
)
@pytest.mark.django_db
def test_error_page_speaks_the_address_language(client, admin_user, language, title):
    client.force_login(admin_user)
    response = client.get(f"/{language}/desk/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert title in html and f'lang="{language}"' in html
    assert f'href="/{language}/desk/"' in html  # back to the desk, not the front page


@pytest.mark.parametrize("status", STATUSES)
def test_a_json_client_gets_a_json_error(status):
    request = RequestFactory().get("/api/whatever/", headers={"Accept": "application/json"})
    response = error_response(request, status=status)
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    error = body["error"]
    assert error["status"] == status and error["title"] and error["message"]
    assert body["ok"] is False and body["errors"] == {"__all__": [error["message"]]}


def test_a_browser_accepting_anything_gets_html():
    request = RequestFactory().get(
        "/", headers={"Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"}
    )
    assert error_response(request, status=404)["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_unknown_site_page_keeps_the_site_404_in_json_for_json_clients(client):
    assert client.get("/no-such-page/").status_code == 404
    response = client.get("/no-such-page/", headers={"Accept": "application/json"})
    assert json.loads(response.content)["error"]["status"] == 404


def test_handlers_answer_their_status():
    request = RequestFactory().get("/")
    assert views.bad_request(request).status_code == 400
    assert views.permission_denied(request, PermissionDenied()).status_code == 403
    assert views.server_error(request).status_code == 500


def test_middleware_dresses_a_bare_405_and_keeps_its_allow_header():
    def bare(request):
        response = HttpResponse(status=405)
        response["Allow"] = "POST"
        return response

    response = ErrorPageMiddleware(bare)(RequestFactory().get("/comments/post/1/"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Not possible this way" in response.content.decode()


def test_middleware_leaves_a_page_that_has_a_body_alone():
    page = HttpResponse("<p>the view's own 429</p>", status=429)
    response = ErrorPageMiddleware(lambda request: page)(RequestFactory().post("/x/"))
    assert response is page


def test_middleware_answers_503_when_the_database_cannot_be_reached():
    middleware = ErrorPageMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    with translation.override("uk"):
        response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "30"
    assert middleware.process_exception(request, ValueError("a bug")) is None


def test_csrf_failure_explains_and_shows_back_what_was_typed():
    request = RequestFactory().post(
        "/comments/post/1/",
        {
            "text": "My long comment about the article.",
            "name": "Olena",
            "password": "secret-value-1",
            "form_token": "a" * 64,
            "csrfmiddlewaretoken": "b" * 64,
        },
    )
    response = views.csrf_failure(request, reason="CSRF cookie not set.")
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form has expired" in html and "reload the page" in html
    assert "My long comment about the article." in html and "Olena" in html
    assert "secret-value-1" not in html and "a" * 64 not in html and "b" * 64 not in html


@pytest.mark.django_db
def test_a_bare_405_from_a_view_is_branded_in_the_real_stack(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/uk/desk/language/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Так не можна" in response.content.decode()


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_gets_the_explaining_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/ru/desk/login/", {"username": "someone", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Срок действия формы истёк" in html and "someone" in html and ">x<" not in html


def test_error_pages_are_valid_html(tmp_path):
    request = RequestFactory().post("/desk/login/", {"text": "A few words typed."})
    pages = {
        str(status): error_response(RequestFactory().get("/x/"), status=status).content
        for status in STATUSES
    }
    pages["csrf"] = views.csrf_failure(request).content
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
