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
                let probability = self.url_model_signal(&parsed, &rep, span, &mut acc);
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
                        // Cue offsets are into the shadow (folded) text, not `words`.
                        let (start, end) = sh.source_range(cue.start, cue.end, &words);
                        let cue_text = &words[start..end];
                        acc.add_id(
                            cue.signal,
                            span,
                            format!(": “{cue_text}”"),
                            format!(": “{cue_text}”"),
                        );
                    }
                }
                let official_only = rep.official;
                let mut report = self.finish(acc, entities, None, true, None);
                report.probability = probability.map(|p| (p * 1000.0).round() / 1000.0);
                if official_only && report.verdict == Verdict::Unknown {
                    return Report { verdict: Verdict::NoSigns, ..report };
                }
                if report.verdict == Verdict::Unknown
                    && let Some(p) = probability
                {
                    // Say which: nothing is known, and the model is not confident either.
                    let percent = (p * 100.0).round() as u32;
                    report.reasons.push(crate::Reason {
                        code: Signal::UrlModel,
                        vi: format!(
                            "Mô hình tên miền chưa đủ tin cậy để kết luận (ước lượng {percent}% khả năng xấu)"
                        ),
                        en: format!(
                            "The domain model is not confident either way (estimate: {percent}% likely bad)"
                        ),
                        start: None,
                        end: None,
                    });
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
                let report = self.finish(acc, entities, None, true, None);
                self.with_no_data(
                    Report { verdict: Verdict::Unknown, score: 0, ..report },
                    "no_data_url",
                )
            }
        }
    }

    /// Adds the URL model's signal when it is confident a host is bad, and returns its
    /// probability (`None` when no model is embedded, for IP hosts and for official or listed
    /// domains, which the model does not judge).
    pub(crate) fn url_model_signal(
        &self,
        parsed: &link::Link,
        rep: &link::LinkReport,
        span: Option<(usize, usize)>,
        acc: &mut Acc,
    ) -> Option<f32> {
        let model = self.url_model.as_ref()?;
        if parsed.is_ip || rep.official || acc.has(Signal::Blocklisted) {
            return None;
        }
        let p = model.probability(&parsed.host, &rep.registrable);
        if p >= model.alarm_at() {
            let percent = (p * 100.0).round() as u32;
            acc.add(
                Signal::UrlModel,
                span,
                format!(": {} (mô hình: {percent}%)", parsed.host_display),
                format!(": {} (model: {percent}%)", parsed.host_display),
            );
        }
        Some(p)
    }
}
