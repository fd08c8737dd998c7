"""The schema and the docs page, which must work offline under the strict CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "RealDesk API"
    paths = schema["paths"]
    assert set(paths["/api/v1/tickets/{number}"]) == {"get", "patch"}
    assert "ErrorOut" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert paths["/api/v1/tickets"]["get"]["security"] == [
        {"ApiTokenAuth": []},
        {"AgentSessionAuth": []},
    ]


def test_docs_page_uses_only_our_own_static_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(url.startswith("/static/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200, url
    assert "style-src 'self' 'unsafe-inline'" in page["Content-Security-Policy"]


def test_only_the_docs_page_relaxes_the_style_policy(api):
    response = api.get("/agents/me")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
