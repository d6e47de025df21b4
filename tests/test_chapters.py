"""The movement's known chapters: the registry, `boxkit chapters`, and what `boxkit new`
says when a chapter already exists where an organiser starts one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit import RegistryError, find_existing, load_registry, update_registry
from boxkit._chapters import bundled_path, fetched_path, parse_registry
from boxkit.cli import app


def test_every_bundled_chapter_has_a_link_a_source_and_a_year() -> None:
    registry = load_registry()
    assert len(registry.chapters) >= 10
    for chapter in registry.chapters:
        assert chapter.link.startswith("https://") and chapter.source.startswith("https://")
        assert chapter.seen.isdigit() and 2017 <= int(chapter.seen) <= dt.date.today().year
        assert chapter.country or chapter.scope == "organisation"


def test_a_country_with_a_chapter_finds_it_and_a_city_finds_its_national_chapter() -> None:
    same = find_existing(scope="country", country="SE")
    assert [(e.chapter.name, e.same) for e in same] == [("One Team Gov Sverige", True)]
    local = find_existing(scope="city", country="SE", place="Malmö")
    assert [(e.chapter.name, e.same) for e in local] == [("One Team Gov Sverige", False)]
    wales = find_existing(scope="region", country="GB", place="wales")
    assert [(e.chapter.name, e.same) for e in wales] == [
        ("One Team Gov in Wales", True), ("One Team Gov (UK)", False)]
    assert find_existing(scope="country", country="EG") == []


def _registry_text(updated: str, *extra: dict[str, str]) -> str:
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    data["updated"] = updated
    data["chapters"] += list(extra)
    return yaml.safe_dump(data, allow_unicode=True)


MALMO = {"name": "One Team Gov Malmö", "scope": "city", "country": "SE", "place": "Malmö",
         "link": "https://example.org/malmo", "source": "https://example.org/malmo/hello",
         "seen": "2027"}


def test_a_newer_list_is_fetched_without_a_release_and_then_used(tmp_path: Path) -> None:
    published = tmp_path / "chapters.yml"
    published.write_text(_registry_text("2099-01-01", MALMO), encoding="utf-8")
    fetched = update_registry(published.as_uri())
    assert Path(fetched.origin) == fetched_path()
    assert load_registry().updated == dt.date(2099, 1, 1)
    found = find_existing(scope="city", country="SE", place="malmö")
    assert [(e.chapter.name, e.same) for e in found] == [
        ("One Team Gov Malmö", True), ("One Team Gov Sverige", False)]
    # An older published list does not hide the bundled one.
    published.write_text(_registry_text("2001-01-01"), encoding="utf-8")
    update_registry(str(published))
    assert load_registry().origin == str(bundled_path())
    fetched_path().unlink()


@pytest.mark.parametrize(("change", "message"), [
    ({"link": "http://example.org"}, "chapter 14: link must be an https:// address"),
    ({"scope": "planet"}, "chapter 14: scope 'planet' is not one of"),
    ({"source": ""}, "chapter 14 has no source"),
])
def test_a_bad_entry_is_refused_by_number_and_nothing_is_kept(
        tmp_path: Path, change: dict[str, str], message: str) -> None:
    published = tmp_path / "chapters.yml"
    published.write_text(_registry_text("2099-01-01", {**MALMO, **change}), encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        update_registry(str(published))
    assert not fetched_path().exists()
    with pytest.raises(RegistryError, match="updated"):
        parse_registry("updated: soon\nchapters: []\n", "x.yml")


def test_a_damaged_fetched_copy_falls_back_to_the_bundled_list() -> None:
    fetched_path().parent.mkdir(parents=True, exist_ok=True)
    fetched_path().write_text("chapters: [\n", encoding="utf-8")
    try:
        assert load_registry().origin == str(bundled_path())
    finally:
        fetched_path().unlink()


def test_chapters_list_and_update_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["chapters", "list", "--country", "CA"])
    assert listed.exit_code == 0, listed.output
    assert "One Team Gov Canada / GouvEnsemble Canada (country: CA) https://oneteamgov.ca" \
        in listed.stdout
    missing = runner.invoke(app, ["chapters", "update", str(tmp_path / "none.yml")])
    assert missing.exit_code == 1
    assert "none.yml: cannot read the list of chapters" in missing.stderr


def test_new_without_input_names_the_existing_chapter_after_the_result(
        tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--country", "CA",
                                      "--locale", "en", "--no-input"])
    assert result.exit_code == 0, result.output
    assert ("note: One Team Gov Canada / GouvEnsemble Canada already exists for this "
            "country: https://oneteamgov.ca") in result.stderr
    assert "make a city, region or organisation chapter with --scope" in result.stderr


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from boxkit.cli import _prompts

    monkeypatch.setattr(_prompts, "stdin_is_terminal", lambda: True)


def test_asked_an_organiser_can_stop_to_contact_the_chapter(tmp_path: Path,
                                                             terminal: None) -> None:
    replies = ["", "SE"] + [""] * 12 + ["contact"]
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit")],
                                input="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.output
    assert "A chapter already exists for this country: One Team Gov Sverige" in result.stderr
    assert "Contact One Team Gov Sverige: https://oneteamgov.se" in result.stderr
    assert not (tmp_path / "kit").exists()


def test_asked_an_organiser_can_make_a_city_chapter_instead(tmp_path: Path,
                                                              terminal: None) -> None:
    # The interview, then "local": scope, city and name are asked again; then yes.
    replies = ["", "SE"] + [""] * 12 + ["local", "city", "Malmö", "", ""]
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit")],
                                input="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    assert (recorded["scope"], recorded["place"], recorded["chapter_name"]) == (
        "city", "Malmö", "One Team Gov Malmö")
    assert "note: The national chapter is One Team Gov Sverige: https://oneteamgov.se" \
        in result.stderr
