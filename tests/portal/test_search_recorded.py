"""Customer searches are counted for the knowledge figures of reports; suggestions are not."""

import pytest

from realdesk.knowledge.models import SearchEvent

pytestmark = pytest.mark.django_db


def test_the_search_page_and_the_public_search_are_recorded(client):
    client.get("/support/search/", {"q": "Nothing Matches Zzyzx"})
    client.get("/support/search.json", {"q": "zzyzx", "language": "en"})
    assert sorted(SearchEvent.objects.values_list("query", "results", "source")) == [
        ("nothing matches zzyzx", 0, "portal"),
        ("zzyzx", 0, "public"),
    ]


def test_suggestions_while_typing_are_not_searches(client):
    response = client.get("/support/requests/new/suggestions/", {"subject": "refund"})
    assert response.status_code == 200
    assert not SearchEvent.objects.exists()
