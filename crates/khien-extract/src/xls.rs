//! Excel 97–2003 (BIFF) through `calamine`. Read-only: xls is scanned, not redacted.

use std::io::Cursor;

use calamine::{Data, Reader, Xls};

use crate::ooxml::{Cell, emit_cells, number_text};
use crate::{Cx, ExtractError};

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
) -> Result<(), ExtractError> {
    let mut wb: Xls<_> = match Xls::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            let msg = e.to_string();
            if msg.to_ascii_lowercase().contains("password")
                || msg.to_ascii_lowercase().contains("encrypt")
            {
                return Err(ExtractError::Encrypted {
                    name: name.to_string(),
                    what: "xls workbook".into(),
                });
            }
            return Err(ExtractError::Malformed {
                name: name.to_string(),
                format: "xls",
                detail: msg,
            });
        }
    };
    for sheet in wb.sheet_names() {
        if cx.time_up(member, &format!("sheet {sheet}")) {
            break;
        }
        let range = match wb.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                cx.note(
                    member,
                    crate::NoteKind::Error,
                    format!(
                        "không đọc được trang tính {sheet} (sheet {sheet} could not be read): {e}"
                    ),
                );
                continue;
            }
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, c, d) in range.used_cells() {
            let (text, numeric) = match d {
                Data::String(s) => (s.clone(), false),
                Data::Float(f) => (number_text(&f.to_string()), true),
                Data::Int(i) => (i.to_string(), true),
                Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
                Data::DateTime(dt) => (dt.to_string(), false),
                _ => continue,
            };
            cells.push(Cell {
                row: r0 + r as u32,
                col: c0 + c as u32,
                text,
                numeric,
                anchors: Vec::new(),
            });
        }
        emit_cells(cx, member, &sheet, cells);
    }
    Ok(())
}
