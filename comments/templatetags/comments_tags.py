"""Template tags for the comment section."""

from crispy_forms.utils import render_crispy_form
from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.forms import CommentForm

register = template.Library()

_unbound_fields: dict[tuple, str] = {}


@register.simple_tag
def comment_form_fields(form=None):
    """The form's fields through crispy; an empty form's HTML is rendered once and reused.

    An empty comment form is identical on every article (the reply target and
    the CSRF token live outside the fields), and crispy costs milliseconds, so
    the first rendering per language and length limit is kept for the process.
    ``form`` is None for an empty form: then not even the form object is built
    unless this process has not rendered one yet (see comments.selectors).
    """
    if form is not None and form.is_bound:
        return render_crispy_form(form, form.helper)
    key = (get_language(), settings.COMMENTS_MAX_LENGTH)
    html = _unbound_fields.get(key)
    if html is None:
        if form is None:
            form = CommentForm(article=None)
        html = _unbound_fields[key] = render_crispy_form(form, form.helper)
    return mark_safe(html)  # noqa: S308 - crispy's own escaped output
