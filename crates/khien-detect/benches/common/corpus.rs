//! A deterministic generator of varied Vietnamese documents for benchmarks, in profiles that
//! stand for the files people scan. Sentences and records are assembled from large inventories
//! of words, phrases and values with random slots, so that text does not repeat (caches and
//! branch predictors are not flattered by a handful of sentences):
//!
//! * `prose`: administrative letters, reports, news and meeting minutes; personal data on about
//!   one line in a hundred;
//! * `office`: letters, decisions, contracts and invoices with letterheads (organisation,
//!   address, phone, tax code), tables of people rendered as text, signature blocks;
//! * `hr_csv`: an HR export, a header row then one employee a line with 8–12 identifiers
//!   (about 18,000 identifier values per MB);
//! * `json`: JSON Lines records, nested, keys in Vietnamese and English, some strings escaped;
//! * `logs`: web server, application and system logs (IPs, user ids, e-mails and phone numbers
//!   in request parameters, Vietnamese messages);
//! * `dense`: blocks of `hr_csv`, `office` and `logs` (the old name of the dense profile).
//!
//! Dependency-free, deterministic from a seed, and fast (a few hundred MB/s). Every value is
//! invented: names are drawn from common surnames, middle and given names; numbers are random
//! within the real structures (CCCD province codes, mobile prefixes, MST check digits).
#![allow(dead_code)] // each benchmark and example uses a part of it

/// A corpus profile (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Letters, reports, news, minutes; personal data rare.
    Prose,
    /// Letterheads, tables of people, signature blocks, contracts, invoices.
    Office,
    /// An HR export in CSV.
    HrCsv,
    /// JSON Lines records.
    Json,
    /// Server and application logs.
    Logs,
    /// Blocks of `HrCsv`, `Office` and `Logs`.
    Dense,
}

impl Profile {
    /// Every profile, `Dense` last.
    pub const ALL: [Profile; 6] = [
        Profile::Prose,
        Profile::Office,
        Profile::HrCsv,
        Profile::Json,
        Profile::Logs,
        Profile::Dense,
    ];

    /// The profile a name stands for (`hr-csv`, `csv`, `jsonl`, `log`, `mixed` accepted too).
    pub fn parse(name: &str) -> Option<Profile> {
        Some(match name {
            "prose" => Profile::Prose,
            "office" => Profile::Office,
            "hr_csv" | "hr-csv" | "csv" => Profile::HrCsv,
            "json" | "jsonl" => Profile::Json,
            "logs" | "log" => Profile::Logs,
            "dense" | "mixed" => Profile::Dense,
            _ => return None,
        })
    }

    /// The profile's name, as `parse` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Prose => "prose",
            Profile::Office => "office",
            Profile::HrCsv => "hr_csv",
            Profile::Json => "json",
            Profile::Logs => "logs",
            Profile::Dense => "dense",
        }
    }

    /// The file extension a scanner routes the profile's text by.
    pub fn extension(self) -> &'static str {
        match self {
            Profile::Prose | Profile::Office | Profile::Dense => "txt",
            Profile::HrCsv => "csv",
            Profile::Json => "jsonl",
            Profile::Logs => "log",
        }
    }
}

/// About `bytes` bytes (whole lines, a little more) of the profile's text.
pub fn generate_profile(bytes: usize, seed: u64, profile: Profile) -> String {
    let mut g = Gen::new(seed, bytes, profile);
    match profile {
        Profile::HrCsv => {
            g.hr_header();
            while g.out.len() < bytes {
                g.hr_row();
            }
        }
        _ => {
            while g.out.len() < bytes {
                match profile {
                    Profile::Prose => g.prose_document(),
                    Profile::Office => g.office_document(),
                    Profile::Json => g.json_record(),
                    Profile::Logs => g.log_block(),
                    _ => g.dense_block(),
                }
            }
        }
    }
    g.out
}

/// About `bytes` bytes of text: `dense` gives the `dense` profile, otherwise `prose`.
pub fn generate(bytes: usize, seed: u64, dense: bool) -> String {
    generate_profile(bytes, seed, if dense { Profile::Dense } else { Profile::Prose })
}

/// A small xorshift64* generator: reproducible corpora without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so that neighbouring seeds give unrelated streams.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// A person: the values every record about them agrees on.
#[derive(Clone, Copy)]
struct Person {
    surname: &'static str,
    middle: &'static str,
    /// A second middle name, or "".
    middle2: &'static str,
    given: &'static str,
    female: bool,
    year: u32,
    month: u32,
    day: u32,
    /// Where the birth was registered (the CCCD's province code).
    born: &'static Area,
    /// Where they live.
    home: &'static Area,
}

/// A province (pre-2025) with a few of its districts and communes.
struct Area {
    /// CCCD province code.
    code: &'static str,
    province: &'static str,
    /// Landline area code, with the trunk 0.
    area_code: &'static str,
    districts: &'static [&'static str],
    communes: &'static [&'static str],
}

impl Area {
    /// Centrally-run cities are written "TP X" / "thành phố X".
    fn city(&self) -> bool {
        matches!(self.code, "001" | "031" | "046" | "048" | "079" | "092")
    }
}

/// 2025-03-01 00:00:00, in seconds since 1970 (the logs' clock, local time).
const CLOCK_START: u64 = 1_740_787_200;

struct Gen {
    r: Rng,
    out: String,
    profile: Profile,
    /// Where the current line starts (for casing variants of whole lines).
    line_start: usize,
    /// Personal-data lines inserted between lines, per thousand (prose).
    pii_permille: usize,
    /// Lines written without diacritics, per thousand.
    unaccent_permille: usize,
    /// Seconds, for logs and record timestamps; only grows.
    clock: u64,
    /// Record and document numbers.
    seq: u64,
    /// The HR export's date style, fixed by its header.
    date_style: usize,
}

impl Gen {
    fn new(seed: u64, bytes: usize, profile: Profile) -> Gen {
        // Each profile its own stream: the same seed gives unrelated people in each file.
        let index = Profile::ALL.iter().position(|&p| p == profile).unwrap_or(0) as u64;
        let mut r = Rng::new(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        let clock = CLOCK_START + r.below(86_400 * 200) as u64;
        let seq = 1000 + r.below(90_000) as u64;
        Gen {
            r,
            out: String::with_capacity(bytes + (64 << 10)),
            profile,
            line_start: 0,
            pii_permille: if profile == Profile::Prose { 10 } else { 0 },
            unaccent_permille: match profile {
                Profile::Prose => 20,
                Profile::Office | Profile::Dense => 30,
                _ => 0,
            },
            clock,
            seq,
            date_style: 0,
        }
    }

    // ---- primitives ----

    fn s(&mut self, x: &str) {
        self.out.push_str(x);
    }
    fn ch(&mut self, c: char) {
        self.out.push(c);
    }
    fn below(&mut self, n: usize) -> usize {
        self.r.below(n)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.r.below((hi - lo + 1) as usize) as u64
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.r.below(n) == 0
    }
    fn pct(&mut self, p: usize) -> bool {
        self.r.below(100) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.r.below(xs.len())]
    }
    fn put(&mut self, xs: &[&str]) {
        let x = xs[self.r.below(xs.len())];
        self.out.push_str(x);
    }
    fn num(&mut self, mut v: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for &b in &buf[i..] {
            self.out.push(char::from(b));
        }
    }
    /// `v` with leading zeros to `width` digits.
    fn pad(&mut self, mut v: u64, width: usize) {
        let mut buf = [b'0'; 20];
        let mut i = buf.len();
        while v > 0 {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        for &b in &buf[i.min(buf.len() - width)..] {
            self.out.push(char::from(b));
        }
    }
    /// A random number in `lo..=hi`, written.
    fn rnum(&mut self, lo: u64, hi: u64) {
        let v = self.range(lo, hi);
        self.num(v);
    }
    /// `n` random digits.
    fn digits(&mut self, n: usize) {
        let mut x = self.r.next();
        let mut left = 19;
        for _ in 0..n {
            if left == 0 {
                x = self.r.next();
                left = 19;
            }
            self.out.push(char::from(b'0' + (x % 10) as u8));
            x /= 10;
            left -= 1;
        }
    }
    fn hex(&mut self, n: usize) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut x = self.r.next();
        for i in 0..n {
            if i % 16 == 15 {
                x = self.r.next();
            }
            self.out.push(char::from(HEX[(x & 15) as usize]));
            x >>= 4;
        }
    }
    /// `v` with thousands separated by `sep` (12.500.000).
    fn grouped(&mut self, v: u64, sep: char) {
        if v >= 1000 {
            self.grouped(v / 1000, sep);
            self.ch(sep);
            self.pad(v % 1000, 3);
        } else {
            self.num(v);
        }
    }
    fn nl(&mut self) {
        self.out.push('\n');
        self.line_start = self.out.len();
    }
    /// Ends a line of prose or of a document: sometimes rewrites it without diacritics, and
    /// (prose) sometimes follows it with a line of personal data.
    fn end_line(&mut self) {
        if self.unaccent_permille > 0 && self.below(1000) < self.unaccent_permille {
            self.unaccent_from(self.line_start);
        }
        self.nl();
        if self.pii_permille > 0 && self.below(1000) < self.pii_permille {
            self.pii_line();
        }
    }
    fn blank(&mut self) {
        self.nl();
    }

    // ---- rewriting what was just written ----

    fn unaccent_from(&mut self, start: usize) {
        let tail = self.out.split_off(start);
        self.out.extend(tail.chars().map(fold));
    }
    fn upper_from(&mut self, start: usize) {
        let tail = self.out.split_off(start);
        self.out.push_str(&tail.to_uppercase());
    }
    fn lower_from(&mut self, start: usize) {
        let tail = self.out.split_off(start);
        self.out.push_str(&tail.to_lowercase());
    }
    /// Capitalises the character at `start`.
    fn cap_at(&mut self, start: usize) {
        if let Some(c) = self.out[start..].chars().next() {
            if c.is_lowercase() {
                let up: String = c.to_uppercase().collect();
                self.out.replace_range(start..start + c.len_utf8(), &up);
            }
        }
    }
    /// Writes `s` folded to lowercase ASCII letters and digits (e-mail local parts, domains).
    fn ascii_word(&mut self, s: &str) {
        for c in s.chars() {
            let f = fold(c);
            if f.is_ascii_alphanumeric() {
                self.out.push(f.to_ascii_lowercase());
            }
        }
    }
    /// Writes `s` with the first letter lowercased ("Huyện Đông Anh" → "huyện Đông Anh").
    fn lower_first(&mut self, s: &str) {
        let mut cs = s.chars();
        if let Some(c) = cs.next() {
            self.out.extend(c.to_lowercase());
            self.out.push_str(cs.as_str());
        }
    }
    /// JSON's `\uXXXX` for every non-ASCII character from `start` on.
    fn json_ascii_from(&mut self, start: usize) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let tail = self.out.split_off(start);
        for c in tail.chars() {
            if c.is_ascii() {
                self.out.push(c);
            } else {
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    self.out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        self.out.push(char::from(HEX[usize::from((u >> shift) & 15)]));
                    }
                }
            }
        }
    }
}

/// A Vietnamese letter without its diacritics (đ → d); other characters unchanged.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' | 'Ă' | 'Ằ' | 'Ắ' | 'Ẳ' | 'Ẵ' | 'Ặ' | 'Â' | 'Ầ' | 'Ấ' | 'Ẩ'
        | 'Ẫ' | 'Ậ' => 'A',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'È' | 'É' | 'Ẻ' | 'Ẽ' | 'Ẹ' | 'Ê' | 'Ề' | 'Ế' | 'Ể' | 'Ễ' | 'Ệ' => 'E',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' => 'I',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'Ò' | 'Ó' | 'Ỏ' | 'Õ' | 'Ọ' | 'Ô' | 'Ồ' | 'Ố' | 'Ổ' | 'Ỗ' | 'Ộ' | 'Ơ' | 'Ờ' | 'Ớ' | 'Ở'
        | 'Ỡ' | 'Ợ' => 'O',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'Ù' | 'Ú' | 'Ủ' | 'Ũ' | 'Ụ' | 'Ư' | 'Ừ' | 'Ứ' | 'Ử' | 'Ữ' | 'Ự' => 'U',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => 'Y',
        'đ' => 'd',
        'Đ' => 'D',
        _ => c,
    }
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm).
fn civil(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m, d)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---- people ----

/// Surnames, the common ones repeated to approach their real frequency.
const SURNAMES: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần",
    "Trần", "Lê", "Lê", "Lê", "Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Trịnh", "Lâm", "Mai", "Cao", "Trương",
    "Lương", "Tạ", "Hà", "Chu", "Quách", "Kiều", "Thái", "Vương", "Âu", "La", "Lưu", "Châu",
    "Tăng", "Phùng", "Khổng", "Mạc", "Triệu", "Từ", "Tô", "Kim", "Nghiêm", "Diệp", "Văn", "Hứa",
    "Giang", "Thân", "Tống", "Ông", "Lục", "Đàm", "Ninh", "Quan", "Lò", "Hoàng",
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Quốc", "Xuân",
    "Hoàng", "Ngọc", "Tuấn", "Duy", "Trung", "Bá", "Đình", "Thế", "Mạnh", "Trọng", "Anh", "Gia",
    "Phúc", "Khánh", "Tiến", "Việt", "Hải", "Chí", "Kim", "Nhật", "Thành", "Đăng",
];
const MIDDLE_F: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hoài", "Kim",
    "Mỹ", "Bảo", "Diệu", "Hồng", "Thúy", "Khánh", "Lan", "Tường", "Quỳnh", "Cẩm", "Bích", "Hải",
    "Như", "Thùy", "Huyền", "Yến",
];
/// Second middle names after Văn / Thị.
const MIDDLE2_M: &[&str] =
    &["Minh", "Quang", "Đức", "Hữu", "Ngọc", "Thanh", "Xuân", "Tuấn", "Anh", "Trung", "Hoàng"];
const MIDDLE2_F: &[&str] = &[
    "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hoài", "Kim", "Mỹ", "Bảo", "Hồng", "Thúy", "Lan",
    "Quỳnh", "Cẩm", "Bích", "Hải", "Diệu", "Thùy",
];
const GIVEN_M: &[&str] = &[
    "An", "Bảo", "Bình", "Cường", "Chiến", "Công", "Danh", "Dũng", "Duy", "Dương", "Đạt", "Định",
    "Đông", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiển", "Hòa", "Hoàng", "Huy", "Hùng", "Hưng",
    "Kiên", "Khang", "Khánh", "Khoa", "Lâm", "Long", "Lộc", "Lợi", "Minh", "Nam", "Nghĩa", "Nhân",
    "Phát", "Phong", "Phúc", "Quang", "Quân", "Quý", "Sơn", "Tài", "Tâm", "Thắng", "Thành",
    "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Thái", "Khải", "Hậu",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Ánh", "Bích", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Khuê", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai",
    "My", "Nga", "Ngân", "Ngọc", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo",
    "Thanh", "Thu", "Thúy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
    "Diễm", "Hậu", "Kiều", "Nguyệt",
];
/// Ethnic groups, Kinh repeated to approach its share.
const ETHNICITIES: &[&str] = &[
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "H'Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Sán Dìu",
    "Xơ Đăng",
    "Cơ Ho",
];
/// Mobile prefixes on the 9-digit national number (after the trunk 0), as allocated in
/// `data/phone.toml`; the big carriers' repeated to weigh them.
const MOBILE: &[&str] = &[
    "32", "33", "34", "35", "36", "37", "38", "39", "86", "96", "97", "98", "32", "33", "34", "35",
    "36", "37", "38", "39", "86", "96", "97", "98", "81", "82", "83", "84", "85", "88", "91", "94",
    "81", "82", "83", "84", "85", "88", "91", "94", "70", "76", "77", "78", "79", "90", "93", "70",
    "76", "77", "78", "79", "90", "93", "896", "897", "898", "899", "87", "56", "58", "92", "522",
    "523", "528", "559", "59", "993", "994", "995", "996", "997", "998", "999", "990", "991",
];
/// Banks: display name and a typical account length.
const BANKS: &[(&str, u8)] = &[
    ("Vietcombank", 13),
    ("VietinBank", 12),
    ("BIDV", 14),
    ("Agribank", 13),
    ("Techcombank", 14),
    ("MB", 13),
    ("ACB", 9),
    ("VPBank", 10),
    ("TPBank", 11),
    ("Sacombank", 12),
    ("HDBank", 14),
    ("VIB", 15),
    ("SHB", 13),
    ("Eximbank", 12),
    ("MSB", 14),
    ("OCB", 14),
    ("SeABank", 12),
    ("LPBank", 12),
    ("Nam A Bank", 12),
    ("Bac A Bank", 15),
    ("PVcomBank", 12),
    ("ABBANK", 13),
    ("Saigonbank", 11),
    ("Kienlongbank", 12),
    ("BVBank", 10),
];
const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "fpt.vn",
    "vnpt.vn",
    "viettel.com.vn",
];
const STREETS: &[&str] = &[
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Lê Duẩn",
    "Nguyễn Huệ",
    "Điện Biên Phủ",
    "Phan Chu Trinh",
    "Hoàng Diệu",
    "Quang Trung",
    "Bà Triệu",
    "Nguyễn Du",
    "Lê Thánh Tông",
    "Trần Phú",
    "Hùng Vương",
    "Võ Thị Sáu",
    "Nguyễn Thị Minh Khai",
    "Cách Mạng Tháng Tám",
    "Ba Tháng Hai",
    "Nguyễn Văn Cừ",
    "Phạm Văn Đồng",
    "Lạc Long Quân",
    "Âu Cơ",
    "Tôn Đức Thắng",
    "Nguyễn Văn Linh",
    "Lê Văn Việt",
    "Xô Viết Nghệ Tĩnh",
    "Trường Chinh",
    "Giải Phóng",
    "Kim Mã",
    "Láng Hạ",
    "Cầu Giấy",
    "Xuân Thủy",
    "Hoàng Quốc Việt",
    "Nguyễn Chí Thanh",
    "Tố Hữu",
    "Lê Văn Lương",
    "Nguyễn Xiển",
    "Bạch Đằng",
    "Ngô Quyền",
    "Lê Hồng Phong",
    "Phan Đình Phùng",
    "Trần Quốc Toản",
    "Yersin",
    "Pasteur",
    "Nam Kỳ Khởi Nghĩa",
    "Võ Văn Kiệt",
    "Mai Chí Thọ",
    "Nguyễn Hữu Thọ",
    "Huỳnh Tấn Phát",
    "Lũy Bán Bích",
    "Tân Kỳ Tân Quý",
    "Hà Huy Tập",
    "Phan Bội Châu",
    "Trần Cao Vân",
    "Ông Ích Khiêm",
    "Hàm Nghi",
    "Nguyễn Văn Trỗi",
    "Lê Quý Đôn",
    "Chu Văn An",
    "Tô Hiến Thành",
    "Thái Hà",
    "Đội Cấn",
    "Hoàng Hoa Thám",
    "Nguyễn Thái Học",
    "Lê Lai",
    "Phạm Ngũ Lão",
    "Đinh Tiên Hoàng",
    "Nguyễn Đình Chiểu",
    "Trần Nhân Tông",
    "Lý Tự Trọng",
    "Hồ Tùng Mậu",
    "Mạc Đĩnh Chi",
];
const VILLAGES: &[&str] = &[
    "Thôn Đông",
    "Thôn Thượng",
    "Thôn Hạ",
    "Thôn Trung",
    "Thôn Tân Lập",
    "Thôn Bình An",
    "Thôn Phú Mỹ",
    "Thôn Đồng Tâm",
    "Thôn Yên Thịnh",
    "Thôn An Lạc",
    "Xóm Mới",
    "Xóm Chùa",
    "Ấp Tân Hòa",
    "Ấp Phước Lợi",
    "Ấp Bình Thạnh",
    "Bản Nà Lừa",
    "Bản Phiêng",
    "Buôn Ea Kao",
    "Làng Kon Klor",
    "Tổ dân phố Hòa Bình",
    "Khu phố Tân Tiến",
];
const DEPARTMENTS: &[&str] = &[
    "Phòng Hành chính - Nhân sự",
    "Phòng Kế toán",
    "Phòng Kinh doanh",
    "Phòng Kỹ thuật",
    "Phòng Công nghệ thông tin",
    "Phòng Marketing",
    "Phòng Chăm sóc khách hàng",
    "Phòng Pháp chế",
    "Phòng Mua hàng",
    "Phòng Kiểm soát chất lượng",
    "Ban Giám đốc",
    "Xưởng sản xuất số 1",
    "Xưởng sản xuất số 2",
    "Kho vận",
    "Chi nhánh Hà Nội",
    "Chi nhánh Đà Nẵng",
    "Chi nhánh Cần Thơ",
    "Phòng Nghiên cứu và Phát triển",
    "Phòng Tài chính",
    "Phòng Xuất nhập khẩu",
];
const TITLES: &[&str] = &[
    "Nhân viên",
    "Nhân viên",
    "Nhân viên",
    "Chuyên viên",
    "Chuyên viên",
    "Chuyên viên chính",
    "Trưởng phòng",
    "Phó trưởng phòng",
    "Trưởng nhóm",
    "Kỹ sư",
    "Kỹ sư phần mềm",
    "Kế toán viên",
    "Kế toán trưởng",
    "Thủ kho",
    "Lái xe",
    "Bảo vệ",
    "Công nhân",
    "Công nhân",
    "Tổ trưởng",
    "Giám sát",
    "Thực tập sinh",
    "Trợ lý giám đốc",
    "Lễ tân",
    "Nhân viên kinh doanh",
];
const EDUCATION: &[&str] =
    &["Đại học", "Đại học", "Cao đẳng", "Trung cấp", "Thạc sĩ", "Tiến sĩ", "THPT", "Sơ cấp nghề"];
