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
            Some(parsed) => {
                let rep = link::analyze(&parsed, &self.brands, &self.lists, &self.tables);
                let mut entity = Entity {
                    kind: EntityKind::Url,
                    text: url.to_string(),
                    value: format!("{}{}", parsed.host, parsed.path),
                    start: 0,
                    end: url.len(),
                    details: Default::default(),
                };
                entity.details.insert("host", parsed.host_display.clone());
                entity.details.insert("registrable", rep.registrable.clone());
                if let Some(brand) = &rep.brand {
                    entity.details.insert(
                        if rep.official { "official_of" } else { "imitates" },
                        brand.clone(),
                    );
                }
                entities.push(entity);
                for signal in &rep.signals {
                    // A bare link is not a message: "unofficial" says nothing by itself.
                    if signal.code == Signal::UnofficialLink {
                        continue;
                    }
                    acc.add(signal.code, span, signal.detail_vi.clone(), signal.detail_en.clone());
                }
                // Words in the path or host ("dang-nhap", "xac-thuc") count as cues too.
                let words = format!(
                    "{} {}",
                    parsed.host.replace(['.', '-', '_'], " "),
                    parsed.path.replace(['/', '-', '_', '.', '?', '=', '&'], " ")
                );
                let sh = Shadow::new(&words);
                let mut cues = Vec::new();
                self.rules.find_cues(&sh, &words, &mut cues);
                let official = rep.official;
                for cue in cues {
                    let def = &self.rules.signals[cue.signal as usize];
                    if !official && matches!(def.kind, Kind::Ask) && def.weight >= 15 {
                        let cue_text = &words[cue.start..cue.end];
                        acc.add_id(
                            cue.signal,
                            span,
                            format!(": “{cue_text}”"),
                            format!(": “{cue_text}”"),
                        );
                    }
                }
                let official_only = rep.official;
                let report = self.finish(acc, entities, None, true, url);
                if official_only && report.verdict == Verdict::Unknown {
                    return Report { verdict: Verdict::NoSigns, ..report };
                }
                self.with_no_data(report, "no_data_url")
            }
            None => {
                acc.add(
                    Signal::InvalidNumber,
                    span,
                    " (không phải đường link hợp lệ)".into(),
                    " (not a valid link)".into(),
                );
                let report = self.finish(acc, entities, None, true, url);
                self.with_no_data(
                    Report { verdict: Verdict::Unknown, score: 0, ..report },
                    "no_data_url",
                )
            }
        }
    }
}
