"""Revenue forecasts for the period end and the next period, each with its measured backtest error.

Three methods, all on the team's revenue (closed-won amount by close date, as the revenue KPI):

* **run_rate** – revenue to date scaled to the whole period by working days (:func:`salesnb.goals.pace`);
  the next period gets the same revenue per working day times its working days.
* **weighted_pipeline** – revenue to date plus Σ amount × probability of the deals open now that are
  expected to close in the rest of the period; the next period gets the open deals expected to close in
  it. A deal past its expected close date by at most :data:`SLIPPED_DAYS` has slipped: it counts in the
  earliest period still open (this one while it runs, else the next); one overdue for longer is stale
  (a CRM's past-due list) and left out. Probability is the one the deal had at the time: that of the
  stage it was in then by the stage history (:mod:`salesnb.kpis.measures.pipeline`). When a deal it
  would count has no known stage then (no stage history), the method's number is missing with the
  reason ``stage_unknown``: weighting by each deal's final outcome would read the future.
  Deals not yet created are not in any pipeline, so this method is a floor more than a forecast: its
  backtest error says by how much.
* **exp_smoothing** – Holt's exponential smoothing with an additive trend (``model = holt``) fit on the
  monthly revenue of the periods before; with at least :data:`SEASONAL_MIN_PERIODS` periods an additive
  seasonal component is added (``holt_winters``).

For a finished period every method's ``this_period`` is the actual revenue. **Backtest:** each of the
last ``backtest_periods`` complete periods *t* is forecast the way the method forecasts a next period,
from the data before *t* only (rolling origin: run rate of *t − 1*; pipeline open at the start of *t*;
the model refit on the periods before *t*), and ``wape`` = Σ |actual − forecast| ÷ Σ actual over every
backtested period, those with no revenue too (a mean of percentage errors drops them, and then a method
forecasting 0 is off by exactly 100 % and can look best). ``bias`` is Σ (forecast − actual) ÷ Σ actual
(negative: the method forecasts low). A method whose every backtest forecast was 0 is
``forecasts_nothing``: never the one to plan on, whatever its error.

**Range and reliability:** the backtest's ratios actual ÷ forecast say how far the method's forecasts
landed from what happened; the next period's ``next_low`` … ``next_high`` is the forecast times the
:data:`RANGE_QUANTILES` of those ratios (with six periods, about the best and worst but one), given only
from :data:`MIN_RANGE_BACKTESTS` ratios (fewer are no quantiles). A method whose WAPE is above
:data:`UNRELIABLE_WAPE` is ``unreliable``. ``step`` is the rounding that matches the
error: a tenth of the expected error's order of magnitude (:func:`rounding_step`), so a forecast off by
half its value is never shown to the yuan.
"""

from __future__ import annotations

import math
import warnings
from datetime import date

import numpy as np
import pandas as pd

from salesnb.analysis.common import data_start, open_deals, open_deals_at, open_deals_many, ts
from salesnb.goals.history import to_date
from salesnb.goals.pacing import pace
from salesnb.kpis.measures import assign_period
from salesnb.periods import Period

#: Complete periods each method is backtested on: half a year of monthly forecasts.
BACKTEST_PERIODS = 6
#: Fewest periods of history the time-series model is fit on (level and trend need a few points).
MIN_MODEL_PERIODS = 6
#: Periods of history from which the model also fits a seasonal component: two full years, so each
#: month's seasonal effect is seen at least twice.
SEASONAL_MIN_PERIODS = 24
#: Days past its expected close date a deal still counts in the pipeline as slipped (one month): older
#: ones are stale. Counting every overdue deal made a stalled team's pipeline forecast several times
#: its revenue; counting none left a third of a healthy field team's next month out.
SLIPPED_DAYS = 30
#: Periods of history the forecast reads (the slice may hold fewer: then it uses what is there).
HISTORY_PERIODS = 36
#: Backtest WAPE above which a method is labelled unreliable: an error of half the revenue cannot tell
#: a good month from a bad one.
UNRELIABLE_WAPE = 0.50
#: Quantiles of the backtest's actual ÷ forecast ratios that bound the range of a forecast.
RANGE_QUANTILES = (0.10, 0.90)
#: Fewest backtest ratios a range is read from: from one to three, the "10 % and 90 % quantiles" are
#: the one or two ratios there are, a range as narrow as luck made it.
MIN_RANGE_BACKTESTS = 4

