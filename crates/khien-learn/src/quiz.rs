//! Quizzes with spaced repetition (a Leitner schedule): a quiz for a lesson draws its
//! questions, missed ones first, and brings back questions missed earlier (from any lesson)
//! when they fall due; grading against a configurable pass mark; the schedule moves a
//! question up a box when answered right and back to the first box when missed.
//!
//! Days are whole days since 1970-01-01 UTC ([`day_of`]); the caller keeps the [`Item`]s.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Content, Question};

/// Days until the next review in each box: a missed question comes back the next day, then
/// after 3, 7 and 21 days while it is answered right.
pub const DEFAULT_INTERVALS: [u32; 4] = [1, 3, 7, 21];
/// Share of right answers needed to pass, in percent.
pub const DEFAULT_PASS_PERCENT: u8 = 80;

/// How quizzes are drawn and graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Days to the next review per box; a question answered right in the last box is learned.
    pub intervals: Vec<u32>,
    /// Percent of right answers needed to pass.
    pub pass_percent: u8,
    /// Questions in a quiz (all of the lesson's when it has fewer).
    pub size: usize,
    /// Most questions of other lessons brought back into one quiz.
    pub review_max: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            intervals: DEFAULT_INTERVALS.to_vec(),
            pass_percent: DEFAULT_PASS_PERCENT,
            size: 8,
            review_max: 3,
        }
    }
}

/// The day (since 1970-01-01 UTC) of a Unix time in seconds.
pub fn day_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(86_400)
}

/// One person's repetition state of one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The question id.
    pub question: String,
    /// The Leitner box: 0 after a miss, one up per right answer; `intervals.len()` is learned.
    pub box_no: u8,
    /// The day it is due again.
    pub due_day: i64,
}

impl Item {
    /// Whether it should come back on `today`.
    pub fn is_due(&self, today: i64, settings: &Settings) -> bool {
        usize::from(self.box_no) < settings.intervals.len() && self.due_day <= today
    }

    /// Whether it is learned (answered right through every box).
    pub fn is_learned(&self, settings: &Settings) -> bool {
        usize::from(self.box_no) >= settings.intervals.len()
    }
}

/// The next state of a question after an answer on `today`.
pub fn schedule(
    prev: Option<&Item>,
    question: &str,
    right: bool,
    today: i64,
    s: &Settings,
) -> Item {
    let last = s.intervals.len();
    let box_no = if right { prev.map_or(1, |p| usize::from(p.box_no) + 1).min(last) } else { 0 };
    let wait = s.intervals.get(box_no).or(s.intervals.last()).copied().unwrap_or(1);
    Item {
        question: question.to_string(),
        box_no: u8::try_from(box_no).unwrap_or(u8::MAX),
        due_day: today + i64::from(wait),
    }
}

/// A small deterministic shuffle (SplitMix64), so that a quiz page and its grading agree and
/// tests are reproducible without a random source here.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..v.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Draws a quiz for `lesson`: first up to `review_max` questions of other lessons that are
/// due (missed earlier, oldest due first), then the lesson's own questions — due or missed
/// first, then never asked, then the rest, learned ones last — up to `size` in all.
pub fn draw<'a>(
    content: &'a Content,
    lesson: &str,
    items: &[Item],
    today: i64,
    s: &Settings,
    seed: u64,
) -> Vec<&'a Question> {
    let state: BTreeMap<&str, &Item> = items.iter().map(|i| (i.question.as_str(), i)).collect();
    let mut due: Vec<&Item> = items
        .iter()
        .filter(|i| i.is_due(today, s))
        .filter(|i| content.question(&i.question).is_some_and(|q| q.lesson != lesson))
        .collect();
    due.sort_by_key(|i| (i.due_day, i.box_no, i.question.clone()));
    due.dedup_by(|a, b| a.question == b.question);
    let mut quiz: Vec<&Question> = due
        .iter()
        .take(s.review_max.min(s.size))
        .filter_map(|i| content.question(&i.question))
        .collect();
    let mut own: Vec<&Question> = content.questions.iter().filter(|q| q.lesson == lesson).collect();
    shuffle(&mut own, seed);
    // Stable sort keeps the shuffled order within each group.
    own.sort_by_key(|q| match state.get(q.id.as_str()) {
        Some(i) if i.is_due(today, s) || i.box_no == 0 => 0,
        None => 1,
        Some(i) if !i.is_learned(s) => 2,
        Some(_) => 3,
    });
    let room = s.size.saturating_sub(quiz.len()).max(s.size.min(own.len()).min(1));
    quiz.extend(own.into_iter().take(room));
    quiz
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The question id.
    pub question: String,
    /// The choice picked (0-based), if any.
    pub chosen: Option<usize>,
    /// Whether it was right.
    pub right: bool,
}

