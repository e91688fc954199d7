//! "Học tập": awareness lessons and quizzes for staff, the yearly commitment, certificates;
//! assignments, progress (aggregated and pseudonymous, with a minimum cohort) and the
//! evidence export (CSV, printable report) for officers and administrators; the public
//! outreach pages and `GET /api/v1/lessons`.
//!
//! Thin, like every route: content, rendering, quiz drawing and grading are `khien-learn`'s,
//! records `khien-store`'s.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, extract::RawForm};
use hmac::{Hmac, Mac};
use khien_learn::quiz::{self, Item, Settings};
use khien_learn::{Content, Duty, Lesson, Question};
use khien_store::Role;
use khien_store::learn::{AnswerRecord, NewAttempt, ScheduleItem, year_of};
use maud::{Markup, PreEscaped, html};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{self, Person};
use crate::pages::{Lang, error_page, format_time, layout, not_found};

const EVERYONE: [Role; 3] = [Role::Staff, Role::Officer, Role::Administrator];
const MANAGERS: [Role; 2] = [Role::Officer, Role::Administrator];

/// Styles of the learning pages: the mock phone, choices, the certificate and print.
const STYLE: &str = "
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
fieldset{border:2px solid #999;border-radius:6px;margin:1rem 0;padding:.6rem 1rem}
legend{font-weight:700;padding:0 .3rem}
fieldset label{font-weight:400;margin-top:.4rem;display:flex;gap:.5rem;align-items:flex-start}
.right{background:#e6f4ea;border-left:6px solid #1e6b34;padding:.5rem .8rem}
.wrong{background:#fde8e8;border-left:6px solid #a10000;padding:.5rem .8rem}
.done{color:#124a22;font-weight:700}
.late{color:#700;font-weight:700}
.certificate{border:6px double #0b3d91;padding:2rem;text-align:center;margin:1rem 0}
.certificate h2{font-size:1.8rem;margin:.2rem 0}
.code{font-family:ui-monospace,monospace;font-size:1.1rem;letter-spacing:.1em}
@media print{header,footer,nav,form,.noprint{display:none!important}body{font-size:12pt}main{max-width:none}}
";

fn lang_of(q: &LangQ) -> Lang {
    Lang::parse(q.lang.as_deref())
}

fn l(lang: Lang) -> khien_learn::Lang {
    if lang == Lang::En { khien_learn::Lang::En } else { khien_learn::Lang::Vi }
}

fn lang_code(lang: Lang) -> &'static str {
    lang.t("vi", "en")
}

fn content() -> &'static Content {
    Content::embedded()
}

fn page(lang: Lang, title: &str, who: Option<&Person>, csrf: &str, body: Markup) -> Response {
    let body = html! {
        style { (PreEscaped(STYLE)) (PreEscaped(khien_learn::PHONE_CSS)) }
        (body)
    };
    Html(layout(lang, title, who, csrf, body).into_string()).into_response()
}

fn server_error() -> Response {
    error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).")
}

/// `?lang=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct LangQ {
    lang: Option<String>,
}

/// The duties of a person (from their profile).
async fn duties_of(state: &AppState, user_id: i64) -> Vec<Duty> {
    let p = state.store.profile(user_id).await.ok().flatten();
    p.map(|p| p.duties.iter().filter_map(|d| Duty::from_code(d)).collect()).unwrap_or_default()
}

pub(crate) fn settings(state: &AppState) -> Settings {
    Settings { pass_percent: state.config.pass_percent, ..Settings::default() }
}

// ---------------------------------------------------------------- staff pages

/// "Học tập": my assigned lessons with due dates and status, the other lessons for my
/// duties, the commitment and my certificates.
pub(crate) async fn my_lessons(
    State(state): State<AppState>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = lang_of(&q);
    let csrf = auth::csrf_token(&state, &p.session);
    let now = khien_store::now();
    let year = year_of(now);
    let (Ok(assigned), Ok(done), Ok(certs), Ok(commitment)) = (
        state.store.assignments_for(p.user.id, year).await,
        state.store.completions(Some(p.user.id), year).await,
        state.store.certificates(p.user.id).await,
        state.store.commitment(p.user.id, year).await,
    ) else {
        return server_error();
    };
    let duties = duties_of(&state, p.user.id).await;
    let lc = lang_code(lang);
    let others: Vec<&Lesson> = content()
        .lessons_for_duties(&duties)
        .filter(|x| !assigned.iter().any(|a| a.lesson_id == x.id))
        .collect();
    let due_days: Vec<i64> = state
        .store
        .schedule(p.user.id)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|s| {
            (s.box_no as usize) < quiz::DEFAULT_INTERVALS.len() && s.due_day <= quiz::day_of(now)
        })
        .map(|s| s.due_day)
        .collect();
    let body = html! {
        @if commitment.is_none() {
            p.error { (lang.t("Bạn chưa ký cam kết năm nay.", "You have not signed this year's commitment yet.")) " "
                a href={ "/learn/commitment?lang=" (lc) } { (lang.t("Ký cam kết", "Sign the commitment")) } }
        } @else {
            p.done { (lang.t("Đã ký cam kết năm ", "Commitment signed for ")) (year) "." }
        }
        @if !due_days.is_empty() {
            p role="status" { (lang.t("Có ", "")) (due_days.len()) (lang.t(" câu hỏi bạn từng trả lời sai sẽ được hỏi lại trong bài kiểm tra tiếp theo.", " question(s) you missed before will come back in your next quiz.")) }
        }
        h2 { (lang.t("Bài được giao năm ", "Assigned for ")) (year) }
        @if assigned.is_empty() {
            p.muted { (lang.t("Chưa có bài nào được giao.", "Nothing assigned yet.")) }
        } @else {
            table {
                thead { tr { th { (lang.t("Bài học", "Lesson")) } th { (lang.t("Hạn", "Due")) } th { (lang.t("Trạng thái", "Status")) } } }
                tbody {
                    @for a in &assigned {
                        @let title = content().lesson(&a.lesson_id).map_or(a.lesson_id.as_str(), |x| x.title(l(lang)));
                        @let passed = done.iter().find(|c| c.lesson_id == a.lesson_id);
                        tr {
                            td { a href={ "/learn/lessons/" (a.lesson_id) "?lang=" (lc) } { (title) } }
                            td { (format_time(a.due_at).get(..10).unwrap_or("")) }
                            td {
                                @match passed {
                                    Some(c) => span.done { (lang.t("Đã đạt ", "Passed ")) (c.score) "%" },
                                    None if a.due_at < now => span.late { (lang.t("Quá hạn", "Overdue")) },
                                    None => span { (lang.t("Chưa học", "To do")) },
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (lang.t("Các bài khác phù hợp với nhiệm vụ của bạn", "Other lessons for your duties")) }
        ul {
            @for x in &others {
                li {
                    a href={ "/learn/lessons/" (x.id) "?lang=" (lc) } { (x.title(l(lang))) }
                    @if done.iter().any(|c| c.lesson_id == x.id) { " " span.done { "✓" } }
                    " " span.muted { "(" (x.front.minutes) " " (lang.t("phút", "min")) ")" }
                }
            }
        }
        @if !certs.is_empty() {
            h2 { (lang.t("Chứng nhận của bạn", "Your certificates")) }
            ul { @for c in &certs { li { a href={ "/learn/certificates/" (c.code) "?lang=" (lc) } { (if lang == Lang::En { &c.title_en } else { &c.title_vi }) } " — " (c.score) "% — " (format_time(c.issued_at).get(..10).unwrap_or("")) } } }
        }
        @if MANAGERS.contains(&p.user.role) {
            p { a href="/learn/manage" { (lang.t("Quản lý giao bài và tiến độ", "Manage assignments and progress")) } }
        }
    };
    page(lang, lang.t("Học tập", "Learning"), Some(&p), &csrf, body)
}

/// A lesson, rendered.
pub(crate) async fn lesson_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(lesson) = content().lesson(&id) else { return not_found().await };
    let lang = lang_of(&q);
    let csrf = auth::csrf_token(&state, &p.session);
    let body = html! {
        p.muted { (lesson.summary(l(lang))) " · " (lesson.front.minutes) " " (lang.t("phút đọc", "minutes to read")) }
        article { (PreEscaped(lesson.html(l(lang)))) }
        p.muted { small { (lang.t("Nguồn: ", "Sources: ")) (lesson.front.sources.join("; ")) } }
        p { a href={ "/learn/lessons/" (lesson.id) "/quiz?lang=" (lang_code(lang)) } { strong { (lang.t("Làm bài kiểm tra", "Take the quiz")) } } }
    };
    page(lang, lesson.title(l(lang)), Some(&p), &csrf, body)
}

/// The signature binding a quiz's questions to the session and lesson, so the answers are
/// graded against the questions that were asked.
pub(crate) fn quiz_sig(state: &AppState, session: &str, lesson: &str, ids: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&state.key).expect("any key length");
    mac.update(b"khien-quiz:");
    for part in [session, lesson, ids] {
        mac.update(part.as_bytes());
        mac.update(b"\0");
    }
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// The quiz form (no JavaScript): one fieldset of radio buttons per question.
pub(crate) fn quiz_form(
    lang: Lang,
    questions: &[&Question],
    csrf: &str,
    sig: &str,
    pass_percent: u8,
    action: &str,
) -> Markup {
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    html! {
        p { (lang.t("Chọn một đáp án cho mỗi câu. Cần đúng ít nhất ", "Pick one answer per question. ")) (pass_percent)
            (lang.t("% để đạt; câu trả lời sai sẽ được hỏi lại ở các lần sau.", "% is needed to pass; missed questions come back later.")) }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(lang_code(lang));
            input type="hidden" name="qs" value=(ids.join(","));
            input type="hidden" name="sig" value=(sig);
            @for (i, q) in questions.iter().enumerate() {
                fieldset {
                    legend { (i + 1) ". " (q.prompt(l(lang))) }
                    @for (j, c) in q.choices(l(lang)).iter().enumerate() {
                        label { input type="radio" name={ "a" (i) } value=(j) required; span { (c) } }
                    }
                }
            }
            button type="submit" { (lang.t("Nộp bài", "Submit")) }
        }
    }
}

/// Draws and shows a quiz for a lesson: its questions, and questions missed earlier that are
/// due again.
pub(crate) async fn quiz_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(lesson) = content().lesson(&id) else { return not_found().await };
    let lang = lang_of(&q);
    let now = khien_store::now();
    let Ok(items) = state.store.schedule(p.user.id).await else { return server_error() };
    let items: Vec<Item> = items
        .into_iter()
        .map(|s| Item {
            question: s.question_id,
            box_no: u8::try_from(s.box_no).unwrap_or(u8::MAX),
            due_day: s.due_day,
        })
        .collect();
    let seed = (now as u64) ^ (p.user.id as u64).rotate_left(32);
    let s = settings(&state);
    let questions = quiz::draw(content(), &lesson.id, &items, quiz::day_of(now), &s, seed);
    if questions.is_empty() {
        return error_page(StatusCode::NOT_FOUND, "Bài này chưa có câu hỏi (no questions yet).");
    }
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let csrf = auth::csrf_token(&state, &p.session);
    let sig = quiz_sig(&state, &p.session, &lesson.id, &ids.join(","));
    let title = format!("{}: {}", lang.t("Kiểm tra", "Quiz"), lesson.title(l(lang)));
    page(
        lang,
        &title,
        Some(&p),
        &csrf,
        quiz_form(
            lang,
            &questions,
            &csrf,
            &sig,
            s.pass_percent,
            &format!("/learn/lessons/{}/quiz", lesson.id),
        ),
    )
}

/// Grades a quiz, records the attempt, the answers and the new repetition schedule; on a pass
/// the completion and a certificate. Shows every question with its explanation.
pub(crate) async fn quiz_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let form: Vec<(String, String)> = match serde_urlencoded_pairs(&raw) {
        Some(f) => f,
        None => {
            return error_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Biểu mẫu không hợp lệ (invalid form).",
            );
        }
    };
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if !auth::csrf_ok(&state, Some(&p.session), field("csrf").unwrap_or("")) {
        return auth::csrf_failed();
    }
    let Some(lesson) = content().lesson(&id) else { return not_found().await };
    let lang = Lang::parse(field("lang"));
    let ids = field("qs").unwrap_or("");
    let want = quiz_sig(&state, &p.session, &lesson.id, ids);
    let sig = field("sig").unwrap_or("");
    if want.len() != sig.len()
        || !bool::from(subtle::ConstantTimeEq::ct_eq(want.as_bytes(), sig.as_bytes()))
    {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bài kiểm tra không hợp lệ; hãy làm lại (invalid quiz; start again).",
        );
    }
    let questions: Vec<&Question> = ids.split(',').filter_map(|i| content().question(i)).collect();
    if questions.is_empty() {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bài kiểm tra không hợp lệ (invalid quiz).",
        );
    }
    let chosen: Vec<Option<usize>> = (0..questions.len())
        .map(|i| field(&format!("a{i}")).and_then(|v| v.parse().ok()))
        .collect();
    let s = settings(&state);
    let graded = quiz::grade(&questions, &chosen, &s);
    let now = khien_store::now();
    let Ok(items) = state.store.schedule(p.user.id).await else { return server_error() };
    let items: Vec<Item> = items
        .into_iter()
        .map(|x| Item {
            question: x.question_id,
            box_no: u8::try_from(x.box_no).unwrap_or(u8::MAX),
            due_day: x.due_day,
        })
        .collect();
    let next = quiz::update(&items, &graded, quiz::day_of(now), &s);
    let answers: Vec<AnswerRecord> = graded
        .outcomes
        .iter()
        .map(|o| AnswerRecord {
            question_id: o.question.clone(),
            chosen: o.chosen.map(|c| c as i64),
            correct: o.right,
        })
        .collect();
    let schedule: Vec<ScheduleItem> = next
        .iter()
        .map(|i| ScheduleItem {
            question_id: i.question.clone(),
            box_no: i64::from(i.box_no),
            due_day: i.due_day,
        })
        .collect();
    let attempt = NewAttempt {
        user_id: p.user.id,
        lesson_id: &lesson.id,
        lesson_version: i64::from(lesson.front.version),
        title_vi: &lesson.front.title_vi,
        title_en: &lesson.front.title_en,
        score: i64::from(graded.score),
        passed: graded.passed,
        answers: &answers,
        schedule: &schedule,
        at: now,
    };
    let Ok((_, cert)) = state.store.record_attempt(&attempt).await else { return server_error() };
    let _ = state
        .store
        .audit(
            &auth::actor(&p.user),
            "quiz_submitted",
            &format!(
                "{} {}% {}",
                lesson.id,
                graded.score,
                if graded.passed { "passed" } else { "not passed" }
            ),
        )
        .await;
    let csrf = auth::csrf_token(&state, &p.session);
    let lc = lang_code(lang);
    let body = html! {
        p class=(if graded.passed { "right" } else { "wrong" }) role="status" {
            strong { (graded.right) "/" (questions.len()) " — " (graded.score) "% — "
                (if graded.passed { lang.t("Đạt", "Passed") } else { lang.t("Chưa đạt", "Not passed") }) }
            @if !graded.passed { " " (lang.t("Cần ít nhất ", "At least ")) (s.pass_percent) (lang.t("% để đạt. Đọc lại bài và làm lại nhé.", "% is needed. Read the lesson again and retry.")) }
        }
        @if let Some(c) = &cert {
            p { a href={ "/learn/certificates/" (c.code) "?lang=" (lc) } { strong { (lang.t("Xem và in chứng nhận", "View and print your certificate")) } } }
        }
        ol {
            @for (q, o) in questions.iter().zip(&graded.outcomes) {
                li {
                    p { strong { (q.prompt(l(lang))) } }
                    div class=(if o.right { "right" } else { "wrong" }) {
                        p {
                            (if o.right { lang.t("Đúng. ", "Right. ") } else { lang.t("Chưa đúng. ", "Not right. ") })
                            @if let Some(c) = o.chosen.and_then(|c| q.choices(l(lang)).get(c)) { (lang.t("Bạn chọn: ", "You chose: ")) (c) ". " }
                            (lang.t("Đáp án: ", "Answer: ")) (q.choices(l(lang)).get(q.answer).map_or("", String::as_str))
                        }
                        p { (q.explanation(l(lang))) }
                    }
                }
            }
        }
        p.noprint {
            a href={ "/learn/lessons/" (lesson.id) "?lang=" (lc) } { (lang.t("Đọc lại bài", "Read the lesson again")) }
            " · " a href={ "/learn/lessons/" (lesson.id) "/quiz?lang=" (lc) } { (lang.t("Làm lại", "Retry")) }
            " · " a href={ "/learn?lang=" (lc) } { (lang.t("Học tập", "Learning")) }
        }
    };
    page(lang, lang.t("Kết quả", "Result"), Some(&p), &csrf, body)
}

