"""What the phone says, in the caller's language (pure, no ORM).

Spoken text lives here rather than in the .po catalogue because every phrase needs a
matching `<Say language=…>` voice: a language joins by adding both at once.
"""

import math
import re

import phonenumbers

# The voice each language is spoken with, as TwiML names it.
VOICES = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}
# Countries whose callers hear their language unless their profile says otherwise.
COUNTRY_LANGUAGES = {
    **dict.fromkeys(("DE", "AT", "CH", "LI"), "de"),
    **dict.fromkeys(("FR", "BE", "LU", "MC"), "fr"),
    **dict.fromkeys(("ES", "MX", "AR", "CO", "CL", "PE"), "es"),
}

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
        "offer_callback": "Press 1 and we call you back instead.",
        "callback_sorry": "We are sorry to keep you waiting this long.",
        "callback_confirmed": "Thank you. We will call you back on {number}. Goodbye.",
        "type_number": "Please type the number we can call you back on, then the hash key.",
        "number_unusable": "We could not use that number.",
        "no_number": "Without a number we cannot call you back. Please call again. Goodbye.",
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
        "offer_callback": "Drücken Sie die 1, und wir rufen Sie stattdessen zurück.",
        "callback_sorry": "Entschuldigen Sie bitte die lange Wartezeit.",
        "callback_confirmed": "Danke. Wir rufen Sie unter {number} zurück. Auf Wiederhören.",
        "type_number": (
            "Bitte geben Sie die Nummer ein, unter der wir Sie zurückrufen, "
            "und danach die Rautetaste."
        ),
        "number_unusable": "Diese Nummer können wir leider nicht verwenden.",
        "no_number": (
            "Ohne Nummer können wir Sie nicht zurückrufen. Bitte rufen Sie wieder an. "
            "Auf Wiederhören."
        ),
    },
    "fr": {
        "hello": "Bonjour, merci de votre appel.",
        "hello_name": "Bonjour {name}, merci de votre appel.",
        "open_ticket": "Tapez 1 pour parler de votre demande {number}.",
        "faq": "Tapez {digit} pour : {title}.",
        "person": "Tapez 0 ou restez en ligne pour parler à une personne.",
        "position": "Vous êtes en position {position} dans la file.",
        "wait_minutes": "L'attente prévue est d'environ {minutes} minutes.",
        "wait_soon": "Quelqu'un sera avec vous dans moins d'une minute.",
        "nobody": "Personne ne peut répondre pour le moment.",
        "offer_callback": "Tapez 1 et nous vous rappelons plutôt.",
        "callback_sorry": "Nous sommes désolés de vous faire attendre si longtemps.",
        "callback_confirmed": "Merci. Nous vous rappellerons au {number}. Au revoir.",
        "type_number": (
            "Veuillez taper le numéro auquel nous pouvons vous rappeler, puis la touche dièse."
        ),
        "number_unusable": "Nous ne pouvons pas utiliser ce numéro.",
        "no_number": (
            "Sans numéro, nous ne pouvons pas vous rappeler. Merci de rappeler. Au revoir."
        ),
    },
    "es": {
        "hello": "Hola, gracias por llamar.",
        "hello_name": "Hola {name}, gracias por llamar.",
        "open_ticket": "Pulse 1 para hablar de su solicitud {number}.",
        "faq": "Pulse {digit} para: {title}.",
        "person": "Pulse 0 o permanezca en línea para hablar con una persona.",
        "position": "Usted es el número {position} en la fila.",
        "wait_minutes": "La espera prevista es de unos {minutes} minutos.",
        "wait_soon": "Alguien le atenderá en menos de un minuto.",
        "nobody": "Ahora mismo nadie puede atenderle.",
        "offer_callback": "Pulse 1 y le devolvemos la llamada.",
        "callback_sorry": "Sentimos hacerle esperar tanto.",
        "callback_confirmed": "Gracias. Le llamaremos al {number}. Adiós.",
        "type_number": (
            "Marque el número en el que podemos llamarle y después la tecla almohadilla."
        ),
        "number_unusable": "No podemos usar ese número.",
        "no_number": "Sin un número no podemos llamarle. Por favor, vuelva a llamar. Adiós.",
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
    return COUNTRY_LANGUAGES.get(region, "en")


def spelled(number: str) -> str:
    """An E.164 number read back as the caller knows it: national digits one by one, a
    pause between groups ("0 3 0, 1 2 3 4 5 6"), never "thirty billion"."""
    national = phonenumbers.format_number(
        phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return ", ".join(" ".join(group) for group in re.findall(r"\d+", national))


def wait_words(language: str, seconds: float) -> str:
    """An honest wait: minutes rounded up, never a promise of "soon" that the queue cannot keep."""
    if math.isinf(seconds):
        return say(language, "nobody")
    if seconds < 60:
        return say(language, "wait_soon")
    return say(language, "wait_minutes", minutes=math.ceil(seconds / 60))
