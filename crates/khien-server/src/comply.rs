//! The compliance register's pages and API: incidents and personal-data breaches on their legal
//! clocks, data-subject requests with a search of the inventory by fingerprints, the Form 08
//! draft, and the agency's compliance settings (recipients, working calendar, interpretation
//! switches, a newer rule pack).
//!
//! The clocks are `khien-comply`'s: this module loads the rule pack in force and the agency's
//! settings, hands them the register's facts and renders what comes back. Deadlines are
//! computed on every view, so a corrected calendar or a new pack moves them everywhere.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, extract::RawForm};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime};
use khien_comply::form::{BreachNotice, DataInvolved, Draft, place_date_line};
use khien_comply::{
    Deadline, Incident, RulePack, Settings, SubjectRequest, WorkingCalendar, vietnam,
};
use khien_store::Role;
use khien_store::comply::{ComplyError, IncidentRow, NewIncident, NewRequest, RequestRow};
use khien_store::inventory::FingerprintHit;
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::json_error;
use crate::auth::{self, Person};
use crate::pages::{Lang, error_page, layout};

const OFFICERS: [Role; 2] = [Role::Officer, Role::Administrator];

/// The agency's own facts for notices: who it is, its sector, its data-protection contact and
/// the names and addresses it gives the recipients.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Agency {
    pub(crate) name: String,
    pub(crate) place: String,
    pub(crate) sector: String,
    pub(crate) dpo_contact: String,
    pub(crate) recipients: BTreeMap<String, String>,
    /// Who gets reminders before a deadline (addresses, comma-separated).
    pub(crate) reminder_to: String,
    /// Who is told when a deadline is missed (default: `reminder_to`).
    pub(crate) escalate_to: String,
    /// How many hours before a deadline the reminder goes out (0: the default, 24).
    pub(crate) remind_before_hours: u32,
}

/// Hours before a deadline when the reminder goes out, unless the agency sets its own.
pub(crate) const DEFAULT_REMIND_BEFORE_HOURS: u32 = 24;

/// Everything a computation needs: the pack in force and the agency's settings.
pub(crate) struct Ctx {
    pack: RulePack,
    pack_from_settings: bool,
    calendar: WorkingCalendar,
    calendar_text: String,
    switches: BTreeMap<String, bool>,
    agency: Agency,
}

impl Ctx {
    /// The rule pack in force.
    pub(crate) fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// The agency's working calendar.
    pub(crate) fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }

    /// The agency's own facts.
    pub(crate) fn agency(&self) -> &Agency {
        &self.agency
    }

    /// Whether an interpretation switch is on (the agency's decision, or the pack's default).
    pub(crate) fn switch_on(&self, id: &str) -> bool {
        self.switches.get(id).copied().unwrap_or(false)
    }

    pub(crate) fn settings(&self) -> Settings<'_> {
        Settings {
            calendar: &self.calendar,
            switches: self.switches.clone(),
            sector: (!self.agency.sector.is_empty()).then(|| self.agency.sector.clone()),
        }
    }

    fn recipient_name(&self, key: &str) -> String {
        match self.agency.recipients.get(key).filter(|s| !s.trim().is_empty()) {
            Some(own) => own.clone(),
            None => self
                .pack
                .recipients
                .get(key)
                .map(|r| r.vi.clone())
                .unwrap_or_else(|| key.to_string()),
        }
    }

    fn incident_deadlines(&self, row: &IncidentRow) -> Vec<Deadline> {
        let mut i = Incident::new(&row.facts.kind, at(row.facts.discovered_at));
        i.data = row.facts.data_categories.clone();
        i.remediated_at = row.remediated_at.map(at);
        // Only kinds the pack knows are stored, but a newer pack could drop one: show nothing
        // rather than fail the page.
        khien_comply::incident_deadlines(&self.pack, &self.settings(), &i).unwrap_or_default()
    }

    fn request_deadlines(&self, row: &RequestRow) -> Vec<Deadline> {
        let r = SubjectRequest {
            request_type: row.request_type.clone(),
            received_at: at(row.received_at),
            with_processor: row.with_processor,
            extended: row.extended,
        };
        khien_comply::request_deadlines(&self.pack, &self.settings(), &r).unwrap_or_default()
    }
}

/// A Unix time as an instant in Vietnam's time.
fn at(t: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&vietnam())
}

pub(crate) fn now_vn() -> DateTime<FixedOffset> {
    at(khien_store::now())
}

pub(crate) fn incident_reference(row: &IncidentRow) -> String {
    format!("SC-{}-{:04}", at(row.created_at).year(), row.id)
}

pub(crate) fn request_reference(row: &RequestRow) -> String {
    format!("YC-{}-{:04}", at(row.created_at).year(), row.id)
}

/// Loads the pack in force and the settings. Settings are validated before they are saved, so
/// a failure here is a database failure or a pack made invalid by a newer binary's checks.
pub(crate) async fn context(state: &AppState) -> Result<Ctx, String> {
    let store = &state.store;
    let get =
        |k: &'static str| async move { store.comply_setting(k).await.map_err(|e| e.to_string()) };
    let (pack, pack_from_settings) = match get("rule_pack").await?.filter(|t| !t.trim().is_empty())
    {
        Some(text) => (RulePack::from_toml(&text).map_err(|e| e.to_string())?, true),
        None => (RulePack::embedded(), false),
    };
    let calendar_text =
        get("calendar").await?.unwrap_or_else(|| WorkingCalendar::EMBEDDED_TOML.to_string());
    let calendar = WorkingCalendar::from_toml(&calendar_text).map_err(|e| e.to_string())?;
    let decided: BTreeMap<String, bool> = match get("switches").await? {
        Some(t) => serde_json::from_str(&t).map_err(|e| e.to_string())?,
        None => BTreeMap::new(),
    };
    let switches = pack.switch_values(&decided);
    let agency: Agency = match get("agency").await? {
        Some(t) => serde_json::from_str(&t).map_err(|e| e.to_string())?,
        None => Agency::default(),
    };
    Ok(Ctx { pack, pack_from_settings, calendar, calendar_text, switches, agency })
}

// ------------------------------------------------------------------------------------------
// Time shown to people

fn vi_time(t: DateTime<FixedOffset>) -> String {
    khien_comply::vi_datetime(t)
}

/// "còn 2 ngày 3 giờ", "còn 45 phút", "quá hạn 5 giờ".
pub(crate) fn remaining_vi(due: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let secs = (due - now).num_seconds();
    let a = secs.unsigned_abs();
    let (d, h, m) = (a / 86_400, (a % 86_400) / 3600, (a % 3600) / 60);
    let span = if d > 0 {
        format!("{d} ngày {h} giờ")
    } else if h > 0 {
        format!("{h} giờ {m} phút")
    } else {
        format!("{m} phút")
    };
    if secs >= 0 { format!("còn {span}") } else { format!("quá hạn {span}") }
}

/// `2026-12-07T09:30` from a `datetime-local` field, read as Vietnam's time; RFC 3339 with an
/// offset is read as given.
fn parse_when(field: &str, s: &str) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return n
                .and_local_timezone(vietnam())
                .single()
                .ok_or_else(|| format!("{field}: invalid time"));
        }
    }
    Err(format!(
        "{field}: expected a time such as 2026-12-07T09:30 (Vietnam time) or RFC 3339 with an offset"
    ))
}

// ------------------------------------------------------------------------------------------
// API

/// An incident to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IncidentIn {
    /// `personal_data_breach` or `cyber_incident`.
    kind: String,
    /// When it was discovered, RFC 3339 (any offset; counted in Vietnam's time).
    discovered_at: String,
    /// A short title (default: the kind).
    #[serde(default)]
    title: Option<String>,
    /// When it happened, RFC 3339.
    #[serde(default)]
    occurred_at: Option<String>,
    /// Data categories that select rules: `location`, `biometric`, `financial`, `health`, `basic`, `sensitive`.
    #[serde(default)]
    data_categories: Vec<String>,
    /// Kinds of personal data and how many values, e.g. from `khien scan` of the affected files.
    #[serde(default)]
    data_kinds: BTreeMap<String, i64>,
    /// Data subjects affected.
    #[serde(default)]
    subjects: Option<i64>,
    /// Where.
    #[serde(default)]
    place: String,
    /// What happened.
    #[serde(default)]
    description: String,
    /// Organisations or persons involved.
    #[serde(default)]
    involved: String,
    /// Likely consequences.
    #[serde(default)]
    consequences: String,
    /// Measures taken.
    #[serde(default)]
    measures: String,
}

