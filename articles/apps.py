from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from webcore.appendonly import register_sqlite_functions
from webcore.groups import sync_group
from webcore.jinja2 import register_globals
from webcore.pagecache import register_change_moment

# Editors run the newsroom's content and nothing else: no comment moderation,
# no user accounts. Listed here so a reviewer sees the whole grant at once.
EDITOR_PERMISSIONS = [
    f"articles.{action}_{model}"
    for model in ("article", "section", "tag", "author", "byline")
    for action in ("add", "change", "delete", "view")
] + [
    "articles.preview_article",
    # Corrections are added, never changed or deleted (the database refuses too).
    "articles.add_correction",
    "articles.view_correction",
    # Readers' error reports reach the editors, who record their answer.
    "articles.view_errorreport",
    "articles.change_errorreport",
]


def sync_editors_group(sender, using="default", apps=None, **kwargs):
    permissions = EDITOR_PERMISSIONS
    if apps is not None:
        # Migrating back to an older state (say, before corrections): grant only
        # what exists there; the next full migrate grants the rest.
        present = {model._meta.model_name for model in apps.get_app_config("articles").get_models()}
        permissions = [dotted for dotted in permissions if dotted.rsplit("_", 1)[1] in present]
    sync_group("Editors", permissions)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Runs after auth has created this app's permissions (auth connects first).
        post_migrate.connect(sync_editors_group, sender=self, dispatch_uid="articles_editors")
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="webcore_appendonly_sqlite_fns"
        )
        # Django's ready(): the one place an app may import its models' modules.
        from articles import rendering, search
        from articles.models import Article

        # The search index follows the edition's language.
        post_migrate.connect(
            search.index_after_migrate, sender=self, dispatch_uid="articles_search"
        )

        register_change_moment(Article.objects.next_change_at)
        register_globals(
            absolute_url=rendering.build_absolute_url,
            article_body=rendering.article_body,
            article_meta=rendering.article_meta,
            byline=rendering.byline,
            comma=rendering.comma,
            date_modified=rendering.date_modified,
            hero_picture=rendering.hero_picture,
            hreflang_links=rendering.hreflang_links,
            share_links=rendering.share_links,
            iso_when=rendering.iso_when,
            long_when=rendering.long_when,
            short_when=rendering.short_when,
            story_cards=rendering.story_cards,
            search_cards=rendering.search_cards,
            search_result_label=rendering.search_result_label,
        )
