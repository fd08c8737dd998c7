"""/articles: agents read drafts too; writers draft and publishers publish (by default agents
and leads), through the actions, as in the console."""

import pytest

from factories import write_article
from realdesk.knowledge.actions import category_save
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import Article, ArticleRevision, ArticleTranslation
from realdesk.knowledge.search import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db):
    return category_save(slug="billing", name="Billing")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def test_agents_list_drafts_too_with_filters(api, billing):
    write_article(
        "refunds",
        category=billing,
        en=("Refunds", "Refunds explained."),
        de=("Erstattungen", "Erstattungen explained."),
    )
    write_article("login", published=False, en=("Log in", "Log in explained."))
    write_article(
        "rechnung", category=billing, published=False, de=("Rechnung", "Rechnung explained.")
    )
    listed = api.get("/articles").json()
    assert [a["slug"] for a in listed["items"]] == ["login", "rechnung", "refunds"]
    refunds = listed["items"][2]
    assert refunds["category"] == {"slug": "billing", "name": "Billing"}
    assert [(t["language"], t["status"]) for t in refunds["translations"]] == [
        ("de", "published"),
        ("en", "published"),
    ]
    assert "body_html" not in refunds["translations"][0]
    assert slugs(api.get("/articles", language="de")) == ["rechnung", "refunds"]
    assert slugs(api.get("/articles", category="billing")) == ["rechnung", "refunds"]
    assert slugs(api.get("/articles", state="draft")) == ["login", "rechnung"]
    assert slugs(api.get("/articles", language="de", state="draft")) == ["rechnung"]
    assert slugs(api.get("/articles", category="nothing")) == []


def test_list_pages_by_slug(api):
    for slug in ["c", "a", "b"]:
        write_article(slug, en=(slug.upper(), "Text."))
    first = api.get("/articles", limit=2).json()
    assert [a["slug"] for a in first["items"]] == ["a", "b"]
    assert slugs(api.get("/articles", limit=2, cursor=first["next_cursor"])) == ["c"]
    bad = api.get("/articles", state="archived")
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (422, ["state"])


def test_read_one_with_its_translations(api):
    write_article("refunds", published=False, en=("Refunds", "Refunds explained."))
    article = api.get("/articles/refunds").json()
    assert article["translations"][0]["body_html"] == "<p>Refunds explained.</p>"
    assert article["translations"][0]["body_text"].strip() == "Refunds explained."
    assert api.get("/articles/nothing").json()["error"]["code"] == "not_found"


def test_lead_writes_an_article_from_slug_to_published(api_as, lead, billing):
    api = api_as(lead)
    created = api.post("/articles", {"slug": "Reset-Password", "category": "billing"})
    assert created.status_code == 201, created.content
    assert (created.json()["slug"], created.json()["translations"]) == ("reset-password", [])
    first = api.post(
        "/articles/reset-password/translations",
        {
            "language": "EN",
            "title": "Reset",
            "body_html": '<p onclick="x()">Click<script>1</script></p>',
        },
    )
    assert (first.status_code, first.json()["status"]) == (201, "draft")
    assert first.json()["body_html"] == "<p>Click</p>"
    edit = {"language": "en", "title": "Reset it", "body_html": "<p>Click reset</p>"}
    assert api.post("/articles/reset-password/translations", edit).status_code == 200
    published = api.post("/articles/reset-password/publish", {"language": "en"})
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert [r.slug for r in search_articles("reset", language="en")] == ["reset-password"]
    translation = ArticleTranslation.objects.get(article__slug="reset-password")
    revisions = translation.revisions.order_by("pk")
    assert [(r.title, r.author) for r in revisions] == [("Reset", lead), ("Reset it", lead)]
    hidden = api.post("/articles/reset-password/publish", {"language": "en", "published": False})
    assert hidden.json()["status"] == "draft"
    assert search_articles("reset", language="en") == []


def test_patch_changes_only_the_given_fields(api_as, lead, billing):
    write_article("refunds", category=billing, en=("Refunds", "Refunds explained."))
    api = api_as(lead)
    changed = api.patch("/articles/refunds", {"keywords": "chargeback money back"})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["keywords"], changed.json()["category"]["slug"]) == (
        "chargeback money back",
        "billing",
    )
    moved = api.patch("/articles/refunds", {"category": None})
    assert (moved.json()["category"], moved.json()["keywords"]) == (None, "chargeback money back")


