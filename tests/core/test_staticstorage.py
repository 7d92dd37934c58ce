"""Static URLs are worked out once per name, and again when the static settings change."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static


def test_a_static_url_is_kept_and_follows_a_change_of_static_url(settings):
    settings.STATIC_URL = "/first/"
    assert static("discussion/discussion.css") == "/first/discussion/discussion.css"
    assert static("discussion/discussion.css") == "/first/discussion/discussion.css"
    kept = dict(staticfiles_storage._urls)
    assert ("discussion/discussion.css", True) in kept
    settings.STATIC_URL = "/second/"  # Django makes the storage again
    assert static("discussion/discussion.css") == "/second/discussion/discussion.css"


def test_static_urls_kept_stay_bounded(settings):
    settings.STATIC_URL = "/s/"
    for n in range(10_050):
        static(f"nowhere/{n}.css")
    assert len(staticfiles_storage._urls) <= 10_001
    assert static("nowhere/10049.css") == "/s/nowhere/10049.css"
