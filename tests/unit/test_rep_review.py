"""The rep review's pieces against hand-computed numbers: strengths and gaps, follow-through, the feedback
and commission sentences, notes escaping, report paths, and every translation key the code uses."""

from __future__ import annotations

import math
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from salesnb.analysis.findings import Signal
from salesnb.analysis.signals import SIGNALS
from salesnb.batch.runner import Job
from salesnb.charts.rep import plot_rep_position, plot_rep_trend
from salesnb.coaching import Action
from salesnb.coaching.catalog import FORMATS, SKILL_AREAS, Module
from salesnb.coaching.rules import BENCHMARKS, SUPPORT, Condition, Rule
from salesnb.errors import ParameterError
from salesnb.goals.model import Goal, Scope
from salesnb.goals.pacing import STATUSES
from salesnb.incentives import LINE_CODES, Line
from salesnb.incentives.plans import BASES, METHODS
from salesnb.kpis import CATALOG
from salesnb.params import notes_path, read_notes
from salesnb.periods import Period
from salesnb.report_params import RepReviewParams, TeamReviewParams
from salesnb.reports import kinds
from salesnb.reports import rep_review as report
from salesnb.reviews.rep import (
    NOT_COMPARED,
    SCORECARD_COLUMNS,
    WORKLOAD_METRICS,
    follow_through,
    relative_diff,
    strengths_and_gaps,
)
from salesnb.text.i18n import STRINGS, tr
from salesnb.warehouse.schema import LEVELS, TEAM_TYPES

ROOT = Path(__file__).parents[2]
OCT = Period.parse("2026-10")


def card(rows: list[tuple]) -> pd.DataFrame:
    """Scorecard rows: (kpi, value, team median, peer median, peer percentile, peers)."""
    out = []
    for kpi, value, team, peer, pct, peers in rows:
        spec = CATALOG[kpi]
        out.append(
            {"kpi": kpi, "unit": spec.unit, "higher_is_better": spec.higher_is_better, "value": value,
             "previous": math.nan, "change": math.nan, "change_pct": math.nan, "target": math.nan,
             "status": "", "team_median": team, "team_n": 6, "peer_median": peer, "peer_percentile": pct,
             "peers": peers}
        )  # fmt: skip
    return pd.DataFrame(out, columns=SCORECARD_COLUMNS)


def fake_review(language: str = "en", **more) -> SimpleNamespace:
    """What the sentence builders read of a review."""
    base = {
        "language": language,
        "currency": "CNY",
        "level": "junior",
        "team_type": "telesales",
        "min_group": 5,
    }
    return SimpleNamespace(**{**base, **more})


# ------------------------------------------------------------------------------ strengths and gaps
def test_relative_difference_by_hand():
    assert relative_diff(0.36, 0.30, True) == pytest.approx(0.2)  # (0.36 - 0.30) / 0.30
    assert relative_diff(15.0, 20.0, False) == pytest.approx(0.25)  # 5 days shorter than 20: 25 % better
    assert relative_diff(-20.0, -40.0, True) == pytest.approx(0.5)  # NPS: relative to |benchmark|
    assert math.isnan(relative_diff(0.5, 0.0, True)) and math.isnan(relative_diff(0.5, math.nan, True))


