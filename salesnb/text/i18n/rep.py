"""The rep review and coaching plan: scorecard, feedback sentences, plan, 1:1 agenda, notes, workload
(the commission statement's strings are in :mod:`.commission`, the signals' in :mod:`.signals`)."""

STRINGS: dict[str, dict[str, str]] = {
    # report frame
    "rep.title": {"en": "Rep review and coaching plan", "zh": "销售人员评估与辅导计划"},
    "rep.hired": {"en": "Joined", "zh": "入职日期"},
    "rep.tenure": {"en": "Tenure", "zh": "司龄"},
    "rep.tenure_value": {"en": "{months} months", "zh": "{months} 个月"},
    # scorecard
    "rep.scorecard": {"en": "Scorecard", "zh": "个人计分卡"},
    "rep.scorecard_intro": {
        "en": "The rep's KPIs for the period against target (the revenue quota, 100% of quota, and the goals "
        "set for the rep or their level), against the team median ({team_n} team-mates past their first "
        "{ramp} months, managers excluded) and against the median of peers of the same level and team type "
        "across the organisation (other teams appear only as this median and a rank).",
        "zh": "本期个人指标与目标（销售目标、100% 目标达成率，以及为本人或其职级设定的目标）、团队中位数"
        "（{team_n} 名入职满 {ramp} 个月的团队同事，不含经理）以及全公司同职级、同团队类型人员中位数的对比"
        "（其他团队只以中位数和排名出现）。",
    },
    # benchmarks over other people left out (params/benchmarks.yaml: min_group_size)
    "rep.hidden.team": {
        "en": "No team median: {n} comparable team-mates besides this rep, fewer than the {min} a benchmark "
        "over other people needs (params/benchmarks.yaml).",
        "zh": "未显示团队中位数：除本人外只有 {n} 名可比较的团队同事，少于对他人做对比基准所需的 {min} 人"
        "（params/benchmarks.yaml）。",
    },
    "rep.hidden.peer": {
        "en": "No peer median or rank: {n} {group} besides this rep, fewer than the {min} a benchmark over "
        "other people needs (params/benchmarks.yaml).",
        "zh": "未显示同级中位数和排名：除本人外只有 {n} 名{group}，少于对他人做对比基准所需的 {min} 人"
        "（params/benchmarks.yaml）。",
    },
    "rep.hidden.some": {
        "en": "A median shown as – has fewer than {min} people besides this rep with a value for that KPI.",
        "zh": "显示为 – 的中位数：除本人外该指标有数值的人员少于 {min} 人。",
    },
    "rep.hidden.signals": {
        "en": "{n} pattern(s) left out: their team median would rest on fewer than {min} team-mates "
        "besides this rep.",
        "zh": "有 {n} 项行为模式未列出：其团队中位数所依据的团队同事（不含本人）少于 {min} 人。",
    },
    "rep.hidden.workload": {
        "en": "No team medians: {n} comparable team-mates besides this rep, fewer than the {min} a benchmark "
        "over other people needs.",
        "zh": "未显示团队中位数：除本人外只有 {n} 名可比较的团队同事，少于对他人做对比基准所需的 {min} 人。",
    },
    "rep.col.team_median": {"en": "Team median", "zh": "团队中位数"},
    "rep.col.peer_median": {"en": "Peer median", "zh": "同级中位数"},
    "rep.col.peer_rank": {"en": "Among peers", "zh": "同级排名"},
    "rep.rank_cell": {"en": "beats {pct} of {n}", "zh": "优于 {n} 人中的 {pct}"},
    "rep.chart.position_title": {
        "en": "Each KPI against the team median and the peer median",
        "zh": "各项指标与团队中位数、同级中位数的对比",
    },
    "rep.chart.position_axis": {
        "en": "Better (+) or worse (−) than the team median",
        "zh": "优于（+）或差于（−）团队中位数",
    },
    "rep.chart.peer_marker": {"en": "against the peer median", "zh": "与同级中位数相比"},
    "rep.chart.team_bar": {"en": "against the team median", "zh": "与团队中位数相比"},
    "rep.chart.trend_title": {"en": "The rep's revenue against quota", "zh": "个人销售额与销售目标"},
    # goals
    "rep.goals_intro": {
        "en": "The goals of params/goals.yaml set for this rep or their level: the value so far, the run-rate "
        "projection to the end of the goal's period, the status, the SMART audit's verdict (its reason under "
        "the table) and a target for the next period suggested by history.",
        "zh": "params/goals.yaml 中为本人或其职级设定的目标：截至目前的数值、按当前进度推算的期末值、"
        "状态、SMART 审核结论（原因见表下），以及根据历史数据建议的下期目标。",
    },
    "rep.no_goals": {
        "en": "No goals are set for this rep or their level in this period.",
        "zh": "本期未为本人或其职级设定目标。",
    },
    # trend
    "rep.trend_intro": {
        "en": "The rep's revenue against quota in each period they worked, with attainment and win rate.",
        "zh": "本人在职各期的销售额与销售目标，以及目标达成率和赢单率。",
    },
    # strengths and gaps
    "rep.feedback": {"en": "Strengths and gaps", "zh": "优势与差距"},
    "rep.feedback_intro": {
        "en": "A strength beats both the team median and the peer median by at least {min}; a gap trails "
        "both by at least {min}. Every sentence gives the number and the benchmarks behind it.",
        "zh": "优势指同时优于团队中位数和同级中位数至少 {min} 的指标；差距指同时落后两者至少 {min} 的指标。"
        "每句反馈均给出具体数值及其对比基准。",
    },
    "rep.feedback_rules": {
        "en": "Gaps are ranked by impact: the shortfall against the benchmark (relative, at most 100%) × how "
        "directly the KPI drives revenue × how much of it the rep controls (docs/coaching.md); a KPI behind "
        "a pattern found over several periods comes first. A KPI that meets its target is never a gap, and "
        "one that misses it never a strength. Left out: rates with fewer records than their minimum (shown "
        "with n in the scorecard), costs shared out from the team, and, for a rep showing burnout or "
        "over-activity, effort (calls, talk time, after-hours work) as a strength.",
        "zh": "差距按影响分排序：与基准的差距（相对值，最多 100%）× 该指标对销售额的直接程度 × 本人可控程度"
        "（见 docs/coaching.md）；多期模式所涉及的指标排在最前。达到目标的指标不列为差距，未达目标的指标"
        "不列为优势。不纳入：样本数少于最低要求的比率（记分卡中标注 n）、由团队分摊的成本，以及出现倦怠"
        "或过度忙碌信号时的工作量指标（通话、通话时长、下班后工作）作为优势。",
    },
    "rep.target_met": {
        "en": "{kpi} {value} against a target of {target}: target met.",
        "zh": "{kpi}为 {value}，目标 {target}：已达成目标。",
    },
    "rep.gap_impact": {"en": "{sentence} Impact {score}.", "zh": "{sentence}影响分 {score}。"},
    "rep.n": {"en": "{value} (n = {n})", "zh": "{value}（n = {n}）"},
    "rep.n_pooled": {
        "en": "{value} (n = {n} over the last {periods} periods: too few in this one alone)",
        "zh": "{value}（最近 {periods} 期合计 n = {n}：仅本期样本不足）",
    },
    "rep.n_small": {
        "en": "{value} (n = {n}, fewer than {min}: not ranked)",
        "zh": "{value}（n = {n}，少于 {min}：不参与排名）",
    },
    "rep.strengths": {"en": "Strengths", "zh": "优势"},
    "rep.gaps": {"en": "Gaps", "zh": "差距"},
    "rep.no_strengths": {
        "en": "No KPI beats both medians by {min} or more this period.",
        "zh": "本期没有指标同时优于两个中位数 {min} 及以上。",
    },
    "rep.no_gaps": {
        "en": "No KPI trails both medians by {min} or more this period.",
        "zh": "本期没有指标同时落后两个中位数 {min} 及以上。",
    },
    "rep.s.both": {
        "en": "{kpi} {value} vs {team} team median and {peer} peer median",
        "zh": "{kpi}为 {value}，团队中位数 {team}，同级中位数 {peer}",
    },
    "rep.s.team": {"en": "{kpi} {value} vs {team} team median", "zh": "{kpi}为 {value}，团队中位数 {team}"},
    "rep.s.peer": {"en": "{kpi} {value} vs {peer} peer median", "zh": "{kpi}为 {value}，同级中位数 {peer}"},
    "rep.sentence": {"en": "{evidence}, {rank}.", "zh": "{evidence}，{rank}。"},
    "rep.sentence_plain": {"en": "{evidence}.", "zh": "{evidence}。"},
    "rep.rank.top": {"en": "top 20% of {n} {group}", "zh": "在 {n} 名{group}中位列前 20%"},
    "rep.rank.bottom": {"en": "bottom 20% of {n} {group}", "zh": "在 {n} 名{group}中位列后 20%"},
    "rep.rank.mid": {"en": "better than {pct} of {n} {group}", "zh": "优于 {n} 名{group}中的 {pct}"},
    "rep.peer_group": {"en": "{level} {type} peers", "zh": "同级（{type}·{level}）销售"},
    # coaching plan
    "rep.plan": {"en": "Coaching plan", "zh": "辅导计划"},
    "rep.plan_intro": {
        "en": "The rules of params/coaching_rules.yaml applied to this period's numbers, highest impact first: "
        "each action with the gap it addresses, a module of the training catalog, and a goal for {next} "
        "that is checked by the SMART audit of salesnb goals check.",
        "zh": "将 params/coaching_rules.yaml 中的规则应用于本期数据，按影响程度排序：每项行动列出所针对的差距、"
        "培训目录中的课程，以及经 salesnb goals check SMART 审核的 {next} 目标。",
    },
    "rep.col.number": {"en": "#", "zh": "序号"},
    "rep.col.why": {"en": "Why", "zh": "原因"},
    "rep.col.module": {"en": "Training module", "zh": "培训课程"},
    "rep.col.goal": {"en": "SMART goal for next period", "zh": "下期 SMART 目标"},
    "rep.col.support": {"en": "Support from the manager", "zh": "需要经理提供的支持"},
    "rep.col.audit": {"en": "SMART audit", "zh": "SMART 审核"},
    "rep.audit.ok": {"en": "passes", "zh": "通过"},
    "rep.audit.fail": {"en": "does not pass", "zh": "未通过"},
    "rep.develop": {
        "en": "Development (largest remaining gap): {evidence}",
        "zh": "能力提升（剩余最大差距）：{evidence}",
    },
    "rep.no_plan": {
        "en": "No coaching rule fires and no gap to a benchmark remains: no plan this period.",
        "zh": "本期没有触发任何辅导规则，也没有与基准的差距：无需辅导计划。",
    },
    "rep.no_rules": {
        "en": "There are no coaching rules or no training catalog in params/: no plan.",
        "zh": "params/ 中没有辅导规则或培训目录：无法生成辅导计划。",
    },
    "rep.goal.higher": {
        "en": "{kpi} at least {target} in {period} (now {baseline}; deadline {deadline})",
        "zh": "{period} {kpi}不低于 {target}（当前 {baseline}；截止 {deadline}）",
    },
    "rep.goal.lower": {
        "en": "{kpi} at most {target} in {period} (now {baseline}; deadline {deadline})",
        "zh": "{period} {kpi}不高于 {target}（当前 {baseline}；截止 {deadline}）",
    },
    "rep.goal.closes": {
        "en": "{goal}: closes {share} of the gap to the {kind} ({bench})",
        "zh": "{goal}：缩小与{kind}（{bench}）差距的 {share}",
    },
    "rep.goal.trigger": {
        "en": "{goal}: the level at which this rule stops firing, more than closing {share} of the gap to "
        "the {kind} ({bench})",
        "zh": "{goal}：达到该规则不再触发的水平，高于缩小与{kind}（{bench}）差距的 {share}",
    },
    "rep.goal.ramp": {
        "en": "{goal}: closes {share} of the gap to the ramp's {bench} for month {month} of {ramp}",
        "zh": "{goal}：缩小与入职爬坡期第 {month}/{ramp} 个月预期（{bench}）差距的 {share}",
    },
    "rep.goal.stretch": {
        "en": "{goal}: a stretch goal, {change} better than now (the rep already meets the benchmark)",
        "zh": "{goal}：挑战目标，比当前改善 {change}（已达到基准）",
    },
    "rep.goal.no_benchmark": {
        "en": "{goal}: {change} better than now; no benchmark to compare with (too few comparable people "
        "with a value for this KPI)",
        "zh": "{goal}：比当前改善 {change}；无可对比的基准（该指标有数值的可比人员太少）",
    },
    "rep.change.pp": {"en": "{n} percentage points", "zh": "{n} 个百分点"},
    "rep.change.points": {"en": "{n} points", "zh": "{n} 分"},
    "rep.audit.fail_why": {"en": "does not pass: {why}.", "zh": "未通过：{why}。"},
    "rep.audit.why.S": {"en": "Specific (the rep or KPI is unknown)", "zh": "具体性（销售或指标未知）"},
    "rep.audit.why.M": {
        "en": "Measurable (the KPI cannot take this target)",
        "zh": "可衡量性（该指标无法取此目标值）",
    },
    "rep.audit.why.A": {
        "en": "Achievable (it needs {needed} on now, more than the rep's history shows in nine periods of "
        "ten; history suggests {suggested})",
        "zh": "可实现性（需要比当前提升 {needed}，超过本人历史上九成时期的增幅；历史数据建议 {suggested}）",
    },
    "rep.audit.why.R": {
        "en": "Relevant (its objective is not declared in goals.yaml)",
        "zh": "相关性（goals.yaml 中未声明其目标方向）",
    },
    "rep.audit.why.T": {"en": "Time-bound (the period has passed)", "zh": "时限性（期间已过）"},
    "rep.audit.alternative": {
        "en": "{verdict} Passing alternative: {goal}.",
        "zh": "{verdict}可通过审核的替代目标：{goal}。",
    },
    "rep.audit.no_alternative": {
        "en": "{verdict} No smaller step passes the audit: agree the target with the rep.",
        "zh": "{verdict}没有更小的目标能通过审核：请与本人商定目标。",
    },
    "rep.bench.ramp": {"en": "ramp", "zh": "爬坡期预期"},
    "rep.gap.worse": {
        "en": "{kpi} {value} vs {bench} {kind} ({gap} worse)",
        "zh": "{kpi}为 {value}，{kind} {bench}（差 {gap}）",
    },
    "rep.gap.ahead": {
        "en": "{kpi} {value} vs {bench} {kind} ({gap} ahead)",
        "zh": "{kpi}为 {value}，{kind} {bench}（超出 {gap}）",
    },
    "rep.bench.team_median": {"en": "team median", "zh": "团队中位数"},
    "rep.bench.peer_median": {"en": "peer median", "zh": "同级中位数"},
    "rep.bench.target": {"en": "target", "zh": "目标"},
    "rep.bench.number": {"en": "threshold", "zh": "阈值"},
    # skill areas, formats, support
    "rep.skill.product_knowledge": {"en": "Product knowledge", "zh": "产品知识"},
    "rep.skill.sales_skills": {"en": "Sales skills", "zh": "销售技巧"},
    "rep.skill.objection_handling": {"en": "Objection handling", "zh": "异议处理"},
    "rep.skill.negotiation": {"en": "Negotiation", "zh": "谈判"},
    "rep.skill.customer_management": {"en": "Customer management", "zh": "客户管理"},
    "rep.skill.self_management": {"en": "Self-management", "zh": "自我管理"},
    "rep.skill.tools": {"en": "Tools and CRM", "zh": "工具与 CRM"},
    "rep.format.workshop": {"en": "Workshop", "zh": "工作坊"},
    "rep.format.e_learning": {"en": "E-learning", "zh": "在线学习"},
    "rep.format.role_play": {"en": "Role play", "zh": "角色扮演"},
    "rep.format.shadowing": {"en": "Shadowing", "zh": "跟岗学习"},
    "rep.format.coaching": {"en": "One-to-one coaching", "zh": "一对一辅导"},
    "rep.hours_value": {"en": "{hours} h", "zh": "{hours} 小时"},
    "rep.support.listen_in": {
        "en": "Listen in on a few calls each week and give feedback the same day.",
        "zh": "每周旁听几通电话，并在当天给出反馈。",
    },
    "rep.support.joint_calls": {
        "en": "Join the rep on calls or customer meetings and debrief after each one.",
        "zh": "陪同参加客户通话或拜访，并在每次结束后复盘。",
    },
    "rep.support.deal_reviews": {
        "en": "Review the rep's open deals together every week.",
        "zh": "每周与其一起复盘在途商机。",
    },
    "rep.support.reduce_load": {
        "en": "Take work off the rep's plate (fewer new leads or accounts) until the load is sustainable.",
        "zh": "减轻其工作负担（减少新线索或客户分配），直到工作量可持续。",
    },
    "rep.support.check_in": {
        "en": "Hold a short weekly check-in on plans and priorities.",
        "zh": "每周进行一次简短沟通，确认计划与优先事项。",
    },
    "rep.support.pair_with_senior": {
        "en": "Pair the rep with a senior colleague to shadow and learn from.",
        "zh": "安排一位资深同事带教，让其跟随学习。",
    },
    "rep.support.pipeline_review": {
        "en": "Review the pipeline together every week: next steps and close dates.",
        "zh": "每周一起检查商机：下一步行动与预计成交日期。",
    },
    "rep.support.customer_feedback": {
        "en": "Share customer feedback and survey comments with the rep.",
        "zh": "与其分享客户反馈和满意度调查意见。",
    },
    "rep.support.stretch_accounts": {
        "en": "Give the rep stretch accounts or larger deals to grow into.",
        "zh": "分配更具挑战的客户或更大的商机，帮助其成长。",
    },
    # 1:1 agenda
    "rep.agenda": {"en": "1:1 agenda", "zh": "一对一面谈议程"},
    "rep.agenda_intro": {
        "en": "In this order: recognition first, then the gaps with their evidence, the plan, and the support "
        "the rep asks of the manager.",
        "zh": "按以下顺序进行：先给予认可，再讨论差距及其依据、行动计划，以及需要经理提供的支持。",
    },
    "rep.agenda.recognition": {"en": "1. Recognition: what went well", "zh": "1. 认可：做得好的地方"},
    "rep.agenda.gaps": {"en": "2. Gaps and their evidence", "zh": "2. 差距及其依据"},
    "rep.agenda.plan": {"en": "3. The plan", "zh": "3. 行动计划"},
    "rep.agenda.support": {"en": "4. Support asked of the manager", "zh": "4. 需要经理提供的支持"},
    "rep.agenda.wellbeing": {"en": "5. Workload and well-being", "zh": "5. 工作量与身心状态"},
    "rep.agenda.action": {
        "en": "{module} ({format}, {hours}): {goal}.",
        "zh": "{module}（{format}，{hours}）：{goal}。",
    },
    "rep.agenda.no_gaps": {
        "en": "No KPI trails both medians by {min} or more, and no pattern fired.",
        "zh": "没有指标同时落后两个中位数 {min} 及以上，也没有触发任何模式。",
    },
    "rep.agenda.no_plan": {"en": "No plan this period.", "zh": "本期无行动计划。"},
    "rep.agenda.no_support": {"en": "Nothing specific asked this period.", "zh": "本期无特别需要的支持。"},
    "rep.improved_up": {
        "en": "{kpi} up from {previous} to {value} on the previous period ({change}).",
        "zh": "{kpi}较上期由 {previous} 提升至 {value}（{change}）。",
    },
    "rep.improved_down": {
        "en": "{kpi} down from {previous} to {value} on the previous period ({change}).",
        "zh": "{kpi}较上期由 {previous} 降至 {value}（{change}）。",
    },
    "rep.goal_met": {
        "en": "Goal {goal} met: {kpi} {actual} against a target of {target}.",
        "zh": "目标 {goal} 已达成：{kpi}为 {actual}，目标 {target}。",
    },
    "rep.goal_on_track": {
        "en": "Goal {goal} on track: {kpi} {actual} so far, projected {projection} against a target of {target}.",
        "zh": "目标 {goal} 进度正常：{kpi}目前为 {actual}，预计期末 {projection}，目标 {target}。",
    },
    "rep.best_result": {
        "en": "Best result against the benchmarks: {sentence}",
        "zh": "与基准相比表现最好的一项：{sentence}",
    },
    "rep.nothing_to_recognise": {
        "en": "No KPI has a benchmark to compare with this period.",
        "zh": "本期没有可与基准比较的指标。",
    },
    "rep.prompt.sustainable": {
        "en": "How sustainable does your current workload feel?",
        "zh": "你觉得目前的工作量可持续吗？",
    },
    "rep.prompt.after_hours": {
        "en": "What keeps you working after hours or at weekends?",
        "zh": "是什么让你需要在下班后或周末工作？",
    },
    "rep.prompt.offload": {
        "en": "What could we take off your plate or hand to someone else?",
        "zh": "有哪些工作可以减少或交给其他同事？",
    },
    "rep.prompt.support": {
        "en": "What would help you rest and recover?",
        "zh": "有什么能帮助你更好地休息和恢复？",
    },
    # manager notes
    "rep.notes": {"en": "Manager notes", "zh": "经理备注"},
    "rep.notes_intro": {"en": "Included verbatim from {path}.", "zh": "原文摘自 {path}。"},
    "rep.no_notes": {
        "en": "No notes for this period. A manager can add them as {path}.",
        "zh": "本期无备注。经理可在 {path} 中添加。",
    },
    # workload
    "rep.workload": {"en": "Workload", "zh": "工作量"},
    "rep.workload_intro": {
        "en": "The rep's load in the period against the team median (managers excluded from the median).",
        "zh": "本期个人工作量与团队中位数（不含经理）的对比。",
    },
    "rep.col.measure": {"en": "Measure", "zh": "指标"},
    "rep.wl.activities_per_day": {"en": "Activities per working day", "zh": "日均活动量"},
    "rep.wl.hours": {"en": "Hours logged", "zh": "记录时长（小时）"},
    "rep.wl.after_hours_share": {"en": "After-hours activity share", "zh": "非工作时间活动占比"},
    "rep.wl.weekend_share": {"en": "Weekend activity share", "zh": "周末活动占比"},
    "rep.wl.open_deals": {"en": "Open deals at period end", "zh": "期末在途商机数"},
    "rep.wl.open_amount": {"en": "Open deal amount at period end", "zh": "期末在途商机金额"},
}
