"""The admin site: staff input that cannot be a filter value or a selection gets 400, never 500.

Filters, search and ordering arrive in the changelist's query string, and a
bulk action's selection in its POST; either can hold what the database
refuses to compare with (a NUL byte on PostgreSQL, ``abc`` for an id, a
malformed address for an ``inet`` column). Django turns some of these into a
redirect to ``?e=1`` and a "database error" page, and lets the rest reach the
database and fail with a 500. On this site:

- any admin page whose query string holds a NUL byte answers 400;
- every registered ModelAdmin (ours and contrib.auth's) is given
  ``StaffInputGuard``: a filter value the queryset cannot use, or a selection
  that is not a list of ids, answers 400 with a page that says which, and a
  link back to the unfiltered list.
"""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import DataError, router, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def has_nul(query) -> bool:
    """True when any key or value of a QueryDict holds a NUL byte (PostgreSQL refuses them)."""
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


def refuse(request, site, *, title: str, message: str, back: str | None = None):
    """A 400 admin page that says what was wrong with the request."""
    context = {
        **site.each_context(request),
        "title": title,
        "message": message,
        "back": back or request.path,
    }
    return TemplateResponse(request, "admin/refused.html", context, status=400)


class UnusableFilter(Exception):
    """A changelist's filter, search or ordering has a value the list cannot use."""


class StaffInputGuard:
    """Mixed into every ModelAdmin registered on ``AdminSite``."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            pk = self.model._meta.pk
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                try:
                    # Its range too: an id past the column's (2**63) fails in the database.
                    pk.run_validators(pk.to_python(value))
                except ValidationError:
                    return refuse(
                        request,
                        self.admin_site,
                        title=_("Selection not understood"),
                        message=_(
                            "The selected items could not be read, so nothing was changed. "
                            "Go back to the list and select them again."
                        ),
                        back=request.get_full_path(),
                    )
        try:
            return super().changelist_view(request, extra_context)
        except UnusableFilter:
            return refuse(
                request,
                self.admin_site,
                title=_("Filter not understood"),
                message=_(
                    "A filter, search or ordering in the address has a value this list "
                    "cannot use. Nothing was searched."
                ),
            )

    def get_changelist_instance(self, request):
        # The changelist counts its rows as it is built, so a value the
        # database refuses fails here; the savepoint keeps a transaction
        # around the request usable.
        try:
            with transaction.atomic(using=router.db_for_read(self.model)):
                return super().get_changelist_instance(request)
        except (
            IncorrectLookupParameters,
            ValidationError,
            ValueError,
            OverflowError,  # a date-hierarchy year of 30 digits, in Django's own code
            DataError,
        ) as error:
            raise UnusableFilter from error


class AdminSite(admin.AdminSite):
    """``admin.site``: Django's, with every ModelAdmin guarded (see the module docstring)."""

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if has_nul(request.GET):
                return refuse(
                    request,
                    self,
                    title=_("Address not understood"),
                    message=_("The address holds characters no filter or search can use."),
                )
            return guarded(request, *args, **kwargs)

        return inner

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, StaffInputGuard):
            admin_class = type(
                admin_class.__name__,
                (StaffInputGuard, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): a 429 admin page."""
    site = admin.site
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        **site.each_context(request),
        "title": _("Sign-in locked"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return TemplateResponse(request, "admin/lockout.html", context, status=429).render()
