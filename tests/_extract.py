"""Helpers for tests that run one team-written report through the whole pipeline."""

from __future__ import annotations

import mapper


def rows_of(text: str, published: str) -> list[dict]:
    """The output rows (without geometry) of one report with this text and publication date."""
    gdf = mapper.extract([{"id": "r", "text": text, "published": published}])
    return gdf.drop(columns="geometry").to_dict("records")


def by_mention(rows: list[dict]) -> dict[str, dict]:
    """The rows by their mention (the last row of a mention named twice)."""
    return {r["mention"]: r for r in rows}
