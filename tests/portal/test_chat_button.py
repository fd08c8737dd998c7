"""The chat button on every support-center page, unless the desk turned it off."""

import pytest

pytestmark = pytest.mark.django_db

SNIPPET = '<script src="/chat/widget.js" async></script>'


@pytest.mark.parametrize("path", ["/support/", "/support/requests/new/", "/support/search/"])
def test_every_support_center_page_carries_the_chat(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert SNIPPET in response.text


def test_the_desk_can_turn_it_off(client, settings):
    settings.REALDESK_CHAT_SUPPORT_CENTER = False
    assert SNIPPET not in client.get("/support/").text
