//! `khien check`: judge a message, link, phone number, bank account or VietQR payload and
//! explain the verdict in Vietnamese (default) or English, as text or JSON; `--batch` judges a
//! JSONL file of messages.
//!
//! Exit codes: 0 = no signs / unknown, 1 = suspicious / dangerous (in batch mode: any), 2 = error.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use khien_judge::{Channel, Judge, Message, Report, Verdict, render};

/// Output language.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

/// Output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON: {"verdict", "score", "scam_types", "reasons", "advice", "entities"}.
    Json,
}

impl From<Lang> for render::Lang {
    fn from(lang: Lang) -> render::Lang {
        match lang {
            Lang::Vi => render::Lang::Vi,
            Lang::En => render::Lang::En,
        }
    }
}

/// Message channels.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ChannelArg {
    /// SMS.
    Sms,
    /// Zalo.
    Zalo,
    /// Facebook / Messenger.
    Facebook,
    /// Telegram.
    Telegram,
    /// E-mail.
    Email,
    /// Phone call.
    Call,
    /// Other.
    Other,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Channel {
        match c {
            ChannelArg::Sms => Channel::Sms,
            ChannelArg::Zalo => Channel::Zalo,
            ChannelArg::Facebook => Channel::Facebook,
            ChannelArg::Telegram => Channel::Telegram,
            ChannelArg::Email => Channel::Email,
            ChannelArg::Call => Channel::Call,
            ChannelArg::Other => Channel::Other,
        }
    }
}

/// `khien check`
#[derive(Debug, Args)]
#[command(
    after_help = "Ví dụ / examples:\n  khien check \"Tài khoản của bạn bị khóa, xác thực tại vcb-xacthuc.com\"\n  echo \"...\" | khien check -\n  khien check --url vietcombạnk.vn\n  khien check --phone +840912345678\n  khien check --account 0123456789 --bank VCB\n  khien check --qr \"000201...6304ABCD\"\n  khien check --batch messages.jsonl > verdicts.jsonl"
)]
pub struct CheckArgs {
    /// Message text to judge, or "-" to read it from stdin. A bare link, phone number, account
    /// number or QR payload is recognised and judged as such. With --qr: the message that came
    /// with the QR code.
    pub text: Option<String>,
    /// More words of TEXT, or the rest of a phone number the shell split
    /// (`--phone +84 912 345 678` without quotes).
    #[arg(hide = true)]
    pub more: Vec<String>,
    /// Judge a link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Judge a phone number.
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// Judge a bank account number.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,
    /// Bank of --account (short code such as VCB, TCB, MB; name; or VietQR BIN).
    #[arg(long, value_name = "CODE", requires = "account")]
    pub bank: Option<String>,
    /// Judge an EMVCo/VietQR payment payload.
    #[arg(long, value_name = "PAYLOAD")]
    pub qr: Option<String>,
    /// Sender of the message (phone number or brandname).
    #[arg(long)]
    pub sender: Option<String>,
    /// Channel the message came from.
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,
    /// Judge many messages: a JSONL file ("-" for stdin) of {"text", "sender"?, "channel"?, "id"?}
    /// objects (or plain text lines); writes one JSON verdict per line.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// Output language for text output.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Directory of imported lists (default: $XDG_DATA_HOME/khien/lists or ~/.local/share/khien/lists).
    #[arg(long, value_name = "DIR")]
    pub lists_dir: Option<PathBuf>,
    /// Do not load imported lists.
    #[arg(long)]
    pub no_lists: bool,
    /// Judge with the explainable rules alone, without the message and URL models.
    #[arg(long)]
    pub rules_only: bool,
}

fn build_judge(args: &CheckArgs) -> anyhow::Result<Judge> {
    let mut judge = Judge::try_new().context("loading the built-in data")?;
    if args.rules_only {
        judge = judge.rules_only();
    }
    if args.no_lists {
        return Ok(judge);
    }
    match crate::lists::resolve_dir(args.lists_dir.as_deref()) {
        Some(dir) => Ok(judge.with_lists(crate::lists::load(&dir)?)),
        None => Ok(judge),
    }
}