/// Parses a urlencoded body into pairs (the quiz's field names depend on its length).
pub(crate) fn serde_urlencoded_pairs(raw: &[u8]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for part in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match part.iter().position(|b| *b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        out.push((decode(k)?, decode(v)?));
        if out.len() > 200 {
            return None;
        }
    }
    Some(out)
}

fn decode(b: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b'%' => return None,
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The commitment form, or the signed commitment.
pub(crate) async fn commitment_page(
    State(state): State<AppState>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = lang_of(&q);
    let csrf = auth::csrf_token(&state, &p.session);
    let year = year_of(khien_store::now());
    let Ok(signed) = state.store.commitment(p.user.id, year).await else { return server_error() };
    page(
        lang,
        &format!("{} {year}", lang.t("Cam kết năm", "Commitment for")),
        Some(&p),
        &csrf,
        commitment_body(lang, &csrf, signed.as_ref(), None),
    )
}

fn commitment_body(
    lang: Lang,
    csrf: &str,
    signed: Option<&khien_store::learn::Commitment>,
    message: Option<&str>,
) -> Markup {
    let text = khien_learn::commitment();
    html! {
        @if let Some(m) = message { p.error role="alert" { (m) } }
        div.explain lang="vi" { (text.text_vi.trim()) }
        @if lang == Lang::En { details { summary { "English" } div.explain lang="en" { (text.text_en.trim()) } } }
        @match signed {
            Some(c) => p.done role="status" {
                (lang.t("Đã ký bởi ", "Signed by ")) (c.full_name) " — " (format_time(c.signed_at)) " UTC — "
                (lang.t("phiên bản ", "version ")) (c.text_version) " — SHA-256 " code { (c.text_hash.get(..16).unwrap_or("")) "…" }
            },
            None => form method="post" action="/learn/commitment" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(text.version);
                label for="full_name" { (lang.t("Gõ họ và tên đầy đủ của bạn để ký", "Type your full name to sign")) }
                input id="full_name" type="text" name="full_name" required maxlength="200" autocomplete="name";
                button type="submit" { (lang.t("Ký cam kết", "Sign")) }
            },
        }
    }
}

