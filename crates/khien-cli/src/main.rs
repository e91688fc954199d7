//! `khien`: protect personal data. (Minimal dispatch in the `docs` branch; the lead's main.rs
//! wires `redact` and `restore` next to `scan`.)

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod redact;

/// Khiên — bảo vệ dữ liệu cá nhân.
#[derive(Debug, Parser)]
#[command(name = "khien", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Khử nhận dạng tài liệu (write de-identified copies of documents).
    Redact(redact::RedactArgs),
    /// Khôi phục giá trị từ token (reverse `token` replacements with the key).
    Restore(redact::RestoreArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Redact(args) => redact::run(args),
        Command::Restore(args) => redact::run_restore(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("khien: lỗi (error): {e:#}");
            ExitCode::from(2)
        }
    }
}
