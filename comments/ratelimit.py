"""How often one address or one e-mail may post: ``COMMENTS_RATE_LIMIT`` ("5/10m", or "off").

Fixed windows counted in the cache (Redis in production, so every worker
shares the count). Keys hold a hash, never the address or e-mail itself.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def current_rate() -> Rate | None:
    """The configured rate, or None when limiting is off."""
    value = settings.COMMENTS_RATE_LIMIT
    if value == "off":
        return None
    count, window = value.split("/")
    return Rate(int(count), int(window[:-1]) * _UNITS[window[-1]])


def _key(kind: str, value: str, rate: Rate) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    window = int(time.time() // rate.seconds)
    return f"comments:rate:{kind}:{digest}:{window}"


def retry_after(rate: Rate) -> int:
    """Seconds until the current window ends."""
    return max(1, int(rate.seconds - time.time() % rate.seconds))


def is_limited(kind: str, value: str | None) -> bool:
    """True when ``value`` has used up its posts in this window (nothing is counted)."""
    rate = current_rate()
    if rate is None or not value:
        return False
    return (cache.get(_key(kind, value, rate)) or 0) >= rate.count


def hit(kind: str, value: str | None) -> bool:
    """Count one post by ``value``; False when it goes over the limit."""
    rate = current_rate()
    if rate is None or not value:
        return True
    key = _key(kind, value, rate)
    cache.add(key, 0, rate.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, rate.seconds)
        count = 1
    return count <= rate.count
