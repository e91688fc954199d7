//! The system register (information systems, their security level, level dossier and
//! protection plan; Decree 85/2016, Circular 12/2022) and the processing register (processing
//! activities of Law 91/2025: purpose, data subjects, kinds of data, recipients, transfers
//! abroad, retention, and the dates that start the impact-assessment clocks).
//!
//! The kinds of data of an activity are suggested by the inventory of the folders that hold
//! its data ([`Store::folder_kinds`]) and confirmed by an officer, who is recorded.

use serde::Serialize;
use sqlx::Row;

use crate::comply::ComplyError;
use crate::inventory::current_scans;
use crate::{Store, now};

/// Level dossier states, in order.
pub const DOSSIER_STATES: [&str; 4] = ["none", "drafting", "submitted", "approved"];
/// Protection plan states, in order.
pub const PLAN_STATES: [&str; 3] = ["none", "partial", "deployed"];

/// An information system as entered and stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InfoSystem {
    /// Database id (0 for a new one).
    pub id: i64,
    /// Name, unique.
    pub name: String,
    /// Owner (chủ quản).
    pub owner: String,
    /// The person answerable for it.
    pub responsible: String,
    /// Operator.
    pub operator: String,
    /// Security level 1–5, `None` while not determined.
    pub level: Option<i64>,
    /// One of [`DOSSIER_STATES`].
    pub dossier_status: String,
    /// When the dossier was approved.
    pub approved_at: Option<i64>,
    /// One of [`PLAN_STATES`].
    pub protection_plan: String,
    /// When the level is to be reviewed next.
    pub next_review: Option<i64>,
    /// Notes.
    pub notes: String,
    /// Last change (Unix seconds) and by whom.
    pub updated_at: i64,
    /// Who changed it last.
    pub updated_by: String,
}

/// A processing activity as entered and stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Database id (0 for a new one).
    pub id: i64,
    /// Name, unique.
    pub name: String,
    /// The information system it runs on.
    pub system_id: Option<i64>,
    /// The person answerable for it.
    pub responsible: String,
    /// Purpose.
    pub purpose: String,
    /// Whose data.
    pub data_subjects: String,
    /// Kind codes of the personal data processed.
    pub categories: Vec<String>,
    /// Who receives the data.
    pub recipients: String,
    /// Where the data goes abroad; empty when it does not.
    pub cross_border: String,
    /// How long it is kept.
    pub retention: String,
    /// Inventory folders holding its data: `(host, root)`.
    pub sources: Vec<(String, String)>,
    /// When processing started (starts the impact-assessment clock).
    pub started_at: Option<i64>,
    /// When the impact assessment was filed.
    pub dpia_filed_at: Option<i64>,
    /// When a listed change happened (starts the 10-day update clock).
    pub changed_at: Option<i64>,
    /// When the first transfer abroad happened.
    pub transfer_started_at: Option<i64>,
    /// When the transfer assessment was filed.
    pub crossborder_filed_at: Option<i64>,
    /// When an officer confirmed the kinds of data, and who.
    pub confirmed_at: Option<i64>,
    /// Who confirmed.
    pub confirmed_by: String,
    /// Last change.
    pub updated_at: i64,
    /// Who changed it last.
    pub updated_by: String,
}

/// Kinds of personal data found in one inventory folder (its current scan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderKind {
    /// Host.
    pub host: String,
    /// Folder scanned.
    pub root: String,
    /// Kind code.
    pub kind: String,
    /// `basic` or `sensitive`.
    pub sensitivity: String,
    /// Findings.
    pub findings: i64,
}

fn text(field: &str, s: &str, max: usize, required: bool) -> Result<(), ComplyError> {
    if (required && s.trim().is_empty())
        || s.len() > max
        || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(ComplyError::Invalid(format!(
            "{field}: {}at most {max} bytes, no control characters",
            if required { "required, " } else { "" }
        )));
    }
    Ok(())
}

