"""The article HTML allow-list against hostile HTML, and the repeated-paragraph rule."""

import pytest
from django.core.exceptions import ValidationError

from articles.validators import find_repeated_paragraphs
from tests.factories import make_article
from webcore.sanitize import clean_article_html, describe_removed_markup

# The seed article's body as it was published: paragraphs 2–5 printed twice.
SEED_BODY = """ERBIL, Kurdistan Region - Russia's Foreign Minister Sergei Lavrov has said that the Kremlin is ready to coordinate with the American-led coalition in an operation to force Islamic State (ISIS) from its Raqqa stronghold in Syria.
"We are ready to coordinate our actions with the Americans, because Raqqa is in the eastern part of Syria, and the American coalition is mainly ... acting there," he told a Russian broadcaster according to Interfax news on Monday.
"Perhaps, this is no secret, if I say at some stage the Americans suggested performing a 'division of labour': the Russian Air Forces should concentrate on the liberation of Palmyra, and the American coalition with Russian support will focus on the liberation of Raqqa," he added.
While both the Americans and the Russians have their air forces operating in Syria they have not coordinated operations, primarily because the Americans are opposed to working with the regime of President Bashar al-Assad, Russia's ally in the country. They have also accused Russia of not targeting ISIS but focusing the brunt of its firepower against other armed groups opposing Assad.
Russia stepped up its bombings of the ancient ISIS-occupied city of Palmyra last week leading to renewed speculation that they may be clearing the way for a Syrian ground offensive aimed at retaking that city.
"We are ready to coordinate our actions with the Americans, because Raqqa is in the eastern part of Syria, and the American coalition is mainly ... acting there," he told a Russian broadcaster according to Interfax news on Monday.
"Perhaps, this is no secret, if I say at some stage the Americans suggested performing a 'division of labour': the Russian Air Forces should concentrate on the liberation of Palmyra, and the American coalition with Russian support will focus on the liberation of Raqqa," he added.
While both the Americans and the Russians have their air forces operating in Syria they have not coordinated operations, primarily because the Americans are opposed to working with the regime of President Bashar al-Assad, Russia's ally in the country. They have also accused Russia of not targeting ISIS but focusing the brunt of its firepower against other armed groups opposing Assad.
Russia stepped up its bombings of the ancient ISIS-occupied city of Palmyra last week leading to renewed speculation that they may be clearing the way for a Syrian ground offensive aimed at retaking that city.
"""  # noqa: E501


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>Hi<script>alert(1)</script></p>", ["<script", "alert(1)"]),
        ("<p>Hi</p><SCRIPT src=//evil.example/x.js></SCRIPT>", ["script", "evil.example"]),
        ("<p>Hi</p><scr<script>x</script>ipt>alert(2)</script>", ["<script", "alert(2)"]),
        ("<p>Hi</p><script>never closed(3)", ["<script", "never closed"]),
        ('<p>Hi<img src="x.png" onerror="alert(1)"></p>', ["onerror", "alert"]),
        ('<p onclick="alert(1)" onmouseover="x()">Hi</p>', ["onclick", "onmouseover"]),
        ('<p><a href="javascript:alert(1)">click</a></p>', ["javascript:"]),
        ('<p><a href="JaVaScRiPt&#58;alert(1)">click</a></p>', ["javascript", "alert"]),
        ('<p><a href=" javascript:alert(1)">click</a></p>', ["javascript"]),
        ('<p><img src="data:image/svg+xml;base64,PHN2Zz4="></p>', ["data:", "<img"]),
        ('<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>', ["data:", "alert"]),
        ('<p style="background:url(javascript:alert(1))">Hi</p>', ["style", "javascript"]),
        ("<style>body{display:none}</style><p>Hi</p>", ["<style", "display:none"]),
        ('<iframe src="https://evil.example"></iframe><p>Hi</p>', ["iframe", "evil.example"]),
        ('<object data="x.swf"></object><embed src="x.swf"><p>Hi</p>', ["object", "embed", "swf"]),
        ("<svg><script>alert(1)</script></svg><p>Hi</p>", ["svg", "alert"]),
        ('<form action="https://evil.example"><input name=q></form><p>Hi</p>', ["<form", "input"]),
        ('<p><img src="//evil.example/track.gif"></p>', ["evil.example"]),
        ('<p><img src="/media/../../etc/passwd"></p>', ["passwd"]),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example"><p>Hi</p>', ["meta"]),
        ("<!-- <script>alert(1)</script> --><p>Hi</p>", ["<!--", "alert"]),
    ],
)
def test_sanitiser_removes_everything_executable(hostile, forbidden):
    cleaned = clean_article_html(hostile)
    for fragment in forbidden:
        assert fragment.lower() not in cleaned.lower(), cleaned


