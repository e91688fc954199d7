//! The linter names the file and field of each problem in broken content.

use khien_learn::lint::lint;

const LESSON: &str = r#"+++
id = "thu-nghiem"
version = 1
updated = "2026-12-07"
title_vi = "Bài thử"
title_en = "Test lesson"
summary_vi = "Tóm tắt."
summary_en = "Summary."
roles = ["all"]
topic = "scam"
scam_type = "impersonate_bank"
audience = ["staff", "citizens"]
minutes = 4
sources = ["scam-vn.md §3.2"]
+++
Một buổi sáng, một tin nhắn lạ gửi đến.

```phone
from: 0199 123 456
time: 09:14
kind: sms
Tài khoản của quý khách bị khóa, xác thực tại https://vcb-xacthuc.example/login
```

## Dấu hiệu nhận biết

- Đường link lạ.

## Việc cần làm

- Báo cáo tại [cổng cảnh báo](https://canhbao.khonggianmang.vn).

## Nếu đã lỡ

- Gọi tổng đài ngân hàng.

<!-- en -->
A strange message arrives.

## Warning signs

- A strange link.

## What to do

- Report it.

## If it already happened

- Call the bank.
"#;

fn question(n: usize, answer: usize) -> String {
    format!(
        "[[question]]\nid = \"thu-nghiem-{n}\"\nlesson = \"thu-nghiem\"\nkind = \"single\"\nprompt_vi = \"Câu {n}?\"\nprompt_en = \"Question {n}?\"\nchoices_vi = [\"Một\", \"Hai\", \"Ba\"]\nchoices_en = [\"One\", \"Two\", \"Three\"]\nanswer = {answer}\nexplanation_vi = \"Vì.\"\nexplanation_en = \"Because.\"\n\n"
    )
}

fn questions() -> String {
    (1..=6).map(|n| question(n, n % 3)).collect()
}

/// Lints the lesson and question files after `edit`, returning "file|field|message" lines.
fn problems(lesson: &str, questions: &str) -> Vec<String> {
    lint(&[("lessons/thu-nghiem.md", lesson), ("questions/thu-nghiem.toml", questions)])
        .into_iter()
        .map(|p| format!("{}|{}|{}", p.file, p.field, p.message))
        .collect()
}

fn expect(lesson: &str, questions: &str, file: &str, field: &str, cue: &str) {
    let got = problems(lesson, questions);
    assert!(
        got.iter().any(|p| p.starts_with(&format!("{file}|{field}|")) && p.contains(cue)),
        "expected {file} {field} ~ {cue:?}, got {got:#?}"
    );
}

const L: &str = "lessons/thu-nghiem.md";
const Q: &str = "questions/thu-nghiem.toml";

#[test]
fn good_content_has_no_problem() {
    assert_eq!(problems(LESSON, &questions()), Vec::<String>::new());
}

#[test]
fn front_matter_problems_name_their_field() {
    let q = questions();
    expect(&LESSON.replace("id = \"thu-nghiem\"", "id = \"khac\""), &q, L, "id", "file name");
    expect(
        &LESSON.replace("title_en = \"Test lesson\"", "title_en = \"  \""),
        &q,
        L,
        "title_en",
        "empty",
    );
    expect(&LESSON.replace("summary_vi = \"Tóm tắt.\"\n", ""), &q, L, "summary_vi", "missing");
    expect(&LESSON.replace("[\"all\"]", "[\"everyone\"]"), &q, L, "roles", "everyone");
    expect(&LESSON.replace("topic = \"scam\"", "topic = \"fun\""), &q, L, "topic", "fun");
    expect(
        &LESSON.replace("impersonate_bank", "impersonate_aliens"),
        &q,
        L,
        "scam_type",
        "not a scam type code of khien-judge",
    );
    expect(&LESSON.replace("scam_type = \"impersonate_bank\"\n", ""), &q, L, "scam_type", "needs");
    expect(
        &LESSON.replace("topic = \"scam\"", "topic = \"accounts\""),
        &q,
        L,
        "scam_type",
        "only lessons",
    );
    expect(&LESSON.replace("\"citizens\"", "\"pupils\""), &q, L, "audience", "pupils");
    expect(&LESSON.replace("[\"scam-vn.md §3.2\"]", "[]"), &q, L, "sources", "facts");
    expect(&LESSON.replace("2026-12-07", "7/12/2026"), &q, L, "updated", "YYYY-MM-DD");
    expect(&LESSON.replace("minutes = 4", "minutes = 0"), &q, L, "minutes", "1 to 60");
}

#[test]
fn body_problems_name_their_language() {
    let q = questions();
    expect(&LESSON.replace("## Việc cần làm", "## Làm gì"), &q, L, "body_vi", "Việc cần làm");
    expect(
        &LESSON.replace("## If it already happened", "## Oops"),
        &q,
        L,
        "body_en",
        "If it already happened",
    );
    expect(&LESSON.replace("<!-- en -->", ""), &q, L, "body_en", "<!-- en -->");
    expect(
        &LESSON.replace("Đường link lạ.", "Đường <b>link</b> lạ."),
        &q,
        L,
        "body_vi",
        "raw HTML",
    );
    expect(&LESSON.replace("kind: sms", "kind: pager"), &q, L, "body_vi", "phone block 1");
    expect(
        &LESSON.replace("vcb-xacthuc.example", "vcb-xacthuc.com"),
        &q,
        L,
        "body_vi",
        "vcb-xacthuc.com",
    );
    expect(
        &LESSON.replace("A strange link.", "See xacthuc-vcb.top now."),
        &q,
        L,
        "body_en",
        "xacthuc-vcb.top",
    );
    expect(
        &LESSON.replace("0199 123 456", "0912 345 678"),
        &q,
        L,
        "body_vi",
        "valid Vietnamese mobile",
    );
    expect(
        &LESSON.replace(
            "Một buổi sáng",
            "Họ và tên: Nguyễn Văn An, số CCCD 001099012345. Một buổi sáng",
        ),
        &q,
        L,
        "body_vi",
        "personal data (national_id",
    );
}

#[test]
fn question_problems_name_the_question_and_field() {
    let base = questions();
    expect(
        LESSON,
        &base.replace("answer = 1\n", "answer = 3\n"),
        Q,
        "question[0].answer",
        "not the index",
    );
    expect(
        LESSON,
        &base.replacen(
            "choices_en = [\"One\", \"Two\", \"Three\"]",
            "choices_en = [\"One\", \"Two\", \"Three\", \"Four\"]",
            1,
        ),
        Q,
        "question[0].choices_en",
        "4 choices in English, 3 in Vietnamese",
    );
    expect(
        LESSON,
        &base.replacen("[\"Một\", \"Hai\", \"Ba\"]", "[\"Một\", \"Hai\"]", 1),
        Q,
        "question[0].choices_vi",
        "2 choices",
    );
    expect(
        LESSON,
        &base.replacen("\"Ba\"]", "\"Tất cả các ý trên\"]", 1),
        Q,
        "question[0].choices_vi",
        "all of the above",
    );
    expect(
        LESSON,
        &base.replacen("explanation_en = \"Because.\"", "explanation_en = \"\"", 1),
        Q,
        "question[0].explanation_en",
        "empty",
    );
    expect(
        LESSON,
        &base.replace("thu-nghiem-2\"", "thu-nghiem-1\""),
        Q,
        "question[1].id",
        "used twice",
    );
    expect(
        LESSON,
        &base.replacen("lesson = \"thu-nghiem\"", "lesson = \"khong-co\"", 1),
        Q,
        "question[0].lesson",
        "no lesson",
    );
    expect(
        LESSON,
        &base.replacen("kind = \"single\"", "kind = \"multi\"", 1),
        Q,
        "question[0].kind",
        "multi",
    );
    expect(LESSON, &base.replacen("prompt_vi = \"Câu 1?\"\n", "", 1), Q, "prompt_vi", "missing");
    let five: String = (1..=5).map(|n| question(n, 0)).collect();
    expect(LESSON, &five, L, "questions", "5 questions");
}

#[test]
fn file_names_are_checked() {
    let got: Vec<String> = lint(&[("lessons/Gia_Danh.md", LESSON)])
        .into_iter()
        .map(|p| format!("{}|{}", p.file, p.field))
        .collect();
    assert!(got.contains(&"lessons/Gia_Danh.md|file name".to_string()), "{got:?}");
}

#[test]
fn declared_characters_may_be_named_and_nobody_else() {
    let q = questions();
    let story = LESSON.replace("Một buổi sáng,", "Một buổi sáng, chị Trần Thị Hoa đi làm và");
    expect(&story, &q, L, "body_vi", "personal data (person_name");
    let declared = story.replace(
        "sources = [\"scam-vn.md §3.2\"]",
        "sources = [\"scam-vn.md §3.2\"]\ncharacters = [\"Trần Thị Hoa\"]",
    );
    assert_eq!(problems(&declared, &q), Vec::<String>::new());
    // Someone the front matter does not declare is still a problem.
    let other = declared.replace("đi làm và", "đi làm cùng anh Lê Văn Bảo và");
    expect(&other, &q, L, "body_vi", "personal data (person_name");
    // A character is a full name.
    expect(&declared.replace("[\"Trần Thị Hoa\"]", "[\"Hoa\"]"), &q, L, "characters", "full name");
}

#[test]
fn a_code_on_a_mock_phone_screen_is_an_example_but_not_in_the_text() {
    let q = questions();
    let sms = "Ma xac thuc cua ban la 482913. Khong chia se ma nay cho bat ky ai.";
    let on_screen = LESSON.replace(
        "Tài khoản của quý khách bị khóa, xác thực tại https://vcb-xacthuc.example/login",
        sms,
    );
    assert_eq!(problems(&on_screen, &q), Vec::<String>::new());
    let in_text = LESSON.replace("- Đường link lạ.", "- Mật khẩu: Hoa@1993xyz");
    expect(&in_text, &q, L, "body_vi", "personal data (credential");
}

#[test]
fn a_real_domain_may_be_named_as_the_decoy_but_not_linked() {
    let q = questions();
    let named = LESSON.replace("- Đường link lạ.", "- Chữ facebook.com ở đầu chỉ là mồi.");
    assert_eq!(problems(&named, &q), Vec::<String>::new());
    let linked = LESSON.replace("- Đường link lạ.", "- Vào https://facebook.com/login ngay.");
    expect(&linked, &q, L, "body_vi", "facebook.com");
}
