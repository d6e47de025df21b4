"""The code's shape, checked: no import cycles (imports inside functions included), one
place for every exception class, and a public API that is listed and documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import boxkit

SRC = Path(boxkit.__file__).parent
ROOT = Path(__file__).parents[1]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Every boxkit module and the boxkit modules it imports anywhere in its code, at the
    top or inside a function. Imports under ``if TYPE_CHECKING:`` are left out: they are
    never executed. ``from boxkit import x`` counts as importing ``boxkit.x``."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test)
                       for node in ast.walk(block)}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                subs = [f"{base}.{alias.name}" for alias in node.names]
                targets = [s for s in subs if s in modules] or [base]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_anywhere_in_the_code() -> None:
    graph = import_graph()
    assert graph.get("boxkit._update")  # the graph is real
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_every_exception_class_lives_in_errors() -> None:
    outside = []
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    re.search(r"(Error|Exception|Interrupt|Warning)$", ast.unparse(base))
                    for base in node.bases):
                outside.append(f"{path.relative_to(SRC)}: {node.name}")
    assert outside == []


def test_the_api_page_lists_exactly_the_public_names() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Za-z_]+)` \|", page, flags=re.MULTILINE))
    assert documented == set(boxkit.__all__)
    assert len(boxkit.__all__) == len(set(boxkit.__all__))
    for name in boxkit.__all__:
        assert getattr(boxkit, name) is not None, name


def test_only_the_api_the_errors_and_the_command_line_are_public_modules() -> None:
    public = sorted(p.relative_to(SRC).as_posix() for p in SRC.glob("*.py")
                    if not p.name.startswith("_"))
    assert public == ["errors.py"]
    assert (SRC / "cli" / "__init__.py").is_file()


def test_importing_boxkit_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = ("import sys, boxkit\n"
            "print(sorted(m for m in ('copier', 'babel', 'holidays', 'jinja2') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
