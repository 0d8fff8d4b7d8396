"""The documented production environment (deploy/infkb.env.example) passes `manage.py check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ENV_FILE = Path(settings.BASE_DIR) / "deploy" / "infkb.env.example"


def production_environment() -> dict[str, str]:
    values = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)  # the file leaves it for the operator to generate
    return values


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    # Only the system's own variables: none of the project's may leak in from the test run.
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=base | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_check_deploy():
    result = check_deploy(production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_name_a_missing_hsts_setting():
    environment = production_environment()
    del environment["SECURE_HSTS_INCLUDE_SUBDOMAINS"]

    result = check_deploy(environment)

    assert result.returncode != 0
    assert "security.W005" in result.stderr


def trusted_proxies(environment: dict[str, str]) -> int:
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)",
        ],
        cwd=settings.BASE_DIR,
        env=base | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(result.stdout.split()[-1])


def test_x_forwarded_for_is_believed_only_behind_a_proxy_and_as_far_as_told():
    assert trusted_proxies({}) == 0
    assert trusted_proxies({"BEHIND_HTTPS_PROXY": "true"}) == 1  # as deployments before the setting expect
    assert trusted_proxies({"BEHIND_HTTPS_PROXY": "true", "TRUSTED_PROXY_COUNT": "2"}) == 2
