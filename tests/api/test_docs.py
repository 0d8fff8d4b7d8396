"""The examples of docs/api.md work against the seed corpus."""

import re
import types
from pathlib import Path
from urllib.parse import urlsplit

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SERVER = "http://127.0.0.1:8000"


def curl_examples() -> list[tuple[str, int]]:
    """(path, expected status) of each curl GET in the guide; `# 400 …` on the next line expects a 400."""
    lines = GUIDE.read_text().splitlines()
    examples = []
    for number, line in enumerate(lines):
        if not line.startswith("curl ") or " -X " in line or "-d " in line:
            continue
        url = re.search(r"'(http[^']+)'", line).group(1)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        expected = int(following[2:5]) if re.match(r"# \d{3} ", following) else 200
        examples.append((url.removeprefix(SERVER), expected))
    return examples


def python_examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.DOTALL)


def test_the_guide_has_examples():
    assert len(curl_examples()) >= 10
    assert python_examples()


@pytest.mark.parametrize(("path", "expected"), curl_examples())
def test_each_curl_example_works(api, corpus, path, expected):
    response = api.get(path)

    assert response.status_code == expected, response.content[:300]


class FakeRequests(types.ModuleType):
    """`requests`, answered by the test client instead of a server."""

    def __init__(self, client) -> None:
        super().__init__("requests")
        self.client = client

    def get(self, url: str, params: dict | None = None, **kwargs: object):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.get(path, params or {})
        assert response.status_code == 200, response.content[:300]
        return response


def test_each_python_example_runs(api, corpus, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "requests", FakeRequests(api))
    for code in python_examples():
        exec(compile(code, str(GUIDE), "exec"), {})
    printed = capsys.readouterr().out
    assert "Nikolai Patrushev" in printed
    assert "Mk 41" in printed