def test_strengths_and_gaps_need_both_benchmarks_and_ten_per_cent():
    sc = card(
        [
            ("win_rate", 0.36, 0.30, 0.32, 0.9, 8),  # +20 % on the team, +12.5 % on peers: strength 0.125
            ("contact_rate", 0.18, 0.30, 0.31, 0.0, 8),  # -40 % and -41.9 %: gap -0.40
            ("calls_per_working_day", 66.0, 60.0, 70.0, 0.4, 8),  # +10 % team but -5.7 % peers: neither
            ("sales_cycle_days", 15.0, 20.0, 25.0, 1.0, 8),  # 25 % and 40 % shorter: strength 0.25
            ("avg_deal_size", 9000.0, 10000.0, math.nan, math.nan, 0),  # -10 % on the only benchmark: gap
            ("csat", 0.9, 0.0, math.nan, math.nan, 0),  # no usable benchmark: never judged
            ("headcount", 1.0, 5.0, 5.0, 0.0, 8),  # not a rep's KPI
        ]
    )
    strengths, gaps = strengths_and_gaps(sc)
    assert strengths["kpi"].tolist() == ["sales_cycle_days", "win_rate"]
    assert strengths["score"].tolist() == pytest.approx([0.25, 0.125])
    assert gaps["kpi"].tolist() == ["contact_rate", "avg_deal_size"]
    # a gap's score is its impact: shortfall 0.4 × revenue 0.4 × control 1; 0.1 × 0.8 × 1 (docs/coaching.md)
    assert gaps["score"].tolist() == pytest.approx([0.16, 0.08])
    assert gaps.loc[0, "diff_peer"] == pytest.approx((0.18 - 0.31) / 0.31)
    top, worst = strengths_and_gaps(sc, top=1)
    assert top["kpi"].tolist() == ["sales_cycle_days"] and worst["kpi"].tolist() == ["contact_rate"]
    assert "headcount" in NOT_COMPARED
    # a higher bar: only the 25 % strength and the 40 % gap are left
    strong, weak = strengths_and_gaps(sc, min_diff=0.2)
    assert strong["kpi"].tolist() == ["sales_cycle_days"] and weak["kpi"].tolist() == ["contact_rate"]


# ------------------------------------------------------------------------------------ follow-through
def action(metric: str, baseline: float, target: float | None) -> Action:
    module = Module("call-timing", {"en": "When to call", "zh": "拨打时机"}, "sales_skills", "shadowing", 2)
    rule = Rule("r-" + metric, Condition(metric=metric), module.id, metric, "listen_in", 3)
    goal = None
    if target is not None:
        goal = Goal(f"g-{metric}", metric, Scope("rep", "r1"), target, "2026-10", objective="develop-people")
    return Action(rule, module, "fix", metric, baseline, baseline, "team_median", 0.2, 0.1,
                  goal=goal, goal_baseline=baseline)  # fmt: skip


def test_follow_through_arithmetic_by_hand():
    actions = [
        action("contact_rate", 0.18, 0.24),  # 18 % → 21 %: +3 points, +16.7 %, improved, short of 24 %
        action("sales_cycle_days", 30.0, 25.0),  # 30 → 24 days: -6, -20 %, improved (lower is better), met
        action("win_rate", 0.30, 0.33),  # no deal closed this period: no actual, no verdict
        action("csat", 0.8, None),  # no goal: not followed through
    ]
    now = pd.Series({"contact_rate": 0.21, "sales_cycle_days": 24.0, "win_rate": math.nan})
    f = follow_through(actions, now).set_index("metric")
    assert list(f.index) == ["contact_rate", "sales_cycle_days", "win_rate"]
    c = f.loc["contact_rate"]
    assert (c["baseline"], c["target"], c["actual"]) == pytest.approx((0.18, 0.24, 0.21))
    assert c["change"] == pytest.approx(0.03) and c["change_pct"] == pytest.approx(0.03 / 0.18)
    assert c["improved"] is True and c["met"] is False
    s = f.loc["sales_cycle_days"]
    assert s["change"] == pytest.approx(-6.0) and s["change_pct"] == pytest.approx(-0.2)
    assert s["improved"] is True and s["met"] is True
    w = f.loc["win_rate"]
    assert np.isnan(w["actual"]) and w["improved"] is None and w["met"] is None


# ---------------------------------------------------------------------------------------- sentences
def test_feedback_sentence_cites_number_benchmarks_and_rank():
    row = card([("contact_rate", 0.18, 0.31, 0.30, 0.125, 8)]).iloc[0]
    en = report.kpi_sentence(fake_review("en"), row)
    assert en == (
        "Contact rate 18.0% vs 31.0% team median and 30.0% peer median, "
        "bottom 20% of 8 junior telesales peers."
    )
    zh = report.kpi_sentence(fake_review("zh"), row)
    assert zh == (
        "接通率为 18.0%，团队中位数 31.0%，同级中位数 30.0%，在 8 名同级（电话销售·初级）销售中位列后 20%。"
    )
    # too few peers for a rank: the medians are still there; no peers: the team median alone
    few = card([("win_rate", 0.5, 0.3, 0.35, 0.9, 3)]).iloc[0]
    assert (
        report.kpi_sentence(fake_review(), few)
        == "Win rate 50.0% vs 30.0% team median and 35.0% peer median."
    )
    alone = card([("new_customers", 4.0, 2.5, math.nan, math.nan, 0)]).iloc[0]
    assert report.kpi_sentence(fake_review(), alone) == "New customers 4 vs 2.5 team median."
    mid = card([("win_rate", 0.5, 0.3, 0.35, 0.5, 10)]).iloc[0]
    assert report.kpi_sentence(fake_review(), mid).endswith("better than 50% of 10 junior telesales peers.")


