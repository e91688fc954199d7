//! Phishing and smishing simulation: campaigns an officer creates from the templates of
//! `content/simulation/`, sent by mail through the agency's SMTP server and spread over a
//! window; the tracking links (open image, click, landing page, submit); mail scanners kept
//! apart from people (HEAD requests, known scanner user agents, requests within seconds of
//! delivery); the micro-lesson shown at once to whoever clicks or submits, and the praise for
//! whoever reports; the campaign report with time to report; per-person and per-unit risk.
//!
//! The landing pages' fields have no `name`, so a browser sends nothing typed into them, and
//! the submit handler does not read the body: what a person types never reaches the server.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, RawForm, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use khien_learn::simulation::{self as sim, Landing, Template};
use khien_store::Role;
use khien_store::simulation::{Event, NewCampaign, NewTarget, SimulationError, TargetRow};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::AppState;
use crate::auth::{self, Person};
use crate::pages::{Lang, error_page, layout};

const OFFICERS: [Role; 2] = [Role::Officer, Role::Administrator];

fn vi_time(t: i64) -> String {
    khien_comply::vi_datetime(
        chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().fixed_offset(),
    )
}

/// `address[, name][, unit]` lines (or `;`/tab separated), as exported from a staff list: the
/// address is an e-mail address, or a phone number for a text-message campaign (spaces, dots
/// and dashes in it are dropped).
pub(crate) fn parse_targets(text: &str, sms: bool) -> Result<Vec<NewTarget>, String> {
    let mut out: Vec<NewTarget> = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells = line.split([',', ';', '\t']).map(str::trim);
        let first = cells.next().unwrap_or_default();
        let address = if sms {
            first.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect::<String>()
        } else {
            first.to_string()
        };
        let ok = if sms {
            address.trim_start_matches('+').len() >= 8
                && address.trim_start_matches('+').bytes().all(|b| b.is_ascii_digit())
        } else {
            address.contains('@')
        };
        if !ok {
            let what = if sms { "a phone number" } else { "an e-mail address" };
            return Err(format!("targets, line {}: {first:?} is not {what}", n + 1));
        }
        if out.iter().any(|t| t.email.eq_ignore_ascii_case(&address)) {
            continue;
        }
        out.push(NewTarget {
            email: address,
            name: cells.next().unwrap_or_default().to_string(),
            unit: cells.next().unwrap_or_default().to_string(),
            send_at: None,
        });
    }
    Ok(out)
}

/// Send times for `n` messages spread evenly over `spread_minutes` from `start`, each moved
/// into the sending window (`hours`: from, to, in Vietnam's time) on the agency's working days
/// when a window is given, so messages land when people are at their desks.
pub(crate) fn schedule(
    start: i64,
    n: usize,
    spread_minutes: i64,
    hours: Option<(u32, u32)>,
    calendar: &khien_comply::WorkingCalendar,
) -> Vec<i64> {
    use chrono::{TimeZone, Timelike};
    let vn = khien_comply::vietnam();
    (0..n)
        .map(|i| {
            let t = start + spread_minutes * 60 * i as i64 / n.max(1) as i64;
            let Some((from, to)) = hours.filter(|(f, t)| f < t && *t <= 24) else { return t };
            let local =
                chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&vn);
            let day = local.date_naive();
            let opening = |d: chrono::NaiveDate| {
                vn.from_local_datetime(&d.and_hms_opt(from, 0, 0).unwrap_or_default())
                    .single()
                    .map_or(t, |x| x.timestamp())
            };
            if calendar.is_working_day(day) && (from..to).contains(&local.hour()) {
                t
            } else if calendar.is_working_day(day) && local.hour() < from {
                opening(day)
            } else {
                opening(calendar.next_working_day(day))
            }
        })
        .collect()
}

/// The address people reach this server at, from the officer's own request.
fn base_url(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        _ if state.config.secure_cookies => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

// ------------------------------------------------------------------------------------------
// Figures

/// The counts of a set of recipients.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) targets: usize,
    pub(crate) sent: usize,
    pub(crate) opened: usize,
    pub(crate) clicked: usize,
    pub(crate) submitted: usize,
    pub(crate) reported: usize,
    /// Median minutes from delivery to report, among those who reported.
    pub(crate) median_report_minutes: Option<i64>,
}

