//! The compliance register: incidents and personal-data breaches, data-subject requests, the
//! deadlines met on them, and the agency's compliance settings (recipients, calendar,
//! interpretation switches) as text the server validates with `khien-comply`.
//!
//! Deadlines themselves are not stored: they are computed from the rule pack in force and
//! these facts, so that a corrected calendar or a rule-pack update moves them everywhere at
//! once. A data-subject request keeps the fingerprints of the identifiers the person gave,
//! never the identifiers.

use serde::Serialize;
use sqlx::Row;

use crate::{Store, StoreError, now};

/// Errors of the register.
#[derive(Debug, thiserror::Error)]
pub enum ComplyError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A field out of bounds; the text names it.
    #[error("dữ liệu không hợp lệ (invalid data): {0}")]
    Invalid(String),
}

impl From<sqlx::Error> for ComplyError {
    fn from(e: sqlx::Error) -> Self {
        ComplyError::Store(StoreError::Db(e))
    }
}

/// An incident to record, and the facts of a recorded one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewIncident {
    /// `personal_data_breach` or `cyber_incident` (checked against the rule pack by the caller).
    pub kind: String,
    /// A short title.
    pub title: String,
    /// When it was discovered (Unix seconds).
    pub discovered_at: i64,
    /// When it happened, if known.
    pub occurred_at: Option<i64>,
    /// Where: system, office.
    pub place: String,
    /// What happened.
    pub description: String,
    /// Organisations or persons involved.
    pub involved: String,
    /// Data categories that select rules (`location`, `biometric`, `financial`…).
    pub data_categories: Vec<String>,
    /// Kinds of personal data with counts, e.g. from the scan of the affected files.
    pub data_kinds: Vec<(String, i64)>,
    /// Data subjects affected, if known.
    pub subjects: Option<i64>,
    /// Likely consequences.
    pub consequences: String,
    /// Measures taken and planned.
    pub measures: String,
}

/// A recorded incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncidentRow {
    /// Database id.
    pub id: i64,
    /// The facts as recorded.
    #[serde(flatten)]
    pub facts: NewIncident,
    /// When remediation was completed.
    pub remediated_at: Option<i64>,
    /// When it was recorded.
    pub created_at: i64,
    /// Who recorded it.
    pub created_by: String,
}

/// A data-subject request to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    /// Request type (`view`, `delete`, …; checked against the rule pack by the caller).
    pub request_type: String,
    /// When it was received (Unix seconds).
    pub received_at: i64,
    /// A processor or third party must act.
    pub with_processor: bool,
    /// The one extension was notified.
    pub extended: bool,
    /// A note (no identifiers: they go in as fingerprints).
    pub note: String,
    /// Fingerprints of the identifiers the person gave (16 hex digits each).
    pub fingerprints: Vec<String>,
}

/// A recorded data-subject request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRow {
    /// Database id.
    pub id: i64,
    /// Type.
    pub request_type: String,
    /// Received (Unix seconds).
    pub received_at: i64,
    /// With a processor.
    pub with_processor: bool,
    /// Extended.
    pub extended: bool,
    /// Note.
    pub note: String,
    /// Fingerprints of the identifiers given.
    pub fingerprints: Vec<String>,
    /// Recorded at.
    pub created_at: i64,
    /// Recorded by.
    pub created_by: String,
    /// Closed at.
    pub closed_at: Option<i64>,
}

/// A deadline marked as met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoneMark {
    /// The rule id.
    pub rule: String,
    /// The recipient key.
    pub recipient: String,
    /// When it was marked (Unix seconds).
    pub done_at: i64,
    /// By whom.
    pub done_by: String,
}

fn check(field: &str, s: &str, max: usize, required: bool) -> Result<(), ComplyError> {
    if (required && s.trim().is_empty()) || s.len() > max {
        return Err(ComplyError::Invalid(format!(
            "{field}: {}at most {max} bytes",
            if required { "required, " } else { "" }
        )));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(ComplyError::Invalid(format!("{field}: control characters")));
    }
    Ok(())
}

