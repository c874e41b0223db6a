"""System checks of the deployment that Django's own ``check --deploy`` does not make."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import get_language_info


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """E-mails link to SITE_URL: say so when it was derived rather than set."""
    if not getattr(settings, "SITE_URL_DERIVED", False):
        return []
    return [
        Warning(
            f"SITE_URL is not set: e-mails link to {settings.SITE_URL}, made from the first "
            "host in DJANGO_ALLOWED_HOSTS.",
            hint="Set SITE_URL to the address readers use, e.g. https://news.example.org.",
            id="webcore.W001",
        )
    ]


@register()
def editions_are_valid(app_configs, **kwargs):
    """NEWSROOM_EDITIONS names each language once, all known, LANGUAGE_CODE's among them."""
    editions = list(settings.NEWSROOM_EDITIONS)
    errors = []
    for code in editions:
        try:
            get_language_info(code)
        except KeyError:
            errors.append(
                Error(
                    f"NEWSROOM_EDITIONS names {code!r}, which is not a language code Django knows.",
                    hint="Use codes such as en, ckb, ar, tr (lower case, comma-separated).",
                    id="webcore.E001",
                )
            )
    if settings.LANGUAGE_CODE not in editions:
        errors.append(
            Error(
                f"LANGUAGE_CODE {settings.LANGUAGE_CODE!r} is not one of NEWSROOM_EDITIONS "
                f"({', '.join(editions)}): the default edition must be published.",
                hint="Add it to NEWSROOM_EDITIONS or set LANGUAGE_CODE to one of them.",
                id="webcore.E002",
            )
        )
    duplicates = sorted({code for code in editions if editions.count(code) > 1})
    if duplicates:
        errors.append(
            Error(
                f"NEWSROOM_EDITIONS names {', '.join(duplicates)} more than once.",
                id="webcore.E003",
            )
        )
    return errors
