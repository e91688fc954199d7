//! Khiên keeps one copy of its reference tables: the numbering plan and the bank table are
//! khien-detect's (`data/phone.toml`, `data/banks.toml`) and the anti-fraud engine reads them
//! through khien-detect's API. These tests fail if a copy reappears in this crate's code or data.

use std::path::Path;

use khien_detect::tables::tables;

/// This crate's code (without its test modules) and data files, as (path, text).
fn own_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["src", "data"] {
        let mut entries: Vec<_> =
            std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            // Test modules may use real bank IDs as sample values.
            let code = match text.find("#[cfg(test)]") {
                Some(i) if dir == "src" => text[..i].to_string(),
                _ => text,
            };
            out.push((p.display().to_string(), code));
        }
    }
    out
}

/// Three or more quoted digit strings in a row, separated by `|` or `,`.
static RUN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#""[0-9]{2,4}"(?:\s*[|,]\s*"[0-9]{2,4}"){2,}"#).unwrap()
});

fn quoted(text: &str, value: &str) -> bool {
    text.contains(&format!("\"{value}\""))
}

#[test]
fn no_copy_of_the_bank_table() {
    let t = tables();
    let ids: Vec<&str> = t
        .banks
        .iter()
        .flat_map(|b| b.bank_ids.iter().chain(&b.card_bins).chain(&b.qr_ids))
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(ids.len() > 40);
    let words: std::collections::BTreeSet<String> = t
        .banks
        .iter()
        .flat_map(|b| b.words.iter().chain(&b.codes))
        .map(|w| w.to_lowercase())
        .collect();
    for (path, text) in own_sources() {
        let found: Vec<&&str> = ids.iter().filter(|id| text.contains(**id)).collect();
        assert!(
            found.is_empty(),
            "{path} holds bank IDs or BINs {found:?}: use khien-detect's table"
        );
        // A list of bank words or codes (`"vcb", "tcb", "mb"…`) is a copy of the table. In the
        // data files, only brand keywords are such lists (sender names are not).
        let lower = if path.ends_with(".toml") {
            text.lines().filter(|l| l.starts_with("keywords")).collect::<Vec<_>>().join("\n")
        } else {
            text.clone()
        }
        .to_lowercase();
        let named: Vec<&String> =
            words.iter().filter(|w| w.len() <= 4 && quoted(&lower, w)).collect();
        assert!(named.len() < 3, "{path} lists bank codes {named:?}: use khien-detect's table");
    }
}

#[test]
fn no_copy_of_the_numbering_plan() {
    let t = tables();
    let legacy: Vec<&str> = t.legacy_mobile.keys().map(String::as_str).collect();
    let prefixes: Vec<&str> = t.mobile_prefixes.iter().map(|(p, _)| p.as_str()).collect();
    for (path, text) in own_sources() {
        let old: Vec<&&str> = legacy.iter().filter(|p| quoted(&text, p)).collect();
        assert!(old.is_empty(), "{path} holds 2018 conversion prefixes {old:?}");
        // A prefix table is a run of quoted prefixes (`"32" | "33" | "34"`, `["86", "96", …]`);
        // a lone tag number such as "38" is not.
        for run in RUN.find_iter(&text) {
            let members: Vec<&str> =
                run.as_str().split(['|', ',']).map(|m| m.trim().trim_matches('"')).collect();
            let listed = members.iter().filter(|m| prefixes.contains(m)).count();
            assert!(
                listed < 3,
                "{path} lists mobile prefixes {}: use khien-detect's table",
                run.as_str()
            );
        }
    }
}

#[test]
fn brands_cannot_carry_bank_codes() {
    // The brand directory links to a bank by name; codes and BINs in it are refused.
    for field in ["bin = \"970436\"", "card_bin = \"970499\"", "bank_code = \"VCB\""] {
        let src = format!(
            "[[brand]]\nid = \"x\"\nname = \"X\"\nkind = \"bank\"\nkeywords = []\ndomains = []\n{field}\n"
        );
        assert!(khien_judge::Brands::parse(&src).is_err(), "{field}");
    }
    let bad = "[[brand]]\nid = \"x\"\nname = \"X\"\nkind = \"bank\"\nkeywords = []\ndomains = []\nbank = \"No Such Bank\"\n";
    assert!(khien_judge::Brands::parse(bad).is_err());
}

#[test]
fn judge_and_detect_agree_on_banks() {
    let judge = khien_judge::Judge::new();
    let t = tables();
    for b in &t.banks {
        // Every ID of every bank is recognised in a payment QR, by the same bank.
        for id in b.bank_ids.iter().chain(&b.qr_ids) {
            let p = khien_judge::build_vietqr(id, "0123456789", None, None, None);
            let r = judge.check_qr(&p, None);
            assert!(r.reasons.iter().all(|x| x.code != "unknown_bank"), "{}: {id}", b.name);
            let linked = judge.brands().iter().find(|br| br.bank.as_deref() == Some(&b.name));
            let want = linked.map_or(b.name.as_str(), |br| br.name.as_str());
            assert_eq!(r.entities[0].details["bank"], want, "{id}");
        }
        // Every code works with --bank.
        for code in &b.codes {
            let r = judge.check_account("0123456789", Some(code));
            assert!(r.reasons.iter().all(|x| x.code != "unknown_bank"), "{code}");
        }
    }
}
