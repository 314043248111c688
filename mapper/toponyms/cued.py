"""Names that a cue marks as places, found whether or not the gazetteer scan saw them.

Reports name small places with a word that says what they are: "Bilopillia hromada", "the
town of Bint Jbeil", "Kurram district", "Kibbutz Yiftah", "the Spin Boldak border crossing",
"villages of A, B and C", and datelines in capitals ("QUETTA, Dec 11", "KABUL:"). Each such
name is looked up in the whole gazetteer (both tiers), then as a spelling variant of a name of
the report's countries; a name found nowhere is kept as an unresolved mention when its cue is
strong (a unit, a settlement, a feature, a section, a landmark), so nothing is dropped unseen.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

import ahocorasick

from mapper._starts import matches_at
from mapper.data import read_lines
from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.lookup import Candidate, Gazetteer
from mapper.gazetteer.names import QUALIFIERS, fold
from mapper.gazetteer.sources import strip_unit_words
from mapper.toponyms.bodies import defines_acronym, part_of_body
from mapper.toponyms.cues import WORDS, is_common_word, names_no_place, word_alternation
from mapper.toponyms.mention import Mention
from mapper.toponyms.scope import Scope
from mapper.toponyms.variants import variant_candidates

#: cues that make a name a place even when no gazetteer holds it
STRONG_CUES = frozenset(["region", "settlement", "natural", "section", "landmark"])

_CAP_FIRST = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f]"
_CAP = rf"{_CAP_FIRST}[\w'’]*(?:-[A-Za-zÀ-ÿ\u0100-\u017f][\w'’]*)*"
# "al-Wazzani", "Aita al-Shaab", "Rub al Thalathin", "Killi Sheikh Lal Muhammad"
_ARTICLES = ("al", "el", "ad", "ed", "an", "ar", "as", "ash", "at", "az", "ul")
_WORD = rf"(?:(?:{'|'.join(_ARTICLES)})[-‑])?{_CAP}"
_PARTICLES = ("al", "el", "ul", "bin", "ibn", "abu", "de", "del", "di", "da", "la", "le", "du",
              "van", "von")  # fmt: skip
_JOIN = rf"(?:[ ](?:(?:{'|'.join(_PARTICLES)})[ ])?|-)"
_NAME = rf"(?<![\w'’-]){_WORD}(?:{_JOIN}{_WORD}){{0,3}}(?![\w-])"
_NAME_RX = re.compile(_NAME)
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+(?:and|or)\s+{_NAME})?"


_AFTER_CUES = [c for c in sorted(STRONG_CUES) if word_alternation(c, "after")]
_BEFORE_CUES = ("region", "settlement", "natural", "near")
_PREFIX_CUES = ("settlement", "natural", "landmark")


def _after_rx() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{c}>{word_alternation(c, 'after')})" for c in _AFTER_CUES)
    return re.compile(
        rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|or)\s+{_NAME}|{_NAME})"
        rf"\s*(?:-\s*)?(?i:{groups})s?\b"
    )


def _before_rx() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{c}>{word_alternation(c, 'before')})" for c in _BEFORE_CUES)
    return re.compile(rf"\b(?i:{groups})s?\s+of\s+(?:the\s+)?(?P<list>{_LIST})")


def _prefix_rx() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{c}>{word_alternation(c, 'prefix')})" for c in _PREFIX_CUES)
    return re.compile(rf"(?<![\w-])(?:{groups})\s+(?P<list>{_NAME})")


_AFTER_RX = _after_rx()
_BEFORE_RX = _before_rx()
_PREFIX_RX = _prefix_rx()


class _Gate:
    """Where in a text a cue pattern can match, found without running it everywhere.

    A match of the "after" and "before" patterns is names, commas, spaces, hyphens and a cue
    word: it lies inside one run of those characters (``segment``), and only a run that holds
    the first word of a cue (lowercase, one Aho-Corasick pass) can hold one. In such a run a
    match begins at its cue word ("village of X": ``at_cue``) or at a name (a capital, or an
    article such as "al-"); the pattern is tried there alone (:func:`matches_at`), with the
    very matches it gives on the whole text.
    """

    def __init__(self, cues: Sequence[str], pos: str, *, at_cue: bool) -> None:
        words = [w for c in cues for w in WORDS.get((c, pos), [])]
        odd = sorted({ch for w in words for ch in w if not (ch.isalnum() or ch.isspace())})
        chars = rf"\w\s,'’‑{re.escape(''.join(odd))}-"
        self.segment = re.compile(rf"[{chars}]+")
        self.gap = re.compile(rf"[^{chars}]")
        self.at_cue = at_cue
        self.automaton = ahocorasick.Automaton()
        for w in words:
            first = w.lower().split()[0]
            self.automaton.add_word(first, len(first))
        self.automaton.make_automaton()

    def finditer(self, rx: re.Pattern[str], text: str, low: str | None) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)``; ``low``: ``text`` lowercased as ``(?i)`` folds (None: unknown)."""
        if low is None:
            yield from rx.finditer(text)
            return
        starts = sorted({end - n + 1 for end, n in self.automaton.iter(low)})
        if not starts:
            return
        if self.at_cue:
            after = -1  # the end of the last match: the next begins after it
            for start in starts:
                run = self.segment.match(text, start) if start >= after else None
                if run is None:  # a cue word out of any run is no match's start
                    continue
                # the end of the run is the end of the text: its next character is none of
                # the run's, so the pattern's look-ahead and \b read the same
                m = rx.match(text, start, run.end())
                if m is not None:
                    yield m
                    after = m.end()
            return
        # the runs are the stretches between the characters no run holds
        breaks = [m.start() for m in self.gap.finditer(text)]
        done = -1  # the end of the last run read
        for start in starts:
            k = bisect_right(breaks, start)
            lo, hi = breaks[k - 1] + 1 if k else 0, breaks[k] if k < len(breaks) else len(text)
            if start < done or lo > start:  # a run read already, or a cue out of any run
                continue
            done = hi
            names = [c for c in _name_starts(text, lo, hi) if _reaches_cue(text, c, hi, starts)]
            yield from matches_at(rx, text, names, hi)


