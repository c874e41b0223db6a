"""The moderation back office: the queue, the decision buttons and the decision log.

Comments open on the queue: pending comments, oldest first, with everything
a moderator needs on one line. Decisions are made with the bulk actions
("Approve", one "Reject — <category>" per guideline) or the buttons on a
comment's own page; both call ``comments.moderation``. No one can change a
comment here: every field is read-only and the change form refuses a POST.
Only a superuser may delete, and the deletion is recorded as a removal.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import moderation
from comments.models import GUIDELINE_DESCRIPTIONS, Comment, Decision, GuidelineCategory

# Conflicts listed one by one in the admin message; more are summed up.
_CONFLICTS_SHOWN = 10


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to pending: the queue is what a moderator opens the admin for."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def __init__(self, request, params, model, model_admin):
        # Filtering by guideline means rejected comments: do not hide them behind "pending".
        self.default = self.ALL if "reason__exact" in request.GET else Comment.Status.PENDING
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

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


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


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "article_link",
        "author_name",
        "author_email",
        "text",
        "status",
        "flag_list",
        "is_editors_pick",
    )
    list_display_links = ("created_at",)
    list_filter = (StatusFilter, ("article", admin.RelatedOnlyFieldListFilter), "reason")
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

    # --- Columns ----------------------------------------------------------

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, comment):
        return format_html(
            '<a href="?article__id__exact={}">{}</a>', comment.article_id, comment.article.headline
        )

    @admin.display(description=_("comment"))
    def text(self, comment):
        # The full text, escaped: moderators must see exactly what readers would.
        return format_html(
            '<div dir="auto" class="comment-text">{}</div>', linebreaksbr(comment.body)
        )

    @admin.display(description=_("flags"))
    def flag_list(self, comment):
        if not comment.flags:
            return "–"
        return format_html_join(
            ", ",
            "{} ({})",
            ((flag.get("category", "?"), flag.get("score", "")) for flag in comment.flags),
        )

    # --- Permissions ------------------------------------------------------

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

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
        return [
            path("<int:object_id>/decide/", decide, name="comments_comment_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id):
        """The decision buttons on a comment's page: approve, reject, reverse, pick."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        change_url = reverse("admin:comments_comment_change", args=[comment.pk])
        action = request.POST.get("decision", "")
        if action in ("pick", "unpick"):
            changed = moderation.set_editors_pick(comment, value=action == "pick")
            if changed:
                self.message_user(request, _("Editors’ pick updated."), messages.SUCCESS)
            else:
                self.message_user(
                    request, _("Only an approved comment can be an editors’ pick."), messages.ERROR
                )
            return HttpResponseRedirect(change_url)
        expected = request.POST.get("expected", "")
        if expected not in Comment.Status.values:
            expected = Comment.Status.PENDING
        try:
            outcome = moderation.decide(
                comment,
                decision=action,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
                expected_status=expected,
                moderator=request.user,
            )
        except moderation.DecisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        self._report(request, outcome, action)
        if outcome.conflicts:
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_moderate": self.has_moderate_permission(request),
            "guideline_categories": [
                (category.value, category.label, GUIDELINE_DESCRIPTIONS[category])
                for category in GuidelineCategory
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
