//! Awareness records as evidence: units and a person's unit and duties, lesson assignments for
//! the yearly awareness plan, quiz attempts with per-question results, the spaced-repetition
//! schedule, completions, the yearly signed commitment ("cam kết") and certificates.
//!
//! Lesson and question ids are the content's (`khien-learn`); the store keeps them as text
//! and knows nothing of lessons themselves. Duty codes are `all`, `records`, `it`, `leaders`.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Role, Store, StoreError, now, secret_hash};

/// The duty codes a person may have.
pub const DUTIES: [&str; 4] = ["all", "records", "it", "leaders"];

/// The smallest group shown in aggregated and pseudonymous views by default.
pub const MIN_COHORT: usize = 5;

/// A unit (đơn vị) of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Database id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// A person as the awareness records see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Account id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Account role.
    pub role: Role,
    /// Their unit, if set.
    pub unit: Option<Unit>,
    /// Duty codes (always includes `all`).
    pub duties: Vec<String>,
}

/// A lesson assigned to a unit (or every unit) and a duty (or every duty) for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// Database id.
    pub id: i64,
    /// The lesson.
    pub lesson_id: String,
    /// The unit; `None`: every unit.
    pub unit: Option<Unit>,
    /// The duty; `None`: everyone.
    pub duty: Option<String>,
    /// The plan year.
    pub year: i64,
    /// Due at (Unix seconds).
    pub due_at: i64,
    /// Who assigned it (`user:NAME`).
    pub created_by: String,
}

impl Assignment {
    /// Whether it applies to a person.
    pub fn applies_to(&self, p: &Profile) -> bool {
        self.unit.as_ref().is_none_or(|u| p.unit.as_ref().is_some_and(|pu| pu.id == u.id))
            && self.duty.as_ref().is_none_or(|d| p.duties.contains(d))
    }
}

/// One answered question of an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    /// The question.
    pub question_id: String,
    /// The choice picked, if any.
    pub chosen: Option<i64>,
    /// Whether it was right.
    pub correct: bool,
}

/// A question's place in a person's repetition schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleItem {
    /// The question.
    pub question_id: String,
    /// The Leitner box.
    pub box_no: i64,
    /// The day it is due again (days since 1970-01-01).
    pub due_day: i64,
}

/// A quiz attempt to record.
#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    /// Who.
    pub user_id: i64,
    /// The lesson of the quiz.
    pub lesson_id: &'a str,
    /// Its content version.
    pub lesson_version: i64,
    /// Its titles, for the certificate.
    pub title_vi: &'a str,
    /// English title.
    pub title_en: &'a str,
    /// Score in percent.
    pub score: i64,
    /// Whether the pass mark was reached.
    pub passed: bool,
    /// Per question.
    pub answers: &'a [AnswerRecord],
    /// The new schedule of the questions asked.
    pub schedule: &'a [ScheduleItem],
    /// When (Unix seconds).
    pub at: i64,
}

/// A lesson passed in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// Who.
    pub user_id: i64,
    /// The lesson.
    pub lesson_id: String,
    /// The year.
    pub year: i64,
    /// When (Unix seconds).
    pub completed_at: i64,
    /// Score of the passing attempt.
    pub score: i64,
}

/// A yearly signed commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// Who.
    pub user_id: i64,
    /// The year.
    pub year: i64,
    /// The version of the text signed.
    pub text_version: String,
    /// SHA-256 of the text signed (hex).
    pub text_hash: String,
    /// The full name the person typed as signature.
    pub full_name: String,
    /// When (Unix seconds).
    pub signed_at: i64,
}

/// A certificate of a passed lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// The verification code printed on it.
    pub code: String,
    /// Who.
    pub user_id: i64,
    /// Their login name.
    pub username: String,
    /// The lesson.
    pub lesson_id: String,
    /// Lesson title, Vietnamese.
    pub title_vi: String,
    /// Lesson title, English.
    pub title_en: String,
    /// Score in percent.
    pub score: i64,
    /// Year.
    pub year: i64,
    /// Issued at (Unix seconds).
    pub issued_at: i64,
}

