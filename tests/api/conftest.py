import json

import pytest

from realdesk.api.actions import token_create


class ApiClient:
    """Django's test client speaking JSON to /api/v1/ with one agent's token (or session)."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **query):
        return self.client.get(f"/api/v1{path}", query, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self._send("post", path, body)

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def _send(self, method: str, path: str, body: dict | None):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def api_as(client):
    """An API client for any agent: api_as(lead), api_as(agent, scope="read")."""

    def make(agent, scope: str = "write") -> ApiClient:
        return ApiClient(client, token_create(agent=agent, scope=scope)[1])

    return make


@pytest.fixture
def api(api_as, agent):
    return api_as(agent)


@pytest.fixture
def session_as(client):
    """The console's own calls: signed in, no token (the test client skips CSRF checks)."""

    def make(agent) -> ApiClient:
        client.force_login(agent)
        return ApiClient(client, None)

    return make
