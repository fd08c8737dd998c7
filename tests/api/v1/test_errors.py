"""Every failure the API answers is the documented JSON shape, even the ones Django or
ninja would answer in HTML or plain text."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def error_of(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    return error


def test_a_body_over_the_upload_limit_is_a_json_413(api, client, customer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"customer_id": customer.pk, "body_text": "x" * 5000})
    response = client.post(
        "/api/v1/tickets", body, content_type="application/json", headers=api.headers
    )
    error = error_of(response, 413)
    assert error["code"] == "too_large"
    assert "1000 bytes" in error["message"]
    assert customer.tickets.count() == 0


def test_too_many_form_fields_is_a_json_413(agent, settings):
    """The console's session callers are checked for CSRF, which reads the form."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    browser.cookies["csrftoken"] = "a" * 32  # a cookie, so the form is read for the token
    body = "&".join(f"f{i}=1" for i in range(20))
    response = browser.post(
        "/api/v1/tickets", body, content_type="application/x-www-form-urlencoded"
    )
    assert error_of(response, 413)["code"] == "too_large"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{nope", "application/json"), ("customer_id=1&body_text=hi", "multipart/form-data")],
)
def test_a_body_that_is_not_json_says_so(api, client, body, content_type):
    response = client.post("/api/v1/tickets", body, content_type=content_type, headers=api.headers)
    error = error_of(response, 400)
    assert error["code"] == "bad_request"
    assert error["message"].startswith("The request body is not valid JSON: ")


def test_a_method_the_path_does_not_have_is_a_json_405(api, client):
    response = client.delete("/api/v1/tickets", headers=api.headers)
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_a_path_the_api_does_not_have_is_a_json_404(client):
    assert error_of(client.get("/api/v1/no/such/thing"), 404)["code"] == "not_found"


def test_the_message_follows_accept_language_and_the_code_does_not(api, client):
    """Programs read `code`; a person reads `message`, in the language they asked for."""
    german = {**api.headers, "Accept-Language": "de"}
    missing = error_of(client.get("/api/v1/tickets/999999", headers=german), 404)
    assert (missing["code"], missing["message"]) == ("not_found", "Nicht gefunden.")
    response = client.post(
        "/api/v1/tickets",
        json.dumps(
            {
                "customer_id": 1,
                "identity": {"kind": "email", "value": "a@b.example"},
                "subject": "Hilfe",
                "body_text": "Bitte",
            }
        ),
        content_type="application/json",
        headers=german,
    )
    refused = error_of(response, 422)
    assert refused["code"] == "validation_error"
    assert refused["fields"] == {
        "customer_id": "Geben Sie genau eines von customer_id und identity an."
    }


def test_a_missing_field_is_named_in_the_asked_language(api, client):
    """pydantic writes its messages in English; the common ones are ours to translate."""
    response = client.post(
        "/api/v1/tickets",
        json.dumps({"customer_id": 1}),
        content_type="application/json",
        headers={**api.headers, "Accept-Language": "fr"},
    )
    error = error_of(response, 422)
    assert error["fields"]["body_text"] == "Champ obligatoire."
    assert error["message"].startswith("Saisie non valide : ")
