"""The newsroom's back office: editors write, schedule, publish and fix articles here."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.forms import ArticleAdminForm
from articles.models import Article, Author, Byline, Section, Tag
from webcore.pagecache import forget_reader_pages
from webcore.sanitize import describe_removed_markup


class VisibilityFilter(admin.SimpleListFilter):
    """What a reader sees right now, which the status alone does not say for scheduled articles."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.drafts()
        return queryset


class RetiresCachedPages:
    """Bulk "Delete selected" runs one DELETE, never the models' delete(): say so to the cache."""

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_reader_pages()


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    fields = ["author", "position"]


@admin.register(Article)
class ArticleAdmin(RetiresCachedPages, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "visibility", "section", "published_at", "byline"]
    list_display_links = ["headline"]
    list_filter = [VisibilityFilter, "status", "section", "tags"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline]
    actions = ["publish_now", "unpublish"]
    readonly_fields = ["created_at", "updated_at", "preview_link"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "dateline", "section", "tags"]}),
        (_("Copy"), {"fields": ["body"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "preview_link", "created_at", "updated_at"]},
        ),
        (_("Comments"), {"fields": ["comments_open", "comments_close_at"]}),
    ]

    def get_queryset(self, request):
        # The byline column reads prefetched rows: one query for the whole page.
        return super().get_queryset(request).for_listing()

    def view_on_site(self, obj):
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"slug": obj.slug})

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, obj):
        if obj.is_published():
            return _("Live")
        if obj.is_scheduled():
            return _("Scheduled")
        return _("Draft")

    @admin.display(description=_("byline"))
    def byline(self, obj):
        return ", ".join(author.name for author in obj.byline_authors)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Save the article to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("articles:preview", kwargs={"slug": obj.slug}),
            _("Preview as readers will see it"),
        )

    def save_model(self, request, obj, form, change):
        removed = describe_removed_markup(form.data.get("body", ""))
        super().save_model(request, obj, form, change)
        if removed:
            self.message_user(
                request,
                _("HTML that articles may not contain was removed from the body: %(removed)s.")
                % {"removed": ", ".join(removed)},
                messages.WARNING,
            )

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = queryset.publish_now(at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d article is now live.",
                "%(count)d articles are now live.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%(count)d article was taken back to draft.",
                "%(count)d articles were taken back to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_actions(self, request):
        # Bulk delete would skip Section.delete() and leave the header stale.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Tag)
class TagAdmin(RetiresCachedPages, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(RetiresCachedPages, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
