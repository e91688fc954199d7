#!/usr/bin/env python3
"""OCR degradation benchmark for `khien scan`.

Generates synthetic Vietnamese documents with known personal data (application forms, invented
CCCD card fronts, bank-transfer screenshots), renders them to images, degrades the images at five
levels (L0 clean .. L4 phone photo), runs `khien scan --ocr always --threads 1` on each level's
folder and scores the JSONL findings against the ground truth.

Also scans the documents' source text (column TXT): the detector's ceiling without OCR, so a miss
can be told apart as an OCR loss (found in TXT, lost in L0..L4) or a detector gap (lost in TXT).

Run through bench/ocr/run.sh (which prepares the venv, fonts and binary); see bench/ocr/README.md.
Nothing here is random without the seed: the same --seed gives the same documents and images.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# --------------------------------------------------------------------------------------------
# Fonts (Debian packages fonts-dejavu-core and fonts-liberation2)
# --------------------------------------------------------------------------------------------

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
]
FONT_FILES = {
    "dejavu_sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "dejavu_serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "liberation_sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "liberation_serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
}


def find_font(name: str) -> Path | None:
    for d in FONT_DIRS:
        p = d / name
        if p.exists():
            return p
    return None


def available_families() -> dict[str, tuple[Path, Path]]:
    out = {}
    for fam, (reg, bold) in FONT_FILES.items():
        r, b = find_font(reg), find_font(bold)
        if r and b:
            out[fam] = (r, b)
    if not out:
        sys.exit("no DejaVu or Liberation fonts found: install fonts-dejavu-core fonts-liberation2")
    return out


_FONT_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    key = (str(path), size)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(str(path), size)
    return _FONT_CACHE[key]


# --------------------------------------------------------------------------------------------
# Invented but realistic Vietnamese data
# --------------------------------------------------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
# weights roughly follow how common each family name is
FAMILY_W = [38, 11, 9, 7, 5, 4, 4, 4, 3, 2, 2, 2, 2, 1, 1, 1]
MIDDLE_M = ["Văn", "Đức", "Hữu", "Quốc", "Minh", "Thanh", "Công", "Xuân", "Gia", "Hoàng",
            "Đình", "Ngọc", "Tuấn", "Văn Minh", "Hữu Phước"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh", "Bảo", "Thùy", "Mai", "Thị Thu",
            "Hoài", "Phương", "Diệu", "Thị Ngọc"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang",
           "Khoa", "Kiên", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
           "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Vinh", "Việt",
           "Hưng", "Khải", "Duy", "Tùng"]
GIVEN_F = ["An", "Anh", "Châu", "Chi", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
           "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
           "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Trang", "Trâm", "Tuyết",
           "Vân", "Vy", "Yến", "Nhi", "Ly"]

# (CCCD province code, province name used in addresses, [(ward, district)]) — real units,
# old (pre-July-2025) four-level form; two-level forms are derived by dropping the district.
PLACES = [
    ("001", "Hà Nội", [("phường Hàng Bạc", "quận Hoàn Kiếm"), ("phường Dịch Vọng", "quận Cầu Giấy"),
                       ("phường Kim Liên", "quận Đống Đa"), ("xã Bát Tràng", "huyện Gia Lâm"),
                       ("phường Thanh Xuân Trung", "quận Thanh Xuân")]),
    ("079", "TP Hồ Chí Minh", [("phường Bến Nghé", "Quận 1"), ("phường Tân Định", "Quận 1"),
                               ("phường Võ Thị Sáu", "Quận 3"), ("phường Linh Trung", "TP Thủ Đức"),
                               ("phường Tân Phong", "Quận 7")]),
    ("048", "Đà Nẵng", [("phường Thạch Thang", "quận Hải Châu"), ("phường An Hải Bắc", "quận Sơn Trà"),
                        ("phường Hòa Khánh Bắc", "quận Liên Chiểu")]),
    ("031", "Hải Phòng", [("phường Máy Chai", "quận Ngô Quyền"), ("phường Lạch Tray", "quận Ngô Quyền"),
                          ("phường Trại Cau", "quận Lê Chân")]),
    ("092", "Cần Thơ", [("phường Tân An", "quận Ninh Kiều"), ("phường An Khánh", "quận Ninh Kiều")]),
    ("040", "Nghệ An", [("phường Hưng Bình", "TP Vinh"), ("phường Lê Lợi", "TP Vinh")]),
    ("046", "Thừa Thiên Huế", [("phường Phú Hội", "TP Huế"), ("phường Vĩnh Ninh", "TP Huế")]),
    ("030", "Hải Dương", [("xã Cẩm Vũ", "huyện Cẩm Giàng"), ("phường Trần Phú", "TP Hải Dương")]),
    ("038", "Thanh Hóa", [("phường Điện Biên", "TP Thanh Hóa"), ("phường Ba Đình", "TP Thanh Hóa")]),
    ("056", "Khánh Hòa", [("phường Lộc Thọ", "TP Nha Trang"), ("phường Phước Hòa", "TP Nha Trang")]),
    ("027", "Bắc Ninh", [("phường Suối Hoa", "TP Bắc Ninh"), ("phường Ninh Xá", "TP Bắc Ninh")]),
    ("075", "Đồng Nai", [("phường Tân Hiệp", "TP Biên Hòa"), ("phường Quyết Thắng", "TP Biên Hòa")]),
    ("074", "Bình Dương", [("phường Phú Cường", "TP Thủ Dầu Một"), ("phường Hiệp Thành", "TP Thủ Dầu Một")]),
    ("022", "Quảng Ninh", [("phường Hồng Gai", "TP Hạ Long"), ("phường Bãi Cháy", "TP Hạ Long")]),
    ("036", "Nam Định", [("phường Vị Xuyên", "TP Nam Định"), ("xã Hải Hậu", "huyện Hải Hậu")]),
    ("034", "Thái Bình", [("phường Bồ Xuyên", "TP Thái Bình")]),
    ("052", "Bình Định", [("phường Lý Thường Kiệt", "TP Quy Nhơn")]),
    ("066", "Đắk Lắk", [("phường Tân Lợi", "TP Buôn Ma Thuột")]),
    ("068", "Lâm Đồng", [("phường 1", "TP Đà Lạt")]),
    ("089", "An Giang", [("phường Mỹ Bình", "TP Long Xuyên")]),
]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
           "Phan Chu Trinh", "Điện Biên Phủ", "Nguyễn Huệ", "Lê Duẩn", "Quang Trung", "Hùng Vương",
           "Bạch Đằng", "Nguyễn Văn Cừ", "Trường Chinh", "Lạc Long Quân", "Nguyễn Du",
           "Pasteur", "Nguyễn Thị Minh Khai", "Võ Văn Tần", "Hoàng Diệu"]
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077",
                   "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090",
                   "091", "093", "094", "096", "097", "098"]
EMAIL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "yahoo.com.vn", "outlook.com",
                 "hotmail.com", "icloud.com"]
BANKS = {  # name -> account number generator
    "Vietcombank": lambda r: f"0{r.randint(1, 99):02d}1000{r.randint(0, 999999):06d}",
    "Techcombank": lambda r: f"1903{r.randint(0, 10**10 - 1):010d}",
    "VietinBank": lambda r: f"10{r.randint(0, 10**10 - 1):010d}",
    "BIDV": lambda r: f"{r.choice(['12', '21', '31'])}{r.randint(0, 10**12 - 1):012d}",
    "MB": lambda r: f"0{r.randint(10**11, 10**12 - 1)}",
}
AGENCIES = ["Bảo hiểm xã hội {d}", "Ủy ban nhân dân {w}", "Chi cục Thuế khu vực {p}",
            "Công an {w}", "Phòng Lao động - Thương binh và Xã hội {d}"]
SUBJECTS = ["cấp lại sổ bảo hiểm xã hội", "xác nhận thông tin cư trú",
            "hoàn thuế thu nhập cá nhân", "điều chỉnh thông tin trên sổ BHXH",
            "hưởng trợ cấp thất nghiệp", "cấp giấy xác nhận tình trạng hôn nhân"]
NUMERIC_KINDS = {"national_id", "phone", "tax_code", "social_insurance", "bank_account",
                 "date_of_birth"}


def strip_accents(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def vn_upper(s: str) -> str:
    return s.upper()


@dataclass
class Person:
    family: str
    middle: str
    given: str
    male: bool
    dob: dt.date
    province: tuple
    ward: str
    district: str
    street: str
    house: str

    @property
    def name(self) -> str:
        return f"{self.family} {self.middle} {self.given}"


def make_person(r: random.Random) -> Person:
    male = r.random() < 0.5
    fam = r.choices(FAMILY, FAMILY_W)[0]
    mid = r.choice(MIDDLE_M if male else MIDDLE_F)
    giv = r.choice(GIVEN_M if male else GIVEN_F)
    year = r.randint(1955, 2006)
    dob = dt.date(year, r.randint(1, 12), r.randint(1, 28))
    prov = r.choice(PLACES)
    ward, district = r.choice(prov[2])
    house = r.choice([str(r.randint(1, 250)), f"{r.randint(1, 120)}/{r.randint(1, 40)}",
                      f"{r.randint(1, 99)}{r.choice('ABC')}"])
    return Person(fam, mid, giv, male, dob, prov, ward, district, r.choice(STREETS), house)


def cccd(r: random.Random, p: Person) -> str:
    century = 0 if p.dob.year < 2000 else 2
    g = century + (0 if p.male else 1)
    return f"{p.province[0]}{g}{p.dob.year % 100:02d}{r.randint(0, 999999):06d}"


def phone(r: random.Random) -> str:
    pre = r.choice(MOBILE_PREFIXES)
    if pre == "089":  # only 0896-0899 are MobiFone mobile numbers
        return pre + str(r.randint(6, 9)) + f"{r.randint(0, 999999):06d}"
    return pre + f"{r.randint(0, 9999999):07d}"


def phone_display(r: random.Random, num: str) -> str:
    style = r.random()
    if style < 0.6:
        return num
    if style < 0.85:
        return f"{num[:4]} {num[4:7]} {num[7:]}"
    return f"{num[:4]}.{num[4:7]}.{num[7:]}"


def mst(r: random.Random) -> str:
    w = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    while True:
        body = f"{r.choice(['0', '8'])}{r.randint(0, 10**8 - 1):08d}"
        rem = sum(int(d) * k for d, k in zip(body, w)) % 11
        if rem != 0:
            return body + str(10 - rem)


def bhxh(r: random.Random, p: Person) -> str:
    return f"{int(p.province[0]) % 100:02d}{r.randint(0, 10**8 - 1):08d}"


def email(r: random.Random, p: Person) -> str:
    fam, giv = strip_accents(p.family).lower(), strip_accents(p.given).lower()
    mid = "".join(w[0] for w in strip_accents(p.middle).lower().split())
    user = r.choice([f"{giv}{fam}{p.dob.year % 100:02d}", f"{fam}{mid}{giv}{p.dob.year}",
                     f"{giv}.{fam}{r.randint(1, 99)}", f"{fam}.{giv}{p.dob.strftime('%d%m')}"])
    return f"{user}@{r.choice(EMAIL_DOMAINS)}"


def address(r: random.Random, p: Person, two_level: bool | None = None) -> str:
    if two_level is None:
        two_level = r.random() < 0.3
    prov = p.province[1]
    if not prov.startswith("TP ") and prov not in ("Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ"):
        prov = r.choice([prov, f"tỉnh {prov}"])
    elif not prov.startswith("TP "):
        prov = r.choice([prov, f"TP {prov}", f"thành phố {prov}"])
    street = r.choice([f"số {p.house}, đường {p.street}", f"số {p.house} {p.street}",
                       f"{p.house} {p.street}"])
    if two_level:
        return f"{street}, {p.ward}, {prov}"
    return f"{street}, {p.ward}, {p.district}, {prov}"


def fmt_date(r: random.Random, d: dt.date) -> str:
    return d.strftime("%d/%m/%Y") if r.random() < 0.85 else d.strftime("%d-%m-%Y")


# --------------------------------------------------------------------------------------------
# Documents: a list of drawable elements plus ground truth
# --------------------------------------------------------------------------------------------


@dataclass
class Doc:
    id: str
    type: str
    image: Image.Image
    text: str
    truth: list[tuple[str, str]] = field(default_factory=list)


class Canvas:
    """Draws text and records it; `plain()` is the text as it reads on the image: pieces drawn at
    the same height (within 14 px) form one line, left to right, as OCR reads them."""

    def __init__(self, w: int, h: int, bg=(255, 255, 255)):
        self.im = Image.new("RGB", (w, h), bg)
        self.d = ImageDraw.Draw(self.im)
        self.pieces: list[tuple[float, float, str]] = []

    def text(self, xy, s, f, fill=(0, 0, 0), anchor="la", record=True):
        self.d.text(xy, s, font=f, fill=fill, anchor=anchor)
        if record:
            self.pieces.append((xy[1], xy[0], s))

    def plain(self) -> str:
        lines: list[list[tuple[float, float, str]]] = []
        for y, x, s in sorted(self.pieces):
            if lines and abs(lines[-1][0][0] - y) <= 14:
                lines[-1].append((y, x, s))
            else:
                lines.append([(y, x, s)])
        return "".join(" ".join(s for _, _, s in sorted(ln, key=lambda p: p[1])) + "\n"
                       for ln in lines)

    def wrap(self, s: str, f, width: int) -> list[str]:
        words, out, cur = s.split(" "), [], ""
        for w in words:
            t = f"{cur} {w}".strip()
            if f.getlength(t) <= width or not cur:
                cur = t
            else:
                out.append(cur)
                cur = w
        if cur:
            out.append(cur)
        return out


def render_form(r: random.Random, fams, doc_id: str) -> Doc:
    p = make_person(r)
    fam = r.choice([f for f in fams if f in ("liberation_serif", "dejavu_serif", "liberation_sans",
                                             "dejavu_sans")] or list(fams))
    reg, bold = fams[fam]
    size = r.choice([40, 42, 44])
    fb, fr = font(bold, size), font(reg, size)
    ft = font(bold, int(size * 1.35))
    W, M = 2480, 210
    lh = int(size * 1.75)
    c = Canvas(W, 3508)
    y = 170
    c.text((W // 2, y), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fb, anchor="ma"); y += lh
    c.text((W // 2, y), "Độc lập - Tự do - Hạnh phúc", fb, anchor="ma"); y += int(lh * 0.8)
    c.d.line((W // 2 - 330, y, W // 2 + 330, y), fill=0, width=3); y += int(lh * 1.2)
    c.text((W // 2, y), "ĐƠN ĐỀ NGHỊ", ft, anchor="ma"); y += int(lh * 1.3)
    c.text((W // 2, y), f"(V/v: {r.choice(SUBJECTS)})", fr, anchor="ma"); y += int(lh * 1.4)
    agency = r.choice(AGENCIES).format(d=p.district, w=p.ward, p=p.province[1])
    for ln in c.wrap(f"Kính gửi: {agency}", fr, W - 2 * M - 300):
        c.text((M + 300, y), ln, fr); y += lh
    y += lh // 2
    truth: list[tuple[str, str]] = []
    rows: list[tuple[str, str]] = []  # (label, value) rendered "label: value"

    name = p.name
    id_no = cccd(r, p)
    dob = fmt_date(r, p.dob)
    truth += [("person_name", name), ("national_id", id_no), ("date_of_birth", dob)]
    gender = "Nam" if p.male else "Nữ"
    if r.random() < 0.6:
        rows.append(("Họ và tên", f"{name}\tGiới tính: {gender}"))
        truth.append(("gender", gender))
    else:
        rows.append(("Họ và tên", name))
    rows.append(("Ngày sinh", dob))
    if r.random() < 0.5:
        issued = dt.date(r.randint(2021, 2024), r.randint(1, 12), r.randint(1, 28))
        rows.append(("Số CCCD", f"{id_no}\tNgày cấp: {issued.strftime('%d/%m/%Y')}"))
    else:
        rows.append((r.choice(["Số CCCD", "Số định danh cá nhân", "Căn cước công dân số"]), id_no))
    middle: list[list[tuple[str, str]]] = []
    if r.random() < 0.9:
        ph = phone(r)
        middle.append([(r.choice(["Số điện thoại", "Điện thoại liên hệ"]), phone_display(r, ph))])
        truth.append(("phone", ph))
    if r.random() < 0.9:
        addr = address(r, p)
        middle.append([(r.choice(["Địa chỉ thường trú", "Nơi thường trú", "Địa chỉ liên hệ"]),
                        addr)])
        truth.append(("address", addr))
    if r.random() < 0.7:
        em = email(r, p)
        middle.append([("Email", em)])
        truth.append(("email", em))
    if r.random() < 0.7:
        tc = mst(r)
        middle.append([("Mã số thuế", tc)])
        truth.append(("tax_code", tc))
    if r.random() < 0.7:
        si = bhxh(r, p)
        middle.append([(r.choice(["Số sổ BHXH", "Mã số BHXH"]), si)])
        truth.append(("social_insurance", si))
    if r.random() < 0.7:
        bank = r.choice(list(BANKS))
        acct = BANKS[bank](r)
        middle.append([("Số tài khoản", f"{acct} tại Ngân hàng {bank}")])
        truth.append(("bank_account", acct))
    r.shuffle(middle)  # forms differ in field order
    for grp in middle:
        rows += grp
    for label, value in rows:
        main, _, right = value.partition("\t")
        first = f"{label}: {main}"
        lines = c.wrap(first, fr, W - 2 * M - (0 if not right else 700))
        for i, ln in enumerate(lines):
            c.text((M + (0 if i == 0 else 60), y), ln, fr)
            if i == 0 and right:
                c.text((W - M - 650, y), right, fr)
            y += lh
    y += lh // 2
    body = ("Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật và chịu trách nhiệm "
            "trước pháp luật về nội dung đã kê khai. Kính đề nghị Quý cơ quan xem xét, giải quyết.")
    for ln in c.wrap(body, fr, W - 2 * M):
        c.text((M, y), ln, fr); y += lh
    y += lh
    today = dt.date(2024, r.randint(1, 12), r.randint(1, 28))
    place = p.province[1]
    c.text((W - M - 900, y), f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
           fr); y += lh
    c.text((W - M - 700, y), "Người làm đơn", fb); y += lh
    c.text((W - M - 760, y), "(Ký và ghi rõ họ tên)", fr); y += int(lh * 2.6)
    c.text((W - M - 760, y), name, fb); y += lh
    im = c.im.crop((0, 0, W, min(3508, y + 200)))
    return Doc(doc_id, "form", im, c.plain(), truth)


def card_background(r: random.Random, W: int, H: int) -> Image.Image:
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    base = np.zeros((H, W, 3), np.float32)
    # pale blue-green to pale yellow diagonal gradient
    t = (xx / W * 0.6 + yy / H * 0.4)[..., None]
    c0, c1 = np.array([222, 238, 242], np.float32), np.array([246, 240, 214], np.float32)
    base[:] = c0 * (1 - t) + c1 * t
    # guilloche-like interference lines
    ph = r.uniform(0, 6.28)
    wave = np.sin(xx / 9.0 + 6 * np.sin(yy / 41.0 + ph)) * np.sin(yy / 13.0 + 3 * np.sin(xx / 57.0))
    base -= (wave > 0.85)[..., None] * np.array([30, 18, 8], np.float32)
    # faint drum emblem in the middle
    cx, cy = W * 0.58, H * 0.55
    rr = np.hypot(xx - cx, yy - cy)
    ring = (np.abs((rr % 38) - 19) < 2) & (rr < H * 0.42)
    base -= ring[..., None] * np.array([10, 14, 4], np.float32)
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


def render_card(r: random.Random, fams, doc_id: str) -> Doc:
    p = make_person(r)
    reg, bold = fams.get("dejavu_sans") or next(iter(fams.values()))
    reg2, bold2 = fams.get("liberation_sans", (reg, bold))
    if r.random() < 0.5:
        reg, bold = reg2, bold2
    W, H = 1300, 820  # ~ 86 x 54 mm card at ~385 dpi
    c = Canvas(W, H)
    c.im = card_background(r, W, H)
    c.d = ImageDraw.Draw(c.im)
    s = 27
    f, fb = font(reg, s), font(bold, s)
    fh, ft, fn = font(bold, 29), font(bold, 40), font(bold, 36)
    # emblem and photo
    c.d.ellipse((40, 40, 200, 200), fill=(200, 30, 30), outline=(230, 190, 40), width=6)
    star = [(120 + (58 if k % 2 == 0 else 23) * math.cos(math.radians(-90 + 36 * k)),
             120 + (58 if k % 2 == 0 else 23) * math.sin(math.radians(-90 + 36 * k)))
            for k in range(10)]
    c.d.polygon(star, fill=(245, 205, 40))
    photo = Image.new("RGB", (250, 330), (205, 210, 215))
    pd = ImageDraw.Draw(photo)
    pd.ellipse((65, 40, 185, 170), fill=(160, 165, 170))
    pd.ellipse((30, 180, 220, 380), fill=(160, 165, 170))
    pd.rectangle((0, 0, 249, 329), outline=(150, 150, 150), width=2)
    c.im.paste(photo, (40, 280))
    x0, xr = 330, W - 40
    mid = (x0 + xr) // 2
    dark, red = (25, 25, 30), (190, 20, 20)
    y = 36
    c.text((mid, y), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fh, fill=dark, anchor="ma"); y += 40
    c.text((mid, y), "Độc lập - Tự do - Hạnh phúc", fh, fill=dark, anchor="ma"); y += 38
    c.text((mid, y), "SOCIALIST REPUBLIC OF VIET NAM", font(reg, 22), fill=dark, anchor="ma"); y += 44
    c.text((mid, y), "CĂN CƯỚC CÔNG DÂN", ft, fill=red, anchor="ma"); y += 52
    c.text((mid, y), "Citizen Identity Card", font(reg, 24), fill=dark, anchor="ma"); y += 48
    id_no = cccd(r, p)
    c.text((x0, y), "Số / No.:", fb, fill=dark)
    lx = x0 + fb.getlength("Số / No.: ")
    c.text((lx, y - 6), id_no, fn, fill=dark)
    y += 52
    name = vn_upper(p.name)
    c.text((x0, y), "Họ và tên / Full name:", f, fill=dark); y += 36
    c.text((x0 + 20, y), name, fn, fill=dark); y += 50
    dob = p.dob.strftime("%d/%m/%Y")
    c.text((x0, y), f"Ngày sinh / Date of birth: {dob}", f, fill=dark); y += 40
    gender = "Nam" if p.male else "Nữ"
    c.text((x0, y), f"Giới tính / Sex: {gender}", f, fill=dark)
    c.text((x0 + 380, y), "Quốc tịch / Nationality: Việt Nam", f, fill=dark); y += 40
    origin_p = r.choice(PLACES)
    ow, od = r.choice(origin_p[2])
    origin = f"{ow}, {od}, {origin_p[1]}"
    c.text((x0, y), "Quê quán / Place of origin:", f, fill=dark); y += 36
    c.text((x0, y), origin, f, fill=dark); y += 40
    res = address(r, p, two_level=False)
    c.text((x0, y), "Nơi thường trú / Place of residence:", f, fill=dark); y += 36
    for ln in c.wrap(res, f, xr - x0):
        c.text((x0, y), ln, f, fill=dark); y += 36
    issued = r.randint(2021, 2024)
    ages = [a for a in (25, 40, 60) if p.dob.year + a > issued + 2]
    exp = (dt.date(p.dob.year + ages[0], p.dob.month, p.dob.day).strftime("%d/%m/%Y")
           if ages else "Không thời hạn")
    c.text((40, 672), "Có giá trị đến:", font(reg, 22), fill=dark)
    c.text((40, 700), exp, font(reg, 22), fill=dark)
    c.text((40, 728), "Date of expiry", font(reg, 20), fill=dark)
    truth = [("national_id", id_no), ("person_name", name), ("date_of_birth", dob),
             ("gender", gender), ("nationality", "Việt Nam"), ("address", origin),
             ("address", res)]
    return Doc(doc_id, "card", c.im, c.plain(), truth)


def render_transfer(r: random.Random, fams, doc_id: str) -> Doc:
    payee, payer = make_person(r), make_person(r)
    reg, bold = fams.get("liberation_sans") or fams.get("dejavu_sans") or next(iter(fams.values()))
    W, H = 1080, 2100  # cropped to the content below
    c = Canvas(W, H, bg=(244, 246, 248))
    green, grey, dark = (0, 140, 80), (110, 115, 125), (20, 24, 30)
    s = 40
    f, fb = font(reg, s), font(bold, s)
    # status bar and header
    c.d.rectangle((0, 0, W, 90), fill=(0, 110, 60))
    hh = r.randint(7, 22)
    mm = r.randint(0, 59)
    c.text((40, 24), f"{hh:02d}:{mm:02d}", font(bold, 34), fill=(255, 255, 255))
    c.d.rectangle((0, 90, W, 230), fill=(0, 130, 70))
    c.text((W // 2, 135), "Chi tiết giao dịch", font(bold, 44), fill=(255, 255, 255), anchor="ma")
    c.d.rounded_rectangle((40, 270, W - 40, 1760), 30, fill=(255, 255, 255))
    c.d.ellipse((W // 2 - 70, 310, W // 2 + 70, 450), fill=green)
    c.d.line((W // 2 - 35, 382, W // 2 - 8, 410, W // 2 + 40, 350), fill=(255, 255, 255), width=14)
    y = 490
    c.text((W // 2, y), "Chuyển tiền thành công", font(bold, 50), fill=green, anchor="ma"); y += 90
    amount = r.choice([100_000, 200_000, 250_000, 500_000, 1_000_000, 1_500_000, 2_350_000,
                       r.randint(10, 9999) * 1000])
    c.text((W // 2, y), f"{amount:,}".replace(",", ".") + " VND", font(bold, 66), fill=dark,
           anchor="ma"); y += 100
    when = dt.datetime(2024, r.randint(1, 12), r.randint(1, 28), hh, mm, r.randint(0, 59))
    c.text((W // 2, y), when.strftime("%H:%M:%S - %d/%m/%Y"), f, fill=grey, anchor="ma"); y += 90
    c.d.line((90, y, W - 90, y), fill=(225, 228, 232), width=3); y += 50
    bank = r.choice(list(BANKS))
    acct = BANKS[bank](r)
    acct_disp = acct if r.random() < 0.7 else " ".join(acct[i:i + 4] for i in range(0, len(acct), 4))
    payee_name = strip_accents(payee.name).upper()
    payer_name = strip_accents(payer.name).upper()
    memo = r.choice([f"{payer_name} chuyen tien", f"{payer_name} chuyen khoan",
                     f"{payer_name} tra tien hang"])
    ref = f"FT{when.strftime('%y%j')}{r.randint(0, 10**6 - 1):06d}"
    rows = [("Người nhận", payee_name), ("Số tài khoản", acct_disp), ("Ngân hàng", bank),
            ("Nội dung", memo), ("Mã giao dịch", ref)]
    stacked = r.random() < 0.5
    for label, value in rows:
        if stacked:  # label above value
            c.text((100, y), label, f, fill=grey); y += 56
            for ln in c.wrap(value, fb, W - 200):
                c.text((100, y), ln, fb, fill=dark); y += 56
            y += 34
        else:  # label left, value right-aligned
            lines = c.wrap(value, fb, W - 200 - 330)
            c.text((100, y), label, f, fill=grey)
            for ln in lines:
                c.text((W - 100, y), ln, fb, fill=dark, anchor="ra")
                y += 60
            y += 40
    bot = max(y + 40, 1200)
    c.d.rectangle((40, bot, W - 40, 1780), fill=(244, 246, 248))
    c.d.rounded_rectangle((40, bot - 60, W - 40, bot), 30, fill=(255, 255, 255))
    c.d.rounded_rectangle((90, bot + 40, W - 90, bot + 120), 20, fill=green)
    c.text((W // 2, bot + 58), "Chia sẻ biên lai", fb, fill=(255, 255, 255), anchor="ma")
    c.im = c.im.crop((0, 0, W, bot + 180))
    truth = [("person_name", payee_name), ("bank_account", acct), ("person_name", payer_name)]
    return Doc(doc_id, "transfer", c.im, c.plain(), truth)


def make_docs(seed: int, n: int, fams) -> list[Doc]:
    r = random.Random(seed)
    docs = []
    for i in range(n):
        kind = r.choices(["form", "card", "transfer"], [0.5, 0.25, 0.25])[0]
        dr = random.Random(f"{seed}-{i}-{kind}")
        doc_id = f"d{i:03d}_{kind}"
        fn = {"form": render_form, "card": render_card, "transfer": render_transfer}[kind]
        d = fn(dr, fams, doc_id)
        # one (kind, value) once per document
        seen, uniq = set(), []
        for k, v in d.truth:
            key = (k, norm(k, v))
            if key not in seen:
                seen.add(key)
                uniq.append((k, v))
        d.truth = uniq
        docs.append(d)
    return docs


# --------------------------------------------------------------------------------------------
# Degradation levels
# --------------------------------------------------------------------------------------------

LEVELS = {
    "L0": "clean render (PNG)",
    "L1": "Gaussian blur r=0.6 + light noise σ=6 (PNG)",
    "L2": "rotation ±1.5° + blur r=1.0 + JPEG q50",
    "L3": "downscale to 150 dpi + rotation ±3° + noise σ=10 + JPEG q35",
    "L4": "phone photo: perspective/shear, uneven lighting, blur r=1.5, noise σ=8, JPEG q30",
}


def add_noise(im: Image.Image, sigma: float, rng: np.random.Generator) -> Image.Image:
    """Adds grey (luminance) Gaussian noise of standard deviation sigma (0..255 scale)."""
    a = np.asarray(im.convert("RGB"), np.float32)
    a = a + rng.normal(0, sigma, a.shape[:2]).astype(np.float32)[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def rotate(im: Image.Image, deg: float) -> Image.Image:
    return im.rotate(deg, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))


def perspective_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output points dst to input src."""
    A, B = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); B.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y]); B.append(v)
    return np.linalg.solve(np.array(A, float), np.array(B, float)).tolist()


