"""Bar charts drawn on the server as SVG: the geometry is worked out here, the template
(`desk/_bar_chart.html`) only writes it out. No script, no third-party host; each chart
carries its figures as a table too, for screen readers and for copying."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 160
# Room under the bars for the first and last day, above them for the scale.
BOTTOM = 20
TOP = 14
GAP = 2


@dataclass(frozen=True)
class Bar:
    day: dt.date
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    bars: list[Bar]
    total: int
    peak: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> int:
        return self.height - BOTTOM

    @property
    def label_y(self) -> int:
        """Where the first and last day are written: under the bars, clear of the edge."""
        return self.height - 5

    @property
    def first(self) -> Bar | None:
        return self.bars[0] if self.bars else None

    @property
    def last(self) -> Bar | None:
        return self.bars[-1] if self.bars else None


def bar_chart(*, slug: str, title: str, series: list[tuple[dt.date, int]]) -> BarChart:
    """A chart of one bar per day of `series` (oldest first), scaled to its peak; `slug`
    makes the chart's element ids unique in its page."""
    peak = max((value for _, value in series), default=0)
    room = HEIGHT - BOTTOM - TOP
    step = WIDTH / max(1, len(series))
    bars = []
    for n, (day, value) in enumerate(series):
        height = round(room * value / peak, 1) if peak else 0.0
        bars.append(
            Bar(
                day=day,
                value=value,
                x=round(n * step + GAP / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(max(1.0, step - GAP), 1),
                height=height,
            )
        )
    return BarChart(slug=slug, title=title, bars=bars, total=sum(v for _, v in series), peak=peak)
