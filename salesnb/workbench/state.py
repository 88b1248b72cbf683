"""The workbench as one object: the loaded warehouse and settings, the analyst's selection and what-ifs.

:class:`Workbench` is the facade the notebook, the widgets and the views use; each method hands the
selection to the module that computes its panel:

* :mod:`~salesnb.workbench.data`: the warehouse, read once and sliced per team in memory;
* :class:`~salesnb.params.Settings`: the params folder, read and validated once, as the reports read it;
* :mod:`~salesnb.workbench.selection`: the period and scope, and the selectors' options;
* :mod:`~salesnb.workbench.overview`: the KPI table, trend, comparison and funnel;
* :mod:`~salesnb.workbench.whatif` (with :mod:`~salesnb.workbench.quotas` and
  :mod:`~salesnb.workbench.commission`): quota and tier what-ifs, attainment, pacing and payout;
* :mod:`~salesnb.workbench.goals`: the goal audit; :mod:`~salesnb.workbench.coaching`: rule previews;
* :mod:`~salesnb.workbench.drill`: a rep's deals and activities; :mod:`~salesnb.workbench.render`: the
  render button's papermill run.

Nothing here imports ipywidgets (:mod:`salesnb.workbench.widgets` binds these methods to widgets).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from salesnb.analysis.inputs import Availability
from salesnb.coaching import Rule
from salesnb.config import default_db_path, default_params_dir, default_reports_dir
from salesnb.errors import ParameterError
from salesnb.goals.audit import GoalAudit
from salesnb.goals.model import Goal
from salesnb.incentives import Plan, PlanSet
from salesnb.params import Settings, load_settings
from salesnb.periods import Period
from salesnb.workbench import coaching, commission, drill, goals, overview, quotas, render, selection, whatif
from salesnb.workbench.coaching import Threshold
from salesnb.workbench.data import WorkbenchData
from salesnb.workbench.quotas import QuotaKey
from salesnb.workbench.render import RenderResult
from salesnb.workbench.selection import Selection
from salesnb.workbench.whatif import WhatIf, WhatIfs

if TYPE_CHECKING:  # papermill, which the batch package imports, takes seconds to import
    from salesnb.batch.job import Job


class Workbench:
    """Selection → frames; what-ifs → recomputed attainment, pacing and payout; goal target → audit
    verdict; rule threshold → flagged reps; and the render button's papermill run.

    Open one with :meth:`open`; change the selection with :meth:`select`.
    """

    def __init__(
        self,
        db_path: Path,
        params_dir: Path,
        reports_dir: Path,
        *,
        language: str = "en",
        trend_periods: int = 12,
    ) -> None:
        self.data = WorkbenchData(db_path, trend_periods)
        #: the params folder, read and validated once (as a report reads it)
        self.settings: Settings = load_settings(Path(params_dir))
        self.reports_dir = Path(reports_dir)
        self.language = language
        self.whatifs = WhatIfs(self.data, self.settings)
        self.selection = selection.first_selection(self.data)

    @classmethod
    def open(
        cls,
        db_path: str | Path | None = None,
        *,
        params_dir: str | Path | None = None,
        reports_dir: str | Path | None = None,
        language: str = "en",
        trend_periods: int = 12,
    ) -> Workbench:
        """The workbench on a warehouse (default ``$SALESNB_DB`` or ``data/salesnb.duckdb``), the params
        folder (``$SALESNB_PARAMS`` or ``params/``) and the reports folder (``$SALESNB_REPORTS`` or
        ``reports/``); it starts on the first team and the latest complete month."""
        return cls(
            Path(db_path) if db_path else default_db_path(),
            Path(params_dir) if params_dir else default_params_dir(),
            Path(reports_dir) if reports_dir else default_reports_dir(),
            language=language,
            trend_periods=trend_periods,
        )

    def clone(self) -> Workbench:
        """A second workbench on the same loaded data and settings: its own selection and what-ifs, the
        data and the computed frames shared (they are never changed in place), so it opens at no cost."""
        other = Workbench.__new__(Workbench)
        other.__dict__.update(self.__dict__)
        other.whatifs = WhatIfs(self.data, self.settings)
        other.selection = selection.first_selection(self.data)
        return other

    # ------------------------------------------------------------------ what was loaded, for the views
    @property
    def db_path(self) -> Path:
        return self.data.db_path

    @property
    def params_dir(self) -> Path:
        return self.settings.params_dir

    @property
    def teams(self) -> pd.DataFrame:
        """Teams with their region and team type (:func:`~salesnb.warehouse.slices.list_teams`)."""
        return self.data.teams

    @property
    def currency(self) -> str:
        return self.data.currency

    @property
    def as_of(self) -> date:
        """The warehouse's data day."""
        return self.data.as_of

    @property
    def min_group(self) -> int:
        """Fewest people besides a rep behind a benchmark (``params/benchmarks.yaml``)."""
        return self.settings.benchmarks.min_group_size

    @property
    def plans(self) -> PlanSet | None:
        """The commission plans as in the file (:meth:`plan` gives a plan with its what-if)."""
        return self.settings.plans

    @property
    def quotas(self) -> dict[QuotaKey, float]:
        """The what-if quotas per ``(kind, id, period)``."""
        return self.whatifs.quotas

    @property
    def plan_changes(self) -> dict[str, Plan]:
        """The plans with a tier changed, by id."""
        return self.whatifs.plan_changes

    @property
    def period(self) -> Period:
        return self.selection.review_period

    # ------------------------------------------------------------------------------------ selection
    def periods(self) -> list[str]:
        return self.data.periods()

    def region_options(self) -> list[tuple[str, str]]:
        return selection.region_options(self.data)

    def team_options(self, region: str | None = None) -> list[tuple[str, str]]:
        return selection.team_options(self.data, self.selection.region if region is None else region)

    def rep_options(self, team: str | None = None, period: str | None = None) -> list[tuple[str, str]]:
        team = self.selection.team if team is None else team
        return selection.rep_options(self.data, team, period or self.selection.period)

    def select(
        self,
        period: str | None = None,
        region: str | None = None,
        team: str | None = None,
        rep: str | None = None,
    ) -> Selection:
        """Change the selection (:func:`~salesnb.workbench.selection.select`); ``None`` keeps a part."""
        self.selection = selection.select(self.data, self.selection, period, region, team, rep)
        return self.selection

    def scope_name(self, s: Selection | None = None) -> str:
        return selection.scope_name(self.data, s or self.selection)

    def rep_name(self, rep_id: str) -> str:
        return selection.rep_name(self.data, rep_id, self.period)

    def scope_teams(self, s: Selection | None = None) -> list[str]:
        return selection.scope_teams(self.data, s or self.selection)

    # ------------------------------------------------------------------------------------- overview
    def kpis(self) -> pd.DataFrame:
        return overview.kpis(self.data, self.settings, self.selection)

    def trend(self) -> pd.DataFrame:
        return overview.trend(self.data, self.selection)

    def comparison(self) -> pd.DataFrame:
        return overview.comparison(self.data, self.selection)

    def comparison_level(self) -> str:
        return overview.comparison_level(self.selection)

    def funnel(self) -> pd.DataFrame:
        return overview.funnel(self.data, self.selection)

    def available(self) -> Availability:
        """The inputs the selection holds in its period (quotas, activities, stage history, ...)."""
        return overview.availability(self.data, self.selection)

    # -------------------------------------------------------------------------------------- what-if
    def quota_target(self) -> tuple[str, str] | None:
        return quotas.quota_target(self.selection)

    def base_quota(self, kind: str, unit: str) -> float:
        return quotas.base_quota(self.data, kind, unit, self.period)

    def quota(self, kind: str, unit: str) -> float:
        return self.whatifs.quota(kind, unit, self.period)

    def set_quota(self, value: float | None, kind: str | None = None, unit: str | None = None) -> None:
        """Set (``None``: drop) the what-if quota of a rep or team for the selected period; by default of
        the selection's :meth:`quota_target`."""
        if kind is None or unit is None:
            target = self.quota_target()
            if target is None:
                raise ParameterError("choose a team or a rep to change a quota")
            kind, unit = target
        self.whatifs.set_quota(value, kind, unit, self.period)

    def set_tier(
        self, plan_id: str, tier: int, rate: float | None = None, start: float | None = None
    ) -> Plan:
        return self.whatifs.set_tier(plan_id, tier, rate, start)

    def plan(self, plan_id: str) -> Plan:
        return self.whatifs.plan(plan_id)

    def plan_ids(self) -> list[str]:
        return [p.id for p in self.settings.plans.plans] if self.settings.plans else []

    def plan_of(self, rep_id: str) -> str:
        return commission.plan_of(self.data, self.settings.plans, rep_id, self.period)

    def reset_what_ifs(self) -> None:
        self.whatifs.reset()

    def what_if(self) -> WhatIf | None:
        return whatif.what_if(self.data, self.settings, self.selection, self.whatifs)

    # ---------------------------------------------------------------------------------------- goals
    def goal_options(self) -> list[tuple[str, str]]:
        return goals.goal_options(self.data, self.settings.goals, self.selection)

    def goal(self, goal_id: str) -> Goal:
        return goals.find_goal(self.settings, goal_id)

    def audit(self, goal_id: str, target: float | None = None) -> GoalAudit:
        return goals.audit(self.data, self.settings, goal_id, target)

    # ------------------------------------------------------------------------------- coaching rules
    def rule_ids(self) -> list[str]:
        return coaching.rule_ids(self.settings)

    def rule(self, rule_id: str) -> Rule:
        return coaching.find_rule(self.settings, rule_id)

    def rule_threshold(self, rule_id: str) -> Threshold:
        return coaching.rule_threshold(self.settings, rule_id)

    def flagged(self, rule_id: str, threshold: float | None = None) -> pd.DataFrame:
        return coaching.flagged(self.data, self.settings, self.selection, rule_id, threshold)

    def rules_summary(self) -> pd.DataFrame:
        return coaching.rules_summary(self.data, self.settings, self.selection)

    # ------------------------------------------------------------------------- drill-down, render
    def deals(self, rep_id: str | None = None) -> pd.DataFrame:
        return drill.deals(self.data, rep_id or self.selection.rep, self.period)

    def activity_summary(self, rep_id: str | None = None) -> pd.DataFrame:
        return drill.activity_summary(self.data, rep_id or self.selection.rep, self.period)

    def activities(self, rep_id: str | None = None, limit: int = drill.ACTIVITY_LIMIT) -> pd.DataFrame:
        return drill.activities(self.data, rep_id or self.selection.rep, self.period, limit)

    def render_jobs(self) -> list[Job]:
        s = self.selection
        return render.render_jobs(self.db_path, self.settings, self.reports_dir, self.period, s.team, s.rep)

    def render_report(self) -> RenderResult:
        """Render the selected rep's or team's report for the period as ``salesnb run`` does."""
        return render.render_report(self.render_jobs()[0], self.reports_dir, self.period, self.selection.rep)


__all__ = ["Workbench"]
