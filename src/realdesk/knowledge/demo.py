"""The demo support center: articles answering the demo's recurring questions (several in
German and French too, from demo_articles.json) and the contact block. Idempotent."""

import json
from pathlib import Path

from django.conf import settings

from realdesk.knowledge.actions import (
    article_create,
    article_set_related,
    category_save,
    translation_save,
)
from realdesk.knowledge.models import Article
from realdesk.portal_access.actions import contact_block_save
from realdesk.sla.actions.defaults import office_calendar

DATA = Path(__file__).with_name("demo_articles.json")


def support_center_demo() -> int:
    """Install the demo knowledge base and contact blocks; returns the articles created.
    The blocks' hours are the office calendar's, the one the SLA clocks count."""
    office = office_calendar()
    # The address customers write to, whatever REALDESK_BASE_URL makes it: a typed
    # support@example.com on a desk that receives at another address was a stranger's.
    ours = settings.REALDESK_SUPPORT_ADDRESS
    contact_block_save(phone="+1 415 555 0100", email=ours, calendar=office)
    contact_block_save(language="de", phone="+49 30 5555 0100", email=ours, calendar=office)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    categories = {c["slug"]: category_save(**c) for c in data["categories"]}
    created = 0
    for entry in data["articles"]:
        if Article.objects.filter(slug=entry["slug"]).exists():
            continue
        article = article_create(
            slug=entry["slug"],
            actor=None,
            category=categories[entry["category"]],
            keywords=entry["keywords"],
        )
        for language, text in entry["texts"].items():
            translation_save(
                article=article,
                language=language,
                title=text["title"],
                body_html=text["body"],
                actor=None,
                publish=True,
            )
        created += 1
    for entry in data["articles"]:
        article_set_related(
            article=Article.objects.get(slug=entry["slug"]),
            related=list(Article.objects.filter(slug__in=entry["related"])),
            actor=None,
        )
    return created
