"""The console speaks the agent's language: the one chosen in the profile, else the
browser's, and `<html lang>` says which."""

import pytest

from realdesk.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(client, agent):
    agent.language = "de"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    return client


def test_an_agent_who_chose_german_gets_the_inbox_in_german(german):
    page = german.get("/agent/", HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="de">' in page
    assert ">Ansichten</a>" in page  # the top bar
    assert ">Abmelden</button>" in page
    assert "Betreff" in page
    assert "Bearbeiter" in page


def test_the_ticket_page_and_a_refusal_are_in_german_too(german, ticket):
    page = german.get(f"/agent/tickets/{ticket.number}/").text
    assert "Bearbeiten" in page
    assert "Verlauf" in page
    assert "Interne Notiz" in page

    refused = german.post(
        f"/agent/tickets/{ticket.number}/do/merge/", {"merge-target": ticket.number}
    )
    assert refused.status_code == 400
    assert "Ein Ticket kann nicht mit sich selbst zusammengeführt werden." in refused.text


def test_dates_follow_the_language(german, ticket):
    ticket.messages.update(created_at="2026-12-05T14:30:00Z")
    page = german.get(f"/agent/tickets/{ticket.number}/").text
    assert "5. Dez, 14:30" in page


def test_without_a_choice_the_browser_decides(client, agent):
    client.force_login(agent)
    page = client.get("/agent/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5").text
    assert '<html lang="fr">' in page
    assert ">Vues</a>" in page


def test_the_sign_in_page_follows_the_browser(client):
    page = client.get("/agent/login/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="es">' in page
    assert "Iniciar sesión en RealDesk" in page


def test_the_profile_choice_beats_the_browser_and_can_be_undone(client, agent):
    client.force_login(agent)
    response = client.post(
        "/agent/profile/language/", {"language": "es", "next": "/agent/views/mine/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/agent/views/mine/"
    assert User.objects.get(pk=agent.pk).language == "es"
    page = client.get("/agent/", HTTP_ACCEPT_LANGUAGE="de").text
    assert '<html lang="es">' in page
    assert 'value="es" lang="es" selected' in page

    client.post("/agent/profile/language/", {"language": ""}, HTTP_HX_REQUEST="true")
    assert User.objects.get(pk=agent.pk).language == ""
    assert '<html lang="de">' in client.get("/agent/", HTTP_ACCEPT_LANGUAGE="de").text


def test_a_language_not_offered_is_refused_and_nothing_changes(client, agent):
    client.force_login(agent)
    response = client.post("/agent/profile/language/", {"language": "xx"})
    assert response.status_code == 400
    assert User.objects.get(pk=agent.pk).language == ""


def test_the_htmx_switch_reloads_the_whole_page(client, agent):
    client.force_login(agent)
    response = client.post("/agent/profile/language/", {"language": "fr"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"


def test_the_support_center_keeps_the_customers_language(client, agent):
    """An agent previewing the support center sees it as a customer would."""
    agent.language = "de"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    page = client.get("/support/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert '<html lang="fr">' in page


def test_the_reasons_the_system_wrote_are_in_the_agents_language(german, agent, customer, team):
    """Stored in English (the API's words), said in German in the customer panel; an
    agent's own reason stays as written."""
    from factories import open_ticket
    from realdesk.tickets.actions import ticket_merge
    from realdesk.tickets.actions.customer import ticket_customer_solve

    solved = open_ticket(customer=customer, team=team, subject="Solved by them")
    ticket_customer_solve(ticket=solved, customer=customer)
    merged = open_ticket(customer=customer, team=team, subject="Asked twice")
    current = open_ticket(customer=customer, team=team)
    ticket_merge(source=merged, target=current, actor=agent)
    solved.refresh_from_db()
    merged.refresh_from_db()
    assert (solved.close_reason, merged.close_reason) == (
        "solved by the customer",
        f"Merged into #{current.number}",
    )
    page = german.get(f"/agent/tickets/{current.number}/").text
    assert "(vom Kunden gelöst)" in page
    assert f"(Zusammengeführt mit #{current.number})" in page
    assert "solved by the customer" not in page