def _name_starts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets in ``text[lo:hi]`` where a name may begin: capitals, and articles ("al-")
    two or three characters before a hyphen (more offsets than that do no harm)."""
    out = [m.start() for m in _CAP_FIRST_RX.finditer(text, lo, hi)]
    for m in _HYPHEN_RX.finditer(text, lo, hi):
        out += [i for i in (m.start() - 3, m.start() - 2) if i >= lo]
    return sorted(set(out))


def _reaches_cue(text: str, start: int, hi: int, cues: list[int]) -> bool:
    """Whether a cue word begins before the first word from ``start`` on that no list of
    names holds (a lowercase word other than "and", "or", "-" and the particles of
    ``_JOIN``): a match of the "after" pattern ends with its cue, and every word before
    the cue is a name's, a particle, "and", "or" or "-" (all passed over by ``_REACH``)."""
    reach = _REACH.match(text, start, hi)
    end = reach.end() if reach is not None else hi
    i = bisect_left(cues, start)
    return i < len(cues) and cues[i] < end


_CAP_FIRST_RX = re.compile(_CAP_FIRST)
_HYPHEN_RX = re.compile("[-‑]")
# the first word, the words a list of names may hold, then the next word (the cue's, or one
# that ends every list); words are split at spaces and commas
_LIST_WORD = (
    rf"(?:{_CAP_FIRST}|(?:{'|'.join(_ARTICLES)})[-‑]"
    rf"|(?:{'|'.join((*_PARTICLES, 'and', 'or', '-'))})(?![^\s,]))"
)
_REACH = re.compile(rf"[^\s,]*(?:[\s,]+{_LIST_WORD}[^\s,]*)*[\s,]*[^\s,]*")
_AFTER_GATE = _Gate(_AFTER_CUES, "after", at_cue=False)
_BEFORE_GATE = _Gate(_BEFORE_CUES, "before", at_cue=True)
#: the prefixes are matched as written: a text without one has no match
_PREFIXES = sorted({w.split()[0] for c in _PREFIX_CUES for w in WORDS.get((c, "prefix"), [])})
# (?i) matches "ı" and "ſ" to "i" and "s", which str.lower() keeps
_FOLD_LIKE_RE = str.maketrans({"ı": "i", "ſ": "s"})
_MONTH = r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
# "QUETTA, Dec 11", "KHARKIV OBLAST, May 11 -", "ISLAMABAD:", "KABUL (Reuters) -", "BEIJING —"
_DATELINE_RX = re.compile(
    r"^[ \t]*(?P<list>[A-Z][A-Z'’.-]+(?:[ ][A-Z][A-Z'’.-]+){0,3})"
    r"(?:\s*/\s*[A-Z][A-Z .'-]{1,30})?\s*(?:\([^)\n]{1,40}\)\s*)?"
    rf"(?:,\s*(?:{_MONTH}\s*\d{{1,2}}\b|\d{{1,2}}\s+{_MONTH})|\s*[:—–]\s|\s+-\s)",
    re.MULTILINE,
)
_NOT_A_NAME = frozenset(w.lower() for ws in WORDS.values() for w in ws)


