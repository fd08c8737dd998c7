"""Factories for the few objects every test needs; tickets are made through actions."""

import factory
from django.utils import timezone

from realdesk.accounts.choices import IdentityKind, Role
from realdesk.accounts.models import Customer, CustomerIdentity, Team, User
from realdesk.knowledge.actions import article_create, translation_save
from realdesk.knowledge.models import Article, Category
from realdesk.tickets.actions import ticket_open
from realdesk.tickets.choices import Channel


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Agent {n}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)
        if create:
            self.save()


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Customer {n}")
    created_at = factory.LazyFunction(timezone.now)
    email = factory.RelatedFactory("factories.IdentityFactory", factory_related_name="customer")


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerIdentity

    kind = IdentityKind.EMAIL
    value = factory.Sequence(lambda n: f"customer{n}@example.net")
    created_at = factory.LazyFunction(timezone.now)
    # An address the customer first wrote from; staff-added ones pass verified_at=None.
    verified_at = factory.SelfAttribute("created_at")


def open_ticket(*, customer=None, team=None, channel=Channel.EMAIL, subject="Help", **kwargs):
    """A ticket opened the way a channel opens one."""
    return ticket_open(
        customer=customer or CustomerFactory(),
        subject=subject,
        body_text=kwargs.pop("body_text", "Something is broken."),
        channel=channel,
        team=team,
        **kwargs,
    )


def write_article(
    slug: str,
    *,
    category: Category | None = None,
    keywords: str = "",
    published: bool = True,
    **texts: tuple[str, str],
) -> Article:
    """An article written through the actions, one translation per language:
    write_article("refunds", en=("Refunds", "Within a week."))."""
    article = article_create(slug=slug, actor=None, category=category, keywords=keywords)
    for language, (title, body) in texts.items():
        translation_save(
            article=article,
            language=language,
            title=title,
            body_html=f"<p>{body}</p>",
            actor=None,
            publish=published,
        )
    return article