/// One thing due.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeadlineOut {
    /// Rule id in the pack.
    rule: String,
    /// Recipient key.
    recipient: String,
    /// The recipient's name (the agency's own, or the pack's).
    recipient_name: String,
    /// Due, RFC 3339 in Vietnam's time.
    due_at: String,
    /// `deadline` or `keep_until`.
    kind: String,
    /// Title in Vietnamese.
    title_vi: String,
    /// Title in English.
    title_en: String,
    /// Legal basis.
    basis: String,
    /// `gazette-checked`, `secondary` or `verify`.
    status: String,
    /// The period as the law states it.
    period: String,
    /// The official form to draft.
    form: Option<String>,
    /// What to know about the date.
    notes: Vec<String>,
}

fn deadline_out(ctx: &Ctx, d: &Deadline) -> DeadlineOut {
    DeadlineOut {
        rule: d.rule.clone(),
        recipient: d.recipient.clone(),
        recipient_name: ctx.recipient_name(&d.recipient),
        due_at: d.due_at.to_rfc3339(),
        kind: match d.kind {
            khien_comply::RuleKind::Deadline => "deadline".into(),
            khien_comply::RuleKind::KeepUntil => "keep_until".into(),
        },
        title_vi: d.title_vi.clone(),
        title_en: d.title_en.clone(),
        basis: d.basis.clone(),
        status: d.status.as_str().into(),
        period: d.period_vi.clone(),
        form: d.form.clone(),
        notes: d.notes.clone(),
    }
}

/// The registered incident and its deadlines.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentOut {
    id: i64,
    /// Register reference, e.g. `SC-2026-0007`.
    reference: String,
    kind: String,
    /// RFC 3339, Vietnam's time.
    discovered_at: String,
    /// The rule pack used: `id version`.
    rule_pack: String,
    deadlines: Vec<DeadlineOut>,
}

fn body_error(e: axum::extract::rejection::JsonRejection) -> Response {
    json_error(StatusCode::UNPROCESSABLE_ENTITY, &format!("invalid JSON body: {e}"))
}

fn comply_error(e: ComplyError) -> Response {
    match e {
        ComplyError::Invalid(m) => json_error(StatusCode::UNPROCESSABLE_ENTITY, &m),
        ComplyError::Store(_) => {
            json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry")
        }
    }
}

/// Validates the facts against the pack (kind and categories) and builds the store's record.
fn new_incident(ctx: &Ctx, i: IncidentIn) -> Result<NewIncident, String> {
    let discovered = parse_when("discovered_at", &i.discovered_at)?;
    let occurred = i
        .occurred_at
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_when("occurred_at", s))
        .transpose()?;
    let mut probe = Incident::new(&i.kind, discovered);
    probe.data = i.data_categories.clone();
    khien_comply::incident_deadlines(&ctx.pack, &ctx.settings(), &probe)
        .map_err(|e| e.to_string())?;
    let title =
        i.title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| kind_label(&i.kind).to_string());
    Ok(NewIncident {
        kind: i.kind,
        title,
        discovered_at: discovered.timestamp(),
        occurred_at: occurred.map(|t| t.timestamp()),
        place: i.place,
        description: i.description,
        involved: i.involved,
        data_categories: i.data_categories,
        data_kinds: i.data_kinds.into_iter().collect(),
        subjects: i.subjects,
        consequences: i.consequences,
        measures: i.measures,
    })
}

/// Registers an incident and answers what is due to whom, from the rule pack in force.
#[utoipa::path(
    post,
    path = "/api/v1/incidents",
    request_body = IncidentIn,
    responses(
        (status = 201, description = "Registered; the deadlines it sets", body = IncidentOut),
        (status = 401, description = "No valid API token"),
        (status = 422, description = "A field the rule pack does not know, or out of bounds; the message names it"),
        (status = 503, description = "Database unavailable: retry")
    ),
    security(("token" = []))
)]
pub(crate) async fn api_incident(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<IncidentIn>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let input = match body {
        Ok(Json(i)) => i,
        Err(e) => return body_error(e),
    };
    let Ok(ctx) = context(&state).await else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry");
    };
    let new = match new_incident(&ctx, input) {
        Ok(n) => n,
        Err(m) => return json_error(StatusCode::UNPROCESSABLE_ENTITY, &m),
    };
    let actor = format!("token:{}", token.name);
    let id = match state.store.create_incident(&new, &actor).await {
        Ok(id) => id,
        Err(e) => return comply_error(e),
    };
    let _ = state.store.audit(&actor, "incident_recorded", &format!("{id} {}", new.kind)).await;
    let Ok(Some(row)) = state.store.incident(id).await else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry");
    };
    let out = IncidentOut {
        id,
        reference: incident_reference(&row),
        kind: row.facts.kind.clone(),
        discovered_at: at(row.facts.discovered_at).to_rfc3339(),
        rule_pack: format!("{} {}", ctx.pack.pack.id, ctx.pack.pack.version),
        deadlines: ctx.incident_deadlines(&row).iter().map(|d| deadline_out(&ctx, d)).collect(),
    };
    (StatusCode::CREATED, Json(out)).into_response()
}

/// A data-subject request to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestIn {
    /// `view`, `correct`, `provide`, `delete`, `withdraw`, `restrict`, `object` or `protection_measures`.
    #[serde(rename = "type")]
    request_type: String,
    /// When it was received, RFC 3339.
    received_at: String,
    /// A processor or third party must act (the longer period applies).
    #[serde(default)]
    with_processor: bool,
    /// The identifiers the person gave (ID number, phone, e-mail…): fingerprinted to search
    /// the inventory, never stored.
    #[serde(default)]
    identifiers: Vec<String>,
    /// A note (no identifiers).
    #[serde(default)]
    note: String,
}

/// Where the person's data may live: a file of a current scan holding one of the values.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HitOut {
    host: String,
    root: String,
    path: String,
    kind: String,
    sensitivity: String,
}

/// The registered request, its deadlines and where the person's data may live.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RequestOut {
    id: i64,
    /// Register reference, e.g. `YC-2026-0003`.
    reference: String,
    #[serde(rename = "type")]
    request_type: String,
    /// RFC 3339, Vietnam's time.
    received_at: String,
    rule_pack: String,
    deadlines: Vec<DeadlineOut>,
    /// Files of the inventory holding one of the identifiers given.
    inventory_hits: Vec<HitOut>,
}

fn fingerprints_of(identifiers: &[String]) -> Vec<String> {
    let mut fps: Vec<String> = identifiers
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(khien_scan::controls::fingerprint)
        .collect();
    fps.sort();
    fps.dedup();
    fps
}

fn hits_out(hits: Vec<FingerprintHit>) -> Vec<HitOut> {
    let mut out: Vec<HitOut> = hits
        .into_iter()
        .map(|h| HitOut {
            host: h.host,
            root: h.root,
            path: h.path,
            kind: h.kind,
            sensitivity: h.sensitivity,
        })
        .collect();
    out.sort_by(|a, b| (&a.host, &a.path, &a.kind).cmp(&(&b.host, &b.path, &b.kind)));
    out.dedup_by(|a, b| a.host == b.host && a.path == b.path && a.kind == b.kind);
    out
}

fn new_request(ctx: &Ctx, r: &RequestIn) -> Result<NewRequest, String> {
    let received = parse_when("received_at", &r.received_at)?;
    let probe = SubjectRequest {
        request_type: r.request_type.clone(),
        received_at: received,
        with_processor: r.with_processor,
        extended: false,
    };
    khien_comply::request_deadlines(&ctx.pack, &ctx.settings(), &probe)
        .map_err(|e| e.to_string())?;
    if r.identifiers.len() > 32 {
        return Err("identifiers: at most 32".into());
    }
    Ok(NewRequest {
        request_type: r.request_type.clone(),
        received_at: received.timestamp(),
        with_processor: r.with_processor,
        extended: false,
        note: r.note.clone(),
        fingerprints: fingerprints_of(&r.identifiers),
    })
}

/// Registers a data-subject request: answers its deadlines (Decree 356 Art. 5) and the files
/// of the inventory that hold one of the identifiers given, matched by fingerprint.
#[utoipa::path(
    post,
    path = "/api/v1/requests",
    request_body = RequestIn,
    responses(
        (status = 201, description = "Registered; its deadlines and inventory hits", body = RequestOut),
        (status = 401, description = "No valid API token"),
        (status = 422, description = "A field the rule pack does not know, or out of bounds; the message names it"),
        (status = 503, description = "Database unavailable: retry")
    ),
    security(("token" = []))
)]
pub(crate) async fn api_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RequestIn>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let input = match body {
        Ok(Json(i)) => i,
        Err(e) => return body_error(e),
    };
    let Ok(ctx) = context(&state).await else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry");
    };
    let new = match new_request(&ctx, &input) {
        Ok(n) => n,
        Err(m) => return json_error(StatusCode::UNPROCESSABLE_ENTITY, &m),
    };
    let actor = format!("token:{}", token.name);
    let id = match state.store.create_request(&new, &actor).await {
        Ok(id) => id,
        Err(e) => return comply_error(e),
    };
    let _ = state
        .store
        .audit(&actor, "subject_request_recorded", &format!("{id} {}", new.request_type))
        .await;
    let (Ok(Some(row)), Ok(hits)) =
        (state.store.request(id).await, state.store.fingerprint_hits(&new.fingerprints).await)
    else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry");
    };
    let out = RequestOut {
        id,
        reference: request_reference(&row),
        request_type: row.request_type.clone(),
        received_at: at(row.received_at).to_rfc3339(),
        rule_pack: format!("{} {}", ctx.pack.pack.id, ctx.pack.pack.version),
        deadlines: ctx.request_deadlines(&row).iter().map(|d| deadline_out(&ctx, d)).collect(),
        inventory_hits: hits_out(hits),
    };
    (StatusCode::CREATED, Json(out)).into_response()
}