/// The commitment form.
#[derive(Debug, Deserialize)]
pub(crate) struct CommitmentForm {
    csrf: String,
    full_name: String,
    #[serde(default)]
    version: String,
}

/// Signs the year's commitment: the version and a hash of the text shown, and the full name.
pub(crate) async fn commitment_sign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CommitmentForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let text = khien_learn::commitment();
    let csrf = auth::csrf_token(&state, &p.session);
    let year = year_of(khien_store::now());
    if form.version != text.version {
        // The text changed while the form was open: show the new one.
        return (StatusCode::CONFLICT, page(Lang::Vi, "Cam kết", Some(&p), &csrf, commitment_body(Lang::Vi, &csrf, None, Some("Nội dung cam kết vừa được cập nhật; hãy đọc lại và ký (the text changed; read it again and sign).")))).into_response();
    }
    match state
        .store
        .sign_commitment(p.user.id, year, &text.version, &text.text_vi, &form.full_name)
        .await
    {
        Ok(Some(_)) => {
            let _ = state
                .store
                .audit(
                    &auth::actor(&p.user),
                    "commitment_signed",
                    &format!("{year} {}", text.version),
                )
                .await;
            Redirect::to("/learn/commitment").into_response()
        }
        Ok(None) => {
            let signed = state.store.commitment(p.user.id, year).await.ok().flatten();
            let msg = if signed.is_some() {
                "Bạn đã ký cam kết năm nay (already signed)."
            } else {
                "Hãy gõ họ và tên (type your full name)."
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                page(
                    Lang::Vi,
                    "Cam kết",
                    Some(&p),
                    &csrf,
                    commitment_body(Lang::Vi, &csrf, signed.as_ref(), Some(msg)),
                ),
            )
                .into_response()
        }
        Err(_) => server_error(),
    }
}