def test_agents_draft_but_do_not_publish(api_as, agent):
    """The same policy as the console: the probe found the console let an agent publish
    while the API refused the agent anything."""
    write_article("live", en=("Live", "Customers read this."))
    api = api_as(agent)
    assert api.post("/articles", {"slug": "new"}).status_code == 201
    text = {"language": "en", "title": "New", "body_html": "<p>Draft.</p>"}
    assert api.post("/articles/new/translations", text).status_code == 201
    assert api.patch("/articles/new", {"keywords": "x"}).status_code == 200
    attempts = [
        api.post("/articles/new/publish", {"language": "en"}),
        api.post("/articles/live/publish", {"language": "en", "published": False}),
        api.post("/articles/live/translations", {**text, "title": "Changed"}),
    ]
    assert [(r.status_code, r.json()["error"]["code"]) for r in attempts] == [
        (403, "permission_denied")
    ] * 3
    states = dict(ArticleTranslation.objects.values_list("article__slug", "status"))
    assert states == {"new": ArticleStatus.DRAFT, "live": ArticleStatus.PUBLISHED}
    assert ArticleTranslation.objects.get(article__slug="live").title == "Live"


def test_read_only_cannot_write(api_as, session_as, read_only):
    write_article("refunds", published=False, en=("Refunds", "Refunds explained."))
    for api, code in [
        (api_as(read_only, scope="read"), "insufficient_scope"),
        (session_as(read_only), "permission_denied"),
    ]:
        attempts = [
            api.post("/articles", {"slug": "new"}),
            api.patch("/articles/refunds", {"keywords": "x"}),
            api.post(
                "/articles/refunds/translations",
                {"language": "en", "title": "X", "body_html": "<p>x</p>"},
            ),
            api.post("/articles/refunds/publish", {"language": "en"}),
        ]
        assert [(r.status_code, r.json()["error"]["code"]) for r in attempts] == [(403, code)] * 4
    assert list(Article.objects.values_list("slug", "keywords")) == [("refunds", "")]
    assert ArticleTranslation.objects.get().status == ArticleStatus.DRAFT
    assert ArticleRevision.objects.count() == 1


def test_the_roles_are_configurable(api_as, agent, lead, settings):
    settings.REALDESK_KNOWLEDGE_WRITE_ROLES = frozenset({"admin", "lead"})
    refused = api_as(agent).post("/articles", {"slug": "new"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "permission_denied")
    assert api_as(lead).post("/articles", {"slug": "new"}).status_code == 201


def test_a_read_token_of_a_lead_cannot_write(api_as, lead):
    refused = api_as(lead, scope="read").post("/articles", {"slug": "new"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "insufficient_scope")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/articles", {"slug": "new", "created_by": 1}, "created_by"),
        ("/articles", {"slug": "new", "category": "nothing"}, "category"),
        ("/articles", {"slug": "no spaces"}, "slug"),
        (
            "/articles/refunds/translations",
            {"language": "en", "title": "T", "body_html": "<p>x</p>", "status": "published"},
            "status",
        ),
        (
            "/articles/refunds/translations",
            {"language": "en", "title": "T\x00", "body_html": "<p>x</p>"},
            "title",
        ),
        ("/articles/refunds/publish", {"language": "fr"}, "language"),
    ],
)
def test_unknown_fields_and_names_are_422_and_change_nothing(api_as, lead, path, body, field):
    write_article("refunds", published=False, en=("Refunds", "Refunds explained."))
    response = api_as(lead).post(path, body)
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == [field]
    assert list(Article.objects.values_list("slug", flat=True)) == ["refunds"]
    assert list(ArticleTranslation.objects.values_list("title", "status")) == [("Refunds", "draft")]


def test_patch_refuses_the_slug_and_unknown_fields(api_as, lead):
    write_article("refunds", published=False, en=("Refunds", "Refunds explained."))
    response = api_as(lead).patch("/articles/refunds", {"slug": "other", "keywords": "x"})
    assert list(response.json()["error"]["fields"]) == ["slug"]
    assert list(Article.objects.values_list("slug", "keywords")) == [("refunds", "")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"slug": "refunds"}, "slug_taken"),
        ({"slug": "---"}, "invalid_slug"),
    ],
)
def test_domain_refusals_are_400_with_their_code(api_as, lead, body, code):
    write_article("refunds", published=False, en=("Refunds", "Refunds explained."))
    response = api_as(lead).post("/articles", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)
    assert Article.objects.count() == 1


def test_an_empty_text_is_refused_and_no_revision_is_kept(api_as, lead):
    write_article("refunds")
    body = {"language": "en", "title": "Empty", "body_html": "<script>only</script>"}
    response = api_as(lead).post("/articles/refunds/translations", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "empty_article")
    assert not ArticleRevision.objects.exists()
