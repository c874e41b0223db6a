"""Reader-facing comment pages: the article's comment section, posting, the guidelines, permalinks.

Posting is a form post: read the request, let ``comments.moderation`` decide
whether it may be stored, answer. Each refusal is one page that says why
(``comments/refusal.html``), with a 4xx status, and stores nothing.
"""

import copy
import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import csrf as django_csrf
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article, slug_url
from articles.views import ArticleDetailView
from comments import moderation, notifications, ratelimit, stats, tasks
from comments.clients import client_ip, user_agent
from comments.forms import CommentForm, ReportForm
from comments.models import GUIDELINE_DESCRIPTIONS, Comment, GuidelineCategory
from comments.rendering import thread_list
from comments.selectors import comment_page, permalink_target
from webcore.pagecache import mark_private, reader_page

# A reader's own pending comments are found through a signed cookie listing
# their ids, not a session: anonymous readers get no session, and every page
# without that cookie can come from the shared page cache (which treats the
# cookie as personal).
PENDING_COOKIE = "newsroom_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = timedelta(days=7)
PENDING_KEEP = 20
# Past this page a number is nonsense (and would overflow the SQL OFFSET).
_MAX_PAGE = 1_000_000
_REPLY_ID = re.compile(r"[1-9][0-9]{0,17}")


def own_pending_ids(request) -> list[int]:
    """Ids of the comments this browser posted that may still await moderation."""
    if PENDING_COOKIE not in request.COOKIES:  # most readers: skip the signature work
        return []
    value = request.get_signed_cookie(
        PENDING_COOKIE,
        default=None,
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE.total_seconds(),
    )
    if not value:
        return []
    return [int(part) for part in value.split(".") if part.isdigit()][-PENDING_KEEP:]


