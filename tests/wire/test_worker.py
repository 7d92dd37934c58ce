"""Background work: huey's real consumer polls a due source; immediate mode runs the
same tasks inline. The schedule is the sources' next poll time in the database."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator

import pytest
from huey.contrib.djhuey import HUEY

from broadsheet.wire import tasks
from broadsheet.wire.models import Item, Poll, Source
from tests.wire.helpers import add_source, serve_outlet
from tests.wire.stories import HARVEST_RU, LIBRARY_EN


@pytest.fixture
def consumer() -> Iterator[object]:
    """huey's own consumer with one worker thread, in this process (so it reads the test
    database); the signal handlers it installs are put back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False
    HUEY.flush()
    running = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False)
    running.start()
    try:
        yield running
    finally:
        running.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        HUEY.flush()


def wait_for(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_real_consumer_polls_due_sources(web, consumer):
    due = add_source(serve_outlet(web, "a", [LIBRARY_EN]), name="Due")
    later = add_source(serve_outlet(web, "b", [HARVEST_RU]), name="Later")
    Source.objects.filter(pk=later.pk).update(next_poll_at=later.next_poll_at.replace(year=2100))
    tasks.wire_round()  # the periodic task, enqueued as the scheduler would
    assert wait_for(lambda: Poll.objects.filter(source=due).exists())
    assert wait_for(lambda: Item.objects.filter(source=due).exists())
    assert not Poll.objects.filter(source=later).exists()
    due.refresh_from_db()
    assert due.next_poll_at > due.last_polled_at  # the next time is in the database


@pytest.mark.django_db
def test_immediate_mode_runs_the_round_inline(web):
    HUEY.immediate = True
    try:
        source = add_source(serve_outlet(web, "a", [LIBRARY_EN]))
        tasks.wire_round()
        assert Item.objects.filter(source=source).count() == 1
        tasks.wire_round()  # not due again: no second poll
        assert Poll.objects.filter(source=source).count() == 1
    finally:
        HUEY.immediate = False
