"""The worker's tasks (huey). The schedule lives in the database: every minute the
periodic task polls the sources that are due and translates what waits for it; losing
the queue loses nothing but the minute.

The web processes import this module to enqueue ("poll now"), never to run a task: the
pipeline and the translator are imported inside the tasks, so their libraries (numpy,
scipy, trafilatura, lxml, ctranslate2: about 90 MiB a process) load in the worker only.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from broadsheet.wire import selectors
from broadsheet.wire.models import Source

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def wire_round() -> None:
    """Poll every due source, then translate the items waiting for it."""
    from broadsheet.wire import pipeline  # the worker's only (see above)

    for source in pipeline.sources_claim_due():
        wire_poll_source(source.pk)
    for pk in selectors.item_list_translation_pending():
        wire_translate_item(pk)


@db_task()
def wire_poll_source(source_id: int) -> None:
    from broadsheet.wire import pipeline  # the worker's only (see above)

    # One poll of a source at a time, whichever worker holds it.
    with HUEY.lock_task(f"wire-poll-{source_id}"):
        try:
            source = selectors.source_get(pk=source_id)
        except Source.DoesNotExist:
            return
        pipeline.source_poll(source=source)


@db_task()
def wire_translate_item(item_id: int) -> None:
    from broadsheet.wire import translate  # the worker's only (see above)

    with HUEY.lock_task(f"wire-translate-{item_id}"):
        translate.item_translate(item_id=item_id)
