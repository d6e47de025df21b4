"""`new_kit` with the real Copier, git and bundled template: content, safety, git."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from boxkit import DestinationError, NewKit, TemplateError, __version__, new_kit, resolve_answers
from conftest import FORMULA, HOSTILE, TODAY, git, make_kit

pytestmark = pytest.mark.slow  # every test here renders a kit

PARTS = {"guides": "guides/en/01-start-here.md", "principles": "principles/en/principles.md",
         "events": "events/unconference/en/run-sheet.md", "website": "website/hugo.toml"}


def read(kit: NewKit, name: str) -> str:
    return (kit.dest / name).read_text(encoding="utf-8")


def test_kit_has_all_four_parts_and_the_answers_file(sweden_kit: NewKit) -> None:
    for path in PARTS.values():
        assert (sweden_kit.dest / path).is_file(), path
    recorded = yaml.safe_load(read(sweden_kit, ".copier-answers.yml"))
    assert recorded["_commit"] == f"v{__version__}"
    # The same on every machine: the user's bundle, with the ~ kept.
    assert recorded["_src_path"] == "~/.local/share/boxkit/kit.bundle"
    assert recorded["chapter_name"] == "One Team Gov Sverige"
    assert recorded["timezone"] == "Europe/Stockholm"
    assert recorded["currency"] == "SEK"
    assert recorded["event_rooms"][0] == {"name": "Main room", "capacity": 100,
                                          "step_free": True}
    assert set(recorded) - {"_commit", "_src_path"} == set(
        resolve_answers({"country": "SE"}).answers.as_data())


def test_kit_is_a_git_repository_with_one_clean_commit(sweden_kit: NewKit) -> None:
    assert git(sweden_kit.dest, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(sweden_kit.dest, "status", "--porcelain") == ""
    tracked = set(git(sweden_kit.dest, "ls-files").split())
    assert tracked == set(sweden_kit.files)


def test_files_listed_match_files_written(sweden_kit: NewKit) -> None:
    on_disk = {p.relative_to(sweden_kit.dest).as_posix() for p in sweden_kit.dest.rglob("*")
               if p.is_file() and ".git" not in p.relative_to(sweden_kit.dest).parts}
    assert on_disk == set(sweden_kit.files)


def test_readme_has_a_first_90_days_checklist(sweden_kit: NewKit) -> None:
    readme = read(sweden_kit, "README.md")
    assert readme.startswith("# One Team Gov Sverige: starter kit\n")
    assert "## Your first 90 days" in readme
    assert readme.count("- [ ]") >= 12
    assert "in Sweden" in readme
    assert "boxkit update" in readme


def test_run_sheet_times_follow_the_answers(sweden_kit: NewKit) -> None:
    sheet = read(sweden_kit, "events/unconference/en/run-sheet.md")
    # 09:00 start: welcome, 30-min pitches, coffee; slots of 50 with 10-min breaks,
    # a 40-min lunch after slot 2.
    # Volunteers arrive an hour before the doors and are briefed 45 minutes before them
    # (practice.yml); then the gathering before the closing circle.
    expected = ["| 07:30 | Organisers", "| 07:45 | Volunteer briefing",
                "| 08:30 | Doors open", "| 09:00 | Welcome",
                "| 09:15 | Pitches", "| 09:45 | Coffee", "Session slot 1 (10:00–10:50)",
                "Break and room change (10:50–11:00)", "Session slot 2 (11:00–11:50)",
                "Lunch (11:50–12:30)", "Session slot 3 (12:30–13:20)",
                "Session slot 4 (13:30–14:20)", "| 14:20 | Everyone moves back to the main room",
                "| 14:30 | Closing circle"]
    positions = [sheet.index(line) for line in expected]
    assert positions == sorted(positions)
    assert "Tuesday, 9 March 2027" in sheet
    assert "Kulturhuset, Stockholm" in sheet


def test_session_grid_is_sized_by_rooms_and_slots(sweden_kit: NewKit) -> None:
    grid = read(sweden_kit, "events/unconference/en/session-grid.md")
    table = [line for line in grid.splitlines() if line.startswith("| ")]
    header, rows = table[0], table[2:]
    assert header.count("|") - 1 == 1 + 4
    assert "Main room (100)" in header
    assert len(rows) == 4
    assert rows[2].startswith("| 3: 12:30–13:20 |")
    with (sweden_kit.dest / "events/unconference/session-grid.csv").open() as fh:
        grid_rows = list(csv.reader(fh))
    assert grid_rows[0] == ["slot", "start", "end", "Main room", "Room 2", "Room 3", "Room 4"]
    assert [r[1] for r in grid_rows[1:]] == ["10:00", "11:00", "12:30", "13:30"]


def test_budget_is_in_the_country_currency_and_sized_by_capacity(sweden_kit: NewKit) -> None:
    with (sweden_kit.dest / "events/unconference/budget.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {row["currency"] for row in rows} == {"SEK"}
    lanyards = next(row for row in rows if row["item"].startswith("Lanyards"))
    assert lanyards["quantity"] == "120"  # capacity 100 oversold by 20 %
    lunch = next(row for row in rows if row["item"].startswith("Lunch"))
    assert lunch["quantity"] == "100"
    assert any(row["total"].startswith("=SUM(") for row in rows)


def test_code_of_conduct_carries_the_contact(sweden_kit: NewKit) -> None:
    conduct = read(sweden_kit, "events/unconference/en/code-of-conduct.md")
    assert "hej@example.se" in conduct
    assert "[FILL IN: the chapter's contact e-mail]" not in conduct


def test_principles_document_and_poster_name_the_chapter(sweden_kit: NewKit) -> None:
    doc = read(sweden_kit, "principles/en/principles.md")
    for title in ("Work in the open and positively", "Take practical action",
                  "Experiment and iterate", "Be diverse and inclusive",
                  "Care deeply about citizens", "Work across borders", "Embrace technology"):
        assert f"## {title}" in doc
        assert title in read(sweden_kit, "principles/en/poster.html")
    assert "<h1>One Team Gov Sverige</h1>" in read(sweden_kit, "principles/en/poster.html")


def test_no_placeholder_text_or_leftover_template_syntax(sweden_kit: NewKit) -> None:
    for name in sweden_kit.files:
        text = read(sweden_kit, name)
        for word in ("lorem", "TODO", "TBD"):
            assert word not in text, f"{name} contains {word}"
        # Hugo layouts and GitHub workflows have template syntax of their own.
        if not name.startswith(("website/layouts/", ".github/")):
            assert not re.search(r"\{\{|\{%|%\}", text), f"{name} has template syntax left"


def test_no_empty_markdown_section(sweden_kit: NewKit) -> None:
    for name in sweden_kit.files:
        if not name.endswith(".md"):
            continue
        lines = read(sweden_kit, name).splitlines()
        headings = [i for i, line in enumerate(lines) if re.match(r"#+ ", line)]
        assert headings or name.startswith("website/content/"), f"{name} has no heading"
        for here, following in zip(headings, [*headings[1:], len(lines)], strict=False):
            deeper = following < len(lines) and lines[following].startswith(
                lines[here].split(" ")[0] + "#")
            body = [line for line in lines[here + 1:following] if line.strip()]
            assert body or deeper, f"{name}: empty section {lines[here]!r}"


def test_markdown_passes_the_linter(sweden_kit: NewKit) -> None:
    from boxkit._check import lint_command

    done = subprocess.run(lint_command(sweden_kit.dest), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_blanks_are_listed_with_their_places(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="SE")
    texts = {blank.text for blank in kit.blanks}
    assert "the chapter's contact e-mail" in texts
    assert "venue name and address" in texts
    blank = next(b for b in kit.blanks if b.text == "the chapter's contact e-mail")
    line = read(kit, blank.path).splitlines()[blank.line - 1]
    assert "[FILL IN: the chapter's contact e-mail]" in line
    assert "The chapter's contact e-mail" in read(kit, "README.md")


def test_breakfast_kit_has_the_breakfast_pack(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", scope="organisation", organisation="Ministry of Justice",
                   country="GB", event_kind="breakfast", parts=["guides", "events"])
    assert "events/breakfast/en/invitation.md" in kit.files
    assert not any(f.startswith(("events/unconference", "website/", "principles/"))
                   for f in kit.files)
    assert "08:00" in read(kit, "events/breakfast/en/invitation.md")


def test_hostile_text_is_literal_in_markdown(hostile_kit: NewKit) -> None:
    assert read(hostile_kit, "README.md").startswith(f"# {HOSTILE}: starter kit")
    assert HOSTILE in read(hostile_kit, "events/unconference/en/run-sheet.md")
    assert "49" not in read(hostile_kit, "README.md").splitlines()[0]


def test_hostile_text_is_escaped_in_html(hostile_kit: NewKit) -> None:
    poster = read(hostile_kit, "principles/en/poster.html")
    assert "<script>alert" not in poster
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;O&#39;Brien: #1&#34;" in poster


def test_hostile_text_keeps_every_data_file_valid(hostile_kit: NewKit) -> None:
    recorded = yaml.safe_load(read(hostile_kit, ".copier-answers.yml"))
    assert recorded["chapter_name"] == HOSTILE
    rooms = yaml.safe_load(read(hostile_kit, "events/unconference/rooms.yml"))
    assert rooms[0]["name"] == HOSTILE
    for name in hostile_kit.files:
        if name.endswith((".yml", ".yaml")):
            yaml.safe_load(read(hostile_kit, name))
    config = tomllib.loads(read(hostile_kit, "website/hugo.toml"))
    assert config["title"] == HOSTILE
    event_page = read(hostile_kit, "website/content/events/first-event/index.en.md")
    assert yaml.safe_load(event_page.split("---\n")[1])["event"]["venue"] == HOSTILE
    grid = list(csv.reader(io.StringIO(read(hostile_kit, "events/unconference/session-grid.csv"))))
    # A spreadsheet shows the formula-like name as text (OWASP: a leading ').
    assert grid[0][3:] == [HOSTILE, "Room | 2", "'" + FORMULA]
    assert FORMULA in read(hostile_kit, "events/unconference/en/session-grid.md")
    assert "Room \\| 2 (20)" in read(hostile_kit, "events/unconference/en/session-grid.md")


def test_hostile_text_never_becomes_a_path(hostile_kit: NewKit) -> None:
    root = hostile_kit.dest.resolve()
    for path in hostile_kit.dest.rglob("*"):
        assert path.resolve().is_relative_to(root)
    assert not any("etc" in part or "script" in part for f in hostile_kit.files
                   for part in Path(f).parts)
    assert sorted(p.name for p in hostile_kit.dest.parent.iterdir()) == ["kit"]


def test_non_empty_destination_is_refused_and_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "kit"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    with pytest.raises(DestinationError, match=r"folder is not empty.*--force"):
        make_kit(dest, country="SE")
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_force_adds_the_kit_without_replacing_files(tmp_path: Path) -> None:
    dest = tmp_path / "kit"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    resolved = resolve_answers({"country": "SE", "locales": ["en"]}, today=TODAY)
    kit = new_kit(dest, resolved.answers, force=True)
    assert (dest / "notes.txt").read_text() == "mine"
    assert (dest / "README.md").is_file()
    assert "notes.txt" not in git(dest, "ls-files")
    (dest / "README.md").write_text("my own readme")
    other = tmp_path / "other"
    other.mkdir()
    (other / "README.md").write_text("my own readme")
    with pytest.raises(DestinationError, match=r"would overwrite 1 existing file.*README\.md"):
        new_kit(other, resolved.answers, force=True)
    assert [p.name for p in other.iterdir()] == ["README.md"]
    assert kit.commit


def test_dry_run_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    resolved = resolve_answers({"country": "SE", "locales": ["en"]}, today=TODAY)
    kit = new_kit(tmp_path / "kit", resolved.answers, dry_run=True)
    assert "README.md" in kit.files and "guides/en/01-start-here.md" in kit.files
    assert kit.dry_run and kit.commit is None
    assert list(tmp_path.iterdir()) == []


def test_dry_run_with_force_refuses_the_clash_the_real_run_would(tmp_path: Path) -> None:
    dest = tmp_path / "kit"
    dest.mkdir()
    (dest / "README.md").write_text("my own readme")
    resolved = resolve_answers({"country": "SE", "locales": ["en"]}, today=TODAY)
    with pytest.raises(DestinationError, match=r"would overwrite 1 existing file"):
        new_kit(dest, resolved.answers, force=True, dry_run=True)
    assert [p.name for p in dest.iterdir()] == ["README.md"]


def test_an_existing_empty_folder_keeps_its_mode_and_links(tmp_path: Path) -> None:
    dest = tmp_path / "kit"
    dest.mkdir()
    dest.chmod(0o2750)
    inode = dest.stat().st_ino
    make_kit(dest, country="SE")
    assert dest.stat().st_ino == inode
    assert dest.stat().st_mode & 0o7777 == 0o2750
    assert (dest / "README.md").is_file() and (dest / ".git").is_dir()
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    made = make_kit(tmp_path / "link", country="SE")
    assert (tmp_path / "link").is_symlink()
    assert (real / "README.md").is_file() and made.commit
    assert git(real, "rev-parse", "HEAD").strip() == made.commit


def test_failure_mid_render_leaves_nothing(tmp_path: Path) -> None:
    template = tmp_path / "broken"
    (template / "docs").mkdir(parents=True)
    (template / "copier.yml").write_text("chapter_name: {type: str}\n")
    (template / "aaa.md.jinja").write_text("# {{ chapter_name }}\n")
    (template / "docs" / "zzz.md.jinja").write_text("{{ chapter_name.nope.deeper }}\n")
    out = tmp_path / "out"
    out.mkdir()
    resolved = resolve_answers({"country": "SE", "locales": ["en"]}, today=TODAY)
    with pytest.raises(TemplateError, match="could not render"):
        new_kit(out / "kit", resolved.answers, template=str(template))
    assert list(out.iterdir()) == []


def test_commit_works_without_any_git_identity(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    kit = make_kit(tmp_path / "kit", country="SE")
    assert kit.commit
    assert git(kit.dest, "log", "-1", "--format=%an <%ae>").strip() == "boxkit <boxkit@localhost>"


def test_renders_offline_from_local_files_only(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # git may only use the local file protocol: any network fetch would fail.
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    kit = make_kit(tmp_path / "kit", country="SE")
    assert Path(kit.template).expanduser().is_file()  # a local bundle, nothing remote
    assert (kit.dest / "README.md").is_file()


ANSWER_BLANKS = {"the chapter's contact e-mail": "contact_email",
                 "venue name and address": "event_venue", "city": "event_city"}


@pytest.mark.parametrize("kind", ["unconference", "breakfast"])
def test_readme_lists_every_file_with_blanks(tmp_path: Path, kind: str) -> None:
    kit = make_kit(tmp_path / "kit", country="SE", event_kind=kind)
    readme = read(kit, "README.md")
    section = readme[readme.index("## Still to fill in"):readme.index("## Keeping the kit")]
    assert kit.blanks
    for blank in kit.blanks:
        if blank.text in ANSWER_BLANKS:
            assert f"`{ANSWER_BLANKS[blank.text]}`" in section, blank
        else:
            assert Path(blank.path).name in section, blank


GUIDES = ["01-start-here", "02-principles-in-practice", "03-breakfasts-and-lean-coffee",
          "04-running-an-unconference", "05-inclusion-and-accessibility",
          "06-working-in-the-open", "07-sponsors-and-funding",
          "08-stakeholders-and-senior-support", "09-keeping-it-going"]


@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_has_purpose_steps_checklist_and_what_good_looks_like(
        sweden_kit: NewKit, guide: str) -> None:
    text = read(sweden_kit, f"guides/en/{guide}.md")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert "## What this guide is for" in headings
    assert "## What good looks like" in headings
    assert any("checklist" in h.lower() for h in headings)
    assert text.count("- [ ]") >= 5
    steps = sum(1 for line in text.splitlines() if re.match(r"(#+ Step \d|\d+\. )", line))
    assert steps >= 3
    assert len(text.split()) >= 700


UNCONFERENCE_PACK = ["run-sheet", "session-grid", "pitch-card", "scoring-25-10",
                     "session-host-guide", "notes-template", "volunteer-briefing",
                     "code-of-conduct", "emails", "feedback-form", "sponsor-pack",
                     "sponsor-letter"]


def test_unconference_pack_is_complete_and_carries_the_answers(sweden_kit: NewKit) -> None:
    for name in UNCONFERENCE_PACK:
        assert f"events/unconference/en/{name}.md" in sweden_kit.files, name
    for name in ("budget.csv", "session-grid.csv", "rooms.yml", "invitation.ics"):
        assert f"events/unconference/{name}" in sweden_kit.files, name
    emails = read(sweden_kit, "events/unconference/en/emails.md")
    for text in ("Tuesday, 9 March 2027", "Kulturhuset", "Stockholm", "One Team Gov Sverige"):
        assert text in emails
    for heading in ("Announcement", "Reminder", "Thank"):
        assert heading.lower() in emails.lower()
    assert "hej@example.se" in read(sweden_kit, "events/unconference/en/volunteer-briefing.md")
    assert "SEK" in read(sweden_kit, "events/unconference/en/sponsor-pack.md")
    scoring = read(sweden_kit, "events/unconference/en/scoring-25-10.md")
    assert "**five rounds**" in scoring and "**maximum of 25**" in scoring
    assert "counts down from 25" in scoring


def test_breakfast_pack_carries_the_answers(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="GB", event_kind="breakfast",
                   event_date="2027-01-13", event_start="08:15", event_venue="HM Treasury",
                   event_city="London", event_repeat_weeks=1)
    for name in ("invitation", "lean-coffee-sheet", "host-checklist"):
        assert f"events/breakfast/en/{name}.md" in kit.files
    invitation = read(kit, "events/breakfast/en/invitation.md")
    assert "Wednesday, 13 January 2027 at 08:15" in invitation
    assert "then every Wednesday" in invitation
    assert "HM Treasury" in invitation
    assert "events/breakfast/invitation.ics" in kit.files
