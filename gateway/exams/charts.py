"""Geometry of a phổ điểm chart, drawn by the template as inline SVG (readable without JS,
scales to the phone's width through its viewBox). One bar per histogram bin; the candidate's own
bin, when given, is marked."""

from dataclasses import dataclass

WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 16, 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    score: float
    count: int
    mine: bool = False


@dataclass
class Chart:
    width: int
    height: int
    bars: list
    x_ticks: list  # (x, label value)
    y_ticks: list  # (y, count)
    baseline: float
    left: float
    right: float
    mine: float = None
    mine_x: float = None
    peak: int = 0


def _nice_peak(peak):
    """A round top for the count axis: 1, 2, 5 × 10^n at or above the peak."""
    if peak <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= peak:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= peak:
            return factor * magnitude
    return 10 * magnitude


def histogram(summary, maximum, mine=None, label_every=1):
    """A Chart for {"step", "histogram": [{"score", "count"}]} on 0–`maximum`."""
    bins = summary["histogram"]
    step = summary["step"]
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / len(bins)
    top = _nice_peak(max(item["count"] for item in bins))
    mine_index = None
    if mine is not None:
        mine_index = min(int(round(mine * 100)) // int(round(step * 100)), len(bins) - 1)
    bars = []
    for index, item in enumerate(bins):
        height = plot_height * item["count"] / top
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.1, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(max(slot * 0.8, 0.5), 2),
                height=round(height, 2),
                score=item["score"],
                count=item["count"],
                mine=index == mine_index,
            )
        )
    x_ticks = []
    value = 0
    while value <= maximum:
        x_ticks.append((round(LEFT + (value / step) * slot + slot / 2, 2), value))
        value += label_every
    y_ticks = [
        (round(TOP + plot_height - plot_height * fraction, 2), round(top * fraction)) for fraction in (0, 0.5, 1)
    ]
    chart = Chart(
        WIDTH, HEIGHT, bars, x_ticks, y_ticks, baseline=TOP + plot_height, left=LEFT, right=WIDTH - RIGHT, peak=top
    )
    if mine_index is not None:
        chart.mine = mine
        chart.mine_x = round(bars[mine_index].x + bars[mine_index].width / 2, 2)
    return chart
