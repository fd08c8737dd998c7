"""Frustration signals and same-issue subjects, table-driven."""

import pytest

from realdesk.sla.frustration import frustration_signals, same_issue


@pytest.mark.parametrize(
    ("text", "signals", "frustrated"),
    [
        ("Hi, my invoice shows the wrong address. Thanks!", (), False),
        ("This is unacceptable.", ("negative",), False),
        ("This is unacceptable!!", ("negative", "exclamations"), True),
        ("WHY IS THIS STILL BROKEN", ("shouting",), False),
        ("WHY IS THIS STILL BROKEN? Terrible.", ("negative", "shouting"), True),
        ("I will cancel my subscription.", ("leaving",), True),
        ("Expect a bad review on Trustpilot.", ("going_public",), True),
        ("Urgent: please help, this is urgent", ("urgent_repeated",), False),
        ("URGENT URGENT URGENT!!!", ("shouting", "exclamations", "urgent_repeated"), True),
        ("Our team uses the API", (), False),  # two capitals are not shouting
        ("I'm switching to your competitor", ("leaving",), True),
        ("", (), False),
    ],
)
def test_frustration_signals(text, signals, frustrated):
    found = frustration_signals(text)
    assert found.signals == signals
    assert found.frustrated is frustrated


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Invoice shows wrong address", "Re: Wrong address on invoice", True),
        ("Invoice shows wrong address", "Password reset link expired", False),
        ("Help", "Help!", False),  # no meaningful words
        ("Parcel never arrived", "FWD: parcel never arrived", True),
    ],
)
def test_same_issue(a, b, same):
    assert same_issue(a, b) is same
