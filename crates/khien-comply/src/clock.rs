//! Legal clocks: when a period that starts at an event ends.
//!
//! Counting follows the Civil Code 2015 (Arts. 147–148), which governs periods in Vietnamese
//! law unless a text says otherwise:
//! - a period in **hours** is elapsed time: the instant `n` hours after the event, weekends
//!   and holidays included, never moved;
//! - a period in **days, months or years** does not count the day of the event; it ends at
//!   24:00 of its last day (shown as 23:59:59), and a last day that is a weekend or a holiday
//!   moves to the end of the next working day (switch `roll_to_working_day`);
//! - a period in **working days** counts the agency's working days after the day of the event.
//!
//! Every time is converted to Vietnam's time, UTC+07:00, before the day of the event is
//! taken: Vietnam has kept that offset without daylight saving since 1975, so a fixed offset
//! is exact for every date a register holds (no time-zone database needed).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};

use crate::calendar::WorkingCalendar;
use crate::pack::{RuleKind, Unit};

/// Vietnam's offset from UTC.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// The instant in Vietnam's time.
pub fn in_vietnam<Tz: TimeZone>(t: &DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&vietnam())
}

/// The last second of `day` in Vietnam (24:00 of the day, one second early so that the date
/// shown is the day itself).
pub fn end_of_day(day: NaiveDate) -> DateTime<FixedOffset> {
    let t = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time"));
    vietnam().from_local_datetime(&t).single().expect("a fixed offset has no gaps")
}

/// The end of a period and what the officer should know about how it was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// When the period ends, in Vietnam's time.
    pub at: DateTime<FixedOffset>,
    /// The last day fell on a day off and was moved to this working day's end.
    pub moved_from: Option<NaiveDate>,
    /// Years the count crossed whose holidays the calendar does not list.
    pub uncovered_years: Vec<i32>,
}

/// How clocks count: the agency's calendar and the interpretation switches.
#[derive(Debug, Clone)]
pub struct Counting<'a> {
    /// The agency's working calendar.
    pub calendar: &'a WorkingCalendar,
    /// Whether "ngày" means calendar days (else working days).
    pub days_are_calendar_days: bool,
    /// Whether a last day off moves to the next working day.
    pub roll_to_working_day: bool,
}

