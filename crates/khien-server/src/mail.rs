//! Mail from the platform: the SMTP settings an administrator enters and the sending of plain
//! Vietnamese messages (reminders of legal deadlines) through the agency's own mail server.
//!
//! lettre speaks SMTP (with STARTTLS or implicit TLS through rustls); its blocking transport
//! runs on tokio's blocking pool so a slow mail server never holds a request thread. The
//! password is kept in the database with the other settings, never logged and never shown
//! again in a page.

use serde::{Deserialize, Serialize};

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Security {
    /// STARTTLS on the submission port (587), required.
    #[default]
    Starttls,
    /// TLS from the first byte (465).
    Tls,
    /// No encryption: only for a relay on the same machine or a closed network.
    None,
}

/// The agency's SMTP settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct MailSettings {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) security: Security,
    pub(crate) username: String,
    pub(crate) password: String,
    /// The sender address, e.g. `Khiên <khien@so-congthuong.gov.vn>`.
    pub(crate) from: String,
}

impl MailSettings {
    /// Whether enough is set to send.
    pub(crate) fn configured(&self) -> bool {
        !self.host.trim().is_empty() && !self.from.trim().is_empty()
    }

    /// Checks the fields an administrator entered; the message names the field.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if !self.configured() {
            return Ok(());
        }
        if self.host.contains(char::is_whitespace) || self.host.len() > 255 {
            return Err("mail.host: a host name or address".into());
        }
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err("mail.from: an address such as Khiên <khien@co-quan.gov.vn>".into());
        }
        Ok(())
    }
}

/// Splits a list of addresses (commas, semicolons or lines) and checks each; the message
/// names the field and the address at fault.
pub(crate) fn addresses(field: &str, text: &str) -> Result<Vec<String>, String> {
    let mut out = vec![];
    for a in text.split([',', ';', '\n']).map(str::trim).filter(|a| !a.is_empty()) {
        if a.parse::<lettre::message::Mailbox>().is_err() {
            return Err(format!("{field}: {a:?} is not an e-mail address"));
        }
        out.push(a.to_string());
    }
    Ok(out)
}

/// Sends one plain-text message to `to`. Errors are the mail server's answer, without the
/// settings' secrets.
pub(crate) async fn send(
    settings: &MailSettings,
    to: &[String],
    subject: &str,
    body: &str,
) -> Result<(), String> {
    send_with_html(settings, to, subject, body, None).await
}

/// Sends a message with a plain-text part and, when given, an HTML alternative.
pub(crate) async fn send_with_html(
    settings: &MailSettings,
    to: &[String],
    subject: &str,
    body: &str,
    html: Option<&str>,
) -> Result<(), String> {
    use lettre::message::{Mailbox, MultiPart, header::ContentType};
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::{Message, SmtpTransport, Transport};

    let from: Mailbox = settings.from.parse().map_err(|e| format!("mail.from: {e}"))?;
    let mut builder = Message::builder().from(from).subject(subject);
    for t in to {
        builder = builder.to(t.parse().map_err(|e| format!("recipient {t:?}: {e}"))?);
    }
    let message = match html {
        None => builder.header(ContentType::TEXT_PLAIN).body(body.to_string()),
        Some(h) => {
            builder.multipart(MultiPart::alternative_plain_html(body.to_string(), h.to_string()))
        }
    }
    .map_err(|e| format!("message: {e}"))?;
    let s = settings.clone();
    tokio::task::spawn_blocking(move || {
        let port = if s.port == 0 {
            match s.security {
                Security::Starttls => 587,
                Security::Tls => 465,
                Security::None => 25,
            }
        } else {
            s.port
        };
        let builder = match s.security {
            Security::Starttls => {
                SmtpTransport::starttls_relay(&s.host).map_err(|e| e.to_string())?
            }
            Security::Tls => SmtpTransport::relay(&s.host).map_err(|e| e.to_string())?,
            Security::None => SmtpTransport::builder_dangerous(&s.host),
        };
        let mut builder = builder.port(port).timeout(Some(std::time::Duration::from_secs(30)));
        if !s.username.is_empty() {
            builder = builder.credentials(Credentials::new(s.username.clone(), s.password.clone()));
        }
        builder
            .build()
            .send(&message)
            .map(|_| ())
            .map_err(|e| format!("SMTP {}:{port}: {e}", s.host))
    })
    .await
    .map_err(|e| format!("mail task: {e}"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_lists_are_split_and_checked() {
        assert_eq!(
            addresses("reminder_to", "a@so.gov.vn; Trần Bình <b@so.gov.vn>\nc@so.gov.vn,").unwrap(),
            vec!["a@so.gov.vn", "Trần Bình <b@so.gov.vn>", "c@so.gov.vn"]
        );
        let e = addresses("reminder_to", "a@so.gov.vn, không phải địa chỉ").unwrap_err();
        assert!(e.starts_with("reminder_to: \"không phải địa chỉ\""), "{e}");
        assert!(addresses("x", " ").unwrap().is_empty());
    }

    #[test]
    fn settings_are_checked_only_once_given() {
        assert!(MailSettings::default().validate().is_ok());
        let s = MailSettings {
            host: "mail.so.gov.vn".into(),
            from: "khien".into(),
            ..MailSettings::default()
        };
        assert!(s.validate().unwrap_err().starts_with("mail.from"));
        let s = MailSettings {
            host: "mail so".into(),
            from: "k@so.gov.vn".into(),
            ..MailSettings::default()
        };
        assert!(s.validate().unwrap_err().starts_with("mail.host"));
    }
}
