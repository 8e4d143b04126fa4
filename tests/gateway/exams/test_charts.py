"""The phổ điểm chart's geometry (gateway/exams/charts.py): round integer ticks on the count axis,
bars across the width in percent, the candidate's bin marked, labels that grow inwards at the
edges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.exams import charts


def summary(counts, step=0.25):
    return {"step": step, "histogram": [{"score": index * step, "count": count} for index, count in enumerate(counts)]}


@pytest.mark.parametrize(
    "peak, ticks",
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (2, [0, 1, 2]),
        (4, [0, 1, 2, 3, 4]),
        (5, [0, 2, 4, 6]),  # never "0 / 2 / 5" with the middle line at 2.5
        (9, [0, 5, 10]),
        (11, [0, 5, 10, 15]),
        (150, [0, 50, 100, 150]),
        (151, [0, 50, 100, 150, 200]),
        (1830, [0, 500, 1000, 1500, 2000]),
        (48_211, [0, 20_000, 40_000, 60_000]),
    ],
)
def test_count_ticks(peak, ticks):
    assert charts.count_ticks(peak) == ticks


@given(st.integers(min_value=0, max_value=10**7))
def test_count_ticks_are_round_integers_evenly_spaced_just_above_the_peak(peak):
    ticks = charts.count_ticks(peak)
    assert ticks[0] == 0 and all(isinstance(tick, int) for tick in ticks)
    step = ticks[1]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step
    while mantissa % 10 == 0:
        mantissa //= 10
    assert mantissa in (1, 2, 5), step
    assert 2 <= len(ticks) <= charts.MAX_INTERVALS + 1
    assert ticks[-1] >= peak and ticks[-1] - step < max(peak, 1)


def test_y_ticks_are_placed_linearly_from_the_baseline():
    chart = charts.histogram(summary([0, 1, 5, 3, 0]), 1)
    assert [count for _, count in chart.y_ticks] == [0, 2, 4, 6]
    ys = [y for y, _ in chart.y_ticks]
    assert ys[0] == chart.baseline and ys[-1] == chart.top
    gaps = {round(b - a, 1) for a, b in zip(ys, ys[1:], strict=False)}
    assert len(gaps) == 1


def test_bars_span_the_width_in_percent_and_reach_their_count():
    chart = charts.histogram(summary([0, 1, 5, 3, 0, 0, 0, 0, 0, 0, 1], step=1), 10)
    assert len(chart.bars) == 11
    assert charts.LEFT_PCT <= chart.bars[0].x and chart.bars[-1].x + chart.bars[-1].width <= charts.RIGHT_PCT
    tallest = max(chart.bars, key=lambda bar: bar.count)
    assert tallest.y + tallest.height == chart.baseline
    assert tallest.height == pytest.approx((chart.baseline - chart.top) * 5 / 6, abs=0.01)
    # One path for the bars, no bar drawn for an empty bin.
    assert chart.bars_path.count("M") == 4 and chart.mine_path == ""
    # Score labels under their bins' middles.
    assert [value for _, value, _ in chart.x_ticks] == list(range(11))
    assert all(
        x == pytest.approx(bar.x + bar.width / 2, abs=0.01)
        for (x, _, _), bar in zip(chart.x_ticks, chart.bars, strict=True)
    )


def test_score_labels_at_the_edges_grow_inwards():
    chart = charts.histogram(summary([1] * 41), 10)
    anchors = [anchor for _, _, anchor in chart.x_ticks]
    assert anchors[0] == "start" and anchors[-1] == "end" and set(anchors[1:-1]) == {"middle"}


@pytest.mark.parametrize(
    "mine, index, anchor", [(0.25, 1, "start"), (5.5, 22, "middle"), (9.75, 39, "end"), (10, 40, "end")]
)
def test_the_candidates_bin_is_marked(mine, index, anchor):
    chart = charts.histogram(summary([1] * 41), 10, mine)
    assert [i for i, bar in enumerate(chart.bars) if bar.mine] == [index]
    assert chart.mine == mine and chart.mine_anchor == anchor
    assert chart.mine_path.count("M") == 1 and chart.bars_path.count("M") == 40
    assert chart.mine_x == pytest.approx(chart.bars[index].x + chart.bars[index].width / 2, abs=0.01)


def test_a_block_chart_labels_every_fifth_point():
    chart = charts.histogram(summary([1] * 121), 30, 24.5, label_every=5)
    assert [value for _, value, _ in chart.x_ticks] == [0, 5, 10, 15, 20, 25, 30]
    assert [i for i, bar in enumerate(chart.bars) if bar.mine] == [98]


def test_every_block_of_the_candidate_with_statistics_is_drawn_theirs_first():
    from gateway.exams.views import chart_groups

    one = summary([1] * 41)
    block = {**summary([1] * 121), "count": 121, "mean": 15.0, "median": 15.0}
    stats = {
        "subjects": {key: {**one, "count": 41, "mean": 5.0, "median": 5.0} for key in ("toan", "ngu_van", "hoa_hoc")},
        "blocks": {code: block for code in ("A00", "C00", "D01", "D07", "X06")},
    }
    scores = {"toan": 8.0, "hoa_hoc": 7.0}
    blocks = {"D07": 19.5, "A07": 16.0, "A00": 21.0}
    groups, without_chart = chart_groups(stats, scores, blocks)
    ids = {group.id: [entry.id for entry in group.charts] for group in groups}
    assert list(ids) == ["mon-cua-ban", "to-hop-cua-ban", "mon-khac", "to-hop-khac"]
    assert ids["mon-cua-ban"] == ["mon-toan", "mon-hoa_hoc"]
    assert ids["to-hop-cua-ban"] == ["khoi-D07", "khoi-A00"]  # in the result's order, beyond the main five
    assert without_chart == [("A07", 16.0)]
    assert ids["mon-khac"] == ["mon-ngu_van"]
    assert ids["to-hop-khac"] == ["khoi-C00", "khoi-D01"]  # the main ones only, not X06
    assert [entry.mine for entry in groups[1].charts] == [19.5, 21.0]
    # Without a number: every subject, then the main blocks (the page's weight stays in budget).
    groups, without_chart = chart_groups(stats, {}, {})
    assert [[entry.id for entry in group.charts] for group in groups] == [
        ["mon-toan", "mon-ngu_van", "mon-hoa_hoc"],
        ["khoi-A00", "khoi-C00", "khoi-D01"],
    ]
    assert without_chart == []


def test_the_language_taken_names_the_candidates_foreign_language_chart_and_blocks():
    from gateway.exams.views import chart_groups

    one = {**summary([1] * 41), "count": 41, "mean": 5.0, "median": 5.0}
    block = {**summary([1] * 121), "count": 121, "mean": 15.0, "median": 15.0}
    stats = {"subjects": {"toan": one, "ngu_van": one, "ngoai_ngu": one}, "blocks": {"D01": block, "D03": block}}
    scores = {"toan": 8.0, "ngu_van": 7.0, "ngoai_ngu": 6.0}
    groups, _ = chart_groups(stats, scores, {"D03": 21.0}, "N3")
    assert [entry.heading for entry in groups[0].charts] == ["Toán", "Ngữ văn", "Tiếng Pháp"]
    assert groups[1].charts[0].heading == "Tổ hợp D03 (Toán, Ngữ văn, Tiếng Pháp)"
    # No language in the file: "Ngoại ngữ" in both.
    groups, _ = chart_groups(stats, scores, {"D01": 21.0}, None)
    assert groups[0].charts[2].heading == "Ngoại ngữ"
    assert groups[1].charts[0].heading == "Tổ hợp D01 (Toán, Ngữ văn, Ngoại ngữ)"


def test_place_texts():
    from gateway.exams.labels import against_mean, percentile_text

    assert percentile_text(87.3) == "cao hơn 87,3% thí sinh" and percentile_text(40.0) == "cao hơn 40% thí sinh"
    assert percentile_text(None) == ""
    assert against_mean(8.0, 6.45) == "trên điểm trung bình (6,45)"
    assert against_mean(5.0, 6.45) == "dưới điểm trung bình (6,45)"
    assert against_mean(6.5, 6.5) == "bằng điểm trung bình (6,5)"
    assert against_mean(6.5, None) == ""
