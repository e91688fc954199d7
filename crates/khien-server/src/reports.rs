//! The scam desk's second half: "báo cáo lừa đảo" (public reports, from the form and
//! `POST /api/v1/reports`), QR images on the scam desk, the officers' moderation queue, the
//! published list (`/blocklist`, `GET /api/v1/blocklist`) and appeals against it.
//!
//! Thin, as every route: the judge (`khien-judge`) gives each report its verdict and names
//! the keys in it, `khien-store` ([`khien_store::reports`]) holds the state machine, the
//! records and their audit trail, and this module parses, authorises, renders, and swaps the
//! judge ([`refresh_judge`]) whenever the published list changes, so the next check already
//! sees an accepted number or a delisted one gone.
//!
//! The public list shows numbers, accounts and domains in full: a blocklist exists so that a
//! person can compare the number that called them, and a masked number cannot be compared.
//! Only keys an officer accepted are shown, never a name (the beneficiary name of a QR code),
//! the message, or anything about the reporter; the owner of a wrongly listed key appeals.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::multipart::Multipart;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::Engine as _;
use khien_judge::{Channel, EntityKind, Judge, Lists, Message, Report, Signal, render};
use khien_store::Role;
use khien_store::reports::{
    AppealStatus, EntryKind, ListedEntry, ModerationError, NewReport, ReportEntity, ReportStatus,
    ScamReport,
};
use maud::{Markup, html};
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use crate::auth::{self, Person};
use crate::pages::{Lang, error_page, form_binding, format_time, layout};
use crate::qrimage::{self, QrImageError};
use crate::{AppState, ServerError};

/// The source name of accepted entries in the judge's lists (it appears in the reason).
pub(crate) const LIST_SOURCE: &str = "báo cáo đã xác minh (verified reports)";
/// Largest body of a report or QR upload: the image cap and the text fields.
pub(crate) const MAX_REPORT_BODY: usize = qrimage::MAX_QR_IMAGE * 2;
/// Caps of the report's text fields, in bytes.
const MAX_MESSAGE: usize = 20_000;
const MAX_DESCRIPTION: usize = 5_000;
const MAX_LINK: usize = 2_000;
const MAX_SHORT: usize = 200;
/// Who moderates.
const MODERATORS: [Role; 2] = [Role::Officer, Role::Administrator];
/// Channels a report names, with their Vietnamese and English names.
const CHANNELS: [(&str, &str, &str); 7] = [
    ("sms", "Tin nhắn SMS", "SMS"),
    ("zalo", "Zalo", "Zalo"),
    ("facebook", "Facebook / Messenger", "Facebook / Messenger"),
    ("telegram", "Telegram", "Telegram"),
    ("email", "Thư điện tử", "E-mail"),
    ("call", "Cuộc gọi", "Phone call"),
    ("other", "Khác", "Other"),
];

// ---- the judge, swapped when the list changes ----

/// The judge's lists of the published entries.
pub(crate) fn lists_of(entries: &[ListedEntry]) -> Lists {
    let mut lists = Lists::new();
    for e in entries {
        match e.kind {
            EntryKind::Phone => lists.add_phone(&e.value, false, LIST_SOURCE),
            EntryKind::Account => lists.add_account(&e.value, false, LIST_SOURCE),
            EntryKind::Domain => lists.add_url(&e.value, false, LIST_SOURCE),
        };
    }
    lists
}

/// The judge of the built-in data, the imported lists of the configuration and the published
/// entries.
pub(crate) fn build_judge(
    imported: Option<&Lists>,
    entries: &[ListedEntry],
) -> Result<Judge, ServerError> {
    let mut judge = Judge::try_new().map_err(|e| ServerError::Judge(e.to_string()))?;
    if let Some(l) = imported {
        judge = judge.with_lists(l.clone());
    }
    Ok(judge.with_lists(lists_of(entries)))
}

/// Rebuilds the judge from the database and swaps it in; checks already running finish with
/// the judge they started with. Rebuilds are serialised so that an older list never replaces
/// a newer one.
pub(crate) async fn refresh_judge(state: &AppState) -> Result<(), ServerError> {
    let _one_at_a_time = state.judge_rebuild.lock().await;
    let entries = state.store.listed_entries().await.map_err(moderation_to_server)?;
    let imported = state.config.judge_lists.clone();
    let judge = tokio::task::spawn_blocking(move || build_judge(imported.as_ref(), &entries))
        .await
        .map_err(|e| ServerError::Judge(e.to_string()))??;
    state.judge.store(Arc::new(judge));
    Ok(())
}

/// A store error at start-up as a server error.
pub(crate) fn moderation_to_server(e: ModerationError) -> ServerError {
    match e {
        ModerationError::Store(s) => ServerError::Store(s),
        other => ServerError::Judge(other.to_string()),
    }
}

/// How often a server checks whether another server sharing its database changed the
/// published list, in seconds.
pub(crate) const FOLLOW_SECONDS: u64 = 60;

/// Keeps the judge in step with changes made by other servers on the same (PostgreSQL)
/// database: every [`FOLLOW_SECONDS`], the live entries' ids are compared with those last
/// seen and the judge is rebuilt when they differ. Changes made here are in force at once
/// anyway ([`refresh_judge`]).
pub(crate) async fn follow_list(state: AppState) {
    let ids = |entries: Vec<ListedEntry>| entries.into_iter().map(|e| e.id).collect::<Vec<_>>();
    let mut seen = state.store.listed_entries().await.map(ids).unwrap_or_default();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(FOLLOW_SECONDS));
    tick.tick().await;
    loop {
        tick.tick().await;
        let Ok(now) = state.store.listed_entries().await.map(ids) else { continue };
        if now != seen {
            refresh_or_warn(&state).await;
            seen = now;
        }
    }
}

async fn refresh_or_warn(state: &AppState) {
    // The decision is committed; a judge that failed to rebuild keeps the previous lists
    // until the next change or restart, which the operator must hear about.
    if let Err(e) = refresh_judge(state).await {
        eprintln!("khien serve: the published list changed but the judge was not rebuilt: {e}");
    }
}

// ---- what a report says, and what the judge makes of it ----

/// A report as received, from the form or the API, before judging.
#[derive(Debug, Default, Clone)]
struct ReportInput {
    channel: String,
    received_on: String,
    message: String,
    link: String,
    phone: String,
    account: String,
    bank: String,
    qr_payload: String,
    money_lost: Option<i64>,
    description: String,
    contact: String,
}

impl ReportInput {
    /// Checks the caps and that something was reported; the error is (Vietnamese, English).
    fn validate(&self) -> Result<(), (&'static str, &'static str)> {
        if !CHANNELS.iter().any(|(c, _, _)| *c == self.channel) {
            return Err(("Kênh nhận không hợp lệ.", "Invalid channel."));
        }
        let long = self.message.len() > MAX_MESSAGE
            || self.qr_payload.len() > MAX_LINK
            || self.description.len() > MAX_DESCRIPTION
            || self.link.len() > MAX_LINK
            || [&self.phone, &self.account, &self.bank, &self.contact, &self.received_on]
                .iter()
                .any(|s| s.len() > MAX_SHORT);
        if long {
            return Err((
                "Nội dung quá dài (tin nhắn tối đa 20.000 ký tự, mô tả 5.000, đường link 2.000, các ô khác 200).",
                "Too long (message at most 20,000 characters, description 5,000, link 2,000, other fields 200).",
            ));
        }
        if [&self.message, &self.link, &self.phone, &self.account, &self.qr_payload]
            .iter()
            .all(|s| s.trim().is_empty())
        {
            return Err((
                "Hãy cho biết bạn nhận được gì: tin nhắn, đường link, số điện thoại, số tài khoản hoặc ảnh mã QR.",
                "Say what you received: a message, link, phone number, account number or QR image.",
            ));
        }
        if !self.received_on.is_empty() && !valid_date(&self.received_on) {
            return Err((
                "Ngày nhận không hợp lệ (năm-tháng-ngày).",
                "Invalid date (year-month-day).",
            ));
        }
        Ok(())
    }

