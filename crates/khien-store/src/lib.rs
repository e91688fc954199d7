//! Khiên platform storage: accounts, sessions, API tokens, the one-time setup token, the
//! append-only audit log, the upload history and the personal-data inventory reported by scan
//! agents ([`inventory`]), in SQLite (the default, a file in the data folder) or PostgreSQL,
//! through sqlx with migrations run on connect; and the SQLite online backup.
//!
//! What it is: plain async functions over a [`Store`], with the security rules that belong to
//! the data (argon2id password hashes, the offline weak-password check, login lockout, secrets
//! stored only as hashes, sessions that expire, an audit log the database itself refuses to
//! change). What it is not: no HTTP, no cookies, no CSRF, no rendering (that is
//! `khien-server`), and no personal-data or fraud logic (the engines). It never stores a found
//! value or an uploaded file: the upload history holds counts only.
//!
//! [`comply`] keeps the compliance register: incidents and breaches, data-subject requests,
//! the deadlines met on them and the agency's compliance settings; [`registers`] the system
//! register (security levels) and the processing register.
//!
//! [`simulation`] keeps the phishing-simulation campaigns, their recipients and what each did.
//!
//! [`reports`] keeps the scam desk's records: reports from the public, their moderation, the
//! published list and the appeals against it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), khien_store::StoreError> {
//! use khien_store::{Role, Store};
//! let store = Store::connect("sqlite://khien-data/khien.db?mode=rwc").await?;
//! store.create_user("lan", Role::Staff, "một câu mật khẩu đủ dài 2026").await?;
//! # Ok(()) }
//! ```

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

/// Failed logins in a row after which an account is locked.
pub const LOCKOUT_AFTER: i64 = 5;
/// How long a locked account stays locked, in seconds.
pub const LOCKOUT_SECONDS: i64 = 15 * 60;
/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Lowest zxcvbn score accepted (0–4).
pub const MIN_PASSWORD_SCORE: u8 = 3;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The password is too weak; the text says why (Vietnamese, English in brackets).
    #[error("mật khẩu yếu (weak password): {0}")]
    WeakPassword(String),
    /// A username that is empty, too long or has characters other than letters, digits, `.`,
    /// `_` and `-`.
    #[error("tên đăng nhập không hợp lệ (invalid username)")]
    InvalidUsername,
    /// The username is taken.
    #[error("tên đăng nhập đã tồn tại (username already exists)")]
    UserExists,
    /// The setup token is wrong or used, or an account exists already.
    #[error("liên kết cài đặt không hợp lệ hoặc đã dùng (setup link invalid or used)")]
    SetupClosed,
    /// A database URL that is neither `sqlite:` nor `postgres:`.
    #[error("database URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    /// Hashing failed (should not happen).
    #[error("password hashing failed")]
    Hash,
    /// The system's random source failed.
    #[error("random source failed")]
    Random,
}

/// A role of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Staff: the document desk.
    Staff,
    /// Officer (data-protection officer): the document desk and the audit log.
    Officer,
    /// Administrator: everything, accounts included.
    Administrator,
}

impl Role {
    /// All roles, least to most powerful.
    pub const ALL: [Role; 3] = [Role::Staff, Role::Officer, Role::Administrator];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Officer => "officer",
            Role::Administrator => "administrator",
        }
    }

    /// The role of a code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether accounts of this role must sign in with a second factor (TOTP): administrators
    /// and officers.
    pub fn requires_second_factor(self) -> bool {
        matches!(self, Role::Administrator | Role::Officer)
    }

    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Staff => "Nhân viên",
            Role::Officer => "Cán bộ bảo vệ dữ liệu",
            Role::Administrator => "Quản trị viên",
        }
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Created at (Unix seconds).
    pub created_at: i64,
    /// Locked until (Unix seconds; 0 or past: not locked).
    pub locked_until: i64,
    /// Whether a TOTP second factor is enrolled and confirmed.
    pub totp_enabled: bool,
}

/// The result of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The password is right.
    Ok(User),
    /// Unknown user or wrong password (callers must not say which).
    Denied,
    /// The account is locked until this time (Unix seconds), after too many failures.
    Locked(i64),
}

