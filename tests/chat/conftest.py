import pytest

from realdesk.chat.actions import availability_set


@pytest.fixture
def online(agent):
    """One agent taking chats."""
    availability_set(agent=agent, state="available")
    return agent


@pytest.fixture
def start(client):
    def start(origin=None, **fields):
        data = {"name": "Ana Ruiz", "email": "ana@example.com", "question": "Where is my order?"}
        data.update(fields)
        headers = {"HTTP_ORIGIN": origin} if origin else {}
        return client.post("/chat/api/sessions", data, content_type="application/json", **headers)

    return start
