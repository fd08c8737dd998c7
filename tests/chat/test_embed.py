"""The embedding: widget.js is plain JavaScript pointing at our chat page, which only the
allowed origins may frame."""

import pytest

pytestmark = pytest.mark.django_db


def test_widget_js_is_plain_javascript_opening_our_chat_page(client, settings):
    settings.BASE_URL = "https://desk.example.com"
    response = client.get("/chat/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert '"https://desk.example.com/chat/"' in body
    assert "iframe" in body


def test_only_the_allowed_origins_may_frame_the_chat_page(client, settings):
    settings.REALDESK_CHAT_ALLOWED_ORIGINS = ["https://shop.example.com"]
    response = client.get("/chat/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example.com" in policy
    assert "X-Frame-Options" not in response
    other = client.get("/support/")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_the_chat_page_speaks_the_customers_language(client):
    response = client.get("/chat/", headers={"accept-language": "de"})
    assert "Chatten Sie mit uns" in response.content.decode()
