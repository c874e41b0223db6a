"""The admin index's line "N comments awaiting moderation": one indexed COUNT."""

from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count() -> int:
    return Comment.objects.pending().count()
