"""Output files replaced whole: written under a hidden partial name beside each target and
renamed into place only when every one of them is complete.

An interrupted, killed or failing run therefore leaves each target either complete (the
new file) or untouched (the earlier file, or nothing).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from mapper.export import partial_path


@contextlib.contextmanager
def replacing(*targets: Path) -> Iterator[list[Path]]:
    """Give a partial path per target; rename them over the targets if the block succeeds.

    Parameters
    ----------
    targets
        The files the block writes (repeats are written once).

    Yields
    ------
    list of Path
        Where to write each target, in the same order (hidden, named for the target and the
        writing process, with its extension).

    On any exception (or ``KeyboardInterrupt``) the partial files are removed and the
    targets left as they were; the exception goes on.
    """
    unique = list(dict.fromkeys(Path(t) for t in targets))
    partials = {t: partial_path(t) for t in unique}
    try:
        yield [partials[Path(t)] for t in targets]
        for target, partial in partials.items():
            partial.replace(target)
    finally:
        for partial in partials.values():
            with contextlib.suppress(OSError):  # renamed into place, or never written
                partial.unlink()


def left_as_it_was(targets: list[Path]) -> str:
    """What a stopped run left at ``targets``, in words (each is complete or untouched)."""
    untouched = [str(t) for t in dict.fromkeys(targets) if t.exists()]
    absent = [str(t) for t in dict.fromkeys(targets) if not t.exists()]
    said = []
    if untouched:
        said.append(f"the earlier {', '.join(untouched)} {'is' if len(untouched) == 1 else 'are'}"
                    " untouched")  # fmt: skip
    if absent:
        said.append(f"nothing was written to {', '.join(absent)}")
    return "; ".join(said)
