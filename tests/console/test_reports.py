"""/agent/reports/: the figures with their trend, charts with their numbers, filters and CSV."""

import csv
import io
import re

import openpyxl
import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.tickets.actions import message_send
from reports.conftest import office, policy, two_weeks  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_weeks")]

WEEK = {"range": "custom", "since": "2026-11-23", "until": "2026-11-29"}


def page(client, who, **query):
    client.force_login(who)
    return client.get("/agent/reports/", query)


def test_a_lead_sees_every_headline_figure_with_its_trend(client, lead):
    response = page(client, lead, **WEEK)
    assert response.status_code == 200
    html = response.text
    for title in ("First response", "Resolution", "SLA attainment", "ETA kept", "Backlog"):
        assert title in html
    # Support in 3 open hours and Billing in 14 against 1 hour the week before.
    assert '<p class="big">8.5 h</p>' in html
    assert '<p class="trend worse">+7.5 h vs 1 h before</p>' in html
    assert '<p class="big">50 %</p>' in html  # SLA: Billing missed its 8 hours
    assert "<summary>Definition</summary>" in html
    assert "Durations in business hours" in html


def test_charts_are_accessible_svg_with_their_numbers_in_a_table(client, lead):
    html = page(client, lead, **WEEK).text
    assert '<svg class="chart"' in html
    assert '<title id="first_response-title">First response times</title>' in html
    assert "8 h-24 h: 1" in html  # the description reads the bars out
    assert '<table class="tickets report-table" id="table-first_response">' in html
    assert "<script" not in html.split("<main")[1]  # nothing to run to read a chart


def test_team_and_time_filters(client, lead, team):
    html = page(client, lead, **WEEK, team=team.pk).text
    assert '<p class="big">3 h</p>' in html  # Support only
    calendar = page(client, lead, **WEEK, team=team.pk, hours="calendar").text
    assert "Durations in calendar time" in calendar


def test_an_agent_may_pick_only_their_teams(client, agent, team):
    billing = TeamFactory(name="Finance")
    response = page(client, agent, **WEEK)
    assert response.status_code == 200
    assert "Figures for your teams' tickets." in response.text
    assert f'<option value="{billing.pk}"' not in response.text
    refused = page(client, agent, **WEEK, team=billing.pk)
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.text
    assert '<p class="big">3 h</p>' in response.text  # Support's tickets only


def test_a_bad_range_is_explained(client, lead):
    response = page(client, lead, range="custom", since="2026-11-29", until="2026-11-23")
    assert response.status_code == 400
    assert "The end of the range must be after its start." in response.text


def test_presets_render(client, lead):
    for preset in ("week", "4weeks", "quarter"):
        assert page(client, lead, range=preset).status_code == 200


def test_csv_of_a_table_reads_back(client, lead):
    client.force_login(lead)
    response = client.get("/agent/reports/first_response_by_channel.csv", WEEK)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="first_response_by_channel.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Channel", "Tickets", "Median (hours)", "90th percentile (hours)"],
        ["Email", "2", "8.5", "12.9"],
    ]


def test_csv_of_the_headline_and_of_sla_by_team(client, lead, team):
    client.force_login(lead)
    headline = client.get("/agent/reports/headline.csv", WEEK).content.decode()
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(headline))}
    assert rows["first_response"] == ["30600.0", "3600.0", "duration"]
    assert rows["sla_attainment"] == ["0.5", "1.0", "rate"]
    assert rows["csat"] == ["", "", "rate"]
    by_team = client.get("/agent/reports/sla_by_team.csv", WEEK).content.decode()
    assert "Support,1,0,1.0" in by_team
    assert "Billing,0,1,0.0" in by_team


def test_unknown_tables_and_anonymous_visitors(client, lead):
    assert client.get("/agent/reports/").status_code == 302  # to the sign-in page
    client.force_login(lead)
    assert client.get("/agent/reports/nothing.csv").status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(client, lead, django_assert_max_num_queries):
    client.force_login(lead)
    # fixed: does not grow with tickets or days (callbacks, the wait for a person and unowned
    # time read 16 of them, in both periods; 2 more when there are chats or calls; the
    # customers' waits read the tickets waiting throughout and their other candidates' ids
    # apart, and the candidates' state when the stretch began, 6 more per live stretch; and
    # the reopen rate its rollup rows, 1 more per period)
    with django_assert_max_num_queries(99):
        client.get("/agent/reports/", WEEK)


