"""Fixed-window counters in the shared cache: how often one address (or e-mail) may do a thing.

A rate is written "5/10m" (count per window in s, m, h or d) or "off".
Counted in the cache (Redis in production, so every worker shares the
count). Keys hold a hash, never the address or e-mail itself.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value: str) -> Rate | None:
    """The rate ``value`` describes ("5/10m"), or None for "off" (settings validate the form)."""
    if value == "off":
        return None
    count, window = value.split("/")
    return Rate(int(count), int(window[:-1]) * _UNITS[window[-1]])


def _key(scope: str, value: str, rate: Rate) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    window = int(time.time() // rate.seconds)
    return f"{scope}:rate:{digest}:{window}"


def retry_after(rate: Rate) -> int:
    """Seconds until the current window ends."""
    return max(1, int(rate.seconds - time.time() % rate.seconds))


def is_limited(scope: str, value: str | None, rate: Rate | None) -> bool:
    """True when ``value`` has used up its allowance in this window (nothing is counted)."""
    if rate is None or not value:
        return False
    return (cache.get(_key(scope, value, rate)) or 0) >= rate.count


def hit(scope: str, value: str | None, rate: Rate | None) -> bool:
    """Count one use by ``value``; False when it goes over the limit."""
    if rate is None or not value:
        return True
    key = _key(scope, value, rate)
    cache.add(key, 0, rate.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, rate.seconds)
        count = 1
    return count <= rate.count
