//! The scam desk's records: reports from the public, their moderation by officers, the
//! published list of accepted phone numbers, bank accounts and domains, and appeals against
//! it.
//!
//! The moderation rules are plain functions ([`decide`], [`decide_appeal`],
//! [`group_duplicates`]) that the [`Store`] methods apply inside one transaction each, with
//! a guarded `UPDATE … WHERE status = …` so that two officers acting at once cannot both
//! move the same report. Every listing, delisting and decision is written to the audit log in
//! the same transaction: a listing without its audit row cannot exist.
//!
//! What it is not: it judges nothing (the server runs `khien-judge` and hands over the
//! verdict and the keys a report names) and builds no blocklist for the judge (the server
//! turns [`Store::listed_entries`] into the judge's lists).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError, now};

/// Errors of moderation.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    /// No such report, entry or appeal.
    #[error("không tìm thấy (not found)")]
    NotFound,
    /// The decision does not apply to the record's current state.
    #[error("không thể {action} khi đang ở trạng thái {from} (cannot {action} in state {from})")]
    Transition {
        /// The current state's code.
        from: &'static str,
        /// The decision's code.
        action: &'static str,
    },
    /// A rejection, denial or delisting needs a reason.
    #[error("cần nêu lý do (a reason is required)")]
    ReasonRequired,
    /// A request that makes no sense (merging a report into itself, listing a key the report
    /// does not name); the text says why in both languages.
    #[error("{0}")]
    Invalid(String),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ModerationError {
    fn from(e: sqlx::Error) -> Self {
        ModerationError::Store(StoreError::Db(e))
    }
}

/// The state of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Waiting for an officer.
    Pending,
    /// Accepted: the keys the officer chose are on the published list.
    Accepted,
    /// Rejected, with a reason.
    Rejected,
    /// A duplicate, merged into another report (it counts towards that report's keys).
    Merged,
}

impl ReportStatus {
    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Pending => "pending",
            ReportStatus::Accepted => "accepted",
            ReportStatus::Rejected => "rejected",
            ReportStatus::Merged => "merged",
        }
    }

    /// The status of a code.
    pub fn from_code(code: &str) -> Option<ReportStatus> {
        [
            ReportStatus::Pending,
            ReportStatus::Accepted,
            ReportStatus::Rejected,
            ReportStatus::Merged,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Vietnamese and English names.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            ReportStatus::Pending => ("Chờ xử lý", "Pending"),
            ReportStatus::Accepted => ("Đã chấp nhận", "Accepted"),
            ReportStatus::Rejected => ("Đã từ chối", "Rejected"),
            ReportStatus::Merged => ("Đã gộp", "Merged"),
        }
    }
}

/// What an officer decides about a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Accept: list the chosen keys.
    Accept,
    /// Reject, with a reason.
    Reject,
    /// Merge into another report as a duplicate.
    Merge,
}

impl Decision {
    fn code(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
            Decision::Merge => "merge",
        }
    }
}

/// The report state machine: only a pending report is decided, once; accepted, rejected and
/// merged reports are final (a wrong listing is undone by delisting the entry, which keeps
/// the history, not by rewriting the report).
pub fn decide(from: ReportStatus, decision: Decision) -> Result<ReportStatus, ModerationError> {
    match (from, decision) {
        (ReportStatus::Pending, Decision::Accept) => Ok(ReportStatus::Accepted),
        (ReportStatus::Pending, Decision::Reject) => Ok(ReportStatus::Rejected),
        (ReportStatus::Pending, Decision::Merge) => Ok(ReportStatus::Merged),
        (from, d) => Err(ModerationError::Transition { from: from.code(), action: d.code() }),
    }
}

/// Whether a report in state `target` can take a duplicate: a pending or accepted report
/// (never a rejected one, and never a duplicate itself, so chains of merges cannot form).
pub fn merge_target_ok(target: ReportStatus) -> bool {
    matches!(target, ReportStatus::Pending | ReportStatus::Accepted)
}

/// The state of an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    /// Waiting for an officer.
    Pending,
    /// Granted: the entry was delisted.
    Granted,
    /// Denied, with a reason.
    Denied,
}

