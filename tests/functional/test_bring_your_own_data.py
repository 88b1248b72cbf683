"""The README's "Bring your own data", run as a new user runs it: each ``bash`` block of the section in
order, in a shell, from a copy of the repository's layout (``salesnb`` is this checkout's command). The
worked example always runs; the Olist part runs when the data is at ``../shared/real-data`` and skips,
saying so, when it is not. What the section promises of the outcome is checked after the commands.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from salesnb.params import load_settings
from salesnb.warehouse import connect, read_meta

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
REAL_DATA = ROOT.parent / "shared" / "real-data"
OLIST = REAL_DATA / "olist-marketing-funnel"

pytestmark = pytest.mark.slow


def section_blocks(heading: str) -> list[str]:
    """The ``bash`` blocks under the README's subsection ``heading`` of "Bring your own data", in order."""
    text = README.read_text(encoding="utf-8")
    part = text.split("## Bring your own data\n", 1)[1].split("\n## ", 1)[0]
    sub = part.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return [plain_lines(block) for block in re.findall(r"```bash\n(.*?)```", sub, flags=re.S)]


def plain_lines(block: str) -> str:
    """A block as written inside a numbered list (indented) or at the margin, as plain shell lines."""
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())


def run_blocks(blocks: list[str], where: Path) -> list[subprocess.CompletedProcess]:
    """Run ``blocks`` one after the other in one shell session per block, stopping at the first failure;
    ``where`` mirrors the repository (``tests``, ``docs``, ``params`` linked) beside ``../shared``."""
    project = where / "project"
    project.mkdir()
    for name in ("tests", "docs", "params"):
        (project / name).symlink_to(ROOT / name)
    if REAL_DATA.is_dir():
        (where / "shared").mkdir()
        (where / "shared" / "real-data").symlink_to(REAL_DATA)
    # the readme's `salesnb` is this checkout's, run by this interpreter; variables carry across blocks
    prelude = f'salesnb() {{ "{sys.executable}" -m salesnb.cli "$@"; }}\nset -e\n'
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("SALESNB_DB", "SALESNB_PARAMS", "SALESNB_REPORTS"):
        env.pop(name, None)  # the commands say where everything goes
    done, script = [], ""
    for block in blocks:
        script += block + "\n"
        done.append(
            subprocess.run(
                ["bash", "-c", prelude + script],
                cwd=project,
                env=env,
                capture_output=True,
                text=True,
                timeout=1800,
            )
        )
        assert done[-1].returncode == 0, f"{block}\n{done[-1].stdout[-2000:]}\n{done[-1].stderr[-3000:]}"
        script = "".join(f"{line}\n" for line in script.splitlines() if re.match(r"^\w+=", line))
    return done


def test_the_worked_example_runs_as_written(tmp_path):
    blocks = section_blocks("Your own exports, step by step")
    assert [b.split()[1] for b in blocks] == ["ingest", "params", "params", "run"]
    run_blocks(blocks, tmp_path)
    acme = tmp_path / "project" / "acme"
    settings = load_settings(acme / "params")
    assert settings.goals.goals, "a team with amounts and lost deals gets suggested goals"
    index = (acme / "reports" / "index.html").read_text(encoding="utf-8")
    assert list((acme / "reports" / "2025-Q3").glob("*/team_review.html"))
    assert list((acme / "reports" / "2025-Q3").glob("*/reps/*.html"))
    assert "team_review.html" in index


@pytest.mark.external
@pytest.mark.skipif(not OLIST.is_dir(), reason=f"the Olist data is not at {OLIST} (see tests/external)")
def test_the_olist_walkthrough_runs_as_written(tmp_path):
    blocks = section_blocks("A real export: the Olist marketing funnel")
    assert len(blocks) == 1
    (done,) = run_blocks(blocks, tmp_path)
    olist = tmp_path / "project" / "olist"
    with connect(olist / "salesnb.duckdb") as con:
        assert read_meta(con)["currency"] == "BRL"
        quarantined = con.execute("SELECT sum(rows_quarantined) FROM imports").fetchone()[0]
    assert quarantined == 1  # the deal won before its lead's first contact, as the README says
    # the history cannot measure revenue (no amounts) or a win rate (no losses): no goal, and why
    settings = load_settings(olist / "params")
    assert not settings.goals.goals
    goals = (olist / "params" / "goals.yaml").read_text(encoding="utf-8")
    assert "won deals in the months of history carry no amount" in goals
    assert "no deal lost in the months of history" in goals
    # params init names the very period the README renders next
    assert (
        "salesnb run --period 2018-Q3 --reps --db olist/salesnb.duckdb --params olist/params" in done.stdout
    )
    review = (olist / "reports" / "2018-Q3" / "olist-sales" / "team_review.html").read_text(encoding="utf-8")
    assert "Currency: BRL" in review and "¥" not in review
    assert len(list((olist / "reports" / "2018-Q3" / "olist-sales" / "reps").glob("*.html"))) == 22
