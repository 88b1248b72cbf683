"""The workbench's widgets: a thin ipywidgets binding of :class:`~salesnb.workbench.state.Workbench`.

Each callback changes the state and redraws the HTML and Image widgets of the tab it concerns from
:mod:`salesnb.workbench.views`; nothing is computed here. Tabs other than the visible one are redrawn
when they are opened, so a change of selection costs only what is on screen. The tests set the widgets'
``value`` and read the outputs' ``value``, as a person clicking would.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import contextmanager

import ipywidgets as w

from salesnb.errors import ParameterError
from salesnb.workbench import views
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench

OVERVIEW, WHATIF, GOALS, RULES, DRILL, RENDER = range(6)
TAB_KEYS = ("tab.overview", "tab.whatif", "tab.goals", "tab.rules", "tab.drill", "tab.render")
_WIDE = {"description_width": "initial"}


def _options(pairs: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    """Dropdown options with the empty id shown as ``empty`` (All regions, All teams, …)."""
    return [(name if value else label(empty), value) for name, value in pairs]


class WorkbenchUI:
    """Selectors, six tabs (overview, what-if, goal audit, coaching rules, drill-down, render) and the
    callbacks that bind them to a :class:`Workbench`. Display it as the last expression of a cell."""

    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self._syncing = False
        self._stale: set[int] = set(range(len(TAB_KEYS)))

        # selection
        self.region = w.Dropdown(description=label("region"), style=_WIDE)
        self.team = w.Dropdown(description=label("team"), style=_WIDE)
        self.rep = w.Dropdown(description=label("rep"), style=_WIDE)
        self.period = w.Dropdown(description=label("period"), options=wb.periods(), style=_WIDE)
        self.header = w.HTML()

        # overview
        self.kpi = w.HTML()
        self.trend_chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.comparison = w.HTML()
        self.comparison_chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.funnel = w.HTML()
        self.funnel_chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
        overview = w.VBox(
            [
                self.kpi,
                w.HTML(views.block(views.heading(label("trend")))),
                self.trend_chart,
                self.comparison,
                self.comparison_chart,
                self.funnel,
                self.funnel_chart,
            ]
        )

        # what-if
        self.quota = w.FloatText(description=label("whatif.quota"), style=_WIDE)
        self.plan = w.Dropdown(description=label("whatif.plan"), options=wb.plan_ids(), style=_WIDE)
        self.tier = w.Dropdown(description=label("whatif.tier"), style=_WIDE)
        self.rate = w.BoundedFloatText(
            description=label("whatif.rate"), min=0, max=100, step=0.1, style=_WIDE
        )
        self.tier_from = w.BoundedFloatText(
            description=label("whatif.from"), min=0, max=1000, step=1, style=_WIDE
        )
        self.reset = w.Button(description=label("whatif.reset"), icon="undo")
        self.plan_table = w.HTML()
        self.whatif_message = w.HTML()
        self.whatif = w.HTML()
        whatif = w.VBox(
            [
                w.HTML(views.block(views.note(label("whatif.intro")))),
                w.HBox([self.quota, self.reset]),
                w.HBox([self.plan, self.tier, self.rate, self.tier_from]),
                self.plan_table,
                self.whatif_message,
                self.whatif,
            ]
        )

        # goals
        self.goal = w.Dropdown(description=label("goals.goal"), style=_WIDE, layout=w.Layout(width="420px"))
        self.target = w.FloatText(description=label("goals.target"), style=_WIDE)
        self.verdict = w.HTML()
        goals = w.VBox(
            [
                w.HTML(views.block(views.note(label("goals.intro")))),
                w.HBox([self.goal, self.target]),
                self.verdict,
            ]
        )

        # coaching rules
        self.rule = w.Dropdown(description=label("rules.rule"), options=wb.rule_ids(), style=_WIDE)
        self.threshold = w.FloatSlider(
            description=label("rules.threshold"), continuous_update=False, readout_format=".2f", style=_WIDE
        )
        self.flagged = w.HTML()
        self.rules_summary = w.HTML()
        rules = w.VBox(
            [
                w.HTML(views.block(views.note(label("rules.intro")))),
                w.HBox([self.rule, self.threshold]),
                self.flagged,
                self.rules_summary,
            ]
        )

        # drill-down and render
        self.drill = w.HTML()
        self.render_intro = w.HTML()
        self.render_button = w.Button(description=label("render.button"), icon="file", button_style="primary")
        self.render_output = w.HTML()
        render = w.VBox([self.render_intro, self.render_button, self.render_output])

        self.tabs = w.Tab(children=[overview, whatif, goals, rules, self.drill, render])
        self.tabs.titles = tuple(label(k) for k in TAB_KEYS)
        self.widget = w.VBox(
            [self.header, w.HBox([self.region, self.team, self.rep, self.period]), self.tabs]
        )

        self._sync_selection()
        self._sync_plan()
        self._sync_rule()
        self.region.observe(self._on_region, "value")
        self.team.observe(self._on_team, "value")
        self.rep.observe(self._on_rep, "value")
        self.period.observe(self._on_period, "value")
        self.tabs.observe(self._on_tab, "selected_index")
        self.quota.observe(self._on_quota, "value")
        self.plan.observe(self._on_plan, "value")
        self.tier.observe(self._on_tier, "value")
        self.rate.observe(self._on_tier_change, "value")
        self.tier_from.observe(self._on_tier_change, "value")
        self.reset.on_click(self._on_reset)
        self.goal.observe(self._on_goal, "value")
        self.target.observe(self._on_target, "value")
        self.rule.observe(self._on_rule, "value")
        self.threshold.observe(self._on_threshold, "value")
        self.render_button.on_click(self._on_render)
        self.refresh()

    # ------------------------------------------------------------------------------------- display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -------------------------------------------------------------------------------------- syncing
    @contextmanager
    def _quiet(self):
        """Set widget values without their callbacks firing."""
        before, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = before

    def _sync_selection(self) -> None:
        """Selectors, quota field, goal list and render button from the state's selection."""
        s = self.wb.selection
        with self._quiet():
            self.region.options = _options(self.wb.region_options(), "all_regions")
            self.region.value = s.region
            self.team.options = _options(self.wb.team_options(), "all_teams")
            self.team.value = s.team
            self.rep.options = _options(self.wb.rep_options(), "all_reps")
            self.rep.value = s.rep
            self.period.value = s.period
            target = self.wb.quota_target()
            self.quota.disabled = target is None
            if target is None:
                self.quota.description = label("whatif.quota")
                self.quota.value = 0.0
            else:
                key = "whatif.quota_rep" if target[0] == "rep" else "whatif.quota_team"
                self.quota.description = label(key, currency=self.wb.currency)
                self.quota.value = round(self.wb.quota(*target), 2)
            if s.rep and self.wb.plans is not None:
                self.plan.value = self.wb.plan_of(s.rep)
            goals = self.wb.goal_options()
            current = self.goal.value
            self.goal.options = goals
            values = [v for _, v in goals]
            self.goal.value = current if current in values else (values[0] if values else None)
            self.render_button.disabled = not s.team
        self._sync_target()
        self._sync_plan()

    def _sync_plan(self) -> None:
        """Tier list and the tier's rate and edge from the plan chosen."""
        with self._quiet():
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

    def _sync_target(self) -> None:
        with self._quiet():
            if self.goal.value:
                target = self.wb.goal(self.goal.value).target
                self.target.value = 0.0 if target is None else target

    def _sync_rule(self) -> None:
        with self._quiet():
            if not self.rule.value:
                return
            spec = self.wb.rule_threshold(self.rule.value)
            # widen before narrowing, so min never passes max on the way
            self.threshold.max = max(self.threshold.max, spec.maximum)
            self.threshold.min = spec.minimum
            self.threshold.max = spec.maximum
            self.threshold.step = spec.step
            self.threshold.value = spec.value

    # -------------------------------------------------------------------------------------- redraws
    def refresh(self) -> None:
        """The selection changed: redraw the header and the visible tab; the others when opened."""
        self.header.value = views.header_html(self.wb)
        self._stale = set(range(len(TAB_KEYS)))
        self.refresh_tab(self.tabs.selected_index or 0)

    def refresh_all(self) -> None:
        """Redraw every tab now (the tests and the static snapshot use it)."""
        self.header.value = views.header_html(self.wb)
        for i in range(len(TAB_KEYS)):
            self.refresh_tab(i)

    def refresh_tab(self, index: int) -> None:
        draw: dict[int, Callable[[], None]] = {
            OVERVIEW: self._draw_overview,
            WHATIF: self._draw_whatif,
            GOALS: self._draw_goal,
            RULES: self._draw_rules,
            DRILL: self._draw_drill,
            RENDER: self._draw_render,
        }
        draw[index]()
        self._stale.discard(index)

    def _draw_overview(self) -> None:
        self.kpi.value = _safe(views.kpi_html, self.wb)
        _picture(self.trend_chart, _safe_png(views.trend_png, self.wb))
        self.comparison.value = _safe(views.comparison_html, self.wb)
        _picture(self.comparison_chart, _safe_png(views.comparison_png, self.wb))
        self.funnel.value = _safe(views.funnel_html, self.wb)
        _picture(self.funnel_chart, _safe_png(views.funnel_png, self.wb))

    def _draw_whatif(self) -> None:
        self.plan_table.value = _safe(lambda wb: views.plan_html(wb, self.plan.value or ""), self.wb)
        self.whatif.value = _safe(views.whatif_html, self.wb)

    def _draw_goal(self) -> None:
        if not self.goal.value:
            self.verdict.value = views.block(views.note(label("goals.none")))
            return
        value, written = float(self.target.value), self.wb.goal(self.goal.value).target
        # the goal as written unless the field was changed (a goal without a target shows 0)
        target = None if math.isnan(value) or value == (0.0 if written is None else written) else value
        self.verdict.value = _safe(
            lambda wb: views.audit_html(wb, wb.audit(self.goal.value, target)), self.wb
        )

    def _draw_rules(self) -> None:
        """The rule previewed and every rule at the file's thresholds (on a change of selection)."""
        self.rules_summary.value = _safe(views.rules_summary_html, self.wb)
        self._draw_rule()

    def _draw_rule(self) -> None:
        if not self.rule.value:
            self.flagged.value = views.block(views.note(label("rules.no_rules")))
            return
        self.flagged.value = _safe(
            lambda wb: views.flagged_html(wb, self.rule.value, float(self.threshold.value)), self.wb
        )

    def _draw_drill(self) -> None:
        self.drill.value = _safe(views.drill_html, self.wb)

    def _draw_render(self) -> None:
        self.render_intro.value = _safe(views.render_intro_html, self.wb)

    # ------------------------------------------------------------------------------------ callbacks
    def _select(self, **change: str) -> None:
        if self._syncing:
            return
        self.wb.select(**change)
        self._sync_selection()
        self.render_output.value = ""
        self.refresh()

    def _on_region(self, change: dict) -> None:
        self._select(region=change["new"] or "")

    def _on_team(self, change: dict) -> None:
        self._select(team=change["new"] or "")

    def _on_rep(self, change: dict) -> None:
        self._select(rep=change["new"] or "")

    def _on_period(self, change: dict) -> None:
        self._select(period=change["new"])

    def _on_tab(self, change: dict) -> None:
        index = change["new"]
        if index is not None and index in self._stale:
            self.refresh_tab(index)

    def _on_quota(self, change: dict) -> None:
        if self._syncing:
            return
        try:
            self.wb.set_quota(float(change["new"]))
            self.whatif_message.value = ""
        except ParameterError as exc:
            self.whatif_message.value = views.error_html(exc)
        self._draw_whatif()

    def _on_plan(self, change: dict) -> None:
        if self._syncing:
            return
        self._sync_plan()
        self._draw_whatif()

    def _on_tier(self, change: dict) -> None:
        if self._syncing:
            return
        self._sync_plan()

    def _on_tier_change(self, change: dict) -> None:
        if self._syncing or not self.plan.value or not self.tier.value:
            return
        start = None if self.tier.value == 1 else self.tier_from.value / 100
        try:
            self.wb.set_tier(self.plan.value, self.tier.value, rate=self.rate.value / 100, start=start)
            self.whatif_message.value = ""
        except ParameterError as exc:
            self.whatif_message.value = views.error_html(exc)
        self._draw_whatif()

    def _on_reset(self, _button=None) -> None:
        self.wb.reset_what_ifs()
        self.whatif_message.value = ""
        self._sync_selection()
        self._draw_whatif()

    def _on_goal(self, change: dict) -> None:
        if self._syncing:
            return
        self._sync_target()
        self._draw_goal()

    def _on_target(self, change: dict) -> None:
        if not self._syncing:
            self._draw_goal()

    def _on_rule(self, change: dict) -> None:
        if self._syncing:
            return
        self._sync_rule()
        self._draw_rule()

    def _on_threshold(self, change: dict) -> None:
        if not self._syncing:
            self._draw_rule()

    def _on_render(self, _button=None) -> None:
        if not self.wb.selection.team:
            self.render_output.value = views.block(views.note(label("render.need_team")))
            return
        s = self.wb.selection
        self.render_button.disabled = True
        self.render_output.value = views.block(
            views.note(label("render.running", team=s.team, period=s.period))
        )
        try:
            self.render_output.value = views.render_result_html(self.wb.render_report())
        except Exception as exc:  # shown where the link would be: the workbench stays usable
            self.render_output.value = views.error_html(exc)
        finally:
            self.render_button.disabled = False


def _safe(draw: Callable[[Workbench], str], wb: Workbench) -> str:
    """A panel's HTML, or the error that stopped it (a widget callback's exception is otherwise lost
    in JupyterLab's log console)."""
    try:
        return draw(wb)
    except Exception as exc:
        return views.error_html(
            exc if isinstance(exc, ParameterError) else RuntimeError(f"{type(exc).__name__}: {exc}")
        )


def _safe_png(draw: Callable[[Workbench], bytes | None], wb: Workbench) -> bytes | None:
    try:
        return draw(wb)
    except Exception:
        return None


def _picture(image: w.Image, png: bytes | None) -> None:
    image.value = png or b""
    image.layout.display = "" if png else "none"
