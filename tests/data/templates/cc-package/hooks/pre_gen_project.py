"""Refuse a package name that Python cannot import (as popular package templates do)."""
import sys

if not "{{ cookiecutter.project_slug }}".isidentifier():
    print("ERROR: {{ cookiecutter.project_slug }} is not a valid Python package name")
    sys.exit(1)
