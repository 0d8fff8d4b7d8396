"""The admin's sign-in refuses everyone, even with the right password, after too many wrong ones."""

import random
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery"


@pytest.fixture
def limit(settings) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return 3


def sign_in(client, password: str, username: str = "editor", **extra) -> int:
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    ).status_code


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_with_a_clear_answer(
    client, editor, limit
):
    statuses = [sign_in(client, "wrong guess") for _ in range(limit)]
    refused = client.post(LOGIN, {"username": "editor", "password": PASSWORD})

    assert statuses == [200] * (limit - 1) + [429]  # the form again, then the lockout
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert int(refused["Retry-After"]) == 15 * 60
    assert not signed_in(client)


def test_after_the_cool_off_the_right_password_works_again(client, editor, limit):
    for _ in range(limit):
        sign_in(client, "wrong guess")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert sign_in(client, PASSWORD) == 302
    assert signed_in(client)


def test_fewer_failures_than_the_limit_do_not_stand_in_the_way(client, editor, limit):
    for _ in range(limit - 1):
        sign_in(client, "wrong guess")

    assert sign_in(client, PASSWORD) == 302
    assert signed_in(client)


def test_a_new_x_forwarded_for_each_time_does_not_escape_the_lockout(client, editor, limit):
    for n in range(limit):
        forwarded = ".".join(str(random.randint(1, 254)) for _ in range(4))
        sign_in(client, "wrong guess", username=f"nobody{n}", HTTP_X_FORWARDED_FOR=forwarded)

    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77") == 429
    assert not signed_in(client)


def test_guessing_one_account_from_many_addresses_locks_that_account(client, editor, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(limit):
        sign_in(client, "wrong guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}")

    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200") == 429
    User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    assert sign_in(client, PASSWORD, username="reviewer", HTTP_X_FORWARDED_FOR="203.0.113.200") == 302