    fn channel(&self) -> Option<Channel> {
        serde_json::from_value(serde_json::Value::String(self.channel.clone())).ok()
    }
}

/// `YYYY-MM-DD`.
fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.split('-').all(|p| p.bytes().all(|c| c.is_ascii_digit()))
        && matches!(s[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u8>(), Ok(1..=31))
}

/// Money as typed (`5.000.000`, `5,000,000 đ`, `5000000 VND`): whole đồng.
fn parse_money(s: &str) -> Result<Option<i64>, ()> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let lower = t.to_lowercase();
    let digits_part = lower.trim_end_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '₫');
    if digits_part.is_empty()
        || !digits_part.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
    {
        return Err(());
    }
    let digits: String = digits_part.chars().filter(char::is_ascii_digit).collect();
    match digits.parse::<i64>() {
        Ok(n) if n <= 1_000_000_000_000_000 => Ok(Some(n)),
        _ => Err(()),
    }
}

/// What the judge makes of a report: the most alarming report of its parts (the message with
/// its channel, the link, the number, the account, the QR payload with the message), the scam
/// types of all parts, and the keys they name.
struct Judged {
    worst: Report,
    scam_types: Vec<String>,
    entities: Vec<ReportEntity>,
    /// The brands the report imitates (the judge's `imitates` on its links and senders).
    brands: Vec<String>,
}

fn judge_report(judge: &Judge, r: &ReportInput) -> Judged {
    let mut parts = Vec::new();
    let message = r.message.trim();
    if !r.qr_payload.trim().is_empty() {
        parts.push(judge_qr_payload(
            judge,
            r.qr_payload.trim(),
            Some(message).filter(|m| !m.is_empty()),
        ));
    } else if !message.is_empty() {
        parts.push(judge.check_message(&Message {
            text: message,
            sender: None,
            channel: r.channel(),
        }));
    }
    if !r.link.trim().is_empty() {
        parts.push(judge.check_url(r.link.trim()));
    }
    if !r.phone.trim().is_empty() {
        parts.push(judge.check_phone(r.phone.trim()));
    }
    if !r.account.trim().is_empty() {
        let bank = Some(r.bank.trim()).filter(|b| !b.is_empty());
        parts.push(judge.check_account(r.account.trim(), bank));
    }
    let mut scam_types = Vec::new();
    let mut entities = BTreeSet::new();
    let mut brands = Vec::new();
    for p in &parts {
        for t in &p.scam_types {
            if !scam_types.contains(t) {
                scam_types.push(t.clone());
            }
        }
        for brand in p.entities.iter().filter_map(|e| e.details.get("imitates")) {
            if !brands.contains(brand) {
                brands.push(brand.clone());
            }
        }
        entities.extend(keys_of(judge, p, r.bank.trim()));
    }
    let worst = parts
        .into_iter()
        .max_by_key(|p| (p.verdict.is_alarm(), p.score))
        .unwrap_or_else(|| judge.check_text(""));
    Judged { worst, scam_types, entities: entities.into_iter().collect(), brands }
}

/// A QR payload is judged as `khien check --qr` does when it is a payment code (EMVCo /
/// VietQR), and as pasted text otherwise (a QR code holding a link is judged as the link).
fn judge_qr_payload(judge: &Judge, payload: &str, message: Option<&str>) -> Report {
    if payload.starts_with("000201") {
        judge.check_qr(payload, message)
    } else {
        judge.check_auto(payload)
    }
}

/// The keys a judged part names, as the published list would hold them: phone numbers as the
/// judge writes them (`0…`), account numbers as digits with their bank, and for links the
/// registrable domain — or the page itself on shared hosting and shorteners, where the domain
/// belongs to everyone — never a brand's official domain.
fn keys_of(judge: &Judge, report: &Report, given_bank: &str) -> Vec<ReportEntity> {
    let mut out = Vec::new();
    for e in &report.entities {
        match e.kind {
            EntityKind::Phone => {
                let digits = e.value.chars().filter(char::is_ascii_digit).count();
                if digits >= 8 {
                    out.push(key(EntryKind::Phone, &e.value, ""));
                }
            }
            EntityKind::Account | EntityKind::Qr => {
                let digits: String = e.value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 6 {
                    let bank =
                        e.details.get("bank").map(String::as_str).unwrap_or(given_bank).to_string();
                    out.push(key(EntryKind::Account, &digits, &bank));
                }
            }
            EntityKind::Url => {
                let alone = judge.check_url(&e.text);
                let Some(u) = alone.entities.first() else { continue };
                if u.details.contains_key("official_of") {
                    continue;
                }
                let shared = alone
                    .reasons
                    .iter()
                    .any(|r| matches!(r.code, Signal::SharedHosting | Signal::Shortener));
                let value = if shared {
                    u.value.trim_end_matches('/').to_string()
                } else {
                    u.details
                        .get("registrable")
                        .filter(|r| !r.is_empty())
                        .cloned()
                        .unwrap_or_else(|| u.details.get("host").cloned().unwrap_or_default())
                };
                let value = value.to_lowercase();
                if value.contains('.') {
                    out.push(key(EntryKind::Domain, &value, ""));
                }
            }
            _ => {}
        }
    }
    out
}

fn key(kind: EntryKind, value: &str, bank: &str) -> ReportEntity {
    ReportEntity { kind, value: value.to_string(), bank: bank.to_string() }
}

/// Judges and stores a report; returns its number and the judge's report.
async fn submit(state: &AppState, input: ReportInput) -> Result<(i64, Report), Response> {
    let st = state.clone();
    let for_judge = input.clone();
    let judged = tokio::task::spawn_blocking(move || judge_report(&st.judge.load(), &for_judge))
        .await
        .map_err(|_| {
            error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).")
        })?;
    let new = NewReport {
        channel: input.channel,
        received_on: input.received_on,
        message: input.message.trim().to_string(),
        link: input.link.trim().to_string(),
        phone: input.phone.trim().to_string(),
        account: input.account.trim().to_string(),
        bank: input.bank.trim().to_string(),
        qr_payload: input.qr_payload.trim().to_string(),
        money_lost: input.money_lost,
        description: input.description.trim().to_string(),
        contact: Some(input.contact.trim().to_string()).filter(|c| !c.is_empty()),
        verdict: judged.worst.verdict.code().to_string(),
        score: i64::from(judged.worst.score),
        scam_types: judged.scam_types,
        entities: judged.entities,
        brands: judged.brands,
    };
    match state.store.submit_report(&new).await {
        Ok(id) => Ok((id, judged.worst)),
        Err(_) => Err(error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).")),
    }
}

// ---- pages shared with the scam desk ----

/// The verdict box and its explanation, as on the scam desk.
pub(crate) fn verdict_section(lang: Lang, report: &Report, explained: &str) -> Markup {
    let label =
        if lang == Lang::En { report.verdict.label_en() } else { report.verdict.label_vi() };
    html! {
        section aria-live="polite" {
            p class={ "verdict " (report.verdict.code()) } role="status" {
                (label) " — " (lang.t("điểm", "score")) " " (report.score) "/100"
            }
            div.explain { (explained) }
        }
    }
}

fn explain(judge: &Judge, report: &Report, lang: Lang) -> String {
    render::text(judge, report, if lang == Lang::En { render::Lang::En } else { render::Lang::Vi })
}

