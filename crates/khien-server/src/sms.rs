//! Text messages from the platform (smishing simulation) through a pluggable gateway the agency
//! configures: an HTTP gateway (`POST` of `{"to", "text"}` as JSON with an optional bearer
//! token, what on-premises SMS brand-name gateways accept behind a small adapter) or a file
//! outbox (`sms-outbox.jsonl` in the data folder, one JSON line per message, for a system that
//! picks them up, or for an air-gapped trial).

use serde::{Deserialize, Serialize};

/// The agency's SMS gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct SmsSettings {
    /// `http`, `file`, or empty (no gateway).
    pub(crate) kind: String,
    /// The HTTP gateway's address.
    pub(crate) url: String,
    /// The HTTP gateway's bearer token (never shown again in a page).
    pub(crate) token: String,
}

impl SmsSettings {
    /// Whether a gateway is set.
    pub(crate) fn configured(&self) -> bool {
        match self.kind.as_str() {
            "http" => self.url.starts_with("http://") || self.url.starts_with("https://"),
            "file" => true,
            _ => false,
        }
    }

    /// Checks what an administrator entered; the message names the field.
    pub(crate) fn validate(&self) -> Result<(), String> {
        match self.kind.as_str() {
            "" | "file" => Ok(()),
            "http" if self.configured() => Ok(()),
            "http" => Err("sms.url: an http:// or https:// address".into()),
            _ => Err("sms.kind: http, file or empty".into()),
        }
    }
}

/// The file outbox in a data folder.
pub(crate) const OUTBOX: &str = "sms-outbox.jsonl";

/// Sends one text message.
pub(crate) async fn send(
    settings: &SmsSettings,
    data_dir: &std::path::Path,
    to: &str,
    text: &str,
) -> Result<(), String> {
    let message = serde_json::json!({ "to": to, "text": text });
    match settings.kind.as_str() {
        "http" => {
            let (url, token) = (settings.url.clone(), settings.token.clone());
            tokio::task::spawn_blocking(move || {
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(std::time::Duration::from_secs(30)))
                    .http_status_as_error(false)
                    .build()
                    .new_agent();
                let mut req = agent.post(&url);
                if !token.is_empty() {
                    req = req.header("Authorization", &format!("Bearer {token}"));
                }
                match req.send_json(&message) {
                    Ok(res) if res.status().is_success() => Ok(()),
                    Ok(res) => Err(format!("SMS gateway answered {}", res.status())),
                    Err(e) => Err(format!("SMS gateway: {e}")),
                }
            })
            .await
            .map_err(|e| format!("SMS task: {e}"))?
        }
        "file" => {
            use std::io::Write;
            let path = data_dir.join(OUTBOX);
            let line = format!("{message}\n");
            tokio::task::spawn_blocking(move || {
                // One write of one line with O_APPEND: lines from two senders never interleave.
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                f.write_all(line.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
            })
            .await
            .map_err(|e| format!("SMS task: {e}"))?
        }
        _ => Err("no SMS gateway set".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateways_are_checked_by_kind() {
        assert!(SmsSettings::default().validate().is_ok() && !SmsSettings::default().configured());
        let http = SmsSettings { kind: "http".into(), url: "gateway".into(), token: String::new() };
        assert!(http.validate().unwrap_err().starts_with("sms.url"));
        let bad = SmsSettings { kind: "pigeon".into(), ..SmsSettings::default() };
        assert!(bad.validate().unwrap_err().starts_with("sms.kind"));
        assert!(SmsSettings { kind: "file".into(), ..SmsSettings::default() }.configured());
    }

    #[tokio::test]
    async fn the_file_outbox_gets_one_json_line_per_message() {
        let dir = tempfile::tempdir().unwrap();
        let s = SmsSettings { kind: "file".into(), ..SmsSettings::default() };
        send(&s, dir.path(), "0912345678", "Tin thử \"một\"").await.unwrap();
        send(&s, dir.path(), "0987654321", "Tin thứ hai").await.unwrap();
        let text = std::fs::read_to_string(dir.path().join(OUTBOX)).unwrap();
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["to"], "0912345678");
        assert_eq!(lines[0]["text"], "Tin thử \"một\"");
    }
}
