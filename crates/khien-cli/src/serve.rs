//! `khien serve` and `khien admin`: glue between the command line, `khien-server` and
//! `khien-store`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

/// Arguments of `khien serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Data folder (SQLite database, server key).
    #[arg(long, default_value = "khien-data")]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://… or postgres://… (default: SQLite in the data folder). Also
    /// read from KHIEN_DATABASE_URL.
    #[arg(long, env = "KHIEN_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Largest upload per request, in MiB.
    #[arg(long, default_value_t = 25)]
    pub max_upload_mb: usize,
    /// Mark cookies Secure: set this when users reach the server over HTTPS (a TLS proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Directory of imported lists for the scam desk, as for `khien check` (default:
    /// $XDG_DATA_HOME/khien/lists or ~/.local/share/khien/lists).
    #[arg(long, value_name = "DIR")]
    pub lists_dir: Option<PathBuf>,
    /// Do not load imported lists.
    #[arg(long)]
    pub no_lists: bool,
    /// Public checks (page and API) allowed per client address per minute.
    #[arg(long, default_value_t = 30)]
    pub check_per_minute: u32,
    /// Listen for suspicious mail that staff forward (plain SMTP, e.g. 0.0.0.0:2525; point a
    /// mailbox's forwarding at it): a phishing-simulation link in it counts as a report.
    #[arg(long, value_name = "ADDR")]
    pub report_smtp: Option<SocketAddr>,
}

/// Arguments of `khien admin`.
#[derive(Debug, Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(Debug, Args)]
struct DataArgs {
    /// Data folder.
    #[arg(long, default_value = "khien-data")]
    data_dir: PathBuf,
    /// Database URL (default: SQLite in the data folder). Also read from KHIEN_DATABASE_URL.
    #[arg(long, env = "KHIEN_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an account; the password is read from a file (never from the command line).
    CreateUser {
        #[command(flatten)]
        data: DataArgs,
        /// Login name.
        #[arg(long)]
        username: String,
        /// administrator, officer or staff.
        #[arg(long)]
        role: String,
        /// File holding the password (first line); `-` for standard input.
        #[arg(long)]
        password_file: PathBuf,
    },
    /// API tokens for agents.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Back up the data folder (SQLite database, online, and the server key) into one file.
    Backup {
        #[command(flatten)]
        data: DataArgs,
        /// The backup file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a data folder from a backup file (stop the server first).
    Restore {
        #[command(flatten)]
        data: DataArgs,
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// Replace a data folder that is not empty; the old one is kept aside.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token and print it once (only its hash is stored).
    Create {
        #[command(flatten)]
        data: DataArgs,
        /// What uses the token (an agent's name).
        #[arg(long)]
        name: String,
    },
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")
}

/// Runs `khien serve` until Ctrl-C.
pub fn run_serve(args: &ServeArgs) -> anyhow::Result<u8> {
    let mut config = khien_server::Config::new(&args.data_dir);
    config.listen = args.listen;
    config.database_url = args.database_url.clone();
    config.max_upload = args.max_upload_mb << 20;
    config.secure_cookies = args.secure_cookies;
    config.check_per_minute = args.check_per_minute;
    config.report_smtp = args.report_smtp;
    if !args.no_lists {
        if let Some(dir) = crate::lists::resolve_dir(args.lists_dir.as_deref()) {
            config.judge_lists = Some(crate::lists::load(&dir)?);
        }
    }
    runtime()?.block_on(async {
        let server = khien_server::Server::bind(config).await?;
        eprintln!("khien: phục vụ tại (serving at) http://{}", server.addr);
        if let Some(at) = server.report_smtp_addr {
            eprintln!("khien: nhận thư chuyển tiếp để báo cáo tại (forwarded reports at) smtp://{at}");
        }
        if let Some(link) = &server.setup_link {
            println!(
                "Chưa có tài khoản nào. Mở liên kết dùng một lần này để tạo quản trị viên đầu tiên (no account yet; open this one-time link to create the first administrator):\n  {link}"
            );
        }
        server
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(0)
    })
}

fn config(data: &DataArgs) -> khien_server::Config {
    let mut c = khien_server::Config::new(&data.data_dir);
    c.database_url = data.database_url.clone();
    c
}

/// Runs `khien admin …`.
pub fn run_admin(args: &AdminArgs) -> anyhow::Result<u8> {
    match &args.command {
        AdminCommand::CreateUser { data, username, role, password_file } => {
            let Some(role) = khien_store::Role::from_code(role) else {
                bail!("--role must be administrator, officer or staff");
            };
            let text = if password_file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_line(&mut s).context("reading the password")?;
                s
            } else {
                std::fs::read_to_string(password_file)
                    .with_context(|| format!("reading {}", password_file.display()))?
            };
            let password = text.lines().next().unwrap_or("").to_string();
            runtime()?.block_on(async {
                let store = khien_server::open_store(&config(data)).await?;
                let user = store.create_user(username, role, &password).await?;
                store
                    .audit("system", "user_created", &format!("{} {} (command line)", user.username, role.code()))
                    .await?;
                println!("Đã tạo tài khoản (account created): {} [{}]", user.username, role.code());
                Ok(0)
            })
        }
        AdminCommand::Backup { data, out } => {
            crate::backup::backup(&data.data_dir, data.database_url.as_deref(), out)
        }
        AdminCommand::Restore { data, from, force } => {
            crate::backup::restore(&data.data_dir, data.database_url.as_deref(), from, *force)
        }
        AdminCommand::Token { command: TokenCommand::Create { data, name } } => {
            runtime()?.block_on(async {
                let store = khien_server::open_store(&config(data)).await?;
                let secret = store.create_api_token(name).await?;
                store.audit("system", "token_created", name).await?;
                eprintln!(
                    "Mã API cho {name}; chỉ hiện một lần, hãy lưu lại (API token for {name}; shown once, keep it safe):"
                );
                println!("{secret}");
                Ok(0)
            })
        }
    }
}
