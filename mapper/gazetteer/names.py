"""Normalising place names and report text so that spellings meet.

One folding serves both sides: index keys and report text. It lower-cases, writes the
Turkic letters by the usual English rule (ə→a, ç→ch, ş→sh, ğ→gh, ı→i, ö→o, ü→u),
transliterates every other script with ``anyascii`` (Cyrillic, Armenian, Georgian, ...), and
turns every character that is not a letter or digit into a space, so that "Kalbajar's" holds
the key "kalbajar" between two spaces. Letters whose English value differs in one country's
own alphabet (Azerbaijani c = j, x = kh) follow the per-country rules of
``mapper/data/letter_rules.tsv``, applied to that country's names only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from mapper.data import read_table

# Turkic letters whose English spelling differs from what anyascii gives (ə -> "e", ç -> "c").
_TURKIC_LETTERS = {
    "ə": "a", "Ə": "a", "ç": "ch", "Ç": "ch", "ş": "sh", "Ş": "sh", "ğ": "gh", "Ğ": "gh",
    "ı": "i", "I": "i", "İ": "i", "ö": "o", "Ö": "o", "ü": "u", "Ü": "u",
}  # fmt: skip


@lru_cache(maxsize=1)
def _letter_rules() -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    for cc, pairs in read_table("letter_rules.tsv"):
        table: dict[str, str] = {}
        for pair in pairs.split():
            src, _, dst = pair.partition("=")
            table[src.lower()] = dst.lower()
            table[src.upper()] = dst[:1].upper() + dst[1:].lower()
        out[cc.upper()] = str.maketrans(table)
    return out


def letter_rule(country: str | None) -> dict[int, str] | None:
    """The translation table of a country's own Latin letters, or None (most countries)."""
    return _letter_rules().get(country.upper()) if country else None


def rule_countries() -> tuple[str, ...]:
    """Countries that have a letter rule."""
    return tuple(_letter_rules())


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _TURKIC_LETTERS:
        return _TURKIC_LETTERS[ch]
    out = ch.lower() if ch.isascii() else anyascii(ch).lower()
    # one character may become several ("Ք" -> "K'"): keep their letters, space the rest
    return out if out.isalnum() else "".join(c if c.isalnum() and c.isascii() else " " for c in out)


def fold(name: str) -> str:
    """Fold a name to its index key: lower-case ASCII words separated by single spaces.

    Examples
    --------
    >>> fold("Kəlbəcər")
    'kalbacar'
    >>> fold("Azerbaijan's")
    'azerbaijan s'
    """
    return " ".join(name.translate(_FOLD).split())


