"""The comment pre-screen: text in, flags out.

A moderator reads every comment; this module only tells them where to look.
``screen()`` names which of the community guidelines a comment may break
(``off_topic``, ``profanity``, ``threat``, ``personal_attack``, ``vulgarity``,
``abuse``, ``promotion``), how sure it is, and the exact words that made it think
so, so the admin can highlight them. Two more flags are informational only:
``shouting`` (mostly capitals) and ``duplicate`` (the same text was already posted).

It is a pure function: no database, no settings, no network, and it never changes
the text. Importing it needs neither Django nor a configured project, so the tests
and ``bench/screening.py`` call it directly.

How it decides, in one paragraph per family (details beside each rule below):

* Word lists (profanity, vulgarity, slurs) come from better-profanity's maintained
  list, sorted into our categories by ``comments/data/screening_lexicon.toml``.
  Words are matched whole, after folding case, leetspeak (``@ 0 1 3 4 5 7 $ ! +``),
  repeated letters ("fuuuck"), spaced or dotted letters ("f u c k", "f.u.c.k") and
  masks ("f*ck"). Matching whole words is what keeps "Scunthorpe", "class", "assess"
  and "Essex" clean.
* Threats, personal attacks, identity abuse and promotion are patterns over the
  folded text: who is aimed at (you, the author, @name, a group) and what is said
  about them. News language ("the strike killed 12") has no target in the right
  grammatical place, so it does not match.
* Off-topic compares the comment's content words with the article's own words
  (stop words removed, light stemming, shared 5-letter prefixes).

Each piece of evidence carries a weight; a category's score is the noisy-OR of its
weights (``1 - prod(1 - w)``), and a flag is returned when the score reaches
``FLAG_THRESHOLD``. Scores are therefore comparable across categories, which is
what the admin's "highest risk first" ordering relies on.

Duplicates need outside knowledge, so ``screen()`` stays pure by taking it as an
argument: the caller passes ``seen_fingerprints`` (fingerprints of comments
already stored, see ``fingerprint()``) and gets a ``duplicate`` flag when this
text's fingerprint is among them.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from comments import screening_model
from comments.textnorm import Normalised, normalise

__all__ = [
    "CATEGORIES",
    "FLAG_THRESHOLD",
    "GUIDELINE_CATEGORIES",
    "INFORMATIONAL_CATEGORIES",
    "Flag",
    "category_scores",
    "coverage",
    "fingerprint",
    "screen",
]

# The values of the guideline categories (comments.models' Category TextChoices).
OFF_TOPIC = "off_topic"
PROFANITY = "profanity"
THREAT = "threat"
PERSONAL_ATTACK = "personal_attack"
VULGARITY = "vulgarity"
ABUSE = "abuse"
PROMOTION = "promotion"
SHOUTING = "shouting"
DUPLICATE = "duplicate"

GUIDELINE_CATEGORIES = (
    OFF_TOPIC,
    PROFANITY,
    THREAT,
    PERSONAL_ATTACK,
    VULGARITY,
    ABUSE,
    PROMOTION,
)
INFORMATIONAL_CATEGORIES = (SHOUTING, DUPLICATE)
CATEGORIES = GUIDELINE_CATEGORIES + INFORMATIONAL_CATEGORIES

FLAG_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason a moderator may want to look at a comment.

    ``evidence`` holds the exact substrings of the comment that triggered the flag
    and ``spans`` their ``(start, end)`` offsets, in the same order, so that
    ``text[start:end] == evidence[i]``.
    """

    category: str
    score: float
    evidence: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------

_LEXICON_PATH = Path(__file__).with_name("data") / "screening_lexicon.toml"


