"""The headline block that opens every review: its title, the findings that have no sentence elsewhere,
the tiles' statuses and trends (:mod:`salesnb.reports.headline`)."""

STRINGS: dict[str, dict[str, str]] = {
    "headline.title": {"en": "Findings first", "zh": "要点速览"},
    "headline.kpis": {"en": "Key figures", "zh": "关键指标"},
    "headline.see": {"en": "(see section)", "zh": "（查看详情）"},
    "headline.about": {"en": "{who}: {text}", "zh": "{who}：{text}"},
    "headline.about_whom": {"en": "{label} – {who}: {text}", "zh": "{label}——{who}：{text}"},
    "headline.status_against": {"en": "{status} ({against})", "zh": "{status}（{against}）"},
    "headline.healthy": {
        "en": "Nothing needs action: no risk, warning signal, goal behind or forecast problem was found "
        "for {period}.",
        "zh": "{period} 无需采取行动：未发现风险、预警信号、落后的目标或预测问题。",
    },
    "headline.healthy_rep": {
        "en": "Nothing needs action: no warning signal, goal behind or coaching gap was found for {period}.",
        "zh": "{period} 无需采取行动：未发现预警信号、落后的目标或辅导短板。",
    },
    "headline.nothing": {
        "en": "No findings: there is nothing to review in {period}.",
        "zh": "没有要点：{period} 没有可评估的业务记录。",
    },
    "headline.bottleneck": {
        "en": "{waiting} deals are waiting in {stage}, which now takes {ratio} as many days per advance as "
        "before ({conversion} of deals advance, against {baseline} before).",
        "zh": "{waiting} 个商机停在「{stage}」阶段，每推进一步所需天数是以往的 {ratio}（推进率 {conversion}，"
        "以往 {baseline}）。",
    },
    "headline.reps_below": {
        "en": "{n} of {total} reps are below target: {reps}.",
        "zh": "{total} 名销售中有 {n} 名未达标：{reps}。",
    },
    "headline.rep_attainment": {"en": "{name} ({value})", "zh": "{name}（{value}）"},
    "headline.forecast_unreliable": {
        "en": "No forecast is reliable: the best method, {method}, was off by {wape} on average over the "
        "last {n} periods.",
        "zh": "没有可靠的预测：最近 {n} 期回测最好的{method}平均误差也达 {wape}。",
    },
    "headline.goals_behind": {
        "en": "{n} of {total} goals are not on course: {goals}.",
        "zh": "{total} 个目标中有 {n} 个未按计划推进：{goals}。",
    },
    "headline.goal_list": {"en": "; ", "zh": "；"},
    "headline.goal": {
        "en": "{kpi} {actual} against {target} ({status})",
        "zh": "{kpi} {actual}，目标 {target}（{status}）",
    },
    "headline.gap": {
        "en": "Top coaching gap: {sentence}",
        "zh": "首要辅导短板：{sentence}",
    },
    "headline.signal.bottleneck": {"en": "Stage bottleneck", "zh": "阶段瓶颈"},
    "headline.signal.burnout": {"en": "Burnout", "zh": "倦怠"},
    "headline.signal.low_contact_rate": {"en": "Low contact rate", "zh": "接通率偏低"},
    "headline.signal.high_activity_low_conv": {"en": "Busy but not converting", "zh": "活动量高但转化低"},
    "headline.signal.below_target": {"en": "Below target", "zh": "持续未达标"},
    "headline.signal.activity_drop": {"en": "Activity drop", "zh": "活动量骤降"},
    "headline.trend": {"en": "{span}: {values}", "zh": "{span}：{values}"},
    "headline.status.on_target": {"en": "on target", "zh": "达标"},
    "headline.status.below_target": {"en": "below target", "zh": "未达标"},
    "headline.status.above_median": {"en": "at or above team median", "zh": "不低于团队中位数"},
    "headline.status.below_median": {"en": "below team median", "zh": "低于团队中位数"},
    "headline.status.symptom": {"en": "above team median: a symptom", "zh": "高于团队中位数：属预警症状"},
    "headline.status.inflated": {"en": "inflated by stalled deals", "zh": "含停滞商机，虚高"},
    "headline.without_stalled": {
        "en": "{value} without its {n} stalled deals",
        "zh": "剔除 {n} 个停滞商机后为 {value}",
    },
    "headline.status.above_average": {"en": "at or above its recent average", "zh": "不低于近期均值"},
    "headline.status.below_average": {"en": "below its recent average", "zh": "低于近期均值"},
    "headline.status.near_median": {"en": "near team median", "zh": "与团队中位数相当"},
    "headline.status.near_average": {"en": "near its recent average", "zh": "与近期均值相当"},
    "headline.status.too_few": {"en": "too few to judge", "zh": "样本过少，不作评判"},
    "headline.sample": {"en": "n = {n}, at least {min} needed", "zh": "n = {n}，至少需要 {min}"},
    "headline.status.no_data": {"en": "no data this period", "zh": "本期暂无数据"},
    "headline.status.no_target": {"en": "no target", "zh": "无目标"},
    "headline.target": {"en": "target {value}", "zh": "目标 {value}"},
    "headline.average": {"en": "{n}-period average {value}", "zh": "近 {n} 期均值 {value}"},
    "headline.median": {"en": "median {value}", "zh": "中位数 {value}"},
    "missing.so.headline": {
        "en": "the findings leave out what rests on them",
        "zh": "要点中不含依赖这些数据的内容",
    },
}