pub(crate) fn counts<'a>(targets: impl IntoIterator<Item = &'a TargetRow>) -> Counts {
    let mut c = Counts::default();
    let mut delays = vec![];
    for t in targets {
        c.targets += 1;
        c.sent += usize::from(t.sent_at.is_some());
        c.opened += usize::from(t.opened_at.is_some());
        c.clicked += usize::from(t.clicked_at.is_some());
        c.submitted += usize::from(t.submitted_at.is_some());
        c.reported += usize::from(t.reported_at.is_some());
        if let (Some(s), Some(r)) = (t.sent_at, t.reported_at) {
            delays.push((r - s).max(0) / 60);
        }
    }
    delays.sort_unstable();
    c.median_report_minutes = delays.get(delays.len() / 2).copied();
    c
}

/// A person's risk from their history: each click counts 1, each submit 2 more, each report
/// takes 1 off, averaged over the messages they received, 0 (reports everything) to 3
/// (submits everything).
pub(crate) fn risk<'a>(targets: impl IntoIterator<Item = &'a TargetRow>) -> f64 {
    let (mut score, mut n) = (0i64, 0i64);
    for t in targets.into_iter().filter(|t| t.sent_at.is_some()) {
        n += 1;
        score += i64::from(t.clicked_at.is_some()) + 2 * i64::from(t.submitted_at.is_some())
            - i64::from(t.reported_at.is_some());
    }
    if n == 0 { 0.0 } else { (score.max(0) as f64 / n as f64).min(3.0) }
}

