//! The Khiên agency web platform behind `khien serve`: server-rendered pages that work
//! without JavaScript (the public scam desk with QR images, scam reports, the published list
//! and its appeals; the public awareness pages; the staff document desk and learning pages;
//! the officers' moderation of reports and appeals, the personal-data inventory, the
//! compliance register (incidents, breaches and data-subject requests on their legal clocks),
//! the phishing simulation and the dashboard; sign-in, first-run setup, accounts and the audit log) and the JSON API under
//! `/api/v1` with its OpenAPI document, the scan agents' inventory API included
//! ([`inventory`] holds its wire types).
//!
//! What it is: thin axum routes. A route parses the request, authorises the caller (session
//! cookie for people, bearer token for agents), checks the CSRF token of every form, applies
//! the rate limits and upload caps, calls an engine (`khien-judge`, `khien-scan`,
//! `khien-redact`) or a `khien-store` function, and renders. What it is not: it detects,
//! judges and de-identifies nothing itself, parses no document format and keeps no business
//! rule of its own; uploads are processed in memory and dropped, and found values appear only
//! masked.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use khien_store::Store;

mod api;
mod auth;
mod comply;
mod dashboard;
mod desk;
pub mod inventory;
mod learn;
mod mail;
mod pages;
mod qrimage;
mod registers;
mod reports;
mod simulation;
mod sms;

pub use auth::RateLimiter;

/// Default upload cap per request: 25 MiB.
pub const DEFAULT_MAX_UPLOAD: usize = 25 << 20;
/// How long a signed-in session lasts, in seconds (8 hours: a working day).
pub const SESSION_TTL: i64 = 8 * 3600;

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database.
    #[error(transparent)]
    Store(#[from] khien_store::StoreError),
    /// Files or the listening socket.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The error.
        source: std::io::Error,
    },
    /// The anti-fraud engine's built-in data failed to load.
    #[error("loading the anti-fraud engine: {0}")]
    Judge(String),
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (default `127.0.0.1:8080`; port 0 picks a free port).
    pub listen: SocketAddr,
    /// Data folder: the SQLite database by default, and the server key.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default SQLite in the data folder.
    pub database_url: Option<String>,
    /// Largest request body on upload routes, in bytes.
    pub max_upload: usize,
    /// Mark cookies `Secure` (set when the server is reached over TLS, e.g. behind a proxy).
    pub secure_cookies: bool,
    /// Requests per minute per client address on the public check (page and API).
    pub check_per_minute: u32,
    /// Sign-in attempts per minute per client address.
    pub login_per_minute: u32,
    /// Scam reports (form and API) and, separately, appeals per minute per client address.
    pub report_per_minute: u32,
    /// Smallest group shown in the managers' aggregated and pseudonymous learning views.
    pub min_cohort: usize,
    /// Percent of right answers needed to pass a quiz.
    pub pass_percent: u8,
    /// Imported block and allow lists for the scam desk (`khien lists import`), loaded by the
    /// caller; none by default.
    pub judge_lists: Option<khien_judge::Lists>,
    /// How often the compliance reminders and the simulation's sending are looked at
    /// (default five minutes).
    pub reminder_every: std::time::Duration,
    /// Requests on a simulation link this soon after delivery are a mail scanner's, not a
    /// person's (default ten seconds).
    pub sim_scanner_window: std::time::Duration,
    /// Where to listen for suspicious mail that staff forward (plain SMTP, on the agency's
    /// network); none by default.
    pub report_smtp: Option<SocketAddr>,
}

impl Config {
    /// Defaults for a data folder.
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: data_dir.into(),
            database_url: None,
            max_upload: DEFAULT_MAX_UPLOAD,
            secure_cookies: false,
            check_per_minute: 30,
            login_per_minute: 10,
            report_per_minute: 10,
            judge_lists: None,
            reminder_every: std::time::Duration::from_secs(300),
            sim_scanner_window: std::time::Duration::from_secs(10),
            report_smtp: None,
            min_cohort: khien_store::learn::MIN_COHORT,
            pass_percent: khien_learn::quiz::DEFAULT_PASS_PERCENT,
        }
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| khien_store::sqlite_url(&self.data_dir))
    }
}

