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
        let (encrypted, csize, size, name) = match self.zip.by_index_raw(idx) {
            Ok(f) => (
                f.encrypted(),
                f.compressed_size(),
                f.size(),
                f.name().map(|n| n.into_owned()).unwrap_or_default(),
            ),
            Err(e) => {
                cx.note(
                    member,
                    NoteKind::Error,
                    format!(
                        "không đọc được thành phần zip {idx} (zip member {idx} unreadable): {e}"
                    ),
                );
                return None;
            }
        };
        if encrypted {
            cx.note(
                &note_member(&name),
                NoteKind::Encrypted,
                format!("thành phần {name} được mã hoá, chưa quét (zip member {name} is encrypted, password-protected; not scanned)"),
            );
            return None;
        }
        let mut f = match self.zip.by_index(idx) {
            Ok(f) => f,
            Err(e) => {
                cx.note(
                    &note_member(&name),
                    NoteKind::Error,
                    format!("không đọc được thành phần {name} (zip member {name} unreadable): {e}"),
                );
                return None;
            }
        };
        match cx.read_limited(&note_member(&name), &mut f, csize, size) {
            Ok(read) => read,
            Err(e) => {
                cx.note(
                    &note_member(&name),
                    NoteKind::Error,
                    format!("không đọc được thành phần {name} (zip member {name} unreadable): {e}"),
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

/// A regular file in a tar archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarEntry {
    /// Its path (GNU long names and pax paths applied).
    pub name: String,
    /// Offset of its 512-byte header.
    pub header: usize,
    /// Its data.
    pub data: std::ops::Range<usize>,
    /// Its size comes from a pax extended header (`size=`), not from the ustar header, so a
    /// writer that changes the data cannot just rewrite the header's size field.
    pub pax_size: bool,
}

/// The regular files of a tar archive, and an error message if the walk stopped early. Read
/// with the `tar` crate (GNU long names, pax `path=` and `size=`, base-256 sizes).
pub fn tar_entries(bytes: &[u8]) -> (Vec<TarEntry>, Option<String>) {
    let mut out = Vec::new();
    let mut ar = tar::Archive::new(bytes);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(e) => return (out, Some(e.to_string())),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => return (out, Some(e.to_string())),
        };
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_contiguous()) {
            continue;
        }
        let header = entry.raw_header_position() as usize;
        let start = entry.raw_file_position() as usize;
        let size = entry.size();
        let Some(end) = usize::try_from(size).ok().and_then(|s| start.checked_add(s)) else {
            return (out, Some(format!("bad size field in the header at byte {header}")));
        };
        if end > bytes.len() {
            return (out, Some(format!("archive ends inside a member at byte {header}")));
        }
        let pax_size = entry.header().entry_size().ok() != Some(size);
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        out.push(TarEntry { name, header, data: start..end, pax_size });
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
            format!("tệp tar bị hỏng, các thành phần sau chưa quét (tar archive damaged ({e}); later members were not scanned)"),
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
        // The trailer's size of the last member (modulo 4 GiB): only sizes the buffer.
        bytes.len().checked_sub(4).map_or(0, |at| {
            u64::from(u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]))
        }),
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
        if !(format.stores_text() || format == crate::Format::Mbox) {
            return;
        }
    }
    nested(cx, member, data, depth);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 512-byte ustar header for `name` of `size` bytes, type `kind`, checksum set.
    fn header(name: &str, size: usize, kind: u8) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = kind;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        h
    }

    fn padded(data: &[u8]) -> Vec<u8> {
        let mut v = data.to_vec();
        v.resize(data.len().div_ceil(512) * 512, 0);
        v
    }

    #[test]
    fn a_pax_size_overrides_the_ustar_size() {
        let data = b"CCCD 001090000001\n";
        let record = format!("11 size={}\n", data.len());
        assert_eq!(record.len(), 11);
        let mut tar = header("./PaxHeaders/a.txt", record.len(), b'x');
        tar.extend(padded(record.as_bytes()));
        // The ustar header says 0 bytes; the pax record says 18.
        tar.extend(header("a.txt", 0, b'0'));
        tar.extend(padded(data));
        tar.extend([0u8; 1024]);
        let (entries, err) = tar_entries(&tar);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(entries.len(), 1);
        assert_eq!(&tar[entries[0].data.clone()], data);
        assert!(entries[0].pax_size);
    }
}
