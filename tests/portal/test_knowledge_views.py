"""The public support center: contact block everywhere, articles in the reader's language."""

import pytest

from realdesk.knowledge.choices import FeedbackSource
from realdesk.knowledge.models import Article, ArticleFeedback
from realdesk.knowledge.selectors import article_feedback_counts

pytestmark = pytest.mark.django_db

PAGES = ["/support/", "/support/search/?q=refund", "/support/articles/charged-twice/",
         "/support/requests/new/", "/support/sign-in/", "/support/callback/"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_every_page_shows_how_to_reach_a_person(client, demo_center, url):
    page = client.get(url).content.decode()
    assert 'href="tel:+14155550100"' in page
    assert "Mon-Fri 9:00 am-5:00 pm UTC" in page  # the office calendar, as the clocks count
    assert 'href="mailto:support@example.com"' in page
    assert 'href="/support/requests/new/"' in page


def test_the_contact_block_follows_the_language(client, demo_center):
    page = client.get("/support/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "+49 30 5555 0100" in page
    assert "Mo.-Fr. 9:00-17:00" in page  # the office calendar's hours, in German


def test_home_lists_the_shelves_in_the_readers_language(client, demo_center):
    english = client.get("/support/").content.decode()
    assert "Billing and plans" in english
    assert "I was charged twice: how do I get a refund?" in english
    german = client.get("/support/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Rechnungen und Tarife" in german
    assert "Zweimal abgebucht" in german


def test_search_page(client, demo_center):
    page = client.get("/support/search/", {"q": "I was billed two times"}).content.decode()
    assert page.index("charged-twice") < page.index("Not what you need?")
    empty = client.get("/support/search/", {"q": "zzzqqq"}).content.decode()
    assert "No article matches" in empty


def test_article_language_is_chosen_from_the_browser_and_switchable(client, demo_center):
    german = client.get("/support/articles/password-reset/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert "Passwort zurückgesetzt" in german.content.decode()
    french = client.get("/support/articles/password-reset/?lang=fr").content.decode()
    assert "Mot de passe réinitialisé" in french
    assert 'href="?lang=en"' in french


def test_missing_translation_falls_back_to_english(client, demo_center):
    page = client.get("/support/articles/browsers/?lang=de").content.decode()
    assert "Which browsers are supported?" in page


def test_the_language_switch_sticks_and_never_leaves_the_site(client, demo_center):
    response = client.get("/support/language/fr/?next=https://evil.example/")
    assert response["Location"] == "/support/"
    assert "Où est ma commande" in client.get("/support/").content.decode()


def test_drafts_and_unknown_articles_are_404(client, publish_draft):
    assert client.get("/support/articles/secret-draft/").status_code == 404
    assert client.get("/support/articles/no-such/").status_code == 404


@pytest.fixture
def publish_draft(db):
    from realdesk.knowledge.actions import article_create, translation_save

    article = article_create(slug="secret-draft", actor=None)
    translation_save(article=article, language="en", title="T", body_html="<p>x</p>", actor=None)


def test_did_this_answer_your_question(client, demo_center):
    article = Article.objects.get(slug="returns")
    client.post("/support/articles/returns/feedback/", {"helpful": "yes", "language": "en"})
    client.post("/support/articles/returns/feedback/", {"helpful": "no", "language": "en"})
    counts = article_feedback_counts(article=article)
    assert (counts.helpful, counts.not_helpful, counts.deflections) == (1, 1, 0)


def test_a_suggestion_that_answers_counts_as_a_deflection(client, demo_center):
    response = client.post(
        "/support/articles/returns/feedback/",
        {"helpful": "yes", "language": "en", "source": FeedbackSource.REQUEST_FORM},
    )
    assert response["Location"] == "/support/articles/returns/"
    assert ArticleFeedback.objects.get().source == FeedbackSource.REQUEST_FORM


def test_feedback_with_junk_is_still_one_honest_count(client, demo_center):
    client.post("/support/articles/returns/feedback/", {"helpful": "yes", "source": "<x>"})
    assert ArticleFeedback.objects.get().source == FeedbackSource.ARTICLE
    assert client.get("/support/articles/returns/feedback/").status_code == 405


def test_suggestions_follow_what_the_customer_types(client, demo_center):
    page = client.get(
        "/support/requests/new/suggestions/",
        {"subject": "parcel arrived broken", "description": "", "language": "en"},
    ).content.decode()
    assert "/support/articles/damaged-parcel/" in page
    assert 'name="source" value="request_form"' in page
    empty = client.get("/support/requests/new/suggestions/", {"subject": ""}).content.decode()
    assert "articles that may answer your question appear here" in empty


def test_admins_set_the_contact_block_in_the_django_admin(admin_client, demo_center):
    response = admin_client.post(
        "/admin/portal_access/contactblock/add/",
        {"brand": "default", "language": "fr", "phone": "+33 1 55 55 01 00",
         "calendar": "", "email": "aide@example.com", "chat_url": ""},
    )  # fmt: skip
    assert response.status_code == 302
    page = admin_client.get("/support/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "+33 1 55 55 01 00" in page
    assert 'class="hours"' not in page  # no calendar chosen: no hours made up