class _FoldTable(dict):
    """``str.translate`` table of :func:`_fold_char`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _fold_char(ch)
        out = " " if ch.isascii() and not ch.isalnum() else out
        self[code] = out
        return out


_FOLD = _FoldTable()
# the Arabic article as folded text writes it ("Al Qamishli", "Ar Raqqah", "Deir ez Zor")
_ARTICLE = re.compile(r"^(?:al|el|ad|ed|an|ar|as|ash|at|az|ul) (?=\w)")


def without_article(key: str) -> str:
    """A folded name without a leading Arabic article: ``"al qamishli"`` -> ``"qamishli"``.

    Reports drop the article as often as they keep it, so a name written without it is
    still the place's own name.
    """
    return _ARTICLE.sub("", key)


_DROP_APOSTROPHES = {ord(a): None for a in "'’ʻʼ`´‘ʹʾʿ"}


def fold_variants(name: str, *, country: str | None = None) -> set[str]:
    """Every key under which ``name`` is indexed.

    Apostrophes are both dropped ("K'arvacharr" -> "karvacharr") and read as a space (the
    form a possessive takes in folded text). Names of a country with a letter rule also get
    the English spelling of its letters (Azerbaijan: Qəbələ -> gabala, Xocalı -> khojali,
    Cəbrayıl -> jabrayil).
    """
    return _variants(name, country)


def _variants(name: str, country: str | None) -> set[str]:
    first = fold(name)
    keys = {first}
    dropped = name.translate(_DROP_APOSTROPHES)
    if dropped != name:
        keys.add(fold(dropped))
    rule = letter_rule(country) if country else None
    if rule is not None and not _looks_english(dropped):
        keys.add(fold(dropped.translate(rule)))
    keys.discard("")
    for k in list(keys):
        head, _, rest = k.partition(" ")
        group = _PREFIX_OF.get(head)
        if group is not None and rest:
            keys |= {f"{p} {rest}" for p in group}
    return keys


# The words for "upper", "lower", "big", "small" open many village names and are spelt
# every which way: Yukhari/Yukhary/Yuxari, Ashagi/Ashaghy/Asagi, Boyuk/Beyuk, Kichik.
_PREFIXES = (
    frozenset({"yukhari", "yukhary", "yuxari", "yukari", "yokhari", "yukhar"}),
    frozenset({"ashagi", "ashagy", "ashaghi", "ashaghy", "asagi", "ashaga"}),
    frozenset({"boyuk", "beyuk", "buyuk"}),
    frozenset({"kichik", "kicik", "kuchuk", "kucuk"}),
)


# The same words across languages: "Upper Askipara" is Yukhari Askipara, "Nerkin Hand" is
# Lower Hand. A name with one of them names another village than the bare name does.
_QUALIFIER_GROUPS = (
    _PREFIXES[0] | {"upper", "verin", "verkhniy", "verkhny", "verkhnii", "verkhnyaya",
                    "verkhneye", "verkhnee", "zemo"},
    _PREFIXES[1] | {"lower", "nerkin", "nizhniy", "nizhny", "nizhnii", "nizhnyaya",
                    "nizhneye", "nizhnee", "kvemo"},
    _PREFIXES[2] | {"big", "great", "mets", "bolshoy", "bolshaya", "bolshoye", "didi"},
    _PREFIXES[3] | {"small", "little", "pokr", "maly", "malyy", "malaya", "maloye", "patara"},
)  # fmt: skip
_PREFIX_OF = {w: g for g in _PREFIXES for w in g}
#: a folded qualifier word -> every word of the same meaning
QUALIFIERS: dict[str, frozenset[str]] = {w: g for g in _QUALIFIER_GROUPS for w in g}


def qualified_keys(word: str, key: str) -> list[str]:
    """Keys of ``key`` opened by the qualifier ``word`` in every language, ``word``'s first.

    >>> qualified_keys("Upper", "askipara")[:2]
    ['upper askipara', 'verin askipara']
    """
    w = fold(word)
    return [f"{w} {key}"] + [f"{q} {key}" for q in sorted(QUALIFIERS.get(w, ())) if q != w]


def _looks_english(name: str) -> bool:
    # An ASCII spelling with no c, q or x is already English ("Khojaly"): the letter rules
    # are meant for the countries' own Latin (Xocalı, Qəbələ, Cəbrayıl).
    if not name.isascii():
        return False
    low = name.lower()
    return "x" not in low and "q" not in low and "c" not in low


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """Fold report text for matching, padded with one space on either side.

    Returns the folded text and, when its length differs from ``text`` (a letter became
    several, as ç -> "ch"), the offset in ``text`` of every folded character; ``None``
    means that folded offset ``i`` is ``text`` offset ``i - 1``.
    """
    if text.isascii():
        return " " + text.translate(_ASCII_FOLD) + " ", None
    parts = [_fold_char(c) for c in text]
    folded = "".join(parts).translate(_ASCII_FOLD)
    if len(folded) == len(text):
        return " " + folded + " ", None
    offsets = [0]  # the leading pad maps to the first character
    for i, p in enumerate(parts):
        offsets.extend([i] * len(p))
    offsets.append(len(text))
    return " " + folded + " ", offsets


# lower-case letters and digits stay, every other ASCII character becomes one space
_ASCII_FOLD = {i: (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)}


_TURKIC_CASED = str.maketrans({
    "ə": "a", "Ə": "A", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh",
    "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
})  # fmt: skip


def english_spelling(name: str, *, country: str | None = None) -> str:
    """An English (ASCII) spelling of a place name, keeping its case.

    Examples
    --------
    >>> english_spelling("Laçın", country="AZ")
    'Lachin'
    >>> english_spelling("Xankəndi", country="AZ")
    'Khankandi'
    """
    rule = letter_rule(country)
    if rule is not None:
        name = name.translate(rule).translate(_TURKIC_CASED)
    return anyascii(name)