/// A printable certificate: its owner, officers and administrators.
pub(crate) async fn certificate_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &EVERYONE).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(Some(c)) = state.store.certificate(&code).await else { return not_found().await };
    if c.user_id != p.user.id && !MANAGERS.contains(&p.user.role) {
        return not_found().await;
    }
    let lang = lang_of(&q);
    let csrf = auth::csrf_token(&state, &p.session);
    // The name signed on the year's commitment, when there is one; the login name otherwise.
    let name = state
        .store
        .commitment(c.user_id, c.year)
        .await
        .ok()
        .flatten()
        .map_or(c.username.clone(), |k| k.full_name);
    let body = html! {
        div.certificate {
            p { (lang.t("Khiên — Chương trình nâng cao nhận thức", "Khiên — Awareness programme")) }
            h2 { (lang.t("CHỨNG NHẬN", "CERTIFICATE")) }
            p { (lang.t("Chứng nhận", "This certifies that")) }
            p { strong style="font-size:1.4rem" { (name) } }
            p { (lang.t("đã hoàn thành bài học", "has completed the lesson")) }
            p { strong { (if lang == Lang::En { &c.title_en } else { &c.title_vi }) } }
            p { (lang.t("với kết quả ", "with a score of ")) (c.score) "% — " (format_time(c.issued_at).get(..10).unwrap_or("")) }
            p { (lang.t("Mã xác minh: ", "Verification code: ")) span.code { (c.code) } }
            p.muted { small { (lang.t("Kiểm tra mã tại /learn/verify trên máy chủ Khiên của cơ quan.", "Check the code at /learn/verify on the agency's Khiên server.")) } }
        }
        p.noprint.muted { (lang.t("Dùng lệnh In của trình duyệt để in hoặc lưu PDF.", "Use the browser's Print to print or save as PDF.")) }
    };
    page(lang, lang.t("Chứng nhận", "Certificate"), Some(&p), &csrf, body)
}

/// `?code=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct VerifyQ {
    code: Option<String>,
    lang: Option<String>,
}

/// Public check of a certificate code: whether it is valid, for which lesson and when — never
/// whose it is.
pub(crate) async fn verify_page(
    State(state): State<AppState>,
    Query(q): Query<VerifyQ>,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let code = q.code.unwrap_or_default();
    let found = if code.trim().is_empty() || code.len() > 40 {
        None
    } else {
        state.store.certificate(&code).await.ok().flatten()
    };
    let body = html! {
        form method="get" action="/learn/verify" {
            label for="code" { (lang.t("Mã xác minh", "Verification code")) }
            input id="code" type="text" name="code" value=(code) maxlength="40";
            input type="hidden" name="lang" value=(lang_code(lang));
            button type="submit" { (lang.t("Kiểm tra", "Check")) }
        }
        @if !code.trim().is_empty() {
            @match &found {
                Some(c) => p.right role="status" { (lang.t("Chứng nhận hợp lệ: ", "Valid certificate: ")) (if lang == Lang::En { &c.title_en } else { &c.title_vi }) " — " (c.score) "% — " (format_time(c.issued_at).get(..10).unwrap_or("")) },
                None => p.wrong role="status" { (lang.t("Không tìm thấy chứng nhận với mã này.", "No certificate has this code.")) },
            }
        }
    };
    page(lang, lang.t("Xác minh chứng nhận", "Verify a certificate"), None, "", body)
}

// ---------------------------------------------------------------- managers

/// `?year=&unit=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct YearQ {
    year: Option<i64>,
    unit: Option<i64>,
}

fn manage_body(
    state: &AppState,
    csrf: &str,
    year: i64,
    units: &[khien_store::learn::Unit],
    people: &[khien_store::learn::Profile],
    assignments: &[khien_store::learn::Assignment],
    message: Option<(bool, &str)>,
) -> Markup {
    let _ = state;
    html! {
        @if let Some((ok, m)) = message { p class=(if ok { "right" } else { "error" }) role="status" { (m) } }
        p { a href={ "/learn/progress?year=" (year) } { "Tiến độ theo đơn vị (progress by unit)" } }
        h2 { "Giao bài năm " (year) " (assign lessons)" }
        form method="post" action="/learn/manage/assign" {
            input type="hidden" name="csrf" value=(csrf);
            label for="lesson" { "Bài học (lesson)" }
            select id="lesson" name="lesson" { @for x in &content().lessons { @if x.for_staff() { option value=(x.id) { (x.front.title_vi) } } } }
            label for="unit" { "Đơn vị (unit)" }
            select id="unit" name="unit" { option value="" { "Mọi đơn vị (every unit)" } @for u in units { option value=(u.id) { (u.name) } } }
            label for="duty" { "Nhiệm vụ (duty)" }
            select id="duty" name="duty" { option value="" { "Mọi người (everyone)" } @for d in Duty::ALL { @if d != Duty::All { option value=(d.code()) { (d.label(khien_learn::Lang::Vi)) } } } }
            label for="due" { "Hạn hoàn thành (due date)" }
            input id="due" type="date" name="due" required;
            button type="submit" { "Giao bài (assign)" }
        }
        table {
            thead { tr { th { "Bài học" } th { "Đơn vị" } th { "Nhiệm vụ" } th { "Hạn" } th { "Người giao" } } }
            tbody { @for a in assignments { tr {
                td { (content().lesson(&a.lesson_id).map_or(a.lesson_id.as_str(), |x| x.front.title_vi.as_str())) }
                td { (a.unit.as_ref().map_or("Mọi đơn vị", |u| u.name.as_str())) }
                td { (a.duty.as_deref().and_then(Duty::from_code).map_or("Mọi người", |d| d.label(khien_learn::Lang::Vi))) }
                td { (format_time(a.due_at).get(..10).unwrap_or("")) }
                td { (a.created_by) }
            } } }
        }
        h2 { "Đơn vị (units)" }
        ul { @for u in units { li { (u.name) } } }
        form method="post" action="/learn/manage/units" {
            input type="hidden" name="csrf" value=(csrf);
            label for="name" { "Tên đơn vị mới (new unit)" }
            input id="name" type="text" name="name" required maxlength="200";
            button type="submit" { "Thêm (add)" }
        }
        h2 { "Đơn vị và nhiệm vụ của từng người (people)" }
        form method="post" action="/learn/manage/people" {
            input type="hidden" name="csrf" value=(csrf);
            label for="user" { "Tài khoản (account)" }
            select id="user" name="user" { @for p in people { option value=(p.user_id) { (p.username) " — " (p.unit.as_ref().map_or("chưa có đơn vị", |u| u.name.as_str())) " — " (p.duties.join(", ")) } } }
            label for="punit" { "Đơn vị (unit)" }
            select id="punit" name="unit" { option value="" { "Không (none)" } @for u in units { option value=(u.id) { (u.name) } } }
            fieldset {
                legend { "Nhiệm vụ (duties); ai cũng học các bài cho mọi cán bộ" }
                @for d in [Duty::Records, Duty::It, Duty::Leaders] {
                    label { input type="checkbox" name="duties" value=(d.code()); span { (d.label(khien_learn::Lang::Vi)) } }
                }
            }
            button type="submit" { "Lưu (save)" }
        }
    }
}

