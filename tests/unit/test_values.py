"""The numbers and dates users write in params files: one table of accepted and refused values, read the
same by every file that holds a number (goals, commission plans, coaching rules, the training catalog)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from salesnb.errors import ParameterError
from salesnb.params import Settings, load_settings
from salesnb.values import parse_date, parse_number, parse_whole_number

#: (written, the number it is) for every number slot.
ACCEPTED: list[tuple[Any, float]] = [
    (0.25, 0.25),
    (3, 3.0),
    ("0.25", 0.25),
    (" 0.25 ", 0.25),
    (".25", 0.25),
    ("150", 150.0),
    ("1,000", 1000.0),
    ("12,500.5", 12500.5),
    ("1,250,000", 1250000.0),
]
#: (written, the number it is) where a share is meant (``percent=True``) and only there.
PERCENTAGES: list[tuple[Any, float]] = [("25%", 0.25), ("2.5 %", 0.025), ("1,000%", 10.0)]
#: (written, why it is refused) everywhere.
REFUSED: list[tuple[Any, str]] = [
    ("1,5", "a comma only groups thousands (1,000); write decimals with a point (1.5)"),
    ("1,50", "a comma only groups thousands"),
    ("1.000,5", "a comma only groups thousands"),
    ("12,34,567", "a comma only groups thousands"),
    ("1,000,00", "a comma only groups thousands"),
    ("abc", "is not a number"),
    ("", "is not a number"),
    ("%", "is not a number"),
    (True, "is not a number"),
    ([1], "is not a number"),
    (math.inf, "it must be finite"),
    ("1e999", "it must be finite"),
]


def test_the_table_directly():
    for raw, number in ACCEPTED:
        assert parse_number(raw, "x") == number == parse_number(raw, "x", percent=True)
    for raw, number in PERCENTAGES:
        assert parse_number(raw, "x", percent=True) == pytest.approx(number)
        with pytest.raises(ParameterError, match="a percentage is not an amount"):
            parse_number(raw, "x")
    for raw, reason in REFUSED:
        for percent in (False, True):
            with pytest.raises(ParameterError, match=re.escape(reason)):
                parse_number(raw, "x", percent=percent)


# ---- the same table through every file type ----------------------------------------------------------
CATALOG_FILE = "modules:\n  - {id: m, title: {en: M, zh: M}, skill_area: tools, format: coaching, hours: 2}\n"


def _plan(**plan: Any) -> dict[str, Any]:
    return {"plans": [{"id": "p", "applies_to": "default", "method": "flat", **plan}]}


def _rules(rule_when: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    when = rule_when or {"metric": "win_rate", "below": "team_median"}
    rule = {"id": "r", "when": when, "module": "m", "support": "check_in", "impact": 3}
    return {**top, "rules": [rule]}


def _goal_target(settings: Settings) -> float:
    goal = settings.goals.goals[0]  # type: ignore[union-attr]
    if goal.target is None:  # an unreadable target is a finding of the goal's audit, not a load error
        raise ParameterError(f"{settings.goals.path}: {'; '.join(goal.problems)}")  # type: ignore[union-attr]
    return goal.target


@dataclass(frozen=True)
class Slot:
    """A number in one params file: the file, its content around the value, where the value is read back,
    whether a percentage is accepted there, and the range the file allows."""

    file: str
    content: Callable[[Any], dict[str, Any]]
    read: Callable[[Settings], float]
    percent: bool
    low: float = -math.inf
    high: float = math.inf


TIERS = [{"from": 0, "rate": 0.05}]
SLOTS = {
    "goal target": Slot(
        "goals.yaml",
        lambda v: {
            "goals": [{"id": "g", "metric": "revenue", "scope": "org", "target": v, "period": "2026-10"}]
        },
        _goal_target,
        percent=True,
    ),
    "plan tier rate": Slot(
        "commission_plans.yaml",
        lambda v: _plan(tiers=[{"from": 0, "rate": v}]),
        lambda s: s.plans.plans[0].tiers[0].rate,  # type: ignore[union-attr]
        percent=True,
        low=0,
        high=1,
    ),
    "plan cap": Slot(
        "commission_plans.yaml",
        lambda v: _plan(tiers=TIERS, cap=v),
        lambda s: s.plans.plans[0].cap,  # type: ignore[union-attr]
        percent=False,
        low=1e-9,
    ),
    "plan bonus amount": Slot(
        "commission_plans.yaml",
        lambda v: _plan(tiers=TIERS, bonuses=[{"kpi": "win_rate", "min": 0.5, "amount": v}]),
        lambda s: s.plans.plans[0].bonuses[0].amount,  # type: ignore[union-attr]
        percent=False,
        low=1e-9,
    ),
    "rule close_gap": Slot(
        "coaching_rules.yaml",
        lambda v: _rules(close_gap=v),
        lambda s: s.coaching_rules.close_gap,  # type: ignore[union-attr]
        percent=True,
        low=1e-9,
        high=1,
    ),
    "rule benchmark": Slot(
        "coaching_rules.yaml",
        lambda v: _rules({"metric": "win_rate", "below": v}),
        lambda s: s.coaching_rules.rules[0].when.benchmark,  # type: ignore[union-attr, return-value]
        percent=True,
    ),
    "catalog hours": Slot(
        "training_catalog.yaml",
        lambda v: {
            "modules": [
                {
                    "id": "m",
                    "title": {"en": "M", "zh": "M"},
                    "skill_area": "tools",
                    "format": "coaching",
                    "hours": v,
                }
            ]
        },
        lambda s: s.training_catalog["m"].hours,  # type: ignore[index]
        percent=False,
        low=1e-9,
        high=200,
    ),
}


def _load(folder: Path, slot: Slot, value: Any) -> float:
    (folder / slot.file).write_text(yaml.safe_dump(slot.content(value)), encoding="utf-8")
    if slot.file == "coaching_rules.yaml":
        (folder / "training_catalog.yaml").write_text(CATALOG_FILE, encoding="utf-8")
    return slot.read(load_settings(folder))


@pytest.mark.parametrize("name", SLOTS)
def test_every_file_reads_the_table_the_same(tmp_path, name):
    slot = SLOTS[name]
    accepted = ACCEPTED + (PERCENTAGES if slot.percent else [])
    for raw, number in accepted:
        if slot.low <= number <= slot.high:
            assert _load(tmp_path, slot, raw) == pytest.approx(number), raw
        else:  # read as the number, then refused by the file's own range
            with pytest.raises(ParameterError) as caught:
                _load(tmp_path, slot, raw)
            assert "is not a number" not in str(caught.value), raw
    refused = REFUSED + (
        [] if slot.percent else [(raw, "a percentage is not an amount") for raw, _ in PERCENTAGES]
    )
    for raw, reason in refused:
        with pytest.raises(ParameterError) as caught:
            _load(tmp_path, slot, raw)
        assert reason in str(caught.value) and slot.file in str(caught.value), (raw, str(caught.value))


# ---- whole numbers and dates -------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [3, 36, 12])
def test_whole_numbers_in_range(raw):
    assert parse_whole_number(raw, "trend_periods", 3, 36) == raw


@pytest.mark.parametrize("raw", [2, 37, 12.0, "12", "1,000", True, None])
def test_whole_numbers_are_plain_yaml_integers(raw):
    with pytest.raises(ParameterError, match=r"trend_periods must be a whole number from 3 to 36, not "):
        parse_whole_number(raw, "trend_periods", 3, 36, where="defaults.yaml")


@pytest.mark.parametrize(
    ("raw", "day"), [("2026-12-15", date(2026, 12, 15)), (" 2026-12-15 ", date(2026, 12, 15)),
                     (date(2026, 2, 28), date(2026, 2, 28))]
)  # fmt: skip
def test_iso_dates(raw, day):
    assert parse_date(raw, "deadline") == day


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("15/12/2026", "is not a date (YYYY-MM-DD)"),
        ("20261215", "is not a date (YYYY-MM-DD)"),
        ("2026-W50-1", "is not a date (YYYY-MM-DD)"),
        ("2026-02-30", "is not a date: day is out of range for month"),
        (datetime(2026, 12, 15, 9, 30), "is not a date (YYYY-MM-DD)"),
        (20261215, "is not a date (YYYY-MM-DD)"),
    ],
)
def test_only_iso_dates(raw, reason):
    with pytest.raises(ParameterError, match=re.escape(reason)):
        parse_date(raw, "deadline")


def test_a_goal_deadline_reads_the_same(tmp_path):
    path = tmp_path / "goals.yaml"
    goal = {"id": "g", "metric": "revenue", "scope": "org", "target": 1}
    path.write_text(yaml.safe_dump({"goals": [{**goal, "deadline": "2026-12-15"}]}), encoding="utf-8")
    assert load_settings(tmp_path).goals.goals[0].deadline == date(2026, 12, 15)  # type: ignore[union-attr]
    path.write_text(yaml.safe_dump({"goals": [{**goal, "deadline": "15/12/2026"}]}), encoding="utf-8")
    assert load_settings(tmp_path).goals.goals[0].problems == (  # type: ignore[union-attr]
        "T:deadline '15/12/2026' is not a date (YYYY-MM-DD)",
    )