const MAJORS: &[&str] = &[
    "Kế toán",
    "Quản trị kinh doanh",
    "Công nghệ thông tin",
    "Kỹ thuật điện",
    "Cơ khí chế tạo",
    "Luật kinh tế",
    "Ngôn ngữ Anh",
    "Tài chính - Ngân hàng",
    "Marketing",
    "Logistics",
    "Kỹ thuật xây dựng",
    "Hóa học",
    "Công nghệ thực phẩm",
    "Điện tử viễn thông",
    "Khoa học máy tính",
    "Quản trị nhân lực",
    "Kinh tế quốc tế",
    "Du lịch",
    "Dược học",
    "Điều dưỡng",
];
const SCHOOLS: &[&str] = &[
    "ĐH Bách khoa Hà Nội",
    "ĐH Kinh tế Quốc dân",
    "ĐH Quốc gia TP.HCM",
    "ĐH Đà Nẵng",
    "ĐH Cần Thơ",
    "ĐH Ngoại thương",
    "ĐH Thương mại",
    "ĐH Kinh tế TP.HCM",
    "ĐH Vinh",
    "ĐH Huế",
    "CĐ Kỹ thuật Cao Thắng",
    "CĐ Công nghiệp Hà Nội",
    "Học viện Tài chính",
    "Học viện Ngân hàng",
    "ĐH Công nghiệp TP.HCM",
    "ĐH Mở Hà Nội",
    "ĐH Thủy lợi",
    "ĐH Giao thông vận tải",
];
const CONTRACTS: &[&str] = &[
    "HĐLĐ không xác định thời hạn",
    "HĐLĐ xác định thời hạn 12 tháng",
    "HĐLĐ xác định thời hạn 24 tháng",
    "HĐLĐ xác định thời hạn 36 tháng",
    "Thử việc",
    "Hợp đồng cộng tác viên",
    "HĐLĐ mùa vụ",
];
const MARITAL: &[&str] = &["Độc thân", "Đã kết hôn", "Đã kết hôn", "Ly hôn", "Góa"];
const HR_NOTES: &[&str] = &[
    "Đã hoàn thành thử việc, đề nghị ký hợp đồng chính thức.",
    "Nghỉ thai sản, dự kiến đi làm lại sau 6 tháng.",
    "Chuyển công tác từ chi nhánh khác về, giữ nguyên bậc lương.",
    "Đang làm thủ tục chốt sổ BHXH tại đơn vị cũ.",
    "Được cử đi đào tạo ngắn hạn về an toàn lao động.",
    "Tăng lương theo kết quả đánh giá năm.",
    "Chưa nộp bản sao bằng tốt nghiệp có chứng thực.",
    "Đề nghị bổ sung giấy khám sức khỏe.",
    "Nghỉ không lương 1 tháng vì lý do gia đình.",
    "Có chứng chỉ tiếng Anh B1, chứng chỉ tin học văn phòng.",
    "Hưởng phụ cấp trách nhiệm và phụ cấp độc hại.",
    "Đăng ký người phụ thuộc để giảm trừ gia cảnh.",
    "Kiêm nhiệm công tác công đoàn.",
    "Đã bàn giao tài sản khi điều chuyển bộ phận.",
    "Khen thưởng lao động xuất sắc năm trước.",
    "",
    "",
    "",
];

// ---- organisations and places in prose ----

const FIELDS: &[&str] = &[
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Tư pháp",
    "Nội vụ",
    "Công Thương",
    "Xây dựng",
    "Giao thông vận tải",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Khoa học và Công nghệ",
    "Thông tin và Truyền thông",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
    "Nông nghiệp và Môi trường",
];
const ORG_FIXED: &[&str] = &[
    "Công an tỉnh",
    "Bảo hiểm xã hội Việt Nam",
    "Ngân hàng Nhà nước chi nhánh khu vực",
    "Trung tâm Phục vụ hành chính công",
    "Cục Thuế",
    "Kho bạc Nhà nước",
    "Bộ Công an",
    "Bộ Khoa học và Công nghệ",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn",
    "Ủy ban Mặt trận Tổ quốc",
    "Hội Nông dân tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Bệnh viện Nhi",
    "Trường Đại học Bách khoa",
    "Viện Kiểm sát nhân dân tỉnh",
    "Tòa án nhân dân huyện",
    "Thanh tra tỉnh",
    "Chi cục Thuế khu vực",
    "Trung tâm Kiểm soát bệnh tật (CDC)",
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
    "Đài Phát thanh và Truyền hình",
    "Cục An toàn thông tin",
    "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "Cục Thống kê",
    "Văn phòng Đăng ký đất đai",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ đội Biên phòng tỉnh",
    "Hội Chữ thập đỏ",
    "Quỹ Bảo trợ trẻ em",
    "Trung tâm Dịch vụ việc làm",
    "Ban Quản lý các khu công nghiệp",
    "Chi cục Kiểm lâm",
    "Chi cục Thủy sản",
    "Trung tâm Khuyến nông",
    "Công ty Điện lực",
    "Công ty Cấp nước",
    "Bưu điện tỉnh",
    "Viettel chi nhánh tỉnh",
    "VNPT tỉnh",
    "Hội Cựu chiến binh",
    "Hội Người cao tuổi",
    "Trung tâm Y tế huyện",
    "Phòng Cảnh sát giao thông",
    "Phòng An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao",
    "Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Ban Dân tộc tỉnh",
    "Trung tâm Công nghệ thông tin và Truyền thông",
    "Trường Chính trị tỉnh",
];
const COMPANY_FORMS: &[&str] = &[
    "Công ty TNHH",
    "Công ty TNHH",
    "Công ty Cổ phần",
    "Công ty Cổ phần",
    "Công ty TNHH MTV",
    "Doanh nghiệp tư nhân",
    "Hợp tác xã",
];
const COMPANY_SECTORS: &[&str] = &[
    "Xây dựng",
    "Thương mại và Dịch vụ",
    "Đầu tư và Phát triển",
    "Vận tải",
    "Công nghệ",
    "Dược phẩm",
    "Thực phẩm",
    "May mặc",
    "Điện tử",
    "Bất động sản",
    "Du lịch",
    "Logistics",
    "Cơ khí",
    "Nông nghiệp công nghệ cao",
    "Thủy sản",
    "In ấn",
    "Giáo dục",
    "Phần mềm",
    "Năng lượng",
    "Môi trường",
    "Tư vấn thiết kế",
    "Nội thất",
    "Viễn thông",
    "Dệt may",
    "Vật liệu xây dựng",
    "Cà phê",
    "Xuất nhập khẩu",
    "Thiết bị y tế",
    "Giải pháp số",
    "Bao bì",
];
const COMPANY_NAMES: &[&str] = &[
    "Minh Long",
    "Hoàng Phát",
    "Thành Công",
    "An Phú",
    "Đại Việt",
    "Phương Nam",
    "Sao Mai",
    "Hưng Thịnh",
    "Bình Minh",
    "Tân Hoàng Gia",
    "Hồng Hà",
    "Trường Sơn",
    "Việt Tiến",
    "Thiên Long",
    "Hòa Bình",
    "Phú Gia",
    "Nam Sơn",
    "Kim Ngân",
    "Bảo An",
    "Đông Á",
    "Toàn Thắng",
    "Gia Huy",
    "Lộc Phát",
    "Hải Âu",
    "Ánh Dương",
    "Hợp Nhất",
    "Vạn Xuân",
    "Quang Minh",
    "Sông Hồng",
    "Cửu Long",
    "Tây Nguyên",
    "Thăng Long",
    "Phú Mỹ",
    "Kim Sơn",
    "Hoa Sen",
    "Lam Sơn",
    "Hải Đăng",
    "Sen Vàng",
    "Tín Nghĩa",
    "Nhật Quang",
    "Trung Nam",
    "Đức Thành",
    "Hưng Long",
    "An Khang",
    "Việt Úc",
    "Mekong",
    "Bắc Hà",
    "Tiến Phát",
    "Thuận Thành",
    "Hoàng Long",
    "Đất Việt",
    "Phúc Hưng",
    "Ngọc Lan",
    "Tâm Đức",
    "Vĩnh Hưng",
    "Trí Việt",
    "Thịnh Vượng",
    "Nam Việt",
    "Sài Gòn Xanh",
    "Hà Thành",
];
const SERVICES: &[&str] = &[
    "Phục vụ hành chính công",
    "Kiểm soát bệnh tật",
    "Dịch vụ việc làm",
    "Phát triển quỹ đất",
    "Xúc tiến đầu tư, thương mại và du lịch",
    "Quan trắc môi trường",
    "Văn hóa - Thông tin",
    "Giáo dục nghề nghiệp - Giáo dục thường xuyên",
    "Công tác xã hội",
    "Trợ giúp pháp lý",
    "Chuyển đổi số",
    "Giám sát điều hành đô thị thông minh",
    "Đăng kiểm xe cơ giới",
];

// ---- prose vocabulary ----

const HEADS: &[&str] = &[
    "công tác",
    "dự án",
    "kế hoạch",
    "chương trình",
    "đề án",
    "hệ thống",
    "cơ sở dữ liệu",
    "hồ sơ",
    "thủ tục",
    "quy trình",
    "phương án",
    "mô hình",
    "nhiệm vụ",
    "giải pháp",
    "chính sách",
    "tiến độ",
    "kết quả",
    "nguồn vốn",
    "kinh phí",
    "công trình",
    "hạ tầng",
    "dịch vụ",
    "phong trào",
    "cuộc vận động",
    "chiến dịch",
    "tổ công tác",
    "ban chỉ đạo",
    "quy chế",
    "danh mục",
    "chỉ tiêu",
    "bộ tiêu chí",
    "nền tảng",
    "ứng dụng",
    "cổng thông tin",
    "kho dữ liệu",
    "trung tâm điều hành",
    "đội ngũ",
    "lực lượng",
    "mạng lưới",
    "chuỗi liên kết",
    "vùng nguyên liệu",
    "quỹ",
    "gói hỗ trợ",
    "biện pháp",
    "hoạt động",
    "việc",
    "tình hình",
    "thực trạng",
    "nhu cầu",
    "năng lực",
    "chất lượng",
    "hiệu quả",
    "mức độ",
    "tỷ lệ",
    "quy mô",
    "cơ cấu",
    "lộ trình",
    "tiêu chuẩn",
    "quy định",
    "văn bản",
    "đề xuất",
    "số liệu",
    "báo cáo",
    "hướng dẫn",
    "đợt kiểm tra",
    "định mức",
    "khung pháp lý",
    "sổ tay",
];
const OBJECTS: &[&str] = &[
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng chống thiên tai",
    "an toàn thực phẩm",
    "bảo vệ dữ liệu cá nhân",
    "an ninh mạng",
    "xây dựng nông thôn mới",
    "giảm nghèo bền vững",
    "giải phóng mặt bằng",
    "quản lý đất đai",
    "bảo vệ môi trường",
    "phát triển du lịch",
    "thu hút đầu tư",
    "xúc tiến thương mại",
    "đào tạo nghề",
    "giải quyết việc làm",
    "chăm sóc sức khỏe ban đầu",
    "tiêm chủng mở rộng",
    "phòng chống dịch bệnh",
    "y tế cơ sở",
    "đổi mới chương trình giáo dục phổ thông",
    "xóa mù chữ",
    "phổ cập giáo dục",
    "khuyến học",
    "an toàn giao thông",
    "phòng cháy chữa cháy",
    "trật tự đô thị",
    "chỉnh trang đô thị",
    "cấp nước sinh hoạt",
    "thoát nước đô thị",
    "xử lý rác thải",
    "nước sạch nông thôn",
    "trồng rừng",
    "bảo vệ rừng",
    "nuôi trồng thủy sản",
    "chăn nuôi an toàn sinh học",
    "tái cơ cấu nông nghiệp",
    "sản xuất lúa chất lượng cao",
    "sản phẩm OCOP",
    "kinh tế tập thể",
    "hỗ trợ doanh nghiệp nhỏ và vừa",
    "khởi nghiệp đổi mới sáng tạo",
    "thanh toán không dùng tiền mặt",
    "dịch vụ công trực tuyến",
    "định danh và xác thực điện tử",
    "cấp căn cước",
    "đăng ký cư trú",
    "cấp phiếu lý lịch tư pháp",
    "đăng ký hộ tịch",
    "chứng thực",
    "đăng ký kinh doanh",
    "quản lý thuế",
    "thu ngân sách",
    "giải ngân vốn đầu tư công",
    "quyết toán dự án hoàn thành",
    "mua sắm tập trung",
    "thực hành tiết kiệm, chống lãng phí",
    "phòng chống tham nhũng",
    "tiếp công dân",
    "giải quyết khiếu nại, tố cáo",
    "dân vận khéo",
    "văn hóa công sở",
    "bình đẳng giới",
    "phòng chống bạo lực gia đình",
    "bảo vệ trẻ em",
    "chăm sóc người cao tuổi",
    "trợ giúp xã hội",
    "người có công với cách mạng",
    "nhà ở xã hội",
    "xóa nhà tạm, nhà dột nát",
    "tái định cư",
    "bồi thường, hỗ trợ",
    "quy hoạch sử dụng đất",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "khai thác khoáng sản",
    "quản lý cát, sỏi lòng sông",
    "phòng chống sạt lở",
    "ứng phó biến đổi khí hậu",
    "tiết kiệm năng lượng",
    "điện mặt trời mái nhà",
    "giao thông nông thôn",
    "cầu dân sinh",
    "kè chống sạt lở",
    "hồ chứa nước",
    "kênh mương nội đồng",
    "chợ truyền thống",
    "thương mại điện tử",
    "chống hàng giả, hàng nhái",
    "quản lý thị trường",
    "bình ổn giá",
    "an sinh xã hội",
    "bảo hiểm xã hội tự nguyện",
    "bảo hiểm thất nghiệp",
    "lao động đi làm việc ở nước ngoài",
    "an toàn vệ sinh lao động",
    "phát triển nguồn nhân lực",
    "thu hút nhân tài",
    "tinh giản biên chế",
    "sắp xếp đơn vị hành chính",
    "sáp nhập thôn, tổ dân phố",
    "đánh giá cán bộ",
    "thi đua, khen thưởng",
    "lưu trữ hồ sơ",
    "số hóa tài liệu",
    "chữ ký số",
    "hóa đơn điện tử",
    "bảo mật thông tin",
    "giám sát an toàn thông tin",
    "phòng chống lừa đảo trực tuyến",
    "phổ biến, giáo dục pháp luật",
    "trợ giúp pháp lý",
    "hòa giải ở cơ sở",
    "an ninh trật tự",
    "phòng chống ma túy",
    "quản lý vũ khí, vật liệu nổ",
    "tuyển quân",
    "giáo dục quốc phòng",
    "tìm kiếm cứu nạn",
    "phòng chống đuối nước",
    "dinh dưỡng học đường",
    "thể dục thể thao quần chúng",
    "bảo tồn di sản",
    "lễ hội truyền thống",
    "thư viện số",
    "thông tin cơ sở",
    "phủ sóng di động",
    "hạ tầng cáp quang",
    "đô thị thông minh",
    "camera an ninh",
    "chiếu sáng công cộng",
    "cây xanh đô thị",
    "quản lý vỉa hè",
    "bãi đỗ xe",
    "vận tải hành khách công cộng",
    "đường sắt đô thị",
    "cảng cạn",
    "kho lạnh",
    "xuất khẩu nông sản",
    "truy xuất nguồn gốc",
    "mã số vùng trồng",
    "chứng nhận VietGAP",
    "khuyến nông",
    "giống cây trồng",
    "thủy lợi nội đồng",
    "đê điều",
    "di dân khỏi vùng thiên tai",
    "khắc phục hậu quả bão lũ",
    "bảo hiểm nông nghiệp",
    "kiểm soát tải trọng xe",
    "đăng kiểm phương tiện",
    "quản lý chất lượng công trình",
    "cấp phép xây dựng",
    "nâng cấp trạm y tế xã",
    "khám sức khỏe định kỳ",
    "hiến máu tình nguyện",
];
const VERBS: &[&str] = &[
    "triển khai",
    "thực hiện",
    "rà soát",
    "đánh giá",
    "kiểm tra",
    "tổng hợp",
    "đề xuất",
    "phê duyệt",
    "ban hành",
    "hướng dẫn",
    "phối hợp thực hiện",
    "tuyên truyền về",
    "giám sát",
    "tháo gỡ vướng mắc trong",
    "đẩy mạnh",
    "tăng cường",
    "nâng cao chất lượng",
    "hoàn thiện",
    "xây dựng",
    "cập nhật",
    "số hóa",
    "điều chỉnh",
    "bổ sung",
    "thẩm định",
    "nghiệm thu",
    "bàn giao",
    "tiếp nhận",
    "giải quyết",
    "xử lý",
    "khắc phục",
    "ngăn chặn",
    "phòng ngừa",
    "kiện toàn",
    "sắp xếp",
    "củng cố",
    "mở rộng",
    "duy trì",
    "ứng dụng công nghệ vào",
    "tích hợp",
    "kết nối",
    "chia sẻ dữ liệu về",
    "công khai",
    "rút ngắn thời gian",
    "cắt giảm",
    "đơn giản hóa",
    "chuẩn hóa",
    "quy hoạch",
    "đầu tư cho",
    "huy động nguồn lực cho",
    "phân bổ vốn cho",
    "giải ngân",
    "quyết toán",
    "thanh tra",
    "kiểm toán",
    "đôn đốc",
    "chỉ đạo",
    "quán triệt",
    "sơ kết",
    "tổng kết",
    "biểu dương",
    "chấn chỉnh",
    "lấy ý kiến về",
    "trình",
    "thông qua",
    "ký kết",
    "khởi công",
    "hoàn thành",
    "đưa vào sử dụng",
    "vận hành",
    "bảo trì",
    "nâng cấp",
    "cải tạo",
    "di dời",
    "hỗ trợ",
    "tập huấn về",
    "bồi dưỡng",
    "đào tạo",
    "khảo sát",
    "điều tra",
    "thống kê",
    "dự báo",
    "cảnh báo",
    "ứng phó với",
    "gia cố",
    "nạo vét",
    "thu gom",
    "phân loại",
    "tái chế",
    "xử phạt",
    "thu hồi",
    "cấp phép",
    "gia hạn",
    "đăng ký",
    "thẩm tra",
    "phản biện",
    "nghiên cứu",
    "thử nghiệm",
    "nhân rộng",
    "phát động",
    "hưởng ứng",
    "ra quân",
    "tổ chức",
    "chủ trì",
    "ghi nhận",
    "lưu ý",
    "yêu cầu",
    "đề nghị",
    "phân công",
    "kiến nghị",
    "thống nhất",
    "làm rõ",
    "báo cáo",
    "theo dõi",
    "đối chiếu",
    "xác minh",
    "làm sạch dữ liệu",
    "vận động",
    "khuyến khích",
    "ưu tiên",
    "lồng ghép",
    "tháo gỡ",
    "phân cấp",
    "ủy quyền",
    "sửa đổi",
    "bãi bỏ",
    "tạm dừng",
    "khôi phục",
];
const ADVERBS: &[&str] = &[
    "khẩn trương",
    "kịp thời",
    "đồng bộ",
    "quyết liệt",
    "nghiêm túc",
    "chủ động",
    "thường xuyên",
    "hiệu quả",
    "triệt để",
    "dứt điểm",
    "công khai, minh bạch",
    "thống nhất",
    "sâu rộng",
    "đúng tiến độ",
    "linh hoạt",
    "sáng tạo",
    "chặt chẽ",
    "tích cực",
    "có trọng tâm, trọng điểm",
    "thực chất",
    "bài bản",
    "kiên quyết",
    "từng bước",
    "một cách toàn diện",
];
const ASSESS: &[&str] = &[
    "tích cực",
    "khả quan",
    "chưa đạt yêu cầu",
    "vượt kế hoạch",
    "ổn định",
    "còn nhiều hạn chế",
    "tương đối tốt",
    "rõ nét",
    "thiết thực",
    "đáng ghi nhận",
    "chậm",
    "thấp hơn dự kiến",
    "cao nhất từ trước đến nay",
    "chưa đồng đều",
    "đạt và vượt chỉ tiêu",
    "còn khiêm tốn",
    "có chuyển biến",
    "chưa tương xứng với tiềm năng",
    "bước đầu hiệu quả",
    "còn lúng túng",
];
const SECTORS: &[&str] = &[
    "ngành giáo dục",
    "ngành y tế",
    "ngành nông nghiệp",
    "ngành công thương",
    "ngành du lịch",
    "ngành giao thông",
    "ngành xây dựng",
    "ngành tài chính",
    "ngành thuế",
    "ngành ngân hàng",
    "lực lượng công an",
    "ngành tư pháp",
    "ngành văn hóa",
    "ngành lao động",
    "ngành tài nguyên",
    "khối doanh nghiệp",
    "khu vực dịch vụ",
    "khu vực công nghiệp",
    "toàn tỉnh",
    "toàn huyện",
    "cả nước",
    "các địa phương",
    "khối cơ quan nhà nước",
    "hệ thống chính trị cơ sở",
    "ngành bảo hiểm xã hội",
    "ngành kiểm sát",
    "ngành thống kê",
];
const GROUPS: &[&str] = &[
    "người dân",
    "doanh nghiệp",
    "hộ kinh doanh",
    "học sinh",
    "sinh viên",
    "giáo viên",
    "người lao động",
    "công nhân",
    "nông dân",
    "ngư dân",
    "hộ nghèo",
    "hộ cận nghèo",
    "người cao tuổi",
    "người khuyết tật",
    "trẻ em",
    "phụ nữ mang thai",
    "bệnh nhân",
    "du khách",
    "tiểu thương",
    "đồng bào dân tộc thiểu số",
    "cán bộ, công chức",
    "viên chức",
    "đoàn viên thanh niên",
    "hội viên phụ nữ",
    "cựu chiến binh",
    "chủ đầu tư",
    "nhà thầu",
    "hợp tác xã",
    "người nộp thuế",
    "chủ phương tiện",
    "người sử dụng mạng xã hội",
    "khách hàng",
    "người tham gia giao thông",
    "phụ huynh",
    "thí sinh",
    "người hưởng lương hưu",
];
const PROBLEMS: &[&str] = &[
    "tình trạng lấn chiếm vỉa hè",
    "ô nhiễm nguồn nước",
    "lừa đảo qua mạng",
    "chậm giải phóng mặt bằng",
    "thiếu nguồn vốn",
    "thủ tục còn rườm rà",
    "thiếu giáo viên",
    "quá tải bệnh viện tuyến trên",
    "sạt lở bờ sông",
    "xâm nhập mặn",
    "khai thác cát trái phép",
    "buôn lậu qua biên giới",
    "gian lận thương mại",
    "hàng giả, hàng kém chất lượng",
    "ùn tắc giao thông",
    "ngập úng cục bộ",
    "cháy rừng",
    "dịch tả lợn châu Phi",
    "sốt xuất huyết",
    "tai nạn lao động",
    "nợ đọng bảo hiểm xã hội",
    "nợ thuế kéo dài",
    "đầu cơ đất đai",
    "xây dựng không phép",
    "rác thải nhựa",
    "lộ lọt thông tin cá nhân",
    "tin giả trên mạng xã hội",
    "cuộc gọi mạo danh cơ quan công an",
    "tin nhắn rác",
    "tín dụng đen",
    "bạo lực học đường",
    "thiếu nước sinh hoạt",
    "hạ tầng xuống cấp",
    "chậm giải ngân",
    "năng lực cán bộ còn hạn chế",
    "phối hợp giữa các ngành chưa chặt chẽ",
    "dữ liệu chưa đồng bộ",
    "thiếu kinh phí duy tu",
    "giá vật liệu tăng cao",
    "thiếu lao động có tay nghề",
    "đường truyền thiếu ổn định",
    "hồ sơ tồn đọng",
];
const WEATHER: &[&str] = &[
    "Mưa lớn",
    "Nắng nóng gay gắt",
    "Triều cường",
    "Rét đậm, rét hại",
    "Lũ quét",
    "Sạt lở đất",
    "Áp thấp nhiệt đới",
    "Hạn hán",
    "Xâm nhập mặn",
    "Gió mùa đông bắc",
    "Mưa đá",
    "Dông lốc",
    "Sương muối",
    "Lũ trên các sông",
    "Mưa kéo dài",
];
const UNITS: &[&str] = &[
    "hộ gia đình",
    "hồ sơ",
    "doanh nghiệp",
    "học sinh",
    "bệnh nhân",
    "lượt khách",
    "tấn hàng hóa",
    "ha lúa",
    "km đường giao thông",
    "công trình",
    "dự án",
    "phòng học",
    "lao động",
    "cán bộ",
    "hội viên",
    "cuộc gọi",
    "tin nhắn",
    "vụ việc",
    "đối tượng",
    "phương tiện",
    "căn hộ",
    "m³ nước",
    "con gia súc",
    "cây xanh",
    "suất quà",
    "thủ tục hành chính",
    "dịch vụ công trực tuyến",
    "tài khoản định danh điện tử",
    "camera giám sát",
    "lượt truy cập",
    "đơn thư",
    "giấy phép",
    "ha rừng",
    "tấn rác thải",
    "mẫu xét nghiệm",
    "liều vắc-xin",
    "xã",
    "thôn, bản",
    "trường học",
    "cơ sở kinh doanh",
];
const EVENTS: &[&str] = &[
    "hội nghị {N}",
    "buổi làm việc với {O}",
    "lễ ký kết {N}",
    "hội thảo về {N}",
    "đợt kiểm tra {N}",
    "phiên họp thường kỳ",
    "diễn đàn về {N}",
    "cuộc họp trực tuyến",
    "lễ phát động {N}",
    "buổi đối thoại với {G}",
    "hội nghị sơ kết {N}",
    "tọa đàm về {N}",
];
const ROLES: &[&str] = &[
    "Phó Chủ tịch UBND tỉnh",
    "Giám đốc Sở {F}",
    "Chủ tịch UBND {H}",
    "Trưởng phòng {F}",
    "đại diện {O}",
    "Thứ trưởng Bộ {F}",
    "lãnh đạo {O}",
    "Chánh Văn phòng UBND tỉnh",
    "Phó Giám đốc Sở {F}",
    "Bí thư Huyện ủy",
    "Phó Bí thư Thường trực Tỉnh ủy",
    "Trưởng Công an {H}",
    "Hiệu trưởng nhà trường",
    "Tổng Giám đốc công ty",
    "Chủ tịch Hội đồng nhân dân tỉnh",
    "Trưởng ban Quản lý dự án",
    "Giám đốc Trung tâm {SV}",
    "Phó Chủ tịch UBND {H}",
    "người đứng đầu {O}",
];
const LAWS: &[&str] = &[
    "Bảo vệ dữ liệu cá nhân",
    "An ninh mạng",
    "Đất đai",
    "Xây dựng",
    "Đầu tư công",
    "Ngân sách nhà nước",
    "Giao dịch điện tử",
    "Căn cước",
    "Bảo hiểm xã hội",
    "Thuế thu nhập cá nhân",
    "Doanh nghiệp",
    "Giáo dục",
    "Khám bệnh, chữa bệnh",
    "Phòng, chống tham nhũng",
    "Tiếp cận thông tin",
    "Lưu trữ",
    "Quy hoạch",
    "Bảo vệ môi trường",
    "Thủy lợi",
    "Lâm nghiệp",
    "Cán bộ, công chức",
    "Viên chức",
    "Dữ liệu",
    "Công nghệ số",
];
const MINISTRY_CODES: &[&str] = &[
    "BTC", "BCA", "BYT", "BGDĐT", "BTTTT", "BNV", "BLĐTBXH", "BKHĐT", "BTNMT", "BXD", "BCT",
    "BKHCN", "NHNN",
];
const NEWS_AGENCIES: &[&str] = &[
    "TTXVN",
    "VOV",
    "Báo Nhân Dân",
    "VnExpress",
    "Tuổi Trẻ",
    "Thanh Niên",
    "Dân trí",
    "Lao Động",
    "PLO",
    "VietnamPlus",
    "Báo Tin tức",
    "Hà Nội Mới",
    "Sài Gòn Giải Phóng",
    "Báo Đầu tư",
];

