//! Property tests: the engine never panics on hostile input, every span it reports lies on char
//! boundaries inside the input, verdicts are stable, and NFC and NFD input judge alike.

use khien_judge::{Judge, Verdict};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn judge() -> &'static Judge {
    static J: std::sync::OnceLock<Judge> = std::sync::OnceLock::new();
    J.get_or_init(Judge::new)
}

fn spans_ok(s: &str, r: &khien_judge::Report) -> bool {
    r.entities.iter().all(|e| {
        e.start <= e.end
            && e.end <= s.len()
            && s.is_char_boundary(e.start)
            && s.is_char_boundary(e.end)
    }) && r.reasons.iter().all(|x| match (x.start, x.end) {
        (Some(a), Some(b)) => {
            a <= b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b)
        }
        (None, None) => true,
        _ => false,
    })
}

/// Pieces of scam-like text to splice with random noise.
const PIECES: &[&str] = &[
    "Công an",
    "tài khoản",
    "bị khóa",
    "chuyển khoản",
    "mã OTP",
    "vcb-xacthuc[.]com",
    "hxxps://",
    "0912 345 678",
    "+840912",
    "STK 0123456789",
    "𝐓𝐚̀𝐢",
    "\u{200b}",
    "vietcombạnk.vn",
    "xn--vitcombank-m7a.com",
    "k1en",
    "50.000.000đ",
    "trong 2 giờ",
    "t.me/",
    "zalo.me/0912",
    ".apk",
    "[.]",
    "( . )",
    "%",
    "/ngày",
    "đ",
    "ạ",
    "\u{301}",
    "Ｃ",
    "а",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_text_never_panics_and_spans_are_valid(s in "\\PC{0,120}") {
        let r = judge().check_text(&s);
        prop_assert!(spans_ok(&s, &r));
        prop_assert!(r.score <= 100);
        prop_assert!(!matches!(r.verdict, Verdict::Unknown));
    }

    #[test]
    fn spliced_scam_pieces(parts in proptest::collection::vec((0..PIECES.len(), "[ a-z0-9.,:/-]{0,6}"), 0..12)) {
        let s: String = parts.iter().map(|(i, noise)| format!("{}{}", PIECES[*i], noise)).collect();
        let r = judge().check_text(&s);
        prop_assert!(spans_ok(&s, &r));
        // Deterministic.
        prop_assert_eq!(&r, &judge().check_text(&s));
    }

    #[test]
    fn nfc_and_nfd_judge_alike(parts in proptest::collection::vec(0..PIECES.len(), 0..10)) {
        let s: String = parts.iter().map(|i| PIECES[*i]).collect::<Vec<_>>().join(" ");
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        let a = judge().check_text(&nfc);
        let b = judge().check_text(&nfd);
        prop_assert_eq!(a.verdict, b.verdict);
        prop_assert_eq!(a.scam_types, b.scam_types);
    }

    #[test]
    fn urls_phones_accounts_never_panic(s in "\\PC{0,60}") {
        for r in [judge().check_url(&s), judge().check_phone(&s), judge().check_account(&s, Some(&s)), judge().check_qr(&s, None)] {
            prop_assert!(r.score <= 100);
            // Bare entities are never called "no signs" unless they are an official domain.
            prop_assert!(r.verdict != Verdict::NoSigns || r.reasons.iter().any(|x| x.code == "official_domain" || x.code == "allowlisted"));
        }
    }
}
