"""Strings of the leaders' views: the goal progress, forecast roll-up and top risks of the org and region
overviews, and the links to each team's review."""

STRINGS: dict[str, dict[str, str]] = {
    # links to the team reviews
    "outlook.review": {"en": "Review", "zh": "团队报告"},
    "outlook.open_review": {"en": "team review", "zh": "查看团队报告"},
    "outlook.not_rendered": {"en": "not rendered", "zh": "未生成"},
    "outlook.not_rendered_note": {
        "en": '"not rendered": no review of these teams was rendered for the period; `{command}` renders them.',
        "zh": "“未生成”：本期尚未生成这些团队的报告；可运行 `{command}` 生成。",
    },
    "region_unit": {"en": "Region: {name}", "zh": "区域：{name}"},
    # goal progress
    "outlook.goals": {"en": "Goal progress", "zh": "目标进展"},
    "outlook.goals_intro": {
        "en": "The goals of params/goals.yaml each team's review shows, counted as that review reports them: "
        "a level goal counts once per rep it holds to the target. Met and missed are final; a goal whose "
        "period has not ended is pending, its status a projection. Audit flags count tracked goals the "
        "SMART audit does not pass.",
        "zh": "各团队报告中显示的 params/goals.yaml 目标，按团队报告的口径计数：按职级设定的目标每位适用人员计一次。"
        "“已达成”和“未达成”为最终结果；期间尚未结束的目标计为“进行中”，其状态为预测。"
        "“审核提示”为未通过 SMART 审核的已跟踪目标数。",
    },
    "outlook.no_goals": {
        "en": "No goals file (params/goals.yaml) was given: goal progress is not shown.",
        "zh": "未提供目标文件（params/goals.yaml），不显示目标进展。",
    },
    "outlook.goal_results": {"en": "Goal results", "zh": "目标结果数"},
    "outlook.pending": {"en": "Pending", "zh": "进行中"},
    "outlook.pending_cell": {"en": "{n} ({short} at risk or behind)", "zh": "{n}（{short} 项有风险或落后）"},
    "outlook.no_data": {"en": "No data", "zh": "无数据"},
    "outlook.not_tracked": {"en": "Not tracked", "zh": "未跟踪"},
    "outlook.flagged": {"en": "Audit flags", "zh": "审核提示"},
    "outlook.pending_note": {
        "en": "{n} goal results are pending: their period ({periods}) has not ended on {as_of}, so they are "
        "neither met nor missed yet.",
        "zh": "{n} 项目标结果仍在进行中：其期间（{periods}）截至 {as_of} 尚未结束，尚无最终达成结论。",
    },
    "outlook.goal_list": {"en": "The teams' goals", "zh": "各团队目标"},
    "outlook.goal": {"en": "Goal", "zh": "目标"},
    "outlook.goal_period": {"en": "Period", "zh": "期间"},
    "outlook.target": {"en": "Target", "zh": "目标值"},
    "outlook.actual": {"en": "Actual (projection)", "zh": "实际（预测）"},
    "outlook.status": {"en": "Status", "zh": "状态"},
    "outlook.audit": {"en": "SMART audit", "zh": "SMART 审核"},
    "outlook.per_rep": {"en": "{n} reps: {counts}", "zh": "{n} 人：{counts}"},
    "outlook.per_one_rep": {"en": "one rep: {counts}", "zh": "1 人：{counts}"},
    "outlook.status_count": {"en": "{n} {status}", "zh": "{status} {n} 人"},
    "outlook.separator": {"en": ", ", "zh": "，"},
    "outlook.scope.team": {"en": "team", "zh": "团队"},
    "outlook.scope.level": {"en": "level", "zh": "职级"},
    "outlook.scope.rep": {"en": "rep", "zh": "个人"},
    # forecast roll-up
    "outlook.forecast": {"en": "Forecast roll-up", "zh": "预测汇总"},
    "outlook.forecast_intro": {
        "en": "Each team's revenue forecast for {period} by the method its review finds most reliable (lowest "
        "backtest error), with the range its backtest errors give; regions and the total sum their teams. A "
        "range sums the lows and the highs, as if the teams missed together: the widest honest range, given "
        "only when every team summed has one. Commit and best case sum the teams' open deals.",
        "zh": "各团队对 {period} 的收入预测，采用其团队报告中回测误差最小的方法，并给出由回测误差得出的区间；"
        "区域和合计为所属团队之和。区间为各团队下限之和至上限之和，即假设各团队同时偏离：这是最宽而诚实的区间，"
        "仅当所有团队都有区间时给出。承诺额与最佳情况为各团队在途商机之和。",
    },
    "outlook.unit": {"en": "Team or region", "zh": "团队或区域"},
    "outlook.method": {"en": "Method", "zh": "方法"},
    "outlook.forecast_value": {"en": "Forecast {period}", "zh": "{period} 预测"},
    "outlook.range": {"en": "Range", "zh": "区间"},
    "outlook.error": {"en": "Backtest error", "zh": "回测误差"},
    "outlook.reliability": {"en": "Reliability", "zh": "可靠性"},
    "outlook.unreliable_teams": {"en": "{n} of {of} unreliable", "zh": "{of} 个中 {n} 个不可靠"},
    "outlook.reliable_teams": {"en": "all usable", "zh": "均可用"},
    "outlook.commit": {"en": "Commit", "zh": "承诺额"},
    "outlook.best_case": {"en": "Best case", "zh": "最佳情况"},
    "outlook.teams_forecast": {"en": "Teams", "zh": "团队数"},
    "outlook.no_forecast": {"en": "no forecast ({reason})", "zh": "无预测（{reason}）"},
    "outlook.partial": {
        "en": "{unit}: {n} of {of} teams have a forecast; the others are left out of the sum, not counted as 0.",
        "zh": "{unit}：{of} 个团队中 {n} 个有预测；其余团队未计入合计，而非按 0 计算。",
    },
    "outlook.unreliable_note": {
        "en": "A forecast is unreliable when its backtest error is above {threshold}: plan on its range, not "
        "its number.",
        "zh": "回测误差高于 {threshold} 的预测标为不可靠：请参考区间，而非单一数值。",
    },
    "missing.so.deal_forecast": {
        "en": "commit and best case are not shown (not 0)",
        "zh": "不显示承诺额与最佳情况（并非为 0）",
    },
    "outlook.reason.untested": {"en": "no backtest", "zh": "无回测"},
    # top risks
    "outlook.risks": {"en": "Top risks", "zh": "主要风险"},
    "outlook.risks_intro": {
        "en": "The most severe risks across the teams from each team review's risk register: a team's risks "
        "of one kind are one entry, ranked by severity, the team's own risks before those of one rep or deal. Risks about reps name no rep here: "
        "names and figures are in the team's review.",
        "zh": "来自各团队报告风险清单的最严重风险：同一团队同类风险合并为一条，按严重程度排序，团队整体风险排在个人或单个商机风险之前。"
        "涉及个人的风险在此不显示姓名，姓名和数据见该团队的报告。",
    },
    "outlook.none": {"en": "No team has a risk in the period.", "zh": "本期各团队均无风险。"},
    "outlook.what": {"en": "What", "zh": "内容"},
    "outlook.reps_affected": {"en": "{n} reps", "zh": "{n} 人"},
    "outlook.one_rep": {"en": "one rep", "zh": "1 人"},
    "outlook.stalled_deals": {"en": "{n} deals, {amount}", "zh": "{n} 个商机，共 {amount}"},
    "outlook.more_risks": {
        "en": "{n} more entries below these; each team's count follows.",
        "zh": "另有 {n} 条未列出；各团队风险数见下表。",
    },
    "outlook.risk_counts": {"en": "Risks per team", "zh": "各团队风险数"},
    "outlook.total_risks": {"en": "All", "zh": "全部"},
}
