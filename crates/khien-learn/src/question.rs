//! The question bank: `questions/<lesson-id>.toml`, an array of `[[question]]` tables.

use serde::Deserialize;

use crate::{Lang, Problem};

/// What kind of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionKind {
    /// One right choice.
    Single,
    /// A short situation, then one right choice.
    Scenario,
}

impl QuestionKind {
    /// The kind of a code (`single`, `scenario`).
    pub fn from_code(code: &str) -> Option<QuestionKind> {
        match code {
            "single" => Some(QuestionKind::Single),
            "scenario" => Some(QuestionKind::Scenario),
            _ => None,
        }
    }
}

/// One question as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `<lesson-id>-<n>`.
    pub id: String,
    /// The lesson it belongs to.
    pub lesson: String,
    /// `single` or `scenario` ([`QuestionKind`]).
    pub kind: String,
    /// The question, Vietnamese.
    pub prompt_vi: String,
    /// The question, English.
    pub prompt_en: String,
    /// 3–4 choices, Vietnamese.
    pub choices_vi: Vec<String>,
    /// The same choices in the same order, English.
    pub choices_en: Vec<String>,
    /// 0-based index of the right choice.
    pub answer: usize,
    /// Why, Vietnamese.
    pub explanation_vi: String,
    /// Why, English.
    pub explanation_en: String,
}

impl Question {
    /// The prompt in a language.
    pub fn prompt(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.prompt_vi,
            Lang::En => &self.prompt_en,
        }
    }

    /// The choices in a language.
    pub fn choices(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Vi => &self.choices_vi,
            Lang::En => &self.choices_en,
        }
    }

    /// The explanation in a language.
    pub fn explanation(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.explanation_vi,
            Lang::En => &self.explanation_en,
        }
    }

    /// Whether `choice` is the right one.
    pub fn is_right(&self, choice: usize) -> bool {
        choice == self.answer
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    #[serde(default)]
    question: Vec<Question>,
}

/// Parses a question file.
pub fn parse(file: &str, text: &str) -> Result<Vec<Question>, Problem> {
    let parsed: QuestionFile = toml::from_str(text).map_err(|e| {
        let field = crate::lesson::toml_field(&e).unwrap_or_else(|| "question".to_string());
        let line = e
            .span()
            .map(|s| format!(" (line {})", text[..s.start.min(text.len())].lines().count().max(1)))
            .unwrap_or_default();
        Problem::new(file, field, format!("{}{line}", e.message()))
    })?;
    Ok(parsed.question)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_and_names_a_missing_field() {
        let good = "[[question]]\nid = \"a-1\"\nlesson = \"a\"\nkind = \"single\"\nprompt_vi = \"?\"\nprompt_en = \"?\"\nchoices_vi = [\"x\", \"y\", \"z\"]\nchoices_en = [\"x\", \"y\", \"z\"]\nanswer = 2\nexplanation_vi = \".\"\nexplanation_en = \".\"\n";
        let qs = super::parse("questions/a.toml", good).unwrap();
        assert_eq!(qs.len(), 1);
        assert!(qs[0].is_right(2) && !qs[0].is_right(0));
        let bad = good.replace("answer = 2\n", "");
        let p = super::parse("questions/a.toml", &bad).unwrap_err();
        assert_eq!(p.field, "answer", "{p}");
        assert!(p.message.contains("line"), "{p}");
    }
}