/// What every route shares.
pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) store: Store,
    /// The judge: the built-in data, the imported lists and the published entries, swapped
    /// whole when the published list changes ([`reports::refresh_judge`]).
    pub(crate) judge: arc_swap::ArcSwap<khien_judge::Judge>,
    /// Held while the judge is rebuilt, so rebuilds never overtake one another.
    pub(crate) judge_rebuild: tokio::sync::Mutex<()>,
    pub(crate) engine: khien_detect::Engine,
    /// Secret for CSRF tokens (HMAC key), from `data_dir/server.key`.
    pub(crate) key: [u8; 32],
    pub(crate) limiter: RateLimiter,
    pub(crate) downloads: desk::Downloads,
    pub(crate) jobs: desk::Jobs,
}

/// Shared state handle.
pub(crate) type AppState = Arc<State>;

/// Opens (creating if needed) the data folder and the database, runs the migrations.
pub async fn open_store(config: &Config) -> Result<Store, ServerError> {
    create_data_dir(&config.data_dir)?;
    Ok(Store::connect(&config.database_url()).await?)
}

fn create_data_dir(dir: &Path) -> Result<(), ServerError> {
    std::fs::create_dir_all(dir).map_err(|source| ServerError::Io {
        context: format!("creating {}", dir.display()),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// The server's secret key in `data_dir/server.key`, created (mode 0600) on first use.
fn server_key(dir: &Path) -> Result<[u8; 32], ServerError> {
    let path = dir.join("server.key");
    let io = |context: &str, source| ServerError::Io {
        context: format!("{context} {}", path.display()),
        source,
    };
    match std::fs::read(&path) {
        Ok(b) if b.len() == 32 => {
            let mut k = [0u8; 32];
            k.copy_from_slice(&b);
            Ok(k)
        }
        Ok(_) => Err(io("reading", std::io::Error::other("server.key must be 32 bytes"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut k = [0u8; 32];
            getrandom::fill(&mut k).map_err(|e| io("creating", std::io::Error::other(e)))?;
            use std::io::Write;
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut f = opts.open(&path).map_err(|e| io("creating", e))?;
            f.write_all(&k).and_then(|()| f.sync_all()).map_err(|e| io("writing", e))?;
            Ok(k)
        }
        Err(e) => Err(io("reading", e)),
    }
}

/// The name of the lock file a running server holds in its data folder
/// (`khien admin restore` refuses to replace a folder whose lock is held).
pub const LOCK_FILE: &str = "server.lock";

/// Takes the data folder's lock for as long as the returned file is open; a second server on
/// the same folder, or a restore into it, is refused while it is held. The operating system
/// lets it go when the process ends, however it ends.
pub fn lock_data_dir(dir: &Path) -> Result<std::fs::File, ServerError> {
    let path = dir.join(LOCK_FILE);
    let file =
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(
            |source| ServerError::Io { context: format!("opening {}", path.display()), source },
        )?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(ServerError::Io {
            context: format!(
                "thư mục dữ liệu {} đang được một máy chủ khác dùng (the data folder is in use by another server)",
                dir.display()
            ),
            source: std::io::Error::from(std::io::ErrorKind::ResourceBusy),
        }),
        Err(std::fs::TryLockError::Error(source)) => {
            Err(ServerError::Io { context: format!("locking {}", path.display()), source })
        }
    }
}

/// A server ready to accept connections.
pub struct Server {
    /// Held while the server runs (see [`lock_data_dir`]).
    _lock: std::fs::File,
    listener: tokio::net::TcpListener,
    router: Router,
    store: Store,
    state: AppState,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The one-time first-run setup link, while no account exists.
    pub setup_link: Option<String>,
    /// The address of the listener for forwarded suspicious mail, when one was asked for.
    pub report_smtp_addr: Option<SocketAddr>,
    forwarded: Option<tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>>,
}

impl Server {
    /// Opens the database (migrations), loads the engines, binds the listener and, when no
    /// account exists yet, creates the one-time setup link for the first administrator.
    pub async fn bind(config: Config) -> Result<Server, ServerError> {
        let store = open_store(&config).await?;
        let lock = lock_data_dir(&config.data_dir)?;
        let key = server_key(&config.data_dir)?;
        // The published list joins the built-in data and the imported lists from the start.
        let listed = store.listed_entries().await.map_err(reports::moderation_to_server)?;
        let judge = reports::build_judge(config.judge_lists.as_ref(), &listed)?;
        let engine = khien_detect::Engine::new(khien_detect::Config::default());
        let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|source| {
            ServerError::Io { context: format!("listening on {}", config.listen), source }
        })?;
        let addr = listener.local_addr().map_err(|source| ServerError::Io {
            context: "reading the listening address".into(),
            source,
        })?;
        let setup_link = match store.create_setup_token().await? {
            Some(token) => {
                store.audit("system", "setup_link_created", "").await?;
                Some(format!("http://{addr}/setup?token={token}"))
            }
            None => None,
        };
        let (report_smtp_addr, forwarded) = match config.report_smtp {
            Some(at) => {
                let listener =
                    std::net::TcpListener::bind(at).map_err(|source| ServerError::Io {
                        context: format!("listening for forwarded mail on {at}"),
                        source,
                    })?;
                let bound = listener.local_addr().ok();
                let rx = simulation::start_report_listener(listener).map_err(|e| {
                    ServerError::Io { context: e, source: std::io::Error::other("SMTP") }
                })?;
                (bound, Some(rx))
            }
            None => (None, None),
        };
        let state = Arc::new(State {
            limiter: RateLimiter::default(),
            downloads: desk::Downloads::default(),
            jobs: desk::Jobs::default(),
            config,
            store,
            judge: arc_swap::ArcSwap::from_pointee(judge),
            judge_rebuild: tokio::sync::Mutex::new(()),
            engine,
            key,
        });
        let store = state.store.clone();
        Ok(Server {
            _lock: lock,
            listener,
            router: router(state.clone()),
            store,
            state,
            addr,
            setup_link,
            report_smtp_addr,
            forwarded,
        })
    }

    /// Serves until the future `shutdown` completes.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let _lock = self._lock;
        // Expired sessions are removed every ten minutes while the server runs.
        let store = self.store.clone();
        let sweeper = tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                tick.tick().await;
                let _ = store.delete_expired_sessions().await;
            }
        });
        let follower = tokio::spawn(reports::follow_list(self.state.clone()));
        // Reminders of compliance deadlines by mail, when the agency set a mail server.
        let state = self.state.clone();
        let reminders = tokio::spawn(async move {
            let mut tick = tokio::time::interval(state.config.reminder_every);
            loop {
                tick.tick().await;
                comply::remind(&state).await;
                simulation::send_due(&state).await;
            }
        });
        let forwards = self.forwarded.map(|mut rx| {
            let state = self.state.clone();
            tokio::spawn(async move {
                while let Some(raw) = rx.recv().await {
                    simulation::report_forwarded(&state, &raw).await;
                }
            })
        });
        let served = axum::serve(
            self.listener,
            self.router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| ServerError::Io { context: "serving".into(), source });
        sweeper.abort();
        follower.abort();
        reminders.abort();
        if let Some(f) = forwards {
            f.abort();
        }
        served
    }
}

