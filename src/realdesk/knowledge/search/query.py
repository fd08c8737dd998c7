"""From a customer's question to the few words worth searching for (pure).

A question such as "how do I get my money back?" carries two words that matter; the
rest would match every article. Stop words are dropped per language, and what remains is
searched with OR so an article need not contain every word to rank.
"""

import re

MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _listed(
        "a about am an and any are as at be been but by can could did do does doing for from "
        "had has have having he her here him his how i if in into is it its just me "
        "my now of on or our please so some than that the their them then there these "
        "they this to too us was we were what when where which while who why will with would "
        "you your yours hi hello thanks thank"
    ),
    "de": _listed(
        "aber als am an auch auf aus bei bin bis bitte da das dass dem den der des die doch "
        "du ein eine einem einen einer es für hab habe haben hallo hat ich ihr im in ist ja "
        "kann man mein meine meinen mich mir mit nach nur oder sie sind so um und "
        "uns von war was wie wir wo zu zum zur danke"
    ),
    "fr": _listed(
        "a au aux avec bonjour ce ces comment dans de des du elle en est et il je la le les "
        "leur ma mais me merci mes mon nous on ou par pour qu que qui sa se ses son "
        "sur ta te tu un une vos votre vous y j l d s c"
    ),
    "es": _listed(
        "a al como con de del el en es esta hola la las lo los me mi mis o para por que "
        "se si su sus tu un una y yo gracias"
    ),
}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def search_terms(query: str, *, language: str) -> list[str]:
    """The distinct meaningful words of the query, in order; stop words only if nothing else."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    every = list(dict.fromkeys(word for word in words(query) if len(word) > 1))
    meaningful = [word for word in every if word not in stop]
    return (meaningful or every)[:MAX_TERMS]
