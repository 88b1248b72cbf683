"""The tabs where the analyst tries a number: a quota or a commission tier (what-if), a goal's target (goal
audit) and a coaching rule's threshold (coaching rules).

Each tab holds its widgets, binds them to the :class:`~salesnb.workbench.state.Workbench` and redraws
its own panel from :mod:`salesnb.workbench.views`; :class:`~salesnb.workbench.widgets.WorkbenchUI` lays
them out and tells them when the selection changed (``follow_selection``) or they are shown (``draw``).
:class:`Binding` (a workbench and a guard against one's own callbacks) and :func:`safe_html` serve
both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import ipywidgets as w

from salesnb.errors import ParameterError
from salesnb.workbench import views
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench

#: Widget style: the description as wide as its text.
WIDE = {"description_width": "initial"}


def safe_html(draw: Callable[[Workbench], str], wb: Workbench) -> str:
    """A panel's HTML, or the error that stopped it (a widget callback's exception is otherwise lost
    in JupyterLab's log console)."""
    try:
        return draw(wb)
    except Exception as exc:
        return views.error_html(
            exc if isinstance(exc, ParameterError) else RuntimeError(f"{type(exc).__name__}: {exc}")
        )


def _intro(key: str) -> w.HTML:
    return w.HTML(views.block(views.note(label(key))))


class Binding:
    """Widgets bound to a workbench, with a guard against their own callbacks."""

    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self.syncing = False

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Set widget values without their callbacks firing."""
        before, self.syncing = self.syncing, True
        try:
            yield
        finally:
            self.syncing = before


class WhatIfTab(Binding):
    """A quota (the rep's, or the team's with no rep chosen) and a tier of a plan; the what-if table."""

    def __init__(self, wb: Workbench) -> None:
        super().__init__(wb)
        self.quota = w.FloatText(description=label("whatif.quota"), style=WIDE)
        self.plan = w.Dropdown(description=label("whatif.plan"), options=wb.plan_ids(), style=WIDE)
        self.tier = w.Dropdown(description=label("whatif.tier"), style=WIDE)
        self.rate = w.BoundedFloatText(description=label("whatif.rate"), min=0, max=100, step=0.1, style=WIDE)
        self.tier_from = w.BoundedFloatText(
            description=label("whatif.from"), min=0, max=1000, step=1, style=WIDE
        )
        self.reset = w.Button(description=label("whatif.reset"), icon="undo")
        self.plan_table = w.HTML()
        self.message = w.HTML()
        self.table = w.HTML()
        self.box = w.VBox(
            [
                _intro("whatif.intro"),
                w.HBox([self.quota, self.reset]),
                w.HBox([self.plan, self.tier, self.rate, self.tier_from]),
                self.plan_table,
                self.message,
                self.table,
            ]
        )
        self.sync_plan()
        self.quota.observe(self._on_quota, "value")
        self.plan.observe(self._on_plan, "value")
        self.tier.observe(self._on_tier, "value")
        self.rate.observe(self._on_tier_change, "value")
        self.tier_from.observe(self._on_tier_change, "value")
        self.reset.on_click(self._on_reset)

    def follow_selection(self) -> None:
        """The quota field from the selection's quota target; the plan of the rep chosen."""
        with self.quiet():
            target = self.wb.quota_target()
            self.quota.disabled = target is None
            if target is None:
                self.quota.description = label("whatif.quota")
                self.quota.value = 0.0
            else:
                key = "whatif.quota_rep" if target[0] == "rep" else "whatif.quota_team"
                self.quota.description = label(key, currency=self.wb.currency)
                self.quota.value = round(self.wb.quota(*target), 2)
            if self.wb.selection.rep and self.wb.plans is not None:
                self.plan.value = self.wb.plan_of(self.wb.selection.rep)
        self.sync_plan()

    def sync_plan(self) -> None:
        """Tier list and the tier's rate and edge from the plan chosen."""
        with self.quiet():
            if not self.plan.value:
                self.tier.options = []
                return
            plan = self.wb.plan(self.plan.value)
            current = self.tier.value
            self.tier.options = [(f"{t.number} ({t.kind})", t.number) for t in plan.tiers]
            self.tier.value = current if current in [t.number for t in plan.tiers] else plan.tiers[0].number
            tier = plan.tiers[self.tier.value - 1]
            self.rate.value = round(tier.rate * 100, 4)
            self.tier_from.value = round(tier.from_attainment * 100, 4)
            self.tier_from.disabled = tier.number == 1  # the first tier starts at 0

    def draw(self) -> None:
        self.plan_table.value = safe_html(lambda wb: views.plan_html(wb, self.plan.value or ""), self.wb)
        self.table.value = safe_html(views.whatif_html, self.wb)

    def _on_quota(self, change: dict) -> None:
        if self.syncing:
            return
        self._try(lambda: self.wb.set_quota(float(change["new"])))

    def _on_plan(self, change: dict) -> None:
        if self.syncing:
            return
        self.sync_plan()
        self.draw()

    def _on_tier(self, change: dict) -> None:
        if not self.syncing:
            self.sync_plan()

    def _on_tier_change(self, change: dict) -> None:
        if self.syncing or not self.plan.value or not self.tier.value:
            return
        start = None if self.tier.value == 1 else self.tier_from.value / 100
        rate = self.rate.value / 100
        self._try(lambda: self.wb.set_tier(self.plan.value, self.tier.value, rate=rate, start=start))

    def _try(self, change: Callable[[], object]) -> None:
        """Apply a what-if, or show why it is refused; redraw the table either way."""
        try:
            change()
            self.message.value = ""
        except ParameterError as exc:
            self.message.value = views.error_html(exc)
        self.draw()

    def _on_reset(self, _button: object = None) -> None:
        self.wb.reset_what_ifs()
        self.message.value = ""
        self.follow_selection()
        self.draw()


