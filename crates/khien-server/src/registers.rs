//! The system register (security levels) and the processing register pages, the
//! impact-assessment dossiers pre-filled from them, and the head-of-agency view that puts the
//! whole compliance picture on one printable page.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate};
use khien_comply::form::{Assessment, DataInvolved, ImpactAssessment, place_date_line};
use khien_comply::{Deadline, RuleKind, vi_date, vietnam};
use khien_store::Role;
use khien_store::comply::ComplyError;
use khien_store::registers::{Activity, DOSSIER_STATES, FolderKind, InfoSystem, PLAN_STATES};
use maud::{Markup, html};

use crate::AppState;
use crate::auth::{self, Person};
use crate::comply::{Ctx, context};
use crate::pages::{Lang, error_page, layout};

const OFFICERS: [Role; 2] = [Role::Officer, Role::Administrator];

fn at(t: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&vietnam())
}

fn date_of(t: i64) -> NaiveDate {
    at(t).date_naive()
}

/// A `type="date"` field: 00:00 of that day in Vietnam, as Unix seconds; empty is `None`.
fn parse_date(field: &str, s: &str) -> Result<Option<i64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{field}: a date such as 2026-07-01"))?;
    let t = d
        .and_hms_opt(0, 0, 0)
        .and_then(|n| n.and_local_timezone(vietnam()).single())
        .ok_or_else(|| format!("{field}: invalid date"))?;
    Ok(Some(t.timestamp()))
}

fn date_value(t: Option<i64>) -> String {
    t.map(|t| date_of(t).format("%Y-%m-%d").to_string()).unwrap_or_default()
}

fn show_date(t: Option<i64>) -> String {
    t.map(|t| vi_date(date_of(t))).unwrap_or_else(|| "—".into())
}

fn page(state: &AppState, p: &Person, title: &str, body: Markup, status: StatusCode) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    (status, Html(layout(Lang::Vi, title, Some(p), &csrf, body).into_string())).into_response()
}

fn dossier_label(s: &str) -> &'static str {
    match s {
        "drafting" => "đang lập (drafting)",
        "submitted" => "đã trình (submitted)",
        "approved" => "đã phê duyệt (approved)",
        _ => "chưa có (none)",
    }
}

fn plan_label(s: &str) -> &'static str {
    match s {
        "partial" => "triển khai một phần (partial)",
        "deployed" => "đã triển khai (deployed)",
        _ => "chưa triển khai (none)",
    }
}

/// An item of a register past its date: what, since when, who answers for it.
pub(crate) struct Overdue {
    what: String,
    since: NaiveDate,
    responsible: String,
    link: String,
}

fn system_overdue(ctx: &Ctx, s: &InfoSystem, today: NaiveDate) -> Vec<Overdue> {
    let mut out = vec![];
    let who = if s.responsible.is_empty() { s.owner.clone() } else { s.responsible.clone() };
    let link = format!("/compliance/systems/{}", s.id);
    if s.dossier_status != "approved"
        && let Some(t) = ctx.pack().target("levels.dossier.approved")
        && today > t.due
    {
        out.push(Overdue {
            what: format!("{}: {}", s.name, t.title_vi),
            since: t.due,
            responsible: who.clone(),
            link: link.clone(),
        });
    }
    if s.protection_plan != "deployed"
        && let Some(t) = ctx.pack().target("levels.plan.deployed")
        && today > t.due
    {
        out.push(Overdue {
            what: format!("{}: {}", s.name, t.title_vi),
            since: t.due,
            responsible: who.clone(),
            link: link.clone(),
        });
    }
    if let Some(r) = s.next_review
        && today > date_of(r)
    {
        out.push(Overdue {
            what: format!("{}: xác định lại cấp độ (level review)", s.name),
            since: date_of(r),
            responsible: who,
            link,
        });
    }
    out
}

/// The impact-assessment clocks of an activity: filing (until filed), the periodic update,
/// the update after a listed change (until a newer filing), the transfer filing.
fn activity_deadlines(ctx: &Ctx, a: &Activity) -> Vec<Deadline> {
    let settings = ctx.settings();
    let mut out = vec![];
    let mut add = |event: &str, t: i64| {
        out.extend(
            khien_comply::event_deadlines(ctx.pack(), &settings, event, at(t)).unwrap_or_default(),
        );
    };
    match (a.started_at, a.dpia_filed_at) {
        (Some(s), None) => add("processing_started", s),
        (_, Some(f)) => add("dpia_filed", f),
        _ => {}
    }
    if let Some(c) = a.changed_at
        && a.dpia_filed_at.is_none_or(|f| c > f)
    {
        add("dpia_change", c);
    }
    if let (Some(t), None) = (a.transfer_started_at, a.crossborder_filed_at) {
        add("transfer_started", t);
    }
    out
}

