//! Throughput of full detection (structured + lexical detectors, all kinds) on three
//! generated corpora: the `bench/` profiles shared with the structured benchmark (`dense`: HR
//! CSV, office documents and logs; `prose`: personal data on one line in a hundred; see
//! `common/corpus.rs`) and a lexical-heavy one
//! (names, addresses, attributes on four lines in ten).
//!
//! * `cargo bench -p khien-detect --bench lexical` — criterion, then plain MB/s lines;
//! * `KHIEN_BENCH_QUICK=1` — only the plain figures, with a structured-kinds-only baseline;
//! * `KHIEN_BENCH_LINES=all` (or a line number) — the cost of each kind of line of the former
//!   dense profile (fixed sample lines).
//!
//! Figures are MB/s per core measured by the thread's CPU time (the machines we share are
//! busy; wall time would measure the neighbours).

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khien_detect::{Config, Engine};

#[path = "common/corpus.rs"]
mod corpus;

const SURNAMES: &[&str] =
    &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"];
const MIDDLES: &[&str] = &["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh", "Quang", "Hữu"];
const GIVEN: &[&str] =
    &["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Linh", "Mai", "Nam", "Phương", "Tuấn"];
const PLACES: &[&str] =
    &["Hà Nội", "Nghệ An", "Thanh Hóa", "Đà Nẵng", "Cần Thơ", "Lâm Đồng", "Phú Thọ"];

const PROSE: &[&str] = &[
    "Theo báo cáo của Sở Kế hoạch và Đầu tư, tốc độ tăng trưởng kinh tế của tỉnh trong quý III đạt khá, các ngành dịch vụ phục hồi mạnh sau thời gian dài bị ảnh hưởng.",
    "Hội nghị đã thảo luận các giải pháp nâng cao chất lượng giáo dục, đẩy mạnh chuyển đổi số trong quản lý nhà nước và cải cách thủ tục hành chính.",
    "Mưa lớn kéo dài khiến nhiều tuyến đường nội thị ngập sâu, giao thông ùn tắc vào giờ cao điểm buổi chiều.",
    "Chương trình mục tiêu quốc gia về xây dựng nông thôn mới tiếp tục được triển khai đồng bộ tại các xã vùng sâu, vùng xa.",
    "Ngành y tế khuyến cáo người dân chủ động phòng chống dịch bệnh mùa mưa, vệ sinh môi trường và tiêm chủng đầy đủ cho trẻ em.",
    "The committee reviewed the budget proposal and agreed to publish the final report next month.",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.next() % v.len()]
    }
}

/// About `target` bytes of mixed text: mostly prose, with forms, records and chat.
fn corpus(target: usize) -> String {
    let mut r = Lcg(42);
    let mut s = String::with_capacity(target + 1024);
    while s.len() < target {
        let name = format!("{} {} {}", r.pick(SURNAMES), r.pick(MIDDLES), r.pick(GIVEN));
        let place = r.pick(PLACES);
        match r.next() % 10 {
            0 => s.push_str(&format!(
                "Họ và tên: {}   Giới tính: Nam   Dân tộc: Kinh   Tôn giáo: Không\nNgày sinh: {:02}/{:02}/19{:02}   Số CCCD: 001090000001\nNơi thường trú: số {}, ngõ {}, phố Hàng Bài, phường Hoàn Kiếm, {}\n",
                name.to_uppercase(),
                r.next() % 28 + 1,
                r.next() % 12 + 1,
                r.next() % 90 + 10,
                r.next() % 200 + 1,
                r.next() % 90 + 1,
                place
            )),
            1 => s.push_str(&format!(
                "Bệnh nhân {name}, {} tuổi, trú tại xã Tân Lập, tỉnh {place}, được chẩn đoán viêm phổi (J18.9), có tiền sử tăng huyết áp.\n",
                r.next() % 80 + 10
            )),
            2 => s.push_str(&format!(
                "Bị can {name} bị khởi tố về tội trộm cắp tài sản; SĐT liên hệ 0912 345 678; có 1 tiền án.\n"
            )),
            3 => s.push_str(&format!("a {} oi, gui e dia chi nha c {} voi, mai e qua lay do nhe\n", r.pick(GIVEN), r.pick(GIVEN))),
            4 => s.push_str(&format!("STT {} | {name} | Nữ | {place} | đảng viên | chuyên viên\n", r.next() % 100)),
            _ => {
                s.push_str(r.pick(PROSE));
                s.push(' ');
                s.push_str(r.pick(PROSE));
                s.push('\n');
            }
        }
    }
    s
}