impl AppealStatus {
    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            AppealStatus::Pending => "pending",
            AppealStatus::Granted => "granted",
            AppealStatus::Denied => "denied",
        }
    }

    /// The status of a code.
    pub fn from_code(code: &str) -> Option<AppealStatus> {
        [AppealStatus::Pending, AppealStatus::Granted, AppealStatus::Denied]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The appeal state machine: a pending appeal is granted or denied, once.
pub fn decide_appeal(from: AppealStatus, grant: bool) -> Result<AppealStatus, ModerationError> {
    match from {
        AppealStatus::Pending if grant => Ok(AppealStatus::Granted),
        AppealStatus::Pending => Ok(AppealStatus::Denied),
        other => Err(ModerationError::Transition {
            from: other.code(),
            action: if grant { "grant" } else { "deny" },
        }),
    }
}

/// A reason as given: trimmed, required, at most [`MAX_REASON`] characters.
pub fn reason(text: &str) -> Result<String, ModerationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ModerationError::ReasonRequired);
    }
    Ok(t.chars().take(MAX_REASON).collect())
}

/// Longest reason kept, in characters.
pub const MAX_REASON: usize = 1000;

/// What kind of key a listed entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A phone number (`0…` for Vietnamese numbers).
    Phone,
    /// A bank account number (digits; the bank beside it).
    Account,
    /// A registrable domain, or a page (`host/path`) on shared hosting or a shortener.
    Domain,
}

impl EntryKind {
    /// All kinds.
    pub const ALL: [EntryKind; 3] = [EntryKind::Phone, EntryKind::Account, EntryKind::Domain];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Phone => "phone",
            EntryKind::Account => "account",
            EntryKind::Domain => "domain",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Vietnamese and English names.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            EntryKind::Phone => ("Số điện thoại", "Phone number"),
            EntryKind::Account => ("Tài khoản ngân hàng", "Bank account"),
            EntryKind::Domain => ("Tên miền / trang web", "Domain / web page"),
        }
    }
}

/// A key a report names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ReportEntity {
    /// Kind.
    pub kind: EntryKind,
    /// The normalised key (see [`EntryKind`]).
    pub value: String,
    /// The bank of an account, when known.
    pub bank: String,
}

/// A report as submitted, with the judge's verdict on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewReport {
    /// Where it came: `sms`, `zalo`, `facebook`, `telegram`, `email`, `call`, `other`.
    pub channel: String,
    /// When it came, as the reporter gave it (a date).
    pub received_on: String,
    /// The message text.
    pub message: String,
    /// A link.
    pub link: String,
    /// A phone number.
    pub phone: String,
    /// A bank account number.
    pub account: String,
    /// Its bank.
    pub bank: String,
    /// A payment QR payload (typed or decoded from an image).
    pub qr_payload: String,
    /// Money lost, in đồng.
    pub money_lost: Option<i64>,
    /// What happened, in the reporter's words.
    pub description: String,
    /// How to reach the reporter; stored only when given.
    pub contact: Option<String>,
    /// The judge's verdict code.
    pub verdict: String,
    /// The judge's score.
    pub score: i64,
    /// The judge's scam type codes.
    pub scam_types: Vec<String>,
    /// The keys the report names (duplicates are found through them).
    pub entities: Vec<ReportEntity>,
    /// The brands the report imitates, by display name (the judge's `imitates`), for the
    /// dashboard; commas in a name are dropped.
    pub brands: Vec<String>,
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScamReport {
    /// Reference number.
    pub id: i64,
    /// Received by the server at (Unix seconds).
    pub created_at: i64,
    /// State.
    pub status: ReportStatus,
    /// The report as submitted (`contact` only when given).
    #[serde(flatten)]
    pub fields: Submitted,
    /// The duplicate's report, when merged.
    pub merged_into: Option<i64>,
    /// Who decided (`user:NAME`).
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// Why (rejections).
    pub decision_reason: Option<String>,
    /// The keys it names.
    pub entities: Vec<ReportEntity>,
}

/// The submitted fields of a stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submitted {
    /// Channel code.
    pub channel: String,
    /// When it came, as given.
    pub received_on: String,
    /// Message text.
    pub message: String,
    /// Link.
    pub link: String,
    /// Phone number.
    pub phone: String,
    /// Account number.
    pub account: String,
    /// Bank.
    pub bank: String,
    /// QR payload.
    pub qr_payload: String,
    /// Money lost, in đồng.
    pub money_lost: Option<i64>,
    /// Description.
    pub description: String,
    /// The reporter's contact (officers only).
    pub contact: Option<String>,
    /// Verdict code.
    pub verdict: String,
    /// Score.
    pub score: i64,
    /// Scam type codes.
    pub scam_types: Vec<String>,
    /// The brands the report imitates.
    pub brands: Vec<String>,
}

/// Pending reports that name a common key, shown together so duplicates are seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportGroup {
    /// The pending reports, oldest first.
    pub reports: Vec<ScamReport>,
    /// Keys named by more than one report of the group, or already listed.
    pub shared: Vec<ReportEntity>,
    /// Keys of the group already on the published list.
    pub listed: Vec<ReportEntity>,
    /// Earlier accepted reports naming a key of the group (merge targets).
    pub accepted: Vec<i64>,
}

