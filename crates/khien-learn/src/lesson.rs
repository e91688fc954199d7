//! Lessons: `lessons/<id>.md`, TOML front matter between two `+++` lines, the Vietnamese body
//! in Markdown, a line `<!-- en -->`, the English body.

use serde::Deserialize;

use crate::{Lang, Problem};

/// The line between the Vietnamese and the English body.
pub const EN_SEPARATOR: &str = "<!-- en -->";

/// Headings every Vietnamese body has (level 2), in this order.
pub const HEADINGS_VI: [&str; 3] = ["Dấu hiệu nhận biết", "Việc cần làm", "Nếu đã lỡ"];
/// Headings every English body has (level 2), in this order.
pub const HEADINGS_EN: [&str; 3] = ["Warning signs", "What to do", "If it already happened"];

/// Whom a lesson is for, by duty (a person may have several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duty {
    /// Every member of staff.
    All,
    /// Staff who handle records and personal data (cán bộ xử lý hồ sơ, dữ liệu cá nhân).
    Records,
    /// IT staff.
    It,
    /// Leaders.
    Leaders,
}

impl Duty {
    /// Every duty.
    pub const ALL: [Duty; 4] = [Duty::All, Duty::Records, Duty::It, Duty::Leaders];

    /// The code used in content files and records.
    pub fn code(self) -> &'static str {
        match self {
            Duty::All => "all",
            Duty::Records => "records",
            Duty::It => "it",
            Duty::Leaders => "leaders",
        }
    }

    /// The duty of a code.
    pub fn from_code(code: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Its name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Duty::All, Lang::Vi) => "Mọi cán bộ",
            (Duty::All, Lang::En) => "All staff",
            (Duty::Records, Lang::Vi) => "Cán bộ xử lý hồ sơ, dữ liệu cá nhân",
            (Duty::Records, Lang::En) => "Records and personal-data staff",
            (Duty::It, Lang::Vi) => "Cán bộ công nghệ thông tin",
            (Duty::It, Lang::En) => "IT staff",
            (Duty::Leaders, Lang::Vi) => "Lãnh đạo",
            (Duty::Leaders, Lang::En) => "Leaders",
        }
    }
}

/// What a lesson is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A scam form (with a scam type code of khien-judge).
    Scam,
    /// Personal-data duties.
    PersonalData,
    /// Passwords and two-factor.
    Accounts,
    /// Deepfake voice and video.
    Deepfake,
    /// Publishing documents safely.
    Publishing,
    /// Phishing aimed at the agency.
    PhishingAtWork,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Topic; 6] = [
        Topic::Scam,
        Topic::PersonalData,
        Topic::Accounts,
        Topic::Deepfake,
        Topic::Publishing,
        Topic::PhishingAtWork,
    ];

    /// The code used in content files.
    pub fn code(self) -> &'static str {
        match self {
            Topic::Scam => "scam",
            Topic::PersonalData => "personal-data",
            Topic::Accounts => "accounts",
            Topic::Deepfake => "deepfake",
            Topic::Publishing => "publishing",
            Topic::PhishingAtWork => "phishing-at-work",
        }
    }

    /// The topic of a code.
    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The audiences a lesson may have.
pub const AUDIENCES: [&str; 2] = ["staff", "citizens"];

/// The front matter as written (codes are kept as text so the linter can name a bad one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Equals the file stem.
    pub id: String,
    /// Content version, raised when the lesson changes in substance.
    pub version: u32,
    /// Last change, `YYYY-MM-DD`.
    pub updated: String,
    /// Title, Vietnamese.
    pub title_vi: String,
    /// Title, English.
    pub title_en: String,
    /// One or two sentences, Vietnamese.
    pub summary_vi: String,
    /// One or two sentences, English.
    pub summary_en: String,
    /// Duty codes ([`Duty`]).
    pub roles: Vec<String>,
    /// Topic code ([`Topic`]).
    pub topic: String,
    /// For `topic = "scam"`: a scam type code of khien-judge.
    #[serde(default)]
    pub scam_type: Option<String>,
    /// `staff` and/or `citizens`.
    pub audience: Vec<String>,
    /// Reading time in minutes.
    pub minutes: u32,
    /// Where the facts come from.
    pub sources: Vec<String>,
    /// The invented people the lesson's story names, as written ("Trần Thị Hoa"). A story
    /// needs people; declaring them tells the linter (and a reviewer) that they are made up, so
    /// any other full name in the lesson or its questions is still a problem.
    #[serde(default)]
    pub characters: Vec<String>,
}

