import pytest

from realdesk.automation.actions import macro_create
from realdesk.automation.admin import MacroForm
from realdesk.automation.models import Macro
from realdesk.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_a_misspelt_placeholder_is_refused_naming_the_ones_that_work(agent):
    with pytest.raises(ApplicationError) as refused:
        macro_create(actor=agent, title="Hello", body="Hi {custmer_name}")
    assert refused.value.code == "unknown_placeholder"
    assert "{custmer_name}" in refused.value.message
    assert "{customer_name}" in refused.value.message
    assert not Macro.objects.exists()


def test_known_placeholders_are_saved(agent):
    macro = macro_create(actor=agent, title="Hello", body="Hi {customer_name}, {eta}")
    assert macro.body == "Hi {customer_name}, {eta}"


def test_the_console_says_why_a_macro_was_refused(client, agent):
    client.force_login(agent)
    response = client.post("/agent/macros/", {"title": "Hello", "body": "Hi {nme}"})
    assert response.status_code == 400
    assert "Unknown placeholder {nme}" in response.text
    assert not Macro.objects.exists()


def test_the_admin_refuses_what_the_console_refuses(agent):
    data = {"title": "Hello", "body": "Hi {nme}", "created_by": agent.pk, "created_at": "x"}
    form = MacroForm(data=data)
    assert not form.is_valid()
    assert "Unknown placeholder {nme}" in str(form.errors["body"])
