"""The ``boxkit`` command's entry point.

``boxkit site build KIT [--strict]``, which a publishing workflow or a person editing the
website runs again and again, goes straight to :func:`boxkit._site.build_site`; building
the Typer app and its option adapters would cost more than the build itself. Every other
command line (and ``--help`` anywhere) goes through :mod:`boxkit.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    if (len(args) in (3, 4) and args[:2] == ["site", "build"]
            and not args[2].startswith("-") and args[3:] in ([], ["--strict"])):
        from boxkit._site_command import site_build

        sys.exit(site_build(Path(args[2]), strict=len(args) == 4))
    from boxkit.cli import main as cli

    cli()
