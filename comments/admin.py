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

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import moderation, notifications, tasks
from comments.forms import DecisionForm
from comments.models import (
    GUIDELINE_DESCRIPTIONS,
    BlockedCommenter,
    BlockLog,
    Comment,
    CommenterEmail,
    Decision,
    GuidelineCategory,
    Notice,
    normalise_network,
)
from comments.templatetags.comments_admin import (
    flag_summary,
    highlight_evidence,
    suggested_rejection,
)

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
    fields = ("created_at", "decision", "reason", "moderator_name", "previous_status", "note")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    extra = 0
    can_delete = False
    verbose_name_plural = _("decision history")

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
        ("article", admin.RelatedOnlyFieldListFilter),
        "reason",
        CommenterEmailFilter,
        CommenterIPFilter,
    )
    list_select_related = ("article",)
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
            if not may_moderate or comment.status != Comment.Status.PENDING:
                return flag_summary(comment.flags)
            return format_html(
                "{}{}", flag_summary(comment.flags), self._decision_buttons(comment, filters)
            )

        return (
            "created_at",
            "article_link",
            commenter,
            "text",
            "status",
            flags,
            "is_editors_pick",
        )

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, comment):
        return format_html(
            '<a href="?article__id__exact={}">{}</a>', comment.article_id, comment.article.headline
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
        return flag_summary(comment.flags)

    @staticmethod
    def _decision_buttons(comment, filters: str) -> str:
        """The suggested "Reject — <category>" button, when a guideline flag suggests one.

        A button of the changelist's own form (it carries the CSRF token), sent
        to the rejection URL instead of the actions; the queue's filters ride along.
        """
        suggestion = suggested_rejection(comment.flags)
        if suggestion is None:
            return ""
        url = reverse("admin:comments_comment_reject", args=[comment.pk, suggestion.value])
        if filters:
            url = f"{url}?{filters}"
        return format_html(
            '<button type="submit" class="button suggested-reject" formaction="{}" '
            'formmethod="post" title="{}">{}</button>',
            url,
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
        return [
            path("<int:object_id>/decide/", decide, name="comments_comment_decide"),
            path("<int:object_id>/reject/<slug:reason>/", reject, name="comments_comment_reject"),
            *super().get_urls(),
        ]

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


@admin.register(Decision)
class DecisionAdmin(_LogAdmin):
    """The decision log, read-only: rows are added by moderation, never changed or deleted."""

    list_display = (
        "created_at",
        "comment_link",
        "decision",
        "reason",
        "moderator_name",
        "previous_status",
        "note",
    )
    list_filter = ("decision", "reason")
    search_fields = ("moderator_name",)
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("comment"), ordering="comment_id")
    def comment_link(self, decision):
        if decision.decision == Decision.Kind.REMOVE:
            return format_html("#{} ({})", decision.comment_id, _("removed"))
        url = reverse("admin:comments_comment_change", args=[decision.comment_id])
        return format_html('<a href="{}">#{}</a>', url, decision.comment_id)


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
