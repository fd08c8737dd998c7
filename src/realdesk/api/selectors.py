"""Reads for the API: tokens, and the people and teams an agent may look up.

Agents and teams are visible to every active agent. Customers are seen through their
tickets (tickets/permissions.py): an agent finds a customer, or an organisation, only
when they may see one of its tickets; leads and admins see all. Tickets stay scoped by
tickets/selectors.py, which the ticket reads here build on, and so do ratings, which are
the tickets' verdicts. Articles are read as the knowledge base shows them to agents,
drafts included.
"""

import hmac
from collections import defaultdict
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.signals import post_save

from realdesk.accounts.models import Customer, CustomerIdentity, Organization, Team, User
from realdesk.accounts.selectors import customer_labels
from realdesk.api.actions import TOKEN_MARK, secret_hash
from realdesk.api.models import ApiToken
from realdesk.core.config_cache import config_changed, remembered_in_process
from realdesk.knowledge.models import Article, ArticleTranslation
from realdesk.knowledge.selectors import articles_for_agents
from realdesk.surveys.models import Rating
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import visible_customers_q, visible_tickets_q
from realdesk.tickets.selectors import ticket_cc_addresses, ticket_list, ticket_timeline


def _given(**lookups: object) -> dict[str, object]:
    """The filters a client set; None means "any"."""
    return {field: value for field, value in lookups.items() if value is not None}


def token_authenticate(*, presented: str) -> ApiToken | None:
    """The live token matching the presented text, or None; compared in constant time.

    Every API request asks this, so the live tokens and their agents are remembered per
    process (`_live_tokens`): a revocation, or an agent deactivated or given another role,
    reaches every process within `config_cache.CHECK_EVERY` of its commit, this one at
    once. A token not remembered (made since, in another process) is read directly. Each
    call gets instances of its own, built from the remembered values, never shared."""
    mark, _, rest = presented.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if mark != TOKEN_MARK or not prefix or not secret:
        return None
    values = _live_tokens().get(prefix) or _live_token_values(prefix)
    if values is None:
        return None
    token_values, agent_values = values
    token = ApiToken.from_db(DEFAULT_DB_ALIAS, None, token_values)
    token.agent = User.from_db(DEFAULT_DB_ALIAS, None, agent_values)
    return token if hmac.compare_digest(token.secret_hash, secret_hash(secret)) else None


