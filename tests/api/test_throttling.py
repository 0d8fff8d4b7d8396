import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from infkb.api import AnonymousThrottle


def test_anonymous_requests_beyond_the_rate_get_429_with_retry_after(api, corpus, settings, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "3/min")

    statuses = [api.get("/api/v1/claims/").status_code for _ in range(4)]
    refused = api.get("/api/v1/claims/")

    assert statuses == [200, 200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower() or "request" in refused.json()["detail"].lower()


def test_editors_are_not_throttled(editor_api, corpus, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "1/min")

    assert [editor_api.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 200]


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def test_a_new_x_forwarded_for_on_every_request_does_not_escape_the_limit(api, corpus, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "3/min")

    statuses = [
        api.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR=random_address()).status_code for _ in range(6)
    ]

    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(api, corpus, settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "2/min")

    def get(forwarded_for: str) -> int:
        return api.get(
            "/api/v1/claims/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.2"
        ).status_code

    # The proxy appends the address it saw; what the client wrote before it does not count.
    first_client = [get(f"{random_address()}, 198.51.100.7") for _ in range(3)]
    second_client = [get("198.51.100.8") for _ in range(3)]

    assert first_client == [200, 200, 429]
    assert second_client == [200, 200, 429]


def test_with_two_trusted_proxies_the_client_is_the_second_address_from_the_right(
    api, corpus, settings, monkeypatch
):
    settings.TRUSTED_PROXY_COUNT = 2
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "1/min")

    def get(forwarded_for: str) -> int:
        return api.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    assert get("6.6.6.6, 198.51.100.7, 10.0.0.1") == 200
    assert get("7.7.7.7, 198.51.100.7, 10.0.0.2") == 429  # the same client through the other balancer
    assert get("6.6.6.6, 198.51.100.9, 10.0.0.1") == 200


def test_the_counts_are_kept_in_the_database_that_every_worker_shares(api, corpus, monkeypatch):
    api.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.9")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM infkb_cache WHERE cache_key LIKE %s", ["%throttle_anon_203.0.113.9"]
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="parallel workers share the limit through PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_do_not_slip_past_the_limit(monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "5/min")

    def one(_: int) -> int:
        try:
            return APIClient().get("/api/v1/actors/", {"page_size": 1}).status_code
        finally:
            connection.close()  # each thread has its own connection, as each worker does

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(24)))

    assert statuses.count(200) == 5
    assert statuses.count(429) == 19
