"""How often one address or one e-mail may post: ``COMMENTS_RATE_LIMIT`` ("5/10m", or "off").

The counting is ``webcore.ratelimit``'s (fixed windows in the shared cache);
this module fixes the comments' scope and setting.
"""

from django.conf import settings

from webcore import ratelimit
from webcore.ratelimit import Rate, retry_after

__all__ = ["Rate", "current_rate", "hit", "is_limited", "retry_after"]

_SCOPE = "comments"


def current_rate() -> Rate | None:
    """The configured rate, or None when limiting is off."""
    return ratelimit.parse_rate(settings.COMMENTS_RATE_LIMIT)


def is_limited(kind: str, value: str | None) -> bool:
    """True when ``value`` has used up its posts in this window (nothing is counted)."""
    return ratelimit.is_limited(_SCOPE, current_rate(), kind, value)


def hit(kind: str, value: str | None) -> bool:
    """Count one post by ``value``; False when it goes over the limit."""
    return ratelimit.hit(_SCOPE, current_rate(), kind, value)