/// Sentence templates. Slots: {O} organisation, {V} verb, {N} noun phrase, {P} place,
/// {K} province, {H} district, {Z} commune, {T} time, {Q} quantity, {M} money, {R} percent,
/// {A} adverb, {J} assessment, {C} clause, {E} event, {L} legal reference, {X} role,
/// {S} sector, {B} problem, {G} group, {W} weather, {D} day and month, {F} field,
/// {Y} year, {U} a ministry's code.
const SENTENCES: &[&str] = &[
    "{T}, {O} đã {V} {N} tại {P}, {C}.",
    "{O} đề nghị các cơ quan, đơn vị {A} {V} {N}, báo cáo kết quả về {O} {T}.",
    "Theo báo cáo của {O}, {T} {S} đã {V} {Q}, đạt {R} kế hoạch năm.",
    "Tổng kinh phí thực hiện {N} là {M}, trong đó ngân sách địa phương bố trí {M}.",
    "{X} yêu cầu {O} {A} {V} {N}, không để {B} kéo dài.",
    "Tại {E}, các đại biểu đã thảo luận về {N} và {N}.",
    "Qua kiểm tra, đoàn công tác phát hiện {Q} vi phạm liên quan đến {B}; đã lập biên bản và xử phạt {M}.",
    "{G} trên địa bàn {P} cần chủ động {V} {N}, tránh {B}.",
    "{W} kéo dài {T} khiến {Q} tại {P} bị ảnh hưởng, thiệt hại ước tính {M}.",
    "Căn cứ {L}, {O} {V} {N} theo đúng quy định.",
    "Kết quả {N} {T} được đánh giá là {J}, tuy nhiên vẫn còn {B}.",
    "Đến nay, {Q} đã được {V}, tăng {R} so với cùng kỳ năm trước.",
    "Để {V} {N}, {O} sẽ phối hợp với {O} {V} {N} {T}.",
    "Nhiều ý kiến cho rằng {C}, vì vậy cần {A} {V} {N}.",
    "Trong khi đó, {N} ở {P} vẫn {J} do {B}.",
    "{X} nhấn mạnh: “{C}, mỗi cán bộ phải {A} {V} {N}”.",
    "Dự kiến {T}, {O} sẽ tổ chức {E} nhằm {V} {N}.",
    "{Z} và {Z} đã hoàn thành {N}, {Q} được hưởng lợi trực tiếp.",
    "Giá trị sản xuất của {S} {T} ước đạt {M}, tăng {R}.",
    "Hiện còn {Q} chưa được {V}, chủ yếu do {B}.",
    "{O} cũng lưu ý {G} không nên {V} {N} khi chưa có hướng dẫn của cơ quan chức năng.",
    "Sau {E}, {X} đã trao {Q} cho {G} có hoàn cảnh khó khăn tại {P}.",
    "Thời gian tới, {S} tiếp tục {V} {N} gắn với {N}.",
    "{O} giao {O} chủ trì, phối hợp với các đơn vị liên quan {V} {N}, hoàn thành {T}.",
    "Tỷ lệ {G} tham gia {N} đạt {R}, cao hơn mức bình quân chung của cả nước.",
    "Theo {X}, {C}.",
    "Mặc dù {B} còn diễn biến phức tạp, {S} vẫn {V} {Q}.",
    "{T}, lực lượng chức năng {H} đã {V} {Q}, thu giữ tang vật trị giá {M}.",
    "Báo cáo nêu rõ những tồn tại, hạn chế trong {N}, đồng thời đề xuất {Q} giải pháp trọng tâm.",
    "Ngoài ra, {O} đã {V} {Q} và {V} {N} cho {G}.",
    "“{C}”, {X} cho biết.",
    "Ghi nhận tại {Z} ({H}), {C}.",
    "{W} {T} làm {Q} ở {H} bị thiệt hại; chính quyền địa phương đã {V} {N}.",
    "Từ kết quả trên, {O} kiến nghị {O} xem xét {V} {N} trong năm {Y}.",
    "Chỉ tiêu {N} được giao cho {K} là {Q}, đến nay mới đạt {R}.",
    "Việc {V} {N} phải bảo đảm đúng quy định tại {L}.",
    "Từ {D}, {G} tại {H} có thể tra cứu thông tin {N} trên Cổng dịch vụ công quốc gia hoặc ứng dụng VNeID.",
    "Đoàn đã trực tiếp khảo sát {N} tại {Z}, {H}, {K}.",
    "Tính đến {D}, {O} đã tiếp nhận {Q}, giải quyết đúng hạn {R}.",
    "Hội nghị thống nhất giao {O} {V} {N} và báo cáo {X} trước {D}.",
    "So với năm {Y}, {N} có bước tiến {J}; tuy vậy, {B} vẫn là điểm nghẽn.",
    "{S} phấn đấu đến năm {Y} {V} {N}, bảo đảm {R} {G} được tiếp cận.",
    "Sở {F} thông tin, {C}.",
    "Những năm qua, {K} luôn quan tâm {V} {N}, coi đây là nhiệm vụ {J}.",
    "Bên cạnh đó, {O} {A} {V} {N} theo {L}.",
    "Cùng ngày, {X} đã đến thăm, động viên {G} tại {Z}.",
];
/// Clauses for {C}: no capital, no final stop.
const CLAUSES: &[&str] = &[
    "{G} {A} {V} {N}",
    "{N} đã mang lại hiệu quả {J}",
    "việc {V} {N} còn chậm so với yêu cầu",
    "{B} tại {H} vẫn chưa được giải quyết dứt điểm",
    "{Q} đã được {V} {T}",
    "{S} tăng trưởng {R} so với cùng kỳ",
    "cần {V} {N} trước {D}",
    "{O} sẽ {V} {N} {T}",
    "tình hình {N} tại {P} cơ bản {J}",
    "không ít {G} vẫn gặp khó khăn khi {V} {N}",
    "nguồn lực cho {N} ở {H} còn hạn chế trong khi nhu cầu rất lớn",
    "đây là năm thứ {Y2} liên tiếp {K} {V} {N}",
];
/// English sentences, a few in a hundred.
const EN_SENTENCES: &[&str] = &[
    "The {EO} in {K} will {EV} the {EN} {ET}, at an estimated cost of {EM}.",
    "According to the {EO}, the {EN} {EV2} by {R} {ET}, affecting {EC} households in {K}.",
    "The committee reviewed the {EN} for {K} ({EC} pages) and agreed to {EV} it {ET}.",
    "Please {EV} the {EN} before the deadline and send {EC} copies to the {EO} in {K}.",
    "In {K}, the {EN} is expected to {EV} {EC} records {ET}, the {EO} said.",
];
const EN_ORGS: &[&str] = &[
    "department",
    "provincial committee",
    "project team",
    "ministry",
    "steering committee",
    "local authority",
    "data protection office",
    "finance division",
    "World Bank mission",
    "working group",
    "IT department",
    "audit office",
];
const EN_VERBS: &[&str] = &[
    "publish",
    "review",
    "update",
    "approve",
    "revise",
    "audit",
    "digitise",
    "fund",
    "extend",
    "suspend",
    "evaluate",
    "de-identify",
    "migrate",
    "archive",
];
const EN_VERBS2: &[&str] =
    &["grew", "fell", "improved", "declined", "rose", "was cut", "was revised", "increased"];
const EN_NOUNS: &[&str] = &[
    "dataset",
    "budget proposal",
    "annual report",
    "road project",
    "public service portal",
    "training programme",
    "investment plan",
    "procurement file",
    "privacy notice",
    "flood response plan",
    "customer database",
    "service agreement",
    "final report",
];
const EN_TIMES: &[&str] = &[
    "next month",
    "this quarter",
    "by the end of the year",
    "after the legal review",
    "in the coming weeks",
    "last year",
    "before the Tet holiday",
    "in 2026",
];

