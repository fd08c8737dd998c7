"""Every figure has a definition on the page and in docs/reports.md under its API key."""

from pathlib import Path

from realdesk.reports.definitions import DEFINITIONS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text()
HEADLINE = {
    *("first_response", "resolution", "sla_attainment", "eta_met_rate", "promises_kept_rate"),
    *("reopen_rate", "csat", "nps", "backlog"),
    *("one_touch_rate", "recontact_rate", "customer_wait", "arrivals", "no_result_rate"),
    *("deflections", "callbacks_kept_rate", "human_wait", "unowned_time"),
}


def test_every_headline_figure_is_defined_in_code_and_in_the_doc():
    assert set(DEFINITIONS) == HEADLINE
    for key, definition in DEFINITIONS.items():
        assert f"(`{key}`)" in DOC, key
        assert definition.unit in {"duration", "rate", "score", "count"}


def test_the_doc_says_why_there_is_no_handle_time_leaderboard():
    assert "## Why there is no handle-time leaderboard" in DOC
