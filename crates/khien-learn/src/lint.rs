//! The content linter: every problem of a content folder, each naming its file and field.
//!
//! It checks the format (front matter, ids, codes from the allowed sets, both languages, the
//! required headings, the question bank's shape), that the lesson's scam type is one of
//! khien-judge's own codes, and that examples are obviously invented: links only under
//! `.example` or `.invalid` (or an official host), no number khien-detect's validator takes
//! for a Vietnamese mobile, and nothing khien-detect reports as personal data.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;

use crate::lesson::{AUDIENCES, Duty, HEADINGS_EN, HEADINGS_VI, Lesson, Topic};
use crate::question::{Question, QuestionKind};
use crate::render::{PHONE_KINDS, body_parts, is_named_host, is_official_host};
use crate::{Content, Problem};

/// The confidence at which personal data found in content is a problem. Lessons tell stories
/// with invented people and speak of arrests and debts: the engine rightly rates a given name
/// after a kinship word ("chị Hạnh") or a crime word in a lesson about police scams as medium
/// at most, while what it is sure of (a full name, a valid ID number, a mobile number with
/// its label) is high and fails the content.
pub const PERSONAL_DATA_CONFIDENCE: khien_detect::Confidence = khien_detect::Confidence::High;

/// Fewest questions a lesson must have.
pub const MIN_QUESTIONS: usize = 6;
/// Fewest and most choices of a question.
pub const CHOICES: std::ops::RangeInclusive<usize> = 3..=4;

/// Lints content files given as (path under the content folder, text).
pub fn lint<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Vec<Problem> {
    Linter::new().lint(files)
}

/// Lints the content embedded at build time.
pub fn lint_embedded() -> Vec<Problem> {
    lint(crate::embedded_files())
}

/// The linter with what it borrows from the engines: khien-judge's scam type codes and a
/// khien-detect engine. Build once to lint several folders.
pub struct Linter {
    scam_types: BTreeSet<String>,
    min_confidence: khien_detect::Confidence,
    engine: khien_detect::Engine,
    url: Regex,
    bare_host: Regex,
    digits: Regex,
}

impl Default for Linter {
    fn default() -> Linter {
        Linter::new()
    }
}

impl Linter {
    /// A linter over the built-in judge and detection engine.
    pub fn new() -> Linter {
        let judge = khien_judge::Judge::new();
        Linter::with_scam_types(judge.scam_type_codes().map(str::to_string).collect())
    }

