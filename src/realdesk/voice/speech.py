"""What the phone says, in the caller's language (pure, no ORM).

Spoken text lives here rather than in the .po catalogue because every phrase needs a
matching `<Say language=…>` voice: a language joins by adding both at once.
"""

import math

import phonenumbers

# The voice each language is spoken with, as TwiML names it.
VOICES = {"en": "en-US", "de": "de-DE"}
# Countries whose callers hear German unless their profile says otherwise.
GERMAN_COUNTRIES = frozenset({"DE", "AT", "CH", "LI"})

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "hello": "Hello, thank you for calling.",
        "hello_name": "Hello {name}, thank you for calling.",
        "open_ticket": "Press 1 to talk about your request {number}.",
        "faq": "Press {digit} for: {title}.",
        "person": "Press 0 or stay on the line to talk to a person.",
        "position": "You are number {position} in line.",
        "wait_minutes": "The expected wait is about {minutes} minutes.",
        "wait_soon": "Someone will be with you in less than a minute.",
        "nobody": "Nobody can answer right now.",
        "offer_callback": "Press 1 and we call you back on this number instead.",
        "callback_sorry": (
            "We are sorry to keep you waiting. We will call you back on this number, "
            "as soon as a person is free. Goodbye."
        ),
        "callback_confirmed": "Thank you. We will call you back on this number. Goodbye.",
        "anything_else": "Press 0 to talk to a person. Goodbye otherwise.",
    },
    "de": {
        "hello": "Guten Tag, danke für Ihren Anruf.",
        "hello_name": "Guten Tag {name}, danke für Ihren Anruf.",
        "open_ticket": "Drücken Sie die 1, um über Ihre Anfrage {number} zu sprechen.",
        "faq": "Drücken Sie die {digit} für: {title}.",
        "person": "Drücken Sie die 0 oder bleiben Sie dran, um mit einem Menschen zu sprechen.",
        "position": "Sie sind an Position {position} in der Warteschlange.",
        "wait_minutes": "Die erwartete Wartezeit beträgt etwa {minutes} Minuten.",
        "wait_soon": "In weniger als einer Minute ist jemand für Sie da.",
        "nobody": "Im Moment kann leider niemand annehmen.",
        "offer_callback": "Drücken Sie die 1, und wir rufen Sie unter dieser Nummer zurück.",
        "callback_sorry": (
            "Entschuldigen Sie die lange Wartezeit. Wir rufen Sie unter dieser Nummer zurück, "
            "sobald jemand frei ist. Auf Wiederhören."
        ),
        "callback_confirmed": "Danke. Wir rufen Sie unter dieser Nummer zurück. Auf Wiederhören.",
        "anything_else": "Drücken Sie die 0 für einen Menschen. Sonst auf Wiederhören.",
    },
}


def say(language: str, key: str, **values: object) -> str:
    return PHRASES.get(language, PHRASES["en"])[key].format(**values)


def voice(language: str) -> str:
    return VOICES.get(language, VOICES["en"])


def caller_language(number: str, *, profile_language: str = "") -> str:
    """The customer's own choice first, else the language of the number's country."""
    chosen = profile_language.split("-")[0].lower()
    if chosen in PHRASES:
        return chosen
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return "en"
    return "de" if region in GERMAN_COUNTRIES else "en"


def wait_words(language: str, seconds: float) -> str:
    """An honest wait: minutes rounded up, never a promise of "soon" that the queue cannot keep."""
    if math.isinf(seconds):
        return say(language, "nobody")
    if seconds < 60:
        return say(language, "wait_soon")
    return say(language, "wait_minutes", minutes=math.ceil(seconds / 60))
