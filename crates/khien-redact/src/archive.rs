//! tar and gzip: members are de-identified one by one (recursively) and the archive rebuilt
//! with the same headers (size and checksum updated), order and padding.

use std::io::Write;

use khien_extract::{join_member, tar_entries};

use crate::{Job, RedactError, redact_inner};

fn octal_field(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let s = format!("{value:0width$o}");
    if s.len() <= width {
        field[..width].copy_from_slice(s.as_bytes());
        field[width] = 0;
    }
}

pub(crate) fn redact_tar(
    job: &mut Job<'_>,
    name: &str,
    bytes: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    let (entries, err) = tar_entries(bytes);
    if let Some(e) = err {
        return Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: format!("damaged tar archive ({e}); no copy written"),
        });
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for e in entries {
        let m = join_member(member, &e.name);
        let data = &bytes[e.data.clone()];
        if let Err(hit) = job.budget.member(job.limits) {
            return Err(job.limit(name, hit));
        }
        let new = match redact_inner(job, &e.name, data, depth + 1, &m) {
            Ok(n) => n,
            Err(err) if crate::is_limit(&err) => return Err(err),
            Err(err) => {
                job.report.notes.push(format!("{m}: copied unchanged (not de-identified): {err}"));
                continue;
            }
        };
        if new == data {
            continue;
        }
        if e.pax_size {
            // The size lives in a pax record; rewriting only the ustar field would corrupt it.
            job.report.notes.push(format!(
                "{m}: kích thước ghi trong bản ghi pax; chép nguyên, chưa khử nhận dạng (size given by a pax record; copied unchanged, not de-identified)"
            ));
            continue;
        }
        if new.len() as u64 > 0o77_777_777_777 {
            job.report.notes.push(format!(
                "{m}: too large for a tar header; copied unchanged (not de-identified)"
            ));
            continue;
        }
        // Everything before this member's header is copied as it was.
        out.extend_from_slice(&bytes[pos..e.header]);
        let mut h = [0u8; 512];
        h.copy_from_slice(&bytes[e.header..e.header + 512]);
        octal_field(&mut h[124..136], new.len() as u64);
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(&new);
        out.resize(out.len() + (512 - new.len() % 512) % 512, 0);
        pos = e.data.start + (e.data.len().div_ceil(512) * 512);
    }
    out.extend_from_slice(&bytes[pos.min(bytes.len())..]);
    Ok(out)
}

pub(crate) fn redact_gz(
    job: &mut Job<'_>,
    name: &str,
    bytes: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    let mut dec = flate2::read::MultiGzDecoder::new(bytes);
    let inner_name =
        dec.header().and_then(|h| h.filename()).map(|f| String::from_utf8_lossy(f).into_owned());
    let data = job.read_member(name, &mut dec, bytes.len() as u64)?;
    if data.len() as u64 > job.limits.max_file_size {
        return Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: format!(
                "giải nén ra hơn {} byte; không ghi bản sao (decompresses to more than {} bytes; no copy written)",
                job.limits.max_file_size, job.limits.max_file_size
            ),
        });
    }
    let base = name.rsplit(['/', '!']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    let inner = inner_name.clone().unwrap_or_else(|| {
        if lower.ends_with(".tgz") {
            format!("{}.tar", &base[..base.len() - 4])
        } else if lower.ends_with(".gz") {
            base[..base.len() - 3].to_string()
        } else {
            format!("{base}.out")
        }
    });
    let is_tar = data.len() >= 262 && &data[257..262] == b"ustar";
    let new = if is_tar {
        redact_tar(job, &inner, &data, depth + 1, member)?
    } else {
        redact_inner(job, &inner, &data, depth + 1, &join_member(member, &inner))?
    };
    let mut b = flate2::GzBuilder::new();
    if let Some(n) = inner_name {
        b = b.filename(n.into_bytes());
    }
    let mut enc = b.write(Vec::with_capacity(new.len() / 2), flate2::Compression::default());
    enc.write_all(&new)
        .and_then(|()| enc.try_finish())
        .map_err(|e| RedactError::Write { name: name.to_string(), detail: format!("gzip: {e}") })?;
    enc.finish()
        .map_err(|e| RedactError::Write { name: name.to_string(), detail: format!("gzip: {e}") })
}
