"""Demonyms and adjectives of the world's countries: names of the country's people.

A report names its countries through their people ("Pakistani troops", "Kyrgyz border
guards") more often than by name. The table is ``mapper/data/demonyms.tsv``.
"""

from __future__ import annotations

from mapper.data import read_table


def _parse() -> dict[str, str]:
    out: dict[str, str] = {}
    for cc, words in read_table("demonyms.tsv"):
        for word in words.split(","):
            w = word.strip()
            out.setdefault(w, cc)
            out.setdefault(f"{w} s", cc)  # "Armenian's" folds to "armenian s"
    return out


#: folded demonym or adjective (and its possessive) -> ISO alpha-2 code of its country
DEMONYMS: dict[str, str] = _parse()
