//! A message: cue phrases, entities, links, obfuscation and the sender.

use super::{problem_details, snippet};
use crate::entities::Extra;
use crate::normalize::Shadow;
use crate::phone::{self, PhoneKind};
use crate::report::{Channel, Message, Report};
use crate::score::Acc;
use crate::{Entity, EntityKind, Judge, SenderClass, Signal, link, model};

impl Judge {
    /// Judges a message text with no sender information.
    pub fn check_text(&self, text: &str) -> Report {
        self.check_message(&Message { text, sender: None, channel: None })
    }

    /// Judges a message.
    pub fn check_message(&self, msg: &Message<'_>) -> Report {
        let (acc, entities, features) = self.message_signals(msg, self.model.is_some());
        let view = self.model.as_ref().map(|model| model.view(&features));
        self.finish(acc, entities, None, false, view.as_ref())
    }

    /// The feature vector the message model sees for a message (its text, the rule signals,
    /// the sender's class), for training and evaluation (`crates/khien-train`). Inference
    /// computes exactly this.
    pub fn message_features(&self, msg: &Message<'_>) -> model::features::Features {
        self.message_signals(msg, true).2
    }

    /// The sender's class as this engine reads it (brand directory included).
    pub fn sender_class(&self, sender: &str) -> SenderClass {
        SenderClass::classify(sender, |name| self.brands.by_sender(name).is_some())
    }

    fn message_signals(
        &self,
        msg: &Message<'_>,
        with_features: bool,
    ) -> (Acc, Vec<Entity>, model::features::Features) {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        let shadow = self.scan_text(msg.text, &mut acc, &mut entities);
        let sender = msg.sender.map(|s| self.sender_class(s));
        if let Some(raw) = msg.sender {
            self.sender_signals(raw, msg.channel, &mut acc);
        }
        if !with_features {
            return (acc, entities, Vec::new());
        }
        let signals: Vec<&str> = acc.ids().map(|id| self.rules.signals[id].code.code()).collect();
        let obfuscation = &shadow.obfuscation;
        let obfuscated = obfuscation.leetspeak.is_some()
            || obfuscation.confusable.is_some()
            || obfuscation.spaced_letters.is_some()
            || obfuscation.invisible.is_some()
            || obfuscation.math_letters.is_some()
            || obfuscation.full_width.is_some()
            || obfuscation.defanged.is_some();
        let context = model::features::Context {
            signals: &signals,
            sender: sender.map(SenderClass::code),
            has_diacritics: shadow.has_diacritics,
            obfuscated,
            links: entities.iter().filter(|e| e.kind == EntityKind::Url).count(),
        };
        let bits = self.model.as_ref().map_or(model::MESSAGE_BITS, |m| m.file.scam.bits);
        let features = model::features::extract(shadow.leet(), &context, u32::from(bits));
        (acc, entities, features)
    }

