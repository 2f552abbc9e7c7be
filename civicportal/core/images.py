"""Uploaded images: checked with Pillow, stripped of metadata, and resized into renditions.

An upload is refused unless it is a real JPEG, PNG or WebP image within the size and pixel caps;
decompression bombs are refused before they are decoded. What is stored is a fresh encoding of the
pixels, so location, camera and other metadata never reach the site; renditions are WebP copies at
fixed widths for `srcset`.
"""

import io
import posixpath
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (320, 640, 1280)


@dataclass(frozen=True)
class ImageFacts:
    format: str
    width: int
    height: int


def inspect_upload(file) -> ImageFacts:
    """Return the facts of an uploaded image, or raise ValidationError saying why it is refused."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "The file is %(size)s; the largest image accepted is %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two bomb limits; refuse those images too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                facts = ImageFacts(image.format, *image.size)
                _check_facts(facts)
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()  # decode every pixel: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not an image that can be read. Upload a JPEG, PNG or WebP image.",
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)
    return facts


def _check_facts(facts: ImageFacts) -> None:
    if facts.format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG or WebP image.",
            code="image_format",
            params={"format": facts.format or "This kind of"},
        )
    if facts.width * facts.height > MAX_PIXELS:
        raise _too_many_pixels(facts)


def _too_many_pixels(facts: ImageFacts | None = None) -> ValidationError:
    limit = f"{MAX_PIXELS // 1_000_000} megapixels"
    if facts is None:
        return ValidationError(
            "The image has too many pixels; the most accepted is %(limit)s.",
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        "The image is %(width)s × %(height)s pixels; the most accepted is %(limit)s.",
        code="too_many_pixels",
        params={"width": facts.width, "height": facts.height, "limit": limit},
    )


def without_metadata(file, name: str) -> ContentFile:
    """Return a fresh encoding of the image's pixels, upright, with no EXIF, XMP or text chunks."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            image = image.convert("RGB")
            options.update(quality=90, optimize=True)
        buffer = io.BytesIO()
        image.save(buffer, format=image_format, **options)
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return ContentFile(buffer.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}")


def rendition_name(name: str, width: int) -> str:
    """Return the storage name of an image's rendition at a width."""
    folder, filename = posixpath.split(name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, "renditions", f"{stem}.w{width}.webp")


def rendition_widths(width: int) -> tuple[int, ...]:
    """Return the rendition widths made for an image of a width: only ones smaller than the original."""
    return tuple(w for w in RENDITION_WIDTHS if w < width)


def make_renditions(storage, name: str) -> list[str]:
    """Write the WebP renditions of a stored image and return their names."""
    written = []
    with storage.open(name) as stored, Image.open(stored) as original:
        original.load()
        for width in rendition_widths(original.width):
            copy = original.copy()
            copy.thumbnail((width, original.height * width // original.width or 1))
            if copy.mode not in ("RGB", "RGBA"):
                copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
            buffer = io.BytesIO()
            copy.save(buffer, format="WEBP", quality=80)
            target = rendition_name(name, width)
            if storage.exists(target):
                storage.delete(target)
            written.append(storage.save(target, ContentFile(buffer.getvalue())))
    return written