/// The QR image form of the scam desk's home page.
pub(crate) fn qr_form(lang: Lang, csrf: &str) -> Markup {
    html! {
        h2 { (lang.t("Kiểm tra ảnh mã QR", "Check a QR image")) }
        form method="post" action="/check/qr" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(lang.code());
            label for="qr" { (lang.t("Ảnh chụp mã QR (PNG hoặc JPEG, tối đa 2 MB)", "Picture of the QR code (PNG or JPEG, at most 2 MB)")) }
            input id="qr" type="file" name="qr" accept="image/png,image/jpeg" required;
            label for="qr_text" { (lang.t("Tin nhắn đi kèm (nếu có)", "The message that came with it (optional)")) }
            textarea id="qr_text" name="text" maxlength="20000" {}
            button type="submit" { (lang.t("Kiểm tra mã QR", "Check the QR code")) }
        }
    }
}

/// What a report form starts with.
#[derive(Default)]
struct Prefill<'a> {
    message: &'a str,
    qr_payload: &'a str,
    link: &'a str,
    phone: &'a str,
    account: &'a str,
}

/// The report form ("báo cáo lừa đảo").
fn report_form(lang: Lang, csrf: &str, pre: &Prefill<'_>) -> Markup {
    html! {
        form method="post" action="/report" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(lang.code());
            @if !pre.qr_payload.is_empty() { input type="hidden" name="qr_payload" value=(pre.qr_payload); }
            label for="r_channel" { (lang.t("Bạn nhận được qua", "Received through")) }
            select id="r_channel" name="channel" {
                @for (code, vi, en) in CHANNELS { option value=(code) { (lang.t(vi, en)) } }
            }
            label for="r_received_on" { (lang.t("Ngày nhận", "Date received")) }
            input id="r_received_on" type="date" name="received_on";
            label for="r_message" { (lang.t("Nội dung tin nhắn hoặc cuộc gọi", "The message, or what the caller said")) }
            textarea id="r_message" name="message" maxlength="20000" { (pre.message) }
            label for="r_link" { (lang.t("Đường link (nếu có)", "Link (if any)")) }
            input id="r_link" type="text" name="link" maxlength="2000" value=(pre.link);
            label for="r_phone" { (lang.t("Số điện thoại (nếu có)", "Phone number (if any)")) }
            input id="r_phone" type="text" name="phone" maxlength="200" inputmode="tel" value=(pre.phone);
            label for="r_account" { (lang.t("Số tài khoản được yêu cầu chuyển tiền (nếu có)", "Account you were asked to pay (if any)")) }
            input id="r_account" type="text" name="account" maxlength="200" inputmode="numeric" value=(pre.account);
            label for="r_bank" { (lang.t("Ngân hàng của tài khoản đó", "Its bank")) }
            input id="r_bank" type="text" name="bank" maxlength="200";
            @if pre.qr_payload.is_empty() {
                label for="r_qr" { (lang.t("Ảnh mã QR (nếu có; PNG hoặc JPEG, tối đa 2 MB)", "QR image (if any; PNG or JPEG, at most 2 MB)")) }
                input id="r_qr" type="file" name="qr" accept="image/png,image/jpeg";
            }
            label for="r_money" { (lang.t("Số tiền đã mất, đồng (nếu có)", "Money lost, in đồng (if any)")) }
            input id="r_money" type="text" name="money_lost" maxlength="30" inputmode="numeric";
            label for="r_description" { (lang.t("Chuyện gì đã xảy ra", "What happened")) }
            textarea id="r_description" name="description" maxlength="5000" {}
            label for="r_contact" { (lang.t("Cách liên lạc với bạn (không bắt buộc)", "How to reach you (optional)")) }
            input id="r_contact" type="text" name="contact" maxlength="200" autocomplete="email";
            p.muted { small { (lang.t(
                "Chỉ cán bộ xử lý báo cáo thấy cách liên lạc này; để trống nếu muốn ẩn danh. Danh sách công khai chỉ có số điện thoại, tài khoản và tên miền đã được cán bộ xác minh.",
                "Only the officers handling reports see this; leave it empty to stay anonymous. The public list holds only numbers, accounts and domains an officer has verified."
            )) } }
            button type="submit" { (lang.t("Gửi báo cáo", "Send the report")) }
        }
    }
}

/// The "report this" block under a scam desk result, prefilled with what was checked.
pub(crate) fn report_after_check(lang: Lang, csrf: &str, checked: &str) -> Markup {
    html! {
        h2 id="bao-cao" { (lang.t("Báo cáo lừa đảo", "Report a scam")) }
        p { (lang.t("Bạn đã nhận được nội dung này? Báo cáo giúp cán bộ cảnh báo người khác.", "Did you receive this? A report helps officers warn others.")) }
        (report_form(lang, csrf, &Prefill { message: checked, ..Prefill::default() }))
    }
}

fn page(lang: Lang, title: &str, who: Option<&Person>, csrf: &str, body: Markup) -> Response {
    Html(layout(lang, title, who, csrf, body).into_string()).into_response()
}

fn page_with(
    status: StatusCode,
    lang: Lang,
    title: &str,
    who: Option<&Person>,
    csrf: &str,
    body: Markup,
) -> Response {
    (status, Html(layout(lang, title, who, csrf, body).into_string())).into_response()
}

/// `?lang=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct LangQuery {
    lang: Option<String>,
}

/// The CSRF token of the caller, and the anonymous cookie to set for a new visitor.
async fn token_for(
    state: &AppState,
    headers: &HeaderMap,
) -> (Option<Person>, String, Option<axum::http::HeaderValue>) {
    if let Some(p) = auth::person(state, headers).await {
        let t = auth::csrf_token(state, &p.session);
        return (Some(p), t, None);
    }
    let (anon, new) = auth::anon_binding(headers);
    let t = auth::csrf_token(state, &anon);
    (None, t, new.then(|| auth::set_cookie(state, auth::ANON_COOKIE, &anon, 86_400)))
}

fn with_cookie(mut res: Response, cookie: Option<axum::http::HeaderValue>) -> Response {
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// `GET /report`: the report form.
pub(crate) async fn report_page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let (who, csrf, cookie) = token_for(&state, &headers).await;
    let body = html! {
        p { (lang.t(
            "Báo cáo tin nhắn, cuộc gọi, đường link, số tài khoản hoặc mã QR lừa đảo. Cán bộ sẽ xác minh; số điện thoại, tài khoản và tên miền được xác minh sẽ được cảnh báo cho mọi người ngay.",
            "Report a scam message, call, link, account or QR code. Officers verify it; verified numbers, accounts and domains are flagged for everyone at once."
        )) }
        (report_form(lang, &csrf, &Prefill::default()))
    };
    with_cookie(
        page(lang, lang.t("Báo cáo lừa đảo", "Report a scam"), who.as_ref(), &csrf, body),
        cookie,
    )
}

/// The text fields and the QR image of a multipart form.
struct Parts {
    fields: HashMap<String, String>,
    image: Option<Vec<u8>>,
}

async fn read_parts(mut mp: Multipart) -> Result<Parts, StatusCode> {
    let mut fields = HashMap::new();
    let mut image = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(e.status()),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "qr" {
            let named = field.file_name().is_some_and(|n| !n.is_empty());
            let bytes = field.bytes().await.map_err(|e| e.status())?;
            if named || !bytes.is_empty() {
                image = Some(bytes.to_vec());
            }
        } else if fields.len() < 32 {
            let text = field.text().await.map_err(|e| e.status())?;
            fields.insert(name, text);
        }
    }
    Ok(Parts { fields, image })
}

fn upload_failed(status: StatusCode, lang: Lang) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return error_page(
            status,
            lang.t(
                "Nội dung gửi lên quá lớn (ảnh tối đa 2 MB).",
                "The upload is too large (images at most 2 MB).",
            ),
        );
    }
    error_page(status, lang.t("Không đọc được biểu mẫu gửi lên.", "The form could not be read."))
}

/// Decodes an uploaded QR image on a blocking thread.
async fn decode_image(bytes: Vec<u8>) -> Result<String, QrImageError> {
    tokio::task::spawn_blocking(move || qrimage::decode(&bytes))
        .await
        .unwrap_or(Err(QrImageError::NotImage))
}

