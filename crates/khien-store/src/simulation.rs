//! Phishing and smishing simulation records: campaigns, recipients with their tracking token
//! and send time (spread over the campaign's window), and what each recipient did. A
//! recipient's first open, click, submit and report are kept on its row; every request is also
//! an event, mail scanners' included (kind `scanner`), for the campaign's history.
//!
//! Nothing a person typed is stored: the landing pages' fields have no names, and a submit is
//! recorded as the fact that it happened.

use serde::Serialize;
use sqlx::Row;

use crate::{Store, StoreError, now, random_secret};

/// Errors of the simulation records.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A field out of bounds; the text names it.
    #[error("dữ liệu không hợp lệ (invalid data): {0}")]
    Invalid(String),
}

impl From<sqlx::Error> for SimulationError {
    fn from(e: sqlx::Error) -> Self {
        SimulationError::Store(StoreError::Db(e))
    }
}

/// Most recipients in one campaign.
pub const MAX_TARGETS: usize = 5000;

/// A recipient as the officer lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTarget {
    /// E-mail address, or phone number for an SMS campaign.
    pub email: String,
    /// Name used in the message (may be empty).
    pub name: String,
    /// Unit, for reports (may be empty).
    pub unit: String,
    /// When to send it (Unix seconds); `None`: spread evenly from the campaign's start over
    /// its window.
    pub send_at: Option<i64>,
}

/// A campaign to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    /// Name.
    pub name: String,
    /// Template id.
    pub template: String,
    /// `email` or `sms`.
    pub channel: String,
    /// The address people reach the server at, for the links (`https://khien.so.gov.vn`).
    pub base_url: String,
    /// When sending starts (Unix seconds).
    pub starts_at: i64,
    /// Over how many minutes the messages are spread.
    pub spread_minutes: i64,
    /// The recipients.
    pub targets: Vec<NewTarget>,
}

/// A campaign with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignRow {
    /// Database id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Template id.
    pub template: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Base address of the links.
    pub base_url: String,
    /// Start of sending.
    pub starts_at: i64,
    /// Spread in minutes.
    pub spread_minutes: i64,
    /// Created at.
    pub created_at: i64,
    /// Created by.
    pub created_by: String,
    /// Recipients.
    pub targets: i64,
    /// Sent so far.
    pub sent: i64,
}

/// A recipient and what they did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetRow {
    /// Database id.
    pub id: i64,
    /// Campaign.
    pub campaign_id: i64,
    /// E-mail address, or phone number for an SMS campaign.
    pub email: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Tracking token.
    #[serde(skip)]
    pub token: String,
    /// When it is to be sent.
    pub send_at: i64,
    /// When it was sent.
    pub sent_at: Option<i64>,
    /// The mail server's refusal, if any.
    pub send_error: String,
    /// First open (image loaded).
    pub opened_at: Option<i64>,
    /// First click by a person.
    pub clicked_at: Option<i64>,
    /// First submit on the landing page.
    pub submitted_at: Option<i64>,
    /// First report as suspicious.
    pub reported_at: Option<i64>,
}

/// What a request on a tracking link was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The message's image was loaded.
    Open,
    /// A person followed the link.
    Click,
    /// A person submitted the landing page.
    Submit,
    /// The person reported the message.
    Report,
    /// A mail scanner, a link previewer or a library requested the link.
    Scanner,
}

impl Event {
    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            Event::Open => "open",
            Event::Click => "click",
            Event::Submit => "submit",
            Event::Report => "report",
            Event::Scanner => "scanner",
        }
    }
}

fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && e.len() <= 254
        && !e.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
}

