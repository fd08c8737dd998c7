"""FAQ candidates: repeated questions without a good article, the draft made from the best
answer, and the volume after publishing. Words alone (no model): the same wording."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import open_ticket, write_article
from realdesk.core.errors import PermissionDeniedError
from realdesk.knowledge.actions import article_feedback_record, translation_set_published
from realdesk.knowledge.choices import ArticleStatus, FeedbackSource
from realdesk.knowledge.models import Article, QuestionCluster, TicketQuestion
from realdesk.knowledge.questions.actions import cluster_article_draft
from realdesk.knowledge.questions.candidates import faq_candidates, faq_followed
from realdesk.knowledge.questions.clusters import question_cluster, questions_recluster
from realdesk.knowledge.questions.vectors import question_embedder, question_record
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db

QUESTION = "How do I export my invoices as PDF files"


@pytest.fixture(autouse=True)
def words_only(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""


def ask(text: str = QUESTION, *, times: int = 1, ago: timedelta = timedelta(hours=1)) -> list:
    model = question_embedder()
    tickets = []
    for _ in range(times):
        ticket = open_ticket(subject="Question", body_text=text, at=timezone.now() - ago)
        question_cluster(question=question_record(ticket_id=ticket.pk, model=model), model=model)
        tickets.append(ticket)
    return tickets


def test_asked_often_enough_in_14_days_without_an_article(lead, settings):
    settings.REALDESK_FAQ_CANDIDATE_MIN = 5
    ask(times=4)
    ask("Where is my parcel", times=6)
    ask(times=3, ago=timedelta(days=15))
    [candidate] = faq_candidates(actor=lead)
    assert candidate.question == "Where is my parcel"
    assert candidate.asked == 6
    assert candidate.examples == ["Where is my parcel"]  # the same words, listed once
    assert candidate.answer is None
    ask(times=1)
    assert [c.asked for c in faq_candidates(actor=lead)] == [6, 5]


def test_a_matching_article_ends_it_once_it_deflects_enough(lead, settings):
    ask(times=5)
    write_article("parcels", en=("Where is my parcel", "Track it in the app."))
    assert faq_candidates(actor=lead)[0].article is None  # about something else
    write_article("invoices", en=("Export invoices as PDF", "Invoices, Export, PDF files."))
    [candidate] = faq_candidates(actor=lead)
    assert candidate.article.slug == "invoices"
    assert candidate.deflection == 0.0
    article = Article.objects.get(slug="invoices")
    for _ in range(3):  # 3 of the 8 who asked found it beside the form: 0.375
        article_feedback_record(
            article=article, language="en", helpful=True, source=FeedbackSource.REQUEST_FORM
        )
    settings.REALDESK_FAQ_DEFLECTION_TARGET = 0.4
    assert len(faq_candidates(actor=lead)) == 1
    settings.REALDESK_FAQ_DEFLECTION_TARGET = 0.3
    assert faq_candidates(actor=lead) == []


def test_only_leads_and_admins(agent):
    with pytest.raises(PermissionDeniedError):
        faq_candidates(actor=agent)
    with pytest.raises(PermissionDeniedError):
        faq_followed(actor=agent)


def test_draft_from_the_best_answer_then_follow_the_volume(lead, agent):
    tickets = ask(times=5, ago=timedelta(days=3))
    message_send(
        ticket=tickets[0],
        agent=agent,
        body_text="Open Billing, choose the months.\n\nThen press Export <PDF>.",
        status_after=Status.SOLVED,
    )
    [candidate] = faq_candidates(actor=lead)
    assert candidate.answer.body_text.startswith("Open Billing")
    draft = cluster_article_draft(actor=lead, cluster_id=candidate.cluster.pk)
    assert draft.status == ArticleStatus.DRAFT
    assert draft.title == QUESTION
    assert draft.article.slug == "how-do-i-export-my-invoices-as-pdf-files"
    assert draft.body_source == "Open Billing, choose the months.\n\nThen press Export <PDF>."
    assert draft.body_html == (
        "<p>Open Billing, choose the months.</p>\n<p>Then press Export &lt;PDF&gt;.</p>"
    )
    assert cluster_article_draft(actor=lead, cluster_id=candidate.cluster.pk) == draft
    # Drafted, not published: still a candidate, now pointing at its draft.
    [still] = faq_candidates(actor=lead)
    assert still.cluster.article == draft.article
    translation_set_published(translation=draft, publish=True, actor=lead)
    assert faq_candidates(actor=lead) == []
    ask(times=1, ago=timedelta(0))
    [followed] = faq_followed(actor=lead)
    assert (followed.before, followed.after) == (5, 1)
    assert (followed.weekly_before, followed.weekly_after) == (1.2, 1.0)
    assert followed.title == QUESTION


def test_an_agent_cannot_draft_from_a_cluster(lead, agent):
    ask(times=5)
    cluster = QuestionCluster.objects.get()
    with pytest.raises(PermissionDeniedError):
        cluster_article_draft(actor=agent, cluster_id=cluster.pk)
    with pytest.raises(QuestionCluster.DoesNotExist):
        cluster_article_draft(actor=lead, cluster_id=cluster.pk + 1)


def test_reclustering_keeps_the_cluster_and_its_article(lead):
    ask(times=5)
    ask("Where is my parcel", times=2)
    cluster = QuestionCluster.objects.get(size=5)
    cluster_article_draft(actor=lead, cluster_id=cluster.pk)
    # Split by hand, as an unlucky arrival order would: the nightly pass mends it.
    stray = QuestionCluster.objects.create(
        model=cluster.model, centroid=b"", last_asked_at=timezone.now()
    )
    TicketQuestion.objects.filter(pk=cluster.questions.order_by("pk").last().pk).update(
        cluster=stray
    )
    assert questions_recluster(model=question_embedder(), now=timezone.now()) == 2
    cluster.refresh_from_db()
    assert cluster.size == 5
    assert cluster.article is not None
    assert not QuestionCluster.objects.filter(pk=stray.pk).exists()
    assert QuestionCluster.objects.count() == 2
