//! Awareness records against a real SQLite file and a real PostgreSQL database: units and
//! duties, assignments, attempts with the repetition schedule, completions, commitments,
//! certificates, the evidence export and the per-unit summary with its minimum cohort.

use khien_store::learn::{AnswerRecord, NewAttempt, ScheduleItem, year_of};
use khien_store::{Role, Store};

const GOOD: &str = "ngựa vằn uống trà sữa lúc bình minh";

async fn exercise(store: &Store) {
    let now = khien_store::now();
    let year = year_of(now);
    let unit = store.create_unit("Phòng Hành chính").await.unwrap().expect("a new unit");
    assert!(store.create_unit("Phòng Hành chính").await.unwrap().is_none(), "names are unique");
    assert!(store.create_unit("  ").await.unwrap().is_none());
    let other = store.create_unit("Phòng Tài chính").await.unwrap().unwrap();
    assert_eq!(store.units().await.unwrap().len(), 2);

    let mut staff = Vec::new();
    for i in 0..5 {
        let u = store.create_user(&format!("nv{i}"), Role::Staff, GOOD).await.unwrap();
        let duties: &[&str] = if i == 0 { &["records"] } else { &[] };
        assert!(store.set_profile(u.id, Some(unit.id), duties).await.unwrap());
        staff.push(u);
    }
    let lone = store.create_user("ketoan", Role::Staff, GOOD).await.unwrap();
    assert!(store.set_profile(lone.id, Some(other.id), &["leaders", "nonsense"]).await.unwrap());
    assert!(!store.set_profile(lone.id, Some(9_999), &[]).await.unwrap(), "no such unit");
    let p = store.profile(lone.id).await.unwrap().unwrap();
    assert_eq!(p.duties, vec!["all", "leaders"]);
    assert_eq!(p.unit.unwrap().name, "Phòng Tài chính");

    // Everyone gets the police lesson; only records staff of the first unit get the records one.
    store
        .assign_lesson("gia-danh-cong-an", None, None, year, now + 86_400, "user:admin")
        .await
        .unwrap();
    store
        .assign_lesson(
            "xu-ly-ho-so",
            Some(unit.id),
            Some("records"),
            year,
            now - 86_400,
            "user:admin",
        )
        .await
        .unwrap();
    let mine = store.assignments_for(staff[0].id, year).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(store.assignments_for(staff[1].id, year).await.unwrap().len(), 1);
    assert_eq!(store.assignments_for(lone.id, year).await.unwrap().len(), 1);
    assert!(store.assignments_for(staff[0].id, year + 1).await.unwrap().is_empty());

    // A failed attempt: answers and the schedule recorded, no completion, no certificate.
    let answers = [
        AnswerRecord { question_id: "gia-danh-cong-an-1".into(), chosen: Some(1), correct: true },
        AnswerRecord { question_id: "gia-danh-cong-an-2".into(), chosen: None, correct: false },
    ];
    let schedule = [
        ScheduleItem { question_id: "gia-danh-cong-an-1".into(), box_no: 1, due_day: 10 },
        ScheduleItem { question_id: "gia-danh-cong-an-2".into(), box_no: 0, due_day: 8 },
    ];
    let attempt = NewAttempt {
        user_id: staff[0].id,
        lesson_id: "gia-danh-cong-an",
        lesson_version: 1,
        title_vi: "Giả danh công an",
        title_en: "Police impersonation",
        score: 50,
        passed: false,
        answers: &answers,
        schedule: &schedule,
        at: now,
    };
    let (id, cert) = store.record_attempt(&attempt).await.unwrap();
    assert!(cert.is_none());
    assert_eq!(store.attempt_answers(id).await.unwrap(), answers.to_vec());
    let sched = store.schedule(staff[0].id).await.unwrap();
    assert_eq!(sched.len(), 2);
    assert_eq!(sched[0].question_id, "gia-danh-cong-an-2", "due first");
    assert!(store.completions(Some(staff[0].id), year).await.unwrap().is_empty());

    // A pass: the schedule moves on (upsert), a completion and a certificate.
    let schedule2 =
        [ScheduleItem { question_id: "gia-danh-cong-an-2".into(), box_no: 1, due_day: 11 }];
    let passed = NewAttempt { score: 100, passed: true, schedule: &schedule2, ..attempt.clone() };
    let (_, cert) = store.record_attempt(&passed).await.unwrap();
    let cert = cert.expect("a certificate");
    assert_eq!((cert.username.as_str(), cert.score, cert.year), ("nv0", 100, year));
    assert_eq!(store.certificate(&cert.code).await.unwrap().unwrap(), cert);
    assert!(store.certificate("KH-NONE").await.unwrap().is_none());
    let sched = store.schedule(staff[0].id).await.unwrap();
    assert_eq!(sched.len(), 2);
    assert!(sched.iter().any(|s| s.question_id == "gia-danh-cong-an-2" && s.box_no == 1));
    // A second pass keeps the first completion.
    let again = NewAttempt { score: 90, at: now + 10, ..passed.clone() };
    store.record_attempt(&again).await.unwrap();
    let done = store.completions(Some(staff[0].id), year).await.unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].score, 100);
    assert_eq!(store.certificates(staff[0].id).await.unwrap().len(), 2);

    // The commitment: signed once a year, with the hash of the text.
    let c = store
        .sign_commitment(staff[0].id, year, "2026-1", "Tôi cam kết …", "  Nguyễn Thị Hoa ")
        .await
        .unwrap()
        .expect("signed");
    assert_eq!(c.full_name, "Nguyễn Thị Hoa");
    assert_eq!(c.text_hash, khien_store::secret_hash("Tôi cam kết …"));
    assert!(
        store.sign_commitment(staff[0].id, year, "2026-1", "x", "Hoa").await.unwrap().is_none()
    );
    assert!(store.sign_commitment(staff[1].id, year, "2026-1", "x", " ").await.unwrap().is_none());
    assert_eq!(store.commitment(staff[0].id, year).await.unwrap().unwrap(), c);
    assert!(store.commitment(staff[0].id, year + 1).await.unwrap().is_none());

    // Evidence per unit and year.
    let rows = store.progress(year, Some(unit.id)).await.unwrap();
    assert_eq!(rows.len(), 6, "five people, one with a second lesson");
    let nv0: Vec<_> = rows.iter().filter(|r| r.username == "nv0").collect();
    assert_eq!(nv0.len(), 2);
    assert!(nv0.iter().any(|r| r.lesson_id == "gia-danh-cong-an" && r.score == Some(100)));
    assert!(nv0.iter().any(|r| r.lesson_id == "xu-ly-ho-so" && r.completed_at.is_none()));
    // The aggregate hides the one-person unit.
    let (units, hidden) = store.unit_summaries(year, 5).await.unwrap();
    assert_eq!(hidden, 1, "{units:?}");
    assert_eq!(units.len(), 1);
    let u = &units[0];
    assert_eq!(u.unit.as_deref(), Some("Phòng Hành chính"));
    assert_eq!((u.people, u.assigned, u.completed, u.committed), (5, 6, 1, 1));
    assert_eq!(u.mean_score, Some(100));
    let (units, hidden) = store.unit_summaries(year, 1).await.unwrap();
    assert_eq!((units.len(), hidden), (2, 0));
}

#[tokio::test]
async fn learning_records_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&khien_store::sqlite_url(dir.path())).await.unwrap();
    exercise(&store).await;
}

#[tokio::test]
async fn learning_records_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let store = Store::connect(&url).await.unwrap();
    exercise(&store).await;
}