/// The impact-assessment deadlines of every activity as clocks for the reminders (the
/// periodic update is a standing reminder, not a filing due, and is left out).
pub(crate) async fn activity_clocks(
    state: &AppState,
    ctx: &Ctx,
) -> Option<Vec<crate::comply::Clock>> {
    let activities = state.store.activities().await.ok()?;
    Some(
        activities
            .iter()
            .flat_map(|a| {
                activity_deadlines(ctx, a)
                    .into_iter()
                    .filter(|d| d.rule != "pdp.dpia.update.periodic")
                    .map(move |d| crate::comply::Clock {
                        record: format!("activity:{}", a.id),
                        reference: activity_ref(a),
                        link: format!("/compliance/activities/{}", a.id),
                        responsible: a.responsible.clone(),
                        deadline: d,
                        done_at: None,
                    })
            })
            .collect(),
    )
}

fn activity_overdue(ctx: &Ctx, a: &Activity, now: DateTime<FixedOffset>) -> Vec<Overdue> {
    let mut out: Vec<Overdue> = activity_deadlines(ctx, a)
        .into_iter()
        // The periodic update is a reminder of what to do on a change, not a filing due.
        .filter(|d| {
            d.kind == RuleKind::Deadline
                && d.rule != "pdp.dpia.update.periodic"
                && d.overdue_at(now)
        })
        .map(|d| Overdue {
            what: format!("{}: {}", a.name, d.title_vi),
            since: d.due_at.date_naive(),
            responsible: a.responsible.clone(),
            link: format!("/compliance/activities/{}", a.id),
        })
        .collect();
    if a.confirmed_at.is_none() {
        out.push(Overdue {
            what: format!(
                "{}: xác nhận loại dữ liệu theo kết quả quét (confirm the kinds of data)",
                a.name
            ),
            since: date_of(a.updated_at),
            responsible: a.responsible.clone(),
            link: format!("/compliance/activities/{}", a.id),
        });
    }
    out
}

