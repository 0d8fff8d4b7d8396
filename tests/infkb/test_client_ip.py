from django.test import RequestFactory

from infkb.client_ip import client_ip

factory = RequestFactory()


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return factory.get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("192.0.2.1", "203.0.113.5")) == "192.0.2.1"


def test_with_one_trusted_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.1", "203.0.113.5")) == "203.0.113.5"


def test_a_request_that_bypassed_the_proxy_is_known_by_its_own_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("192.0.2.1")) == "192.0.2.1"


def test_a_hop_that_is_no_address_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.1", "not-an-address, 10.0.0.9")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1", "10.0.0.9")) == "10.0.0.9"  # fewer hops than proxies