def phone_photo(im: Image.Image, r: random.Random, rng: np.random.Generator) -> Image.Image:
    w, h = im.size
    # place the page on a slightly larger grey-brown "table" and warp it
    pad = int(0.06 * max(w, h))
    bg = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (120, 110, 95))
    bg.paste(im, (pad, pad))
    W, H = bg.size
    j = lambda s: r.uniform(-s, s)
    d = 0.045
    src = [(pad, pad), (pad + w, pad), (pad + w, pad + h), (pad, pad + h)]
    # shear + keystone: top edge narrower than bottom (camera tilted), random jitter
    k = r.uniform(0.02, 0.05) * w
    sh = r.choice([-1, 1]) * r.uniform(0.01, 0.03) * w
    dst = [(pad + k + sh + j(d * w * 0.3), pad + j(d * h * 0.3)),
           (pad + w - k + sh + j(d * w * 0.3), pad + j(d * h * 0.3)),
           (pad + w + j(d * w * 0.3), pad + h + j(d * h * 0.3)),
           (pad + j(d * w * 0.3), pad + h + j(d * h * 0.3))]
    out = bg.transform((W, H), Image.PERSPECTIVE, perspective_coeffs(dst, src), Image.BICUBIC,
                       fillcolor=(120, 110, 95))
    # uneven lighting: linear gradient in a random direction + a soft off-centre spot, warm cast
    a = np.asarray(out, np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    ang = r.uniform(0, 2 * math.pi)
    g = (np.cos(ang) * (xx / W - 0.5) + np.sin(ang) * (yy / H - 0.5))
    light = 0.78 + 0.5 * g
    cx, cy = r.uniform(0.2, 0.8) * W, r.uniform(0.2, 0.8) * H
    light += 0.15 * np.exp(-(((xx - cx) / (0.35 * W)) ** 2 + ((yy - cy) / (0.35 * H)) ** 2))
    light = np.clip(light, 0.45, 1.1)
    a = a * light[..., None] * np.array([1.0, 0.97, 0.90], np.float32)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(1.5))
    return add_noise(out, 8, rng)


