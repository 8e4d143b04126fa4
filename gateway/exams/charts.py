"""Geometry of a phổ điểm chart, drawn by the template as inline SVG (readable without JS).

The SVG has no viewBox: its user units are CSS pixels, so its labels keep their size (13 px) at
any width — a viewBox scaled to a 375 px phone shrank them to 8.6 px. Horizontal positions are
percentages of the chart's width (ticks, the candidate's mark), vertical ones pixels of a fixed
height. The bars are one path (and one for the candidate's bar) in a nested SVG stretched to the
width (viewBox 0–1000 across, preserveAspectRatio none): a block's 121 bars cost ~3 KB, not 9.

The count axis has round integer ticks (1, 2 or 5 × 10ⁿ apart, at most 4 intervals) whose labels
sit above their grid lines at the left, so no gutter is needed. One bar per histogram bin; the
candidate's own bin, when given, is marked."""

from dataclasses import dataclass

HEIGHT = 210  # px
TOP = 22  # room for the top tick's label above its line
BOTTOM = 48  # the score labels, then "Điểm của bạn"
# The plot spans this share of the width, so the first and last score labels are not cut.
LEFT_PCT, RIGHT_PCT = 2.0, 98.0
BAR_FILL = 0.8  # of a bin's slot
MAX_INTERVALS = 4
# The candidate's label ("Điểm của bạn: 25,75", ~150 px) grows inwards this near an edge; so
# does a score label ("30") whose centre is this near it.
EDGE_PCT = 25.0
TICK_EDGE_PCT = 4.0


@dataclass
class Bar:
    x: float  # % of the width
    y: float
    width: float  # % of the width
    height: float
    score: float
    count: int
    mine: bool = False


@dataclass
class Chart:
    height: int
    bars: list
    bars_path: str  # the bars in the nested SVG's units (x: 0–1000 across the width, y: px)
    mine_path: str
    x_ticks: list  # (x %, score, text-anchor)
    y_ticks: list  # (y px, count), from 0 up
    baseline: float
    top: float
    peak: int = 0  # the axis' top count
    mine: float = None
    mine_x: float = None  # % of the width
    mine_anchor: str = "middle"


def count_ticks(peak, max_intervals=MAX_INTERVALS):
    """The count axis' tick values: 0 up to the first multiple of a round step (1, 2, 5, 10, 20,
    50, …) at or above `peak`, with at most `max_intervals` intervals. Every tick an integer and
    evenly spaced: peak 5 → 0 2 4 6, peak 150 → 0 50 100 150, peak 0 → 0 1."""
    peak = max(int(peak), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            intervals = -(-peak // step)  # ceil
            if intervals <= max_intervals:
                return [step * index for index in range(intervals + 1)]
        magnitude *= 10


def _pct(value):
    return round(value, 3)


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(bars):
    """SVG path data drawing `bars` as rectangles, x in tenths of a percent of the width."""
    return "".join(
        f"M{_number(bar.x * 10)} {_number(bar.y)}h{_number(bar.width * 10)}V{_number(bar.y + bar.height)}"
        f"h-{_number(bar.width * 10)}z"
        for bar in bars
    )


def _anchor(x, edge):
    return "start" if x < edge else ("end" if x > 100 - edge else "middle")


def histogram(summary, maximum, mine=None, label_every=1):
    """A Chart for {"step", "histogram": [{"score", "count"}]} on 0–`maximum`."""
    bins = summary["histogram"]
    step = summary["step"]
    slot = (RIGHT_PCT - LEFT_PCT) / len(bins)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    ticks = count_ticks(max(item["count"] for item in bins))
    top = ticks[-1]

    def y_of(count):
        return round(baseline - plot_height * count / top, 2)

    mine_index = None
    if mine is not None:
        mine_index = min(int(round(mine * 100)) // int(round(step * 100)), len(bins) - 1)
    bars = []
    for index, item in enumerate(bins):
        y = y_of(item["count"])
        bars.append(
            Bar(
                x=_pct(LEFT_PCT + index * slot + slot * (1 - BAR_FILL) / 2),
                y=y,
                width=_pct(slot * BAR_FILL),
                height=round(baseline - y, 2),
                score=item["score"],
                count=item["count"],
                mine=index == mine_index,
            )
        )
    x_ticks = []
    value = 0
    while value <= maximum:
        x = _pct(LEFT_PCT + (value / step) * slot + slot / 2)
        x_ticks.append((x, value, _anchor(x, TICK_EDGE_PCT)))
        value += label_every
    chart = Chart(
        height=HEIGHT,
        bars=bars,
        bars_path=_path(bar for bar in bars if bar.count and not bar.mine),
        mine_path=_path(bar for bar in bars if bar.count and bar.mine),
        x_ticks=x_ticks,
        y_ticks=[(y_of(count), count) for count in ticks],
        baseline=baseline,
        top=TOP,
        peak=top,
    )
    if mine_index is not None:
        chart.mine = mine
        chart.mine_x = _pct(LEFT_PCT + mine_index * slot + slot / 2)
        chart.mine_anchor = _anchor(chart.mine_x, EDGE_PCT)
    return chart