fn overdue_table(items: &[Overdue]) -> Markup {
    html! {
        @if items.is_empty() { p { "Không có việc quá hạn (nothing overdue)." } }
        @else {
            table {
                thead { tr { th { "Việc (item)" } th { "Quá hạn từ (since)" } th { "Người chịu trách nhiệm (responsible)" } } }
                tbody { @for o in items { tr {
                    td { a href=(o.link) { (o.what) } } td { (vi_date(o.since)) }
                    td { @if o.responsible.is_empty() { em { "chưa giao (unassigned)" } } @else { (o.responsible) } }
                } } }
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// System register

fn system_form(s: &InfoSystem, csrf: &str) -> Markup {
    html! {
        form method="post" action="/compliance/systems" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="id" value=(s.id);
            label for="name" { "Tên hệ thống (name)" } input id="name" name="name" required maxlength="300" value=(s.name);
            label for="owner" { "Chủ quản (owner)" } input id="owner" name="owner" required maxlength="300" value=(s.owner);
            label for="responsible" { "Người chịu trách nhiệm (responsible person)" } input id="responsible" name="responsible" maxlength="300" value=(s.responsible);
            label for="operator" { "Đơn vị vận hành (operator)" } input id="operator" name="operator" maxlength="300" value=(s.operator);
            label for="level" { "Cấp độ (level)" }
            select id="level" name="level" {
                option value="" selected[s.level.is_none()] { "chưa xác định (not determined)" }
                @for l in 1..=5i64 { option value=(l) selected[s.level == Some(l)] { "Cấp độ " (l) } }
            }
            label for="dossier_status" { "Hồ sơ đề xuất cấp độ (level dossier)" }
            select id="dossier_status" name="dossier_status" {
                @for st in DOSSIER_STATES { option value=(st) selected[s.dossier_status == st] { (dossier_label(st)) } }
            }
            label for="approved_at" { "Ngày phê duyệt (approved on)" } input id="approved_at" type="date" name="approved_at" value=(date_value(s.approved_at));
            label for="protection_plan" { "Phương án bảo đảm an toàn (protection plan)" }
            select id="protection_plan" name="protection_plan" {
                @for st in PLAN_STATES { option value=(st) selected[s.protection_plan == st] { (plan_label(st)) } }
            }
            label for="next_review" { "Rà soát lại cấp độ trước ngày (next review)" } input id="next_review" type="date" name="next_review" value=(date_value(s.next_review));
            label for="notes" { "Ghi chú (notes)" } textarea id="notes" name="notes" maxlength="5000" { (s.notes) }
            button type="submit" { "Lưu (save)" }
        }
    }
}

/// `GET /compliance/systems`.
pub(crate) async fn systems_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    systems_render(&state, &p, &InfoSystem::default(), None, StatusCode::OK).await
}

async fn systems_render(
    state: &AppState,
    p: &Person,
    draft: &InfoSystem,
    message: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    let (Ok(ctx), Ok(systems)) = (context(state).await, state.store.systems().await) else {
        return crate::pages::db_unavailable();
    };
    let today = crate::comply::now_vn().date_naive();
    let overdue: Vec<Overdue> =
        systems.iter().flat_map(|s| system_overdue(&ctx, s, today)).collect();
    let body = html! {
        p.muted { "Nghị định 85/2016/NĐ-CP, Thông tư 12/2022/TT-BTTTT, Chỉ thị 09/CT-TTg: mọi hệ thống đang vận hành phải được xác định cấp độ, phê duyệt hồ sơ và triển khai phương án bảo vệ." }
        @if let Some(m) = &message { p.error role="alert" { (m) } }
        table {
            thead { tr { th { "Hệ thống" } th { "Chủ quản" } th { "Người chịu trách nhiệm" } th { "Cấp độ" } th { "Hồ sơ" } th { "Phương án" } th { "Rà soát" } } }
            tbody { @for s in &systems { tr {
                td { a href={ "/compliance/systems/" (s.id) } { (s.name) } } td { (s.owner) } td { (s.responsible) }
                td { @if let Some(l) = s.level { (l) } @else { "—" } }
                td { (dossier_label(&s.dossier_status)) @if let Some(a) = s.approved_at { " " (show_date(Some(a))) } }
                td { (plan_label(&s.protection_plan)) } td { (show_date(s.next_review)) }
            } } }
        }
        h2 { "Quá hạn (overdue)" }
        (overdue_table(&overdue))
        h2 { @if draft.id == 0 { "Thêm hệ thống (add a system)" } @else { "Sửa (edit)" } }
        (system_form(draft, &csrf))
    };
    page(state, p, "Sổ hệ thống thông tin theo cấp độ (system register)", body, status)
}

/// `GET /compliance/systems/{id}`: the edit form.
pub(crate) async fn system_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(systems) = state.store.systems().await else { return crate::pages::db_unavailable() };
    match systems.into_iter().find(|s| s.id == id) {
        Some(s) => systems_render(&state, &p, &s, None, StatusCode::OK).await,
        None => error_page(StatusCode::NOT_FOUND, "Không có hệ thống này (no such system)."),
    }
}

/// `POST /compliance/systems`: add or update.
pub(crate) async fn system_save(
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
    let mut s = InfoSystem {
        id: crate::pages::form_field(&f, "id").parse().unwrap_or(0),
        name: crate::pages::form_field(&f, "name").to_string(),
        owner: crate::pages::form_field(&f, "owner").to_string(),
        responsible: crate::pages::form_field(&f, "responsible").to_string(),
        operator: crate::pages::form_field(&f, "operator").to_string(),
        level: crate::pages::form_field(&f, "level").parse().ok(),
        dossier_status: crate::pages::form_field(&f, "dossier_status").to_string(),
        protection_plan: crate::pages::form_field(&f, "protection_plan").to_string(),
        notes: crate::pages::form_field(&f, "notes").to_string(),
        ..InfoSystem::default()
    };
    let dates =
        parse_date("approved_at", crate::pages::form_field(&f, "approved_at")).and_then(|a| {
            Ok((a, parse_date("next_review", crate::pages::form_field(&f, "next_review"))?))
        });
    match dates {
        Ok((a, n)) => {
            s.approved_at = a;
            s.next_review = n;
        }
        Err(m) => {
            return systems_render(&state, &p, &s, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    }
    let actor = auth::actor(&p.user);
    match state.store.save_system(&s, &actor).await {
        Ok(id) => {
            let _ = state.store.audit(&actor, "system_saved", &format!("{id} {}", s.name)).await;
            Redirect::to("/compliance/systems").into_response()
        }
        Err(ComplyError::Invalid(m)) => {
            systems_render(&state, &p, &s, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

// ------------------------------------------------------------------------------------------
// Processing register

fn kind_name(code: &str) -> (String, bool) {
    match khien_detect::Kind::from_code(code) {
        Some(k) => {
            (k.legal().vi.clone(), k.legal().sensitivity == khien_detect::Sensitivity::Sensitive)
        }
        None => (code.to_string(), false),
    }
}

fn activity_ref(a: &Activity) -> String {
    format!("XL-{:04}", a.id)
}

/// The kinds the inventory suggests for an activity: those found in its folders.
fn suggested(a: &Activity, folders: &[FolderKind]) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for f in folders.iter().filter(|f| a.sources.iter().any(|(h, r)| *h == f.host && *r == f.root))
    {
        *out.entry(f.kind.clone()).or_default() += f.findings;
    }
    out
}

fn activity_form(
    a: &Activity,
    systems: &[InfoSystem],
    folders: &[FolderKind],
    csrf: &str,
) -> Markup {
    let roots: BTreeSet<(&str, &str)> =
        folders.iter().map(|f| (f.host.as_str(), f.root.as_str())).collect();
    html! {
        form method="post" action="/compliance/activities" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="id" value=(a.id);
            label for="name" { "Hoạt động xử lý (activity)" } input id="name" name="name" required maxlength="300" value=(a.name);
            label for="system_id" { "Hệ thống thông tin (system)" }
            select id="system_id" name="system_id" {
                option value="" { "—" }
                @for s in systems { option value=(s.id) selected[a.system_id == Some(s.id)] { (s.name) } }
            }
            label for="responsible" { "Người chịu trách nhiệm (responsible)" } input id="responsible" name="responsible" maxlength="300" value=(a.responsible);
            label for="purpose" { "Mục đích (purpose)" } textarea id="purpose" name="purpose" maxlength="5000" { (a.purpose) }
            label for="data_subjects" { "Chủ thể dữ liệu (data subjects)" } input id="data_subjects" name="data_subjects" maxlength="2000" value=(a.data_subjects);
            label for="recipients" { "Bên nhận (recipients)" } input id="recipients" name="recipients" maxlength="2000" value=(a.recipients);
            label for="cross_border" { "Chuyển ra nước ngoài: tới đâu (transfer abroad: where; empty if none)" } input id="cross_border" name="cross_border" maxlength="1000" value=(a.cross_border);
            label for="retention" { "Thời hạn lưu trữ, xóa (retention)" } input id="retention" name="retention" maxlength="1000" value=(a.retention);
            fieldset {
                legend { "Thư mục chứa dữ liệu, theo kiểm kê (folders holding its data)" }
                @if roots.is_empty() { p.muted { "Chưa có kết quả quét nào (no scans yet)." } }
                @for (h, r) in &roots {
                    label { input type="checkbox" name="source" value={ (h) "|" (r) } checked[a.sources.iter().any(|(sh, sr)| sh == h && sr == r)]; " " (h) ": " (r) }
                }
            }
            label for="started_at" { "Bắt đầu xử lý (processing started)" } input id="started_at" type="date" name="started_at" value=(date_value(a.started_at));
            label for="dpia_filed_at" { "Đã gửi hồ sơ đánh giá tác động (impact assessment filed)" } input id="dpia_filed_at" type="date" name="dpia_filed_at" value=(date_value(a.dpia_filed_at));
            label for="changed_at" { "Thay đổi phải cập nhật hồ sơ (a listed change happened)" } input id="changed_at" type="date" name="changed_at" value=(date_value(a.changed_at));
            label for="transfer_started_at" { "Bắt đầu chuyển ra nước ngoài (first transfer abroad)" } input id="transfer_started_at" type="date" name="transfer_started_at" value=(date_value(a.transfer_started_at));
            label for="crossborder_filed_at" { "Đã gửi hồ sơ chuyển ra nước ngoài (transfer assessment filed)" } input id="crossborder_filed_at" type="date" name="crossborder_filed_at" value=(date_value(a.crossborder_filed_at));
            button type="submit" { "Lưu (save)" }
        }
    }
}

/// `GET /compliance/activities`.
pub(crate) async fn activities_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    activities_render(&state, &p, &Activity::default(), None, StatusCode::OK).await
}

async fn activities_render(
    state: &AppState,
    p: &Person,
    draft: &Activity,
    message: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = auth::csrf_token(state, &p.session);
    let (Ok(ctx), Ok(activities), Ok(systems), Ok(folders)) = (
        context(state).await,
        state.store.activities().await,
        state.store.systems().await,
        state.store.folder_kinds().await,
    ) else {
        return crate::pages::db_unavailable();
    };
    let now = crate::comply::now_vn();
    let body = html! {
        p.muted { "Luật 91/2025/QH15: mỗi hoạt động xử lý ghi rõ mục đích, loại dữ liệu, chủ thể, bên nhận, chuyển ra nước ngoài và thời hạn lưu trữ. Loại dữ liệu được gợi ý từ kết quả quét các thư mục của hoạt động; cán bộ xác nhận hoặc sửa." }
        @if let Some(m) = &message { p.error role="alert" { (m) } }
        table {
            thead { tr { th { "Số" } th { "Hoạt động" } th { "Loại dữ liệu" } th { "Xác nhận" } th { "Ra nước ngoài" } th { "Hạn kế tiếp (next due)" } } }
            tbody { @for a in &activities {
                @let next = activity_deadlines(&ctx, a).into_iter().filter(|d| d.kind == RuleKind::Deadline).min_by_key(|d| d.due_at);
                tr {
                    td { a href={ "/compliance/activities/" (a.id) } { (activity_ref(a)) } } td { (a.name) }
                    td { (a.categories.iter().map(|c| kind_name(c).0).collect::<Vec<_>>().join(", ")) }
                    td { @if a.confirmed_at.is_some() { (a.confirmed_by) } @else { strong { "chưa (not yet)" } } }
                    td { @if a.cross_border.is_empty() { "không (no)" } @else { (a.cross_border) } }
                    td { @if let Some(d) = next { (d.title_vi) ": " (khien_comply::vi_datetime(d.due_at)) @if d.overdue_at(now) { " " strong.error { "quá hạn (overdue)" } } } @else { "—" } }
                }
            } }
        }
        h2 { @if draft.id == 0 { "Thêm hoạt động xử lý (add an activity)" } @else { "Sửa (edit)" } }
        (activity_form(draft, &systems, &folders, &csrf))
    };
    page(state, p, "Sổ hoạt động xử lý dữ liệu cá nhân (processing register)", body, status)
}

fn activity_from_form(f: &[(String, String)]) -> Result<Activity, Box<(Activity, String)>> {
    let mut a = Activity {
        id: crate::pages::form_field(f, "id").parse().unwrap_or(0),
        name: crate::pages::form_field(f, "name").to_string(),
        system_id: crate::pages::form_field(f, "system_id").parse().ok(),
        responsible: crate::pages::form_field(f, "responsible").to_string(),
        purpose: crate::pages::form_field(f, "purpose").to_string(),
        data_subjects: crate::pages::form_field(f, "data_subjects").to_string(),
        recipients: crate::pages::form_field(f, "recipients").to_string(),
        cross_border: crate::pages::form_field(f, "cross_border").to_string(),
        retention: crate::pages::form_field(f, "retention").to_string(),
        sources: f
            .iter()
            .filter(|(k, _)| k == "source")
            .filter_map(|(_, v)| v.split_once('|').map(|(h, r)| (h.to_string(), r.to_string())))
            .collect(),
        ..Activity::default()
    };
    let dates = (|| -> Result<_, String> {
        Ok([
            parse_date("started_at", crate::pages::form_field(f, "started_at"))?,
            parse_date("dpia_filed_at", crate::pages::form_field(f, "dpia_filed_at"))?,
            parse_date("changed_at", crate::pages::form_field(f, "changed_at"))?,
            parse_date("transfer_started_at", crate::pages::form_field(f, "transfer_started_at"))?,
            parse_date(
                "crossborder_filed_at",
                crate::pages::form_field(f, "crossborder_filed_at"),
            )?,
        ])
    })();
    match dates {
        Ok([s, d, c, t, x]) => {
            (
                a.started_at,
                a.dpia_filed_at,
                a.changed_at,
                a.transfer_started_at,
                a.crossborder_filed_at,
            ) = (s, d, c, t, x);
            Ok(a)
        }
        Err(m) => Err(Box::new((a, m))),
    }
}

/// `POST /compliance/activities`: add or update (keeps the confirmed kinds of an existing one).
pub(crate) async fn activity_save(
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
    let mut a = match activity_from_form(&f) {
        Ok(a) => a,
        Err(e) => {
            let (a, m) = *e;
            return activities_render(&state, &p, &a, Some(m), StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    if a.id != 0 {
        match state.store.activity(a.id).await {
            Ok(Some(old)) => a.categories = old.categories,
            Ok(None) => {
                return error_page(
                    StatusCode::NOT_FOUND,
                    "Không có hoạt động này (no such activity).",
                );
            }
            Err(_) => return crate::pages::db_unavailable(),
        }
    }
    let actor = auth::actor(&p.user);
    match state.store.save_activity(&a, &actor).await {
        Ok(id) => {
            let _ = state.store.audit(&actor, "activity_saved", &format!("{id} {}", a.name)).await;
            Redirect::to(&format!("/compliance/activities/{id}")).into_response()
        }
        Err(ComplyError::Invalid(m)) => {
            activities_render(&state, &p, &a, Some(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(_) => crate::pages::db_unavailable(),
    }
}

/// `GET /compliance/activities/{id}`: the record, what the scans suggest, the clocks, the
/// dossiers.
pub(crate) async fn activity_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let (Ok(ctx), Ok(a), Ok(systems), Ok(folders)) = (
        context(&state).await,
        state.store.activity(id).await,
        state.store.systems().await,
        state.store.folder_kinds().await,
    ) else {
        return crate::pages::db_unavailable();
    };
    let Some(a) = a else {
        return error_page(StatusCode::NOT_FOUND, "Không có hoạt động này (no such activity).");
    };
    let suggestion = suggested(&a, &folders);
    let recorded: BTreeSet<&str> = a.categories.iter().map(String::as_str).collect();
    let all: BTreeSet<&str> =
        recorded.iter().copied().chain(suggestion.keys().map(String::as_str)).collect();
    let now = crate::comply::now_vn();
    let deadlines = activity_deadlines(&ctx, &a);
    let body = html! {
        h2 { "Loại dữ liệu: gợi ý từ kiểm kê và xác nhận (kinds of data: suggested by scans, confirmed by an officer)" }
        @if a.sources.is_empty() { p.muted { "Chưa gắn thư mục kiểm kê nào; chọn thư mục ở biểu mẫu bên dưới để nhận gợi ý." } }
        form method="post" action={ "/compliance/activities/" (a.id) "/confirm" } {
            input type="hidden" name="csrf" value=(csrf);
            table {
                thead { tr { th { "Ghi nhận (record)" } th { "Loại (kind)" } th { "Mức (sensitivity)" } th { "Trong kết quả quét (found by scans)" } } }
                tbody { @for k in &all {
                    @let (name, sensitive) = kind_name(k);
                    tr {
                        td { input type="checkbox" name="category" value=(k) checked[recorded.contains(k) || (a.confirmed_at.is_none() && suggestion.contains_key(*k))]; }
                        td { (name) " " small.muted { (k) } }
                        td { @if sensitive { "nhạy cảm (sensitive)" } @else { "cơ bản (basic)" } }
                        td { @if let Some(n) = suggestion.get(*k) { (n) } @else { "—" } }
                    }
                } }
            }
            @if let Some(t) = a.confirmed_at { p.muted { "Xác nhận bởi (confirmed by) " (a.confirmed_by) " ngày " (show_date(Some(t))) } }
            button type="submit" { "Xác nhận loại dữ liệu (confirm)" }
        }
        h2 { "Thời hạn đánh giá tác động (impact-assessment clocks)" }
        @if deadlines.is_empty() { p { "Chưa có mốc nào (no dates recorded)." } }
        @else {
            table {
                thead { tr { th { "Việc" } th { "Hạn" } th { "Tình trạng" } } }
                tbody { @for d in &deadlines { tr {
                    td { (d.title_vi) br; small.muted { (d.period_vi) " — " (d.basis) } @for n in &d.notes { br; small { (n) } } }
                    td { (khien_comply::vi_datetime(d.due_at)) }
                    td { @if d.overdue_at(now) && d.rule != "pdp.dpia.update.periodic" { strong.error { (crate::comply::remaining_vi(d.due_at, now)) } } @else { (crate::comply::remaining_vi(d.due_at, now)) } }
                } } }
            }
        }
        @if ctx.switch_on("dpia_state_agency_exempt") { p.muted { "Cơ quan đã chọn áp dụng miễn trừ cho cơ quan nhà nước có thẩm quyền (Luật 91 Điều 21 khoản 6): các hồ sơ vẫn lập được như thực hành tốt." } }
        p {
            "Hồ sơ đánh giá tác động xử lý: " a href={ "/compliance/activities/" (a.id) "/dpia.docx" } { "DOCX" } " · " a href={ "/compliance/activities/" (a.id) "/dpia.pdf" } { "PDF" }
            @if !a.cross_border.is_empty() { br; "Hồ sơ chuyển dữ liệu ra nước ngoài: " a href={ "/compliance/activities/" (a.id) "/crossborder.docx" } { "DOCX" } " · " a href={ "/compliance/activities/" (a.id) "/crossborder.pdf" } { "PDF" } }
        }
        h2 { "Sửa (edit)" }
        (activity_form(&a, &systems, &folders, &csrf))
    };
    page(&state, &p, &format!("{} — {}", activity_ref(&a), a.name), body, StatusCode::OK)
}

/// `POST /compliance/activities/{id}/confirm`: the officer's kinds of data.
pub(crate) async fn activity_confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
    let categories: Vec<String> =
        f.iter().filter(|(k, _)| k == "category").map(|(_, v)| v.clone()).collect();
    let actor = auth::actor(&p.user);
    match state.store.confirm_activity(id, &categories, &actor).await {
        Ok(true) => {
            let _ = state
                .store
                .audit(&actor, "activity_confirmed", &format!("{id} {}", categories.join(",")))
                .await;
            Redirect::to(&format!("/compliance/activities/{id}")).into_response()
        }
        Ok(false) => {
            error_page(StatusCode::NOT_FOUND, "Không có hoạt động này (no such activity).")
        }
        Err(ComplyError::Invalid(m)) => error_page(StatusCode::UNPROCESSABLE_ENTITY, &m),
        Err(_) => crate::pages::db_unavailable(),
    }
}

async fn dossier(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    which: Assessment,
    pdf: bool,
) -> Response {
    let p = match auth::require(state, headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (Ok(ctx), Ok(a), Ok(systems)) =
        (context(state).await, state.store.activity(id).await, state.store.systems().await)
    else {
        return crate::pages::db_unavailable();
    };
    let Some(a) = a else {
        return error_page(StatusCode::NOT_FOUND, "Không có hoạt động này (no such activity).");
    };
    let system =
        a.system_id.and_then(|s| systems.iter().find(|x| x.id == s)).map(|s| match s.level {
            Some(l) => format!("{}, cấp độ {l}", s.name),
            None => s.name.clone(),
        });
    let (event, start) = match which {
        Assessment::Processing => ("processing_started", a.started_at),
        Assessment::CrossBorder => ("transfer_started", a.transfer_started_at),
    };
    let due = start.and_then(|s| {
        khien_comply::event_deadlines(ctx.pack(), &ctx.settings(), event, at(s))
            .ok()?
            .into_iter()
            .next()
            .map(|d| d.due_at)
    });
    let agency = ctx.agency();
    let doc = ImpactAssessment {
        assessment: which,
        reference: activity_ref(&a),
        agency: agency.name.clone(),
        dpo_contact: agency.dpo_contact.clone(),
        activity: a.name.clone(),
        purpose: a.purpose.clone(),
        data_subjects: a.data_subjects.clone(),
        data: a
            .categories
            .iter()
            .map(|c| {
                let (category, sensitive) = kind_name(c);
                DataInvolved { category, sensitive, count: None }
            })
            .collect(),
        system: system.unwrap_or_default(),
        recipients: a.recipients.clone(),
        destination: a.cross_border.clone(),
        retention: a.retention.clone(),
        sources: a.sources.iter().map(|(h, r)| format!("{h}: {r}")).collect(),
        started: start.map(at),
        due_at: due,
        place_date: place_date_line(
            if agency.place.is_empty() { "……" } else { &agency.place },
            crate::comply::now_vn(),
        ),
    };
    let name = match which {
        Assessment::Processing => "danh-gia-tac-dong",
        Assessment::CrossBorder => "chuyen-ra-nuoc-ngoai",
    };
    let file_name = format!("{name}-{}", activity_ref(&a));
    crate::comply::export(
        state,
        &p,
        &doc,
        pdf,
        &file_name,
        "dossier_exported",
        &format!("{id} {which:?}"),
    )
    .await
}

/// `GET /compliance/activities/{id}/{dpia,crossborder}.{docx,pdf}`.
pub(crate) async fn dossier_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, file)): Path<(i64, String)>,
) -> Response {
    let (which, pdf) = match file.as_str() {
        "dpia.docx" => (Assessment::Processing, false),
        "dpia.pdf" => (Assessment::Processing, true),
        "crossborder.docx" => (Assessment::CrossBorder, false),
        "crossborder.pdf" => (Assessment::CrossBorder, true),
        _ => return error_page(StatusCode::NOT_FOUND, "Không có tệp này (no such file)."),
    };
    dossier(&state, &headers, id, which, pdf).await
}

// ------------------------------------------------------------------------------------------
// Head-of-agency view

fn percent(part: usize, whole: usize) -> String {
    match (part * 100).checked_div(whole) {
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

/// `GET /compliance/overview`: compliance percentages, overdue items with the persons
/// answerable, deadlines met on time month by month; printable.
pub(crate) async fn overview(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &OFFICERS).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (Ok(ctx), Ok(systems), Ok(activities)) =
        (context(&state).await, state.store.systems().await, state.store.activities().await)
    else {
        return crate::pages::db_unavailable();
    };
    let Some(clocks) = crate::comply::all_deadlines(&state, &ctx).await else {
        return crate::pages::db_unavailable();
    };
    let year = khien_store::learn::year_of(khien_store::now());
    let Ok((units, _)) = state.store.unit_summaries(year, state.config.min_cohort).await else {
        return crate::pages::db_unavailable();
    };
    let now = crate::comply::now_vn();
    let today = now.date_naive();

    let approved = systems.iter().filter(|s| s.dossier_status == "approved").count();
    let deployed = systems.iter().filter(|s| s.protection_plan == "deployed").count();
    let confirmed = activities.iter().filter(|a| a.confirmed_at.is_some()).count();
    let exempt = ctx.switch_on("dpia_state_agency_exempt");
    let dpia_ok = activities.iter().filter(|a| exempt || a.dpia_filed_at.is_some()).count();
    let abroad: Vec<&Activity> = activities.iter().filter(|a| !a.cross_border.is_empty()).collect();
    let abroad_ok = abroad.iter().filter(|a| exempt || a.crossborder_filed_at.is_some()).count();
    let (assigned, completed) =
        units.iter().fold((0, 0), |(a, c), u| (a + u.assigned, c + u.completed));

    // Deadlines of incidents and requests due in the last twelve months: met on time or not.
    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_sub_months(Months::new(11)))
        .unwrap_or(today);
    let mut by_month: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut m = first_month;
    while m <= today {
        by_month.insert(m.format("%Y-%m").to_string(), (0, 0));
        m = m.checked_add_months(Months::new(1)).unwrap_or(today + chrono::Duration::days(1));
    }
    let mut due_total = 0;
    let mut on_time = 0;
    for c in
        clocks.iter().filter(|c| c.deadline.kind == RuleKind::Deadline && c.deadline.due_at <= now)
    {
        let key = c.deadline.due_at.format("%Y-%m").to_string();
        let met = c.done_at.is_some_and(|d| at(d) <= c.deadline.due_at);
        if let Some(e) = by_month.get_mut(&key) {
            e.0 += 1;
            e.1 += usize::from(met);
            due_total += 1;
            on_time += usize::from(met);
        }
    }
    let trend: Vec<(String, i64)> = by_month
        .iter()
        .map(|(k, (due, met))| (k.clone(), (*met * 100).checked_div(*due).unwrap_or(0) as i64))
        .collect();

    let mut overdue: Vec<Overdue> =
        systems.iter().flat_map(|s| system_overdue(&ctx, s, today)).collect();
    overdue.extend(activities.iter().flat_map(|a| activity_overdue(&ctx, a, now)));
    overdue.extend(
        clocks.iter().filter(|c| c.done_at.is_none() && c.deadline.overdue_at(now)).map(|c| {
            Overdue {
                what: format!("{}: {}", c.reference, c.deadline.title_vi),
                since: c.deadline.due_at.date_naive(),
                responsible: c.responsible.clone(),
                link: c.link.clone(),
            }
        }),
    );
    overdue.sort_by_key(|o| o.since);
    let body = html! {
        p.muted { "Lập lúc (generated) " (khien_comply::vi_datetime(now)) " bởi " (p.user.username) ". Bộ quy tắc " (ctx.pack().pack.id) " " (ctx.pack().pack.version) ". In bằng Ctrl+P (print with Ctrl+P)." }
        h2 { "Tỷ lệ tuân thủ (compliance)" }
        table {
            thead { tr { th { "Nghĩa vụ (obligation)" } th { "Đạt (met)" } th { "Tỷ lệ" } } }
            tbody {
                tr { td { "Hệ thống có hồ sơ cấp độ được phê duyệt (level dossiers approved)" } td { (approved) " / " (systems.len()) } td { (percent(approved, systems.len())) } }
                tr { td { "Hệ thống đã triển khai phương án bảo vệ (protection plans deployed)" } td { (deployed) " / " (systems.len()) } td { (percent(deployed, systems.len())) } }
                tr { td { "Hoạt động xử lý đã xác nhận loại dữ liệu (activities confirmed)" } td { (confirmed) " / " (activities.len()) } td { (percent(confirmed, activities.len())) } }
                tr { td { "Hoạt động xử lý đã gửi hồ sơ đánh giá tác động" @if exempt { " (hoặc được miễn)" } } td { (dpia_ok) " / " (activities.len()) } td { (percent(dpia_ok, activities.len())) } }
                tr { td { "Chuyển dữ liệu ra nước ngoài đã gửi hồ sơ (transfer assessments filed)" } td { (abroad_ok) " / " (abroad.len()) } td { (percent(abroad_ok, abroad.len())) } }
                tr { td { "Thời hạn sự cố và yêu cầu đáp ứng đúng hạn, 12 tháng (deadlines met on time)" } td { (on_time) " / " (due_total) } td { (percent(on_time, due_total)) } }
                tr { td { "Bài học được giao đã hoàn thành năm " (year) " (training completed)" } td { (completed) " / " (assigned) } td { (percent(completed, assigned)) } }
            }
        }
        h2 { "Việc quá hạn và người chịu trách nhiệm (overdue, and who answers for it)" }
        (overdue_table(&overdue))
        h2 { "Thời hạn đáp ứng đúng hạn theo tháng (percent of deadlines met on time, by month)" }
        (crate::dashboard::column_chart("Phần trăm thời hạn đáp ứng đúng hạn theo tháng", &trend))
        p { a href="/compliance" { "Sổ tuân thủ" } " · " a href="/compliance/systems" { "Sổ hệ thống" } " · " a href="/compliance/activities" { "Sổ hoạt động xử lý" } }
    };
    page(
        &state,
        &p,
        "Tình hình tuân thủ — báo cáo thủ trưởng (head-of-agency view)",
        body,
        StatusCode::OK,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_in_vietnam_and_named_when_wrong() {
        let t = parse_date("started_at", "2026-07-01").unwrap().unwrap();
        assert_eq!(at(t).to_rfc3339(), "2026-07-01T00:00:00+07:00");
        assert_eq!(date_value(Some(t)), "2026-07-01");
        assert_eq!(parse_date("x", " ").unwrap(), None);
        assert!(parse_date("next_review", "01/07/2026").unwrap_err().starts_with("next_review:"));
    }

    #[test]
    fn percentages_never_divide_by_zero() {
        assert_eq!(percent(0, 0), "—");
        assert_eq!(percent(2, 3), "66%");
        assert_eq!(percent(3, 3), "100%");
    }
}
