"""Which address a request comes from: one rule for the API throttle and the login lockout.

A client can write any X-Forwarded-For it likes, so the header is believed only
as far as settings.TRUSTED_PROXY_COUNT says: each trusted proxy appends the
address it received the request from, so with N proxies the client is the Nth
entry from the right. Entries further left were written by the client and are
ignored. With no trusted proxy (the default) the address is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    meta = request.META
    remote_addr = meta.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    # More proxies trusted than there really are lets the client write this entry: it must at
    # least be an address (the lockout stores it in an address column).
    return candidate if _is_address(candidate) else remote_addr


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
