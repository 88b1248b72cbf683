"""What a section says when an input it needs is missing: what is missing (``missing.<input>``), what that
means for the section (``missing.so.<consequence>``) and which import provides it (``missing.import``).
The inputs are :class:`salesnb.analysis.inputs.Input`."""

STRINGS: dict[str, dict[str, str]] = {
    # whose data it is
    "missing.scope.team": {"en": "this team", "zh": "本团队"},
    "missing.scope.rep": {"en": "this rep", "zh": "该销售"},
    "missing.scope.org": {"en": "the organisation", "zh": "整个组织"},
    "missing.scope.region": {"en": "this region", "zh": "本区域"},
    # what is missing
    "missing.deals": {
        "en": "No deal of {scope} is open or closed in {period}",
        "zh": "{scope}在 {period} 没有进行中或已结单的商机",
    },
    "missing.deal_amounts": {
        "en": "None of the deals of {scope} in {period} has an amount",
        "zh": "{scope}在 {period} 的商机都没有金额",
    },
    "missing.lost_deals": {
        "en": "The deals loaded record no lost deal at all (the export holds won deals only)",
        "zh": "已导入的商机中没有任何输单记录（导出文件只含赢单）",
    },
    "missing.targets": {
        "en": "No quotas are loaded for {scope} in {period}",
        "zh": "{scope}在 {period} 没有导入销售目标（配额）",
    },
    "missing.activities": {
        "en": "No activities (calls, meetings, e-mails, visits) are loaded for {scope} in {period}",
        "zh": "{scope}在 {period} 没有导入活动记录（电话、会议、邮件、拜访）",
    },
    "missing.stage_history": {
        "en": "No stage history is recorded for the deals of {scope} (only each deal's last stage)",
        "zh": "{scope}的商机没有阶段变更记录（只有每个商机的最后阶段）",
    },
    "missing.leads": {
        "en": "No leads of {scope} are loaded for {period} (a lead nobody owns counts for the organisation only)",
        "zh": "{scope}在 {period} 没有归属的线索（无人负责的线索只计入整个组织）",
    },
    "missing.surveys": {
        "en": "No satisfaction surveys are loaded for {scope} in {period}",
        "zh": "{scope}在 {period} 没有导入满意度调查",
    },
    "missing.costs": {
        "en": "No sales or marketing costs are loaded for {scope} in {period}",
        "zh": "{scope}在 {period} 没有导入销售或营销成本",
    },
    "missing.training": {
        "en": "No training completions are loaded for {scope} in {period}",
        "zh": "{scope}在 {period} 没有导入培训完成记录",
    },
    "missing.customers": {
        "en": "No customer orders are loaded for {scope} up to {period}",
        "zh": "{scope}截至 {period} 没有导入客户订单",
    },
    "missing.and": {"en": "; and ", "zh": "；且"},
    "missing.list": {"en": ", ", "zh": "、"},
    "missing.sentence": {"en": "{missing}, so {consequence}.", "zh": "{missing}，因此{consequence}。"},
    "missing.import": {
        "en": "For the analyst: {modules} provides this (salesnb ingest with a mapping of that module).",
        "zh": "数据说明：此项由 {modules} 导入提供（salesnb ingest 配合该模块的映射）。",
    },
    "missing.import_many": {
        "en": "For the analyst: the imports {modules} provide this (salesnb ingest with a mapping of each).",
        "zh": "数据说明：此项由 {modules} 导入提供（salesnb ingest 配合各模块的映射）。",
    },
    # what it means for the section
    "missing.so.attainment": {"en": "attainment is not shown", "zh": "不显示目标达成率"},
    "missing.so.kpis": {
        "en": "these KPIs cannot be computed and show –: {kpis}",
        "zh": "以下指标无法计算，显示为 –：{kpis}",
    },
    "missing.so.activity": {"en": "there is no activity to compare", "zh": "没有可对比的活动量"},
    "missing.so.funnel": {
        "en": "the funnel is not drawn: without the stages each deal passed, every won deal would count at "
        "every stage",
        "zh": "不绘制销售漏斗：没有商机经过的阶段，每个赢单都会被计入每个阶段",
    },
    "missing.so.stages": {
        "en": "stage conversion and time in stage cannot be analysed",
        "zh": "无法分析阶段转化率和阶段停留时间",
    },
    "missing.so.workload": {
        "en": "only open deals are compared; the activity columns show –",
        "zh": "仅对比进行中的商机；活动相关列显示为 –",
    },
    "missing.so.trend_quota": {
        "en": "the trend shows revenue without a quota line",
        "zh": "趋势图只显示收入，不显示目标线",
    },
    "missing.so.ranking": {
        "en": "teams are ranked by revenue instead of attainment",
        "zh": "团队按收入而非目标达成率排名",
    },
    "missing.so.distribution": {
        "en": "reps cannot be placed in attainment bands",
        "zh": "无法按目标达成率区间统计销售人员",
    },
    "missing.so.recognition": {
        "en": "no award is given: awards rest on quota attainment",
        "zh": "不评选奖项：奖项基于目标达成率",
    },
    "missing.so.customers": {"en": "customer tiers are not shown", "zh": "不显示客户分层"},
    "ranking.no_amounts": {
        "en": "The {n} won deals of the period have no amount in the export, so the teams cannot be ranked "
        "by revenue: the table lists what is known.",
        "zh": "本期 {n} 个赢单在导出数据中没有金额，无法按收入为团队排名：下表列出已知的数据。",
    },
    "ranking_intro_revenue": {
        "en": "Teams ranked by revenue in the period (no quotas to rank them by attainment).",
        "zh": "本期各团队按收入排名（没有销售目标，无法按达成率排名）。",
    },
    "imbalance.ok_deals": {
        "en": "Open deals are spread evenly: no rep holds more than {threshold} the team median.",
        "zh": "在途商机分布均衡：没有人超过团队中位数的 {threshold}。",
    },
    "chart.revenue_only_title": {"en": "Revenue per period", "zh": "各期收入"},
    "chart.ranking_revenue_title": {"en": "Revenue by team", "zh": "各团队收入"},
    # a chart whose every value is zero
    "chart.no_amounts": {
        "en": "No chart: the {n} won deals of these periods have no amount in the export.",
        "zh": "不显示图表：这些期间的 {n} 个赢单在导出数据中没有金额。",
    },
    "chart.nothing": {
        "en": "No chart: every value it would draw is zero.",
        "zh": "不显示图表：图中所有数值均为零。",
    },
}
