"""The audience map on a small organisation with a known truth: who receives which report."""

from datetime import date

import pytest

from salesnb.delivery.audiences import FAILED, NOT_RENDERED, SEND, Person, Report, build_map
from salesnb.errors import ParameterError
from salesnb.params.delivery import DeliverySettings, Leader, Override

LAST_DAY = date(2026, 11, 30)
#: east: t1, t2 and the regional office east-hq, whose manager h1 the managers of t1 and t2 report to;
#: north: t3, whose manager reports to nobody in the roster
REGIONS = {"east-hq": "east", "t1": "east", "t2": "east", "t3": "north"}


def person(rep_id: str, team: str, level: str = "junior", manager: str | None = None, **kw) -> Person:
    email = kw.pop("email", f"{rep_id}@corp.example")
    return Person(rep_id, kw.pop("name", rep_id.upper()), email, team, level, manager, **kw)


PEOPLE = [
    person("h1", "east-hq", "manager"),
    person("m1", "t1", "manager", "h1"),
    person("r1a", "t1", manager="m1", name="Li Wei", email="li.wei@corp.example"),
    person("r1b", "t1", manager="m1"),
    person("r1c", "t1", manager="m1", status="left", left_date=date(2026, 12, 3)),
    person("m2", "t2", "manager", "h1"),
    person("r2a", "t2", manager="m2", email="r2a@gmail.com"),
    person("m3", "t3", "manager"),
    person("r3a", "t3", manager="m3", name="Li Wei", email="li.wei2@corp.example"),
    person("r3b", "t3", manager="m3", hire_date=date(2026, 12, 1)),
]


def ok(kind: str, key: str, status: str | None = "ok") -> Report:
    html = f"{key.replace('/', '-')}.{kind}.html" if status == "ok" else None
    return Report(kind, key, key, status, html)


REPORTS = [
    ok("org_overview", "org"),
    ok("region_overview", "east"),
    ok("region_overview", "north"),
    *(ok("team_review", t) for t in ("east-hq", "t1", "t2")),
    ok("team_review", "t3", "failed"),
    *(ok("rep_review", f"{p.team_id}/{p.rep_id}") for p in PEOPLE if p.rep_id not in {"r3b", "m3"}),
    ok("rep_review", "t3/m3", None),
]

DELIVERY = DeliverySettings(
    allowed_domains=("corp.example",),
    leadership=(Leader("ceo", name="Chen Jing", email="ceo@corp.example", language="zh"),),
    region_heads={"north": (Leader("nhead", name="North Head", email="north@corp.example"),)},
)


def audiences(delivery: DeliverySettings = DELIVERY, people=PEOPLE, reports=REPORTS) -> dict:
    found = build_map(
        people, REGIONS, reports, delivery, LAST_DAY, lambda team: "zh" if team == "t3" else "en"
    )
    return {a.id: a for a in found}


def readable(audience) -> set[str]:
    return {r.selector for r in audience.sendable}


def test_a_rep_receives_only_their_own_review():
    assert readable(audiences()["r1b"]) == {"rep_review:t1/r1b"}


def test_a_rep_who_left_receives_nothing_even_a_review_rendered_before():
    left = audiences()["r1c"]
    assert left.refused.startswith("left the organisation (2026-12-03)") and left.sendable == []


def test_a_rep_hired_after_the_period_receives_nothing():
    assert "r3b" not in audiences() or audiences()["r3b"].sendable == []


def test_a_manager_receives_their_team_review_and_their_reps_reviews_only():
    got = readable(audiences()["m1"])
    assert got == {
        "team_review:t1",
        "rep_review:t1/m1",
        "rep_review:t1/r1a",
        "rep_review:t1/r1b",
        "rep_review:t1/r1c",
    }
    assert all(s.endswith(":t1") or s.startswith("rep_review:t1/") for s in got)


def test_a_region_head_receives_their_region_and_its_teams_only():
    head = audiences()["h1"]
    got = readable(head)
    assert {"region_overview:east", "team_review:t1", "team_review:t2", "team_review:east-hq"} <= got
    assert not any("north" in s or "t3" in s for s in got)
    assert "org_overview" not in got and "rep_review:t1/r1a" not in got  # a region head: teams, not reps
    assert "head of east" in head.roles


