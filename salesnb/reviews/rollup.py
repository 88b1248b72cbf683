"""Each team's goals, forecast and risks rolled up for the leaders' views (the org and region overviews).

Pure functions of frames: :mod:`salesnb.reviews.outlook` computes each team's parts with the team
review's own functions, these sum them per region and for the whole scope.

* **Goals.** Each row of a team's :func:`~salesnb.goals.progress.goal_progress` is one result (a level
  goal gives one per rep it holds to the target, as the team review lists it). A result is *met* or
  *missed* once its period is over; while the period runs it is *pending*, and among the pending ones
  *at risk* or *behind* say the projection falls short; *no data* and *not tracked* (the audit's reason)
  are counted apart, never as missed. *Flagged* counts the tracked results whose SMART audit does not pass.
* **Forecast.** Each team's forecast is the one its review calls most reliable: the method with the lowest
  backtest error that does not forecast nothing (:func:`best_forecast`). A region's or the scope's
  forecast sums its teams'; ``teams_forecast`` of ``teams`` had one (the rest are left out and said to
  be, never counted as 0). The range sums the teams' lows and their highs: it assumes the teams miss
  together (their errors correlated), the widest honest range; it is given only when every team in the
  sum has one. Commit and best case (:mod:`salesnb.analysis.deal_forecast`) are summed likewise.
* **Risks.** A team's risks of one kind are one entry (how many, the worst severity; the stalled deals'
  amount), so 37 stalled deals are one risk of a team, not 37 of the top five; entries are ranked by
  severity, then the register's kind order (the team's own risks before those of one rep or deal), then
  how many. Entries about reps name no rep
  (``about_reps``): an overview shows no rep's figures to other teams' readers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from salesnb.analysis.evidence import StalledDealEvidence
from salesnb.analysis.findings import Risk, Severity
from salesnb.analysis.risks import KIND_ORDER

#: Status of a goal result → the group the roll-up counts it in.
STATUS_GROUP = {
    "met": "met",
    "missed": "missed",
    "on_track": "pending",
    "at_risk": "pending",
    "behind": "pending",
    "not_started": "pending",
    "no_data": "no_data",
    "not_tracked": "not_tracked",
}
GOAL_COUNTS = ["goals", "met", "missed", "pending", "pending_short", "no_data", "not_tracked", "flagged"]
#: Audit verdicts that raise no flag (not judged: too little history to say).
AUDIT_FINE = ("passes", "not_judged")
FORECAST_COLUMNS = [
    "team_id", "method", "forecast", "low", "high", "wape", "unreliable", "step", "n_backtest", "commit",
    "best_case", "reason",
]  # fmt: skip
#: Entries the top-risks list shows.
TOP_RISKS = 5


def goal_counts(progress: pd.DataFrame) -> dict[str, int]:
    """How many goal results are met, missed, pending (and short among them), without data, not tracked,
    and flagged by the audit.

    >>> rows = pd.DataFrame({"status": ["met", "behind", "not_tracked"], "audit": ["passes", "sandbagged",
    ...                      "no_period"]})
    >>> goal_counts(rows)["pending_short"], goal_counts(rows)["flagged"], goal_counts(rows)["not_tracked"]
    (1, 1, 1)
    """
    status = progress["status"].map(STATUS_GROUP).fillna("no_data")
    tracked = progress["status"] != "not_tracked"
    return {
        "goals": len(progress),
        "met": int((status == "met").sum()),
        "missed": int((status == "missed").sum()),
        "pending": int((status == "pending").sum()),
        "pending_short": int(progress["status"].isin(["at_risk", "behind"]).sum()),
        "no_data": int((status == "no_data").sum()),
        "not_tracked": int((status == "not_tracked").sum()),
        "flagged": int((tracked & ~progress["audit"].isin(AUDIT_FINE)).sum()),
    }


def goal_rollup(progress: Mapping[str, pd.DataFrame], teams: pd.DataFrame) -> pd.DataFrame:
    """Goal counts (:data:`GOAL_COUNTS`) per team, per region and in total (``level``: team, region, total;
    ``unit_id``); teams without goal progress (no goals file) have none."""
    rows = pd.DataFrame(
        [{"team_id": t, **goal_counts(progress[t])} for t in teams["team_id"] if t in progress],
        columns=["team_id", *GOAL_COUNTS],
    )
    return _with_totals(rows, teams, GOAL_COUNTS)


def best_forecast(forecast: pd.DataFrame, deals: pd.DataFrame, team_id: str) -> dict[str, object]:
    """The team's forecast of the next period as its review states it: the backtested method with the
    lowest error (never one that forecast nothing), its range and label, and the deals' commit and best
    case of the same period. No tested method: the forecast is NaN with ``reason`` ``untested``."""
    tested = forecast[forecast["wape"].notna() & ~forecast["forecasts_nothing"].astype(bool)]
    due = deals.iloc[-1:] if len(deals) else deals  # the last row is the next period's
    commit = float(due["commit"].iloc[0]) if len(due) else math.nan
    best_case = float(due["best_case"].iloc[0]) if len(due) else math.nan
    if tested.empty:
        said = (
            [r for r in forecast["reason"] if isinstance(r, str) and r] if len(forecast) else []
        )  # NaN: none
        reason = said[0] if said else "untested"
        return {"team_id": team_id, "method": "", "forecast": math.nan, "low": math.nan, "high": math.nan,
                "wape": math.nan, "unreliable": False, "step": math.nan, "n_backtest": 0, "commit": commit,
                "best_case": best_case, "reason": reason}  # fmt: skip
    best = tested.loc[tested["wape"].idxmin()]
    return {
        "team_id": team_id,
        "method": str(best["method"]),
        "forecast": float(best["next_period"]),
        "low": float(best["next_low"]),
        "high": float(best["next_high"]),
        "wape": float(best["wape"]),
        "unreliable": bool(best["unreliable"]),
        "step": float(best["step"]),
        "n_backtest": int(best["n_backtest"]),
        "commit": commit,
        "best_case": best_case,
        "reason": None,
    }


def forecast_rollup(forecasts: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """Forecast, range, commit and best case per team (``forecasts``: :data:`FORECAST_COLUMNS` rows), per
    region and in total, with how many teams each sum holds (``teams_forecast`` of ``teams``) and how
    many of them are unreliable; see the module docstring for how ranges add up.

    >>> teams = pd.DataFrame({"team_id": ["a", "b"], "region_id": ["r", "r"]})
    >>> nan = float("nan")
    >>> f = pd.DataFrame({"team_id": ["a", "b"], "forecast": [100.0, nan], "low": [80.0, nan],
    ...                   "high": [130.0, nan], "unreliable": [True, False], "commit": [50.0, 20.0],
    ...                   "best_case": [90.0, 40.0], "step": [10.0, nan]})
    >>> total = forecast_rollup(f, teams).iloc[-1]
    >>> [float(total[c]) for c in ("forecast", "teams_forecast", "teams", "low", "commit")]
    [100.0, 1.0, 2.0, 80.0, 70.0]
    """
    f = forecasts.copy()
    f["teams"] = 1
    f["teams_forecast"] = f["forecast"].notna().astype(int)
    f["teams_range"] = (f["low"].notna() & f["high"].notna()).astype(int)
    f["unreliable_teams"] = (f["unreliable"].astype(bool) & f["forecast"].notna()).astype(int)
    summed = ["forecast", "low", "high", "commit", "best_case"]
    counts = ["teams", "teams_forecast", "teams_range", "unreliable_teams"]
    out = _with_totals(f, teams, summed + counts, keep=[c for c in f.columns if c not in summed + counts])
    groups = out["level"] != "team"
    # a sum over teams of which some have none is no sum: the forecast over those that have one is
    # kept (and said to be partial), its range only when each of those has one
    out.loc[groups & (out["teams_forecast"] == 0), "forecast"] = math.nan
    no_range = groups & ((out["teams_range"] < out["teams_forecast"]) | (out["teams_forecast"] == 0))
    out.loc[no_range, ["low", "high"]] = math.nan
    # a sum is rounded like the least precise of its teams' forecasts
    steps = out.loc[~groups].set_index("team_id")["step"].astype(float)
    region = teams.set_index("team_id")["region_id"]
    for i in out.index[groups]:
        unit = out.at[i, "unit_id"]
        members = steps if out.at[i, "level"] == "total" else steps[steps.index.map(region) == unit]
        out.at[i, "step"] = members.max() if members.notna().any() else math.nan
    return out


def _with_totals(
    rows: pd.DataFrame, teams: pd.DataFrame, summed: list[str], keep: list[str] | None = None
) -> pd.DataFrame:
    """``rows`` (one per team) with one row per region and one for the total, each the sum of ``summed``
    over its teams (a sum of none or of only NaN is NaN); ``keep`` columns are the teams' own."""
    keep = [c for c in (keep or []) if c != "team_id"]
    region = teams.set_index("team_id")["region_id"]
    rows = rows.assign(region_id=rows["team_id"].map(region))
    team_rows = rows.assign(level="team", unit_id=rows["team_id"])
    by_region = rows.groupby("region_id", sort=False)[summed].sum(min_count=1).reset_index()
    by_region = by_region.assign(level="region", unit_id=by_region["region_id"])
    total = rows[summed].sum(min_count=1).to_frame().T.assign(level="total", unit_id="total", region_id="")
    ordered = ["level", "unit_id", "team_id", "region_id", *summed, *keep]
    return pd.concat([team_rows, by_region, total], ignore_index=True).reindex(columns=ordered)