/// The rule pack in force, its switches as the agency decided them, and the calendar's years.
#[utoipa::path(
    get,
    path = "/api/v1/compliance/rules",
    responses((status = 200, description = "The rule pack in force"), (status = 401, description = "No valid API token")),
    security(("token" = []))
)]
pub(crate) async fn api_rules(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = auth::require_token(&state, &headers).await {
        return r;
    }
    let Ok(ctx) = context(&state).await else {
        return json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry");
    };
    Json(serde_json::json!({
        "pack": ctx.pack.pack,
        "source": if ctx.pack_from_settings { "settings" } else { "embedded" },
        "rules": ctx.pack.rules,
        "switches": ctx.switches,
    }))
    .into_response()
}

// ------------------------------------------------------------------------------------------
// Pages

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "personal_data_breach" => "Vi phạm dữ liệu cá nhân (personal-data breach)",
        "cyber_incident" => "Sự cố an toàn thông tin mạng (cyber incident)",
        _ => "Sự cố (incident)",
    }
}

fn request_label(t: &str) -> &'static str {
    match t {
        "view" => "Xem dữ liệu (view)",
        "correct" => "Chỉnh sửa (correct)",
        "provide" => "Cung cấp dữ liệu (provide)",
        "delete" => "Xóa dữ liệu (delete)",
        "withdraw" => "Rút lại sự đồng ý (withdraw consent)",
        "restrict" => "Hạn chế xử lý (restrict)",
        "object" => "Phản đối xử lý (object)",
        "protection_measures" => "Áp dụng biện pháp bảo vệ (protection measures)",
        _ => "Yêu cầu (request)",
    }
}

const CATEGORY_LABELS: [(&str, &str); 6] = [
    ("location", "Dữ liệu vị trí (location)"),
    ("biometric", "Dữ liệu sinh trắc học (biometric)"),
    ("financial", "Dữ liệu tài chính, ngân hàng (financial)"),
    ("health", "Dữ liệu sức khỏe (health)"),
    ("sensitive", "Dữ liệu nhạy cảm khác (other sensitive)"),
    ("basic", "Dữ liệu cơ bản (basic)"),
];

/// One deadline row on a page.
struct Due<'a> {
    record_ref: String,
    record_link: String,
    deadline: &'a Deadline,
    done: Option<&'a khien_store::comply::DoneMark>,
}

fn due_state(d: &Due<'_>, now: DateTime<FixedOffset>) -> Markup {
    html! {
        @if let Some(m) = d.done {
            span.ok { "đã thực hiện (done) " (vi_time(at(m.done_at))) " — " (m.done_by) }
        } @else if d.deadline.kind == khien_comply::RuleKind::KeepUntil {
            span.muted { "lưu đến (keep until) " (vi_time(d.deadline.due_at)) }
        } @else if d.deadline.overdue_at(now) {
            strong.error { (remaining_vi(d.deadline.due_at, now)) }
        } @else {
            span data-due=(d.deadline.due_at.to_rfc3339()) { (remaining_vi(d.deadline.due_at, now)) }
        }
    }
}

