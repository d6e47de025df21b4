"""Drop the licence file of a project that is not open source."""
from pathlib import Path

if "{{ cookiecutter.open_source_license }}" == "Not open source":
    Path("LICENSE").unlink()
