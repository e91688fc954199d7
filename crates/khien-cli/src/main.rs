//! `khien`: protect personal data and people from online fraud.
//!
//! Glue only: argument parsing, wiring of the engines, exit codes. The work happens in the
//! library crates.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod scan;

/// Khiên — bảo vệ dữ liệu cá nhân và phòng chống lừa đảo trực tuyến.
#[derive(Debug, Parser)]
#[command(name = "khien", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Quét tệp và thư mục tìm dữ liệu cá nhân (scan files and folders for personal data).
    Scan(scan::ScanArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("khien: lỗi (error): {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether to colour output on this stream.
pub(crate) fn use_color(choice: &str, stream_is_terminal: bool) -> bool {
    match choice {
        "always" => true,
        "never" => false,
        _ => stream_is_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Whether standard error is a terminal (for progress bars).
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