def cued_names(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, cue)`` of every name a cue marks in ``text``, in text order.

    The span holds the name alone ("Bilopillia" of "Bilopillia hromada"), trimmed of the
    words that open a sentence or name a people ("In", "Lebanese").
    """
    found: dict[tuple[int, int], str] = {}
    # translate() reads every character through a dict: only texts with "ı" or "ſ" need it
    odd = "ı" in text or "ſ" in text
    folded = (text.translate(_FOLD_LIKE_RE) if odd else text).lower()
    # "İ" lowercases to two characters: no offsets to share
    low = folded if len(folded) == len(text) else None
    for rx in (_DATELINE_RX, _AFTER_RX, _BEFORE_RX, _PREFIX_RX):
        for m in _matches(rx, text, low):
            cue = "dateline" if rx is _DATELINE_RX else _which(m)
            lo, hi = m.span("list")
            for n in _NAME_RX.finditer(text, lo, hi) if rx is not _DATELINE_RX else [m]:
                span = _trim(text, *(n.span("list") if rx is _DATELINE_RX else n.span()))
                if span is not None and span not in found:
                    found[span] = cue
    return sorted((s, e, c) for (s, e), c in found.items())


def _matches(rx: re.Pattern[str], text: str, low: str | None) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, run only where it can match."""
    if rx is _AFTER_RX:
        return _AFTER_GATE.finditer(rx, text, low)
    if rx is _BEFORE_RX:
        return _BEFORE_GATE.finditer(rx, text, low)
    if rx is _PREFIX_RX:  # a match begins at its prefix, written as it is listed
        return matches_at(rx, text, _offsets(text, _PREFIXES))
    # a dateline begins a line
    return matches_at(rx, text, _offsets(text, ["\n"], shift=1, first=0))


def _offsets(
    text: str, words: Sequence[str], shift: int = 0, first: int | None = None
) -> list[int]:
    """Sorted offsets of every occurrence of ``words`` in ``text``, plus ``shift``."""
    out = [] if first is None else [first]
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.append(i + shift)
            i = text.find(w, i + 1)
    return sorted(set(out))