def risk_entries(risks: Mapping[str, list[Risk]]) -> pd.DataFrame:
    """Each team's risks of one kind as one entry: ``team_id``, ``kind``, ``severity`` (the worst),
    ``n``, ``amount`` (the stalled deals' sum, else NaN), ``about_reps`` (the risk concerns reps: the
    overview names none) and ``risk`` (the one :class:`Risk` when ``n`` is 1, for its sentence); most
    severe first (see the module docstring)."""
    rows = []
    for team_id, team_risks in risks.items():
        by_kind: dict[str, list[Risk]] = {}
        for r in team_risks:
            by_kind.setdefault(str(r.kind), []).append(r)
        for kind, group in by_kind.items():
            worst = min(group, key=lambda r: r.severity.rank)
            stalled = [r.evidence.amount for r in group if isinstance(r.evidence, StalledDealEvidence)]
            rows.append(
                {
                    "team_id": team_id,
                    "kind": kind,
                    "severity": str(worst.severity),
                    "rank": worst.severity.rank,
                    "n": len(group),
                    "amount": float(sum(stalled)) if stalled else math.nan,
                    "about_reps": any(r.rep_id or r.subject.kind == "rep" for r in group),
                    "risk": group[0] if len(group) == 1 else None,
                }
            )
    out = pd.DataFrame(
        rows, columns=["team_id", "kind", "severity", "rank", "n", "amount", "about_reps", "risk"]
    )
    out["order"] = [KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER) for k in out["kind"]]
    out = out.sort_values(["rank", "order", "n"], ascending=[True, True, False], kind="stable")
    return out.drop(columns=["rank", "order"]).reset_index(drop=True)


def risk_counts(risks: Mapping[str, list[Risk]]) -> pd.DataFrame:
    """Risks per team by severity (``high``, ``medium``, ``low``, ``total``), one row per team.

    >>> risk_counts({"a": []}).to_dict("records")
    [{'team_id': 'a', 'high': 0, 'medium': 0, 'low': 0, 'total': 0}]
    """
    rows = []
    for team_id, team_risks in risks.items():
        counts = {s.value: sum(r.severity == s for r in team_risks) for s in Severity}
        rows.append({"team_id": team_id, **counts, "total": len(team_risks)})
    return pd.DataFrame(rows, columns=["team_id", *(s.value for s in Severity), "total"])
