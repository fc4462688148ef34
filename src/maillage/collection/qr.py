"""QR codes of public survey links, drawn by segno (SVG for the page and the poster, PNG to
paste into a document)."""

import io

import segno


def _code(url: str):
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: int = 6, title: str = "") -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=scale, border=2, title=title or None, xmldecl=False)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