/// An entry of the published list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedEntry {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: EntryKind,
    /// The key.
    pub value: String,
    /// The bank of an account.
    pub bank: String,
    /// Scam type code chosen by the officer.
    pub scam_type: String,
    /// The report that listed it.
    pub report_id: i64,
    /// Listed at (Unix seconds).
    pub listed_at: i64,
    /// Listed by.
    pub listed_by: String,
    /// Delisted at, if delisted.
    pub delisted_at: Option<i64>,
    /// Delisted by.
    pub delisted_by: Option<String>,
    /// Why it was delisted.
    pub delist_reason: Option<String>,
    /// Accepted or merged reports naming this key.
    pub reports: i64,
}

/// An appeal against a listed entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appeal {
    /// Id.
    pub id: i64,
    /// Received at.
    pub created_at: i64,
    /// The entry appealed against.
    pub entry_id: i64,
    /// State.
    pub status: AppealStatus,
    /// The owner's explanation.
    pub explanation: String,
    /// How to reach the owner.
    pub contact: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// Why.
    pub decision_reason: Option<String>,
}

/// Groups reports that share a key (transitively: A and B share a number, B and C an
/// account → one group). Groups keep the order of first appearance; so do their members.
pub fn group_duplicates(reports: &[(i64, Vec<(EntryKind, String)>)]) -> Vec<Vec<i64>> {
    // Union-find over report indices, joined through the first report seen with each key.
    let mut parent: Vec<usize> = (0..reports.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<(EntryKind, &str), usize> = HashMap::new();
    for (i, (_, keys)) in reports.iter().enumerate() {
        for (kind, value) in keys {
            match first.get(&(*kind, value.as_str())) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    first.insert((*kind, value.as_str()), i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
    for (i, (id, _)) in reports.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*id);
    }
    groups.into_values().collect()
}

const REPORT_COLUMNS: &str = "id, created_at, status, channel, received_on, message, link, phone, account, bank, qr_payload, money_lost, description, contact, verdict, score, scam_types, brands, merged_into, decided_by, decided_at, decision_reason";

fn report_from_row(row: &AnyRow) -> Result<ScamReport, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let types: String = row.try_get("scam_types")?;
    let brands: String = row.try_get("brands")?;
    Ok(ScamReport {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        status: ReportStatus::from_code(&status).unwrap_or(ReportStatus::Pending),
        fields: Submitted {
            channel: row.try_get("channel")?,
            received_on: row.try_get("received_on")?,
            message: row.try_get("message")?,
            link: row.try_get("link")?,
            phone: row.try_get("phone")?,
            account: row.try_get("account")?,
            bank: row.try_get("bank")?,
            qr_payload: row.try_get("qr_payload")?,
            money_lost: row.try_get("money_lost")?,
            description: row.try_get("description")?,
            contact: row.try_get("contact")?,
            verdict: row.try_get("verdict")?,
            score: row.try_get("score")?,
            scam_types: types.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            brands: brands.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        },
        merged_into: row.try_get("merged_into")?,
        decided_by: row.try_get("decided_by")?,
        decided_at: row.try_get("decided_at")?,
        decision_reason: row.try_get("decision_reason")?,
        entities: Vec::new(),
    })
}

const ENTRY_COLUMNS: &str = "l.id, l.kind, l.value, l.bank, l.scam_type, l.report_id, l.listed_at, l.listed_by, l.delisted_at, l.delisted_by, l.delist_reason";

/// Entries with their report counts: accepted or merged reports naming the same key.
fn entries_query(filter: &str) -> String {
    format!(
        "SELECT {ENTRY_COLUMNS}, COUNT(DISTINCT r.id) AS reports FROM listed_entries l \
         LEFT JOIN report_entities e ON e.kind = l.kind AND e.value = l.value \
         LEFT JOIN scam_reports r ON r.id = e.report_id AND r.status IN ('accepted', 'merged') \
         WHERE {filter} \
         GROUP BY {ENTRY_COLUMNS} ORDER BY l.id DESC"
    )
}

fn entry_from_row(row: &AnyRow) -> Result<ListedEntry, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(ListedEntry {
        id: row.try_get("id")?,
        kind: EntryKind::from_code(&kind).unwrap_or(EntryKind::Domain),
        value: row.try_get("value")?,
        bank: row.try_get("bank")?,
        scam_type: row.try_get("scam_type")?,
        report_id: row.try_get("report_id")?,
        listed_at: row.try_get("listed_at")?,
        listed_by: row.try_get("listed_by")?,
        delisted_at: row.try_get("delisted_at")?,
        delisted_by: row.try_get("delisted_by")?,
        delist_reason: row.try_get("delist_reason")?,
        reports: row.try_get("reports")?,
    })
}

