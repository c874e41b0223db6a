from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

MODERATORS = "Moderators"
# Moderators read comments and the log and decide; they change no article
# and delete nothing (only a superuser removes a comment, for legal reasons).
MODERATOR_PERMISSIONS = [
    "comments.view_comment",
    "comments.moderate_comment",
    "comments.view_decision",
    "comments.add_decision",
    "articles.view_article",
]


def sync_moderators(sender, using="default", **kwargs):
    from newsroom.groups import sync_group

    if using == "default":
        sync_group(MODERATORS, MODERATOR_PERMISSIONS)


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments.triggers import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="comments_sqlite_fns")
        post_migrate.connect(sync_moderators, sender=self, dispatch_uid="comments_moderators")
