"""Bar geometry: scaled to the largest value, centred in equal slots, readable aloud."""

import pytest

from realdesk.reports.charts import LABEL_SPACE, MAX_BAR, VALUE_SPACE, bar_chart, table_chart
from realdesk.reports.tables import Column, Table


def test_bars_scale_to_the_largest_value():
    chart = bar_chart(
        title="Tickets",
        labels=["a", "b", "c"],
        values=[2, 4, None],
        texts=["2", "4", "—"],
        width=300,
        height=200,
    )
    room = 200 - LABEL_SPACE - VALUE_SPACE
    assert [bar.height for bar in chart.bars] == [room / 2, room, 0]
    assert [bar.y + bar.height for bar in chart.bars] == [chart.baseline] * 3  # one baseline
    assert [bar.middle for bar in chart.bars] == [50, 150, 250]  # centred in 100-px slots
    assert chart.description == "a: 2; b: 4; c: —"


def test_few_bars_stay_narrow_and_nothing_at_all_draws_flat():
    chart = bar_chart(title="t", labels=["x"], values=[0], texts=["0"])
    assert chart.bars[0].width == MAX_BAR
    assert chart.bars[0].height == 0


def test_a_table_column_becomes_a_chart_with_its_numbers_formatted():
    table = Table(
        "sla", "SLA by team", (Column("Team"), Column("Rate", "rate")), [("A", 0.5), ("B", None)]
    )
    chart = table_chart(table)
    assert [(bar.label, bar.text) for bar in chart.bars] == [("A", "50 %"), ("B", "—")]
    assert chart.title == "SLA by team"


@pytest.mark.parametrize("count", [1, 7, 30])
def test_bars_never_overflow_the_width(count):
    chart = bar_chart(title="t", labels=["x"] * count, values=[1] * count, texts=["1"] * count)
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.width