/// An API token (the secret itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Database id.
    pub id: i64,
    /// The name given at creation (which agent uses it).
    pub name: String,
    /// Created at (Unix seconds).
    pub created_at: i64,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// Who: `user:NAME`, `token:NAME`, `anonymous`, `system`.
    pub actor: String,
    /// What, as a stable code (`login`, `login_failed`, `user_created`, …).
    pub action: String,
    /// Details without secrets or personal data found in files.
    pub detail: String,
}

/// One upload to a desk: counts only, never names of people or values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upload {
    /// Sequence number.
    pub id: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// Who.
    pub actor: String,
    /// `documents` (the document desk), `api_scan` or `api_redact`.
    pub desk: String,
    /// Files in the upload.
    pub files: i64,
    /// Bytes in the upload.
    pub bytes: i64,
    /// Findings in all.
    pub findings: i64,
}

/// The database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The platform's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// The default database URL: SQLite in `data_dir/khien.db`, created if missing.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("khien.db").display())
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A fresh random secret: 32 bytes, base64url without padding.
pub fn random_secret() -> Result<String, StoreError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|_| StoreError::Random)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// SHA-256 of a high-entropy secret (session id, API or setup token), hex. Passwords are
/// never hashed this way: they go through argon2id.
pub fn secret_hash(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a password offline: at least [`MIN_PASSWORD_CHARS`] characters and a zxcvbn score
/// of at least [`MIN_PASSWORD_SCORE`] (the username and product names count as known words).
pub fn check_password(username: &str, password: &str) -> Result<(), StoreError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::WeakPassword(format!(
            "cần ít nhất {MIN_PASSWORD_CHARS} ký tự (at least {MIN_PASSWORD_CHARS} characters)"
        )));
    }
    if password.len() > 1024 {
        return Err(StoreError::WeakPassword("quá dài (too long)".into()));
    }
    let entropy = zxcvbn::zxcvbn(password, &[username, "khien", "khiên"]);
    if u8::from(entropy.score()) < MIN_PASSWORD_SCORE {
        return Err(StoreError::WeakPassword(
            "dễ đoán; hãy dùng một câu dài gồm nhiều từ (easy to guess; use a long passphrase)"
                .into(),
        ));
    }
    Ok(())
}

fn valid_username(u: &str) -> bool {
    !u.is_empty()
        && u.len() <= 64
        && u.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| StoreError::Random)?;
    let salt = SaltString::encode_b64(&salt).map_err(|_| StoreError::Hash)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| StoreError::Hash)
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: Role::from_code(&role).unwrap_or(Role::Staff),
        created_at: row.try_get("created_at")?,
        locked_until: row.try_get("locked_until")?,
        totp_enabled: row
            .try_get::<Option<String>, _>("totp_secret")?
            .is_some_and(|s| !s.starts_with(PENDING)),
    })
}

const USER_COLUMNS: &str = "id, username, role, created_at, locked_until, totp_secret";

/// Prefix of a TOTP secret shown for enrolment but not yet confirmed with a code.
const PENDING: &str = "pending:";

/// Recovery codes given at TOTP enrolment.
pub const RECOVERY_CODES: usize = 10;

/// The stage of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Signed in.
    Full,
    /// The password was right; the second factor (or its enrolment) is still due. Such a
    /// session opens nothing but the second-factor page.
    SecondFactor,
}

impl Stage {
    fn code(self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::SecondFactor => "second_factor",
        }
    }
}

fn totp(secret_b32: &str) -> Option<totp_rs::TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_string()).to_bytes().ok()?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).ok()
}

/// The TOTP code of a base32 secret at Unix time `t` (RFC 6238: SHA-1, 6 digits, 30 s), as an
/// authenticator app shows it.
pub fn totp_code(secret_b32: &str, t: i64) -> Option<String> {
    Some(totp(secret_b32)?.generate(t.max(0) as u64))
}

/// The `otpauth://` URI of a secret, for authenticator apps.
pub fn totp_uri(username: &str, secret_b32: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    format!(
        "otpauth://totp/Khien:{}?secret={secret_b32}&issuer=Khien&algorithm=SHA1&digits=6&period=30",
        enc(username)
    )
}

