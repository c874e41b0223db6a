"""System checks of the deployment that Django's own ``check --deploy`` does not make."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