fn validate_system(s: &InfoSystem) -> Result<(), ComplyError> {
    text("name", &s.name, 300, true)?;
    text("owner", &s.owner, 300, true)?;
    text("responsible", &s.responsible, 300, false)?;
    text("operator", &s.operator, 300, false)?;
    text("notes", &s.notes, 5000, false)?;
    if s.level.is_some_and(|l| !(1..=5).contains(&l)) {
        return Err(ComplyError::Invalid("level: 1 to 5".into()));
    }
    if !DOSSIER_STATES.contains(&s.dossier_status.as_str()) {
        return Err(ComplyError::Invalid(format!(
            "dossier_status: one of {}",
            DOSSIER_STATES.join(", ")
        )));
    }
    if !PLAN_STATES.contains(&s.protection_plan.as_str()) {
        return Err(ComplyError::Invalid(format!(
            "protection_plan: one of {}",
            PLAN_STATES.join(", ")
        )));
    }
    if s.dossier_status == "approved" && s.approved_at.is_none() {
        return Err(ComplyError::Invalid(
            "approved_at: required when the dossier is approved".into(),
        ));
    }
    Ok(())
}

fn validate_activity(a: &Activity) -> Result<(), ComplyError> {
    text("name", &a.name, 300, true)?;
    for (f, v, max) in [
        ("responsible", &a.responsible, 300),
        ("purpose", &a.purpose, 5000),
        ("data_subjects", &a.data_subjects, 2000),
        ("recipients", &a.recipients, 2000),
        ("cross_border", &a.cross_border, 1000),
        ("retention", &a.retention, 1000),
    ] {
        text(f, v, max, false)?;
    }
    if a.categories.len() > 64
        || a.categories.iter().any(|c| {
            c.is_empty()
                || c.len() > 64
                || !c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    {
        return Err(ComplyError::Invalid("categories: kind codes (a–z, 0–9, _)".into()));
    }
    if a.sources.len() > 64
        || a.sources.iter().any(|(h, r)| h.contains('|') || h.contains('\n') || r.contains('\n'))
    {
        return Err(ComplyError::Invalid("sources: host and folder pairs".into()));
    }
    if a.transfer_started_at.is_some() && a.cross_border.trim().is_empty() {
        return Err(ComplyError::Invalid(
            "cross_border: say where the data goes when a transfer date is given".into(),
        ));
    }
    Ok(())
}

const SYSTEM_SELECT: &str = "SELECT id, name, owner, responsible, operator, level, dossier_status, approved_at, protection_plan, next_review, notes, updated_at, updated_by FROM info_systems";

fn system_from_row(r: &sqlx::any::AnyRow) -> Result<InfoSystem, sqlx::Error> {
    Ok(InfoSystem {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        owner: r.try_get("owner")?,
        responsible: r.try_get("responsible")?,
        operator: r.try_get("operator")?,
        level: r.try_get("level")?,
        dossier_status: r.try_get("dossier_status")?,
        approved_at: r.try_get("approved_at")?,
        protection_plan: r.try_get("protection_plan")?,
        next_review: r.try_get("next_review")?,
        notes: r.try_get("notes")?,
        updated_at: r.try_get("updated_at")?,
        updated_by: r.try_get("updated_by")?,
    })
}

const ACTIVITY_SELECT: &str = "SELECT id, name, system_id, responsible, purpose, data_subjects, categories, recipients, cross_border, retention, sources, started_at, dpia_filed_at, changed_at, transfer_started_at, crossborder_filed_at, confirmed_at, confirmed_by, updated_at, updated_by FROM processing_activities";

fn activity_from_row(r: &sqlx::any::AnyRow) -> Result<Activity, sqlx::Error> {
    let categories: String = r.try_get("categories")?;
    let sources: String = r.try_get("sources")?;
    Ok(Activity {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        system_id: r.try_get("system_id")?,
        responsible: r.try_get("responsible")?,
        purpose: r.try_get("purpose")?,
        data_subjects: r.try_get("data_subjects")?,
        categories: categories.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
        recipients: r.try_get("recipients")?,
        cross_border: r.try_get("cross_border")?,
        retention: r.try_get("retention")?,
        sources: sources
            .lines()
            .filter_map(|l| l.split_once('|').map(|(h, p)| (h.to_string(), p.to_string())))
            .collect(),
        started_at: r.try_get("started_at")?,
        dpia_filed_at: r.try_get("dpia_filed_at")?,
        changed_at: r.try_get("changed_at")?,
        transfer_started_at: r.try_get("transfer_started_at")?,
        crossborder_filed_at: r.try_get("crossborder_filed_at")?,
        confirmed_at: r.try_get("confirmed_at")?,
        confirmed_by: r.try_get("confirmed_by")?,
        updated_at: r.try_get("updated_at")?,
        updated_by: r.try_get("updated_by")?,
    })
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

impl Store {
    /// Adds (`s.id == 0`) or updates an information system; returns its id. A name used by
    /// another system is refused.
    pub async fn save_system(&self, s: &InfoSystem, by: &str) -> Result<i64, ComplyError> {
        validate_system(s)?;
        let t = now();
        let q = if s.id == 0 {
            sqlx::query(
                "INSERT INTO info_systems (name, owner, responsible, operator, level, dossier_status, approved_at, protection_plan, next_review, notes, created_at, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id",
            )
        } else {
            sqlx::query(
                "UPDATE info_systems SET name = $1, owner = $2, responsible = $3, operator = $4, level = $5, dossier_status = $6, approved_at = $7, protection_plan = $8, next_review = $9, notes = $10, updated_at = $11, updated_by = $12 \
                 WHERE id = $13 RETURNING id",
            )
        };
        let q = q
            .bind(s.name.trim())
            .bind(s.owner.trim())
            .bind(s.responsible.trim())
            .bind(s.operator.trim())
            .bind(s.level)
            .bind(&s.dossier_status)
            .bind(s.approved_at)
            .bind(&s.protection_plan)
            .bind(s.next_review)
            .bind(&s.notes)
            .bind(t)
            .bind(by);
        let q = if s.id == 0 { q } else { q.bind(s.id) };
        match q.fetch_optional(&self.pool).await {
            Ok(Some(r)) => Ok(r.try_get("id")?),
            Ok(None) => Err(ComplyError::Invalid("id: no such system".into())),
            Err(e) if is_unique_violation(&e) => {
                Err(ComplyError::Invalid("name: another system has this name".into()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every information system, by name.
    pub async fn systems(&self) -> Result<Vec<InfoSystem>, ComplyError> {
        let rows =
            sqlx::query(&format!("{SYSTEM_SELECT} ORDER BY name")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(system_from_row).collect::<Result<_, _>>()?)
    }

    /// Adds (`a.id == 0`) or updates a processing activity; returns its id. Saving the kinds
    /// of data does not confirm them: [`Store::confirm_activity`] does.
    pub async fn save_activity(&self, a: &Activity, by: &str) -> Result<i64, ComplyError> {
        validate_activity(a)?;
        let t = now();
        let sources: String = a.sources.iter().map(|(h, r)| format!("{h}|{r}\n")).collect();
        let q = if a.id == 0 {
            sqlx::query(
                "INSERT INTO processing_activities (name, system_id, responsible, purpose, data_subjects, categories, recipients, cross_border, retention, sources, started_at, dpia_filed_at, changed_at, transfer_started_at, crossborder_filed_at, created_at, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17) RETURNING id",
            )
        } else {
            sqlx::query(
                "UPDATE processing_activities SET name = $1, system_id = $2, responsible = $3, purpose = $4, data_subjects = $5, categories = $6, recipients = $7, cross_border = $8, retention = $9, sources = $10, started_at = $11, dpia_filed_at = $12, changed_at = $13, transfer_started_at = $14, crossborder_filed_at = $15, updated_at = $16, updated_by = $17 \
                 WHERE id = $18 RETURNING id",
            )
        };
        let q = q
            .bind(a.name.trim())
            .bind(a.system_id)
            .bind(a.responsible.trim())
            .bind(&a.purpose)
            .bind(&a.data_subjects)
            .bind(a.categories.join(","))
            .bind(&a.recipients)
            .bind(a.cross_border.trim())
            .bind(&a.retention)
            .bind(sources)
            .bind(a.started_at)
            .bind(a.dpia_filed_at)
            .bind(a.changed_at)
            .bind(a.transfer_started_at)
            .bind(a.crossborder_filed_at)
            .bind(t)
            .bind(by);
        let q = if a.id == 0 { q } else { q.bind(a.id) };
        match q.fetch_optional(&self.pool).await {
            Ok(Some(r)) => Ok(r.try_get("id")?),
            Ok(None) => Err(ComplyError::Invalid("id: no such activity".into())),
            Err(e) if is_unique_violation(&e) => {
                Err(ComplyError::Invalid("name: another activity has this name".into()))
            }
            Err(e) if e.as_database_error().is_some_and(|d| d.is_foreign_key_violation()) => {
                Err(ComplyError::Invalid("system_id: no such system".into()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every processing activity, by name.
    pub async fn activities(&self) -> Result<Vec<Activity>, ComplyError> {
        let rows =
            sqlx::query(&format!("{ACTIVITY_SELECT} ORDER BY name")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(activity_from_row).collect::<Result<_, _>>()?)
    }

    /// One processing activity.
    pub async fn activity(&self, id: i64) -> Result<Option<Activity>, ComplyError> {
        let row = sqlx::query(&format!("{ACTIVITY_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(activity_from_row).transpose()?)
    }

    /// An officer confirms (or corrects) the kinds of data of an activity. False when there
    /// is no such activity.
    pub async fn confirm_activity(
        &self,
        id: i64,
        categories: &[String],
        by: &str,
    ) -> Result<bool, ComplyError> {
        let probe =
            Activity { name: "x".into(), categories: categories.to_vec(), ..Activity::default() };
        validate_activity(&probe)?;
        let t = now();
        let r = sqlx::query("UPDATE processing_activities SET categories = $1, confirmed_at = $2, confirmed_by = $3, updated_at = $2, updated_by = $3 WHERE id = $4")
            .bind(categories.join(","))
            .bind(t)
            .bind(by)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The kinds of personal data in each folder's current scan (the latest complete scan of
    /// each host and folder): what the processing register suggests.
    pub async fn folder_kinds(&self) -> Result<Vec<FolderKind>, ComplyError> {
        let scans = self.inventory_scans().await.map_err(|e| match e {
            crate::inventory::InventoryError::Store(s) => ComplyError::Store(s),
            other => ComplyError::Invalid(other.to_string()),
        })?;
        let mut out = vec![];
        for s in current_scans(&scans) {
            let rows = sqlx::query(
                "SELECT k.kind, k.sensitivity, CAST(SUM(k.count) AS BIGINT) AS findings FROM inventory_kinds k JOIN inventory_files f ON f.id = k.file_id \
                 WHERE f.scan_id = $1 GROUP BY k.kind, k.sensitivity ORDER BY k.kind",
            )
            .bind(s.id)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                out.push(FolderKind {
                    host: s.host.clone(),
                    root: s.root.clone(),
                    kind: r.try_get("kind")?,
                    sensitivity: r.try_get("sensitivity")?,
                    findings: r.try_get("findings")?,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_and_activities_are_checked_field_by_field() {
        let good = InfoSystem {
            name: "Cổng dịch vụ công".into(),
            owner: "Sở Công Thương".into(),
            dossier_status: "none".into(),
            protection_plan: "none".into(),
            ..InfoSystem::default()
        };
        assert!(validate_system(&good).is_ok());
        for (bad, field) in [
            (InfoSystem { level: Some(6), ..good.clone() }, "level"),
            (InfoSystem { dossier_status: "done".into(), ..good.clone() }, "dossier_status"),
            (InfoSystem { dossier_status: "approved".into(), ..good.clone() }, "approved_at"),
            (InfoSystem { owner: " ".into(), ..good.clone() }, "owner"),
        ] {
            assert!(validate_system(&bad).unwrap_err().to_string().contains(field), "{field}");
        }
        let a = Activity { name: "Tiếp nhận hồ sơ".into(), ..Activity::default() };
        assert!(validate_activity(&a).is_ok());
        let e =
            validate_activity(&Activity { transfer_started_at: Some(1), ..a.clone() }).unwrap_err();
        assert!(e.to_string().contains("cross_border"));
        let e =
            validate_activity(&Activity { categories: vec!["số CCCD".into()], ..a }).unwrap_err();
        assert!(e.to_string().contains("categories"));
    }
}
