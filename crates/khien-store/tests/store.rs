//! The store against a real SQLite file and a real PostgreSQL database: the same checks on
//! both.

use khien_store::{Login, Role, Stage, Store, StoreError};

const GOOD: &str = "ngựa vằn uống trà sữa lúc bình minh";

async fn sqlite() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&khien_store::sqlite_url(dir.path())).await.unwrap();
    (dir, store)
}

async fn exercise(store: &Store) {
    // First run: a setup token while no account exists, used once.
    assert_eq!(store.user_count().await.unwrap(), 0);
    let setup = store.create_setup_token().await.unwrap().expect("a setup token");
    assert!(store.setup_token_valid(&setup).await.unwrap());
    assert!(!store.setup_token_valid("wrong").await.unwrap());
    assert!(matches!(
        store.complete_setup(&setup, "admin", "password").await,
        Err(StoreError::WeakPassword(_))
    ));
    let admin = store.complete_setup(&setup, "admin", GOOD).await.unwrap();
    assert_eq!(admin.role, Role::Administrator);
    assert!(matches!(
        store.complete_setup(&setup, "admin2", GOOD).await,
        Err(StoreError::SetupClosed)
    ));
    assert!(store.create_setup_token().await.unwrap().is_none());

    // Accounts.
    assert!(matches!(
        store.create_user("admin", Role::Staff, GOOD).await,
        Err(StoreError::UserExists)
    ));
    assert!(matches!(
        store.create_user("bad name", Role::Staff, GOOD).await,
        Err(StoreError::InvalidUsername)
    ));
    for weak in ["123456789012", "passwordpassword", "lan.nguyen2024"] {
        assert!(
            matches!(
                store.create_user("lan.nguyen", Role::Staff, weak).await,
                Err(StoreError::WeakPassword(_))
            ),
            "{weak} accepted"
        );
    }
    let staff = store.create_user("lan.nguyen", Role::Staff, GOOD).await.unwrap();
    assert_eq!(store.users().await.unwrap().len(), 2);

    // Login and lockout.
    let t = khien_store::now();
    assert!(
        matches!(store.login("lan.nguyen", GOOD, t).await.unwrap(), Login::Ok(u) if u.id == staff.id)
    );
    assert_eq!(store.login("nobody", GOOD, t).await.unwrap(), Login::Denied);
    for _ in 0..4 {
        assert_eq!(store.login("lan.nguyen", "wrong", t).await.unwrap(), Login::Denied);
    }
    let locked = store.login("lan.nguyen", "wrong", t).await.unwrap();
    assert!(matches!(locked, Login::Locked(until) if until > t));
    // The right password is refused while locked, accepted after.
    assert!(matches!(store.login("lan.nguyen", GOOD, t + 60).await.unwrap(), Login::Locked(_)));
    let later = t + khien_store::LOCKOUT_SECONDS + 1;
    assert!(matches!(store.login("lan.nguyen", GOOD, later).await.unwrap(), Login::Ok(_)));

    // Sessions: stored hashed, ended at logout.
    let sid = store.create_session(staff.id, 3600).await.unwrap();
    assert_eq!(store.session_user(&sid).await.unwrap().map(|u| u.id), Some(staff.id));
    assert!(store.session_user("not-a-session").await.unwrap().is_none());
    let other = store.create_session(staff.id, 3600).await.unwrap();
    assert_ne!(sid, other);
    store.delete_session(&sid).await.unwrap();
    assert!(store.session_user(&sid).await.unwrap().is_none());
    let expired = store.create_session(staff.id, -1).await.unwrap();
    assert!(store.session_user(&expired).await.unwrap().is_none());
    assert!(store.delete_expired_sessions().await.unwrap() >= 1);

    // Second factor for the administrator: enrol, then codes work once each.
    assert!(admin.role.requires_second_factor() && !Role::Staff.requires_second_factor());
    let pending = store.create_session_at(admin.id, 600, Stage::SecondFactor).await.unwrap();
    assert!(store.session_user(&pending).await.unwrap().is_none(), "not signed in yet");
    assert_eq!(store.second_factor_user(&pending).await.unwrap().map(|u| u.id), Some(admin.id));
    let secret = store.totp_begin(admin.id).await.unwrap().expect("a key");
    let t = khien_store::now();
    let code = khien_store::totp_code(&secret, t).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(store.totp_confirm(admin.id, wrong, t).await.unwrap().is_none());
    let codes = store.totp_confirm(admin.id, &code, t).await.unwrap().expect("codes");
    assert_eq!(codes.len(), khien_store::RECOVERY_CODES);
    assert!(store.totp_begin(admin.id).await.unwrap().is_none(), "no re-enrolment over a key");
    assert!(store.users().await.unwrap().iter().any(|u| u.id == admin.id && u.totp_enabled));
    assert_eq!(store.verify_second_factor(admin.id, &code, t).await.unwrap(), Login::Denied);
    let next = khien_store::totp_code(&secret, t + 30).unwrap();
    assert!(matches!(
        store.verify_second_factor(admin.id, &next, t + 30).await.unwrap(),
        Login::Ok(_)
    ));
    let rc = codes[3].to_lowercase();
    assert!(matches!(store.verify_second_factor(admin.id, &rc, t).await.unwrap(), Login::Ok(_)));
    assert_eq!(store.verify_second_factor(admin.id, &rc, t).await.unwrap(), Login::Denied);
    assert_eq!(store.recovery_codes_left(admin.id).await.unwrap(), 9);

    // API tokens: shown once, stored hashed, revocable.
    let secret = store.create_api_token("agent-1").await.unwrap();
    assert!(secret.starts_with("khien_"));
    let tok = store.api_token(&secret).await.unwrap().expect("token");
    assert_eq!(tok.name, "agent-1");
    assert!(store.api_token("khien_wrong").await.unwrap().is_none());
    assert_eq!(store.api_tokens().await.unwrap(), vec![tok.clone()]);
    assert!(store.revoke_api_token(tok.id).await.unwrap());
    assert!(store.api_tokens().await.unwrap().is_empty());
    assert!(store.api_token(&secret).await.unwrap().is_none());

    // The audit log is append-only: the database refuses changes.
    store.audit("user:admin", "user_created", "lan.nguyen staff").await.unwrap();
    let entries = store.audit_entries(10).await.unwrap();
    assert_eq!(entries[0].action, "user_created");
    assert!(store.try_tamper_audit(entries[0].id).await.is_err());
    assert_eq!(store.audit_entries(10).await.unwrap(), entries);

    // Upload history: counts only.
    store.record_upload("user:lan.nguyen", "documents", 2, 1234, 7).await.unwrap();
    let up = store.uploads(5).await.unwrap();
    assert_eq!((up[0].files, up[0].bytes, up[0].findings), (2, 1234, 7));
}

#[tokio::test]
async fn sqlite_store() {
    let (_dir, store) = sqlite().await;
    exercise(&store).await;
}

#[tokio::test]
async fn sqlite_migrations_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = khien_store::sqlite_url(dir.path());
    let a = Store::connect(&url).await.unwrap();
    a.create_user("lan", Role::Officer, GOOD).await.unwrap();
    a.close().await;
    let b = Store::connect(&url).await.unwrap();
    assert_eq!(b.user_count().await.unwrap(), 1);
}

#[tokio::test]
async fn postgres_store() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.backend(), khien_store::Backend::Postgres);
    exercise(&store).await;
}

#[test]
fn unsupported_url() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    assert!(matches!(rt.block_on(Store::connect("mysql://x")), Err(StoreError::UnsupportedUrl)));
}
