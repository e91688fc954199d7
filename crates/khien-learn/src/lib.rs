//! Khiên awareness content: the lessons and the question bank of `content/awareness/`, their
//! parser, the Markdown renderer (safe HTML, with the ```` ```phone ```` mock phone screen),
//! the content linter, and quizzes with spaced repetition of missed questions.
//!
//! What it is: pure functions over text. The content is embedded at build time
//! ([`Content::embedded`]); a caller holding a newer content folder reads the files itself
//! and passes their text to [`Content::from_files`] and [`lint::lint`]. What it is not: no
//! file, database or network I/O, no HTTP (pages live in `khien-server`, records of who
//! learned what in `khien-store`). The scam type codes come from `khien-judge`'s own list and
//! the phone and personal-data checks from `khien-detect`, never copied here.
//!
//! ```
//! let content = khien_learn::Content::embedded();
//! let lesson = content.lesson("gia-danh-cong-an").expect("an embedded lesson");
//! let html = lesson.html(khien_learn::Lang::Vi);
//! assert!(html.contains("<h2>Dấu hiệu nhận biết</h2>"));
//! assert!(content.questions_for(&lesson.id).count() >= 6);
//! ```

pub mod lesson;
pub mod lint;
pub mod question;
pub mod quiz;
pub mod render;
pub mod simulation;

pub use lesson::{Duty, FrontMatter, Lesson, Topic};
pub use question::{Question, QuestionKind};
pub use render::PHONE_CSS;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Vietnamese (first everywhere).
    #[default]
    Vi,
    /// English.
    En,
}

/// A problem in one content file, naming the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {field}: {message}")]
pub struct Problem {
    /// The file, relative to the content folder (`lessons/x.md`, `questions/x.toml`).
    pub file: String,
    /// The field or part (`title_en`, `body_vi`, `question[3].answer`, …).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(file: &str, field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { file: file.to_string(), field: field.into(), message: message.into() }
    }
}

/// Errors loading content: every file that did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} content file(s) did not parse; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
pub struct ContentError(pub Vec<Problem>);

/// The lessons and questions of one content folder.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Lessons, by id.
    pub lessons: Vec<Lesson>,
    /// Questions, in file order (by lesson id, then as written).
    pub questions: Vec<Question>,
}

/// The content files embedded at build time: (path under `content/awareness/`, text).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

impl Content {
    /// The content embedded at build time. The linter test keeps it valid; a file that does
    /// not parse is left out here rather than stopping the server.
    pub fn embedded() -> &'static Content {
        static CONTENT: std::sync::OnceLock<Content> = std::sync::OnceLock::new();
        CONTENT.get_or_init(|| Content::parse_lenient(embedded_files()).0)
    }

    /// Parses content files given as (path under the content folder, text): `lessons/*.md`
    /// and `questions/*.toml`; other paths are ignored. Fails with every file that did not
    /// parse (the semantic checks are [`lint::lint`]'s).
    pub fn from_files<P: AsRef<str>, T: AsRef<str>>(
        files: &[(P, T)],
    ) -> Result<Content, ContentError> {
        let (content, problems) = Content::parse_lenient(files);
        if problems.is_empty() { Ok(content) } else { Err(ContentError(problems)) }
    }

    pub(crate) fn parse_lenient<P: AsRef<str>, T: AsRef<str>>(
        files: &[(P, T)],
    ) -> (Content, Vec<Problem>) {
        let mut content = Content::default();
        let mut problems = Vec::new();
        for (path, text) in files {
            let (path, text) = (path.as_ref(), text.as_ref());
            if let Some(name) = path.strip_prefix("lessons/").filter(|n| n.ends_with(".md")) {
                match lesson::parse(path, name.trim_end_matches(".md"), text) {
                    Ok(l) => content.lessons.push(l),
                    Err(p) => problems.push(p),
                }
            } else if path.starts_with("questions/") && path.ends_with(".toml") {
                match question::parse(path, text) {
                    Ok(qs) => content.questions.extend(qs),
                    Err(p) => problems.push(p),
                }
            }
        }
        content.lessons.sort_by(|a, b| a.id.cmp(&b.id));
        (content, problems)
    }

    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions of a lesson, as written.
    pub fn questions_for<'a>(&'a self, lesson: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.lesson == lesson)
    }

    /// Lessons for people with these duties (a lesson for `all` fits everyone) in the staff
    /// course.
    pub fn lessons_for_duties<'a>(
        &'a self,
        duties: &'a [Duty],
    ) -> impl Iterator<Item = &'a Lesson> {
        self.lessons.iter().filter(move |l| l.for_staff() && l.fits(duties))
    }

    /// Lessons on the public outreach pages (`audience` includes citizens).
    pub fn outreach(&self) -> impl Iterator<Item = &Lesson> {
        self.lessons.iter().filter(|l| l.for_citizens())
    }
}

/// The yearly commitment text ("cam kết") people sign.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct CommitmentText {
    /// Raised whenever the text changes.
    pub version: String,
    /// The text, Vietnamese (the one signed).
    pub text_vi: String,
    /// The text, English (for reading).
    pub text_en: String,
}

/// The commitment text of `data/commitment.toml`.
pub fn commitment() -> &'static CommitmentText {
    static TEXT: std::sync::OnceLock<CommitmentText> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        toml::from_str(include_str!("../data/commitment.toml")).unwrap_or(CommitmentText {
            version: String::new(),
            text_vi: String::new(),
            text_en: String::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_commitment_text_loads() {
        let c = super::commitment();
        assert_eq!(c.version, "2026-1");
        assert!(c.text_vi.contains("Luật 91/2025/QH15") && c.text_en.contains("Law 91/2025/QH15"));
    }
}
