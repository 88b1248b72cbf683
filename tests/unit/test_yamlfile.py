"""The one YAML loader of user files: each problem is one line FILE:LINE:COL: reason (#14 defects 12, 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.ingest.mapping import load_mapping
from salesnb.params import check_params_dir, load_team_params
from salesnb.yamlfile import load_yaml


def _error(path: Path) -> str:
    with pytest.raises(ParameterError) as info:
        load_yaml(path)
    message = str(info.value)
    assert "\n" not in message, message
    return message


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ("a: [1, 2\nb: 3\n", ":2:2:", "did not find expected ',' or ']'"),
        ("a: b: c\n", ":1:5:", "mapping values are not allowed"),
        ("a:\n  - 1\n b: 2\n", ":3:2:", "did not find expected key"),
        ('x: "abc\n', ":2:1:", "unexpected end of stream"),
        ("x: \x07\n", ":1:4:", "U+0007"),
        ("x: !!python/object/apply:os.system [echo hi]\n", ":1:4:", "could not determine a constructor"),
        ("a: 1\nb:\n  c: 2\n  c: 3\n", ":4:3:", "key 'c' is given twice (first on line 3)"),
    ],
)
def test_yaml_errors_are_one_line_with_file_line_and_column(tmp_path: Path, text, where, fragment):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    message = _error(path)
    assert message.startswith(f"{path}{where} "), message
    assert fragment in message


def test_a_file_not_in_utf8_names_the_byte_and_the_fix(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_bytes("name: ok\nteam: 北京\n".encode("gb18030"))
    message = _error(path)
    assert message.startswith(f"{path}:2:7: not UTF-8 (byte 0xB1)"), message
    assert "save the file as UTF-8" in message


def test_bom_and_empty_file(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path) == {"a": 1}
    path.write_bytes(b"")
    assert load_yaml(path) is None


def test_missing_and_unreadable_files(tmp_path: Path):
    assert _error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: file not found"
    assert "cannot read the file" in _error(tmp_path)  # a folder


def test_callers_get_their_own_copy(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_text("a: [1]\n", encoding="utf-8")
    load_yaml(path)["a"].append(2)
    assert load_yaml(path) == {"a": [1]}


@pytest.mark.parametrize(
    "name", ["defaults.yaml", "goals.yaml", "kpi_sets.yaml", "commission_plans.yaml", "training_catalog.yaml"]
)
def test_every_params_file_goes_through_the_loader(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes(b"language: \xff\n")
    with pytest.raises(ParameterError) as info:
        check_params_dir(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / name}:1:11: not UTF-8"), info.value


def test_team_params_and_mappings_go_through_the_loader(tmp_path: Path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "t1.yaml").write_text("language: [en\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"t1\.yaml:2:1: not valid YAML"):
        load_team_params(tmp_path, "t1")
    mapping = tmp_path / "m.yaml"
    mapping.write_bytes(b"module: deals\nname: caf\xe9\n")
    with pytest.raises(ParameterError, match=r"m\.yaml:2:10: not UTF-8 \(byte 0xE9\)"):
        load_mapping(mapping)
