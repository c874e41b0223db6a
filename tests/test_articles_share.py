"""Share links: plain addresses, nothing loaded from the sites they lead to."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def share_links(html):
    nav = re.search(r'<nav class="share".*?</nav>', html, re.S).group(0)
    return dict(re.findall(r'share__link--(\w+)" href="([^"]+)"', nav)), nav


@override_settings(SITE_URL="https://news.example.org")
def test_article_offers_plain_share_links_with_its_address_and_headline(client):
    article = make_article(headline="Erbil & Duhok agree on water")
    html = client.get(article.get_absolute_url()).content.decode()
    links, nav = share_links(html)
    address = f"https://news.example.org{article.get_absolute_url()}"
    unescaped = {key: value.replace("&amp;", "&") for key, value in links.items()}

    mail = urlsplit(unescaped["email"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": [article.headline], "body": [address]}
    assert "+" not in mail.query  # spaces as %20: mail programs keep a "+"
    assert parse_qs(urlsplit(unescaped["whatsapp"]).query) == {
        "text": [f"{article.headline} {address}"]
    }
    assert unescaped["telegram"].startswith("https://t.me/share/url?")
    assert parse_qs(urlsplit(unescaped["telegram"]).query)["url"] == [address]
    assert parse_qs(urlsplit(unescaped["facebook"]).query) == {"u": [address]}
    assert parse_qs(urlsplit(unescaped["x"]).query)["url"] == [address]
    # "Copy link" is the article's own address: a plain link without JavaScript.
    assert f'class="share__link share__copy" href="{address}"' in nav


def test_no_third_party_script_or_frame_is_on_the_article_page(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "<iframe" not in html
    assert not re.search(r'<(?:img|link)[^>]+(?:src|href)="https?://(?!testserver)', html)


def test_copy_script_is_served_by_the_app(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert '<script src="/static/js/share.js" defer></script>' in html
