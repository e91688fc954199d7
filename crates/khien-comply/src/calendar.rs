//! The agency's working calendar: weekly rest days, public holidays (Tết included) and the
//! weekend days worked in exchange for a bridge day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::CompliancError;

/// A day off or a worked weekend day, as the calendar file lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    /// The date.
    pub date: NaiveDate,
    /// Its name ("Tết Nguyên đán …").
    pub name: String,
    /// `verify` when the date follows the law but the year's decision was not confirmed.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    weekend: Vec<u32>,
    years: Vec<i32>,
    #[serde(default)]
    holiday: Vec<CalendarDay>,
    #[serde(default)]
    working_weekend: Vec<CalendarDay>,
}

/// Which days the agency works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    weekend: BTreeSet<u32>,
    years: BTreeSet<i32>,
    holidays: BTreeMap<NaiveDate, String>,
    working_weekends: BTreeMap<NaiveDate, String>,
}

const EMBEDDED: &str = include_str!("../data/calendar-vn.toml");

impl WorkingCalendar {
    /// The text of the default calendar shipped in the binary (the starting point of an
    /// agency's own).
    pub const EMBEDDED_TOML: &'static str = EMBEDDED;

    /// The default Vietnamese public-agency calendar shipped in the binary.
    pub fn embedded() -> WorkingCalendar {
        WorkingCalendar::from_toml(EMBEDDED)
            .expect("the embedded calendar is validated by its unit test")
    }

    /// Parses a calendar file (the format of `data/calendar-vn.toml`).
    pub fn from_toml(text: &str) -> Result<WorkingCalendar, CompliancError> {
        let file: CalendarFile =
            toml::from_str(text).map_err(|e| CompliancError::Calendar(e.message().to_string()))?;
        if let Some(d) = file.weekend.iter().find(|d| !(1..=7).contains(*d)) {
            return Err(CompliancError::Calendar(format!(
                "weekend: {d} is not an ISO weekday (1 = Monday … 7 = Sunday)"
            )));
        }
        if file.weekend.len() >= 7 {
            return Err(CompliancError::Calendar(
                "weekend: a week needs at least one working day".into(),
            ));
        }
        let weekend: BTreeSet<u32> = file.weekend.into_iter().collect();
        let years: BTreeSet<i32> = file.years.into_iter().collect();
        let mut holidays = BTreeMap::new();
        for h in file.holiday {
            if !years.contains(&h.date.year()) {
                return Err(CompliancError::Calendar(format!(
                    "holiday {}: its year is not in `years`, so the calendar would claim to know a year it does not",
                    h.date
                )));
            }
            if holidays.insert(h.date, h.name).is_some() {
                return Err(CompliancError::Calendar(format!("holiday {}: listed twice", h.date)));
            }
        }
        let mut working_weekends = BTreeMap::new();
        for w in file.working_weekend {
            if !weekend.contains(&w.date.weekday().number_from_monday()) {
                return Err(CompliancError::Calendar(format!(
                    "working_weekend {}: not a weekend day",
                    w.date
                )));
            }
            if holidays.contains_key(&w.date) {
                return Err(CompliancError::Calendar(format!(
                    "working_weekend {}: also a holiday",
                    w.date
                )));
            }
            working_weekends.insert(w.date, w.name);
        }
        Ok(WorkingCalendar { weekend, years, holidays, working_weekends })
    }

    /// Whether the agency works on `day`.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.working_weekends.contains_key(&day) {
            return true;
        }
        !self.weekend.contains(&day.weekday().number_from_monday())
            && !self.holidays.contains_key(&day)
    }

    /// The holiday's name, if `day` is one.
    pub fn holiday(&self, day: NaiveDate) -> Option<&str> {
        self.holidays.get(&day).map(String::as_str)
    }

    /// Whether the calendar lists the holidays of `year` (if not, working-day counts there
    /// only know the weekends).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The first working day after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day.succ_opt().expect("dates stay far from chrono's limits");
        // A calendar has at least one working weekday, so this ends within 7 + holidays days.
        while !self.is_working_day(d) {
            d = d.succ_opt().expect("dates stay far from chrono's limits");
        }
        d
    }

    /// The `n`-th working day after `day` (the day itself is not counted).
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        (0..n).fold(day, |d, _| self.next_working_day(d))
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.holidays.iter().map(|(d, n)| (*d, n.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn embedded_calendar_knows_tet_2026_and_weekends() {
        let c = WorkingCalendar::from_toml(EMBEDDED).unwrap();
        assert!(c.covers(2026) && !c.covers(2027));
        // Tết Bính Ngọ: Saturday 14 to Sunday 22 February 2026, all off.
        for day in 14..=22 {
            assert!(!c.is_working_day(NaiveDate::from_ymd_opt(2026, 2, day).unwrap()), "{day}");
        }
        assert!(c.is_working_day(d("2026-02-13")));
        assert!(c.is_working_day(d("2026-02-23")));
        assert!(c.holiday(d("2026-02-17")).unwrap().contains("Mùng 1"));
        assert!(!c.is_working_day(d("2026-12-05")), "a Saturday");
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let c = WorkingCalendar::embedded();
        // Friday 13 Feb 2026 + 1 working day = Monday 23 Feb (Tết in between).
        assert_eq!(c.add_working_days(d("2026-02-13"), 1), d("2026-02-23"));
        assert_eq!(c.add_working_days(d("2026-02-13"), 2), d("2026-02-24"));
        // Wednesday 29 April: 30/4 and 1/5 off, then the weekend.
        assert_eq!(c.add_working_days(d("2026-04-29"), 1), d("2026-05-04"));
        assert_eq!(c.add_working_days(d("2026-12-07"), 0), d("2026-12-07"));
    }

    #[test]
    fn a_worked_saturday_counts_and_bad_files_are_refused() {
        let text = "weekend = [6, 7]\nyears = [2027]\n[[working_weekend]]\ndate = \"2027-01-09\"\nname = \"làm bù\"\n";
        let c = WorkingCalendar::from_toml(text).unwrap();
        assert!(c.is_working_day(d("2027-01-09")));
        assert_eq!(c.add_working_days(d("2027-01-08"), 1), d("2027-01-09"));
        for (bad, why) in [
            ("weekend = [0]\nyears = []\n", "ISO weekday"),
            ("weekend = [1,2,3,4,5,6,7]\nyears = []\n", "at least one working day"),
            (
                "weekend = [6,7]\nyears = [2026]\n[[holiday]]\ndate = \"2027-01-01\"\nname = \"x\"\n",
                "not in `years`",
            ),
            (
                "weekend = [6,7]\nyears = [2027]\n[[working_weekend]]\ndate = \"2027-01-06\"\nname = \"x\"\n",
                "not a weekend",
            ),
            (
                "weekend = [6,7]\nyears = [2026]\n[[holiday]]\ndate = \"2026-02-30\"\nname = \"x\"\n",
                "input",
            ),
        ] {
            let e = WorkingCalendar::from_toml(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