def _which(m: re.Match[str]) -> str:
    """The cue group that matched (``lastgroup`` is the name list, which closes last)."""
    return next(k for k, v in m.groupdict().items() if v is not None and k != "list")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the capitalised names of ``text`` ("Aita al-Shaab", "Seredyna-Buda")."""
    return [m.span() for m in _NAME_RX.finditer(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without its leading function words, demonyms and cue words; None if empty."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    for i in range(len(words) - 1, 0, -1):  # "Armenia's Tavush": the name is the last part
        if text[start + words[i - 1][1] - 2 : start + words[i - 1][1]] in ("'s", "’s"):
            words = words[i:]
            break
    while words:
        w = fold(text[start + words[0][0] : start + words[0][1]])
        if is_common_word(w) or w in DEMONYMS or w in _NOT_A_NAME or not w:
            words.pop(0)
        else:
            break
    if not words:
        return None
    s, e = start + words[0][0], start + words[-1][1]
    key = fold(text[s:e])
    if any(is_common_word(w) or w in DEMONYMS for w in key.split()) or len(key) < 3:
        return None  # "Army post", "Security Force outpost": a body, not a place
    return s, e


def add_cued(
    text: str,
    mentions: Sequence[Mention],
    taken: Sequence[tuple[int, int]],
    gaz: Gazetteer,
    scope: Scope,
) -> tuple[list[Mention], list[Mention]]:
    """The mentions with cued names added; and the cued names found nowhere (unresolved).

    A cued name that holds a shorter mention ("Seredyna-Buda" around "Buda") replaces it.
    """
    out = list(mentions)
    unresolved: list[Mention] = []
    for start, end, cue in cued_names(text):
        if any(s < end and start < e for s, e in taken) or names_no_place(text, end, start):
            continue
        if part_of_body(text, end) or defines_acronym(text, start, end):
            continue
        inside = [m for m in out if m.start < end and start < m.end]
        if any(m.start < start or end < m.end for m in inside) or len(inside) > 1:
            continue  # found already, or overlaps a longer mention or several: they stand
        if inside and (inside[0].start, inside[0].end) == (start, end):
            continue
        key = fold(text[start:end])
        found = _candidates(gaz, text[start:end], cue, scope)
        if found is None:
            if cue not in STRONG_CUES or inside:
                continue  # "Seredyna-Buda" found nowhere: "Buda" stands (resolving decides)
            m = Mention(start, end, text[start:end], (), cue, key, "cued")
            unresolved.append(m)
        else:
            cands, tier = found
            m = Mention(start, end, text[start:end], cands, cue, key, tier)
        out = [x for x in out if x not in inside]
        out.append(m)
    out.sort(key=lambda m: m.start)
    return [m for m in out if m.candidates], unresolved


def _candidates(
    gaz: Gazetteer, name: str, cue: str, scope: Scope
) -> tuple[tuple[Candidate, ...], str] | None:
    """Candidates of a cued name and how they were found; None when nothing fits."""
    cands = [c for c in gaz.lookup(name) if _fits(c, cue, scope)]
    if scope.countries and any(c.country in scope.countries for c in cands):
        cands = [c for c in cands if c.country in scope.countries or c.kind == "country"]
    elif scope.sure:
        # only far places: one reached by another of its names is a namesake by chance
        # ("the village of Banjska" in Kosovo is no alternate spelling of Bulgaria's Bansko)
        key = fold(name)
        cands = [c for c in cands if c.curated or c.kind == "country" or _own_key(c) == key]
    if cands:
        return tuple(cands), "cued"
    if cue == "dateline":
        return None
    if cue == "region":  # "Sudzhansky district": the district of Sudzha, at its seat
        stems = _seat_names(name)
        # the seat's very name first (every form the adjective may come from: the sentence's
        # other places choose among them), then spellings of it
        seats = list({(c.geonameid, c.kind): c for stem in stems for c in gaz.lookup(stem)
                      if c.country in scope.countries
                      and c.kind in ("settlement", "district")}.values())  # fmt: skip
        if seats:
            return tuple(seats), "cued"
        for stem in stems:
            seats = list(variant_candidates(gaz, stem, scope.countries, cue=cue))
            if seats:
                return tuple(seats), "variant"
    variants = variant_candidates(gaz, name, scope.countries, cue=cue)
    first = fold(name).split(" ", 1)[0]
    # "Jdeidet Marjeyoun": the town is Marjayoun; but "Ashaghi Askipara" is not Askipara
    if not variants and " " in name.strip() and first not in QUALIFIERS:
        variants = variant_candidates(gaz, name.split()[-1], scope.countries, cue=cue)
    return (variants, "variant") if variants else None


def _own_key(c: Candidate) -> str:
    return fold(strip_unit_words(c.name.split(" (")[0]))


def _seat_names(name: str) -> list[str]:
    """Names the seat may have, when ``name`` is an adjective naming a district after it:
    "Kupianskyi" -> Kupiansk, "Graivoronsky" -> Graivoron, "Sudzhansky" -> Sudzha."""
    word = name.strip()
    ending = next((e for e in read_lines("unit_adjectives.txt") if word.lower().endswith(e)), "")
    if not ending or len(word) - len(ending) < 3:
        return []
    stem = word[: len(word) - len(ending)]  # "Kupian", "Graivoron", "Sudzhan", "Korenev"
    # Kupiansk, Graivoron, Korenevo, Shalyhyne, Yunakivka, Krasnopillia (Krasnopilska)
    out = [stem + "sk", stem, stem + "o", stem + "e", stem + "ka", stem + "lia", stem + "ia"]
    if stem.endswith("an"):
        out.append(stem[:-1])  # "Sudzha"
    if stem.endswith("ian"):
        out.append(stem[:-3] + "a")  # "Vorozhbianska": Vorozhba
    return out


#: the population a dateline's settlement needs (datelines are cities; "UPDATE:" is no place)
_DATELINE_POP = 10_000


def _fits(c: Candidate, cue: str, scope: Scope) -> bool:
    if c.kind == "country":
        return False  # a country is found by the scan; a cued "Lebanese village" is no country
    if cue == "dateline":
        return c.kind != "settlement" or c.population >= _DATELINE_POP
    return True