def remember_pending(request, response, comment_id: int) -> None:
    """Add a just-posted comment to this browser's pending cookie."""
    ids = [*own_pending_ids(request), comment_id][-PENDING_KEEP:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ".".join(str(pk) for pk in ids),
        salt=PENDING_SALT,
        max_age=int(PENDING_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= _MAX_PAGE:
        raise Http404("No such page of comments.")
    return int(raw)


def article_comments(request, article) -> dict:
    """The article page's comment section: its part of the page's context.

    Registered with the article page (``CommentsConfig.ready``). A bound form
    (errors to show) comes from the post view as ``request.comment_form``;
    otherwise the fields are the empty form every article shares (printed from
    a memo by ``comment_form_fields``, so none is built here).
    """
    page = comment_page(
        article, number=_page_number(request), own_pending_ids=own_pending_ids(request)
    )
    if page is None:
        raise Http404("No such page of comments.")
    comments_open = article.accepts_comments()
    form = getattr(request, "comment_form", None)
    reply_to = None
    reply = request.GET.get("reply")
    if form is not None:
        reply_to = form.parent_comment
    elif comments_open and reply is not None:
        # fullmatch, not isdigit(): "²" is a digit to isdigit() but not to int().
        reply_to = page.thread(int(reply)) if _REPLY_ID.fullmatch(reply) else None
    reply_query = f"?page={page.number}&reply=" if page.number > 1 else "?reply="
    return {
        "comment_count": page.total,
        "comment_page": page,
        "comment_list_html": thread_list(
            page.threads, reply_query=reply_query if comments_open else None
        ),
        "own_pending_html": thread_list(page.own_pending, reply_query=None),
        "comment_post_url": slug_url("comments:post", article.slug),
        "comments_open": comments_open,
        "comment_form": form if comments_open else None,
        "reply_to": reply_to,
        # This reader's own pending comment or form errors are on the page; or
        # a reply link to no thread on it, which is served but never stored
        # (any number of such links would otherwise each keep a copy).
        "page_is_private": PENDING_COOKIE in request.COOKIES
        or form is not None
        or (reply is not None and reply_to is None),
    }


def comment_form_notes(request, article) -> dict:
    """What the comment form tells a commenter beside the guidelines: the usual wait, and
    where to ask for a review (its own part of the article page: one cached query)."""
    if not article.accepts_comments():
        return {}
    return {
        "typical_wait": stats.typical_wait_sentence(),
        "review_contact": settings.COMMENTS_REVIEW_CONTACT,
    }


def wait_message(minutes: int) -> str:
    """The rate-limited page's sentence: the plural lives here, where makemessages finds it."""
    return ngettext(
        "You have posted several comments in a short time. Your comment was not saved; "
        "please try again in a minute.",
        "You have posted several comments in a short time. Your comment was not saved; "
        "please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def refusal(request, *, heading: str, message: str, status: int, article=None):
    """The page of a refused comment: what happened, in a sentence; nothing was stored."""
    context = {"heading": heading, "message": message, "article": article}
    return render(request, "comments/refusal.html", context, status=status)


def _rate_limited(request, article):
    rate = ratelimit.current_rate()
    response = refusal(
        request,
        heading=_("Please wait before commenting again"),
        message=wait_message(max(1, rate.seconds // 60)),
        status=429,
        article=article,
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
        return refusal(
            request,
            heading=_("Comments are closed"),
            message=_("Comments on “%(headline)s” are closed, so your comment was not saved.")
            % {"headline": article.headline},
            status=403,
            article=article,
        )
    ip_address = client_ip(request)
    if ratelimit.is_limited("ip", ip_address):
        return _rate_limited(request, article)

    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page_with_errors(request, article, form)
    data = form.cleaned_data
    # Both counters advance on every accepted attempt, so neither a new
    # address nor a new e-mail buys a fresh allowance.
    within_ip = ratelimit.hit("ip", ip_address)
    within_email = ratelimit.hit("email", data["author_email"])
    if not (within_ip and within_email):
        return _rate_limited(request, article)
    try:
        comment = moderation.submit(
            article=article,
            parent=form.parent_comment,
            author_name=data["author_name"],
            author_email=data["author_email"],
            body=data["body"],
            ip_address=ip_address,
            user_agent=user_agent(request),
        )
    except moderation.CommenterBlocked as refused:
        # Neutral on purpose: the page does not say why, or that a block exists.
        return refusal(
            request,
            heading=_("Comment not accepted"),
            message=str(refused),
            status=403,
            article=article,
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


@require_safe
@reader_page(query=())
def guidelines(request):
    categories = [
        (category.label, GUIDELINE_DESCRIPTIONS[category]) for category in GuidelineCategory
    ]
    return render(request, "comments/guidelines.html", {"categories": categories})


@require_safe
def permalink(request, pk):
    """/comments/<id>/ → the article page (and page of comments) that shows it."""
    comment = get_object_or_404(
        Comment.objects.visible().select_related("article", "parent"), pk=pk
    )
    return redirect(permalink_target(comment))


@require_safe
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


@cache_control(private=True, no_store=True)
def report_comment(request, pk):
    """A reader reports a published comment under a guideline: a plain form, no script needed.

    Rate-limited per address like posting; one report per reader and comment;
    nothing on the page or in the admin says who reported.
    """
    comment = get_object_or_404(Comment.objects.visible().select_related("article"), pk=pk)
    article = comment.article
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        ip_address = client_ip(request)
        if ratelimit.is_limited("report", ip_address):
            rate = ratelimit.current_rate()
            response = refusal(
                request,
                heading=_("Please wait before reporting again"),
                message=_("You have sent several reports in a short time; please try again later."),
                status=429,
                article=article,
            )
            response["Retry-After"] = str(ratelimit.retry_after(rate))
            return response
        if form.is_valid():
            ratelimit.hit("report", ip_address)
            try:
                moderation.report(
                    comment=comment, reason=form.cleaned_data["reason"], ip_address=ip_address
                )
            except moderation.AlreadyReported:
                return refusal(
                    request,
                    heading=_("Already reported"),
                    message=_("You have already reported this comment. Thank you."),
                    status=409,
                    article=article,
                )
            return render(request, "comments/report.html", {"comment": comment, "done": True})
    context = {
        "comment": comment,
        "form": form,
        "done": False,
        "categories": [
            (category.value, category.label, GUIDELINE_DESCRIPTIONS[category])
            for category in GuidelineCategory
        ],
    }
    return render(request, "comments/report.html", context, status=400 if form.errors else 200)


@require_safe
@reader_page(query=())
def transparency(request):
    """What moderation did, month by month and section by section, counted from the log."""
    return render(
        request,
        "comments/transparency.html",
        {"months": stats.transparency(), "clauses": stats.clauses()},
    )