fn check_code(field: &str, s: &str) -> Result<(), ComplyError> {
    if s.is_empty()
        || s.len() > 64
        || !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
    {
        return Err(ComplyError::Invalid(format!("{field}: a code of a–z, 0–9 and _")));
    }
    Ok(())
}

/// A fingerprint as `khien scan` writes it: 16 lower-case hex digits.
pub fn valid_fingerprint(f: &str) -> bool {
    f.len() == 16 && f.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

const MIN_TIME: i64 = 946_684_800; // 2000-01-01
const MAX_TIME: i64 = 4_102_444_800; // 2100-01-01

fn check_time(field: &str, t: i64) -> Result<(), ComplyError> {
    if !(MIN_TIME..MAX_TIME).contains(&t) {
        return Err(ComplyError::Invalid(format!("{field}: a time between 2000 and 2100")));
    }
    Ok(())
}

fn validate_incident(i: &NewIncident) -> Result<(), ComplyError> {
    check_code("kind", &i.kind)?;
    check("title", &i.title, 300, true)?;
    check_time("discovered_at", i.discovered_at)?;
    if let Some(o) = i.occurred_at {
        check_time("occurred_at", o)?;
        if o > i.discovered_at {
            return Err(ComplyError::Invalid("occurred_at: after discovered_at".into()));
        }
    }
    for (f, s, max) in [
        ("place", &i.place, 1000),
        ("description", &i.description, 20_000),
        ("involved", &i.involved, 2000),
        ("consequences", &i.consequences, 20_000),
        ("measures", &i.measures, 20_000),
    ] {
        check(f, s, max, false)?;
    }
    if i.data_categories.len() > 16 {
        return Err(ComplyError::Invalid("data_categories: at most 16".into()));
    }
    for c in &i.data_categories {
        check_code("data_categories", c)?;
    }
    if i.data_kinds.len() > 64 {
        return Err(ComplyError::Invalid("data_kinds: at most 64".into()));
    }
    for (k, n) in &i.data_kinds {
        check_code("data_kinds", k)?;
        if *n < 0 {
            return Err(ComplyError::Invalid("data_kinds: counts are not negative".into()));
        }
    }
    if i.subjects.is_some_and(|s| s < 0) {
        return Err(ComplyError::Invalid("subjects: not negative".into()));
    }
    Ok(())
}

fn join_kinds(kinds: &[(String, i64)]) -> String {
    kinds.iter().map(|(k, n)| format!("{k}={n}")).collect::<Vec<_>>().join(",")
}

fn split_kinds(s: &str) -> Vec<(String, i64)> {
    s.split(',')
        .filter_map(|p| {
            let (k, n) = p.split_once('=')?;
            Some((k.to_string(), n.parse().ok()?))
        })
        .collect()
}

fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

const INCIDENT_SELECT: &str = "SELECT id, kind, title, discovered_at, occurred_at, place, description, involved, data_categories, data_kinds, subjects, consequences, measures, remediated_at, created_at, created_by FROM incidents";

fn incident_from_row(r: &sqlx::any::AnyRow) -> Result<IncidentRow, sqlx::Error> {
    Ok(IncidentRow {
        id: r.try_get("id")?,
        facts: NewIncident {
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            discovered_at: r.try_get("discovered_at")?,
            occurred_at: r.try_get("occurred_at")?,
            place: r.try_get("place")?,
            description: r.try_get("description")?,
            involved: r.try_get("involved")?,
            data_categories: split_list(&r.try_get::<String, _>("data_categories")?, ','),
            data_kinds: split_kinds(&r.try_get::<String, _>("data_kinds")?),
            subjects: r.try_get("subjects")?,
            consequences: r.try_get("consequences")?,
            measures: r.try_get("measures")?,
        },
        remediated_at: r.try_get("remediated_at")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
    })
}

const REQUEST_SELECT: &str = "SELECT id, request_type, received_at, with_processor, extended, note, fingerprints, created_at, created_by, closed_at FROM subject_requests";

fn request_from_row(r: &sqlx::any::AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        request_type: r.try_get("request_type")?,
        received_at: r.try_get("received_at")?,
        with_processor: r.try_get::<i64, _>("with_processor")? != 0,
        extended: r.try_get::<i64, _>("extended")? != 0,
        note: r.try_get("note")?,
        fingerprints: split_list(&r.try_get::<String, _>("fingerprints")?, ' '),
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        closed_at: r.try_get("closed_at")?,
    })
}