SEASON_LENGTH = {"month": 12, "quarter": 4, "week": 52}
METHODS = ("run_rate", "weighted_pipeline", "exp_smoothing")
COLUMNS = [
    "method", "model", "this_period", "next_period", "wape", "bias", "n_backtest", "actual_to_date",
    "complete", "elapsed_days", "total_days", "reason", "next_low", "next_high", "unreliable", "step",
    "forecasts_nothing",
]  # fmt: skip


def rounding_step(value: float, wape: float) -> float:
    """The rounding a forecast of ``value`` off by ``wape`` on average deserves: a tenth of the expected
    error's power of ten (at least 1; NaN when either is unknown).

    Examples
    --------
    >>> rounding_step(1_486_232, 1.33), rounding_step(477_083, 0.21), rounding_step(900, 0.001)
    (100000.0, 10000.0, 1.0)
    """
    error = abs(value) * wape
    if not (math.isfinite(error) and error > 0):
        return math.nan if not math.isfinite(error) else 1.0
    return max(1.0, 10.0 ** (math.floor(math.log10(error)) - 1))


def _range(value: float, actual: list[float], forecast: list[float]) -> tuple[float, float]:
    """``value`` × the :data:`RANGE_QUANTILES` of the backtest's actual ÷ forecast ratios."""
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    ok = np.isfinite(f) & (f > 0) & np.isfinite(a)
    if ok.sum() < MIN_RANGE_BACKTESTS or not math.isfinite(value):
        return math.nan, math.nan
    low, high = np.quantile(a[ok] / f[ok], RANGE_QUANTILES)
    return float(value * low), float(value * high)


def revenue_by_period(opportunities: pd.DataFrame, periods: list[Period]) -> pd.Series:
    """Won amount per period label (0 where nothing closed), in the order of ``periods``."""
    if not periods:
        return pd.Series(dtype=float)
    won = opportunities[opportunities["status"] == "won"]
    label = assign_period(won["close_date"], periods)
    sums = won["amount"].astype(float).groupby(label).sum()
    return sums.reindex([p.label for p in periods]).fillna(0.0)


def pipeline_expected(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    moment: pd.Timestamp,
    start: pd.Timestamp,
    end: pd.Timestamp,
    slipped_days: int = 0,
) -> float:
    """Σ amount × probability of deals open at ``moment`` expected to close in ``[start, end)``.

    With ``slipped_days`` the deals whose expected close date fell in the ``slipped_days`` before
    ``moment`` count too. NaN when one of those deals has no known probability then.
    """
    return _expected(open_deals_at(opportunities, stage_history, moment), moment, start, end, slipped_days)


def _expected(
    deals: pd.DataFrame, moment: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, slipped_days: int
) -> float:
    """:func:`pipeline_expected` of the deals open at ``moment`` (:func:`open_deals_at`)."""
    expected = pd.to_datetime(deals["expected_close_date"])
    hit = (expected >= start) & (expected < end)
    if slipped_days > 0:
        hit |= (expected < moment) & (expected >= moment - pd.Timedelta(days=slipped_days))
    weighted = (deals["amount"].astype(float) * deals["probability_then"])[hit]
    return float(weighted.sum()) if deals["probability_then"][hit].notna().all() else math.nan


