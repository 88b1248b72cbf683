"""What a section says when an input is missing: one sentence in the report's language, the import named."""

import pytest

from salesnb.analysis.inputs import Availability, Input
from salesnb.reports.missing import (
    SECTION_NEEDS,
    import_note,
    kpi_notes_html,
    missing_html,
    missing_sentence,
)
from salesnb.text.formatting import kpi_label

DEALS_ONLY = Availability("2018-03", frozenset({Input.DEALS, Input.DEAL_AMOUNTS, Input.LOST_DEALS}))


def test_the_sentence_names_what_is_missing_for_whom_and_when_and_what_it_means():
    assert (
        missing_sentence(DEALS_ONLY, "attainment", "team", "en")
        == "No quotas are loaded for this team in 2018-03, so attainment is not shown."
    )
    zh = missing_sentence(DEALS_ONLY, "attainment", "team", "zh")
    assert zh == "本团队在 2018-03 没有导入销售目标（配额），因此不显示目标达成率。"


def test_nothing_is_said_when_the_inputs_are_there():
    everything = Availability("2018-03", frozenset(Input))
    assert missing_sentence(everything, "funnel", "team", "en") == ""
    assert missing_html(everything, "activity", "team", "en") == ""
    assert kpi_notes_html(DEALS_ONLY, ["revenue", "win_rate"], "team", "en") == ""


def test_an_export_of_won_deals_only_leaves_the_win_rate_unknown_and_says_why():
    won_only = Availability("2018-03", frozenset({Input.DEALS, Input.DEAL_AMOUNTS}))
    for language, words in (("en", "no lost deal"), ("zh", "没有任何输单记录")):
        note = kpi_notes_html(won_only, ["revenue", "win_rate"], "team", language)
        assert words in note and kpi_label("win_rate", language) in note
        assert kpi_label("revenue", language) not in note


def test_every_section_declares_what_it_needs_and_has_its_consequence_in_both_languages():
    for section, needs in SECTION_NEEDS.items():
        assert needs, section
        for language in ("en", "zh"):
            assert missing_sentence(Availability("2018-03", frozenset()), section, "org", language)


def test_one_footnote_names_every_import_needed():
    assert import_note([Input.TARGETS, Input.ACTIVITIES], "en").count("targets, activities") == 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_html_is_escaped_and_carries_the_imports_name(language):
    html = missing_html(DEALS_ONLY, "activity", "team", language)
    assert 'class="missing"' in html and 'class="note"' in html and "activities" in html


def test_kpi_notes_group_the_unknown_kpis_by_the_input_they_lack():
    html = kpi_notes_html(
        DEALS_ONLY, ["revenue", "quota_attainment", "contact_rate", "talk_time_hours"], "rep", "en"
    )
    assert html.count('class="missing"') == 2
    assert "Quota attainment" in html and "Contact rate, Talk time (hours)" in html
    assert "Revenue" not in html