/// A phone number as an SMS gateway takes it: digits, an optional leading `+`, 8 to 15 digits.
fn valid_phone(p: &str) -> bool {
    let digits = p.strip_prefix('+').unwrap_or(p);
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

fn validate(c: &NewCampaign) -> Result<(), SimulationError> {
    let bad = |m: &str| Err(SimulationError::Invalid(m.to_string()));
    if c.name.trim().is_empty() || c.name.len() > 300 {
        return bad("name: required, at most 300 bytes");
    }
    if !(c.base_url.starts_with("http://") || c.base_url.starts_with("https://"))
        || c.base_url.len() > 300
    {
        return bad("base_url: http:// or https:// address of this server");
    }
    if !(0..=60 * 24 * 30).contains(&c.spread_minutes) {
        return bad("spread_minutes: 0 to 43200");
    }
    if c.targets.is_empty() || c.targets.len() > MAX_TARGETS {
        return bad("targets: 1 to 5000 recipients");
    }
    if c.channel != "email" && c.channel != "sms" {
        return bad("channel: email or sms");
    }
    for t in &c.targets {
        let ok = if c.channel == "sms" { valid_phone(&t.email) } else { valid_email(&t.email) };
        if !ok {
            let what = if c.channel == "sms" { "a phone number" } else { "an e-mail address" };
            return Err(SimulationError::Invalid(format!("targets: {:?} is not {what}", t.email)));
        }
        if t.name.len() > 200 || t.unit.len() > 200 {
            return bad("targets: name and unit at most 200 bytes");
        }
    }
    Ok(())
}

const TARGET_SELECT: &str = "SELECT id, campaign_id, email, name, unit, token, send_at, sent_at, send_error, opened_at, clicked_at, submitted_at, reported_at FROM sim_targets";

fn target_from_row(r: &sqlx::any::AnyRow) -> Result<TargetRow, sqlx::Error> {
    Ok(TargetRow {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        unit: r.try_get("unit")?,
        token: r.try_get("token")?,
        send_at: r.try_get("send_at")?,
        sent_at: r.try_get("sent_at")?,
        send_error: r.try_get("send_error")?,
        opened_at: r.try_get("opened_at")?,
        clicked_at: r.try_get("clicked_at")?,
        submitted_at: r.try_get("submitted_at")?,
        reported_at: r.try_get("reported_at")?,
    })
}

const CAMPAIGN_SELECT: &str = "SELECT c.id, c.name, c.template, c.channel, c.base_url, c.starts_at, c.spread_minutes, c.created_at, c.created_by, \
     (SELECT COUNT(*) FROM sim_targets t WHERE t.campaign_id = c.id) AS targets, \
     (SELECT COUNT(*) FROM sim_targets t WHERE t.campaign_id = c.id AND t.sent_at IS NOT NULL) AS sent FROM sim_campaigns c";

fn campaign_from_row(r: &sqlx::any::AnyRow) -> Result<CampaignRow, sqlx::Error> {
    Ok(CampaignRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        template: r.try_get("template")?,
        channel: r.try_get("channel")?,
        base_url: r.try_get("base_url")?,
        starts_at: r.try_get("starts_at")?,
        spread_minutes: r.try_get("spread_minutes")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        targets: r.try_get("targets")?,
        sent: r.try_get("sent")?,
    })
}

