//! The CI content check: the embedded content has no lint problem.

#[test]
fn embedded_content_passes_the_linter() {
    let problems = khien_learn::lint::lint_embedded();
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{} problem(s):\n{}", list.len(), list.join("\n"));
    assert!(!khien_learn::embedded_files().is_empty(), "content/awareness/ is embedded");
}