/// `POST /check/qr`: a QR image on the scam desk → the verdict on its payload.
pub(crate) async fn check_qr(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let parts = match read_parts(mp).await {
        Ok(p) => p,
        Err(s) => return upload_failed(s, Lang::Vi),
    };
    let f = |k: &str| parts.fields.get(k).cloned().unwrap_or_default();
    let lang = Lang::parse(Some(f("lang").as_str()));
    let (who, binding) = form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), &f("csrf")) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("check", addr.ip(), state.config.check_per_minute) {
        return auth::too_many();
    }
    let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
    let title = lang.t("Kết quả kiểm tra mã QR", "QR check result");
    let Some(image) = parts.image else {
        let body = html! { p.error role="alert" { (QrImageError::NotImage.message(lang)) } (qr_form(lang, &csrf)) };
        return page_with(StatusCode::UNPROCESSABLE_ENTITY, lang, title, who.as_ref(), &csrf, body);
    };
    let text = f("text").trim().to_string();
    if text.len() > MAX_MESSAGE {
        return error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang.t("Tin nhắn tối đa 20.000 ký tự.", "The message is at most 20,000 characters."),
        );
    }
    let payload = match decode_image(image).await {
        Ok(p) => p,
        Err(e) => {
            let body = html! { p.error role="alert" { (e.message(lang)) } (qr_form(lang, &csrf)) };
            return page_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                title,
                who.as_ref(),
                &csrf,
                body,
            );
        }
    };
    let st = state.clone();
    let (p2, t2) = (payload.clone(), text.clone());
    let judged = tokio::task::spawn_blocking(move || {
        let judge = st.judge.load();
        let report = judge_qr_payload(&judge, &p2, Some(t2.as_str()).filter(|t| !t.is_empty()));
        let explained = explain(&judge, &report, lang);
        (report, explained)
    })
    .await;
    let Ok((report, explained)) = judged else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let body = html! {
        p { (lang.t("Nội dung mã QR:", "The QR code holds:")) }
        p { code #qr-payload { (payload) } }
        (verdict_section(lang, &report, &explained))
        h2 id="bao-cao" { (lang.t("Báo cáo lừa đảo", "Report a scam")) }
        (report_form(lang, &csrf, &Prefill { message: &text, qr_payload: &payload, ..Prefill::default() }))
    };
    page(lang, title, who.as_ref(), &csrf, body)
}

/// `POST /report`: a report from the form (multipart, with an optional QR image).
pub(crate) async fn report_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let parts = match read_parts(mp).await {
        Ok(p) => p,
        Err(s) => return upload_failed(s, Lang::Vi),
    };
    let f = |k: &str| parts.fields.get(k).cloned().unwrap_or_default();
    let lang = Lang::parse(Some(f("lang").as_str()));
    let (who, binding) = form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), &f("csrf")) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("report", addr.ip(), state.config.report_per_minute) {
        return auth::too_many();
    }
    let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
    let title = lang.t("Báo cáo lừa đảo", "Report a scam");
    let refuse = |msg: &str| {
        let body = html! {
            p.error role="alert" { (msg) }
            (report_form(lang, &csrf, &Prefill {
                message: parts.fields.get("message").map(String::as_str).unwrap_or(""),
                qr_payload: parts.fields.get("qr_payload").map(String::as_str).unwrap_or(""),
                link: parts.fields.get("link").map(String::as_str).unwrap_or(""),
                phone: parts.fields.get("phone").map(String::as_str).unwrap_or(""),
                account: parts.fields.get("account").map(String::as_str).unwrap_or(""),
            }))
        };
        page_with(StatusCode::UNPROCESSABLE_ENTITY, lang, title, who.as_ref(), &csrf, body)
    };
    let Ok(money_lost) = parse_money(&f("money_lost")) else {
        return refuse(lang.t(
            "Số tiền không hợp lệ (chỉ ghi số, ví dụ 5.000.000).",
            "Invalid amount (digits only, e.g. 5,000,000).",
        ));
    };
    let mut qr_payload = f("qr_payload");
    if let Some(image) = parts.image.clone() {
        match decode_image(image).await {
            Ok(p) => qr_payload = p,
            Err(e) => return refuse(e.message(lang)),
        }
    }
    let channel = f("channel");
    let input = ReportInput {
        channel: if channel.is_empty() { "other".into() } else { channel },
        received_on: f("received_on").trim().to_string(),
        message: f("message"),
        link: f("link"),
        phone: f("phone"),
        account: f("account"),
        bank: f("bank"),
        qr_payload,
        money_lost,
        description: f("description"),
        contact: f("contact"),
    };
    if let Err((vi, en)) = input.validate() {
        return refuse(lang.t(vi, en));
    }
    let (id, report) = match submit(&state, input).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let explained = explain(&state.judge.load(), &report, lang);
    let body = html! {
        p role="status" #report-received {
            (lang.t("Cảm ơn bạn. Báo cáo số ", "Thank you. Report number "))
            strong #report-id { (id) }
            (lang.t(" đã được ghi nhận; cán bộ sẽ xác minh.", " has been received; an officer will verify it."))
        }
        h2 { (lang.t("Đánh giá sơ bộ", "First assessment")) }
        (verdict_section(lang, &report, &explained))
        p { a href={ "/?lang=" (lang.code()) } { (lang.t("Kiểm tra nội dung khác", "Check something else")) } }
    };
    page(lang, lang.t("Đã nhận báo cáo", "Report received"), who.as_ref(), &csrf, body)
}

// ---- the API ----

/// A scam report. At least one of `message`, `link`, `phone`, `account`, `qr` or `qr_image`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportRequest {
    /// `sms`, `zalo`, `facebook`, `telegram`, `email`, `call` or `other` (default).
    channel: Option<String>,
    /// When it was received, `YYYY-MM-DD`.
    received_on: Option<String>,
    /// The message text (at most 20,000 bytes).
    message: Option<String>,
    /// A link.
    link: Option<String>,
    /// A phone number.
    phone: Option<String>,
    /// A bank account number.
    account: Option<String>,
    /// Its bank.
    bank: Option<String>,
    /// A payment QR payload (EMVCo / VietQR) as text.
    qr: Option<String>,
    /// A QR image (PNG or JPEG, at most 2 MB), base64.
    qr_image: Option<String>,
    /// Money lost, in đồng.
    money_lost: Option<i64>,
    /// What happened (at most 5,000 bytes).
    description: Option<String>,
    /// How to reach the reporter; stored only when given, shown to officers only.
    contact: Option<String>,
}

fn json_error(status: StatusCode, vi: &str, en: &str) -> Response {
    (status, Json(serde_json::json!({ "error": en, "error_vi": vi }))).into_response()
}

/// Reports a scam. Public and rate-limited per client address. The judge's verdict is stored
/// with the report; an officer then accepts, rejects or merges it.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    request_body = ReportRequest,
    responses(
        (status = 201, description = "`{\"id\", \"status\": \"pending\", \"verdict\", \"score\", \"scam_types\"}`", body = Object),
        (status = 413, description = "Body over the cap"),
        (status = 422, description = "Nothing reported, a field over its cap, or an unreadable QR image"),
        (status = 429, description = "Rate limit")
    )
)]
pub(crate) async fn report_api(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Result<Json<ReportRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if !state.limiter.allow("report", addr.ip(), state.config.report_per_minute) {
        return auth::too_many();
    }
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return json_error(StatusCode::PAYLOAD_TOO_LARGE, "quá lớn", "request body too large");
        }
        Err(_) => {
            return json_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "JSON không hợp lệ",
                "invalid JSON body",
            );
        }
    };
    let mut qr_payload = req.qr.unwrap_or_default();
    if let Some(b64) = req.qr_image {
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) else {
            return json_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "qr_image không phải base64",
                "qr_image is not base64",
            );
        };
        match decode_image(bytes).await {
            Ok(p) => qr_payload = p,
            Err(e) => {
                return json_error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    e.message(Lang::Vi),
                    e.message(Lang::En),
                );
            }
        }
    }
    if req.money_lost.is_some_and(|m| m < 0) {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, "số tiền âm", "negative money_lost");
    }
    let input = ReportInput {
        channel: req.channel.unwrap_or_else(|| "other".into()),
        received_on: req.received_on.unwrap_or_default().trim().to_string(),
        message: req.message.unwrap_or_default(),
        link: req.link.unwrap_or_default(),
        phone: req.phone.unwrap_or_default(),
        account: req.account.unwrap_or_default(),
        bank: req.bank.unwrap_or_default(),
        qr_payload,
        money_lost: req.money_lost,
        description: req.description.unwrap_or_default(),
        contact: req.contact.unwrap_or_default(),
    };
    if let Err((vi, en)) = input.validate() {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, vi, en);
    }
    match submit(&state, input).await {
        Ok((id, report)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "id": id,
                "status": "pending",
                "verdict": report.verdict,
                "score": report.score,
                "scam_types": report.scam_types,
            })),
        )
            .into_response(),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ", "server error"),
    }
}

