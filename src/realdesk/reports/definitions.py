"""What each figure means, in one sentence a lead can check against a ticket: shown one
click away beside every figure (docs/reports.md says the same at more length)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Definition:
    title: str
    text: str
    #: How the headline number reads: "duration", "rate", "score" or "count".
    unit: str


DEFINITIONS: dict[str, Definition] = {
    "first_response": Definition(
        gettext_lazy("First response"),
        gettext_lazy(
            "Median time from a ticket's opening to the first reply by an agent, over the tickets "
            "first answered in the period; 90th percentile and distribution below. Business time "
            "counts only the open hours of the ticket's SLA calendar."
        ),
        "duration",
    ),
    "resolution": Definition(
        gettext_lazy("Resolution"),
        gettext_lazy(
            "Median time from opening to the solve, over the tickets solved in the period and not "
            "reopened since; time waiting on the customer counts, because the customer waited."
        ),
        "duration",
    ),
    "sla_attainment": Definition(
        gettext_lazy("SLA attainment"),
        gettext_lazy(
            "Of the SLA targets decided in the period, the share met: a target is met when its "
            "clock stopped in time, missed when its deadline passed (answered since or not)."
        ),
        "rate",
    ),
    "eta_met_rate": Definition(
        gettext_lazy("ETA kept"),
        gettext_lazy(
            "Of the answer times told to customers in the period whose time has come, the share "
            "answered by then. Low means we promise times we do not keep."
        ),
        "rate",
    ),
    "promises_kept_rate": Definition(
        gettext_lazy("Promises kept"),
        gettext_lazy(
            'Of the promises ("I will update you by ...") made in the period and already '
            "decided, the share kept; open promises are counted apart."
        ),
        "rate",
    ),
    "callbacks_kept_rate": Definition(
        gettext_lazy("Callbacks kept"),
        gettext_lazy(
            "Of the callbacks whose window ended in the period, the share where a try reached the "
            "customer inside the window; missed: the window passed without that (no answer, gave "
            "up, too late or too early). Windows still running and wrong numbers are counted apart."
        ),
        "rate",
    ),
    "reopen_rate": Definition(
        gettext_lazy("Reopened within 7 days"),
        gettext_lazy(
            "Of the solves in the period, the share followed within 7 days by the customer "
            "reopening the ticket or writing a follow-up to it once closed."
        ),
        "rate",
    ),
    "csat": Definition(
        gettext_lazy("Satisfaction (CSAT)"),
        gettext_lazy(
            'Of the ratings given in the period, the share "good"; requests nobody answered '
            "count for nothing."
        ),
        "rate",
    ),
    "nps": Definition(
        gettext_lazy("Net promoter score"),
        gettext_lazy(
            "Of the NPS answers given in the period, percent promoters (9-10) minus percent "
            "detractors (0-6), from -100 to 100."
        ),
        "score",
    ),
    "backlog": Definition(
        gettext_lazy("Backlog"),
        gettext_lazy(
            "Tickets open now (new, open, pending, on hold), whatever the period, by how long "
            "since they were opened, per team and per owner (an agent sees their own row only); "
            "unowned ones have no agent yet."
        ),
        "count",
    ),
    "one_touch_rate": Definition(
        gettext_lazy("One-touch resolution"),
        gettext_lazy(
            "Of the tickets solved in the period, the share solved with exactly one agent reply: "
            "asked once, answered once, done."
        ),
        "rate",
    ),
    "recontact_rate": Definition(
        gettext_lazy("Recontact within 7 days"),
        gettext_lazy(
            "Of the tickets solved in the period, the share whose customer opened another ticket, "
            "on any channel, within 7 days about the same issue (at least half the significant "
            "words of the subjects shared)."
        ),
        "rate",
    ),
    "customer_wait": Definition(
        gettext_lazy("Customer's total wait"),
        gettext_lazy(
            "Per customer, the time spent waiting for a person in the period, summed over all "
            "their tickets and channels (from a message with no reply pending to the next agent "
            "reply, calendar time); the median over customers."
        ),
        "duration",
    ),
    "unowned_time": Definition(
        gettext_lazy("Unowned time"),
        gettext_lazy(
            "For each ticket open now, how long it has spent without an owner since it was "
            "opened (a ticket taken at once: zero); the median over the open tickets."
        ),
        "duration",
    ),
    "human_wait": Definition(
        gettext_lazy("Wait for a person"),
        gettext_lazy(
            "Per ticket first answered by a person in the period, from the customer's first "
            "contact to that answer, queues included: a chat from its first line to an agent "
            "accepting it, a call from its first ring to an agent picking up, any other channel "
            "to the first agent reply. Calendar time; median per channel below."
        ),
        "duration",
    ),
    "arrivals": Definition(
        gettext_lazy("Arrivals"),
        gettext_lazy(
            "Tickets opened in the period, by weekday and hour (local time) and by channel."
        ),
        "count",
    ),
    "no_result_rate": Definition(
        gettext_lazy("Searches with no result"),
        gettext_lazy(
            "Of the customers' knowledge-base searches in the period (support center and public "
            "search), the share that found no article. Not narrowed by team or channel."
        ),
        "rate",
    ),
    "deflections": Definition(
        gettext_lazy("Requests deflected"),
        gettext_lazy(
            'Clicks on "This answers my question" beside the request form in the period: the '
            "customer left with the article instead of sending the request."
        ),
        "count",
    ),
}
