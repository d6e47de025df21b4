"""Errors as data: a message id and values, English by ``str()``, translated where shown."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import boxkit.errors
from boxkit import _catalogs, _i18n
from boxkit.cli import app
from boxkit.errors import AnswersError, BoxkitError, TemplateError, UnreadableCatalog

SRC = Path(boxkit.errors.__file__).parent
ROOT = SRC.parent.parent
FRENCH = {
    "%(key)s: %(error)s": "%(key)s : %(error)s",
    "%(text)r is not an e-mail address": "%(text)r n'est pas une adresse e-mail",
    "%(path)s: cannot read catalog (%(reason)s)": "%(path)s : catalogue illisible (%(reason)s)",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def test_str_is_the_english_message_with_its_values() -> None:
    error = AnswersError(_i18n.N_("%(text)r is not an e-mail address"), text="bad")
    assert str(error) == "'bad' is not an e-mail address"
    assert error.message_id == "%(text)r is not an e-mail address"
    assert error.values == {"text": "bad"}


def test_a_message_without_values_is_not_formatted() -> None:
    assert str(BoxkitError("100% of the rooms are full")) == "100% of the rooms are full"
    assert BoxkitError("100% full").translated(french) == "100% full"


def test_translated_fills_the_translation_with_the_same_values() -> None:
    error = AnswersError(_i18n.N_("%(text)r is not an e-mail address"), text="bad")
    assert error.translated(french) == "'bad' n'est pas une adresse e-mail"


def test_a_wrapped_error_is_translated_with_the_one_that_wraps_it() -> None:
    inner = AnswersError(_i18n.N_("%(text)r is not an e-mail address"), text="bad")
    outer = AnswersError(_i18n.N_("%(key)s: %(error)s"), key="contact_email", error=inner)
    assert str(outer) == "contact_email: 'bad' is not an e-mail address"
    assert outer.translated(french) == "contact_email : 'bad' n'est pas une adresse e-mail"
    untranslated = AnswersError(_i18n.N_("%(where)s: %(error)s"), where="a.yml:3", error=outer)
    assert untranslated.translated(french) == \
        "a.yml:3: contact_email : 'bad' n'est pas une adresse e-mail"


def test_a_translation_whose_fields_do_not_fit_falls_back_to_english() -> None:
    error = AnswersError(_i18n.N_("%(text)r is not an e-mail address"), text="bad")
    assert error.translated(lambda m: "%(texte)s n'est pas une adresse") == str(error)
    assert error.translated(lambda m: "%(text)d n'est pas une adresse") == str(error)


def test_a_subclass_with_its_own_fields_is_data_too() -> None:
    error = UnreadableCatalog(Path("fr.po"), "bad quoting", 3)
    assert str(error) == "fr.po:3: cannot read catalog (bad quoting)"
    assert error.translated(french) == "fr.po:3: cannot read catalog (bad quoting)"
    error = UnreadableCatalog(Path("fr.po"), "empty")
    assert error.translated(french) == "fr.po : catalogue illisible (empty)"
    assert (error.path, error.reason, error.line) == (Path("fr.po"), "empty", None)


def test_an_error_survives_pickle_with_its_id_and_values() -> None:
    import pickle

    inner = UnreadableCatalog(Path("fr.po"), "empty", 2)
    outer = TemplateError(_i18n.N_("%(src)s: %(error)s"), src="tpl", error=inner)
    copy = pickle.loads(pickle.dumps(outer))
    assert type(copy) is TemplateError
    assert (str(copy), copy.message_id) == (str(outer), outer.message_id)
    assert copy.values["error"].line == 2


# --- the CLI shows the user's language -------------------------------------------------


@pytest.fixture
def french_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogs whose French CLI catalog translates two converted ids, so
    that the test does not depend on how far the shipped French has got."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "locales", root / "locales")
    po = root / "locales" / "fr" / "boxkit.po"
    catalog = _catalogs.read(po)
    for english, translation in (
            ("%(key)s: %(error)s", "%(key)s : %(error)s"),
            ("%(text)r is not an e-mail address", "%(text)r n'est pas une adresse e-mail"),
            ("boxkit: error: %(message)s", "boxkit : erreur : %(message)s")):
        if english not in catalog:
            catalog.add(english)
        catalog[english].string = translation  # add() would keep a string already there
        catalog[english].flags.discard("fuzzy")
    _catalogs.write(catalog, po)
    monkeypatch.setenv("BOXKIT_ROOT", str(root))
    monkeypatch.setenv("LANGUAGE", "fr")
    _clear_caches()
    yield root
    _clear_caches()


def _clear_caches() -> None:
    from boxkit import _resources

    _i18n._read_catalog.cache_clear()
    _i18n.forget_shipped_locales()
    for name in dir(_resources):
        cached = getattr(getattr(_resources, name), "cache_clear", None)
        if cached is not None:
            cached()


def test_the_cli_shows_an_error_in_the_users_language(french_catalogs: Path,
                                                       tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--no-input",
                                      "-d", "country=SE", "-d", "contact_email=bad"])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == \
        "boxkit : erreur : contact_email : 'bad' n'est pas une adresse e-mail"


# --- no English f-string messages come back --------------------------------------------


def _error_classes() -> set[str]:
    return {name for name, value in vars(boxkit.errors).items()
            if isinstance(value, type) and issubclass(value, BoxkitError)}


MESSAGE_ARGUMENT = {"RoomProblem": 1}
"""Where the message id is among the positional arguments when it is not the first."""
BUILT_INSIDE = {"UnreadableCatalog"}
"""Classes whose own __init__ picks the id (their arguments are values)."""


def _is_marked(node: ast.expr) -> bool:
    """``N_("literal")``, or the id of another error (re-raised under another class)."""
    if isinstance(node, ast.Attribute) and node.attr == "message_id":
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "N_" and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def _constructions() -> list[tuple[str, ast.Call]]:
    """Every call that makes a boxkit error: by class name, ``type(error)(…)``, or the
    ``error`` class a function was given."""
    classes = _error_classes()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else None
            typed = (isinstance(func, ast.Call) and isinstance(func.func, ast.Name)
                     and func.func.id == "type" and isinstance(func.args[0], ast.Name)
                     and "error" in func.args[0].id)
            if name in classes or name == "error" or typed:
                found.append((f"{path.relative_to(SRC)}:{node.lineno} {name or 'type()'}", node))
    return found


def test_every_error_message_is_a_marked_id_not_an_fstring() -> None:
    constructions = _constructions()
    assert len(constructions) > 100  # the scan finds them
    wrong = []
    for where, call in constructions:
        name = where.rsplit(" ", 1)[1]
        if name in BUILT_INSIDE:
            continue
        index = MESSAGE_ARGUMENT.get(name, 0)
        if len(call.args) <= index or not _is_marked(call.args[index]):
            wrong.append(where)
    assert wrong == [], "write raise X(N_('… %(name)s …'), name=value), not an f-string"


def test_every_message_id_names_exactly_the_values_it_is_given() -> None:
    wrong = []
    for where, call in _constructions():
        name = where.rsplit(" ", 1)[1]
        index = MESSAGE_ARGUMENT.get(name, 0)
        if name in BUILT_INSIDE or len(call.args) <= index:
            continue
        marked = call.args[index]
        if not isinstance(marked, ast.Call) or any(k.arg is None for k in call.keywords):
            continue
        text = marked.args[0].value  # type: ignore[attr-defined]
        fields = set(re.findall(r"%\((\w+)\)", text))
        given = {k.arg for k in call.keywords}
        if fields != given:
            wrong.append(f"{where}: {sorted(fields)} vs {sorted(given)}")
        elif given and re.search(r"%(?!\()", text.replace("%%", "")):
            wrong.append(f"{where}: a literal % is written %% in a message with values")
        elif not given and "%%" in text:
            wrong.append(f"{where}: a message without values is shown as it is: write %")
    assert wrong == []
