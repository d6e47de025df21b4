"""Reading a YAML file together with the line of every value, so errors can name file:line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit.errors import BoxkitError


@dataclass(frozen=True)
class YamlFile:
    """A file's data and the node tree it was built from (nodes know their lines)."""

    path: Path
    data: Any
    node: yaml.Node | None

    def where(self, node: yaml.Node | None = None) -> str:
        """``file:line`` of ``node``, or of the file's first line."""
        return f"{self.path}:{node.start_mark.line + 1 if node is not None else 1}"


def read_yaml(path: Path, *, error: type[BoxkitError], what: str) -> YamlFile:
    """Parse ``path`` once, into data and nodes. A file that cannot be read or parsed
    raises ``error`` naming the file (and the line, when YAML knows it) and ``what`` it is."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as problem:
        raise error(f"{path}: cannot read the {what} ({problem.strerror})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: the {what} is not UTF-8 text; save it as UTF-8") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        reason = getattr(problem, "problem", None) or str(problem)
        raise error(f"{path}{line}: not valid YAML ({reason})") from None
    finally:
        loader.dispose()
    return YamlFile(path, data, node)
