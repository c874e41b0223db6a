"""Hero pictures: renditions made once per upload, served by width with their size.

A phone at 375 px must not be sent a 1,200 px picture; every picture has
``width``/``height`` so the page does not jump as it loads; the picture at
the top of the article is fetched first, the others when scrolled to.
"""

import re
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles import images
from articles.models import Article
from tests.factories import make_article, make_section, make_user
from tests.test_articles_admin import article_form
from webcore.storage import MediaStorage

pytestmark = pytest.mark.django_db


def jpeg(width=1200, height=675):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (90, 110, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile("river.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWSROOM_PAGE_CACHE = False
    return tmp_path


@pytest.fixture
def editor(client):
    client.force_login(make_user("ed", groups=["Editors"], is_staff=True))


def rendition_files(media):
    return sorted(path.name for path in media.rglob("*.w*.*"))


def test_an_upload_in_the_admin_gets_its_renditions_once(client, editor, media):
    section = make_section()
    response = client.post(
        "/admin/articles/article/add/", article_form(section, hero_image=jpeg(), hero_alt="A river")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (1200, 675)
    made = rendition_files(media)
    expected = [f"river.w{w}.{ext}" for w in (320, 480, 640, 960) for ext in ("jpg", "webp")]
    assert sorted(made) == sorted(expected + ["river.w1200.jpg", "river.w1200.webp"])
    for name in made:
        with Image.open(next(media.rglob(name))) as picture:
            assert picture.width == int(name.split(".w")[1].split(".")[0])
            assert picture.height == round(675 * picture.width / 1200)

    # Saving the article again without a new picture makes nothing again.
    stamps = {path: path.stat().st_mtime_ns for path in media.rglob("*.w*.*")}
    data = article_form(section, hero_alt="A river at dusk", status="draft")
    client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert {path: path.stat().st_mtime_ns for path in media.rglob("*.w*.*")} == stamps


def test_a_small_picture_is_never_enlarged(media):
    article = make_article(hero_image=jpeg(500, 300))
    images.make_hero_renditions(article)
    assert images.rendition_widths(500) == [320, 480, 500]
    with Image.open(media / images.rendition_name(article.hero_image.name, 500, "jpg")) as big:
        assert big.size == (500, 300)


def test_article_page_serves_renditions_by_width_with_their_size(client):
    article = make_article(hero_image=jpeg(), hero_alt="The river at Duhok")
    images.make_hero_renditions(article)
    html = client.get(article.get_absolute_url()).content.decode()
    hero = re.search(r'<figure class="article__hero">(.*?)</figure>', html, re.S).group(1)
    img = re.search(r"<img [^>]*>", hero).group(0)
    assert 'width="1200" height="675"' in img
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert 'alt="The river at Duhok"' in img
    assert 'sizes="(min-width: 43rem) 40rem, calc(100vw - 1.5rem)"' in img
    assert '<source type="image/webp"' in hero
    for width in (320, 480, 640, 960, 1200):
        for extension in ("jpg", "webp"):
            name = images.rendition_name(article.hero_image.name, width, extension)
            assert f"{default_storage.url(name)} {width}w" in hero
            assert default_storage.exists(name)


def test_a_375px_screen_is_offered_a_picture_at_most_twice_its_width(client):
    # What a browser does with srcset and sizes: the narrowest candidate at
    # least as wide as the slot times the pixel ratio (1 and 2 here).
    article = make_article(hero_image=jpeg())
    images.make_hero_renditions(article)
    html = client.get(article.get_absolute_url()).content.decode()
    srcset = re.search(r'<img [^>]*srcset="([^"]+)"', html).group(1)
    widths = sorted(int(candidate.split()[1][:-1]) for candidate in srcset.split(", "))
    slot = 375 - 24  # calc(100vw - 1.5rem)
    for ratio in (1, 2):
        chosen = next(width for width in widths if width >= slot * ratio)
        assert chosen <= 2 * slot * ratio, (ratio, chosen)


def test_pictures_below_the_fold_load_lazily_and_listings_use_renditions(client):
    section = make_section(slug="rivers")
    lead = make_article(hero_image=jpeg(), section=section)
    other = make_article(hero_image=jpeg(), section=section)
    for article in (lead, other):
        images.make_hero_renditions(article)
    make_article(
        body='<p>Text.</p><figure><img src="https://example.org/a.jpg" alt="A"></figure>',
        published_at=timezone.now() - timedelta(days=2),
    )

    home = client.get("/").content.decode()
    lead_img = re.search(r'<article class="lead-story">.*?(<img [^>]*>)', home, re.S).group(1)
    assert 'fetchpriority="high"' in lead_img and "srcset=" in lead_img

    listing = client.get("/sections/rivers/").content.decode()
    cards = re.findall(r'<img class="story-card__image"[^>]*>', listing)
    assert len(cards) == 2
    for img in cards:
        assert 'loading="lazy"' in img and "srcset=" in img and 'width="1200"' in img
        assert 'sizes="(min-width: 48rem) 15rem, calc(100vw - 1.5rem)"' in img

    body_article = Article.objects.get(body__contains="example.org")
    html = client.get(body_article.get_absolute_url()).content.decode()
    assert '<img loading="lazy" decoding="async" src="https://example.org/a.jpg"' in html


def test_a_picture_without_renditions_still_shows_as_uploaded(client):
    article = make_article(hero_image=jpeg())
    html = client.get(article.get_absolute_url()).content.decode()
    img = re.search(r'<figure class="article__hero">.*?(<img [^>]*>)', html, re.S).group(1)
    assert f'src="{article.hero_image.url}"' in img and "srcset" not in img


def test_make_renditions_command_fills_in_missing_ones(media):
    article = make_article(hero_image=jpeg(800, 450))
    call_command("make_renditions", stdout=StringIO())
    article.refresh_from_db()
    assert (article.hero_width, article.hero_height) == (800, 450)
    assert default_storage.exists(images.rendition_name(article.hero_image.name, 640, "webp"))


@pytest.mark.parametrize(
    "base",
    ["/media/", "https://cdn.example.com/newsroom/media/", "/media/./x/", "//cdn.example.com//m/"],
)
def test_media_urls_are_exactly_what_django_gives(base):
    # webcore.storage appends instead of joining where the two agree; here
    # they must agree for every name, the odd ones included.
    names = [
        "heroes/2026/12/river.w640.webp",
        "heroes/river bank (2).JPG",
        "heroes/رووبار.jpg",
        "/heroes/leading-slash.jpg",
        "heroes/100%25 #1?.jpg",
        "heroes/a:b.jpg",
        "heroes//double.jpg",
        "heroes/./dot.jpg",
        "heroes/../up.jpg",
        "heroes/",
        ".",
        "",
    ]
    ours = MediaStorage(location="/nowhere", base_url=base)
    django = FileSystemStorage(location="/nowhere", base_url=base)
    for name in names:
        assert ours.url(name) == django.url(name), name


def test_uploads_use_the_media_storage():
    assert isinstance(default_storage, MediaStorage)
    assert isinstance(Article._meta.get_field("hero_image").storage, MediaStorage)
