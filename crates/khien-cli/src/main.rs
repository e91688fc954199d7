//! `khien`: protect personal data and people from online fraud.
//!
//! Glue only: argument parsing, wiring of the engines, exit codes. The work happens in the
//! library crates.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: a scan allocates a few small buffers per finding
/// (a value's mask, fingerprint, location and reasons), and glibc's malloc and free took a sixth
/// of the time of a dense scan.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backup;
mod check;
mod lists;
mod redact;
mod report_to;
mod scan;
mod serve;

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
    /// Kiểm tra tin nhắn, đường link, số điện thoại, tài khoản, mã QR đáng ngờ (judge a
    /// suspicious message, link, phone number, bank account or VietQR code).
    Check(check::CheckArgs),
    /// Quản lý danh sách chặn và danh sách tin cậy (manage imported block and allow lists).
    Lists(lists::ListsArgs),
    /// Khử nhận dạng tài liệu: ghi bản sao đã xoá dữ liệu cá nhân, cùng định dạng (write
    /// de-identified copies of documents, in the same format).
    Redact(redact::RedactArgs),
    /// Khôi phục giá trị từ token bằng khoá (reverse `token` replacements with the key).
    Restore(redact::RestoreArgs),
    /// Chạy nền tảng web cho cơ quan (run the agency web platform).
    Serve(serve::ServeArgs),
    /// Quản trị: tài khoản, mã API, sao lưu (administration: accounts, API tokens, backup).
    Admin(serve::AdminArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Check(args) => check::run(args).map(exit_code),
        Command::Lists(args) => lists::run_lists(args).map(exit_code),
        Command::Redact(args) => redact::run(args),
        Command::Restore(args) => redact::run_restore(args),
        Command::Serve(args) => serve::run_serve(args),
        Command::Admin(args) => serve::run_admin(args),
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

fn exit_code(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(2)
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
