"""``python -m boxkit``: the same as the ``boxkit`` command."""

from boxkit.cli import main

main()