fn pct(part: usize, whole: usize) -> String {
    match (part * 100).checked_div(whole) {
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

// ------------------------------------------------------------------------------------------
// Officers' pages

fn template_label(t: &Template) -> String {
    format!("{} (độ khó {}/3)", t.title_vi, t.difficulty)
}

/// `GET /simulation`.
pub(crate) async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    index_render(&state, &p, None, StatusCode::OK).await
}

async fn index_render(
    state: &AppState,
    p: &Person,
    message: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    let (Ok(campaigns), Ok(all)) = (state.store.campaigns().await, state.store.all_targets().await)
    else {
        return crate::pages::db_unavailable();
    };
    let mail_ready = crate::comply::mail_settings(state).await.is_some_and(|m| m.configured());
    let mut people: BTreeMap<&str, Vec<&TargetRow>> = BTreeMap::new();
    let mut units: BTreeMap<&str, Vec<&TargetRow>> = BTreeMap::new();
    for t in &all {
        people.entry(t.email.as_str()).or_default().push(t);
        units.entry(if t.unit.is_empty() { "—" } else { t.unit.as_str() }).or_default().push(t);
    }
    let mut ranked: Vec<(&str, f64, usize)> = people
        .iter()
        .map(|(e, ts)| (*e, risk(ts.iter().copied()), ts.len()))
        .filter(|(_, r, _)| *r > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let min_cohort = state.config.min_cohort;
    let now_local = crate::comply::now_vn().format("%Y-%m-%dT%H:%M").to_string();
    let body = html! {
        p.muted { "Thư mô phỏng lừa đảo gửi qua máy chủ thư của cơ quan; người bấm hoặc nhập sẽ thấy ngay bài học ngắn, người báo cáo được ghi nhận. Trang đích không bao giờ nhận những gì người dùng gõ." }
        @if let Some(m) = &message { p.error role="alert" { (m) } }
        @if !mail_ready { p.error { "Chưa cài máy chủ thư: vào " a href="/compliance/settings" { "Cài đặt" } " để nhập SMTP trước khi gửi (no mail server set)." } }
        h2 { "Các đợt mô phỏng (campaigns)" }
        @if campaigns.is_empty() { p.muted { "Chưa có đợt nào (none yet)." } }
        @else {
            table {
                thead { tr { th { "Đợt" } th { "Mẫu thư" } th { "Bắt đầu" } th { "Đã gửi" } } }
                tbody { @for c in &campaigns { tr {
                    td { a href={ "/simulation/" (c.id) } { (c.name) } } td { (c.template) } td { (vi_time(c.starts_at)) }
                    td { (c.sent) " / " (c.targets) }
                } } }
            }
        }
        h2 { "Mức rủi ro theo đơn vị (risk by unit)" }
        p.muted { "0: báo cáo mọi thư; 3: nhập thông tin ở mọi thư. Đơn vị dưới " (min_cohort) " người không hiển thị riêng." }
        table {
            thead { tr { th { "Đơn vị" } th { "Người" } th { "Bấm" } th { "Báo cáo" } th { "Rủi ro" } } }
            tbody { @for (u, ts) in &units {
                @let n = ts.iter().map(|t| t.email.as_str()).collect::<std::collections::BTreeSet<_>>().len();
                @if n >= min_cohort {
                    @let c = counts(ts.iter().copied());
                    tr { td { (u) } td { (n) } td { (pct(c.clicked, c.sent)) } td { (pct(c.reported, c.sent)) } td { (format!("{:.1}", risk(ts.iter().copied()))) } }
                }
            } }
        }
        h2 { "Người cần học thêm (people at risk)" }
        @if ranked.is_empty() { p.muted { "Chưa ai bấm vào thư mô phỏng (nobody clicked yet)." } }
        @else {
            table {
                thead { tr { th { "Thư điện tử" } th { "Số thư đã nhận" } th { "Rủi ro" } } }
                tbody { @for (e, r, n) in ranked.iter().take(50) { tr { td { (e) } td { (n) } td { (format!("{r:.1}")) } } } }
            }
        }
        h2 id="new" { "Tạo đợt mô phỏng (new campaign)" }
        form method="post" action="/simulation" {
            input type="hidden" name="csrf" value=(csrf);
            label for="name" { "Tên đợt (name)" } input id="name" name="name" required maxlength="300";
            label for="template" { "Mẫu thư (template)" }
            select id="template" name="template" { @for t in sim::templates() { option value=(t.id) { (template_label(&t)) } } }
            label for="targets" { "Người nhận: mỗi dòng một người — thư điện tử, họ tên, đơn vị (recipients: e-mail, name, unit per line)" }
            textarea id="targets" name="targets" rows="8" required maxlength="500000" {}
            label for="starts_at" { "Bắt đầu gửi (start, giờ Việt Nam)" } input id="starts_at" type="datetime-local" name="starts_at" value=(now_local);
            label for="window_from" { "Chỉ gửi trong giờ làm việc, từ giờ (send only in working hours, from)" } input id="window_from" type="number" min="0" max="23" name="window_from" value="8";
            label for="window_to" { "đến giờ (to; empty both to send at any time)" } input id="window_to" type="number" min="1" max="24" name="window_to" value="17";
            label for="spread_minutes" { "Rải thư trong (spread over, minutes)" } input id="spread_minutes" type="number" min="0" max="43200" name="spread_minutes" value="120";
            button type="submit" { "Tạo đợt (create)" }
        }
        p { a href="/bao-cao-thu" { "Trang báo cáo thư đáng ngờ cho cán bộ (where staff report a suspicious message)" } }
    };
    let mut res = Html(
        layout(Lang::Vi, "Mô phỏng thư lừa đảo (phishing simulation)", Some(p), &csrf, body)
            .into_string(),
    )
    .into_response();
    *res.status_mut() = status;
    res
}

/// `POST /simulation`.
pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let f = crate::pages::form_pairs(&raw);
    if !auth::csrf_ok(&state, Some(&p.session), crate::pages::form_field(&f, "csrf")) {
        return auth::csrf_failed();
    }
    let Some(template) = sim::template(crate::pages::form_field(&f, "template")) else {
        return index_render(
            &state,
            &p,
            Some("template: no such template".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let sms = template.channel == sim::Channel::Sms;
    let targets = match parse_targets(crate::pages::form_field(&f, "targets"), sms) {
        Ok(t) => t,
        Err(m) => return index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let starts_at = match chrono::NaiveDateTime::parse_from_str(
        crate::pages::form_field(&f, "starts_at"),
        "%Y-%m-%dT%H:%M",
    ) {
        Ok(n) => n
            .and_local_timezone(khien_comply::vietnam())
            .single()
            .map(|t| t.timestamp())
            .unwrap_or_else(khien_store::now),
        Err(_) if crate::pages::form_field(&f, "starts_at").is_empty() => khien_store::now(),
        Err(_) => {
            return index_render(
                &state,
                &p,
                Some("starts_at: a time such as 2026-12-07T09:30".into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let spread: i64 = crate::pages::form_field(&f, "spread_minutes").trim().parse().unwrap_or(0);
    let hours = match (
        crate::pages::form_field(&f, "window_from").trim().parse::<u32>(),
        crate::pages::form_field(&f, "window_to").trim().parse::<u32>(),
    ) {
        (Ok(a), Ok(b)) if a < b && b <= 24 => Some((a, b)),
        _ => None,
    };
    let Ok(ctx) = crate::comply::context(&state).await else {
        return crate::pages::db_unavailable();
    };
    let mut targets = targets;
    let times = schedule(starts_at, targets.len(), spread, hours, ctx.calendar());
    for (t, at) in targets.iter_mut().zip(times) {
        t.send_at = Some(at);
    }
    let campaign = NewCampaign {
        name: crate::pages::form_field(&f, "name").to_string(),
        template: template.id.clone(),
        channel: template.channel.code().to_string(),
        base_url: base_url(&headers, &state),
        starts_at,
        spread_minutes: spread,
        targets,
    };
    let actor = auth::actor(&p.user);
    match state.store.create_campaign(&campaign, &actor).await {
        Ok(id) => {
            let _ = state
                .store
                .audit(
                    &actor,
                    "simulation_created",
                    &format!("{id} {} {}", campaign.template, campaign.targets.len()),
                )
                .await;
            Redirect::to(&format!("/simulation/{id}")).into_response()
        }
        Err(SimulationError::Invalid(m)) => {
            index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// `GET /simulation/{id}`: the campaign report.
pub(crate) async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let (Ok(Some(c)), Ok(targets), Ok(scanners)) = (
        state.store.campaign(id).await,
        state.store.campaign_targets(id).await,
        state.store.scanner_hits(id).await,
    ) else {
        return error_page(StatusCode::NOT_FOUND, "Không có đợt này (no such campaign).");
    };
    let total = counts(&targets);
    let mut by_unit: BTreeMap<&str, Vec<&TargetRow>> = BTreeMap::new();
    for t in &targets {
        by_unit.entry(if t.unit.is_empty() { "—" } else { t.unit.as_str() }).or_default().push(t);
    }
    let template = sim::template(&c.template);
    let failed: Vec<&TargetRow> = targets.iter().filter(|t| !t.send_error.is_empty()).collect();
    let body = html! {
        p { "Mẫu thư: " strong { (template.as_ref().map(template_label).unwrap_or_else(|| c.template.clone())) } " · bắt đầu " (vi_time(c.starts_at)) " · rải trong " (c.spread_minutes) " phút · tạo bởi " (c.created_by) }
        table {
            thead { tr { th { "" } th { "Số người" } th { "Tỷ lệ (trên số đã gửi)" } } }
            tbody {
                tr { td { "Đã gửi (sent)" } td { (total.sent) " / " (total.targets) } td { "" } }
                tr { td { "Mở thư (opened)" } td { (total.opened) } td { (pct(total.opened, total.sent)) } }
                tr { td { "Bấm đường dẫn (clicked)" } td { (total.clicked) } td { (pct(total.clicked, total.sent)) } }
                tr { td { "Nhập thông tin (submitted)" } td { (total.submitted) } td { (pct(total.submitted, total.sent)) } }
                tr { td { "Báo cáo thư đáng ngờ (reported)" } td { (total.reported) } td { (pct(total.reported, total.sent)) } }
            }
        }
        p {
            "Thời gian báo cáo (trung vị, median time to report): "
            strong { @if let Some(m) = total.median_report_minutes { (m) " phút" } @else { "—" } }
            " · Lượt truy cập của máy quét thư, không tính là bấm (scanner requests, not counted): " strong { (scanners) }
        }
        @if !failed.is_empty() { p.error { "Gửi không được (not sent): " (failed.len()) " — " (failed[0].send_error) } }
        h2 { "Theo đơn vị (by unit)" }
        table {
            thead { tr { th { "Đơn vị" } th { "Đã gửi" } th { "Bấm" } th { "Nhập" } th { "Báo cáo" } } }
            tbody { @for (u, ts) in &by_unit {
                @let k = counts(ts.iter().copied());
                tr { td { (u) } td { (k.sent) } td { (pct(k.clicked, k.sent)) } td { (pct(k.submitted, k.sent)) } td { (pct(k.reported, k.sent)) } }
            } }
        }
        h2 { "Từng người nhận (recipients)" }
        table {
            thead { tr { th { "Thư điện tử" } th { "Đơn vị" } th { "Gửi" } th { "Bấm" } th { "Nhập" } th { "Báo cáo" } } }
            tbody { @for t in &targets { tr {
                td { (t.email) } td { (t.unit) }
                td { @if let Some(s) = t.sent_at { (vi_time(s)) } @else if !t.send_error.is_empty() { "lỗi" } @else { "chờ" } }
                td { @if let Some(x) = t.clicked_at { (vi_time(x)) } }
                td { @if let Some(x) = t.submitted_at { (vi_time(x)) } }
                td { @if let Some(x) = t.reported_at { (vi_time(x)) } }
            } } }
        }
    };
    Html(
        layout(Lang::Vi, &format!("Đợt mô phỏng: {}", c.name), Some(&p), &csrf, body).into_string(),
    )
    .into_response()
}

// ------------------------------------------------------------------------------------------
// Sending

/// The agency's SMS gateway, if saved.
pub(crate) async fn sms_settings(state: &AppState) -> Option<crate::sms::SmsSettings> {
    let text = state.store.comply_setting("sms").await.ok()??;
    serde_json::from_str(&text).ok()
}

/// Sends the messages whose time has come, through the agency's SMTP server: each recipient
/// gets their own link. Returns how many went out.
pub(crate) async fn send_due(state: &AppState) -> usize {
    let mail = crate::comply::mail_settings(state).await.filter(|m| m.configured());
    let sms = sms_settings(state).await.filter(|s| s.configured());
    if mail.is_none() && sms.is_none() {
        return 0;
    }
    let Ok(due) = state.store.due_targets(khien_store::now(), 200).await else { return 0 };
    let agency =
        crate::comply::context(state).await.map(|c| c.agency().name.clone()).unwrap_or_default();
    let mut sent = 0;
    for t in due {
        let Ok(Some(c)) = state.store.campaign(t.campaign_id).await else { continue };
        let Some(template) = sim::template(&c.template) else {
            let _ = state.store.mark_target_sent(t.id, Some("template removed")).await;
            continue;
        };
        let link = format!("{}/t/{}", c.base_url, t.token);
        let name = if t.name.is_empty() { t.email.clone() } else { t.name.clone() };
        let filled =
            template.fill(&name, if agency.is_empty() { "cơ quan" } else { &agency }, &link);
        let outcome = if c.channel == "sms" {
            match &sms {
                Some(g) => {
                    crate::sms::send(g, &state.config.data_dir, &t.email, filled.body.trim()).await
                }
                None => continue,
            }
        } else {
            let Some(mail) = &mail else { continue };
            // The sender's display name is the template's; the address is the agency's own,
            // so the simulation never spoofs another domain.
            let mut settings = mail.clone();
            if let Ok(from) = mail.from.parse::<lettre::message::Mailbox>() {
                settings.from =
                    lettre::message::Mailbox::new(Some(template.from_name.clone()), from.email)
                        .to_string();
            }
            // The HTML part links the same address and loads the open image; the text part is
            // the message as written.
            let html = format!(
                "<!DOCTYPE html><html lang=\"vi\"><body><div style=\"font-family:Arial,sans-serif;font-size:14px\">{}</div><img src=\"{}/t/{}/o.gif\" width=\"1\" height=\"1\" alt=\"\"></body></html>",
                html_escape(&filled.body)
                    .replace(
                        &html_escape(&link),
                        &format!("<a href=\"{0}\">{0}</a>", html_escape(&link))
                    )
                    .replace('\n', "<br>\n"),
                c.base_url,
                t.token
            );
            crate::mail::send_with_html(
                &settings,
                std::slice::from_ref(&t.email),
                &filled.subject,
                &filled.body,
                Some(&html),
            )
            .await
        };
        match outcome {
            Ok(()) => {
                sent += 1;
                let _ = state.store.mark_target_sent(t.id, None).await;
            }
            Err(e) => {
                let _ = state.store.mark_target_sent(t.id, Some(&e)).await;
            }
        }
    }
    sent
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

// ------------------------------------------------------------------------------------------
// Tracking links (public: the token is the key)

fn is_scanner_request(
    method: &Method,
    headers: &HeaderMap,
    target: &TargetRow,
    window: std::time::Duration,
) -> Option<String> {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if method == Method::HEAD {
        return Some("HEAD".into());
    }
    if sim::is_scanner(ua) {
        return Some(format!("user agent: {}", ua.chars().take(120).collect::<String>()));
    }
    if let Some(sent) = target.sent_at
        && khien_store::now() - sent < window.as_secs() as i64
    {
        return Some("seconds after delivery".into());
    }
    None
}

/// A small page outside the platform's frame, like the pages a real scam would show.
fn bare(title: &str, body: Markup) -> Response {
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                style { (PreEscaped("body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}input,button{display:block;width:100%;margin:.4rem 0;padding:.6rem;font-size:1rem}.lesson{border-left:4px solid #0b3d91;padding-left:1rem}.ok{color:#1b5e20}")) }
            }
            body { (body) }
        }
    };
    (
        [(header::CACHE_CONTROL, "no-store"), (header::REFERRER_POLICY, "no-referrer")],
        Html(page.into_string()),
    )
        .into_response()
}

fn lesson_link(id: &str) -> String {
    match khien_learn::Content::embedded().lesson(id) {
        Some(l) if l.for_citizens() => format!("/canh-bao/{id}"),
        _ => format!("/learn/lessons/{id}"),
    }
}

/// The micro-lesson shown at once after a click or a submit.
fn micro_lesson(template: &Template, submitted: bool) -> Response {
    let lesson = khien_learn::Content::embedded().lesson(&template.lesson);
    bare(
        "Đây là thư mô phỏng — Khiên",
        html! {
            h1 { "Đây là thư mô phỏng của cơ quan" }
            p {
                @if submitted { "Bạn vừa nhập thông tin vào một trang giả. Không sao: đây là bài tập, và trang này " strong { "không nhận, không lưu" } " bất cứ điều gì bạn gõ." }
                @else { "Bạn vừa bấm vào đường dẫn trong một thư giả. Đây là bài tập: không có gì bị lộ." }
            }
            div.lesson {
                h2 { "Những dấu hiệu bạn có thể đã nhận ra" }
                ul { @for f in &template.red_flags { li { (f) } } }
                p { "Lần sau, khi thấy thư như vậy: không bấm, không nhập; báo cho bộ phận kỹ thuật hoặc dùng trang " a href="/bao-cao-thu" { "báo cáo thư đáng ngờ" } "." }
            }
            @if let Some(l) = lesson {
                p { "Bài học 5 phút: " a href=(lesson_link(&l.id)) { (l.front.title_vi) } }
            }
        },
    )
}

/// `GET|HEAD /t/{token}`: a click (or a scanner's request), then the landing page or the
/// micro-lesson.
pub(crate) async fn click(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let Ok(Some(target)) = state.store.target_by_token(&token).await else {
        return crate::pages::not_found().await;
    };
    let Some(c) = state.store.campaign(target.campaign_id).await.ok().flatten() else {
        return crate::pages::db_unavailable();
    };
    let Some(template) = sim::template(&c.template) else { return crate::pages::not_found().await };
    if let Some(why) =
        is_scanner_request(&method, &headers, &target, state.config.sim_scanner_window)
    {
        let _ = state.store.record_event(target.id, Event::Scanner, &why).await;
        // A scanner sees the same page a person would, so it has nothing to flag.
        return landing(&template, &token);
    }
    let _ = state.store.record_event(target.id, Event::Click, "").await;
    match template.landing {
        Landing::None => micro_lesson(&template, false),
        _ => landing(&template, &token),
    }
}

fn landing(template: &Template, token: &str) -> Response {
    match template.landing {
        Landing::Login => bare(
            "Đăng nhập",
            html! {
                h1 { "Đăng nhập để tiếp tục" }
                // No `name` on the fields: a browser sends nothing typed into them.
                form method="post" action={ "/t/" (token) } autocomplete="off" {
                    label { "Tên đăng nhập" input type="text" autocomplete="off"; }
                    label { "Mật khẩu" input type="password" autocomplete="off"; }
                    button type="submit" { "Đăng nhập" }
                }
            },
        ),
        Landing::Document | Landing::None => bare(
            "Tài liệu được chia sẻ",
            html! {
                h1 { "Tài liệu được chia sẻ với bạn" }
                form method="post" action={ "/t/" (token) } { button type="submit" { "Tải tài liệu" } }
            },
        ),
    }
}

/// `POST /t/{token}`: a submit on the landing page. The body is never read.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let Ok(Some(target)) = state.store.target_by_token(&token).await else {
        return crate::pages::not_found().await;
    };
    let Some(c) = state.store.campaign(target.campaign_id).await.ok().flatten() else {
        return crate::pages::db_unavailable();
    };
    let Some(template) = sim::template(&c.template) else { return crate::pages::not_found().await };
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if sim::is_scanner(ua) {
        let _ = state.store.record_event(target.id, Event::Scanner, "submit by a scanner").await;
    } else {
        let _ = state.store.record_event(target.id, Event::Submit, "").await;
    }
    micro_lesson(&template, true)
}

/// A 1×1 transparent GIF.
const PIXEL: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x21\xf9\x04\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";

/// `GET /t/{token}/o.gif`: the message was opened (images shown).
pub(crate) async fn open(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    if let Ok(Some(target)) = state.store.target_by_token(&token).await {
        let event = if is_scanner_request(&method, &headers, &target, std::time::Duration::ZERO)
            .is_some()
        {
            Event::Scanner
        } else {
            Event::Open
        };
        let _ = state.store.record_event(target.id, event, "image").await;
    }
    ([(header::CONTENT_TYPE, "image/gif"), (header::CACHE_CONTROL, "no-store")], PIXEL)
        .into_response()
}

/// `GET /bao-cao-thu`: where staff report a suspicious message.
pub(crate) async fn report_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let who = auth::person(&state, &headers).await;
    let csrf = who.as_ref().map(|p| auth::csrf_token(&state, &p.session)).unwrap_or_default();
    let body = report_form(&csrf, who.is_some());
    Html(
        layout(
            Lang::Vi,
            "Báo cáo thư đáng ngờ (report a suspicious message)",
            who.as_ref(),
            &csrf,
            body,
        )
        .into_string(),
    )
    .into_response()
}

fn report_form(csrf: &str, signed_in: bool) -> Markup {
    html! {
        p { "Nhận được thư, tin nhắn đáng ngờ ở cơ quan? Dán toàn bộ nội dung (hoặc đường dẫn trong đó) vào đây. Đừng bấm vào đường dẫn." }
        @if !signed_in { p.muted { "Hãy " a href="/login" { "đăng nhập" } " để báo cáo được ghi nhận cho bạn." } }
        form method="post" action="/bao-cao-thu" {
            input type="hidden" name="csrf" value=(csrf);
            label for="message" { "Nội dung thư (message)" }
            textarea id="message" name="message" rows="10" required maxlength="50000" {}
            button type="submit" { "Báo cáo (report)" }
        }
    }
}

/// `POST /bao-cao-thu`: a simulation link in the text is a report of that message (praise); any
/// other text is pointed to the scam check. Nothing of the text is stored.
pub(crate) async fn report_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let Some(p) = auth::person(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let f = crate::pages::form_pairs(&raw);
    if !auth::csrf_ok(&state, Some(&p.session), crate::pages::form_field(&f, "csrf")) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("sim-report", addr.ip(), state.config.report_per_minute) {
        return auth::too_many();
    }
    let text = crate::pages::form_field(&f, "message");
    let mut found = None;
    for part in text.split("/t/").skip(1) {
        let token: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if let Ok(Some(t)) = state.store.target_by_token(&token).await {
            found = Some(t);
            break;
        }
    }
    let csrf = auth::csrf_token(&state, &p.session);
    let body = match found {
        Some(t) => {
            let _ = state.store.record_event(t.id, Event::Report, &auth::actor(&p.user)).await;
            html! {
                p.ok role="status" { strong { "Cảm ơn bạn! " } "Đây là thư mô phỏng của cơ quan và bạn đã nhận ra nó. Báo cáo của bạn đã được ghi nhận." }
                @if let Some(tpl) = state.store.campaign(t.campaign_id).await.ok().flatten().and_then(|c| sim::template(&c.template)) {
                    p { "Những dấu hiệu trong thư này:" }
                    ul { @for r in &tpl.red_flags { li { (r) } } }
                }
            }
        }
        None => html! {
            p role="status" { "Đây không phải thư mô phỏng của cơ quan. Đừng bấm vào đường dẫn; báo cho bộ phận kỹ thuật và kiểm tra nội dung tại " a href="/check" { "trang kiểm tra lừa đảo" } "." }
            (report_form(&csrf, true))
        },
    };
    Html(
        layout(
            Lang::Vi,
            "Báo cáo thư đáng ngờ (report a suspicious message)",
            Some(&p),
            &csrf,
            body,
        )
        .into_string(),
    )
    .into_response()
}

// ------------------------------------------------------------------------------------------
// Reports by forwarding: an SMTP listener staff forward suspicious mail to

/// Largest forwarded message read, in bytes.
const MAX_FORWARDED: usize = 10 << 20;

#[derive(Clone)]
struct ForwardHandler {
    tx: tokio::sync::mpsc::UnboundedSender<Vec<u8>>,
    buf: Vec<u8>,
}

impl mailin_embedded::Handler for ForwardHandler {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> mailin_embedded::Response {
        self.buf.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.buf.len() + buf.len() <= MAX_FORWARDED {
            self.buf.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let _ = self.tx.send(std::mem::take(&mut self.buf));
        mailin_embedded::response::OK
    }
}

/// Starts the SMTP listener on `listener` (plain SMTP on the agency's network: the mail
/// server relays forwarded messages to it) in a thread of its own; received messages come out
/// of the returned channel.
pub(crate) fn start_report_listener(
    listener: std::net::TcpListener,
) -> Result<tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>, String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut server = mailin_embedded::Server::new(ForwardHandler { tx, buf: vec![] });
    server
        .with_name("khien")
        .with_ssl(mailin_embedded::SslConfig::None)
        .map_err(|e| format!("report listener: {e}"))?
        .with_num_threads(2)
        .with_tcp_listener(listener);
    std::thread::Builder::new()
        .name("khien-report-smtp".into())
        .spawn(move || {
            let _ = server.serve();
        })
        .map_err(|e| format!("report listener: {e}"))?;
    Ok(rx)
}

/// A forwarded message: every simulation link in it (text, HTML or an attached message) is a
/// report by its recipient. Nothing of the message is kept. Returns the reports recorded.
pub(crate) async fn report_forwarded(state: &AppState, raw: &[u8]) -> usize {
    let Ok(e) = khien_extract::extract("forwarded.eml", raw, &khien_extract::Limits::default())
    else {
        return 0;
    };
    let mut n = 0;
    let mut seen = std::collections::BTreeSet::new();
    for seg in &e.segments {
        for part in seg.text.split("/t/").skip(1) {
            let token: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if token.is_empty() || !seen.insert(token.clone()) {
                continue;
            }
            if let Ok(Some(t)) = state.store.target_by_token(&token).await {
                let _ = state.store.record_event(t.id, Event::Report, "forwarded").await;
                n += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(
        sent: Option<i64>,
        clicked: bool,
        submitted: bool,
        reported: Option<i64>,
    ) -> TargetRow {
        TargetRow {
            id: 1,
            campaign_id: 1,
            email: "a@so.gov.vn".into(),
            name: String::new(),
            unit: String::new(),
            token: "t".into(),
            send_at: 0,
            sent_at: sent,
            send_error: String::new(),
            opened_at: None,
            clicked_at: clicked.then_some(1),
            submitted_at: submitted.then_some(2),
            reported_at: reported,
        }
    }

    #[test]
    fn recipients_are_parsed_from_a_staff_list() {
        let t = parse_targets("# danh sách\nlan@so.gov.vn, Nguyễn Lan, Văn phòng\nLAN@so.gov.vn\nbinh@so.gov.vn;Trần Bình\n\n", false).unwrap();
        assert_eq!(t.len(), 2, "duplicates once");
        assert_eq!((t[0].name.as_str(), t[0].unit.as_str()), ("Nguyễn Lan", "Văn phòng"));
        assert_eq!(t[1].name, "Trần Bình");
        assert!(parse_targets("lan, Lan", false).unwrap_err().contains("line 1"));
        let phones = parse_targets("0912 345 678, Lan\n+84.987.654.321\n", true).unwrap();
        assert_eq!(phones[0].email, "0912345678");
        assert_eq!(phones[1].email, "+84987654321");
        assert!(parse_targets("lan@so.gov.vn", true).unwrap_err().contains("phone number"));
    }

    #[test]
    fn send_times_are_spread_and_kept_in_working_hours() {
        let cal = khien_comply::WorkingCalendar::embedded();
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        // Friday 4 December 2026, 16:00 in Vietnam, four messages over two hours.
        let start = at("2026-12-04T16:00:00+07:00");
        assert_eq!(
            schedule(start, 4, 120, None, &cal),
            vec![start, start + 1800, start + 3600, start + 5400]
        );
        let within = schedule(start, 4, 120, Some((8, 17)), &cal);
        assert_eq!(within[0], start);
        assert_eq!(within[1], start + 1800);
        // 17:00 and 17:30 are after hours: Monday 7 December, 08:00.
        assert_eq!(within[2], at("2026-12-07T08:00:00+07:00"));
        assert_eq!(within[3], at("2026-12-07T08:00:00+07:00"));
        // Before opening on a working day: that day's opening; in Tết: the first day after it.
        assert_eq!(
            schedule(at("2026-12-08T06:00:00+07:00"), 1, 0, Some((8, 17)), &cal),
            vec![at("2026-12-08T08:00:00+07:00")]
        );
        assert_eq!(
            schedule(at("2026-02-17T09:00:00+07:00"), 1, 0, Some((8, 17)), &cal),
            vec![at("2026-02-23T08:00:00+07:00")]
        );
    }

    #[test]
    fn counts_and_risk_follow_what_people_did() {
        let ts = [
            target(Some(100), true, true, None),
            target(Some(100), true, false, Some(700)),
            target(Some(100), false, false, Some(220)),
            target(None, false, false, None),
        ];
        let c = counts(&ts);
        assert_eq!((c.targets, c.sent, c.clicked, c.submitted, c.reported), (4, 3, 2, 1, 2));
        assert_eq!(c.median_report_minutes, Some(10));
        // (1 + 2) + (1 − 1) + (0 − 1) = 2 over 3 sent.
        assert!((risk(&ts) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(risk(&[target(Some(1), false, false, Some(2))]), 0.0, "never below zero");
        assert_eq!(pct(1, 0), "—");
    }
}
