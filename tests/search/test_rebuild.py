"""`broadsheet search_rebuild`: batched, idempotent, resumable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from broadsheet.news.models import Article
from broadsheet.search.models import SearchDocument
from broadsheet.search.selectors import search_request_build, search_results_page
from broadsheet.search.services import search_rebuild
from tests.support import factories

pytestmark = pytest.mark.django_db


def count(text: str) -> int:
    outcome = search_results_page(
        request=search_request_build(text=text), page_number=1, per_page=100
    )
    return outcome.page.paginator.count if outcome.page else 0


def make_unindexed(n: int, **kwargs: object) -> list[Article]:
    """Articles written without commit callbacks, so the index has not seen them."""
    return [
        factories.article(headline=f"Irrigation item {i}", **kwargs)  # type: ignore[arg-type]
        for i in range(n)
    ]


def test_rebuild_indexes_missing_and_removes_unwanted_documents():
    make_unindexed(7)
    draft = factories.article(headline="Irrigation draft", status=Article.Status.DRAFT)
    SearchDocument.objects.create(  # a stale document left over for a draft
        article=draft,
        language="en",
        section=draft.section,
        published_at=draft.created_at,
        headline=draft.headline,
        source_updated_at=draft.updated_at,
    )
    assert count("irrigation") == 0
    out, err = StringIO(), StringIO()
    call_command("search_rebuild", "--batch-size=3", stdout=out, stderr=err)
    assert "7 articles to index" in out.getvalue()
    assert "Indexed 7 articles, removed 1 documents" in out.getvalue()
    assert "7/7" in err.getvalue()  # the progress bar
    assert count("irrigation") == 7


def test_rebuild_twice_does_nothing_the_second_time():
    make_unindexed(4)
    search_rebuild(batch_size=2)
    report = search_rebuild(batch_size=2)
    assert (report.indexed, report.removed) == (0, 0)
    assert count("irrigation") == 4


def test_interrupted_rebuild_goes_on_where_it_stopped():
    make_unindexed(6)
    calls = []

    def stop_after_two_batches(size: int, last_id: int) -> None:
        calls.append(last_id)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search_rebuild(batch_size=2, progress=stop_after_two_batches)
    assert SearchDocument.objects.count() == 4
    report = search_rebuild(batch_size=2)
    assert report.indexed == 2
    assert count("irrigation") == 6


def test_full_rebuild_refreshes_documents_and_can_start_after_an_id():
    articles = make_unindexed(4)
    search_rebuild()
    Article.objects.filter(pk=articles[-1].pk).update(headline="Drainage item")  # no signal
    report = search_rebuild(full=True, start_after=articles[-2].pk)
    assert report.indexed == 1
    assert count("drainage") == 1
    assert count("irrigation") == 3