/// The date of Unix seconds, `YYYY-MM-DD` (UTC).
fn day(t: i64) -> String {
    format_time(t)[..10].to_string()
}

/// One entry of the published list, as published.
fn public_entry(e: &ListedEntry) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "kind": e.kind,
        "value": e.value,
        "bank": e.bank,
        "scam_type": e.scam_type,
        "listed_on": day(e.listed_at),
        "listed_at": e.listed_at,
        "reports": e.reports,
    })
}

/// The published list: phone numbers, bank accounts and domains that officers verified, with
/// their scam type, the date listed and the number of reports. Public.
#[utoipa::path(
    get,
    path = "/api/v1/blocklist",
    responses(
        (status = 200, description = "`{\"generated_at\", \"entries\": [{\"id\", \"kind\", \"value\", \"bank\", \"scam_type\", \"listed_on\", \"listed_at\", \"reports\"}]}`", body = Object),
        (status = 429, description = "Rate limit")
    )
)]
pub(crate) async fn blocklist_api(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
) -> Response {
    if !state.limiter.allow("blocklist", addr.ip(), state.config.check_per_minute) {
        return auth::too_many();
    }
    match state.store.listed_entries().await {
        Ok(entries) => Json(serde_json::json!({
            "generated_at": khien_store::now(),
            "entries": entries.iter().map(public_entry).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ", "server error"),
    }
}

/// The report and list paths of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(report_api, blocklist_api), components(schemas(ReportRequest)))]
pub(crate) struct ReportsDoc;

// ---- the published list and appeals (public) ----

fn scam_type_label(judge: &Judge, code: &str, lang: Lang) -> String {
    match judge.scam_type_name(code) {
        Some((vi, en)) => lang.t(vi, en).to_string(),
        None if code.is_empty() => lang.t("chưa phân loại", "unclassified").to_string(),
        None => code.to_string(),
    }
}

fn kind_label(kind: EntryKind, lang: Lang) -> &'static str {
    let (vi, en) = kind.label();
    lang.t(vi, en)
}

/// `GET /blocklist`: the published list, with the appeal link and, for officers, delisting.
pub(crate) async fn blocklist_page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let (who, csrf, cookie) = token_for(&state, &headers).await;
    let (Ok(entries), Ok(gone)) =
        (state.store.listed_entries().await, state.store.delisted_entries(50).await)
    else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let officer = who.as_ref().is_some_and(|p| MODERATORS.contains(&p.user.role));
    let judge = state.judge.load();
    let body = html! {
        p { (lang.t(
            "Các số điện thoại, tài khoản ngân hàng và tên miền dưới đây đã được cán bộ xác minh là dùng để lừa đảo, từ báo cáo của người dân. Khiên cảnh báo chúng ở mọi lần kiểm tra.",
            "The phone numbers, bank accounts and domains below were verified by officers as used for scams, from people's reports. Khiên flags them in every check."
        )) }
        p { (lang.t("Số hoặc tên miền của bạn bị đưa vào nhầm? ", "Is your number or domain listed by mistake? "))
            a href={ "/appeal?lang=" (lang.code()) } { (lang.t("Gửi khiếu nại", "Send an appeal")) } "." }
        p.muted { (lang.t("Dạng dữ liệu máy đọc: ", "Machine-readable: ")) a href="/api/v1/blocklist" { "/api/v1/blocklist" } }
        @if entries.is_empty() {
            p #blocklist-empty { (lang.t("Danh sách đang trống.", "The list is empty.")) }
        } @else {
            table #blocklist {
                thead { tr {
                    th { (lang.t("Loại", "Kind")) } th { (lang.t("Giá trị", "Value")) }
                    th { (lang.t("Hình thức lừa đảo", "Scam type")) } th { (lang.t("Ngày đưa vào", "Listed on")) }
                    th { (lang.t("Số báo cáo", "Reports")) } th { "" }
                } }
                tbody {
                    @for e in &entries {
                        tr {
                            td { (kind_label(e.kind, lang)) }
                            td { code { (e.value) } @if !e.bank.is_empty() { " (" (e.bank) ")" } }
                            td { (scam_type_label(&judge, &e.scam_type, lang)) }
                            td { (day(e.listed_at)) }
                            td { (e.reports) }
                            td {
                                a href={ "/appeal?entry=" (e.id) "&lang=" (lang.code()) } { (lang.t("Khiếu nại", "Appeal")) }
                                @if officer {
                                    form method="post" action={ "/desk/blocklist/" (e.id) "/delist" } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        label for={ "why-" (e.id) } { (lang.t("Lý do gỡ", "Reason to delist")) }
                                        input id={ "why-" (e.id) } type="text" name="reason" required maxlength="1000";
                                        button.link type="submit" { (lang.t("Gỡ khỏi danh sách", "Delist")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !gone.is_empty() {
            h2 { (lang.t("Đã gỡ khỏi danh sách", "Delisted")) }
            table {
                thead { tr { th { (lang.t("Loại", "Kind")) } th { (lang.t("Giá trị", "Value")) } th { (lang.t("Ngày đưa vào", "Listed on")) } th { (lang.t("Ngày gỡ", "Delisted on")) } } }
                tbody { @for e in &gone { tr {
                    td { (kind_label(e.kind, lang)) } td { code { (e.value) } }
                    td { (day(e.listed_at)) }
                    td { (e.delisted_at.map(day).unwrap_or_default()) }
                } } }
            }
        }
    };
    with_cookie(
        page(
            lang,
            lang.t("Danh sách lừa đảo đã xác minh", "Verified scam list"),
            who.as_ref(),
            &csrf,
            body,
        ),
        cookie,
    )
}

/// `?entry=&lang=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct AppealQuery {
    entry: Option<i64>,
    lang: Option<String>,
}

fn appeal_form(lang: Lang, csrf: &str, entries: &[ListedEntry], chosen: Option<i64>) -> Markup {
    html! {
        form method="post" action="/appeal" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(lang.code());
            label for="a_entry" { (lang.t("Mục bị đưa vào danh sách", "The listed entry")) }
            select id="a_entry" name="entry" required {
                @for e in entries {
                    option value=(e.id) selected[Some(e.id) == chosen] {
                        (kind_label(e.kind, lang)) ": " (e.value)
                    }
                }
            }
            label for="a_explanation" { (lang.t("Vì sao mục này bị đưa vào nhầm (bạn là chủ số/tài khoản/tên miền?)", "Why it is listed by mistake (are you its owner?)")) }
            textarea id="a_explanation" name="explanation" required maxlength="5000" {}
            label for="a_contact" { (lang.t("Cách liên lạc với bạn để xác minh", "How to reach you for verification")) }
            input id="a_contact" type="text" name="contact" maxlength="200" autocomplete="email";
            p.muted { small { (lang.t("Chỉ cán bộ xử lý khiếu nại thấy thông tin này.", "Only the officers handling appeals see this.")) } }
            button type="submit" { (lang.t("Gửi khiếu nại", "Send the appeal")) }
        }
    }
}

/// `GET /appeal`: the appeal form.
pub(crate) async fn appeal_page(
    State(state): State<AppState>,
    Query(q): Query<AppealQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let (who, csrf, cookie) = token_for(&state, &headers).await;
    let Ok(entries) = state.store.listed_entries().await else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let body = html! {
        p { (lang.t(
            "Nếu số điện thoại, tài khoản hoặc tên miền của bạn bị đưa vào danh sách lừa đảo do nhầm lẫn, hãy gửi khiếu nại. Cán bộ sẽ xem xét; nếu được chấp nhận, mục đó được gỡ ngay khỏi danh sách và khỏi mọi lần kiểm tra.",
            "If your phone number, account or domain was put on the scam list by mistake, send an appeal. An officer reviews it; if granted, the entry leaves the list and every check at once."
        )) }
        @if entries.is_empty() {
            p { (lang.t("Danh sách đang trống.", "The list is empty.")) }
        } @else {
            (appeal_form(lang, &csrf, &entries, q.entry))
        }
    };
    with_cookie(page(lang, lang.t("Khiếu nại", "Appeal"), who.as_ref(), &csrf, body), cookie)
}

/// The appeal form.
#[derive(Debug, Deserialize)]
pub(crate) struct AppealForm {
    csrf: String,
    entry: i64,
    explanation: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    lang: Option<String>,
}

/// `POST /appeal`: records an appeal (public, CSRF, rate-limited).
pub(crate) async fn appeal_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<AppealForm>,
) -> Response {
    let lang = Lang::parse(form.lang.as_deref());
    let (who, binding) = form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), &form.csrf) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("appeal", addr.ip(), state.config.report_per_minute) {
        return auth::too_many();
    }
    if form.explanation.len() > MAX_DESCRIPTION || form.contact.len() > MAX_SHORT {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t("Nội dung quá dài.", "Too long."),
        );
    }
    let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
    match state.store.submit_appeal(form.entry, &form.explanation, &form.contact).await {
        Ok(id) => {
            let body = html! {
                p role="status" #appeal-received {
                    (lang.t("Đã nhận khiếu nại số ", "Appeal number ")) strong { (id) }
                    (lang.t("; cán bộ sẽ xem xét và liên lạc với bạn nếu bạn để lại cách liên lạc.", " received; an officer will review it and contact you if you left a way to."))
                }
            };
            page(lang, lang.t("Đã nhận khiếu nại", "Appeal received"), who.as_ref(), &csrf, body)
        }
        Err(ModerationError::NotFound) => error_page(
            StatusCode::NOT_FOUND,
            lang.t("Mục này không có trong danh sách.", "This entry is not on the list."),
        ),
        Err(ModerationError::ReasonRequired) => error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t("Hãy cho biết lý do.", "Please say why."),
        ),
        Err(_) => error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error)."),
    }
}

