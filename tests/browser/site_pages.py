"""Every page of the support center and the console's main pages, with the data they
need: shared by the small-screen and the accessibility tests."""

from dataclasses import dataclass

from django.core import signing
from playwright.sync_api import Page

from factories import AgentFactory, open_ticket
from realdesk.incidents.actions import incident_open
from realdesk.knowledge.demo import support_center_demo
from realdesk.knowledge.models import Article
from realdesk.portal.views.requests import DONE_SALT
from realdesk.portal_access.actions import signin_token_issue, signin_token_value
from realdesk.surveys.actions import rating_ask, rating_value
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status

PASSWORD = "correct horse battery"  # the factories' agents' password
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@dataclass
class Site:
    support_public: list[str]  # pages anyone may open
    support_signed_in: list[str]  # pages of a signed-in customer
    console_main: list[str]  # the pages an agent also works from a phone
    console: list[str]  # every console page
    sign_in_path: str  # the customer's sign-in link


def site(agent) -> Site:
    support_center_demo()
    ticket = open_ticket(team=agent.teams.first(), subject="The export keeps failing")
    solved = open_ticket(customer=ticket.customer, team=agent.teams.first(), subject="Refund")
    message_send(ticket=solved, agent=agent, body_text="Refunded.", status_after=Status.OPEN)
    ticket_set_status(ticket=solved, status=Status.SOLVED, actor=agent)
    rating = rating_ask(solve_event=solved.events.filter(kind=EventKind.STATUS_CHANGED).last())
    incident = incident_open(
        actor=AgentFactory(role="lead"), title="Sign-in fails", body="Looking into it."
    )
    article = Article.objects.order_by("pk").first()
    done = signing.dumps({"t": ticket.pk, "h": "Support", "w": "tomorrow"}, salt=DONE_SALT)
    address = ticket.customer.identities.first().value
    token = signin_token_issue(address=address, next_path="/support/requests/")
    return Site(
        support_public=[
            "/support/",
            "/support/search/?q=password",
            f"/support/articles/{article.slug}/",
            "/support/requests/new/",
            f"/support/requests/sent/{done}/",
            "/support/callback/",
            "/support/sign-in/",
            f"/support/rate/{rating_value(rating)}/?score=good",
            "/status/",
            f"/status/incidents/{incident.pk}/",
            "/support/no-such-page/",
        ],
        support_signed_in=["/support/requests/", f"/support/requests/{ticket.number}/"],
        console_main=[
            "/agent/",
            "/agent/views/team/",
            f"/agent/tickets/{ticket.number}/",
            "/agent/chats/",
        ],
        console=[
            "/agent/",
            "/agent/views/team/",
            f"/agent/tickets/{ticket.number}/",
            "/agent/search/?q=export",
            "/agent/macros/",
            "/agent/chats/",
            "/agent/callbacks/",
            "/agent/staffing/",
            "/agent/knowledge/",
            "/agent/knowledge/candidates/",
            "/agent/reports/",
            "/agent/incidents/",
            f"/agent/incidents/{incident.pk}/",
            "/agent/no-such-page/",
        ],
        sign_in_path=f"/support/sign-in/{signin_token_value(token)}/",
    )


def customer_signs_in(page: Page, base: str, path: str) -> None:
    page.goto(base + path)
    page.click("#confirm-sign-in")
    page.wait_for_url(f"{base}/support/requests/")


def agent_signs_in(page: Page, base: str, agent) -> None:
    page.goto(f"{base}/agent/login/")
    page.fill("input[name=username]", agent.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/agent/")
