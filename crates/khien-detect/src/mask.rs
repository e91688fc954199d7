//! Masking of found values for reports: enough left to recognise a record, not to reuse it.

use crate::Kind;

/// Masks `value` for display. Digits-and-letters identifiers keep a short head and tail
/// (`001090000001` → `0010******01`), e-mail addresses keep the first letter of the mailbox and
/// the domain, credentials are masked entirely, and free text (names, addresses, attributes)
/// keeps only first letters of words.
pub fn mask(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Credential => "******".to_string(),
        Kind::Email => mask_email(value),
        Kind::PersonName
        | Kind::Address
        | Kind::Gender
        | Kind::Nationality
        | Kind::MaritalStatus
        | Kind::FamilyRelation
        | Kind::Ethnicity
        | Kind::Religion
        | Kind::PoliticalView
        | Kind::Health
        | Kind::Biometric
        | Kind::SexualLife
        | Kind::CriminalRecord
        | Kind::PrivateLife => mask_words(value),
        _ => mask_code(value),
    }
}

fn mask_code(value: &str) -> String {
    let alnum: Vec<(usize, char)> =
        value.char_indices().filter(|(_, c)| c.is_alphanumeric()).collect();
    let n = alnum.len();
    let (head, tail) = match n {
        0..=4 => (0, 0),
        5..=8 => (1, 1),
        9..=11 => (3, 2),
        _ => (4, 2),
    };
    let mut out = String::with_capacity(value.len());
    let mut seen = 0;
    for c in value.chars() {
        if c.is_alphanumeric() {
            if seen < head || seen >= n - tail {
                out.push(c);
            } else {
                out.push('*');
            }
            seen += 1;
        } else {
            out.push(c);
        }
    }
    out
}

fn mask_email(value: &str) -> String {
    match value.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => mask_code(value),
    }
}

fn mask_words(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut at_word_start = true;
    for c in value.chars() {
        if c.is_alphanumeric() {
            out.push(if at_word_start { c } else { '*' });
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_little() {
        assert_eq!(mask(Kind::NationalId, "001090000001"), "0010******01");
        assert_eq!(mask(Kind::Phone, "0912 345 678"), "091* *** *78");
        assert_eq!(mask(Kind::Email, "ten.mau@example.vn"), "t***@example.vn");
        assert_eq!(mask(Kind::Credential, "hunter2"), "******");
        assert_eq!(mask(Kind::PersonName, "Nguyễn Thị Mẫu"), "N***** T** M**");
    }
}