/// Every pre-2025 province with its CCCD code and landline area code, and a few of its districts and
/// communes (from `data/provinces.toml` and `data/lexicon/communes.tsv`).
const AREAS: &[Area] = &[
    Area {
        code: "001",
        province: "Hà Nội",
        area_code: "024",
        districts: &["Huyện Đông Anh", "Quận Cầu Giấy", "Quận Nam Từ Liêm", "Huyện Đan Phượng"],
        communes: &[
            "Phường Thạch Bàn",
            "Phường Phương Mai",
            "Phường Tương Mai",
            "Xã Kim Quan",
            "Phường Trung Hòa",
            "Xã Vạn Tín",
        ],
    },
    Area {
        code: "002",
        province: "Hà Giang",
        area_code: "0219",
        districts: &["Huyện Yên Minh", "Thành phố Hà Giang", "Huyện Đồng Văn", "Huyện Bắc Mê"],
        communes: &[
            "Xã Phú Nam",
            "Xã Sà Phìn",
            "Xã Lũng Hồ",
            "Xã Lũng Thầu",
            "Xã Xín Mần",
            "Xã Yên Cường",
        ],
    },
    Area {
        code: "004",
        province: "Cao Bằng",
        area_code: "0206",
        districts: &["Thành phố Cao Bằng", "Huyện Bảo Lâm", "Huyện Hà Quảng", "Huyện Hạ Lang"],
        communes: &[
            "Xã Đức Xuân",
            "Xã Kim Đồng",
            "Xã Thạch Lâm",
            "Thị trấn Đông Khê",
            "Xã Tự Do",
            "Xã Nam Quang",
        ],
    },
    Area {
        code: "006",
        province: "Bắc Kạn",
        area_code: "0209",
        districts: &["Huyện Ngân Sơn", "Thành phố Bắc Kạn", "Huyện Bạch Thông", "Huyện Pác Nặm"],
        communes: &[
            "Xã Trung Hòa",
            "Xã Cẩm Giàng",
            "Thị trấn Chợ Rã",
            "Xã Đồng Thắng",
            "Xã Cổ Linh",
            "Xã Nghĩa Tá",
        ],
    },
    Area {
        code: "008",
        province: "Tuyên Quang",
        area_code: "0207",
        districts: &["Huyện Na Hang", "Huyện Hàm Yên", "Huyện Lâm Bình", "Thành phố Tuyên Quang"],
        communes: &[
            "Xã Vinh Quang",
            "Xã Tiến Bộ",
            "Xã Thanh Tương",
            "Xã Khuôn Hà",
            "Xã Yên Hoa",
            "Xã Linh Phú",
        ],
    },
    Area {
        code: "010",
        province: "Lào Cai",
        area_code: "0214",
        districts: &["Thị xã Sa Pa", "Huyện Bảo Yên", "Huyện Văn Bàn", "Huyện Mường Khương"],
        communes: &[
            "Xã Tả Phìn",
            "Xã Liêm Phú",
            "Xã Ngũ Chỉ Sơn",
            "Xã Xuân Giao",
            "Xã Nậm Đét",
            "Xã Nàn Sín",
        ],
    },
    Area {
        code: "011",
        province: "Điện Biên",
        area_code: "0215",
        districts: &["Huyện Mường Nhé", "Huyện Mường Chà", "Thị xã Mường Lay", "Huyện Tủa Chùa"],
        communes: &[
            "Xã Quài Nưa",
            "Xã Pú Hồng",
            "Xã Chiềng Đông",
            "Xã Hẹ Muông",
            "Xã Mường Mùn",
            "Xã Nậm Kè",
        ],
    },
    Area {
        code: "012",
        province: "Lai Châu",
        area_code: "0213",
        districts: &["Huyện Tam Đường", "Huyện Phong Thổ", "Huyện Sìn Hồ", "Huyện Nậm Nhùn"],
        communes: &[
            "Xã Tà Mít",
            "Xã Pú Đao",
            "Xã Nà Tăm",
            "Xã Làng Mô",
            "Xã Ma Quai",
            "Xã Lản Nhì Thàng",
        ],
    },
    Area {
        code: "014",
        province: "Sơn La",
        area_code: "0212",
        districts: &["Huyện Sốp Cộp", "Huyện Quỳnh Nhai", "Huyện Mai Sơn", "Huyện Phù Yên"],
        communes: &[
            "Xã Huy Thượng",
            "Xã Chiềng En",
            "Xã Gia Phù",
            "Xã Chiềng Sung",
            "Xã Chiềng Khoa",
            "Xã Lóng Phiêng",
        ],
    },
    Area {
        code: "015",
        province: "Yên Bái",
        area_code: "0216",
        districts: &["Huyện Văn Chấn", "Thị xã Nghĩa Lộ", "Huyện Trạm Tấu", "Thành phố Yên Bái"],
        communes: &[
            "Xã Khao Mang",
            "Xã Nậm Mười",
            "Xã Nghĩa An",
            "Xã Nghĩa Phúc",
            "Xã Nậm Khắt",
            "Xã Hán Đà",
        ],
    },
    Area {
        code: "017",
        province: "Hòa Bình",
        area_code: "0218",
        districts: &["Huyện Lạc Thủy", "Huyện Lạc Sơn", "Huyện Cao Phong", "Huyện Tân Lạc"],
        communes: &[
            "Xã Bao La",
            "Xã Nhân Mỹ",
            "Phường Đồng Tiến",
            "Xã Xuất Hóa",
            "Xã Ngổ Luông",
            "Xã Cư Yên",
        ],
    },
    Area {
        code: "019",
        province: "Thái Nguyên",
        area_code: "0208",
        districts: &[
            "Thành phố Sông Công",
            "Thành phố Phổ Yên",
            "Thành phố Thái Nguyên",
            "Huyện Phú Bình",
        ],
        communes: &[
            "Phường Chùa Hang",
            "Xã Bình Sơn",
            "Xã Động Đạt",
            "Xã Tràng Xá",
            "Xã Lâu Thượng",
            "Xã Lục Ba",
        ],
    },
    Area {
        code: "020",
        province: "Lạng Sơn",
        area_code: "0205",
        districts: &["Huyện Tràng Định", "Huyện Bình Gia", "Huyện Hữu Lũng", "Huyện Bắc Sơn"],
        communes: &[
            "Xã Minh Hòa",
            "Xã Hồng Phong",
            "Xã Quang Trung",
            "Xã Chiêu Vũ",
            "Xã Xuân Dương",
            "Xã Bắc Quỳnh",
        ],
    },
    Area {
        code: "022",
        province: "Quảng Ninh",
        area_code: "0203",
        districts: &["Huyện Tiên Yên", "Thành phố Đông Triều", "Huyện Đầm Hà", "Thành phố Uông Bí"],
        communes: &[
            "Phường Cẩm Đông",
            "Phường Ninh Dương",
            "Phường Cẩm Thành",
            "Phường Phương Nam",
            "Thị trấn Cô Tô",
            "Phường Cao Xanh",
        ],
    },
    Area {
        code: "024",
        province: "Bắc Giang",
        area_code: "0204",
        districts: &["Thị xã Việt Yên", "Huyện Tân Yên", "Huyện Lục Nam", "Huyện Hiệp Hòa"],
        communes: &[
            "Phường Ngô Quyền",
            "Xã Song Vân",
            "Phường Trù Hựu",
            "Phường Tân An",
            "Xã Sa Lý",
            "Xã Thượng Lan",
        ],
    },
    Area {
        code: "025",
        province: "Phú Thọ",
        area_code: "0210",
        districts: &["Huyện Lâm Thao", "Huyện Phù Ninh", "Huyện Đoan Hùng", "Huyện Tam Nông"],
        communes: &[
            "Xã Thạch Kiệt",
            "Xã Giáp Lai",
            "Xã Minh Đài",
            "Xã Tân Lập",
            "Phường Minh Nông",
            "Xã Minh Tân",
        ],
    },
    Area {
        code: "026",
        province: "Vĩnh Phúc",
        area_code: "0211",
        districts: &["Huyện Sông Lô", "Huyện Yên Lạc", "Huyện Tam Dương", "Huyện Vĩnh Tường"],
        communes: &[
            "Xã Sơn Đông",
            "Phường Đồng Xuân",
            "Xã Hoàng Lâu",
            "Thị trấn Đạo Đức",
            "Thị trấn Hợp Hòa",
            "Phường Khai Quang",
        ],
    },
    Area {
        code: "027",
        province: "Bắc Ninh",
        area_code: "0222",
        districts: &["Huyện Tiên Du", "Thành phố Bắc Ninh", "Huyện Yên Phong", "Huyện Lương Tài"],
        communes: &[
            "Xã Đông Phong",
            "Xã Hòa Tiến",
            "Phường Cách Bi",
            "Phường Phù Chẩn",
            "Phường Suối Hoa",
            "Xã Thụy Hòa",
        ],
    },
    Area {
        code: "030",
        province: "Hải Dương",
        area_code: "0220",
        districts: &["Thành phố Hải Dương", "Huyện Tứ Kỳ", "Huyện Nam Sách", "Huyện Gia Lộc"],
        communes: &[
            "Phường Văn An",
            "Xã Thanh Lang",
            "Xã Bình Lãng",
            "Phường Trần Hưng Đạo",
            "Xã Bắc An",
            "Phường Thất Hùng",
        ],
    },
    Area {
        code: "031",
        province: "Hải Phòng",
        area_code: "0225",
        districts: &["Huyện An Lão", "Quận Dương Kinh", "Quận Lê Chân", "Huyện Kiến Thụy"],
        communes: &[
            "Phường Lê Thiện",
            "Xã Tân Viên",
            "Xã Trấn Dương",
            "Thị trấn Núi Đối",
            "Xã Khởi Nghĩa",
            "Phường Bắc Sơn",
        ],
    },
    Area {
        code: "033",
        province: "Hưng Yên",
        area_code: "0221",
        districts: &["Huyện Văn Lâm", "Huyện Kim Động", "Huyện Tiên Lữ", "Huyện Yên Mỹ"],
        communes: &[
            "Xã Cương Chính",
            "Xã Phạm Hồng Thái",
            "Xã Lạc Hồng",
            "Xã Ngọc Long",
            "Xã Nghĩa Trụ",
            "Xã Tân Châu",
        ],
    },
    Area {
        code: "034",
        province: "Thái Bình",
        area_code: "0227",
        districts: &["Huyện Thái Thụy", "Huyện Đông Hưng", "Huyện Tiền Hải", "Huyện Quỳnh Phụ"],
        communes: &[
            "Xã Thụy Liên",
            "Phường Phú Khánh",
            "Xã Cộng Hòa",
            "Xã Thụy Sơn",
            "Xã Đông Xá",
            "Xã An Thanh",
        ],
    },
    Area {
        code: "035",
        province: "Hà Nam",
        area_code: "0226",
        districts: &["Huyện Lý Nhân", "Huyện Bình Lục", "Thành phố Phủ Lý", "Thị xã Kim Bảng"],
        communes: &[
            "Phường Ba Sao",
            "Xã Công Lý",
            "Phường Châu Giang",
            "Xã Nhân Khang",
            "Xã Thụy Lôi",
            "Xã Ngọc Lũ",
        ],
    },
    Area {
        code: "036",
        province: "Nam Định",
        area_code: "0228",
        districts: &["Huyện Trực Ninh", "Huyện Ý Yên", "Huyện Giao Thủy", "Huyện Vụ Bản"],
        communes: &[
            "Thị trấn Giao Thủy",
            "Xã Giao Hà",
            "Xã Xuân Vinh",
            "Xã Nam Cường",
            "Xã Hải Quang",
            "Xã Yên Trị",
        ],
    },
    Area {
        code: "037",
        province: "Ninh Bình",
        area_code: "0229",
        districts: &["Huyện Yên Khánh", "Huyện Nho Quan", "Huyện Kim Sơn", "Thành phố Hoa Lư"],
        communes: &[
            "Xã Hùng Tiến",
            "Xã Yên Lộc",
            "Xã Đức Long",
            "Xã Gia Thủy",
            "Xã Ninh Hòa",
            "Phường Ninh Giang",
        ],
    },
    Area {
        code: "038",
        province: "Thanh Hóa",
        area_code: "0237",
        districts: &["Huyện Hà Trung", "Huyện Nông Cống", "Thành phố Thanh Hóa", "Thị xã Nghi Sơn"],
        communes: &[
            "Xã Thọ Ngọc",
            "Xã Quảng Trạch",
            "Xã Hợp Tiến",
            "Xã Yên Thái",
            "Xã Hoằng Tiến",
            "Xã Tượng Văn",
        ],
    },
    Area {
        code: "040",
        province: "Nghệ An",
        area_code: "0238",
        districts: &["Huyện Anh Sơn", "Thị xã Hoàng Mai", "Huyện Quế Phong", "Huyện Quỳ Hợp"],
        communes: &[
            "Xã Keng Đu",
            "Thị trấn Quỳ Hợp",
            "Xã Ngọc Bích",
            "Xã Nghĩa Trung",
            "Xã Bình Chuẩn",
            "Phường Quang Tiến",
        ],
    },
    Area {
        code: "042",
        province: "Hà Tĩnh",
        area_code: "0239",
        districts: &["Huyện Hương Khê", "Huyện Cẩm Xuyên", "Huyện Kỳ Anh", "Thành phố Hà Tĩnh"],
        communes: &[
            "Xã Phúc Trạch",
            "Xã Cẩm Lĩnh",
            "Xã Thuần Thiện",
            "Xã Lâm Hợp",
            "Xã Cẩm Nhượng",
            "Xã Sơn Hồng",
        ],
    },
    Area {
        code: "044",
        province: "Quảng Bình",
        area_code: "0232",
        districts: &["Huyện Minh Hóa", "Huyện Quảng Trạch", "Huyện Quảng Ninh", "Thị xã Ba Đồn"],
        communes: &[
            "Xã Ngư Thủy Bắc",
            "Xã Cao Quảng",
            "Xã Duy Ninh",
            "Xã Thanh Trạch",
            "Xã Yên Hóa",
            "Xã Đại Trạch",
        ],
    },
    Area {
        code: "045",
        province: "Quảng Trị",
        area_code: "0233",
        districts: &["Huyện Triệu Phong", "Huyện Cam Lộ", "Thị xã Quảng Trị", "Huyện Đa Krông"],
        communes: &[
            "Xã Vĩnh Long",
            "Xã Vĩnh Khê",
            "Xã Vĩnh Tú",
            "Phường Đông Thanh",
            "Xã Kim Thạch",
            "Xã A Vao",
        ],
    },
    Area {
        code: "046",
        province: "Huế",
        area_code: "0234",
        districts: &["Huyện A Lưới", "Thị xã Phong Điền", "Huyện Phú Vang", "Thị xã Hương Trà"],
        communes: &[
            "Xã Lộc Hòa",
            "Xã Hồng Vân",
            "Xã Quảng Công",
            "Xã Phong Xuân",
            "Phường Đông Ba",
            "Phường Phú Hậu",
        ],
    },
    Area {
        code: "048",
        province: "Đà Nẵng",
        area_code: "0236",
        districts: &["Quận Thanh Khê", "Quận Ngũ Hành Sơn", "Quận Cẩm Lệ", "Huyện Hoàng Sa"],
        communes: &[
            "Phường Mỹ An",
            "Phường Thuận Phước",
            "Phường Thạch Thang",
            "Phường Hòa Hiệp Nam",
            "Phường Hòa Thuận Tây",
            "Xã Hòa Tiến",
        ],
    },
    Area {
        code: "049",
        province: "Quảng Nam",
        area_code: "0235",
        districts: &["Huyện Phước Sơn", "Huyện Quế Sơn", "Huyện Tiên Phước", "Huyện Phú Ninh"],
        communes: &[
            "Xã Điện Phước",
            "Xã Đại Chánh",
            "Xã Phước Hiệp",
            "Thị trấn Đông Phú",
            "Xã Trà Don",
            "Xã Cẩm Thanh",
        ],
    },
    Area {
        code: "051",
        province: "Quảng Ngãi",
        area_code: "0255",
        districts: &["Thành phố Quảng Ngãi", "Huyện Ba Tơ", "Huyện Sơn Hà", "Huyện Minh Long"],
        communes: &[
            "Xã Ba Xa",
            "Phường Phổ Thạnh",
            "Xã Đức Tân",
            "Xã Long Sơn",
            "Xã Đức Hiệp",
            "Xã Trà Giang",
        ],
    },
    Area {
        code: "052",
        province: "Bình Định",
        area_code: "0256",
        districts: &["Thị xã An Nhơn", "Thị xã Hoài Nhơn", "Huyện Vân Canh", "Thành phố Quy Nhơn"],
        communes: &[
            "Xã Cát Nhơn",
            "Xã Ân Sơn",
            "Phường Nhơn Phú",
            "Phường Hoài Tân",
            "Xã Ân Hảo Tây",
            "Phường Hoài Thanh",
        ],
    },
    Area {
        code: "054",
        province: "Phú Yên",
        area_code: "0257",
        districts: &["Huyện Phú Hòa", "Thị xã Sông Cầu", "Huyện Sơn Hòa", "Thành phố Tuy Hòa"],
        communes: &[
            "Xã An Cư",
            "Xã Hòa Tân Tây",
            "Xã Đức Bình Tây",
            "Xã Ea Bá",
            "Xã Ea Bia",
            "Xã Suối Bạc",
        ],
    },
    Area {
        code: "056",
        province: "Khánh Hòa",
        area_code: "0258",
        districts: &[
            "Thành phố Cam Ranh",
            "Thành phố Nha Trang",
            "Huyện Trường Sa",
            "Huyện Diên Khánh",
        ],
        communes: &[
            "Xã Ninh Sim",
            "Phường Phước Hòa",
            "Phường Cam Lộc",
            "Thị trấn Trường Sa",
            "Xã Diên An",
            "Phường Phước Hải",
        ],
    },
    Area {
        code: "058",
        province: "Ninh Thuận",
        area_code: "0259",
        districts: &[
            "Huyện Thuận Nam",
            "Thành phố Phan Rang - Tháp Chàm",
            "Huyện Ninh Hải",
            "Huyện Ninh Sơn",
        ],
        communes: &[
            "Xã Bắc Phong",
            "Xã Công Hải",
            "Xã Tân Hải",
            "Xã Cà Ná",
            "Phường Mỹ Hải",
            "Xã Thanh Hải",
        ],
    },
    Area {
        code: "060",
        province: "Bình Thuận",
        area_code: "0252",
        districts: &["Huyện Hàm Thuận Bắc", "Huyện Đức Linh", "Huyện Hàm Tân", "Huyện Phú Quí"],
        communes: &[
            "Xã Tam Thanh",
            "Xã Hải Ninh",
            "Xã Đa Kai",
            "Xã Hàm Kiệm",
            "Xã Tân Thắng",
            "Xã Ngũ Phụng",
        ],
    },
    Area {
        code: "062",
        province: "Kon Tum",
        area_code: "0260",
        districts: &["Huyện Kon Plông", "Huyện Tu Mơ Rông", "Huyện Đắk Tô", "Huyện Đăk Hà"],
        communes: &[
            "Xã Diên Bình",
            "Xã Đoàn Kết",
            "Xã Đăk Trăm",
            "Xã Ia Chim",
            "Xã Đăk Hà",
            "Xã Tân Cảnh",
        ],
    },
    Area {
        code: "064",
        province: "Gia Lai",
        area_code: "0269",
        districts: &["Huyện Chư Prông", "Thị xã Ayun Pa", "Huyện Chư Pưh", "Huyện KBang"],
        communes: &[
            "Xã Đăk Pling",
            "Xã Diên Phú",
            "Xã Hneng",
            "Thị trấn Đak Pơ",
            "Xã Ia Sao",
            "Xã Chư Băh",
        ],
    },
    Area {
        code: "066",
        province: "Đắk Lắk",
        area_code: "0262",
        districts: &["Thị xã Buôn Hồ", "Huyện Krông A Na", "Huyện Ea H'leo", "Huyện Krông Pắc"],
        communes: &[
            "Xã Ea Bông",
            "Thị trấn Liên Sơn",
            "Xã Cư Klông",
            "Xã Ia RVê",
            "Xã Cuôr Đăng",
            "Xã Ya Tờ Mốt",
        ],
    },
    Area {
        code: "067",
        province: "Đắk Nông",
        area_code: "0261",
        districts: &["Huyện Tuy Đức", "Huyện Đăk Glong", "Huyện Đắk Song", "Thành phố Gia Nghĩa"],
        communes: &[
            "Xã Thuận Hạnh",
            "Xã Đắk Wer",
            "Xã Tâm Thắng",
            "Xã Đắk N'Drót",
            "Xã Hưng Bình",
            "Xã Quảng Trực",
        ],
    },
    Area {
        code: "068",
        province: "Lâm Đồng",
        area_code: "0263",
        districts: &["Huyện Bảo Lâm", "Huyện Đức Trọng", "Huyện Đơn Dương", "Huyện Lạc Dương"],
        communes: &[
            "Xã Tân Thanh",
            "Xã Liên Đầm",
            "Thị trấn Di Linh",
            "Xã Lộc Thanh",
            "Xã Bảo Thuận",
            "Phường 2",
        ],
    },
    Area {
        code: "070",
        province: "Bình Phước",
        area_code: "0271",
        districts: &["Huyện Bù Đốp", "Huyện Bù Đăng", "Huyện Đồng Phú", "Thị xã Chơn Thành"],
        communes: &[
            "Xã Bình Minh",
            "Phường Tân Bình",
            "Thị trấn Thanh Bình",
            "Xã Lộc Phú",
            "Xã Tân Hưng",
            "Xã Tân Lợi",
        ],
    },
    Area {
        code: "072",
        province: "Tây Ninh",
        area_code: "0276",
        districts: &["Huyện Châu Thành", "Huyện Tân Biên", "Thành phố Tây Ninh", "Huyện Bến Cầu"],
        communes: &[
            "Xã Tân Bình",
            "Thị trấn Tân Biên",
            "Xã Suối Đá",
            "Xã Phan",
            "Xã Thạnh Tân",
            "Xã Tân Hội",
        ],
    },
    Area {
        code: "074",
        province: "Bình Dương",
        area_code: "0274",
        districts: &["Huyện Phú Giáo", "Huyện Dầu Tiếng", "Thành phố Dĩ An", "Thành phố Bến Cát"],
        communes: &[
            "Phường Hưng Định",
            "Xã Lai Hưng",
            "Xã Phước Hòa",
            "Xã Long Hòa",
            "Xã Thường Tân",
            "Phường Tân Hiệp",
        ],
    },
    Area {
        code: "075",
        province: "Đồng Nai",
        area_code: "0251",
        districts: &["Huyện Xuân Lộc", "Huyện Cẩm Mỹ", "Huyện Trảng Bom", "Thành phố Long Khánh"],
        communes: &[
            "Xã Túc Trưng",
            "Phường An Bình",
            "Xã Phú Bình",
            "Xã Bảo Bình",
            "Phường Tân Hạnh",
            "Xã Gia Canh",
        ],
    },
    Area {
        code: "077",
        province: "Bà Rịa - Vũng Tàu",
        area_code: "0254",
        districts: &["Thành phố Vũng Tàu", "Thành phố Phú Mỹ", "Huyện Côn Đảo", "Huyện Châu Đức"],
        communes: &[
            "Phường 9",
            "Thị trấn Ngãi Giao",
            "Phường Nguyễn An Ninh",
            "Xã Bình Giã",
            "Phường 12",
            "Xã Tam An",
        ],
    },
    Area {
        code: "079",
        province: "Hồ Chí Minh",
        area_code: "028",
        districts: &["Quận 1", "Quận 11", "Huyện Củ Chi", "Quận 6"],
        communes: &[
            "Phường 2",
            "Phường 14",
            "Phường Bình Chiểu",
            "Xã An Thới Đông",
            "Phường Võ Thị Sáu",
            "Phường 11",
        ],
    },
    Area {
        code: "080",
        province: "Long An",
        area_code: "0272",
        districts: &["Huyện Tân Hưng", "Huyện Mộc Hóa", "Thành phố Tân An", "Huyện Châu Thành"],
        communes: &[
            "Xã Bắc Hòa",
            "Xã Mỹ Thạnh Đông",
            "Xã Long Thượng",
            "Xã Mỹ Thạnh Tây",
            "Xã Bình Trinh Đông",
            "Xã Hậu Thạnh Tây",
        ],
    },
    Area {
        code: "082",
        province: "Tiền Giang",
        area_code: "0273",
        districts: &["Huyện Cái Bè", "Huyện Chợ Gạo", "Huyện Gò Công Tây", "Thị xã Cai Lậy"],
        communes: &[
            "Xã Tân Bình",
            "Thị trấn Tân Hiệp",
            "Phường 6",
            "Xã Mỹ Phước Tây",
            "Xã Trung An",
            "Phường 2",
        ],
    },
    Area {
        code: "083",
        province: "Bến Tre",
        area_code: "0275",
        districts: &[
            "Thành phố Bến Tre",
            "Huyện Mỏ Cày Nam",
            "Huyện Giồng Trôm",
            "Huyện Thạnh Phú",
        ],
        communes: &[
            "Xã An Thới",
            "Xã Mỹ Thạnh",
            "Thị trấn Tiên Thủy",
            "Xã Tân Xuân",
            "Xã Vĩnh An",
            "Xã An Điền",
        ],
    },
    Area {
        code: "084",
        province: "Trà Vinh",
        area_code: "0294",
        districts: &["Huyện Trà Cú", "Huyện Châu Thành", "Huyện Cầu Ngang", "Huyện Càng Long"],
        communes: &[
            "Xã Phong Thạnh",
            "Xã Tân Hòa",
            "Xã An Phú Tân",
            "Xã Long Hiệp",
            "Thị trấn Long Thành",
            "Xã Kim Sơn",
        ],
    },
    Area {
        code: "086",
        province: "Vĩnh Long",
        area_code: "0270",
        districts: &["Huyện Mang Thít", "Huyện Vũng Liêm", "Huyện Bình Tân", "Thành phố Vĩnh Long"],
        communes: &[
            "Xã Phước Hậu",
            "Phường 5",
            "Phường Trường An",
            "Xã Mỹ Thuận",
            "Xã Trà Côn",
            "Xã Chánh An",
        ],
    },
    Area {
        code: "087",
        province: "Đồng Tháp",
        area_code: "0277",
        districts: &[
            "Huyện Tháp Mười",
            "Thành phố Hồng Ngự",
            "Thành phố Cao Lãnh",
            "Thành phố Sa Đéc",
        ],
        communes: &[
            "Xã Bình Tấn",
            "Thị trấn Cái Tàu Hạ",
            "Xã Thanh Mỹ",
            "Xã Hưng Thạnh",
            "Xã Phương Thịnh",
            "Xã Tân Thuận Đông",
        ],
    },
    Area {
        code: "089",
        province: "An Giang",
        area_code: "0296",
        districts: &["Huyện Tri Tôn", "Huyện An Phú", "Huyện Chợ Mới", "Huyện Phú Tân"],
        communes: &[
            "Xã Vĩnh An",
            "Phường Mỹ Bình",
            "Xã Mỹ Đức",
            "Thị trấn Ba Chúc",
            "Phường Tịnh Biên",
            "Thị trấn Óc Eo",
        ],
    },
    Area {
        code: "091",
        province: "Kiên Giang",
        area_code: "0297",
        districts: &["Huyện Châu Thành", "Huyện Hòn Đất", "Thành phố Rạch Giá", "Huyện Tân Hiệp"],
        communes: &[
            "Xã Thạnh Trị",
            "Xã Vĩnh Hòa Hưng Nam",
            "Xã Tân Hội",
            "Phường Vĩnh Thanh",
            "Thị trấn Gò Quao",
            "Xã Tây Yên",
        ],
    },
    Area {
        code: "092",
        province: "Cần Thơ",
        area_code: "0292",
        districts: &["Quận Ô Môn", "Huyện Phong Điền", "Quận Bình Thủy", "Quận Thốt Nốt"],
        communes: &[
            "Phường Hưng Thạnh",
            "Phường Thới Thuận",
            "Xã Đông Bình",
            "Phường Cái Khế",
            "Phường Long Hưng",
            "Phường Thuận An",
        ],
    },
    Area {
        code: "093",
        province: "Hậu Giang",
        area_code: "0293",
        districts: &["Thành phố Ngã Bảy", "Thị xã Long Mỹ", "Huyện Châu Thành", "Huyện Phụng Hiệp"],
        communes: &[
            "Xã Vị Tân",
            "Xã Vị Thủy",
            "Phường IV",
            "Xã Tân Thành",
            "Xã Vĩnh Viễn A",
            "Xã Đông Phước",
        ],
    },
    Area {
        code: "094",
        province: "Sóc Trăng",
        area_code: "0299",
        districts: &["Huyện Châu Thành", "Thị xã Vĩnh Châu", "Huyện Thạnh Trị", "Huyện Kế Sách"],
        communes: &[
            "Xã Long Bình",
            "Xã Thạnh Tân",
            "Phường Khánh Hòa",
            "Xã Gia Hòa 1",
            "Thị trấn Đại Ngãi",
            "Xã Châu Hưng",
        ],
    },
    Area {
        code: "095",
        province: "Bạc Liêu",
        area_code: "0291",
        districts: &["Huyện Phước Long", "Huyện Đông Hải", "Huyện Vĩnh Lợi", "Huyện Hồng Dân"],
        communes: &[
            "Xã Vĩnh Bình",
            "Phường Láng Tròn",
            "Xã Vĩnh Hậu",
            "Xã Vĩnh Mỹ A",
            "Xã Hiệp Thành",
            "Phường 5",
        ],
    },
    Area {
        code: "096",
        province: "Cà Mau",
        area_code: "0290",
        districts: &["Huyện Ngọc Hiển", "Huyện Năm Căn", "Huyện Đầm Dơi", "Huyện Phú Tân"],
        communes: &[
            "Xã Tân Trung",
            "Xã Khánh Hòa",
            "Xã Tạ An Khương Nam",
            "Xã Viên An",
            "Xã Quách Phẩm",
            "Phường 1",
        ],
    },
];

// ---- values ----