def _live(tokens: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    return tokens.filter(revoked_at__isnull=True, agent__is_active=True).select_related("agent")


def _values_of(token: ApiToken) -> tuple[tuple, tuple]:
    """The token's and its agent's column values, in field order (what `from_db` takes)."""
    return tuple(getattr(token, f.attname) for f in ApiToken._meta.concrete_fields), tuple(
        getattr(token.agent, f.attname) for f in User._meta.concrete_fields
    )


@remembered_in_process(ApiToken)
def _live_tokens() -> dict[str, tuple[tuple, tuple]]:
    """Every live token's values and its agent's, by prefix: a desk has tens of them."""
    return {token.prefix: _values_of(token) for token in _live(ApiToken.objects.all())}


def _live_token_values(prefix: str) -> tuple[tuple, tuple] | None:
    """The live token with this prefix, read directly (made since `_live_tokens` was read)."""
    for token in _live(ApiToken.objects.filter(prefix=prefix))[:1]:
        return _values_of(token)
    return None


def _agent_saved(
    *, instance: User, created: bool, update_fields: frozenset[str] | None, **_signal
) -> None:
    """An agent's row is remembered with their live tokens, so a change to the row of an
    agent holding one makes every process read the tokens again. Only then: a change of
    configuration also makes the transaction that made it read all configuration fresh,
    and agents are saved by every sign-in and by most tests' set-up."""
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    if ApiToken.objects.filter(agent=instance, revoked_at__isnull=True).exists():
        config_changed()


post_save.connect(_agent_saved, sender=User, weak=False)


def token_list(*, agent: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(agent=agent)


def token_get(*, prefix: str) -> ApiToken:
    return ApiToken.objects.select_related("agent").get(prefix=prefix)


def customer_list(
    *, actor: User, text: str = "", organization: int | None = None
) -> QuerySet[Customer]:
    customers = (
        Customer.objects.filter(visible_customers_q(actor))
        .select_related("organization")
        .prefetch_related(
            Prefetch("identities", queryset=CustomerIdentity.objects.order_by("kind", "value"))
        )
    )
    if organization is not None:
        customers = customers.filter(organization=organization)
    if text.strip():
        matches = CustomerIdentity.objects.filter(value__icontains=text.strip())
        customers = customers.filter(
            Q(name__icontains=text.strip()) | Q(pk__in=matches.values("customer"))
        )
    return customers


def organization_list(*, actor: User) -> QuerySet[Organization]:
    """Organisations with a customer the actor may see (all of them for leads and admins)."""
    if actor.sees_all_teams and actor.is_active:
        return Organization.objects.all()
    seen = Customer.objects.filter(visible_customers_q(actor)).values("organization")
    return Organization.objects.filter(pk__in=seen)


def agent_list(*, team: int | None = None) -> QuerySet[User]:
    agents = User.objects.prefetch_related("teams")
    return agents.filter(teams=team) if team is not None else agents


def team_list() -> QuerySet[Team]:
    return Team.objects.prefetch_related("members")


def ticket_filtered(
    *,
    actor: User,
    status: str | None = None,
    priority: str | None = None,
    team: int | None = None,
    owner: int | None = None,
    channel: str | None = None,
    tag: str | None = None,
    customer: int | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Ticket]:
    """The actor's visible tickets narrowed by the list filters of the API (None: any)."""
    lookups = _given(
        status=status,
        priority=priority,
        team=team,
        owner=owner,
        channel=channel,
        tags__name=tag,
        customer=customer,
        updated_at__gte=updated_since,
    )
    return ticket_list(actor=actor).filter(**lookups)


TICKET_COLUMNS = (
    "id",
    "number",
    "subject",
    "status",
    "priority",
    "channel",
    "language",
    "close_reason",
    "created_at",
    "updated_at",
    "first_response_at",
    "last_customer_message_at",
    "last_agent_reply_at",
    "awaiting_reply_since",
    "solved_at",
    "customer_id",
    "customer__name",
    "team_id",
    "team__name",
    "owner_id",
    "owner__email",
    "merged_into_id",
    "follow_up_of_id",
)


def ticket_rows(tickets: QuerySet[Ticket]) -> list[dict]:
    """The tickets as the API shows them (TicketOut), in their queryset's order: one query
    for the tickets and the names around them, one for their tags, and one each for the
    customers without a name and the numbers of linked tickets, only when there are some.

    Plain rows rather than model instances: for a page of 50, building the instances and
    prefetching tags took twice as long as the database (docs/performance.md). Customer
    labels and linked numbers are looked up afterwards rather than joined: as SQL they were
    a third of the cost of building the query, for values most pages do not have.
    """
    rows = list(tickets.values(*TICKET_COLUMNS).annotate(owner_name=User.name_expression("owner")))
    return _rows_out(rows)


def _rows_out(rows: list[dict], *, tagged: bool = True) -> list[dict]:
    """Plain ticket rows (TICKET_COLUMNS and owner_name) as TicketOut wants them;
    `tagged=False` for tickets known to have no tags, which are then not looked up."""
    ids = [row["id"] for row in rows] if tagged else []
    tags: dict[int, list[str]] = defaultdict(list)
    pairs = Ticket.tags.through.objects.filter(ticket_id__in=ids)
    for ticket_id, name in pairs.order_by("tag__name").values_list("ticket_id", "tag__name"):
        tags[ticket_id].append(name)
    customers = customer_labels(names={row["customer_id"]: row["customer__name"] for row in rows})
    linked = {row[f] for row in rows for f in ("merged_into_id", "follow_up_of_id")} - {None}
    numbers = (
        dict(Ticket.objects.filter(pk__in=linked).values_list("pk", "number")) if linked else {}
    )
    return [
        {
            **row,
            "customer": {"id": row["customer_id"], "name": customers[row["customer_id"]]},
            "team": row["team_id"] and {"id": row["team_id"], "name": row["team__name"]},
            "owner": row["owner_id"]
            and {"id": row["owner_id"], "name": row["owner_name"], "email": row["owner__email"]},
            "tags": tags[row["id"]],
            "merged_into": numbers.get(row["merged_into_id"]),
            "follow_up_of": numbers.get(row["follow_up_of_id"]),
        }
        for row in rows
    ]


def ticket_row(ticket: Ticket) -> dict:
    """One ticket as the API shows it, read again so it is the same as in lists."""
    return ticket_rows(Ticket.objects.filter(pk=ticket.pk))[0]


def _instance_row(ticket: Ticket) -> dict:
    """The plain row of a ticket whose instance holds all of it, with its customer, team and
    owner loaded: the row `ticket_rows` would read, without reading it."""
    row = {}
    for column in TICKET_COLUMNS:
        value = ticket
        for name in column.split("__"):
            value = None if value is None else getattr(value, name)
        row[column] = value
    return {**row, "owner_name": ticket.owner.name if ticket.owner else None}


def ticket_detail(ticket: Ticket, *, opened_with: Message | None = None) -> dict:
    """One ticket with its whole conversation and whom the customer copied (TicketDetail).

    `opened_with`: the ticket has just been opened by this message, written with it by the
    action that opened it, so the instances are the rows themselves, and nothing has tagged
    the ticket, copied anyone in or attached anything yet; reading all that again (the
    ticket, its tags, its copies, its messages and their attachments) was a third of the
    cost of opening a ticket by API.
    """
    if opened_with is None:
        row, ccs = ticket_row(ticket), ticket_cc_addresses(ticket=ticket)
        return {**row, "messages": list(ticket_timeline(ticket=ticket)), "ccs": ccs}
    # The attachments as if prefetched (none yet): the answer's schema reads the relation.
    opened_with._prefetched_objects_cache = {"attachments": []}
    row = _rows_out([_instance_row(ticket)], tagged=False)[0]
    return {**row, "messages": [opened_with], "ccs": []}


def article_filtered(
    *,
    actor: User,
    language: str | None = None,
    category: str | None = None,
    state: str | None = None,
) -> QuerySet[Article]:
    """The articles an agent may work on, drafts included. Language and state apply to the
    same translation: `language=de&state=draft` is an article with a German draft."""
    articles = articles_for_agents(actor=actor).filter(**_given(category__slug=category))
    translation = _given(language=language, status=state)
    if translation:
        matching = ArticleTranslation.objects.filter(**translation).values("article")
        articles = articles.filter(pk__in=matching)
    return articles


def rating_filtered(
    *,
    actor: User,
    ticket: int | None = None,
    score: str | None = None,
    since: datetime | None = None,
) -> QuerySet[Rating]:
    """Given ratings on tickets the actor may see; asked-but-unanswered ones are not a
    verdict and stay out."""
    visible = Ticket.objects.filter(visible_tickets_q(actor))
    return (
        Rating.objects.filter(ticket__in=visible)
        .exclude(score="")
        .filter(**_given(ticket__number=ticket, score=score, rated_at__gte=since))
        .select_related("ticket", "customer")
    )
