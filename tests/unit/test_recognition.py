"""Recognition awards from attainment counted by hand."""

import math

import pandas as pd

from salesnb.incentives.recognition import recognition


def test_awards_by_hand():
    att = pd.DataFrame(
        {
            "p1": [0.9, 0.5, None],
            "p2": [1.0, 0.6, 1.2],
            "p3": [1.1, 0.7, 1.0],
            "p4": [1.3, 1.2, 0.95],
        },
        index=["a", "b", "c"],
    )
    out = recognition(att).set_index("award")
    assert out.loc["top_performer", "rep_id"] == "a"  # 1.3 is the best p4
    # b: 1.2 − mean(0.5, 0.6, 0.7) = +0.6; a: 1.3 − 1.0 = +0.3; c has no p1 quota: not compared
    assert out.loc["most_improved", "rep_id"] == "b"
    assert math.isclose(out.loc["most_improved", "previous"], 0.6)
    streak = out.loc[["streak"]]
    assert streak["rep_id"].tolist() == ["a"] and streak["periods"].tolist() == [3]  # p2–p4; c broke at p4


def test_no_rise_no_most_improved_and_empty_frame():
    flat = pd.DataFrame({"p1": [1.0], "p2": [1.0], "p3": [1.0], "p4": [0.9]}, index=["a"])
    assert "most_improved" not in set(recognition(flat)["award"])
    assert recognition(pd.DataFrame()).empty
