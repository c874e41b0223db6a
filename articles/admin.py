"""The newsroom's back office: editors write, schedule, publish and fix articles here."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import images, reports
from articles.forms import ArticleAdminForm
from articles.models import Article, Author, Byline, Correction, ErrorReport, Section, Tag
from webcore.editions import has_several_editions
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


class EditionFields:
    """The edition (and an article's translations) in the admin, shown once there are several.

    The model field names no languages (a migration would freeze them): the
    choices are the configured editions, the default edition's first.
    """

    edition_fields = ("language",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            return forms.TypedChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                choices=settings.LANGUAGES,
                initial=settings.LANGUAGE_CODE,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if has_several_editions():
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in self.edition_fields]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return [*shown, "language"] if has_several_editions() else shown

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return ["language", *filters] if has_several_editions() else filters


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    fields = ["author", "position"]


class CorrectionInline(admin.StackedInline):
    """Corrections and updates under a published article: added here, never changed."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "editor_name"]
    readonly_fields = ["created_at", "editor_name"]
    verbose_name = _("correction or update (published as soon as the article is saved)")
    verbose_name_plural = _("corrections and updates (published as soon as the article is saved)")

    def get_extra(self, request, obj=None, **kwargs):
        # An empty form to fill in, on a published article only.
        return 1 if obj is not None and obj.is_published() else 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_published() and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(EditionFields, RetiresCachedPages, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "visibility", "section", "published_at", "byline"]
    list_display_links = ["headline"]
    list_filter = [VisibilityFilter, "status", "section", "tags"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "translation_of"]
    edition_fields = ("language", "translation_of")
    inlines = [BylineInline, CorrectionInline]
    actions = ["publish_now", "unpublish"]
    readonly_fields = ["created_at", "updated_at", "preview_link"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "dateline", "section", "tags"]}),
        (_("Edition"), {"fields": ["language", "translation_of"]}),
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
        if "hero_image" in form.changed_data:
            # Once per upload: the widths readers' screens need (articles/images.py).
            images.make_hero_renditions(obj)
        if removed:
            self.message_user(
                request,
                _("HTML that articles may not contain was removed from the body: %(removed)s.")
                % {"removed": ", ".join(removed)},
                messages.WARNING,
            )

    def get_inlines(self, request, obj):
        # A new article has nothing to correct yet.
        if obj is None:
            return [BylineInline]
        return [BylineInline, CorrectionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            correction.editor = request.user
            correction.save()
        return None

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
class SectionAdmin(EditionFields, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    fields = ["name", "slug", "language", "description", "order"]
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


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The public record of corrections and updates: read here, added under each article."""

    list_display = ["created_at", "kind", "article", "text", "editor_name"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "text", "created_at", "editor_name"]
    readonly_fields = ["created_at", "editor_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.editor = request.user
        super().save_model(request, obj, form, change)


class ErrorReportStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ErrorReport.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Readers' reports of errors: the editors read each one and record their answer."""

    list_display = ["created_at", "article", "short_description", "status", "answered_by"]
    list_filter = [ErrorReportStatusFilter]
    list_select_related = ["article", "answered_by"]
    search_fields = ["description", "article__headline", "reporter_email"]
    date_hierarchy = "created_at"
    fields = [
        "article_link",
        "description",
        "reporter_email",
        "created_at",
        "status",
        "answer",
        "answered_at",
        "answered_by",
    ]
    readonly_fields = [
        "article_link",
        "description",
        "reporter_email",
        "created_at",
        "answered_at",
        "answered_by",
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers

    def has_delete_permission(self, request, obj=None):
        return False  # answered or not, a report stays on record

    @admin.display(description=_("what is wrong"))
    def short_description(self, obj):
        return obj.description[:120]

    @admin.display(description=_("article"))
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            obj.article.get_absolute_url(),
            obj.article.headline,
            reverse("admin:articles_article_change", args=[obj.article_id]),
            _("edit, or add a correction"),
        )

    def save_model(self, request, obj, form, change):
        reports.answer_report(
            obj,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
            editor=request.user,
        )