/// The 30-second step a six-digit `code` matches at `now`, within one step either way.
fn totp_step(secret_b32: &str, code: &str, now: i64) -> Option<i64> {
    let t = totp(secret_b32)?;
    let step = now.div_euclid(30);
    [step - 1, step, step + 1].into_iter().find(|s| {
        let want = t.generate((*s * 30).max(0) as u64);
        bool::from(subtle::ConstantTimeEq::ct_eq(want.as_bytes(), code.as_bytes()))
    })
}

/// A recovery code as typed: upper case, without spaces and dashes.
fn normal_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

impl Store {
    /// Connects to `url` (`sqlite://PATH?mode=rwc` or `postgres://…`) and runs the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let max = if backend == Backend::Sqlite { 4 } else { 8 };
        let pool = AnyPoolOptions::new().max_connections(max).connect(url).await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        Ok(Store { pool, backend })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    // ---- accounts ----

    /// Number of accounts.
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// Creates an account after the weak-password check; the password is stored as argon2id.
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        password: &str,
    ) -> Result<User, StoreError> {
        if !valid_username(username) {
            return Err(StoreError::InvalidUsername);
        }
        check_password(username, password)?;
        let hash = hash_password(password)?;
        let at = now();
        let row = sqlx::query(
            "INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(username)
        .bind(role.code())
        .bind(hash)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::UserExists,
            _ => StoreError::Db(e),
        })?;
        Ok(User {
            id: row.try_get("id")?,
            username: username.to_string(),
            role,
            created_at: at,
            locked_until: 0,
            totp_enabled: false,
        })
    }

    /// All accounts, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Checks a login at time `now`. Five failures in a row lock the account for fifteen
    /// minutes; while locked even the right password is refused. An unknown name costs the
    /// same argon2 work as a known one.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        now: i64,
    ) -> Result<Login, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash, failed_logins, disabled FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            // Same cost as a real check, so timing does not tell which names exist.
            let _ = verify_password(dummy_hash(), password);
            return Ok(Login::Denied);
        };
        let user = user_from_row(&row)?;
        let hash: String = row.try_get("password_hash")?;
        let disabled: i64 = row.try_get("disabled")?;
        if user.locked_until > now {
            return Ok(Login::Locked(user.locked_until));
        }
        if disabled != 0 || !verify_password(&hash, password) {
            return self.failed(user.id, now).await;
        }
        if !user.role.requires_second_factor() {
            self.succeeded(user.id).await?;
        }
        Ok(Login::Ok(user))
    }

    /// Counts a failed sign-in step (password or second factor); locks the account at
    /// [`LOCKOUT_AFTER`].
    async fn failed(&self, user_id: i64, now: i64) -> Result<Login, StoreError> {
        let row = sqlx::query("SELECT failed_logins FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        let failed: i64 = row.try_get::<i64, _>("failed_logins")? + 1;
        let (failed, locked) =
            if failed >= LOCKOUT_AFTER { (0, now + LOCKOUT_SECONDS) } else { (failed, 0) };
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(failed)
            .bind(locked)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(if locked > 0 { Login::Locked(locked) } else { Login::Denied })
    }

    async fn succeeded(&self, user_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ---- second factor ----

    /// Starts (or restarts) TOTP enrolment: a new random secret, pending until confirmed with
    /// [`Store::totp_confirm`]. Returns the base32 secret to show once. Refused (`None`) when
    /// a confirmed secret exists.
    pub async fn totp_begin(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        let mut raw = [0u8; 20];
        getrandom::fill(&mut raw).map_err(|_| StoreError::Random)?;
        let b32 = match totp_rs::Secret::Raw(raw.to_vec()).to_encoded() {
            totp_rs::Secret::Encoded(s) => s,
            totp_rs::Secret::Raw(_) => return Err(StoreError::Random),
        };
        let r = sqlx::query(
            "UPDATE users SET totp_secret = $1 WHERE id = $2 AND (totp_secret IS NULL OR totp_secret LIKE 'pending:%')",
        )
        .bind(format!("{PENDING}{b32}"))
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok((r.rows_affected() == 1).then_some(b32))
    }

    /// Confirms a pending TOTP enrolment with a code from the app; on success returns the
    /// [`RECOVERY_CODES`] one-time recovery codes (shown once, stored hashed) and resets
    /// failures. `None`: wrong code (counted towards lockout) or nothing pending.
    pub async fn totp_confirm(
        &self,
        user_id: i64,
        code: &str,
        now: i64,
    ) -> Result<Option<Vec<String>>, StoreError> {
        let row = sqlx::query("SELECT totp_secret FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        let secret: Option<String> = row.try_get("totp_secret")?;
        let Some(b32) = secret.as_deref().and_then(|s| s.strip_prefix(PENDING)) else {
            return Ok(None);
        };
        let Some(step) = totp_step(b32, code.trim(), now) else {
            self.failed(user_id, now).await?;
            return Ok(None);
        };
        sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
            .bind(b32)
            .bind(step)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        let mut codes = Vec::with_capacity(RECOVERY_CODES);
        for _ in 0..RECOVERY_CODES {
            let mut raw = [0u8; 10];
            getrandom::fill(&mut raw).map_err(|_| StoreError::Random)?;
            let code = match totp_rs::Secret::Raw(raw.to_vec()).to_encoded() {
                totp_rs::Secret::Encoded(s) => s,
                totp_rs::Secret::Raw(_) => return Err(StoreError::Random),
            };
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(secret_hash(&normal_code(&code)))
                .execute(&self.pool)
                .await?;
            codes.push(format!("{}-{}", &code[..8], &code[8..]));
        }
        self.succeeded(user_id).await?;
        Ok(Some(codes))
    }

    /// Checks the second factor at `now`: a six-digit TOTP code (each code works once) or an
    /// unused recovery code (used up). Failures count towards the lockout.
    pub async fn verify_second_factor(
        &self,
        user_id: i64,
        code: &str,
        now: i64,
    ) -> Result<Login, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, totp_last_step FROM users WHERE id = $1 AND disabled = 0"
        ))
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(Login::Denied) };
        let user = user_from_row(&row)?;
        if user.locked_until > now {
            return Ok(Login::Locked(user.locked_until));
        }
        let secret: Option<String> = row.try_get("totp_secret")?;
        let last: i64 = row.try_get("totp_last_step")?;
        let code = code.trim();
        let ok = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            match secret.as_deref().filter(|s| !s.starts_with(PENDING)) {
                Some(b32) => match totp_step(b32, code, now) {
                    // A code already used (or an older one) is refused: no replay.
                    Some(step) if step > last => {
                        let r = sqlx::query(
                            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
                        )
                        .bind(step)
                        .bind(user_id)
                        .execute(&self.pool)
                        .await?;
                        r.rows_affected() == 1
                    }
                    _ => false,
                },
                None => false,
            }
        } else {
            let r = sqlx::query(
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(now)
            .bind(user_id)
            .bind(secret_hash(&normal_code(code)))
            .execute(&self.pool)
            .await?;
            r.rows_affected() == 1
        };
        if !ok {
            return self.failed(user_id, now).await;
        }
        self.succeeded(user_id).await?;
        Ok(Login::Ok(user))
    }

    /// Recovery codes not used yet.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    // ---- sessions ----

    /// Starts a signed-in session for `user_id` lasting `ttl` seconds; returns the new session
    /// id (the cookie value). Only its hash is stored. Every sign-in gets a new id (no
    /// fixation).
    pub async fn create_session(&self, user_id: i64, ttl: i64) -> Result<String, StoreError> {
        self.create_session_at(user_id, ttl, Stage::Full).await
    }

    /// Starts a session at `stage` (see [`Stage`]).
    pub async fn create_session_at(
        &self,
        user_id: i64,
        ttl: i64,
        stage: Stage,
    ) -> Result<String, StoreError> {
        let id = random_secret()?;
        let at = now();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, stage) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secret_hash(&id))
        .bind(user_id)
        .bind(at)
        .bind(at + ttl)
        .bind(stage.code())
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The account of a live session waiting for its second factor, if any.
    pub async fn second_factor_user(&self, session_id: &str) -> Result<Option<User>, StoreError> {
        self.session_user_at(session_id, Stage::SecondFactor).await
    }

    /// The account of a live, signed-in session, if any.
    pub async fn session_user(&self, session_id: &str) -> Result<Option<User>, StoreError> {
        self.session_user_at(session_id, Stage::Full).await
    }

    async fn session_user_at(
        &self,
        session_id: &str,
        stage: Stage,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.role, u.created_at, u.locked_until, u.totp_secret FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.stage = $3 AND u.disabled = 0",
        )
        .bind(secret_hash(session_id))
        .bind(now())
        .bind(stage.code())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Ends a session (logout).
    pub async fn delete_session(&self, session_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(secret_hash(session_id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    // ---- API tokens ----

    /// Creates an API token named `name`; returns the secret, shown once (only its hash is
    /// kept).
    pub async fn create_api_token(&self, name: &str) -> Result<String, StoreError> {
        let secret = format!("khien_{}", random_secret()?);
        sqlx::query("INSERT INTO api_tokens (name, token_hash, created_at) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(secret_hash(&secret))
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(secret)
    }

    /// The token a secret belongs to, unless revoked.
    pub async fn api_token(&self, secret: &str) -> Result<Option<ApiToken>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, created_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(secret_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ApiToken {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .transpose()
    }

    /// Tokens not revoked, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, created_at FROM api_tokens WHERE revoked_at IS NULL ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Revokes a token by id.
    pub async fn revoke_api_token(&self, id: i64) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    // ---- first-run setup ----

    /// While no account exists, creates a one-time setup token (the secret of the setup link)
    /// and returns it; `None` once an account exists.
    pub async fn create_setup_token(&self) -> Result<Option<String>, StoreError> {
        if self.user_count().await? > 0 {
            return Ok(None);
        }
        let secret = random_secret()?;
        sqlx::query("INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)")
            .bind(secret_hash(&secret))
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(Some(secret))
    }

    /// Whether a setup token is valid now (unused, and no account exists yet).
    pub async fn setup_token_valid(&self, secret: &str) -> Result<bool, StoreError> {
        if self.user_count().await? > 0 {
            return Ok(false);
        }
        let row = sqlx::query(
            "SELECT 1 AS one FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL",
        )
        .bind(secret_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Uses a setup token to create the first administrator. The token is consumed first, in
    /// one statement, so two requests cannot both use it.
    pub async fn complete_setup(
        &self,
        secret: &str,
        username: &str,
        password: &str,
    ) -> Result<User, StoreError> {
        if !valid_username(username) {
            return Err(StoreError::InvalidUsername);
        }
        check_password(username, password)?;
        if self.user_count().await? > 0 {
            return Err(StoreError::SetupClosed);
        }
        let r = sqlx::query(
            "UPDATE setup_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(now())
        .bind(secret_hash(secret))
        .execute(&self.pool)
        .await?;
        if r.rows_affected() != 1 {
            return Err(StoreError::SetupClosed);
        }
        self.create_user(username, Role::Administrator, password).await
    }

    // ---- audit log ----

    /// Appends to the audit log. `detail` must hold no secret and no found value.
    pub async fn audit(&self, actor: &str, action: &str, detail: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)")
            .bind(now())
            .bind(actor)
            .bind(action)
            .bind(detail)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The latest `limit` audit entries, newest first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }

    /// Tries to change an audit entry; the database refuses. For tests of the invariant.
    #[doc(hidden)]
    pub async fn try_tamper_audit(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE audit_log SET detail = 'changed' WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM audit_log WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    // ---- upload history ----

    /// Records an upload (counts only).
    pub async fn record_upload(
        &self,
        actor: &str,
        desk: &str,
        files: i64,
        bytes: i64,
        findings: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO uploads (at, actor, desk, files, bytes, findings) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now())
        .bind(actor)
        .bind(desk)
        .bind(files)
        .bind(bytes)
        .bind(findings)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` uploads, newest first.
    pub async fn uploads(&self, limit: i64) -> Result<Vec<Upload>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, desk, files, bytes, findings FROM uploads ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Upload {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    desk: r.try_get("desk")?,
                    files: r.try_get("files")?,
                    bytes: r.try_get("bytes")?,
                    findings: r.try_get("findings")?,
                })
            })
            .collect()
    }
}

/// An argon2id hash of a random password, checked against for unknown usernames so that
/// they cost the same work as known ones.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| random_secret().and_then(|p| hash_password(&p)).unwrap_or_default())
}

mod backup;
pub mod comply;
pub mod inventory;
pub mod learn;
pub mod registers;
pub mod reports;
pub mod simulation;
pub mod testing;
