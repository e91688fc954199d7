//! Training the URL model from the public lists in `shared/data/url-training/` (read at
//! training time only; the lists are not shipped, the model trained on them is).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use khien_judge::Judge;
use khien_judge::internals::{parse_link, registrable};
use khien_judge::model::URL_BITS;
use khien_judge::model::features::{Features, host_features};
use khien_judge::model::linear::{ModelFile, ScamModel, TypeModel, sigmoid};
use khien_judge::model::suffix_of;
use khien_judge::model::train::{Settings, fit_logistic, fit_platt};

/// Share of legitimate hosts the alarm threshold may flag, out of fold.
pub const TARGET_FALSE_ALARMS: f64 = 0.003;

/// A labelled host.
#[derive(Debug, Clone)]
pub struct Host {
    /// Lower-case ASCII host.
    pub host: String,
    /// Registrable domain.
    pub registrable: String,
    /// True for scam, phishing or gambling hosts.
    pub bad: bool,
    /// Where it comes from and its class (`chongluadao:scam`, `phishtank`, `legit:gov.vn`…).
    pub source: String,
}

impl Host {
    fn features(&self) -> Features {
        host_features(&self.host, suffix_of(&self.registrable), u32::from(URL_BITS))
    }
    /// True for the test fifth (a fixed hash of the registrable domain, so that hosts of one
    /// domain are never split between training and test).
    pub fn is_test(&self) -> bool {
        let mut hash = crate::corpus::Fnv::new();
        hash.eat(self.registrable.as_bytes());
        hash.0.is_multiple_of(5)
    }
}

fn host_of(url: &str) -> Option<(String, String)> {
    let url = url.trim().trim_end_matches('*');
    let parsed = parse_link(url)?;
    if parsed.is_ip {
        return None;
    }
    let host = parsed.host.strip_prefix("www.").unwrap_or(&parsed.host).to_string();
    let reg = registrable(&host).to_string();
    Some((host, reg))
}

fn legit_class(registrable: &str) -> String {
    let suffix = suffix_of(registrable);
    match suffix {
        "gov.vn" | "edu.vn" | "com.vn" | "vn" | "org.vn" | "net.vn" => format!("legit:{suffix}"),
        _ => "legit:other".into(),
    }
}

/// Loads the lists of `data` (the shared folder) and the legitimate hosts the project keeps
/// (`extra_legit`, one host a line, `#` comments), plus the brand directory's official domains.
pub fn load(data: &Path, extra_legit: &Path, judge: &Judge) -> Result<Vec<Host>> {
    let mut legit: BTreeMap<String, Host> = BTreeMap::new();
    let mut add_legit = |line: &str, source: &str| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return;
        }
        if let Some((host, reg)) = host_of(line) {
            let class = format!("{source}{}", legit_class(&reg));
            legit.entry(host.clone()).or_insert(Host {
                host,
                registrable: reg,
                bad: false,
                source: class,
            });
        }
    };
    let path = data.join("vn-legit-hosts-2021.txt");
    for line in std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .lines()
    {
        add_legit(line, "");
    }
    if extra_legit.exists() {
        for line in std::fs::read_to_string(extra_legit)
            .with_context(|| format!("reading {}", extra_legit.display()))?
            .lines()
        {
            add_legit(line, "");
        }
    }
    for brand in judge.brands().iter() {
        for domain in &brand.domains {
            add_legit(domain, "");
        }
    }
    let legit_domains: BTreeSet<String> = legit.values().map(|h| h.registrable.clone()).collect();
    let mut bad: BTreeMap<String, Host> = BTreeMap::new();
    let path = data.join("chongluadao-2021-blacklist.jsonl");
    for (i, line) in std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .lines()
        .enumerate()
    {
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{} line {}", path.display(), i + 1))?;
        let url = row["url"].as_str().unwrap_or("");
        let kind = row["type"].as_str().unwrap_or("unknown");
        if let Some((host, reg)) = host_of(url) {
            // A listed page on a legitimate platform says nothing about the platform.
            if legit_domains.contains(&reg) || legit.contains_key(&host) {
                continue;
            }
            bad.entry(host.clone()).or_insert(Host {
                host,
                registrable: reg,
                bad: true,
                source: format!("chongluadao:{kind}"),
            });
        }
    }
    let path = data.join("phishtank-2021-04-01.csv");
    for line in std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .lines()
        .skip(1)
    {
        // url,target,submission_time: the URL may hold commas, the other two do not.
        let mut parts = line.rsplitn(3, ',');
        let (_time, _target, url) = (parts.next(), parts.next(), parts.next());
        let Some(url) = url else { continue };
        if let Some((host, reg)) = host_of(url.trim_matches('"')) {
            if legit_domains.contains(&reg) || legit.contains_key(&host) {
                continue;
            }
            bad.entry(host.clone()).or_insert(Host {
                host,
                registrable: reg,
                bad: true,
                source: "phishtank".into(),
            });
        }
    }
    Ok(legit.into_values().chain(bad.into_values()).collect())
}