async fn manage_render(
    state: &AppState,
    p: &Person,
    message: Option<(bool, &str)>,
    status: StatusCode,
) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    let year = year_of(khien_store::now());
    let (Ok(units), Ok(people), Ok(assignments)) = (
        state.store.units().await,
        state.store.profiles().await,
        state.store.assignments(year).await,
    ) else {
        return server_error();
    };
    let body = manage_body(state, &csrf, year, &units, &people, &assignments, message);
    (status, page(Lang::Vi, "Quản lý học tập (manage learning)", Some(p), &csrf, body))
        .into_response()
}

/// Assignments, units and people's duties (officers and administrators).
pub(crate) async fn manage_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => manage_render(&state, &p, None, StatusCode::OK).await,
        Err(r) => r,
    }
}

/// The assign form.
#[derive(Debug, Deserialize)]
pub(crate) struct AssignForm {
    csrf: String,
    lesson: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    duty: String,
    due: String,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The end of a `YYYY-MM-DD` day (UTC), in Unix seconds.
fn end_of_day(date: &str) -> Option<i64> {
    let mut it = date.trim().splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + 86_399)
}

/// Assigns a lesson (officers and administrators), audited.
pub(crate) async fn manage_assign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AssignForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let unit = form.unit.parse::<i64>().ok();
    let duty = Some(form.duty.as_str()).filter(|d| !d.is_empty());
    let valid_unit = match unit {
        Some(u) => state.store.units().await.unwrap_or_default().iter().any(|x| x.id == u),
        None => form.unit.is_empty(),
    };
    let (Some(lesson), Some(due), true, true) = (
        content().lesson(&form.lesson),
        end_of_day(&form.due),
        valid_unit,
        duty.is_none_or(|d| Duty::from_code(d).is_some()),
    ) else {
        return manage_render(&state, &p, Some((false, "Bài học, đơn vị, nhiệm vụ hoặc hạn không hợp lệ (invalid lesson, unit, duty or date).")), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let year = year_of(due);
    if state
        .store
        .assign_lesson(&lesson.id, unit, duty, year, due, &auth::actor(&p.user))
        .await
        .is_err()
    {
        return server_error();
    }
    let _ = state
        .store
        .audit(
            &auth::actor(&p.user),
            "lesson_assigned",
            &format!("{} unit={} duty={} due={}", lesson.id, form.unit, form.duty, form.due),
        )
        .await;
    manage_render(&state, &p, Some((true, "Đã giao bài (assigned).")), StatusCode::OK).await
}

/// The new-unit form.
#[derive(Debug, Deserialize)]
pub(crate) struct UnitForm {
    csrf: String,
    name: String,
}

/// Adds a unit (officers and administrators), audited.
pub(crate) async fn manage_unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<UnitForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.create_unit(&form.name).await {
        Ok(Some(u)) => {
            let _ = state.store.audit(&auth::actor(&p.user), "unit_created", &u.name).await;
            manage_render(&state, &p, Some((true, "Đã thêm đơn vị (unit added).")), StatusCode::OK)
                .await
        }
        Ok(None) => {
            manage_render(
                &state,
                &p,
                Some((false, "Tên trống hoặc đã có (empty or existing name).")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(_) => server_error(),
    }
}

/// Sets a person's unit and duties (officers and administrators), audited. Read from the raw
/// form: `duties` repeats.
pub(crate) async fn manage_people(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(form) = serde_urlencoded_pairs(&raw) else {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Biểu mẫu không hợp lệ (invalid form).",
        );
    };
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if !auth::csrf_ok(&state, Some(&p.session), field("csrf").unwrap_or("")) {
        return auth::csrf_failed();
    }
    let duties: Vec<&str> =
        form.iter().filter(|(n, _)| n == "duties").map(|(_, v)| v.as_str()).collect();
    let unit = field("unit").and_then(|u| u.parse::<i64>().ok());
    let Some(user) = field("user").and_then(|u| u.parse::<i64>().ok()) else {
        return manage_render(
            &state,
            &p,
            Some((false, "Chọn một tài khoản (pick an account).")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state.store.set_profile(user, unit, &duties).await {
        Ok(true) => {
            let _ = state
                .store
                .audit(
                    &auth::actor(&p.user),
                    "profile_set",
                    &format!(
                        "user={user} unit={} duties={}",
                        unit.map_or("-".into(), |u| u.to_string()),
                        duties.join(",")
                    ),
                )
                .await;
            manage_render(&state, &p, Some((true, "Đã lưu (saved).")), StatusCode::OK).await
        }
        Ok(false) => {
            manage_render(
                &state,
                &p,
                Some((false, "Không có tài khoản hoặc đơn vị này (no such account or unit).")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(_) => server_error(),
    }
}

/// A pseudonym for a person in a year: stable within the year, not reversible without the
/// server key.
fn pseudonym(state: &AppState, year: i64, user_id: i64) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&state.key).expect("any key length");
    mac.update(format!("khien-pseudonym:{year}:{user_id}").as_bytes());
    let tag = mac.finalize().into_bytes();
    format!("HV-{}", tag.iter().take(4).map(|b| format!("{b:02X}")).collect::<String>())
}

/// Progress per unit (aggregated) and per pseudonymous person, for units of at least the
/// minimum cohort (officers and administrators).
pub(crate) async fn progress_page(
    State(state): State<AppState>,
    Query(q): Query<YearQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let year = q.year.unwrap_or_else(|| year_of(khien_store::now()));
    let min = state.config.min_cohort;
    let (Ok((summaries, hidden)), Ok(rows), Ok(units)) = (
        state.store.unit_summaries(year, min).await,
        state.store.progress(year, None).await,
        state.store.units().await,
    ) else {
        return server_error();
    };
    let shown: Vec<Option<String>> = summaries.iter().map(|s| s.unit.clone()).collect();
    // Per person, pseudonymous, only in units shown.
    let mut people: Vec<(String, Option<String>, usize, usize)> = Vec::new();
    for r in rows.iter().filter(|r| shown.contains(&r.unit)) {
        let name = pseudonym(&state, year, r.user_id);
        match people.iter_mut().find(|x| x.0 == name) {
            Some(x) => {
                x.2 += 1;
                x.3 += usize::from(r.completed_at.is_some());
            }
            None => people.push((name, r.unit.clone(), 1, usize::from(r.completed_at.is_some()))),
        }
    }
    people.sort();
    let csrf = auth::csrf_token(&state, &p.session);
    let body = html! {
        form method="get" action="/learn/progress" {
            label for="year" { "Năm (year)" }
            input id="year" type="text" name="year" value=(year) inputmode="numeric" maxlength="4";
            button type="submit" { "Xem (show)" }
        }
        h2 { "Theo đơn vị (by unit)" }
        p.muted { "Đơn vị dưới " (min) " người không được hiển thị để không lộ từng cá nhân (units under " (min) " people are not shown); đã ẩn: " (hidden) "." }
        table {
            thead { tr { th { "Đơn vị" } th { "Số người" } th { "Bài giao" } th { "Đã đạt" } th { "Trễ hạn" } th { "Điểm TB" } th { "Đã ký cam kết" } } }
            tbody { @for s in &summaries { tr {
                td { (s.unit.as_deref().unwrap_or("(chưa có đơn vị)")) }
                td { (s.people) } td { (s.assigned) } td { (s.completed) } td { (s.late) }
                td { (s.mean_score.map_or("—".to_string(), |m| format!("{m}%"))) }
                td { (s.committed) }
            } } }
        }
        h2 { "Theo người học, ẩn danh (by learner, pseudonymous)" }
        table {
            thead { tr { th { "Mã người học" } th { "Đơn vị" } th { "Bài giao" } th { "Đã đạt" } } }
            tbody { @for (name, unit, assigned, done) in &people { tr { td.code { (name) } td { (unit.as_deref().unwrap_or("—")) } td { (assigned) } td { (done) } } } }
        }
        h2 { "Hồ sơ minh chứng theo đơn vị (evidence per unit)" }
        ul { @for u in &units { li {
            (u.name) ": "
            a href={ "/learn/progress.csv?year=" (year) "&unit=" (u.id) } { "CSV" } " · "
            a href={ "/learn/report?year=" (year) "&unit=" (u.id) } { "Báo cáo in (printable report)" }
        } } }
    };
    page(Lang::Vi, &format!("Tiến độ học tập năm {year} (progress)"), Some(&p), &csrf, body)
}

/// A CSV cell: quoted when needed, and a leading `=`, `+`, `-` or `@` neutralised so that a
/// spreadsheet never runs it as a formula.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

async fn unit_rows(
    state: &AppState,
    q: &YearQ,
) -> Result<(i64, khien_store::learn::Unit, Vec<khien_store::learn::ProgressRow>), Response> {
    let year = q.year.unwrap_or_else(|| year_of(khien_store::now()));
    let units = state.store.units().await.map_err(|_| server_error())?;
    let Some(unit) = q.unit.and_then(|id| units.into_iter().find(|u| u.id == id)) else {
        return Err(error_page(StatusCode::NOT_FOUND, "Không có đơn vị này (no such unit)."));
    };
    let rows = state.store.progress(year, Some(unit.id)).await.map_err(|_| server_error())?;
    Ok((year, unit, rows))
}

/// The evidence of one unit and year as CSV (officers and administrators), audited.
pub(crate) async fn progress_csv(
    State(state): State<AppState>,
    Query(q): Query<YearQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (year, unit, rows) = match unit_rows(&state, &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let commitments = state.store.commitments(year).await.unwrap_or_default();
    let mut out =
        String::from("\u{feff}don_vi,tai_khoan,bai_hoc,ten_bai,han,hoan_thanh,diem,cam_ket\r\n");
    for r in &rows {
        let title = content().lesson(&r.lesson_id).map_or("", |x| x.front.title_vi.as_str());
        let signed = commitments
            .iter()
            .find(|c| c.user_id == r.user_id)
            .map_or(String::new(), |c| format_time(c.signed_at));
        let cells = [
            unit.name.clone(),
            r.username.clone(),
            r.lesson_id.clone(),
            title.to_string(),
            format_time(r.due_at).get(..10).unwrap_or("").to_string(),
            r.completed_at.map(format_time).unwrap_or_default(),
            r.score.map(|s| s.to_string()).unwrap_or_default(),
            signed,
        ];
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    let _ = state
        .store
        .audit(&auth::actor(&p.user), "learning_exported", &format!("csv {year} unit={}", unit.id))
        .await;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"hoc-tap-{year}-don-vi-{}.csv\"", unit.id),
            ),
        ],
        out,
    )
        .into_response()
}

/// The printable evidence report of one unit and year (officers and administrators), audited.
pub(crate) async fn report_page(
    State(state): State<AppState>,
    Query(q): Query<YearQ>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MANAGERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (year, unit, rows) = match unit_rows(&state, &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let commitments = state.store.commitments(year).await.unwrap_or_default();
    let done = rows.iter().filter(|r| r.completed_at.is_some()).count();
    let mut people: Vec<&str> = rows.iter().map(|r| r.username.as_str()).collect();
    people.dedup();
    let signed = people
        .iter()
        .filter(|u| {
            rows.iter()
                .any(|r| r.username == **u && commitments.iter().any(|c| c.user_id == r.user_id))
        })
        .count();
    let _ = state
        .store
        .audit(
            &auth::actor(&p.user),
            "learning_exported",
            &format!("report {year} unit={}", unit.id),
        )
        .await;
    let csrf = auth::csrf_token(&state, &p.session);
    let body = html! {
        p { strong { "Đơn vị: " (unit.name) } " — năm " (year) " — lập lúc " (format_time(khien_store::now())) " UTC" }
        p { "Số người có bài được giao: " (people.len()) "; lượt bài giao: " (rows.len()) "; đã đạt: " (done) "; đã ký cam kết năm: " (signed) "." }
        table {
            thead { tr { th { "Tài khoản" } th { "Bài học" } th { "Hạn" } th { "Hoàn thành (UTC)" } th { "Điểm" } } }
            tbody { @for r in &rows { tr {
                td { (r.username) }
                td { (content().lesson(&r.lesson_id).map_or(r.lesson_id.as_str(), |x| x.front.title_vi.as_str())) }
                td { (format_time(r.due_at).get(..10).unwrap_or("")) }
                td { (r.completed_at.map(format_time).unwrap_or_else(|| "chưa hoàn thành".into())) }
                td { (r.score.map_or("—".to_string(), |s| format!("{s}%"))) }
            } } }
        }
        p.muted { small { "Báo cáo minh chứng theo kế hoạch nâng cao nhận thức hằng năm (awareness plan evidence). Dùng lệnh In của trình duyệt." } }
    };
    page(Lang::Vi, &format!("Báo cáo học tập năm {year} — {}", unit.name), Some(&p), &csrf, body)
}

// ---------------------------------------------------------------- public

/// The public outreach pages: every lesson for citizens.
pub(crate) async fn outreach_index(
    State(state): State<AppState>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&q);
    let who = auth::person(&state, &headers).await;
    let csrf = who.as_ref().map(|p| auth::csrf_token(&state, &p.session)).unwrap_or_default();
    let body = html! {
        p { (lang.t("Những chiêu lừa đảo đang phổ biến và cách phòng tránh. Hãy chia sẻ cho người thân.", "Common scams and how to avoid them. Share them with your family.")) }
        ul { @for x in content().outreach() { li { a href={ "/canh-bao/" (x.id) "?lang=" (lang_code(lang)) } { (x.title(l(lang))) } } } }
    };
    page(lang, lang.t("Cảnh báo lừa đảo", "Scam warnings"), who.as_ref(), &csrf, body)
}

/// One outreach page: short and phone-friendly (summary, the example, signs, what to do).
pub(crate) async fn outreach_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let Some(lesson) = content().lesson(&id).filter(|x| x.for_citizens()) else {
        return not_found().await;
    };
    let _ = state.store.outreach_hit(&lesson.id, "view").await;
    let lang = lang_of(&q);
    let ll = l(lang);
    let who = auth::person(&state, &headers).await;
    let csrf = who.as_ref().map(|p| auth::csrf_token(&state, &p.session)).unwrap_or_default();
    let heads = headings(ll);
    let [signs, todo, after] =
        heads.map(|h| lesson.section(ll, h).map(|s| khien_learn::render::markdown(s, ll)));
    let phone = khien_learn::render::phone_blocks(lesson.body(ll)).into_iter().next();
    let body = html! {
        p { strong { (lesson.summary(ll)) } }
        @if let Some(ph) = phone { (PreEscaped(ph.html(ll))) }
        @if let Some(h) = signs { h2 { (heads[0]) } (PreEscaped(h)) }
        @if let Some(h) = todo { h2 { (heads[1]) } (PreEscaped(h)) }
        @if let Some(h) = after { h2 { (heads[2]) } (PreEscaped(h)) }
        p {
            a href={ "/canh-bao/" (lesson.id) "/quiz?lang=" (lang_code(lang)) } { (lang.t("Thử sức: trả lời vài câu hỏi", "Try a short quiz")) }
            " · " a href={ "/canh-bao/" (lesson.id) "/poster.pdf" } { (lang.t("Tải áp phích để in (PDF)", "Download a poster to print (PDF)")) }
        }
        p { a href={ "/?lang=" (lang_code(lang)) } { (lang.t("Nghi ngờ một tin nhắn? Kiểm tra tại đây.", "Doubt a message? Check it here.")) } }
        p.muted { (lang.t("Gặp nguy hiểm hoặc đã mất tiền: gọi 113 hoặc đến công an xã, phường gần nhất.", "In danger or lost money: call 113 or go to the nearest police station.")) }
    };
    page(lang, lesson.title(ll), who.as_ref(), &csrf, body)
}

/// `GET /canh-bao/{id}/quiz`: the public quiz of an outreach lesson. Nothing is recorded but
/// an anonymous count of completions.
pub(crate) async fn public_quiz_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
) -> Response {
    let Some(lesson) = content().lesson(&id).filter(|x| x.for_citizens()) else {
        return not_found().await;
    };
    let lang = lang_of(&q);
    // A signed-in person's form is bound to their session, a visitor's to the anonymous cookie.
    let who = auth::person(&state, &headers).await;
    let (binding, new) = match &who {
        Some(p) => (p.session.clone(), false),
        None => auth::anon_binding(&headers),
    };
    let s = settings(&state);
    let seed = khien_store::now() as u64
        ^ binding.bytes().fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    let questions =
        quiz::draw(content(), &lesson.id, &[], quiz::day_of(khien_store::now()), &s, seed);
    if questions.is_empty() {
        return not_found().await;
    }
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let csrf = auth::csrf_token(&state, &binding);
    let sig = quiz_sig(&state, &binding, &lesson.id, &ids.join(","));
    let title = format!("{}: {}", lang.t("Thử sức", "Quiz"), lesson.title(l(lang)));
    let body = quiz_form(
        lang,
        &questions,
        &csrf,
        &sig,
        s.pass_percent,
        &format!("/canh-bao/{}/quiz", lesson.id),
    );
    let mut res = page(lang, &title, who.as_ref(), &csrf, body);
    if new {
        res.headers_mut().append(
            header::SET_COOKIE,
            auth::set_cookie(&state, auth::ANON_COOKIE, &binding, 86_400),
        );
    }
    res
}

/// `POST /canh-bao/{id}/quiz`: the answers with their explanations; counted, not recorded.
pub(crate) async fn public_quiz_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let Some(lesson) = content().lesson(&id).filter(|x| x.for_citizens()) else {
        return not_found().await;
    };
    let Some(form) = serde_urlencoded_pairs(&raw) else {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Biểu mẫu không hợp lệ (invalid form).",
        );
    };
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (who, binding) = crate::pages::form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), field("csrf").unwrap_or("")) {
        return auth::csrf_failed();
    }
    let ids = field("qs").unwrap_or("");
    let want = quiz_sig(&state, binding.as_deref().unwrap_or(""), &lesson.id, ids);
    let sig = field("sig").unwrap_or("");
    if want.len() != sig.len()
        || !bool::from(subtle::ConstantTimeEq::ct_eq(want.as_bytes(), sig.as_bytes()))
    {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bài kiểm tra không hợp lệ; hãy làm lại (invalid quiz; start again).",
        );
    }
    let questions: Vec<&Question> = ids.split(',').filter_map(|i| content().question(i)).collect();
    let chosen: Vec<Option<usize>> = (0..questions.len())
        .map(|i| field(&format!("a{i}")).and_then(|v| v.parse().ok()))
        .collect();
    let lang = Lang::parse(field("lang"));
    let graded = quiz::grade(&questions, &chosen, &settings(&state));
    let _ = state.store.outreach_hit(&lesson.id, "quiz").await;
    let lc = lang_code(lang);
    let body = html! {
        p class=(if graded.passed { "right" } else { "wrong" }) role="status" {
            strong { (graded.right) "/" (questions.len()) " — " (graded.score) "%" }
            " " (if graded.passed { lang.t("Bạn nắm rất chắc! Hãy chia sẻ cho người thân.", "Well done! Share it with your family.") } else { lang.t("Đọc lại cảnh báo và thử lại nhé.", "Read the warning again and retry.") })
        }
        ol { @for (q, o) in questions.iter().zip(&graded.outcomes) {
            li {
                p { strong { (q.prompt(l(lang))) } }
                div class=(if o.right { "right" } else { "wrong" }) {
                    p { (if o.right { lang.t("Đúng. ", "Right. ") } else { lang.t("Chưa đúng. ", "Not right. ") })
                        (lang.t("Đáp án: ", "Answer: ")) (q.choices(l(lang)).get(q.answer).map_or("", String::as_str)) }
                    p { (q.explanation(l(lang))) }
                }
            }
        } }
        p { a href={ "/canh-bao/" (lesson.id) "?lang=" (lc) } { (lang.t("Đọc lại cảnh báo", "Read the warning again")) } " · " a href={ "/canh-bao?lang=" (lc) } { (lang.t("Các cảnh báo khác", "Other warnings")) } }
    };
    let csrf = binding.map(|b| auth::csrf_token(&state, &b)).unwrap_or_default();
    page(lang, lang.t("Kết quả", "Result"), who.as_ref(), &csrf, body)
}