impl Store {
    /// Creates a campaign and its recipients in one transaction, each with a random token and
    /// a send time spread evenly over the window. Returns its id.
    pub async fn create_campaign(&self, c: &NewCampaign, by: &str) -> Result<i64, SimulationError> {
        validate(c)?;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO sim_campaigns (name, template, channel, base_url, starts_at, spread_minutes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(c.name.trim())
        .bind(&c.template)
        .bind(&c.channel)
        .bind(c.base_url.trim_end_matches('/'))
        .bind(c.starts_at)
        .bind(c.spread_minutes)
        .bind(now())
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let n = c.targets.len() as i64;
        for (i, t) in c.targets.iter().enumerate() {
            let send_at =
                t.send_at.unwrap_or(c.starts_at + c.spread_minutes * 60 * i as i64 / n.max(1));
            sqlx::query("INSERT INTO sim_targets (campaign_id, email, name, unit, token, send_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id)
                .bind(t.email.trim())
                .bind(t.name.trim())
                .bind(t.unit.trim())
                .bind(random_secret()?)
                .bind(send_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Every campaign, newest first, with its counts.
    pub async fn campaigns(&self) -> Result<Vec<CampaignRow>, SimulationError> {
        let rows = sqlx::query(&format!("{CAMPAIGN_SELECT} ORDER BY c.id DESC"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(campaign_from_row).collect::<Result<_, _>>()?)
    }

    /// One campaign.
    pub async fn campaign(&self, id: i64) -> Result<Option<CampaignRow>, SimulationError> {
        let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(campaign_from_row).transpose()?)
    }

    /// A campaign's recipients.
    pub async fn campaign_targets(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<TargetRow>, SimulationError> {
        let rows = sqlx::query(&format!("{TARGET_SELECT} WHERE campaign_id = $1 ORDER BY id"))
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(target_from_row).collect::<Result<_, _>>()?)
    }

    /// Every recipient of every campaign (for the per-person history and risk).
    pub async fn all_targets(&self) -> Result<Vec<TargetRow>, SimulationError> {
        let rows =
            sqlx::query(&format!("{TARGET_SELECT} ORDER BY id")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(target_from_row).collect::<Result<_, _>>()?)
    }

    /// Recipients whose send time has come and who were not sent yet, at most `limit`.
    pub async fn due_targets(
        &self,
        at: i64,
        limit: i64,
    ) -> Result<Vec<TargetRow>, SimulationError> {
        let rows = sqlx::query(&format!(
            "{TARGET_SELECT} WHERE sent_at IS NULL AND send_error = '' AND send_at <= $1 ORDER BY send_at LIMIT $2"
        ))
        .bind(at)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(target_from_row).collect::<Result<_, _>>()?)
    }

    /// Records that a recipient's message went out, or the mail server's refusal.
    pub async fn mark_target_sent(
        &self,
        id: i64,
        error: Option<&str>,
    ) -> Result<(), SimulationError> {
        match error {
            None => sqlx::query("UPDATE sim_targets SET sent_at = $1 WHERE id = $2")
                .bind(now())
                .bind(id),
            Some(e) => sqlx::query("UPDATE sim_targets SET send_error = $1 WHERE id = $2")
                .bind(e.chars().take(500).collect::<String>())
                .bind(id),
        }
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The recipient of a tracking token.
    pub async fn target_by_token(&self, token: &str) -> Result<Option<TargetRow>, SimulationError> {
        if token.len() > 100 {
            return Ok(None);
        }
        let row = sqlx::query(&format!("{TARGET_SELECT} WHERE token = $1"))
            .bind(token)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(target_from_row).transpose()?)
    }

    /// Records what a request on a recipient's link was: always an event; the first open,
    /// click, submit or report also on the recipient's row (a submit or a report implies a
    /// click and an open, a click implies an open: images are often blocked).
    pub async fn record_event(
        &self,
        target_id: i64,
        event: Event,
        detail: &str,
    ) -> Result<(), SimulationError> {
        let t = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO sim_events (target_id, kind, at, detail) VALUES ($1, $2, $3, $4)")
            .bind(target_id)
            .bind(event.code())
            .bind(t)
            .bind(detail.chars().take(300).collect::<String>())
            .execute(&mut *tx)
            .await?;
        let columns: &[&str] = match event {
            Event::Open => &["opened_at"],
            Event::Click => &["opened_at", "clicked_at"],
            Event::Submit => &["opened_at", "clicked_at", "submitted_at"],
            Event::Report => &["reported_at"],
            Event::Scanner => &[],
        };
        for c in columns {
            sqlx::query(&format!("UPDATE sim_targets SET {c} = $1 WHERE id = $2 AND {c} IS NULL"))
                .bind(t)
                .bind(target_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many scanner requests a campaign's links received.
    pub async fn scanner_hits(&self, campaign_id: i64) -> Result<i64, SimulationError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sim_events e JOIN sim_targets t ON t.id = e.target_id WHERE t.campaign_id = $1 AND e.kind = 'scanner'",
        )
        .bind(campaign_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_campaigns_are_checked() {
        assert!(valid_email("lan.nguyen@so-congthuong.gov.vn"));
        for bad in [
            "lan",
            "lan@",
            "@so.gov.vn",
            "lan@localhost",
            "a b@so.gov.vn",
            "a@so.gov.vn,b@so.gov.vn",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        let good = NewCampaign {
            name: "Tháng 12".into(),
            template: "doi-mat-khau-thu-cong-vu".into(),
            channel: "email".into(),
            base_url: "https://khien.so.gov.vn".into(),
            starts_at: 1_796_000_000,
            spread_minutes: 60,
            targets: vec![NewTarget {
                email: "lan@so.gov.vn".into(),
                name: String::new(),
                unit: String::new(),
                send_at: None,
            }],
        };
        assert!(validate(&good).is_ok());
        assert!(
            valid_phone("0912345678")
                && valid_phone("+84912345678")
                && !valid_phone("0912 345 678")
        );
        for (bad, field) in [
            (NewCampaign { targets: vec![], ..good.clone() }, "targets"),
            (NewCampaign { base_url: "khien.local".into(), ..good.clone() }, "base_url"),
            (NewCampaign { spread_minutes: -1, ..good.clone() }, "spread_minutes"),
            (NewCampaign { channel: "sms".into(), ..good.clone() }, "phone number"),
            (NewCampaign { channel: "fax".into(), ..good.clone() }, "channel"),
        ] {
            assert!(validate(&bad).unwrap_err().to_string().contains(field), "{field}");
        }
    }
}
