"""Spellings of a place's name that no gazetteer lists: transliteration variants and typos.

"Kfarkela" for Kfar Kila, "Sudja" for Sudzha, "Al-Matula" for Metula, "Korenevsky" for
Korenevskiy, "Bilopillya" for Bilopillia. Both sides are reduced to a *skeleton* that writes
the usual variants alike (the Arabic article dropped; kafr/kfar, dzh/dj/zh, kh/h, sh/ch, ou/u,
y/i, doubled letters), then matched within a small edit distance (rapidfuzz), among the names
of the report's own countries only: a name of the wrong country is never near enough to count.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.lookup import Candidate, Gazetteer, _candidate
from mapper.gazetteer.names import _ARTICLE, fold, without_article
from mapper.toponyms.cues import (
    is_ambiguous_word,
    is_common_word,
    looks_like_person,
    looks_like_surname,
)
from mapper.toponyms.mention import Mention
from mapper.toponyms.scope import Scope

# ordered: longer spellings first ("dzh" before "zh", "kafr" before "kh")
_RULES = (
    ("kafr", "kfr"), ("kfar", "kfr"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("gh", "g"), ("sch", "s"), ("sh", "s"), ("ch", "s"), ("ph", "f"), ("ou", "u"), ("oo", "u"),
    ("ee", "i"), ("iy", "i"), ("ij", "i"), ("y", "i"), ("q", "k"), ("ck", "k"), ("w", "v"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_AND = re.compile(r" (?:and|va|wa|i|y|et|und) (?=\w)")
_KINDS = frozenset(["settlement", "district", "province", "natural"])


def skeleton(name: str) -> str:
    """The spelling-blind form of a name: ``skeleton("Kfarkela") == skeleton("Kafr Kela")``.

    >>> skeleton("Sudja") == skeleton("Sudzha")
    True
    """
    # "Sistan-Baluchestan", "Sistan va Baluchestan": the word "and" between the parts dropped
    s = _AND.sub(" ", without_article(fold(name)))
    for a, b in _RULES:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s.replace(" ", ""))
    return s[:-1] if len(s) > 4 and s.endswith("h") else s


_ARTICLES = re.compile(_ARTICLE.pattern, re.MULTILINE)  # without_article's, at every line


def _skeletons(names: Sequence[str]) -> list[str]:
    """``[skeleton(name) for name in names]``, the rules run once over the names joined by
    line ends (no rule reads one): 2.5 times as fast on a country's names."""
    if not names:
        return []
    text = "\n".join(map(fold, names))  # a folded name has no line end (nor a tab ...)
    text = _AND.sub(" ", _ARTICLES.sub("", text))
    for a, b in _RULES:
        text = text.replace(a, b)
    text = _DOUBLE.sub(r"\1", text.replace(" ", ""))  # "." matches no line end
    return [s[:-1] if len(s) > 4 and s.endswith("h") else s for s in text.split("\n")]


def max_edits(n: int, cued: bool = True) -> int:
    """Edits allowed between skeletons of ``n`` letters: none under 5 (under 6 with no cue
    to say the name is a place), one up to 9, two from 10."""
    return 0 if n < (5 if cued else 6) else 1 if n < 10 else 2


#: what a cue lets a variant be: "the Galwan valley" is no village of another name
_CUE_KINDS = {
    "natural": frozenset(["natural"]),
    "settlement": frozenset(["settlement"]),
    "landmark": frozenset(["settlement", "natural"]),
    "region": frozenset(["district", "province", "settlement"]),
}


def variant_candidates(
    gaz: Gazetteer,
    name: str,
    countries: Iterable[str],
    *,
    cue: str | None = None,
    exact: bool = False,
) -> tuple[Candidate, ...]:
    """Places of ``countries`` whose own name is a variant spelling of ``name``.

    ``cue``: the cue that marks ``name`` (a cued name may be shorter and of a kind the cue
    allows); ``exact``: only names with the very same skeleton (no edit allowed).
    """
    want = frozenset(countries)
    sk = skeleton(name)
    if not want or len(sk) < 4:
        return ()
    # a cued name may be any of a place's names ("Mosesgeh" of Movses); a bare word only
    # its own name, lest a translation or a nickname match a person
    parts = [_country_index(gaz, cc, own=cue is None) for cc in sorted(want)]
    keys = _names_of(parts, sk)
    edits = 0 if exact else max_edits(len(sk), cue is not None)
    loose = False  # two edits away: only a place's own name is that sure a match
    if not keys and edits:
        hits = _typos(parts, sk, edits)
        best = min((h[1] for h in hits), default=None)
        keys = [k for h in hits if h[1] == best for k in _names_of(parts, h[0])]
        loose = best is not None and best >= 2
    kinds = _CUE_KINDS.get(cue or "", _KINDS)
    out: dict[tuple, Candidate] = {}
    for key in keys or ():
        for c in gaz.candidates(key):
            if (
                c.country in want
                and c.kind in kinds
                and ((cue and not loose) or _own_name(c) == key)
            ):
                out.setdefault((c.geonameid, c.kind, c.name), c)
    return tuple(out.values())


