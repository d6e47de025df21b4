"""``python -m boxkit``: the same as the ``boxkit`` command."""

from boxkit._entry import main

main()
