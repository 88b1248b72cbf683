"""salesnb.ingest.identity: people matched by their strongest identifier; team ids unique and unreserved."""

from __future__ import annotations

from salesnb.ingest.identity import AMBIGUOUS, RESERVED_IDS, People, Person, Slugs, crm_user_id, slug

PEOPLE = People(
    [
        Person("olivia", "Olivia Lee", "bj-telesales", "olivia@example.com", None),
        Person("liwei-1", "李伟", "bj-telesales", None, "fxiaoke:1001"),
        Person("liwei-2", "李伟", "sh-online", None, "fxiaoke:2002"),
        Person("iris", "Iris Lee", "bj-telesales", None, None),
    ]
)


def test_the_strongest_identifier_decides():
    assert PEOPLE.resolve("Someone Else", None, "fxiaoke:1001", "x") == "liwei-1"  # user id beats the name
    assert PEOPLE.resolve("Olivia L.", "olivia@example.com", None, "sh-field") == "olivia"  # e-mail: a move


def test_a_namesake_with_another_identifier_is_a_new_person():
    assert PEOPLE.resolve("Olivia Lee", "olivia.lee@sh.example.com", None, "sh-field") is None
    assert PEOPLE.resolve("李伟", None, "fxiaoke:3003", "hz-key-accounts") is None


def test_a_name_alone_matches_only_one_person_on_the_same_team():
    assert PEOPLE.resolve("Iris Lee", None, None, "bj-telesales") == "iris"
    other_team = PEOPLE.resolve("Iris Lee", None, None, "sh-field")
    assert other_team.startswith(AMBIGUOUS) and "iris (bj-telesales)" in other_team
    no_record = PEOPLE.resolve("Iris Lee", "iris.lee@sh.example.com", None, "sh-field")
    assert no_record.startswith(AMBIGUOUS) and "no e-mail or user id on record" in no_record
    two = PEOPLE.resolve("李伟", None, None, "bj-telesales")
    assert two.startswith(AMBIGUOUS) and "liwei-1" in two and "liwei-2" in two


def test_an_owner_name_shared_by_two_people_is_ambiguous():
    assert PEOPLE.owner("Olivia Lee") == "olivia"
    assert PEOPLE.owner("OLIVIA@example.com") == "olivia"
    assert PEOPLE.owner("iris") == "iris"
    assert PEOPLE.owner("李伟").startswith(AMBIGUOUS)
    assert PEOPLE.owner("Nobody") is None
    assert PEOPLE.owner_by_id("fxiaoke", "2002") == "liwei-2"


def test_crm_user_ids_lose_export_wrappers():
    assert crm_user_id("zoho", "zcrm_41508") == crm_user_id("zoho", "41508") == "zoho:41508"
    assert crm_user_id("zoho", '="00123"') == "zoho:00123"
    assert crm_user_id("zoho", "") is None


def test_slugs_never_merge_two_names_nor_take_a_reserved_id():
    long_a = "Northern Region Enterprise Key Accounts Team Alpha"
    long_b = "Northern Region Enterprise Key Accounts Team Beta"
    assert slug(long_a) != slug(long_b)
    ids = Slugs({"beijing-telesales": "Beijing Telesales"}).assign(
        ["Beijing Telesales", "beijing  telesales", "Beijing-Telesales", "Org", "Logs", long_a]
    )
    assert ids["Beijing Telesales"] == ids["beijing  telesales"] == "beijing-telesales"  # the same name
    assert ids["Beijing-Telesales"].startswith("beijing-telesales-")  # another name with the same slug
    assert not {ids["Org"], ids["Logs"]} & RESERVED_IDS
    # the order of the names does not change any id
    names = ["Team A", "team-a", "Team B"]
    assert Slugs({}).assign(names) == Slugs({}).assign(names[::-1])