/// One person's state of one assigned lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressRow {
    /// Who.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Unit name.
    pub unit: Option<String>,
    /// The lesson.
    pub lesson_id: String,
    /// Due at (Unix seconds).
    pub due_at: i64,
    /// Passed at, if passed this year.
    pub completed_at: Option<i64>,
    /// Score of the pass.
    pub score: Option<i64>,
}

/// Progress of one unit in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitSummary {
    /// Unit name (`None`: people without a unit).
    pub unit: Option<String>,
    /// People in it.
    pub people: usize,
    /// Assigned lessons, over all its people.
    pub assigned: usize,
    /// Of those, passed.
    pub completed: usize,
    /// Of those passed after their due date.
    pub late: usize,
    /// Mean score of the passes.
    pub mean_score: Option<i64>,
    /// People who signed this year's commitment.
    pub committed: usize,
}

/// The year (UTC) of a Unix time.
pub fn year_of(t: i64) -> i64 {
    civil_date(t).0
}

/// The UTC calendar date `(year, month, day)` of a Unix time (Howard Hinnant's days-to-civil
/// algorithm: one place for it, used by the pages and the records).
pub fn civil_date(t: i64) -> (i64, u32, u32) {
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m as u32, d as u32)
}

/// A certificate's verification code: `KH-` and 12 letters and digits (no look-alikes).
fn certificate_code() -> Result<String, StoreError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 12];
    getrandom::fill(&mut raw).map_err(|_| StoreError::Random)?;
    let s: String =
        raw.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    Ok(format!("KH-{}-{}-{}", &s[..4], &s[4..8], &s[8..]))
}

fn duties_of(text: &str) -> Vec<String> {
    let mut v: Vec<String> =
        text.split(',').map(str::trim).filter(|d| DUTIES.contains(d)).map(str::to_string).collect();
    if !v.iter().any(|d| d == "all") {
        v.insert(0, "all".to_string());
    }
    v.dedup();
    v
}

fn profile_from(row: &AnyRow) -> Result<Profile, StoreError> {
    let unit_id: Option<i64> = row.try_get("unit_id")?;
    let unit_name: Option<String> = row.try_get("unit_name")?;
    let role: String = row.try_get("role")?;
    Ok(Profile {
        user_id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: Role::from_code(&role).unwrap_or(Role::Staff),
        unit: unit_id.zip(unit_name).map(|(id, name)| Unit { id, name }),
        duties: duties_of(&row.try_get::<String, _>("duties")?),
    })
}

fn certificate_from(r: &AnyRow) -> Result<Certificate, StoreError> {
    Ok(Certificate {
        code: r.try_get("code")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        lesson_id: r.try_get("lesson_id")?,
        title_vi: r.try_get("title_vi")?,
        title_en: r.try_get("title_en")?,
        score: r.try_get("score")?,
        year: r.try_get("year")?,
        issued_at: r.try_get("issued_at")?,
    })
}

fn commitment_from(r: &AnyRow) -> Result<Commitment, StoreError> {
    Ok(Commitment {
        user_id: r.try_get("user_id")?,
        year: r.try_get("year")?,
        text_version: r.try_get("text_version")?,
        text_hash: r.try_get("text_hash")?,
        full_name: r.try_get("full_name")?,
        signed_at: r.try_get("signed_at")?,
    })
}

const PROFILE_SELECT: &str = "SELECT u.id, u.username, u.role, u.unit_id, n.name AS unit_name, u.duties FROM users u LEFT JOIN units n ON n.id = u.unit_id";

