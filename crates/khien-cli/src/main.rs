//! The `khien` command-line tool.

use clap::{Parser, Subcommand};

mod check;
mod lists;

/// Khiên: protects personal data and people from online fraud, offline.
#[derive(Debug, Parser)]
#[command(name = "khien", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Judge a suspicious message, link, phone number, bank account or VietQR code.
    Check(check::CheckArgs),
    /// Manage imported blocklists and allowlists.
    Lists(lists::ListsArgs),
}

fn main() {
    let cli = Cli::parse();
    let res = match &cli.command {
        Command::Check(a) => check::run(a),
        Command::Lists(a) => lists::run_lists(a),
    };
    match res {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("khien: {e:#}");
            std::process::exit(2);
        }
    }
}