def _package_wordlist() -> list[str]:
    """better-profanity's word list, one entry a line, as its package ships it."""
    text = (
        resources.files("better_profanity")
        .joinpath("profanity_wordlist.txt")
        .read_text(encoding="utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_LEET |= str.maketrans({"$": "s", "!": "i", "+": "t", "|": "l", "€": "e"})
_LEET_CHARS = "013457@$!+|€"


def _squeeze(word: str) -> str:
    """Collapse runs of the same letter to one ("fuuuck" -> "fuck", "boobs" -> "bobs")."""
    return re.sub(r"(.)\1+", r"\1", word)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, str]  # normalised word -> category
    squeezed: dict[str, str]  # squeezed form -> category, only for elongated tokens
    by_shape: dict[tuple[int, str], list[tuple[str, str]]]  # (length, first letter) -> words
    phrases: re.Pattern[str] | None
    phrase_category: dict[str, str]
    mild: frozenset[str]
    allow: re.Pattern[str]
    strong_insults: frozenset[str]
    weak_insults: frozenset[str]
    not_names: tuple[str, ...]
    trusted_hosts: frozenset[str]
    trusted_suffixes: tuple[str, ...]
    suspicious_hosts: frozenset[str]
    other_scripts: tuple[tuple[re.Pattern[str], str, float], ...]


def _norm_entry(word: str) -> str:
    return word.lower().translate(_LEET)


_CATEGORY_PRIORITY = {PROFANITY: 0, VULGARITY: 1, ABUSE: 2, "insult": 3}


@functools.cache
def _lexicon() -> _Lexicon:
    data = tomllib.loads(_LEXICON_PATH.read_text(encoding="utf-8"))
    exclude = {w.lower() for w in data["exclude"]}
    abuse = {w.lower() for w in data["abuse"]} | {w.lower() for w in data["extra_abuse"]}
    insult = {w.lower() for w in data["insult"]}
    roots = [r.lower() for r in data["profanity_roots"]]
    prof_words = {w.lower() for w in data["profanity_words"]}

    def classify(word: str) -> str | None:
        lw = word.lower()
        letters = re.sub(r"[^a-z]", "", _norm_entry(word))
        if lw in exclude or letters in exclude:
            return None  # an excluded word in its disguised spellings too ("p0rn")
        if lw in abuse:
            return ABUSE
        if lw in insult:
            return "insult"
        if lw in prof_words or any(root in lw or root in letters for root in roots):
            return PROFANITY
        return VULGARITY

    entries: dict[str, str] = {}
    for word in _package_wordlist():
        category = classify(word)
        if category is not None:
            entries[word.lower()] = category
    for word in data["extra_profanity"]:
        entries[word.lower()] = PROFANITY
    for word in data["extra_vulgarity"]:
        entries[word.lower()] = VULGARITY
    for word in data["extra_abuse"]:
        entries[word.lower()] = ABUSE

    words: dict[str, str] = {}
    phrase_category: dict[str, str] = {}
    phrase_patterns: list[list[str]] = []
    for entry, category in entries.items():
        if category == "insult":
            continue  # insults feed personal_attack through the patterns below
        parts = re.findall(r"[a-z]+", _norm_entry(entry))
        if len(parts) == 1:
            words.setdefault(parts[0], category)
            if re.fullmatch(r"[a-z]+", entry) is None:
                # "f-u-c-k", "s.h.i.t" are spaced spellings: also their joined form.
                words.setdefault("".join(parts), category)
        elif parts:
            if all(len(p) == 1 for p in parts):  # "f.u.c.k" -> the spaced matcher
                words.setdefault("".join(parts), category)
            else:
                phrase_category.setdefault("".join(parts), category)
                phrase_patterns.append(parts)
    squeezed: dict[str, str] = {}
    by_shape: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for word, category in sorted(words.items(), key=lambda kv: _CATEGORY_PRIORITY[kv[1]]):
        squeezed.setdefault(_squeeze(word), category)
        by_shape.setdefault((len(word), word[0]), []).append((word, category))
    phrases = None
    if phrase_patterns:
        alternatives = sorted(phrase_patterns, key=lambda p: len("".join(p)), reverse=True)
        phrases = re.compile(
            r"(?<![a-z])(?:"
            + "|".join(r"[\s\-_.]*".join(map(re.escape, p)) for p in alternatives)
            + r")(?![a-z])"
        )
    allow = re.compile(
        r"(?<![a-z])(?:" + "|".join(re.escape(p) for p in data["allow_phrases"]) + r")(?![a-z])"
    )
    return _Lexicon(
        words=words,
        squeezed=squeezed,
        by_shape=by_shape,
        phrases=phrases,
        phrase_category=phrase_category,
        mild=frozenset(w.lower() for w in data["mild_profanity"]),
        allow=allow,
        strong_insults=frozenset(data["strong_insults"] + data["extra_strong_insults"]),
        weak_insults=frozenset(data["weak_insults"] + data["extra_weak_insults"]),
        not_names=tuple(data["not_names"]),
        trusted_hosts=frozenset(data["trusted_hosts"]),
        trusted_suffixes=tuple(data["trusted_suffixes"]),
        suspicious_hosts=frozenset(data["suspicious_hosts"]),
        other_scripts=_other_script_patterns(data["arabic"], data["sorani"]),
    )


# Arabic and Sorani word lists: (key in the TOML tables, category, weight).
_OTHER_SCRIPT_KEYS = (
    ("profanity", PROFANITY, 0.6),
    ("vulgarity", VULGARITY, 0.8),
    ("insult_strong", PERSONAL_ATTACK, 0.6),
    ("abuse", ABUSE, 0.6),
    ("threat", THREAT, 0.8),
)
# Attached prefixes (and, so, with, for, like; the article) and suffixes (plural,
# possessive) of Arabic and Sorani words.
_AR_PREFIX = r"(?:و|ف|ب|ل|ک)?(?:ال)?"
_AR_SUFFIX = r"(?:ه|ها|هم|ک|کم|ی|ين|ون|ات|ان|ەکان|ەکە|یش|ت|تان|ە)?"
_VOCATIVE = r"(?:یا|انت|انتم|انتی|ياخی|تۆ|ئەی|ئێوە)\s+"


def _other_script_patterns(*tables: dict) -> tuple[tuple[re.Pattern[str], str, float], ...]:
    def alternation(words: Iterable[str]) -> str:
        spelled = {normalise(w).text for w in words}
        return "|".join(sorted((re.escape(w) for w in spelled), key=len, reverse=True))

    patterns = []
    for key, category, weight in _OTHER_SCRIPT_KEYS:
        words = [w for table in tables for w in table.get(key, [])]
        if words:
            body = alternation(words)
            patterns.append(
                (re.compile(rf"(?<!\w){_AR_PREFIX}(?:{body}){_AR_SUFFIX}(?!\w)"), category, weight)
            )
    weak = [w for table in tables for w in table.get("insult_weak", [])]
    if weak:
        patterns.append(
            (
                re.compile(
                    rf"(?<!\w){_VOCATIVE}{_AR_PREFIX}(?:{alternation(weak)}){_AR_SUFFIX}(?!\w)"
                ),
                PERSONAL_ATTACK,
                0.6,
            )
        )
    return tuple(patterns)


# ---------------------------------------------------------------------------
# Folding: a lower-case, de-leeted copy of the text with the same length, so that
# every match's offsets are valid in the original text.
# ---------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# A leet character counts as a letter only inside a word: between letters, or
# before a letter ("@ss" stays an @-mention, "$500" and "2-1" stay numbers).
_LEET_TOKEN = re.compile(r"[a-z0-9@$!+|€]*[a-z][a-z0-9@$!+|€]*")


def _fold_char(char: str) -> str:
    low = char.lower()
    if len(low) != 1:
        return char
    if ord(low) > 127 and low.isalpha():
        base = unicodedata.normalize("NFKD", low)[0]
        if base.isascii() and base.isalpha():
            return base
    return low


def _deleet(match: re.Match[str], *, trailing_punctuation: bool = True) -> str:
    token = match.group()
    if not any(c in _LEET_CHARS for c in token):
        return token
    if token.isdigit():
        return token
    # "idiot!!", "wow!?": marks after the last letter are punctuation, not an "i"
    # ("sh!t" keeps its letter, "a$$" its "s").
    last = len(token)
    if trailing_punctuation:
        while last and token[last - 1] in "!|+":
            last -= 1
        token, tail = token[:last], token[last:]
    else:
        tail = ""
    out = []
    for i, char in enumerate(token):
        if char in _LEET_CHARS:
            nxt = token[i + 1] if i + 1 < len(token) else ""
            prev = token[i - 1] if i else ""
            if char.isdigit():
                # "k1ll", "sh1t", "id10t": digits inside a word with at least two
                # letters; "mp3" and "10am" keep their digits.
                letters = sum(c.isalpha() for c in token)
                out.append(char.translate(_LEET) if letters >= 2 else char)
            elif char == "@" and not prev:
                out.append(char)  # a mention
            elif nxt and (nxt.isalpha() or nxt in _LEET_CHARS) or (prev.isalpha() and char in "$"):
                out.append(char.translate(_LEET))
            else:
                out.append(char)
        else:
            out.append(char)
    return "".join(out) + tail


def _deleet_as_first_written(match: re.Match[str]) -> str:
    return _deleet(match, trailing_punctuation=False)


def _fold(text: str, *, as_first_written: bool = False) -> str:
    """Lower case, accents off, leetspeak read as letters; same length as ``text``.

    ``as_first_written`` keeps the folding ``fingerprint()`` was defined with
    (trailing "!" read as "i"): stored fingerprints must stay comparable.
    """
    low = text.lower()
    if len(low) != len(text) or not low.isascii():
        low = "".join(_fold_char(c) for c in text)
    low = low.translate(_APOSTROPHES)
    return _LEET_TOKEN.sub(_deleet_as_first_written if as_first_written else _deleet, low)


# ---------------------------------------------------------------------------
# Evidence collection
# ---------------------------------------------------------------------------


class Evidence:
    """Weighted spans per category, combined with a noisy-OR.

    Spans are offsets in the normalised text; ``flags()`` maps them back to the
    comment as posted.
    """

    __slots__ = ("hits", "normalised", "text")

    def __init__(self, text: str = "", normalised: Normalised | None = None) -> None:
        self.hits: dict[str, list[tuple[float, int, int]]] = {}
        self.text = text
        self.normalised = normalised or normalise(text)

    def add(self, category: str, weight: float, start: int, end: int) -> None:
        self.hits.setdefault(category, []).append((weight, start, end))

    def copy(self) -> Evidence:
        other = Evidence(self.text, self.normalised)
        other.hits = {category: list(hits) for category, hits in self.hits.items()}
        return other

    def scores(self) -> dict[str, float]:
        """Each category's score: the noisy-OR of its evidence weights."""
        return {
            category: min(1.0, 1.0 - math.prod(1.0 - w for w, _, _ in hits))
            for category, hits in self.hits.items()
        }

    def flags(self) -> list[Flag]:
        flags = []
        for category, score in self.scores().items():
            if score < FLAG_THRESHOLD:
                continue
            hits = self.hits[category]
            spans = _merge_spans(self.normalised.span(s, e) for _, s, e in hits if e > s)
            flags.append(
                Flag(
                    category=category,
                    score=round(score, 3),
                    evidence=tuple(self.text[s:e] for s, e in spans),
                    spans=tuple(spans),
                )
            )
        return flags


def _merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to drop surrounding whitespace and punctuation."""
    while start < end and not text[start].isalnum() and text[start] not in "@$*#":
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in "*#$!":
        end -= 1
    return start, end


# ---------------------------------------------------------------------------
# Word lists: profanity, vulgarity, slurs
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z*#]+")
_SPACED = re.compile(r"(?<![a-z0-9])(?:[a-z][\s.\-_*,/]{1,3}){2,}[a-z](?![a-z])")
# No "y"/"ly": "spicy" is not "spic" + "y", "cocky" not "cock" + "y".
_SUFFIXES = ("s", "es", "ed", "ing", "in", "er", "ers")
# Roots no clean English word contains in that position ("Scunthorpe" has "cunt"
# inside, never at the start): compounds the list lacks ("clusterfuck").
_ROOT_ANYWHERE = re.compile(r"fuck|motherf")
_ROOT_EDGE = re.compile(r"^(?:shit|cunt|wank)|(?:shit|fuck)$")
_NOT_ROOT = frozenset({"mishit", "mishits"})

# Crude sexual phrases made of words that are clean on their own.
_VULGAR_PHRASES = re.compile(
    r"\b(?:suck|lick|kiss) my (?:\w+ )?(?:ass|arse|dick|cock|balls|nuts)\b|\bsuck my\b|"
    r"\b(?:up|in) the (?:ass|arse)\b|\bbend over\b|\bget(?:ting)? laid\b|\bhave sex\b|"
    r"\bjerk(?:ing|s)? (?:\w+ ){0,2}off\b|\bblow me\b|\bsit on my\b|\bsexy\b"
)
_WORD_WEIGHT = {PROFANITY: 0.8, VULGARITY: 0.75, ABUSE: 0.9}
_MILD_WEIGHT = 0.55


def _lookup(token: str, lex: _Lexicon) -> tuple[str, str] | None:
    """The list word a folded token stands for, and its category, if any."""
    found = lex.words.get(token)
    if found:
        return token, found
    if "*" in token or "#" in token:
        return _lookup_masked(token, lex)
    if re.search(r"(.)\1\1", token):  # elongated: "fuuuck", "shiiit", "asss"
        squeezed = _squeeze(token)
        found = lex.squeezed.get(squeezed)
        if found:
            return squeezed, found
        for suffix in _SUFFIXES:
            if squeezed.endswith(suffix) and lex.squeezed.get(squeezed[: -len(suffix)]):
                return squeezed, lex.squeezed[squeezed[: -len(suffix)]]
    for suffix in _SUFFIXES:
        stem = token[: -len(suffix)]
        # Stems of four letters at least: "assess" is not "ass" + "es".
        if token.endswith(suffix) and len(stem) >= 4 and not token.endswith("ss"):
            found = lex.words.get(stem)
            # Slurs are listed with their plurals; stemming into one makes
            # ordinary words ("spices", "kikes"?) suspects for no gain.
            if found and found != ABUSE and stem not in lex.mild:
                return stem, found
    if token not in _NOT_ROOT and (_ROOT_ANYWHERE.search(token) or _ROOT_EDGE.search(token)):
        return token, PROFANITY
    return None


def _lookup_masked(token: str, lex: _Lexicon) -> tuple[str, str] | None:
    token = token.strip("*#")
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or len(token) < 3 or token[0] in "*#":
        return None
    pattern = re.compile(re.sub(r"[*#]", ".", token))
    for word, category in lex.by_shape.get((len(token), token[0]), ()):
        if pattern.fullmatch(word):
            return word, category
    return None


def _scan_words(folded: str, text: str, lex: _Lexicon, ev: Evidence) -> str:
    """Add word-list evidence; return ``folded`` with masked words ("c*nt") spelled out."""
    allowed = [m.span() for m in lex.allow.finditer(folded)]

    def is_allowed(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in allowed)

    def add(word: str, category: str, start: int, end: int) -> None:
        if is_allowed(start, end):
            return
        weight = _MILD_WEIGHT if word in lex.mild else _WORD_WEIGHT[category]
        ev.add(category, weight, *_trim(text, start, end))

    resolved = folded
    for match in _TOKEN.finditer(folded):
        found = _lookup(match.group(), lex)
        if found:
            add(found[0], found[1], *match.span())
            token = match.group()
            if ("*" in token or "#" in token) and len(found[0]) == len(token.strip("*#")):
                # Same length, so offsets stay valid for the patterns that follow.
                start = match.start() + len(token) - len(token.lstrip("*#"))
                resolved = resolved[:start] + found[0] + resolved[start + len(found[0]) :]
    for match in _SPACED.finditer(folded):
        joined = re.sub(r"[^a-z]", "", match.group())
        found = lex.words.get(joined) or lex.squeezed.get(_squeeze(joined))
        if found:
            add(joined, found, *match.span())
    if lex.phrases is not None:
        for match in lex.phrases.finditer(folded):
            key = "".join(re.findall(r"[a-z]+", match.group()))
            add(key, lex.phrase_category.get(key) or lex.words.get(key, VULGARITY), *match.span())
    for match in _VULGAR_PHRASES.finditer(resolved):
        ev.add(VULGARITY, _WORD_WEIGHT[VULGARITY], *_trim(text, *match.span()))
    return resolved


# ---------------------------------------------------------------------------
# Patterns: threats, personal attacks, identity abuse
# ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """A word list written as prose-width text (easier to read and review than a list)."""
    return text.split()


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


_PERSON_NOUN = _alt(
    _words("""author authors writer writers journalist journalists reporter reporters editor
    editors columnist commenter commenters poster reviewer critic spokesman spokeswoman
    minister ministers president governor mayor ref referee coach manager director
    engineer politician politicians mp mps official officials guy guys man woman lady
    boy girl person people pilot pilots soldier soldiers judge leader leaders owner
    translator presenter anchor host admin moderator""")
)
_ROLE_NOUN = _alt(
    _words("""author writer journalist reporter editor columnist commenter poster reviewer
    critic spokesman spokeswoman minister president governor mayor ref referee coach
    manager director engineer guy man woman person leader presenter anchor admin
    moderator""")
)
_PRONOUN_TARGET = r"(?:you|u|ya|him|her|them|yourself|yourselves|@\w+)"
_SECOND_PERSON = r"(?:you|u|ya|youre|you're|ur|u're)"

_VIOLENT = _alt(
    _words("""kill murder shoot stab behead hang lynch slaughter strangle choke execute drown
    torture slit hurt beat punch smash break bash kick cut rape gas bury attack hunt
    destroy cripple""")
)
# Verbs that are violent whatever the object ("I will stab the next money changer").
_STRONG_VIOLENT = _alt(
    _words("kill murder shoot stab behead lynch slaughter strangle execute torture rape")
)
_PROPERTY_VIOLENT = r"(?:bomb|blow up|burn down|burn|set fire to|torch)"
_INTENT_SUBJECT = (
    r"(?:i|we|i'm|im|we're|i'll|ill|we'll|i'd|someone|somebody|anyone|anybody|"
    r"people|you all|y'all|u|you guys)"
)
_INTENT_MODAL = (
    r"(?:will|'ll|shall|gonna|going to|am going to|are going to|would|'d|wanna|want to|"
    r"should|must|need to|needs to|ought to|better|have to|has to|could|swear i will|"
    r"swear to god i will|promise to|'m going to|'re going to|will personally|can't wait to)"
)
_NEWSY_OBJECT = r"(?:it|time|for|two birds|the mood|the vibe|the game|the exam|myself)\b"

_THREAT_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    # "I will find him", "someone should shoot the governor", "we're going to beat you"
    (
        re.compile(
            rf"\b{_INTENT_SUBJECT}\b\s*(?:\w+\s+){{0,2}}?{_INTENT_MODAL}\s+(?:\w+\s+){{0,2}}?"
            rf"{_VIOLENT}\s+(?:{_PRONOUN_TARGET}|your|his|her|their|every|all|"
            rf"the\s+(?:\w+\s+){{0,3}}?{_PERSON_NOUN}\b|[a-z]+'s\b)"
        ),
        0.85,
    ),
    (
        re.compile(
            rf"\b{_INTENT_SUBJECT}\b\s*(?:\w+\s+){{0,2}}?{_INTENT_MODAL}\s+(?:\w+\s+){{0,1}}?"
            rf"{_STRONG_VIOLENT}\s+(?!{_NEWSY_OBJECT})\w+"
        ),
        0.75,
    ),
    (
        re.compile(
            rf"\b(?:i|we|i'll|we'll|i'm|we're)\b\s*(?:\w+\s+){{0,1}}?{_INTENT_MODAL}\s+"
            rf"{_PROPERTY_VIOLENT}\s+(?:the|your|his|her|their)\b"
        ),
        0.8,
    ),
    # Imperatives at the start of a sentence: "Kill all Russians", "hang the traitors".
    (
        re.compile(
            r"(?:^|[.!?\n]\s*|,\s*)(?:kill|shoot|hang|behead|lynch|burn|slaughter|execute|"
            r"gas|drag|stab|murder)\s+(?:them|him|her|you|all|every|these|those|the\s+"
            r"(?:\w+\s+)?(?:traitors?|scum|dogs?|pigs?|rats?|bastards?|idiots?|author|"
            r"journalist|writer|ref|referee|politicians?|mps))\b"
        ),
        0.8,
    ),
    (
        re.compile(
            r"\b(?:watch|mind) (?:your|ur) back\b|\b(?:we|i) know where (?:you|u|he|she|they|"
            r"your|his|her|their|the)\b(?:\s+\w+){0,4}?\s*(?:live|lives|living|stay|staying|"
            r"kids|children|family|wife|school|work|works|sleep)s?\b|\b(?:we|i) know (?:which|"
            r"what) \w+ (?:you|he|she|they)(?:'re| are| is)? (?:staying|living|sleeping)\b"
        ),
        0.85,
    ),
    (
        re.compile(
            r"\byour days are numbered\b|\b(?:you'?re|you are|ur|u r|you will be|he'?s|he is|"
            r"she'?s|she is) (?:a )?dead(?: man| meat)?\b(?! (?:wrong|right|serious|"
            r"tired|on|end|set))|\bdead man walking\b|\bsleep with one eye open\b|\byou(?:'ll| "
            r"will) (?:regret|pay for) (?:this|that|it|writing|saying)\b|\b(?:we'?re|we are|"
            r"i'?m|i am|they'?re|they are) coming (?:for|after) (?:you|him|her|them)\b|"
            r"\bsee what happens to (?:you|him|her)\b|\bbetter watch out\b|\bput a bullet in\b|"
            r"\bpay with (?:his|her|your|their) (?:blood|life|lives)\b|\b(?:break|smash|bash|"
            r"kick) (?:your|his|her|their) (?:legs?|neck|face|head|teeth|skull|bones)\b|"
            r"\bbeat (?:you|him|her|them) to death\b|\bdrag (?:him|her|them|you) out\b|"
            r"\bmake (?:him|her|them|you) (?:feel it|suffer|bleed)\b|\bfound (?:floating|dead|"
            r"hanging)\b(?=[^.!?]*\b(?:if|when|unless|next)\b)|\bwill be found (?:floating|dead)\b"
        ),
        0.85,
    ),
    # Wishing death or injury on a person.
    (
        re.compile(
            r"\b(?:deserves?|deserved) to (?:die|be (?:killed|shot|hanged|hung|executed|beheaded|"
            r"raped|burned|burnt|tortured)|burn|rot|suffer|hang)\b|\bi hope (?:you|he|she|they|"
            r"his|her|their|your|the \w+)\b[^.!?]{0,30}\b(?:die|dies|dead|killed|shot|breaks? "
            r"(?:his|her|their|your) \w+|gets? (?:shot|killed|hurt)|burns?|suffers?)\b|"
            r"\b(?:love|like|want|wish|hope|like) to see\b[^.!?]{0,40}\b(?:shot down|dead|"
            r"die|hanged|hung|killed|executed|burn|blown up)\b|\bkill yourself\b|\bkys\b|"
            r"\bgo die\b|\bdrop dead\b|\b(?:go |just )?(?:hang|kill|shoot|drown|neck|off) "
            r"(?:your ?self|urself)\b|\bslit your (?:wrists?|throat)\b|\b(?:go )?jump off a "
            r"(?:bridge|cliff|building|roof)\b|\b(?:i|we) (?:will|'ll|gonna|am going to) "
            r"(?:find|get) (?:you|u|him|her)\b(?=,? (?:and|then) (?:\w+ )?(?:kill|hurt|shoot|"
            r"stab|beat|end|finish)\b)"
        ),
        0.85,
    ),
    (
        re.compile(
            r"\b(?:should|must|need to|needs to|ought to|deserves? to|will|gonna)\s+(?:all\s+)?"
            r"be\s+(?:shot|hanged|hung|killed|executed|beheaded|lynched|burned|burnt|drowned|"
            r"stoned|gassed|tortured|wiped out|exterminated|slaughtered|murdered|strung up)\b"
        ),
        0.8,
    ),
    (
        re.compile(
            r"\bshould have (?:his|her|their|your) \w+ (?:burned|burnt|burned down|burnt down|"
            r"smashed|destroyed|blown up|torched|broken)\b"
        ),
        0.8,
    ),
]

# Quoted speech is reported, not meant: "'We will destroy them', the commander said".
_QUOTED = re.compile(r"\"[^\"\n]{0,300}\"|“[^”\n]{0,300}”|«[^»\n]{0,300}»")


def _scan_threats(folded: str, text: str, ev: Evidence) -> None:
    quoted = [m.span() for m in _QUOTED.finditer(folded)]
    for pattern, weight in _THREAT_PATTERNS:
        for match in pattern.finditer(folded):
            start, end = _trim(text, *match.span())
            if any(a <= start and end <= b for a, b in quoted):
                weight = weight / 2
            ev.add(THREAT, weight, start, end)


def _insult_patterns(lex: _Lexicon) -> list[tuple[re.Pattern[str], float]]:
    strong = _alt(lex.strong_insults)
    weak = _alt(lex.weak_insults)
    any_insult = f"(?:{strong}|{weak})"
    filler = r"(?:such|so|a|an|the|just|really|clearly|truly|complete|completely|total|totally|"
    filler += r"absolute|absolutely|utter|fucking|fuckin|bloody|little|big|biggest|typical|"
    filler += r"real|obviously|such an|pure|nothing but|nothing more than|one|another|"
    filler += r"disgusting|pathetic|stupid|useless|lazy|ignorant|lying|brainless|clueless|"
    filler += r"pretentious|spineless|paid|blind|incompetent|illiterate|[a-z]+-loving|"
    filler += r"[a-z]+ish|[a-z]+ian)"
    return [
        # "you are an idiot", "you're pathetic", "you idiot", "u r a moron"
        (
            re.compile(
                rf"\b{_SECOND_PERSON}(?:'re|\s+(?:are|r|were|is|re|sound like|look like|"
                rf"seem like|must be|really are))?\s+(?:{filler}\s+){{0,3}}{any_insult}\b"
            ),
            0.85,
        ),
        # "the author is a moron", "this journalist is a liar", "the Duhok coach is a clown"
        (
            re.compile(
                rf"\b(?:the|this|that|your|our|these|those)\s+(?:[a-z']+\s+)?{_ROLE_NOUN}s?"
                rf"(?:\s+of\s+\w+(?:\s+\w+)?)?(?:\s+who\s+wrote\s+this(?:\s+\w+)?)?\s+(?:is|are|"
                rf"was|were|sounds like|seems like|looks like|must be)\s+(?:{filler}\s+){{0,3}}"
                rf"{any_insult}\b"
            ),
            0.85,
        ),
        # "@name is a liar", "@name you clown": a word said of or to the person
        # named. A weak word merely near a name ("@sam the trash collectors are
        # on strike", "@dara nobody knows") is not an attack; a strong one is.
        (
            re.compile(
                rf"@\w+\b,?\s+(?:is|are|'s|was|were|sounds like|looks like|must be|you'?re|"
                rf"you are|you|ur|u r|u)\s+(?:{filler}\s+){{0,3}}{any_insult}\b"
            ),
            0.7,
        ),
        (
            re.compile(rf"@\w+\b[^.!?\n]{{0,40}}\b{strong}\b|\b{strong}\b[^.!?\n]{{0,30}}@\w+"),
            0.7,
        ),
        # Insults without an insulting word.
        (
            re.compile(
                r"\b(?:you|u|ya) (?:really |just |all |totally )?suck\b|\bwaste of (?:space|oxygen|"
                r"air|skin|humanity|a human|life|sperm|breath)\b|\bnobody (?:likes|cares about|"
                r"wants) (?:you|u)\b|\byou make me (?:sick|puke|vomit)\b|\b(?:piece|sack|bag|pile) "
                r"of (?:shit|crap|garbage|trash|filth|dirt|excrement)\b|\bget a life\b|\beat "
                r"(?:shit|dirt)\b|\bscrew (?:you|u)\b|\bf(?:uck|\*ck|\*\*k|k|u) (?:you|u|off)\b|"
                r"\bgo f(?:uck|\*ck)? (?:yourself|urself)\b|\bscum of the earth\b|\bdumb as "
                r"(?:a )?(?:rocks?|bricks?|a post|a box of rocks|they come)\b|"
                r"\bmouth ?breathers?\b|\bbottom ?feeders?\b|\byou(?:'re| are) (?:a |an )?"
                r"(?:disgrace|embarrassment|waste|nothing|a nobody)\b|\bbrain ?dead\b|"
                r"\bhalf ?wit\b|\bsmooth ?brain\b|\bpea ?brain(?:ed)?\b|\bretarded\b|"
                r"\bgo back to (?:school|your cave)\b"
            ),
            0.7,
        ),
        (
            re.compile(
                rf"\b(?:what an?|such an?|only an?|typical|hey|you|like an?)\s+(?:{filler}\s+)"
                rf"{{0,2}}{strong}\b|\b(?:idiots?|morons?|fools?|people|clowns?) like you\b|"
                rf"\b(?:as|so) (?:stupid|dumb|ignorant|pathetic) as (?:you|u)\b"
            ),
            0.75,
        ),
        (re.compile(rf"\b{strong}\b"), 0.55),
        (
            re.compile(
                r"\bshut (?:the \w+ )?up\b|\bstfu\b|\bnobody asked (?:you|u)\b|\bgo back to "
                r"(?:school|your (?:cave|embassy|village|masters?))\b|\bare (?:you|u) "
                r"(?:stupid|retarded|dumb|blind|an idiot|a moron|twelve|brain ?dead|mad|"
                r"insane)\b|\bget a brain\b|\bno brain\b|\bgo away\b|\bget lost\b|"
                r"\bgo to hell\b|\b(?:you|u) know nothing\b|\bbrainwashed sheep\b"
            ),
            0.6,
        ),
    ]


# Named people: "Lavrov is a lying snake", "Masrour Barzani is a thief". Needs the
# original capitals, so it runs on the text itself with the insult part caseless.
def _named_pattern(lex: _Lexicon) -> re.Pattern[str]:
    insults = _alt(lex.strong_insults | lex.weak_insults)
    not_names = rf"(?!{_alt(lex.not_names)}\b)"
    return re.compile(
        rf"\b{not_names}[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:'s\s+\w+)?\s+(?:is|was)\s+"
        rf"(?i:(?:a|an|such a|such an|the|just|nothing but|clearly|obviously|another)\s+)?"
        rf"(?i:(?:[a-z]+(?:-[a-z]+)?\s+){{0,2}}{insults})\b"
    )


_GROUP = _alt(
    _words("""turks turk turkish arabs arab arabic kurds kurd kurdish persians persian iranians
    iranian russians russian russkies americans american jews jew jewish muslims muslim
    christians christian yazidis yazidi shia shias shiites shiite sunnis sunni syrians
    syrian iraqis iraqi afghans afghan pakistanis pakistani africans african blacks black
    whites chinese gypsies gypsy roma refugees refugee immigrants immigrant migrants migrant
    women woman girls feminists feminist gay gays lesbian lesbians homosexuals homosexual
    trans atheists armenians assyrians turkmen indians hindus europeans westerners foreigners
    badinis
    soranis crusaders infidels""")
)
_GROUP_PLURAL_NOUN = r"(?:people|men|players|soldiers|fans|bankers|refugees|immigrants|guys|kids)"
_NEGATIVE = _alt(
    _words("""terrorists terrorist animals animal dogs dog pigs pig rats rat snakes snake vermin
    parasites parasite savages savage barbarians barbaric barbarian subhuman inferior thieves
    thief criminals criminal rapists disease cancer filth filthy dirty scum cockroaches
    monkeys apes devils devil traitors spies spy lazy stupid backward primitive liars greedy
    sick evil worse peasants inbred infidels kafirs kuffar dogs cowards trash garbage
    plague disgusting worthless murderers killers ugly crooks idiots""")
)

_ABUSE_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    # "All Turks are terrorists", "Arab players are lazy", "Muslims are a disease"
    (
        re.compile(
            rf"\b{_GROUP}(?:\s+{_GROUP_PLURAL_NOUN})?(?:\s+(?:of|from|in)\s+\w+)?\s+(?:are|is|"
            rf"were|r|remain)\s+(?:\w+\s+){{0,3}}?{_NEGATIVE}\b"
        ),
        0.8,
    ),
    (
        re.compile(
            rf"\b(?:dirty|filthy|stupid|greedy|lazy|bloody|fucking|disgusting|damn|sick|"
            rf"smelly|inbred|primitive)\s+{_GROUP}\b"
        ),
        0.8,
    ),
    (
        re.compile(
            rf"\b{_GROUP}\s+(?:dogs|pigs|rats|snakes|vermin|animals|scum|savages|cockroaches|"
            rf"monkeys|parasites|trash|filth|devils)\b"
        ),
        0.85,
    ),
    (
        re.compile(
            rf"\b{_GROUP}(?:\s+{_GROUP_PLURAL_NOUN})?(?:\s+(?:of|from|in)\s+\w+)?\s+should\s+"
            rf"(?:all\s+)?(?:go back|leave|be (?:banned|deported|expelled|wiped out|exterminated|"
            rf"killed|shot|gassed|kicked out|sent back|removed)|not (?:be allowed|play|vote|"
            rf"drive|work|teach|be)|convert|stay (?:at home|in the kitchen)|be seen and not "
            rf"heard|get out)\b"
        ),
        0.85,
    ),
    (
        re.compile(
            rf"\b(?:send|kick|throw|deport)\s+(?:them|all|the|these|those)?\s*(?:all\s+)?(?:the\s+)?"
            rf"{_GROUP}\s+(?:back|out)\b|\bgo back to (?:your|their) (?:country|countries|desert|"
            rf"caves?|mountains|village)\b|\bgo back where (?:you|they) came from\b|\bback where "
            rf"they came from\b|\bwiped? (?:them )?off the map\b|\bconvert or (?:leave|die)\b|"
            rf"\bbreed like (?:rabbits|rats|animals)\b|\b(?:belong|belongs|stay) in the kitchen\b|"
            rf"\bstick to cooking\b|\bseen and not heard\b|\b(?:women|girls)\s+(?:can'?t|cannot|"
            rf"know nothing|should not|shouldn't|don't understand)\b|\b{_GROUP}\s+control\s+the\s+"
            rf"(?:\w+\s+)?(?:banks|media|world|money|government)\b"
        ),
        0.8,
    ),
    (re.compile(rf"\bgo back to \w+,? you {_GROUP}\b|\bkill all {_GROUP}\b"), 0.85),
]


# ---------------------------------------------------------------------------
# Promotion
# ---------------------------------------------------------------------------

_TLDS = (
    r"com|net|org|io|co|info|biz|xyz|ru|me|ly|gg|tk|shop|store|online|site|top|click|link|"
    r"app|tv|uk|de|us|iq|krd|live|vip|pro|club|win|bet"
)
_LINK = re.compile(r"https?://\S+|\bwww\.[^\s]+", re.I)
_DOMAIN = re.compile(
    rf"\b[a-z0-9][a-z0-9-]{{0,62}}(?:\.[a-z0-9-]{{2,}})*\.(?:{_TLDS})\b(?:/\S*)?", re.I
)
# Top-level domains that mostly carry throw-away shops and spam.
_SPAM_TLDS = frozenset(_words("xyz shop store online site top click link vip win bet club tk gg"))
_TRACKING = re.compile(r"[?&](?:ref|aff|affiliate|utm_\w+|promo|coupon|invite)=", re.I)
_LINK_INVITATION = re.compile(
    r"\b(?:visit|check(?: it)? out|click|order|buy|shop|join|subscribe|sign up|register|"
    r"download|contact|go to|available at|find us)\b[^.!?\n]{0,20}$",
    re.I,
)
_LINK_WEIGHT = {"trusted": 0.0, "plain": 0.35, "spammy": 0.6, "suspicious": 0.85}


def _host_of(link: str) -> str:
    link = link.rstrip(".,;:!?)]}'\"")
    if not re.match(r"https?://", link, re.I):
        link = "http://" + link
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _link_kind(link: str, lex: _Lexicon, site_hosts: Collection[str]) -> str:
    """How much a link alone says about promotion: a news site, a public body, a
    reference work or the site itself says nothing; a shortener or a chat invite a lot."""
    host = _host_of(link)
    if not host:
        return "plain"

    def within(hosts: Iterable[str]) -> bool:
        return any(host == h or host.endswith("." + h) for h in hosts)

    if within(lex.suspicious_hosts):
        return "suspicious"
    labels = host.split(".")
    official = any(label in lex.trusted_suffixes for label in labels[-2:])
    if official or within(lex.trusted_hosts) or within(h.lower() for h in site_hosts):
        return "trusted"
    if labels[-1] in _SPAM_TLDS or _TRACKING.search(link):
        return "spammy"
    return "plain"


def _scan_links(text: str, lex: _Lexicon, site_hosts: Collection[str], ev: Evidence) -> None:
    seen: list[tuple[int, int]] = []
    plain_seen = False
    for pattern in (_LINK, _DOMAIN):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a <= start < b for a, b in seen):
                continue  # the domain inside a link already counted
            seen.append((start, end))
            kind = _link_kind(match.group(), lex, site_hosts)
            if kind != "trusted" and _LINK_INVITATION.search(text[max(0, start - 40) : start]):
                kind = "suspicious"  # "visit www.pumps-erbil.com", "order at ..."
            weight = _LINK_WEIGHT[kind]
            if kind == "plain":
                # Plain links count once: a reader citing three sources is not selling.
                weight, plain_seen = (0.0 if plain_seen else weight), True
            if weight:
                ev.add(PROMOTION, weight, *_trim(text, start, end))


_PROMOTION_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+", re.I), 0.9),
    (
        re.compile(
            r"\b[\w.]+\s+(?:at|\[at\]|\(at\))\s+(?:gmail|yahoo|hotmail|outlook|mail|proton\w*)\s+(?:dot|\.)\s+\w+\b",
            re.I,
        ),
        0.9,
    ),
    # Phone numbers: at least nine digits, allowing spaces, dots, dashes, brackets.
    # Not inside a link's path ("rudaw.net/english/301120262"), and not an IP address
    # or a decimal number ("2456519.5228472", "0.2273 0.2222"), nor an ISBN: readers
    # quote all of them.
    (
        re.compile(
            r"(?<![\w.,/=-])(?!\d{1,3}(?:\.\d{1,3}){3}(?![\w.]))(?!\d+\.\d+(?![\s().-]{0,2}\d))"
            r"(?!0\.\d)(?!97[89]-\d{1,5}-\d)"
            r"(?:\+|00)?\d(?:[\s().-]{0,2}\d){8,14}(?![\w,/])"
        ),
        0.85,
    ),
    (
        re.compile(
            r"\b(?:check out|checkout|visit|like|follow|join|sub(?:scribe)? to|support)\s+"
            r"(?:my|our|his|her)\b(?:\s+\w+){0,3}?\s*(?:channel|page|profile|blog|site|website|"
            r"shop|store|podcast|video|videos|song|music|group|account|instagram|insta|tiktok|"
            r"youtube|twitter|facebook|telegram|campaign|app|stream|bio|link|course)s?\b",
            re.I,
        ),
        0.9,
    ),
    (
        re.compile(
            r"\b(?:check out|visit|subscribe to|follow|join)\s+(?:my|our)\b|\bfollow (?:me|us)\b|"
            r"\bsubscribe\b(?=[^.!?]{0,40}\b(?:my|our|for more|channel)\b)|\bsubscribe for\b|"
            r"\b(?:dm|pm|inbox|message|contact|email|e-mail|whatsapp|reach)\s+(?:me|us)\b|"
            r"\b(?:call|ring|text) (?:me|us)\b(?= (?:on|at|now|today|for|anytime|via)\b)|"
            r"\bcontact (?:him|her|them)\b|\breach (?:him|her|them|out to (?:him|her))"
            r"\b|\b(?:email|e-mail|whatsapp) (?:him|her)\b|\blink in (?:my )?bio\b|"
            # "They call him a hero" is not a contact: "call him on ..." is.
            r"\b(?:call|text) (?:him|her)\b(?= (?:on|at|now|today|for|anytime|via)\b)|"
            r"\bsub for sub\b|\blike and share\b|\bask me how\b|\bhire me\b|\bvisit us\b|"
            # A creator asking for an audience: "subscribe to me", "a small youtuber".
            r"\bsub(?:scribe)? to me\b|"
            r"\bsmall (?:youtuber|youtube channel|artist|creator|streamer)\b|"
            r"\bgive (?:my|our) (?:\w+ ){1,2}a (?:listen|watch|look|view|try)\b|"
            r"\b(?:listen|watch) to (?:my|our) (?:new |latest )?(?:song|music|video|mixtape|"
            r"cover|track|album|podcast|beat)s?\b|"
            r"\bcall (?:now|today|us)\b|\bapply now\b|\bdownload (?:now|our app|the app)\b|"
            r"\bsign up (?:now|today|with|using)\b|\b(?:promo|discount|referral|bonus) code\b|"
            r"\buse (?:my )?code\b|\bclick (?:here|the link|my link|on my)\b|"
            r"\bon (?:the )?(?:play store|app store|spotify)\b",
            re.I,
        ),
        0.85,
    ),
    (
        re.compile(
            r"\b(?:work(?:ing)?|earn(?:ing)?|money|income) (?:\w+ ){0,2}from (?:home|your phone|"
            r"your sofa)\b|\bmake money (?:online|fast|from|at)\b|\bpassive income\b|"
            r"\bdouble your (?:money|investment|bitcoin)\b|\bguaranteed (?:profit|profits|returns|"
            r"income|winners?|win|wins)\b|\b100% (?:sure|guaranteed|win)\b|\bfixed matches\b|"
            r"\bbetting tips\b|\bfree bets?\b|\b(?:forex|crypto|trading|bitcoin) (?:signals|"
            r"mentor|expert|group|account manager|platform)\b|\bbinary options?\b|\baccount "
            r"manager\b|\brecover (?:your|my|lost) (?:crypto|funds|money|accounts?|bitcoin)\b|"
            r"\bhire a hacker\b|\bspell ?caster\b|\b(?:fast|quick|instant) (?:approval|loans?|"
            r"cash)\b|\bno (?:documents|experience) (?:needed|required)\b|\b(?:for sale|we sell|"
            r"i sell|selling)\b(?=[^.!?]{0,60}\b(?:call|message|dm|contact|whatsapp|price|"
            r"negotiable|delivery|cheap|\d))|\bfor sale\b|\bwe sell\b|\b(?:best|lowest|cheap|"
            r"cheapest|wholesale|affordable|reasonable) (?:prices?|rates?)\b|\bnegotiable\b|"
            r"\b\d+% (?:off|discount)\b|\bdiscount\b(?=[^.!?]{0,30}\b(?:this week|today|now|"
            r"only)\b)|\blimited (?:places|offer|time|spots)\b|\bfree (?:quote|inspection|trial|"
            r"lesson|delivery|consultation|followers|likes)\b|\bfirst lesson free\b|\b(?:get|buy) "
            r"(?:\d+k?|more|real) (?:followers|likes|subscribers|views)\b|\bdelivery (?:to|across|"
            r"in)\b|\b(?:our|my) (?:company|services?|shop|store|app|team) (?:\w+ )?(?:offers?|"
            r"cleans?|sells?|is open|open)\b|\bexperienced team\b|\bvip group\b|\bthanks to "
            r"(?:expert|mr|mrs|ms|dr)\b|\bthank you (?:mr|mrs|ms|dr)\b|\bjoin (?:my|our) "
            r"\w* ?(?:group|team|channel)\b|\bsearch \w+ on\b|\bfree (?:movie|film) downloads?\b",
            re.I,
        ),
        0.85,
    ),
    # Money amounts with earning words: "I made $500 a day", "earn 200 dollars daily".
    (
        re.compile(
            r"\b(?:earn(?:ed|ing|s)?|made|make|making|profit(?:s|ed)?|income|turned|won)\b"
            r"[^.!?\n]{0,30}?(?:[$€£]\s?\d[\d,.]*\s?(?:k|million)?|\d[\d,.]*\s?"
            r"(?:k|million|thousand)?\s?(?:\$|€|£|usd|dollars?|euros?|dinars?|iqd))|"
            r"(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:\$|usd|dollars?))\s+(?:a|per|every)\s+"
            r"(?:day|week|hour|month)\b(?=[^.!?\n]{0,60}\b(?:from home|online|ask|dm|message|"
            r"apply|contact|join|now)\b)|\b(?:earn|make)\b[^.!?\n]{0,25}\b(?:daily|weekly|per "
            r"(?:day|hour|week)|a day)\b",
            re.I,
        ),
        0.85,
    ),
    # Weak signals: only a flag in company (noisy-OR of two reaches the threshold).
    (re.compile(r"\b(?:bitcoin|btc|crypto|forex|usdt|ethereum|binance|nft)\b", re.I), 0.25),
    (re.compile(r"[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:\$|usd|dollars|iqd)\b", re.I), 0.25),
    (re.compile(r"\b(?:whatsapp|telegram|viber|paypal)\b", re.I), 0.4),
    (re.compile(r"\b(?:buy|order|invest|join)\b", re.I), 0.15),
]


# ---------------------------------------------------------------------------
# Off-topic
# ---------------------------------------------------------------------------

_STOP_WORDS = frozenset(
    _words("""a about above after again against all almost also although always am among an and
    another any anyone anything are aren't around as at away back be became because become
    been before being below between both but by came can can't cannot come could couldn't
    did didn't do does doesn't doing don't done down during each either else enough even
    ever every everyone everything few first for from further get gets getting give given go
    goes going gone good got great had hasn't has have haven't having he he's her here hers
    herself him himself his how however i i'd i'll i'm i've if in into is isn't it it's its
    itself just know last least less let like likely made make many may me might mine more
    most much must my myself need never new next no nobody none nor not nothing now of off
    often oh ok okay on once one only or other others our ours ourselves out over own per
    please put quite rather really right said same say says see seem seems shall she should
    shouldn't since so some someone something still such sure take than thank thanks that
    that's the their theirs them themselves then there there's these they they're thing
    things think this those though through thus time times to today too took under until up
    upon us use used very via want wants was wasn't way we we're well were weren't what
    what's when where whether which while who whole whom whose why will with within without
    won't would wouldn't yes yet you you're your yours yourself yourselves year years day
    days week lot lots people man men woman women always every really actually honestly
    article articles news rudaw write wrote written read reading comment comments post
    agree disagree true false yes true indeed maybe probably look looks looking tell told
    lol haha wow omg yeah nice""")
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_OFF_TOPIC_MIN_WORDS = 8
_OFF_TOPIC_MIN_WORDS_REPLY = 20
# A comment of nine content words may share one with the article by chance
# ("team", "high"); more than that is a relation.
_OFF_TOPIC_WORDS_PER_CHANCE_MATCH = 9


def _stem(word: str) -> str:
    for suffix, repl in (
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("ly", ""),
        ("'s", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def _content_words(folded: str) -> list[tuple[str, int, int]]:
    out = []
    for match in _WORD.finditer(folded):
        word = match.group()
        if len(word) >= 3 and word not in _STOP_WORDS and word.isascii():
            out.append((word, *match.span()))
    return out


@functools.lru_cache(maxsize=256)
def _article_index(article_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Stems of an article's content words, and every prefix of four letters or more
    of those stems (cached per article text)."""
    stems = frozenset(_stem(w) for w, _, _ in _content_words(_fold(article_text)))
    prefixes = frozenset(stem[:n] for stem in stems for n in range(4, len(stem) + 1))
    return stems, prefixes


def _related(stem: str, stems: frozenset[str], prefixes: frozenset[str]) -> bool:
    """Whether a comment word shares a stem with the article, counting "Turk" and
    "Turkish", "Syrians" and "Syria", "salaries" and "salary" as shared."""
    if stem in stems or (len(stem) >= 4 and stem in prefixes):
        return True
    return any(stem[:n] in stems for n in range(5, len(stem)))


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isascii() for c in letters) / len(letters)