impl Gen {
    fn area(&mut self) -> &'static Area {
        &AREAS[self.below(AREAS.len())]
    }

    fn person(&mut self) -> Person {
        let female = self.one_in(2);
        let surname = self.pick(SURNAMES);
        let (middle, given) = if female {
            (self.pick(MIDDLE_F), self.pick(GIVEN_F))
        } else {
            (self.pick(MIDDLE_M), self.pick(GIVEN_M))
        };
        let middle2 = if (middle == "Thị" || middle == "Văn") && self.one_in(3) {
            if female { self.pick(MIDDLE2_F) } else { self.pick(MIDDLE2_M) }
        } else {
            ""
        };
        let year = self.range(1958, 2006) as u32;
        let month = self.range(1, 12) as u32;
        let day = self.range(1, u64::from(days_in_month(year, month))) as u32;
        let born = self.area();
        let home = if self.pct(70) { born } else { self.area() };
        Person { surname, middle, middle2, given, female, year, month, day, born, home }
    }

    /// Full name; one name in twenty lacks the middle name.
    fn name(&mut self, p: &Person) {
        self.s(p.surname);
        if p.given.len() + p.surname.len() > 9 || !self.one_in(20) {
            self.ch(' ');
            self.s(p.middle);
        }
        if !p.middle2.is_empty() {
            self.ch(' ');
            self.s(p.middle2);
        }
        self.ch(' ');
        self.s(p.given);
    }
    fn honorific(&mut self, p: &Person) {
        let young = p.year > 1990;
        self.s(match (p.female, young) {
            (true, false) => "Bà ",
            (true, true) => "Chị ",
            (false, false) => "Ông ",
            (false, true) => "Anh ",
        });
    }

    /// A date in one of the usual styles: 0 dd/mm/yyyy, 1 d/m/yyyy, 2 yyyy-mm-dd, 3 dd-mm-yyyy,
    /// 4 dd.mm.yyyy, 5 in words.
    fn date(&mut self, y: u32, m: u32, d: u32, style: usize) {
        let (y, m, d) = (u64::from(y), u64::from(m), u64::from(d));
        match style {
            0 => {
                self.pad(d, 2);
                self.ch('/');
                self.pad(m, 2);
                self.ch('/');
                self.num(y);
            }
            1 => {
                self.num(d);
                self.ch('/');
                self.num(m);
                self.ch('/');
                self.num(y);
            }
            2 => {
                self.num(y);
                self.ch('-');
                self.pad(m, 2);
                self.ch('-');
                self.pad(d, 2);
            }
            3 => {
                self.pad(d, 2);
                self.ch('-');
                self.pad(m, 2);
                self.ch('-');
                self.num(y);
            }
            4 => {
                self.pad(d, 2);
                self.ch('.');
                self.pad(m, 2);
                self.ch('.');
                self.num(y);
            }
            _ => {
                self.s("ngày ");
                self.num(d);
                self.s(" tháng ");
                self.num(m);
                self.s(" năm ");
                self.num(y);
            }
        }
    }
    fn dob(&mut self, p: &Person, style: usize) {
        self.date(p.year, p.month, p.day, style);
    }
    /// A recent date (2015–2026).
    fn recent_date(&mut self, style: usize) {
        let y = self.range(2015, 2026) as u32;
        let m = self.range(1, 12) as u32;
        let d = self.range(1, 28) as u32;
        self.date(y, m, d, style);
    }

    /// CCCD: province code, century-and-sex digit, two digits of the year, six random digits.
    fn cccd(&mut self, p: &Person) {
        self.s(p.born.code);
        let century = if p.year >= 2000 { 2 } else { 0 };
        self.num(century + u64::from(p.female));
        self.pad(u64::from(p.year % 100), 2);
        self.digits(6);
    }
    /// Old 9-digit CMND.
    fn cmnd(&mut self) {
        let prefix = self.range(1, 38);
        self.pad(prefix, 2);
        self.digits(7);
    }
    /// Social insurance number: two digits of the province, eight more.
    fn bhxh(&mut self, p: &Person) {
        self.s(&p.home.code[1..]);
        self.digits(8);
    }
    /// A 10-digit tax code with a valid check digit; `personal` codes start with 8.
    fn mst(&mut self, personal: bool) {
        const W: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
        loop {
            let mut d = [0u32; 9];
            let mut x = self.r.next();
            for v in d.iter_mut() {
                *v = (x % 10) as u32;
                x /= 10;
            }
            if personal {
                d[0] = 8;
            } else {
                d[0] = 0;
                d[1] = d[1].max(1);
            }
            let r = d.iter().zip(W).map(|(a, w)| a * w).sum::<u32>() % 11;
            if r == 0 {
                continue;
            }
            for v in d {
                self.out.push(char::from(b'0' + v as u8));
            }
            self.out.push(char::from(b'0' + (10 - r) as u8));
            return;
        }
    }
    /// A mobile number in one of the ways people write them.
    fn phone(&mut self) {
        let style = self.below(20);
        self.phone_styled(style);
    }
    fn phone_styled(&mut self, style: usize) {
        // The national number: prefix, then random digits to nine.
        let prefix = self.pick(MOBILE).as_bytes();
        let mut n = [b'0'; 9];
        n[..prefix.len()].copy_from_slice(prefix);
        let mut x = self.r.next();
        for v in n[prefix.len()..].iter_mut() {
            *v = b'0' + (x % 10) as u8;
            x /= 10;
        }
        let n = std::str::from_utf8(&n).unwrap_or("912345678");
        let (lead, sep) = match style {
            0..=9 => ("0", ""),
            10 | 11 => ("0", " "),
            12 | 13 => ("0", "."),
            14 | 15 => ("+84 ", " "),
            16 => ("+84", ""),
            17 => ("84", ""),
            18 => ("0", "-"),
            _ => ("(+84) ", ""),
        };
        self.s(lead);
        if style == 18 {
            // 0912-345678
            self.s(&n[..3]);
            self.s(sep);
            self.s(&n[3..]);
        } else {
            self.s(&n[..3]);
            self.s(sep);
            self.s(&n[3..6]);
            self.s(sep);
            self.s(&n[6..]);
        }
    }
    /// A landline of the area: (028) 3823 4567, 0236.3822.123.
    fn landline(&mut self, a: &Area) {
        let big = a.area_code.len() == 3;
        match self.below(3) {
            0 => {
                self.ch('(');
                self.s(a.area_code);
                self.s(") ");
            }
            1 => {
                self.s(a.area_code);
                self.ch(' ');
            }
            _ => {
                self.s(a.area_code);
                self.ch('.');
            }
        }
        self.rnum(2, 3);
        self.digits(if big { 3 } else { 2 });
        let v = if self.one_in(2) { ' ' } else { '.' };
        self.ch(v);
        self.digits(4);
    }
    fn email(&mut self, p: &Person) {
        match self.below(7) {
            0 | 1 => {
                self.ascii_word(p.given);
                self.ch('.');
                self.ascii_word(p.surname);
                self.pad(u64::from(p.year % 100), 2);
            }
            2 => {
                self.ascii_word(p.surname);
                self.ascii_word(p.middle);
                self.ascii_word(p.middle2);
                self.ascii_word(p.given);
            }
            3 => {
                self.ascii_word(p.given);
                for w in [p.surname, p.middle, p.middle2] {
                    if let Some(c) = w.chars().next() {
                        self.out.push(fold(c).to_ascii_lowercase());
                    }
                }
            }
            4 => {
                self.ascii_word(p.given);
                self.ch('_');
                self.ascii_word(p.surname);
                self.rnum(1, 999);
            }
            5 => {
                self.ascii_word(p.given);
                self.num(u64::from(p.year));
            }
            _ => {
                self.ascii_word(p.surname);
                self.ch('.');
                self.ascii_word(p.middle);
                self.ch('.');
                self.ascii_word(p.given);
            }
        }
        self.ch('@');
        if self.pct(75) {
            self.put(MAIL_DOMAINS);
        } else {
            let c = self.pick(COMPANY_NAMES);
            self.ascii_word(c);
            let v = if self.one_in(2) { ".com.vn" } else { ".vn" };
            self.s(v);
        }
    }
    /// A bank account number; returns the bank's name.
    fn account(&mut self) -> &'static str {
        let (bank, len) = self.pick(BANKS);
        self.rnum(1, 9);
        self.digits(usize::from(len) - 1);
        bank
    }
    /// An administrative unit ("Phường Ngọc Hà") in one of three styles: as is, lowercased
    /// ("phường Ngọc Hà"), abbreviated ("P. Ngọc Hà").
    fn unit(&mut self, u: &str, style: usize) {
        match style {
            0 => self.s(u),
            1 => self.lower_first(u),
            _ => {
                for (long, short) in [
                    ("Phường ", "P. "),
                    ("Xã ", "X. "),
                    ("Thị trấn ", "TT. "),
                    ("Quận ", "Q. "),
                    ("Huyện ", "H. "),
                    ("Thị xã ", "TX. "),
                    ("Thành phố ", "TP. "),
                ] {
                    if let Some(rest) = u.strip_prefix(long) {
                        self.s(short);
                        self.s(rest);
                        return;
                    }
                }
                self.s(u);
            }
        }
    }
    fn province(&mut self, a: &Area, style: usize) {
        match style {
            0 => self.s(if a.city() { "TP " } else { "Tỉnh " }),
            1 => self.s(if a.city() { "thành phố " } else { "tỉnh " }),
            _ if a.code == "079" && self.one_in(2) => {
                self.s("TP.HCM");
                return;
            }
            _ => {}
        }
        self.s(a.province);
    }
    /// An address in `a`: street or village, commune, district, province.
    fn address(&mut self, a: &Area) {
        let style = self.below(3);
        match self.below(6) {
            0..=2 => {
                self.s(if style == 2 { "" } else { "Số " });
                self.rnum(1, 399);
                if self.pct(30) {
                    self.ch('/');
                    self.rnum(1, 99);
                }
                if self.pct(35) {
                    self.s(if style == 2 { " ngõ " } else { ", ngõ " });
                    self.rnum(1, 299);
                }
                let v = if self.one_in(2) { " đường " } else { " " };
                self.s(v);
                self.put(STREETS);
            }
            3 => {
                self.s("Tổ ");
                self.rnum(1, 40);
                self.s(", khu phố ");
                self.rnum(1, 12);
            }
            4 => {
                self.s("Căn hộ ");
                self.put(&["A", "B", "C", "D", "S1.", "T2-"]);
                self.rnum(101, 2512);
                self.s(", chung cư ");
                self.put(COMPANY_NAMES);
            }
            _ => self.put(VILLAGES),
        }
        self.s(", ");
        let c = self.pick(a.communes);
        self.unit(c, style);
        self.s(", ");
        let d = self.pick(a.districts);
        self.unit(d, style);
        self.s(", ");
        self.province(a, style);
    }

    /// Vietnamese words for an amount of đồng (capitalised), as invoices print it.
    fn amount_in_words(&mut self, v: u64) {
        const D: [&str; 10] =
            ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
        let start = self.out.len();
        let groups = [(1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1000, "nghìn"), (1, "")];
        let mut first = true;
        for (size, name) in groups {
            let g = (v / size) % 1000;
            if size == 1_000_000_000 && v >= 1_000_000_000_000 {
                continue;
            }
            if g == 0 {
                continue;
            }
            let (h, t, u) = ((g / 100) as usize, ((g / 10) % 10) as usize, (g % 10) as usize);
            if !first {
                self.ch(' ');
            }
            let full = !first;
            if h > 0 || full {
                self.s(D[h]);
                self.s(" trăm");
            }
            match t {
                0 if u > 0 && (h > 0 || full) => self.s(" lẻ"),
                0 => {}
                1 => self.s(" mười"),
                _ => {
                    self.ch(' ');
                    self.s(D[t]);
                    self.s(" mươi");
                }
            }
            if u > 0 {
                self.ch(' ');
                self.s(match (t, u) {
                    (2..=9, 1) => "mốt",
                    (1..=9, 5) => "lăm",
                    (2..=9, 4) => "tư",
                    _ => D[u],
                });
            }
            if !name.is_empty() {
                self.ch(' ');
                self.s(name);
            }
            first = false;
        }
        // The leading group was written from its first word; trim a leading space.
        if self.out[start..].starts_with(' ') {
            self.out.remove(start);
        }
        self.s(" đồng");
        self.cap_at(start);
    }
}

// ---- prose ----

