//! A deterministic generator of mixed Vietnamese text for benchmarks: administrative prose,
//! news, tables of citizens with identifiers, e-mails, chat and logs. All values are invented.

/// A tiny xorshift generator: reproducible corpora without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + (self.next() % 10) as u8)).collect()
    }
}

const PROSE: &[&str] = &[
    "Thực hiện chỉ đạo của Giám đốc Sở về tăng cường bảo vệ dữ liệu cá nhân, các phòng chuyên môn rà soát hồ sơ lưu trữ.",
    "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị nâng cao nhận thức về an ninh mạng gắn với nhiệm vụ được giao.",
    "Cán bộ, công chức cần cảnh giác với các cuộc gọi mạo danh cơ quan công an, viện kiểm sát, tòa án yêu cầu chuyển tiền.",
    "Theo báo cáo, trong quý III đã tiếp nhận nhiều phản ánh về tin nhắn lừa đảo nâng cấp tài khoản định danh điện tử.",
    "Hội nghị tổng kết công tác năm được tổ chức tại hội trường lớn với sự tham dự của đại diện các sở, ban, ngành.",
    "Người dân tuyệt đối không cung cấp mã OTP, mật khẩu cho bất kỳ ai, kể cả người tự xưng là nhân viên ngân hàng.",
    "Kế hoạch chuyển đổi số giai đoạn tới tập trung vào dịch vụ công trực tuyến toàn trình và cơ sở dữ liệu dùng chung.",
    "Đoàn kiểm tra đã làm việc với doanh nghiệp về việc tuân thủ quy định pháp luật trong hoạt động thương mại điện tử.",
    "The department will publish the de-identified dataset after the legal review has been completed by the committee.",
    "Trời hôm nay nắng nhẹ, nhiệt độ khoảng hai mươi tám độ, thích hợp cho các hoạt động ngoài trời của học sinh.",
];

const SURNAMES: &[&str] =
    &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const MIDDLE: &[&str] = &["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân", "Tâm", "Yến",
];
const PROVINCES: &[&str] = &["001", "079", "048", "031", "092", "038", "040", "046", "056", "066"];
const MOBILE: &[&str] = &["091", "098", "097", "086", "090", "093", "070", "081", "038", "035"];

fn line(rng: &mut Rng, dense: bool) -> String {
    // Dense: a quarter of the lines are records with identifiers (lists of citizens, logs,
    // chat). Prose: one line in a hundred (letters, reports, news).
    let pick = if dense {
        rng.next() % 20
    } else if rng.next().is_multiple_of(100) {
        rng.next() % 5
    } else {
        5
    };
    match pick {
        0 => {
            let name = format!("{} {} {}", rng.pick(SURNAMES), rng.pick(MIDDLE), rng.pick(GIVEN));
            let id = format!(
                "{}{}{}{}",
                rng.pick(PROVINCES),
                rng.next() % 2,
                60 + rng.next() % 40,
                rng.digits(6)
            );
            let phone = format!("{} {} {}", rng.pick(MOBILE), rng.digits(3), rng.digits(3));
            format!(
                "{} | {name} | {:02}/{:02}/19{} | {id} | {phone}",
                rng.next() % 500,
                1 + rng.next() % 28,
                1 + rng.next() % 12,
                60 + rng.next() % 40
            )
        }
        1 => format!(
            "Email liên hệ: {}.{}@example.vn, điện thoại {}{}",
            rng.pick(GIVEN)
                .to_lowercase()
                .replace(['ư', 'ơ', 'à', 'â', 'ì', 'ú', 'ế', 'ậ', 'ù'], "a"),
            rng.digits(2),
            rng.pick(MOBILE),
            rng.digits(7)
        ),
        2 => format!(
            "2026-11-{:02} 08:{:02}:{:02} login ok ip=203.0.113.{}",
            1 + rng.next() % 28,
            rng.next() % 60,
            rng.next() % 60,
            rng.next() % 255
        ),
        3 => format!(
            "Số: {}/QĐ-UBND ngày {:02}/{:02}/2025 về việc phê duyệt kế hoạch; kinh phí {}.000.000 đồng.",
            rng.next() % 999,
            1 + rng.next() % 28,
            1 + rng.next() % 12,
            rng.next() % 900
        ),
        4 => format!("sdt e {}{} nhe, stk {} vcb", rng.pick(MOBILE), rng.digits(7), rng.digits(13)),
        _ => rng.pick(PROSE).to_string(),
    }
}

/// About `bytes` bytes of mixed text; `dense` makes a quarter of the lines records with
/// identifiers, otherwise one line in a hundred.
pub fn generate(bytes: usize, seed: u64, dense: bool) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        out.push_str(&line(&mut rng, dense));
        out.push('\n');
    }
    out
}