def test_a_region_head_named_in_params_receives_the_region_and_failed_reports_are_not_sent():
    head = audiences()["nhead"]
    outcomes = {r.selector: r.outcome for r in head.reports}
    assert outcomes == {"region_overview:north": SEND, "team_review:t3": FAILED}
    assert readable(head) == {"region_overview:north"}


def test_a_report_never_rendered_is_listed_as_not_rendered():
    m3 = {r.selector: r.outcome for r in audiences()["m3"].reports}
    assert m3["rep_review:t3/m3"] == NOT_RENDERED and m3["team_review:t3"] == FAILED


def test_leadership_receives_the_organisation_overview_only_in_its_language():
    ceo = audiences()["ceo"]
    assert readable(ceo) == {"org_overview"} and ceo.language == "zh" and ceo.roles == ["leadership"]


def test_overrides_add_and_remove_reports_of_one_audience():
    delivery = DeliverySettings(
        allowed_domains=("corp.example",),
        overrides=(
            Override("m1", add=("team_review:t2", "region_overview")),
            Override("m1", remove=("rep_review",)),
        ),
    )
    got = readable(audiences(delivery)["m1"])
    assert got == {"team_review:t1", "team_review:t2", "region_overview:east", "region_overview:north"}


def test_an_override_for_someone_unknown_is_refused_and_an_unknown_kind_is_an_error():
    delivery = DeliverySettings(("corp.example",), overrides=(Override("ghost", add=("org_overview",)),))
    assert "neither in the roster nor in the leadership" in audiences(delivery)["ghost"].refused
    bad = DeliverySettings(("corp.example",), overrides=(Override("m1", add=("payslip:t1",)),))
    with pytest.raises(ParameterError, match="'payslip:t1' names no report kind"):
        audiences(bad)


def test_a_disallowed_domain_is_refused_with_its_reason():
    r2a = audiences()["r2a"]
    assert r2a.refused == "domain gmail.com is not allowed (delivery.yaml: allowed_domains: corp.example)"
    assert r2a.sendable == []
    assert all(a.refused for a in audiences(DeliverySettings()).values())  # no delivery.yaml: nobody


def test_namesakes_with_different_emails_are_different_people():
    found = audiences()
    assert found["r1a"].name == found["r3a"].name == "Li Wei"
    assert readable(found["r1a"]) == {"rep_review:t1/r1a"}
    assert readable(found["r3a"]) == {"rep_review:t3/r3a"}
    assert found["r3a"].language == "zh" and found["r1a"].language == "en"  # each their team's language


def test_one_address_for_two_people_refuses_both():
    people = [*PEOPLE[:-1], person("r3b", "t3", manager="m3", email="R1B@corp.example")]
    reports = [*REPORTS, ok("rep_review", "t3/r3b")]
    found = audiences(people=people, reports=reports)
    assert "shared with r3b" in found["r1b"].refused and "shared with r1b" in found["r3b"].refused


def test_no_address_is_refused_and_said():
    people = [person("r1b", "t1", manager="m1", email=None) if p.rep_id == "r1b" else p for p in PEOPLE]
    assert audiences(people=people)["r1b"].refused == "no e-mail address in the roster"


def test_a_team_without_a_manager_level_goes_to_whom_its_reps_report_to():
    people = [p for p in PEOPLE if p.rep_id != "m3"] + [person("boss", "east-hq", "senior")]
    people = [
        person(p.rep_id, "t3", manager="boss", email=p.email) if p.team_id == "t3" else p for p in people
    ]
    assert "team_review:t3" in {r.selector for r in audiences(people=people)["boss"].reports}


def test_a_listed_id_that_is_a_rep_id_or_an_unknown_region_is_refused_never_merged():
    delivery = DeliverySettings(
        ("corp.example",),
        leadership=(Leader("r1b", name="Impostor", email="boss@corp.example"),),
        region_heads={"west": (Leader("whead", name="W", email="w@corp.example"),)},
    )
    found = audiences(delivery)
    assert readable(found["r1b"]) == {"rep_review:t1/r1b"} and found["r1b"].email == "r1b@corp.example"
    assert "is a rep id: write rep: r1b" in found["leader:r1b"].refused
    assert found["whead"].refused.endswith("region west is not in the warehouse")
