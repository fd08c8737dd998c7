"""GET /reports/summary: the headline figures as JSON, scoped to what the caller may see."""

import pytest

from factories import TeamFactory
from reports.conftest import office, policy, two_weeks  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

WEEK = {"since": "2026-11-23T00:00:00+01:00", "until": "2026-11-30T00:00:00+01:00"}
KEYS = {
    *("first_response", "resolution", "sla_attainment", "eta_met_rate", "promises_kept_rate"),
    *("reopen_rate", "backlog", "csat", "nps", "one_touch_rate", "recontact_rate"),
    *("customer_wait", "arrivals", "no_result_rate", "deflections"),
}


@pytest.mark.usefixtures("two_weeks")
def test_summary_has_every_headline_figure_with_its_comparison(api_as, lead):
    response = api_as(lead, scope="read").get("/reports/summary", **WEEK)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= KEYS
    assert body["since"] == "2026-11-22T23:00:00Z"
    assert body["previous_since"] == "2026-11-15T23:00:00Z"
    first = body["first_response"]
    assert (first["count"], first["value"], first["previous"]) == (2, 8.5 * 3600, 3600)
    assert first["p90_seconds"] == pytest.approx(12.9 * 3600)
    assert first["histogram"][0] == {"from_seconds": 0.0, "to_seconds": 3600.0, "count": 0}
    assert first["histogram"][-1]["to_seconds"] is None
    assert first["by_channel"]["email"]["count"] == 2
    sla = body["sla_attainment"]
    assert (sla["met"], sla["missed"], sla["value"]) == (1, 1, 0.5)
    csat = body["csat"]
    assert (csat["value"], csat["previous"], csat["good"], csat["bad"]) == (None, None, 0, 0)
    # Weeks are local to REALDESK_TIME_ZONE (UTC here): the range starts on Sunday 23:00.
    assert [week["week"] for week in csat["by_week"]] == ["2026-11-16", "2026-11-23"]
    assert csat["by_week"][1] == {"week": "2026-11-23", "good": 0, "bad": 0, "rate": None}
    assert body["nps"]["by_week"][0]["score"] is None
    assert body["backlog"]["value"] == 3
    assert body["one_touch_rate"] == {"value": None, "previous": None, "solved": 0, "part": 0}
    assert body["arrivals"]["value"] == 2  # Support's and Billing's of that week
    assert sum(map(sum, body["arrivals"]["heatmap"])) == 2
    assert body["customer_wait"]["count"] == 3  # Billing waited Monday and Tuesday
    assert body["no_result_rate"]["searches"] == 0


@pytest.mark.usefixtures("two_weeks")
def test_an_agent_gets_their_teams_figures_only(api):
    body = api.get("/reports/summary", **WEEK).json()
    assert body["first_response"]["count"] == 1  # Support's, not Billing's
    assert body["sla_attainment"]["by_team"] == [
        {"team": body["sla_attainment"]["by_team"][0]["team"], "met": 1, "missed": 0, "rate": 1.0}
    ]


@pytest.mark.usefixtures("two_weeks")
def test_team_and_calendar_time_filters(api_as, lead, team):
    body = api_as(lead).get("/reports/summary", team=team.pk, business_hours="false", **WEEK)
    assert body.status_code == 200
    figures = body.json()
    assert (figures["team"], figures["business_hours"]) == (team.pk, False)
    assert figures["first_response"]["value"] == 3 * 3600


def test_a_team_outside_the_agents_is_refused(api):
    billing = TeamFactory(name="Finance")
    response = api.get("/reports/summary", team=billing.pk)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"team": 999999}, "team"),
        ({"since": "2026-11-30T00:00:00Z", "until": "2026-11-23T00:00:00Z"}, None),
        ({"since": "2020-01-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, None),
        ({"since": "yesterday"}, "since"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_queries_are_422_naming_what_is_wrong(api, query, field):
    response = api.get("/reports/summary", **query)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    if field:
        assert field in error["fields"]


def test_the_default_range_is_the_last_28_days(api):
    body = api.get("/reports/summary").json()
    assert body["backlog"]["value"] == 0
    assert (body["first_response"]["count"], body["first_response"]["value"]) == (0, None)


def test_without_a_token_it_is_401(client):
    assert client.get("/api/v1/reports/summary").status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        {"until": "0001-01-01T00:01:00Z"},  # 28 days before it is no date at all
        {"since": "0001-01-01T00:00:00Z", "until": "0001-01-02T00:00:00Z"},
    ],
)
def test_a_range_at_the_beginning_of_time_is_refused_not_a_500(api_as, lead, query):
    response = api_as(lead, scope="read").get("/reports/summary", **query)
    assert response.status_code == 422, response.content
    assert "1971" in response.content.decode()
