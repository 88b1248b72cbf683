"""Strings shared by every report: the frame, tables, stages, levels, charts, overviews. KPI labels are
the catalog's (:mod:`salesnb.text.i18n.kpis`)."""

STRINGS: dict[str, dict[str, str]] = {
    # report frame
    "team_review": {"en": "Team performance review", "zh": "团队绩效评估"},
    "period": {"en": "Period", "zh": "期间"},
    "region": {"en": "Region", "zh": "区域"},
    "team_type": {"en": "Team type", "zh": "团队类型"},
    "data_as_of": {"en": "Data as of", "zh": "数据截至"},
    "currency": {"en": "Currency", "zh": "币种"},
    "headcount_line": {"en": "Reps in period", "zh": "期内销售人数"},
    # sections
    "scorecard": {"en": "Headline scorecard", "zh": "核心指标"},
    "scorecard_intro": {
        "en": "Team results for the period against target, with the previous period and the change.",
        "zh": "本期团队结果与目标对比，并列出上期数值及变化。",
    },
    "trend": {"en": "Trend", "zh": "趋势"},
    "reps": {"en": "Rep comparison", "zh": "销售人员对比"},
    "funnel": {"en": "Funnel", "zh": "销售漏斗"},
    "funnel_intro": {
        "en": "Deals closed in the period, counted at every stage they reached.",
        "zh": "本期结单的商机，按其到达的每个阶段计数。",
    },
    "activity": {"en": "Activity", "zh": "活动量"},
    "no_data": {"en": "No data for this period.", "zh": "本期无数据。"},
    # what a KPI had to leave out, shown beside its value (the KPI catalog's left_out measures)
    "left_out.open_deals_unknown_amount": {
        "en": "{n} open deals without an amount",
        "zh": "{n} 个在途商机无金额",
    },
    "left_out.open_deals_unknown_amount.one": {
        "en": "{n} open deal without an amount",
        "zh": "{n} 个在途商机无金额",
    },
    "left_out.won_deals_unknown_amount": {
        "en": "{n} won deals without an amount",
        "zh": "{n} 个赢单无金额",
    },
    "left_out.won_deals_unknown_amount.one": {
        "en": "{n} won deal without an amount",
        "zh": "{n} 个赢单无金额",
    },
    "nothing_to_review": {
        "en": "Nothing to review for {team} in {period}: no deal, activity, lead or order of its reps is "
        "recorded in this period.",
        "zh": "{team} 在 {period} 没有可回顾的内容：本期没有其成员的商机、活动、线索或订单记录。",
    },
    # table columns
    "kpi": {"en": "KPI", "zh": "指标"},
    "value": {"en": "This period", "zh": "本期"},
    "previous": {"en": "Previous period", "zh": "上期"},
    "change": {"en": "Change", "zh": "变化"},
    "target": {"en": "Target", "zh": "目标"},
    "goals": {"en": "Goals and pacing", "zh": "目标与进度"},
    "goals_intro": {
        "en": "Each goal from params/goals.yaml that concerns this team, its reps or their role level: the "
        "value so far, the run-rate projection to the end of the goal's period, the SMART audit's verdict "
        "(its reason under the table) and a target for the next period suggested by history. A goal that "
        "cannot be measured is listed as not tracked, with why.",
        "zh": "params/goals.yaml 中与本团队、其成员或职级相关的每个目标：截至目前的数值、"
        "按当前进度推算的期末值、SMART 审核结论（原因见表下），以及根据历史数据建议的下期目标。"
        "无法衡量的目标列为未跟踪，并说明原因。",
    },
    "no_goals": {"en": "No goals are set for this team.", "zh": "本团队未设定目标。"},
    "goal": {"en": "Goal", "zh": "目标项"},
    "goal_period": {"en": "Goal period", "zh": "目标期间"},
    "actual": {"en": "Actual to date", "zh": "当前实际"},
    "projection": {"en": "Projected", "zh": "预计期末"},
    "status": {"en": "Status", "zh": "状态"},
    "days_elapsed": {"en": "Working days", "zh": "工作日"},
    "suggested_next": {"en": "Suggested next target", "zh": "建议下期目标"},
    "status.met": {"en": "met", "zh": "已达成"},
    "status.missed": {"en": "missed", "zh": "未达成"},
    "status.on_track": {"en": "on track", "zh": "进度正常"},
    "status.at_risk": {"en": "at risk", "zh": "有风险"},
    "status.behind": {"en": "behind", "zh": "落后"},
    "status.not_started": {"en": "not started", "zh": "未开始"},
    "status.no_data": {"en": "no data yet", "zh": "暂无数据"},
    "rep": {"en": "Rep", "zh": "销售人员"},
    "level": {"en": "Level", "zh": "职级"},
    "stage": {"en": "Stage", "zh": "阶段"},
    "deals": {"en": "Deals", "zh": "商机数"},
    "step_conversion": {"en": "From previous stage", "zh": "较上一阶段转化"},
    "from_start": {"en": "From first stage", "zh": "较首阶段转化"},
    "pts": {"en": "pts", "zh": "个百分点"},
    "team_total": {"en": "Team", "zh": "团队合计"},
    "rep_reviews": {"en": "Rep reviews and coaching plans", "zh": "个人评估与辅导计划"},
    "rep_reviews_how": {
        "en": "Each rep's review and coaching plan is a report of its own: {command} renders them.",
        "zh": "每位销售的个人评估与辅导计划是单独的报告：运行 {command} 即可生成。",
    },
    # stages
    "stage.qualification": {"en": "Qualification", "zh": "初步接洽"},
    "stage.needs_analysis": {"en": "Needs analysis", "zh": "需求确认"},
    "stage.proposal": {"en": "Proposal / quote", "zh": "方案报价"},
    "stage.negotiation": {"en": "Negotiation", "zh": "谈判审核"},
    "stage.closed_won": {"en": "Won", "zh": "赢单"},
    "stage.closed_lost": {"en": "Lost", "zh": "输单"},
    # levels and team types
    "level.junior": {"en": "Junior", "zh": "初级"},
    "level.senior": {"en": "Senior", "zh": "高级"},
    "level.manager": {"en": "Manager", "zh": "经理"},
    "type.telesales": {"en": "Telesales", "zh": "电话销售"},
    "type.online": {"en": "Online sales", "zh": "网络销售"},
    "type.field": {"en": "Field / key accounts", "zh": "大客户销售"},
    # charts
    "chart.trend_title": {"en": "Revenue against quota", "zh": "销售额与目标"},
    "chart.attainment_axis": {"en": "Quota attainment", "zh": "目标达成率"},
    "chart.amount_axis": {"en": "Amount", "zh": "金额"},
    "chart.period_axis": {"en": "Period", "zh": "期间"},
    "chart.reps_title": {"en": "Quota attainment by rep", "zh": "各销售人员目标达成率"},
    "chart.target_line": {"en": "100% of quota", "zh": "100% 目标"},
    "chart.funnel_title": {
        "en": "Deals closed in the period by stage reached",
        "zh": "本期结单商机到达各阶段数量",
    },
    "chart.activity_title": {"en": "Calls per working day and contact rate", "zh": "人均日通话量与接通率"},
    "chart.calls_axis": {"en": "Calls per working day", "zh": "日均通话量"},
    "chart.contact_axis": {"en": "Contact rate", "zh": "接通率"},
    "chart.team_median": {"en": "team median", "zh": "团队中位数"},
    "chart.win_rate_trend": {"en": "Win rate", "zh": "赢单率"},
    # organisation overview
    "org_overview": {"en": "Organisation overview", "zh": "组织总览"},
    "organisation": {"en": "Organisation", "zh": "全公司"},
    "teams": {"en": "Teams", "zh": "团队数"},
    "team": {"en": "Team", "zh": "团队"},
    "total": {"en": "Total", "zh": "合计"},
    "rank": {"en": "Rank", "zh": "排名"},
    "manager": {"en": "Manager", "zh": "经理"},
    "regions": {"en": "Regions", "zh": "区域汇总"},
    "regions_intro": {
        "en": "Each region's teams summed: ratios are recomputed from the sums, never averaged.",
        "zh": "各区域所有团队数据加总；比率按加总后的数值重新计算，而非取平均。",
    },
    "ranking": {"en": "Team ranking", "zh": "团队排名"},
    "ranking_intro": {
        "en": "Teams ranked by quota attainment in the period, with the change from the previous period.",
        "zh": "按本期目标达成率排列的团队，并列出与上期相比的变化。",
    },
    "attainment_change": {"en": "Attainment change", "zh": "达成率变化"},
    "distribution": {"en": "Attainment distribution", "zh": "目标达成分布"},
    "distribution_intro": {
        "en": "Reps with a quota in the period (managers excluded) by attainment band.",
        "zh": "本期有销售目标的人员（不含经理）按达成率区间分布。",
    },
    "band.lt50": {"en": "below 50%", "zh": "低于50%"},
    "band.50_80": {"en": "50–80%", "zh": "50%–80%"},
    "band.80_100": {"en": "80–100%", "zh": "80%–100%"},
    "band.100_120": {"en": "100–120%", "zh": "100%–120%"},
    "band.ge120": {"en": "120% and above", "zh": "120%及以上"},
    "reps_with_quota": {"en": "Reps with a quota", "zh": "有目标人数"},
    "managers": {"en": "Manager scorecards", "zh": "经理计分卡"},
    "managers_intro": {
        "en": "Per team: its attainment, how many reps reached their own quota, and whether the reps are "
        "developing: attainment over the last three periods against the three before.",
        "zh": "各团队的达成率、达到个人目标的人数，以及人员成长情况：近三期达成率与之前三期相比。",
    },
    "reps_on_target": {"en": "Reps on target", "zh": "达标人数"},
    "share_on_target": {"en": "Share on target", "zh": "达标比例"},
    "median_rep_attainment": {"en": "Median rep attainment", "zh": "人员达成率中位数"},
    "reps_improving": {"en": "Reps improving", "zh": "进步人数"},
    "median_attainment_change": {
        "en": "Median change (3 vs 3 periods)",
        "zh": "达成率变化中位数（近三期对比前三期）",
    },
    "chart.ranking_title": {"en": "Quota attainment by team", "zh": "各团队目标达成率"},
    "chart.bands_title": {"en": "Reps by attainment band", "zh": "人员目标达成区间分布"},
    "chart.reps_axis": {"en": "Reps", "zh": "人数"},
    "chart.on_target_title": {"en": "Share of reps on target", "zh": "达标人员比例"},
    "chart.on_target_axis": {"en": "Reps at or above quota", "zh": "达到目标的人员比例"},
    # index page
    "index_title": {"en": "salesnb reports", "zh": "salesnb 报告"},
}