class GoalTab(Binding):
    """A goal concerning the selection and its target; the SMART audit's verdict."""

    def __init__(self, wb: Workbench) -> None:
        super().__init__(wb)
        self.goal = w.Dropdown(description=label("goals.goal"), style=WIDE, layout=w.Layout(width="420px"))
        self.target = w.FloatText(description=label("goals.target"), style=WIDE)
        self.verdict = w.HTML()
        self.box = w.VBox([_intro("goals.intro"), w.HBox([self.goal, self.target]), self.verdict])
        self.goal.observe(self._on_goal, "value")
        self.target.observe(self._on_target, "value")

    def follow_selection(self) -> None:
        """The goals that concern the selection, keeping the one chosen when it still does."""
        with self.quiet():
            goals = self.wb.goal_options()
            current = self.goal.value
            self.goal.options = goals
            values = [v for _, v in goals]
            self.goal.value = current if current in values else (values[0] if values else None)
        self.sync_target()

    def sync_target(self) -> None:
        with self.quiet():
            if self.goal.value:
                target = self.wb.goal(self.goal.value).target
                self.target.value = 0.0 if target is None else target

    def draw(self) -> None:
        if not self.goal.value:
            self.verdict.value = views.block(views.note(label("goals.none")))
            return
        value, written = float(self.target.value), self.wb.goal(self.goal.value).target
        # the goal as written unless the field was changed (a goal without a target shows 0)
        target = None if math.isnan(value) or value == (0.0 if written is None else written) else value
        self.verdict.value = safe_html(
            lambda wb: views.audit_html(wb, wb.audit(self.goal.value, target)), self.wb
        )

    def _on_goal(self, change: dict) -> None:
        if self.syncing:
            return
        self.sync_target()
        self.draw()

    def _on_target(self, change: dict) -> None:
        if not self.syncing:
            self.draw()


class RuleTab(Binding):
    """A coaching rule and its threshold; the reps it flags, and every rule at the file's thresholds."""

    def __init__(self, wb: Workbench) -> None:
        super().__init__(wb)
        self.rule = w.Dropdown(description=label("rules.rule"), options=wb.rule_ids(), style=WIDE)
        self.threshold = w.FloatSlider(
            description=label("rules.threshold"), continuous_update=False, readout_format=".2f", style=WIDE
        )
        self.flagged = w.HTML()
        self.summary = w.HTML()
        self.box = w.VBox(
            [_intro("rules.intro"), w.HBox([self.rule, self.threshold]), self.flagged, self.summary]
        )
        self.sync_rule()
        self.rule.observe(self._on_rule, "value")
        self.threshold.observe(self._on_threshold, "value")

    def sync_rule(self) -> None:
        """The slider's range, step and value from the rule chosen (its file's threshold)."""
        with self.quiet():
            if not self.rule.value:
                return
            spec = self.wb.rule_threshold(self.rule.value)
            # widen before narrowing, so min never passes max on the way
            self.threshold.max = max(self.threshold.max, spec.maximum)
            self.threshold.min = spec.minimum
            self.threshold.max = spec.maximum
            self.threshold.step = spec.step
            self.threshold.value = spec.value

    def draw(self) -> None:
        """The rule previewed and every rule at the file's thresholds (on a change of selection)."""
        self.summary.value = safe_html(views.rules_summary_html, self.wb)
        self.draw_rule()

    def draw_rule(self) -> None:
        if not self.rule.value:
            self.flagged.value = views.block(views.note(label("rules.no_rules")))
            return
        value = float(self.threshold.value)
        self.flagged.value = safe_html(lambda wb: views.flagged_html(wb, self.rule.value, value), self.wb)

    def _on_rule(self, change: dict) -> None:
        if self.syncing:
            return
        self.sync_rule()
        self.draw_rule()

    def _on_threshold(self, change: dict) -> None:
        if not self.syncing:
            self.draw_rule()
