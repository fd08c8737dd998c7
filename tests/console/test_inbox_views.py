import pytest

from factories import TeamFactory, open_ticket
from realdesk.tickets.inbox import inbox_views
from realdesk.workspace.models import SavedView

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_hub_lists_every_view_and_loads_live_counts(signed_in, team):
    open_ticket(team=team)
    page = signed_in.get("/agent/").text
    for view in inbox_views():
        assert f'href="/agent/views/{view.slug}/"' in page
    assert 'data-view="unanswered" aria-current="page"' in page
    assert 'hx-get="/agent/counts/?current=unanswered" hx-trigger="load"' in page
    counts = signed_in.get("/agent/counts/", {"current": "unanswered"}).text
    assert 'data-view="unanswered" aria-current="page"' in counts
    assert '<span>Unanswered</span> <span class="count">1</span>' in counts
    assert '<span>Pending customer</span> <span class="count">0</span>' in counts
    assert 'hx-trigger="every 30s"' in counts


@pytest.mark.parametrize("slug", ["unanswered", "mine", "team", "unowned", "pending", "solved"])
def test_each_view_has_a_stable_url(signed_in, slug):
    response = signed_in.get(f"/agent/views/{slug}/")
    assert response.status_code == 200
    assert "data-list" in response.text


def test_unknown_view_is_404(signed_in):
    assert signed_in.get("/agent/views/at-risk-typo/").status_code == 404


def test_filters_search_and_a_bad_filter(signed_in, team):
    wanted = open_ticket(team=team, subject="Printer on fire")
    other = open_ticket(team=team, subject="Password")
    page = signed_in.get("/agent/views/unanswered/", {"q": "printer"}).text
    assert f"#{wanted.number}" in page
    assert f"#{other.number}" not in page
    bad = signed_in.get("/agent/views/unanswered/", {"priority": "panic"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.text


def test_team_filter_offers_only_the_agents_teams(signed_in, team):
    hidden = TeamFactory(name="Secret Ops")
    page = signed_in.get("/agent/views/team/").text
    # The filter offers the agent's teams; the bulk bar's "Move to team" offers every
    # team, like the ticket page, since a ticket may be routed anywhere.
    team_filter = page.split('id="id_team"', 1)[1].split("</select>", 1)[0]
    assert team.name in team_filter
    assert hidden.name not in team_filter
    assert signed_in.get("/agent/views/team/", {"team": hidden.pk}).status_code == 400


def test_next_page_link_and_broken_cursor(signed_in, team, monkeypatch):
    monkeypatch.setattr("realdesk.tickets.inbox.PAGE_SIZE", 2)
    numbers = [open_ticket(team=team).number for _ in range(3)]
    first = signed_in.get("/agent/views/unanswered/").text
    assert f"#{numbers[2]}" not in first
    assert 'rel="next"' in first
    cursor = first.split('href="?after=')[1].split('"')[0].replace("&amp;", "&")
    second = signed_in.get(f"/agent/views/unanswered/?after={cursor}").text
    assert f"#{numbers[2]}" in second
    assert f"#{numbers[0]}" not in second
    broken = signed_in.get("/agent/views/unanswered/", {"after": "nonsense"})
    assert broken.status_code == 400
    assert "page link is not valid" in broken.text


def test_view_query_count_is_flat(signed_in, team, django_assert_max_num_queries):
    for _ in range(15):
        open_ticket(team=team)
    # 7 for the list, 3 for the bulk bar's choices (people, teams, open incidents).
    with django_assert_max_num_queries(10):
        response = signed_in.get("/agent/views/team/", {"status": "new"})
    assert response.text.count('class="num"') == 15


def test_counts_fragment_for_polling(signed_in, team):
    open_ticket(team=team)
    fragment = signed_in.get("/agent/counts/", {"current": "mine"}).text
    assert fragment.strip().startswith('<nav id="view-nav"')
    assert "<html" not in fragment
    assert 'data-view="mine" aria-current="page"' in fragment


def test_saved_views_are_per_agent(signed_in, agent, team):
    response = signed_in.post(
        "/agent/saved-views/", {"name": "Urgent ones", "view": "team", "query": "priority=urgent"}
    )
    assert response["Location"] == "/agent/views/team/?priority=urgent"
    saved = SavedView.objects.get()
    assert (saved.agent, saved.name) == (agent, "Urgent ones")
    assert "Urgent ones" in signed_in.get("/agent/").text

    again = signed_in.post(
        "/agent/saved-views/", {"name": "Urgent ones", "view": "team", "query": ""}, follow=True
    )
    assert "already have a view named" in again.text
    assert SavedView.objects.count() == 1

    signed_in.post(f"/agent/saved-views/{saved.pk}/delete/")
    assert not SavedView.objects.exists()


def test_saved_view_of_someone_else_cannot_be_deleted(client, agent, lead):
    saved = SavedView.objects.create(
        agent=lead, name="Mine", view="mine", query="", created_at="2026-01-01T00:00Z"
    )
    client.force_login(agent)
    response = client.post(f"/agent/saved-views/{saved.pk}/delete/", follow=True)
    assert "does not exist" in response.text
    assert SavedView.objects.filter(pk=saved.pk).exists()


def test_row_labels_in_the_agents_language(signed_in, agent, team):
    """The row's checkbox name and the unowned ticket's title come from filters, not
    blocktranslate; they must still be translated and still say the number and the time."""
    ticket = open_ticket(team=team)
    agent.language = "de"
    agent.save(update_fields=["language"])
    page = signed_in.get("/agent/views/team/").text
    assert f'aria-label="#{ticket.number} auswählen"' in page
    assert 'title="Seit 0\xa0Minuten ohne Bearbeiter">Ohne Bearbeiter</span>' in page