def degrade(im: Image.Image, level: str, r: random.Random, rng: np.random.Generator,
            grey: bool = False):
    """Returns (image, format, jpeg quality); `grey`: a greyscale scan (L0-L3)."""
    out, fmt, q = _degrade(im.convert("RGB"), level, r, rng)
    if grey and level != "L4":
        out = out.convert("L")
    return out, fmt, q


def _degrade(im: Image.Image, level: str, r: random.Random, rng: np.random.Generator):
    sign = r.choice([-1, 1])
    if level == "L0":
        return im, "PNG", None
    if level == "L1":
        return add_noise(im.filter(ImageFilter.GaussianBlur(0.6)), 6, rng), "PNG", None
    if level == "L2":
        return rotate(im, sign * 1.5).filter(ImageFilter.GaussianBlur(1.0)), "JPEG", 50
    if level == "L3":
        small = im.resize((im.width // 2, im.height // 2), Image.LANCZOS)
        return add_noise(rotate(small, sign * 3.0), 10, rng), "JPEG", 35
    if level == "L4":
        return phone_photo(im, r, rng), "JPEG", 30
    raise ValueError(level)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------

PUNCT_EDGES = " \t\r\n.,;:-–—()[]\"'“”‘’|"


def norm_text(v: str) -> str:
    v = unicodedata.normalize("NFC", v).casefold()
    v = re.sub(r"\s+", " ", v)
    return v.strip(PUNCT_EDGES)


def norm_digits(v: str) -> str:
    return "".join(ch for ch in v if ch.isdigit())


def norm(kind: str, v: str) -> str:
    if kind in NUMERIC_KINDS:
        d = norm_digits(v)
        if kind == "phone" and d.startswith("84") and len(d) == 11:
            d = "0" + d[2:]
        return d
    return norm_text(v)


def matches_value(gt_kind: str, gt_val: str, f_val: str) -> bool:
    """Whether a finding's value equals the truth value under the truth kind's normalisation."""
    return norm(gt_kind, gt_val) == norm(gt_kind, f_val) and norm(gt_kind, gt_val) != ""


def similar(gt_kind: str, gt_val: str, f_val: str) -> bool:
    a, b = norm(gt_kind, gt_val), norm(gt_kind, f_val)
    if not a or not b:
        return False
    if len(b) >= 4 and (b in a or a in b):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


@dataclass
class LevelResult:
    level: str
    images: int
    wall: float
    findings: int = 0
    tp_findings: int = 0
    wrong_kind_findings: int = 0
    near_findings: int = 0
    fp_by_kind: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)        # by kind, strict
    found_any: Counter = field(default_factory=Counter)    # by kind, value found under any kind
    total: Counter = field(default_factory=Counter)
    found_type: Counter = field(default_factory=Counter)   # by document type, strict
    total_type: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    fps: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def run_khien(khien: str, folder: Path, ocr: bool) -> tuple[list[dict], list[str], float, str]:
    cmd = [khien, "scan", "--format", "jsonl", "--show-values", "--threads", "1", "--no-ignore",
           "--ocr", "always" if ocr else "never", str(folder)]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"khien failed (rc {p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    rows, other = [], []
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            j = json.loads(line)
        except json.JSONDecodeError:
            other.append(line)
            continue
        if isinstance(j, dict) and "kind" in j and "value" in j and "path" in j:
            rows.append(j)
        else:
            other.append(line)
    return rows, other, wall, p.stderr


def score(level: str, docs: list[Doc], rows: list[dict], wall: float) -> LevelResult:
    res = LevelResult(level, len(docs), wall)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for j in rows:
        by_doc[Path(j["path"]).stem].append(j)
    for d in docs:
        fs = by_doc.get(d.id, [])
        for k, v in d.truth:
            res.total[k] += 1
            res.total_type[d.type] += 1
            strict = any(f["kind"] == k and matches_value(k, v, f["value"]) for f in fs)
            anyk = strict or any(matches_value(k, v, f["value"]) for f in fs)
            if strict:
                res.found[k] += 1
                res.found_type[d.type] += 1
            if anyk:
                res.found_any[k] += 1
            if not strict:
                near = [f"{f['kind']}={f['value']!r}" for f in fs
                        if f["kind"] == k and similar(k, v, f["value"])]
                res.misses.append({"doc": d.id, "kind": k, "value": v, "wrong_kind": anyk,
                                   "near": near})
        for f in fs:
            res.findings += 1
            if any(f["kind"] == k and matches_value(k, v, f["value"]) for k, v in d.truth):
                res.tp_findings += 1
            elif any(matches_value(k, v, f["value"]) for k, v in d.truth):
                res.wrong_kind_findings += 1
            elif any(f["kind"] == k and similar(k, v, f["value"]) for k, v in d.truth):
                res.near_findings += 1
            else:
                res.fp_by_kind[f["kind"]] += 1
                res.fps.append({"doc": d.id, "kind": f["kind"], "value": f["value"],
                                "confidence": f.get("confidence")})
    return res


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def sh(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def machine_info(khien: str) -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    tv = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    tver = (tv.stdout or tv.stderr).splitlines()[0] if (tv.stdout or tv.stderr) else "?"
    commit = sh(["git", "rev-parse", "--short", "HEAD"]) or "?"
    dirty = sh(["git", "status", "--porcelain", "--untracked-files=no"])
    kb = Path(khien)
    built = dt.datetime.fromtimestamp(kb.stat().st_mtime).strftime("%Y-%m-%d %H:%M") \
        if kb.exists() else "?"
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "nproc": sh(["nproc"]),
            "cpu": cpu, "tesseract": tver, "commit": commit + (" (tree modified)" if dirty else ""),
            "khien": f"{khien} (built {built})", "python": platform.python_version()}


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "–"


def report(seed: int, docs: list[Doc], results: list[LevelResult], info: dict) -> str:
    kinds = sorted({k for d in docs for k, _ in d.truth},
                   key=lambda k: -sum(r.total[k] for r in results[:1]))
    cols = [r.level for r in results]
    types = Counter(d.type for d in docs)
    out = [f"# OCR degradation benchmark — seed {seed}", ""]
    out.append(f"- date: {info['date']}")
    out.append(f"- machine: {info['nproc']} cores, {info['cpu']}")
    out.append(f"- OCR: {info['tesseract']} (`vie`), khien commit {info['commit']}")
    out.append(f"- binary: `{info['khien']}`, `--threads 1`")
    out.append(f"- documents: {len(docs)} ({', '.join(f'{v} {k}' for k, v in sorted(types.items()))}),"
               f" {sum(len(d.truth) for d in docs)} ground-truth items")
    out.append("- TXT = the documents' source text scanned without OCR (detector ceiling)")
    out.append("")
    out.append("Recall (found with the right kind and value / total):")
    out.append("")
    out.append("| kind | " + " | ".join(cols) + " |")
    out.append("|---|" + "---|" * len(cols))
    for k in kinds:
        out.append(f"| {k} | " + " | ".join(pct(r.found[k], r.total[k]) for r in results) + " |")
    out.append("| **all** | " + " | ".join(
        f"**{pct(sum(r.found.values()), sum(r.total.values()))}**" for r in results) + " |")
    out.append("| all, value found as any kind | " + " | ".join(
        pct(sum(r.found_any.values()), sum(r.total.values())) for r in results) + " |")
    out.append("| precision (right kind+value / findings) | " + " | ".join(
        pct(r.tp_findings, r.findings) for r in results) + " |")
    out.append("| findings: wrong kind / near miss / other FP | " + " | ".join(
        f"{r.wrong_kind_findings} / {r.near_findings} / {sum(r.fp_by_kind.values())}"
        for r in results) + " |")
    out.append("| images per second per core | " + " | ".join(
        f"{r.images / r.wall:.2f}" if r.level != "TXT" else "–" for r in results) + " |")
    out.append("| wall seconds (images) | " + " | ".join(
        f"{r.wall:.1f} ({r.images})" for r in results) + " |")
    out.append("")
    out.append("Recall by document type:")
    out.append("")
    out.append("| document | " + " | ".join(cols) + " |")
    out.append("|---|" + "---|" * len(cols))
    for t in sorted(types):
        out.append(f"| {t} ({types[t]}) | " + " | ".join(
            pct(r.found_type[t], r.total_type[t]) for r in results) + " |")
    out.append("")
    fp_kinds = sorted({k for r in results for k in r.fp_by_kind})
    if fp_kinds:
        out.append("Other false positives by kind (findings matching no truth value, not near one):")
        out.append("")
        out.append("| kind | " + " | ".join(cols) + " |")
        out.append("|---|" + "---|" * len(cols))
        for k in fp_kinds:
            out.append(f"| {k} | " + " | ".join(str(r.fp_by_kind[k]) for r in results) + " |")
        out.append("")
    out.append("Levels:")
    out.append("")
    for lv, desc in LEVELS.items():
        out.append(f"- {lv}: {desc}")
    out.append("")
    out.append("Per-item misses and false positives: `target/bench-ocr/<seed>/details.json`.")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--khien", default=None)
    ap.add_argument("--work", default="target/bench-ocr")
    ap.add_argument("--out", default=None, help="results file (default bench/ocr/results-<seed>.md)")
    ap.add_argument("--levels", default="L0,L1,L2,L3,L4")
    ap.add_argument("--no-txt", action="store_true", help="skip the TXT (no OCR) column")
    args = ap.parse_args()

    khien = args.khien
    if not khien:
        khien = next((p for p in ("target/release/khien", "target/debug/khien") if Path(p).exists()),
                     None)
    if not khien or not Path(khien).exists():
        sys.exit(f"khien binary not found ({khien}); build with cargo build --release -p khien-cli")
    fams = available_families()
    work = Path(args.work) / str(args.seed)
    if work.exists():
        shutil.rmtree(work)
    levels = [lv.strip() for lv in args.levels.split(",") if lv.strip()]

    t0 = time.perf_counter()
    docs = make_docs(args.seed, args.docs, fams)
    (work / "txt").mkdir(parents=True)
    for d in docs:
        (work / "txt" / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    (work / "truth.json").write_text(json.dumps(
        {d.id: {"type": d.type, "size": d.image.size, "truth": d.truth} for d in docs},
        ensure_ascii=False, indent=1), encoding="utf-8")
    for li, lv in enumerate(levels):
        (work / lv).mkdir()
        for i, d in enumerate(docs):
            r = random.Random(f"{args.seed}-{i}-{lv}")
            rng = np.random.default_rng([args.seed, i, li])
            im, fmt, q = degrade(d.image, lv, r, rng, grey=d.type == "form")
            if fmt == "PNG":
                im.save(work / lv / f"{d.id}.png", optimize=False, dpi=(300, 300))
            else:
                im.save(work / lv / f"{d.id}.jpg", quality=q, dpi=(300, 300))
    print(f"rendered {len(docs)} documents x {len(levels)} levels in "
          f"{time.perf_counter() - t0:.1f}s under {work}", file=sys.stderr)

    results: list[LevelResult] = []
    details = {}
    runs = ([] if args.no_txt else [("TXT", work / "txt", False)]) + \
        [(lv, work / lv, True) for lv in levels]
    for lv, folder, ocr in runs:
        rows, other, wall, err = run_khien(khien, folder, ocr)
        res = score(lv, docs, rows, wall)
        res.notes = other[:20] + ([err.strip()[-1500:]] if err.strip() else [])
        results.append(res)
        (work / f"{lv}.jsonl").write_text(
            "".join(json.dumps(j, ensure_ascii=False) + "\n" for j in rows), encoding="utf-8")
        details[lv] = {"misses": res.misses, "false_positives": res.fps, "notes": res.notes}
        print(f"{lv}: {len(rows)} findings, recall {sum(res.found.values())}/"
              f"{sum(res.total.values())}, {wall:.1f}s", file=sys.stderr)
    (work / "details.json").write_text(json.dumps(details, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    md = report(args.seed, docs, results, machine_info(khien))
    print(md)
    out = Path(args.out or f"bench/ocr/results-{args.seed}.md")
    out.write_text(md, encoding="utf-8")
    print(f"written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
