"""Charts rendered on the server as SVG, the same in the page and in the PDF.

Each chart is drawn from a short list of (label, value) rows, which the page also shows as a
table for screen readers. The charts are simple bars (with their values, and the target as a
dashed line), drawn here directly: vl-convert drew the same Vega-Lite specification in about
0.2 s per chart on a busy server, most of a report's time (docs/decisions.md, issue 7); this
takes well under a millisecond. A rendered SVG is cached under a hash of its specification, so
the same data is drawn once, and new data is drawn anew.
"""

from __future__ import annotations

import hashlib
import json
import math
from html import escape

from django.core.cache import cache

PRIMARY = "#1b4965"
TARGET = "#b35c00"
FONT = "DejaVu Sans"  # present on the servers and known to Typst, so the PDF keeps the same text


def _spec(rows, *, horizontal: bool, unit: str, target: float | None, height: int) -> dict:
    data = [{"label": str(label), "value": value} for label, value in rows if value is not None]
    value_axis = {"field": "value", "type": "quantitative", "title": unit or None}
    label_axis = {"field": "label", "type": "nominal", "title": None, "sort": None,
                  "axis": {"labelLimit": 200, "labelAngle": 0}}  # fmt: skip
    encoding = (
        {"y": label_axis, "x": value_axis} if horizontal else {"x": label_axis, "y": value_axis}
    )
    layers = [
        {"mark": {"type": "bar", "color": PRIMARY}, "encoding": encoding},
        {
            "mark": {"type": "text", "align": "left" if horizontal else "center",
                     "baseline": "middle" if horizontal else "bottom",
                     "dx": 3 if horizontal else 0, "dy": 0 if horizontal else -3},
            "encoding": {**encoding, "text": {"field": "value", "type": "quantitative",
                                              "format": ",.3~r"}},
        },
    ]  # fmt: skip
    if target is not None:
        rule = {"x" if horizontal else "y": {"datum": target}}
        layers.append({"mark": {"type": "rule", "color": TARGET, "strokeDash": [6, 4],
                                "strokeWidth": 2}, "encoding": rule})  # fmt: skip
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": data},
        "layer": layers,
        "width": 340,
        "height": max(60, 30 * len(data)) if horizontal else height,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 13, "titleFontSize": 13, "grid": True,
                     "gridColor": "#e3e7ec"},
            "text": {"fontSize": 13},
            "locale": {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3],
                                  "currency": ["", " €"]}},
        },
    }  # fmt: skip


def svg(rows, *, horizontal=False, unit="", target=None, height=180) -> str:
    """The chart as an SVG string ('' when there is nothing to draw)."""
    if not any(value is not None for _label, value in rows):
        return ""
    spec = _spec(rows, horizontal=horizontal, unit=unit, target=target, height=height)
    key = "chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = draw(spec)
        cache.set(key, drawn, 24 * 3600)
    return drawn


# --- drawing -------------------------------------------------------------------------------------

FONT_SIZE = 13
CHAR_WIDTH = 0.6 * FONT_SIZE  # DejaVu Sans, on average: enough to place and shorten labels
GRID = "#e3e7ec"
AXIS_TEXT = "#333333"
LABEL_LIMIT = 200  # pixels, as `labelLimit` in the specification


