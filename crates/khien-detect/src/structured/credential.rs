//! Passwords, PINs and codes after a key (`mật khẩu:`, `pin=`) or in a sentence (`mk là …`).

use std::sync::OnceLock;

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best};

/// Keys whose value after `:`/`=` is a credential (`credential_keys` of `data/words.toml`), each
/// split into its folded words once.
fn credential_keys() -> &'static [Vec<&'static str>] {
    static KEYS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let group = &crate::words::words().credential_keys;
        group.words.iter().map(|key| key.split_whitespace().collect()).collect()
    })
}

pub(super) fn credential<'t>(
    doc: &Doc<'t>,
    colon: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    credential_at(doc, colon, colon + 1, false, cache, out);
}

/// Passwords and codes given in a sentence: "mật khẩu app em là Hoa@1993", "mk cũ la abc123".
/// "là" is among the commonest words, so the key is looked for only where the few words before
/// it hold a credential word's letters, and the value must look like a secret.
pub(super) fn credentials_after_la<'t>(
    doc: &Doc<'t>,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::Credential) {
        return;
    }
    let bytes = doc.text.as_bytes();
    // Most spreadsheet cells are one word or number: no " là " without a space in it.
    if bytes.len() < 6 || memchr::memchr(b' ', bytes).is_none() {
        return;
    }
    // " là " and the unaccented " la ": two SIMD searches, rarer than any one byte. The
    // searchers are built once: this runs on every spreadsheet cell and JSON string, and
    // building a searcher per call cost more than the search.
    static FINDERS: std::sync::LazyLock<[(memchr::memmem::Finder<'static>, usize); 2]> =
        std::sync::LazyLock::new(|| {
            [
                (memchr::memmem::Finder::new(" l\u{e0} "), 4),
                (memchr::memmem::Finder::new(" la "), 3),
            ]
        });
    for (finder, len) in FINDERS.iter() {
        let len = *len;
        for ks in finder.find_iter(bytes) {
            let after = ks + len;
            let lo = ks.saturating_sub(24);
            let window = &bytes[lo..ks];
            let hint = |w: &[u8]| window.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
            if !(hint("khẩu".as_bytes())
                || hint(b"khau")
                || hint("xác".as_bytes())
                || hint(b"xac")
                || hint(b"mk")
                || hint(b"pass")
                || hint(b"pw")
                || hint(b"otp")
                || hint(b"pin"))
            {
                continue;
            }
            credential_at(doc, ks, after, true, cache, out);
        }
    }
}

/// A credential whose key ends at `key_end` and whose value follows `value_from` (after a
/// colon, an equals sign, or "là" when `in_prose`).
fn credential_at<'t>(
    doc: &Doc<'t>,
    key_end: usize,
    value_from: usize,
    in_prose: bool,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::Credential) {
        return;
    }
    let text = doc.text;
    let bytes = text.as_bytes();
    // Cheap rejection first (times "08:15", URLs, ratios): a key ends in a letter.
    let mut trimmed_end = key_end;
    while trimmed_end > 0 && bytes[trimmed_end - 1] == b' ' {
        trimmed_end -= 1;
    }
    if trimmed_end == 0
        || !(bytes[trimmed_end - 1].is_ascii_alphabetic() || bytes[trimmed_end - 1] >= 0x80)
    {
        return;
    }
    // The key: up to 40 bytes back on the same line.
    let mut ks = key_end.saturating_sub(40);
    while !text.is_char_boundary(ks) {
        ks += 1;
    }
    if let Some(nl) = memchr::memrchr(b'\n', &bytes[ks..key_end]) {
        ks += nl + 1;
    }
    // In a URL query the key is the parameter's own name: "/otp/send?msisdn=…" and
    // "/reset-password?email=…" carry no credential.
    if let Some(q) = memchr::memrchr2(b'?', b'&', &bytes[ks..key_end]) {
        ks += q + 1;
    }
    let key = &text[ks..key_end];
    // Fold the key into a small buffer and look at its last four words.
    let mut folded = String::with_capacity(key.len());
    khien_text::fold_into(key, &mut folded);
    let mut words: [&str; 4] = [""; 4];
    let mut nw = 0;
    for word in
        folded.rsplit(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(4)
    {
        words[nw] = word;
        nw += 1;
    }
    let tail = &mut words[..nw];
    tail.reverse();
    // The key phrase must end at the last word or the one before ("Mật khẩu VNeID:",
    // "mật khẩu mới:"), so that "password=x src=1.2.3.4" does not make `src` a password key.
    let ends_near = |key: &[&str]| {
        (0..3).any(|skip| {
            let end = tail.len().saturating_sub(skip);
            end >= key.len() && tail[end - key.len()..end] == *key
        })
    };
    let Some(found) = credential_keys().iter().find(|key| ends_near(key)).map(Vec::as_slice) else {
        return;
    };
    // Between the key and its separator there may be no other key:value pair.
    if let Some(sep_pos) = key.rfind([':', '=']) {
        let after = khien_text::fold(&key[sep_pos + 1..]);
        let last = found[found.len() - 1];
        if !after.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == last) {
            return;
        }
    }
    // "MK" and "PIN" are common words folded: capitals, or the separator right after.
    if let [one @ ("mk" | "pin" | "pass")] = found {
        let right_after = key.trim_end().to_ascii_lowercase().ends_with(one);
        // In a sentence ("mk cũ là abc123") the value's shape decides instead (below).
        if !in_prose
            && !key.contains(&one.to_ascii_uppercase())
            && !key.contains("Pass")
            && !right_after
        {
            return;
        }
    }
    // The value: the next run of non-space characters.
    let mut vs = value_from;
    while vs < bytes.len() && (bytes[vs] == b' ' || bytes[vs] == b'\t') {
        vs += 1;
    }
    let mut ve = vs;
    while ve < text.len() {
        let next_char = khien_text::char_at(text, ve).unwrap_or(' ');
        if next_char.is_whitespace() || matches!(next_char, ',' | ';' | ')' | '"' | '\'') {
            break;
        }
        ve += next_char.len_utf8();
        if ve - vs > 128 {
            return;
        }
    }
    // Sentence punctuation after the value is not part of it.
    while ve > vs && matches!(bytes[ve - 1], b'.' | b',' | b';') {
        ve -= 1;
    }
    if ve == vs {
        return;
    }
    // In a sentence the value must look like a secret ("mật khẩu là gì" asks a question): a
    // digit or a symbol in it, four characters at least.
    if in_prose
        && (text[vs..ve].chars().count() < 4
            || text[vs..ve].bytes().all(|c| c.is_ascii_alphabetic() || c >= 0x80))
    {
        return;
    }
    // After a colon, a word of prose is no secret: "OTP: gọi ngay tổng đài", "Password: the
    // part before…". Accented letters only (nobody types a password with diacritics), or
    // letters only with the sentence going on after them on the same line.
    if !in_prose && text[vs..ve].chars().all(char::is_alphabetic) {
        let accented = text[vs..ve].bytes().any(|c| c >= 0x80);
        let rest = &text[ve..];
        let continues = rest.starts_with([' ', '\t'])
            && rest.trim_start_matches([' ', '\t']).chars().next().is_some_and(char::is_alphabetic);
        if accented || continues {
            return;
        }
    }
    // "Mật khẩu: 0912345678" is a phone-number password; other detectors see digits too, and
    // overlap resolution keeps the stronger reading.
    let ctx = Context::around(structured_keywords(), text, vs, ve, doc.field_label, cache);
    // The key explains the value when it is not a catalogued keyword ("mk").
    let mut reading = Reading::new(Kind::Credential, vs, ve, 0.45);
    if !ctx.supports(Kind::Credential) {
        reading = reading
            .reason(ReasonCode::Structure, format!("giá trị sau khoá “{}”", found.join(" ")));
    }
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, Kind};

    fn credentials(text: &str) -> Vec<String> {
        let engine = Engine::new(Config::default());
        engine
            .detect(text)
            .into_iter()
            .filter(|f| f.kind == Kind::Credential)
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn a_url_query_key_is_the_parameter_name() {
        assert!(credentials("GET /otp/send?msisdn=84869379710 HTTP/1.1").is_empty());
        assert!(credentials("POST /reset-password?email=lan%40fpt.vn HTTP/1.1").is_empty());
        assert_eq!(credentials("GET /login?user=lan&password=Hoa2024!x HTTP/1.1"), ["Hoa2024!x"]);
    }

    #[test]
    fn a_word_of_prose_after_the_key_is_no_secret() {
        assert!(credentials("- Nếu đã nhập OTP: gọi ngay tổng đài ngân hàng để khóa.").is_empty());
        assert!(credentials("- Card details or OTP given: call your bank at once.").is_empty());
        assert!(
            credentials("Before typing a password: the part before the first slash.").is_empty()
        );
        // A value alone on its line, or with digits, is still one.
        assert_eq!(credentials("Mật khẩu: hoalan\nTài khoản: lan"), ["hoalan"]);
        assert_eq!(credentials("mật khẩu: hoalan1993 nhé"), ["hoalan1993"]);
    }
}
