//! The five ways in: a message, a link, a phone number, a bank account and a payment QR
//! payload, plus the dispatcher and the guess for pasted text.

mod account;
mod message;
mod phone;
mod qr;
mod url;

use crate::phone::{PhoneInfo, PhoneKind};
use crate::report::{Input, Report};
use crate::{Judge, entities, link};

impl Judge {
    /// Judges any input.
    pub fn check(&self, input: &Input<'_>) -> Report {
        match *input {
            Input::Message(m) => self.check_message(&m),
            Input::Url(u) => self.check_url(u),
            Input::Phone(p) => self.check_phone(p),
            Input::Account { account, bank } => self.check_account(account, bank),
            Input::Qr { payload, context } => self.check_qr(payload, context),
        }
    }

    /// Judges whatever a person pasted: a payment QR payload, a bare link, a bare phone or
    /// account number, or otherwise a message. Bare items get item semantics (`unknown` when
    /// nothing is known) instead of message semantics.
    pub fn check_auto(&self, text: &str) -> Report {
        let t = text.trim();
        if t.starts_with("000201") && crate::qr::parse(t).is_ok() {
            return self.check_qr(t, None);
        }
        if !t.is_empty() && !t.contains(char::is_whitespace) {
            let cleaned = entities::refang_source(t);
            if let Some(l) = link::parse(&cleaned) {
                let tld = l.host.rsplit('.').next().unwrap_or("");
                let known = cleaned.contains("://")
                    || l.is_ip
                    || l.host_display != l.host
                    || self
                        .tables
                        .known_tlds
                        .iter()
                        .chain(&self.tables.risky_tlds)
                        .any(|k| k == tld);
                if known {
                    return self.check_url(t);
                }
            }
        }
        let numberish =
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        if numberish {
            let digits = t.chars().filter(char::is_ascii_digit).count();
            if crate::phone::classify(t).kind != PhoneKind::Invalid {
                return self.check_phone(t);
            }
            if (6..=19).contains(&digits) {
                return self.check_account(t, None);
            }
        }
        self.check_text(text)
    }
}

/// Reason details for a spoofed or invalid number: the number as written and, in each
/// language, why it is not a Vietnamese number.
pub(super) fn problem_details(text: &str, info: &PhoneInfo) -> (String, String) {
    match &info.problem {
        Some(p) => (format!(": {text} ({})", p.vi()), format!(": {text} ({})", p.en())),
        None => (format!(": {text}"), format!(": {text}")),
    }
}

/// A quoted excerpt of the text a reason points at, at most 60 characters.
pub(super) fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        return s.to_string();
    }
    let mut out: String = s.chars().take(57).collect();
    out.push('…');
    out
}
