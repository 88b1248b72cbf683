"""What the goals tables of the team and rep reviews say about each goal in words: the SMART audit's verdict
and its reason, why a goal is not tracked, and which of goal and quota pays.

The rows are :func:`salesnb.goals.progress.goal_progress` rows (``audit``, ``audit_detail``, ``quota``,
``quota_attainment``) with the ``pays`` column of :func:`salesnb.incentives.with_goal_pay`.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

from salesnb.goals.audit import MIN_HISTORY, NAMES, UNTRACKABLE
from salesnb.goals.progress import QUOTA_KPIS
from salesnb.text.formatting import format_value, kpi_label
from salesnb.text.i18n import tr, trf

#: Verdicts that need no sentence under the table.
QUIET = ("passes",)


def audit_word(code: str, language: str) -> str:
    """The verdict shown in the goals table's audit column.

    >>> audit_word("sandbagged", "en"), audit_word("fails_R", "en"), audit_word("no_period", "zh")
    ('too easy', 'fails Relevant', '没有期间')
    """
    if code.startswith("fails_"):
        return trf("audit.fails", language, props=NAMES.get(code[6:], code[6:]))
    return tr(f"audit.{code}", language)


def _value(value: Any, unit: str, currency: str) -> str:
    return format_value(value, unit, currency)


def target_text(row: Any, currency: str) -> str:
    """A goal's target as the table shows it; as written when the goal is not tracked (a 45 meant as
    45 % is shown as 45, not as 4,500 %).

    >>> from types import SimpleNamespace as Row
    >>> target_text(Row(target=45.0, unit="ratio", status="not_tracked"), "CNY")
    '45'
    >>> target_text(Row(target=0.33, unit="ratio", status="met"), "CNY")
    '33.0%'
    """
    if row.status == "not_tracked":
        return "–" if pd.isna(row.target) else f"{float(row.target):g}"
    return format_value(row.target, row.unit, currency)


def audit_sentence(row: Any, language: str, currency: str) -> str:
    """The reason behind a goal's verdict, with its numbers; empty for a goal that passes."""
    code, d = str(row.audit), dict(row.audit_detail or {})
    goal, unit = str(row.goal_id), str(row.unit or d.get("unit", ""))
    if code in QUIET:
        return ""
    if code == "not_judged":
        n = int(d.get("n", 0))
        return trf("audit_reason.not_judged", language, goal=goal, n=n, min=MIN_HISTORY)
    if code == "unrealistic":
        pct = f"{abs(d['needed']):.0%}"
        change = trf("audit.growth" if d["higher_is_better"] else "audit.improvement", language, pct=pct)
        return trf(
            "audit_reason.unrealistic",
            language,
            goal=goal,
            target=_value(d["target"], unit, currency),
            change=change,
            base_label=d["base_label"],
            base=_value(d["base"], unit, currency),
            periods=d["periods"],
            p90=f"{d['p90']:+.0%}",
            suggested=_value(d["suggested"], unit, currency),
            period=str(row.period),
        )
    if code == "sandbagged":
        key = "audit_reason.sandbagged" if d["higher_is_better"] else "audit_reason.sandbagged_lower"
        return trf(
            key,
            language,
            goal=goal,
            target=_value(d["target"], unit, currency),
            periods=d["periods"],
            worst=_value(d["worst"], unit, currency),
            worst_label=d["worst_label"],
            suggested=_value(d["suggested"], unit, currency),
            period=str(row.period),
        )
    if code in ("no_objective", "unknown_objective", "past"):
        return trf(f"audit_reason.{code}", language, goal=goal, **_plain(d))
    if code in (*UNTRACKABLE, "no_reps"):
        return _not_tracked(code, d, row, language)
    return trf(
        "audit_reason.fails",
        language,
        goal=goal,
        props=NAMES.get(code[6:], code),
        reason=str(d.get("reason", "")),
    )


def _plain(detail: dict) -> dict[str, str]:
    return {k: str(v) for k, v in detail.items() if k != "reason"}


def _not_tracked(code: str, d: dict, row: Any, language: str) -> str:
    goal, metric = str(row.goal_id), str(row.kpi)
    values: dict[str, object] = {"goal": goal, "reason": str(d.get("reason", ""))}
    if code == "unknown_metric":
        values["metric"] = metric
    if code in ("not_a_share", "negative_target"):
        target = float(d.get("target", row.target))
        values |= {"target": f"{target:g}", "kpi": kpi_label(metric, language)}
        values |= {"pct": f"{target:g}%", "fraction": f"{target / 100:g}"}
    if code == "no_reps":
        values["level"] = tr(f"level.{d.get('level', '')}", language)
    return trf(f"not_tracked.{code}", language, **values)


def bonuses_text(pays: Any, language: str, currency: str) -> str:
    """``¥2,000 under plan inside-manager; …`` for the plans paying a bonus on the goal."""
    return "; ".join(
        trf("pay.plan_bonus", language, amount=_value(amount, "currency", currency), plan=plan)
        for plan, amount in pays
    )


def pay_sentence(row: Any, language: str, currency: str, quota_shown: bool = True) -> str:
    """Which of goal and quota pays: for a revenue or attainment goal beside a quota, both numbers and
    that commission follows the quota; for any goal a commission plan pays a bonus on, the bonus.
    ``quota_shown=False`` leaves the quota out (a level goal's row stands for one rep of several)."""
    pays = list(row.pays) if isinstance(row.pays, list | tuple) else []
    bonus = (
        trf("pay.bonus", language, bonuses=bonuses_text(pays, language, currency))
        if pays
        else tr("pay.no_bonus", language)
    )
    quota = float(row.quota) if row.quota is not None else math.nan
    if quota_shown and row.kpi in QUOTA_KPIS and row.status != "not_tracked" and math.isfinite(quota):
        text = trf(
            "pay.quota",
            language,
            goal=str(row.goal_id) + (f" · {row.who}" if row.who else ""),
            target=_value(row.target, row.unit, currency),
            status=tr(f"status.{row.status}", language),
            quota=_value(quota, "currency", currency),
            attainment=_value(row.quota_attainment, "ratio", currency),
            bonus=bonus,
        )
        if row.kpi == "revenue" and row.target < quota:
            text += trf("pay.below_quota", language, share=f"{row.target / quota:.0%}")
        return text
    if pays and row.status != "not_tracked":
        return trf(
            "pay.goal_bonus",
            language,
            goal=str(row.goal_id),
            period=str(row.period),
            bonuses=bonuses_text(pays, language, currency),
        )
    return ""


def goal_notes(goals: pd.DataFrame, language: str, currency: str) -> list[str]:
    """One sentence per goal whose verdict needs a reason, and one per goal a quota or bonus concerns;
    a level goal (one row per rep) is explained once."""
    out: list[str] = []
    seen: set[str] = set()
    rows_per_goal = goals["goal_id"].value_counts()
    for row in goals.itertuples(index=False):
        if row.goal_id in seen:
            continue
        seen.add(row.goal_id)
        single = rows_per_goal[row.goal_id] == 1
        out += [audit_sentence(row, language, currency), pay_sentence(row, language, currency, single)]
    return [s for s in out if s]


def goal_notes_html(goals: pd.DataFrame, language: str, currency: str) -> str:
    """The sentences of :func:`goal_notes` as a list under the goals table (escaped)."""
    notes = goal_notes(goals, language, currency)
    if not notes:
        return ""
    items = "".join(f"<li>{html.escape(s)}</li>" for s in notes)
    return f'<p class="note">{html.escape(tr("goal_notes", language))}</p><ul>{items}</ul>'
