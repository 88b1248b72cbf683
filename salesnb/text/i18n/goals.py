"""Strings of the goals tables beside their numbers: the SMART audit's verdict and reason, goals the review
cannot track, which of goal and quota pays, and the statements' pending goal bonuses and what-ifs."""

STRINGS: dict[str, dict[str, str]] = {
    "goal_audit": {"en": "SMART audit", "zh": "SMART 审核"},
    "goal_notes": {"en": "About these goals", "zh": "目标说明"},
    "status.not_tracked": {"en": "not tracked", "zh": "未跟踪"},
    # the verdict beside each goal
    "audit.passes": {"en": "passes", "zh": "通过"},
    "audit.not_judged": {"en": "not judged", "zh": "未评估"},
    "audit.unrealistic": {"en": "unrealistic", "zh": "不现实"},
    "audit.sandbagged": {"en": "too easy", "zh": "目标过低"},
    "audit.no_objective": {"en": "no objective", "zh": "未关联团队目标"},
    "audit.unknown_objective": {"en": "unknown objective", "zh": "目标方向不存在"},
    "audit.past": {"en": "period over", "zh": "期间已过"},
    "audit.unknown_metric": {"en": "unknown KPI", "zh": "指标不存在"},
    "audit.unknown_scope": {"en": "unknown scope", "zh": "范围不存在"},
    "audit.not_a_share": {"en": "target not a share", "zh": "目标不是比例"},
    "audit.negative_target": {"en": "negative target", "zh": "目标为负"},
    "audit.no_period": {"en": "no period", "zh": "没有期间"},
    "audit.unreadable": {"en": "unreadable", "zh": "无法读取"},
    "audit.no_reps": {"en": "no rep of the level", "zh": "无该职级人员"},
    "audit.fails": {"en": "fails {props}", "zh": "未通过 {props}"},
    # the reason, one sentence per goal under the table
    "audit_reason.not_judged": {
        "en": "{goal}: the SMART audit could not judge whether the target is achievable: {n} period(s) of "
        "history, {min} needed.",
        "zh": "{goal}：历史数据只有 {n} 期（至少需要 {min} 期），SMART 审核无法判断目标是否可实现。",
    },
    "audit_reason.unrealistic": {
        "en": "{goal}: unrealistic. The target {target} needs {change} on {base_label} ({base}); over the last "
        "{periods} periods that much happened only one period in ten (90th percentile {p90}). History "
        "suggested {suggested} for {period}.",
        "zh": "{goal}：不现实。目标 {target} 需要在 {base_label}（{base}）的基础上{change}；过去 {periods} "
        "期中，只有一成的期间达到过这种幅度（第 90 百分位 {p90}）。根据历史，{period} 的建议目标为 {suggested}。",
    },
    "audit.growth": {"en": "a rise of {pct}", "zh": "增长 {pct}"},
    "audit.improvement": {"en": "an improvement of {pct}", "zh": "改善 {pct}"},
    "audit_reason.sandbagged": {
        "en": "{goal}: too easy. The target {target} is below the worst of the last {periods} periods "
        "({worst} in {worst_label}), so meeting it says little. History suggested {suggested} for {period}.",
        "zh": "{goal}：目标过低。目标 {target} 低于最近 {periods} 期中最差的一期（{worst_label}：{worst}），"
        "达成它说明不了什么。根据历史，{period} 的建议目标为 {suggested}。",
    },
    "audit_reason.sandbagged_lower": {
        "en": "{goal}: too easy. The target {target} is looser than the worst of the last {periods} periods "
        "({worst} in {worst_label}), so meeting it says little. History suggested {suggested} for {period}.",
        "zh": "{goal}：目标过松。目标 {target} 比最近 {periods} 期中最差的一期（{worst_label}：{worst}）"
        "还宽松，达成它说明不了什么。根据历史，{period} 的建议目标为 {suggested}。",
    },
    "audit_reason.no_objective": {
        "en": "{goal}: not linked to a team objective; goals.yaml requires one for every goal of {teams} "
        "(policy.require_objective).",
        "zh": "{goal}：未关联团队目标方向；goals.yaml 要求 {teams} 的每个目标都关联一个"
        "（policy.require_objective）。",
    },
    "audit_reason.unknown_objective": {
        "en": "{goal}: links to the objective {objective}, which goals.yaml does not declare.",
        "zh": "{goal}：关联的目标方向 {objective} 未在 goals.yaml 中声明。",
    },
    "audit_reason.past": {
        "en": "{goal}: its period {period} is over.",
        "zh": "{goal}：其期间 {period} 已结束。",
    },
    "audit_reason.fails": {
        "en": "{goal}: does not pass the SMART audit ({props}): {reason}.",
        "zh": "{goal}：未通过 SMART 审核（{props}）：{reason}。",
    },
    "not_tracked.unknown_metric": {
        "en": "{goal}: not tracked: {metric} is not a KPI of the catalog, so there is nothing to measure.",
        "zh": "{goal}：未跟踪：{metric} 不是指标目录中的指标，无法衡量。",
    },
    "not_tracked.unknown_scope": {
        "en": "{goal}: not tracked: its scope names nothing in the data ({reason}).",
        "zh": "{goal}：未跟踪：其范围在数据中不存在（{reason}）。",
    },
    "not_tracked.not_a_share": {
        "en": "{goal}: not tracked: the target {target} is above 100 %, but {kpi} is a share (write "
        "{pct} or {fraction}).",
        "zh": "{goal}：未跟踪：目标 {target} 超过 100%，而{kpi}是一个比例（应写作 {pct} 或 {fraction}）。",
    },
    "not_tracked.negative_target": {
        "en": "{goal}: not tracked: the target {target} is negative, which {kpi} cannot be.",
        "zh": "{goal}：未跟踪：目标 {target} 为负数，而{kpi}不可能为负。",
    },
    "not_tracked.no_period": {
        "en": "{goal}: not tracked: no period or deadline says when it is due.",
        "zh": "{goal}：未跟踪：没有期间或截止日期，无法判断何时到期。",
    },
    "not_tracked.unreadable": {
        "en": "{goal}: not tracked: goals.yaml cannot be read for it ({reason}).",
        "zh": "{goal}：未跟踪：goals.yaml 中该目标无法读取（{reason}）。",
    },
    "not_tracked.no_reps": {
        "en": "{goal}: not tracked: the team has no {level} rep in this period.",
        "zh": "{goal}：未跟踪：本期团队中没有{level}销售人员。",
    },
    # which of goal and quota pays
    "pay.quota": {
        "en": "{goal}: the goal ({target}) is {status}; the quota ({quota}) is {attainment} reached. "
        "Commission is paid on the quota, not on this goal; {bonus}",
        "zh": "{goal}：目标（{target}）{status}；销售定额（{quota}）完成 {attainment}。"
        "提成按销售定额计算，而不是按此目标；{bonus}",
    },
    "pay.below_quota": {
        "en": " The goal is {share} of the quota: it can be met while the quota is missed.",
        "zh": "此目标只有定额的 {share}：目标达成时定额仍可能未完成。",
    },
    "pay.bonus": {
        "en": "when met, it pays a bonus of {bonuses}.",
        "zh": "达成后发放奖金 {bonuses}。",
    },
    "pay.no_bonus": {
        "en": "no commission plan pays a bonus on it.",
        "zh": "没有提成方案为其发放奖金。",
    },
    "pay.goal_bonus": {
        "en": "{goal}: when met at the end of {period}, it pays a bonus of {bonuses}.",
        "zh": "{goal}：在 {period} 结束时达成，发放奖金 {bonuses}。",
    },
    "pay.plan_bonus": {"en": "{amount} under plan {plan}", "zh": "{amount}（方案 {plan}）"},
    # the commission statement
    "rep.line.bonus_goal_pending": {
        "en": "Goal {goal}: assessed at the end of {period}, so far {status}: bonus of {bonus} not due yet",
        "zh": "目标 {goal}：在 {period} 结束时评定，目前{status}：奖金 {bonus} 尚未到期",
    },
    "rep.what_if": {
        "en": "At 100 % of the quota ({quota}) this plan pays {at_quota} in commission.",
        "zh": "完成 100% 定额（{quota}）时，本方案提成为 {at_quota}。",
    },
    "rep.what_if_next": {
        "en": " The next tier (tier {tier}, {rate} from {edge} of quota) starts at {revenue} of revenue, "
        "{gap} more; there the commission would be {pay}.",
        "zh": "下一档（第 {tier} 档，定额 {edge} 起按 {rate}）从销售额 {revenue} 开始，还差 {gap}；"
        "届时提成为 {pay}。",
    },
    "rep.what_if_at_quota": {
        "en": " The next tier (tier {tier}, {rate}) starts at the quota, {gap} more.",
        "zh": "下一档（第 {tier} 档，{rate}）从完成定额开始，还差 {gap}。",
    },
    "rep.what_if_top": {
        "en": " Tier {tier} is the plan's top tier.",
        "zh": "第 {tier} 档已是本方案的最高档。",
    },
    # recognition
    "award.manager": {
        "en": "{who} (manager, {value} of own quota) is not ranked with the reps: a manager's plan pays on "
        "the team's result, so the awards compare reps only.",
        "zh": "{who}（经理，完成个人定额 {value}）不与组员一起排名：经理的方案按团队业绩计酬，"
        "因此奖项只在销售人员之间比较。",
    },
}
