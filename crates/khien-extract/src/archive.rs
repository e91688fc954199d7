//! Archives (zip, tar, gzip) and the zip access used by the office formats. Members are read
//! into memory within the size and ratio limits; nothing is ever unpacked to disk.

use std::io::{Cursor, Read};

use crate::{Cx, ExtractError, NoteKind, join_member, nested};

/// A zip container being read.
pub(crate) struct ZipDoc<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
}

pub(crate) fn open_zip<'a>(
    name: &str,
    bytes: &'a [u8],
    format: &'static str,
) -> Result<ZipDoc<'a>, ExtractError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::Malformed {
        name: name.to_string(),
        format,
        detail: e.to_string(),
    })?;
    Ok(ZipDoc { zip })
}

impl ZipDoc<'_> {
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Reads member `name` within the limits. Encrypted or unreadable members give a note and
    /// `None`; a member cut by a limit gives what was read (and a truncation note).
    pub fn read(&mut self, cx: &mut Cx<'_>, member: &str, name: &str) -> Option<Vec<u8>> {
        let idx = self.zip.index_for_name(name)?;
        self.read_index(cx, member, idx).map(|(data, _truncated)| data)
    }

    /// Reads member `idx`: its bytes and whether a limit cut them short.
    pub fn read_index(
        &mut self,
        cx: &mut Cx<'_>,
        member: &str,
        idx: usize,
    ) -> Option<(Vec<u8>, bool)> {
        let note_member =
            |n: &str| if member.is_empty() { n.to_string() } else { member.to_string() };
        let (encrypted, csize, name) = match self.zip.by_index_raw(idx) {
            Ok(f) => (
                f.encrypted(),
                f.compressed_size(),
                f.name().map(|n| n.into_owned()).unwrap_or_default(),
            ),
            Err(e) => {
                cx.note(member, NoteKind::Error, format!("zip member {idx} unreadable: {e}"));
                return None;
            }
        };
        if encrypted {
            cx.note(
                &note_member(&name),
                NoteKind::Encrypted,
                format!("zip member {name} is encrypted (password-protected); not scanned"),
            );
            return None;
        }
        let mut f = match self.zip.by_index(idx) {
            Ok(f) => f,
            Err(e) => {
                cx.note(
                    &note_member(&name),
                    NoteKind::Error,
                    format!("zip member {name} unreadable: {e}"),
                );
                return None;
            }
        };
        match cx.read_limited(&note_member(&name), &mut f, csize) {
            Ok(read) => read,
            Err(e) => {
                cx.note(
                    &note_member(&name),
                    NoteKind::Error,
                    format!("zip member {name} unreadable: {e}"),
                );
                None
            }
        }
    }
}

pub(crate) fn extract_zip(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let mut z = open_zip(name, bytes, "zip")?;
    if cx.opts.no_recurse {
        return Ok(());
    }
    for idx in 0..z.zip.len() {
        let (mname, is_dir) = match z.zip.by_index_raw(idx) {
            Ok(f) => (
                f.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("member {idx}")),
                f.is_dir(),
            ),
            Err(_) => (format!("member {idx}"), false),
        };
        if is_dir {
            continue;
        }
        let m = join_member(member, &mname);
        if !cx.count_member(&m) || cx.time_up(&m, &format!("member {mname}")) {
            break;
        }
        if let Some((data, truncated)) = z.read_index(cx, &m, idx) {
            nested_read(cx, &m, &data, truncated, depth + 1);
        }
    }
    Ok(())
}

