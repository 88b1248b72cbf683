"""What a section says when an input is missing: one sentence in the report's language, the import named."""

import pytest

from salesnb.analysis.inputs import Availability, Input
from salesnb.reports.missing import import_note, kpi_notes_html, missing_html, missing_sentence

DEALS_ONLY = Availability("2018-03", frozenset({Input.DEALS, Input.DEAL_AMOUNTS}))


def test_the_sentence_names_what_is_missing_for_whom_and_when_and_what_it_means():
    assert (
        missing_sentence(DEALS_ONLY, [Input.TARGETS], "attainment", "team", "en")
        == "No quotas are loaded for this team in 2018-03, so attainment is not shown."
    )
    zh = missing_sentence(DEALS_ONLY, [Input.TARGETS], "attainment", "team", "zh")
    assert zh == "本团队在 2018-03 没有导入销售目标（配额），因此不显示目标达成率。"


def test_nothing_is_said_when_the_inputs_are_there():
    assert missing_sentence(DEALS_ONLY, [Input.DEALS], "attainment", "team", "en") == ""
    assert missing_html(DEALS_ONLY, [Input.DEAL_AMOUNTS], "attainment", "team", "en") == ""
    assert kpi_notes_html(DEALS_ONLY, ["revenue", "win_rate"], "team", "en") == ""


def test_two_missing_inputs_make_one_sentence_and_one_footnote_naming_both_imports():
    text = missing_sentence(DEALS_ONLY, [Input.TARGETS, Input.ACTIVITIES], "attainment", "org", "en")
    assert text.count(".") == 1 and "quotas" in text and "activities" in text
    assert import_note([Input.TARGETS, Input.ACTIVITIES], "en").count("targets, activities") == 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_html_is_escaped_and_carries_the_imports_name(language):
    html = missing_html(DEALS_ONLY, [Input.ACTIVITIES], "activity", "team", language)
    assert 'class="missing"' in html and 'class="note"' in html and "activities" in html


def test_kpi_notes_group_the_unknown_kpis_by_the_input_they_lack():
    html = kpi_notes_html(
        DEALS_ONLY, ["revenue", "quota_attainment", "contact_rate", "talk_time_hours"], "rep", "en"
    )
    assert html.count('class="missing"') == 2
    assert "Quota attainment" in html and "Contact rate, Talk time (hours)" in html
    assert "Revenue" not in html
