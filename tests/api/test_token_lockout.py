"""The API's token endpoint refuses everyone, even with the right password, after too many wrong ones."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token

URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"


@pytest.fixture
def limit(settings) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return 3


def test_the_right_password_gives_a_token(api, editor):
    response = api.post(URL, {"username": "editor", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=editor).key


def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_with_a_clear_answer(api, editor, limit):
    statuses = [
        api.post(URL, {"username": "editor", "password": "wrong guess"}).status_code for _ in range(limit)
    ]
    refused = api.post(URL, {"username": "editor", "password": PASSWORD})

    assert statuses == [400] * (limit - 1) + [429]
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.json()["detail"]
    assert int(refused["Retry-After"]) == 15 * 60
    assert not Token.objects.filter(user=editor).exists()


def test_after_the_cool_off_the_right_password_gives_a_token_again(api, editor, limit):
    for _ in range(limit):
        api.post(URL, {"username": "editor", "password": "wrong guess"})
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert api.post(URL, {"username": "editor", "password": PASSWORD}).status_code == 200


def test_behind_a_trusted_proxy_one_client_locked_out_leaves_the_others_alone(api, editor, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = "6.6.6.6, 198.51.100.7"
    for n in range(limit):
        api.post(URL, {"username": f"guess{n}", "password": "wrong"}, HTTP_X_FORWARDED_FOR=attacker)

    locked = api.post(
        URL, {"username": "editor", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7"
    )
    other = api.post(URL, {"username": "editor", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert locked.status_code == 429  # the address the proxy saw, whatever the client wrote before it
    assert other.status_code == 200
