import pytest

from realdesk.automation.placeholders import fill_placeholders, unknown_placeholders

VALUES = {"customer_name": "Ana", "ticket_number": "1042", "owner": "Sam"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hi {customer_name}", "Hi Ana"),
        ("#{ticket_number} is with {owner}", "#1042 is with Sam"),
        ("{custmer_name} stays visible", "{custmer_name} stays visible"),
        ("Braces {{ and }} untouched", "Braces {{ and }} untouched"),
        ("", ""),
    ],
)
def test_fill_placeholders(template, expected):
    assert fill_placeholders(template, VALUES) == expected


@pytest.mark.parametrize(
    ("template", "unknown"),
    [
        ("Hi {customer_name}, {eta}", []),
        ("Hi {custmer_name} {custmer_name} and {ownr}", ["custmer_name", "ownr"]),
        ("Braces {{ and }} and {} untouched", []),
    ],
)
def test_unknown_placeholders(template, unknown):
    assert unknown_placeholders(template) == unknown