def _own_name(c: Candidate) -> str:
    return fold(c.name.split(" (")[0])


def add_variants(
    text: str,
    names: Iterable[tuple[int, int]],
    mentions: Sequence[Mention],
    taken: Sequence[tuple[int, int]],
    gaz: Gazetteer,
    scope: Scope,
) -> list[Mention]:
    """The mentions, with those of ``names`` (spans of capitalised names) added that are
    variants of the names of places of the countries the report names outright.

    With no cue to say it is a place, a name is tried whole ("Kfar Chouba"; never "Anurag" of
    "Anurag Thakur"), of six letters or more, never a word the text also writes in lower
    case; one that opens a sentence must match a skeleton exactly, and the place must be a
    unit or a settlement of some size.
    """
    if not scope.sure:
        return list(mentions)
    out = [_nearer(text, m, gaz, scope) for m in mentions]
    busy = [(m.start, m.end) for m in out] + list(taken)
    lower = {w.lower() for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    for s, e in names:
        if any(a < e and s < b for a, b in busy):
            continue
        key = fold(text[s:e])
        if not _worth(text, s, e, key, lower, gaz, scope):
            continue
        cands = variant_candidates(gaz, text[s:e], scope.sure, exact=_opens_sentence(text, s))
        cands = tuple(c for c in cands if c.kind != "settlement" or c.population >= _MIN_POP)
        if cands:
            out.append(Mention(s, e, text[s:e], cands, None, key, "variant"))
    out.sort(key=lambda m: m.start)
    return out


#: a place this populous is what its name means, wherever it lies
_WORLD_CITY = 1_000_000
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:[Aa]l|[Ee]l)[-‑]$")


def _nearer(text: str, m: Mention, gaz: Gazetteer, scope: Scope) -> Mention:
    """A mention whose every place lies outside the report's countries ("Matula", a name of
    Mathura in India, in a report on Lebanon), as a variant of a name inside them (Metula)."""
    if (
        not m.candidates
        or m.cue == "dateline"
        or any(
            c.country in scope.countries
            or c.kind == "country"
            or c.population >= _WORLD_CITY
            or _own_name(c) == m.key
            for c in m.candidates
        )
    ):
        return m  # near enough, or the very name of a place: no variant beats it
    if looks_like_person(text, m.start, m.end, gaz.keys) or looks_like_surname(m.surface):
        return m  # "Smirnov" names a man before it names a hamlet
    start = m.start
    article = _ARTICLE_BEFORE.search(text, max(0, start - 3), start)
    if article is not None:  # "Al-Matula": the article belongs to the name
        start = article.start()
    cands = variant_candidates(gaz, text[start : m.end], scope.sure, cue=m.cue)
    if not cands:
        return m
    return Mention(start, m.end, text[start : m.end], cands, m.cue, fold(text[start : m.end]),
                   "variant")  # fmt: skip


#: the population a settlement needs to be matched by a variant spelling with no cue
_MIN_POP = 1_000


def _worth(
    text: str, s: int, e: int, key: str, lower: set[str], gaz: Gazetteer, scope: Scope
) -> bool:
    if len(key) < 6 or key in DEMONYMS or key in lower:
        return False  # a short word, and any word the text also writes in lower case
    if is_common_word(key) or is_ambiguous_word(key):
        return False
    known = (*gaz.candidates(key), *map(_candidate, gaz.full().get(key, ())))
    if any(c.country in scope.countries for c in known):
        return False  # a name of the report's countries was judged by the scan already
    return not looks_like_person(text, s, e, gaz.keys) and not looks_like_surname(text[s:e])


_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:;\"“(\[\n]|\s[-–—])\s*$")


def _opens_sentence(text: str, start: int) -> bool:
    return _SENTENCE_OPEN.search(text[max(0, start - 4) : start]) is not None