/// Runs `khien check`; returns the exit code.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let modes = [
        args.url.is_some(),
        args.phone.is_some(),
        args.account.is_some(),
        args.qr.is_some(),
        args.batch.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if modes > 1 {
        bail!("use only one of --url, --phone, --account, --qr, --batch");
    }
    if modes == 0 && args.text.is_none() {
        bail!(
            "nothing to check: give TEXT, \"-\", --url, --phone, --account, --qr or --batch (see --help)"
        );
    }
    let mut words: Vec<&str> = args.text.iter().chain(&args.more).map(String::as_str).collect();
    // The shell splits an unquoted number ("--phone +84 912 345 678"): the digit groups that
    // follow it belong to it.
    let phone = args.phone.as_ref().map(|p| {
        let n = words.iter().take_while(|w| is_digit_group(w)).count();
        std::iter::once(p.as_str()).chain(words.drain(..n)).collect::<Vec<_>>().join(" ")
    });
    if !words.is_empty() && args.qr.is_none() && modes > 0 {
        bail!(
            "unexpected text {:?}: TEXT goes with --qr only; quote a link, number or account that has spaces",
            words.join(" ")
        );
    }
    let judge = build_judge(args)?;
    if let Some(path) = &args.batch {
        return run_batch(&judge, path);
    }
    let joined = (!words.is_empty()).then(|| words.join(" "));
    let text = match joined.as_deref() {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading stdin")?;
            Some(s)
        }
        Some(t) => Some(t.to_string()),
        None => None,
    };
    let report = if let Some(u) = &args.url {
        judge.check_url(u)
    } else if let Some(p) = &phone {
        judge.check_phone(p)
    } else if let Some(a) = &args.account {
        judge.check_account(a, args.bank.as_deref())
    } else if let Some(q) = &args.qr {
        judge.check_qr(q, text.as_deref())
    } else {
        let t = text.unwrap_or_default();
        if args.sender.is_none() && args.channel.is_none() {
            // A pasted link, number or QR payload on its own is judged as such.
            judge.check_auto(&t)
        } else {
            judge.check_message(&Message {
                text: &t,
                sender: args.sender.as_deref(),
                channel: args.channel.map(Into::into),
            })
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => {
            out.write_all(render::text(&judge, &report, args.lang.into()).as_bytes())?
        }
    }
    Ok(exit_code(report.verdict))
}

/// A group of a number as people write it: digits with `.`, `-` or brackets.
fn is_digit_group(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
        && w.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'(' | b')'))
}

fn exit_code(v: Verdict) -> i32 {
    if v.is_alarm() { 1 } else { 0 }
}

#[derive(serde::Deserialize)]
struct BatchLine<'a> {
    /// Borrowed from the input line when it has no escapes (no copy).
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    sender: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    id: Option<serde_json::Value>,
}

#[derive(serde::Serialize)]
struct BatchOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    #[serde(flatten)]
    report: &'a Report,
}

fn run_batch(judge: &Judge, path: &std::path::Path) -> anyhow::Result<i32> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut any_alarm = false;
    let mut errors = 0usize;
    for (n, line) in reader.split(b'\n').enumerate() {
        let line = line.with_context(|| format!("reading line {}", n + 1))?;
        let line = match std::str::from_utf8(&line) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(&line),
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Option<BatchLine> = if line.trim_start().starts_with('{') {
            match serde_json::from_str(line) {
                Ok(b) => Some(b),
                Err(e) => {
                    errors += 1;
                    eprintln!("khien: line {}: {e}", n + 1);
                    continue;
                }
            }
        } else if line.trim_start().starts_with('"') {
            serde_json::from_str::<String>(line).ok().map(|text| BatchLine {
                text: text.into(),
                sender: None,
                channel: None,
                id: None,
            })
        } else {
            None
        };
        let b = parsed.unwrap_or(BatchLine {
            text: std::borrow::Cow::Borrowed(line),
            sender: None,
            channel: None,
            id: None,
        });
        let report = judge.check_message(&Message {
            text: &b.text,
            sender: b.sender.as_deref(),
            channel: b.channel,
        });
        any_alarm |= report.verdict.is_alarm();
        let res = serde_json::to_writer(&mut out, &BatchOut { id: b.id.as_ref(), report: &report })
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"));
        if let Err(e) = res {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(exit_code_batch(any_alarm));
            }
            return Err(e.into());
        }
    }
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    if errors > 0 {
        eprintln!("khien: {errors} line(s) could not be read");
        return Ok(2);
    }
    Ok(exit_code_batch(any_alarm))
}

fn exit_code_batch(any_alarm: bool) -> i32 {
    i32::from(any_alarm)
}
