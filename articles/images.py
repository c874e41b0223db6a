"""Renditions of uploaded pictures: made once per upload, served with ``srcset``.

An article's hero image is uploaded once at whatever size the photographer
sent (often 1,200 px or more). Readers get the narrowest copy that fills the
slot on their screen: at upload time Pillow writes a JPEG (and a WebP, where
this Pillow can write WebP) of the picture at each of ``WIDTHS``, never wider
than the original, beside it in the same storage (``photo.w640.jpg``,
``photo.w640.webp``), and records the original's size on the article so the
page can give ``width``/``height`` and reserve the space before it loads.

The renditions are made by :func:`make_hero_renditions`, which the admin calls
when an editor uploads a picture and ``seed_demo`` calls for the demo; the
``make_renditions`` command makes any that are missing (after a restore, or
for pictures uploaded before renditions existed). A page shows renditions only
for an article whose size is recorded, so a picture without them still shows,
as its original.
"""

import posixpath
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, features

# Slot widths that matter: a phone (about 360 px, 720 at 2x), a tablet column,
# the article column (640 px, 1,280 at 2x).
WIDTHS = (320, 480, 640, 960, 1280)
JPEG_QUALITY = 82
WEBP_QUALITY = 78


def webp_supported() -> bool:
    return features.check("webp")


def rendition_name(name: str, width: int, extension: str) -> str:
    """The stored name of the ``width`` px rendition of the upload ``name``."""
    stem, _ = posixpath.splitext(name)
    return f"{stem}.w{width}.{extension}"


def rendition_widths(original_width: int) -> list[int]:
    """The widths made for an original this wide: each of WIDTHS below it, then its own."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths or [WIDTHS[-1]]


def make_renditions(name: str, *, storage=default_storage) -> tuple[int, int]:
    """Write the renditions of the stored picture ``name``; return its (width, height).

    Renditions already stored are kept: running it again costs only the check.
    """
    with storage.open(name, "rb") as source:
        image = Image.open(source)
        image.load()
    # A phone photo's orientation lives in its EXIF data; renditions carry none.
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    width, height = image.size
    formats = [("jpg", "JPEG", {"quality": JPEG_QUALITY, "optimize": True, "progressive": True})]
    if webp_supported():
        formats.append(("webp", "WEBP", {"quality": WEBP_QUALITY, "method": 4}))
    for target in rendition_widths(width):
        copy = None
        for extension, pillow_format, options in formats:
            target_name = rendition_name(name, target, extension)
            if storage.exists(target_name):
                continue
            if copy is None:
                target_height = max(1, round(height * min(target, width) / width))
                copy = image.resize((min(target, width), target_height), Image.Resampling.LANCZOS)
            buffer = BytesIO()
            copy.save(buffer, pillow_format, **options)
            storage.save(target_name, ContentFile(buffer.getvalue()))
    return width, height


def make_hero_renditions(article) -> bool:
    """Make the renditions of ``article``'s hero image and record its size; False if none."""
    if not article.hero_image:
        return False
    width, height = make_renditions(article.hero_image.name, storage=article.hero_image.storage)
    # Only the size: the rest of the article is the editor's, saved a moment ago.
    type(article).objects.filter(pk=article.pk).update(hero_width=width, hero_height=height)
    article.hero_width, article.hero_height = width, height
    return True


def srcset(article, extension: str) -> str:
    """``srcset`` of the hero's renditions in one format; "" when they were never made."""
    if not article.hero_width:
        return ""
    storage = article.hero_image.storage
    name = article.hero_image.name
    return ", ".join(
        f"{storage.url(rendition_name(name, width, extension))} {width}w"
        for width in rendition_widths(article.hero_width)
    )