/// `GET /canh-bao/{id}/poster.pdf`: a one-page poster to print and pin up: the warning's
/// signs and what to do, and a QR code to this server's public scam check.
pub(crate) async fn poster(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(lesson) = content().lesson(&id).filter(|x| x.for_citizens()) else {
        return not_found().await;
    };
    let ll = khien_learn::Lang::Vi;
    let heads = headings(ll);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    let take = |h: &str| lesson.section_points(ll, h).into_iter().take(5).collect::<Vec<_>>();
    let poster = khien_doc::Poster {
        title: lesson.title(ll).to_string(),
        summary: lesson.summary(ll).to_string(),
        sections: vec![
            (heads[0].to_string(), take(heads[0])),
            (heads[1].to_string(), take(heads[1])),
        ],
        qr: Some((
            format!("{scheme}://{host}/?lang=vi"),
            "Quét mã để kiểm tra tin nhắn, đường link, số điện thoại, số tài khoản".to_string(),
        )),
        footer:
            "Gặp nguy hiểm hoặc đã mất tiền: gọi 113 hoặc đến công an xã, phường gần nhất. — Khiên"
                .to_string(),
    };
    match khien_doc::poster_pdf(&poster) {
        Ok(bytes) => {
            let _ = state.store.outreach_hit(&lesson.id, "poster").await;
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"canh-bao-{}.pdf\"", lesson.id),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// The three required headings of a body in a language.
fn headings(l: khien_learn::Lang) -> [&'static str; 3] {
    match l {
        khien_learn::Lang::Vi => khien_learn::lesson::HEADINGS_VI,
        khien_learn::Lang::En => khien_learn::lesson::HEADINGS_EN,
    }
}

/// A lesson in the list of `GET /api/v1/lessons`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LessonSummary {
    /// Lesson id.
    id: String,
    /// Vietnamese title.
    title_vi: String,
    /// English title.
    title_en: String,
    /// Duty codes: all, records, it, leaders.
    roles: Vec<String>,
    /// The khien-judge scam type code, for scam lessons.
    scam_type: Option<String>,
}

/// A quiz question without its answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuizQuestion {
    /// Question id.
    id: String,
    /// `single` or `scenario`.
    kind: String,
    /// Vietnamese prompt.
    prompt_vi: String,
    /// English prompt.
    prompt_en: String,
    /// Vietnamese choices.
    choices_vi: Vec<String>,
    /// English choices, same order.
    choices_en: Vec<String>,
}