class _Skeletons:
    """One country's skeleton index: skeleton -> the folded names written so, in the order of
    the country's names; ``by_length``: length -> first letter -> the skeletons so and their
    positions in that order."""

    __slots__ = ("by_length", "gaz", "names")

    def __init__(self, gaz: Gazetteer, names: dict[str, list[str]]) -> None:
        self.gaz = gaz
        self.names = names
        self.by_length: dict[int, dict[str, tuple[list[str], array[int]]]] = {}
        for pos, sk in enumerate(names):
            starts = self.by_length.setdefault(len(sk), {})
            bucket = starts.get(sk[0])
            if bucket is None:
                bucket = starts[sk[0]] = ([], array("i"))
            bucket[0].append(sk)
            bucket[1].append(pos)

    def nearest(self, sk: str, edits: int, limit: int) -> list[tuple[int, int, str]]:
        """(distance, position, skeleton) of the ``limit`` skeletons within ``edits`` of
        ``sk``, nearest first, ties in order: only lengths ``edits`` or fewer away can be."""
        hits = []
        for n in range(len(sk) - edits, len(sk) + edits + 1):
            for choices, positions in self.by_length.get(n, {}).values():
                found = process.extract(sk, choices, scorer=Levenshtein.distance,
                                        score_cutoff=edits, limit=limit)  # fmt: skip
                hits += [(dist, positions[j], choice) for choice, dist, j in found]
        hits.sort()
        return hits[:limit]

    def any_near(self, sk: str, edits: int) -> bool:
        """Whether a skeleton of ``sk``'s first letter lies within ``edits`` of it."""
        for n in range(len(sk) - edits, len(sk) + edits + 1):
            bucket = self.by_length.get(n, {}).get(sk[0])
            if bucket is not None and process.extractOne(
                sk, bucket[0], scorer=Levenshtein.distance, score_cutoff=edits
            ):
                return True
        return False


#: skeleton indexes kept, least recently used first; at most _MAX_NAMES skeletons in all
_PER_COUNTRY: OrderedDict[tuple[int, str, bool], _Skeletons] = OrderedDict()
_MAX_NAMES = 400_000  # about 80 MB; all countries' own and other names are 760,000


def _country_index(gaz: Gazetteer, cc: str, *, own: bool) -> _Skeletons:
    """Skeleton -> folded names of the places of ``cc`` (``own``: own names only).

    A report's set of countries is never merged into one index (news names countries in
    many combinations, and each merge cost MBs): :func:`_names_of` and :func:`_nearest`
    read the countries' indexes in turn, as one index merged in sorted country order.
    """
    key = (id(gaz), cc, own)
    hit = _PER_COUNTRY.get(key)
    if hit is not None and hit.gaz is gaz:
        _PER_COUNTRY.move_to_end(key)
        return hit
    out: dict[str, list[str]] = {}
    # own: only names that are some place's own name in cc (no alternate names)
    names = gaz.country_keys(cc, own=own)
    for name, sk in zip(names, _skeletons(names), strict=True):
        if len(sk) >= 4:
            out.setdefault(sk, []).append(name)
    _PER_COUNTRY.pop(key, None)  # another gazetteer's
    held = sum(len(kept.names) for kept in _PER_COUNTRY.values())
    while _PER_COUNTRY and held + len(out) > _MAX_NAMES:
        held -= len(_PER_COUNTRY.popitem(last=False)[1].names)
    index = _PER_COUNTRY[key] = _Skeletons(gaz, out)
    return index


def _names_of(parts: Sequence[_Skeletons], sk: str) -> list[str]:
    """The names of skeleton ``sk`` in the countries ``parts``, country after country."""
    return [name for part in parts for name in part.names.get(sk, ())]


def _nearest(parts: Sequence[_Skeletons], sk: str, edits: int, limit: int = 10) -> list[tuple]:
    """``process.extract(sk, merged, ...)`` over the countries' indexes merged in turn.

    The merged index lists the skeletons of the first country, then those of the next that
    the first lacks, and so on; rapidfuzz gives the ``limit`` nearest skeletons, ties in
    that order. The same ones are found without merging: each country's ``limit`` nearest
    skeletons, less those an earlier country holds, ranked by (distance, country, position).
    A country's skeleton past its own ``limit`` nearest is never among the merged ones: the
    ``limit`` before it are in the merged index too (from this country or an earlier one),
    no farther and ranked before it.
    """
    found = []
    for i, part in enumerate(parts):
        for dist, pos, choice in part.nearest(sk, edits, limit):
            if not any(choice in earlier.names for earlier in parts[:i]):
                found.append((dist, i, pos, choice))
    found.sort()
    return [(choice, dist) for dist, _, _, choice in found[:limit]]


def _typos(parts: Sequence[_Skeletons], sk: str, edits: int, limit: int = 10) -> list[tuple]:
    """Those of :func:`_nearest` that start with ``sk``'s letter (a typo rarely changes the
    first letter); none when no skeleton of that letter is near, the rest never ranked."""
    if not any(part.any_near(sk, edits) for part in parts):
        return []
    return [h for h in _nearest(parts, sk, edits, limit) if h[0][0] == sk[0]]
