//! Evaluation: recall per scam type and false alarms per genuine class, for the rules alone and
//! for the rules with the model, as a Markdown report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use khien_judge::Judge;

use crate::corpus::Record;

/// Alarms of one engine over one set.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// `(alarms, total)` per scam type.
    pub scam: BTreeMap<String, (usize, usize)>,
    /// `(alarms, total)` per genuine class.
    pub genuine: BTreeMap<String, (usize, usize)>,
    /// Scams whose type is among the reported types, over flagged scams.
    pub typed: (usize, usize),
    /// `(true type, first reported type or "none")` → count, for flagged scams whose type was
    /// not among the reported ones.
    pub confusions: BTreeMap<(String, String), usize>,
}

impl Tally {
    /// Overall scam recall.
    pub fn recall(&self) -> f64 {
        ratio(self.scam.values())
    }
    /// Overall false-alarm rate.
    pub fn false_alarms(&self) -> f64 {
        ratio(self.genuine.values())
    }
    /// Scams counted.
    pub fn scams(&self) -> usize {
        self.scam.values().map(|v| v.1).sum()
    }
    /// Genuine messages counted.
    pub fn genuine_total(&self) -> usize {
        self.genuine.values().map(|v| v.1).sum()
    }
}

fn ratio<'a>(values: impl Iterator<Item = &'a (usize, usize)>) -> f64 {
    let (hits, total) = values.fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
    if total == 0 { 0.0 } else { hits as f64 / total as f64 }
}

/// Runs `judge` over `records`.
pub fn tally<'a>(judge: &Judge, records: impl Iterator<Item = &'a Record>) -> Tally {
    let mut out = Tally::default();
    for record in records {
        let report = judge.check_message(&record.message());
        let alarm = report.verdict.is_alarm();
        let map = if record.is_scam() { &mut out.scam } else { &mut out.genuine };
        let entry = map.entry(record.kind.clone()).or_insert((0, 0));
        entry.1 += 1;
        if alarm {
            entry.0 += 1;
            if record.is_scam() {
                out.typed.1 += 1;
                if report.scam_types.iter().any(|t| t == &record.kind) {
                    out.typed.0 += 1;
                } else {
                    let first = report.scam_types.first().cloned().unwrap_or_else(|| "none".into());
                    *out.confusions.entry((record.kind.clone(), first)).or_insert(0) += 1;
                }
            }
        }
    }
    out
}

/// A Markdown section comparing the rules alone with rules + model on one set.
pub fn section(title: &str, rules: &Tally, combined: &Tally) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {title}\n");
    let _ = writeln!(
        out,
        "{} scam and {} genuine messages.\n",
        combined.scams(),
        combined.genuine_total()
    );
    let _ = writeln!(out, "| | rules alone | rules + model |\n|---|---|---|");
    let _ = writeln!(out, "| scam recall | {:.3} | **{:.3}** |", rules.recall(), combined.recall());
    let _ = writeln!(
        out,
        "| false alarms | {:.4} | **{:.4}** |",
        rules.false_alarms(),
        combined.false_alarms()
    );
    let typed = |t: &Tally| {
        if t.typed.1 == 0 { 0.0 } else { t.typed.0 as f64 / t.typed.1 as f64 }
    };
    let _ = writeln!(
        out,
        "| flagged scams with the right type named | {:.3} | {:.3} |\n",
        typed(rules),
        typed(combined)
    );
    let _ = writeln!(out, "| scam type | n | rules alone | rules + model |\n|---|---|---|---|");
    for (kind, &(hits, total)) in &combined.scam {
        let before = rules.scam.get(kind).copied().unwrap_or((0, 0));
        let _ = writeln!(
            out,
            "| {kind} | {total} | {:.2} | {:.2} |",
            before.0 as f64 / before.1.max(1) as f64,
            hits as f64 / total.max(1) as f64
        );
    }
    let _ = writeln!(
        out,
        "\n| genuine class | n | false alarms, rules alone | rules + model |\n|---|---|---|---|"
    );
    for (kind, &(hits, total)) in &combined.genuine {
        let before = rules.genuine.get(kind).copied().unwrap_or((0, 0));
        let _ = writeln!(out, "| {kind} | {total} | {} | {} |", before.0, hits);
    }
    let mut confusions: Vec<(&(String, String), &usize)> = combined.confusions.iter().collect();
    confusions.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !confusions.is_empty() {
        let _ = writeln!(
            out,
            "\nType confusions (rules + model): flagged scams whose type was not named, by the \
             first type named instead (top 15)\n\n| true type | named first | n |\n|---|---|---|"
        );
        for ((truth, named), n) in confusions.into_iter().take(15) {
            let _ = writeln!(out, "| {truth} | {named} | {n} |");
        }
    }
    out.push('\n');
    out
}
