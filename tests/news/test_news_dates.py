"""The date a page shows: `newsdate` is Django's date format of the same moment, in
each language and in the site's time zone, whatever it keeps between calls."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from broadsheet.news.templatetags.news import NEWS_DATE_FORMATS, htmldatetime, newsdate


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "UTC", "America/St_Johns"])
def test_newsdate_is_the_date_format_of_the_moment(settings, zone):
    settings.TIME_ZONE = zone
    rng = random.Random(7)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    # Across a year: every month's name, both clock changes, midnights either side.
    moments = [start + dt.timedelta(minutes=rng.randrange(366 * 24 * 60)) for _ in range(400)]
    moments += [dt.datetime(2024, 3, 30, 23, 59, 30, tzinfo=dt.UTC), start]
    for language in ("en", "uk", "ru"):
        with translation.override(language):
            for moment in moments + moments:  # the second time from what was kept
                local = timezone.localtime(moment)
                assert newsdate(moment) == date_format(local, NEWS_DATE_FORMATS[language])
    with translation.override("uk"):
        assert newsdate(dt.datetime(2025, 1, 8, 21, 41, tzinfo=dt.UTC)).startswith("0")
    assert newsdate(None) == "" and htmldatetime(None) == ""


def test_month_names_follow_the_language():
    moment = dt.datetime(2025, 1, 8, 12, 0, tzinfo=dt.UTC)
    with translation.override("en"):
        assert "January" in newsdate(moment)
    with translation.override("uk"):
        assert "січня" in newsdate(moment)
    with translation.override("ru"):
        assert "января" in newsdate(moment)