impl Gen {
    /// Writes a template, filling its slots.
    fn fill(&mut self, t: &'static str, depth: u8) {
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            self.out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let j = after.find('}').expect("a template slot is closed");
            self.slot(&after[..j], depth);
            rest = &after[j + 1..];
        }
        self.out.push_str(rest);
    }

    fn slot(&mut self, name: &str, depth: u8) {
        match name {
            "O" => self.org(),
            "V" => self.put(VERBS),
            "N" => self.noun_phrase(),
            "P" => self.place(),
            "K" => {
                let a = self.area();
                self.s(a.province);
            }
            "H" => {
                let a = self.area();
                let d = self.pick(a.districts);
                self.lower_first(d);
            }
            "Z" => {
                let a = self.area();
                let c = self.pick(a.communes);
                self.lower_first(c);
            }
            "T" => self.time_phrase(depth),
            "Q" => self.quantity(),
            "M" => self.money(),
            "R" => self.percent(),
            "A" => self.put(ADVERBS),
            "J" => self.put(ASSESS),
            "C" if depth == 0 => {
                let t = self.pick(CLAUSES);
                self.fill(t, depth + 1);
            }
            "C" => self.put(PROBLEMS),
            "E" => {
                let t = self.pick(EVENTS);
                self.fill(t, depth + 1);
            }
            "L" => self.legal_ref(),
            "X" => {
                let t = self.pick(ROLES);
                self.fill(t, depth + 1);
            }
            "S" => self.put(SECTORS),
            "B" => self.put(PROBLEMS),
            "G" => self.put(GROUPS),
            "W" => self.put(WEATHER),
            "D" => self.day_month(),
            "F" => self.put(FIELDS),
            "Y" => self.rnum(2015, 2026),
            "Y2" => self.rnum(2, 9),
            "U" => self.put(MINISTRY_CODES),
            "SV" => self.put(SERVICES),
            "EO" => self.put(EN_ORGS),
            "EV" => self.put(EN_VERBS),
            "EV2" => self.put(EN_VERBS2),
            "EN" => self.put(EN_NOUNS),
            "ET" => self.put(EN_TIMES),
            "EC" => self.rnum(2, 9999),
            "EM" => {
                self.put(&["US$", "VND "]);
                self.rnum(1, 999);
                self.put(&[" million", " billion"]);
            }
            _ => self.s(name),
        }
    }

    fn org(&mut self) {
        match self.below(20) {
            0..=6 => {
                self.s("Sở ");
                self.put(FIELDS);
                if self.one_in(2) {
                    let a = self.area();
                    self.ch(' ');
                    self.province(a, 1);
                }
            }
            7..=9 => {
                self.s("Ủy ban nhân dân ");
                let a = self.area();
                match self.below(3) {
                    0 => self.province(a, 1),
                    1 => {
                        let d = self.pick(a.districts);
                        self.lower_first(d);
                    }
                    _ => {
                        let c = self.pick(a.communes);
                        self.lower_first(c);
                    }
                }
            }
            10..=13 => {
                let o = self.pick(ORG_FIXED);
                self.s(o);
                if o.ends_with("tỉnh") {
                    let a = self.area();
                    self.ch(' ');
                    self.s(a.province);
                }
            }
            14..=17 => {
                self.company();
            }
            18 => {
                self.s("Phòng ");
                self.put(FIELDS);
                self.ch(' ');
                let a = self.area();
                let d = self.pick(a.districts);
                self.lower_first(d);
            }
            _ => {
                self.s("Trung tâm ");
                self.put(SERVICES);
            }
        }
    }
    /// A company's name; returns its distinctive part (for domains).
    fn company(&mut self) -> &'static str {
        self.put(COMPANY_FORMS);
        self.ch(' ');
        if self.pct(80) {
            self.put(COMPANY_SECTORS);
            self.ch(' ');
        }
        let n = self.pick(COMPANY_NAMES);
        self.s(n);
        n
    }
    fn noun_phrase(&mut self) {
        if self.pct(75) {
            self.put(HEADS);
            self.ch(' ');
        }
        self.put(OBJECTS);
    }
    fn place(&mut self) {
        let a = self.area();
        match self.below(4) {
            0 => self.province(a, 1),
            1 => {
                let d = self.pick(a.districts);
                self.lower_first(d);
                self.s(", ");
                self.s(a.province);
            }
            2 => {
                let d = self.pick(a.districts);
                self.lower_first(d);
            }
            _ => {
                let c = self.pick(a.communes);
                self.lower_first(c);
                if self.one_in(2) {
                    self.s(", ");
                    let d = self.pick(a.districts);
                    self.lower_first(d);
                }
            }
        }
    }
    fn day_month(&mut self) {
        match self.below(5) {
            0 => {
                self.rnum(1, 28);
                self.ch('/');
                self.rnum(1, 12);
            }
            1 => {
                self.s("ngày ");
                self.rnum(1, 28);
                self.s(" tháng ");
                self.rnum(1, 12);
                self.s(" năm ");
                self.rnum(2018, 2026);
            }
            _ => {
                self.s("ngày ");
                self.rnum(1, 28);
                self.s(" tháng ");
                self.rnum(1, 12);
            }
        }
    }
    fn time_phrase(&mut self, depth: u8) {
        match self.below(18) {
            0 => {
                self.s("trong quý ");
                self.put(&["I", "II", "III", "IV"]);
                self.s(" năm ");
                self.rnum(2018, 2026);
            }
            1 => self.s("từ đầu năm đến nay"),
            2 => {
                self.s("trong ");
                self.rnum(2, 11);
                self.s(" tháng đầu năm ");
                self.rnum(2018, 2026);
            }
            3 => {
                let y = self.range(2016, 2026);
                self.s("giai đoạn ");
                self.num(y);
                let v = if self.one_in(2) { "–" } else { " - " };
                self.s(v);
                self.num(y + 5);
            }
            4 => {
                self.s("trước ");
                self.day_month();
            }
            5 => self.s("trong tuần qua"),
            6 => self.s("thời gian tới"),
            7 => {
                let y = self.range(2016, 2026);
                self.s("năm học ");
                self.num(y);
                self.ch('-');
                self.num(y + 1);
            }
            8 => {
                self.s("trong tháng ");
                self.rnum(1, 12);
            }
            9 => self.s("sáu tháng cuối năm"),
            10 => {
                self.s("từ ");
                self.day_month();
                self.s(" đến ");
                self.day_month();
            }
            11 => {
                self.s("trong năm ");
                self.rnum(2015, 2026);
            }
            12 => {
                self.s("đến hết năm ");
                self.rnum(2024, 2030);
            }
            13 => self.s("trong dịp Tết Nguyên đán"),
            14 => self.s("trong đợt cao điểm"),
            15 => self.s("vào cuối tuần"),
            16 => {
                self.s("trong ");
                self.rnum(2, 5);
                self.s(" năm liên tiếp");
            }
            _ if depth < 2 => {
                self.s("kể từ khi ");
                self.noun_phrase();
                self.s(" được triển khai");
            }
            _ => self.s("gần đây"),
        }
    }
    fn quantity(&mut self) {
        match self.below(10) {
            0 => self.s("gần "),
            1 => self.s("hơn "),
            2 => self.s("khoảng "),
            _ => {}
        }
        match self.below(4) {
            0 => self.rnum(2, 99),
            1 => {
                let v = self.range(1000, 9999);
                self.grouped(v, '.');
            }
            2 => {
                let v = self.range(10_000, 999_999);
                self.grouped(v, '.');
            }
            _ => self.rnum(100, 999),
        }
        self.ch(' ');
        self.put(UNITS);
    }
    fn money(&mut self) {
        match self.below(5) {
            0 => {
                self.rnum(1, 999);
                if self.pct(40) {
                    self.ch(',');
                    self.rnum(1, 9);
                }
                self.s(" tỷ đồng");
            }
            1 => {
                self.rnum(10, 999);
                self.s(" triệu đồng");
            }
            2 => {
                let v = self.range(1, 9999) * 100_000;
                self.grouped(v, '.');
                self.s(" đồng");
            }
            3 => {
                self.rnum(1, 99);
                self.ch(',');
                self.rnum(1, 9);
                self.s(" nghìn tỷ đồng");
            }
            _ => {
                self.s("hơn ");
                self.rnum(2, 500);
                self.s(" tỷ đồng");
            }
        }
    }
    fn percent(&mut self) {
        self.rnum(1, 99);
        if self.pct(60) {
            self.ch(',');
            self.rnum(0, 9);
        }
        self.ch('%');
    }
    fn legal_ref(&mut self) {
        match self.below(8) {
            0 => {
                self.s("Nghị định số ");
                self.rnum(1, 199);
                self.ch('/');
                self.rnum(2013, 2025);
                self.s("/NĐ-CP");
            }
            1 => {
                self.s("Thông tư số ");
                self.rnum(1, 99);
                self.ch('/');
                self.rnum(2013, 2025);
                self.s("/TT-");
                self.put(MINISTRY_CODES);
            }
            2 => {
                self.s("Luật ");
                self.put(LAWS);
                self.s(" năm ");
                self.rnum(2013, 2025);
            }
            3 => {
                self.s("Quyết định số ");
                self.rnum(100, 2999);
                self.s("/QĐ-TTg ngày ");
                self.recent_date(1);
                self.s(" của Thủ tướng Chính phủ");
            }
            4 => {
                self.s("Nghị quyết số ");
                self.rnum(1, 150);
                self.s("/NQ-HĐND");
            }
            5 => {
                self.s("Chỉ thị số ");
                self.rnum(1, 40);
                self.s("/CT-UBND");
            }
            6 => {
                self.s("Kế hoạch số ");
                self.rnum(10, 999);
                self.s("/KH-UBND");
            }
            _ => {
                self.s("Công văn số ");
                self.rnum(100, 9999);
                self.s("/UBND-");
                self.put(&["KT", "VX", "NC", "TH", "ĐT", "NN"]);
            }
        }
    }

    fn sentence(&mut self) {
        let start = self.out.len();
        let t = if self.pct(3) { self.pick(EN_SENTENCES) } else { self.pick(SENTENCES) };
        self.fill(t, 0);
        self.cap_at(start);
    }
    /// A paragraph of `lo..=hi` sentences on one line.
    fn para(&mut self, lo: u64, hi: u64) {
        let n = self.range(lo, hi);
        for i in 0..n {
            if i > 0 {
                self.ch(' ');
            }
            self.sentence();
        }
        self.end_line();
    }
    fn bullet(&mut self, mark: &str) {
        self.s(mark);
        self.sentence();
        self.end_line();
    }
    fn heading(&mut self, text: &str) {
        self.s(text);
        self.end_line();
    }
    /// A capitalised noun phrase on its own line, after `prefix`.
    fn title_line(&mut self, prefix: &str) {
        self.s(prefix);
        let start = self.out.len();
        self.put(VERBS);
        self.ch(' ');
        self.noun_phrase();
        if self.one_in(2) {
            self.ch(' ');
            self.time_phrase(1);
        }
        if prefix.is_empty() {
            self.cap_at(start);
        }
        self.end_line();
    }
    fn spaces(&mut self) {
        let n = self.range(3, 24);
        for _ in 0..n {
            self.ch(' ');
        }
    }
    /// "ỦY BAN NHÂN DÂN TỈNH X / SỞ Y / Số: …" beside the national motto and the date.
    fn motto_header(&mut self, code: &str) -> &'static Area {
        let a = self.area();
        let start = self.out.len();
        let v = if self.one_in(2) { "UBND " } else { "Ủy ban nhân dân " };
        self.s(v);
        self.province(a, 1);
        self.upper_from(start);
        self.spaces();
        self.s("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        self.nl();
        let start = self.out.len();
        if self.one_in(3) {
            self.s("Văn phòng");
        } else {
            self.s("Sở ");
            self.put(FIELDS);
        }
        self.upper_from(start);
        self.spaces();
        self.s("Độc lập - Tự do - Hạnh phúc");
        self.nl();
        self.s("Số: ");
        self.rnum(1, 4999);
        self.ch('/');
        self.s(code);
        self.ch('-');
        self.put(&["UBND", "SYT", "SNV", "STC", "SGDĐT", "STP", "VP", "SXD", "SKHĐT", "SCT"]);
        self.spaces();
        self.s(a.province);
        self.s(", ");
        self.recent_date(5);
        self.nl();
        self.blank();
        a
    }
    /// Recipients and a signature block without a name (prose) or with one (office).
    fn signature(&mut self, signer: Option<&Person>) {
        self.s("Nơi nhận:");
        self.spaces();
        let start = self.out.len();
        self.put(&[
            "KT. GIÁM ĐỐC",
            "TM. ỦY BAN NHÂN DÂN",
            "GIÁM ĐỐC",
            "KT. CHỦ TỊCH",
            "TRƯỞNG PHÒNG",
            "TỔNG GIÁM ĐỐC",
            "CHÁNH VĂN PHÒNG",
        ]);
        self.upper_from(start);
        self.nl();
        self.s("- Như trên;");
        self.spaces();
        self.put(&["PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Ký, ghi rõ họ tên)", ""]);
        self.nl();
        for _ in 0..self.range(1, 3) {
            self.s("- ");
            self.org();
            let v = if self.one_in(2) { " (để b/c);" } else { ";" };
            self.s(v);
            self.nl();
        }
        self.s("- Lưu: VT, ");
        self.put(&["TH", "KT", "VX", "TCCB", "HCTH", "NV"]);
        self.s(".");
        self.spaces();
        self.put(&["(Đã ký)", "(Đã ký và đóng dấu)", "(ký, đóng dấu)", "[chữ ký số]"]);
        self.nl();
        if let Some(p) = signer {
            self.spaces();
            self.spaces();
            self.name(p);
            self.nl();
        }
    }

    fn prose_document(&mut self) {
        match self.below(10) {
            0..=2 => self.report(),
            3 | 4 => self.letter(),
            5..=7 => self.news(),
            _ => self.minutes(),
        }
        self.blank();
    }
    fn report(&mut self) {
        self.motto_header("BC");
        self.heading("BÁO CÁO");
        self.put(&["Kết quả ", "Tình hình ", "Sơ kết ", "Tổng kết "]);
        self.put(VERBS);
        self.ch(' ');
        self.noun_phrase();
        self.ch(' ');
        self.time_phrase(1);
        self.end_line();
        self.blank();
        let spaced = self.one_in(2);
        for (i, section) in [
            "I. ĐẶC ĐIỂM TÌNH HÌNH",
            "II. KẾT QUẢ THỰC HIỆN",
            "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        ]
        .into_iter()
        .enumerate()
        {
            self.heading(section);
            match i {
                1 => {
                    for k in 1..=self.range(2, 4) {
                        self.num(k);
                        self.s(". ");
                        let start = self.out.len();
                        self.s("công tác ");
                        self.put(OBJECTS);
                        self.cap_at(start);
                        self.end_line();
                        for _ in 0..self.range(1, 3) {
                            self.para(1, 5);
                        }
                        for _ in 0..self.range(0, 4) {
                            self.bullet("- ");
                        }
                    }
                }
                2 => {
                    for _ in 0..self.range(2, 4) {
                        self.bullet("- ");
                    }
                }
                3 => {
                    for k in 1..=self.range(2, 5) {
                        self.num(k);
                        self.s(". ");
                        self.sentence();
                        self.end_line();
                    }
                }
                _ => {
                    for _ in 0..self.range(1, 2) {
                        self.para(2, 5);
                    }
                }
            }
            if spaced {
                self.blank();
            }
        }
        self.signature(None);
    }
    fn letter(&mut self) {
        let v = if self.one_in(2) { "CV" } else { "UBND" };
        self.motto_header(v);
        self.s("V/v ");
        self.put(VERBS);
        self.ch(' ');
        self.noun_phrase();
        self.end_line();
        self.blank();
        if self.one_in(2) {
            self.s("Kính gửi: ");
            self.org();
            self.s(".");
            self.end_line();
        } else {
            self.s("Kính gửi:");
            self.nl();
            for _ in 0..self.range(2, 4) {
                self.s("    - ");
                self.org();
                self.ch(';');
                self.end_line();
            }
        }
        self.blank();
        for _ in 0..self.range(2, 5) {
            self.para(2, 5);
        }
        if self.one_in(2) {
            for _ in 0..self.range(2, 4) {
                self.bullet("- ");
            }
        }
        self.s("Trân trọng./.");
        self.nl();
        self.blank();
        self.signature(None);
    }
    fn news(&mut self) {
        let start = self.out.len();
        self.slot("P", 1);
        self.s(": ");
        self.put(VERBS);
        self.ch(' ');
        self.noun_phrase();
        if self.one_in(3) {
            self.s(", ");
            self.quantity();
            self.s(" hưởng lợi");
        }
        self.cap_at(start);
        if self.one_in(5) {
            self.upper_from(start);
        }
        self.end_line();
        let agency = self.pick(NEWS_AGENCIES);
        self.ch('(');
        self.s(agency);
        self.s(") - ");
        self.para(1, 3);
        for _ in 0..self.range(3, 8) {
            if self.one_in(6) {
                self.s("Ảnh: ");
                self.put(&["minh họa", "tư liệu", "CTV", "NVCC", "Internet"]);
                let v = if self.one_in(2) { "/" } else { " - " };
                self.s(v);
                self.put(NEWS_AGENCIES);
                self.end_line();
            }
            self.para(1, 4);
        }
        self.s("Theo ");
        self.s(agency);
        self.end_line();
    }
    fn minutes(&mut self) {
        let v = if self.one_in(2) { "BIÊN BẢN HỌP" } else { "BIÊN BẢN CUỘC HỌP" };
        self.heading(v);
        self.title_line("Về việc ");
        self.s("Thời gian: ");
        self.rnum(7, 15);
        self.s(" giờ ");
        let minute = self.range(0, 3) * 15;
        self.pad(minute, 2);
        self.s(", ");
        self.recent_date(5);
        self.end_line();
        self.s("Địa điểm: Phòng họp ");
        self.put(&["số 1", "số 2", "tầng 3", "trực tuyến", "lớn", "B2"]);
        self.s(", trụ sở ");
        self.org();
        self.end_line();
        self.s("Thành phần tham dự: đại diện ");
        for i in 0..self.range(2, 4) {
            if i > 0 {
                self.s(", ");
            }
            self.org();
        }
        self.s(".");
        self.end_line();
        self.s("Chủ trì: ");
        self.slot("X", 1);
        self.s(". Thư ký: chuyên viên ");
        self.put(&["Văn phòng", "Phòng Tổng hợp", "Phòng Hành chính", "Phòng Kế hoạch"]);
        self.end_line();
        self.heading("I. NỘI DUNG");
        for k in 1..=self.range(2, 4) {
            self.num(k);
            self.s(". ");
            self.para(1, 4);
        }
        self.heading("II. Ý KIẾN THẢO LUẬN");
        for _ in 0..self.range(2, 6) {
            self.s("- Đại diện ");
            self.org();
            self.s(": ");
            self.para(1, 3);
        }
        self.heading("III. KẾT LUẬN");
        self.para(2, 5);
        self.s("Cuộc họp kết thúc vào lúc ");
        self.rnum(10, 17);
        self.s(" giờ ");
        let minute = self.range(0, 5) * 10;
        self.pad(minute, 2);
        self.s(" cùng ngày; biên bản đã được thông qua trước các thành viên dự họp.");
        self.end_line();
    }

    /// A line of personal data in prose.
    fn pii_line(&mut self) {
        let p = self.person();
        match self.below(8) {
            0 => {
                self.s("Người liên hệ: ");
                self.honorific(&p);
                self.name(&p);
                self.s(", ");
                let t = self.pick(TITLES);
                self.lower_first(t);
                self.s(", điện thoại ");
                self.phone();
                self.ch('.');
            }
            1 => {
                self.honorific(&p);
                self.name(&p);
                self.s(" (sinh năm ");
                self.num(u64::from(p.year));
                self.s(", trú tại ");
                self.address(p.home);
                self.s(") là người trực tiếp phản ánh vụ việc.");
            }
            2 => {
                self.s("Hồ sơ gửi về ");
                self.org();
                self.s(", thư điện tử ");
                self.email(&p);
                self.s(" hoặc số điện thoại ");
                self.phone();
                self.ch('.');
            }
            3 => {
                self.s("Danh sách kèm theo: ");
                self.honorific(&p);
                self.name(&p);
                self.s(", CCCD số ");
                self.cccd(&p);
                self.s(", cấp ngày ");
                self.recent_date(0);
                self.ch('.');
            }
            4 => {
                self.honorific(&p);
                self.name(&p);
                self.s(", sinh ngày ");
                let st = self.below(6);
                self.dob(&p, st);
                self.s(", được đề nghị khen thưởng vì đã có thành tích xuất sắc trong ");
                self.noun_phrase();
                self.ch('.');
            }
            5 => {
                self.s("Đối tượng ");
                self.name(&p);
                self.s(" (");
                self.num(u64::from(p.year));
                self.s("), trú tại ");
                let c = self.pick(p.home.communes);
                self.lower_first(c);
                self.s(", ");
                self.s(p.home.province);
                self.s(", đã bị khởi tố về hành vi lừa đảo chiếm đoạt tài sản.");
            }
            6 => {
                self.s("Mọi thông tin chi tiết xin liên hệ ");
                self.honorific(&p);
                self.name(&p);
                self.s(" – ");
                self.phone();
                self.s(" hoặc ");
                self.email(&p);
                self.ch('.');
            }
            _ => {
                self.s("Ngày ");
                self.recent_date(0);
                self.s(", ");
                self.honorific(&p);
                self.name(&p);
                self.s(" đã nộp đơn tại ");
                self.org();
                self.ch('.');
            }
        }
        self.nl();
    }
}

// ---- office documents ----

const TABLE_LAYOUTS: &[&[u8]] = &[
    &[0, 1, 2, 4, 7, 8],
    &[0, 1, 2, 3, 4, 9],
    &[0, 1, 4, 5, 6],
    &[0, 1, 7, 12, 13, 15],
    &[0, 1, 2, 10, 11, 13],
    &[0, 1, 5, 9, 14],
    &[0, 1, 3, 2, 4, 5, 7],
    &[0, 1, 2, 4, 8, 14],
];
const TABLE_COLUMNS: [&[&str]; 16] = [
    &["STT", "TT"],
    &["Họ và tên", "Họ tên", "HỌ VÀ TÊN"],
    &["Ngày sinh", "Ngày, tháng, năm sinh", "NS"],
    &["Giới tính", "GT"],
    &["Số CCCD", "CCCD", "Số định danh cá nhân", "CCCD/CMND"],
    &["Số điện thoại", "SĐT", "Điện thoại"],
    &["Email", "Thư điện tử"],
    &["Chức vụ", "Chức danh"],
    &["Đơn vị", "Đơn vị công tác", "Bộ phận"],
    &["Địa chỉ", "Nơi cư trú", "Địa chỉ thường trú"],
    &["Số sổ BHXH", "Mã số BHXH"],
    &["Mã số thuế", "MST"],
    &["Số tài khoản", "STK"],
    &["Số tiền (đồng)", "Thành tiền"],
    &["Ghi chú"],
    &["Ký nhận"],
];
const TABLE_NOTES: &[&str] =
    &["", "", "", "Đã nộp hồ sơ", "Vắng", "Thay thế", "Bổ sung", "Chuyển công tác", "Nghỉ hưu"];
const PRODUCTS: &[(&str, &str, u64)] = &[
    ("Giấy in A4 Double A 70gsm", "Ram", 78_000),
    ("Mực in HP 12A chính hãng", "Hộp", 1_350_000),
    ("Xi măng PCB40", "Tấn", 1_450_000),
    ("Thép cuộn phi 6", "Kg", 16_500),
    ("Dịch vụ tư vấn thiết kế", "Gói", 25_000_000),
    ("Phí vận chuyển nội thành", "Chuyến", 450_000),
    ("Nước uống đóng chai 500ml", "Thùng", 95_000),
    ("Máy tính xách tay Dell Latitude 5440", "Chiếc", 23_900_000),
    ("Bàn làm việc gỗ công nghiệp 1m2", "Cái", 2_150_000),
    ("Ghế xoay văn phòng lưng lưới", "Cái", 1_250_000),
    ("Dịch vụ vệ sinh công nghiệp", "Tháng", 18_000_000),
    ("Gạo ST25 túi 5kg", "Túi", 185_000),
    ("Cà phê rang xay 500g", "Gói", 145_000),
    ("Phần mềm kế toán bản quyền 1 năm", "Bộ", 6_500_000),
    ("Bảo trì điều hòa treo tường", "Lần", 350_000),
    ("Xăng RON95-III", "Lít", 23_450),
    ("Dầu DO 0,05S-II", "Lít", 20_180),
    ("Cáp mạng Cat6 AMP", "Thùng", 2_890_000),
    ("Camera IP 4MP ngoài trời", "Bộ", 1_890_000),
    ("Sơn nước ngoại thất 18L", "Thùng", 2_450_000),
    ("Thuê máy chủ ảo 8 vCPU", "Tháng", 3_200_000),
    ("Dịch vụ bảo vệ 24/24", "Tháng", 42_000_000),
    ("Văn phòng phẩm các loại", "Lô", 3_760_000),
    ("Suất ăn công nghiệp", "Suất", 32_000),
    ("Vé máy bay Hà Nội - TP.HCM", "Vé", 2_390_000),
];
const LEAVE_REASONS: &[&str] = &[
    "về quê giải quyết việc gia đình",
    "điều trị bệnh theo chỉ định của bác sĩ",
    "đưa con đi khám bệnh",
    "tổ chức đám cưới",
    "nghỉ phép năm",
    "chăm sóc người thân ốm",
    "tham dự lễ tốt nghiệp của con",
    "giải quyết thủ tục đất đai tại địa phương",
];

impl Gen {
    fn office_document(&mut self) {
        match self.below(12) {
            0..=2 => self.decision(),
            3 | 4 => self.company_letter(),
            5 | 6 => self.invoice(),
            7 | 8 => self.contract(),
            9 => self.leave_request(),
            _ => self.invitation(),
        }
        self.blank();
    }

    /// A company letterhead; returns the company's short name and area.
    fn letterhead(&mut self) -> (&'static str, &'static Area) {
        let a = self.area();
        let start = self.out.len();
        let name = self.company();
        self.upper_from(start);
        self.nl();
        let short = self.one_in(3);
        self.s(if short { "ĐC: " } else { "Địa chỉ: " });
        self.address(a);
        self.nl();
        self.s(if short { "ĐT: " } else { "Điện thoại: " });
        self.landline(a);
        if self.one_in(2) {
            self.s(" – Hotline: ");
            self.phone_styled(10);
        }
        if self.one_in(3) {
            self.s(" – Fax: ");
            self.landline(a);
        }
        self.nl();
        self.s("Email: ");
        self.put(&["info", "contact", "ketoan", "hr", "sales", "cskh"]);
        self.ch('@');
        self.ascii_word(name);
        let dom = if self.one_in(2) { ".com.vn" } else { ".vn" };
        self.s(dom);
        if self.one_in(2) {
            self.s(" – Website: www.");
            self.ascii_word(name);
            self.s(dom);
        }
        self.nl();
        self.s(if short { "MST: " } else { "Mã số thuế: " });
        self.mst(false);
        if self.one_in(5) {
            self.s("-00");
            self.rnum(1, 9);
        }
        self.nl();
        if self.one_in(2) {
            self.s("Số tài khoản: ");
            let bank = self.account();
            self.s(" tại Ngân hàng ");
            self.s(bank);
            self.s(" – Chi nhánh ");
            self.s(a.province);
            self.nl();
        }
        self.put(&["------------------------------", "==============================", "___", ""]);
        self.nl();
        (name, a)
    }

    fn people_table(&mut self, rows: u64) {
        let layout = self.pick(TABLE_LAYOUTS);
        let style = self.below(10); // 0..=6 "| a | b |", 7..=8 tabs, 9 "a | b"
        let upper_names = self.one_in(5);
        let date_style = self.pick(&[0usize, 0, 1, 4]);
        let phone_style = self.below(14);
        let (open, sep, close) = match style {
            0..=6 => ("| ", " | ", " |"),
            7 | 8 => ("", "\t", ""),
            _ => ("", " | ", ""),
        };
        self.s(open);
        for (i, &c) in layout.iter().enumerate() {
            if i > 0 {
                self.s(sep);
            }
            let names = TABLE_COLUMNS[usize::from(c)];
            self.put(names);
        }
        self.s(close);
        self.nl();
        if style <= 2 {
            self.s("|");
            for _ in layout.iter() {
                self.s("---|");
            }
            self.nl();
        }
        for row in 1..=rows {
            let p = self.person();
            self.s(open);
            for (i, &c) in layout.iter().enumerate() {
                if i > 0 {
                    self.s(sep);
                }
                match c {
                    0 => self.num(row),
                    1 => {
                        let start = self.out.len();
                        self.name(&p);
                        if upper_names {
                            self.upper_from(start);
                        }
                    }
                    2 => self.dob(&p, date_style),
                    3 => self.s(if p.female { "Nữ" } else { "Nam" }),
                    4 => self.cccd(&p),
                    5 => self.phone_styled(phone_style),
                    6 => self.email(&p),
                    7 => self.put(TITLES),
                    8 => self.put(DEPARTMENTS),
                    9 => self.address(p.home),
                    10 => self.bhxh(&p),
                    11 => self.mst(true),
                    12 => {
                        let bank = self.account();
                        self.s(" (");
                        self.s(bank);
                        self.ch(')');
                    }
                    13 => {
                        let v = self.range(5, 400) * 50_000;
                        self.grouped(v, '.');
                    }
                    14 => self.put(TABLE_NOTES),
                    _ => {}
                }
            }
            self.s(close);
            self.end_line();
        }
    }

    fn decision(&mut self) {
        let a = self.motto_header("QĐ");
        self.heading("QUYẾT ĐỊNH");
        self.title_line("Về việc ");
        self.blank();
        let start = self.out.len();
        if self.one_in(2) {
            self.s("Giám đốc Sở ");
            self.put(FIELDS);
        } else {
            self.s("Chủ tịch Ủy ban nhân dân ");
            self.province(a, 1);
        }
        self.upper_from(start);
        self.nl();
        self.blank();
        for _ in 0..self.range(2, 4) {
            self.s("Căn cứ ");
            self.legal_ref();
            self.ch(';');
            self.end_line();
        }
        self.s("Xét đề nghị của ");
        self.slot("X", 1);
        self.s(" tại Tờ trình số ");
        self.rnum(1, 300);
        self.s("/TTr-");
        self.put(&["SNV", "VP", "TCCB", "SYT", "STC"]);
        self.s(" ngày ");
        self.recent_date(0);
        self.ch('.');
        self.end_line();
        self.blank();
        self.heading("QUYẾT ĐỊNH:");
        let rows = self.range(3, 25);
        self.s("Điều 1. ");
        self.put(&["Phê duyệt danh sách ", "Cử ", "Công nhận ", "Khen thưởng ", "Điều động "]);
        self.num(rows);
        self.s(" cán bộ, công chức, viên chức tham gia ");
        self.noun_phrase();
        self.s(" (có danh sách kèm theo).");
        self.end_line();
        self.people_table(rows);
        self.s("Điều 2. ");
        self.para(1, 3);
        self.s("Điều 3. Chánh Văn phòng, Thủ trưởng các đơn vị liên quan và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.");
        self.end_line();
        self.blank();
        let signer = self.person();
        self.signature(Some(&signer));
    }

