"""Reading a YAML file together with the line of every value, so errors can name file:line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from boxkit._i18n import N_
from boxkit.errors import BoxkitError


class CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's core schema for plain scalars.

    PyYAML follows YAML 1.1, in which ``NO`` (Norway) and ``No`` (a city) are booleans,
    ``10:30`` is the number 630 and ``2027-02-31`` a date that crashes the parser. Here
    only ``true``/``false`` are booleans, only plain decimal (or ``0x``/``0o``) digits are
    integers, and dates and times stay text for the code that knows what they mean.
    """


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    CoreLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _core_int(loader: CoreLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)  # "0100" is a hundred, not YAML 1.1's octal 64


CoreLoader.add_constructor("tag:yaml.org,2002:int", _core_int)


def load_core(text: str) -> Any:
    """Parse one YAML value with the core schema (for ``-d KEY=VALUE``)."""
    return yaml.load(text, Loader=CoreLoader)


@dataclass(frozen=True)
class YamlFile:
    """A file's data and the node tree it was built from (nodes know their lines)."""

    path: Path
    data: Any
    node: yaml.Node | None

    def where(self, node: yaml.Node | None = None) -> str:
        """``file:line`` of ``node``, or of the file's first line."""
        return f"{self.path}:{node.start_mark.line + 1 if node is not None else 1}"


def read_yaml(path: Path, *, error: type[BoxkitError],
              what: Literal["answers file", "rooms file"]) -> YamlFile:
    """Parse ``path`` once, into data and nodes. A file that cannot be read or parsed
    raises ``error`` naming the file (and the line, when YAML knows it) and ``what`` it is
    (one whole sentence for each, for the translators)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as problem:
        if what == "answers file":
            raise error(N_("%(path)s: cannot read the answers file (%(reason)s)"),
                        path=path, reason=problem.strerror) from None
        raise error(N_("%(path)s: cannot read the rooms file (%(reason)s)"),
                    path=path, reason=problem.strerror) from None
    except UnicodeDecodeError:
        if what == "answers file":
            raise error(N_("%(path)s: the answers file is not UTF-8 text; save it as UTF-8"),
                        path=path) from None
        raise error(N_("%(path)s: the rooms file is not UTF-8 text; save it as UTF-8"),
                    path=path) from None
    loader = None
    try:
        loader = CoreLoader(text)  # refuses control characters already
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        reason = getattr(problem, "problem", None) or str(problem).splitlines()[0]
        if mark:
            raise error(N_("%(path)s:%(line)s: not valid YAML (%(reason)s)"),
                        path=path, line=mark.line + 1, reason=reason) from None
        raise error(N_("%(path)s: not valid YAML (%(reason)s)"), path=path,
                    reason=reason) from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlFile(path, data, node)