/// One lesson of `GET /api/v1/lessons/{id}`: rendered HTML and the quiz without answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LessonDetail {
    /// Lesson id.
    id: String,
    /// Vietnamese title.
    title_vi: String,
    /// English title.
    title_en: String,
    /// Duty codes.
    roles: Vec<String>,
    /// Scam type code, for scam lessons.
    scam_type: Option<String>,
    /// Content version.
    version: u32,
    /// Vietnamese body as safe HTML.
    html_vi: String,
    /// English body as safe HTML.
    html_en: String,
    /// The quiz, without answers or explanations.
    quiz: Vec<QuizQuestion>,
}

fn summary(x: &Lesson) -> LessonSummary {
    LessonSummary {
        id: x.id.clone(),
        title_vi: x.front.title_vi.clone(),
        title_en: x.front.title_en.clone(),
        roles: x.front.roles.clone(),
        scam_type: x.front.scam_type.clone(),
    }
}

/// The awareness lessons.
#[utoipa::path(get, path = "/api/v1/lessons", responses((status = 200, description = "Every lesson", body = [LessonSummary])))]
pub(crate) async fn api_lessons() -> Json<Vec<LessonSummary>> {
    Json(content().lessons.iter().map(summary).collect())
}

/// One lesson: its rendered HTML and its quiz without answers.
#[utoipa::path(
    get,
    path = "/api/v1/lessons/{id}",
    params(("id" = String, Path, description = "Lesson id")),
    responses((status = 200, description = "The lesson", body = LessonDetail), (status = 404, description = "No such lesson"))
)]
pub(crate) async fn api_lesson(Path(id): Path<String>) -> Response {
    let Some(x) = content().lesson(&id) else {
        return (StatusCode::NOT_FOUND, Json(serde_json::json!({"error": "no such lesson"})))
            .into_response();
    };
    let s = summary(x);
    Json(LessonDetail {
        id: s.id,
        title_vi: s.title_vi,
        title_en: s.title_en,
        roles: s.roles,
        scam_type: s.scam_type,
        version: x.front.version,
        html_vi: x.html(khien_learn::Lang::Vi),
        html_en: x.html(khien_learn::Lang::En),
        quiz: content()
            .questions_for(&x.id)
            .map(|q| QuizQuestion {
                id: q.id.clone(),
                kind: q.kind.clone(),
                prompt_vi: q.prompt_vi.clone(),
                prompt_en: q.prompt_en.clone(),
                choices_vi: q.choices_vi.clone(),
                choices_en: q.choices_en.clone(),
            })
            .collect(),
    })
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn dates_and_forms() {
        assert_eq!(end_of_day("2026-12-07"), Some(1_796_601_600 + 86_399));
        assert_eq!(end_of_day("2026-13-01"), None);
        assert_eq!(end_of_day("x"), None);
        let f = serde_urlencoded_pairs(b"a0=1&duties=it&duties=leaders&name=Ph%C3%B2ng+A").unwrap();
        assert_eq!(f[3], ("name".to_string(), "Phòng A".to_string()));
        assert_eq!(f.iter().filter(|(k, _)| k == "duties").count(), 2);
        assert!(serde_urlencoded_pairs(b"a=%zz").is_none());
        assert!(serde_urlencoded_pairs(b"a=%4").is_none());
    }

    #[test]
    fn quiz_page_snapshot() {
        let c = Content::embedded();
        let lesson = c.lesson("gia-danh-cong-an").expect("embedded lesson");
        let qs: Vec<&Question> = c.questions_for(&lesson.id).take(2).collect();
        let html = quiz_form(
            Lang::Vi,
            &qs,
            "CSRF",
            "SIG",
            80,
            &format!("/learn/lessons/{}/quiz", lesson.id),
        )
        .into_string();
        assert!(!html.contains("<script"));
        insta::assert_snapshot!(html.replace("><", ">\n<"));
    }
}
