"""The client address behind the trusted proxy hops (DJANGO_TRUSTED_PROXY_HOPS)."""

from django.test import RequestFactory

from accounts.security import client_ip


def test_it_ignores_forwarded_for_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    # The client wrote the first entry itself; the proxy appended the address it saw.
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.9"


def test_it_falls_back_to_the_peer_when_the_header_is_short(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
