"""Every sentence about a signal or a risk, in English and Chinese: one entry per kind and wording.

:func:`salesnb.reports.findings.describe` fills them from the fields of a
:class:`~salesnb.analysis.findings.Signal` or :class:`~salesnb.analysis.findings.Risk`: the
``{placeholders}`` are its numbers, already formatted for the reader, and a number has the same name in
every wording of its kind. The labels of the risk register are here too.

* ``rep.signal.<kind>``: a signal as the rep review states it;
* ``burnout.flag``: the burnout signal in the team review's workload section, naming the rep;
* ``evidence.<kind>``: a risk's evidence in the team review's register (``evidence.rep_departed_done``: a
  departure with no open deal left in the rep's name);
* ``risk.<kind>``, ``severity.<level>``, ``response.<code>``: the register's labels.

Wording still to unify (kept as it is so the reports do not change): the burnout, below-target,
activity-drop and departure signals read one way in the rep review (``rep.signal.<kind>``) and another in
the team review (``evidence.<kind>``, ``burnout.flag``).
"""

STRINGS: dict[str, dict[str, str]] = {
    # signals, as the rep review states them
    "rep.signal.low_contact_rate": {
        "en": "Contact rate {value} over the last {periods} periods vs {median} median of {peers} team-mates "
        "({connects} of {dials} dials connected); the pattern fires below {threshold}",
        "zh": "近 {periods} 期接通率 {value}，{peers} 名团队同事中位数 {median}（{dials} 次拨打中接通 "
        "{connects} 次）；低于 {threshold} 即触发",
    },
    "rep.signal.high_activity_low_conv": {
        "en": "{activity} activities per working day over the last {periods} periods vs {median} team median, "
        "while win rate is {win} vs {win_median} and revenue per activity {rpa} vs {rpa_median}",
        "zh": "近 {periods} 期日均活动量 {activity}，团队中位数 {median}；而赢单率仅 {win}（中位数 "
        "{win_median}），每次活动带来的销售额 {rpa}（中位数 {rpa_median}）",
    },
    "rep.signal.ramping": {
        "en": "{months} months since joining on {hire_date}, within the {ramp}-month ramp",
        "zh": "{hire_date} 入职，至今 {months} 个月，仍在 {ramp} 个月的成长期内",
    },
    "rep.signal.departed": {"en": "Left on {date}", "zh": "已于 {date} 离职"},
    "rep.signal.burnout": {
        "en": "Last {periods} periods against the {periods} before: activities per working day {act_before} → "
        "{act_recent} ({act_change}), after-hours share {ah_before} → {ah_recent}, weekend share {we_before} → "
        "{we_recent}, win rate {wr_before} → {wr_recent} ({wr_change})",
        "zh": "近 {periods} 期与之前 {periods} 期相比：日均活动量 {act_before} → {act_recent}（{act_change}），"
        "非工作时间活动占比 {ah_before} → {ah_recent}，周末活动占比 {we_before} → {we_recent}，"
        "赢单率 {wr_before} → {wr_recent}（{wr_change}）",
    },
    # the window an attainment rule reads (params/risk_rules.yaml rolling_periods), in the review's periods
    "window.week": {"en": "{n} weeks", "zh": "{n}周"},
    "window.month": {"en": "{n} months", "zh": "{n}个月"},
    "window.quarter": {"en": "{n} quarters", "zh": "{n}个季度"},
    "window.year": {"en": "{n} years", "zh": "{n}年"},
    "window.period": {"en": "{n} periods", "zh": "{n}期"},
    "rep.signal.below_target": {
        "en": "Quota attainment below {threshold} in each of the last {n} periods: {history}",
        "zh": "近 {n} 期目标达成率均低于 {threshold}：{history}",
    },
    "rep.signal.below_target_rolling": {
        "en": "Quota attainment over a rolling window of {window} below {threshold} in each of the last {n} "
        "periods: {history}",
        "zh": "按滚动{window}计，近 {n} 期目标达成率均低于 {threshold}：{history}",
    },
    "rep.signal.activity_drop": {
        "en": "{value} activities per working day this period vs {benchmark} on average over the {periods} "
        "periods before ({share} of it)",
        "zh": "本期日均活动量 {value}，之前 {periods} 期平均 {benchmark}（仅为其 {share}）",
    },
    # the burnout signal in the team review's workload section
    "burnout.flag": {
        "en": "Burnout signal — {who}: activities per day {act_before} → {act_recent} ({act_change}), "
        "after-hours share {ah_before} → {ah_recent}, weekend share {we_before} → {we_recent}, while the win "
        "rate fell {wr_before} → {wr_recent} and revenue per activity {rpa_before} → {rpa_recent} "
        "({recent} against {before}).",
        "zh": "倦怠信号——{who}：日均活动量 {act_before} → {act_recent}（{act_change}），非工作时间占比 {ah_before} → "
        "{ah_recent}，周末占比 {we_before} → {we_recent}；同时赢单率 {wr_before} → {wr_recent}，单次活动产出 "
        "{rpa_before} → {rpa_recent}（{recent} 对比 {before}）。",
    },
    # risks: evidence in the team review's register
    "evidence.stalled_deal": {
        "en": "{amount} in {stage} for {days} days (no stage change; flagged from {threshold})",
        "zh": "{amount}，停留在{stage} {days} 天未推进（超过 {threshold} 天即提示）",
    },
    "evidence.stalled_pipeline": {
        "en": "{n} of {open} open deals, {amount} of {total} ({share}), have not changed stage for {days} "
        "days; most of it in {stage}",
        "zh": "{open} 个在途商机中有 {n} 个（{amount}，占 {total} 的 {share}）超过 {days} 天未推进，主要在{stage}",
    },
    "evidence.customer_concentration": {
        "en": "the top {top} customers hold {share} of {basis} ({total}); flagged from {threshold} ({names})",
        "zh": "前 {top} 名客户占{basis}（{total}）的 {share}；超过 {threshold} 即提示 ({names})",
    },
    "evidence.rep_concentration": {
        "en": "{share} of the team's {basis} ({total}) is with this rep, one of {reps}; flagged from "
        "{threshold}",
        "zh": "团队{basis}（{total}）的 {share} 集中在此人（共 {reps} 人）；超过 {threshold} 即提示",
    },
    "evidence.below_target": {
        "en": "below {threshold} of quota for {n} periods running: {history}",
        "zh": "连续 {n} 期低于目标的 {threshold}：{history}",
    },
    "evidence.below_target_rolling": {
        "en": "below {threshold} of quota over a rolling window of {window} for {n} periods running: "
        "{history}",
        "zh": "按滚动{window}计，连续 {n} 期低于目标的 {threshold}：{history}",
    },
    "evidence.team_below_quota": {
        "en": "the team is below {threshold} of quota for {n} periods running: {history}",
        "zh": "团队连续 {n} 期低于目标的 {threshold}：{history}",
    },
    "evidence.team_below_quota_rolling": {
        "en": "the team is below {threshold} of quota over a rolling window of {window} for {n} periods "
        "running: {history}",
        "zh": "按滚动{window}计，团队连续 {n} 期低于目标的 {threshold}：{history}",
    },
    "evidence.low_contact_rate": {
        "en": "contact rate {value} over the last {periods} periods vs {median} median of {peers} team-mates "
        "({connects} of {dials} dials connected); flagged below {threshold}",
        "zh": "近 {periods} 期接通率 {value}，{peers} 名团队同事中位数 {median}（{dials} 次拨打中接通 {connects} 次）；"
        "低于 {threshold} 即提示",
    },
    "evidence.satisfaction_drop": {
        "en": "{survey} {before} over the {periods} periods before (n = {n_before}) → {recent} this period "
        "(n = {n_recent}): down {drop} points; flagged from {threshold} points with at least {min_n} responses",
        "zh": "{survey}此前 {periods} 期为 {before}（n = {n_before}），本期 {recent}（n = {n_recent}）：下降 {drop} "
        "个点；下降 {threshold} 个点且每段至少 {min_n} 份回复即提示",
    },
    "survey.csat": {"en": "CSAT", "zh": "客户满意度（CSAT）"},
    "survey.nps": {"en": "NPS", "zh": "净推荐值（NPS）"},
    "evidence.rep_departed": {
        "en": "left on {date}; {n} open deals ({amount}) still in their name",
        "zh": "已于 {date} 离职；名下仍有 {n} 个在途商机（{amount}）",
    },
    "evidence.rep_departed_done": {
        "en": "left on {date}; no open deal left in their name",
        "zh": "已于 {date} 离职；名下已无在途商机",
    },
    "evidence.activity_drop": {
        "en": "activities per day {value} this period against {benchmark} on average before (below {threshold} "
        "of it)",
        "zh": "本期日均活动量 {value}，此前平均 {benchmark}（低于其 {threshold}）",
    },
    "evidence.burnout": {
        "en": "activities per day {act_change}, after-hours share {ah_before} → {ah_recent}, win rate "
        "{wr_before} → {wr_recent}",
        "zh": "日均活动量 {act_change}，非工作时间占比 {ah_before} → {ah_recent}，赢单率 {wr_before} → {wr_recent}",
    },
    # risks: labels, severities and suggested responses
    "risk.stalled_deal": {"en": "Stalled deal", "zh": "商机停滞"},
    "risk.stalled_pipeline": {"en": "Stalled pipeline", "zh": "商机管道停滞"},
    "risk.customer_concentration": {"en": "Customer concentration", "zh": "客户集中"},
    "risk.rep_concentration": {"en": "Dependence on one rep", "zh": "业绩依赖单人"},
    "risk.below_target": {"en": "Below target", "zh": "持续未达标"},
    "risk.rep_departed": {"en": "Rep departed", "zh": "人员离职"},
    "risk.activity_drop": {"en": "Activity drop", "zh": "活动量骤降"},
    "risk.burnout": {"en": "Burnout", "zh": "倦怠"},
    "risk.low_contact_rate": {"en": "Low contact rate", "zh": "接通率偏低"},
    "risk.satisfaction_drop": {"en": "Satisfaction drop", "zh": "客户满意度下滑"},
    "risk.team_below_quota": {"en": "Team below quota", "zh": "团队持续未达标"},
    "severity.high": {"en": "high", "zh": "高"},
    "severity.medium": {"en": "medium", "zh": "中"},
    "severity.low": {"en": "low", "zh": "低"},
    "response.requalify_or_close": {
        "en": "Requalify with the customer this week, or close it as lost",
        "zh": "本周与客户重新确认需求，否则按输单关闭",
    },
    "response.stage_pipeline_review": {
        "en": "Review every stalled deal with its owner; agree a next step and date for each",
        "zh": "与负责人逐一复盘停滞商机，为每个商机确定下一步和时间",
    },
    "response.diversify_accounts": {
        "en": "Plan new-logo and cross-sell targets outside the top accounts",
        "zh": "在头部客户之外制定新客户开发和交叉销售目标",
    },
    "response.spread_account_coverage": {
        "en": "Give each key account a second contact from the team",
        "zh": "为每个重点客户安排团队内的第二联系人",
    },
    "response.coaching_plan": {"en": "Coaching plan in the next 1:1", "zh": "在下次一对一面谈中制定辅导计划"},
    "response.performance_plan": {
        "en": "Written performance plan with monthly check-ins",
        "zh": "制定书面绩效改进计划并每月跟进",
    },
    "response.reassign_open_deals": {
        "en": "Reassign the open deals and tell their customers who the new contact is",
        "zh": "重新分配在途商机，并告知客户新的联系人",
    },
    "response.confirm_handover": {
        "en": "Confirm the handover with the customers",
        "zh": "与客户确认交接已完成",
    },
    "response.one_to_one_check_in": {
        "en": "One-to-one check-in this week: workload, motivation, plans",
        "zh": "本周进行一对一沟通：工作量、积极性与个人打算",
    },
    "response.listen_in_calls": {
        "en": "Listen in on calls this week; check call times and the lead list, coach the opening",
        "zh": "本周旁听通话；检查拨打时段和线索名单，辅导开场白",
    },
    "response.customer_calls": {
        "en": "Call this period's unhappy customers; find the common cause and fix it",
        "zh": "回访本期不满意的客户，找出共同原因并解决",
    },
    "response.team_quota_review": {
        "en": "Review the team's pipeline against quota with your manager: coverage, deal plans, whether the "
        "quota still fits",
        "zh": "与上级一起对照目标复盘团队商机：覆盖率、成交计划，以及目标是否仍然合理",
    },
    "response.reduce_load": {
        "en": "Reduce the load now (move deals, protect evenings and weekends) and talk about well-being",
        "zh": "立即减轻工作量（转移商机、保障晚间和周末休息），并关注身心状态",
    },
}
