from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from webcore.groups import sync_group
from webcore.jinja2 import register_globals

MODERATORS = "Moderators"
# Moderators read comments and the log and decide; they change no article
# and delete no comment (only a superuser removes one, for legal reasons).
# They keep the block list (deleting an entry lifts the block; the block log
# records it) and read its log.
MODERATOR_PERMISSIONS = [
    "comments.view_comment",
    "comments.moderate_comment",
    "comments.view_decision",
    "comments.add_decision",
    "comments.add_blockedcommenter",
    "comments.change_blockedcommenter",
    "comments.delete_blockedcommenter",
    "comments.view_blockedcommenter",
    "comments.view_blocklog",
    "comments.view_notice",
    "comments.view_reportedcomment",
    "comments.view_report",
    "comments.view_moderatorassignment",
    "articles.view_article",
]

EDITORS_IN_CHARGE = "Editors in charge"
# The editor in charge reads the queue, the log and the reports, exports the
# log, and assigns moderators to sections; they decide nothing themselves.
EDITOR_IN_CHARGE_PERMISSIONS = [
    "comments.view_comment",
    "comments.view_decision",
    "comments.export_decision",
    "comments.view_report",
    "comments.view_reportedcomment",
    "comments.view_moderatorassignment",
    "comments.add_moderatorassignment",
    "comments.change_moderatorassignment",
    "comments.delete_moderatorassignment",
    "articles.view_article",
]


def sync_moderators(sender, using="default", apps=None, **kwargs):
    if using != "default":
        return
    for group, permissions in (
        (MODERATORS, MODERATOR_PERMISSIONS),
        (EDITORS_IN_CHARGE, EDITOR_IN_CHARGE_PERMISSIONS),
    ):
        if apps is not None:
            # Migrating to an older state (say, back to before the block list):
            # grant only what exists there; the next full migrate grants the rest.
            config = apps.get_app_config("comments")
            present = {model._meta.model_name for model in config.get_models()}
            custom = {
                codename
                for model in config.get_models()
                for codename, _label in model._meta.permissions
            }
            permissions = [
                dotted
                for dotted in permissions
                if not dotted.startswith("comments.")
                or dotted.split(".", 1)[1] in custom
                or dotted.rsplit("_", 1)[1] in present
            ]
        sync_group(group, permissions)


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        # Django's ready(): the one place an app may import its models' modules.
        from articles.views import add_to_article_page
        from comments import rendering, stats, views
        from comments.triggers import prepare_connection

        add_to_article_page(views.article_comments)
        add_to_article_page(views.comment_form_notes)
        register_globals(
            comment_count_label=rendering.comment_count_label,
            comment_form_fields=rendering.comment_form_fields,
            review_sentence=rendering.review_sentence,
            duration_label=stats.duration_label,
        )
        connection_created.connect(prepare_connection, dispatch_uid="comments_sqlite_fns")
        post_migrate.connect(sync_moderators, sender=self, dispatch_uid="comments_moderators")
