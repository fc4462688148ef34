"""Checking a testimony's photo, audio or video file by its content, never by its name.

The first bytes say what a file is (`filetype`); only a short list of everyday formats is accepted,
each kind with its size limit. Photos are also opened with Pillow, which refuses decompression
bombs, and re-saved without their metadata: a phone's photo carries the place it was taken.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MB = 1024 * 1024
ACCEPTED = {
    "image/jpeg": ("photo", "jpg"),
    "image/png": ("photo", "png"),
    "image/webp": ("photo", "webp"),
    "audio/mpeg": ("audio", "mp3"),
    "audio/mp4": ("audio", "m4a"),
    "audio/ogg": ("audio", "ogg"),
    "audio/x-wav": ("audio", "wav"),
    "video/mp4": ("video", "mp4"),
    "video/webm": ("video", "webm"),
    "video/quicktime": ("video", "mov"),
}
LIMITS = {"photo": 10 * MB, "audio": 30 * MB, "video": 100 * MB}
KIND_LABELS = {"photo": "photo", "audio": "enregistrement audio", "video": "vidéo"}
MAX_PIXELS = 40_000_000
TOO_LARGE = "Cette image est trop grande (plus de 40 millions de pixels)."


class MediaRefused(ValueError):
    """The file cannot be kept; the message says why, in French."""


@dataclass
class CheckedMedia:
    kind: str
    mime: str
    content: ContentFile
    token: str


def _size_text(size: int) -> str:
    return f"{size / MB:.0f} Mo".replace(".", ",")


def check_media(upload) -> CheckedMedia:
    """Accept the uploaded file or raise MediaRefused with a French reason."""
    if upload.size == 0:
        raise MediaRefused(_("Le fichier est vide."))
    if upload.size > max(LIMITS.values()):
        raise MediaRefused(
            _("Le fichier pèse %(size)s : %(max)s au plus.")
            % {"size": _size_text(upload.size), "max": _size_text(max(LIMITS.values()))}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ACCEPTED:
        raise MediaRefused(
            _(
                "Ce fichier n'est pas une photo (JPEG, PNG, WebP), un son (MP3, M4A, OGG, WAV) "
                "ni une vidéo (MP4, WebM, MOV) : son contenu ne correspond à aucun de ces formats."
            )
        )
    media_kind, extension = ACCEPTED[mime]
    if upload.size > LIMITS[media_kind]:
        raise MediaRefused(
            _("Une %(kind)s pèse au plus %(max)s ; ce fichier pèse %(size)s.")
            % {
                "kind": _(KIND_LABELS[media_kind]),
                "max": _size_text(LIMITS[media_kind]),
                "size": _size_text(upload.size),
            }
        )
    upload.seek(0)
    data = upload.read()
    if media_kind == "photo":
        data = _clean_photo(data, mime)
    token = f"{secrets.token_urlsafe(18)}.{extension}"
    return CheckedMedia(media_kind, mime, ContentFile(data, name=token), token)


def _clean_photo(data: bytes, mime: str) -> bytes:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise MediaRefused(_(TOO_LARGE))
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            # Turn the picture as the phone meant it, then drop every metadata block.
            clean = ImageOps.exif_transpose(image)
            clean.info = {}
            output = io.BytesIO()
            clean.save(output, format={"image/jpeg": "JPEG", "image/png": "PNG"}.get(mime, "WEBP"))
    except MediaRefused:
        raise
    except Image.DecompressionBombError:
        raise MediaRefused(_(TOO_LARGE)) from None
    except Exception:  # Pillow raises many kinds for a damaged image
        raise MediaRefused(_("Cette image est abîmée et ne peut pas être ouverte.")) from None
    return output.getvalue()