def test_signal_sentences_carry_their_numbers():
    review = fake_review(hire_date="2026-07-01")
    low = Signal.of("low_contact_rate", "r1", "medium", "contact_rate", 0.12, 0.30, 0.195, periods=3,
                    dials=4033, connects=501, peers=10, margin=0.35, ratio_to_median=0.4)  # fmt: skip
    assert report.signal_sentence(review, low) == (
        "Contact rate 12.0% over the last 3 periods vs 30.0% median of 10 team-mates (501 of 4,033 dials "
        "connected); the pattern fires below 19.5%."
    )
    ramp = Signal.of("ramping", "r1", "low", "tenure_months", 3.0, math.nan, 6.0, hire_date="2026-07-01")
    assert (
        report.signal_sentence(review, ramp)
        == "3 months since joining on 2026-07-01, within the 6-month ramp."
    )
    runs = {"2026-08": 0.5, "2026-09": 0.6, "2026-10": 0.4}
    below = Signal.of("below_target", "r1", "medium", "quota_attainment", 0.5, math.nan, 0.8, periods_below=3,
                      attainment=runs, required_periods=3)  # fmt: skip
    assert report.signal_sentence(review, below) == (
        "Quota attainment below 80.0% in each of the last 3 periods: "
        "2026-08 50.0%, 2026-09 60.0%, 2026-10 40.0%."
    )


def test_commission_lines_read_as_sums():
    review = fake_review()
    tier = Line("tier", 1650.0, tier=2, kind="base", from_attainment=0.5, to_attainment=1.0, revenue=27500.0,
                rate=0.06)  # fmt: skip
    assert report.line_text(review, tier, "2026-10") == (
        "Revenue from 50.0% to 100.0% of quota (tier 2, base rate): ¥27,500 × 6% = ¥1,650"
    )
    cap = Line("cap", -1234.5, limit=12000.0)
    assert (
        report.line_text(review, cap, "2026-10")
        == "Monthly cap of ¥12,000: the ¥1,234.50 above it is not paid"
    )
    kpi = Line("bonus_kpi_missed", 0.0, kpi="win_rate", value=0.3, minimum=0.45, bonus=500.0)
    assert (
        report.line_text(review, kpi, "2026-10")
        == "Win rate 30.0%, below the 45.0% needed: bonus of ¥500 not paid"
    )
    assert report.line_text(fake_review("zh"), Line("total", 813.0), "2026-10") == "2026-10 合计"
    assert report.money(4819.2, "CNY") == "¥4,819.20" and report.rate_text(0.004) == "0.4%"


# ------------------------------------------------------------------------------------- manager notes
def test_notes_are_read_as_text_and_escaped(tmp_path):
    folder = tmp_path / "notes" / "2026-10"
    folder.mkdir(parents=True)
    text = '# Notes\n\n<script>alert("x")</script>\n- [click](javascript:alert(1)) & **bold**\nline two'
    (folder / "bj-telesales-r03.md").write_text(text + "\n", encoding="utf-8")
    notes = read_notes(tmp_path, OCT, "bj-telesales-r03")
    assert notes == text  # verbatim (the trailing newline aside)
    out = report.notes_html(notes, "params/notes/2026-10/bj-telesales-r03.md", "en")
    assert "<script>" not in out and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "<a " not in out and "&amp; **bold**" in out  # no Markdown rendering, no link
    assert "\nline two" in out and "white-space: pre-wrap" in out  # line breaks kept
    assert read_notes(tmp_path, OCT, "bj-telesales-r04") is None
    missing = report.notes_html(None, "params/notes/2026-10/x.md", "zh")
    assert "本期无备注" in missing and "params/notes/2026-10/x.md" in missing


def rep_job(tmp_path: Path, team: str, rep: str, name: str) -> Job:
    scope = kinds.Scope(name, team=team, rep=rep)
    return Job(kinds.REP_REVIEW, scope, RepReviewParams(rep=rep, period="2026-10"), str(tmp_path))


