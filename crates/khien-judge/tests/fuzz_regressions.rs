//! Inputs the fuzz targets once crashed on (`bench/fuzz.sh`), kept so the crash never returns.

/// A number after a private-use character in the shadow text: the 32 bytes before it were cut
/// inside the character (`message` target).
#[test]
fn a_number_after_a_multi_byte_character_does_not_panic() {
    let input = include_bytes!("fuzz_regressions/message-char-boundary.txt");
    let text = std::str::from_utf8(input).expect("the fuzz input is UTF-8");
    let judge = khien_judge::Judge::new();
    let report = judge.check_text(text);
    for entity in &report.entities {
        assert!(text.is_char_boundary(entity.start) && text.is_char_boundary(entity.end));
    }
    // The phone numbers of the table are still found.
    assert!(!report.entities.is_empty());
}

/// A link whose host and path words hold multi-byte characters: the cue's offsets are into the
/// folded shadow text and were used on the words themselves (`url` target).
#[test]
fn cue_words_in_a_link_with_multi_byte_characters_do_not_panic() {
    let input = include_bytes!("fuzz_regressions/url-cue-char-boundary.txt");
    let text = std::str::from_utf8(input).expect("the fuzz input is UTF-8");
    let judge = khien_judge::Judge::new();
    let report = judge.check_url(text);
    // Every quoted cue is a whole piece of the input, never a cut character.
    for reason in &report.reasons {
        assert!(!reason.vi.contains('\u{FFFD}'), "{}", reason.vi);
    }
    // A short link with the same shape: an asking word in the path after an accented word.
    let report = judge.check_url("http://ví-dụ.example/đăng-nhập-xác-minh-tài-khoản");
    assert!(!report.reasons.is_empty());
}
