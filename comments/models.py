"""Reader comments, held for moderation and never edited, and the log of every decision.

The promise the site makes to commenters (the community guidelines) is that
a comment is published exactly as written or not at all. So a comment's
words, who wrote it, where and when are fixed when it is posted; only its
moderation state (status, reason, editors' pick, screening flags) ever
changes. That rule is enforced three times: the admin shows those fields
read-only, ``Comment.save()`` and ``CommentQuerySet.update()`` refuse to
change them, and database triggers (installed by migrations 0002 and 0005,
their SQL written out there; see ``comments/triggers.py``) refuse an UPDATE
or a REPLACE that would, whoever sends it.

One exception, for privacy: the IP address and user agent may be erased
(set to NULL and "") once they are no longer needed for moderation — see the
``anonymise_comments`` command. Nothing else about a comment can be rewritten.

``Decision`` is the append-only log: one row per approval, rejection or
(legal) removal. It points at its comment without a database constraint, so
removing a comment keeps its history; the database refuses UPDATE and DELETE
on it (except to forget a deleted moderator account, whose name the row keeps).

``BlockedCommenter`` is the block list moderators keep (e-mail addresses and
IP ranges whose new comments are refused), and ``BlockLog`` its append-only
log, protected by triggers the same way as the decision log.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import screening
from webcore.sanitize import comment_text_to_html


class GuidelineCategory(models.TextChoices):
    """The community guidelines' categories: the only reasons a comment is rejected."""

    OFF_TOPIC = "off_topic", _("Off topic")
    PROFANITY = "profanity", _("Profanity")
    THREAT = "threat", _("Threat")
    PERSONAL_ATTACK = "personal_attack", _("Personal attack")
    VULGARITY = "vulgarity", _("Vulgarity")
    ABUSE = "abuse", _("Abuse")
    PROMOTION = "promotion", _("Promotion")

    @property
    def description(self) -> str:
        return GUIDELINE_DESCRIPTIONS[self]


# The guidelines' own words for each category: shown on /community-guidelines/,
# in the rejection e-mail and beside the admin's reject actions.
GUIDELINE_DESCRIPTIONS = {
    GuidelineCategory.OFF_TOPIC: _(
        "Comments must be relevant to the article and add to the discussion of its issues."
    ),
    GuidelineCategory.PROFANITY: _("Swearing and obscene language, including disguised spellings."),
    GuidelineCategory.THREAT: _(
        "Threats of violence or harm against anyone, or encouraging others to cause it."
    ),
    GuidelineCategory.PERSONAL_ATTACK: _(
        "Insults aimed at the writer, another commenter or any named person. "
        "Criticise arguments, not people."
    ),
    GuidelineCategory.VULGARITY: _("Crude or sexually explicit language and descriptions."),
    GuidelineCategory.ABUSE: _(
        "Abuse such as sexism, racism, homophobia or xenophobia, or any attack on people "
        "for who they are."
    ),
    GuidelineCategory.PROMOTION: _(
        "Commercial or personal promotion: advertising, links to sell or to gain followers, "
        "and spam."
    ),
}

# Columns fixed when the comment is posted: the one list. The migrations'
# triggers hold the same columns fixed, and a test proves the two agree.
IMMUTABLE_FIELDS = (
    "article_id",
    "parent_id",
    "author_name",
    "author_email",
    "body",
    "body_html",
    "fingerprint",
    "created_at",
)
# Kept for moderation, then erased; erasing is the only change allowed.
ERASABLE_FIELDS = {"ip_address": None, "user_agent": ""}


class CommentNeverEdited(Exception):
    """Raised when code tries to change what a commenter wrote (see the module docstring)."""


