//! A link on its own: parse, lists, look-alikes, and the words in its host and path.

use crate::normalize::Shadow;
use crate::report::{Report, Verdict};
use crate::rules::Kind;
use crate::score::Acc;
use crate::{Entity, EntityKind, Judge, Signal, entities, link};

impl Judge {
    /// Judges a link on its own.
    pub fn check_url(&self, url: &str) -> Report {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        let cleaned = entities::refang_source(url);
        let span = Some((0, url.len()));
        match link::parse(&cleaned) {
            Some(l) => {
                let rep = link::analyze(&l, &self.brands, &self.lists, &self.tables);
                let mut e = Entity {
                    kind: EntityKind::Url,
                    text: url.to_string(),
                    value: format!("{}{}", l.host, l.path),
                    start: 0,
                    end: url.len(),
                    details: Default::default(),
                };
                e.details.insert("host", l.host_display.clone());
                e.details.insert("registrable", rep.registrable.clone());
                if let Some(b) = &rep.brand {
                    e.details
                        .insert(if rep.official { "official_of" } else { "imitates" }, b.clone());
                }
                entities.push(e);
                for s in &rep.signals {
                    // A bare link is not a message: "unofficial" says nothing by itself.
                    if s.code == Signal::UnofficialLink {
                        continue;
                    }
                    acc.add(s.code, span, s.detail_vi.clone(), s.detail_en.clone());
                }
                // Words in the path or host ("dang-nhap", "xac-thuc") count as cues too.
                let words = format!(
                    "{} {}",
                    l.host.replace(['.', '-', '_'], " "),
                    l.path.replace(['/', '-', '_', '.', '?', '=', '&'], " ")
                );
                let sh = Shadow::new(&words);
                let mut cues = Vec::new();
                self.rules.find_cues(&sh, &words, &mut cues);
                let official = rep.official;
                for c in cues {
                    let def = &self.rules.signals[c.signal as usize];
                    if !official && matches!(def.kind, Kind::Ask) && def.weight >= 15 {
                        let w = &words[c.start..c.end];
                        acc.add_id(c.signal, span, format!(": “{w}”"), format!(": “{w}”"));
                    }
                }
                let official_only = rep.official;
                let r = self.finish(acc, entities, None, true, url);
                if official_only && r.verdict == Verdict::Unknown {
                    return Report { verdict: Verdict::NoSigns, ..r };
                }
                self.with_no_data(r, "no_data_url")
            }
            None => {
                acc.add(
                    Signal::InvalidNumber,
                    span,
                    " (không phải đường link hợp lệ)".into(),
                    " (not a valid link)".into(),
                );
                let r = self.finish(acc, entities, None, true, url);
                self.with_no_data(
                    Report { verdict: Verdict::Unknown, score: 0, ..r },
                    "no_data_url",
                )
            }
        }
    }
}
