"""The report's table of contents, and what the charts say besides their titles: a status in words next to its colour, the labels of
reference lines, and each chart's description (its alt text: what it shows, with the numbers that
matter, for a screen reader and a tagged PDF)."""

STRINGS: dict[str, dict[str, str]] = {
    "report.contents": {"en": "Contents", "zh": "目录"},
    "chart.status.good": {"en": "on target", "zh": "达标"},
    "chart.status.near": {"en": "below target", "zh": "未达标"},
    "chart.status.bad": {"en": "below 70%", "zh": "低于 70%"},
    "chart.position.good": {"en": "better than the team median", "zh": "优于团队中位数"},
    "chart.position.bad": {"en": "worse than the team median", "zh": "差于团队中位数"},
    "chart.median_label": {"en": "team median {value}", "zh": "团队中位数 {value}"},
    "chart.list_sep": {"en": "; ", "zh": "；"},
    "chart.alt.attainment": {
        "en": "{title}: {good} of {count} at or above 100% of quota, {bad} below 70%; "
        "highest {top} ({top_value}), lowest {low} ({low_value}).",
        "zh": "{title}：{count} 个中 {good} 个达到 100% 目标，{bad} 个低于 70%；"
        "最高为{top}（{top_value}），最低为{low}（{low_value}）。",
    },
    "chart.alt.trend": {
        "en": "{title}, {first} to {last}: revenue {revenue} in {last}{quota}.",
        "zh": "{title}（{first} 至 {last}）：{last} 销售额 {revenue}{quota}。",
    },
    "chart.alt.trend_quota": {
        "en": ", {attainment} of its quota {quota}; quota met in {met} of {periods} periods",
        "zh": "，为目标 {quota} 的 {attainment}；{periods} 期中 {met} 期达标",
    },
    "chart.alt.moving_avg": {
        "en": "{title}, {first} to {last}: revenue {revenue} in {last}, 3-period moving average {average}"
        "{last_year}.",
        "zh": "{title}（{first} 至 {last}）：{last} 销售额 {revenue}，三期移动平均 {average}{last_year}。",
    },
    "chart.alt.last_year": {"en": ", {value} in the same period last year", "zh": "，去年同期 {value}"},
    "chart.alt.funnel": {"en": "{title}: {stages}.", "zh": "{title}：{stages}。"},
    "chart.alt.funnel_stage": {"en": "{stage} {deals} deals", "zh": "{stage} {deals} 个商机"},
    "chart.alt.funnel_step": {
        "en": "{stage} {deals} deals ({step} of the step before)",
        "zh": "{stage} {deals} 个商机（上一步的 {step}）",
    },
    "chart.alt.activity": {
        "en": "{title}: {count} reps; team medians {calls} calls per working day and a {rate} contact rate; "
        "most calls {top} ({top_calls}), fewest {low} ({low_calls}).",
        "zh": "{title}：共 {count} 人；团队中位数为日均通话 {calls} 次、接通率 {rate}；"
        "通话最多为{top}（{top_calls}），最少为{low}（{low_calls}）。",
    },
    "chart.alt.team_revenue": {
        "en": "{title}: {count} teams; highest {top} ({top_value}), lowest {low} ({low_value}).",
        "zh": "{title}：共 {count} 个团队；最高为{top}（{top_value}），最低为{low}（{low_value}）。",
    },
    "chart.alt.bands": {"en": "{title}: {teams}.", "zh": "{title}：{teams}。"},
    "chart.alt.band_team": {
        "en": "{team} {on} of {reps} reps at or above quota",
        "zh": "{team} {reps} 人中 {on} 人达到目标",
    },
    "chart.alt.on_target": {"en": "{title}, {period}: {teams}.", "zh": "{title}（{period}）：{teams}。"},
    "chart.alt.position": {
        "en": "{title}: better than the team median on {better} of {count} KPIs; "
        "furthest below {worst} ({worst_value}).",
        "zh": "{title}：{count} 项指标中 {better} 项优于团队中位数；差距最大的是{worst}（{worst_value}）。",
    },
    "chart.alt.position_none_below": {
        "en": "{title}: better than the team median on {better} of {count} KPIs.",
        "zh": "{title}：{count} 项指标中 {better} 项优于团队中位数。",
    },
}
