"""The moderation back office: the queue, the decision buttons and the decision log.

Comments open on the queue: pending comments, oldest first, with everything
a moderator needs on one line. Decisions are made with the bulk actions
("Approve", one "Reject — <category>" per guideline) or the buttons on a
comment's own page; both call ``comments.moderation``. No one can change a
comment here: every field is read-only and the change form refuses a POST.
Only a superuser may delete, and the deletion is recorded as a removal.

Moderator assist: each row shows the pre-screen's flags with their evidence
marked in the text, and a "Reject — <category>" button when a guideline flag
suggests one (flags never decide by themselves); the queue can be ordered
oldest first or highest risk first; each row shows the commenter's history
(approved and rejected comments from the same e-mail and IP, linking to the
queue filtered by them), read in the queue's own query; and moderators keep
the block list, from its own pages or with the queue's "Block" actions.

What depends on who is looking (may they decide? may they block? which
filters to come back to?) is decided per request by ``get_list_display``,
which builds the columns for that request; nothing is stored on the rows.
"""

import csv
import re
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr
from django.http import (
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from comments import moderation, notifications, screening, stats, tasks
from comments.apps import MODERATORS
from comments.forms import DecisionForm
from comments.models import (
    GUIDELINE_DESCRIPTIONS,
    BlockedCommenter,
    BlockLog,
    Comment,
    CommenterEmail,
    Decision,
    GuidelineCategory,
    ModeratorAssignment,
    Notice,
    Report,
    ReportedComment,
    normalise_network,
)
from comments.templatetags.comments_admin import (
    flag_summary,
    highlight_evidence,
    suggested_rejection,
)
from webcore.admin import UnusableFilter
from webcore.editions import edition_codes, edition_name, has_several_editions

# A comment id as a form sends it: ASCII digits, within the id column's range.
_ID = re.compile(r"[0-9]{1,18}")

# Conflicts listed one by one in the admin message; more are summed up.
_CONFLICTS_SHOWN = 10


class _OneOfFilter(admin.SimpleListFilter):
    """A filter that always has one of its choices selected (no "All" link of its own)."""

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class StatusFilter(_OneOfFilter):
    """Status, defaulting to pending: the queue is what a moderator opens the admin for."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def __init__(self, request, params, model, model_admin):
        # Filtering by guideline means rejected comments, and by commenter means
        # their whole history: do not hide them behind "pending".
        self.default = (
            self.ALL
            if {"reason__exact", "author_email", "ip_address"} & set(request.GET)
            else Comment.Status.PENDING
        )
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("All"))]

    def value(self):
        value = super().value()
        if value == self.ALL or value in Comment.Status.values:
            return value
        return self.default

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class QueueOrder(_OneOfFilter):
    """Not a filter but the queue's order: oldest first (fair to readers) or highest risk first."""

    title = _("order")
    parameter_name = "order"
    OLDEST, RISK = "oldest", "risk"

    def lookups(self, request, model_admin):
        return [(self.OLDEST, _("oldest first")), (self.RISK, _("highest risk first"))]

    def value(self):
        return self.RISK if super().value() == self.RISK else self.OLDEST

    def queryset(self, request, queryset):
        return queryset  # CommentAdmin.get_ordering() reads the parameter


class SectionFilter(_OneOfFilter):
    """The queue by section: a moderator assigned sections or editions opens on theirs
    ("my sections")."""

    title = _("section")
    parameter_name = "section"
    MINE, ALL = "mine", "all"

    def __init__(self, request, params, model, model_admin):
        assigned = list(
            ModeratorAssignment.objects.filter(moderator_id=request.user.pk).values_list(
                "section_id", "language"
            )
        )
        self.mine = [section for section, _language in assigned if section]
        self.my_editions = [language for _section, language in assigned if language]
        # A commenter's history spans every section; so does a moderator without sections.
        browsing_commenter = {"author_email", "ip_address"} & set(request.GET)
        has_own = self.mine or self.my_editions
        self.default = self.MINE if has_own and not browsing_commenter else self.ALL
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        mine = [(self.MINE, _("My sections"))] if self.mine or self.my_editions else []
        sections = [(str(pk), name) for pk, name in Section.objects.values_list("pk", "name")]
        return [*mine, (self.ALL, _("All sections")), *sections]

    def value(self):
        value = super().value()
        if value in (self.MINE, self.ALL) or (value or "").isdigit():
            return value
        return self.default

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.MINE:
            return queryset.filter(
                Q(article__section_id__in=self.mine) | Q(article__language__in=self.my_editions)
            )
        if value.isdigit():
            return queryset.filter(article__section_id=int(value))
        return queryset


def screen_coverage(comment) -> str:
    """What the pre-screen could not read in this comment's edition, beside its flags.

    Shown whether or not there are flags: no flag from a screen that barely
    reads the language is not a clean bill.
    """
    note = screening.coverage(comment.article.language)
    if note is None:
        return ""
    return format_html('<p class="flag-coverage">{}</p>', gettext(note))


class EditionFilter(admin.SimpleListFilter):
    """The queue by edition: a comment belongs to its article's edition."""

    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return [(code, edition_name(code)) for code in edition_codes()]

    def queryset(self, request, queryset):
        if self.value() in edition_codes():
            return queryset.in_edition(self.value())
        return queryset


class _CommenterFilter(admin.SimpleListFilter):
    """One commenter's comments, reached from the history links; shown only while in use."""

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, value)] if value else []

    def choices(self, changelist):
        yield {
            "selected": False,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": True,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class CommenterEmailFilter(_CommenterFilter):
    title = _("commenter’s e-mail")
    parameter_name = "author_email"

    def queryset(self, request, queryset):
        if self.value():
            email = "".join(ch for ch in self.value() if ch.isprintable())
            return queryset.filter(author_email=email.strip().lower())
        return queryset


class CommenterIPFilter(_CommenterFilter):
    title = _("commenter’s IP address")
    parameter_name = "ip_address"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            # PostgreSQL's inet column refuses a malformed address with an error.
            network = normalise_network(self.value())
        except ValidationError as error:
            raise IncorrectLookupParameters(error) from None
        address, prefix = network.split("/")
        if prefix in ("32", "128"):
            return queryset.filter(ip_address=address)
        raise IncorrectLookupParameters("filter by one address")


class ArticleFilter(_CommenterFilter):
    """One article's comments, reached from a row's headline; shown only while in use.

    Not a RelatedOnlyFieldListFilter: that one reads every distinct article of
    the whole comments table (and every article's body) on each queue page.
    """

    title = _("article")
    parameter_name = "article__id__exact"

    def lookups(self, request, model_admin):
        value = self.value() or ""
        if not value.isdigit():
            return []
        headline = Article.objects.filter(pk=int(value)).values_list("headline", flat=True)
        return [(value, headline.first() or value)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters("an article's id")
        return queryset.filter(article_id=int(value))


def _history(field: str, status: str):
    """How many other comments from this comment's e-mail or address are ``status``."""
    others = (
        Comment.objects.filter(**{field: OuterRef(field)}, status=status)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(others[:1]), 0)


class BlockForm(forms.Form):
    """The reason (and optional length) asked for by the queue's "Block" actions."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Why: other moderators read it. The commenter is never told."),
    )
    days = forms.IntegerField(
        label=_("Block for (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Leave empty to block until the entry is deleted from the block list."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why this commenter is blocked."))
        return reason


class DecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "comment"
    fields = ("created_at", "decision", "reason", "moderator_name", "status_before", "note")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    extra = 0
    can_delete = False
    verbose_name_plural = _("decision history")

    @admin.display(description=_("status before"))
    def status_before(self, decision):
        # The stored value ("pending") is for SQL and the CSV; a moderator reads its label.
        return dict(Comment.Status.choices).get(decision.previous_status, decision.previous_status)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _reject_action(category: GuidelineCategory):
    def reject(modeladmin, request, queryset):
        modeladmin.decide_selected(
            request, queryset, decision=Decision.Kind.REJECT, reason=category.value
        )

    reject.__name__ = f"reject_{category.value}"
    return admin.action(
        description=format_lazy(_("Reject — {label}"), label=category.label),
        permissions=["moderate"],
    )(reject)


@admin.action(description=_("Approve"), permissions=["moderate"])
def approve(modeladmin, request, queryset):
    modeladmin.decide_selected(request, queryset, decision=Decision.Kind.APPROVE)


@admin.action(description=_("Mark as editors’ pick"), permissions=["moderate"])
def mark_pick(modeladmin, request, queryset):
    changed = moderation.set_editors_pick(queryset, value=True)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d comment marked as an editors’ pick (only approved comments can be).",
            "%(count)d comments marked as editors’ picks (only approved comments can be).",
            changed,
        )
        % {"count": changed},
    )


@admin.action(description=_("Remove editors’ pick"), permissions=["moderate"])
def unmark_pick(modeladmin, request, queryset):
    changed = moderation.set_editors_pick(queryset, value=False)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d comment is no longer an editors’ pick.",
            "%(count)d comments are no longer editors’ picks.",
            changed,
        )
        % {"count": changed},
    )


@admin.action(description=_("Block the commenters’ e-mail addresses…"), permissions=["block"])
def block_emails(modeladmin, request, queryset):
    return modeladmin.block_selected(request, queryset, by="email")


@admin.action(description=_("Block the commenters’ IP addresses…"), permissions=["block"])
def block_ips(modeladmin, request, queryset):
    return modeladmin.block_selected(request, queryset, by="ip")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # The columns are built per request: see get_list_display().
    list_display_links = ("created_at",)
    list_filter = (
        StatusFilter,
        QueueOrder,
        SectionFilter,
        ArticleFilter,
        "reason",
        CommenterEmailFilter,
        CommenterIPFilter,
    )
    list_select_related = ("article", "parent")
    search_fields = ("=author_email", "author_name")
    ordering = ("created_at", "pk")
    list_per_page = 50
    # The unfiltered total would be a COUNT over the whole table on every page.
    show_full_result_count = False
    actions = [
        approve,
        *(_reject_action(category) for category in GuidelineCategory),
        mark_pick,
        unmark_pick,
        block_emails,
        block_ips,
    ]
    fieldsets = (
        (
            None,
            {"fields": ("article", "parent", "author_name", "author_email", "text", "created_at")},
        ),
        (
            _("Moderation"),
            {"fields": ("status", "reason", "is_editors_pick", "decided_at", "decided_by_name")},
        ),
        (_("Pre-screen"), {"fields": ("flag_list", "risk")}),
        (_("Origin (erased after a set number of days)"), {"fields": ("ip_address", "user_agent")}),
    )
    readonly_fields = (
        "article",
        "parent",
        "author_name",
        "author_email",
        "text",
        "created_at",
        "status",
        "reason",
        "is_editors_pick",
        "decided_at",
        "decided_by_name",
        "flag_list",
        "risk",
        "ip_address",
        "user_agent",
    )
    inlines = [DecisionInline]

    class Media:
        css = {"all": ["css/comments-admin.css"]}
        js = ["js/moderation-desk.js"]

    # --- Columns ----------------------------------------------------------

    def get_queryset(self, request):
        # The commenter's history, read with the rows: each count excludes the comment itself.
        return (
            super()
            .get_queryset(request)
            .annotate(
                email_approved=_history("author_email", Comment.Status.APPROVED),
                email_rejected=_history("author_email", Comment.Status.REJECTED),
                ip_approved=_history("ip_address", Comment.Status.APPROVED),
                ip_rejected=_history("ip_address", Comment.Status.REJECTED),
            )
        )

    def get_list_filter(self, request):
        if not has_several_editions():
            return self.list_filter
        status, *rest = self.list_filter
        return (status, EditionFilter, *rest)

    def get_list_display(self, request):
        """The queue's columns for this moderator: buttons and block links only if they may."""
        filters = self.get_preserved_filters(request)
        may_moderate = self.has_moderate_permission(request)
        may_block = self.has_block_permission(request)

        @admin.display(description=_("commenter"), ordering="author_email")
        def commenter(comment):
            """Name, e-mail, and their history: what the commenter's earlier comments became."""
            return format_html(
                '<div class="commenter"><strong dir="auto">{}</strong><br>{}</div>{}',
                comment.author_name,
                comment.author_email,
                self._history(comment, may_block=may_block),
            )

        @admin.display(description=_("flags"), ordering="risk")
        def flags(comment):
            summary = format_html("{}{}", flag_summary(comment.flags), screen_coverage(comment))
            if not may_moderate or comment.status != Comment.Status.PENDING:
                return summary
            return format_html("{}{}", summary, self._decision_buttons(comment, filters))

        @admin.display(description=_("comment"))
        def text(comment):
            # The full text, escaped, the pre-screen's evidence marked: moderators
            # must see exactly what readers would. The data-* attributes are the
            # keyboard desk's (static/js/moderation-desk.js): what a key acts on.
            suggestion = suggested_rejection(comment.flags)
            decide_json = reverse("admin:comments_comment_decide_json", args=[comment.pk])
            parent = ""
            if comment.parent_id:
                parent = format_html(
                    '<div class="parent-comment"><span class="parent-label">{}</span> '
                    '<span dir="auto">{}</span></div>',
                    format_lazy(_("In reply to {name}:"), name=comment.parent.author_name),
                    comment.parent.body,
                )
            return format_html(
                '{}<div dir="auto" class="comment-text" data-comment="{}" data-status="{}" '
                'data-decide-url="{}" data-article-url="{}" data-suggested="{}" '
                'data-suggested-label="{}">{}</div>',
                parent,
                comment.pk,
                comment.status,
                decide_json if may_moderate else "",
                comment.article.get_absolute_url(),
                suggestion.value if suggestion else "",
                suggestion.label if suggestion else "",
                highlight_evidence(comment.body, comment.flags),
            )

        return (
            "created_at",
            "article_link",
            commenter,
            text,
            "status",
            flags,
            "is_editors_pick",
        )

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, comment):
        article = comment.article
        return format_html(
            '<a href="?article__id__exact={}" class="article-headline">{}</a>'
            '<p class="article-standfirst">{}</p>'
            '<a href="{}" class="article-open" target="_blank" rel="noopener">{}</a>',
            article.pk,
            article.headline,
            article.standfirst,
            article.get_absolute_url(),
            _("Open the article"),
        )

    @admin.display(description=_("comment"))
    def text(self, comment):
        # The full text, escaped, the pre-screen's evidence marked: moderators
        # must see exactly what readers would.
        return format_html(
            '<div dir="auto" class="comment-text">{}</div>',
            highlight_evidence(comment.body, comment.flags),
        )

    @admin.display(description=_("flags"), ordering="risk")
    def flag_list(self, comment):
        return format_html("{}{}", flag_summary(comment.flags), screen_coverage(comment))

    @staticmethod
    def _decision_buttons(comment, filters: str) -> str:
        """The row's "Approve" button, and "Reject — <category>" when a guideline flag suggests one.

        Buttons of the changelist's own form (it carries the CSRF token), sent
        to the decision URLs instead of the actions; the queue's filters ride
        along. A comment without flags also carries its id for "approve all
        on this page that have no flags".
        """
        query = f"?{filters}" if filters else ""
        approve_url = reverse("admin:comments_comment_approve", args=[comment.pk]) + query
        approve = format_html(
            '<button type="submit" class="button row-approve" formaction="{}" '
            'formmethod="post">{}</button>',
            approve_url,
            _("Approve"),
        )
        if not comment.flags:
            approve = format_html(
                '{}<input type="hidden" name="unflagged" value="{}">', approve, comment.pk
            )
        suggestion = suggested_rejection(comment.flags)
        if suggestion is None:
            return format_html('<div class="row-decisions">{}</div>', approve)
        url = reverse("admin:comments_comment_reject", args=[comment.pk, suggestion.value])
        return format_html(
            '<div class="row-decisions">{}<button type="submit" class="button suggested-reject" '
            'formaction="{}" formmethod="post" title="{}">{}</button></div>',
            approve,
            url + query,
            GUIDELINE_DESCRIPTIONS[suggestion],
            format_lazy(_("Reject — {label}"), label=suggestion.label),
        )

    def _history(self, comment, *, may_block: bool):
        if not hasattr(comment, "email_approved"):  # not read through get_queryset()
            return ""
        lines = [
            self._history_line(
                _("e-mail"),
                "author_email",
                comment.author_email,
                (comment.email_approved, comment.email_rejected),
            )
        ]
        if comment.ip_address:
            lines.append(
                self._history_line(
                    _("IP"),
                    "ip_address",
                    comment.ip_address,
                    (comment.ip_approved, comment.ip_rejected),
                )
            )
        if may_block:
            add = reverse("admin:comments_blockedcommenter_add")
            targets = [(f"{add}?{urlencode({'email': comment.author_email})}", _("block e-mail"))]
            if comment.ip_address:
                targets.append(
                    (f"{add}?{urlencode({'network': comment.ip_address})}", _("block IP"))
                )
            lines.append(
                format_html(
                    '<span class="block-links">{}</span>',
                    format_html_join(" · ", '<a href="{}">{}</a>', targets),
                )
            )
        return format_html(
            '<div class="commenter-history">{}</div>',
            format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)),
        )

    @staticmethod
    def _history_line(label, parameter, value, counts):
        approved, rejected = counts
        query = urlencode({parameter: value, StatusFilter.parameter_name: StatusFilter.ALL})
        return format_html(
            '<a href="?{}" title="{}">{}</a>',
            query,
            _("Show all comments from this commenter"),
            format_lazy(
                _("{what}: {approved} approved, {rejected} rejected"),
                what=label,
                approved=approved,
                rejected=rejected,
            ),
        )

    # --- Permissions ------------------------------------------------------

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_block_permission(self, request):
        return request.user.has_perm("comments.add_blockedcommenter")

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_change_permission(self, request, obj=None):
        return False  # never edited: decisions go through the decision buttons

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def delete_model(self, request, obj):
        moderation.remove(obj, moderator=request.user, note=_("Deleted in the admin."))

    def delete_queryset(self, request, queryset):
        moderation.remove(queryset, moderator=request.user, note=_("Deleted in the admin."))

    # --- The queue --------------------------------------------------------

    def get_ordering(self, request):
        if request.GET.get(QueueOrder.parameter_name) == QueueOrder.RISK:
            return ("-risk", "created_at", "pk")
        return super().get_ordering(request)

    # --- Deciding ---------------------------------------------------------

    def response_action(self, request, queryset):
        # Act on the comments the moderator ticked even if another moderator
        # decided them meanwhile and they left the "pending" list: decide()
        # then says who decided first instead of the action silently skipping
        # them. "Select all" still means all of the filtered list.
        if request.POST.get("select_across") != "1":
            queryset = self.get_queryset(request)
        return super().response_action(request, queryset)

    def decide_selected(self, request, queryset, *, decision, reason=""):
        outcome = moderation.decide(
            queryset, decision=decision, reason=reason, moderator=request.user
        )
        self._report(request, outcome, decision)

    def _report(self, request, outcome, decision):
        count = len(outcome.decided)
        if count:
            template = (
                ngettext("%(count)d comment approved.", "%(count)d comments approved.", count)
                if decision == Decision.Kind.APPROVE
                else ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count)
            )
            self.message_user(request, template % {"count": count}, messages.SUCCESS)
        for conflict in outcome.conflicts[:_CONFLICTS_SHOWN]:
            self.message_user(request, conflict.message(), messages.WARNING)
        hidden = len(outcome.conflicts) - _CONFLICTS_SHOWN
        if hidden > 0:
            self.message_user(
                request,
                ngettext(
                    "%(count)d more comment had already been decided.",
                    "%(count)d more comments had already been decided.",
                    hidden,
                )
                % {"count": hidden},
                messages.WARNING,
            )

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        reject = self.admin_site.admin_view(self.reject_view)
        approve = self.admin_site.admin_view(self.approve_view)
        decide_json = self.admin_site.admin_view(self.decide_json_view)
        approve_unflagged = self.admin_site.admin_view(self.approve_unflagged_view)
        return [
            path("<int:object_id>/decide/", decide, name="comments_comment_decide"),
            path("<int:object_id>/approve/", approve, name="comments_comment_approve"),
            path("<int:object_id>/reject/<slug:reason>/", reject, name="comments_comment_reject"),
            path("<int:object_id>/decide.json", decide_json, name="comments_comment_decide_json"),
            path(
                "approve-unflagged/",
                approve_unflagged,
                name="comments_comment_approve_unflagged",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        """The queue, with its service levels above it and the keyboard desk's help."""
        may_moderate = self.has_moderate_permission(request)
        extra_context = {
            **(extra_context or {}),
            "may_moderate": may_moderate,
            "service_levels": stats.service_levels() if may_moderate else [],
            "duration_label": stats.duration_label,
            "desk_categories": [
                (number, category.value, category.label)
                for number, category in enumerate(GuidelineCategory, start=1)
            ],
        }
        return super().changelist_view(request, extra_context)

    def approve_view(self, request, object_id):
        """The queue row's "Approve" button (without JavaScript): approve, back to the queue."""
        form = DecisionForm({"decision": Decision.Kind.APPROVE})
        return self._decide(request, object_id, form, back_to_queue=True)

    def decide_json_view(self, request, object_id):
        """The keyboard desk's decision: the same form and service, answered in JSON.

        200 with the message when decided; 409 with the conflict message when
        another moderator was first; 400 when the decision is refused.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            return JsonResponse({"ok": False, "message": str(_("Not allowed."))}, status=403)
        comment = Comment.objects.filter(pk=object_id).first()
        if comment is None:
            return JsonResponse({"ok": False, "message": str(_("No such comment."))}, status=404)
        form = DecisionForm(request.POST)
        if not form.is_valid() or form.cleaned_data["decision"] in DecisionForm.PICKS:
            errors = [str(error) for errors in form.errors.values() for error in errors]
            message = " ".join(errors) or str(_("Choose approve or reject."))
            return JsonResponse({"ok": False, "message": message}, status=400)
        decision = form.cleaned_data["decision"]
        try:
            outcome = moderation.decide(
                comment,
                decision=decision,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                expected_status=form.cleaned_data["expected"],
                moderator=request.user,
            )
        except moderation.DecisionRefused as refusal:
            return JsonResponse({"ok": False, "message": str(refusal)}, status=400)
        if outcome.conflicts:
            return JsonResponse(
                {"ok": False, "conflict": True, "message": outcome.conflicts[0].message()},
                status=409,
            )
        if decision == Decision.Kind.APPROVE:
            message = _("Comment %(id)s approved.") % {"id": comment.pk}
        else:
            message = _("Comment %(id)s rejected — %(label)s.") % {
                "id": comment.pk,
                "label": GuidelineCategory(form.cleaned_data["reason"]).label,
            }
        return JsonResponse({"ok": True, "message": message, "status": decision})

    def approve_unflagged_view(self, request):
        """ "Approve all on this page that have no flags": the page's unflagged pending comments."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        # fullmatch, not isdigit(): "²" is a digit to isdigit() but not to int(),
        # and 19 digits can pass the id column's range.
        ids = [int(pk) for pk in request.POST.getlist("unflagged") if _ID.fullmatch(pk)][:500]
        filters = request.GET.get("_changelist_filters", "")
        queue_url = reverse("admin:comments_comment_changelist") + (
            f"?{filters}" if filters else ""
        )
        # Flags are fixed when a comment is posted; the filter re-checks the page's claim.
        unflagged = [
            pk
            for pk, flags in Comment.objects.filter(pk__in=ids).values_list("pk", "flags")
            if not flags
        ]
        if not unflagged:
            self.message_user(request, _("No comment without flags to approve."), messages.INFO)
            return HttpResponseRedirect(queue_url)
        outcome = moderation.decide(
            unflagged, decision=Decision.Kind.APPROVE, moderator=request.user
        )
        self._report(request, outcome, Decision.Kind.APPROVE)
        return HttpResponseRedirect(queue_url)

    def reject_view(self, request, object_id, reason):
        """The queue row's suggested "Reject — <category>" button: reject a pending comment."""
        form = DecisionForm({"decision": Decision.Kind.REJECT, "reason": reason})
        return self._decide(request, object_id, form, back_to_queue=True)

    def decide_view(self, request, object_id):
        """The decision buttons on a comment's page: approve, reject, reverse, pick."""
        return self._decide(request, object_id, DecisionForm(request.POST), back_to_queue=False)

    def _decide(self, request, object_id, form, *, back_to_queue: bool):
        """Carry out one decision form through comments.moderation, then go back.

        To the queue, with its filters and order, after a decision; to the
        comment's page when it could not be made (or another moderator got
        there first), with the reason in a message.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        filters = request.GET.get("_changelist_filters", "")
        query = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""
        queue_url = reverse("admin:comments_comment_changelist") + (
            f"?{filters}" if filters else ""
        )
        change_url = reverse("admin:comments_comment_change", args=[comment.pk]) + query
        failed_url = queue_url if back_to_queue else change_url
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(failed_url)
        decision = form.cleaned_data["decision"]
        if decision in DecisionForm.PICKS:
            changed = moderation.set_editors_pick(comment, value=decision == "pick")
            if changed:
                self.message_user(request, _("Editors’ pick updated."), messages.SUCCESS)
            else:
                self.message_user(
                    request, _("Only an approved comment can be an editors’ pick."), messages.ERROR
                )
            return HttpResponseRedirect(change_url)
        try:
            outcome = moderation.decide(
                comment,
                decision=decision,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                expected_status=form.cleaned_data["expected"],
                moderator=request.user,
            )
        except moderation.DecisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(failed_url)
        self._report(request, outcome, decision)
        return HttpResponseRedirect(failed_url if outcome.conflicts else queue_url)

    def block_selected(self, request, queryset, *, by: str):
        """The "Block" actions: ask for a reason, then add the commenters to the block list."""
        if by == "email":
            targets = sorted(set(queryset.values_list("author_email", flat=True)))
        else:
            targets = sorted({ip for ip in queryset.values_list("ip_address", flat=True) if ip})
        if not targets:
            self.message_user(
                request,
                _("The selected comments have no IP address any more (it was erased)."),
                messages.WARNING,
            )
            return None
        form = BlockForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_valid():
            days = form.cleaned_data["days"]
            entries = moderation.block(
                reason=form.cleaned_data["reason"],
                moderator=request.user,
                emails=targets if by == "email" else (),
                networks=targets if by == "ip" else (),
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry added to the block list.",
                    "%(count)d entries added to the block list.",
                    len(entries),
                )
                % {"count": len(entries)},
                messages.SUCCESS,
            )
            if len(entries) < len(targets):
                self.message_user(
                    request,
                    _("The others were already blocked."),
                    messages.INFO,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Block these e-mail addresses")
            if by == "email"
            else _("Block these IP addresses"),
            "opts": self.model._meta,
            "targets": targets,
            "form": form,
            "action": request.POST.get("action", ""),
            "selected": list(queryset.values_list("pk", flat=True)),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/comments/comment/block_confirmation.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_moderate": self.has_moderate_permission(request),
            "may_block": self.has_block_permission(request),
            "guideline_categories": [
                (category.value, category.label, GUIDELINE_DESCRIPTIONS[category])
                for category in GuidelineCategory
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)


class _LogAdmin(admin.ModelAdmin):
    """An append-only log: readable, never added to, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DecisionModeratorFilter(admin.SimpleListFilter):
    """The log by moderator: today's moderators, and whoever the link names.

    Not a RelatedOnlyFieldListFilter, which reads the distinct moderators of
    the whole log on every page of it.
    """

    title = _("moderator")
    parameter_name = "moderator__id__exact"

    def lookups(self, request, model_admin):
        value = self.value() or ""
        who = Q(groups__name=MODERATORS)
        if value.isdigit():
            who |= Q(pk=int(value))
        users = get_user_model().objects.filter(who)
        return [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in users.distinct().order_by("username")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters("a moderator's id")
        return queryset.filter(moderator_id=int(value))


class DecisionSectionFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Section.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(comment__article__section_id=int(self.value()))
        return queryset


# What the log's list, and its CSV export, show of each decision's comment.
_EXCERPT_LENGTH = 80


def _of_comment(field: str):
    return Subquery(Comment.objects.filter(pk=OuterRef("comment_id")).values(field)[:1])


@admin.register(Decision)
class DecisionAdmin(_LogAdmin):
    """The decision log, read-only: rows are added by moderation, never changed or deleted.

    Each row names the article and the comment's first words, read beside it
    (a removed comment's row stays, with neither); the editor in charge may
    export what the filters show as CSV.
    """

    list_display = (
        "created_at",
        "moderator_name",
        "decision",
        "reason",
        "note",
        "article_headline",
        "comment_link",
    )
    list_filter = (
        DecisionModeratorFilter,
        "reason",
        DecisionSectionFilter,
        ("created_at", admin.DateFieldListFilter),
        "decision",
    )
    search_fields = ("moderator_name",)
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    show_full_result_count = False

    CSV_COLUMNS = (
        ("time", "created_at"),
        ("moderator", "moderator_name"),
        ("decision", "decision"),
        ("clause", "reason"),
        ("note", "note"),
        ("status_before", "previous_status"),
        ("comment_id", "comment_id"),
        ("article", "headline"),
        ("comment_first_words", "excerpt"),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                headline=Subquery(
                    Comment.objects.filter(pk=OuterRef("comment_id")).values("article__headline")[
                        :1
                    ]
                ),
                excerpt=Substr(_of_comment("body"), 1, _EXCERPT_LENGTH),
            )
        )

    @admin.display(description=_("article"), ordering="headline")
    def article_headline(self, decision):
        return decision.headline or "–"

    @admin.display(description=_("comment"), ordering="comment_id")
    def comment_link(self, decision):
        if decision.excerpt is None:
            return format_html("#{} ({})", decision.comment_id, _("removed"))
        url = reverse("admin:comments_comment_change", args=[decision.comment_id])
        words = decision.excerpt + ("…" if len(decision.excerpt) >= _EXCERPT_LENGTH else "")
        return format_html(
            '<a href="{}">#{}</a> <span dir="auto">{}</span>', url, decision.comment_id, words
        )

    def has_export_permission(self, request):
        return request.user.has_perm("comments.export_decision")

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export.csv", export, name="comments_decision_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The log as the filters show it, as CSV, streamed (the editor in charge's permission)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except (IncorrectLookupParameters, UnusableFilter):
            return HttpResponseRedirect(reverse("admin:comments_decision_changelist"))
        rows = changelist.get_queryset(request).values_list(
            *(field for _name, field in self.CSV_COLUMNS)
        )

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def lines():
            yield writer.writerow([name for name, _field in self.CSV_COLUMNS])
            for row in rows.iterator(chunk_size=2000):
                yield writer.writerow(
                    [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="decision-log.csv"'
        return response


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force")), ("no", _("Expired"))]

    def queryset(self, request, queryset):
        active = BlockedCommenter.objects.active()
        if self.value() == "yes":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


@admin.register(BlockedCommenter)
class BlockedCommenterAdmin(admin.ModelAdmin):
    """The block list: moderators add, change and lift entries; every change is logged."""

    list_display = (
        "target",
        "reason",
        "expires_at",
        "in_force",
        "created_by_name",
        "created_at",
    )
    list_display_links = ("target",)
    list_filter = (InForceFilter,)
    search_fields = ("=email", "network", "reason")
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    fields = (
        "email",
        "network",
        "reason",
        "expires_at",
        "created_by_name",
        "created_at",
        "history",
    )
    readonly_fields = ("created_by_name", "created_at", "history")

    @admin.display(description=_("e-mail or IP"), ordering="email")
    def target(self, entry):
        return str(entry)

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, entry):
        return entry.is_active()

    @admin.display(description=_("history of this entry"))
    def history(self, entry):
        if entry.pk is None:
            return "–"
        rows = entry.log.order_by("created_at", "pk").values_list(
            "created_at", "kind", "moderator_name", "reason"
        )
        return format_html(
            '<ul class="block-history">{}</ul>',
            format_html_join(
                "",
                "<li>{} — {} — {}: {}</li>",
                (
                    (
                        date_format(timezone.localtime(at), "DATETIME_FORMAT"),
                        BlockLog.Kind(kind).label,
                        name,
                        reason,
                    )
                    for at, kind, name, reason in rows
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        moderation.save_block(obj, moderator=request.user)

    def delete_model(self, request, obj):
        moderation.unblock(obj, moderator=request.user, note=_("Deleted in the admin."))

    def delete_queryset(self, request, queryset):
        moderation.unblock(list(queryset), moderator=request.user, note=_("Deleted in the admin."))


@admin.register(BlockLog)
class BlockLogAdmin(_LogAdmin):
    """The block list's log, read-only: rows are added by the block list, never changed."""

    list_display = (
        "created_at",
        "kind",
        "email",
        "network",
        "reason",
        "expires_at",
        "moderator_name",
        "note",
    )
    list_filter = ("kind",)
    search_fields = ("=email", "network", "moderator_name")
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    show_full_result_count = False


# --- Mail to commenters -------------------------------------------------------


@admin.action(description=_("Send again"), permissions=["change"])
def send_again(modeladmin, request, queryset):
    ids = notifications.send_again(queryset)
    if ids:
        tasks.deliver_notices.enqueue(ids)
    modeladmin.message_user(
        request,
        ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", len(ids))
        % {"count": len(ids)},
        messages.SUCCESS,
    )


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox: what was sent to commenters, what waits, and what failed (with the reason)."""

    list_display = [
        "created_at",
        "kind",
        "email",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    actions = [send_again]
    readonly_fields = [
        "key",
        "kind",
        "email",
        "language",
        "comment",
        "decision",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    fields = readonly_fields
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; "Send again" is an action, allowed to superusers.
        return request.user.is_superuser and obj is None

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommenterEmail)
class CommenterEmailAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _clause_counts():
    return {
        f"reports_{category.value}": Count(
            "reports", filter=Q(reports__settled_at__isnull=True, reports__reason=category.value)
        )
        for category in GuidelineCategory
    }


@admin.register(ReportedComment)
class ReportedCommentAdmin(admin.ModelAdmin):
    """The "reported" queue: published comments readers reported, one row per comment.

    Most reported first. A moderator keeps the comment (logged, with a note)
    or removes it under a clause (a rejection of the published comment, logged
    with the note; its text is never touched). Who reported is never shown.
    """

    list_display_links = None
    list_select_related = ("article",)
    list_per_page = 50
    show_full_result_count = False
    actions = None

    class Media:
        css = {"all": ["css/comments-admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Comment.Status.APPROVED, reports__settled_at__isnull=True)
            .annotate(
                open_reports=Count("reports", filter=Q(reports__settled_at__isnull=True)),
                **_clause_counts(),
            )
            .order_by("-open_reports", "created_at", "pk")
        )

    def get_list_display(self, request):
        filters = self.get_preserved_filters(request)

        @admin.display(description=_("decide"))
        def decide(comment):
            counts = self._counts(comment)
            top = max(counts, key=lambda item: item[1])[0] if counts else None
            query = f"?{filters}" if filters else ""
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (category.value, " selected" if category == top else "", category.label)
                    for category in GuidelineCategory
                ),
            )
            return format_html(
                '<div class="settle-reports">'
                '<label>{}<input type="text" name="note-{}" value="{}" maxlength="2000"></label>'
                '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>'
                '<label>{}<select name="reason-{}">{}</select></label>'
                '<button type="submit" class="button reject" formaction="{}" formmethod="post">'
                "{}</button></div>",
                _("Note (kept in the log)"),
                comment.pk,
                _("Checked after readers’ reports."),
                reverse("admin:comments_reportedcomment_keep", args=[comment.pk]) + query,
                _("Keep"),
                _("Guideline"),
                comment.pk,
                options,
                reverse("admin:comments_reportedcomment_remove", args=[comment.pk]) + query,
                _("Remove under this guideline"),
            )

        columns = ["created_at", "article_headline", "text", "reports"]
        if self.has_moderate_permission(request):
            columns.append(decide)
        return columns

    @staticmethod
    def _counts(comment):
        counts = [
            (category, getattr(comment, f"reports_{category.value}", 0))
            for category in GuidelineCategory
        ]
        return [(category, count) for category, count in counts if count]

    @admin.display(description=_("article"), ordering="article__headline")
    def article_headline(self, comment):
        return comment.article.headline

    @admin.display(description=_("comment"))
    def text(self, comment):
        return format_html(
            '<div class="commenter"><strong dir="auto">{}</strong></div>'
            '<div dir="auto" class="comment-text">{}</div>',
            comment.author_name,
            comment.body,
        )

    @admin.display(description=_("reports"), ordering="open_reports")
    def reports(self, comment):
        return format_html(
            "<strong>{}</strong><br>{}",
            comment.open_reports,
            ", ".join(f"{category.label} ×{count}" for category, count in self._counts(comment)),
        )

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_view_permission(self, request, obj=None):
        return self.has_moderate_permission(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        keep = self.admin_site.admin_view(self.keep_view)
        remove = self.admin_site.admin_view(self.remove_view)
        return [
            path("<int:object_id>/keep/", keep, name="comments_reportedcomment_keep"),
            path("<int:object_id>/remove/", remove, name="comments_reportedcomment_remove"),
            *super().get_urls(),
        ]

    def keep_view(self, request, object_id):
        return self._settle(request, object_id, keep=True)

    def remove_view(self, request, object_id):
        return self._settle(request, object_id, keep=False)

    def _settle(self, request, object_id, *, keep: bool):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        filters = request.GET.get("_changelist_filters", "")
        back = reverse("admin:comments_reportedcomment_changelist") + (
            f"?{filters}" if filters else ""
        )
        note = request.POST.get(f"note-{object_id}", "")[:2000]
        reason = "" if keep else request.POST.get(f"reason-{object_id}", "")
        try:
            outcome = moderation.settle_reports(
                object_id, keep=keep, moderator=request.user, note=note, reason=reason
            )
        except moderation.DecisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(back)
        for conflict in outcome.conflicts:
            self.message_user(request, conflict.message(), messages.WARNING)
        if outcome.decided:
            self.message_user(
                request,
                _("Comment %(id)s kept.") % {"id": object_id}
                if keep
                else _("Comment %(id)s removed under “%(label)s”.")
                % {"id": object_id, "label": GuidelineCategory(reason).label},
                messages.SUCCESS,
            )
        elif not outcome.conflicts:
            self.message_user(request, _("These reports were already settled."), messages.INFO)
        return HttpResponseRedirect(back)


@admin.register(Report)
class ReportAdmin(_LogAdmin):
    """Every report received, for the record: which comment, which clause, when, and its outcome.

    Who reported is not stored (only a keyed hash) and not shown.
    """

    list_display = ("created_at", "comment_id", "reason", "settled_at", "outcome")
    list_filter = ("reason", "outcome")
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    show_full_result_count = False
    fields = ("comment_id", "reason", "created_at", "settled_at", "outcome")
    readonly_fields = fields


@admin.register(ModeratorAssignment)
class ModeratorAssignmentAdmin(admin.ModelAdmin):
    """Who looks after which section: their queue opens on it and its alerts go to them."""

    list_display = ("section", "edition", "moderator")
    list_filter = ("language", "section")
    ordering = ("language", "section__name", "moderator__username")

    @admin.display(description=_("edition"), ordering="language")
    def edition(self, assignment):
        return assignment.get_edition_display() if assignment.language else ""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            return forms.ChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                choices=[("", "---------"), *settings.LANGUAGES],
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "moderator":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=MODERATORS, is_active=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
