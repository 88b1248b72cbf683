"""``params/delivery.yaml``: validated item by item, every problem on one line naming file and item."""

from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.params import load_settings
from salesnb.params.delivery import DeliverySettings, Leader, load_delivery

PARAMS = Path(__file__).parents[2] / "params"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "delivery.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_delivery_file_is_valid_and_loaded_with_the_folder():
    delivery = load_settings(PARAMS).delivery
    assert delivery.allowed_domains == ("example.com",)
    assert [leader.id for leader in delivery.leadership] == ["ceo"]
    assert set(delivery.region_heads) == {"east", "north"}


def test_a_roster_leader_and_an_outside_leader(tmp_path):
    path = write(
        tmp_path,
        "allowed_domains: [Corp.Example]\nleadership:\n  - rep: r01\n"
        "  - {id: cfo, name: Ann, email: ' Ann@Corp.Example ', language: en}\n",
    )
    got = load_delivery(path)
    assert got.allowed_domains == ("corp.example",)
    assert got.leadership == (
        Leader("r01", rep="r01"),
        Leader("cfo", name="Ann", email="ann@corp.example", language="en"),
    )


def test_every_problem_is_named_with_its_item(tmp_path):
    path = write(
        tmp_path,
        "allowed_domains: [example.com, 'not a domain']\n"
        "leadership:\n  - {id: a, name: A, email: nobody}\n  - {id: b, name: B}\n"
        "  - {rep: r1, email: x@y.z}\n"
        "region_heads: {east: []}\n"
        "overrides:\n  - {audience: r1, add: ['team review']}\n  - {audience: r2}\n",
    )
    with pytest.raises(ParameterError) as err:
        load_delivery(path)
    text = str(err.value)
    assert text.startswith("7 problems in")
    for said in (
        "allowed_domains: 'not a domain' is not a domain name",
        "leadership item 1: email: 'nobody' is not an e-mail address",
        "leadership item 2: needs rep: ID, or id, name and email (email missing)",
        "leadership item 3: a roster person (rep:) takes e-mail and name from the roster",
        "region_heads: east: must be a list of people",
        "overrides item 1: add: 'team review' is not a report",
        "overrides item 2: adds and removes nothing",
    ):
        assert said in text


def test_unknown_keys_and_twice_listed_leaders_are_refused(tmp_path):
    with pytest.raises(ParameterError, match="smtp_password"):
        load_delivery(write(tmp_path, "smtp_password: hunter2\n"))
    with pytest.raises(ParameterError, match="leadership item 2: ceo is listed twice"):
        load_delivery(write(tmp_path, "leadership:\n  - rep: ceo\n  - rep: ceo\n"))


def test_domains_match_whole_labels_only():
    allowed = DeliverySettings(("example.com",))
    assert allowed.allows("a@EXAMPLE.com") and allowed.allows("a@eu.example.com")
    assert not allowed.allows("a@evilexample.com") and not allowed.allows("a@example.com.evil.net")
    assert not DeliverySettings().allows("a@example.com")