@functools.lru_cache(maxsize=256)
def _article_latin_share(article_text: str) -> float:
    return _latin_share(article_text)


def _scan_off_topic(
    folded: str, text: str, article_text: str, ev: Evidence, *, parent_text: str | None = None
) -> None:
    # Relation is only measured within one script: a Sorani or Arabic comment on an
    # English article shares no words with it and is still on topic.
    if _latin_share(text) < 0.8 or _article_latin_share(article_text) < 0.8:
        return
    if parent_text is not None:
        # A reply answers a comment, not the article: its words count as related
        # when they are the parent's, and only a long reply can drift off-topic.
        article_text = f"{article_text}\n{parent_text}"
    stems, prefixes = _article_index(article_text)
    seen: dict[str, tuple[int, int]] = {}
    for word, start, end in _content_words(folded):
        seen.setdefault(_stem(word), (start, end))
    minimum = _OFF_TOPIC_MIN_WORDS if parent_text is None else _OFF_TOPIC_MIN_WORDS_REPLY
    if len(seen) < minimum:
        return  # short comments ("Great article, thanks") are not off-topic
    unrelated = [span for stem, span in seen.items() if not _related(stem, stems, prefixes)]
    shared = len(seen) - len(unrelated)
    if shared * _OFF_TOPIC_WORDS_PER_CHANCE_MATCH > len(seen):
        return
    score = 0.9 if shared == 0 else 0.6
    for start, end in unrelated[:8]:
        ev.add(OFF_TOPIC, 0.0, start, end)
    ev.add(OFF_TOPIC, score, 0, 0)


