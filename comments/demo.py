"""Demo and benchmark comments for ``seed_demo``.

:func:`seed_comments` gives the demo articles a believable discussion in
every state a moderator meets: published threads with replies, an editors'
pick, comments waiting in the queue, rejections under two guidelines, and
names and text in Arabic and Central Kurdish beside English. Decisions go
through ``comments.moderation`` like a moderator's, so the log is real.

:func:`bulk_comments` is for benchmarks: hundreds of approved comments per
article (and optionally a pending queue) in a few bulk inserts.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from comments import moderation
from comments.apps import MODERATORS
from comments.models import Comment, Decision, GuidelineCategory, fingerprint
from webcore.sanitize import comment_text_to_html

DEMO_DOMAIN = "readers.example"
QUEUE_DOMAIN = "queue.readers.example"
BULK_DOMAIN = "bulk.readers.example"

# The sections each demo moderator looks after (their queue opens on them).
DEMO_MODERATOR_SECTIONS = {
    "moderator": ["kurdistan", "middle-east"],
    "moderator2": ["iraq", "business"],
}

# (key, name, text, state, reply_to key, reason)
_LEAD_DISCUSSION = [
    (
        "a",
        "Hana Rashid",
        "If Moscow and Washington really coordinate, the people of Raqqa may finally see an "
        "end to this.\nBut coordination on paper and on the ground are different things.",
        "pick",
        None,
        "",
    ),
    (
        "b",
        "Karwan Aziz",
        "The article leaves out what the coalition said in reply. Is there a statement yet? "
        "The State Department briefing is at https://www.state.gov/briefings/",
        "approved",
        None,
        "",
    ),
    (
        "c",
        "سارا محمد",
        "التنسيق بين روسيا والتحالف قد يغير مسار المعركة في الرقة، لكن المدنيين يجب أن يكونوا "
        "الأولوية.",
        "approved",
        None,
        "",
    ),
    (
        "d",
        "ئاری کەریم",
        "هیوادارم ئەم هەماهەنگییە ببێتە هۆی کۆتایی هاتنی شەڕ و گەڕانەوەی ئاوارەکان.",
        "approved",
        None,
        "",
    ),
    (
        "e",
        "Dilan Omar",
        "Good question, Karwan. Lavrov's remarks were on Monday; a reply may take a few days.",
        "approved",
        "b",
        "",
    ),
    (
        "f",
        "Rawa Salih",
        "بەڵێ، ڕاستە. Civilians first, whoever flies the planes.",
        "approved",
        "c",
        "",
    ),
    (
        "g",
        "Peter Lang",
        "Does anyone know how many families have already left Raqqa this year?",
        "pending",
        None,
        "",
    ),
    (
        "h",
        "Nasrin Ali",
        "Palmyra first, then Raqqa: the order matters for who controls the roads east.",
        "pending",
        None,
        "",
    ),
    (
        "i",
        "troll_99",
        "Whoever wrote this is an idiot and should be fired.",
        "rejected",
        None,
        GuidelineCategory.PERSONAL_ATTACK,
    ),
    (
        "j",
        "Best Deals",
        "Cheap flights to Erbil!!! Follow me and subscribe, best prices at dealz dot example.",
        "rejected",
        None,
        GuidelineCategory.PROMOTION,
    ),
    # Waiting in the queue, for the pre-screen to flag: a moderator decides.
    (
        "k",
        "crypto_king",
        "Check out my channel for daily forex signals, DM me to earn $500 a day from home.",
        "pending",
    ),
    (
        "l",
        "angry reader",
        "The author is a clown and everyone who agrees with him is pathetic.",
        "pending",
    ),
    (
        "m",
        "Sami",
        "MY TEAM WON THE CUP LAST NIGHT AND NOBODY IN THIS CITY TALKS ABOUT ANYTHING ELSE.",
        "pending",
    ),
]

_SHORT_DISCUSSION = [
    (
        "a",
        "Shilan Hassan",
        "Thank you for covering this. We need more reporting like it.",
        "approved",
    ),
    ("b", "Omar Faris", "أين يمكن قراءة التقرير الكامل؟", "approved"),
    ("c", "Jiyan Ahmed", "I was there last week and saw the same thing.", "pending"),
]

# A shift's worth of waiting comments, so the keyboard desk can be tried on a
# real queue: (name, text). Most go to the demo moderator's sections; a few
# are for the pre-screen to flag (Enter accepts its suggested rejection).
_QUEUE_MINE = [
    ("Rebin Saleh", "The road from Erbil to Duhok was closed for hours yesterday, same story."),
    ("Lana Hussein", "Thank you for naming the villages. Nobody else did."),
    ("Goran Mahmoud", "Is there a map of the areas mentioned? It would help readers abroad."),
    ("Avan Jamal", "My cousin works at the hospital there and says the numbers are higher."),
    ("شيرين عمر", "شكراً على التغطية الدقيقة، ننتظر المزيد من التفاصيل."),
    ("هێمن ڕەشید", "ئەم هەواڵە زۆر گرنگە بۆ خەڵکی ناوچەکە، سوپاس."),
    ("Daniel Reed", "A balanced piece. The quote from the governor is telling."),
    ("Kawa Ismail", "Will there be a follow-up once the talks in Baghdad finish?"),
    ("Mina Farhad", "The photo caption says Sulaimani but the text says Halabja. Which is it?"),
    ("Shwan Qadir", "We need this kind of reporting in Kurdish too, not only English."),
    ("Ruth Evans", "Lived in Erbil for three years; this matches what I saw."),
    ("Aram Noori", "The electricity cuts are the real story for most families this summer."),
    ("ديار كريم", "أتمنى أن تصل المساعدات قبل الشتاء."),
    ("Nazdar Hamid", "Good to see the voices of the farmers in this article."),
    ("Tom Becker", "How does this compare with the figures from last year?"),
    ("Sherko Anwar", "The minister said the opposite on television last week."),
    ("Hawre Latif", "Please keep covering Sinjar. People forget too quickly."),
    ("Zhila Osman", "Clear and fair. Sharing this with my students."),
    ("Bestoon Ali", "Any word on when the border crossing reopens?"),
    ("Sazan Rauf", "The last paragraph answers the question I had. Thanks."),
    ("easy_money", "Make $300 a day from home!!! Visit my profile for the secret, limited offer."),
    ("hater2026", "Only a moron would believe this, you people are pathetic."),
    ("Raz", "I know where the reporter lives and he will regret writing this."),
    ("Bakhtiar Sami", "Two sources are better than one; good that both sides were asked."),
]
_QUEUE_ELSEWHERE = [
    ("Yousif Haddad", "The salary delays hit teachers hardest. Thanks for saying so."),
    ("Noor Abbas", "Oil prices fell again this morning; worth an update."),
    ("Farhad Amin", "Opinion pieces like this make me think. I disagree, but well argued."),
    ("Claire Dubois", "From Paris: the diaspora follows your site every day."),
    ("Hevi Salar", "The market in Sulaimani has changed a lot since this was written."),
    ("Samir Aziz", "Who funds the new factory? The article does not say."),
]

_BULK_SENTENCES = [
    "I have followed this story from the start and this is the clearest account yet.",
    "The numbers in the third paragraph deserve a closer look.",
    "My family lives nearby and we heard nothing about it until today.",
    "Good reporting. Please follow up in a month to see what changed.",
    "This matches what officials told us at the town meeting.",
    "Is there a source for the figures? https://example.org/report would help.",
    "Two sides to every story, and both are here. Thank you.",
    "هذا تقرير مهم، شكراً للفريق.",
    "زۆر سوپاس بۆ ئەم ڕاپۆرتە.",
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _moderator():
    return get_user_model().objects.filter(groups__name=MODERATORS).order_by("pk").first()


def _add_discussion(article, lines, moderator, start) -> None:
    made = {}
    for offset, line in enumerate(lines):
        key, name, text, state = line[:4]
        parent_key = line[4] if len(line) > 4 else None
        reason = line[5] if len(line) > 5 else ""
        # Posted like a reader's comment: screened, so the demo queue shows real flags.
        comment = moderation.submit(
            article=article,
            parent=made.get(parent_key),
            author_name=name,
            author_email=f"demo.{article.pk}.{key}@{DEMO_DOMAIN}",
            body=text,
            ip_address=f"198.51.100.{10 + offset}",
            user_agent="Mozilla/5.0 (demo)",
            created_at=start + timedelta(minutes=17 * offset),
        )
        made[key] = comment
        if state in ("approved", "pick"):
            moderation.decide(
                comment, decision=Decision.Kind.APPROVE, moderator=moderator, notify=False
            )
            if state == "pick":
                moderation.set_editors_pick(comment, value=True)
        elif state == "rejected":
            moderation.decide(
                comment,
                decision=Decision.Kind.REJECT,
                reason=reason,
                moderator=moderator,
                notify=False,
            )


def seed_queue(articles, *, stdout=None) -> int:
    """Fill the pending queue: most waiting comments in the demo moderator's sections; idempotent.

    Posted through ``moderation.submit`` (screened) over the last few hours,
    left for a moderator: enough to work a shift's queue by keyboard.
    """
    if Comment.objects.filter(author_email__endswith="@" + QUEUE_DOMAIN).exists():
        _say(stdout, "Demo queue: already there.")
        return 0
    open_articles = [article for article in articles if article.accepts_comments()]
    mine = [
        article
        for article in open_articles
        if article.section.slug in DEMO_MODERATOR_SECTIONS["moderator"]
    ]
    others = [article for article in open_articles if article not in mine] or mine
    now = timezone.now()
    batches = [(_QUEUE_MINE, mine or open_articles), (_QUEUE_ELSEWHERE, others)]
    added = 0
    with transaction.atomic():
        for lines, targets in batches:
            for n, (name, text) in enumerate(lines):
                article = targets[n % len(targets)]
                moderation.submit(
                    article=article,
                    author_name=name,
                    author_email=f"queue.{added}@{QUEUE_DOMAIN}",
                    body=text,
                    ip_address=f"192.0.2.{10 + added}",
                    user_agent="Mozilla/5.0 (demo)",
                    created_at=max(
                        now - timedelta(minutes=7 * (60 - added)),
                        (article.published_at or now) + timedelta(minutes=1),
                    ),
                )
                added += 1
    _say(stdout, f"Demo queue: {added} comments waiting for a moderator.")
    return added


def seed_comments(articles, *, stdout=None):
    """Add comments in every state to the demo articles; idempotent."""
    articles = list(articles)
    moderator = _moderator()
    seeded = set(
        Comment.objects.filter(article__in=articles, author_email__endswith="@" + DEMO_DOMAIN)
        .values_list("article_id", flat=True)
        .distinct()
    )
    now = timezone.now()
    added = 0
    for position, article in enumerate(articles):
        if article.pk in seeded:
            continue
        published = article.published_at or now
        start = max(published + timedelta(minutes=20), now - timedelta(hours=6))
        if start > now:
            start = published
        lines = _LEAD_DISCUSSION if position == 0 else _SHORT_DISCUSSION
        if position > 0 and position % 3 == 2:
            lines = _SHORT_DISCUSSION[:1]
        if not article.accepts_comments():
            # Closed before anyone else wrote: only the published part of the talk.
            lines = [line for line in lines if line[3] in ("approved", "pick")]
        with transaction.atomic():
            _add_discussion(article, lines, moderator, start)
        added += 1
    _say(stdout, f"Demo comments: added to {added} article(s), {len(seeded)} already had theirs.")


def seed_discussions(articles_by_slug, discussions, *, stdout=None):
    """The discussions written for an edition (``{slug: lines}``) under its articles; idempotent."""
    moderator = _moderator()
    articles = [articles_by_slug[slug] for slug in discussions if slug in articles_by_slug]
    seeded = set(
        Comment.objects.filter(article__in=articles, author_email__endswith="@" + DEMO_DOMAIN)
        .values_list("article_id", flat=True)
        .distinct()
    )
    now = timezone.now()
    added = 0
    for article in articles:
        if article.pk in seeded:
            continue
        published = article.published_at or now
        start = max(published + timedelta(minutes=20), now - timedelta(hours=6))
        if start > now:
            start = published
        with transaction.atomic():
            _add_discussion(article, discussions[article.slug], moderator, start)
        added += 1
    _say(stdout, f"Demo comments: added to {added} article(s), {len(seeded)} already had theirs.")


def bulk_comments(articles, *, per_article: int, pending: int = 0, stdout=None):
    """Bulk-insert ``per_article`` approved comments (a fifth of them replies) on each article.

    ``pending`` adds that many pending comments per article, for queue benchmarks.
    Running it again tops up to the same numbers rather than adding more. These
    rows skip the decision log: they are load, not moderation history.
    """
    rng = random.Random(1)  # noqa: S311 - reproducible filler, not security
    # bleach is slow; render each sentence once and append the escaped serial.
    sentence_html = [comment_text_to_html(sentence) for sentence in _BULK_SENTENCES]
    now = timezone.now()

    def make(article, n, status, created_at, parent_id=None):
        which = n % len(_BULK_SENTENCES)
        serial = f"({article.pk}-{status}-{n})"
        body = f"{_BULK_SENTENCES[which]}\n{serial}"
        return Comment(
            article=article,
            parent_id=parent_id,
            author_name=f"Reader {n}",
            author_email=f"r{n}@{BULK_DOMAIN}",
            body=body,
            body_html=f"{sentence_html[which]}<br>\n{serial}",
            fingerprint=fingerprint(body),
            status=status,
            created_at=created_at,
            ip_address=f"203.0.113.{n % 250 + 1}",
            user_agent="bench",
        )

    total = 0
    for article in articles:
        have = dict(
            Comment.objects.filter(article=article, author_email__endswith="@" + BULK_DOMAIN)
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        start = (article.published_at or now) + timedelta(minutes=1)
        step = max(timedelta(seconds=1), (now - start) / max(1, per_article + pending))

        approved = have.get(Comment.Status.APPROVED, 0)
        missing = per_article - approved
        if missing > 0:
            replies = missing // 5
            tops = Comment.objects.bulk_create(
                [
                    make(article, approved + i, Comment.Status.APPROVED, start + step * i)
                    for i in range(missing - replies)
                ],
                batch_size=500,
            )
            parent_ids = [comment.pk for comment in tops]
            Comment.objects.bulk_create(
                [
                    make(
                        article,
                        approved + len(tops) + i,
                        Comment.Status.APPROVED,
                        start + step * (len(tops) + i),
                        parent_id=rng.choice(parent_ids),
                    )
                    for i in range(replies if parent_ids else 0)
                ],
                batch_size=500,
            )
            total += missing

        waiting = have.get(Comment.Status.PENDING, 0)
        if pending > waiting:
            Comment.objects.bulk_create(
                [
                    make(article, waiting + i, Comment.Status.PENDING, now - step * (pending - i))
                    for i in range(pending - waiting)
                ],
                batch_size=500,
            )
            total += pending - waiting
    moderation.refresh_article_pages({article.slug for article in articles})
    _say(stdout, f"Bulk comments: {total} added on {len(articles)} article(s).")