/// A parsed lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The id (the file stem).
    pub id: String,
    /// The file it came from, relative to the content folder.
    pub file: String,
    /// The front matter.
    pub front: FrontMatter,
    /// The Vietnamese body (Markdown).
    pub body_vi: String,
    /// The English body (Markdown); empty when the separator is missing.
    pub body_en: String,
    /// Whether the `<!-- en -->` separator was found.
    pub has_en: bool,
}

impl Lesson {
    /// The title in a language.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.front.title_vi,
            Lang::En => &self.front.title_en,
        }
    }

    /// The summary in a language.
    pub fn summary(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.front.summary_vi,
            Lang::En => &self.front.summary_en,
        }
    }

    /// The Markdown body in a language.
    pub fn body(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.body_vi,
            Lang::En => &self.body_en,
        }
    }

    /// The duties of `roles` that are known codes.
    pub fn duties(&self) -> Vec<Duty> {
        self.front.roles.iter().filter_map(|r| Duty::from_code(r)).collect()
    }

    /// Whether a person with these duties should take it (`all` fits everyone).
    pub fn fits(&self, duties: &[Duty]) -> bool {
        self.duties().iter().any(|d| *d == Duty::All || duties.contains(d))
    }

    /// Whether it is in the staff course.
    pub fn for_staff(&self) -> bool {
        self.front.audience.iter().any(|a| a == "staff")
    }

    /// Whether it is on the public outreach pages.
    pub fn for_citizens(&self) -> bool {
        self.front.audience.iter().any(|a| a == "citizens")
    }

    /// The topic, when the code is known.
    pub fn topic(&self) -> Option<Topic> {
        Topic::from_code(&self.front.topic)
    }

    /// The body rendered to safe HTML (no raw HTML passes; phone blocks become mock phones).
    pub fn html(&self, lang: Lang) -> String {
        crate::render::markdown(self.body(lang), lang)
    }

    /// The Markdown of one level-2 section (`## heading` up to the next level-2 heading), for
    /// the short outreach page.
    pub fn section(&self, lang: Lang, heading: &str) -> Option<&str> {
        section(self.body(lang), heading)
    }

    /// The points of one section as plain text, one per list item (or per paragraph when the
    /// section has no list), for a poster or a text message.
    pub fn section_points(&self, lang: Lang, heading: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let Some(md) = self.section(lang, heading) else { return vec![] };
        let mut points = vec![];
        let mut current: Option<String> = None;
        let mut depth = 0usize;
        let mut in_heading = false;
        for event in Parser::new(md) {
            match event {
                Event::Start(Tag::Heading { .. }) => in_heading = true,
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Start(Tag::Item) => {
                    depth += 1;
                    if depth == 1 {
                        current = Some(String::new());
                    }
                }
                Event::End(TagEnd::Item) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0
                        && let Some(p) = current.take()
                    {
                        points.push(p.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                Event::Start(Tag::Paragraph) if depth == 0 && !in_heading => {
                    current = Some(String::new())
                }
                Event::End(TagEnd::Paragraph) if depth == 0 => {
                    if let Some(p) = current.take() {
                        points.push(p.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                Event::Text(t) | Event::Code(t) if !in_heading => {
                    if let Some(c) = current.as_mut() {
                        c.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(c) = current.as_mut() {
                        c.push(' ');
                    }
                }
                _ => {}
            }
        }
        points.retain(|p| !p.is_empty());
        points
    }

    /// The Markdown before the first level-2 heading (the story).
    pub fn intro(&self, lang: Lang) -> &str {
        let body = self.body(lang);
        let end = heading_lines(body).next().map_or(body.len(), |(at, _)| at);
        &body[..end]
    }
}

/// (byte offset of the line, heading text) of every level-2 heading outside fenced blocks.
pub(crate) fn heading_lines(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fence = false;
    let mut at = 0;
    body.split_inclusive('\n').filter_map(move |line| {
        let start = at;
        at += line.len();
        let t = line.trim_end();
        if t.trim_start().starts_with("```") {
            fence = !fence;
            return None;
        }
        if fence {
            return None;
        }
        t.strip_prefix("## ").map(|h| (start, h.trim()))
    })
}

fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let mut heads = heading_lines(body).peekable();
    while let Some((at, h)) = heads.next() {
        if h == heading {
            let end = heads.peek().map_or(body.len(), |(next, _)| *next);
            let text = &body[at..end];
            let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
            return Some(text[first_line_end..].trim());
        }
    }
    None
}

/// Parses a lesson file. `stem` is the file name without `.md`; `file` names the file in
/// problems.
pub fn parse(file: &str, stem: &str, text: &str) -> Result<Lesson, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(Problem::new(file, "front matter", "the file must start with a line +++"));
    }
    let mut offset = first.len();
    let mut close = None;
    for line in lines {
        if line.trim_end() == "+++" {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start)) = close else {
        return Err(Problem::new(file, "front matter", "no closing line +++"));
    };
    let front: FrontMatter = toml::from_str(&text[first.len()..fm_end]).map_err(|e| {
        let field = toml_field(&e).unwrap_or_else(|| "front matter".to_string());
        Problem::new(file, field, e.message().to_string())
    })?;
    let body = &text[body_start..];
    let (body_vi, body_en, has_en) = match split_en(body) {
        Some((vi, en)) => (vi, en, true),
        None => (body, "", false),
    };
    Ok(Lesson {
        id: stem.to_string(),
        file: file.to_string(),
        front,
        body_vi: body_vi.trim().to_string(),
        body_en: body_en.trim().to_string(),
        has_en,
    })
}

/// Splits a body at the line `<!-- en -->`.
fn split_en(body: &str) -> Option<(&str, &str)> {
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if line.trim() == EN_SEPARATOR {
            return Some((&body[..at], &body[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// The field a TOML error is about, when serde names one (`missing field `x``, `unknown
/// field `x``) or the error points into a key.
pub(crate) fn toml_field(e: &toml::de::Error) -> Option<String> {
    let m = e.message();
    for cue in ["missing field `", "unknown field `"] {
        if let Some(rest) = m.split(cue).nth(1) {
            return rest.split('`').next().map(str::to_string);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"a\"\nversion = 1\nupdated = \"2026-12-07\"\ntitle_vi = \"T\"\ntitle_en = \"T\"\nsummary_vi = \"S\"\nsummary_en = \"S\"\nroles = [\"all\"]\ntopic = \"scam\"\nscam_type = \"impersonate_police\"\naudience = [\"staff\"]\nminutes = 3\nsources = [\"scam-vn.md §3\"]\n+++\nChuyện.\n\n## Dấu hiệu nhận biết\nA\n\n```phone\n## not a heading\n```\n## Việc cần làm\nB\n## Nếu đã lỡ\nC\n<!-- en -->\nStory.\n## Warning signs\nA\n";

    #[test]
    fn parses_front_matter_and_both_bodies() {
        let l = parse("lessons/a.md", "a", GOOD).unwrap();
        assert_eq!(l.front.scam_type.as_deref(), Some("impersonate_police"));
        assert!(l.has_en);
        assert!(l.body_vi.starts_with("Chuyện.") && l.body_vi.ends_with('C'));
        assert!(l.body_en.starts_with("Story."));
        assert_eq!(l.intro(Lang::Vi), "Chuyện.\n\n");
        assert_eq!(l.section(Lang::Vi, "Việc cần làm"), Some("B"));
        // The line inside the fence is not a heading: the signs section runs to "Việc cần làm".
        assert!(l.section(Lang::Vi, "Dấu hiệu nhận biết").unwrap().contains("not a heading"));
        assert_eq!(l.section(Lang::En, "What to do"), None);
        assert!(l.fits(&[]) && l.for_staff() && !l.for_citizens());
    }

    #[test]
    fn names_the_missing_field() {
        let bad = GOOD.replace("title_en = \"T\"\n", "");
        let p = parse("lessons/a.md", "a", &bad).unwrap_err();
        assert_eq!(p.field, "title_en", "{p}");
        let bad = GOOD.replace("minutes = 3", "minutes = 3\ncolour = \"red\"");
        assert_eq!(parse("lessons/a.md", "a", &bad).unwrap_err().field, "colour");
        let p = parse("lessons/a.md", "a", "no front matter").unwrap_err();
        assert_eq!(p.field, "front matter");
        let p = parse("lessons/a.md", "a", "+++\nid = \"a\"\n").unwrap_err();
        assert!(p.message.contains("closing"), "{p}");
    }
}

#[cfg(test)]
mod section_point_tests {
    use crate::{Content, Lang};

    #[test]
    fn sections_become_plain_points() {
        let content = Content::embedded();
        let lesson = content.lesson("gia-danh-cong-an").expect("an embedded lesson");
        let points = lesson.section_points(Lang::Vi, crate::lesson::HEADINGS_VI[0]);
        assert!(points.len() >= 2, "{points:?}");
        for p in &points {
            assert!(!p.contains("**") && !p.contains('\n') && !p.starts_with('-'), "{p}");
        }
        assert!(lesson.section_points(Lang::Vi, "Không có mục này").is_empty());
    }
}