def test_notes_and_report_paths_refuse_bad_rep_ids(tmp_path):
    assert (
        notes_path(tmp_path, OCT, "bj-telesales-r03")
        == tmp_path / "notes" / "2026-10" / "bj-telesales-r03.md"
    )
    for bad in ("../x", "../../etc/passwd", "a/b", "", ".hidden"):
        with pytest.raises(ParameterError):
            notes_path(tmp_path, OCT, bad)
        with pytest.raises(ParameterError):
            report.rep_review_links("bj-telesales", "2026-10", [bad])
        with pytest.raises(ParameterError):
            rep_job(tmp_path, "bj-telesales", bad, "X").output()
    with pytest.raises(ParameterError):
        rep_job(tmp_path, "../x", "r1", "X").output()
    with pytest.raises(ParameterError):
        report.rep_review_links("../x", "2026-10", ["r1"])


def test_rep_review_path_and_the_team_reviews_link_agree(tmp_path):
    job = rep_job(tmp_path, "bj-telesales", "bj-telesales-r03", "Olivia Lee")
    folder, stem = job.output()
    assert (folder, stem) == (tmp_path / "2026-10" / "bj-telesales" / "reps", "bj-telesales-r03")
    assert job.key == "bj-telesales/bj-telesales-r03"
    assert folder == report.rep_review_dir(tmp_path, OCT, "bj-telesales")
    links = report.rep_review_links("bj-telesales", OCT, ["bj-telesales-r03", "bj-telesales-r04"])
    team_review = tmp_path / "2026-10" / "bj-telesales" / "team_review.html"
    assert (team_review.parent / links["bj-telesales-r03"]) == folder / f"{stem}.html"
    assert links["bj-telesales-r04"] == "reps/bj-telesales-r04.html"
    team = Job(
        kinds.TEAM_REVIEW,
        kinds.Scope("B", team="bj-telesales"),
        TeamReviewParams(team="bj-telesales", period="2026-10"),
        str(tmp_path),
    )
    assert team.key == "bj-telesales"


# --------------------------------------------------------------------------------------- translations
SALESNB = ROOT / "salesnb"
#: tr("key") / trf("key"), either quote; _section(review, "key"); section("key", lang, "intro")
LITERAL = re.compile(r"""\btrf?\(\s*(["'])([^"'{}]+)\1(?!\s*\+)""")
SECTION = re.compile(
    r"""\b_?section\(\s*(?:review,\s*)?(["'])([^"'{}]+)\1(?:\s*,\s*\w+\s*,\s*(["'])([^"'{}]+)\3)?"""
)
#: tr(f"prefix.{…}") and tr("prefix." + …): the prefix of a key built at run time
PREFIX = re.compile(r"""\btrf?\(\s*(?:f(["'])([^"'{]*)\{|(["'])([^"'{}]*)\3\s*\+)""")


