"""Readers' error reports: received from the article page, answered by the editors.

The one place a report is stored or answered; the view and the admin call
these. Reports are rate-limited per address like comments
(``ARTICLES_REPORT_RATE_LIMIT``, counted by ``webcore.ratelimit``).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ErrorReport
from webcore import ratelimit

RATE_SCOPE = "articles-reports"


def current_rate() -> ratelimit.Rate | None:
    return ratelimit.parse_rate(settings.ARTICLES_REPORT_RATE_LIMIT)


def may_report(ip_address: str | None) -> bool:
    """False when this address has sent its allowance of reports in this window."""
    return not ratelimit.is_limited(RATE_SCOPE, ip_address, current_rate())


@transaction.atomic
def submit_report(
    *, article: Article, description: str, email: str, ip_address
) -> ErrorReport | None:
    """Store a reader's report for the editors; None when the address is over its limit."""
    if not ratelimit.hit(RATE_SCOPE, ip_address, current_rate()):
        return None
    return ErrorReport.objects.create(
        article=article, description=description, reporter_email=email
    )


@transaction.atomic
def answer_report(report: ErrorReport, *, status: str, answer: str, editor) -> ErrorReport:
    """Record the editors' answer (and who gave it, when) on ``report``."""
    report.status = status
    report.answer = answer
    report.full_clean()
    if status == ErrorReport.Status.NEW:
        report.answered_at = report.answered_by = None
    else:
        report.answered_at = timezone.now()
        report.answered_by = editor
    report.save()
    return report