impl Store {
    /// Records an incident; returns its id.
    pub async fn create_incident(&self, i: &NewIncident, by: &str) -> Result<i64, ComplyError> {
        validate_incident(i)?;
        let row = sqlx::query(
            "INSERT INTO incidents (kind, title, discovered_at, occurred_at, place, description, involved, data_categories, data_kinds, subjects, consequences, measures, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(&i.kind)
        .bind(i.title.trim())
        .bind(i.discovered_at)
        .bind(i.occurred_at)
        .bind(&i.place)
        .bind(&i.description)
        .bind(&i.involved)
        .bind(i.data_categories.join(","))
        .bind(join_kinds(&i.data_kinds))
        .bind(i.subjects)
        .bind(&i.consequences)
        .bind(&i.measures)
        .bind(now())
        .bind(by)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Every incident, newest discovery first.
    pub async fn incidents(&self) -> Result<Vec<IncidentRow>, ComplyError> {
        let rows = sqlx::query(&format!("{INCIDENT_SELECT} ORDER BY discovered_at DESC, id DESC"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(incident_from_row).collect::<Result<_, _>>()?)
    }

    /// One incident.
    pub async fn incident(&self, id: i64) -> Result<Option<IncidentRow>, ComplyError> {
        let row = sqlx::query(&format!("{INCIDENT_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(incident_from_row).transpose()?)
    }

    /// Records that remediation of an incident was completed at `at` (starts the retention
    /// clock). Returns false when there is no such incident.
    pub async fn set_incident_remediated(&self, id: i64, at: i64) -> Result<bool, ComplyError> {
        check_time("remediated_at", at)?;
        let r = sqlx::query(
            "UPDATE incidents SET remediated_at = $1 WHERE id = $2 AND discovered_at <= $1",
        )
        .bind(at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Records a data-subject request; returns its id.
    pub async fn create_request(&self, r: &NewRequest, by: &str) -> Result<i64, ComplyError> {
        check_code("type", &r.request_type)?;
        check_time("received_at", r.received_at)?;
        check("note", &r.note, 5000, false)?;
        if r.fingerprints.len() > 32 || !r.fingerprints.iter().all(|f| valid_fingerprint(f)) {
            return Err(ComplyError::Invalid(
                "fingerprints: at most 32, 16 hex digits each".into(),
            ));
        }
        let row = sqlx::query(
            "INSERT INTO subject_requests (request_type, received_at, with_processor, extended, note, fingerprints, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&r.request_type)
        .bind(r.received_at)
        .bind(i64::from(r.with_processor))
        .bind(i64::from(r.extended))
        .bind(&r.note)
        .bind(r.fingerprints.join(" "))
        .bind(now())
        .bind(by)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Every request, newest first.
    pub async fn requests(&self) -> Result<Vec<RequestRow>, ComplyError> {
        let rows = sqlx::query(&format!("{REQUEST_SELECT} ORDER BY received_at DESC, id DESC"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(request_from_row).collect::<Result<_, _>>()?)
    }

    /// One request.
    pub async fn request(&self, id: i64) -> Result<Option<RequestRow>, ComplyError> {
        let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(request_from_row).transpose()?)
    }

    /// Marks the one extension of a request as notified. False when there is no such request.
    pub async fn extend_request(&self, id: i64) -> Result<bool, ComplyError> {
        let r = sqlx::query("UPDATE subject_requests SET extended = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Closes a request (answered). False when there is no such open request.
    pub async fn close_request(&self, id: i64) -> Result<bool, ComplyError> {
        let r = sqlx::query(
            "UPDATE subject_requests SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Marks a deadline of `record` (`incident:ID` or `request:ID`) as met; marking it again
    /// keeps the first mark.
    pub async fn mark_done(
        &self,
        record: &str,
        rule: &str,
        recipient: &str,
        by: &str,
    ) -> Result<(), ComplyError> {
        check("rule", rule, 100, true)?;
        check("recipient", recipient, 100, true)?;
        sqlx::query(
            "INSERT INTO compliance_done (record, rule, recipient, done_at, done_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (record, rule, recipient) DO NOTHING",
        )
        .bind(record)
        .bind(rule)
        .bind(recipient)
        .bind(now())
        .bind(by)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every deadline marked as met, for every record: `(record, mark)`.
    pub async fn done_marks(&self) -> Result<Vec<(String, DoneMark)>, ComplyError> {
        let rows = sqlx::query("SELECT record, rule, recipient, done_at, done_by FROM compliance_done ORDER BY done_at")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("record")?,
                    DoneMark {
                        rule: r.try_get("rule")?,
                        recipient: r.try_get("recipient")?,
                        done_at: r.try_get("done_at")?,
                        done_by: r.try_get("done_by")?,
                    },
                ))
            })
            .collect()
    }

    /// Claims the reminder of a deadline at `stage` (`before`, `overdue`): true when this call
    /// claimed it (send it now), false when it was claimed before. A claim whose mail could
    /// not be sent is released with [`Store::release_reminder`] so the next round tries again.
    pub async fn claim_reminder(
        &self,
        record: &str,
        rule: &str,
        recipient: &str,
        stage: &str,
    ) -> Result<bool, ComplyError> {
        let r = sqlx::query(
            "INSERT INTO compliance_reminders (record, rule, recipient, stage, sent_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (record, rule, recipient, stage) DO NOTHING",
        )
        .bind(record)
        .bind(rule)
        .bind(recipient)
        .bind(stage)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Releases a claim whose mail was not sent.
    pub async fn release_reminder(
        &self,
        record: &str,
        rule: &str,
        recipient: &str,
        stage: &str,
    ) -> Result<(), ComplyError> {
        sqlx::query("DELETE FROM compliance_reminders WHERE record = $1 AND rule = $2 AND recipient = $3 AND stage = $4")
            .bind(record)
            .bind(rule)
            .bind(recipient)
            .bind(stage)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A compliance setting's text (`agency`, `calendar`, `switches`), if set.
    pub async fn comply_setting(&self, key: &str) -> Result<Option<String>, ComplyError> {
        let row = sqlx::query("SELECT value FROM comply_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }

    /// Sets a compliance setting (the caller validated the text).
    pub async fn set_comply_setting(
        &self,
        key: &str,
        value: &str,
        by: &str,
    ) -> Result<(), ComplyError> {
        check_code("key", key)?;
        check("value", value, 200_000, false)?;
        sqlx::query(
            "INSERT INTO comply_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(key)
        .bind(value)
        .bind(now())
        .bind(by)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_column() {
        let k = vec![("national_id".to_string(), 12_500), ("biometric".to_string(), 3)];
        assert_eq!(split_kinds(&join_kinds(&k)), k);
        assert!(split_kinds("").is_empty());
    }

    #[test]
    fn bad_incidents_are_refused_naming_the_field() {
        let good = NewIncident {
            kind: "personal_data_breach".into(),
            title: "Lộ danh sách".into(),
            discovered_at: 1_796_000_000,
            ..NewIncident::default()
        };
        assert!(validate_incident(&good).is_ok());
        let cases: Vec<(NewIncident, &str)> = vec![
            (NewIncident { title: " ".into(), ..good.clone() }, "title"),
            (NewIncident { kind: "Breach!".into(), ..good.clone() }, "kind"),
            (NewIncident { discovered_at: 5, ..good.clone() }, "discovered_at"),
            (NewIncident { occurred_at: Some(1_796_000_001), ..good.clone() }, "occurred_at"),
            (NewIncident { place: "a\u{0}b".into(), ..good.clone() }, "place"),
            (NewIncident { data_kinds: vec![("phone".into(), -1)], ..good.clone() }, "data_kinds"),
        ];
        for (bad, field) in cases {
            let e = validate_incident(&bad).unwrap_err().to_string();
            assert!(e.contains(field), "{field}: {e}");
        }
    }
}
