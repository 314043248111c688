"""The tutorial notebooks run top to bottom, offline, in the project's Python.

Each notebook is executed by a real Jupyter kernel (``python3``, which jupyter_client starts
with the interpreter running pytest, i.e. the venv's). A first cell added before the
notebook's own refuses every connection and name lookup that leaves the machine, so a
notebook that quietly needs the network fails here.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 600

NO_NETWORK = """\
import socket as _socket

_LOCAL = {"localhost", "127.0.0.1", "::1", "", None}
_connect, _getaddrinfo = _socket.socket.connect, _socket.getaddrinfo


def _local(host):
    return host in _LOCAL or str(host).startswith("127.")


def _guarded_connect(self, address, *args, **kwargs):
    if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _local(address[0]):
        raise OSError(f"network disabled in notebook tests: connect to {address!r}")
    return _connect(self, address, *args, **kwargs)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        raise OSError(f"network disabled in notebook tests: lookup of {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


_socket.socket.connect = _guarded_connect
_socket.getaddrinfo = _guarded_getaddrinfo
"""


@pytest.fixture(scope="session")
def notebook_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One gazetteer cache for the notebooks of a test run, away from the user's own."""
    return tmp_path_factory.mktemp("mapper-cache")


@pytest.fixture
def offline_env(monkeypatch: pytest.MonkeyPatch, notebook_cache: Path) -> None:
    """Environment the kernel inherits: no online geocoding, no GUI backend."""
    monkeypatch.setenv("MAPPER_ONLINE", "0")
    # notebook 03 adds places to the gazetteer, which caches one more index per file
    monkeypatch.setenv("MAPPER_CACHE", str(notebook_cache))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONNOUSERSITE", "1")
    # the kernel runs in a temp folder: make this checkout's package importable there
    # whether or not it is installed
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


def _run(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_NETWORK))
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    return client.execute()


def test_there_are_three_notebooks() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names == ["01_quickstart.ipynb", "02_near_the_border.ipynb", "03_your_own_data.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} was executed"


def test_notebooks_match_their_source(tmp_path: Path) -> None:
    """The committed notebooks are what ``notebooks/make_notebooks.py`` writes."""
    sys.path.insert(0, str(NOTEBOOK_DIR))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(NOTEBOOK_DIR))
    make_notebooks.main(tmp_path)
    for path in NOTEBOOKS:
        written = json.loads((tmp_path / path.name).read_text(encoding="utf-8"))
        committed = json.loads(path.read_text(encoding="utf-8"))
        assert written == committed, f"{path.name}: re-run notebooks/make_notebooks.py"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_offline(path: Path, tmp_path: Path, offline_env: None) -> None:
    nb = nbformat.read(path, as_version=4)
    executed = _run(nb, tmp_path)
    errors = [
        out
        for cell in executed.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
    # every code cell ran, in order
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.slow
def test_harness_fails_on_a_failing_cell_and_on_network_use(
    tmp_path: Path, offline_env: None
) -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell(
                "import socket\nsocket.create_connection(('example.org', 80), timeout=5)"
            ),
            nbformat.v4.new_code_cell("never_reached = True"),
        ]
    )
    with pytest.raises(CellExecutionError, match="network disabled in notebook tests"):
        _run(nb, tmp_path)
