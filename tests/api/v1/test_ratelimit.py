"""Each token has its own budget per minute, announced in headers, then 429."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_budget(settings):
    settings.REALDESK_API_RATE_LIMIT = 3


def test_headers_count_down_then_429_with_retry_after(api, api_as, agent):
    remaining = [api.get("/agents/me")["RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    refused = api.get("/agents/me")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Limit"] == "3"
    fresh = api_as(agent).get("/agents/me")  # another token, another budget
    assert fresh.status_code == 200


def test_errors_count_and_carry_headers(api):
    response = api.get("/tickets/999999")
    assert response.status_code == 404
    assert response["RateLimit-Remaining"] == "2"
