//! What a field label (a column header, a JSON key) yields, remembered per thread: a spreadsheet
//! or a JSON file hands the engine the same label once per cell, and keying it again each time
//! was a tenth of the time of an HR export.

use std::collections::HashMap;

use crate::lexical::lexicon::FxBuild;

/// Labels remembered before the memo starts again (a file has a few dozen).
const LABELS: usize = 512;

/// A bounded map from a label to what it yields.
pub(crate) struct LabelMemo<V> {
    seen: HashMap<Box<str>, V, FxBuild>,
}

impl<V> Default for LabelMemo<V> {
    fn default() -> Self {
        LabelMemo { seen: HashMap::default() }
    }
}

impl<V: Clone> LabelMemo<V> {
    /// What `label` yields: remembered, or computed by `compute` and remembered.
    pub(crate) fn get_or_insert_with(&mut self, label: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(known) = self.seen.get(label) {
            return known.clone();
        }
        if self.seen.len() >= LABELS {
            self.seen.clear();
        }
        let value = compute();
        self.seen.insert(label.into(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_computed_once_and_the_memo_stays_bounded() {
        let mut memo = LabelMemo::default();
        let mut calls = 0;
        for _ in 0..3 {
            assert_eq!(
                memo.get_or_insert_with("Số CCCD", || {
                    calls += 1;
                    7
                }),
                7
            );
        }
        assert_eq!(calls, 1);
        for i in 0..2 * LABELS {
            memo.get_or_insert_with(&format!("cột {i}"), || i);
        }
        assert!(memo.seen.len() <= LABELS);
    }
}