impl<'a> Counting<'a> {
    /// Counting with the switches' values (missing ones take the legal defaults: calendar
    /// days, rolled forward).
    pub fn new(calendar: &'a WorkingCalendar, switches: &BTreeMap<String, bool>) -> Counting<'a> {
        Counting {
            calendar,
            days_are_calendar_days: switches.get("days_are_calendar_days").copied().unwrap_or(true),
            roll_to_working_day: switches.get("roll_to_working_day").copied().unwrap_or(true),
        }
    }

    /// The end of a period of `n` `unit`s that starts at `start`.
    pub fn due(&self, start: DateTime<FixedOffset>, n: u32, unit: Unit, kind: RuleKind) -> Due {
        let start = in_vietnam(&start);
        let day = start.date_naive();
        let unit = match unit {
            Unit::Days if !self.days_are_calendar_days => Unit::WorkingDays,
            Unit::Days => Unit::CalendarDays,
            u => u,
        };
        let last_day = match unit {
            Unit::Hours => {
                return Due {
                    at: start + Duration::hours(i64::from(n)),
                    moved_from: None,
                    uncovered_years: vec![],
                };
            }
            Unit::WorkingDays => {
                let last = self.calendar.add_working_days(day, n);
                return Due {
                    at: end_of_day(last),
                    moved_from: None,
                    uncovered_years: self.uncovered(day, last),
                };
            }
            Unit::CalendarDays | Unit::Days => day + Duration::days(i64::from(n)),
            Unit::Months => add_months(day, n),
            Unit::Years => add_months(day, n.saturating_mul(12)),
        };
        let roll = self.roll_to_working_day
            && kind == RuleKind::Deadline
            && !self.calendar.is_working_day(last_day);
        if roll {
            let moved = self.calendar.next_working_day(last_day);
            Due {
                at: end_of_day(moved),
                moved_from: Some(last_day),
                uncovered_years: self.uncovered(last_day, moved),
            }
        } else {
            let uncovered = if kind == RuleKind::Deadline && self.roll_to_working_day {
                self.uncovered(last_day, last_day)
            } else {
                vec![]
            };
            Due { at: end_of_day(last_day), moved_from: None, uncovered_years: uncovered }
        }
    }

    fn uncovered(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        (from.year()..=to.year()).filter(|y| !self.calendar.covers(*y)).collect()
    }
}

/// `day` plus `n` calendar months; the 31st of a shorter month becomes its last day (Civil
/// Code Art. 148(3)).
fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n)).expect("dates stay far from chrono's limits")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn counting(cal: &WorkingCalendar) -> Counting<'_> {
        Counting::new(cal, &BTreeMap::new())
    }

    /// The table of clocks: start, period, unit, expected end (Vietnam time) and whether the
    /// end was moved off a day off.
    #[test]
    fn clocks_table() {
        let cal = WorkingCalendar::embedded();
        let c = counting(&cal);
        let d = RuleKind::Deadline;
        let rows: &[(&str, u32, Unit, &str, bool)] = &[
            // 72 hours is elapsed time, straight through Tết.
            ("2026-02-13T16:30:00+07:00", 72, Unit::Hours, "2026-02-16T16:30:00+07:00", false),
            // An instant given in UTC is the same instant; the answer is in Vietnam's time.
            ("2026-03-01T20:00:00Z", 72, Unit::Hours, "2026-03-05T03:00:00+07:00", false),
            // 2 working days from Friday 13 Feb: Tết and two weekends are skipped.
            ("2026-02-13T09:00:00+07:00", 2, Unit::WorkingDays, "2026-02-24T23:59:59+07:00", false),
            // Received 23:30 UTC on Thursday 12 Feb = 06:30 Friday 13 Feb in Vietnam.
            ("2026-02-12T23:30:00Z", 2, Unit::WorkingDays, "2026-02-24T23:59:59+07:00", false),
            // Received Saturday: the count starts from the next working days.
            ("2026-12-05T10:00:00+07:00", 2, Unit::WorkingDays, "2026-12-08T23:59:59+07:00", false),
            // 10 days from 5 Feb ends Sunday 15 Feb, inside Tết: moved to Monday 23 Feb.
            ("2026-02-05T09:00:00+07:00", 10, Unit::Days, "2026-02-23T23:59:59+07:00", true),
            // 15 days from Monday 7 Dec ends Tuesday 22 Dec, a working day.
            ("2026-12-07T08:00:00+07:00", 15, Unit::Days, "2026-12-22T23:59:59+07:00", false),
            // 5 days from Sunday 26 April ends Friday 1 May (holiday), then the weekend: Monday 4 May.
            ("2026-04-26T12:00:00+07:00", 5, Unit::Days, "2026-05-04T23:59:59+07:00", true),
            // 60 days from 1 July 2026 ends Sunday 30 August: Monday 31 August.
            ("2026-07-01T09:00:00+07:00", 60, Unit::Days, "2026-08-31T23:59:59+07:00", true),
            // 6 months from 31 August is 28 February; 2027's holidays are unknown, weekends still count.
            ("2026-08-31T09:00:00+07:00", 6, Unit::Months, "2027-03-01T23:59:59+07:00", true),
            ("2026-03-31T09:00:00+07:00", 6, Unit::Months, "2026-09-30T23:59:59+07:00", false),
        ];
        for (start, n, unit, want, moved) in rows {
            let due = c.due(t(start), *n, *unit, d);
            assert_eq!(due.at, t(want), "{start} + {n} {unit:?}");
            assert_eq!(due.at.offset(), &vietnam());
            assert_eq!(due.moved_from.is_some(), *moved, "{start} + {n} {unit:?}");
        }
    }

    #[test]
    fn switches_change_the_count() {
        let cal = WorkingCalendar::embedded();
        let start = t("2026-12-07T08:00:00+07:00");
        let working =
            Counting { calendar: &cal, days_are_calendar_days: false, roll_to_working_day: true };
        // 15 working days from Monday 7 Dec = Monday 28 Dec.
        assert_eq!(
            working.due(start, 15, Unit::Days, RuleKind::Deadline).at,
            t("2026-12-28T23:59:59+07:00")
        );
        // CalendarDays ignores the switch.
        assert_eq!(
            working.due(start, 15, Unit::CalendarDays, RuleKind::Deadline).at,
            t("2026-12-22T23:59:59+07:00")
        );
        let no_roll =
            Counting { calendar: &cal, days_are_calendar_days: true, roll_to_working_day: false };
        let due = no_roll.due(t("2026-02-05T09:00:00+07:00"), 10, Unit::Days, RuleKind::Deadline);
        assert_eq!(due.at, t("2026-02-15T23:59:59+07:00"));
        assert_eq!(due.moved_from, None);
    }

    #[test]
    fn keep_until_is_never_moved_and_years_are_calendar_years() {
        let cal = WorkingCalendar::embedded();
        let c = counting(&cal);
        let due = c.due(t("2028-02-29T10:00:00+07:00"), 5, Unit::Years, RuleKind::KeepUntil);
        // 29 February 2033 does not exist: the period ends on the 28th; a keep-until date is never moved.
        assert_eq!(due.at, t("2033-02-28T23:59:59+07:00"));
        assert!(due.uncovered_years.is_empty() && due.moved_from.is_none());
    }

    #[test]
    fn counts_into_unknown_years_are_flagged() {
        let cal = WorkingCalendar::embedded();
        let c = counting(&cal);
        let due = c.due(t("2026-12-28T09:00:00+07:00"), 10, Unit::WorkingDays, RuleKind::Deadline);
        assert_eq!(due.uncovered_years, vec![2027]);
        let inside =
            c.due(t("2026-12-01T09:00:00+07:00"), 2, Unit::WorkingDays, RuleKind::Deadline);
        assert!(inside.uncovered_years.is_empty());
    }

    proptest::proptest! {
        /// Whatever the start and period, a deadline in days or working days ends at the end of
        /// a working day, after the start, and never before the same count in calendar days.
        #[test]
        fn day_deadlines_end_on_working_days(secs in 1_767_225_600i64..1_798_761_600, n in 1u32..40) {
            let cal = WorkingCalendar::embedded();
            let c = counting(&cal);
            let start = DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&vietnam());
            for unit in [Unit::Days, Unit::WorkingDays] {
                let due = c.due(start, n, unit, RuleKind::Deadline);
                proptest::prop_assert!(due.at > start);
                proptest::prop_assert!(cal.is_working_day(due.at.date_naive()));
                proptest::prop_assert_eq!(due.at.time(), NaiveTime::from_hms_opt(23, 59, 59).unwrap());
                proptest::prop_assert!(due.at.date_naive() >= start.date_naive() + Duration::days(i64::from(n)));
            }
            let h = c.due(start, n, Unit::Hours, RuleKind::Deadline);
            proptest::prop_assert_eq!(h.at - start, Duration::hours(i64::from(n)));
        }
    }
}
