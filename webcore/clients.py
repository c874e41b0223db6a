"""Who sent a request: the client's address, from X-Forwarded-For only behind our proxies."""

import ipaddress

from django.conf import settings


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the request came from.

    ``REMOTE_ADDR`` is the connection's peer. With ``NEWSROOM_TRUSTED_PROXIES``
    = N proxies in front of us, each appends the address it saw to
    X-Forwarded-For, so the client is the Nth entry from the right; anything to
    its left was written by the client and is ignored (a spoofed header must
    not buy a fresh rate limit).
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.NEWSROOM_TRUSTED_PROXIES
    if trusted > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        if len(hops) >= trusted:
            forwarded = _valid_ip(hops[-trusted])
            if forwarded:
                return forwarded
    return remote


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]