/// Hosts of the links in the training writers' scam messages (`train/judge/messages/`): the
/// project's own, Vietnamese-style scam hosts, to add to the public lists. Official brand
/// domains and hosts that also appear in genuine messages are left out.
pub fn corpus_hosts(records: &[crate::corpus::Record], judge: &Judge, known: &[Host]) -> Vec<Host> {
    let official: BTreeSet<String> =
        judge.brands().iter().flat_map(|b| b.domains.iter().cloned()).collect();
    let known_hosts: BTreeSet<&str> = known.iter().map(|h| h.host.as_str()).collect();
    let mut genuine: BTreeSet<String> = BTreeSet::new();
    let mut scam: BTreeMap<String, Host> = BTreeMap::new();
    for record in records.iter().filter(|r| r.is_training()) {
        let report = judge.check_message(&record.message());
        for entity in report.entities.iter().filter(|e| e.kind == khien_judge::EntityKind::Url) {
            let Some((host, reg)) = host_of(&entity.value) else { continue };
            if psl::suffix(host.as_bytes()).is_none_or(|s| !s.is_known()) {
                continue;
            }
            if record.is_scam() {
                scam.entry(host.clone()).or_insert(Host {
                    host,
                    registrable: reg,
                    bad: true,
                    source: "corpus:scam".into(),
                });
            } else {
                genuine.insert(host);
            }
        }
    }
    scam.into_values()
        .filter(|h| {
            !genuine.contains(&h.host)
                && !official.contains(&h.registrable)
                && !h.registrable.ends_with("gov.vn")
                && !known_hosts.contains(h.host.as_str())
        })
        .collect()
}

/// Vietnamese-targeted hosts weigh this many times a foreign phishing host: they are what the
/// model is for, and they are few.
const VIETNAMESE_WEIGHT: f32 = 4.0;

fn examples(hosts: &[&Host]) -> Vec<(usize, bool, f32)> {
    let raw = |h: &Host| {
        if h.source.starts_with("chongluadao") || h.source.starts_with("corpus") {
            VIETNAMESE_WEIGHT
        } else {
            1.0
        }
    };
    let bad: f32 = hosts.iter().filter(|h| h.bad).map(|h| raw(h)).sum::<f32>().max(1.0);
    let good: f32 = hosts.iter().filter(|h| !h.bad).map(|h| raw(h)).sum::<f32>().max(1.0);
    let total = hosts.len() as f32;
    // Each class weighs half of the total.
    hosts
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let class = if h.bad { bad } else { good };
            (i, h.bad, raw(h) * total / (2.0 * class))
        })
        .collect()
}

fn fit(hosts: &[&Host], features: &[Features], settings: Settings) -> (Vec<f32>, f32) {
    let ex = examples(hosts);
    let refs: Vec<(&Features, bool, f32)> =
        ex.iter().map(|&(i, l, w)| (&features[i], l, w)).collect();
    fit_logistic(&refs, URL_BITS, settings)
}

