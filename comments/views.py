"""Reader-facing comment pages: posting a comment, the guidelines, a comment's permalink.

Posting is a form post: read the request, let ``comments.moderation`` decide
whether it may be stored, answer. Each refusal is a page that says why, with
a 4xx status, and stores nothing.
"""

import copy

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import csrf as django_csrf
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from comments import moderation, notifications, ratelimit, tasks
from comments.clients import client_ip, user_agent
from comments.forms import CommentForm
from comments.models import GUIDELINE_DESCRIPTIONS, Comment, GuidelineCategory
from comments.selectors import permalink_target, remember_pending
from webcore.pagecache import mark_private, reader_page


def wait_message(minutes: int) -> str:
    """The rate-limited page's sentence: the plural lives here, where makemessages finds it."""
    return ngettext(
        "You have posted several comments in a short time. Your comment was not saved; "
        "please try again in a minute.",
        "You have posted several comments in a short time. Your comment was not saved; "
        "please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def _rate_limited(request, article):
    rate = ratelimit.current_rate()
    minutes = max(1, rate.seconds // 60)
    response = render(
        request,
        "comments/rate_limited.html",
        {"article": article, "wait_message": wait_message(minutes)},
        status=429,
    )
    response["Retry-After"] = str(ratelimit.retry_after(rate))
    return response


def _article_page_with_errors(request, article, form):
    """The article page again, the reader's comment and the errors in its form (400)."""
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.GET = QueryDict()  # page 1 of the comments, where the form is
    page_request.comment_form = form
    # The article view itself, not resolve() of its URL: that URL carries the
    # script prefix when the site is served below a path.
    from articles.views import ArticleDetailView

    response = ArticleDetailView.as_view()(page_request, slug=article.slug)
    if hasattr(response, "render"):
        response.render()
    response.status_code = 400
    return mark_private(response)


@require_POST
@cache_control(private=True, no_store=True)
def post_comment(request, slug):
    """Store a reader's comment as pending, or say why not."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not moderation.may_post(article):
        return render(request, "comments/closed.html", {"article": article}, status=403)
    ip_address = client_ip(request)
    if ratelimit.is_limited("ip", ip_address):
        return _rate_limited(request, article)

    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page_with_errors(request, article, form)
    email = form.cleaned_data["author_email"]
    # Both counters advance on every accepted attempt, so neither a new
    # address nor a new e-mail buys a fresh allowance.
    within_ip = ratelimit.hit("ip", ip_address)
    within_email = ratelimit.hit("email", email)
    if not (within_ip and within_email):
        return _rate_limited(request, article)
    try:
        comment = moderation.submit(
            article=article, form=form, ip_address=ip_address, user_agent=user_agent(request)
        )
    except moderation.CommenterBlocked as refusal:
        # Neutral on purpose: the page does not say why, or that a block exists.
        return render(
            request,
            "comments/refused.html",
            {"article": article, "message": str(refusal)},
            status=403,
        )
    except moderation.DuplicateComment:
        form.add_error(None, _("You have already posted this comment on this article."))
        return _article_page_with_errors(request, article, form)

    messages.success(
        request,
        _(
            "Thank you. Your comment is awaiting moderation: it will appear here once a "
            "moderator approves it."
        ),
    )
    response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    response.status_code = 303
    remember_pending(request, response, comment.pk)
    return response


@require_GET
@reader_page
def guidelines(request):
    categories = [
        (category.label, GUIDELINE_DESCRIPTIONS[category]) for category in GuidelineCategory
    ]
    return render(request, "comments/guidelines.html", {"categories": categories})


@require_GET
def permalink(request, pk):
    """/comments/<id>/ → the article page (and page of comments) that shows it."""
    comment = get_object_or_404(
        Comment.objects.approved().select_related("article", "parent"), pk=pk
    )
    if not comment.article.is_published() or (
        comment.parent and comment.parent.status != Comment.Status.APPROVED
    ):
        raise Http404("No such comment.")
    return redirect(permalink_target(comment))


@require_GET
@never_cache
def csrf_token(request):
    """This browser's CSRF token, for the comment form of a shared, cached article page."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """A comment sent without a valid token comes back to its reader, text kept.

    That happens without JavaScript (cached pages carry no token) or after
    the token expired. The reader gets the article page with their comment
    in the form, a token now in it, and a plain request to send it again.
    Every other CSRF failure gets Django's page.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match is not None and match.view_name == "comments:post" and request.method == "POST":
        article = Article.objects.published().filter(slug=match.kwargs["slug"]).first()
        if article is not None and moderation.may_post(article):
            form = CommentForm(request.POST, article=article)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Your comment has not been sent yet: for your security, please check it "
                    "and press the button again."
                ),
            )
            get_token(request)
            response = _article_page_with_errors(request, article, form)
            response.status_code = 403
            return response
    return django_csrf.csrf_failure(request, reason=reason)


@cache_control(private=True, no_store=True)
def confirm_email(request, token):
    """The confirmation mail's link: a page with a button, so a mail scanner confirms nothing."""
    address = notifications.address_for_token(token)
    if address is None:
        return render(request, "comments/confirm_email.html", {"invalid": True}, status=404)
    if request.method == "POST":
        tasks.confirm_address(address)
        return render(request, "comments/confirm_email.html", {"confirmed": True})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "comments/confirm_email.html", {"confirmed": address.is_confirmed()})