def fit_exp_smoothing(values: np.ndarray, steps: int, season: int | None, seasonal_min: int) -> np.ndarray:
    """Forecast ``steps`` periods after ``values`` with Holt's linear trend (plus season when long enough).

    Forecasts below zero are 0 (revenue is never negative). Statsmodels' fitting warnings are silenced:
    the backtest error is the judge of the fit.
    """
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    y = np.asarray(values, dtype=float)
    scale = float(np.abs(y).mean()) if len(y) else 0.0
    if scale == 0:  # nothing ever sold: nothing to extrapolate
        return np.zeros(steps)
    seasonal = season is not None and len(y) >= max(seasonal_min, 2 * season)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # fit on the series scaled to mean 1: the optimiser converges in a fraction of the time
        model = ExponentialSmoothing(
            y / scale,
            trend="add",
            seasonal="add" if seasonal else None,
            seasonal_periods=season if seasonal else None,
            initialization_method="estimated",
        )
        fitted = model.fit(method="least_squares")
        out = np.asarray(fitted.forecast(steps), dtype=float) * scale
    return np.clip(out, 0.0, None)


def _errors(actual: list[float], forecast: list[float]) -> tuple[float, float, int, bool]:
    """WAPE, bias, periods backtested and whether every backtest forecast was 0 (see the module docstring).

    Examples
    --------
    Revenue 1000, 0, 1000; forecast 900, 300, 1000: WAPE (100 + 300 + 0) ÷ 2000 = 20 %, bias +10 %.

    >>> _errors([1000, 0, 1000], [900, 300, 1000])
    (0.2, 0.1, 3, False)
    >>> _errors([1000, 0, 1000], [0, 0, 0])
    (1.0, -1.0, 3, True)
    """
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    ok = np.isfinite(a) & np.isfinite(f)
    total = float(a[ok].sum())
    if not ok.any() or total <= 0:  # no revenue in any backtested period: no error to scale
        return math.nan, math.nan, 0, False
    wape = float(np.abs(f[ok] - a[ok]).sum() / total)
    return wape, float((f[ok] - a[ok]).sum() / total), int(ok.sum()), bool((f[ok] == 0).all())