def used_keys() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Literal keys and run-time key prefixes, each with the files that use it."""
    literal: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    for path in SALESNB.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        for m in LITERAL.finditer(text):
            literal.setdefault(m.group(2), set()).add(where)
        for m in SECTION.finditer(text):
            for key in (m.group(2), m.group(4)):
                if key:
                    literal.setdefault(key, set()).add(where)
        for m in PREFIX.finditer(text):
            prefix = m.group(2) if m.group(2) is not None else m.group(4)
            prefixes.setdefault(prefix, set()).add(where)
    return literal, prefixes


def test_every_key_the_code_uses_exists_in_both_languages():
    literal, prefixes = used_keys()
    assert len(literal) > 100 and "rep.title" in literal and "kpi" in literal  # the scan finds them
    missing = {k: sorted(v) for k, v in literal.items() if k not in STRINGS}
    assert not missing, f"untranslated keys: {missing}"
    for key in literal:
        assert set(STRINGS[key]) == {"en", "zh"} and all(STRINGS[key].values()), key
    assert "rep.support." in prefixes and "kpi." in prefixes and "level." in prefixes
    for prefix, files in prefixes.items():
        assert any(k.startswith(prefix) for k in STRINGS), f"no key starts with {prefix!r} ({sorted(files)})"
    for kind in kinds.KINDS.values():  # report titles are looked up through the kinds
        assert kind.title in STRINGS


def test_every_rep_key_held_in_a_variable_exists():
    """Keys chosen in code before the lookup (``key = "rep.gap.worse" if … else "rep.gap.ahead"``) are
    invisible to the call scan: every ``"rep.…"`` literal of the report code must be a key or a prefix."""
    found = set()
    for path in (SALESNB / "reports").rglob("*.py"):
        found |= set(re.findall(r"""["'](rep\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert {"rep.gap.worse", "rep.gap.ahead", "rep.result.met", "rep.audit.fail"} <= found
    for key in found:
        if key.endswith("."):
            assert any(k.startswith(key) for k in STRINGS), key
        else:
            assert key in STRINGS, key


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("rep.support.", SUPPORT),
        ("rep.skill.", SKILL_AREAS),
        ("rep.format.", FORMATS),
        ("rep.tier.", ("decelerator", "base", "accelerator", "reduced")),
        ("rep.method.", METHODS),
        ("rep.basis.", BASES),
        ("rep.bench.", (*BENCHMARKS, "number")),
        ("rep.wl.", WORKLOAD_METRICS),
        ("rep.signal.", SIGNALS),
        ("rep.prompt.", ("sustainable", "after_hours", "offload", "support")),
        ("status.", STATUSES),
        ("level.", LEVELS),
        ("type.", TEAM_TYPES),
        ("kpi.", tuple(CATALOG)),
    ],
)
def test_every_code_a_key_is_built_from_has_its_text(prefix, codes):
    """Keys built at run time (``tr(f"rep.support.{code}")``): every code the data can hold has both texts."""
    for code in codes:
        key = prefix + code
        assert key in STRINGS, key
        assert tr(key, "en") and tr(key, "zh"), key


def test_statement_line_codes_all_have_a_sentence():
    for code in LINE_CODES:
        keys = [k for k in STRINGS if k.startswith(f"rep.line.{code}")]
        assert keys, code


def test_placeholders_match_between_languages():
    for key, entry in STRINGS.items():
        fields = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in entry.items()}
        assert fields["en"] == fields["zh"], key


