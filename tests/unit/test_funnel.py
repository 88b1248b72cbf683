import pandas as pd
import pytest

from salesnb.kpis.funnel import stage_funnel
from salesnb.periods import Period


def test_funnel_counts_furthest_stage_and_skips():
    opps = pd.DataFrame(
        {
            "opportunity_id": ["w", "l1", "l2", "x", "open"],
            "status": ["won", "lost", "lost", "won", "open"],
            "close_date": pd.to_datetime(["2026-10-03", "2026-10-04", "2026-10-05", "2026-09-30", None]),
        }
    )
    # l2 skipped needs_analysis on its way to proposal: it still passed it. x closed in September.
    hist = pd.DataFrame(
        {
            "opportunity_id": ["w", "w", "l1", "l1", "l1", "l2", "l2", "x"],
            "stage": [
                "qualification",
                "closed_won",
                "qualification",
                "needs_analysis",
                "closed_lost",
                "qualification",
                "proposal",
                "closed_won",
            ],
        }
    )
    f = stage_funnel(opps, hist, Period.parse("2026-10"))
    assert f["deals"].tolist() == [3, 3, 2, 1, 1]
    assert f["step_conversion"].tolist()[1:] == pytest.approx([1.0, 2 / 3, 0.5, 1.0])
    assert f["from_start"].iloc[-1] == pytest.approx(1 / 3)