const APPEAL_COLUMNS: &str = "id, created_at, entry_id, status, explanation, contact, decided_by, decided_at, decision_reason";

fn appeal_from_row(row: &AnyRow) -> Result<Appeal, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(Appeal {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        entry_id: row.try_get("entry_id")?,
        status: AppealStatus::from_code(&status).unwrap_or(AppealStatus::Pending),
        explanation: row.try_get("explanation")?,
        contact: row.try_get("contact")?,
        decided_by: row.try_get("decided_by")?,
        decided_at: row.try_get("decided_at")?,
        decision_reason: row.try_get("decision_reason")?,
    })
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn audit_in(
    tx: &mut Tx<'_>,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)")
        .bind(now())
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn status_in(tx: &mut Tx<'_>, id: i64) -> Result<ReportStatus, ModerationError> {
    let row = sqlx::query("SELECT status FROM scam_reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(ModerationError::NotFound)?;
    let s: String = row.try_get("status")?;
    ReportStatus::from_code(&s).ok_or(ModerationError::NotFound)
}

/// Moves report `id` from `from` to `to`, only if it is still in `from` (another officer may
/// have decided it meanwhile).
async fn move_report(
    tx: &mut Tx<'_>,
    id: i64,
    from: ReportStatus,
    to: ReportStatus,
    actor: &str,
    why: Option<&str>,
    merged_into: Option<i64>,
) -> Result<(), ModerationError> {
    let r = sqlx::query(
        "UPDATE scam_reports SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, merged_into = $5 WHERE id = $6 AND status = $7",
    )
    .bind(to.code())
    .bind(actor)
    .bind(now())
    .bind(why)
    .bind(merged_into)
    .bind(id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        let now_in = status_in(tx, id).await?;
        return Err(ModerationError::Transition { from: now_in.code(), action: "decide" });
    }
    Ok(())
}

async fn delist_in(
    tx: &mut Tx<'_>,
    entry_id: i64,
    actor: &str,
    why: &str,
) -> Result<(), ModerationError> {
    let row =
        sqlx::query("SELECT kind, value FROM listed_entries WHERE id = $1 AND delisted_at IS NULL")
            .bind(entry_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(ModerationError::NotFound)?;
    let (kind, value): (String, String) = (row.try_get("kind")?, row.try_get("value")?);
    let r = sqlx::query(
        "UPDATE listed_entries SET delisted_at = $1, delisted_by = $2, delist_reason = $3 WHERE id = $4 AND delisted_at IS NULL",
    )
    .bind(now())
    .bind(actor)
    .bind(why)
    .bind(entry_id)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Err(ModerationError::NotFound);
    }
    audit_in(tx, actor, "entry_delisted", &format!("entry #{entry_id} {kind} {value}: {why}"))
        .await?;
    Ok(())
}

impl Store {
    /// Stores a report (pending) with its keys; audited as `report_submitted` (no content in
    /// the audit row). Returns its reference number.
    pub async fn submit_report(&self, r: &NewReport) -> Result<i64, ModerationError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO scam_reports (created_at, channel, received_on, message, link, phone, account, bank, qr_payload, money_lost, description, contact, verdict, score, scam_types, brands) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(now())
        .bind(&r.channel)
        .bind(&r.received_on)
        .bind(&r.message)
        .bind(&r.link)
        .bind(&r.phone)
        .bind(&r.account)
        .bind(&r.bank)
        .bind(&r.qr_payload)
        .bind(r.money_lost)
        .bind(&r.description)
        .bind(r.contact.as_deref().filter(|c| !c.trim().is_empty()))
        .bind(&r.verdict)
        .bind(r.score)
        .bind(r.scam_types.join(","))
        .bind(r.brands.iter().map(|b| b.replace(',', "")).collect::<Vec<_>>().join(","))
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let keys: BTreeSet<&ReportEntity> = r.entities.iter().collect();
        for e in keys {
            sqlx::query(
                "INSERT INTO report_entities (report_id, kind, value, bank) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(e.kind.code())
            .bind(&e.value)
            .bind(&e.bank)
            .execute(&mut *tx)
            .await?;
        }
        audit_in(&mut tx, "anonymous", "report_submitted", &format!("report #{id}, {}", r.verdict))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn entities_of(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<ReportEntity>>, sqlx::Error> {
        let mut out: HashMap<i64, Vec<ReportEntity>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        // The ids are integers from the database, so listing them inline is safe.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(&format!(
            "SELECT report_id, kind, value, bank FROM report_entities WHERE report_id IN ({list}) ORDER BY kind, value"
        ))
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let Some(kind) = EntryKind::from_code(&kind) else { continue };
            out.entry(r.try_get("report_id")?).or_default().push(ReportEntity {
                kind,
                value: r.try_get("value")?,
                bank: r.try_get("bank")?,
            });
        }
        Ok(out)
    }

    /// One report with its keys.
    pub async fn report(&self, id: i64) -> Result<Option<ScamReport>, ModerationError> {
        let row = sqlx::query(&format!("SELECT {REPORT_COLUMNS} FROM scam_reports WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut r = report_from_row(&row)?;
        r.entities = self.entities_of(&[id]).await?.remove(&id).unwrap_or_default();
        Ok(Some(r))
    }

    /// Reports in `status`, newest first, at most `limit`.
    pub async fn reports(
        &self,
        status: ReportStatus,
        limit: i64,
    ) -> Result<Vec<ScamReport>, ModerationError> {
        let rows = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM scam_reports WHERE status = $1 ORDER BY id DESC LIMIT $2"
        ))
        .bind(status.code())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows.iter().map(report_from_row).collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<i64> = out.iter().map(|r| r.id).collect();
        let mut ents = self.entities_of(&ids).await?;
        for r in &mut out {
            r.entities = ents.remove(&r.id).unwrap_or_default();
        }
        Ok(out)
    }

    /// Reports received since `since` (Unix seconds) by scam type, for the dashboard: (type
    /// code, reports, accepted reports), the most reported first. A report naming two types
    /// counts for each; a report merged into another is the same case and not counted again;
    /// a report the judge named no type for counts under `""`.
    pub async fn report_counts_by_type(
        &self,
        since: i64,
    ) -> Result<Vec<(String, i64, i64)>, ModerationError> {
        let rows = sqlx::query(
            "SELECT scam_types, status FROM scam_reports WHERE created_at >= $1 AND status <> 'merged'",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut counts: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
        for row in rows {
            let types: String = row.try_get("scam_types")?;
            let status: String = row.try_get("status")?;
            let accepted = i64::from(status == ReportStatus::Accepted.code());
            let mut named = types.split(',').filter(|t| !t.is_empty()).peekable();
            if named.peek().is_none() {
                let e = counts.entry(String::new()).or_default();
                e.0 += 1;
                e.1 += accepted;
            }
            for t in named {
                let e = counts.entry(t.to_string()).or_default();
                e.0 += 1;
                e.1 += accepted;
            }
        }
        let mut out: Vec<(String, i64, i64)> =
            counts.into_iter().map(|(t, (n, a))| (t, n, a)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Reports received since `since` (Unix seconds) by the brand they imitate, for the
    /// dashboard: (brand, reports), the most imitated first; merged duplicates not counted again.
    pub async fn report_counts_by_brand(
        &self,
        since: i64,
    ) -> Result<Vec<(String, i64)>, ModerationError> {
        let rows = sqlx::query(
            "SELECT brands FROM scam_reports WHERE created_at >= $1 AND status <> 'merged' AND brands <> ''",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
        for row in rows {
            let brands: String = row.try_get("brands")?;
            let mut seen = BTreeSet::new();
            for b in brands.split(',').filter(|b| !b.is_empty()) {
                if seen.insert(b) {
                    *counts.entry(b.to_string()).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(String, i64)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// The moderation queue: pending reports (the oldest `limit`) grouped by the keys they
    /// share ([`group_duplicates`]), groups of several reports first, each with the keys
    /// already listed and the earlier accepted reports that name the same keys.
    pub async fn report_queue(&self, limit: i64) -> Result<Vec<ReportGroup>, ModerationError> {
        let rows = sqlx::query(&format!(
            "SELECT {REPORT_COLUMNS} FROM scam_reports WHERE status = 'pending' ORDER BY id LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut pending = rows.iter().map(report_from_row).collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<i64> = pending.iter().map(|r| r.id).collect();
        let mut ents = self.entities_of(&ids).await?;
        for r in &mut pending {
            r.entities = ents.remove(&r.id).unwrap_or_default();
        }
        let keyed: Vec<(i64, Vec<(EntryKind, String)>)> = pending
            .iter()
            .map(|r| (r.id, r.entities.iter().map(|e| (e.kind, e.value.clone())).collect()))
            .collect();
        let live: BTreeSet<(EntryKind, String)> =
            self.listed_entries().await?.into_iter().map(|e| (e.kind, e.value)).collect();
        let mut by_id: HashMap<i64, ScamReport> = pending.into_iter().map(|r| (r.id, r)).collect();
        let mut groups = Vec::new();
        for members in group_duplicates(&keyed) {
            let reports: Vec<ScamReport> =
                members.iter().filter_map(|id| by_id.remove(id)).collect();
            let mut seen: BTreeMap<&ReportEntity, usize> = BTreeMap::new();
            for e in reports.iter().flat_map(|r| &r.entities) {
                *seen.entry(e).or_default() += 1;
            }
            let listed: Vec<ReportEntity> = seen
                .keys()
                .filter(|e| live.contains(&(e.kind, e.value.clone())))
                .map(|e| (*e).clone())
                .collect();
            let shared: Vec<ReportEntity> = seen
                .iter()
                .filter(|(e, n)| **n > 1 || listed.contains(e))
                .map(|(e, _)| (*e).clone())
                .collect();
            let mut accepted = BTreeSet::new();
            for e in seen.keys() {
                let rows = sqlx::query(
                    "SELECT r.id FROM report_entities e JOIN scam_reports r ON r.id = e.report_id WHERE e.kind = $1 AND e.value = $2 AND r.status = 'accepted'",
                )
                .bind(e.kind.code())
                .bind(&e.value)
                .fetch_all(&self.pool)
                .await?;
                for r in rows {
                    accepted.insert(r.try_get::<i64, _>("id")?);
                }
            }
            groups.push(ReportGroup {
                reports,
                shared,
                listed,
                accepted: accepted.into_iter().collect(),
            });
        }
        // Groups with duplicates (or already-listed keys) first; otherwise oldest first.
        groups.sort_by_key(|g| {
            (g.reports.len() < 2 && g.listed.is_empty() && g.accepted.is_empty(), g.reports[0].id)
        });
        Ok(groups)
    }

    /// Accepts a pending report and lists the `chosen` keys (each must be one the report
    /// names) under `scam_type`; a key already listed stays as it is (its report count
    /// grows). Audited: `report_accepted`, and `entry_listed` for each new entry. Returns
    /// the new entries.
    pub async fn accept_report(
        &self,
        id: i64,
        chosen: &[(EntryKind, String)],
        scam_type: &str,
        actor: &str,
    ) -> Result<Vec<ListedEntry>, ModerationError> {
        let mut tx = self.pool.begin().await?;
        let from = status_in(&mut tx, id).await?;
        let to = decide(from, Decision::Accept)?;
        let named =
            sqlx::query("SELECT kind, value, bank FROM report_entities WHERE report_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let named: HashMap<(String, String), String> = named
            .iter()
            .map(|r| {
                Ok(((r.try_get("kind")?, r.try_get("value")?), r.try_get::<String, _>("bank")?))
            })
            .collect::<Result<_, sqlx::Error>>()?;
        let mut keys = Vec::new();
        for (kind, value) in chosen {
            let Some(bank) = named.get(&(kind.code().to_string(), value.clone())) else {
                return Err(ModerationError::Invalid(format!(
                    "báo cáo #{id} không nêu {value} (report #{id} does not name {value})"
                )));
            };
            keys.push((*kind, value.clone(), bank.clone()));
        }
        move_report(&mut tx, id, from, to, actor, None, None).await?;
        audit_in(
            &mut tx,
            actor,
            "report_accepted",
            &format!("report #{id}, {} key(s)", keys.len()),
        )
        .await?;
        let mut new_ids = Vec::new();
        for (kind, value, bank) in keys {
            let live = sqlx::query(
                "SELECT id FROM listed_entries WHERE kind = $1 AND value = $2 AND delisted_at IS NULL",
            )
            .bind(kind.code())
            .bind(&value)
            .fetch_optional(&mut *tx)
            .await?;
            if live.is_some() {
                continue;
            }
            let row = sqlx::query(
                "INSERT INTO listed_entries (kind, value, bank, scam_type, report_id, listed_at, listed_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(kind.code())
            .bind(&value)
            .bind(&bank)
            .bind(scam_type)
            .bind(id)
            .bind(now())
            .bind(actor)
            .fetch_one(&mut *tx)
            .await?;
            let entry: i64 = row.try_get("id")?;
            audit_in(
                &mut tx,
                actor,
                "entry_listed",
                &format!("entry #{entry} {} {value} (report #{id}, {scam_type})", kind.code()),
            )
            .await?;
            new_ids.push(entry);
        }
        tx.commit().await?;
        let mut out = Vec::new();
        for e in new_ids {
            if let Some(entry) = self.listed_entry(e).await? {
                out.push(entry);
            }
        }
        Ok(out)
    }

    /// Rejects a pending report with a reason; audited as `report_rejected`.
    pub async fn reject_report(
        &self,
        id: i64,
        why: &str,
        actor: &str,
    ) -> Result<(), ModerationError> {
        let why = reason(why)?;
        let mut tx = self.pool.begin().await?;
        let from = status_in(&mut tx, id).await?;
        let to = decide(from, Decision::Reject)?;
        move_report(&mut tx, id, from, to, actor, Some(&why), None).await?;
        audit_in(&mut tx, actor, "report_rejected", &format!("report #{id}: {why}")).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Merges pending report `id` into report `into` (pending or accepted) as a duplicate;
    /// audited as `report_merged`. Nothing is listed by a merge: the duplicate's report
    /// counts towards the keys it shares with listed entries.
    pub async fn merge_report(
        &self,
        id: i64,
        into: i64,
        actor: &str,
    ) -> Result<(), ModerationError> {
        if id == into {
            return Err(ModerationError::Invalid(
                "không thể gộp một báo cáo vào chính nó (a report cannot be merged into itself)"
                    .into(),
            ));
        }
        let mut tx = self.pool.begin().await?;
        let from = status_in(&mut tx, id).await?;
        let to = decide(from, Decision::Merge)?;
        let target = status_in(&mut tx, into).await?;
        if !merge_target_ok(target) {
            return Err(ModerationError::Transition { from: target.code(), action: "merge_into" });
        }
        move_report(&mut tx, id, from, to, actor, None, Some(into)).await?;
        audit_in(&mut tx, actor, "report_merged", &format!("report #{id} into #{into}")).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live entries of the published list with their report counts, newest first.
    pub async fn listed_entries(&self) -> Result<Vec<ListedEntry>, ModerationError> {
        let rows =
            sqlx::query(&entries_query("l.delisted_at IS NULL")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(entry_from_row).collect::<Result<_, _>>()?)
    }

    /// Delisted entries (the history), newest first, at most `limit`.
    pub async fn delisted_entries(&self, limit: i64) -> Result<Vec<ListedEntry>, ModerationError> {
        let rows = sqlx::query(&format!(
            "{} LIMIT {}",
            entries_query("l.delisted_at IS NOT NULL"),
            limit.max(0)
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(entry_from_row).collect::<Result<_, _>>()?)
    }

    /// One entry, live or delisted.
    pub async fn listed_entry(&self, id: i64) -> Result<Option<ListedEntry>, ModerationError> {
        let row =
            sqlx::query(&entries_query("l.id = $1")).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(entry_from_row).transpose()?)
    }

    /// Delists a live entry with a reason; audited as `entry_delisted`.
    pub async fn delist(
        &self,
        entry_id: i64,
        why: &str,
        actor: &str,
    ) -> Result<(), ModerationError> {
        let why = reason(why)?;
        let mut tx = self.pool.begin().await?;
        delist_in(&mut tx, entry_id, actor, &why).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records an appeal by the owner of a live entry; audited as `appeal_submitted` (the
    /// explanation and contact stay out of the audit row). Returns its reference number.
    pub async fn submit_appeal(
        &self,
        entry_id: i64,
        explanation: &str,
        contact: &str,
    ) -> Result<i64, ModerationError> {
        let explanation = explanation.trim();
        if explanation.is_empty() {
            return Err(ModerationError::ReasonRequired);
        }
        let mut tx = self.pool.begin().await?;
        let live =
            sqlx::query("SELECT id FROM listed_entries WHERE id = $1 AND delisted_at IS NULL")
                .bind(entry_id)
                .fetch_optional(&mut *tx)
                .await?;
        if live.is_none() {
            return Err(ModerationError::NotFound);
        }
        let row = sqlx::query(
            "INSERT INTO appeals (created_at, entry_id, explanation, contact) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(now())
        .bind(entry_id)
        .bind(explanation)
        .bind(contact.trim())
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        audit_in(
            &mut tx,
            "anonymous",
            "appeal_submitted",
            &format!("appeal #{id} on entry #{entry_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Appeals in `status`, oldest first, at most `limit`.
    pub async fn appeals(
        &self,
        status: AppealStatus,
        limit: i64,
    ) -> Result<Vec<Appeal>, ModerationError> {
        let rows = sqlx::query(&format!(
            "SELECT {APPEAL_COLUMNS} FROM appeals WHERE status = $1 ORDER BY id LIMIT $2"
        ))
        .bind(status.code())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(appeal_from_row).collect::<Result<_, _>>()?)
    }

    /// One appeal.
    pub async fn appeal(&self, id: i64) -> Result<Option<Appeal>, ModerationError> {
        let row = sqlx::query(&format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(appeal_from_row).transpose()?)
    }

    /// Grants (the entry is delisted, audited as `appeal_granted` and `entry_delisted`) or
    /// denies (a reason is required; `appeal_denied`) a pending appeal. Granting an appeal
    /// whose entry was delisted meanwhile just closes it.
    pub async fn decide_appeal(
        &self,
        id: i64,
        grant: bool,
        why: &str,
        actor: &str,
    ) -> Result<AppealStatus, ModerationError> {
        let why = if grant && why.trim().is_empty() {
            "khiếu nại được chấp nhận (appeal granted)".to_string()
        } else {
            reason(why)?
        };
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query("SELECT status, entry_id FROM appeals WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ModerationError::NotFound)?;
        let status: String = row.try_get("status")?;
        let entry_id: i64 = row.try_get("entry_id")?;
        let from = AppealStatus::from_code(&status).ok_or(ModerationError::NotFound)?;
        let to = decide_appeal(from, grant)?;
        let r = sqlx::query(
            "UPDATE appeals SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $5 AND status = $6",
        )
        .bind(to.code())
        .bind(actor)
        .bind(now())
        .bind(&why)
        .bind(id)
        .bind(from.code())
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() != 1 {
            return Err(ModerationError::Transition { from: "decided", action: "decide" });
        }
        let action = if grant { "appeal_granted" } else { "appeal_denied" };
        audit_in(&mut tx, actor, action, &format!("appeal #{id} on entry #{entry_id}: {why}"))
            .await?;
        if grant {
            match delist_in(&mut tx, entry_id, actor, &format!("appeal #{id}: {why}")).await {
                Ok(()) | Err(ModerationError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        tx.commit().await?;
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pending_reports_are_decided() {
        use Decision::*;
        use ReportStatus::*;
        assert_eq!(decide(Pending, Accept).unwrap(), Accepted);
        assert_eq!(decide(Pending, Reject).unwrap(), Rejected);
        assert_eq!(decide(Pending, Merge).unwrap(), Merged);
        for from in [Accepted, Rejected, Merged] {
            for d in [Accept, Reject, Merge] {
                assert!(
                    matches!(decide(from, d), Err(ModerationError::Transition { .. })),
                    "{from:?} {d:?}"
                );
            }
        }
    }

    #[test]
    fn merge_targets() {
        assert!(merge_target_ok(ReportStatus::Pending));
        assert!(merge_target_ok(ReportStatus::Accepted));
        assert!(!merge_target_ok(ReportStatus::Rejected));
        assert!(!merge_target_ok(ReportStatus::Merged));
    }

    #[test]
    fn appeals_are_decided_once() {
        assert_eq!(decide_appeal(AppealStatus::Pending, true).unwrap(), AppealStatus::Granted);
        assert_eq!(decide_appeal(AppealStatus::Pending, false).unwrap(), AppealStatus::Denied);
        for from in [AppealStatus::Granted, AppealStatus::Denied] {
            for grant in [true, false] {
                assert!(decide_appeal(from, grant).is_err());
            }
        }
    }

    #[test]
    fn reasons_are_required_and_bounded() {
        assert!(matches!(reason("  "), Err(ModerationError::ReasonRequired)));
        assert_eq!(reason(" số của ngân hàng ").unwrap(), "số của ngân hàng");
        assert_eq!(reason(&"x".repeat(5000)).unwrap().chars().count(), MAX_REASON);
    }

    #[test]
    fn codes_round_trip() {
        for s in [
            ReportStatus::Pending,
            ReportStatus::Accepted,
            ReportStatus::Rejected,
            ReportStatus::Merged,
        ] {
            assert_eq!(ReportStatus::from_code(s.code()), Some(s));
        }
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::from_code(k.code()), Some(k));
        }
        assert_eq!(EntryKind::from_code("email"), None);
    }

    #[test]
    fn duplicates_group_transitively() {
        let p = |v: &str| (EntryKind::Phone, v.to_string());
        let a = |v: &str| (EntryKind::Account, v.to_string());
        let groups = group_duplicates(&[
            (1, vec![p("0987654321")]),
            (2, vec![a("123456789")]),
            (3, vec![p("0987654321"), a("555666777")]),
            (4, vec![a("555666777")]),
            (5, vec![]),
            // The same digits as another kind are another key.
            (6, vec![a("0987654321")]),
        ]);
        assert_eq!(groups, vec![vec![1, 3, 4], vec![2], vec![5], vec![6]]);
    }
}