/// CPU time of this thread in seconds (Linux: /proc/thread-self/stat, clock ticks of 10 ms),
/// so that other work on a shared machine does not count; `None` elsewhere.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// MB/s of full detection over `text`, by thread CPU time where available (wall time else).
fn mb_per_s(engine: &Engine, text: &str) -> (f64, &'static str) {
    let rounds = 10;
    let cpu0 = thread_cpu();
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(engine.detect(std::hint::black_box(text)));
    }
    let wall = t.elapsed().as_secs_f64();
    let (secs, how) = match (cpu0, thread_cpu()) {
        (Some(a), Some(b)) if b > a => (b - a, "CPU time"),
        _ => (wall, "wall time"),
    };
    (text.len() as f64 * f64::from(rounds) / secs / 1e6, how)
}

fn bench(c: &mut Criterion) {
    let lexical = corpus(2 << 20);
    let dense = corpus::generate(4 << 20, 42, true);
    let prose = corpus::generate(4 << 20, 42, false);
    let engine = Engine::new(Config::default());
    let n = engine.detect(&lexical).len();
    assert!(n > 1000, "the corpus should hold many findings, found {n}");
    if std::env::var_os("KHIEN_BENCH_LINES").is_some() {
        // Cost of each kind of line of the former dense profile, repeated to about 1 MB.
        let full = Engine::new(Config::default());
        let structured = Engine::new(
            Config::default().with_kinds(
                khien_detect::Kind::ALL
                    .iter()
                    .copied()
                    .filter(|k| !khien_detect::internals::LEXICAL_KINDS.contains(k))
                    .collect::<Vec<_>>(),
            ),
        );
        let lines = [
            "123 | Nguyễn Văn An | 12/05/1987 | 079087123456 | 091 234 567",
            "Email liên hệ: an.12@example.vn, điện thoại 0912345678",
            "2026-11-05 08:12:33 login ok ip=203.0.113.7",
            "Số: 123/QĐ-UBND ngày 05/03/2025 về việc phê duyệt kế hoạch; kinh phí 500.000.000 đồng.",
            "sdt e 0912345678 nhe, stk 0123456789012 vcb",
            "Thực hiện chỉ đạo của Giám đốc Sở về tăng cường bảo vệ dữ liệu cá nhân, các phòng chuyên môn rà soát hồ sơ lưu trữ.",
        ];
        let only: Option<usize> =
            std::env::var("KHIEN_BENCH_LINES").ok().and_then(|v| v.parse().ok());
        for (i, l) in lines.into_iter().enumerate() {
            if only.is_some_and(|o| o != i) {
                continue;
            }
            let text = format!("{l}\n").repeat((8 << 20) / (l.len() + 1));
            let (a, _) = mb_per_s(&full, &text);
            let (b, _) = mb_per_s(&structured, &text);
            let lexical_ns = 1000.0 / a - 1000.0 / b;
            println!(
                "{a:8.1} MB/s all kinds, {b:8.1} MB/s structured, lexical {lexical_ns:5.2} ns/B  {l}"
            );
        }
        return;
    }
    if std::env::var_os("KHIEN_BENCH_QUICK").is_some() {
        // Baseline: the structured kinds only (the lexical detector steps aside).
        let structured = Engine::new(
            Config::default().with_kinds(
                khien_detect::Kind::ALL
                    .iter()
                    .copied()
                    .filter(|k| {
                        !khien_detect::internals::LEXICAL_KINDS.contains(k)
                            || *k == khien_detect::Kind::DateOfBirth
                    })
                    .filter(|k| *k != khien_detect::Kind::DateOfBirth)
                    .collect::<Vec<_>>(),
            ),
        );
        for (name, text) in [("bench/ dense", &dense), ("bench/ prose", &prose)] {
            let (mbs, how) = mb_per_s(&structured, text);
            println!("structured kinds only (baseline), {name}: {mbs:.1} MB/s per core ({how})");
        }
        for (name, text) in
            [("bench/ dense", &dense), ("bench/ prose", &prose), ("lexical-heavy", &lexical)]
        {
            let (mbs, how) = mb_per_s(&engine, text);
            println!(
                "full detection (all kinds), {name}: {mbs:.1} MB/s per core ({how}) on {} bytes",
                text.len()
            );
        }
        return;
    }
    let mut g = c.benchmark_group("full_detection");
    g.sample_size(10);
    for (name, text) in
        [("bench_dense", &dense), ("bench_prose", &prose), ("lexical_heavy", &lexical)]
    {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| engine.detect(std::hint::black_box(text)).len()));
    }
    g.finish();
    // Plain figures for the benchmark log.
    for (name, text) in
        [("bench/ dense", &dense), ("bench/ prose", &prose), ("lexical-heavy", &lexical)]
    {
        let (mbs, how) = mb_per_s(&engine, text);
        println!(
            "full detection (all kinds), {name}: {mbs:.1} MB/s per core ({how}) on {} bytes",
            text.len()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