def number_text(value: float, significant: int | None = 3) -> str:
    """French number, as Vega's « ,.3~r »: three significant digits, no trailing zeros, a narrow
    no-break space between thousands and a decimal comma (« 1 230 », « 73,5 »)."""
    if value == 0 or not math.isfinite(value):
        return "0"
    if significant is None:
        decimals = 2
    else:
        decimals = significant - 1 - math.floor(math.log10(abs(value)))
        value = round(value, decimals)
    if decimals <= 0:
        return f"{round(value):,}".replace(",", "\u202f")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _ticks(low: float, high: float, count: int) -> list[float]:
    """Round tick values that cover low..high (Vega's « nice » scale)."""
    span = (high - low) or abs(high) or 1.0
    raw = span / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * 1.0000001)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _shorten(label: str, limit: float) -> str:
    most = max(1, int(limit // CHAR_WIDTH))
    return label if len(label) <= most else label[: max(1, most - 1)] + "…"


def _text(x, y, text, *, anchor="middle", baseline="middle", fill=AXIS_TEXT, extra=""):
    dy = {"middle": "0.35em", "bottom": "-0.2em", "top": "0.9em"}[baseline]
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" dy="{dy}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def draw(spec: dict) -> str:
    """The bar chart of a specification made by `_spec`, as SVG text (decorative: the page
    describes it with its caption and its table)."""
    rows = [(row["label"], float(row["value"])) for row in spec["data"]["values"]]
    layers = spec["layer"]
    horizontal = "y" in layers[0]["encoding"] and layers[0]["encoding"]["y"]["field"] == "label"
    target = next(
        (float(next(iter(layer["encoding"].values()))["datum"]) for layer in layers[2:]), None
    )
    unit = layers[0]["encoding"]["x" if horizontal else "y"]["title"] or ""
    width, height = spec["width"], spec["height"]
    values = [value for _label, value in rows] + ([target] if target is not None else [])
    ticks = _ticks(
        min(0.0, *values), max(0.0, *values), max(2, (width if horizontal else height) // 40)
    )
    low, high = ticks[0], ticks[-1]

    def scale(value: float, size: float) -> float:
        return (value - low) / ((high - low) or 1) * size

    parts = []
    if horizontal:
        longest = max((len(label) for label, _v in rows), default=0) * CHAR_WIDTH
        left = min(LABEL_LIMIT, longest) + 10
        top, bottom = 5, 25 + (20 if unit else 0)
        band = height / max(1, len(rows))
        for tick in ticks:
            x = left + scale(tick, width)
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="{GRID}"/>'
            )
            parts.append(_text(x, top + height + 4, number_text(tick, None), baseline="top"))
        zero = left + scale(0, width)
        for index, (label, value) in enumerate(rows):
            y = top + index * band
            x = left + scale(value, width)
            parts.append(
                f'<rect x="{min(x, zero):.1f}" y="{y + band * 0.05:.1f}" '
                f'width="{abs(x - zero):.1f}" height="{band * 0.9:.1f}" fill="{PRIMARY}"/>'
            )
            parts.append(_text(left - 5, y + band / 2, _shorten(label, LABEL_LIMIT), anchor="end"))
            parts.append(
                _text(x + 3, y + band / 2, number_text(value), anchor="start", fill="#000")
            )
        if target is not None:
            x = left + scale(target, width)
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="{TARGET}" '
                'stroke-width="2" stroke-dasharray="6 4"/>'
            )
        if unit:
            parts.append(_text(left + width / 2, top + height + 30, unit, baseline="top"))
        total_width, total_height = left + width + 45, top + height + bottom
    else:
        left = max(len(number_text(t, None)) for t in ticks) * CHAR_WIDTH + 10 + (20 if unit else 0)
        top, bottom = 20, 25
        band = width / max(1, len(rows))
        for tick in ticks:
            y = top + height - scale(tick, height)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="{GRID}"/>'
            )
            parts.append(_text(left - 4, y, number_text(tick, None), anchor="end"))
        zero = top + height - scale(0, height)
        for index, (label, value) in enumerate(rows):
            x = left + index * band
            y = top + height - scale(value, height)
            parts.append(
                f'<rect x="{x + band * 0.05:.1f}" y="{min(y, zero):.1f}" width="{band * 0.9:.1f}" '
                f'height="{abs(zero - y):.1f}" fill="{PRIMARY}"/>'
            )
            parts.append(
                _text(x + band / 2, top + height + 4, _shorten(label, band), baseline="top")
            )
            parts.append(
                _text(x + band / 2, y - 3, number_text(value), baseline="bottom", fill="#000")
            )
        if target is not None:
            y = top + height - scale(target, height)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
                f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        if unit:
            middle = top + height / 2
            parts.append(_text(12, middle, unit, extra=f' transform="rotate(-90 12 {middle:.1f})"'))
        total_width, total_height = left + width + 10, top + height + bottom
    return (
        f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
        f'width="{total_width:.0f}" height="{total_height:.0f}" '
        f'viewBox="0 0 {total_width:.0f} {total_height:.0f}" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}"><rect width="100%" height="100%" fill="white"/>'
        + "".join(parts)
        + "</svg>"
    )
