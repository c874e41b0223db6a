"""Fixed-window rate limits counted in the cache, for anything readers send.

Redis in production, so every worker shares the count. A rate reads like
"5/10m" (count/window in s, m, h or d), or "off". Keys hold a hash of what is
counted (an address, an e-mail), never the value itself. Each app names its
own ``scope`` so its counters never mix with another's.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Neither the count nor the window may be zero.
RATE_PATTERN = r"[1-9]\d*/[1-9]\d*[smhd]"


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def is_valid_rate(value: str) -> bool:
    """True for "off" and for a rate such as "5/10m" (settings check their values with it)."""
    return value == "off" or re.fullmatch(RATE_PATTERN, value) is not None


def parse_rate(value: str) -> Rate | None:
    """The rate ``value`` describes, or None when limiting is off."""
    if value == "off":
        return None
    count, window = value.split("/")
    return Rate(int(count), int(window[:-1]) * _UNITS[window[-1]])


def _key(scope: str, kind: str, value: str, rate: Rate) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    window = int(time.time() // rate.seconds)
    return f"{scope}:rate:{kind}:{digest}:{window}"


def retry_after(rate: Rate) -> int:
    """Seconds until the current window ends."""
    return max(1, int(rate.seconds - time.time() % rate.seconds))


def is_limited(scope: str, rate: Rate | None, kind: str, value: str | None) -> bool:
    """True when ``value`` has used up its allowance in this window (nothing is counted)."""
    if rate is None or not value:
        return False
    return (cache.get(_key(scope, kind, value, rate)) or 0) >= rate.count


def hit(scope: str, rate: Rate | None, kind: str, value: str | None) -> bool:
    """Count one use by ``value``; False when it goes over the limit."""
    if rate is None or not value:
        return True
    key = _key(scope, kind, value, rate)
    cache.add(key, 0, rate.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, rate.seconds)
        count = 1
    return count <= rate.count
