//! Snapshot of one rendered lesson with its mock phone screen, in both languages.

#[test]
fn rendered_lesson_snapshot() {
    let content = khien_learn::Content::embedded();
    let lesson = content.lesson("gia-danh-cong-an").expect("the embedded lesson");
    let vi = lesson.html(khien_learn::Lang::Vi);
    assert!(vi.contains("<figure class=\"phone\"") && !vi.contains("<pre"));
    insta::assert_snapshot!("gia-danh-cong-an.vi", vi);
    insta::assert_snapshot!("gia-danh-cong-an.en", lesson.html(khien_learn::Lang::En));
}
