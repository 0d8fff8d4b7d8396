"""Benchmark: do the rate limit and the sign-in lockout hold against a real multi-worker server?

Starts gunicorn with several workers on 127.0.0.1, then, as the attacker of issue 9 did,
1. sends anonymous API requests, each with a new random X-Forwarded-For, and counts 200 and 429;
2. sends wrong passwords to /admin/login/ and /api/v1/auth/token/, then the right one, and prints
   what each answered.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infkb_limits .venv/bin/python bench/limits.py
    .venv/bin/python bench/limits.py --workers 3 --requests 400 --parallel 8 --port 8110

It migrates the database it is given and adds a user `bench-editor`: use a scratch database.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-4f9c2e"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def status(opener: urllib.request.OpenerDirector, url: str, data: dict | None = None, **headers: str) -> int:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped: " + server.stderr.read().decode()[-2000:])
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def flood(base: str, requests: int, parallel: int) -> Counter:
    opener = urllib.request.build_opener()

    def one(_: int) -> int:
        return status(opener, f"{base}/api/v1/claims/?page_size=1", **{"X-Forwarded-For": random_address()})

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return Counter(pool.map(one, range(requests)))


def admin_login(base: str, password: str) -> int:
    """One sign-in through the admin's form, as a browser does it: the form first, for its CSRF token."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/admin/login/", timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    return status(
        opener,
        f"{base}/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": "bench-editor", "password": password},
        Referer=f"{base}/admin/login/",
    )


def guess(base: str, failures: int, reset_lockouts: Callable[[], None]) -> None:
    opener = urllib.request.build_opener()
    token = [
        status(opener, f"{base}/api/v1/auth/token/", {"username": "bench-editor", "password": f"guess-{n}"})
        for n in range(failures)
    ]
    right = status(opener, f"{base}/api/v1/auth/token/", {"username": "bench-editor", "password": PASSWORD})
    print(f"token endpoint: {failures} wrong passwords: {dict(Counter(token))}; then the right one: {right}")
    reset_lockouts()  # the token endpoint's failures locked this account and address for the admin too
    admin = [admin_login(base, f"guess-{n}") for n in range(failures)]
    right = admin_login(base, PASSWORD)
    print(f"admin login:    {failures} wrong passwords: {dict(Counter(admin))}; then the right one: {right}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--failures", type=int, default=30, help="wrong passwords per sign-in endpoint")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--parallel", type=int, default=1, help="API requests in flight at once")
    args = parser.parse_args()

    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: cookies marked Secure would never come back, and the form would be a 403.
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
    }
    env.setdefault("DATABASE_URL", "sqlite:////tmp/infkb-limits.sqlite3")
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")  # DEBUG is off: pages name the hashed files
    manage(
        env,
        "shell",
        "-c",
        f"""
from django.contrib.auth.models import User
from django.core.cache import cache
from axes.utils import reset
User.objects.filter(username="bench-editor").delete()
User.objects.create_user("bench-editor", password="{PASSWORD}", is_staff=True)
cache.clear(); reset()
""",
    )
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
         "infkb.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_until_up(f"{base}/", server)  # a page: the API would spend the budget
        counts = flood(base, args.requests, args.parallel)
        rate = env.get("API_ANON_PER_MINUTE", "120")
        print(
            f"{args.requests} anonymous API requests ({args.parallel} at a time), random X-Forwarded-For, "
            f"{args.workers} workers, "
            f"limit {rate}/min: {counts[200]} answered 200, {counts[429]} answered 429, other {dict(counts)}"
        )
        guess(base, args.failures, lambda: manage(env, "axes_reset"))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