# One fingerprint for both jobs: the pre-screen's "duplicate" flag (the same
# text on any article) and the "posted twice" constraint (the same text from the
# same e-mail on one article). Stored comments keep the value computed when they
# were posted, so changing this function needs a migration that recomputes the
# column, like 0004_unified_fingerprint_and_block_log_triggers.
fingerprint = screening.fingerprint


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        """Comments a moderator approved (shown once their thread and article are too)."""
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self) -> "CommentQuerySet":
        """Comments readers may see: approved, in an approved thread, on a published article."""
        return self.approved().filter(
            Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED),
            article__in=Article.objects.published(),
        )

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def in_edition(self, language: str) -> "CommentQuerySet":
        """A comment belongs to its article's edition (no column of its own to drift)."""
        return self.filter(article__language=language)

    def rejected(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.REJECTED)

    def top_level(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)

    def in_thread_order(self) -> "CommentQuerySet":
        """Editors' picks first, then oldest first: the order readers see."""
        return self.order_by("-is_editors_pick", "created_at", "pk")

    def update(self, **kwargs):
        for name, value in kwargs.items():
            column = name if name.endswith("_id") else self.model._meta.get_field(name).attname
            if column in IMMUTABLE_FIELDS:
                raise CommentNeverEdited(f"comments are never edited: {name} cannot change")
            if column in ERASABLE_FIELDS and value != ERASABLE_FIELDS[column]:
                raise CommentNeverEdited(f"{name} can only be erased, not changed")
        return super().update(**kwargs)

    update.queryset_only = True

    def decided_counts(self, field: str, values) -> dict[str, tuple[int, int]]:
        """``{value: (approved, rejected)}`` for each value of ``field`` seen: one grouped query.

        ``field`` is ``author_email`` or ``ip_address``: the commenter's history in the queue.
        """
        values = {value for value in values if value}
        if not values:
            return {}
        rows = (
            self.filter(**{f"{field}__in": values})
            .filter(status__in=[Comment.Status.APPROVED, Comment.Status.REJECTED])
            .order_by()
            .values(field)
            .annotate(
                approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
                rejected=Count("pk", filter=Q(status=Comment.Status.REJECTED)),
            )
        )
        return {row[field]: (row["approved"], row["rejected"]) for row in rows}


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        # Comments and their log are a record: an article with comments is
        # unpublished, not deleted (a superuser removes the comments first).
        on_delete=models.PROTECT,
        related_name="comments",
        db_index=False,  # the indexes below all start with the article
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("Replies are one level deep: a reply answers a published comment."),
    )
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(
        _("e-mail"), max_length=254, help_text=_("Never shown to readers.")
    )
    body = models.TextField(
        _("comment"), help_text=_("Plain text, exactly as the reader wrote it.")
    )
    body_html = models.TextField(
        _("comment as shown"),
        editable=False,
        help_text=_("The text escaped, with line breaks and links: derived once, when posted."),
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(
        _("IP address"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept for moderation, erased after a set number of days."),
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True, editable=False)

    # Moderation state: the only part of a comment that changes.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(
        _("guideline broken"),
        max_length=32,
        choices=GuidelineCategory.choices,
        blank=True,
        help_text=_("Why the comment was rejected (from the latest decision)."),
    )
    is_editors_pick = models.BooleanField(
        _("editors' pick"),
        default=False,
        help_text=_("Shown first under the article, marked as an editors' pick."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by_name = models.CharField(_("decided by"), max_length=150, blank=True, editable=False)
    flags = models.JSONField(
        _("screening flags"),
        null=True,
        blank=True,
        default=list,
        editable=False,
        help_text=_("What the automatic pre-screen noticed. It never decides anything."),
    )
    risk = models.FloatField(_("risk"), default=0, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can approve, reject and pick comments"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            # The reader's order (picks first, then oldest): a page is an index range scan.
            models.Index(
                fields=["article", "status", "-is_editors_pick", "created_at", "id"],
                name="comment_thread_order",
            ),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["author_email"], name="comment_email"),
            models.Index(fields=["ip_address"], name="comment_ip"),
            # The queue's "highest risk first" order, a range scan per status.
            models.Index(
                fields=["status", "-risk", "created_at", "id"], name="comment_status_risk"
            ),
            # The pre-screen's duplicate check: the same text on any article.
            models.Index(fields=["fingerprint"], name="comment_fingerprint"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="comment_status_known",
            ),
            models.CheckConstraint(
                condition=Q(is_editors_pick=False) | Q(status="approved"),
                name="comment_pick_is_approved",
                violation_error_message=_("Only a published comment can be an editors' pick."),
            ),
            models.UniqueConstraint(
                fields=["article", "author_email", "fingerprint"],
                name="comment_not_posted_twice",
                violation_error_message=_("This comment has already been posted."),
            ),
        ]

    def __str__(self):
        return _("Comment %(id)s by %(name)s") % {"id": self.pk, "name": self.author_name}

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk is None:
            self.derive()
        else:
            self._refuse_edits()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the row held, for save() to compare; deferred fields are not read here.
        loaded = instance.__dict__
        instance._as_loaded = {
            name: loaded[name] for name in (*IMMUTABLE_FIELDS, *ERASABLE_FIELDS) if name in loaded
        }
        return instance

    def derive(self) -> None:
        """Fill the fields computed from the text; called once, before the first save."""
        self.body_html = comment_text_to_html(self.body)
        self.fingerprint = fingerprint(self.body)

    def _refuse_edits(self) -> None:
        stored = dict(getattr(self, "_as_loaded", {}))
        missing = [name for name in (*IMMUTABLE_FIELDS, *ERASABLE_FIELDS) if name not in stored]
        if missing:
            row = Comment.objects.filter(pk=self.pk).values(*missing).first()
            if row is None:
                self.derive()  # a new row with a chosen primary key
                return
            stored.update(row)
            for name in ("body_html", "fingerprint"):
                if not self.__dict__.get(name):
                    setattr(self, name, stored[name])
        for name in IMMUTABLE_FIELDS:
            if getattr(self, name) != stored[name]:
                raise CommentNeverEdited(
                    f"comments are never edited: {name} of comment {self.pk} cannot change"
                )
        for name, erased in ERASABLE_FIELDS.items():
            value = getattr(self, name)
            if value != stored[name] and value != erased:
                raise CommentNeverEdited(f"{name} of comment {self.pk} can only be erased")

    def accepts_replies(self) -> bool:
        """Readers may answer published top-level comments only (one level of threading)."""
        return self.status == self.Status.APPROVED and self.parent_id is None


class DecisionQuerySet(models.QuerySet):
    def latest_first(self) -> "DecisionQuerySet":
        return self.order_by("-created_at", "-pk")


class Decision(models.Model):
    """One moderator's approval, rejection or removal of one comment. Rows are never changed."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        REMOVE = "remove", _("Removed (legal)")
        # An approved comment readers reported, looked at again and left published.
        KEEP = "keep", _("Kept after reports")

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        # No constraint and no cascade: the log outlives a removed comment.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    reason = models.CharField(
        _("guideline broken"), max_length=32, choices=GuidelineCategory.choices, blank=True
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Required when a decision reverses an earlier one: say why."),
    )
    previous_status = models.CharField(_("status before"), max_length=16, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_decisions",
    )
    moderator_name = models.CharField(
        _("moderator's name"),
        max_length=150,
        help_text=_("Kept as written at the time, even if the account is later deleted."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decision log")
        permissions = [("export_decision", _("Can export the decision log as CSV"))]
        indexes = [
            models.Index(fields=["comment", "created_at"], name="decision_comment_time"),
            models.Index(fields=["created_at"], name="decision_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="reject") | ~Q(reason=""),
                name="decision_reject_has_reason",
                violation_error_message=_("A rejection names the guideline it broke."),
            ),
        ]

    def __str__(self):
        return _("%(decision)s comment %(comment)s") % {
            "decision": self.get_decision_display(),
            "comment": self.comment_id,
        }


# Ranges wider than these would refuse a large part of the internet: a block
# is for one troublesome commenter (or their provider's small range), never a country.
WIDEST_PREFIX = {4: 16, 6: 32}


def normalise_network(value: str) -> str:
    """One address or a CIDR range as the block list stores it: "203.0.113.7/32", "2001:db8::/48".

    Host bits are dropped ("203.0.113.9/24" is "203.0.113.0/24"); raises ``ValidationError``.
    """
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            _("Enter an IP address (203.0.113.7) or a range (203.0.113.0/24)."), code="invalid"
        ) from None
    if network.prefixlen < WIDEST_PREFIX[network.version]:
        raise ValidationError(
            _("This range is too wide: at most /%(prefix)s for IPv%(version)s."),
            code="too_wide",
            params={"prefix": WIDEST_PREFIX[network.version], "version": network.version},
        )
    return str(network)


class BlockedCommenterQuerySet(models.QuerySet):
    def active(self, at=None) -> "BlockedCommenterQuerySet":
        """Entries in force: no expiry, or an expiry still to come."""
        at = at or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))

    def matching(self, *, email: str, ip_address: str | None) -> "BlockedCommenter | None":
        """The entry in force that covers this e-mail or address, if any: one query.

        The e-mail is compared in the database; ranges are few, so every active
        range is read and the address is tested against them in Python, which
        works the same on SQLite and PostgreSQL and for IPv4 and IPv6.
        """
        email = (email or "").strip().lower()
        wanted = ~Q(network="") if ip_address else Q(pk__in=[])
        if email:
            wanted |= Q(email=email)
        address = None
        if ip_address:
            try:
                address = ipaddress.ip_address(ip_address)
            except ValueError:
                address = None
        for entry in self.active().filter(wanted).order_by("pk"):
            if email and entry.email == email:
                return entry
            if address is not None and entry.network and entry.covers(address):
                return entry
        return None


class BlockedCommenter(models.Model):
    """An e-mail address or IP range whose new comments are refused (moderators keep the list)."""

    email = models.EmailField(
        _("e-mail"),
        max_length=254,
        blank=True,
        help_text=_("Comments from this exact address are refused."),
    )
    network = models.CharField(
        _("IP address or range"),
        max_length=49,
        blank=True,
        help_text=_(
            "One address (203.0.113.7) or a range in CIDR notation (203.0.113.0/24, "
            "2001:db8::/48). Comments from it are refused."
        ),
    )
    reason = models.TextField(
        _("reason"),
        help_text=_("Why: other moderators read it. The commenter is never told."),
    )
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("Leave empty to block until the entry is deleted."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="comment_blocks",
    )
    created_by_name = models.CharField(_("blocked by"), max_length=150, blank=True, editable=False)
    created_at = models.DateTimeField(_("blocked"), default=timezone.now, editable=False)

    objects = BlockedCommenterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("blocked commenter")
        verbose_name_plural = _("block list")
        indexes = [models.Index(fields=["email"], name="block_email")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(network=""),
                name="block_has_email_or_network",
                violation_error_message=_(
                    "Give an e-mail address, an IP address or range, or both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="block_has_reason",
                violation_error_message=_("Say why this commenter is blocked."),
            ),
        ]

    def __str__(self):
        return " · ".join(part for part in (self.email, self.network) if part) or "–"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if self.network:
            self.network = normalise_network(self.network)
        super().save(*args, **kwargs)

    def clean(self):
        self.email = self.email.strip().lower()
        self.reason = self.reason.strip()
        if self.network:
            try:
                self.network = normalise_network(self.network)
            except ValidationError as error:
                raise ValidationError({"network": error}) from None

    def covers(self, address) -> bool:
        """Is this address (a string or an ``ipaddress`` object) inside the blocked range?"""
        if not self.network:
            return False
        if isinstance(address, str):
            try:
                address = ipaddress.ip_address(address)
            except ValueError:
                return False
        network = ipaddress.ip_network(self.network)
        return address.version == network.version and address in network

    def is_active(self, at=None) -> bool:
        return self.expires_at is None or self.expires_at > (at or timezone.now())


class BlockLog(models.Model):
    """One moderator adding, changing or lifting a block. Rows are never changed."""

    class Kind(models.TextChoices):
        BLOCK = "block", _("Blocked")
        CHANGE = "change", _("Block changed")
        UNBLOCK = "unblock", _("Unblocked")

    block = models.ForeignKey(
        BlockedCommenter,
        verbose_name=_("block list entry"),
        # No constraint and no cascade: the log outlives a lifted block.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="log",
    )
    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    network = models.CharField(_("IP address or range"), max_length=49, blank=True)
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_block_log",
    )
    moderator_name = models.CharField(
        _("moderator's name"),
        max_length=150,
        help_text=_("Kept as written at the time, even if the account is later deleted."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("block log entry")
        verbose_name_plural = _("block log")
        indexes = [models.Index(fields=["created_at"], name="blocklog_time")]

    def __str__(self):
        target = " · ".join(part for part in (self.email, self.network) if part)
        return f"{self.get_kind_display()}: {target}"


class CommenterEmail(models.Model):
    """An e-mail address a comment was posted with, and whether its owner confirmed it.

    Anyone can type anyone's address into the comment form, so the site writes
    to an address only once before its owner says it is theirs: one short
    confirmation mail with no text a reader wrote. Decision notices go only to
    confirmed addresses; the confirmation is remembered.
    """

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("first comment"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("commenter e-mail")
        verbose_name_plural = _("commenter e-mails")

    def __str__(self):
        return self.email

    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class NoticeQuerySet(models.QuerySet):
    def due(self, at=None) -> "NoticeQuerySet":
        """Notices to send now: waiting and due, or claimed by a sender that never finished."""
        at = at or timezone.now()
        return self.filter(
            Q(status=Notice.Status.PENDING, next_attempt_at__lte=at)
            | Q(status=Notice.Status.SENDING, claimed_at__lt=at - Notice.STALE_CLAIM)
        )


class Notice(models.Model):
    """One e-mail to a commenter: the outbox row that makes sending it exactly-once.

    ``key`` names what the mail is about (``decision:<id>``, ``confirm:<id>``);
    it is unique, so a task that runs twice cannot make a second notice, and a
    sender claims a notice (pending → sending) before it talks to the mail
    server, so two workers cannot both send it.
    """

    STALE_CLAIM = timedelta(minutes=10)

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the address")
        APPROVED = "approved", _("Comment published")
        REJECTED = "rejected", _("Comment not published")

    class Status(models.TextChoices):
        HELD = "held", _("Held until the address is confirmed")
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, editable=False)
    email = models.EmailField(_("to"), max_length=254, editable=False)
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="notices",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        # Like the log itself: no constraint, the log is never rewritten.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The edition of the comment the mail is about: a reader who commented in the
    # Arabic edition is written to in Arabic, with links under /ar/.
    language = models.CharField(_("edition"), max_length=12, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_by = models.CharField(max_length=16, blank=True, editable=False)
    last_error = models.TextField(
        _("last error"),
        blank=True,
        editable=False,
        help_text=_("What the mail server answered the last time sending failed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail notice")
        verbose_name_plural = _("e-mail notices")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notice_status_due"),
            models.Index(fields=["email", "status"], name="notice_email_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["held", "pending", "sending", "sent", "failed"]),
                name="notice_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        """Reports no moderator has acted on yet."""
        return self.filter(settled_at__isnull=True)


class Report(models.Model):
    """A reader's report that an approved comment breaks a guideline.

    Who reported is never stored: ``reporter`` is a keyed hash of the reader's
    address, enough to refuse a second report of the same comment and nothing
    more. Reports are settled by a moderator's decision (kept or removed),
    which is in the decision log like any other.
    """

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Kept")
        REMOVED = "removed", _("Removed")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(
        _("guideline broken"), max_length=32, choices=GuidelineCategory.choices
    )
    reporter = models.CharField(_("reader (hashed)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["settled_at", "comment"], name="report_open"),
            models.Index(fields=["created_at"], name="report_time"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                name="report_once_per_reader",
                violation_error_message=_("You have already reported this comment."),
            ),
            models.CheckConstraint(
                condition=Q(settled_at__isnull=True, outcome="")
                | Q(settled_at__isnull=False, outcome__in=["kept", "removed"]),
                name="report_settled_has_outcome",
            ),
        ]

    def __str__(self):
        return _("Report of comment %(id)s") % {"id": self.comment_id}


class ReportedComment(Comment):
    """Approved comments readers reported: the admin's "reported" queue, one row per comment."""

    class Meta:
        proxy = True
        verbose_name = _("reported comment")
        verbose_name_plural = _("reported comments")


class ModeratorAssignment(models.Model):
    """A moderator looks after a section or a whole edition: their queue opens on it, its
    alerts go to them (a Sorani comment reaches a Sorani-reading moderator)."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="moderated_sections",
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="moderator_assignments",
        null=True,
        blank=True,
        help_text=_("One section; or leave empty and choose an edition."),
    )
    # No choices here: the editions are the deployment's (settings.LANGUAGES),
    # which no migration may freeze; the admin offers them and clean() checks.
    language = models.CharField(
        _("edition"),
        max_length=12,
        blank=True,
        help_text=_("Every section of one edition; or leave empty and choose a section."),
    )

    class Meta:
        ordering = ["language", "section", "moderator"]
        verbose_name = _("moderator's section or edition")
        verbose_name_plural = _("moderators' sections and editions")
        constraints = [
            models.UniqueConstraint(fields=["moderator", "section"], name="moderator_section_once"),
            models.UniqueConstraint(
                fields=["moderator", "language"],
                condition=~Q(language=""),
                name="moderator_edition_once",
            ),
            models.CheckConstraint(
                condition=(Q(section__isnull=False) & Q(language=""))
                | (Q(section__isnull=True) & ~Q(language="")),
                name="moderator_section_or_edition",
                violation_error_message=_("Choose either a section or an edition."),
            ),
        ]

    def __str__(self):
        return f"{self.moderator} · {self.section or self.get_edition_display()}"

    def clean(self):
        super().clean()
        if self.language and self.language not in dict(settings.LANGUAGES):
            raise ValidationError(
                {"language": _("Choose one of the editions this site publishes.")}
            )

    def get_edition_display(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))
