"""/agent/knowledge/candidates/: leads and admins see repeated questions and draft an
article from one; agents are refused."""

import pytest

from factories import open_ticket
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import ArticleTranslation, QuestionCluster
from realdesk.knowledge.questions.clusters import question_cluster
from realdesk.knowledge.questions.vectors import question_embedder, question_record

pytestmark = pytest.mark.django_db

QUESTION = "Can I change the delivery address of my order"


@pytest.fixture
def repeated(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""
    model = question_embedder()
    for _ in range(5):
        ticket = open_ticket(subject="Address", body_text=QUESTION)
        question_cluster(question=question_record(ticket_id=ticket.pk, model=model), model=model)
    return QuestionCluster.objects.get()


def test_a_lead_sees_the_candidate_and_drafts_its_article(client, lead, repeated):
    client.force_login(lead)
    assert "FAQ candidates" in client.get("/agent/knowledge/").text
    page = client.get("/agent/knowledge/candidates/").text
    assert f"“{QUESTION}”" in page
    assert "asked 5 times in 14 days" in page
    assert f"/agent/knowledge/candidates/{repeated.pk}/draft/" in page
    response = client.post(f"/agent/knowledge/candidates/{repeated.pk}/draft/")
    draft = ArticleTranslation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/agent/knowledge/{draft.article.slug}/en/"
    assert draft.status == ArticleStatus.DRAFT
    assert draft.title == QUESTION
    assert "Edit the drafted article" in client.get("/agent/knowledge/candidates/").text


def test_agents_are_refused(client, agent, repeated):
    client.force_login(agent)
    assert "FAQ candidates" not in client.get("/agent/knowledge/").text
    for refused in (
        client.get("/agent/knowledge/candidates/"),
        client.post(f"/agent/knowledge/candidates/{repeated.pk}/draft/"),
    ):
        # The console's own error page, with its menu and a way back, not a bare fragment.
        assert refused.status_code == 403
        assert '<html lang="en"' in refused.text
        assert "<title>" in refused.text
        assert "Not allowed" in refused.text
        assert "Back to your views" in refused.text
    assert not ArticleTranslation.objects.exists()


def test_an_unknown_cluster_is_a_404(client, lead, repeated):
    client.force_login(lead)
    assert client.post(f"/agent/knowledge/candidates/{repeated.pk + 9}/draft/").status_code == 404
