"""Extraction on Dask: the pipeline's batch function run per part of the reports, on a local
cluster of processes or on a ``dask.distributed`` cluster.

Needs the ``dask`` extra (``pip install 'border-incident-mapper[dask]'``); importing this
package does not, so that the command line can say which extra is missing.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "extract_dask": "mapper.scale.frames",
    "compute": "mapper.scale.frames",
    "run_extract_dask": "mapper.scale.stream",
    "require_dask": "mapper.scale.work",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    msg = f"module 'mapper.scale' has no attribute {name!r}"
    raise AttributeError(msg)
