#![no_main]
//! Rule packs and working calendars (an administrator pastes both into the settings page):
//! parsing never panics, and a pack or calendar that parses computes every clock without
//! panicking, for any start time of this century.

use chrono::DateTime;
use khien_comply::{Incident, RulePack, Settings, SubjectRequest, WorkingCalendar};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let pack = RulePack::from_toml(text).ok();
    let calendar = WorkingCalendar::from_toml(text).ok();
    let embedded_calendar = WorkingCalendar::embedded();
    let calendar = calendar.as_ref().unwrap_or(&embedded_calendar);
    let pack = pack.unwrap_or_else(RulePack::embedded);
    let settings = Settings::new(calendar);
    // A start time drawn from the input's length and bytes, 2000–2099.
    let secs = 946_684_800 + (data.iter().fold(data.len() as i64, |h, b| h.wrapping_mul(31).wrapping_add(i64::from(*b))).rem_euclid(3_155_760_000));
    let at = DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&khien_comply::vietnam());
    for kind in khien_comply::pack::INCIDENT_KINDS {
        let mut i = Incident::new(kind, at);
        i.data = vec!["location".into(), "financial".into()];
        i.remediated_at = Some(at);
        let _ = khien_comply::incident_deadlines(&pack, &settings, &i);
    }
    for t in khien_comply::pack::REQUEST_TYPES {
        for (with_processor, extended) in [(false, false), (true, true)] {
            let r = SubjectRequest { request_type: t.to_string(), received_at: at, with_processor, extended };
            let _ = khien_comply::request_deadlines(&pack, &settings, &r);
        }
    }
});
