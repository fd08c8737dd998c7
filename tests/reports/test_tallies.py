"""Packed tallies: rounded to the minute, merged by value."""

from realdesk.reports.tallies import tally_encode, tally_merge


def test_a_tally_rounds_to_the_minute_and_counts():
    assert tally_merge([tally_encode([60.0, 89.0, 91.0, 3600.0])]) == {60.0: 2, 120.0: 1, 3600.0: 1}


def test_tallies_merge_by_value_and_empty_ones_count_for_nothing():
    merged = tally_merge([tally_encode([60.0]), b"", tally_encode([60.0, 120.0]), memoryview(b"")])
    assert merged == {60.0: 2, 120.0: 1}
    assert tally_merge([]) == {}
    assert tally_encode([]) == b""
