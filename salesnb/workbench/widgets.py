"""The workbench's widgets: a thin ipywidgets binding of :class:`~salesnb.workbench.state.Workbench`.

Each callback changes the state and redraws the HTML and Image widgets of the tab it concerns from
:mod:`salesnb.workbench.views`; nothing is computed here. :class:`WorkbenchUI` holds the selectors, the
overview, drill-down and render tabs, and lays out the tabs of :mod:`salesnb.workbench.tabs` (what-if,
goal audit, coaching rules). Tabs other than the visible one are redrawn when they are opened, so a
change of selection costs only what is on screen. The tests set the widgets' ``value`` and read the
outputs' ``value``, as a person clicking would.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from salesnb.workbench import views
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.tabs import WIDE, Binding, GoalTab, RuleTab, WhatIfTab, safe_html

OVERVIEW, WHATIF, GOALS, RULES, DRILL, RENDER = range(6)
TAB_KEYS = ("tab.overview", "tab.whatif", "tab.goals", "tab.rules", "tab.drill", "tab.render")


def _options(pairs: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    """Dropdown options with the empty id shown as ``empty`` (All regions, All teams, …)."""
    return [(name if value else label(empty), value) for name, value in pairs]


class WorkbenchUI(Binding):
    """Selectors, six tabs (overview, what-if, goal audit, coaching rules, drill-down, render) and the
    callbacks that bind them to a :class:`Workbench`. Display it as the last expression of a cell."""

    def __init__(self, wb: Workbench) -> None:
        super().__init__(wb)
        self._stale: set[int] = set(range(len(TAB_KEYS)))

        # selection
        self.region = w.Dropdown(description=label("region"), style=WIDE)
        self.team = w.Dropdown(description=label("team"), style=WIDE)
        self.rep = w.Dropdown(description=label("rep"), style=WIDE)
        self.period = w.Dropdown(description=label("period"), options=wb.periods(), style=WIDE)
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

        # what-if, goal audit, coaching rules (their widgets under the names the tests and docs use)
        self.what_if_tab, self.goal_tab, self.rule_tab = WhatIfTab(wb), GoalTab(wb), RuleTab(wb)
        t = self.what_if_tab
        self.quota, self.plan, self.tier, self.rate = t.quota, t.plan, t.tier, t.rate
        self.tier_from, self.reset, self.plan_table = t.tier_from, t.reset, t.plan_table
        self.whatif_message, self.whatif = t.message, t.table
        self.goal, self.target, self.verdict = self.goal_tab.goal, self.goal_tab.target, self.goal_tab.verdict
        self.rule, self.threshold = self.rule_tab.rule, self.rule_tab.threshold
        self.flagged, self.rules_summary = self.rule_tab.flagged, self.rule_tab.summary

        # drill-down and render
        self.drill = w.HTML()
        self.render_intro = w.HTML()
        self.render_button = w.Button(description=label("render.button"), icon="file", button_style="primary")
        self.render_output = w.HTML()
        render = w.VBox([self.render_intro, self.render_button, self.render_output])

        tabs = [overview, self.what_if_tab.box, self.goal_tab.box, self.rule_tab.box, self.drill, render]
        self.tabs = w.Tab(children=tabs)
        self.tabs.titles = tuple(label(k) for k in TAB_KEYS)
        self.widget = w.VBox(
            [self.header, w.HBox([self.region, self.team, self.rep, self.period]), self.tabs]
        )

        self._sync_selection()
        self.region.observe(self._on_region, "value")
        self.team.observe(self._on_team, "value")
        self.rep.observe(self._on_rep, "value")
        self.period.observe(self._on_period, "value")
        self.tabs.observe(self._on_tab, "selected_index")
        self.render_button.on_click(self._on_render)
        self.refresh()

    # ------------------------------------------------------------------------------------- display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -------------------------------------------------------------------------------------- syncing
    def _sync_selection(self) -> None:
        """Selectors, render button and the tabs' fields from the state's selection."""
        s = self.wb.selection
        with self.quiet():
            self.region.options = _options(self.wb.region_options(), "all_regions")
            self.region.value = s.region
            self.team.options = _options(self.wb.team_options(), "all_teams")
            self.team.value = s.team
            self.rep.options = _options(self.wb.rep_options(), "all_reps")
            self.rep.value = s.rep
            self.period.value = s.period
            self.render_button.disabled = not s.team
        self.what_if_tab.follow_selection()
        self.goal_tab.follow_selection()

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
            WHATIF: self.what_if_tab.draw,
            GOALS: self.goal_tab.draw,
            RULES: self.rule_tab.draw,
            DRILL: self._draw_drill,
            RENDER: self._draw_render,
        }
        draw[index]()
        self._stale.discard(index)

    def _draw_overview(self) -> None:
        self.kpi.value = safe_html(views.kpi_html, self.wb)
        _picture(self.trend_chart, _safe_png(views.trend_png, self.wb))
        self.comparison.value = safe_html(views.comparison_html, self.wb)
        _picture(self.comparison_chart, _safe_png(views.comparison_png, self.wb))
        self.funnel.value = safe_html(views.funnel_html, self.wb)
        _picture(self.funnel_chart, _safe_png(views.funnel_png, self.wb))

    def _draw_drill(self) -> None:
        self.drill.value = safe_html(views.drill_html, self.wb)

    def _draw_render(self) -> None:
        self.render_intro.value = safe_html(views.render_intro_html, self.wb)

    # ------------------------------------------------------------------------------------ callbacks
    def _select(self, **change: str) -> None:
        if self.syncing:
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


def _safe_png(draw: Callable[[Workbench], bytes | None], wb: Workbench) -> bytes | None:
    try:
        return draw(wb)
    except Exception:
        return None


def _picture(image: w.Image, png: bytes | None) -> None:
    image.value = png or b""
    image.layout.display = "" if png else "none"
