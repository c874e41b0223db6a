from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Editors run the newsroom's content and nothing else: no comment moderation,
# no user accounts. Listed here so a reviewer sees the whole grant at once.
EDITOR_PERMISSIONS = [
    f"articles.{action}_{model}"
    for model in ("article", "section", "tag", "author", "byline")
    for action in ("add", "change", "delete", "view")
] + ["articles.preview_article"]


def sync_editors_group(sender, using="default", **kwargs):
    from newsroom.groups import sync_group

    sync_group("Editors", EDITOR_PERMISSIONS)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Runs after auth has created this app's permissions (auth connects first).
        post_migrate.connect(sync_editors_group, sender=self, dispatch_uid="articles_editors")