def test_sanitiser_keeps_the_news_copy_allow_list():
    copy = (
        "<h2>Sub-heading</h2><h3>Smaller</h3><h4>Smallest</h4>"
        "<p>Text with <strong>strong</strong>, <em>em</em>, <b>b</b>, <i>i</i> and a "
        '<a href="https://example.com/report" title="The report">link</a>.<br>Line two.</p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
        "<blockquote><p>A quote.</p></blockquote><hr>"
        '<figure><img src="https://images.example/photo.jpg" alt="A market" width="800" '
        'height="450">'
        "<figcaption>The market at noon.</figcaption></figure>"
        '<p><img src="/media/articles/2024/01/x.jpg" alt="Local"></p>'
    )
    cleaned = clean_article_html(copy)
    for kept in [
        "<h2>Sub-heading</h2>",
        "<h3>Smaller</h3>",
        "<h4>Smallest</h4>",
        "<strong>strong</strong>",
        "<em>em</em>",
        "<b>b</b>",
        "<i>i</i>",
        'href="https://example.com/report"',
        'title="The report"',
        "<br>",
        "<ul><li>one</li></ul>",
        "<ol><li>two</li></ol>",
        "<blockquote><p>A quote.</p></blockquote>",
        "<hr>",
        '<img src="https://images.example/photo.jpg" alt="A market" width="800" height="450">',
        "<figcaption>The market at noon.</figcaption>",
        'src="/media/articles/2024/01/x.jpg"',
    ]:
        assert kept in cleaned, kept


def test_sanitiser_unwraps_word_processor_markup_and_keeps_its_text():
    cleaned = clean_article_html(
        '<p><span style="font-family:Calibri">Kept <font>words</font></span></p>'
    )
    assert cleaned == "<p>Kept words</p>"


def test_external_links_get_noopener_and_internal_links_do_not():
    cleaned = clean_article_html(
        '<p><a href="https://other.example/">out</a> <a href="/sections/iraq/">in</a></p>'
    )
    assert '<a href="https://other.example/" rel="noopener noreferrer">out</a>' in cleaned
    assert '<a href="/sections/iraq/">in</a>' in cleaned


def test_plain_text_paste_becomes_paragraphs_with_text_escaped():
    cleaned = clean_article_html("First line & more\n\nSecond line")
    assert cleaned == "<p>First line &amp; more</p><p>Second line</p>"


def test_describe_removed_markup_names_what_an_editor_lost():
    removed = describe_removed_markup(
        '<p onclick="x()">a<script>b</script><a href="javascript:c">d</a></p>'
    )
    assert removed == ["<script>", "javascript: URL", "onclick"]


def test_repeated_paragraphs_in_the_seed_are_found_with_numbers_and_opening_words():
    repeats = find_repeated_paragraphs(clean_article_html(SEED_BODY))
    assert [(r.later, r.earlier) for r in repeats] == [(6, 2), (7, 3), (8, 4), (9, 5)]
    assert repeats[0].opening_words == '"We are ready to coordinate our…'


def test_repeated_paragraph_ignores_case_and_whitespace():
    body = (
        "<p>The Kurdistan Region held talks today in Erbil.</p><p>Other news.</p>"
        "<p>the  kurdistan REGION held talks\ntoday in Erbil.</p>"
    )
    assert [(r.later, r.earlier) for r in find_repeated_paragraphs(body)] == [(3, 1)]


def test_short_repeated_lines_like_separators_are_allowed():
    assert find_repeated_paragraphs("<p>* * *</p><p>Text of the story.</p><p>* * *</p>") == []


@pytest.mark.django_db
def test_model_validation_refuses_the_seed_body_and_names_both_paragraphs():
    article = make_article(body="<p>Placeholder body.</p>")
    article.body = SEED_BODY
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    messages = excinfo.value.message_dict["body"]
    assert messages[0] == 'Paragraph 6 repeats paragraph 2 (“"We are ready to coordinate our…”).'
    assert len(messages) == 4


@pytest.mark.django_db
def test_saved_body_is_the_sanitised_one_whoever_saves_it():
    article = make_article(body='<p onclick="x()">Safe<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Safe</p>"