// ---- moderation (officers and administrators) ----

fn verdict_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "dangerous" => lang.t("Nguy hiểm", "Dangerous"),
        "suspicious" => lang.t("Đáng ngờ", "Suspicious"),
        "no_signs" => lang.t("Chưa thấy dấu hiệu", "No signs"),
        _ => lang.t("Chưa rõ", "Unknown"),
    }
}

fn keys_cell(keys: &[ReportEntity], shared: &[ReportEntity], listed: &[ReportEntity]) -> Markup {
    html! {
        ul {
            @for k in keys {
                li {
                    code { (k.kind.code()) ": " (k.value) } @if !k.bank.is_empty() { " (" (k.bank) ")" }
                    @if listed.contains(k) { " " strong { "[đã có trong danh sách / listed]" } }
                    @else if shared.contains(k) { " " strong { "[trùng / duplicate]" } }
                }
            }
        }
    }
}

fn moderation_error(e: ModerationError, lang: Lang) -> Response {
    match e {
        ModerationError::NotFound => {
            error_page(StatusCode::NOT_FOUND, lang.t("Không tìm thấy.", "Not found."))
        }
        ModerationError::Store(_) => {
            error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).")
        }
        other => error_page(StatusCode::CONFLICT, &other.to_string()),
    }
}