impl Store {
    /// Creates a unit; `None` when the name is empty or taken.
    pub async fn create_unit(&self, name: &str) -> Result<Option<Unit>, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Ok(None);
        }
        let r = sqlx::query("INSERT INTO units (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now())
            .fetch_one(&self.pool)
            .await;
        match r {
            Ok(row) => Ok(Some(Unit { id: row.try_get("id")?, name: name.to_string() })),
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// All units, by name.
    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name FROM units ORDER BY name").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok(Unit { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
    }

    /// Sets a person's unit and duties (unknown duty codes are dropped; `all` is implied).
    /// False when there is no such account or unit.
    pub async fn set_profile(
        &self,
        user_id: i64,
        unit_id: Option<i64>,
        duties: &[&str],
    ) -> Result<bool, StoreError> {
        if let Some(u) = unit_id {
            if !self.units().await?.iter().any(|x| x.id == u) {
                return Ok(false);
            }
        }
        let duties = duties_of(&duties.join(",")).join(",");
        let r = sqlx::query("UPDATE users SET unit_id = $1, duties = $2 WHERE id = $3")
            .bind(unit_id)
            .bind(duties)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A person's profile.
    pub async fn profile(&self, user_id: i64) -> Result<Option<Profile>, StoreError> {
        let row = sqlx::query(&format!("{PROFILE_SELECT} WHERE u.id = $1"))
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(profile_from).transpose()
    }

    /// Every active account's profile, by name.
    pub async fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        let rows =
            sqlx::query(&format!("{PROFILE_SELECT} WHERE u.disabled = 0 ORDER BY u.username"))
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(profile_from).collect()
    }

    /// Assigns a lesson to a unit (`None`: every unit) and duty (`None`: everyone) for a plan
    /// year, due at `due_at`.
    pub async fn assign_lesson(
        &self,
        lesson_id: &str,
        unit_id: Option<i64>,
        duty: Option<&str>,
        year: i64,
        due_at: i64,
        by: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO learn_assignments (lesson_id, unit_id, duty, year, due_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(lesson_id)
        .bind(unit_id)
        .bind(duty)
        .bind(year)
        .bind(due_at)
        .bind(now())
        .bind(by)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// The assignments of a plan year, by due date.
    pub async fn assignments(&self, year: i64) -> Result<Vec<Assignment>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.lesson_id, a.unit_id, n.name AS unit_name, a.duty, a.year, a.due_at, a.created_by FROM learn_assignments a LEFT JOIN units n ON n.id = a.unit_id WHERE a.year = $1 ORDER BY a.due_at, a.id",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let unit_id: Option<i64> = r.try_get("unit_id")?;
                let unit_name: Option<String> = r.try_get("unit_name")?;
                Ok(Assignment {
                    id: r.try_get("id")?,
                    lesson_id: r.try_get("lesson_id")?,
                    unit: unit_id.zip(unit_name).map(|(id, name)| Unit { id, name }),
                    duty: r.try_get("duty")?,
                    year: r.try_get("year")?,
                    due_at: r.try_get("due_at")?,
                    created_by: r.try_get("created_by")?,
                })
            })
            .collect()
    }

    /// A person's assignments in a year: one per lesson, the earliest due date.
    pub async fn assignments_for(
        &self,
        user_id: i64,
        year: i64,
    ) -> Result<Vec<Assignment>, StoreError> {
        let Some(p) = self.profile(user_id).await? else { return Ok(Vec::new()) };
        let mut out: Vec<Assignment> = Vec::new();
        for a in self.assignments(year).await? {
            if a.applies_to(&p) && !out.iter().any(|o| o.lesson_id == a.lesson_id) {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// A person's repetition schedule.
    pub async fn schedule(&self, user_id: i64) -> Result<Vec<ScheduleItem>, StoreError> {
        let rows = sqlx::query(
            "SELECT question_id, box, due_day FROM learn_schedule WHERE user_id = $1 ORDER BY due_day, question_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ScheduleItem {
                    question_id: r.try_get("question_id")?,
                    box_no: r.try_get("box")?,
                    due_day: r.try_get("due_day")?,
                })
            })
            .collect()
    }

    /// Records a quiz attempt in one transaction: the attempt, its answers, the new schedule
    /// of the questions asked, and on a pass the year's completion (the first pass counts) and
    /// a certificate. Returns the attempt id and the certificate when one was issued.
    pub async fn record_attempt(
        &self,
        a: &NewAttempt<'_>,
    ) -> Result<(i64, Option<Certificate>), StoreError> {
        let year = year_of(a.at);
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO learn_attempts (user_id, lesson_id, lesson_version, at, score, passed, questions) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(a.user_id)
        .bind(a.lesson_id)
        .bind(a.lesson_version)
        .bind(a.at)
        .bind(a.score)
        .bind(i64::from(a.passed))
        .bind(a.answers.len() as i64)
        .fetch_one(&mut *tx)
        .await?;
        let attempt: i64 = row.try_get("id")?;
        for ans in a.answers {
            sqlx::query(
                "INSERT INTO learn_answers (attempt_id, question_id, chosen, correct) VALUES ($1, $2, $3, $4)",
            )
            .bind(attempt)
            .bind(&ans.question_id)
            .bind(ans.chosen)
            .bind(i64::from(ans.correct))
            .execute(&mut *tx)
            .await?;
        }
        for s in a.schedule {
            sqlx::query(
                "INSERT INTO learn_schedule (user_id, question_id, box, due_day) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_day = excluded.due_day",
            )
            .bind(a.user_id)
            .bind(&s.question_id)
            .bind(s.box_no)
            .bind(s.due_day)
            .execute(&mut *tx)
            .await?;
        }
        let mut certificate = None;
        if a.passed {
            sqlx::query(
                "INSERT INTO learn_completions (user_id, lesson_id, year, completed_at, score, attempt_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, lesson_id, year) DO NOTHING",
            )
            .bind(a.user_id)
            .bind(a.lesson_id)
            .bind(year)
            .bind(a.at)
            .bind(a.score)
            .bind(attempt)
            .execute(&mut *tx)
            .await?;
            let code = certificate_code()?;
            sqlx::query(
                "INSERT INTO learn_certificates (code, user_id, lesson_id, title_vi, title_en, score, year, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&code)
            .bind(a.user_id)
            .bind(a.lesson_id)
            .bind(a.title_vi)
            .bind(a.title_en)
            .bind(a.score)
            .bind(year)
            .bind(a.at)
            .execute(&mut *tx)
            .await?;
            certificate = Some(code);
        }
        tx.commit().await?;
        let certificate = match certificate {
            Some(code) => self.certificate(&code).await?,
            None => None,
        };
        Ok((attempt, certificate))
    }

    /// The answers of an attempt, as recorded.
    pub async fn attempt_answers(&self, attempt_id: i64) -> Result<Vec<AnswerRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT question_id, chosen, correct FROM learn_answers WHERE attempt_id = $1 ORDER BY question_id",
        )
        .bind(attempt_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AnswerRecord {
                    question_id: r.try_get("question_id")?,
                    chosen: r.try_get("chosen")?,
                    correct: r.try_get::<i64, _>("correct")? != 0,
                })
            })
            .collect()
    }

    /// Lessons passed in a year: one person's, or everyone's with `None`.
    pub async fn completions(
        &self,
        user_id: Option<i64>,
        year: i64,
    ) -> Result<Vec<Completion>, StoreError> {
        let select = "SELECT user_id, lesson_id, year, completed_at, score FROM learn_completions WHERE year = $1";
        let rows = match user_id {
            Some(u) => {
                sqlx::query(&format!("{select} AND user_id = $2 ORDER BY completed_at"))
                    .bind(year)
                    .bind(u)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query(&format!("{select} ORDER BY completed_at"))
                    .bind(year)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter()
            .map(|r| {
                Ok(Completion {
                    user_id: r.try_get("user_id")?,
                    lesson_id: r.try_get("lesson_id")?,
                    year: r.try_get("year")?,
                    completed_at: r.try_get("completed_at")?,
                    score: r.try_get("score")?,
                })
            })
            .collect()
    }

    /// Signs the yearly commitment: the text's version, a SHA-256 of the text and the full
    /// name typed as signature. `None` when already signed this year (the first stands) or
    /// the name is empty.
    pub async fn sign_commitment(
        &self,
        user_id: i64,
        year: i64,
        text_version: &str,
        text: &str,
        full_name: &str,
    ) -> Result<Option<Commitment>, StoreError> {
        let full_name = full_name.trim();
        if full_name.is_empty() || full_name.chars().count() > 200 {
            return Ok(None);
        }
        let c = Commitment {
            user_id,
            year,
            text_version: text_version.to_string(),
            text_hash: secret_hash(text),
            full_name: full_name.to_string(),
            signed_at: now(),
        };
        let r = sqlx::query(
            "INSERT INTO learn_commitments (user_id, year, text_version, text_hash, full_name, signed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, year) DO NOTHING",
        )
        .bind(c.user_id)
        .bind(c.year)
        .bind(&c.text_version)
        .bind(&c.text_hash)
        .bind(&c.full_name)
        .bind(c.signed_at)
        .execute(&self.pool)
        .await?;
        Ok((r.rows_affected() == 1).then_some(c))
    }

    /// A person's commitment of a year.
    pub async fn commitment(
        &self,
        user_id: i64,
        year: i64,
    ) -> Result<Option<Commitment>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, year, text_version, text_hash, full_name, signed_at FROM learn_commitments WHERE user_id = $1 AND year = $2",
        )
        .bind(user_id)
        .bind(year)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(commitment_from).transpose()
    }

    /// Every commitment of a year.
    pub async fn commitments(&self, year: i64) -> Result<Vec<Commitment>, StoreError> {
        let rows = sqlx::query(
            "SELECT user_id, year, text_version, text_hash, full_name, signed_at FROM learn_commitments WHERE year = $1",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(commitment_from).collect()
    }

    /// The certificate with this verification code.
    pub async fn certificate(&self, code: &str) -> Result<Option<Certificate>, StoreError> {
        let row = sqlx::query(
            "SELECT c.code, c.user_id, u.username, c.lesson_id, c.title_vi, c.title_en, c.score, c.year, c.issued_at FROM learn_certificates c JOIN users u ON u.id = c.user_id WHERE c.code = $1",
        )
        .bind(code.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(certificate_from).transpose()
    }

    /// A person's certificates, newest first.
    pub async fn certificates(&self, user_id: i64) -> Result<Vec<Certificate>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.code, c.user_id, u.username, c.lesson_id, c.title_vi, c.title_en, c.score, c.year, c.issued_at FROM learn_certificates c JOIN users u ON u.id = c.user_id WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.code",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(certificate_from).collect()
    }

    /// Every person's assigned lessons of a year with their completion, for the evidence
    /// export; only one unit's with `unit_id`.
    pub async fn progress(
        &self,
        year: i64,
        unit_id: Option<i64>,
    ) -> Result<Vec<ProgressRow>, StoreError> {
        let assignments = self.assignments(year).await?;
        let completions = self.completions(None, year).await?;
        let mut out = Vec::new();
        for p in self.profiles().await? {
            if unit_id.is_some() && p.unit.as_ref().map(|u| u.id) != unit_id {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for a in assignments.iter().filter(|a| a.applies_to(&p)) {
                if seen.contains(&a.lesson_id.as_str()) {
                    continue;
                }
                seen.push(&a.lesson_id);
                let done = completions
                    .iter()
                    .find(|c| c.user_id == p.user_id && c.lesson_id == a.lesson_id);
                out.push(ProgressRow {
                    user_id: p.user_id,
                    username: p.username.clone(),
                    unit: p.unit.as_ref().map(|u| u.name.clone()),
                    lesson_id: a.lesson_id.clone(),
                    due_at: a.due_at,
                    completed_at: done.map(|c| c.completed_at),
                    score: done.map(|c| c.score),
                });
            }
        }
        Ok(out)
    }

    /// Progress per unit in a year, for managers: units with fewer than `min_cohort` people
    /// are left out (and counted in the second value), so no one is singled out.
    pub async fn unit_summaries(
        &self,
        year: i64,
        min_cohort: usize,
    ) -> Result<(Vec<UnitSummary>, usize), StoreError> {
        let profiles = self.profiles().await?;
        let rows = self.progress(year, None).await?;
        let commitments = self.commitments(year).await?;
        let mut units: Vec<Option<String>> =
            profiles.iter().map(|p| p.unit.as_ref().map(|u| u.name.clone())).collect();
        units.sort();
        units.dedup();
        let mut out = Vec::new();
        let mut hidden = 0;
        for unit in units {
            let people: Vec<&Profile> = profiles
                .iter()
                .filter(|p| p.unit.as_ref().map(|u| &u.name) == unit.as_ref())
                .collect();
            if people.len() < min_cohort.max(1) {
                hidden += 1;
                continue;
            }
            let mine: Vec<&ProgressRow> = rows.iter().filter(|r| r.unit == unit).collect();
            let done: Vec<&&ProgressRow> =
                mine.iter().filter(|r| r.completed_at.is_some()).collect();
            let scores: Vec<i64> = done.iter().filter_map(|r| r.score).collect();
            out.push(UnitSummary {
                people: people.len(),
                assigned: mine.len(),
                completed: done.len(),
                late: done.iter().filter(|r| r.completed_at.unwrap_or(0) > r.due_at).count(),
                mean_score: (!scores.is_empty())
                    .then(|| scores.iter().sum::<i64>() / scores.len() as i64),
                committed: commitments
                    .iter()
                    .filter(|c| people.iter().any(|p| p.user_id == c.user_id))
                    .count(),
                unit,
            });
        }
        Ok((out, hidden))
    }
}

/// Kinds of anonymous reach counted on the public outreach pages.
pub const OUTREACH_KINDS: [&str; 3] = ["view", "poster", "quiz"];

impl Store {
    /// Counts one anonymous event on a public outreach page (`kind` one of
    /// [`OUTREACH_KINDS`]) for today (UTC day); nothing about the visitor is kept.
    pub async fn outreach_hit(&self, page: &str, kind: &str) -> Result<(), StoreError> {
        if !OUTREACH_KINDS.contains(&kind) || page.is_empty() || page.len() > 100 {
            return Ok(());
        }
        let day = crate::learn::day_string(now());
        sqlx::query(
            "INSERT INTO outreach_counts (day, page, kind, n) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (day, page, kind) DO UPDATE SET n = outreach_counts.n + 1",
        )
        .bind(day)
        .bind(page)
        .bind(kind)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Totals since `since` (Unix seconds): `(page, kind, count)`, largest first.
    pub async fn outreach_totals(
        &self,
        since: i64,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT page, kind, CAST(SUM(n) AS BIGINT) AS total FROM outreach_counts WHERE day >= $1 GROUP BY page, kind ORDER BY total DESC, page",
        )
        .bind(day_string(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("page")?, r.try_get("kind")?, r.try_get("total")?)))
            .collect()
    }
}

/// `2026-12-07` for a Unix time (UTC day).
pub fn day_string(t: i64) -> String {
    let (y, m, d) = civil_date(t);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn years_and_codes() {
        assert_eq!(super::year_of(0), 1970);
        assert_eq!(super::year_of(1_796_601_600), 2026);
        assert_eq!(super::year_of(1_798_761_599), 2026);
        assert_eq!(super::year_of(1_798_761_600), 2027);
        let c = super::certificate_code().unwrap();
        assert_eq!(c.len(), 17, "{c}");
        assert!(c.starts_with("KH-") && !c.contains('0') && !c.contains('O'));
        assert_eq!(super::duties_of("records, bogus"), vec!["all", "records"]);
    }
}
