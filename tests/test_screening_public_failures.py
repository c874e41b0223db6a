"""The pre-screen's failure modes measured on public comments, each fixed and held here.

One test per failure mode listed in the issue that measured the pre-screen on
comments from outside the project (links, @names, stemming, "!!", disguised
letters, insults without a listed word, Arabic and Sorani, short replies), plus
the classifier's packaging: small, committed, loaded once, the same features in
every process.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from comments import screening_model
from comments.screening import (
    category_scores,
    combine,
    fingerprint,
    rule_evidence,
    screen,
)
from comments.textnorm import normalise

ROOT = Path(__file__).resolve().parent.parent

SPORT = (
    "ERBIL - Erbil SC beat Duhok SC 2-1 in a tense derby at the Franso Hariri Stadium on "
    "Friday, moving up to third in the Iraq Stars League. Duhok took the lead after 20 "
    "minutes when their striker headed in a corner, but Erbil equalised just before "
    "half-time through a penalty after a handball in the box."
)


def categories(text: str, **kwargs) -> set[str]:
    return {flag.category for flag in screen(text, **kwargs)}


def flag_of(text: str, category: str, **kwargs):
    return next(f for f in screen(text, **kwargs) if f.category == category)


@pytest.mark.parametrize(
    "text",
    [
        "Full statement here: https://www.reuters.com/world/middle-east/raqqa-2026-11-30/",
        "The ministry published the figures https://gov.krd/english/news/salaries",
        "Source: https://www.state.gov/briefings/department-press-briefing/",
        "It is on the UN site too, https://www.unhcr.org/iraq.html",
        "See en.wikipedia.org/wiki/Raqqa for the history of the city.",
        "Rudaw had it first: rudaw.net/english/kurdistan/301120262",
        "I read a longer piece on this yesterday: https://someones-blog.net/2026/11/raqqa",
    ],
)
def test_a_bare_link_to_news_public_bodies_or_a_blog_is_not_promotion(text):
    assert "promotion" not in categories(text)


def test_a_link_to_the_site_itself_is_not_promotion():
    text = "Our own report last week: https://news.example.org/articles/2026/11/raqqa-talks/"
    assert "promotion" not in categories(text, site_hosts=["news.example.org"])


@pytest.mark.parametrize(
    "text",
    [
        "Visit www.cheap-pumps-erbil.com for pumps",
        "Free followers here bit.ly/3xYz9Qa",
        "Join us on t.me/forexsignals_vip",
        "Best deals at dealz-kurdistan.shop",
    ],
)
def test_shortened_chat_or_advertised_links_are_still_promotion(text):
    assert "promotion" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "@dara the trash collectors have been on strike since Monday",
        "@sam my dog barked all night during the storm",
        "@rebwar nobody knows the real numbers yet",
        "@hana the garbage in our street was finally collected",
    ],
)
def test_an_at_mention_near_trash_dog_or_nobody_is_not_a_personal_attack(text):
    assert "personal_attack" not in categories(text)


@pytest.mark.parametrize(
    "text", ["@dara you are trash", "@sam is a liar", "@rebwar you idiot", "@hana, moron"]
)
def test_an_insult_said_to_or_of_an_at_mention_is_a_personal_attack(text):
    assert "personal_attack" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The food at the new place in Ankawa is too spicy for my kids.",
        "Spices are cheaper in the old bazaar.",
        "I am going to get him some shoes for Newroz.",
        "We will find him a better school next year.",
        "They will get the results on Monday.",
    ],
)
def test_spicy_is_no_slur_and_get_or_find_are_no_violent_verbs(text):
    assert categories(text) & {"abuse", "threat"} == set()


def test_threats_still_need_no_get_or_find():
    assert "threat" in categories("I will kill him if he writes that again")
    assert "threat" in categories("I will find you and I will hurt you")


@pytest.mark.parametrize("text", ["you idiot!!", "You moron!!!", "what an idiot!!"])
def test_trailing_exclamation_marks_do_not_hide_an_insult(text):
    flag = flag_of(text, "personal_attack")
    assert all(not piece.endswith("!!") or "idiot" in piece for piece in flag.evidence)


def test_trailing_exclamation_marks_are_not_read_as_letters_but_inner_ones_are():
    assert "profanity" in categories("this is sh!t")
    assert "profanity" not in categories("what a hit!!")


@pytest.mark.parametrize(
    "text, word",
    [
        ("you \u0456d\u0456\u043et", "\u0456d\u0456\u043et"),  # Cyrillic і, і and о
        ("you id\u200bi\u200dot", "id\u200bi\u200dot"),  # zero-width space and joiner
        ("f\u200bu\u200bc\u200bk off", "f\u200bu\u200bc\u200bk"),
        ("ｆｕｃｋ this", "ｆｕｃｋ"),  # fullwidth
        ("you \u0455\u0441um", "\u0455\u0441um"),  # Cyrillic ѕ and с
    ],
)
def test_look_alike_letters_and_invisible_characters_do_not_hide_a_violation(text, word):
    flags = screen(text)
    assert flags, text
    # Evidence points into the comment as posted, disguise and all.
    for flag in flags:
        for piece, (start, end) in zip(flag.evidence, flag.spans, strict=True):
            assert text[start:end] == piece
    assert any(word in piece for flag in flags for piece in flag.evidence)


def test_normalising_keeps_a_map_back_to_the_posted_text():
    text = "a\u200bb \u0456d\u0456\u043et ｘ"
    normalised = normalise(text)
    assert normalised.text == "ab idiot x"
    start = normalised.text.index("idiot")
    assert normalised.span(start, start + 5) == (text.index("\u0456"), text.index(" ｘ"))


def test_a_russian_comment_keeps_its_letters():
    assert normalise("Это хорошая новость").text == "Это хорошая новость"


@pytest.mark.parametrize(
    "text, category",
    [
        ("you suck", "personal_attack"),
        ("You're a waste of humanity", "personal_attack"),
        ("nobody likes you, go away", "personal_attack"),
        ("what a piece of garbage you are", "personal_attack"),
        ("go hang yourself", "threat"),
        ("just kill yourself already", "threat"),
        ("stfu you numpty", "personal_attack"),
    ],
)
def test_insults_without_a_listed_word_are_caught(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text, category",
    [
        ("يا كلب يا حقير", "personal_attack"),
        ("انت حمار ما تفهم شي", "personal_attack"),
        ("الله يلعنك ويلعن اللي خلفوك", "profanity"),
        ("يا ابن الشرموطة", "vulgarity"),
        ("ئەی گەمژە، هیچ نازانیت", "personal_attack"),
        ("بێشەرەف", "personal_attack"),
        ("دەتکوژم", "threat"),
    ],
)
def test_arabic_and_sorani_insults_are_flagged(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "قال المتحدث إن الكلب البوليسي عثر على المتفجرات قرب الجسر.",
        "التنسيق بين روسيا والتحالف قد يغير مسار المعركة في الرقة.",
        "هیوادارم ئەم هەماهەنگییە ببێتە هۆی کۆتایی هاتنی شەڕ و گەڕانەوەی ئاوارەکان.",
        "سەگەکەمان هەموو شەوێک دەوەڕێت.",
    ],
)
def test_arabic_and_sorani_word_lists_leave_news_talk_alone(text):
    # The word lists only: the classifier has false alarms of its own (it calls the
    # first sentence, about a police dog, abuse), measured by make bench-screening.
    flagged = {flag.category for flag in rule_evidence(text).flags()}
    assert flagged & {"personal_attack", "profanity", "vulgarity", "abuse"} == set()


def test_a_short_reply_to_another_comment_is_not_off_topic():
    parent = "The new bakery on Gulan street sells the best bread in town."
    reply = (
        "Their bread is great, my family buys fresh loaves every morning before school, "
        "cheaper than the supermarket bakery near Gulan street."
    )
    assert "off_topic" not in categories(reply, article_text=SPORT, parent_text=parent)
    # The same words as a comment on the article itself are off-topic.
    assert "off_topic" in categories(reply, article_text=SPORT)


def test_a_reply_that_drifts_far_from_article_and_parent_can_still_be_off_topic():
    parent = "Great goal by the young midfielder."
    reply = (
        "Does anybody know a reliable plumber in Ankawa? Our kitchen pipes burst during "
        "the cold night, the landlord refuses to answer his phone, water reached the "
        "bedroom carpet, insurance people want photographs, receipts and invoices, and "
        "my cousin suggested calling municipal services tomorrow morning instead."
    )
    assert "off_topic" in categories(reply, article_text=SPORT, parent_text=parent)


def test_the_classifier_is_committed_small_and_loaded_once():
    assert screening_model.MODEL_PATH.stat().st_size < 2_000_000
    model = screening_model.load()
    assert model is not None
    assert model is screening_model.load()
    probabilities = model.predict(normalise("you are a disgusting waste of space").text)
    assert set(probabilities) == {"offensive", "abuse", "personal_attack", "promotion"}
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())
    assert set(model.thresholds) == set(probabilities)


# --- the rule gate: a listed word alone, in a sentence the model calls harmless ----


def _flagged(text: str, offensive: float) -> set[str]:
    model = screening_model.load()
    evidence = rule_evidence(text)
    probabilities = dict.fromkeys(model.heads, 0.0) | {"offensive": offensive}
    scores = combine(evidence, probabilities, model.thresholds, model.rule_gate).scores()
    return {category for category, score in scores.items() if score >= 0.5}


def test_weak_word_list_evidence_needs_the_models_support():
    gate = screening_model.load().rule_gate
    assert gate is not None
    mild = "Damn, what a match. Erbil deserved it though."
    assert "profanity" not in _flagged(mild, offensive=gate["support"] / 2)
    assert "profanity" in _flagged(mild, offensive=gate["support"])
    # The evidence is kept under the flag line, so "highest risk first" still sees it.
    assert 0 < category_scores(mild)["profanity"] < 0.5


@pytest.mark.parametrize(
    "text, category",
    [
        ("Same fucking floods every year and the municipality does nothing.", "profanity"),
        ("The journalist who wrote this deserves to die.", "threat"),
        ("ئەی گەمژە، هیچ نازانیت", "personal_attack"),  # Sorani: the model cannot read it
    ],
)
def test_sure_rule_evidence_and_sorani_flag_without_the_model(text, category):
    assert category in _flagged(text, offensive=0.0)
    assert category in categories(text)


def test_the_gate_keeps_real_screens_on_the_guidelines():
    # Casual but explicit swearing is profanity under our guidelines, whatever a
    # public set says; a mild word in praise is left to the moderator's eye.
    assert "profanity" in categories("prices are f*cking insane, 20 percent in a few months")
    assert "profanity" not in categories("The dengbej film was so damn good, I cried at the end.")


def test_category_scores_rank_an_insult_above_a_clean_comment():
    insult = category_scores("you are a disgusting pig and everyone hates you")
    clean = category_scores("The council promised to fix the road before winter.")
    assert max(insult.values()) > max(clean.values())


def test_features_are_the_same_in_every_process():
    # Python's hash() changes per process; the model's feature hashing must not.
    code = "from comments.screening_model import features; print(sum(features('you idiot')))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1


@pytest.mark.parametrize(
    "text, digest",
    [
        ("Thank you for this article!", "94389c6d6898"),
        ("F.U.C.K this sh1t!!", "7f90244a0e67"),
        ("you idiot!!", "32c4e3948d6f"),
        ("\u0456d\u0456\u043et with Cyrillic", "164b88330cd9"),
        ("zero\u200bwidth word", "bf1a87d07555"),
        ("Cheap flights @ dealz.com $500!", "dad4a507032d"),
        ("ئاری کەریم", "2f8c800ed852"),
    ],
)
def test_fingerprints_of_stored_comments_do_not_change(text, digest):
    # Stored comments keep the fingerprint computed when they were posted.
    assert fingerprint(text).startswith(digest)
