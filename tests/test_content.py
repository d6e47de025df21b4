"""Content a chapter can trust: every claim about the movement has a source, numbers that
several documents state agree with practice.yml, the kit links to the movement, every kit
with events carries the breakfast pack and the documents the guides call for, and an
organisation chapter gets its own advice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from boxkit import NewKit
from conftest import make_kit

ROOT = Path(__file__).parents[1]
KIT = ROOT / "templates" / "kit"
FACTS = yaml.safe_load((KIT / "facts.yml").read_text(encoding="utf-8"))
PRACTICE = yaml.safe_load((KIT / "practice.yml").read_text(encoding="utf-8"))
MOVEMENT = yaml.safe_load((KIT / "movement.yml").read_text(encoding="utf-8"))
SOURCE_LINK = re.compile(r"\(\[source\]\(https://[^)]+\)")
LAWS = [law["name"] for law in yaml.safe_load(
    (KIT / "privacy.yml").read_text(encoding="utf-8"))["laws"].values()]
UNSOURCED_MARKERS = ("[citation needed]", "[source?]", "[unsourced]", "[UNVERIFIED]")


def english_sources() -> list[Path]:
    return [p for p in (KIT / "template").rglob("*.jinja")
            if "{% if 'en' in locales %}" in p.as_posix() or "locales[0] == 'en'" in p.as_posix()]


def texts(kit: NewKit) -> dict[str, str]:
    """Every Markdown document of an English kit, by path."""
    return {p.relative_to(kit.dest).as_posix(): p.read_text(encoding="utf-8")
            for p in kit.dest.rglob("*.md") if ".git" not in p.parts}


def lines(kit: NewKit) -> list[tuple[str, str]]:
    return [(path, line) for path, text in texts(kit).items() for line in text.splitlines()]


@pytest.fixture(scope="module")
def uk_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("gb") / "kit", country="GB",
                    contact_email="hello@example.org.uk")


@pytest.fixture(scope="module")
def department_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("dwp") / "kit", scope="organisation",
                    organisation="Department for Work and Pensions", country="GB")


@pytest.fixture(scope="module")
def egypt_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("eg") / "kit", country="EG")


# --- claims about the movement have sources --------------------------------------------


def test_every_fact_has_a_claim_and_sources_a_reader_can_open() -> None:
    assert len(FACTS) >= 10
    for key, fact in FACTS.items():
        assert len(fact["claim"].split()) >= 8, key
        assert fact["sources"] and all(s.startswith("https://") for s in fact["sources"]), key


def test_every_citation_names_a_fact_and_most_facts_are_cited() -> None:
    cited: set[str] = set()
    for path in english_sources():
        text = path.read_text(encoding="utf-8")
        keys = re.findall(r"cite\('(\w+)'", text)
        for key in keys:
            assert key in FACTS, f"{path.name} cites {key!r}, which facts.yml does not have"
        if keys:
            assert "import cite with context" in text, path.name
        cited.update(keys)
    assert len(cited) >= len(FACTS) - 2, sorted(set(FACTS) - cited)


def test_no_document_carries_a_marker_of_an_unsourced_claim(uk_kit: NewKit) -> None:
    for path, text in texts(uk_kit).items():
        for marker in UNSOURCED_MARKERS:
            assert marker.lower() not in text.lower(), (path, marker)


@pytest.mark.parametrize("story", [
    "rubber chicken", "105", "7 %", "three years", "climate, leadership and wellbeing",
    "700", "43 countries", "186",
])
def test_the_movements_known_stories_are_always_cited(uk_kit: NewKit, story: str) -> None:
    found = [(path, line) for path, line in lines(uk_kit) if story in line]
    assert found, story  # the kit tells each of these, so each must carry its source
    for path, line in found:
        assert SOURCE_LINK.search(line), f"{path}: {line}"


def test_a_past_year_is_never_stated_without_a_source(uk_kit: NewKit,
                                                      department_kit: NewKit) -> None:
    for kit in (uk_kit, department_kit):
        for path, line in lines(kit):
            prose = re.sub(r"\]\([^)]*\)|https?://\S+", "", line)
            for law in LAWS:  # a law's name may carry its year
                prose = prose.replace(law, "")
            prose = re.sub(r"\|\s*[\d ,.]+\s*(?=\|)", "|", prose)  # amounts in a table
            if re.search(r"\b20(0\d|1\d|2[0-5])\b", prose):
                assert SOURCE_LINK.search(line), f"{path}: {line}"


# --- numbers that several documents state agree ----------------------------------------


def test_reminders_are_sent_when_practice_yml_says(uk_kit: NewKit) -> None:
    days = set(PRACTICE["reminders"]["days_before"])
    stated = set()
    for path, line in lines(uk_kit):
        if "remind" not in line.lower():
            continue
        assert not re.search(r"\b(a|one) week before|week and a day", line), (path, line)
        stated |= {int(n) for n in re.findall(r"\b(\d+) days before", line)}
    assert stated and stated <= days | {PRACTICE["dietary_deadline_days"]}, stated
    for guide in ("guides/en/04-running-an-unconference.md",
                  "guides/en/07-sponsors-and-funding.md",
                  "events/unconference/en/emails.md"):
        said = {int(n) for line in texts(uk_kit)[guide].splitlines() if "remind" in line.lower()
                for n in re.findall(r"\b(\d+) days", line)}
        assert days <= said, (guide, said)


def test_the_feedback_survey_is_as_short_as_the_guide_says(uk_kit: NewKit) -> None:
    form = texts(uk_kit)["events/unconference/en/feedback-form.md"]
    questions = re.findall(r"^\*\*Q(\d+)\.\*\*", form, flags=re.M)
    assert 5 <= len(questions) <= PRACTICE["survey"]["max_questions"]
    limit = f"{PRACTICE['survey']['max_questions']} questions"
    assert limit in form
    assert limit in texts(uk_kit)["guides/en/04-running-an-unconference.md"]
    assert not re.search(r"\b(six|20|twenty) questions", "\n".join(texts(uk_kit).values()))


def test_sponsor_tiers_have_one_set_of_names(uk_kit: NewKit) -> None:
    names = ["Supporter", "Friend", "Partner", "Lead partner"]
    for doc in ("guides/en/07-sponsors-and-funding.md", "events/unconference/en/sponsor-pack.md"):
        text = texts(uk_kit)[doc]
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        for name in names:
            assert any(row.startswith(f"| {name} |") for row in rows), (doc, name)
    assert "Contributor" not in "\n".join(texts(uk_kit).values())


def test_volunteer_times_agree_across_run_sheet_briefing_and_guide(uk_kit: NewKit) -> None:
    # A 09:30 start: doors 30 minutes before, volunteers 60 minutes before the doors,
    # their briefing 45 minutes before the doors.
    docs = texts(uk_kit)
    sheet = docs["events/unconference/en/run-sheet.md"]
    assert "| 08:00 | Organisers and volunteers arrive" in sheet
    assert "| 08:15 | Volunteer briefing" in sheet
    assert "| 09:00 | Doors open" in sheet
    briefing = docs["events/unconference/en/volunteer-briefing.md"]
    assert "08:00" in briefing and "09:00" in briefing
    guide = docs["guides/en/04-running-an-unconference.md"]
    assert "Volunteers arrive 60 minutes before the doors open" in guide
    assert "45 minutes before the doors open" in guide
    everything = "\n".join(docs.values())
    assert "60 minutes before the day starts" not in everything


def test_every_row_of_the_run_sheet_is_labelled(uk_kit: NewKit) -> None:
    sheet = texts(uk_kit)["events/unconference/en/run-sheet.md"]
    rows = [line for line in sheet.splitlines() if re.match(r"\| \d\d:\d\d \|", line)]
    assert len(rows) >= 15
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 3 and all(cells), row
    assert "| 16:00 | Everyone moves back to the main room" in sheet
    assert "| 16:15 | Closing circle" in sheet


def test_the_closing_asks_for_one_action(uk_kit: NewKit) -> None:
    everything = "\n".join(texts(uk_kit).values())
    assert PRACTICE["closing_actions"] == 1
    assert not re.search(r"\b(three|3|two|2) actions\b", everything)
    assert re.search(r"\b(1|one) action they will take",
                     texts(uk_kit)["events/unconference/en/run-sheet.md"])


def test_the_90_day_plan_has_one_timetable(uk_kit: NewKit) -> None:
    readme = texts(uk_kit)["README.md"]
    guide = texts(uk_kit)["guides/en/01-start-here.md"]
    for phase in PRACTICE["plan"]:
        start, end = phase["weeks"]
        assert f"### Weeks {start}–{end}:" in readme and f"### Weeks {start}–{end}:" in guide
    week = PRACTICE["first_event_week"]
    assert week - PRACTICE["tickets"]["announce_weeks"] <= PRACTICE["plan"][0]["weeks"][1]
    assert f"### Week {week}:" in readme and f"### Week {week}:" in guide
    principles = next(p["weeks"] for p in PRACTICE["plan"] if p["key"] == "principles")
    for text in (readme, guide):
        section = text[text.index(f"### Weeks {principles[0]}–{principles[1]}:"):]
        section = section[:section.index("\n### ", 5)]
        assert "principles workshop" in section
    assert not re.search(r"[Ww]eeks? 5 (and|to|–) 6", guide)


def test_one_rule_for_the_breakfast_rota(uk_kit: NewKit) -> None:
    hosts = PRACTICE["breakfast"]["rota_hosts"]
    for path, line in lines(uk_kit):
        if "rota" in line.lower():
            numbers = {int(n) for n in re.findall(r"\b(\d+) (?:hosts|people|lead)", line)}
            assert numbers <= {hosts}, (path, line)
            assert not re.search(rf"three or four|at most one in (?!{hosts})", line), line
    assert f"more than one breakfast in {hosts}" in texts(uk_kit)[
        "guides/en/03-breakfasts-and-lean-coffee.md"]


def test_insurance_is_budgeted_where_the_guides_say(uk_kit: NewKit) -> None:
    budget = (uk_kit.dest / "events/unconference/budget.csv").read_text(encoding="utf-8")
    assert "insurance" in budget.lower()
    assert "insurance" in texts(uk_kit)["guides/en/07-sponsors-and-funding.md"].lower()


def test_the_websites_code_of_conduct_promises_no_refund(uk_kit: NewKit) -> None:
    conduct = (uk_kit.dest / "website/content/code-of-conduct.en.md").read_text()
    assert "refund" not in conduct.lower()


def test_25_10_cards_are_scored_anonymously_and_then_claimed(uk_kit: NewKit) -> None:
    scoring = texts(uk_kit)["events/unconference/en/scoring-25-10.md"]
    assert "nobody knows whose card is whose" in scoring
    assert "makes themselves known" in scoring


# --- connected to the movement ---------------------------------------------------------


def test_the_movement_and_its_spaces_are_one_step_away(uk_kit: NewKit) -> None:
    guide = texts(uk_kit)["guides/en/01-start-here.md"]
    for link in MOVEMENT["links"]:
        assert f"]({link['url']})" in guide, link["key"]
    assert "boxkit chapters list" in guide and "boxkit chapters list" in texts(uk_kit)["README.md"]


# --- the documents the guides call for --------------------------------------------------

SHARED = ["privacy-notice", "accessibility-statement", "incident-report-form",
          "incident-response", "asking-for-support", "volunteer-callout"]
BREAKFAST = ["invitation", "lean-coffee-sheet", "host-checklist", "rota"]


@pytest.mark.parametrize("kind", ["unconference", "breakfast", "none"])
def test_every_kit_with_events_has_the_breakfast_pack_and_the_shared_documents(
        tmp_path: Path, kind: str) -> None:
    kit = make_kit(tmp_path / "kit", country="SE", event_kind=kind)
    for name in BREAKFAST:
        assert f"events/breakfast/en/{name}.md" in kit.files, name
    for name in SHARED:
        assert f"events/shared/en/{name}.md" in kit.files, name
    assert ("events/unconference/en/run-sheet.md" in kit.files) == (kind == "unconference")
    invitation = (kit.dest / "events/breakfast/en/invitation.md").read_text()
    assert (kit.answers.event_date.strftime("%-d %B %Y") in invitation) == (kind == "breakfast")


def test_no_events_part_no_event_documents(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="SE", parts=["guides", "principles"])
    assert not any(name.startswith("events/") for name in kit.files)


def test_the_privacy_notice_names_the_countrys_law(uk_kit: NewKit, egypt_kit: NewKit,
                                                   tmp_path: Path) -> None:
    uk = texts(uk_kit)["events/shared/en/privacy-notice.md"]
    assert "UK General Data Protection Regulation and the Data Protection Act 2018" in uk
    egypt = texts(egypt_kit)["events/shared/en/privacy-notice.md"]
    assert "Personal Data Protection Law No. 151 of 2020" in egypt and "GDPR" not in egypt
    sweden = make_kit(tmp_path / "se", country="SE", parts=["events"])
    assert "General Data Protection Regulation (EU) 2016/679" in (
        sweden.dest / "events/shared/en/privacy-notice.md").read_text()
    bolivia = make_kit(tmp_path / "bo", country="BO", parts=["events"])
    assert "[FILL IN: the data-protection law" in (
        bolivia.dest / "events/shared/en/privacy-notice.md").read_text()


def test_ticket_and_waiting_list_emails_exist(uk_kit: NewKit) -> None:
    emails = texts(uk_kit)["events/unconference/en/emails.md"].lower()
    assert "waiting list" in emails and "tickets are" in emails
    assert f"{PRACTICE['waiting_list_confirm_working_days']} working days to confirm" in emails


def test_the_incident_playbook_follows_the_code_of_conduct(uk_kit: NewKit) -> None:
    playbook = texts(uk_kit)["events/shared/en/incident-response.md"]
    replies = PRACTICE["incidents"]["reply_working_days"]
    assert f"Within {replies} working days" in playbook
    assert "incident-report-form.md" in playbook


# --- an organisation chapter gets its own content ---------------------------------------


def test_an_organisation_kit_has_its_own_advice(uk_kit: NewKit, department_kit: NewKit) -> None:
    org = "\n".join(texts(department_kit).values())
    country = "\n".join(texts(uk_kit).values())
    for phrase in ("staff network", "line manager", "intranet", "learning and development",
                   "terms of reference"):
        assert org.lower().count(phrase) > country.lower().count(phrase), phrase
    assert "inside the Department for Work and Pensions" in texts(department_kit)["README.md"]
    assert "in the United Kingdom" in texts(uk_kit)["README.md"]
    assert not re.search(r"intranet[^.]*breaks", org)
    assert "events/unconference/en/sponsor-pack.md" not in department_kit.files
    assert "events/unconference/en/sponsor-pack.md" in uk_kit.files
    guide = texts(department_kit)["guides/en/07-sponsors-and-funding.md"]
    assert "| Supporter |" not in guide and "free tickets" not in guide.lower()
    assert "| Supporter |" in texts(uk_kit)["guides/en/07-sponsors-and-funding.md"]
