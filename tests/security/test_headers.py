"""Security headers on every response of the desk as on the site, and a deployment that
Django's own `check --deploy` finds nothing to say about."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import django
import django_prose_editor
import pytest

from broadsheet.core import middleware
from tests.support import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"
BROADSHEET = str(Path(sys.executable).with_name("broadsheet"))
# What a production process never has: the test run's database and cache, DEBUG, and the
# browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (which `check --deploy` rightly refuses).
PRODUCTION_UNSET = {
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def directives(policy: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in policy.split(";") if p.strip())
    return {name: values for name, *values in parts}


def assert_hardened(response, *, path: str) -> None:
    policy = directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy.get(name, []), (path, name)
        assert "'unsafe-eval'" not in policy.get(name, []), (path, name)
    assert policy["frame-ancestors"] == ["'none'"], path
    assert policy["object-src"] == ["'none'"], path
    assert policy["base-uri"] == ["'self'"], path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert "camera=()" in response["Permissions-Policy"], path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


@pytest.fixture
def editor_client(client):
    client.force_login(factories.user_with_role("Editor"))
    return client


def test_every_kind_of_desk_response_carries_the_headers(client, editor_client, settings):
    article = factories.article(headline="Headers")
    anonymous = [
        "/desk/",  # a redirect to the login
        "/desk/login/",
        "/uk/desk/login/",
        "/ru/desk/login/",
    ]
    for path in anonymous:
        assert_hardened(client.get(path), path=path)
    signed_in = [
        "/desk/",
        "/desk/news/article/",
        "/desk/news/article/add/",
        f"/desk/news/article/{article.pk}/change/",
        f"/desk/news/article/{article.pk}/history/",
        "/desk/photos/photo/add/",
        "/desk/no-such-page/",
        "/uk/desk/news/article/add/",
        "/desk/jsi18n/",
    ]
    for path in signed_in:
        assert_hardened(editor_client.get(path), path=path)
    # The lockout page (django-axes), a 429.
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        locked = client.post("/desk/login/", {"username": "x", "password": f"g{n}"})
    assert locked.status_code == 429
    assert_hardened(locked, path="lockout")


def test_the_public_site_carries_the_same_headers(client):
    article = factories.article(headline="Public headers")
    for path in ("/", article.get_absolute_url(), "/search/?q=x", "/no-such-page/"):
        assert_hardened(client.get(path), path=path)


def test_the_desk_policy_allows_only_known_inline_pieces():
    html = (
        b'<script type="importmap">{"imports": {}}</script>'
        b"<style>#changelist table thead th:first-child {width: inherit}</style>"
        b"<style>body { background: url(https://evil.example/) }</style>"
        b"<script>alert(1)</script>"
    )
    imports = middleware.import_map_hashes(html)
    styles = middleware.known_style_hashes(html)
    assert imports.count("sha256-") == 1 and styles.count("sha256-") == 1
    evil = middleware.csp_hash(b"body { background: url(https://evil.example/) }")
    assert evil not in styles


def test_the_known_inline_style_is_djangos_own():
    template = Path(django.__file__).parent / "contrib/admin/templates/admin/change_list.html"
    bodies = re.findall(r"<style>(.*?)</style>", template.read_text(), re.DOTALL)
    assert {b.strip().encode() for b in bodies} == set(middleware.DESK_INLINE_STYLES)


def test_the_editor_base_style_hash_matches_the_installed_editor():
    """Tiptap's base CSS is a template literal in editor.js; the policy allows its hash.
    An upgrade of django-prose-editor that changes it fails here (and in the browser)."""
    script = (
        Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    ).read_text(encoding="utf-8")
    start = script.index(".ProseMirror {\n  position: relative;\n}")
    css = script[start : script.index("`", start)]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"sha256-{digest}" == middleware.TIPTAP_BASE_STYLE


def test_hsts_is_sent_behind_tls(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/desk/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/desk/login/")


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    environment.update(
        BROADSHEET_DATA_DIR=str(tmp_path),
        BROADSHEET_HTTPS="1",
        DEBUG="0",
        ALLOWED_HOSTS="news.example",
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [BROADSHEET, "check", "--deploy", "--fail-level", "DEBUG"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
