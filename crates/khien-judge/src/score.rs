//! From signals to a verdict: the per-input accumulator, scam types, the additive score,
//! reasons in order and advice.

use crate::model::ModelView;
use crate::report::{Reason, Report, Verdict};
use crate::rules::{Kind, Rules};
use crate::{Advice, Entity, Judge, QrPayment, Signal};

/// Signals that never decide alone, and so never let the message model raise a message on
/// their own (scam-vn.md §6: links, missing diacritics and sender names are common in genuine
/// traffic).
const WEAK_ALONE: &[Signal] = &[
    Signal::NoDiacritics,
    Signal::UnofficialLink,
    Signal::Shortener,
    Signal::RiskyTld,
    Signal::SharedHosting,
    Signal::BrandnameSender,
    Signal::OfficialDomain,
];

/// The message model withdraws a rules "dangerous" only below this probability.
pub const VETO_DANGEROUS_AT: f32 = 0.05;

/// Score at or above which a message with a matched scam type is dangerous.
pub const DANGEROUS_AT: i32 = 70;
/// Score at or above which a message with signals is suspicious.
pub const SUSPICIOUS_AT: i32 = 40;

/// First occurrence of a signal: source span, detail in Vietnamese, detail in English.
type Hit = (Option<(usize, usize)>, String, String);

/// Signal accumulator for one input: a presence bitset plus the first occurrence of each
/// signal, in order of discovery (cheap to create per message).
pub(crate) struct Acc {
    present: [u64; 4],
    hits: Vec<(u16, Hit)>,
}

impl Acc {
    pub(crate) fn new(rules: &Rules) -> Self {
        // Signal::ALL is at most 256 long (tested), and rules define each signal once.
        debug_assert!(rules.signals.len() <= 256, "at most 256 signals");
        Acc { present: [0; 4], hits: Vec::new() }
    }
    pub(crate) fn add(
        &mut self,
        signal: Signal,
        span: Option<(usize, usize)>,
        vi: String,
        en: String,
    ) {
        self.add_id(signal.id(), span, vi, en);
    }
    pub(crate) fn add_id(&mut self, id: u16, span: Option<(usize, usize)>, vi: String, en: String) {
        if !self.has_id(id) {
            self.present[usize::from(id / 64)] |= 1 << (id % 64);
            self.hits.push((id, (span, vi, en)));
        }
    }
    pub(crate) fn has(&self, signal: Signal) -> bool {
        self.has_id(signal.id())
    }
    pub(crate) fn count(&self, mask: &[u64; 4]) -> usize {
        (0..4).map(|k| (mask[k] & self.present[k]).count_ones() as usize).sum()
    }
    /// Ids of the signals present, in order of discovery.
    pub(crate) fn ids(&self) -> impl Iterator<Item = usize> + '_ {
        self.hits.iter().map(|(id, _)| usize::from(*id))
    }
    pub(crate) fn has_id(&self, id: u16) -> bool {
        self.present[usize::from(id / 64)] & (1 << (id % 64)) != 0
    }
}

