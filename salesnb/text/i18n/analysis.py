"""The team review's analysis sections: trends, stages, forecast, customers, workload, risks, payouts and
recognition. Sentences carry ``{placeholders}`` filled with numbers already formatted for the reader."""

STRINGS: dict[str, dict[str, str]] = {
    # trends
    "trends": {"en": "Moving averages and year on year", "zh": "移动平均与同比"},
    "trends_intro": {
        "en": "Each KPI this period against its 3-period moving average (computed from the summed measures of "
        "the three periods), the previous period and the same period last year.",
        "zh": "各指标本期数值与三期移动平均（按三期加总后的数据计算）、上期及去年同期对比。",
    },
    "moving_avg": {"en": "3-period average", "zh": "三期移动平均"},
    "pop_change": {"en": "vs previous period", "zh": "环比"},
    "yoy_change": {"en": "vs same period last year", "zh": "同比"},
    "last_year": {"en": "Same period last year", "zh": "去年同期"},
    "chart.moving_avg": {"en": "3-period moving average", "zh": "三期移动平均"},
    "chart.last_year": {"en": "same period last year", "zh": "去年同期"},
    "chart.trend_ma_title": {"en": "Revenue and its 3-period moving average", "zh": "销售额及三期移动平均"},
    # stages
    "stages": {"en": "Stage conversion and time in stage", "zh": "阶段转化与停留时间"},
    "stages_intro": {
        "en": "Deals leaving or waiting in each stage over the last {recent} periods ({recent_range}) against "
        "the {baseline} before ({baseline_range}). Days per advance = median days in the stage ÷ share "
        "that advanced.",
        "zh": "近 {recent} 期（{recent_range}）各阶段离开或仍停留的商机，与之前 {baseline} 期（{baseline_range}）"
        "对比。每次推进所需天数 = 阶段停留天数中位数 ÷ 推进比例。",
    },
    "conversion": {"en": "Advanced", "zh": "推进率"},
    "baseline_conversion": {"en": "Advanced before", "zh": "此前推进率"},
    "median_days": {"en": "Median days", "zh": "停留天数中位数"},
    "baseline_median_days": {"en": "Median days before", "zh": "此前停留天数中位数"},
    "days_per_advance": {"en": "Days per advance", "zh": "每次推进所需天数"},
    "waiting": {"en": "Waiting now", "zh": "当前停留"},
    "bottleneck.found": {
        "en": "Bottleneck: {stage}. {conversion} of deals advanced (against {baseline_conversion} before) "
        "after a median {days} days in the stage ({baseline_days} before): {ratio} as many days per "
        "advance. {waiting} deals are waiting in it now.",
        "zh": "瓶颈阶段：{stage}。推进率 {conversion}（此前 {baseline_conversion}），阶段停留天数中位数 {days} 天"
        "（此前 {baseline_days} 天），每次推进所需天数为此前的 {ratio} 倍。目前仍有 {waiting} 个商机停留在该阶段。",
    },
    "bottleneck.slowest": {
        "en": "Slowest stage: {stage}, {days_per_advance} days per advance ({conversion} advanced after a "
        "median {days} days). It has not deteriorated against the periods before ({ratio}; a bottleneck is "
        "flagged from {threshold}).",
        "zh": "最慢阶段：{stage}，每次推进需 {days_per_advance} 天（推进率 {conversion}，停留中位数 {days} 天）。"
        "与此前相比没有明显恶化（{ratio}，达到 {threshold} 才判定为瓶颈）。",
    },
    "bottleneck.none": {
        "en": "No stage stands out: the largest change in days per advance is {stage} at {ratio} (a "
        "bottleneck is flagged from {threshold}).",
        "zh": "没有明显的瓶颈阶段：每次推进所需天数变化最大的是{stage}，为此前的 {ratio} 倍（达到 {threshold} "
        "才判定为瓶颈）。",
    },
    "bottleneck.too_few": {
        "en": "Too few deals moved through the stages to compare periods.",
        "zh": "经过各阶段的商机太少，无法进行期间对比。",
    },
    # forecast
    "forecast": {"en": "Revenue forecast", "zh": "销售额预测"},
    "forecast_intro": {
        "en": "Three forecasts of this period and the next, each with its error when it forecast each of the "
        "last complete periods (WAPE: the absolute errors summed over the revenue summed, months with no "
        "revenue included; bias: the over- or under-shoot summed over the revenue summed).",
        "zh": "三种方法对本期和下期的预测，以及各方法回测最近几个完整期间的误差（WAPE：绝对误差之和除以销售额之和，"
        "含无销售额的月份；偏差：高估或低估之和除以销售额之和）。",
    },
    "method": {"en": "Method", "zh": "方法"},
    "this_period": {"en": "This period", "zh": "本期"},
    "next_period": {"en": "Next period", "zh": "下期"},
    "wape": {"en": "Backtest WAPE", "zh": "回测 WAPE"},
    "bias": {"en": "Bias", "zh": "偏差"},
    "backtest_periods": {"en": "Periods tested", "zh": "回测期数"},
    "method.run_rate": {"en": "Run rate", "zh": "按当前进度推算"},
    "method.weighted_pipeline": {"en": "Weighted pipeline", "zh": "加权商机"},
    "method.exp_smoothing": {"en": "Exponential smoothing (Holt)", "zh": "指数平滑（Holt）"},
    "forecast.best": {
        "en": "Most reliable over the last {n} periods: {method}, off by {wape} on average; it puts next "
        "period at about {next} (range from its past errors: {range}).",
        "zh": "最近 {n} 期回测最准确的是{method}，平均误差 {wape}；其对下期的预测约为 {next}（按以往误差的区间："
        "{range}）。",
    },
    "forecast.none_reliable": {
        "en": "No forecast is reliable: the best over the last {n} periods, {method}, was off by {wape} on "
        "average (unreliable above {threshold}). Next period could be anywhere in {range}; about {next} is "
        "its central figure, not a number to plan on.",
        "zh": "没有可靠的预测：最近 {n} 期回测最好的{method}平均误差也达 {wape}（超过 {threshold} 即视为不可靠）。"
        "下期可能在 {range} 之间；约 {next} 只是中间值，不宜据此做计划。",
    },
    "forecast.best_no_range": {
        "en": "Most reliable over the last {n} periods: {method}, off by {wape} on average; it puts next "
        "period at about {next}.",
        "zh": "最近 {n} 期回测最准确的是{method}，平均误差 {wape}；其对下期的预测约为 {next}。",
    },
    "forecast.none_reliable_no_range": {
        "en": "No forecast is reliable: the best over the last {n} periods, {method}, was off by {wape} on "
        "average (unreliable above {threshold}); about {next} for next period is not a number to plan on.",
        "zh": "没有可靠的预测：最近 {n} 期回测最好的{method}平均误差也达 {wape}（超过 {threshold} 即视为不可靠）；"
        "下期约 {next} 不宜据此做计划。",
    },
    "forecast.deals": {
        "en": "From the deals, {period}: commit {commit} (deals at {probability} or more that are not "
        "stalled: {commit_deals}{won}{commit_stalled}), best case {best} (every deal due: {best_deals}), "
        "{unstalled} without the stalled ones ({stalled}).",
        "zh": "按商机推算 {period}：承诺额 {commit}（赢率不低于 {probability} 且未停滞的商机 {commit_deals} 个{won}"
        "{commit_stalled}），最佳情况 {best}（全部到期商机 {best_deals} 个），剔除停滞商机（{stalled} 个）后为 "
        "{unstalled}。",
    },
    "forecast.coverage": {
        "en": "Pipeline coverage at the end of {period}: {with_} of next period's quota ({pipeline} open); "
        "without its stalled deals ({n}: {stalled}, {days} days or more in one stage) {without}.",
        "zh": "{period} 期末商机覆盖倍数：下期目标的 {with_}（在途 {pipeline}）；剔除停滞商机（{n} 个：{stalled}，"
        "在同一阶段停留 {days} 天及以上）后为 {without}。",
    },
    "forecast.coverage_no_stall": {
        "en": "Pipeline coverage at the end of {period}: {with_} of next period's quota ({pipeline} open), "
        "none of it stalled ({days} days or more in one stage).",
        "zh": "{period} 期末商机覆盖倍数：下期目标的 {with_}（在途 {pipeline}），其中没有停滞商机（同一阶段停留 "
        "{days} 天及以上）。",
    },
    "forecast.deals_won": {"en": ", plus {won} won so far", "zh": "，另加已赢单 {won}"},
    "forecast.commit_stalled": {
        "en": "; {n} stalled at that stage left out",
        "zh": "；另有 {n} 个停滞在该阶段的商机未计入",
    },
    "forecast.range": {"en": "Next period range", "zh": "下期区间"},
    "forecast.reliability": {"en": "Reliability", "zh": "可靠性"},
    "forecast.unreliable": {"en": "unreliable", "zh": "不可靠"},
    "forecast.usable": {"en": "usable", "zh": "可参考"},
    "forecast.complete": {
        "en": "This period is complete: every method's 'this period' is the actual revenue, {actual}.",
        "zh": "本期已结束：各方法的“本期”数值均为实际销售额 {actual}。",
    },
    "forecast.no_amounts": {
        "en": "The {n} won deals of {period} have no amount in the export, so revenue cannot be forecast "
        "from them.",
        "zh": "{period} 的 {n} 个赢单在导出数据中没有金额，无法据此预测销售额。",
    },
    "forecast.some_amounts": {
        "en": "The forecasts count only won deals with an amount: {n} won deals of {period} have none.",
        "zh": "预测只计入有金额的赢单：{period} 有 {n} 个赢单无金额。",
    },
    "forecast.reason.short_history": {"en": "too little history", "zh": "历史数据不足"},
    "forecast.few_backtests": {
        "en": " Too few backtests to give a range ({n}; a range needs {min}).",
        "zh": "回测期数太少，无法给出区间（{n} 期；区间至少需要 {min} 期）。",
    },
    "forecast.forecasts_nothing": {
        "en": "forecast 0 in every backtest",
        "zh": "每期回测的预测均为 0",
    },
    "forecast.reason.no_backtest": {"en": "no period to test on", "zh": "无可回测期间"},
    "forecast.reason.not_started": {"en": "period not started", "zh": "期间尚未开始"},
    "forecast.reason.stage_unknown": {
        "en": "no stage history: the probability each deal had then is unknown",
        "zh": "无阶段历史：无法得知各商机当时的赢率",
    },
    # customers
    "customers": {"en": "Customer tiers and accounts at risk", "zh": "客户分级与风险客户"},
    "customers_intro": {
        "en": "ABC tiers by order revenue over the last 12 months (A: the customers making the first 80 %, B: "
        "the next 15 %, C: the rest) and RFM segments (recency, frequency, monetary value, each scored 1–5).",
        "zh": "按近12个月订单金额进行 ABC 分级（A：贡献前80%销售额的客户，B：其后15%，C：其余），"
        "以及 RFM 分群（最近购买、购买频次、购买金额，各按1–5分评分）。",
    },
    "tier": {"en": "Tier", "zh": "级别"},
    "customers_count": {"en": "Customers", "zh": "客户数"},
    "revenue_12m": {"en": "Revenue, 12 months", "zh": "近12个月销售额"},
    "share": {"en": "Share", "zh": "占比"},
    "segment": {"en": "Segment", "zh": "客户分群"},
    "segment.champions": {"en": "Champions", "zh": "核心客户"},
    "segment.loyal": {"en": "Loyal", "zh": "忠诚客户"},
    "segment.promising": {"en": "Promising", "zh": "潜力客户"},
    "segment.at_risk": {"en": "At risk", "zh": "流失风险客户"},
    "segment.hibernating": {"en": "Hibernating", "zh": "沉睡客户"},
    "customer": {"en": "Customer", "zh": "客户"},
    "owner": {"en": "Owner", "zh": "负责人"},
    "last_order": {"en": "Last order", "zh": "最近订单"},
    "days_quiet": {"en": "Days without order or contact", "zh": "无订单/联系天数"},
    "at_risk.summary": {
        "en": "{n} A or B accounts ({revenue}, {share} of 12-month revenue) have had no order and no deal "
        "activity for {days} days or more. The {shown} largest:",
        "zh": "{n} 个 A/B 级客户（{revenue}，占近12个月销售额的 {share}）已有 {days} 天以上没有订单和商机往来。"
        "金额最大的 {shown} 个：",
    },
    "at_risk.none": {
        "en": "Every A and B account has ordered or had deal activity within the last {days} days.",
        "zh": "所有 A/B 级客户在最近 {days} 天内都有订单或商机往来。",
    },
    # workload
    "workload": {"en": "Workload and well-being", "zh": "工作量与身心状态"},
    "workload_intro": {
        "en": "Activities per working day, hours logged, the share outside working hours (before 08:00 or "
        "from 19:00) and at weekends, and open deals at the period end.",
        "zh": "人均每个工作日活动量、记录时长、非工作时间（08:00前或19:00后）与周末活动占比，以及期末在途商机。",
    },
    "activities_per_day": {"en": "Activities per day", "zh": "日均活动量"},
    "hours": {"en": "Hours", "zh": "时长（小时）"},
    "after_hours": {"en": "After hours", "zh": "非工作时间"},
    "weekend": {"en": "Weekend", "zh": "周末"},
    "open_deals": {"en": "Open deals", "zh": "在途商机"},
    "load_index": {"en": "Activity vs median", "zh": "活动量（相对中位数）"},
    "deals_index": {"en": "Open deals vs median", "zh": "在途商机（相对中位数）"},
    "imbalance.flag": {
        "en": "Uneven load: {who} carries {max} {metric}, {ratio} the team median of {median} (flagged from "
        "{threshold}).",
        "zh": "负荷不均：{who} 的{metric}为 {max}，是团队中位数 {median} 的 {ratio}（达到 {threshold} 即提示）。",
    },
    "imbalance.full_book": {
        "en": "{who} holds {max} {metric}, {ratio} the team median of {median} (flagged from {threshold}), "
        "on ordinary hours: a full book, not overload, so no deals move.",
        "zh": "{who} 的{metric}为 {max}，是团队中位数 {median} 的 {ratio}（达到 {threshold} 即提示），但工作时长和"
        "非工作时间投入均正常：这是业务饱满而非超负荷，无需转移商机。",
    },
    "imbalance.full_book_keeps": {
        "en": "{who} holds {max} {metric}, {ratio} the team median of {median} (flagged from {threshold}), "
        "on ordinary hours: a full book, not overload, so their deals stay with them.",
        "zh": "{who} 的{metric}为 {max}，是团队中位数 {median} 的 {ratio}（达到 {threshold} 即提示），但工作时长和"
        "非工作时间投入均正常：这是业务饱满而非超负荷，其商机无需转出。",
    },
    "imbalance.ok": {
        "en": "Load is even: no rep is above {threshold} the team median in activities per day or open deals.",
        "zh": "负荷均衡：没有人的日均活动量或在途商机超过团队中位数的 {threshold}。",
    },
    "metric.activities_per_day": {"en": "activities per working day", "zh": "日均活动量"},
    "metric.open_deals": {"en": "open deals", "zh": "在途商机数"},
    "burnout.none": {
        "en": "No burnout signal: no rep's effort rose while results fell over the last three periods.",
        "zh": "无倦怠信号：近三期没有人出现投入上升而产出下降的情况。",
    },
    "rebalance.suggest": {
        "en": "Suggested rebalancing: move {n} of {giver}'s {from_deals} open deals (the youngest{kinds}) to "
        "{receiver}, who holds {to_deals}; the team median is {median}. {receiver} can take them: active and "
        "on the team all period, {tenure}, and has handled {handled} such deals before ({won} won).",
        "zh": "调整建议：将 {giver} 的 {from_deals} 个在途商机中最新的 {n} 个{kinds}转给 {receiver}（目前 {to_deals} 个）；"
        "团队中位数为 {median} 个。选择 {receiver} 的原因：本期在岗且有业务记录，{tenure}，此前处理过 {handled} 个同类商机"
        "（赢单 {won} 个）。",
    },
    "rebalance.tenure": {"en": "{months} months on the team", "zh": "入职 {months} 个月"},
    "rebalance.tenure_unknown": {"en": "hire date not recorded", "zh": "未记录入职日期"},
    "rebalance.kinds": {"en": "; {kinds}", "zh": "（{kinds}）"},
    "rebalance.kinds_and": {"en": " and ", "zh": "、"},
    "rebalance.kind.new": {"en": "new business", "zh": "新业务"},
    "rebalance.kind.existing": {"en": "existing business", "zh": "老客户业务"},
    # risks
    "risks": {"en": "Risk register", "zh": "风险登记"},
    "risks_intro": {
        "en": "What could cost the team its numbers, most severe first, each with the evidence and a "
        "suggested response.",
        "zh": "可能影响团队业绩的风险，按严重程度排列，附证据和建议应对措施。",
    },
    "risks.none": {"en": "No risk crosses its threshold this period.", "zh": "本期没有超过阈值的风险。"},
    "risks.stalled_summary": {
        "en": "{n} open deals ({amount}) have not changed stage for {days} days or more, the longest for "
        "{longest} days (listed below). {response}.",
        "zh": "{n} 个在途商机（{amount}）已 {days} 天以上未推进，最长 {longest} 天（见下表）。{response}。",
    },
    "deal": {"en": "Deal", "zh": "商机"},
    "amount": {"en": "Amount", "zh": "金额"},
    "in_stage_since": {"en": "In stage since", "zh": "进入阶段日期"},
    "days_in_stage": {"en": "Days in stage", "zh": "停留天数"},
    "risks.more_deals": {
        "en": "… and {n} more stalled deals ({amount}).",
        "zh": "……另有 {n} 个停滞商机（{amount}）。",
    },
    "severity": {"en": "Severity", "zh": "严重程度"},
    "risk": {"en": "Risk", "zh": "风险"},
    "subject": {"en": "Subject", "zh": "对象"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "response": {"en": "Suggested response", "zh": "建议措施"},
    "basis.revenue": {"en": "12-month revenue", "zh": "近12个月销售额"},
    "basis.pipeline": {"en": "open pipeline", "zh": "在途商机金额"},
    # payouts and recognition
    "payouts": {"en": "Commission payouts", "zh": "提成发放汇总"},
    "payouts_intro": {
        "en": "What each rep earns for the period under their plan in params/commission_plans.yaml: tier "
        "commission (after the cap) plus bonuses for goals met. Each rep's review shows the full statement.",
        "zh": "根据 params/commission_plans.yaml 中的方案，每人本期应得：分档提成（封顶后）加上达成目标的奖金。"
        "个人评估中列有完整的计算明细。",
    },
    "plan": {"en": "Plan", "zh": "方案"},
    "paid_on": {"en": "Paid on", "zh": "计提依据"},
    "basis.rep": {"en": "own revenue", "zh": "个人销售额"},
    "basis.team": {"en": "team revenue", "zh": "团队销售额"},
    "commission": {"en": "Commission", "zh": "提成"},
    "cap_removed": {"en": "Above cap", "zh": "封顶扣除"},
    "bonuses": {"en": "Bonuses", "zh": "奖金"},
    "total_pay": {"en": "Total", "zh": "合计"},
    "no_payouts": {
        "en": "No commission plan applies or no rep was paid.",
        "zh": "无适用的提成方案或无人获得提成。",
    },
    "recognition": {"en": "Recognition", "zh": "表彰"},
    "award.top_performer": {
        "en": "Top performer: {who}, {value} of quota.",
        "zh": "最佳业绩：{who}，完成目标的 {value}。",
    },
    "award.most_improved": {
        "en": "Most improved: {who}, {value} of quota against {previous} on average over the {periods} "
        "periods before.",
        "zh": "进步最大：{who}，本期完成目标的 {value}，此前 {periods} 期平均为 {previous}。",
    },
    "award.streak": {
        "en": "On a streak: {who}, at or above quota {periods} periods running.",
        "zh": "连续达标：{who}，已连续 {periods} 期达到或超过目标。",
    },
    "no_recognition": {"en": "No rep had a quota this period.", "zh": "本期没有人有销售目标。"},
}
