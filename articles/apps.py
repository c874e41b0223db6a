from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from webcore.groups import sync_group
from webcore.jinja2 import register_globals
from webcore.pagecache import register_change_moment

# Editors run the newsroom's content and nothing else: no comment moderation,
# no user accounts. Listed here so a reviewer sees the whole grant at once.
EDITOR_PERMISSIONS = [
    f"articles.{action}_{model}"
    for model in ("article", "section", "tag", "author", "byline")
    for action in ("add", "change", "delete", "view")
] + ["articles.preview_article"]


def sync_editors_group(sender, using="default", **kwargs):
    sync_group("Editors", EDITOR_PERMISSIONS)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Runs after auth has created this app's permissions (auth connects first).
        post_migrate.connect(sync_editors_group, sender=self, dispatch_uid="articles_editors")
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
            iso_when=rendering.iso_when,
            long_when=rendering.long_when,
            story_cards=rendering.story_cards,
            search_cards=rendering.search_cards,
            search_result_label=rendering.search_result_label,
        )
