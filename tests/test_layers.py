"""The packages depend one way: infkb <- sources <- claims (the import-linter contract in pyproject.toml)."""

import tomllib
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_no_layer_imports_one_above_it():
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_every_package_of_the_project_has_its_layer():
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    layered = {layer for contract in config["contracts"] for layer in contract.get("layers", [])}
    own_apps = {app for app in settings.INSTALLED_APPS if (PYPROJECT.parent / app).is_dir()}

    assert own_apps | {"infkb"} <= layered
    assert set(config["root_packages"]) == layered