/// A graded quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graded {
    /// Per question, in quiz order.
    pub outcomes: Vec<Outcome>,
    /// Right answers.
    pub right: usize,
    /// Score in percent (rounded down).
    pub score: u8,
    /// Whether the pass mark was reached.
    pub passed: bool,
}

/// Grades answers (`chosen[i]` for `questions[i]`; missing or out of range counts as wrong).
pub fn grade(questions: &[&Question], chosen: &[Option<usize>], s: &Settings) -> Graded {
    let outcomes: Vec<Outcome> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let c = chosen.get(i).copied().flatten();
            Outcome { question: q.id.clone(), chosen: c, right: c.is_some_and(|c| q.is_right(c)) }
        })
        .collect();
    let right = outcomes.iter().filter(|o| o.right).count();
    let total = outcomes.len();
    let score = (right * 100).checked_div(total).unwrap_or(0) as u8;
    let passed = total > 0 && right * 100 >= usize::from(s.pass_percent) * total;
    Graded { outcomes, right, score, passed }
}

/// The new repetition states after a graded quiz (one per question asked).
pub fn update(items: &[Item], graded: &Graded, today: i64, s: &Settings) -> Vec<Item> {
    let state: BTreeMap<&str, &Item> = items.iter().map(|i| (i.question.as_str(), i)).collect();
    let mut done = BTreeSet::new();
    graded
        .outcomes
        .iter()
        .filter(|o| done.insert(o.question.clone()))
        .map(|o| schedule(state.get(o.question.as_str()).copied(), &o.question, o.right, today, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn content() -> Content {
        let mut questions = Vec::new();
        for lesson in ["a", "b"] {
            for n in 1..=7 {
                questions.push(Question {
                    id: format!("{lesson}-{n}"),
                    lesson: lesson.into(),
                    kind: "single".into(),
                    prompt_vi: "?".into(),
                    prompt_en: "?".into(),
                    choices_vi: vec!["x".into(), "y".into(), "z".into()],
                    choices_en: vec!["x".into(), "y".into(), "z".into()],
                    answer: n % 3,
                    explanation_vi: ".".into(),
                    explanation_en: ".".into(),
                });
            }
        }
        Content { lessons: Vec::new(), questions }
    }

    #[test]
    fn a_missed_question_comes_back_the_next_day_then_spaces_out() {
        let s = Settings::default();
        let missed = schedule(None, "a-1", false, 100, &s);
        assert_eq!((missed.box_no, missed.due_day), (0, 101));
        assert!(!missed.is_due(100, &s) && missed.is_due(101, &s));
        let mut item = missed;
        let mut day = 101;
        for (want_box, wait) in [(1, 3), (2, 7), (3, 21)] {
            item = schedule(Some(&item), "a-1", true, day, &s);
            assert_eq!((item.box_no, item.due_day), (want_box, day + wait));
            day = item.due_day;
        }
        item = schedule(Some(&item), "a-1", true, day, &s);
        assert!(item.is_learned(&s) && !item.is_due(day + 10_000, &s));
        // A miss, even of a learned question, starts over.
        assert_eq!(schedule(Some(&item), "a-1", false, day, &s).box_no, 0);
    }

    #[test]
    fn due_questions_of_other_lessons_come_back_in_the_next_quiz() {
        let c = content();
        let s = Settings::default();
        let items =
            vec![schedule(None, "b-2", false, 10, &s), schedule(None, "b-5", false, 12, &s)];
        let quiz = draw(&c, "a", &items, 11, &s, 7);
        assert_eq!(quiz[0].id, "b-2", "due on day 11");
        assert!(!quiz.iter().any(|q| q.id == "b-5"), "not due yet");
        assert_eq!(quiz.len(), s.size);
        assert_eq!(quiz.iter().filter(|q| q.lesson == "a").count(), 7);
        // The lesson's own missed question comes first among its questions.
        let items = vec![schedule(None, "a-6", false, 10, &s)];
        assert_eq!(draw(&c, "a", &items, 11, &s, 3)[0].id, "a-6");
    }

    #[test]
    fn pass_mark_is_configurable() {
        let c = content();
        let qs: Vec<&Question> = c.questions_for("a").take(5).collect();
        let mut chosen: Vec<Option<usize>> = qs.iter().map(|q| Some(q.answer)).collect();
        chosen[0] = Some((qs[0].answer + 1) % 3);
        let g = grade(&qs, &chosen, &Settings::default());
        assert_eq!((g.right, g.score, g.passed), (4, 80, true));
        let strict = Settings { pass_percent: 90, ..Settings::default() };
        assert!(!grade(&qs, &chosen, &strict).passed);
        chosen[1] = None;
        assert!(!grade(&qs, &chosen, &Settings::default()).passed);
        assert!(!grade(&[], &[], &Settings::default()).passed);
    }

    proptest! {
        #[test]
        fn schedule_stays_in_bounds(answers in proptest::collection::vec(any::<bool>(), 1..30), start in 0i64..40_000) {
            let s = Settings::default();
            let mut prev: Option<Item> = None;
            let mut day = start;
            for right in answers {
                let next = schedule(prev.as_ref(), "q", right, day, &s);
                prop_assert!(usize::from(next.box_no) <= s.intervals.len());
                prop_assert!(next.due_day > day);
                if right {
                    prop_assert!(next.box_no >= prev.as_ref().map_or(0, |p| p.box_no).min(next.box_no));
                    prop_assert!(next.box_no >= 1);
                } else {
                    prop_assert_eq!(next.box_no, 0);
                    prop_assert_eq!(next.due_day, day + 1);
                }
                day = next.due_day;
                prev = Some(next);
            }
        }

        #[test]
        fn a_quiz_has_no_duplicates_and_keeps_its_size(seed in any::<u64>(), missed in proptest::collection::vec(0usize..14, 0..10), today in 0i64..30) {
            let c = content();
            let s = Settings::default();
            let items: Vec<Item> = missed.iter().map(|i| schedule(None, &c.questions[*i].id, false, i64::try_from(*i).unwrap(), &s)).collect();
            let quiz = draw(&c, "a", &items, today, &s, seed);
            let ids: BTreeSet<&str> = quiz.iter().map(|q| q.id.as_str()).collect();
            prop_assert_eq!(ids.len(), quiz.len());
            prop_assert!(quiz.len() <= s.size && quiz.len() >= 6);
            prop_assert!(quiz.iter().filter(|q| q.lesson != "a").count() <= s.review_max);
            let all: Vec<Option<usize>> = quiz.iter().map(|q| Some(q.answer)).collect();
            let g = grade(&quiz, &all, &s);
            prop_assert!(g.passed && g.score == 100);
            let none = grade(&quiz, &[], &s);
            prop_assert!(!none.passed && none.score == 0);
            prop_assert_eq!(update(&items, &g, today, &s).len(), quiz.len());
        }
    }
}
