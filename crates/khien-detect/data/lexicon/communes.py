#!/usr/bin/env python3
"""Extracts the gazetteer of commune- and district-level units (communes.tsv) from the SQLite
dataset of the PyPI package vietnamadminunits 1.0.4 (MIT licence).

    python3 communes.py PATH/TO/vietnamadminunits/data/dataset.db
    # writes communes.tsv next to this script

Python 3 standard library only. Only names, designations, provinces and GSO codes are read;
coordinates, bounds, areas, geocoded addresses, keys, aliases and keywords are not.
"""

import os
import sqlite3
import sys
import unicodedata

VERSION = "1.0.4"
EXTRACTED = "2026-11-28"

# Designations, longest first (so that "Thị trấn" is tried before a shorter prefix).
TYPES = ["Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Xã"]

HEADER = """\
# Gazetteer of Vietnamese commune-level (and pre-2025 district-level) administrative units.
# Source: the dataset.db of the Python package vietnamadminunits {version} (PyPI,
#   https://github.com/tranngocminhhieu/vietnamadminunits), MIT licence,
#   Copyright (c) 2025 Tran Ngoc Minh Hieu; licence text in communes.LICENSE.
#   The package names its upstream sources as the GSO list of administrative units
#   (danhmuchanhchinh.gso.gov.vn) and sapnhap.bando.com.vn.
# Tables used: admin_units (the two-level structure in force since 1 July 2025: 34 provinces,
#   3,321 communes, wards and special zones) -> era "new"; admin_units_legacy (the 63-province
#   structure before 1 July 2025) -> era "old", each district once and each commune once.
# Kept: the designation (type), the short name (NFC), the province short name and the GSO code.
#   The type and the name are taken from the full name ("Thị trấn Ngọc Lặc" -> Thị trấn, Ngọc Lặc),
#   which disagrees with the type column in {disagree} rows; numbered units keep their number as name
#   ("Phường 1" -> 1, "Quận 1" -> 1); the disambiguating suffixes of the short names
#   ("Yên Viên (Thị trấn)") are dropped. Old districts without communes (island districts) are
#   kept as districts.
# Dropped: every coordinate, bound, area and geocoded address (the package took those from
#   the Google Geocoding API), and the package's keys, aliases and keywords.
# Extracted {extracted} by communes.py (python3 communes.py PATH/TO/dataset.db).
# Names of administrative units are official facts published by the State (not copyrightable).
# Columns (tab-separated): era (new|old), level (district|commune), type, name, province, code.
"""


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


DISAGREE = []


def split_full(full, type_column):
    """ "Thị Trấn Ái Tử" -> ("Thị trấn", "Ái Tử")."""
    full = " ".join(nfc(full).split())
    low = full.lower()
    for t in TYPES:
        if low.startswith(t.lower() + " "):
            if t != type_column:
                DISAGREE.append(full)
            return t, full[len(t) + 1 :]
    raise SystemExit(f"no designation in {full!r} (type column {type_column!r})")


def check(row):
    for cell in row:
        if not cell or "\t" in cell or "\n" in cell:
            raise SystemExit(f"bad cell in {row!r}")
    return row


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: communes.py PATH/TO/dataset.db")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    rows = []
    # New two-level structure.
    for full, wtype, prov, code in db.execute(
        "SELECT ward, wardType, provinceShort, wardCode FROM admin_units"
    ):
        t, name = split_full(full, wtype)
        rows.append(check(("new", "commune", t, name, nfc(prov), code)))
    # Old structure: districts once each, then communes.
    seen = set()
    for full, dtype, prov, code in db.execute(
        "SELECT district, districtType, provinceShort, districtCode FROM admin_units_legacy"
    ):
        if code in seen:
            continue
        seen.add(code)
        t, name = split_full(full, dtype)
        rows.append(check(("old", "district", t, name, nfc(prov), code)))
    for full, wtype, prov, code in db.execute(
        "SELECT ward, wardType, provinceShort, wardCode FROM admin_units_legacy"
        " WHERE ward IS NOT NULL"
    ):
        t, name = split_full(full, wtype)
        rows.append(check(("old", "commune", t, name, nfc(prov), code)))
    # Stable order: era (new first), level (districts first), GSO code.
    order = {"new": 0, "old": 1, "district": 0, "commune": 1}
    rows.sort(key=lambda r: (order[r[0]], order[r[1]], r[5], r[3]))
    keys = [(r[0], r[1], r[5]) for r in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit("duplicate GSO codes")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "communes.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER.format(version=VERSION, extracted=EXTRACTED, disagree=len(DISAGREE)))
        f.write("era\tlevel\ttype\tname\tprovince\tcode\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    counts = {}
    for r in rows:
        counts[(r[0], r[1])] = counts.get((r[0], r[1]), 0) + 1
    print(f"{out}: {len(rows)} rows {sorted(counts.items())}", file=sys.stderr)


if __name__ == "__main__":
    main()
