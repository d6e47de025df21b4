"""Where answers come from: an answers file (with the line of every key), ``-d KEY=VALUE``
items and command-line options, merged in that order. :mod:`boxkit._answers` validates
what is gathered here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._answers import KEYS
from boxkit._yaml import load_core, read_yaml
from boxkit.errors import N_, AnswersError


def load_answers_file(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Read an answers YAML file; return the mapping and each key's ``file:line``.

    Errors name the file and line: a YAML syntax error, a top level that is not a
    mapping, a duplicated key.
    """
    loaded = read_yaml(path, error=AnswersError, what="answers file")
    data, node = loaded.data, loaded.node
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise AnswersError(N_("%(where)s: the answers file must be a mapping of key: value"),
                           where=loaded.where())
    locations: dict[str, str] = {}
    for key_node, _value in node.value:
        key = str(key_node.value)
        if key in locations:
            raise AnswersError(N_("%(where)s: %(key)s is given twice"),
                               where=loaded.where(key_node), key=key)
        locations[key] = loaded.where(key_node)
    return {str(k): v for k, v in data.items()}, locations


def parse_data(items: Sequence[str]) -> dict[str, Any]:
    """``-d KEY=VALUE`` items as answers; each value is read as YAML 1.2 (so ``[en, fr]``
    is a list and ``NO`` stays text), or kept as typed when it is not valid YAML."""
    data: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnswersError(N_("--data %(item)r: write KEY=VALUE, e.g. --data event_city=Oslo"),
                               item=item)
        try:
            data[key.strip()] = load_core(value) if value.strip() else ""
        except yaml.YAMLError:
            data[key.strip()] = value
    return data


@dataclass(frozen=True)
class Collected:
    """Answers gathered from an answers file, ``-d`` values and options, later ones winning."""

    chapter: dict[str, Any]
    """The chapter's answers (:data:`KEYS`)."""
    extra: dict[str, Any]
    """Everything else: answers to an outside template's own questions."""
    locations: dict[str, str]
    """``file:line`` of each answer that came from the answers file."""


def collect(*, answers_file: Path | None = None, data: Sequence[str] = (),
            options: Mapping[str, Any] | None = None) -> Collected:
    """Merge the ways a user gives answers: the file first, then ``-d KEY=VALUE``, then
    options (``None`` means not given)."""
    given: dict[str, Any] = {}
    locations: dict[str, str] = {}
    if answers_file is not None:
        given, locations = load_answers_file(answers_file)
    for key, value in parse_data(data).items():
        given[key] = value
        locations.pop(key, None)
    for key, value in (options or {}).items():
        if value is not None:
            given[key] = value
            locations.pop(key, None)
    return Collected({k: v for k, v in given.items() if k in KEYS},
                     {k: v for k, v in given.items() if k not in KEYS}, locations)