def forecast_revenue(
    data: dict[str, pd.DataFrame],
    period: Period,
    as_of: date | None = None,
    backtest_periods: int = BACKTEST_PERIODS,
    history_periods: int = HISTORY_PERIODS,
    slipped_days: int = SLIPPED_DAYS,
    min_model_periods: int = MIN_MODEL_PERIODS,
    seasonal_min_periods: int = SEASONAL_MIN_PERIODS,
) -> pd.DataFrame:
    """The team's revenue forecast for ``period`` and the next one, by every method, with its backtest.

    ``as_of`` is the last day the data holds; ``None`` or a day on or after the period's last day means
    the period is complete. One row per method; columns: ``method``, ``model`` (``holt`` or
    ``holt_winters`` for the time series), ``this_period``, ``next_period``, ``wape``, ``bias``,
    ``n_backtest`` (periods the error was measured on), ``actual_to_date``, ``complete``,
    ``elapsed_days`` and ``total_days`` (working days), ``next_low``, ``next_high``, ``unreliable``,
    ``step``, ``forecasts_nothing``, ``reason`` (why a number is missing:
    ``not_started``, ``short_history``, ``stage_unknown``, ``no_backtest``; else None). Never raises
    on short history.
    """
    opps = data["opportunities"]
    running = to_date(period, as_of) if as_of is not None else period
    complete = running.end >= period.end
    elapsed = int(np.busday_count(period.start, running.end))
    total = period.working_days()
    nxt = period.next()
    won = opps[opps["status"] == "won"]
    closes = pd.to_datetime(won["close_date"])
    actual = float(won["amount"][(closes >= ts(period.start)) & (closes < ts(running.end))].sum())

    # complete periods with data, oldest first: the history every method is backtested on
    first = data_start(data)
    last_done = period if complete else period.previous()
    past = [p for p in last_done.history(history_periods) if p.end > first]
    revenue = revenue_by_period(opps, past)
    targets = past[-backtest_periods:] if backtest_periods > 0 else []
    actuals = [revenue[p.label] for p in targets]
    season = SEASON_LENGTH.get(period.grain)
    rows = []

    # run rate
    pacing = pace(actual, math.nan, True, True, elapsed, total)
    this_rr = pacing.projection
    next_rr = this_rr / total * nxt.working_days() if total and not math.isnan(this_rr) else math.nan
    bt = []
    for t in targets:
        prev = t.previous()
        bt.append(
            revenue[prev.label] / prev.working_days() * t.working_days()
            if prev.label in revenue
            else math.nan
        )
    rows.append(("run_rate", None, this_rr, next_rr, *_errors(actuals, bt), _range(next_rr, actuals, bt)))

    # weighted pipeline
    moment = ts(running.end)
    open_now = open_deals(data, moment)  # a finished period's end: the risks and workload read it too
    rest = _expected(open_now, moment, moment, ts(period.end), 0 if complete else slipped_days)
    this_wp = actual + rest
    next_wp = _expected(open_now, moment, ts(nxt.start), ts(nxt.end), slipped_days if complete else 0)
    starts = open_deals_many(data, [ts(t.start) for t in targets if t.start >= first])
    then = {t.label: starts[ts(t.start)] for t in targets if t.start >= first}
    bt = [
        _expected(then[t.label], ts(t.start), ts(t.start), ts(t.end), slipped_days)
        if t.label in then
        else math.nan
        for t in targets
    ]
    rows.append(
        ("weighted_pipeline", None, this_wp, next_wp, *_errors(actuals, bt), _range(next_wp, actuals, bt))
    )
    stage_unknown = any(_unknown_probability(d) for d in [open_now, *then.values()])

    # time series
    values = revenue.to_numpy()
    label_pos = {p.label: i for i, p in enumerate(past)}
    bt = []
    for t in targets:
        upto = values[: label_pos[t.label]]
        bt.append(
            float(fit_exp_smoothing(upto, 1, season, seasonal_min_periods)[0])
            if len(upto) >= min_model_periods
            else math.nan
        )
    # ``values`` ends with a complete ``period``, or just before a running one
    if len(values) >= min_model_periods:
        model = "holt_winters" if season and len(values) >= max(seasonal_min_periods, 2 * season) else "holt"
        if complete:
            this_ts, next_ts = actual, float(fit_exp_smoothing(values, 1, season, seasonal_min_periods)[0])
        else:
            this_ts, next_ts = (float(v) for v in fit_exp_smoothing(values, 2, season, seasonal_min_periods))
    else:
        model, this_ts, next_ts = None, (actual if complete else math.nan), math.nan
    rows.append(
        ("exp_smoothing", model, this_ts, next_ts, *_errors(actuals, bt), _range(next_ts, actuals, bt))
    )

    out = pd.DataFrame(
        [
            {
                "method": method,
                "model": mdl,
                "this_period": this,
                "next_period": nxt_value,
                "wape": wape,
                "bias": bias,
                "n_backtest": n,
                "actual_to_date": actual,
                "complete": complete,
                "elapsed_days": elapsed,
                "total_days": total,
                "next_low": span[0],
                "next_high": span[1],
                "unreliable": bool(wape > UNRELIABLE_WAPE),
                "step": rounding_step(nxt_value, wape),
                "forecasts_nothing": nothing,
            }
            for method, mdl, this, nxt_value, wape, bias, n, nothing, span in rows
        ],
        columns=COLUMNS,
    )
    out["reason"] = [
        _reason(r, complete, elapsed, len(values), min_model_periods, stage_unknown)
        for r in out.itertuples(index=False)
    ]
    return out


def _unknown_probability(deals: pd.DataFrame) -> bool:
    """Whether a deal of :func:`open_deals_at` has no known probability then."""
    return bool(deals["probability_then"].isna().any())


def _reason(
    row, complete: bool, elapsed: int, n_history: int, min_model: int, stage_unknown: bool
) -> str | None:
    if not complete and elapsed <= 0:
        return "not_started"
    if row.method == "exp_smoothing" and n_history < min_model:
        return "short_history"
    missing = math.isnan(row.next_period) or math.isnan(row.wape)
    if row.method == "weighted_pipeline" and stage_unknown and missing:
        return "stage_unknown"
    if row.n_backtest == 0:
        return "no_backtest"
    return None