    pub(super) fn scan_text(
        &self,
        text: &str,
        acc: &mut Acc,
        entities: &mut Vec<Entity>,
    ) -> Shadow {
        let sh = Shadow::new(text);
        let mut cues = Vec::new();
        self.rules.find_cues(&sh, text, &mut cues);
        for cue in &cues {
            if acc.has_id(cue.signal) {
                continue;
            }
            let (start, end) = sh.source_range(cue.start, cue.end, text);
            let snippet = snippet(&text[start..end]);
            acc.add_id(
                cue.signal,
                Some((start, end)),
                format!(": “{snippet}”"),
                format!(": “{snippet}”"),
            );
        }
        let mut extra = Extra::default();
        self.extractor.extract(text, &sh, &self.tables, entities, &mut extra);
        for (idx, parsed) in &extra.links {
            let rep = link::analyze(parsed, &self.brands, &self.lists, &self.tables);
            let entity = &mut entities[*idx];
            let span = Some((entity.start, entity.end));
            for signal in &rep.signals {
                acc.add(signal.code, span, signal.detail_vi.clone(), signal.detail_en.clone());
            }
            self.url_model_signal(parsed, &rep, span, acc);
            if !rep.registrable.is_empty() {
                entity.details.insert("registrable", rep.registrable.clone());
            }
            if let Some(brand) = rep.brand {
                entity.details.insert(if rep.official { "official_of" } else { "imitates" }, brand);
            }
        }
        for entity in entities.iter() {
            let span = Some((entity.start, entity.end));
            match entity.kind {
                EntityKind::Apk => acc.add(
                    Signal::ApkLink,
                    span,
                    format!(": {}", entity.text),
                    format!(": {}", entity.text),
                ),
                EntityKind::Phone => self.phone_signals(&entity.text, &entity.value, span, acc),
                EntityKind::Account => {
                    acc.add(
                        Signal::AccountNumber,
                        span,
                        format!(": {}", entity.text),
                        format!(": {}", entity.text),
                    );
                    if let Some(hit) = self.lists.lookup_account(&entity.value) {
                        let code =
                            if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
                        acc.add(
                            code,
                            span,
                            format!(" ({})", hit.source),
                            format!(" ({})", hit.source),
                        );
                    }
                }
                EntityKind::Deadline => acc.add(
                    Signal::Deadline,
                    span,
                    format!(": “{}”", entity.text),
                    format!(": “{}”", entity.text),
                ),
                _ => {}
            }
        }
        // Organisations publish hotlines; "call this mobile number" from a bank, agency or
        // utility is an ask to leave the official channel. Couriers do call from mobiles.
        if acc.count(&self.rules.org_claims_mask) > 0
            && let Some(entity) = entities.iter().find(|entity| {
                entity.kind == EntityKind::Phone
                    && entity.details.get("phone_kind").is_some_and(|k| k == "mobile")
            })
        {
            acc.add(
                Signal::PersonalContactNumber,
                Some((entity.start, entity.end)),
                format!(": {}", entity.text),
                format!(": {}", entity.text),
            );
        }
        if let Some((shadow_start, shadow_end)) = extra.income {
            let (start, end) = sh.source_range(shadow_start, shadow_end, text);
            let quoted = snippet(&text[start..end]);
            acc.add(
                Signal::HighIncome,
                Some((start, end)),
                format!(": “{quoted}”"),
                format!(": “{quoted}”"),
            );
        }
        for (code, span) in [
            (Signal::MoneyTransfer, extra.money_ask),
            (Signal::AsksCredential, extra.credential_ask),
            (Signal::Secrecy, extra.secrecy),
            (Signal::DifferentName, extra.different_name),
        ] {
            if let Some((shadow_start, shadow_end)) = span {
                let (start, end) = sh.source_range(shadow_start, shadow_end, text);
                let quoted = snippet(&text[start..end]);
                acc.add(code, Some((start, end)), format!(": “{quoted}”"), format!(": “{quoted}”"));
            }
        }
        if let Some((shadow_start, shadow_end)) = extra.profit {
            let (start, end) = sh.source_range(shadow_start, shadow_end, text);
            let quoted = snippet(&text[start..end]);
            acc.add(
                Signal::BigProfit,
                Some((start, end)),
                format!(": “{quoted}”"),
                format!(": “{quoted}”"),
            );
        }
        let obfuscation = &sh.obfuscation;
        let tricks: Vec<(&str, &str, Option<usize>)> = vec![
            ("leetspeak", "leetspeak", obfuscation.leetspeak),
            ("chữ toán học", "math letters", obfuscation.math_letters),
            ("ký tự ẩn", "hidden characters", obfuscation.invisible),
            (
                "chữ Cyrillic/Hy Lạp giả chữ Latin",
                "Cyrillic/Greek look-alikes",
                obfuscation.confusable,
            ),
            ("chữ cách quãng", "spaced letters", obfuscation.spaced_letters),
            ("chữ full-width", "full-width letters", obfuscation.full_width),
        ];
        let found: Vec<&(&str, &str, Option<usize>)> =
            tricks.iter().filter(|t| t.2.is_some()).collect();
        if !found.is_empty() {
            let first = found.iter().filter_map(|t| t.2).min().unwrap_or(0);
            let end = text[first..].chars().next().map_or(first, |c| first + c.len_utf8());
            let vi = found.iter().map(|t| t.0).collect::<Vec<_>>().join(", ");
            let en = found.iter().map(|t| t.1).collect::<Vec<_>>().join(", ");
            acc.add(
                Signal::ObfuscatedText,
                Some((first, end)),
                format!(" ({vi})"),
                format!(" ({en})"),
            );
        }
        if let Some(offset) = obfuscation.defanged {
            let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
            acc.add(Signal::DefangedLink, Some((offset, end)), String::new(), String::new());
        }
        sh
    }

    fn sender_signals(&self, sender: &str, channel: Option<Channel>, acc: &mut Acc) {
        let digits = sender.chars().filter(char::is_ascii_digit).count();
        let claims = acc.count(&self.rules.org_claims_mask) > 0 || acc.has(Signal::ClaimsParcel);
        let phone_channel = matches!(channel, None | Some(Channel::Sms) | Some(Channel::Call));
        if digits >= 9 && phone_channel {
            let info = phone::classify(sender);
            match info.kind {
                PhoneKind::Mobile if claims => acc.add(
                    Signal::PersonalSender,
                    None,
                    format!(": {sender}"),
                    format!(": {sender}"),
                ),
                PhoneKind::SpoofedVn => {
                    let (vi, en) = problem_details(sender, &info);
                    acc.add(Signal::SpoofedVnNumber, None, vi, en)
                }
                PhoneKind::Foreign => {
                    if claims {
                        acc.add(
                            Signal::ForeignSender,
                            None,
                            format!(": {sender}"),
                            format!(": {sender}"),
                        );
                    }
                    self.phone_signals(sender, &info.canonical, None, acc)
                }
                _ => {}
            }
            if let Some(hit) = self.lists.lookup_phone(sender)
                && !hit.allow
            {
                acc.add(
                    Signal::Blocklisted,
                    None,
                    format!(" ({})", hit.source),
                    format!(" ({})", hit.source),
                );
            }
        } else if let Some(brand) = self.brands.by_sender(sender) {
            acc.add(
                Signal::BrandnameSender,
                None,
                format!(": {} ({})", sender, brand.name),
                format!(": {} ({})", sender, brand.name),
            );
        }
    }
}
