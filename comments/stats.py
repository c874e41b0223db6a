"""Reads that count the moderation desk's work: the queue's service levels and the public report.

Both are read from the decision log and the comments, never from a second
tally, so what the transparency page says is what the log says: approvals
are ``approve`` decisions, rejections ``reject`` decisions (by clause),
"acted on" is a published comment rejected after readers' reports, and the
time to decision is from posting to a comment's first decision. Months are
the newsroom's own (``TIME_ZONE``). A comment removed for legal reasons
takes its section with it and is counted nowhere.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment, Decision, GuidelineCategory, Report

ALL = None  # the key of the "all sections" row


def _median_minutes(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) / 60, 1) if seconds else None


# --- Service levels (the queue's header) -----------------------------------


@dataclass
class QueueLevel:
    """One row of the queue's header: all sections (``section_id`` None) or one section."""

    section_id: int | None
    name: str
    pending: int = 0
    oldest_at: datetime | None = None
    median_day: float | None = None  # minutes from posting to decision, last 24 hours
    median_week: float | None = None  # the same over 7 days

    @property
    def oldest_minutes(self) -> int | None:
        if self.oldest_at is None:
            return None
        return max(0, int((timezone.now() - self.oldest_at).total_seconds() // 60))

    def labels(self) -> tuple[str, str, str]:
        """Oldest waiting, median over 24 hours and over 7 days, as people say them."""
        return (
            duration_label(self.oldest_minutes),
            duration_label(self.median_day),
            duration_label(self.median_week),
        )


SERVICE_LEVELS_KEY = "comments:service-level-medians"
# The medians move slowly (a week's decisions) and the queue is reloaded after
# every page a moderator empties: read the week's log once a minute, not per page.
SERVICE_LEVELS_SECONDS = 60


def decision_medians(
    now: datetime | None = None,
) -> list[tuple[int | None, str, float | None, float | None]]:
    """(section id, name, median over 24 hours, over 7 days) in minutes; all sections first.

    From posting to the first decision (approve or reject of a pending
    comment), read from the last 7 days of the log: a few thousand rows a
    week at a busy newsroom. Kept in the cache for ``SERVICE_LEVELS_SECONDS``.
    """
    held = cache.get(SERVICE_LEVELS_KEY)
    if held is not None:
        return held
    now = now or timezone.now()
    decided = Decision.objects.filter(
        created_at__gte=now - timedelta(days=7),
        previous_status=Comment.Status.PENDING,
        decision__in=[Decision.Kind.APPROVE, Decision.Kind.REJECT],
    ).values_list(
        "created_at",
        "comment__created_at",
        "comment__article__section_id",
        "comment__article__section__name",
    )
    names: dict[int | None, str] = {ALL: ""}
    week, day = defaultdict(list), defaultdict(list)
    for decided_at, posted_at, section_id, name in decided:
        names.setdefault(section_id, name)
        seconds = (decided_at - posted_at).total_seconds()
        for key in (ALL, section_id):
            week[key].append(seconds)
            if decided_at >= now - timedelta(days=1):
                day[key].append(seconds)
    medians = [
        (key, name, _median_minutes(day[key]), _median_minutes(week[key]))
        for key, name in names.items()
    ]
    cache.set(SERVICE_LEVELS_KEY, medians, SERVICE_LEVELS_SECONDS)
    return medians


def service_levels(now: datetime | None = None) -> list[QueueLevel]:
    """Pending count, oldest pending and median time to decision: all sections first.

    The pending counts are read live (one query); the medians come from
    :func:`decision_medians`, at most a minute old.
    """
    rows: dict[int | None, QueueLevel] = {ALL: QueueLevel(ALL, _("All sections"))}
    pending = (
        Comment.objects.pending()
        .order_by()
        .values("article__section_id", "article__section__name")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
    )
    for row in pending:
        level = rows.setdefault(
            row["article__section_id"],
            QueueLevel(row["article__section_id"], row["article__section__name"]),
        )
        level.pending, level.oldest_at = row["count"], row["oldest"]
        total = rows[ALL]
        total.pending += row["count"]
        if total.oldest_at is None or row["oldest"] < total.oldest_at:
            total.oldest_at = row["oldest"]
    for section_id, name, median_day, median_week in decision_medians(now):
        level = rows.setdefault(section_id, QueueLevel(section_id, name))
        level.median_day, level.median_week = median_day, median_week
    total = rows.pop(ALL)
    return [total, *sorted(rows.values(), key=lambda level: level.name)]


# --- The public transparency report ----------------------------------------


@dataclass
class Tally:
    """What happened to comments in one section (or all) in one month."""

    name: str
    posted: int = 0
    approved: int = 0
    rejected: int = 0
    by_clause: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    acted_on: int = 0  # published comments rejected after readers' reports
    kept: int = 0  # reported comments a moderator looked at again and kept
    _seconds: list[float] = field(default_factory=list, repr=False)

    @property
    def median_minutes(self) -> float | None:
        return _median_minutes(self._seconds)


@dataclass
class Month:
    month: date
    total: Tally
    sections: list[Tally]


def _month_of(value: datetime) -> date:
    return timezone.localtime(value).date().replace(day=1)


def transparency(months: int = 12, now: datetime | None = None) -> list[Month]:
    """The last ``months`` months, newest first, each with all sections and then each section.

    Three queries: comments posted and reports received are counted by the
    database per month and section; decisions are read row by row, since the
    median needs each one.
    """
    now = timezone.localtime(now or timezone.now())
    first = now.date().replace(day=1)
    for _step in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    tallies: dict[tuple[date, str | None], Tally] = {}

    def tally(month: date, section: str | None) -> list[Tally]:
        found = []
        for key in ((month, ALL), (month, section)):
            if key not in tallies:
                tallies[key] = Tally(_("All sections") if key[1] is ALL else key[1])
            found.append(tallies[key])
        return found

    posted = (
        Comment.objects.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month", "article__section__name")
        .annotate(count=Count("pk"))
    )
    for row in posted:
        for item in tally(_month_of(row["month"]), row["article__section__name"]):
            item.posted += row["count"]
    reported = (
        Report.objects.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month", "comment__article__section__name")
        .annotate(count=Count("pk"))
    )
    for row in reported:
        for item in tally(_month_of(row["month"]), row["comment__article__section__name"]):
            item.reports += row["count"]
    decisions = Decision.objects.filter(
        created_at__gte=start,
        decision__in=[Decision.Kind.APPROVE, Decision.Kind.REJECT, Decision.Kind.KEEP],
    ).values_list(
        "created_at",
        "decision",
        "reason",
        "previous_status",
        "comment__created_at",
        "comment__article__section__name",
    )
    for decided_at, kind, reason, previous, posted_at, section in decisions:
        for item in tally(_month_of(decided_at), section):
            if kind == Decision.Kind.KEEP:
                item.kept += 1
                continue
            if kind == Decision.Kind.APPROVE:
                item.approved += 1
            else:
                item.rejected += 1
                item.by_clause[reason] = item.by_clause.get(reason, 0) + 1
                if previous == Comment.Status.APPROVED:
                    item.acted_on += 1
            if previous == Comment.Status.PENDING:
                item._seconds.append((decided_at - posted_at).total_seconds())
    result = []
    for month in sorted({month for month, _section in tallies}, reverse=True):
        sections = sorted(
            (item for (m, name), item in tallies.items() if m == month and name is not ALL),
            key=lambda item: item.name,
        )
        result.append(Month(month, tallies[(month, ALL)], sections))
    return result


def clauses() -> list[tuple[str, str]]:
    """The guideline clauses in the guidelines' order: (value, label)."""
    return [(category.value, category.label) for category in GuidelineCategory]


def duration_label(minutes: float | None) -> str:
    """ "12 minutes", "3.5 hours", "2 days": a median or an age as people say it."""
    if minutes is None:
        return "–"
    if minutes < 90:
        count = round(minutes)
        return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}
    if minutes < 48 * 60:
        hours = round(minutes / 60, 1)
        return ngettext("%(count)s hour", "%(count)s hours", 1 if hours == 1 else 2) % {
            "count": f"{hours:g}"
        }
    days = round(minutes / 1440, 1)
    return ngettext("%(count)s day", "%(count)s days", 1 if days == 1 else 2) % {
        "count": f"{days:g}"
    }


# --- What the comment form tells a commenter --------------------------------

TYPICAL_WAIT_KEY = "comments:typical-wait"
TYPICAL_WAIT_SECONDS = 600


def typical_wait_minutes(now: datetime | None = None) -> float | None:
    """The median time from posting to a first decision over the last 7 days, in minutes.

    Every article's comment form says it, so it is read once per ten minutes
    and kept in the cache; None while there were no decisions.
    """
    held = cache.get(TYPICAL_WAIT_KEY)
    if held is not None:
        return held or None  # 0 stands for "no decisions"
    now = now or timezone.now()
    rows = Decision.objects.filter(
        created_at__gte=now - timedelta(days=7),
        previous_status=Comment.Status.PENDING,
        decision__in=[Decision.Kind.APPROVE, Decision.Kind.REJECT],
    ).values_list("created_at", "comment__created_at")
    minutes = _median_minutes([(decided - posted).total_seconds() for decided, posted in rows])
    cache.set(TYPICAL_WAIT_KEY, minutes or 0, TYPICAL_WAIT_SECONDS)
    return minutes


def typical_wait_sentence() -> str:
    """ "Comments are usually reviewed within about 40 minutes.", or "" without decisions."""
    minutes = typical_wait_minutes()
    if minutes is None:
        return ""
    return _("Comments are usually reviewed within about %(duration)s.") % {
        "duration": duration_label(max(minutes, 1))
    }
