"""The rep review's commission statement: its headings, and each line as a sentence with its numbers."""

STRINGS: dict[str, dict[str, str]] = {
    "rep.commission": {"en": "Commission statement", "zh": "佣金明细"},
    "rep.commission_intro": {
        "en": "How each amount was computed under the rep's plan in params/commission_plans.yaml "
        "(rules: docs/incentives.md). Commission is computed per calendar month; a longer period pays the "
        "sum of its months.",
        "zh": "按 params/commission_plans.yaml 中适用的方案逐项计算（规则见 docs/incentives.md）。"
        "佣金按自然月计算；较长期间为各月之和。",
    },
    "rep.commission_head": {
        "en": "{month} · plan {plan} ({method}, paid on {basis}): revenue {revenue} against a quota of "
        "{quota}, attainment {attainment}.",
        "zh": "{month} · 方案 {plan}（{method}，按{basis}计算）：销售额 {revenue}，目标 {quota}，"
        "达成率 {attainment}。",
    },
    "rep.commission_head_no_quota": {
        "en": "{month} · plan {plan} ({method}, paid on {basis}): revenue {revenue}, no quota.",
        "zh": "{month} · 方案 {plan}（{method}，按{basis}计算）：销售额 {revenue}，无销售目标。",
    },
    "rep.method.marginal": {"en": "marginal tiers", "zh": "分段累进"},
    "rep.method.flat": {"en": "flat tiers", "zh": "整体按所达档位"},
    "rep.basis.rep": {"en": "the rep's own revenue", "zh": "个人销售额"},
    "rep.basis.team": {"en": "the team's revenue", "zh": "团队销售额"},
    "rep.tier.decelerator": {"en": "decelerator", "zh": "减速档"},
    "rep.tier.base": {"en": "base rate", "zh": "基础档"},
    "rep.tier.accelerator": {"en": "accelerator", "zh": "加速档"},
    "rep.tier.reduced": {"en": "reduced rate", "zh": "递减档"},
    "rep.col.line": {"en": "Calculation", "zh": "计算过程"},
    "rep.col.amount": {"en": "Amount", "zh": "金额"},
    "rep.line.tier": {
        "en": "Revenue from {from_} to {to} of quota (tier {tier}, {kind}): {revenue} × {rate} = {amount}",
        "zh": "达成率 {from_} 至 {to} 区间的销售额（第 {tier} 档，{kind}）：{revenue} × {rate} = {amount}",
    },
    "rep.line.tier_flat": {
        "en": "All revenue at tier {tier} ({kind}, {to} of quota reached): {revenue} × {rate} = {amount}",
        "zh": "全部销售额按第 {tier} 档计（{kind}，达成率 {to}）：{revenue} × {rate} = {amount}",
    },
    "rep.line.no_quota": {
        "en": "No quota this month, so all revenue at the base rate: {revenue} × {rate} = {amount}",
        "zh": "本月无销售目标，全部销售额按基础费率计：{revenue} × {rate} = {amount}",
    },
    "rep.line.no_revenue": {
        "en": "No revenue this month ({revenue}): no commission",
        "zh": "本月无销售额（{revenue}）：无佣金",
    },
    "rep.line.cap": {
        "en": "Monthly cap of {limit}: the {removed} above it is not paid",
        "zh": "每月封顶 {limit}：超出的 {removed} 不予发放",
    },
    "rep.line.bonus_goal": {"en": "Goal {goal} met: bonus {bonus}", "zh": "目标 {goal} 已达成：奖金 {bonus}"},
    "rep.line.bonus_goal_missed": {
        "en": "Goal {goal} not met: bonus of {bonus} not paid",
        "zh": "目标 {goal} 未达成：奖金 {bonus} 不予发放",
    },
    "rep.line.bonus_kpi_min": {
        "en": "{kpi} {value}, at least {limit}: bonus {bonus}",
        "zh": "{kpi}为 {value}，达到不低于 {limit} 的要求：奖金 {bonus}",
    },
    "rep.line.bonus_kpi_max": {
        "en": "{kpi} {value}, at most {limit}: bonus {bonus}",
        "zh": "{kpi}为 {value}，达到不高于 {limit} 的要求：奖金 {bonus}",
    },
    "rep.line.bonus_kpi_missed_min": {
        "en": "{kpi} {value}, below the {limit} needed: bonus of {bonus} not paid",
        "zh": "{kpi}为 {value}，低于要求的 {limit}：奖金 {bonus} 不予发放",
    },
    "rep.line.bonus_kpi_missed_max": {
        "en": "{kpi} {value}, above the {limit} allowed: bonus of {bonus} not paid",
        "zh": "{kpi}为 {value}，高于要求的 {limit}：奖金 {bonus} 不予发放",
    },
    "rep.line.bonus_kpi_no_data": {
        "en": "{kpi}: no value this month, so the bonus of {bonus} is not paid",
        "zh": "{kpi}：本月无数据，奖金 {bonus} 不予发放",
    },
    "rep.line.total": {"en": "Total for {month}", "zh": "{month} 合计"},
    "rep.commission_total": {
        "en": "Total for {period} ({n} months): {amount}.",
        "zh": "{period} 合计（{n} 个月）：{amount}。",
    },
    "rep.no_commission_week": {
        "en": "Commission is computed per calendar month: see the month's review.",
        "zh": "佣金按自然月计算：请查看月度评估。",
    },
    "rep.no_commission": {
        "en": "No commission plan in params/, or no month of the period has started yet.",
        "zh": "params/ 中没有佣金方案，或本期尚无已开始的月份。",
    },
}
