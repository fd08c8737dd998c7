"""The public search: JSON for the portal, the chat widget and the phone menu, without
sign-in, rate-limited per client."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("portal:search_json")


@pytest.fixture
def shelf(db):
    from factories import write_article

    write_article("refund", en=("How long does a refund take?", "Within five business days."))
    write_article("password", en=("Reset your password", "Use the link on the sign-in page."))
    write_article("secret", en=("Refund secrets", "An unpublished refund plan."), published=False)


def test_results_carry_slug_title_address_and_score(client, shelf):
    response = client.get(URL, {"q": "refund", "language": "en"})
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["slug"] == "refund"
    assert result["title"] == "How long does a refund take?"
    assert result["url"].endswith("/support/articles/refund/?lang=en")
    assert isinstance(result["score"], float)


def test_limit_and_defaults(client, shelf):
    assert len(client.get(URL, {"q": "refund password reset", "limit": 1}).json()["results"]) == 1
    assert client.get(URL, {"q": ""}).json() == {"results": []}


@pytest.mark.parametrize(
    "params", [{"q": "refund", "limit": "many"}, {"q": "refund", "language": "xx"}]
)
def test_bad_parameters_are_refused_clearly(client, shelf, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_rate_limit_counts_per_client(client, shelf, settings):
    settings.REALDESK_PUBLIC_SEARCH_RATE_LIMIT = 2
    assert [client.get(URL, {"q": "refund"}).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(URL, {"q": "refund"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    refused = client.get(URL, {"q": "refund"})
    assert refused["Retry-After"] == "60"


def test_a_limit_of_zero_turns_the_limit_off(client, shelf, settings):
    settings.REALDESK_PUBLIC_SEARCH_RATE_LIMIT = 0
    assert {client.get(URL, {"q": "refund"}).status_code for _ in range(5)} == {200}