    fn company_letter(&mut self) {
        let (name, a) = self.letterhead();
        self.s("Số: ");
        self.rnum(1, 999);
        self.ch('/');
        self.rnum(2019, 2026);
        self.s("/CV-");
        let start = self.out.len();
        self.ascii_word(name);
        self.upper_from(start);
        self.spaces();
        self.s(a.province);
        self.s(", ");
        self.recent_date(5);
        self.nl();
        self.s("V/v: ");
        self.put(VERBS);
        self.ch(' ');
        self.noun_phrase();
        self.end_line();
        self.s("Kính gửi: ");
        self.org();
        self.end_line();
        for _ in 0..self.range(2, 4) {
            self.para(1, 4);
        }
        if self.pct(30) {
            let rows = self.range(3, 12);
            self.people_table(rows);
        }
        let p = self.person();
        self.s("Mọi chi tiết xin liên hệ: ");
        self.honorific(&p);
        self.name(&p);
        self.s(" – ");
        self.phone();
        self.s(" – Email: ");
        self.email(&p);
        self.end_line();
        self.s("Trân trọng./.");
        self.nl();
        self.spaces();
        self.put(&["GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "KT. GIÁM ĐỐC", "CHỦ TỊCH HĐQT"]);
        self.nl();
        self.spaces();
        self.s("(Ký, ghi rõ họ tên, đóng dấu)");
        self.nl();
        let signer = self.person();
        self.spaces();
        self.name(&signer);
        self.nl();
    }

    fn invoice(&mut self) {
        let v = if self.one_in(4) {
            "HÓA ĐƠN BÁN HÀNG"
        } else {
            "HÓA ĐƠN GIÁ TRỊ GIA TĂNG"
        };
        self.heading(v);
        self.s("(Bản thể hiện của hóa đơn điện tử)");
        self.nl();
        self.s("Ký hiệu: 1C");
        self.rnum(22, 26);
        self.put(&["TAA", "TBB", "TMK", "MAB", "TYY"]);
        self.s("    Số: ");
        let number = self.range(1, 99_999);
        self.pad(number, 8);
        self.nl();
        self.recent_date(5);
        let start = self.line_start;
        self.cap_at(start);
        self.nl();
        self.s("Mã của cơ quan thuế: 00");
        self.hex(30);
        let start = self.line_start + "Mã của cơ quan thuế: ".len();
        self.upper_from(start);
        self.nl();
        let a = self.area();
        self.s("Đơn vị bán hàng: ");
        let start = self.out.len();
        self.company();
        self.upper_from(start);
        self.nl();
        self.s("Mã số thuế: ");
        self.mst(false);
        self.nl();
        self.s("Địa chỉ: ");
        self.address(a);
        self.nl();
        self.s("Điện thoại: ");
        self.landline(a);
        self.s("    Số tài khoản: ");
        let bank = self.account();
        self.s(" - ");
        self.s(bank);
        self.nl();
        let buyer = self.person();
        self.s("Họ tên người mua hàng: ");
        if self.one_in(2) {
            self.name(&buyer);
        }
        self.nl();
        self.s("Tên đơn vị: ");
        let start = self.out.len();
        if self.one_in(3) {
            self.org();
        } else {
            self.company();
        }
        self.upper_from(start);
        self.nl();
        self.s("Mã số thuế: ");
        self.mst(false);
        self.nl();
        self.s("Địa chỉ: ");
        let b = self.area();
        self.address(b);
        self.nl();
        self.s("Hình thức thanh toán: ");
        self.put(&["TM/CK", "Chuyển khoản", "Tiền mặt"]);
        self.nl();
        self.s("| STT | Tên hàng hóa, dịch vụ | ĐVT | Số lượng | Đơn giá | Thành tiền |");
        self.nl();
        let mut total = 0u64;
        for i in 1..=self.range(1, 8) {
            let (item, unit, price) = self.pick(PRODUCTS);
            let price = price / 100 * self.range(85, 125);
            let qty = self.range(1, 60);
            total += price * qty;
            self.s("| ");
            self.num(i);
            self.s(" | ");
            self.s(item);
            self.s(" | ");
            self.s(unit);
            self.s(" | ");
            self.num(qty);
            self.s(" | ");
            self.grouped(price, '.');
            self.s(" | ");
            self.grouped(price * qty, '.');
            self.s(" |");
            self.nl();
        }
        let rate = self.pick(&[8u64, 10, 10, 5]);
        let tax = total * rate / 100;
        self.s("Cộng tiền hàng: ");
        self.grouped(total, '.');
        self.nl();
        self.s("Thuế suất GTGT: ");
        self.num(rate);
        self.s("%    Tiền thuế GTGT: ");
        self.grouped(tax, '.');
        self.nl();
        self.s("Tổng cộng tiền thanh toán: ");
        self.grouped(total + tax, '.');
        self.nl();
        self.s("Số tiền viết bằng chữ: ");
        self.amount_in_words(total + tax);
        self.ch('.');
        self.nl();
        self.s("Người mua hàng                    Người bán hàng");
        self.nl();
        self.s("(Ký, ghi rõ họ tên)               (Ký, đóng dấu, ghi rõ họ tên)");
        self.nl();
        self.s("Tra cứu hóa đơn tại: https://hoadon");
        self.put(&["dientu", "", "vn", "online"]);
        self.s(".vn/tra-cuu, mã tra cứu: ");
        self.hex(10);
        let start = self.out.len() - 10;
        self.upper_from(start);
        self.nl();
    }

    fn contract(&mut self) {
        self.s("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        self.nl();
        self.s("Độc lập - Tự do - Hạnh phúc");
        self.nl();
        self.blank();
        let v =
            if self.one_in(3) { "HỢP ĐỒNG THUÊ NHÀ" } else { "HỢP ĐỒNG LAO ĐỘNG" };
        self.heading(v);
        self.s("Số: ");
        self.rnum(1, 999);
        self.ch('/');
        self.rnum(2019, 2026);
        self.s("/HĐLĐ");
        self.nl();
        let a = self.area();
        self.s("Hôm nay, ");
        self.recent_date(5);
        self.s(", tại ");
        self.address(a);
        self.s(", chúng tôi gồm:");
        self.end_line();
        self.s("Bên A (Người sử dụng lao động): ");
        let start = self.out.len();
        self.company();
        self.upper_from(start);
        self.nl();
        let rep = self.person();
        self.s("Đại diện: ");
        self.honorific(&rep);
        self.name(&rep);
        self.s("    Chức vụ: ");
        self.put(&["Giám đốc", "Tổng Giám đốc", "Phó Giám đốc", "Trưởng phòng Nhân sự"]);
        self.nl();
        self.s("Mã số thuế: ");
        self.mst(false);
        self.nl();
        let p = self.person();
        self.s("Bên B (Người lao động): ");
        self.honorific(&p);
        let start = self.out.len();
        self.name(&p);
        if self.one_in(3) {
            self.upper_from(start);
        }
        self.nl();
        self.s("Ngày sinh: ");
        let st = self.pick(&[0usize, 0, 1, 5]);
        self.dob(&p, st);
        self.s("    Giới tính: ");
        self.s(if p.female { "Nữ" } else { "Nam" });
        self.s("    Quốc tịch: Việt Nam");
        self.nl();
        self.s("Số CCCD: ");
        self.cccd(&p);
        self.s("    Ngày cấp: ");
        self.recent_date(0);
        self.s("    Nơi cấp: ");
        self.put(&[
            "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
            "Cục CS QLHC về TTXH",
            "Bộ Công an",
        ]);
        self.nl();
        self.s("Nơi cư trú: ");
        self.address(p.home);
        self.nl();
        self.s("Điện thoại: ");
        self.phone();
        self.s("    Email: ");
        self.email(&p);
        self.nl();
        if self.one_in(2) {
            self.s("Số tài khoản: ");
            let bank = self.account();
            self.s(" tại Ngân hàng ");
            self.s(bank);
            self.nl();
        }
        if self.one_in(2) {
            self.s("Mã số BHXH: ");
            self.bhxh(&p);
            self.s("    MST cá nhân: ");
            self.mst(true);
            self.nl();
        }
        self.heading("Điều 1. Thời hạn và công việc hợp đồng");
        self.s("- Loại hợp đồng: ");
        self.put(CONTRACTS);
        self.nl();
        self.s("- Chức danh chuyên môn: ");
        self.put(TITLES);
        self.s(", ");
        self.put(DEPARTMENTS);
        self.nl();
        self.bullet("- ");
        self.heading("Điều 2. Chế độ làm việc, quyền lợi");
        self.s("- Mức lương chính: ");
        let salary = self.range(60, 600) * 100_000;
        self.grouped(salary, '.');
        self.s(" đồng/tháng (");
        self.amount_in_words(salary);
        self.s(").");
        self.nl();
        for _ in 0..self.range(1, 3) {
            self.bullet("- ");
        }
        self.heading("Điều 3. Điều khoản thi hành");
        self.para(1, 3);
        self.s("NGƯỜI LAO ĐỘNG                    NGƯỜI SỬ DỤNG LAO ĐỘNG");
        self.nl();
        self.s("(Ký, ghi rõ họ tên)               (Ký, đóng dấu)");
        self.nl();
        self.name(&p);
        self.spaces();
        self.name(&rep);
        self.nl();
    }

    fn leave_request(&mut self) {
        self.s("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        self.nl();
        self.s("Độc lập - Tự do - Hạnh phúc");
        self.nl();
        let v = if self.one_in(2) {
            "ĐƠN XIN NGHỈ PHÉP"
        } else {
            "ĐƠN XIN NGHỈ VIỆC RIÊNG"
        };
        self.heading(v);
        self.s("Kính gửi: Ban Giám đốc ");
        self.company();
        self.s("; Trưởng ");
        let d = self.pick(DEPARTMENTS);
        self.lower_first(d);
        self.end_line();
        let p = self.person();
        self.s("Tôi tên là: ");
        self.name(&p);
        self.nl();
        self.s("Sinh ngày: ");
        let st = self.pick(&[0usize, 1, 4]);
        self.dob(&p, st);
        self.nl();
        if self.one_in(2) {
            self.s("Số CCCD: ");
            self.cccd(&p);
            self.nl();
        }
        self.s("Chức vụ: ");
        self.put(TITLES);
        self.s("    Bộ phận: ");
        self.s(d);
        self.nl();
        self.s("Số điện thoại: ");
        self.phone();
        self.nl();
        self.s("Nay tôi làm đơn này xin được nghỉ ");
        let days = self.range(1, 12);
        self.num(days);
        self.s(" ngày, từ ngày ");
        let y = self.range(2015, 2026) as u32;
        let m = self.range(1, 12) as u32;
        let d = self.range(1, 14) as u32;
        self.date(y, m, d, 0);
        self.s(" đến hết ngày ");
        self.date(y, m, d + days as u32 - 1, 0);
        self.s(", lý do: ");
        self.put(LEAVE_REASONS);
        self.ch('.');
        self.end_line();
        let q = self.person();
        self.s("Trong thời gian nghỉ, tôi đã bàn giao công việc cho ");
        let start = self.out.len();
        self.honorific(&q);
        self.lower_from(start);
        self.name(&q);
        self.s(", điện thoại ");
        self.phone();
        self.s(".");
        self.end_line();
        self.s("Kính mong Ban Giám đốc xem xét, chấp thuận. Tôi xin chân thành cảm ơn!");
        self.nl();
        self.spaces();
        self.s("Người làm đơn");
        self.nl();
        self.spaces();
        self.name(&p);
        self.nl();
    }

    fn invitation(&mut self) {
        if self.one_in(2) {
            self.letterhead();
        } else {
            self.motto_header("GM");
        }
        let v = if self.one_in(2) { "GIẤY MỜI" } else { "THÔNG BÁO" };
        self.heading(v);
        self.s("Về việc tổ chức ");
        self.slot("E", 1);
        self.end_line();
        self.para(1, 3);
        self.s("Thời gian: ");
        self.rnum(7, 16);
        self.s(" giờ 00, ");
        self.recent_date(5);
        self.end_line();
        self.s("Địa điểm: ");
        let a = self.area();
        self.address(a);
        self.end_line();
        self.heading("DANH SÁCH ĐẠI BIỂU");
        let rows = self.range(3, 20);
        self.people_table(rows);
        let p = self.person();
        self.s("Đầu mối liên hệ: ");
        self.honorific(&p);
        self.name(&p);
        self.s(", ĐT: ");
        self.phone();
        self.end_line();
        let signer = self.person();
        self.signature(Some(&signer));
    }
}

// ---- HR export ----

const HR_HEADER_VI: &str = "STT,Mã NV,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Nơi sinh,Số CCCD,Ngày cấp CCCD,Nơi cấp,Số CMND cũ,Số sổ BHXH,MST cá nhân,Điện thoại,Email,Số tài khoản,Ngân hàng,Địa chỉ thường trú,Tình trạng hôn nhân,Phòng ban,Chức danh,Trình độ,Chuyên ngành,Trường đào tạo,Loại hợp đồng,Ngày vào làm,Lương cơ bản,Phụ cấp,Số người phụ thuộc,Ghi chú";
const HR_HEADER_EN: &str = "no,employee_id,full_name,date_of_birth,gender,ethnicity,place_of_birth,national_id,id_issue_date,id_issue_place,old_id_number,social_insurance_no,personal_tax_code,phone,email,bank_account,bank_name,permanent_address,marital_status,department,job_title,education,major,school,contract_type,start_date,base_salary,allowance,dependants,notes";

impl Gen {
    fn hr_header(&mut self) {
        let v = if self.one_in(3) { HR_HEADER_EN } else { HR_HEADER_VI };
        self.s(v);
        self.nl();
        self.date_style = self.pick(&[0usize, 0, 0, 2, 2, 1]);
    }

    /// One employee with 8–12 identifiers: name, date of birth, sex and ethnicity always; CCCD,
    /// old CMND, BHXH, MST, phone, e-mail, bank account (with its bank) and address mostly.
    fn hr_row(&mut self) {
        let start = self.out.len();
        let p = self.person();
        self.seq += 1;
        let mut has = [
            self.pct(96),                  // CCCD
            p.year < 1995 && self.pct(45), // old CMND
            self.pct(85),                  // BHXH
            self.pct(75),                  // MST
            self.pct(97),                  // phone
            self.pct(85),                  // e-mail
            self.pct(80),                  // bank account
            self.pct(95),                  // address
        ];
        while 4 + has.iter().filter(|&&h| h).count() < 8 {
            let i = self.below(has.len());
            has[i] = true;
        }
        let ds = if self.pct(95) { self.date_style } else { self.below(5) };
        self.num(self.seq % 100_000);
        self.s(",NV");
        self.pad(self.seq, 6);
        self.ch(',');
        let name_start = self.out.len();
        self.name(&p);
        if self.pct(12) {
            self.upper_from(name_start);
        }
        self.ch(',');
        self.dob(&p, ds);
        self.s(if p.female { ",Nữ," } else { ",Nam," });
        self.put(ETHNICITIES);
        self.ch(',');
        self.s(p.born.province);
        self.ch(',');
        if has[0] {
            self.cccd(&p);
            self.ch(',');
            let y = self.range(2016, 2025) as u32;
            let m = self.range(1, 12) as u32;
            let d = self.range(1, 28) as u32;
            self.date(y, m, d, ds);
            self.s(",Cục CS QLHC về TTXH,");
        } else {
            self.s(",,,");
        }
        if has[1] {
            self.cmnd();
        }
        self.ch(',');
        if has[2] {
            self.bhxh(&p);
        }
        self.ch(',');
        if has[3] {
            self.mst(true);
        }
        self.ch(',');
        if has[4] {
            let st = if self.pct(80) { 0 } else { self.below(20) };
            self.phone_styled(st);
        }
        self.ch(',');
        if has[5] {
            self.email(&p);
        }
        self.ch(',');
        if has[6] {
            let bank = self.account();
            self.ch(',');
            self.s(bank);
        } else {
            self.ch(',');
        }
        self.ch(',');
        if has[7] {
            self.ch('"');
            self.address(p.home);
            self.ch('"');
        }
        self.ch(',');
        self.put(MARITAL);
        self.ch(',');
        self.put(DEPARTMENTS);
        self.ch(',');
        self.put(TITLES);
        self.ch(',');
        self.put(EDUCATION);
        self.ch(',');
        self.put(MAJORS);
        self.ch(',');
        self.put(SCHOOLS);
        self.ch(',');
        self.put(CONTRACTS);
        self.ch(',');
        let y = self.range(2008, 2026) as u32;
        let m = self.range(1, 12) as u32;
        let d = self.range(1, 28) as u32;
        self.date(y, m, d, ds);
        self.ch(',');
        let salary = self.range(45, 450) * 100_000;
        self.num(salary);
        self.ch(',');
        let allowance = self.range(0, 40) * 50_000;
        self.num(allowance);
        self.ch(',');
        self.rnum(0, 4);
        self.ch(',');
        let note = self.pick(HR_NOTES);
        let long = self.pct(60);
        if !note.is_empty() || long {
            self.ch('"');
            self.s(note);
            if long {
                if !note.is_empty() {
                    self.ch(' ');
                }
                if self.one_in(8) {
                    self.s("Biệt danh \"\"");
                    self.put(GIVEN_F);
                    self.s("\"\". ");
                }
                self.sentence();
            }
            self.ch('"');
        }
        if self.pct(4) {
            self.unaccent_from(start);
        }
        self.nl();
    }
}

// ---- JSON Lines ----

const PROCEDURES: &[&str] = &[
    "Đăng ký thường trú",
    "Cấp đổi giấy phép lái xe",
    "Đăng ký khai sinh",
    "Cấp phiếu lý lịch tư pháp",
    "Đăng ký kết hôn",
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Đăng ký hộ kinh doanh",
    "Hưởng trợ cấp thất nghiệp",
    "Cấp lại thẻ BHYT",
    "Xác nhận thông tin cư trú",
    "Đăng ký xe máy",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
];
const DELIVERY_NOTES: &[&str] = &[
    "giao giờ hành chính",
    "không giao thứ 7, chủ nhật",
    "để hàng ở bảo vệ",
    "gọi trước 30 phút",
    "hàng dễ vỡ, nhẹ tay",
    "kiểm tra hàng trước khi thanh toán",
];

impl Gen {
    fn clock_parts(&self) -> (u32, u32, u32, u64, u64, u64) {
        let (y, m, d) = civil((self.clock / 86_400) as i64);
        let s = self.clock % 86_400;
        (y, m, d, s / 3600, (s / 60) % 60, s % 60)
    }
    /// 2025-03-05T08:12:33+07:00, or with a space and milliseconds (`ms`).
    fn iso_time(&mut self, t: char, ms: Option<char>, zone: &str) {
        let (y, m, d, hh, mi, ss) = self.clock_parts();
        self.num(u64::from(y));
        self.ch('-');
        self.pad(u64::from(m), 2);
        self.ch('-');
        self.pad(u64::from(d), 2);
        self.ch(t);
        self.pad(hh, 2);
        self.ch(':');
        self.pad(mi, 2);
        self.ch(':');
        self.pad(ss, 2);
        if let Some(sep) = ms {
            self.ch(sep);
            let v = self.range(0, 999);
            self.pad(v, 3);
        }
        self.s(zone);
    }
    fn json_note(&mut self) {
        match self.below(7) {
            0 => self.s("null"),
            1 => self.s("\"\""),
            2 => {
                self.s("\"Khách dặn: \\\"");
                self.put(DELIVERY_NOTES);
                self.s("\\\"\\nGọi trước khi giao\"");
            }
            3 => {
                self.s("\"Xem chi tiết tại https:\\/\\/");
                self.put(&["shop", "cskh", "app", "my"]);
                self.s(".example.vn\\/don-hang\\/");
                let seq = self.seq;
                self.num(seq);
                self.ch('"');
            }
            4 => {
                self.s("\"Ghi chú nội bộ:\\t");
                self.put(HR_NOTES);
                self.ch('"');
            }
            _ => {
                self.ch('"');
                self.sentence();
                self.ch('"');
            }
        }
    }
    /// A card number: masked mostly, sometimes whole with a valid Luhn digit.
    fn card(&mut self) {
        if self.pct(85) {
            self.s("9704");
            self.digits(2);
            self.s("******");
            self.digits(4);
            return;
        }
        let mut d = [0u32; 16];
        let prefix = self.pick(&[[9, 7, 0, 4], [4, 2, 1, 6], [5, 2, 4, 3], [3, 5, 6, 8]]);
        d[..4].copy_from_slice(&prefix);
        let mut x = self.r.next();
        for v in d[4..15].iter_mut() {
            *v = (x % 10) as u32;
            x /= 10;
        }
        let sum: u32 = d[..15]
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &v)| if i % 2 == 0 { if v * 2 > 9 { v * 2 - 9 } else { v * 2 } } else { v })
            .sum();
        d[15] = (10 - sum % 10) % 10;
        for v in d {
            self.out.push(char::from(b'0' + v as u8));
        }
    }

    fn json_record(&mut self) {
        let start = self.out.len();
        self.clock += self.range(1, 120);
        self.seq += 1;
        match self.below(4) {
            0 => self.json_customer(),
            1 => self.json_employee(),
            2 => self.json_order(),
            _ => self.json_application(),
        }
        if self.pct(12) {
            self.json_ascii_from(start);
        }
        self.nl();
    }
    fn json_customer(&mut self) {
        let p = self.person();
        let seq = self.seq;
        self.s("{\"id\":\"KH");
        self.pad(seq, 8);
        self.s("\",\"ho_ten\":\"");
        self.name(&p);
        self.s("\",\"ngay_sinh\":\"");
        self.dob(&p, 2);
        self.s("\",\"gioi_tinh\":\"");
        self.s(if p.female { "Nữ" } else { "Nam" });
        if self.pct(90) {
            self.s("\",\"so_cccd\":\"");
            self.cccd(&p);
        }
        self.s("\",\"lien_he\":{\"dien_thoai\":\"");
        let st = if self.pct(80) { 0 } else { 16 };
        self.phone_styled(st);
        if self.pct(80) {
            self.s("\",\"email\":\"");
            self.email(&p);
        }
        self.s("\"},\"dia_chi\":{\"so_nha\":\"");
        self.rnum(1, 300);
        self.ch(' ');
        self.put(STREETS);
        self.s("\",\"phuong_xa\":\"");
        let c = self.pick(p.home.communes);
        self.s(c);
        self.s("\",\"quan_huyen\":\"");
        let d = self.pick(p.home.districts);
        self.s(d);
        self.s("\",\"tinh_tp\":\"");
        self.s(p.home.province);
        self.s("\"}");
        if self.pct(70) {
            self.s(",\"tai_khoan\":[{\"so_tk\":\"");
            let bank = self.account();
            self.s("\",\"ngan_hang\":\"");
            self.s(bank);
            self.s("\"}]");
        }
        self.s(",\"hang_thanh_vien\":\"");
        self.put(&["dong", "bac", "vang", "kim_cuong"]);
        self.s("\",\"diem_tich_luy\":");
        self.rnum(0, 99_999);
        self.s(",\"ngay_tao\":\"");
        self.iso_time('T', None, "+07:00");
        self.s("\",\"ghi_chu\":");
        self.json_note();
        self.ch('}');
    }
    fn json_employee(&mut self) {
        let p = self.person();
        let seq = self.seq;
        self.s("{\"employeeId\":");
        self.num(seq);
        self.s(",\"fullName\":\"");
        self.name(&p);
        self.s("\",\"dateOfBirth\":\"");
        self.dob(&p, 0);
        self.s("\",\"gender\":\"");
        self.s(if p.female { "F" } else { "M" });
        self.s("\",\"ethnicity\":\"");
        self.put(ETHNICITIES);
        self.s("\",\"nationalId\":{\"type\":\"CCCD\",\"number\":\"");
        self.cccd(&p);
        self.s("\",\"issuedOn\":\"");
        self.recent_date(2);
        self.s("\",\"issuedBy\":\"Cục CS QLHC về TTXH\"}");
        if p.year < 1995 && self.one_in(2) {
            self.s(",\"oldIdNumber\":\"");
            self.cmnd();
            self.ch('"');
        }
        if self.pct(85) {
            self.s(",\"socialInsuranceNo\":\"");
            self.bhxh(&p);
            self.ch('"');
        }
        if self.pct(70) {
            self.s(",\"taxCode\":\"");
            self.mst(true);
            self.ch('"');
        }
        self.s(",\"contact\":{\"mobile\":\"");
        self.phone_styled(16);
        self.s("\",\"email\":\"");
        self.email(&p);
        self.s("\",\"address\":\"");
        self.address(p.home);
        self.s("\"},\"bank\":{\"accountNumber\":\"");
        let bank = self.account();
        self.s("\",\"bankName\":\"");
        self.s(bank);
        self.s("\"},\"department\":\"");
        self.put(DEPARTMENTS);
        self.s("\",\"title\":\"");
        self.put(TITLES);
        self.s("\",\"salary\":");
        let salary = self.range(45, 450) * 100_000;
        self.num(salary);
        self.s(",\"active\":");
        let v = if self.pct(90) { "true" } else { "false" };
        self.s(v);
        self.s(",\"updatedAt\":\"");
        self.iso_time('T', Some('.'), "Z");
        self.s("\"}");
    }
    fn json_order(&mut self) {
        let p = self.person();
        let seq = self.seq;
        self.s("{\"event\":\"");
        self.put(&["order.created", "order.paid", "order.shipped", "order.cancelled"]);
        self.s("\",\"ts\":");
        let clock = self.clock - 7 * 3600;
        self.num(clock);
        self.s(",\"orderId\":\"DH");
        self.pad(seq, 10);
        self.s("\",\"items\":[");
        let mut total = 0;
        for i in 0..self.range(1, 4) {
            if i > 0 {
                self.ch(',');
            }
            let (item, _, price) = self.pick(PRODUCTS);
            let qty = self.range(1, 5);
            total += price * qty;
            self.s("{\"sku\":\"SKU-");
            self.rnum(10_000, 99_999);
            self.s("\",\"name\":\"");
            self.s(item);
            self.s("\",\"qty\":");
            self.num(qty);
            self.s(",\"price\":");
            self.num(price);
            self.ch('}');
        }
        self.s("],\"amount\":");
        self.num(total);
        self.s(",\"currency\":\"VND\",\"customer\":{\"name\":\"");
        self.name(&p);
        self.s("\",\"phone\":\"");
        self.phone_styled(0);
        self.s("\",\"email\":\"");
        self.email(&p);
        self.s("\"},\"shipping\":{\"receiver\":\"");
        if self.pct(70) {
            self.name(&p);
        } else {
            let q = self.person();
            self.name(&q);
        }
        self.s("\",\"phone\":\"");
        self.phone_styled(0);
        self.s("\",\"address\":\"");
        self.address(p.home);
        self.s("\",\"note\":");
        self.json_note();
        self.s("},\"payment\":{\"method\":\"");
        let method = self.pick(&["cod", "bank_transfer", "card", "momo", "vnpay"]);
        self.s(method);
        self.ch('"');
        if method == "card" {
            self.s(",\"card\":\"");
            self.card();
            self.ch('"');
        } else if method == "bank_transfer" {
            self.s(",\"accountNo\":\"");
            let bank = self.account();
            self.s("\",\"bank\":\"");
            self.s(bank);
            self.ch('"');
        }
        self.s("},\"clientIp\":\"");
        self.ip();
        self.s("\"}");
    }
    fn json_application(&mut self) {
        let p = self.person();
        let seq = self.seq;
        self.s("{\"ma_ho_so\":\"000.");
        self.pad(self.seq % 100, 2);
        self.s(".");
        self.rnum(10, 99);
        self.s(".H");
        self.rnum(10, 63);
        self.ch('-');
        self.pad(seq % 1_000_000, 6);
        self.s("\",\"thu_tuc\":\"");
        self.put(PROCEDURES);
        self.s("\",\"nguoi_nop\":{\"hoTen\":\"");
        self.name(&p);
        self.s("\",\"soDinhDanh\":\"");
        self.cccd(&p);
        self.s("\",\"ngaySinh\":\"");
        self.dob(&p, 0);
        self.s("\",\"sdt\":\"");
        self.phone_styled(0);
        if self.one_in(2) {
            self.s("\",\"email\":\"");
            self.email(&p);
        }
        self.s("\"},\"thong_tin\":{\"noi_sinh\":\"");
        self.s(p.born.province);
        self.s("\",\"dan_toc\":\"");
        self.put(ETHNICITIES);
        self.s("\",\"ton_giao\":\"");
        self.put(&["Không", "Không", "Không", "Phật giáo", "Công giáo", "Cao Đài", "Tin Lành"]);
        self.s("\",\"noi_thuong_tru\":\"");
        self.address(p.home);
        self.s("\"},\"trang_thai\":\"");
        self.put(&["DA_TIEP_NHAN", "DANG_XU_LY", "CHO_BO_SUNG", "DA_TRA_KET_QUA"]);
        self.s("\",\"lich_su\":[");
        for i in 1..=self.range(1, 4) {
            if i > 1 {
                self.ch(',');
            }
            self.s("{\"buoc\":");
            self.num(i);
            self.s(",\"thoi_gian\":\"");
            self.iso_time(' ', None, "");
            self.s("\",\"can_bo\":\"");
            let q = self.person();
            self.name(&q);
            self.s("\",\"y_kien\":\"");
            self.sentence();
            self.s("\"}");
        }
        self.s("]}");
    }
}

// ---- logs ----

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "okhttp/4.12.0",
    "Zalo/24.03 (Android 13)",
    "curl/8.5.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "python-requests/2.31.0",
    "coccoc/1.0 (+http://help.coccoc.com/searchengine)",
];
const LOGGERS: &[&str] = &[
    "vn.app.auth.LoginService",
    "vn.app.otp.OtpSender",
    "vn.app.customer.CustomerRepository",
    "vn.app.payment.PaymentCallback",
    "vn.app.kyc.EkycClient",
    "vn.app.order.OrderService",
    "o.h.engine.jdbc.spi.SqlExceptionHelper",
    "c.z.hikari.pool.HikariPool",
    "vn.app.mail.Mailer",
    "vn.app.scheduler.ReportJob",
    "api.gateway",
    "worker.notify",
];
const EXCEPTIONS: &[&str] = &[
    "java.lang.NullPointerException: Cannot invoke \"String.trim()\" because \"phone\" is null",
    "java.net.SocketTimeoutException: Read timed out",
    "org.springframework.dao.DataIntegrityViolationException: duplicate key value violates unique constraint \"uk_customer_cccd\"",
    "java.lang.IllegalArgumentException: Số điện thoại không hợp lệ",
    "vn.app.kyc.EkycException: Ảnh chân dung không khớp với ảnh trên CCCD",
];

impl Gen {
    fn ip(&mut self) {
        match self.below(10) {
            0..=2 => {
                self.s("10.");
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(1, 254);
            }
            3 => {
                self.s("192.168.");
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(1, 254);
            }
            4 => {
                self.s("172.");
                self.rnum(16, 31);
                self.ch('.');
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(1, 254);
            }
            _ => {
                let first = self.pick(&[
                    14u64, 27, 42, 58, 103, 113, 115, 116, 117, 118, 123, 125, 171, 183, 222,
                ]);
                self.num(first);
                self.ch('.');
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(0, 255);
                self.ch('.');
                self.rnum(1, 254);
            }
        }
    }
    /// Percent-encodes what was written from `start` (query strings; spaces as '+').
    fn url_encode_from(&mut self, start: usize) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let tail = self.out.split_off(start);
        for b in tail.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                self.out.push(char::from(b));
            } else if b == b' ' {
                self.out.push('+');
            } else {
                self.out.push('%');
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    fn log_block(&mut self) {
        let kind = self.below(10);
        let style = self.below(2);
        let host = self.range(1, 12);
        for _ in 0..self.range(20, 200) {
            self.clock += self.range(0, 3);
            match kind {
                0..=3 => self.access_line(),
                4..=7 => self.app_line(style),
                _ => self.syslog_line(host),
            }
        }
    }
    fn access_line(&mut self) {
        self.ip();
        self.s(" - ");
        if self.pct(8) {
            self.s("u");
            self.rnum(10_000, 999_999);
        } else {
            self.ch('-');
        }
        let (y, m, d, hh, mi, ss) = self.clock_parts();
        self.s(" [");
        self.pad(u64::from(d), 2);
        self.ch('/');
        self.s(MONTHS[(m - 1) as usize]);
        self.ch('/');
        self.num(u64::from(y));
        self.ch(':');
        self.pad(hh, 2);
        self.ch(':');
        self.pad(mi, 2);
        self.ch(':');
        self.pad(ss, 2);
        self.s(" +0700] \"");
        let post = self.pct(20);
        self.s(if post { "POST " } else { "GET " });
        self.request_path();
        self.s(" HTTP/1.1\" ");
        let status =
            self.pick(&[200u64, 200, 200, 200, 200, 200, 304, 301, 404, 400, 401, 403, 500, 502]);
        self.num(status);
        self.ch(' ');
        self.rnum(0, 250_000);
        self.s(" \"");
        if self.one_in(2) {
            self.ch('-');
        } else {
            self.s("https://");
            self.put(&["www.google.com/", "shop.example.vn/", "m.facebook.com/", "zalo.me/"]);
        }
        self.s("\" \"");
        self.put(USER_AGENTS);
        self.s("\" ");
        self.num(self.clock % 7);
        self.ch('.');
        self.rnum(100, 999);
        self.nl();
    }
    fn request_path(&mut self) {
        match self.below(20) {
            0..=4 => match self.below(4) {
                0 => {
                    self.s("/static/js/app.");
                    self.hex(8);
                    self.s(".js");
                }
                1 => {
                    self.s("/static/css/main.");
                    self.hex(8);
                    self.s(".css");
                }
                2 => {
                    self.s("/assets/img/");
                    self.put(&["logo.png", "banner-tet.jpg", "icon-zalo.svg", "sp-"]);
                    self.rnum(1, 999);
                    self.s(".webp");
                }
                _ => self.s("/favicon.ico"),
            },
            5 => self.put(&["/health", "/metrics", "/robots.txt", "/sitemap.xml"]),
            6..=9 => {
                self.s("/api/v1/");
                self.put(&["orders", "products", "customers", "invoices", "tickets"]);
                if self.one_in(2) {
                    self.ch('/');
                    self.rnum(1000, 9_999_999);
                } else {
                    self.s("?page=");
                    self.rnum(1, 300);
                    self.s("&size=20&sort=createdAt,desc");
                }
            }
            10 => {
                self.s("/api/v1/customers/search?phone=");
                self.phone_styled(0);
            }
            11 => {
                let p = self.person();
                self.s("/dang-ky?ho_ten=");
                let start = self.out.len();
                self.name(&p);
                self.url_encode_from(start);
                self.s("&sdt=");
                self.phone_styled(0);
                self.s("&email=");
                let start = self.out.len();
                self.email(&p);
                self.url_encode_from(start);
            }
            12 => {
                self.s("/otp/send?msisdn=");
                self.phone_styled(17);
                self.s("&channel=sms");
            }
            13 => {
                let p = self.person();
                self.s("/api/v1/kyc/verify?cccd=");
                self.cccd(&p);
                self.s("&dob=");
                self.dob(&p, 2);
            }
            14 => {
                self.s("/tra-cuu-hoa-don?mst=");
                self.mst(false);
                self.s("&ma=");
                self.hex(10);
            }
            15 => {
                let p = self.person();
                self.s("/reset-password?email=");
                let start = self.out.len();
                self.email(&p);
                if self.one_in(2) {
                    self.url_encode_from(start);
                }
            }
            16 => {
                self.s("/api/v2/users/");
                self.rnum(10_000, 999_999);
                self.s("/profile");
            }
            17 => {
                self.s("/tim-kiem?q=");
                let start = self.out.len();
                self.noun_phrase();
                self.url_encode_from(start);
            }
            18 => self.s("/login"),
            _ => {
                self.s("/api/v1/payments/callback?orderId=DH");
                self.digits(10);
                self.s("&amount=");
                self.rnum(10, 5000);
                self.s("000&bankCode=");
                self.put(&["VCB", "TCB", "MB", "ACB", "BIDV", "ICB"]);
                self.s("&accountNo=");
                self.account();
            }
        }
    }
    fn app_line(&mut self, style: usize) {
        if style == 0 {
            self.iso_time('T', Some('.'), "+07:00");
        } else {
            self.iso_time(' ', Some(','), "");
        }
        let level = self.pick(&[
            "INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "DEBUG", "WARN ",
            "WARN ", "ERROR",
        ]);
        self.ch(' ');
        self.s(level);
        if style == 1 {
            self.ch(' ');
            self.rnum(1000, 65_000);
            self.s(" ---");
        }
        self.s(" [");
        match self.below(4) {
            0 => {
                self.s("http-nio-8080-exec-");
                self.rnum(1, 200);
            }
            1 => {
                self.s("pool-");
                self.rnum(1, 9);
                self.s("-thread-");
                self.rnum(1, 64);
            }
            2 => self.s("main"),
            _ => {
                self.s("scheduling-");
                self.rnum(1, 4);
            }
        }
        self.s("] ");
        self.put(LOGGERS);
        self.s(if style == 0 { " - " } else { " : " });
        self.app_message();
        self.nl();
        if level == "ERROR" && self.pct(40) {
            self.put(EXCEPTIONS);
            self.nl();
            for _ in 0..self.range(3, 8) {
                self.s("\tat vn.app.");
                self.put(&["auth", "otp", "customer", "payment", "kyc", "order"]);
                self.ch('.');
                self.put(&["Service", "Repository", "Controller", "Client", "Handler"]);
                self.s("Impl.");
                self.put(&["find", "save", "verify", "send", "handle", "process"]);
                self.s("(Unknown Source:");
                self.rnum(20, 900);
                self.s(")");
                self.nl();
            }
        }
    }
    fn app_message(&mut self) {
        match self.below(20) {
            0 => {
                self.s("User ");
                self.rnum(10_000, 999_999);
                self.s(" logged in from ");
                self.ip();
            }
            1 => {
                self.s("Gửi OTP tới số điện thoại ");
                self.phone_styled(0);
                self.s(" thành công, mã giao dịch ");
                self.hex(16);
            }
            2 => {
                let p = self.person();
                self.s("Không tìm thấy khách hàng với CCCD ");
                self.cccd(&p);
            }
            3 => {
                let p = self.person();
                self.s("Cập nhật hồ sơ user_id=");
                self.rnum(10_000, 999_999);
                self.s(" email=");
                self.email(&p);
            }
            4 => {
                self.s("Thanh toán đơn hàng #");
                self.rnum(100_000, 9_999_999);
                self.s(" thất bại: số dư không đủ (tài khoản ");
                self.account();
                self.ch(')');
            }
            5 => {
                self.s("Connection timeout to db-");
                self.rnum(1, 4);
                self.s(".internal:5432 after 3000 ms");
            }
            6 | 7 => {
                self.s("Request ");
                self.hex(8);
                self.ch('-');
                self.hex(4);
                self.s("-4");
                self.hex(3);
                self.ch('-');
                self.hex(4);
                self.ch('-');
                self.hex(12);
                self.s(" completed in ");
                self.rnum(2, 3000);
                self.s(" ms status=200");
            }
            8 => {
                self.s("Retrying job ");
                self.hex(12);
                self.s(" (attempt ");
                self.rnum(2, 5);
                self.s("/5)");
            }
            9 => {
                let p = self.person();
                self.s("Đăng ký tài khoản mới: ");
                self.name(&p);
                self.s(" <");
                self.email(&p);
                self.s(">, sđt ");
                self.phone();
            }
            10 => {
                let p = self.person();
                self.s("Khách hàng ");
                self.name(&p);
                self.s(" đổi địa chỉ giao hàng thành: ");
                self.address(p.home);
            }
            11 => {
                self.s("Cache miss key=customer:");
                self.rnum(10_000, 999_999);
            }
            12 => {
                let p = self.person();
                let start = self.out.len();
                self.s("Xác thực eKYC thất bại cho số CCCD ");
                self.cccd(&p);
                self.s(": ảnh chân dung không khớp");
                if self.one_in(2) {
                    self.unaccent_from(start);
                }
            }
            13 => {
                self.s("Scheduled task report-daily finished, ");
                self.rnum(100, 90_000);
                self.s(" rows exported");
            }
            14 => {
                self.s("GET /api/v1/customers/");
                self.rnum(10_000, 999_999);
                self.s(" 200 ");
                self.rnum(2, 900);
                self.s("ms");
            }
            15 => {
                self.s("Invalid token for user ");
                self.rnum(10_000, 999_999);
                self.s(": signature mismatch");
            }
            16 => {
                let p = self.person();
                self.s("Tạo phiếu yêu cầu hỗ trợ #");
                self.rnum(10_000, 99_999);
                self.s(" từ ");
                self.email(&p);
            }
            17 => {
                self.s("Payment callback received: orderId=DH");
                self.digits(10);
                self.s(", amount=");
                self.rnum(10, 9000);
                self.s("000, bankCode=");
                self.put(&["VCB", "TCB", "MB", "ACB", "BIDV"]);
            }
            18 => {
                self.s("HikariPool-1 - Connection is not available, request timed out after ");
                self.rnum(1000, 30_000);
                self.s("ms.");
            }
            _ => {
                self.s("Gửi email thông báo tới ");
                let p = self.person();
                self.email(&p);
                self.s(" (");
                self.name(&p);
                self.s(")");
            }
        }
    }
    fn syslog_line(&mut self, host: u64) {
        let (_, m, d, hh, mi, ss) = self.clock_parts();
        self.s(MONTHS[(m - 1) as usize]);
        self.ch(' ');
        if d < 10 {
            self.ch(' ');
        }
        self.num(u64::from(d));
        self.ch(' ');
        self.pad(hh, 2);
        self.ch(':');
        self.pad(mi, 2);
        self.ch(':');
        self.pad(ss, 2);
        self.s(" web-");
        self.pad(host, 2);
        self.ch(' ');
        match self.below(8) {
            0 | 1 => {
                self.s("sshd[");
                self.rnum(1000, 60_000);
                self.s("]: ");
                if self.one_in(2) {
                    self.s("Failed password for invalid user ");
                    self.put(&["admin", "test", "oracle", "ubuntu", "git", "postgres"]);
                } else {
                    self.s("Accepted publickey for ");
                    self.put(&["deploy", "ubuntu", "ops"]);
                }
                self.s(" from ");
                self.ip();
                self.s(" port ");
                self.rnum(1024, 65_535);
                self.s(" ssh2");
            }
            2 => {
                self.s("CRON[");
                self.rnum(1000, 60_000);
                self.s("]: (root) CMD (/usr/local/bin/backup.sh > /dev/null 2>&1)");
            }
            3 => {
                self.s("systemd[1]: Started Session ");
                self.rnum(1, 9999);
                self.s(" of User deploy.");
            }
            4 => {
                self.s("kernel: [UFW BLOCK] IN=eth0 OUT= SRC=");
                self.ip();
                self.s(" DST=");
                self.ip();
                self.s(" LEN=60 TTL=");
                self.rnum(30, 128);
                self.s(" PROTO=TCP SPT=");
                self.rnum(1024, 65_535);
                self.s(" DPT=");
                self.put(&["22", "23", "3389", "445", "8080"]);
            }
            5 | 6 => {
                let p = self.person();
                self.s("postfix/smtp[");
                self.rnum(1000, 60_000);
                self.s("]: ");
                self.hex(10);
                let start = self.out.len() - 10;
                self.upper_from(start);
                self.s(": to=<");
                self.email(&p);
                self.s(">, relay=");
                self.put(&["gmail-smtp-in.l.google.com", "mx.yahoo.com", "mail.fpt.vn"]);
                self.s(":25, delay=");
                self.rnum(0, 9);
                self.ch('.');
                self.rnum(1, 9);
                self.s(", status=sent (250 2.0.0 OK)");
            }
            _ => {
                let p = self.person();
                self.s("dovecot: imap-login: Login: user=<");
                self.email(&p);
                self.s(">, method=PLAIN, rip=");
                self.ip();
            }
        }
        self.nl();
    }
}

// ---- the dense mix ----

impl Gen {
    fn dense_block(&mut self) {
        match self.below(4) {
            0 => {
                self.hr_header();
                for _ in 0..self.range(10, 60) {
                    self.hr_row();
                }
                self.blank();
            }
            1 | 2 => self.office_document(),
            _ => self.log_block(),
        }
    }
}