fn octal(field: &[u8]) -> Option<u64> {
    // GNU base-256 for large sizes.
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        let mut v = u64::from(field[0] & 0x7f);
        for &b in &field[1..] {
            v = v.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        return Some(v);
    }
    let s = std::str::from_utf8(field).ok()?;
    let s = s.trim_matches(|c: char| c == '\0' || c == ' ');
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

fn cstr(b: &[u8]) -> String {
    let end = memchr::memchr(0, b).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// Members of a tar archive: (name, data range). Errors stop the walk with a message.
/// A regular file in a tar archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarEntry {
    /// Its path (GNU long names and pax paths applied).
    pub name: String,
    /// Offset of its 512-byte header.
    pub header: usize,
    /// Its data.
    pub data: std::ops::Range<usize>,
}

/// The regular files of a tar archive, and an error message if the walk stopped early.
pub fn tar_entries(bytes: &[u8]) -> (Vec<TarEntry>, Option<String>) {
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut long_name: Option<String> = None;
    let mut pax_path: Option<String> = None;
    while pos + 512 <= bytes.len() {
        let h = &bytes[pos..pos + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let Some(size) = octal(&h[124..136]) else {
            return (out, Some(format!("bad size field in the header at byte {pos}")));
        };
        let data_start = pos + 512;
        let Some(data_end) = usize::try_from(size).ok().and_then(|s| data_start.checked_add(s))
        else {
            return (out, Some(format!("bad size field in the header at byte {pos}")));
        };
        if data_end > bytes.len() {
            return (out, Some(format!("archive ends inside a member at byte {pos}")));
        }
        let typeflag = h[156];
        let mut name = cstr(&h[0..100]);
        if &h[257..262] == b"ustar" {
            let prefix = cstr(&h[345..500]);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        match typeflag {
            b'L' => long_name = Some(cstr(&bytes[data_start..data_end])),
            b'x' => {
                let rec = String::from_utf8_lossy(&bytes[data_start..data_end]);
                for line in rec.lines() {
                    if let Some((_, v)) = line.split_once(" path=") {
                        pax_path = Some(v.to_string());
                    }
                }
            }
            b'0' | 0 | b'7' => {
                let n = pax_path.take().or_else(|| long_name.take()).unwrap_or(name);
                out.push(TarEntry { name: n, header: pos, data: data_start..data_end });
            }
            _ => {
                long_name = None;
                pax_path = None;
            }
        }
        pos = data_start + size.div_ceil(512) as usize * 512;
    }
    (out, None)
}

pub(crate) fn extract_tar(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let (members, err) = tar_entries(bytes);
    if members.is_empty()
        && let Some(e) = &err
    {
        return Err(ExtractError::Malformed {
            name: name.to_string(),
            format: "tar",
            detail: e.clone(),
        });
    }
    for TarEntry { name: mname, data: range, .. } in members {
        let m = join_member(member, &mname);
        if !cx.count_member(&m) || cx.time_up(&m, &format!("member {mname}")) {
            break;
        }
        nested(cx, &m, &bytes[range], depth + 1);
    }
    if let Some(e) = err {
        cx.note(
            member,
            NoteKind::Truncated,
            format!("tar archive damaged ({e}); later members were not scanned"),
        );
    }
    Ok(())
}

pub(crate) fn extract_gz(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let mut dec = flate2::read::MultiGzDecoder::new(bytes);
    let inner_name =
        dec.header().and_then(|h| h.filename()).map(|f| String::from_utf8_lossy(f).into_owned());
    let (data, truncated) = match cx.read_limited(
        if member.is_empty() { name } else { member },
        &mut dec as &mut dyn Read,
        bytes.len() as u64,
    ) {
        Ok(Some(d)) => d,
        Ok(None) => return Ok(()),
        Err(e) => {
            return Err(ExtractError::Malformed {
                name: name.to_string(),
                format: "gzip",
                detail: e.to_string(),
            });
        }
    };
    let base = name.rsplit(['/', '!']).next().unwrap_or(name);
    let inner = inner_name.unwrap_or_else(|| {
        let lower = base.to_ascii_lowercase();
        if lower.ends_with(".tgz") {
            format!("{}.tar", &base[..base.len() - 4])
        } else if lower.ends_with(".gz") {
            base[..base.len() - 3].to_string()
        } else {
            format!("{base}.out")
        }
    });
    if data.len() >= 262 && &data[257..262] == b"ustar" {
        // A .tar.gz reads as one archive: members are `x.tar.gz!dir/file`.
        if depth + 1 > cx.limits().max_depth {
            nested(cx, &join_member(member, &inner), &data, depth + 1);
            return Ok(());
        }
        return extract_tar(cx, name, member, &data, depth + 1);
    }
    let m = join_member(member, &inner);
    nested_read(cx, &m, &data, truncated, depth + 1);
    Ok(())
}

/// Extracts a member that was read, unless a limit cut it short and it is a container (an
/// archive, office document or PDF cut in the middle only yields "malformed" noise; the limit
/// is already noted). A text member cut short is still scanned as far as it was read.
fn nested_read(cx: &mut Cx<'_>, member: &str, data: &[u8], truncated: bool, depth: u32) {
    if truncated {
        let name = member.rsplit('!').next().unwrap_or(member);
        let format = crate::detect_format(name, data);
        if !matches!(
            format,
            crate::Format::Text
                | crate::Format::Csv
                | crate::Format::Tsv
                | crate::Format::Json
                | crate::Format::Jsonl
                | crate::Format::Html
                | crate::Format::Xml
                | crate::Format::Mbox
        ) {
            return;
        }
    }
    nested(cx, member, data, depth);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_fields() {
        assert_eq!(octal(b"0000644\0"), Some(0o644));
        assert_eq!(octal(b"\0\0\0"), Some(0));
        assert_eq!(octal(b"zz"), None);
    }
}
