import pytest

from realdesk.incidents.text import keywords_match, localized


@pytest.mark.parametrize(
    ("keywords", "text", "expected"),
    [
        ("cannot log in", "Help, I CANNOT   log in since noon", True),
        ("login", "loginless mode", False),
        ("login error\npayment failed", "my payment failed twice", True),
        ("", "anything", False),
        ("  \n", "anything", False),
        ("c++", "my c++ build", True),
    ],
)
def test_keywords_match(keywords, text, expected):
    assert keywords_match(keywords, text) is expected


def test_localized_falls_back_to_the_original():
    translations = {"de": "Anmeldung", "fr": "  "}
    assert localized("Login", translations, "de-at") == "Anmeldung"
    assert localized("Login", translations, "fr") == "Login"
    assert localized("Login", translations, "en") == "Login"
