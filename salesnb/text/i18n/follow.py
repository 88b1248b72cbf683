"""The rep review's follow-through of last period's plan: the plan given (stored) or re-derived, and
each goal's result."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "rep.follow": {"en": "Follow-through on last period's plan", "zh": "上期计划跟进"},
    "rep.follow_intro": {
        "en": "The plan the review of {prev} gave, as stored when that review was rendered, against {period}. "
        "For each goal: the baseline in {prev}, the target given for {period}, the actual, how far the KPI "
        "moved, and the result against the target given: met, partly (the share of the gap from the "
        "baseline to the target that was closed) or not met.",
        "zh": "{prev} 评估给出的计划（在该评估生成时存档）对照 {period} 的结果。每个目标列出 {prev} 的基准值、"
        "为 {period} 设定的目标、实际值、指标变化幅度，以及对照所定目标的结果：达成、部分达成（从基准值到目标"
        "的差距缩小了多少）或未达成。",
    },
    "rep.no_plan_on_record": {
        "en": "No plan on record for {prev}: no rep review of {prev} stored one (plans are stored when "
        "salesnb run --reps renders the reviews), so the goals given then, if any, are unknown.",
        "zh": "{prev} 没有存档的计划：{prev} 的评估没有存档计划（计划在 salesnb run --reps 生成评估时存档），"
        "因此当时给出的目标（如有）未知。",
    },
    "rep.plan_given_none": {
        "en": "The review of {prev} gave no coaching goal: nothing to follow through.",
        "zh": "{prev} 的评估没有给出辅导目标：无需跟进。",
    },
    "rep.follow_rederived": {
        "en": "Shown instead: the plan re-derived from the numbers of {prev} with today's "
        "params/coaching_rules.yaml. It is not the plan given, and its targets may differ from those agreed.",
        "zh": "以下改为列出：以 {prev} 的数据和当前的 params/coaching_rules.yaml 重新推算的计划。"
        "这不是当时给出的计划，其目标可能与当时约定的不同。",
    },
    "rep.col.baseline": {"en": "Baseline ({period})", "zh": "基准值（{period}）"},
    "rep.col.actual": {"en": "Actual ({period})", "zh": "实际值（{period}）"},
    "rep.col.moved": {"en": "Moved", "zh": "变化"},
    "rep.col.result": {"en": "Result", "zh": "结果"},
    "rep.result.met": {"en": "met", "zh": "达成"},
    "rep.result.partly": {"en": "partly, {share} of the gap", "zh": "部分达成，差距缩小 {share}"},
    "rep.result.not_met": {"en": "not met", "zh": "未达成"},
    "rep.result.no_data": {"en": "no data", "zh": "暂无数据"},
    "rep.follow_summary": {
        "en": "{met} of {n} goals met, {partly} partly; {improved} of {n} KPIs moved the right way.",
        "zh": "{n} 个目标中达成 {met} 个，部分达成 {partly} 个；{n} 项指标中 {improved} 项朝正确方向变化。",
    },
    "rep.no_previous_employed": {
        "en": "No plan for {prev}: the rep was not employed in that period.",
        "zh": "{prev} 无计划：本人当时尚未在职。",
    },
    "rep.no_previous_actions": {
        "en": "Today's rules would give no plan for {prev} either: no rule fires and no gap to a benchmark "
        "remains.",
        "zh": "按现行规则，{prev} 同样没有计划：没有触发任何规则，也没有与基准的差距。",
    },
}
