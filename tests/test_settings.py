"""The settings registry: each option's type, bounds and choices are enforced from its one declaration,
and the README's table says what the registry says."""

from __future__ import annotations

import re

import pytest

from desktop.core.languages import SETTING_CHOICES
from desktop.engine.modes import CODES as MODE_CODES
from desktop.library.links import SERVICE_CODES
from desktop.profile.settings import OPTIONS, SETTING, STATE, Option, defaults, option
from desktop.profile.user_store import UserStore
from tests.helpers import ROOT


def _readme_rows() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| setting | kind | default |") :].split("\n\n")[0]
    rows = {}
    for line in table.splitlines()[2:]:
        for name in re.findall(r"`(\w+)`", line.split("|")[1]):
            rows[name] = line
    return rows


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "[]" if value == [] else str(value)


def test_readme_settings_table_matches_the_registry():
    """README's settings table is the users' reference: every option, no other, with its kind,
    default, bounds and choices as declared."""
    rows = _readme_rows()
    assert sorted(rows) == sorted(OPTIONS)
    for name, opt in OPTIONS.items():
        cells = [c.strip() for c in rows[name].split("|")[1:-1]]
        assert cells[1] == ("window state" if opt.kind == STATE else "setting"), name
        if opt.kind == SETTING:
            assert cells[2].split()[0] == _shown(opt.default), name
        if opt.bounds is not None and opt.kind == SETTING:
            assert f"({opt.bounds[0]}–{opt.bounds[1]})" in cells[2], name
        for choice in opt.choices or ():
            assert re.search(rf"\b{choice}\b", cells[2]), f"{name}: {choice} not in README"


def test_every_option_is_documented_in_both_languages_and_valid_by_default():
    for name, opt in OPTIONS.items():
        assert opt.doc("en") and opt.doc("ko") and opt.doc("ko") != opt.doc("en"), name
        assert opt.valid(opt.default), name
        assert opt.kind in (SETTING, STATE)


def test_choices_come_from_their_own_registries():
    assert option("mode").choices == MODE_CODES
    assert option("link_service").choices == SERVICE_CODES
    assert option("language").choices == SETTING_CHOICES


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("top_n", 5, True),
        ("top_n", 200, True),
        ("top_n", 4, False),
        ("top_n", 201, False),
        ("top_n", True, False),
        ("top_n", 30.0, False),
        ("top_n", "30", False),
        ("store_text", True, True),
        ("store_text", 1, False),
        ("preferred_genres", ["발라드"], True),
        ("preferred_genres", [1], False),
        ("preferred_genres", "발라드", False),
        ("mode", "lift", True),
        ("mode", "shuffle", False),
        ("link_service", "spotify", True),
        ("link_service", "napster", False),
        ("year_min", None, True),
        ("year_min", 1999, True),
        ("year_min", 100_000_000_000, False),
        ("year_min", 0, False),
    ],
)
def test_values_are_checked_against_the_declaration(name, value, ok):
    assert option(name).valid(value) is ok
    assert option(name).coerce(value) == (value if ok else option(name).default)


def test_the_store_refuses_what_the_registry_refuses_and_reads_back_the_default(tmp_path):
    store = UserStore(tmp_path)
    try:
        with pytest.raises(ValueError):
            store.set("top_n", 500)
        store.set("top_n", 120)
        assert store.get("top_n") == 120
        store.Setting.replace(key="top_n", value="500").execute()  # written by hand or another version
        store.Setting.replace(key="year_max", value="100000000000").execute()
        store.set("export_folder", "")  # any write clears the cache
        assert store.get("top_n") == 30 and store.get("year_max") is None
    finally:
        store.close()


def test_defaults_are_copies():
    first = defaults()
    first["preferred_genres"].append("x")
    assert defaults()["preferred_genres"] == [] and OPTIONS["preferred_genres"].default == []


def test_an_unknown_name_says_where_options_are_declared():
    with pytest.raises(KeyError, match="desktop/profile/settings.py"):
        option("volume")
    assert Option("n", int, 1, SETTING, bounds=(1, 3)).coerce(4) == 1