def test_the_whole_report_as_xlsx_reads_back(client, lead):
    client.force_login(lead)
    response = client.get("/agent/reports/report.xlsx", WEEK)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="realdesk-report-2026-11-23-2026-11-30.xlsx"' in (response["Content-Disposition"])
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["headline", "first_response", "first_response_by_channel"]
    by_channel = [
        list(row) for row in book["first_response_by_channel"].iter_rows(values_only=True)
    ]
    assert by_channel == [
        ["Channel", "Tickets", "Median (hours)", "90th percentile (hours)"],
        ["Email", 2, 8.5, 12.9],
    ]
    by_team = {row[0]: row[1:] for row in book["sla_by_team"].iter_rows(values_only=True)}
    assert by_team["Billing"] == (0, 1, 0)
    assert book["sla_by_team"]["D2"].number_format == "0.0%"


def test_bad_filters_download_nothing(client, lead):
    client.force_login(lead)
    bad = {"range": "custom", "since": "2026-11-29", "until": "2026-11-23"}
    assert client.get("/agent/reports/report.xlsx", bad).status_code == 400
    assert client.get("/agent/reports/headline.csv", bad).status_code == 400


def test_a_drill_down_lists_the_tickets_behind_a_figure(client, lead):
    html = page(client, lead, **WEEK).text
    link = re.search(r'href="(/agent/reports/tickets/first_response/\?[^"]*)"', html).group(1)
    listing = client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert "2 tickets." in listing.text
    assert listing.text.index("14 h") < listing.text.index("3 h")  # longest first
    assert 'href="/agent/tickets/' in listing.text


def test_one_bar_of_a_histogram_and_its_csv(client, lead):
    html = page(client, lead, **WEEK).text
    assert "tickets/first_response/?" in html
    assert "bucket=1" in html
    client.force_login(lead)
    one_bar = client.get("/agent/reports/tickets/first_response/", {**WEEK, "bucket": 1})
    assert "1 ticket." in one_bar.text
    exported = client.get(
        "/agent/reports/tickets/first_response/", {**WEEK, "bucket": 1, "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["Ticket", "Subject", "Team", "Status", "Time (hours)"]
    assert rows[1][2:] == ["Support", "Pending customer", "3.0"]


def test_missed_targets_and_unknown_drill_downs(client, lead):
    client.force_login(lead)
    missed = client.get("/agent/reports/tickets/sla_missed/", WEEK)
    assert "1 ticket." in missed.text
    assert "Billing" in missed.text
    assert client.get("/agent/reports/tickets/handle_time/", WEEK).status_code == 404
    assert client.get("/agent/reports/tickets/backlog/", {"bucket": 9}).status_code == 404


def test_satisfaction_by_week_has_a_row_and_a_bar_per_week(client, lead):
    html = page(client, lead, range="custom", since="2026-11-16", until="2026-11-29").text
    assert '<table class="tickets report-table" id="table-satisfaction_by_week">' in html
    assert "2026-11-16: —; 2026-11-23: —" in html  # the chart's description: no answers yet


def test_the_new_figures_have_their_cards_definitions_and_tickets(client, lead):
    html = page(client, lead, **WEEK).text
    for name in ("callbacks_kept_rate", "human_wait", "unowned_time"):
        assert f'id="figure-{name}"' in html
    assert "/agent/reports/tickets/callbacks_missed/?" in html
    assert "/agent/reports/tickets/human_wait/?" in html
    assert "/agent/reports/tickets/unowned/?" in html
    assert '<table class="tickets report-table" id="table-human_wait_by_channel">' in html
    for figure in ("callbacks_missed", "human_wait", "unowned"):
        client.force_login(lead)
        listed = client.get(f"/agent/reports/tickets/{figure}/", WEEK)
        assert listed.status_code == 200, figure


def test_the_backlog_by_owner_names_only_the_agent_to_an_agent(client, lead, agent, team):
    colleague = AgentFactory(teams=[team], full_name="Cora Colleague")
    for who in (agent, colleague):
        ticket = open_ticket(team=team)
        message_send(ticket=ticket, agent=who, body_text="Mine.")

    def owners(who) -> set[str]:
        client.force_login(who)
        response = client.get("/agent/reports/backlog_by_owner.csv", WEEK)
        return {row[0] for row in list(csv.reader(io.StringIO(response.text)))[1:]}

    assert owners(agent) == {str(agent)}
    assert owners(lead) >= {str(agent), "Cora Colleague"}


def test_a_german_lead_reads_german_titles_and_german_numbers(client, lead):
    lead.language = "de"
    lead.save(update_fields=["language"])
    html = page(client, lead, **WEEK).text
    assert '<p class="big">8,5 h</p>' in html  # a decimal comma, as German writes it
    assert "Zeiten bis zur ersten Antwort" in html  # a chart's title
    assert "90. Perzentil" in html  # a column's title
    assert "First response times" not in html
