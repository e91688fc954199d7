//! Text tables: cells under a header that names the column, and cells on rows that name a
//! person.

use crate::engine::Doc;
use crate::lexical::lexicon::Lexicon;
use crate::lexical::{Claimed, fold_to, reason};
use crate::words::words;
use crate::{Finding, Kind, ReasonCode};

use super::field::{label_kind, value};
use super::{push, trim_span};

/// Cells of text tables (TSV, CSV, pipe tables) under a header that names what the column
/// holds ("Họ và tên", "Giới tính", "Dân tộc", "Quan hệ với chủ hộ", `gioi_tinh`): each cell
/// is read as the value of that field. Spreadsheets get the same through
/// [`crate::FieldContext`]; this is for tables pasted or exported as text.
pub(crate) fn header_cells(doc: &Doc<'_>, lex: &Lexicon, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    if memchr::memchr3(b'|', b'\t', b',', bytes).is_none() {
        return;
    }
    // The current header: delimiter, delimiter count, and per column its kind and label span.
    type Header = (u8, usize, Vec<Option<(Kind, usize, usize)>>);
    let mut header: Option<Header> = None;
    let mut ls = 0;
    while ls < bytes.len() {
        let le = memchr::memchr(b'\n', &bytes[ls..]).map_or(bytes.len(), |i| ls + i);
        let line = &bytes[ls..le];
        let mut is_row = false;
        if let Some((delim, delim_count, cols)) = &header {
            let count = crate::context::cell_delimiters(line, *delim).count();
            if count + 1 >= *delim_count && count <= delim_count + 1 && count > 0 {
                is_row = true;
                let mut cs = ls;
                for (column, ce) in crate::context::cell_delimiters(line, *delim)
                    .map(|i| ls + i)
                    .chain(std::iter::once(le))
                    .enumerate()
                {
                    if let Some(&Some((kind, hs, he))) = cols.get(column) {
                        let (start, end) = trim_span(text, cs, ce);
                        if start < end && doc.enabled(kind) {
                            let _ = value(doc, lex, kind, &text[hs..he], start, end, true, out);
                        }
                    }
                    cs = ce + 1;
                }
            }
        }
        if !is_row {
            header = None;
            // A header line: delimited cells, no digits, at least one naming personal data.
            if line.len() <= 600
                && !line.iter().any(u8::is_ascii_digit)
                && let Some((delim, delim_count)) = crate::context::table_delimiter(line, 2)
            {
                let mut cols = Vec::with_capacity(delim_count + 1);
                let mut cs = ls;
                for ce in crate::context::cell_delimiters(line, delim)
                    .map(|i| ls + i)
                    .chain(std::iter::once(le))
                {
                    let (start, end) = trim_span(text, cs, ce);
                    cols.push(label_kind(lex, &text[start..end]).map(|k| (k, start, end)));
                    cs = ce + 1;
                }
                if cols.iter().any(Option::is_some) {
                    header =
                        Some((delim, crate::context::cell_delimiters(line, delim).count(), cols));
                }
            }
        }
        ls = le + 1;
    }
}

/// Cells of text tables (`|` or tab separated) on rows that name a person: a cell that is
/// exactly a gender (`Nam`, `Nữ`), an ethnic group or a religion is that attribute of the person.
pub(crate) fn table_cells(doc: &Doc<'_>, lex: &Lexicon, claimed: &Claimed, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    if memchr::memchr2(b'|', b'\t', bytes).is_none() {
        return;
    }
    let mut folded = String::new();
    // Spans found so far, sorted: names (for rows) and all (for overlaps).
    let mut names: Vec<usize> =
        out.iter().filter(|x| x.kind == Kind::PersonName).map(|x| x.start).collect();
    names.sort_unstable();
    let mut taken = Claimed::default();
    for finding in out.iter() {
        taken.add(finding.start, finding.end);
    }
    taken.seal();
    // Only lines with a separator are looked at: jump from one separator to the next.
    let mut from = 0;
    while let Some(sep_pos) = memchr::memchr2(b'|', b'\t', &bytes[from..]).map(|p| from + p) {
        let ls = memchr::memrchr(b'\n', &bytes[..sep_pos]).map_or(0, |q| q + 1);
        let le = memchr::memchr(b'\n', &bytes[sep_pos..]).map_or(bytes.len(), |q| sep_pos + q);
        from = le.max(sep_pos + 1);
        let line = &bytes[ls..le];
        let seps = line.iter().filter(|&&c| c == b'|' || c == b'\t').count();
        let first_name = names.partition_point(|&p| p < ls);
        let named = seps >= 2 && names.get(first_name).is_some_and(|&p| p < le);
        if named {
            let mut cs = ls;
            for ce in (ls..le)
                .filter(|&i| bytes[i] == b'|' || bytes[i] == b'\t')
                .chain(std::iter::once(le))
            {
                let (start, end) = trim_span(text, cs, ce);
                cs = ce + 1;
                if start >= end
                    || end - start > 24
                    || claimed.overlaps(start, end)
                    || taken.overlaps(start, end)
                {
                    continue;
                }
                let cell = &text[start..end];
                // Numbers and dates are most cells of a record row; no attribute starts so.
                if !bytes[start].is_ascii_alphabetic() && bytes[start] < 0x80 {
                    continue;
                }
                fold_to(cell, &mut folded);
                let gender = cell.eq_ignore_ascii_case("nam") || matches!(cell, "nữ" | "Nữ" | "NỮ");
                let (kind, detail) = if gender {
                    (Kind::Gender, "giới tính trong bảng")
                } else if lex.ethnic.contains_key(&folded)
                    && !words().table_not_ethnicity.contains(&folded)
                {
                    (Kind::Ethnicity, "dân tộc trong bảng")
                } else if lex.religions.contains_key(&folded)
                    && !words().table_not_religion.contains(&folded)
                {
                    (Kind::Religion, "tôn giáo trong bảng")
                } else {
                    continue;
                };
                push(doc, kind, start, end, 0.6, vec![reason(ReasonCode::Lexicon, detail)], out);
            }
        }
    }
}