# ---------------------------------------------------------------------------
# Shouting and duplicates
# ---------------------------------------------------------------------------

_CAPS_WORD = re.compile(r"\b[^\W\d_a-z]{2,}\b")
_SHOUTING_MIN_LETTERS = 12
_SHOUTING_SHARE = 0.7


def _scan_shouting(text: str, ev: Evidence) -> None:
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(cased) < _SHOUTING_MIN_LETTERS:
        return
    share = sum(c.isupper() for c in cased) / len(cased)
    if share < _SHOUTING_SHARE:
        return
    for match in list(_CAPS_WORD.finditer(text))[:8]:
        ev.add(SHOUTING, 0.0, *match.span())
    ev.add(SHOUTING, min(1.0, 0.5 + (share - _SHOUTING_SHARE) / 0.6), 0, 0)


_DUPLICATE_MIN_WORDS = 5


def fingerprint(text: str) -> str:
    """A stable hash of the text's words: equal for copies that differ only in case,
    accents, leetspeak, punctuation or spacing."""
    words = re.findall(r"\w+", _fold(unicodedata.normalize("NFKC", text), as_first_written=True))
    # A text with no words (only emoji or symbols) is its own fingerprint, or
    # every such comment would count as a copy of every other.
    basis = " ".join(words) if words else "\x00" + " ".join(text.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------


def gettext_noop(message: str) -> str:
    """Marks a message for translation without importing Django: the caller translates it."""
    return message


# What the screen reads in each language, where it falls short of English. The
# English lexicon, threat, attack, promotion and off-topic patterns read English;
# the classifier was trained on public English and Arabic sets
# (data/SOURCES.md); the [arabic] and [sorani] word lists are ours.
_COVERAGE = {
    "en": None,
    "ar": gettext_noop(
        "Screened in part: Arabic word lists and the classifier; the sentence patterns for "
        "threats and personal attacks, and the off-topic check, are built for English."
    ),
    "ckb": gettext_noop(
        "Not screened by the classifier: no model for this language (no public labelled "
        "Sorani set exists), so its silence means little; only our short Sorani word list, "
        "its accuracy not measured."
    ),
}
_NOT_COVERED = gettext_noop(
    "Not screened for this language: the word lists, patterns and classifier read English "
    "and Arabic only."
)


def coverage(language: str) -> str | None:
    """What the screen cannot read in ``language`` (untranslated, for gettext), or None.

    None only for English, the one language every part of the screen reads:
    elsewhere a comment without flags has not been given a clean bill.
    """
    return _COVERAGE.get(language, _NOT_COVERED)


def screen(
    text: str,
    *,
    article_text: str = "",
    seen_fingerprints: Collection[str] = frozenset(),
    site_hosts: Collection[str] = (),
    parent_text: str | None = None,
) -> list[Flag]:
    """The guideline flags for one comment, strongest first; never changes ``text``.

    ``article_text`` (the article's plain text) enables the off-topic check;
    ``parent_text`` (the comment replied to, for a reply) keeps a reply about its
    parent from being called off-topic. ``site_hosts`` are this site's own host
    names: links to them are not promotion. ``seen_fingerprints`` holds
    ``fingerprint()`` values of comments already stored; a match adds an
    informational ``duplicate`` flag (comments of fewer than five words, such as
    "Thank you", are never called duplicates).
    """
    if not text or not text.strip():
        return []
    evidence = rule_evidence(
        text, article_text=article_text, site_hosts=site_hosts, parent_text=parent_text
    )
    model = screening_model.load()
    if model is not None:
        evidence = combine(
            evidence, model.predict(evidence.normalised.text), model.thresholds, model.rule_gate
        )
    if (
        seen_fingerprints
        and len(text.split()) >= _DUPLICATE_MIN_WORDS
        and fingerprint(text) in seen_fingerprints
    ):
        norm = evidence.normalised.text
        evidence.add(DUPLICATE, 1.0, *_trim(norm, 0, len(norm)))
    flags = evidence.flags()
    if any(f.category == PROMOTION for f in flags):
        # An advert is unrelated to every article; moderators reject it as promotion,
        # and a second flag saying so would only push real off-topic talk down the queue.
        flags = [f for f in flags if f.category != OFF_TOPIC]
    flags.sort(key=lambda f: (-f.score, CATEGORIES.index(f.category)))
    return flags


def rule_evidence(
    text: str,
    *,
    article_text: str = "",
    site_hosts: Collection[str] = (),
    parent_text: str | None = None,
) -> Evidence:
    """What the rules find in ``text`` (normalised first: look-alike letters, invisible
    characters and fullwidth forms undone), before the classifier has its say."""
    lex = _lexicon()
    normalised = normalise(text)
    norm = normalised.text
    ev = Evidence(text, normalised)
    folded = _fold(norm)
    folded = _scan_words(folded, norm, lex, ev)
    _scan_threats(folded, norm, ev)
    for pattern, weight in _insult_patterns_cached():
        for match in pattern.finditer(folded):
            ev.add(PERSONAL_ATTACK, weight, *_trim(norm, *match.span()))
    for match in _named_pattern_cached().finditer(norm):
        ev.add(PERSONAL_ATTACK, 0.75, *_trim(norm, *match.span()))
    for pattern, weight in _ABUSE_PATTERNS:
        for match in pattern.finditer(folded):
            ev.add(ABUSE, weight, *_trim(norm, *match.span()))
    _scan_links(norm, lex, site_hosts, ev)
    for pattern, weight in _PROMOTION_PATTERNS:
        for match in pattern.finditer(norm):
            ev.add(PROMOTION, weight, *_trim(norm, *match.span()))
            if weight < FLAG_THRESHOLD:
                weight = 0.0  # a weak signal counts once: three prices are not an advert
    if not norm.isascii():
        for pattern, category, weight in lex.other_scripts:
            for match in pattern.finditer(norm):
                ev.add(category, weight, *_trim(norm, *match.span()))
    if article_text:
        _scan_off_topic(folded, norm, article_text, ev, parent_text=parent_text)
    _scan_shouting(norm, ev)
    return ev


# The categories the classifier's "offensive" head can speak for, in the order a
# tie is settled.
_OFFENSIVE_CATEGORIES = (PERSONAL_ATTACK, ABUSE, THREAT, PROFANITY, VULGARITY)


def _model_weight(probability: float, threshold: float) -> float:
    """A head's probability as evidence: 0.5 (a flag on its own) at its calibrated
    threshold, rising to 1; below it, a fast-shrinking weight that only tips the
    balance together with a rule."""
    if threshold >= 1.0:
        return 0.0
    if probability >= threshold:
        return 0.5 + 0.5 * (probability - threshold) / (1.0 - threshold)
    return 0.45 * (probability / threshold) ** 4


# What unsupported rule evidence is worth (see ``combine``): under the flag line.
_UNSUPPORTED_RULE = 0.45
# Letters Sorani writes and Arabic does not (ێ ە ڕ ڵ ۆ). The classifier learned from
# English and Arabic only, so its silence on a Sorani comment says nothing: there
# the word lists keep their say.
_SORANI_LETTERS = re.compile("[\u06ce\u06d5\u0695\u06b5\u06c6]")


def combine(
    evidence: Evidence,
    probabilities: dict[str, float],
    thresholds: dict[str, float],
    rule_gate: dict[str, float] | None = None,
) -> Evidence:
    """The rules' evidence plus the classifier's, per category.

    ``promotion``, ``abuse`` and ``personal_attack`` heads add to their category.
    The ``offensive`` head adds to the category the rules already found most of
    (profanity, a threat...), otherwise to abuse or personal attack, whichever of
    those two heads is nearer its own threshold.

    ``rule_gate`` (calibrated with the thresholds) is why a word list alone no
    longer flags: on public comments most of the rules' false alarms are a listed
    word in a harmless sentence ("so damn good", "she is sexy"), which the
    classifier reads in context. A rule's insult, swearing or threat evidence flags
    on its own only when it is ``sure`` (explicit swearing, a slur, a threat) or the
    ``offensive`` head gives at least ``support``; otherwise it is kept, with its
    evidence spans, just under the flag line, where a little model evidence can
    still tip it. Promotion rules are never gated: links and phone numbers are
    what they do well; nor is a Sorani comment, which the model cannot read.
    """
    out = evidence.copy()
    rule_scores = evidence.scores()
    support = probabilities.get("offensive", 1.0)
    model_reads_it = not _SORANI_LETTERS.search(evidence.normalised.text)
    if rule_gate and model_reads_it and support < rule_gate["support"]:
        # Unsupported evidence is worth what the model half-believes of it, so the
        # order of the queue below the flag line still follows the model.
        cap = _UNSUPPORTED_RULE * support / rule_gate["support"]
        for category in _OFFENSIVE_CATEGORIES:
            score = rule_scores.get(category, 0.0)
            if cap < score < rule_gate["sure"]:
                hits = out.hits[category]
                # One hit carries the capped score; the rest keep their spans only.
                out.hits[category] = [(cap, *hits[0][1:])] + [
                    (0.0, start, end) for _, start, end in hits[1:]
                ]
    for head in (PROMOTION, ABUSE, PERSONAL_ATTACK):
        if head in probabilities:
            weight = _model_weight(probabilities[head], thresholds.get(head, 1.01))
            if weight > 0.0:
                out.add(head, weight, 0, 0)
    if "offensive" in probabilities:
        weight = _model_weight(probabilities["offensive"], thresholds.get("offensive", 1.01))
        if weight > 0.0:
            found = [c for c in _OFFENSIVE_CATEGORIES if rule_scores.get(c, 0.0) > 0.0]
            if found:
                target = max(found, key=lambda c: rule_scores[c])
            else:

                def nearness(head: str) -> float:
                    return probabilities.get(head, 0.0) / thresholds.get(head, 1.0)

                target = ABUSE if nearness(ABUSE) > nearness(PERSONAL_ATTACK) else PERSONAL_ATTACK
            out.add(target, weight, 0, 0)
    return out


def category_scores(text: str, **kwargs) -> dict[str, float]:
    """Every guideline category's score for ``text``, flagged or not (for measuring
    ranking quality, e.g. ROC AUC); ``screen`` keeps only those at ``FLAG_THRESHOLD``."""
    evidence = rule_evidence(text, **kwargs)
    model = screening_model.load()
    if model is not None:
        evidence = combine(
            evidence, model.predict(evidence.normalised.text), model.thresholds, model.rule_gate
        )
    scores = evidence.scores()
    return {category: scores.get(category, 0.0) for category in GUIDELINE_CATEGORIES}


@functools.cache
def _insult_patterns_cached() -> list[tuple[re.Pattern[str], float]]:
    return _insult_patterns(_lexicon())


@functools.cache
def _named_pattern_cached() -> re.Pattern[str]:
    return _named_pattern(_lexicon())
