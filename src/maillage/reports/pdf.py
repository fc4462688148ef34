"""The report as a PDF, made with Typst: the content (reports/content.py) is written as JSON with
the SVG charts beside it, and `typst/report.typ` lays it out. Fonts are embedded; the PDF carries
its title and language; charts stay vectors."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

TEMPLATE = Path(__file__).parent / "typst" / "report.typ"

# French typography: a narrow no-break space before « : ; ! ? », no-break spaces inside « ».
_BEFORE = re.compile(r"\s+([:;!?»])")
_AFTER = re.compile(r"(«)\s+")


def french_spacing(text: str) -> str:
    text = _BEFORE.sub(lambda m: ("\u00a0" if m.group(1) in ":»" else "\u202f") + m.group(1), text)
    return _AFTER.sub("«\u00a0", text)


def _french(value):
    if isinstance(value, str):
        return french_spacing(value)
    if isinstance(value, list):
        return [_french(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k.endswith("svg") else _french(v)) for k, v in value.items()}
    return value


def write_sources(data: dict, folder: Path) -> Path:
    """data.json, chain.svg and one SVG per chart, then the template: ready for Typst."""
    data = _french(data)
    if data.get("chain"):
        (folder / "chain.svg").write_text(data["chain"].pop("svg"), encoding="utf-8")
    number = 0
    for goal in data.get("objectives", []):
        for question in goal["questions"]:
            for indicator in question["indicators"]:
                svg = indicator.pop("chart_svg", "")
                indicator["chart_file"] = None
                if svg:
                    number += 1
                    name = f"chart-{number}.svg"
                    (folder / name).write_text(svg, encoding="utf-8")
                    indicator["chart_file"] = name
    return write_data_and_template(folder, data, TEMPLATE)


def write_data_and_template(folder: Path, data: dict, template: Path) -> Path:
    """data.json (which the template reads) and the template itself; returns the main file."""
    (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main = folder / template.name
    main.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    return main


def compile_in_temporary_folder(
    write: Callable[[dict, Path], Path], data: dict, prefix: str
) -> bytes:
    """Write a report's sources with `write` into a throw-away folder and compile them."""
    import typst  # loads the compiler only when a PDF is made

    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        main = write(data, Path(folder))
        return typst.compile(str(main), root=folder)


def render_pdf(data: dict) -> bytes:
    return compile_in_temporary_folder(write_sources, data, "maillage-rapport-")
