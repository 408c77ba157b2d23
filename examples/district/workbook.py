#!/usr/bin/env python3
"""Writes the Riverbend example as one Excel workbook.

    python3 examples/district/workbook.py

reads scopes.csv, modules.csv, plans.csv and results.csv next to this file and
writes workbook/district.xlsx: one sheet per file, named after it (Scopes,
Modules, Plans, Results: the engine reads sheet names in any case), cells that
are whole numbers stored as numbers, as Excel stores what a person types.
`coherence gaps --data examples/district/workbook/district.xlsx` gives the
same summary as `--data examples/district` (a test holds them equal).

The workbook lives in a folder of its own: a data folder that held both the
CSV files and a workbook with the same sheets would give each file twice,
which the engine refuses.

Standard library only. An .xlsx file is a zip of XML parts; text is written as
inline strings (no shared-string table) and every zip entry has a fixed date,
so the same CSV files always give the same bytes.
"""
import csv
import os
import re
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SHEETS = [("Scopes", "scopes.csv"), ("Modules", "modules.csv"), ("Plans", "plans.csv"),
          ("Results", "results.csv")]
WHOLE = re.compile(r"^(0|[1-9][0-9]{0,14})$")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
%s
</Types>
"""
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>
"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>
%s
</sheets>
</workbook>
"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
%s
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
</styleSheet>
"""


def column(i):
    """The letters of a 0-based column (0 -> A, 26 -> AA)."""
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def cell(ref, value, header):
    if value == "":
        return ""
    if not header and WHOLE.match(value):
        return '<c r="%s"><v>%s</v></c>' % (ref, value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return '<c r="%s" t="inlineStr"><is><t%s>%s</t></is></c>' % (ref, space, escape(value))


def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData>']
    for r, row in enumerate(rows):
        cells = "".join(cell("%s%d" % (column(c), r + 1), v, r == 0) for c, v in enumerate(row))
        out.append('<row r="%d">%s</row>' % (r + 1, cells))
    out.append("</sheetData></worksheet>\n")
    return "".join(out)


def write(path, sheets):
    """Writes `sheets`, a list of (name, rows), as an .xlsx file at `path`."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    n = len(sheets)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES % "\n".join(SHEET_TYPE % (i + 1) for i in range(n))),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK % "\n".join(
            '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name), i + 1, i + 1)
            for i, (name, _) in enumerate(sheets))),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS % "\n".join(
            '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1)
            for i in range(n))),
        ("xl/styles.xml", STYLES),
    ]
    parts += [("xl/worksheets/sheet%d.xml" % (i + 1), sheet_xml(rows))
              for i, (_, rows) in enumerate(sheets)]
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"), compresslevel=6)


def main():
    sheets = []
    for name, file in SHEETS:
        with open(os.path.join(HERE, file), newline="", encoding="utf-8") as f:
            sheets.append((name, list(csv.reader(f))))
    path = os.path.join(HERE, "workbook", "district.xlsx")
    write(path, sheets)
    print("wrote %s (%s)" % (os.path.relpath(path), ", ".join(n for n, _ in sheets)))


if __name__ == "__main__":
    main()
