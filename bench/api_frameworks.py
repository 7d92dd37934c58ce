"""The API framework, chosen by measure: one endpoint (a page of 20 live articles, the
fields of `ArticleSummary`) answered by django-ninja (the site's own /api/v1/articles/)
and by Django REST framework (the same selector, a ModelSerializer-free Serializer with
the same fields), with Django's own JsonResponse as the floor. In process, through the
whole middleware stack with Django's test client, no page cache in front: what each
framework costs a request that renders.

    .venv/bin/pip install djangorestframework   # for the comparison only
    .venv/bin/python bench/api_frameworks.py --site /tmp/api-bench --fill 200

Rounds alternate the three, so a busy machine slows them alike; the figure is the
median over rounds of each round's mean. Bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _fill(site: Path, articles: int) -> None:
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(site)}
    broadsheet = str(Path(sys.executable).with_name("broadsheet"))
    subprocess.run([broadsheet, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [broadsheet, "bench-data", "--articles", str(articles), "--no-progress"],
        env=env,
        check=True,
    )


def _measure(args: argparse.Namespace) -> dict[str, float]:
    os.environ["BROADSHEET_DATA_DIR"] = str(args.site)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    from django.http import HttpRequest, JsonResponse
    from django.test import Client, override_settings
    from django.urls import path
    from rest_framework import serializers
    from rest_framework.response import Response
    from rest_framework.views import APIView

    from broadsheet.api.selectors import ArticleFilters, article_page_keyset
    from broadsheet.api.views import article_summary
    from broadsheet.urls import urlpatterns as site_urls

    class Ref(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.CharField()
        name = serializers.CharField()
        url = serializers.CharField()

    class Rendition(serializers.Serializer):
        url = serializers.CharField()
        width = serializers.IntegerField()
        height = serializers.IntegerField()
        type = serializers.CharField()

    class Photo(serializers.Serializer):
        url = serializers.CharField()
        width = serializers.IntegerField(allow_null=True)
        height = serializers.IntegerField(allow_null=True)
        alt = serializers.CharField()
        caption = serializers.CharField(allow_blank=True)
        credit = serializers.CharField(allow_blank=True)
        renditions = Rendition(many=True)

    class Summary(serializers.Serializer):
        id = serializers.IntegerField()
        url = serializers.CharField()
        headline = serializers.CharField()
        standfirst = serializers.CharField(allow_blank=True)
        language = serializers.CharField()
        section = Ref()
        bylines = Ref(many=True)
        lead_photo = Photo(allow_null=True)
        published_at = serializers.DateTimeField()
        updated_at = serializers.DateTimeField()

    class DrfList(APIView):
        authentication_classes: list[Any] = []
        permission_classes: list[Any] = []

        def get(self, request: Any) -> Response:
            page = article_page_keyset(filters=ArticleFilters(), cursor=None, limit=20)
            items = Summary([article_summary(a) for a in page.items], many=True).data
            return Response({"items": items, "next_cursor": page.next_cursor})

    def plain(request: HttpRequest) -> JsonResponse:
        page = article_page_keyset(filters=ArticleFilters(), cursor=None, limit=20)
        return JsonResponse(
            {"items": [article_summary(a) for a in page.items], "next_cursor": page.next_cursor}
        )

    class Urls:
        urlpatterns = [
            path("bench/drf/", DrfList.as_view()),
            path("bench/plain/", plain),
            *site_urls,
        ]

    urls = {
        "django-ninja": "/api/v1/articles/?limit=20",
        "DRF": "/bench/drf/",
        "JsonResponse (floor)": "/bench/plain/",
    }
    results: dict[str, list[float]] = {name: [] for name in urls}
    deadline = time.monotonic() + args.max_seconds
    with override_settings(
        ROOT_URLCONF=Urls,
        ALLOWED_HOSTS=["*"],
        BROADSHEET_PAGE_CACHE=False,
        REST_FRAMEWORK={"UNAUTHENTICATED_USER": None},
    ):
        client = Client()
        for url in urls.values():
            for _ in range(args.warmup):
                assert client.get(url).status_code == 200
        for _ in range(args.rounds):
            for name, url in urls.items():
                started = time.perf_counter()
                for _ in range(args.requests):
                    client.get(url)
                results[name].append((time.perf_counter() - started) / args.requests * 1000)
            if time.monotonic() > deadline:
                break
    return {name: statistics.median(times) for name, times in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--fill", type=int, default=0, help="articles to generate first")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=180)
    args = parser.parse_args()
    if args.fill:
        _fill(args.site, args.fill)
    figures = _measure(args)
    floor = figures["JsonResponse (floor)"]
    print("| framework | ms per request (median of rounds) | req/s, one core | over the floor |")
    print("|---|---|---|---|")
    for name, ms in figures.items():
        print(f"| {name} | {ms:.2f} | {1000 / ms:,.0f} | +{ms - floor:.2f} ms |")


if __name__ == "__main__":
    main()
