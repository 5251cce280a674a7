"""Geometry for the server-rendered SVG charts (no inline styles: the CSP forbids them)."""

from dataclasses import dataclass
from datetime import date

WIDTH = 560
HEIGHT = 120
GAP = 2


@dataclass(frozen=True)
class Bar:
    day: date
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    peak: int


def review_chart(*, days: list[tuple[date, int]]) -> Chart:
    peak = max((count for _, count in days), default=0) or 1
    slot = WIDTH / max(len(days), 1)
    bars = []
    for index, (day, count) in enumerate(days):
        height = round(HEIGHT * count / peak, 1)
        bars.append(
            Bar(
                day=day,
                count=count,
                x=round(index * slot, 1),
                y=round(HEIGHT - height, 1),
                width=round(slot - GAP, 1),
                height=height,
            )
        )
    return Chart(bars=bars, width=WIDTH, height=HEIGHT, peak=peak)