# --------------------------------------------------------------------------------------------- charts
def test_charts_are_titled_and_labelled_in_the_report_language():
    position = pd.DataFrame(
        {"kpi": ["win_rate", "contact_rate"],
         "label": [tr("kpi.win_rate", "zh"), tr("kpi.contact_rate", "zh")],
         "diff_team": [0.25, -1.6], "diff_peer": [0.1, math.nan]}
    )  # fmt: skip
    fig = plot_rep_position(position, "zh")
    ax = fig.axes[0]
    assert ax.get_title() == tr("rep.chart.position_title", "zh")
    assert ax.get_xlabel() == tr("rep.chart.position_axis", "zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["接通率", "赢单率"]  # drawn top-down
    assert "-160%" in [t.get_text() for t in ax.texts]  # clipped bar, true value labelled
    trend = pd.DataFrame(
        {"revenue": [100.0, 120.0], "quota": [110.0, 110.0], "quota_attainment": [100 / 110, 120 / 110]},
        index=["2026-09", "2026-10"],
    )
    fig = plot_rep_trend(trend, "en", "CNY")
    assert fig.axes[0].get_title() == tr("rep.chart.trend_title", "en")
    assert fig.axes[0].get_ylabel() == "Amount (CNY)"


# ---------------------------------------------------------------------------------------------- agenda
def test_recognition_comes_with_numbers_and_skips_effort_when_burned_out():
    sc = card([("calls_per_working_day", 90.0, 60.0, 62.0, 1.0, 8), ("win_rate", 0.45, 0.30, 0.32, 0.9, 8)])
    strengths, _ = strengths_and_gaps(sc)
    # g2 is met, but its target is below every recent month (the audit's "too easy"): not praised (#17)
    goals = pd.DataFrame(
        [{"goal_id": "g1", "kpi": "revenue", "unit": "currency", "status": "met", "actual": 60000.0,
          "target": 55000.0, "projection": 60000.0, "audit": "passes"},
         {"goal_id": "g2", "kpi": "win_rate", "unit": "ratio", "status": "met", "actual": 0.45,
          "target": 0.2, "projection": 0.45, "audit": "sandbagged"}]
    )  # fmt: skip
    signals = [SimpleNamespace(kind="burnout", rep_id="r1")]  # all recognition reads of a signal
    review = fake_review(strengths=strengths, goals=goals, signals=signals, scorecard=sc,
                         improvements=sc.iloc[0:0])  # fmt: skip
    items = report.recognition(review)
    assert items == [
        "Win rate 45.0% vs 30.0% team median and 32.0% peer median, top 20% of 8 junior telesales peers.",
        "Goal g1 met: Revenue ¥60,000 against a target of ¥55,000.",
    ]  # the calls per day of a burned-out rep are not praised
    calm = fake_review(strengths=strengths, goals=goals.iloc[0:0], signals=signals[0:0], scorecard=sc,
                       improvements=sc.iloc[0:0])  # fmt: skip
    assert report.recognition(calm)[0].startswith("Calls per working day 90.0 vs 60.0 team median")
    below = card([("win_rate", 0.29, 0.30, 0.31, 0.4, 8)])
    nothing = fake_review(strengths=strengths.iloc[0:0], goals=goals.iloc[0:0], signals=signals[0:0],
                          scorecard=below, improvements=sc.iloc[0:0])  # fmt: skip
    assert report.recognition(nothing) == [
        "Best result against the benchmarks: Win rate 29.0% vs 30.0% team median and 31.0% peer median, "
        "better than 40% of 8 junior telesales peers."
    ]


def test_a_rep_without_results_is_not_recognised_for_a_zero_or_a_bottom_rank():
    """A rep without deals: revenue ¥0 in the bottom 20 % is no best result (seen on a real export)."""
    zeros = card([("revenue", 0.0, 50000.0, 40000.0, 0.0, 8), ("win_rate", 0.1, 0.30, 0.31, 0.1, 8)])
    empty = pd.DataFrame(columns=["kpi"])
    review = fake_review(strengths=zeros.iloc[0:0], goals=empty, signals=[], scorecard=zeros,
                         improvements=zeros.iloc[0:0])  # fmt: skip
    assert report.recognition(review) == [tr("rep.nothing_to_recognise", "en")]


# ---------------------------------------------------------------------------------------------- index
def test_index_lists_rep_reviews_under_their_team(tmp_path):
    from salesnb.reports.index import write_index
    from salesnb.reports.manifest import Entry, write_manifest

    def entry(notebook, team, name, status="ok", error=None):
        stem = f"{team.split('/')[0]}/reps/{team.split('/')[1]}" if "/" in team else f"{team}/{notebook}"
        html = f"{stem}.html" if status == "ok" else None
        return Entry(notebook, team, name, "2026-10", "en", status, html, f"{stem}.ipynb", 4.2,
                     "2026-11-23T00:00:00+00:00", error, 3 if error else None)  # fmt: skip

    folder = tmp_path / "2026-10"
    folder.mkdir()
    write_manifest(
        folder,
        "2026-10",
        [
            entry("team_review", "bj-telesales", "Beijing Telesales"),
            entry("rep_review", "bj-telesales/bj-telesales-r02", "Rachel <b>Liu</b>"),
            entry("rep_review", "bj-telesales/bj-telesales-r01", "Iris Lee", "failed", "RuntimeError: boom"),
            entry("rep_review", "tj-online/tj-online-r02", "Wei Zhang"),  # no team review: a row of its own
        ],
    )
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert html.count("<tr><td>") == 2  # the team review's row and tj-online's rep-review row
    assert "Rep reviews (2, 1 failed)" in html and "Rep reviews (1)" in html
    assert 'href="2026-10/bj-telesales/reps/bj-telesales-r02.html"' in html
    assert "Rachel &lt;b&gt;Liu&lt;/b&gt;" in html and "<b>Liu" not in html  # CRM names escaped
    assert "Iris Lee: RuntimeError: boom (cell 3)" in html
    assert 'href="2026-10/bj-telesales/reps/bj-telesales-r01.ipynb"' in html  # the failed one's notebook
    assert html.index("bj-telesales-r01") < html.index("bj-telesales-r02")  # in rep order
    assert "4 reports across 1 periods · 1 failed" in html


def test_a_team_quota_is_no_quota_of_its_reps():
    """A team target gives the team attainment; a rep without one of their own reads "no quotas"."""
    from salesnb.analysis.inputs import Input
    from salesnb.periods import Period
    from salesnb.reviews.rep.review import rep_availability

    day = pd.Timestamp("2025-04-10")
    data = {
        "opportunities": pd.DataFrame(
            {"rep_id": ["ann", "bob"], "created_date": [day] * 2, "close_date": [day] * 2}
        ).assign(amount=5.0),
        "targets": pd.DataFrame(
            {
                "scope": ["team", "rep"],
                "scope_id": ["east", "bob"],
                "metric": ["revenue"] * 2,
                "month": [pd.Timestamp("2025-04-01")] * 2,
                "target": [100.0, 50.0],
            }
        ),
    }
    q2 = Period.parse("2025-Q2")
    assert not rep_availability(data, "ann", q2).has(Input.TARGETS)
    assert rep_availability(data, "bob", q2).has(Input.TARGETS, Input.DEALS, Input.DEAL_AMOUNTS)


def test_stored_plan_is_judged_against_its_own_targets_met_partly_or_not():
    from salesnb.reviews.rep.coaching_goals import stored_follow_through

    base = {"rep_id": "r1", "period": "2026-10", "goal_period": "2026-11", "module": "call-timing",
            "goal_kind": "gap", "rules_fingerprint": "x", "version": "0",
            "given_at": pd.Timestamp(0)}  # fmt: skip
    stored = pd.DataFrame(
        [
            {**base, "rank": 1, "rule": "a", "metric": "contact_rate", "higher_is_better": True,
             "baseline": 0.20, "target": 0.30},  # 20 % → 25 %: half the gap
            {**base, "rank": 2, "rule": "b", "metric": "sales_cycle_days", "higher_is_better": False,
             "baseline": 40.0, "target": 30.0},  # 40 → 45 days: the wrong way
            {**base, "rank": 3, "rule": "c", "metric": "win_rate", "higher_is_better": True,
             "baseline": 0.3, "target": 0.33},  # 35 %: past the target
            {**base, "rank": 4, "rule": "d", "metric": "csat", "higher_is_better": True,
             "baseline": 0.8, "target": 0.85},  # no survey this period
        ]
    )  # fmt: skip
    now = pd.Series({"contact_rate": 0.25, "sales_cycle_days": 45.0, "win_rate": 0.35, "csat": math.nan})
    catalog = {"call-timing": Module("call-timing", {"en": "When to call", "zh": "拨打时机"}, "sales_skills",
                                     "shadowing", 2)}  # fmt: skip
    f = stored_follow_through(stored, now, catalog, "zh").set_index("rule")
    assert list(f["verdict"]) == ["partly", "not_met", "met", "no_data"]
    assert f.loc["a", "gap_closed"] == pytest.approx(0.5) and f.loc["b", "gap_closed"] == pytest.approx(-0.5)
    assert set(f["title"]) == {"拨打时机"}
    assert [report.result_text(v, g, "en") for v, g in zip(f["verdict"], f["gap_closed"], strict=True)] == [
        "partly, 50% of the gap", "not met", "met", "no data"]  # fmt: skip
    # a module the catalog no longer has keeps its id
    gone = stored_follow_through(stored.head(1), now, {}, "en")
    assert gone["title"].tolist() == ["call-timing"]


def test_the_plan_given_travels_in_the_notebook_and_never_shows_in_the_report():
    import nbformat

    from salesnb.reports.html import render_html
    from salesnb.reports.rep_review.plan_record import PLAN_MIME, plan_from_notebook, plan_payload

    actions = [action("contact_rate", 0.18, 0.24), action("csat", 0.8, None)]  # the second has no goal
    sept = Period.parse("2026-09")
    review = SimpleNamespace(actions=actions, rep_id="r1", period=sept, rules_fingerprint="f")
    payload = plan_payload(review)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("report.record_plan(review)")
    data = {PLAN_MIME: payload, "text/html": "<p>x</p>"}
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    nb.cells = [cell]
    rep, period, goals = plan_from_notebook(nb)
    assert (rep, period, len(goals)) == ("r1", "2026-09", 1)
    g = goals.iloc[0]
    assert (g["metric"], g["baseline"], g["target"], g["rank"], g["goal_period"]) == (
        "contact_rate", 0.18, 0.24, 1, "2026-10")  # fmt: skip
    html = render_html(nb, "t")
    assert "contact_rate" not in html and "<p>x</p>" not in html  # the plan's output is dropped whole
    assert plan_from_notebook(nbformat.v4.new_notebook()) is None  # a notebook from before plans: none