/// `GET /desk/reports`: the moderation queue, duplicates grouped.
pub(crate) async fn queue_page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = Lang::parse(q.lang.as_deref());
    let csrf = auth::csrf_token(&state, &p.session);
    let Ok(groups) = state.store.report_queue(500).await else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let body = html! {
        p { (lang.t(
            "Báo cáo chờ xử lý, gom nhóm khi cùng nêu một số điện thoại, tài khoản hoặc tên miền. Chấp nhận để đưa các mục đã chọn vào danh sách công khai (có hiệu lực ngay với mọi lần kiểm tra); từ chối kèm lý do; gộp báo cáo trùng.",
            "Pending reports, grouped when they name the same number, account or domain. Accept to put the chosen keys on the public list (in force for every check at once); reject with a reason; merge duplicates."
        )) }
        p { a href={ "/desk/appeals?lang=" (lang.code()) } { (lang.t("Khiếu nại chờ xử lý", "Pending appeals")) } " · "
            a href={ "/blocklist?lang=" (lang.code()) } { (lang.t("Danh sách công khai", "Public list")) } }
        @if groups.is_empty() { p #queue-empty { (lang.t("Không có báo cáo chờ xử lý.", "No pending reports.")) } }
        @for (i, g) in groups.iter().enumerate() {
            section.group {
                h2 { (lang.t("Nhóm ", "Group ")) (i + 1) " — " (g.reports.len()) (lang.t(" báo cáo", " report(s)")) }
                @if !g.accepted.is_empty() {
                    p { (lang.t("Báo cáo đã chấp nhận nêu cùng mục: ", "Accepted reports naming the same keys: "))
                        @for a in &g.accepted { a href={ "/desk/reports/" (a) } { "#" (a) } " " } }
                }
                table {
                    thead { tr { th { "#" } th { (lang.t("Nhận lúc (UTC)", "Received (UTC)")) } th { (lang.t("Kênh", "Channel")) } th { (lang.t("Đánh giá", "Verdict")) } th { (lang.t("Mục nêu trong báo cáo", "Keys named")) } } }
                    tbody {
                        @for r in &g.reports {
                            tr {
                                td { a href={ "/desk/reports/" (r.id) "?lang=" (lang.code()) } { "#" (r.id) } }
                                td { (format_time(r.created_at)) }
                                td { (r.fields.channel) }
                                td { (verdict_label(&r.fields.verdict, lang)) " (" (r.fields.score) ")" }
                                td { (keys_cell(&r.entities, &g.shared, &g.listed)) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(
        lang,
        lang.t("Báo cáo lừa đảo chờ xử lý", "Scam reports to moderate"),
        Some(&p),
        &csrf,
        body,
    )
}

/// `GET /desk/reports/{id}`: one report, with the accept, reject and merge forms.
pub(crate) async fn report_detail(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = Lang::parse(q.lang.as_deref());
    let csrf = auth::csrf_token(&state, &p.session);
    let r = match state.store.report(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return moderation_error(ModerationError::NotFound, lang),
        Err(e) => return moderation_error(e, lang),
    };
    let judge = state.judge.load();
    let live: Vec<ListedEntry> = state.store.listed_entries().await.unwrap_or_default();
    let listed: Vec<ReportEntity> = r
        .entities
        .iter()
        .filter(|k| live.iter().any(|e| e.kind == k.kind && e.value == k.value))
        .cloned()
        .collect();
    let (st_vi, st_en) = r.status.label();
    let codes: Vec<&str> = judge.scam_type_codes().collect();
    let default_type = r.fields.scam_types.first().cloned().unwrap_or_default();
    let body = html! {
        p { strong { (lang.t("Trạng thái: ", "Status: ")) } span #report-status { (lang.t(st_vi, st_en)) }
            @if let Some(into) = r.merged_into { " → " a href={ "/desk/reports/" (into) } { "#" (into) } }
            @if let Some(by) = &r.decided_by { " — " (by) } @if let Some(w) = &r.decision_reason { ": " (w) } }
        (report_fields(&r, lang, &judge))
        h2 { (lang.t("Mục nêu trong báo cáo", "Keys named")) }
        (keys_cell(&r.entities, &[], &listed))
        @if r.status == ReportStatus::Pending {
            h2 { (lang.t("Chấp nhận và đưa vào danh sách", "Accept and list")) }
            form method="post" action={ "/desk/reports/" (r.id) "/accept" } {
                input type="hidden" name="csrf" value=(csrf);
                fieldset {
                    legend { (lang.t("Các mục sẽ được đưa vào danh sách", "Keys to list")) }
                    @for (i, k) in r.entities.iter().enumerate() {
                        div {
                            input type="checkbox" id={ "key_" (i) } name={ "key_" (i) } value={ (k.kind.code()) ":" (k.value) } checked;
                            label for={ "key_" (i) } style="display:inline;font-weight:400" { " " (kind_label(k.kind, lang)) ": " code { (k.value) } }
                        }
                    }
                    @if r.entities.is_empty() { p.muted { (lang.t("Báo cáo không nêu số, tài khoản hay tên miền nào.", "The report names no number, account or domain.")) } }
                }
                label for="scam_type" { (lang.t("Hình thức lừa đảo", "Scam type")) }
                select id="scam_type" name="scam_type" {
                    option value="" selected[default_type.is_empty()] { (lang.t("chưa phân loại", "unclassified")) }
                    @for c in &codes { option value=(c) selected[*c == default_type] { (scam_type_label(&judge, c, lang)) } }
                }
                button type="submit" { (lang.t("Chấp nhận", "Accept")) }
            }
            h2 { (lang.t("Từ chối", "Reject")) }
            form method="post" action={ "/desk/reports/" (r.id) "/reject" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="reason" { (lang.t("Lý do", "Reason")) }
                input id="reason" type="text" name="reason" required maxlength="1000";
                button type="submit" { (lang.t("Từ chối", "Reject")) }
            }
            h2 { (lang.t("Gộp vào báo cáo khác (trùng)", "Merge into another report (duplicate)")) }
            form method="post" action={ "/desk/reports/" (r.id) "/merge" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="into" { (lang.t("Số báo cáo gốc", "Report number to merge into")) }
                input id="into" type="text" name="into" required inputmode="numeric" maxlength="20";
                button type="submit" { (lang.t("Gộp", "Merge")) }
            }
        }
        p { a href={ "/desk/reports?lang=" (lang.code()) } { (lang.t("Về hàng chờ", "Back to the queue")) } }
    };
    page(lang, &format!("{} #{}", lang.t("Báo cáo", "Report"), r.id), Some(&p), &csrf, body)
}

fn report_fields(r: &ScamReport, lang: Lang, judge: &Judge) -> Markup {
    let f = &r.fields;
    let channel = CHANNELS
        .iter()
        .find(|(c, _, _)| *c == f.channel)
        .map_or(f.channel.as_str(), |(_, vi, en)| lang.t(vi, en));
    let types: Vec<String> = f.scam_types.iter().map(|t| scam_type_label(judge, t, lang)).collect();
    html! {
        table {
            tbody {
                tr { th { (lang.t("Nhận lúc (UTC)", "Received (UTC)")) } td { (format_time(r.created_at)) } }
                tr { th { (lang.t("Kênh", "Channel")) } td { (channel) } }
                @if !f.received_on.is_empty() { tr { th { (lang.t("Ngày người dân nhận", "Date the person received it")) } td { (f.received_on) } } }
                tr { th { (lang.t("Đánh giá của Khiên", "Khiên's verdict")) } td { (verdict_label(&f.verdict, lang)) " (" (f.score) "/100)" @if !types.is_empty() { ": " (types.join(", ")) } } }
                @if !f.message.is_empty() { tr { th { (lang.t("Nội dung", "Message")) } td.explain { (f.message) } } }
                @if !f.link.is_empty() { tr { th { (lang.t("Đường link", "Link")) } td { code { (f.link) } } } }
                @if !f.phone.is_empty() { tr { th { (lang.t("Số điện thoại", "Phone")) } td { (f.phone) } } }
                @if !f.account.is_empty() { tr { th { (lang.t("Tài khoản", "Account")) } td { (f.account) " " (f.bank) } } }
                @if !f.qr_payload.is_empty() { tr { th { (lang.t("Mã QR", "QR code")) } td { code { (f.qr_payload) } } } }
                @if let Some(m) = f.money_lost { tr { th { (lang.t("Số tiền mất", "Money lost")) } td { (m) " đ" } } }
                @if !f.description.is_empty() { tr { th { (lang.t("Mô tả", "Description")) } td.explain { (f.description) } } }
                tr { th { (lang.t("Liên lạc người báo cáo", "Reporter's contact")) } td { (f.contact.as_deref().unwrap_or(lang.t("(ẩn danh)", "(anonymous)"))) } }
            }
        }
    }
}

/// The accept form: `csrf`, `scam_type` and one `key_N` = `KIND:VALUE` per ticked key.
pub(crate) async fn accept(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), form.get("csrf").map_or("", String::as_str)) {
        return auth::csrf_failed();
    }
    let mut chosen = Vec::new();
    for (k, v) in &form {
        if !k.starts_with("key_") {
            continue;
        }
        let parsed = v
            .split_once(':')
            .and_then(|(kind, value)| Some((EntryKind::from_code(kind)?, value.to_string())));
        match parsed {
            Some(c) => chosen.push(c),
            None => {
                return error_page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Mục không hợp lệ (invalid key).",
                );
            }
        }
    }
    chosen.sort();
    let scam_type = form.get("scam_type").map(|s| s.trim().to_string()).unwrap_or_default();
    if !scam_type.is_empty() && state.judge.load().scam_type_name(&scam_type).is_none() {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hình thức lừa đảo không hợp lệ (invalid scam type).",
        );
    }
    match state.store.accept_report(id, &chosen, &scam_type, &auth::actor(&p.user)).await {
        Ok(new) => {
            if !new.is_empty() {
                refresh_or_warn(&state).await;
            }
            Redirect::to(&format!("/desk/reports/{id}")).into_response()
        }
        Err(e) => moderation_error(e, Lang::Vi),
    }
}

/// The reject form.
#[derive(Debug, Deserialize)]
pub(crate) struct ReasonForm {
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Rejects a report with a reason.
pub(crate) async fn reject(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<ReasonForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.reject_report(id, &form.reason, &auth::actor(&p.user)).await {
        Ok(()) => Redirect::to(&format!("/desk/reports/{id}")).into_response(),
        Err(ModerationError::ReasonRequired) => error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Cần nêu lý do từ chối (a reason is required).",
        ),
        Err(e) => moderation_error(e, Lang::Vi),
    }
}

/// The merge form.
#[derive(Debug, Deserialize)]
pub(crate) struct MergeForm {
    csrf: String,
    into: String,
}

/// Merges a report into another as a duplicate.
pub(crate) async fn merge(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<MergeForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let Ok(into) = form.into.trim().trim_start_matches('#').parse::<i64>() else {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Số báo cáo không hợp lệ (invalid report number).",
        );
    };
    match state.store.merge_report(id, into, &auth::actor(&p.user)).await {
        Ok(()) => Redirect::to(&format!("/desk/reports/{id}")).into_response(),
        Err(e) => moderation_error(e, Lang::Vi),
    }
}

/// Delists an entry directly (officers), with a reason; the judge forgets it at once.
pub(crate) async fn delist(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<ReasonForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.delist(id, &form.reason, &auth::actor(&p.user)).await {
        Ok(()) => {
            refresh_or_warn(&state).await;
            Redirect::to("/blocklist").into_response()
        }
        Err(ModerationError::ReasonRequired) => {
            error_page(StatusCode::UNPROCESSABLE_ENTITY, "Cần nêu lý do gỡ (a reason is required).")
        }
        Err(e) => moderation_error(e, Lang::Vi),
    }
}

/// `GET /desk/appeals`: pending appeals with their entries.
pub(crate) async fn appeals_page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = Lang::parse(q.lang.as_deref());
    let csrf = auth::csrf_token(&state, &p.session);
    let Ok(appeals) = state.store.appeals(AppealStatus::Pending, 200).await else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let mut rows = Vec::new();
    for a in appeals {
        let entry = state.store.listed_entry(a.entry_id).await.ok().flatten();
        rows.push((a, entry));
    }
    let body = html! {
        p { (lang.t(
            "Khiếu nại của chủ số điện thoại, tài khoản hoặc tên miền bị đưa vào danh sách. Chấp nhận khiếu nại sẽ gỡ mục đó ngay khỏi danh sách và khỏi mọi lần kiểm tra; từ chối cần nêu lý do.",
            "Appeals from the owners of listed numbers, accounts and domains. Granting delists the entry from the list and every check at once; denying needs a reason."
        )) }
        @if rows.is_empty() { p #appeals-empty { (lang.t("Không có khiếu nại chờ xử lý.", "No pending appeals.")) } }
        @for (a, entry) in &rows {
            section.appeal {
                h2 { (lang.t("Khiếu nại ", "Appeal ")) "#" (a.id) }
                p { (lang.t("Mục: ", "Entry: "))
                    @if let Some(e) = entry {
                        (kind_label(e.kind, lang)) " " code { (e.value) } " — " (lang.t("báo cáo ", "report ")) a href={ "/desk/reports/" (e.report_id) } { "#" (e.report_id) }
                        @if e.delisted_at.is_some() { " " strong { (lang.t("(đã gỡ)", "(delisted)")) } }
                    } @else { "#" (a.entry_id) } }
                p { (lang.t("Nhận lúc (UTC): ", "Received (UTC): ")) (format_time(a.created_at)) }
                div.explain { (a.explanation) }
                p { (lang.t("Liên lạc: ", "Contact: ")) (if a.contact.is_empty() { lang.t("(không có)", "(none)") } else { a.contact.as_str() }) }
                form method="post" action={ "/desk/appeals/" (a.id) "/grant" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for={ "grant-" (a.id) } { (lang.t("Ghi chú (không bắt buộc)", "Note (optional)")) }
                    input id={ "grant-" (a.id) } type="text" name="reason" maxlength="1000";
                    button type="submit" { (lang.t("Chấp nhận và gỡ khỏi danh sách", "Grant and delist")) }
                }
                form method="post" action={ "/desk/appeals/" (a.id) "/deny" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for={ "deny-" (a.id) } { (lang.t("Lý do từ chối", "Reason to deny")) }
                    input id={ "deny-" (a.id) } type="text" name="reason" required maxlength="1000";
                    button type="submit" { (lang.t("Từ chối khiếu nại", "Deny")) }
                }
            }
        }
    };
    page(lang, lang.t("Khiếu nại chờ xử lý", "Pending appeals"), Some(&p), &csrf, body)
}

async fn decide_appeal(
    state: AppState,
    id: i64,
    grant: bool,
    headers: HeaderMap,
    form: ReasonForm,
) -> Response {
    let p = match auth::require(&state, &headers, &MODERATORS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.decide_appeal(id, grant, &form.reason, &auth::actor(&p.user)).await {
        Ok(_) => {
            if grant {
                refresh_or_warn(&state).await;
            }
            Redirect::to("/desk/appeals").into_response()
        }
        Err(ModerationError::ReasonRequired) => error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Cần nêu lý do từ chối (a reason is required).",
        ),
        Err(e) => moderation_error(e, Lang::Vi),
    }
}

/// Grants an appeal: the entry is delisted and the judge forgets it at once.
pub(crate) async fn grant_appeal(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<ReasonForm>,
) -> Response {
    decide_appeal(state, id, true, headers, form).await
}

/// Denies an appeal, with a reason.
pub(crate) async fn deny_appeal(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<ReasonForm>,
) -> Response {
    decide_appeal(state, id, false, headers, form).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_people_type_it() {
        assert_eq!(parse_money(""), Ok(None));
        assert_eq!(parse_money("5.000.000"), Ok(Some(5_000_000)));
        assert_eq!(parse_money("5,000,000 đ"), Ok(Some(5_000_000)));
        assert_eq!(parse_money("200000 VND"), Ok(Some(200_000)));
        assert!(parse_money("năm triệu").is_err());
        assert!(parse_money("-5").is_err());
        assert!(parse_money("99999999999999999999").is_err());
    }

    #[test]
    fn dates() {
        assert!(valid_date("2026-12-01"));
        assert!(!valid_date("2026-13-01") && !valid_date("01/12/2026") && !valid_date("2026-1-1"));
    }

    #[test]
    fn keys_a_report_names() {
        let judge = Judge::new();
        let input = ReportInput {
            channel: "sms".into(),
            message: "Vietcombank: tai khoan bi khoa, xac thuc tai https://vcb-xacthuc.com/login hoac goi 0987654321. Trang that: https://vietcombank.com.vn".into(),
            link: "https://sites.google.com/view/vcb-nhan-qua".into(),
            account: "1903 1234 5678".into(),
            bank: "Techcombank".into(),
            ..ReportInput::default()
        };
        let j = judge_report(&judge, &input);
        let keys: Vec<(EntryKind, &str)> =
            j.entities.iter().map(|e| (e.kind, e.value.as_str())).collect();
        assert!(keys.contains(&(EntryKind::Domain, "vcb-xacthuc.com")), "{keys:?}");
        assert!(keys.contains(&(EntryKind::Phone, "0987654321")), "{keys:?}");
        assert!(keys.contains(&(EntryKind::Account, "190312345678")), "{keys:?}");
        // A page on shared hosting is listed as the page, never the platform.
        assert!(
            keys.contains(&(EntryKind::Domain, "sites.google.com/view/vcb-nhan-qua")),
            "{keys:?}"
        );
        assert!(!keys.iter().any(|(_, v)| *v == "google.com"), "{keys:?}");
        // The bank's own domain is never a key.
        assert!(!keys.iter().any(|(_, v)| v.contains("vietcombank.com.vn")), "{keys:?}");
        assert!(j.worst.verdict.is_alarm());
    }

    #[test]
    fn listed_keys_reach_the_judge() {
        let entry = |kind, value: &str| ListedEntry {
            id: 1,
            kind,
            value: value.into(),
            bank: String::new(),
            scam_type: String::new(),
            report_id: 1,
            listed_at: 0,
            listed_by: "user:t".into(),
            delisted_at: None,
            delisted_by: None,
            delist_reason: None,
            reports: 1,
        };
        let judge = build_judge(
            None,
            &[
                entry(EntryKind::Phone, "0987654321"),
                entry(EntryKind::Account, "190312345678"),
                entry(EntryKind::Domain, "vcb-xacthuc.com"),
                entry(EntryKind::Domain, "sites.google.com/view/vcb-nhan-qua"),
            ],
        )
        .unwrap();
        let blocked = |r: &Report| r.reasons.iter().any(|x| x.code == Signal::Blocklisted);
        assert!(blocked(&judge.check_phone("+84 987 654 321")));
        assert!(blocked(&judge.check_account("1903-1234-5678", None)));
        assert!(blocked(&judge.check_url("https://login.vcb-xacthuc.com/x")));
        assert!(blocked(&judge.check_url("https://sites.google.com/view/vcb-nhan-qua/home")));
        assert!(!blocked(&judge.check_url("https://sites.google.com/view/lop-10a")));
        assert!(!blocked(&judge.check_phone("0912345678")));
    }
}
