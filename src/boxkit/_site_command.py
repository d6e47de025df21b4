"""What ``boxkit site build`` prints and returns, without Typer: the entry point
(:mod:`boxkit._entry`) calls it directly, and :mod:`boxkit.cli.site` for the same command
with ``--debug``."""

from __future__ import annotations

import sys
from pathlib import Path


def site_build(kit: Path, *, strict: bool = False, debug: bool = False) -> int:
    """Build the kit's website, print what ``boxkit site build`` prints, and return its
    exit code (one line on stderr and the error's code for a user error)."""
    from boxkit._i18n import _
    from boxkit._site import build_site
    from boxkit.errors import BoxkitError

    try:
        result = build_site(kit)
    except BoxkitError as error:
        if debug:
            raise
        print(_("boxkit: error: %(message)s") % {"message": error.translated(_)},
              file=sys.stderr)
        return error.exit_code
    print(_("Built %(count)d pages into %(path)s") % {"count": len(result.pages),
                                                     "path": result.output})
    if result.blanks:
        print(_("%(count)d blank(s) left in the website, which would be published as they "
                "are; fill them in (those from an answer with boxkit update -d KEY=VALUE):")
              % {"count": len(result.blanks)}, file=sys.stderr)
        for blank in result.blanks:
            print(f"  {blank.path}:{blank.line}: [FILL IN: {blank.text}]", file=sys.stderr)
    return 1 if strict and result.blanks else 0