/// Every route of the platform.
fn router(state: AppState) -> Router {
    let max_upload = state.config.max_upload;
    let uploads = Router::new()
        .route("/desk/documents", get(desk::page).post(desk::upload))
        .route("/api/v1/scan", post(api::scan))
        .route("/api/v1/redact", post(api::redact))
        .layer(DefaultBodyLimit::max(max_upload));
    // Reports and QR images: the image cap and the text fields.
    let reports = Router::new()
        .route("/check/qr", post(reports::check_qr))
        .route("/report", get(reports::report_page).post(reports::report_submit))
        .route("/api/v1/reports", post(reports::report_api))
        .layer(DefaultBodyLimit::max(reports::MAX_REPORT_BODY));
    let batches = Router::new()
        .route("/api/v1/inventory/batches", post(inventory::post_batch))
        .layer(DefaultBodyLimit::max(inventory::MAX_BATCH_BYTES));
    Router::new()
        .route("/", get(pages::home))
        .route("/check", get(pages::home).post(pages::check))
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/login/second-factor", get(pages::second_factor_page).post(pages::second_factor))
        .route("/logout", post(pages::logout))
        .route("/setup", get(pages::setup_page).post(pages::setup))
        .route("/admin/users", get(pages::users_page).post(pages::create_user))
        .route("/admin/audit", get(pages::audit_page))
        .route("/admin/tokens", get(pages::tokens_page).post(pages::create_token))
        .route("/admin/tokens/{id}/revoke", post(pages::revoke_token))
        .route("/desk/downloads/{id}", get(desk::download))
        .route("/desk/jobs/{id}", get(desk::job_page))
        .route("/learn", get(learn::my_lessons))
        .route("/learn/lessons/{id}", get(learn::lesson_page))
        .route("/learn/lessons/{id}/quiz", get(learn::quiz_page).post(learn::quiz_submit))
        .route("/learn/commitment", get(learn::commitment_page).post(learn::commitment_sign))
        .route("/learn/certificates/{code}", get(learn::certificate_page))
        .route("/learn/verify", get(learn::verify_page))
        .route("/learn/manage", get(learn::manage_page))
        .route("/learn/manage/assign", post(learn::manage_assign))
        .route("/learn/manage/units", post(learn::manage_unit))
        .route("/learn/manage/people", post(learn::manage_people))
        .route("/learn/progress", get(learn::progress_page))
        .route("/learn/progress.csv", get(learn::progress_csv))
        .route("/learn/report", get(learn::report_page))
        .route("/canh-bao", get(learn::outreach_index))
        .route("/canh-bao/{id}", get(learn::outreach_page))
        .route("/canh-bao/{id}/quiz", get(learn::public_quiz_page).post(learn::public_quiz_submit))
        .route("/canh-bao/{id}/poster.pdf", get(learn::poster))
        .route("/api/v1/lessons", get(learn::api_lessons))
        .route("/api/v1/lessons/{id}", get(learn::api_lesson))
        .route("/healthz", get(api::healthz))
        .route("/api/v1/check", post(api::check))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/blocklist", get(reports::blocklist_page))
        .route("/api/v1/blocklist", get(reports::blocklist_api))
        .route("/appeal", get(reports::appeal_page).post(reports::appeal_submit))
        .route("/desk/reports", get(reports::queue_page))
        .route("/desk/reports/{id}", get(reports::report_detail))
        .route("/desk/reports/{id}/accept", post(reports::accept))
        .route("/desk/reports/{id}/reject", post(reports::reject))
        .route("/desk/reports/{id}/merge", post(reports::merge))
        .route("/desk/blocklist/{id}/delist", post(reports::delist))
        .route("/desk/appeals", get(reports::appeals_page))
        .route("/desk/appeals/{id}/grant", post(reports::grant_appeal))
        .route("/desk/appeals/{id}/deny", post(reports::deny_appeal))
        .merge(uploads)
        .route("/api/v1/inventory", get(inventory::get_inventory))
        .route("/api/v1/inventory/complete", post(inventory::post_complete))
        .route("/inventory", get(inventory::page))
        .route("/inventory/scans/{id}", get(inventory::scan_page))
        .route("/compliance", get(comply::index))
        .route("/compliance/incidents", post(comply::create_incident))
        .route("/compliance/incidents/{id}", get(comply::incident_page))
        .route("/compliance/incidents/{id}/done", post(comply::incident_done))
        .route("/compliance/incidents/{id}/remediated", post(comply::incident_remediated))
        .route("/compliance/incidents/{id}/form08.docx", get(comply::form08))
        .route("/compliance/incidents/{id}/form08.pdf", get(comply::form08_pdf))
        .route("/compliance/requests", post(comply::create_request))
        .route("/compliance/requests/{id}", get(comply::request_page))
        .route("/compliance/requests/{id}/done", post(comply::request_done))
        .route("/compliance/requests/{id}/extend", post(comply::request_extend))
        .route("/compliance/requests/{id}/close", post(comply::request_close))
        .route("/compliance/settings", get(comply::settings_page).post(comply::settings_save))
        .route("/compliance/systems", get(registers::systems_page).post(registers::system_save))
        .route("/compliance/systems/{id}", get(registers::system_page))
        .route(
            "/compliance/activities",
            get(registers::activities_page).post(registers::activity_save),
        )
        .route("/compliance/activities/{id}", get(registers::activity_page))
        .route("/compliance/activities/{id}/confirm", post(registers::activity_confirm))
        .route("/compliance/activities/{id}/{file}", get(registers::dossier_file))
        .route("/compliance/overview", get(registers::overview))
        .route("/simulation", get(simulation::index).post(simulation::create))
        .route("/simulation/{id}", get(simulation::report))
        .route("/t/{token}", get(simulation::click).post(simulation::submit))
        .route("/t/{token}/o.gif", get(simulation::open))
        .route("/bao-cao-thu", get(simulation::report_page).post(simulation::report_submit))
        .route("/api/v1/incidents", post(comply::api_incident))
        .route("/api/v1/requests", post(comply::api_request))
        .route("/api/v1/compliance/rules", get(comply::api_rules))
        .route("/dashboard", get(dashboard::page))
        .route("/dashboard.csv", get(dashboard::csv))
        .route("/dashboard/print", get(dashboard::print))
        .merge(batches)
        .merge(reports)
        .fallback(pages::not_found)
        .layer(axum::middleware::map_response(auth::security_headers))
        // Forms and JSON outside the upload routes are small.
        .layer(DefaultBodyLimit::max(256 << 10))
        .with_state(state)
}