fn margin(weights: &[f32], bias: f32, f: &Features) -> f32 {
    let mask = (weights.len() - 1) as u32;
    bias + f.iter().map(|&(b, v)| weights[(b & mask) as usize] * v).sum::<f32>()
}

/// Trains on the training four fifths, calibrates and picks the threshold out of fold, and
/// returns the model file and a Markdown report of the test fifth.
pub fn train(hosts: &[Host], date: &str) -> (ModelFile, String) {
    let settings = Settings { epochs: 10, ..Settings::default() };
    let train: Vec<&Host> = hosts.iter().filter(|h| !h.is_test()).collect();
    let test: Vec<&Host> = hosts.iter().filter(|h| h.is_test()).collect();
    let train_features: Vec<Features> = train.iter().map(|h| h.features()).collect();
    // Five folds inside the training part, by the same kind of hash (another seed).
    let fold = |h: &Host| {
        let mut hash = crate::corpus::Fnv(0x8422_2325_cbf2_9ce4);
        hash.eat(h.registrable.as_bytes());
        (hash.0 % 5) as usize
    };
    let mut oof = vec![0f32; train.len()];
    for k in 0..5 {
        let (inside, outside): (Vec<usize>, Vec<usize>) =
            (0..train.len()).partition(|&i| fold(train[i]) != k);
        let hosts_in: Vec<&Host> = inside.iter().map(|&i| train[i]).collect();
        let feats_in: Vec<Features> = inside.iter().map(|&i| train_features[i].clone()).collect();
        let (w, b) = fit(&hosts_in, &feats_in, settings);
        for i in outside {
            oof[i] = margin(&w, b, &train_features[i]);
        }
    }
    let labelled: Vec<(f32, bool)> = oof.iter().zip(&train).map(|(&m, h)| (m, h.bad)).collect();
    let platt = fit_platt(&labelled);
    let prob = |m: f32| sigmoid(platt.0 * m + platt.1);
    let mut legit_probs: Vec<f32> =
        oof.iter().zip(&train).filter(|(_, h)| !h.bad).map(|(&m, _)| prob(m)).collect();
    legit_probs.sort_by(|a, b| b.total_cmp(a));
    let allowed = (legit_probs.len() as f64 * TARGET_FALSE_ALARMS).floor() as usize;
    let alarm_at = (legit_probs.get(allowed).copied().unwrap_or(0.5) + 1e-4).clamp(0.5, 0.9999);
    if std::env::var_os("KHIEN_TRAIN_VERBOSE").is_some() {
        let mut worst: Vec<(f32, &str)> = oof
            .iter()
            .zip(&train)
            .filter(|(_, h)| !h.bad)
            .map(|(&m, h)| (prob(m), h.host.as_str()))
            .collect();
        worst.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (p, host) in worst.iter().take(15) {
            eprintln!("legit {p:.4} {host}");
        }
    }
    let (weights, bias) = fit(&train, &train_features, settings);
    let scam =
        ScamModel { bits: URL_BITS, bias, weights, platt, alarm_at, veto_at: 0.0, danger_at: 1.0 };
    // Test figures per source.
    let mut by_source: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for h in &test {
        let p = scam.probability(scam.margin(&h.features()));
        let e = by_source.entry(h.source.clone()).or_insert((0, 0));
        e.1 += 1;
        if p >= alarm_at {
            e.0 += 1;
        }
    }
    let count = |bad: bool, set: &[&Host]| set.iter().filter(|h| h.bad == bad).count();
    let mut header = String::new();
    let _ = writeln!(
        header,
        "# Khiên URL model: a calibrated logistic regression over a host's character"
    );
    let _ = writeln!(
        header,
        "# 3-5-grams, labels, public suffix and shape (see khien-judge model/features.rs)."
    );
    let _ = writeln!(
        header,
        "# Trained by `cargo run --release -p khien-train -- url` (deterministic) on public lists:"
    );
    let _ = writeln!(
        header,
        "# the ChongLuaDao 2021 community blacklist (github.com/7zones/chongluadao-extension,"
    );
    let _ = writeln!(
        header,
        "# commit 3debe78, MIT; list content by ChongLuaDao, free for protective use with"
    );
    let _ = writeln!(
        header,
        "# attribution), a PhishTank verified-online snapshot of 2021-04-01 (data by PhishTank,"
    );
    let _ = writeln!(
        header,
        "# used with attribution), half of the ChongLuaDao 2021 whitelist, the official domains of"
    );
    let _ = writeln!(
        header,
        "# khien-judge's brands.toml, train/judge/urls/legit-hosts.txt and the hosts of the links in the\n# scam messages of the training writers of train/judge/messages/. The lists are not shipped."
    );
    let _ = writeln!(header, "date = {date}");
    let _ = writeln!(
        header,
        "training_hosts = {} ({} bad, {} legitimate)",
        train.len(),
        count(true, &train),
        count(false, &train)
    );
    let _ = writeln!(
        header,
        "test_hosts = {} ({} bad, {} legitimate)",
        test.len(),
        count(true, &test),
        count(false, &test)
    );
    let _ = writeln!(
        header,
        "settings = epochs {}, rate {}, l2 {}, bits {URL_BITS}",
        settings.epochs, settings.rate, settings.l2
    );
    let _ = writeln!(header, "platt = {:.4} {:.4}", platt.0, platt.1);
    let _ = writeln!(
        header,
        "alarm_at = {alarm_at:.3} (out-of-fold false alarms on legitimate hosts <= {TARGET_FALSE_ALARMS})"
    );
    let mut report = String::from(
        "# URL model: evaluation on the test fifth\n\nWritten by `cargo run --release -p khien-train -- url`. Hosts are split by a fixed hash of their registrable domain; the threshold was chosen out of fold on the training part, so these figures are held out.\n\n```text\n",
    );
    report.push_str(&header);
    report.push_str("```\n\n| source / class | hosts | flagged | share |\n|---|---|---|---|\n");
    for (source, (hits, total)) in &by_source {
        let _ = writeln!(
            report,
            "| {source} | {total} | {hits} | {:.3} |",
            *hits as f64 / (*total).max(1) as f64
        );
    }
    // The operating curve on the test fifth: what other thresholds would give.
    report.push_str("\n| threshold | Vietnamese-targeted bad hosts (ChongLuaDao) flagged | PhishTank flagged | legitimate .vn hosts flagged | other legitimate hosts flagged |\n|---|---|---|---|---|\n");
    let probabilities: Vec<(f32, &str, &str)> = test
        .iter()
        .map(|h| {
            (
                scam.probability(scam.margin(&h.features())),
                h.source.as_str(),
                h.registrable.as_str(),
            )
        })
        .collect();
    for threshold in [0.5f32, 0.7, 0.8, 0.9, 0.95, alarm_at, 0.99] {
        let share = |pick: &dyn Fn(&str, &str) -> bool| {
            let (hits, total) = probabilities
                .iter()
                .filter(|(_, s, r)| pick(s, r))
                .fold((0usize, 0usize), |(h, t), (p, _, _)| {
                    (h + usize::from(*p >= threshold), t + 1)
                });
            format!("{hits}/{total} ({:.3})", hits as f64 / total.max(1) as f64)
        };
        let _ = writeln!(
            report,
            "| {threshold:.3}{} | {} | {} | {} | {} |",
            if threshold == alarm_at { " (chosen)" } else { "" },
            share(&|s, _| s.starts_with("chongluadao")),
            share(&|s, _| s == "phishtank"),
            share(&|s, r| s.starts_with("legit") && (r.ends_with(".vn") || r == "vn")),
            share(&|s, r| s.starts_with("legit") && !(r.ends_with(".vn") || r == "vn")),
        );
    }
    let file = ModelFile {
        header,
        scam,
        types: TypeModel { bits: 8, types: vec![], bias: vec![], weights: vec![] },
    };
    (file, report)
}
