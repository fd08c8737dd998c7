"""The quick select writes what Django's own Select writes, and reads model choices in one
plain query (no server-side cursor)."""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from factories import TeamFactory
from realdesk.accounts.models import Team
from realdesk.core.forms import QuickModelChoiceField, QuickSelect

CHOICES = [("", "Any"), ("new", "New"), ("open", "Open & <b>busy</b>"), (3, "Three")]


class Both(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)


def _selects(form: forms.Form) -> tuple:
    """Both fields' HTML, parsed (attribute order aside), with the field names made equal."""
    return (
        parse_html(str(form["django"]).replace("django", "field")),
        parse_html(str(form["quick"]).replace("quick", "field")),
    )


@pytest.mark.parametrize("value", [None, "", "new", "open", "3", "missing"])
def test_same_html_as_djangos_select(value):
    data = None if value is None else {"django": value, "quick": value}
    django_html, quick_html = _selects(Both(data))
    assert quick_html == django_html
    assert "&lt;b&gt;busy&lt;/b&gt;" in str(Both()["quick"])  # labels escaped


def test_attributes_required_and_disabled_as_django_writes_them():
    class Form(forms.Form):
        django = forms.ChoiceField(choices=CHOICES, disabled=True)
        quick = forms.ChoiceField(choices=CHOICES, disabled=True, widget=QuickSelect)

    form = Form(initial={"django": "open", "quick": "open"})
    django_html, quick_html = _selects(form)
    assert quick_html == django_html
    assert "required" in str(form["quick"])
    assert "disabled" in str(form["quick"])


def test_only_the_first_of_equal_values_is_selected():
    widget = QuickSelect(choices=[("a", "A"), ("a", "A again")])
    assert widget.render("x", "a").count("selected") == 1


def test_grouped_choices_are_refused_not_flattened():
    widget = QuickSelect(choices=[("Group", [("a", "A")])])
    with pytest.raises(TypeError, match="option groups"):
        widget.render("x", "a")


@pytest.mark.django_db
def test_model_choices_in_one_plain_query_fresh_each_time():
    first = TeamFactory(name="Billing")

    class Form(forms.Form):
        team = QuickModelChoiceField(Team.objects.order_by("name"), empty_label="No team")

    form = Form(initial={"team": first.pk})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["team"])
    assert len(queries) == 1
    assert not queries[0]["sql"].startswith("DECLARE")  # no server-side cursor
    assert f'<option value="{first.pk}" selected>Billing</option>' in html
    assert '<option value="">No team</option>' in html
    TeamFactory(name="Returns")
    assert "Returns" in str(form["team"])  # rendered again: read again, not a stale cache
