"""Charts rendered on the server as SVG (Altair + vl-convert), the same in the page and in the PDF.

Each chart is drawn from a short list of (label, value) rows, which the page also shows as a
table for screen readers. A rendered SVG is cached under a hash of its specification, so the same
data is drawn once, and new data is drawn anew.
"""

from __future__ import annotations

import hashlib
import json

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
        import vl_convert  # slow to import (about 1 s): only when a chart is drawn

        drawn = vl_convert.vegalite_to_svg(spec)
        # The page describes the chart with its caption and table: the SVG itself is decorative.
        drawn = drawn.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
        cache.set(key, drawn, 24 * 3600)
    return drawn
