"""The warm engine's execution manager writes the output notebook at the start and the end only."""

from __future__ import annotations

import nbformat
from papermill.iorw import load_notebook_node

from salesnb.batch import kernels


def test_save_at_ends_skips_the_per_cell_writes(tmp_path, monkeypatch):
    source = tmp_path / "in.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    nbformat.write(nb, source)
    writes = []
    monkeypatch.setattr("papermill.engines.write_ipynb", lambda nb, path: writes.append(path))
    out = str(tmp_path / "out.ipynb")
    man = kernels.SaveAtEnds(load_notebook_node(str(source)), output_path=out, progress_bar=False)
    man.notebook_start()
    for i, cell in enumerate(man.nb.cells):
        man.cell_start(cell, i)
        man.cell_complete(cell, i)
    assert writes == [out]  # the start only: no write per cell
    assert all(c.metadata.papermill["status"] == "completed" for c in man.nb.cells)  # metadata kept
    man.notebook_complete()
    assert writes == [out, out]
