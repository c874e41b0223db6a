"""The markup of one comment, written in Python because it is printed hundreds of times a page.

Everything around the list (headings, pagination, the form) is in
``templates/comments/_section.html``. The list itself is the hot loop of a
busy article: written here, a comment costs a small fraction of what the
template engine spent on it (the README's Performance section has the
figures). The markup below is the template; change it here.

Only ``author_name`` needs escaping: ``body_html`` was escaped and linkified
by ``webcore.sanitize.comment_text_to_html`` when the comment was posted, and
every other value is a number or was formatted by us.
"""

from html import escape

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from comments.forms import CommentForm
from webcore.jinja2 import url

_COMMENT = (
    '<li id="comment-{pk}" class="comment{classes}">'
    '<p class="comment__meta meta"><bdi class="comment__author">{name}</bdi> · '
    '<a href="#comment-{pk}"><time datetime="{iso}">{when}</time></a>{badges}</p>'
    '<div class="comment__body" dir="auto">{body}</div>{after}</li>\n'
)
_REPORT_LINK = '<a class="comment__report" href="{href}" rel="nofollow">{label}</a>'
_REPLY_LINK = (
    '<a class="comment__reply" href="{query}{pk}#comment-form">{label}'
    '<span class="visually-hidden"> · {name}</span></a>'
)


def _labels() -> dict:
    return {
        "reply": escape(_("Reply")),
        "report": escape(_("Report")),
        # One reverse() per page, not per comment: the id is the only part that changes.
        "report_href": url("comments:report", 0).replace("/0/", "/{pk}/"),
        # format(), not f-strings: makemessages does not look inside an f-string.
        "pick": '<span class="badge badge--pick">{}</span>'.format(escape(_("Editors’ pick"))),
        "pending": '<span class="badge">{}</span>'.format(escape(_("Awaiting moderation"))),
        "only_you": '<p class="form-text">{}</p>'.format(
            escape(_("Only you can see this comment until a moderator approves it."))
        ),
    }


def _one(row: dict, labels: dict, after: str = "") -> str:
    classes = ""
    badges = ""
    if row["is_editors_pick"]:
        classes += " comment--pick"
        badges += " " + labels["pick"]
    if row.get("is_pending"):
        classes += " comment--pending"
        badges += " " + labels["pending"]
        after = labels["only_you"] + after
    else:
        href = labels["report_href"].format(pk=row["pk"])
        after = _REPORT_LINK.format(href=href, label=labels["report"]) + after
    return _COMMENT.format(
        pk=row["pk"],
        classes=classes,
        name=escape(row["author_name"]),
        iso=row["iso"],
        when=row["when"],
        badges=badges,
        body=row["body_html"],
        after=after,
    )


def thread_list(threads: list[dict], *, reply_query: str | None) -> SafeString:
    """The ``<li>`` of each thread with its replies; a Reply link when ``reply_query`` is set."""
    if not threads:
        return mark_safe("")  # noqa: S308 - empty
    labels = _labels()
    parts = []
    for row in threads:
        after = ""
        if reply_query is not None and not row.get("is_pending"):
            after = _REPLY_LINK.format(
                query=reply_query,
                pk=row["pk"],
                label=labels["reply"],
                name=escape(row["author_name"]),
            )
        if row["replies"]:
            inner = "".join(_one(reply, labels) for reply in row["replies"])
            after += f'<ol class="comment-list">{inner}</ol>'
        parts.append(_one(row, labels, after))
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts above


def review_sentence(contact: str) -> SafeString:
    """Where to ask for a decision to be reviewed: a sentence with the address as a mail link."""
    link = format_html('<a href="mailto:{}">{}</a>', contact, contact)
    return format_html(
        escape(
            _(
                "If you think a decision on your comment was wrong, write to %(contact)s "
                "and ask for it to be reviewed."
            )
        ).replace("%(contact)s", "{}"),
        link,
    )


def comment_count_label(count: int) -> str:
    """ "1 comment", "12 comments": the plural lives here, where makemessages finds it."""
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


_unbound_fields: dict[tuple, str] = {}


def comment_form_fields(form=None) -> SafeString:
    """The form's fields through crispy; an empty form's HTML is rendered once and reused.

    An empty comment form is identical on every article (the reply target and
    the CSRF token live outside the fields), and crispy costs milliseconds, so
    the first rendering per language and length limit is kept for the process.
    ``form`` is None for an empty form: then not even the form object is built
    unless this process has not rendered one yet (see comments.selectors).
    """
    if form is not None and form.is_bound:
        return mark_safe(render_crispy_form(form, form.helper))  # noqa: S308 - crispy escapes
    key = (get_language(), settings.COMMENTS_MAX_LENGTH)
    html = _unbound_fields.get(key)
    if html is None:
        if form is None:
            form = CommentForm(article=None)
        html = _unbound_fields[key] = render_crispy_form(form, form.helper)
    return mark_safe(html)  # noqa: S308 - crispy's own escaped output
