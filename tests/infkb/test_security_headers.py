"""Every kind of page carries the Content-Security-Policy, and none needs an inline script."""

import re

import pytest

PAGES = ["/", "/claims/", "/admin/login/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/claims/"]


def script_sources(policy: str) -> list[str]:
    directive = next(part.split() for part in policy.split(";") if part.split()[0] == "script-src")
    return directive[1:]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_forbids_inline_and_foreign_scripts(client, corpus, path):
    response = client.get(path)

    assert response.status_code == 200
    assert script_sources(response["Content-Security-Policy"]) == ["'self'"]


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_pages_load_every_script_from_a_file(client, corpus, path):
    html = client.get(path).content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all("src=" in tag for tag in scripts), scripts
