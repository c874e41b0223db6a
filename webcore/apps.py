from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, with ``webcore.admin.AdminSite`` as ``admin.site``."""

    default = False
    default_site = "webcore.admin.AdminSite"


class WebcoreConfig(AppConfig):
    default = True
    name = "webcore"
    verbose_name = _("Web infrastructure")

    def ready(self):
        # Registers the deploy checks (SITE_URL).
        from webcore import checks  # noqa: F401
