//! Helpers for tests against a real PostgreSQL (hidden from the docs; not for production).
//!
//! `KHIEN_TEST_DATABASE_URL` names a PostgreSQL server where the tests may create databases
//! (`.ci/run` starts a throwaway cluster with `.ci/postgres-start` and exports it). Each test
//! gets a fresh database of its own.
#![doc(hidden)]

use sqlx::{AnyConnection, Connection};

/// The environment variable naming the test server.
pub const ENV: &str = "KHIEN_TEST_DATABASE_URL";

/// A fresh, empty PostgreSQL database for one test, or `None` when no test server is
/// configured outside CI. Under CI (`CI` set) a missing server is a failure, not a skip.
pub async fn fresh_postgres() -> Option<String> {
    let Ok(base) = std::env::var(ENV) else {
        if std::env::var_os("CI").is_some() {
            panic!("{ENV} is not set under CI: .ci/run must start PostgreSQL");
        }
        eprintln!("skipping the PostgreSQL part: {ENV} is not set (see .ci/postgres-start)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = format!(
        "khien_t_{}",
        crate::random_secret()
            .expect("random")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase()
    );
    let mut conn = AnyConnection::connect(&base).await.expect("connect to the test server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    conn.close().await.ok();
    let (head, _) = base.rsplit_once('/').expect("a URL with a database name");
    Some(format!("{head}/{name}"))
}