impl Judge {
    /// Turns accumulated signals into a report. `entity_only` inputs get `unknown` instead of
    /// `no_signs` when nothing is found.
    pub(crate) fn finish(
        &self,
        acc: Acc,
        entities: Vec<Entity>,
        qr: Option<QrPayment>,
        entity_only: bool,
        model: Option<&ModelView<'_>>,
    ) -> Report {
        let rules = &self.rules;
        // Scam types.
        let mut fired: Vec<(usize, i32)> = Vec::new();
        let meets = |mask: &[u64; 4], empty_ok: bool| {
            let any = (0..4).any(|k| mask[k] & acc.present[k] != 0);
            any || (empty_ok && mask.iter().all(|&w| w == 0))
        };
        for (type_index, scam_type) in rules.types.iter().enumerate() {
            if meets(&scam_type.masks[0], false)
                && meets(&scam_type.masks[1], true)
                && meets(&scam_type.masks[2], true)
            {
                let strength: i32 = scam_type
                    .topic
                    .iter()
                    .chain(&scam_type.pretext)
                    .chain(&scam_type.asks)
                    .filter(|&&s| acc.has_id(s))
                    .map(|&s| rules.signals[s as usize].weight.max(0))
                    .sum::<i32>()
                    + scam_type.bonus;
                fired.push((type_index, strength));
            }
        }
        fired.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // A warning that describes a scam technique (police and bank notices) names the same
        // cues as the scam itself; without a strong structural signal it matches no type.
        let any_strong = acc.hits.iter().any(|(i, _)| rules.signals[usize::from(*i)].strong);
        if acc.has(Signal::ScamWarning) && !any_strong {
            // "Get your money back" services talk about scams by design.
            fired.retain(|&(type_index, _)| rules.types[type_index].code == "money_recovery");
        }
        // Score.
        let mut score: i32 = 0;
        let mut strong = false;
        let blocklisted = Signal::Blocklisted.id();
        let mut decisive = false;
        let mut substantive = 0;
        for (signal_id, _) in &acc.hits {
            let def = &rules.signals[usize::from(*signal_id)];
            score += def.weight;
            strong |= def.strong;
            decisive |= *signal_id == blocklisted;
            if matches!(def.kind, Kind::Claim | Kind::Pretext | Kind::Ask)
                || (def.kind == Kind::Structural && def.weight >= 15)
            {
                substantive += 1;
            }
        }
        if let Some(&(type_index, _)) = fired.first() {
            score += rules.types[type_index].bonus;
            score += 5 * (fired.len() as i32 - 1).min(2);
        }
        let asks = acc.count(&rules.asks_mask);
        // Demands that genuine notices do not make (a balance SMS names an account and a
        // transfer; a promotion carries a link).
        let strong_asks = acc.count(&rules.strong_asks_mask);
        if asks >= 2 {
            score += 5;
        }
        let mut score = score.clamp(0, 100);
        let typed = !fired.is_empty();
        let warning_only = acc.has(Signal::ScamWarning) && !any_strong && !typed;
        let has_kind =
            |k: Kind| acc.hits.iter().any(|(i, _)| rules.signals[usize::from(*i)].kind == k);
        let mut verdict = if decisive {
            score = score.max(90);
            Verdict::Dangerous
        } else if score >= DANGEROUS_AT && (typed || strong) {
            Verdict::Dangerous
        } else if strong {
            score = score.max(SUSPICIOUS_AT);
            Verdict::Suspicious
        } else if !warning_only
            && ((score >= SUSPICIOUS_AT
                && (typed || (substantive >= 3 && has_kind(Kind::Pretext) && has_kind(Kind::Ask))))
                || (score >= SUSPICIOUS_AT - 10 && has_kind(Kind::Claim) && strong_asks >= 2))
        {
            // An organisation named together with two demands (pay, call a mobile, open a
            // link...) is suspicious even when no known story matches.
            score = score.max(SUSPICIOUS_AT);
            Verdict::Suspicious
        } else if entity_only {
            Verdict::Unknown
        } else {
            Verdict::NoSigns
        };
        // The message model: raises what the rules let pass when it is confident, withdraws a
        // rules alarm that rests on no strong signal when it is confident the message is
        // genuine, and names the scam type when no rule story matched.
        let mut model_reason: Option<Reason> = None;
        let mut model_type: Option<usize> = None;
        let probability = model.map(|view| (view.probability * 1000.0).round() / 1000.0);
        if let Some(view) = model {
            let p = view.probability;
            let mut top_type: Option<Option<(String, f32)>> = None;
            let mut top = || top_type.get_or_insert_with(|| view.top_type()).clone();
            let type_of = |top: Option<(String, f32)>| {
                top.filter(|(_, share)| *share >= 0.35)
                    .and_then(|(code, _)| rules.types.iter().position(|t| t.code == code))
            };
            // A rules "dangerous" (a matched scam story) is withdrawn only when the model is
            // nearly certain the message is genuine (warnings that describe a scam); a
            // "suspicious" when it is fairly sure.
            let veto_at = if verdict == Verdict::Dangerous {
                view.veto_at.min(VETO_DANGEROUS_AT)
            } else {
                view.veto_at
            };
            if verdict.is_alarm() && !decisive && !strong && p < veto_at {
                verdict = Verdict::NoSigns;
            } else if !verdict.is_alarm()
                && p >= view.alarm_at
                // A link, missing diacritics or a sender never decide alone (scam-vn.md §6):
                // the model raises only a message in which the rules found something more.
                && acc.hits.iter().any(|(i, _)| {
                    let def = &rules.signals[usize::from(*i)];
                    def.weight > 0 && !WEAK_ALONE.contains(&def.code)
                })
            {
                verdict = Verdict::Suspicious;
                let span = (1.0 - view.alarm_at).max(1e-3);
                score = score.max(SUSPICIOUS_AT + ((p - view.alarm_at) / span * 29.0) as i32);
            }
            if verdict == Verdict::Suspicious
                && p >= view.danger_at
                && (typed || type_of(top()).is_some())
            {
                verdict = Verdict::Dangerous;
                score = score.max(DANGEROUS_AT);
            }
            if verdict.is_alarm() {
                let top_type = top();
                if !typed {
                    model_type = type_of(top_type.clone());
                }
                let style = top_type.as_ref().and_then(|(code, _)| self.model_style(code));
                let percent = (p * 100.0).round() as u32;
                let (vi, en) = match style {
                    Some((style_vi, style_en)) => (
                        format!(": kiểu {style_vi} (mô hình: {percent}% khả năng là lừa đảo)"),
                        format!(": {style_en} (model: {percent}% likely a scam)"),
                    ),
                    None => (
                        format!(" (mô hình: {percent}% khả năng là lừa đảo)"),
                        format!(" (model: {percent}% likely a scam)"),
                    ),
                };
                let def = &rules.signals[Signal::MessageModel.id() as usize];
                model_reason = Some(Reason {
                    code: Signal::MessageModel,
                    vi: format!("{}{}", def.vi, vi),
                    en: format!("{}{}", def.en, en),
                    start: None,
                    end: None,
                });
            }
        }
        if !verdict.is_alarm() {
            // Without an alarm the score stays below the suspicious threshold.
            score = score.min(SUSPICIOUS_AT - 1);
        }
        // Reasons: strongest first; info and safe reasons last.
        let mut reasons: Vec<(i32, usize, Reason)> = Vec::new();
        for (signal_id, (span, detail_vi, detail_en)) in &acc.hits {
            let def = &rules.signals[usize::from(*signal_id)];
            if matches!(def.code, Signal::PhoneNumber | Signal::MoneyAmount | Signal::NoDiacritics)
            {
                continue;
            }
            let order = if def.weight > 0 { -def.weight } else { 1000 - def.weight };
            reasons.push((
                order,
                span.map_or(usize::MAX, |s| s.0),
                Reason {
                    code: def.code,
                    vi: format!("{}{}", def.vi, detail_vi),
                    en: format!("{}{}", def.en, detail_en),
                    start: span.map(|s| s.0),
                    end: span.map(|s| s.1),
                },
            ));
        }
        reasons.sort_by(|a, b| {
            a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.code.code().cmp(b.2.code.code()))
        });
        let mut reasons: Vec<Reason> = reasons.into_iter().map(|r| r.2).collect();
        if let Some(reason) = model_reason {
            // After the rules' own reasons when they found something, first otherwise.
            let at = if typed { reasons.len().min(3) } else { 0 };
            reasons.insert(at, reason);
        }
        // Scam types reported only with an alarm.
        let scam_types: Vec<String> = if verdict.is_alarm() {
            let mut types: Vec<String> =
                fired.iter().take(3).map(|&(ti, _)| rules.types[ti].code.clone()).collect();
            if let Some(ti) = model_type {
                types.push(rules.types[ti].code.clone());
            }
            if types.is_empty()
                && (acc.has(Signal::LookalikeDomain)
                    || acc.has(Signal::HomoglyphDomain)
                    || acc.has(Signal::BrandInDomain)
                    || acc.has(Signal::Blocklisted))
            {
                types.push("phishing_link".into());
            }
            if types.is_empty() && acc.has(Signal::ApkLink) {
                types.push("fake_app".into());
            }
            types
        } else {
            Vec::new()
        };
        // Advice.
        let mut keys: Vec<&str> = Vec::new();
        for code in &scam_types {
            if let Some(scam_type) = rules.types.iter().find(|scam_type| &scam_type.code == code) {
                keys.extend(scam_type.advice.iter().map(String::as_str));
            }
        }
        if verdict.is_alarm() {
            keys.push("stop_no_otp");
            if acc.has(Signal::AsksCredential)
                || acc.has(Signal::MoneyTransfer)
                || acc.has(Signal::FeeDemand)
                || acc.has(Signal::LookalikeDomain)
                || acc.has(Signal::BrandInDomain)
                || acc.has(Signal::HomoglyphDomain)
            {
                keys.push("lock_account");
            }
            keys.push("report_portal");
        }
        if acc.has(Signal::QrPersonalAccount) || acc.has(Signal::QrNameMismatch) {
            keys.push("qr_check_name");
        }
        if acc.has(Signal::HotlineMatch) {
            keys.push("caller_id_spoof");
        }
        let mut seen: Vec<&str> = Vec::with_capacity(keys.len());
        let advice: Vec<Advice> = keys
            .into_iter()
            .filter(|k| {
                let new = !seen.contains(k);
                seen.push(k);
                new
            })
            .filter_map(|k| rules.advice.get(k).cloned())
            .collect();
        Report {
            verdict,
            score: score as u8,
            probability,
            scam_types,
            reasons,
            advice,
            entities,
            qr,
        }
    }

    /// The Vietnamese and English names of the style a scam type belongs to.
    fn model_style(&self, code: &str) -> Option<(&str, &str)> {
        let style = self.model.as_ref()?.style_of(code)?;
        Some((style.vi.as_str(), style.en.as_str()))
    }

    pub(crate) fn with_no_data(&self, mut report: Report, key: &str) -> Report {
        if matches!(report.verdict, Verdict::Unknown)
            && let Some(advice) = self.rules.advice.get(key)
            && !report.advice.contains(advice)
        {
            report.advice.push(advice.clone());
        }
        report
    }
}
