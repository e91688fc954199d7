//! Phishing and smishing simulation content: the message templates of `content/simulation/`,
//! their linter, the filling of a template for one recipient, and the list of mail scanners
//! whose requests on a link are not a person's click.
//!
//! Pure functions over text, like the rest of this crate: campaigns, sending and tracking live
//! in `khien-store` and `khien-server`.

use serde::Deserialize;

use crate::Content;

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 3] = ["ten", "co_quan", "link"];

/// What a click on the link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Landing {
    /// A sign-in page whose fields have no names: a browser sends nothing typed into them.
    Login,
    /// A "download the document" page.
    Document,
    /// No page: the click itself leads to the micro-lesson.
    None,
}

/// How a template's message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By e-mail (the subject and the body).
    #[default]
    Email,
    /// By text message (the body only, through the agency's SMS gateway).
    Sms,
}

impl Channel {
    /// The code stored with a campaign.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// Longest text message body, in characters (three concatenated Unicode segments).
pub const SMS_MAX_CHARS: usize = 201;

/// One simulation template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable id (the file name without `.toml`).
    pub id: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// E-mail or text message.
    #[serde(default)]
    pub channel: Channel,
    /// The sender's display name.
    pub from_name: String,
    /// Subject line (placeholders allowed).
    pub subject: String,
    /// Plain-text body (placeholders allowed; `{{link}}` required).
    pub body: String,
    /// What a click leads to.
    pub landing: Landing,
    /// The lesson offered right after a click or a submit.
    pub lesson: String,
    /// 1 (obvious) to 3 (hard).
    pub difficulty: u8,
    /// The signs the person could have noticed.
    pub red_flags: Vec<String>,
}

/// A template filled for one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// The subject.
    pub subject: String,
    /// The body.
    pub body: String,
}

impl Template {
    /// The template with `{{ten}}`, `{{co_quan}}` and `{{link}}` replaced.
    pub fn fill(&self, name: &str, agency: &str, link: &str) -> Filled {
        let f = |s: &str| {
            s.replace("{{ten}}", name).replace("{{co_quan}}", agency).replace("{{link}}", link)
        };
        Filled {
            subject: f(&self.subject).trim().to_string(),
            body: f(&self.body).trim().to_string() + "\n",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScannerFile {
    user_agents: Vec<String>,
}

/// The embedded templates, sorted by id; a template that does not parse is left out here and
/// reported by [`lint`].
pub fn templates() -> Vec<Template> {
    let mut out: Vec<Template> = crate::embedded::SIM_FILES
        .iter()
        .filter(|(path, _)| path.starts_with("templates/"))
        .filter_map(|(_, text)| toml::from_str(text).ok())
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The template with this id.
pub fn template(id: &str) -> Option<Template> {
    templates().into_iter().find(|t| t.id == id)
}

fn scanner_agents() -> Vec<String> {
    crate::embedded::SIM_FILES
        .iter()
        .find(|(path, _)| *path == "scanners.toml")
        .and_then(|(_, text)| toml::from_str::<ScannerFile>(text).ok())
        .map(|f| f.user_agents.into_iter().map(|u| u.to_lowercase()).collect())
        .unwrap_or_default()
}

/// Whether a request with this `User-Agent` comes from a mail scanner, a link previewer or an
/// HTTP library rather than a person's browser (an empty agent counts as a scanner).
pub fn is_scanner(user_agent: &str) -> bool {
    let ua = user_agent.trim().to_lowercase();
    ua.is_empty() || scanner_agents().iter().any(|s| ua.contains(s.as_str()))
}

/// Problems in the embedded simulation content: `(file, problem)`.
pub fn lint(content: &Content) -> Vec<(String, String)> {
    let mut out = vec![];
    if scanner_agents().is_empty() {
        out.push(("scanners.toml".to_string(), "user_agents: missing or empty".to_string()));
    }
    for (path, text) in
        crate::embedded::SIM_FILES.iter().filter(|(p, _)| p.starts_with("templates/"))
    {
        let mut bad = |m: String| out.push((path.to_string(), m));
        let t: Template = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                bad(e.to_string());
                continue;
            }
        };
        if format!("templates/{}.toml", t.id) != *path {
            bad(format!("id {:?} is not the file name", t.id));
        }
        if !t.body.contains("{{link}}") {
            bad("body: needs {{link}}".into());
        }
        for field in [&t.subject, &t.body] {
            let mut rest = field.as_str();
            while let Some(at) = rest.find("{{") {
                let inner = &rest[at + 2..];
                let end = inner.find("}}").unwrap_or(inner.len());
                let name = &inner[..end];
                if !PLACEHOLDERS.contains(&name) {
                    bad(format!("unknown placeholder {{{{{name}}}}}"));
                }
                rest = &inner[end.min(inner.len())..];
            }
            // The only link is the recipient's own: a real address in a template could send
            // staff to a real site.
            let lower = field.to_lowercase();
            if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
                bad("a link other than {{link}}".into());
            }
        }
        if content.lesson(&t.lesson).is_none() {
            bad(format!("lesson {:?} does not exist", t.lesson));
        }
        if !(1..=3).contains(&t.difficulty) {
            bad("difficulty: 1 to 3".into());
        }
        if t.channel == Channel::Sms {
            // Room for a recipient's name and a tracking link of a typical length.
            let filled = t.fill(
                "Nguyễn Văn An",
                "Sở Công Thương",
                "https://khien.so-ct.gov.vn/t/0123456789abcdef0123456789abcdef0123456789a",
            );
            if filled.body.trim().chars().count() > SMS_MAX_CHARS {
                bad(format!(
                    "body: a text message of at most {SMS_MAX_CHARS} characters once filled"
                ));
            }
        }
        if t.red_flags.len() < 2 || t.red_flags.iter().any(|f| f.trim().is_empty()) {
            bad("red_flags: at least two".into());
        }
        if t.title_vi.trim().is_empty()
            || t.from_name.trim().is_empty()
            || t.subject.trim().is_empty()
        {
            bad("title_vi, from_name and subject must not be empty".into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_templates_pass_the_linter() {
        let problems = lint(Content::embedded());
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(templates().len() >= 4);
    }

    #[test]
    fn a_template_is_filled_for_one_recipient() {
        let t = template("doi-mat-khau-thu-cong-vu").unwrap();
        let f = t.fill("Nguyễn Lan", "Sở Công Thương", "https://khien.local/t/abc");
        assert!(f.subject.contains("Nguyễn Lan") && !f.subject.contains("{{"));
        assert!(f.body.contains("https://khien.local/t/abc") && f.body.contains("Sở Công Thương"));
        assert!(!f.body.contains("{{"));
    }

    #[test]
    fn scanners_and_libraries_are_told_from_browsers() {
        for ua in [
            "",
            "Mozilla/5.0 (compatible; Microsoft Office/16.0; SafeLinks)",
            "python-requests/2.31",
            "curl/8.5.0",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (compatible; Barracuda Sentinel)",
        ] {
            assert!(is_scanner(ua), "{ua}");
        }
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        ] {
            assert!(!is_scanner(ua), "{ua}");
        }
    }
}