fn deadline_table(
    ctx: &Ctx,
    rows: &[Due<'_>],
    csrf: &str,
    show_record: bool,
    now: DateTime<FixedOffset>,
) -> Markup {
    html! {
        table {
            thead { tr {
                @if show_record { th { "Hồ sơ (record)" } }
                th { "Việc phải làm (what)" } th { "Gửi cho (to)" } th { "Hạn (due, giờ Việt Nam)" } th { "Tình trạng (state)" }
                @if !show_record { th { "" } }
            } }
            tbody {
                @for d in rows {
                    tr {
                        @if show_record { td { a href=(d.record_link) { (d.record_ref) } } }
                        td {
                            (d.deadline.title_vi) br; small.muted { (d.deadline.period_vi) " — " (d.deadline.basis) " — " (d.deadline.status.as_str()) }
                            @for n in &d.deadline.notes { br; small { (n) } }
                        }
                        td { (ctx.recipient_name(&d.deadline.recipient)) }
                        td { (vi_time(d.deadline.due_at)) }
                        td { (due_state(d, now)) }
                        @if !show_record {
                            td {
                                @if d.done.is_none() && d.deadline.kind == khien_comply::RuleKind::Deadline {
                                    form method="post" action={ (d.record_link) "/done" } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        input type="hidden" name="rule" value=(d.deadline.rule);
                                        input type="hidden" name="recipient" value=(d.deadline.recipient);
                                        button type="submit" { "Đã thực hiện (mark done)" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn done_for<'a>(
    marks: &'a [(String, khien_store::comply::DoneMark)],
    record: &str,
    d: &Deadline,
) -> Option<&'a khien_store::comply::DoneMark> {
    marks
        .iter()
        .find(|(r, m)| r == record && m.rule == d.rule && m.recipient == d.recipient)
        .map(|(_, m)| m)
}

fn page(p: &Person, title: &str, body: Markup, state: &AppState) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    Html(layout(Lang::Vi, title, Some(p), &csrf, body).into_string()).into_response()
}

fn pack_line(ctx: &Ctx) -> Markup {
    html! {
        p.muted {
            "Bộ quy tắc đang áp dụng (rule pack in force): " strong { (ctx.pack.pack.id) " " (ctx.pack.pack.version) }
            ", ban hành (published) " (khien_comply::vi_date(ctx.pack.pack.published))
            @if ctx.pack_from_settings { " — nạp trong cài đặt (loaded in settings)" } @else { " — kèm theo phần mềm (shipped)" }
            ". " (ctx.pack.pack.summary_vi) "."
        }
    }
}

/// `GET /compliance`: what is due, the registers, and the forms to record.
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
    let Ok(ctx) = context(state).await else { return crate::pages::db_unavailable() };
    let Ok(folder_kinds) = state.store.folder_kinds().await else {
        return crate::pages::db_unavailable();
    };
    let folders: std::collections::BTreeSet<(String, String)> =
        folder_kinds.into_iter().map(|f| (f.host, f.root)).collect();
    let (Ok(incidents), Ok(requests), Some(clocks)) = (
        state.store.incidents().await,
        state.store.requests().await,
        all_deadlines(state, &ctx).await,
    ) else {
        return crate::pages::db_unavailable();
    };
    let now = now_vn();
    // What is due: deadlines (not keep-until dates) not met, closed requests' included as met.
    let mut open: Vec<Due<'_>> = clocks
        .iter()
        .filter(|c| c.deadline.kind == khien_comply::RuleKind::Deadline && c.done_at.is_none())
        .map(|c| Due {
            record_ref: c.reference.clone(),
            record_link: c.link.clone(),
            deadline: &c.deadline,
            done: None,
        })
        .collect();
    open.sort_by_key(|d| d.deadline.due_at);
    let overdue = open.iter().filter(|d| d.deadline.overdue_at(now)).count();
    let now_local = now.format("%Y-%m-%dT%H:%M").to_string();
    let body = html! {
        (pack_line(&ctx))
        p {
            a href="/compliance/overview" { "Báo cáo thủ trưởng (head-of-agency view)" } " · "
            a href="/compliance/systems" { "Sổ hệ thống theo cấp độ (system register)" } " · "
            a href="/compliance/activities" { "Sổ hoạt động xử lý (processing register)" } " · "
            a href="/compliance/settings" { "Cài đặt (settings)" }
        }
        @if let Some(m) = &message { p.error role="alert" { (m) } }
        h2 { "Việc đến hạn (what is due)" }
        @if open.is_empty() { p { "Không có việc nào đang chờ (nothing pending)." } }
        @else {
            p { "Đang chờ (pending): " strong { (open.len()) } " — quá hạn (overdue): " strong { (overdue) } }
            (deadline_table(&ctx, &open, &csrf, true, now))
        }
        h2 { "Sự cố và vi phạm (incidents and breaches)" }
        @if incidents.is_empty() { p.muted { "Chưa có sự cố nào (none recorded)." } }
        @else {
            table {
                thead { tr { th { "Số (ref)" } th { "Loại (kind)" } th { "Tiêu đề (title)" } th { "Phát hiện (discovered)" } th { "Khắc phục xong (remediated)" } } }
                tbody { @for i in &incidents { tr {
                    td { a href={ "/compliance/incidents/" (i.id) } { (incident_reference(i)) } }
                    td { (kind_label(&i.facts.kind)) } td { (i.facts.title) } td { (vi_time(at(i.facts.discovered_at))) }
                    td { @if let Some(t) = i.remediated_at { (vi_time(at(t))) } @else { "—" } }
                } } }
            }
        }
        h2 { "Yêu cầu của chủ thể dữ liệu (data-subject requests)" }
        @if requests.is_empty() { p.muted { "Chưa có yêu cầu nào (none recorded)." } }
        @else {
            table {
                thead { tr { th { "Số (ref)" } th { "Loại (type)" } th { "Nhận lúc (received)" } th { "Trạng thái (state)" } } }
                tbody { @for r in &requests { tr {
                    td { a href={ "/compliance/requests/" (r.id) } { (request_reference(r)) } }
                    td { (request_label(&r.request_type)) } td { (vi_time(at(r.received_at))) }
                    td { @if r.closed_at.is_some() { "đã đóng (closed)" } @else { "đang xử lý (open)" } }
                } } }
            }
        }
        h2 id="new-incident" { "Ghi nhận sự cố (record an incident)" }
        form method="post" action="/compliance/incidents" {
            input type="hidden" name="csrf" value=(csrf);
            label for="kind" { "Loại (kind)" }
            select id="kind" name="kind" {
                option value="personal_data_breach" { (kind_label("personal_data_breach")) }
                option value="cyber_incident" { (kind_label("cyber_incident")) }
            }
            label for="title" { "Tiêu đề (title)" }
            input id="title" name="title" required maxlength="300";
            label for="discovered_at" { "Phát hiện lúc (discovered at, giờ Việt Nam)" }
            input id="discovered_at" type="datetime-local" name="discovered_at" required value=(now_local);
            fieldset {
                legend { "Loại dữ liệu liên quan (data involved)" }
                @for (code, label) in CATEGORY_LABELS { label { input type="checkbox" name="data" value=(code); " " (label) } }
            }
            @if !folders.is_empty() {
                fieldset {
                    legend { "Thư mục bị ảnh hưởng, theo kiểm kê: loại và số lượng dữ liệu lấy từ kết quả quét (affected folders: kinds and counts come from their scans)" }
                    @for (h, r) in &folders { label { input type="checkbox" name="folder" value={ (h) "|" (r) }; " " (h) ": " (r) } }
                }
            }
            label for="place" { "Địa điểm, hệ thống (place, system)" }
            input id="place" name="place" maxlength="1000";
            label for="description" { "Mô tả (what happened)" }
            textarea id="description" name="description" maxlength="20000" {}
            button type="submit" { "Ghi nhận (record)" }
        }
        h2 id="new-request" { "Ghi nhận yêu cầu của chủ thể dữ liệu (record a request)" }
        form method="post" action="/compliance/requests" {
            input type="hidden" name="csrf" value=(csrf);
            label for="type" { "Loại yêu cầu (type)" }
            select id="type" name="type" {
                @for t in khien_comply::pack::REQUEST_TYPES { option value=(t) { (request_label(t)) } }
            }
            label for="received_at" { "Nhận lúc (received at, giờ Việt Nam)" }
            input id="received_at" type="datetime-local" name="received_at" required value=(now_local);
            label { input type="checkbox" name="with_processor" value="1"; " Cần bên xử lý hoặc bên thứ ba thực hiện (a processor must act)" }
            label for="identifiers" { "Số định danh, điện thoại, thư điện tử người yêu cầu cung cấp — mỗi dòng một giá trị; chỉ dùng để tìm trong kiểm kê, không lưu (identifiers, one per line: searched as fingerprints, never stored)" }
            textarea id="identifiers" name="identifiers" maxlength="4000" autocomplete="off" {}
            label for="note" { "Ghi chú, không ghi số định danh (note, no identifiers)" }
            input id="note" name="note" maxlength="5000";
            button type="submit" { "Ghi nhận (record)" }
        }
        p { a href="/compliance/settings" { "Cài đặt tuân thủ (compliance settings)" } }
    };
    let mut res = page(p, "Tuân thủ bảo vệ dữ liệu (compliance register)", body, state);
    *res.status_mut() = status;
    res
}

/// The kinds and counts of personal data in the folders ticked as affected (`folder` fields,
/// `host|root`), from their current scans.
async fn affected_kinds(
    state: &AppState,
    pairs: &[(String, String)],
) -> Option<BTreeMap<String, i64>> {
    let ticked: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k == "folder")
        .filter_map(|(_, v)| v.split_once('|'))
        .collect();
    if ticked.is_empty() {
        return Some(BTreeMap::new());
    }
    let mut out = BTreeMap::new();
    for f in state.store.folder_kinds().await.ok()? {
        if ticked.iter().any(|(h, r)| *h == f.host && *r == f.root) {
            *out.entry(f.kind).or_default() += f.findings;
        }
    }
    Some(out)
}

/// `POST /compliance/incidents`.
pub(crate) async fn create_incident(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let pairs = crate::pages::form_pairs(&raw);
    if !auth::csrf_ok(&state, Some(&p.session), crate::pages::form_field(&pairs, "csrf")) {
        return auth::csrf_failed();
    }
    let Ok(ctx) = context(&state).await else { return crate::pages::db_unavailable() };
    let input = IncidentIn {
        kind: crate::pages::form_field(&pairs, "kind").to_string(),
        discovered_at: crate::pages::form_field(&pairs, "discovered_at").to_string(),
        title: Some(crate::pages::form_field(&pairs, "title").to_string()),
        occurred_at: None,
        data_categories: pairs
            .iter()
            .filter(|(k, _)| k == "data")
            .map(|(_, v)| v.clone())
            .collect(),
        data_kinds: match affected_kinds(&state, &pairs).await {
            Some(k) => k,
            None => return crate::pages::db_unavailable(),
        },
        subjects: None,
        place: crate::pages::form_field(&pairs, "place").to_string(),
        description: crate::pages::form_field(&pairs, "description").to_string(),
        involved: String::new(),
        consequences: String::new(),
        measures: String::new(),
    };
    let new = match new_incident(&ctx, input) {
        Ok(n) => n,
        Err(m) => return index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let actor = auth::actor(&p.user);
    match state.store.create_incident(&new, &actor).await {
        Ok(id) => {
            let _ =
                state.store.audit(&actor, "incident_recorded", &format!("{id} {}", new.kind)).await;
            Redirect::to(&format!("/compliance/incidents/{id}")).into_response()
        }
        Err(ComplyError::Invalid(m)) => {
            index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// The Form 08 draft of an incident, from the register and the agency's settings.
fn breach_notice(ctx: &Ctx, row: &IncidentRow, deadlines: &[Deadline]) -> BreachNotice {
    let now = now_vn();
    let mut data: Vec<DataInvolved> = row
        .facts
        .data_kinds
        .iter()
        .map(|(k, n)| {
            let (category, sensitive) = match khien_detect::Kind::from_code(k) {
                Some(kind) => (
                    kind.legal().vi.clone(),
                    kind.legal().sensitivity == khien_detect::Sensitivity::Sensitive,
                ),
                None => (k.clone(), false),
            };
            DataInvolved { category, sensitive, count: u64::try_from(*n).ok() }
        })
        .collect();
    for c in &row.facts.data_categories {
        if let Some((_, label)) = CATEGORY_LABELS.iter().find(|(code, _)| code == c) {
            let category = label.split(" (").next().unwrap_or(label).to_string();
            if !data.iter().any(|d| d.category == category) {
                data.push(DataInvolved { category, sensitive: *c != "basic", count: None });
            }
        }
    }
    BreachNotice {
        reference: incident_reference(row),
        agency: ctx.agency.name.clone(),
        recipient: ctx.recipient_name("pdp_authority"),
        discovered_at: Some(at(row.facts.discovered_at)),
        occurred_at: row.facts.occurred_at.map(at),
        place: row.facts.place.clone(),
        act: row.facts.description.clone(),
        involved: row.facts.involved.clone(),
        data,
        subjects: row.facts.subjects.and_then(|s| u64::try_from(s).ok()),
        dpo_contact: ctx.agency.dpo_contact.clone(),
        consequences: row.facts.consequences.clone(),
        measures: row.facts.measures.clone(),
        due_at: deadlines.iter().find(|d| d.form.as_deref() == Some("form08")).map(|d| d.due_at),
        place_date: place_date_line(
            if ctx.agency.place.is_empty() { "……" } else { &ctx.agency.place },
            now,
        ),
    }
}

/// `GET /compliance/incidents/{id}`.
pub(crate) async fn incident_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let Ok(ctx) = context(&state).await else { return crate::pages::db_unavailable() };
    let row = match state.store.incident(id).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            return error_page(StatusCode::NOT_FOUND, "Không có sự cố này (no such incident).");
        }
        Err(_) => return crate::pages::db_unavailable(),
    };
    let Ok(marks) = state.store.done_marks().await else { return crate::pages::db_unavailable() };
    let deadlines = ctx.incident_deadlines(&row);
    let record = format!("incident:{id}");
    let now = now_vn();
    let rows: Vec<Due<'_>> = deadlines
        .iter()
        .map(|d| Due {
            record_ref: incident_reference(&row),
            record_link: format!("/compliance/incidents/{id}"),
            deadline: d,
            done: done_for(&marks, &record, d),
        })
        .collect();
    let notice =
        (row.facts.kind == "personal_data_breach").then(|| breach_notice(&ctx, &row, &deadlines));
    let f = &row.facts;
    let body = html! {
        (pack_line(&ctx))
        p { strong { (kind_label(&f.kind)) } " — " (f.title) }
        ul {
            li { "Phát hiện (discovered): " (vi_time(at(f.discovered_at))) }
            @if let Some(o) = f.occurred_at { li { "Xảy ra (occurred): " (vi_time(at(o))) } }
            @if !f.place.is_empty() { li { "Địa điểm (place): " (f.place) } }
            @if !f.data_categories.is_empty() { li { "Loại dữ liệu (data): " (f.data_categories.join(", ")) } }
            @if !f.data_kinds.is_empty() { li { "Theo kết quả quét (from scans): " @for (k, n) in &f.data_kinds { (crate::inventory::kind_label(k)) ": " (n) "; " } } }
            li { "Ghi nhận bởi (recorded by) " (row.created_by) " lúc " (vi_time(at(row.created_at))) }
        }
        @if !f.description.is_empty() { p { (f.description) } }
        h2 { "Thời hạn (deadlines)" }
        (deadline_table(&ctx, &rows, &csrf, false, now))
        @if row.remediated_at.is_none() {
            form method="post" action={ "/compliance/incidents/" (id) "/remediated" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="remediated_at" { "Đã khắc phục xong lúc (remediation completed at)" }
                input id="remediated_at" type="datetime-local" name="remediated_at" required value=(now.format("%Y-%m-%dT%H:%M").to_string());
                button type="submit" { "Ghi nhận (record)" }
            }
        }
        @if let Some(n) = &notice {
            h2 { "Thông báo theo Mẫu số 08 (Form 08 draft)" }
            p { a href={ "/compliance/incidents/" (id) "/form08.docx" } { "Tải bản nháp DOCX (download the DOCX draft)" } " · " a href={ "/compliance/incidents/" (id) "/form08.pdf" } { "Bản PDF để in (PDF to print)" } }
            pre { (n.text()) }
        }
    };
    page(&p, &format!("Sự cố {}", incident_reference(&row)), body, &state)
}

/// `GET /compliance/incidents/{id}/form08.docx`.
pub(crate) async fn form08(state: State<AppState>, headers: HeaderMap, id: Path<i64>) -> Response {
    form08_as(state, headers, id, false).await
}

/// `GET /compliance/incidents/{id}/form08.pdf`.
pub(crate) async fn form08_pdf(
    state: State<AppState>,
    headers: HeaderMap,
    id: Path<i64>,
) -> Response {
    form08_as(state, headers, id, true).await
}

/// A file to download, named and typed, never cached.
fn attachment(bytes: Vec<u8>, name: &str, pdf: bool) -> Response {
    let mime = if pdf {
        "application/pdf"
    } else {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    };
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{}\"", if pdf { "pdf" } else { "docx" }),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// A draft downloaded as PDF or DOCX (`file_name` without its extension), the download
/// written to the audit log as `action` with `detail` and the format.
pub(crate) async fn export(
    state: &AppState,
    who: &Person,
    draft: &impl Draft,
    pdf: bool,
    file_name: &str,
    action: &str,
    detail: &str,
) -> Response {
    let bytes = if pdf {
        match draft.pdf() {
            Ok(b) => b,
            Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        }
    } else {
        draft.docx()
    };
    let format = if pdf { "pdf" } else { "docx" };
    let _ = state.store.audit(&auth::actor(&who.user), action, &format!("{detail} {format}")).await;
    attachment(bytes, file_name, pdf)
}

async fn form08_as(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    pdf: bool,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(ctx) = context(&state).await else { return crate::pages::db_unavailable() };
    let row = match state.store.incident(id).await {
        Ok(Some(r)) if r.facts.kind == "personal_data_breach" => r,
        Ok(_) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "Không có vi phạm dữ liệu cá nhân này (no such breach).",
            );
        }
        Err(_) => return crate::pages::db_unavailable(),
    };
    let deadlines = ctx.incident_deadlines(&row);
    let notice = breach_notice(&ctx, &row, &deadlines);
    let name = format!("mau-08-{}", incident_reference(&row));
    export(&state, &p, &notice, pdf, &name, "form08_exported", &id.to_string()).await
}

/// A deadline to mark as done.
#[derive(Debug, Deserialize)]
pub(crate) struct DoneForm {
    csrf: String,
    rule: String,
    recipient: String,
}

async fn mark_done(
    state: &AppState,
    headers: &HeaderMap,
    record: String,
    back: String,
    form: DoneForm,
) -> Response {
    let p = match auth::require(state, headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    // Only a recorded incident or request can have its deadlines marked.
    let exists = match record.split_once(':') {
        Some(("incident", id)) => match id.parse() {
            Ok(id) => state.store.incident(id).await.map(|r| r.is_some()),
            Err(_) => Ok(false),
        },
        Some(("request", id)) => match id.parse() {
            Ok(id) => state.store.request(id).await.map(|r| r.is_some()),
            Err(_) => Ok(false),
        },
        _ => Ok(false),
    };
    match exists {
        Ok(true) => {}
        Ok(false) => {
            return error_page(StatusCode::NOT_FOUND, "Không có hồ sơ này (no such record).");
        }
        Err(_) => return crate::pages::db_unavailable(),
    }
    let actor = auth::actor(&p.user);
    match state.store.mark_done(&record, &form.rule, &form.recipient, &actor).await {
        Ok(()) => {
            let _ = state
                .store
                .audit(
                    &actor,
                    "deadline_done",
                    &format!("{record} {} {}", form.rule, form.recipient),
                )
                .await;
            Redirect::to(&back).into_response()
        }
        Err(ComplyError::Invalid(m)) => error_page(StatusCode::UNPROCESSABLE_ENTITY, &m),
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// `POST /compliance/incidents/{id}/done`.
pub(crate) async fn incident_done(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<DoneForm>,
) -> Response {
    mark_done(
        &state,
        &headers,
        format!("incident:{id}"),
        format!("/compliance/incidents/{id}"),
        form,
    )
    .await
}

/// `POST /compliance/requests/{id}/done`.
pub(crate) async fn request_done(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<DoneForm>,
) -> Response {
    mark_done(&state, &headers, format!("request:{id}"), format!("/compliance/requests/{id}"), form)
        .await
}

/// The remediation time.
#[derive(Debug, Deserialize)]
pub(crate) struct RemediatedForm {
    csrf: String,
    remediated_at: String,
}

/// `POST /compliance/incidents/{id}/remediated`: starts the retention clock.
pub(crate) async fn incident_remediated(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<RemediatedForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let t = match parse_when("remediated_at", &form.remediated_at) {
        Ok(t) => t,
        Err(m) => return error_page(StatusCode::UNPROCESSABLE_ENTITY, &m),
    };
    match state.store.set_incident_remediated(id, t.timestamp()).await {
        Ok(true) => {
            let _ = state
                .store
                .audit(&auth::actor(&p.user), "incident_remediated", &id.to_string())
                .await;
            Redirect::to(&format!("/compliance/incidents/{id}")).into_response()
        }
        Ok(false) => error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "remediated_at: không có sự cố này, hoặc thời điểm trước khi phát hiện (no such incident, or before discovery).",
        ),
        Err(ComplyError::Invalid(m)) => error_page(StatusCode::UNPROCESSABLE_ENTITY, &m),
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// `POST /compliance/requests`.
pub(crate) async fn create_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let pairs = crate::pages::form_pairs(&raw);
    if !auth::csrf_ok(&state, Some(&p.session), crate::pages::form_field(&pairs, "csrf")) {
        return auth::csrf_failed();
    }
    let Ok(ctx) = context(&state).await else { return crate::pages::db_unavailable() };
    let input = RequestIn {
        request_type: crate::pages::form_field(&pairs, "type").to_string(),
        received_at: crate::pages::form_field(&pairs, "received_at").to_string(),
        with_processor: crate::pages::form_field(&pairs, "with_processor") == "1",
        identifiers: crate::pages::form_field(&pairs, "identifiers")
            .lines()
            .map(str::to_string)
            .collect(),
        note: crate::pages::form_field(&pairs, "note").to_string(),
    };
    let new = match new_request(&ctx, &input) {
        Ok(n) => n,
        Err(m) => return index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let actor = auth::actor(&p.user);
    match state.store.create_request(&new, &actor).await {
        Ok(id) => {
            let _ = state
                .store
                .audit(&actor, "subject_request_recorded", &format!("{id} {}", new.request_type))
                .await;
            Redirect::to(&format!("/compliance/requests/{id}")).into_response()
        }
        Err(ComplyError::Invalid(m)) => {
            index_render(&state, &p, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// `GET /compliance/requests/{id}`: deadlines and where the person's data may live.
pub(crate) async fn request_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let Ok(ctx) = context(&state).await else { return crate::pages::db_unavailable() };
    let row = match state.store.request(id).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            return error_page(StatusCode::NOT_FOUND, "Không có yêu cầu này (no such request).");
        }
        Err(_) => return crate::pages::db_unavailable(),
    };
    let (Ok(marks), Ok(hits)) =
        (state.store.done_marks().await, state.store.fingerprint_hits(&row.fingerprints).await)
    else {
        return crate::pages::db_unavailable();
    };
    let hits = hits_out(hits);
    let deadlines = ctx.request_deadlines(&row);
    let record = format!("request:{id}");
    let now = now_vn();
    let rows: Vec<Due<'_>> = deadlines
        .iter()
        .map(|d| Due {
            record_ref: request_reference(&row),
            record_link: format!("/compliance/requests/{id}"),
            deadline: d,
            done: done_for(&marks, &record, d),
        })
        .collect();
    let body = html! {
        (pack_line(&ctx))
        ul {
            li { "Loại (type): " (request_label(&row.request_type)) }
            li { "Nhận lúc (received): " (vi_time(at(row.received_at))) }
            li { "Bên xử lý phải thực hiện (processor acts): " @if row.with_processor { "có (yes)" } @else { "không (no)" } }
            li { "Gia hạn (extended): " @if row.extended { "đã gia hạn một lần (extended once)" } @else { "chưa (no)" } }
            @if let Some(c) = row.closed_at { li { "Đã đóng (closed): " (vi_time(at(c))) } }
            @if !row.note.is_empty() { li { "Ghi chú (note): " (row.note) } }
        }
        h2 { "Thời hạn (deadlines)" }
        (deadline_table(&ctx, &rows, &csrf, false, now))
        @if row.closed_at.is_none() {
            @if !row.extended {
                form method="post" action={ "/compliance/requests/" (id) "/extend" } {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { "Đã thông báo gia hạn một lần, có lý do (extension notified)" }
                }
            }
            form method="post" action={ "/compliance/requests/" (id) "/close" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { "Đóng yêu cầu (close)" }
            }
        }
        h2 { "Nơi có thể có dữ liệu của người này (where the person's data may be)" }
        p.muted { "So khớp bằng dấu vân tay của các giá trị người yêu cầu cung cấp với kết quả kiểm kê hiện tại; giá trị không được lưu. (Matched by fingerprint against the current inventory; the values are not stored.)" }
        @if row.fingerprints.is_empty() { p { "Không có giá trị nào được cung cấp (no identifiers given)." } }
        @else if hits.is_empty() { p { "Chưa có dữ liệu trong kiểm kê (no data in the inventory) — kiểm kê chỉ biết những thư mục đã quét." } }
        @else {
            table {
                thead { tr { th { "Máy (host)" } th { "Tệp (file)" } th { "Loại (kind)" } th { "Mức (sensitivity)" } } }
                tbody { @for h in &hits { tr { td { (h.host) } td { (h.path) } td { (crate::inventory::kind_label(&h.kind)) } td { (h.sensitivity) } } } }
            }
        }
    };
    page(&p, &format!("Yêu cầu {}", request_reference(&row)), body, &state)
}

/// `POST /compliance/requests/{id}/extend` and `/close`.
async fn request_action(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    csrf: &str,
    close: bool,
) -> Response {
    let p = match auth::require(state, headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(state, Some(&p.session), csrf) {
        return auth::csrf_failed();
    }
    let done = if close {
        state.store.close_request(id).await
    } else {
        state.store.extend_request(id).await
    };
    match done {
        Ok(true) => {
            let action = if close { "subject_request_closed" } else { "subject_request_extended" };
            let _ = state.store.audit(&auth::actor(&p.user), action, &id.to_string()).await;
            Redirect::to(&format!("/compliance/requests/{id}")).into_response()
        }
        Ok(false) => error_page(
            StatusCode::NOT_FOUND,
            "Không có yêu cầu đang mở này (no such open request).",
        ),
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// The CSRF field alone.
#[derive(Debug, Deserialize)]
pub(crate) struct CsrfOnly {
    csrf: String,
}

/// `POST /compliance/requests/{id}/extend`.
pub(crate) async fn request_extend(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Response {
    request_action(&state, &headers, id, &f.csrf, false).await
}

/// `POST /compliance/requests/{id}/close`.
pub(crate) async fn request_close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Response {
    request_action(&state, &headers, id, &f.csrf, true).await
}

// ------------------------------------------------------------------------------------------
// Settings

/// `GET /compliance/settings`: officers read, administrators change.
pub(crate) async fn settings_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    settings_render(&state, &p, None, StatusCode::OK).await
}

async fn settings_render(
    state: &AppState,
    p: &Person,
    message: Option<(bool, String)>,
    status: StatusCode,
) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    let Ok(ctx) = context(state).await else { return crate::pages::db_unavailable() };
    let admin = p.user.role == Role::Administrator;
    let pack_text = match state.store.comply_setting("rule_pack").await {
        Ok(t) => t.unwrap_or_default(),
        Err(_) => return crate::pages::db_unavailable(),
    };
    let mail = mail_settings(state).await.unwrap_or_default();
    let sms = crate::simulation::sms_settings(state).await.unwrap_or_default();
    let body = html! {
        (pack_line(&ctx))
        @if let Some((ok, m)) = &message { p class=(if *ok { "ok" } else { "error" }) role="alert" { (m) } }
        @if !admin { p.muted { "Chỉ quản trị viên thay đổi được cài đặt (only administrators can change settings)." } }
        form method="post" action="/compliance/settings" {
            input type="hidden" name="csrf" value=(csrf);
            h2 { "Cơ quan (agency)" }
            label for="name" { "Tên cơ quan (name)" } input id="name" name="name" value=(ctx.agency.name) maxlength="300";
            label for="place" { "Địa danh ghi trên văn bản (place on documents)" } input id="place" name="place" value=(ctx.agency.place) maxlength="100";
            label for="sector" { "Lĩnh vực (sector: để trống, hoặc finance)" } input id="sector" name="sector" value=(ctx.agency.sector) maxlength="50";
            label for="dpo_contact" { "Bộ phận, nhân sự bảo vệ dữ liệu cá nhân và liên hệ (data-protection contact)" }
            textarea id="dpo_contact" name="dpo_contact" maxlength="2000" { (ctx.agency.dpo_contact) }
            h2 { "Nhắc hạn qua thư điện tử (reminders by e-mail)" }
            label for="reminder_to" { "Gửi nhắc hạn cho (remind, addresses)" } input id="reminder_to" name="reminder_to" value=(ctx.agency.reminder_to) maxlength="1000";
            label for="escalate_to" { "Báo khi quá hạn cho (escalate, addresses; empty: the same)" } input id="escalate_to" name="escalate_to" value=(ctx.agency.escalate_to) maxlength="1000";
            label for="remind_before_hours" { "Nhắc trước hạn (hours before)" } input id="remind_before_hours" type="number" min="1" max="720" name="remind_before_hours" value=(if ctx.agency.remind_before_hours == 0 { DEFAULT_REMIND_BEFORE_HOURS } else { ctx.agency.remind_before_hours });
            h2 { "Máy chủ thư (SMTP)" }
            label for="mail_host" { "Máy chủ (host)" } input id="mail_host" name="mail.host" value=(mail.host) maxlength="255";
            label for="mail_port" { "Cổng (port; 0: by security)" } input id="mail_port" type="number" min="0" max="65535" name="mail.port" value=(mail.port);
            label for="mail_security" { "Bảo mật (security)" }
            select id="mail_security" name="mail.security" {
                option value="starttls" selected[mail.security == crate::mail::Security::Starttls] { "STARTTLS (587)" }
                option value="tls" selected[mail.security == crate::mail::Security::Tls] { "TLS (465)" }
                option value="none" selected[mail.security == crate::mail::Security::None] { "Không mã hóa — chỉ trong mạng nội bộ (none)" }
            }
            label for="mail_username" { "Tài khoản (username)" } input id="mail_username" name="mail.username" value=(mail.username) maxlength="255" autocomplete="off";
            label for="mail_password" { "Mật khẩu (password)" @if !mail.password.is_empty() { " — đã lưu, để trống để giữ (saved; leave empty to keep)" } }
            input id="mail_password" type="password" name="mail.password" maxlength="255" autocomplete="new-password";
            label for="mail_from" { "Người gửi (from)" } input id="mail_from" name="mail.from" value=(mail.from) maxlength="255" placeholder="Khiên <khien@co-quan.gov.vn>";
            h2 { "Cổng tin nhắn (SMS gateway, for text-message simulations)" }
            label for="sms_kind" { "Loại (kind)" }
            select id="sms_kind" name="sms.kind" {
                option value="" selected[sms.kind.is_empty()] { "Không dùng (none)" }
                option value="http" selected[sms.kind == "http"] { "HTTP: POST {\"to\", \"text\"}" }
                option value="file" selected[sms.kind == "file"] { "Tệp sms-outbox.jsonl trong thư mục dữ liệu (file outbox)" }
            }
            label for="sms_url" { "Địa chỉ cổng HTTP (gateway URL)" } input id="sms_url" name="sms.url" value=(sms.url) maxlength="500";
            label for="sms_token" { "Mã truy cập (bearer token)" @if !sms.token.is_empty() { " — đã lưu, để trống để giữ (saved; leave empty to keep)" } }
            input id="sms_token" type="password" name="sms.token" maxlength="500" autocomplete="new-password";
            h2 { "Nơi nhận (recipients)" }
            @for (key, names) in &ctx.pack.recipients {
                label for={ "r_" (key) } { (names.vi) " — " small.muted { (key) } }
                input id={ "r_" (key) } name={ "recipient." (key) } value=(ctx.agency.recipients.get(key).cloned().unwrap_or_default()) maxlength="500" placeholder=(names.vi);
            }
            h2 { "Cách hiểu cần quyết định (interpretation switches)" }
            @for s in &ctx.pack.switches {
                label {
                    input type="checkbox" name={ "switch." (s.id) } value="1" checked[ctx.switches.get(&s.id).copied().unwrap_or(s.default)];
                    " " strong { (s.id) } " — mặc định (default): " (if s.default { "bật (on)" } else { "tắt (off)" })
                }
                p.muted { (s.note_vi) }
            }
            h2 { "Lịch làm việc (working calendar)" }
            p.muted { "Ngày nghỉ lễ, Tết và ngày làm bù theo quyết định hằng năm; năm chưa có trong lịch chỉ tính ngày nghỉ cuối tuần. (Holidays, Tết and make-up days; years not listed count weekends only.)" }
            textarea id="calendar" name="calendar" rows="16" maxlength="100000" { (ctx.calendar_text) }
            h2 { "Bộ quy tắc mới hơn (a newer rule pack)" }
            p.muted { "Dán nội dung tệp rule-pack.toml mới để thay bộ kèm theo phần mềm; để trống để dùng bộ kèm theo. (Paste a newer rule pack, or leave empty for the shipped one.)" }
            textarea id="rule_pack" name="rule_pack" rows="8" maxlength="200000" { (pack_text) }
            @if admin { button type="submit" { "Lưu (save)" } }
        }
        h2 { "Các quy tắc đang áp dụng (rules in force)" }
        table {
            thead { tr { th { "Mã (id)" } th { "Quy tắc" } th { "Thời hạn" } th { "Căn cứ" } th { "Hiệu lực" } th { "Mức" } } }
            tbody { @for r in &ctx.pack.rules { tr {
                td { code { (r.id) } } td { (r.title_vi) } td { (r.duration) " " (r.unit.label_vi()) }
                td { (r.basis) } td { (khien_comply::vi_date(r.effective_from)) @if let Some(t) = r.effective_to { " – " (khien_comply::vi_date(t)) } }
                td { (r.status.as_str()) }
            } } }
        }
    };
    let mut res = page(p, "Cài đặt tuân thủ (compliance settings)", body, state);
    *res.status_mut() = status;
    res
}

/// `POST /compliance/settings` (administrators): every part validated before anything is
/// saved, so a bad calendar or pack changes nothing.
pub(crate) async fn settings_save(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(raw): RawForm,
) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let pairs = crate::pages::form_pairs(&raw);
    if !auth::csrf_ok(&state, Some(&p.session), crate::pages::form_field(&pairs, "csrf")) {
        return auth::csrf_failed();
    }
    let pack_text = crate::pages::form_field(&pairs, "rule_pack").trim().to_string();
    let pack = if pack_text.is_empty() {
        RulePack::embedded()
    } else {
        match RulePack::from_toml(&pack_text) {
            Ok(p) => p,
            Err(e) => {
                return settings_render(
                    &state,
                    &p,
                    Some((false, e.to_string())),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        }
    };
    let calendar = crate::pages::form_field(&pairs, "calendar").replace("\r\n", "\n");
    if let Err(e) = WorkingCalendar::from_toml(&calendar) {
        return settings_render(
            &state,
            &p,
            Some((false, e.to_string())),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let switches: BTreeMap<String, bool> = pack
        .switches
        .iter()
        .map(|s| {
            (s.id.clone(), crate::pages::form_field(&pairs, &format!("switch.{}", s.id)) == "1")
        })
        .collect();
    let recipients: BTreeMap<String, String> = pack
        .recipients
        .keys()
        .filter_map(|k| {
            let v = crate::pages::form_field(&pairs, &format!("recipient.{k}")).trim();
            (!v.is_empty()).then(|| (k.clone(), v.to_string()))
        })
        .collect();
    let agency = Agency {
        name: crate::pages::form_field(&pairs, "name").trim().to_string(),
        place: crate::pages::form_field(&pairs, "place").trim().to_string(),
        sector: crate::pages::form_field(&pairs, "sector").trim().to_string(),
        dpo_contact: crate::pages::form_field(&pairs, "dpo_contact").trim().to_string(),
        recipients,
        reminder_to: crate::pages::form_field(&pairs, "reminder_to").trim().to_string(),
        escalate_to: crate::pages::form_field(&pairs, "escalate_to").trim().to_string(),
        remind_before_hours: crate::pages::form_field(&pairs, "remind_before_hours")
            .trim()
            .parse()
            .unwrap_or(0)
            .min(720),
    };
    let old_mail = mail_settings(&state).await.unwrap_or_default();
    let mail = crate::mail::MailSettings {
        host: crate::pages::form_field(&pairs, "mail.host").trim().to_string(),
        port: crate::pages::form_field(&pairs, "mail.port").trim().parse().unwrap_or(0),
        security: match crate::pages::form_field(&pairs, "mail.security") {
            "tls" => crate::mail::Security::Tls,
            "none" => crate::mail::Security::None,
            _ => crate::mail::Security::Starttls,
        },
        username: crate::pages::form_field(&pairs, "mail.username").trim().to_string(),
        // An empty password field keeps the saved one: it is never sent back to the page.
        password: match crate::pages::form_field(&pairs, "mail.password") {
            "" => old_mail.password,
            p => p.to_string(),
        },
        from: crate::pages::form_field(&pairs, "mail.from").trim().to_string(),
    };
    let old_sms = crate::simulation::sms_settings(&state).await.unwrap_or_default();
    let sms = crate::sms::SmsSettings {
        kind: crate::pages::form_field(&pairs, "sms.kind").trim().to_string(),
        url: crate::pages::form_field(&pairs, "sms.url").trim().to_string(),
        // As for the mail password: empty keeps the saved token.
        token: match crate::pages::form_field(&pairs, "sms.token") {
            "" => old_sms.token,
            t => t.to_string(),
        },
    };
    if let Err(m) = sms.validate() {
        return settings_render(&state, &p, Some((false, m)), StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let checks = mail
        .validate()
        .and_then(|()| crate::mail::addresses("reminder_to", &agency.reminder_to).map(drop))
        .and_then(|()| crate::mail::addresses("escalate_to", &agency.escalate_to).map(drop));
    if let Err(m) = checks {
        return settings_render(&state, &p, Some((false, m)), StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let actor = auth::actor(&p.user);
    let store = &state.store;
    let agency_json = serde_json::to_string(&agency).unwrap_or_default();
    let switches_json = serde_json::to_string(&switches).unwrap_or_default();
    let mail_json = serde_json::to_string(&mail).unwrap_or_default();
    let sms_json = serde_json::to_string(&sms).unwrap_or_default();
    let saved = async {
        store.set_comply_setting("mail", &mail_json, &actor).await?;
        store.set_comply_setting("sms", &sms_json, &actor).await?;
        store.set_comply_setting("agency", &agency_json, &actor).await?;
        store.set_comply_setting("switches", &switches_json, &actor).await?;
        store.set_comply_setting("calendar", &calendar, &actor).await?;
        store.set_comply_setting("rule_pack", &pack_text, &actor).await
    }
    .await;
    match saved {
        Ok(()) => {
            let _ = store
                .audit(
                    &actor,
                    "compliance_settings_saved",
                    &format!("{} {}", pack.pack.id, pack.pack.version),
                )
                .await;
            settings_render(&state, &p, Some((true, "Đã lưu (saved).".into())), StatusCode::OK)
                .await
        }
        Err(ComplyError::Invalid(m)) => {
            settings_render(&state, &p, Some((false, m)), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// One deadline of a register record, with what it takes to show it anywhere.
pub(crate) struct Clock {
    /// The record's key for done marks and reminders (`incident:7`, `request:3`).
    pub(crate) record: String,
    /// The record's reference (`SC-2026-0003`, `YC-2026-0001`).
    pub(crate) reference: String,
    /// The record's page.
    pub(crate) link: String,
    /// Who answers for it (who recorded it).
    pub(crate) responsible: String,
    /// The deadline.
    pub(crate) deadline: Deadline,
    /// When it was met: marked done, or the request closed.
    pub(crate) done_at: Option<i64>,
}

/// Every deadline of every incident and request, with when it was met.
pub(crate) async fn all_deadlines(state: &AppState, ctx: &Ctx) -> Option<Vec<Clock>> {
    let incidents = state.store.incidents().await.ok()?;
    let requests = state.store.requests().await.ok()?;
    let marks = state.store.done_marks().await.ok()?;
    let mut out = vec![];
    for i in &incidents {
        let record = format!("incident:{}", i.id);
        for d in ctx.incident_deadlines(i) {
            let done_at = done_for(&marks, &record, &d).map(|m| m.done_at);
            out.push(Clock {
                record: record.clone(),
                reference: incident_reference(i),
                link: format!("/compliance/incidents/{}", i.id),
                responsible: i.created_by.clone(),
                deadline: d,
                done_at,
            });
        }
    }
    for r in &requests {
        let record = format!("request:{}", r.id);
        for d in ctx.request_deadlines(r) {
            let done_at = done_for(&marks, &record, &d).map(|m| m.done_at).or(r.closed_at);
            out.push(Clock {
                record: record.clone(),
                reference: request_reference(r),
                link: format!("/compliance/requests/{}", r.id),
                responsible: r.created_by.clone(),
                deadline: d,
                done_at,
            });
        }
    }
    Some(out)
}

/// The agency's SMTP settings, if saved.
pub(crate) async fn mail_settings(state: &AppState) -> Option<crate::mail::MailSettings> {
    let text = state.store.comply_setting("mail").await.ok()??;
    serde_json::from_str(&text).ok()
}

/// One round of reminders: for every deadline not yet met, a mail to `reminder_to` when it is
/// within the agency's notice period, and one to `escalate_to` once it is missed. Each
/// (deadline, stage) is claimed in the database before its mail goes out, so two rounds (or
/// two servers on one PostgreSQL) never send it twice; a failed send releases the claim and
/// is written to the audit log. Returns how many mails were sent.
pub(crate) async fn remind(state: &AppState) -> usize {
    let Ok(ctx) = context(state).await else { return 0 };
    let Some(mail) = mail_settings(state).await.filter(|m| m.configured()) else { return 0 };
    let before = crate::mail::addresses("reminder_to", &ctx.agency.reminder_to).unwrap_or_default();
    let escalate = match crate::mail::addresses("escalate_to", &ctx.agency.escalate_to) {
        Ok(v) if !v.is_empty() => v,
        _ => before.clone(),
    };
    if before.is_empty() && escalate.is_empty() {
        return 0;
    }
    let Some(mut clocks) = all_deadlines(state, &ctx).await else { return 0 };
    let Some(activities) = crate::registers::activity_clocks(state, &ctx).await else { return 0 };
    clocks.extend(activities);
    let hours = match ctx.agency.remind_before_hours {
        0 => DEFAULT_REMIND_BEFORE_HOURS,
        h => h,
    };
    let now = now_vn();
    let mut sent = 0;
    for c in clocks
        .iter()
        .filter(|c| c.deadline.kind == khien_comply::RuleKind::Deadline && c.done_at.is_none())
    {
        let d = &c.deadline;
        let (stage, to) = if d.overdue_at(now) {
            ("overdue", &escalate)
        } else if d.due_at - now <= chrono::Duration::hours(i64::from(hours)) {
            ("before", &before)
        } else {
            continue;
        };
        if to.is_empty() {
            continue;
        }
        let record = &c.record;
        if !state.store.claim_reminder(record, &d.rule, &d.recipient, stage).await.unwrap_or(false)
        {
            continue;
        }
        let subject = if stage == "overdue" {
            format!("[Khiên] QUÁ HẠN: {} — {}", c.reference, d.title_vi)
        } else {
            format!("[Khiên] Sắp đến hạn: {} — {}", c.reference, d.title_vi)
        };
        let body = format!(
            "Khiên nhắc hạn tuân thủ bảo vệ dữ liệu cá nhân.\n\n\
             Hồ sơ: {}\nViệc phải làm: {}\nGửi cho: {}\nHạn: {} ({})\nCăn cứ: {}\n\n\
             Mở hồ sơ trên Khiên: {}\n\n\
             Thư này chỉ nêu số hồ sơ và thời hạn, không chứa dữ liệu cá nhân.\n",
            c.reference,
            d.title_vi,
            ctx.recipient_name(&d.recipient),
            vi_time(d.due_at),
            remaining_vi(d.due_at, now),
            d.basis,
            c.link,
        );
        match crate::mail::send(&mail, to, &subject, &body).await {
            Ok(()) => {
                sent += 1;
                let _ = state
                    .store
                    .audit("system", "reminder_sent", &format!("{record} {} {stage}", d.rule))
                    .await;
            }
            Err(e) => {
                let _ = state.store.release_reminder(record, &d.rule, &d.recipient, stage).await;
                let _ = state
                    .store
                    .audit(
                        "system",
                        "reminder_failed",
                        &format!("{record} {} {stage}: {e}", d.rule),
                    )
                    .await;
            }
        }
    }
    sent
}

/// Overdue and pending deadlines, for the dashboard: `(pending, overdue)`.
pub(crate) async fn due_counts(state: &AppState) -> Option<(usize, usize)> {
    let ctx = context(state).await.ok()?;
    let now = now_vn();
    let open: Vec<Clock> = all_deadlines(state, &ctx)
        .await?
        .into_iter()
        .filter(|c| c.deadline.kind == khien_comply::RuleKind::Deadline && c.done_at.is_none())
        .collect();
    Some((open.len(), open.iter().filter(|c| c.deadline.overdue_at(now)).count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn remaining_time_reads_as_a_person_says_it() {
        let now = t("2026-12-07T09:00:00+07:00");
        assert_eq!(remaining_vi(t("2026-12-09T12:30:00+07:00"), now), "còn 2 ngày 3 giờ");
        assert_eq!(remaining_vi(t("2026-12-07T11:15:00+07:00"), now), "còn 2 giờ 15 phút");
        assert_eq!(remaining_vi(t("2026-12-07T09:45:00+07:00"), now), "còn 45 phút");
        assert_eq!(remaining_vi(t("2026-12-07T04:00:00+07:00"), now), "quá hạn 5 giờ 0 phút");
    }

    #[test]
    fn form_times_are_vietnam_time_and_rfc3339_keeps_its_offset() {
        assert_eq!(parse_when("x", "2026-12-07T09:30").unwrap(), t("2026-12-07T09:30:00+07:00"));
        assert_eq!(
            parse_when("x", "2026-12-07T02:30:00Z").unwrap(),
            t("2026-12-07T09:30:00+07:00")
        );
        let e = parse_when("discovered_at", "hôm qua").unwrap_err();
        assert!(e.starts_with("discovered_at: "), "{e}");
    }

    #[test]
    fn identifiers_become_fingerprints_without_separators_or_duplicates() {
        let fps = fingerprints_of(&[
            "0912 345 678".into(),
            "0912345678".into(),
            " ".into(),
            "001099012345".into(),
        ]);
        assert_eq!(fps.len(), 2);
        assert!(fps.iter().all(|f| khien_store::comply::valid_fingerprint(f)));
        assert!(fps.contains(&khien_scan::controls::fingerprint("0912345678")));
    }
}