    /// A linter accepting these scam type codes (tests, or a judge with other rules).
    pub fn with_scam_types(scam_types: BTreeSet<String>) -> Linter {
        Linter {
            scam_types,
            min_confidence: PERSONAL_DATA_CONFIDENCE,
            engine: khien_detect::Engine::new(khien_detect::Config::default()),
            url: Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]`]+").expect("valid regex"),
            // Bare host names with a top-level domain that real sites use; file names such as
            // `vneid.apk` or `scam-vn.md` are not hosts.
            bare_host: Regex::new(
                r"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|info|xyz|top|icu|vip|cc|me|io|app|shop|club|live|online|site|link|asia|biz)\b",
            )
            .expect("valid regex"),
            digits: Regex::new(r"\+?\d(?:[\d]|[ .\-](?:\d))+").expect("valid regex"),
        }
    }

    /// Reports personal data found at or above this confidence (default
    /// [`PERSONAL_DATA_CONFIDENCE`]).
    pub fn with_min_confidence(mut self, confidence: khien_detect::Confidence) -> Linter {
        self.min_confidence = confidence;
        self
    }

    /// Every problem in the files, sorted by file.
    pub fn lint<P: AsRef<str>, T: AsRef<str>>(&self, files: &[(P, T)]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (path, _) in files {
            let path = path.as_ref();
            let ok = match path.split_once('/') {
                Some(("lessons", name)) => name.ends_with(".md") && kebab(&name[..name.len() - 3]),
                Some(("questions", name)) => {
                    name.ends_with(".toml") && kebab(&name[..name.len() - 5])
                }
                _ => false,
            };
            if !ok {
                problems.push(Problem::new(
                    path,
                    "file name",
                    "expected lessons/<id>.md or questions/<id>.toml with an ASCII kebab-case id",
                ));
            }
        }
        let (content, parse) = Content::parse_lenient(files);
        problems.extend(parse);
        for lesson in &content.lessons {
            self.lesson(lesson, &mut problems);
        }
        self.questions(&content, files, &mut problems);
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        problems
    }

    fn lesson(&self, l: &Lesson, out: &mut Vec<Problem>) {
        let f = &l.front;
        let mut p = |field: &str, msg: String| out.push(Problem::new(&l.file, field, msg));
        if f.id != l.id {
            p("id", format!("{:?} differs from the file name {:?}", f.id, l.id));
        }
        if f.version == 0 {
            p("version", "must be 1 or more".into());
        }
        if !valid_date(&f.updated) {
            p("updated", format!("{:?} is not a date YYYY-MM-DD", f.updated));
        }
        for (field, value) in [
            ("title_vi", &f.title_vi),
            ("title_en", &f.title_en),
            ("summary_vi", &f.summary_vi),
            ("summary_en", &f.summary_en),
        ] {
            if value.trim().is_empty() {
                p(field, "is empty".into());
            }
        }
        if f.roles.is_empty() {
            p("roles", "names no role".into());
        }
        for r in &f.roles {
            if Duty::from_code(r).is_none() {
                p("roles", format!("{r:?} is not one of all, records, it, leaders"));
            }
        }
        match Topic::from_code(&f.topic) {
            None => p(
                "topic",
                format!("{:?} is not one of {}", f.topic, Topic::ALL.map(Topic::code).join(", ")),
            ),
            Some(Topic::Scam) => match &f.scam_type {
                None => p("scam_type", "a scam lesson needs a scam type code".into()),
                Some(t) if !self.scam_types.contains(t) => {
                    p("scam_type", format!("{t:?} is not a scam type code of khien-judge"))
                }
                Some(_) => {}
            },
            Some(_) => {
                if f.scam_type.is_some() {
                    p("scam_type", "only lessons with topic = \"scam\" have a scam type".into());
                }
            }
        }
        if f.audience.is_empty() {
            p("audience", "names no audience".into());
        }
        for a in &f.audience {
            if !AUDIENCES.contains(&a.as_str()) {
                p("audience", format!("{a:?} is not staff or citizens"));
            }
        }
        if !(1..=60).contains(&f.minutes) {
            p("minutes", "reading time must be 1 to 60 minutes".into());
        }
        if f.sources.is_empty() || f.sources.iter().any(|s| s.trim().is_empty()) {
            p("sources", "must name where the facts come from (no empty entry)".into());
        }
        if !l.has_en {
            p(
                "body_en",
                format!("no line {} before the English body", crate::lesson::EN_SEPARATOR),
            );
        }
        for (field, body, wanted) in
            [("body_vi", &l.body_vi, HEADINGS_VI), ("body_en", &l.body_en, HEADINGS_EN)]
        {
            if field == "body_en" && !l.has_en {
                continue;
            }
            let parts = body_parts(body);
            let mut at = 0;
            for h in wanted {
                match parts.headings.iter().skip(at).position(|x| x == h) {
                    Some(i) => at += i + 1,
                    None => p(
                        field,
                        format!("no heading \"## {h}\" (in this order: {})", wanted.join(", ")),
                    ),
                }
            }
            for raw in &parts.raw_html {
                p(field, format!("raw HTML is not allowed: {raw:?}"));
            }
            for (i, phone) in parts.phones.iter().enumerate() {
                if !PHONE_KINDS.contains(&phone.kind.as_str()) {
                    p(
                        field,
                        format!(
                            "phone block {}: kind {:?} is not one of {}",
                            i + 1,
                            phone.kind,
                            PHONE_KINDS.join(", ")
                        ),
                    );
                }
                if phone.text.is_empty() {
                    p(field, format!("phone block {}: no message", i + 1));
                }
            }
            for link in &parts.links {
                if let Some(msg) = self.bad_link(link) {
                    p(field, msg);
                }
            }
        }
        let texts = [
            ("title_vi", f.title_vi.as_str()),
            ("title_en", f.title_en.as_str()),
            ("summary_vi", f.summary_vi.as_str()),
            ("summary_en", f.summary_en.as_str()),
            ("body_vi", l.body_vi.as_str()),
            ("body_en", l.body_en.as_str()),
        ];
        for (field, text) in texts {
            self.examples(&l.file, field, text, &f.characters, out);
        }
        for name in &f.characters {
            if name.split_whitespace().count() < 2 {
                out.push(Problem::new(
                    &l.file,
                    "characters",
                    format!("{name:?}: declare a character's full name as the story writes it"),
                ));
            }
        }
    }

    fn questions<P: AsRef<str>, T: AsRef<str>>(
        &self,
        content: &Content,
        files: &[(P, T)],
        out: &mut Vec<Problem>,
    ) {
        // Which file each question came from, and its index there.
        let mut from: Vec<(String, usize)> = Vec::new();
        for (path, text) in files {
            let path = path.as_ref();
            if path.starts_with("questions/") && path.ends_with(".toml") {
                if let Ok(qs) = crate::question::parse(path, text.as_ref()) {
                    from.extend((0..qs.len()).map(|i| (path.to_string(), i)));
                }
            }
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        let mut per_lesson: BTreeMap<&str, usize> = BTreeMap::new();
        for (q, (file, i)) in content.questions.iter().zip(&from) {
            let field = |name: &str| format!("question[{i}].{name}");
            let mut p = |name: &str, msg: String| out.push(Problem::new(file, field(name), msg));
            let stem = file.trim_start_matches("questions/").trim_end_matches(".toml");
            if let Some(first) = seen.insert(&q.id, file) {
                p("id", format!("{:?} is used twice (also in {first})", q.id));
            }
            if q.lesson != stem {
                p("lesson", format!("{:?} differs from the file name {stem:?}", q.lesson));
            }
            if content.lesson(&q.lesson).is_none() {
                p("lesson", format!("no lesson {:?}", q.lesson));
            }
            let n = q.id.strip_prefix(&format!("{}-", q.lesson));
            if !n.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
                p("id", format!("{:?} is not <lesson-id>-<n>", q.id));
            }
            *per_lesson.entry(&q.lesson).or_default() += 1;
            if QuestionKind::from_code(&q.kind).is_none() {
                p("kind", format!("{:?} is not single or scenario", q.kind));
            }
            for (name, text) in [
                ("prompt_vi", &q.prompt_vi),
                ("prompt_en", &q.prompt_en),
                ("explanation_vi", &q.explanation_vi),
                ("explanation_en", &q.explanation_en),
            ] {
                if text.trim().is_empty() {
                    p(name, "is empty".into());
                }
            }
            for (name, choices) in [("choices_vi", &q.choices_vi), ("choices_en", &q.choices_en)] {
                if !CHOICES.contains(&choices.len()) {
                    p(name, format!("{} choices; 3 or 4 are needed", choices.len()));
                }
                if choices.iter().any(|c| c.trim().is_empty()) {
                    p(name, "an empty choice".into());
                }
                let distinct: BTreeSet<&str> = choices.iter().map(|c| c.trim()).collect();
                if distinct.len() != choices.len() {
                    p(name, "two choices are the same".into());
                }
                if choices.iter().any(|c| all_of_the_above(c)) {
                    p(name, "no \"all of the above\" choices".into());
                }
            }
            if q.choices_vi.len() != q.choices_en.len() {
                p(
                    "choices_en",
                    format!(
                        "{} choices in English, {} in Vietnamese",
                        q.choices_en.len(),
                        q.choices_vi.len()
                    ),
                );
            }
            if q.answer >= q.choices_vi.len().min(q.choices_en.len()) {
                p("answer", format!("{} is not the index of a choice (0-based)", q.answer));
            }
            let characters = content.lesson(&q.lesson).map_or(&[][..], |l| &l.front.characters);
            for (name, text) in question_texts(q) {
                self.examples(file, &field(name), text, characters, out);
            }
        }
        for l in &content.lessons {
            let n = per_lesson.get(l.id.as_str()).copied().unwrap_or(0);
            if n < MIN_QUESTIONS {
                out.push(Problem::new(
                    &l.file,
                    "questions",
                    format!(
                        "{n} questions in questions/{}.toml; at least {MIN_QUESTIONS} are needed",
                        l.id
                    ),
                ));
            }
        }
    }

    fn bad_link(&self, link: &str) -> Option<String> {
        let lower = link.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .or_else(|| lower.strip_prefix("mailto:").map(|m| m.rsplit('@').next().unwrap_or(m)))
            .unwrap_or(&lower);
        let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        if invented_host(host) || is_official_host(host) {
            None
        } else {
            Some(format!(
                "link {link:?}: examples use hosts under .example or .invalid; real links only to the official hosts"
            ))
        }
    }

    /// Invented examples only: links, mobile numbers, personal data.
    fn examples(
        &self,
        file: &str,
        field: &str,
        text: &str,
        characters: &[String],
        out: &mut Vec<Problem>,
    ) {
        let mut hosts = BTreeSet::new();
        for m in self.url.find_iter(text) {
            let u = m.as_str().trim_end_matches(['.', ',', ';', '!', '?', '"', '\'', '*', '_']);
            let u = if u.starts_with("www.") { format!("https://{u}") } else { u.to_string() };
            if let Some(msg) = self.bad_link(&u) {
                hosts.insert(msg);
            }
        }
        for m in self.bare_host.find_iter(text) {
            // Skip what is part of a URL already checked, and e-mail local parts.
            let before = &text[..m.start()];
            if before.ends_with("://") || before.ends_with('.') || before.ends_with('/') {
                continue;
            }
            let h = m.as_str().to_ascii_lowercase();
            // "non-.gov.vn" in prose is not a host: a label never ends with a hyphen.
            if h.split('.').any(|label| label.ends_with('-')) {
                continue;
            }
            if !is_official_host(&h) && !is_named_host(&h) {
                hosts.insert(format!(
                    "host {:?}: examples use hosts under .example or .invalid",
                    m.as_str()
                ));
            }
        }
        for msg in hosts {
            out.push(Problem::new(file, field, msg));
        }
        for m in self.digits.find_iter(text) {
            if let Some(n) = mobile_in(m.as_str()) {
                out.push(Problem::new(
                    file,
                    field,
                    format!("{n:?} is a valid Vietnamese mobile number; use an invalid prefix such as 0199 or 0120"),
                ));
            }
        }
        for finding in self.engine.detect(text) {
            if finding.confidence() < self.min_confidence {
                continue;
            }
            // A declared character, whole or in part ("Hoa" of "Trần Thị Hoa").
            let found = &text[finding.start..finding.end];
            // A mock phone screen shows the message a scammer wants read out ("mã xác thực của
            // bạn là 482913"): the code is the lesson's point and invented.
            if finding.kind == khien_detect::Kind::Credential && in_phone_block(text, finding.start)
            {
                continue;
            }
            if finding.kind == khien_detect::Kind::PersonName
                && characters.iter().any(|c| c == found || c.contains(found))
            {
                continue;
            }
            out.push(Problem::new(
                file,
                field,
                format!(
                    "personal data ({}, {} confidence): {:?}",
                    finding.code(),
                    finding.confidence().code(),
                    finding.masked(text).chars().take(40).collect::<String>()
                ),
            ));
        }
    }
}

/// Whether `at` lies inside a ```` ```phone ```` fenced block of `text`.
fn in_phone_block(text: &str, at: usize) -> bool {
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let fence = line.trim_end();
        match open {
            None if fence == "```phone" => open = Some(offset),
            Some(start) if fence == "```" => {
                if (start..offset).contains(&at) {
                    return true;
                }
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    false
}

fn question_texts(q: &Question) -> Vec<(&'static str, &str)> {
    let mut v = vec![
        ("prompt_vi", q.prompt_vi.as_str()),
        ("prompt_en", q.prompt_en.as_str()),
        ("explanation_vi", q.explanation_vi.as_str()),
        ("explanation_en", q.explanation_en.as_str()),
    ];
    v.extend(q.choices_vi.iter().map(|c| ("choices_vi", c.as_str())));
    v.extend(q.choices_en.iter().map(|c| ("choices_en", c.as_str())));
    v
}

/// Whether a host is invented: under `.example` or `.invalid` (RFC 2606 and 6761).
pub fn invented_host(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "example" || h == "invalid" || h.ends_with(".example") || h.ends_with(".invalid")
}

/// The first valid Vietnamese mobile number among the contiguous groups of a digit run, by
/// khien-detect's validator (the run `2025 0912 345 678` holds one).
fn mobile_in(run: &str) -> Option<String> {
    let groups: Vec<&str> = run.split([' ', '.', '-']).filter(|g| !g.is_empty()).collect();
    for i in 0..groups.len() {
        let mut digits = String::new();
        for g in &groups[i..] {
            digits.push_str(g.trim_start_matches('+'));
            if digits.len() > 12 {
                break;
            }
            if matches!(
                khien_detect::validate::phone(&digits),
                Some(
                    khien_detect::validate::PhoneInfo::Mobile { .. }
                        | khien_detect::validate::PhoneInfo::LegacyMobile { .. }
                )
            ) && (digits.starts_with('0') || (digits.starts_with("84") && digits.len() >= 11))
            {
                return Some(digits);
            }
        }
    }
    None
}

fn all_of_the_above(choice: &str) -> bool {
    let c = choice.to_lowercase();
    [
        "tất cả các",
        "tất cả đều",
        "cả ba",
        "cả bốn",
        "all of the above",
        "all of these",
        "none of the above",
        "không có đáp án",
    ]
    .iter()
    .any(|cue| c.contains(cue))
}

fn kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            (2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => false,
    }
}
