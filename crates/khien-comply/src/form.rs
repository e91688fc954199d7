//! Drafts of the official notices, built from the register's records.
//!
//! [`BreachNotice`] is the personal-data breach notification of Decree 356 Art. 28 (Form 08):
//! its sections follow the content the article requires — the nature of the violation (time,
//! place, act, who, types and amount of data), the contacts of the data-protection unit, the
//! likely consequences and the measures taken. The heading and layout follow the usual shape of
//! an administrative document (Decree 30/2020: national motto, Times New Roman 13 pt); compare
//! with the annex of the decree before sending. It is written by `khien-doc` to a DOCX (to
//! finish in a word processor) and a PDF (to print), and to plain text for the page.

use chrono::{DateTime, FixedOffset};
use khien_doc::{Paragraph, Style};

use crate::vi_datetime;

/// What the drafts share: their lines, and the same writers for the page, DOCX and PDF.
pub trait Draft {
    /// The document's title (what a PDF viewer shows).
    fn title(&self) -> &str;

    /// The lines of the draft and how each is set.
    fn lines(&self) -> Vec<(Style, String)>;

    /// The draft's paragraphs.
    fn paragraphs(&self) -> Vec<Paragraph> {
        self.lines().into_iter().map(|(s, t)| Paragraph::new(s, t)).collect()
    }

    /// The draft as plain text, one paragraph a line.
    fn text(&self) -> String {
        self.lines().into_iter().map(|(_, l)| l + "\n").collect()
    }

    /// The draft as a Word document (DOCX bytes).
    fn docx(&self) -> Vec<u8> {
        khien_doc::docx(&self.paragraphs())
    }

    /// The draft as a PDF.
    fn pdf(&self) -> Result<Vec<u8>, khien_doc::DocError> {
        khien_doc::pdf(&self.paragraphs(), self.title())
    }
}

/// One kind of personal data involved and how many records or people it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataInvolved {
    /// The category as the law names it ("Số định danh cá nhân", "Dữ liệu sinh trắc học").
    pub category: String,
    /// Whether it is sensitive personal data.
    pub sensitive: bool,
    /// How many values or records, when known.
    pub count: Option<u64>,
}

/// The content of a Form 08 breach notification.
#[derive(Debug, Clone, Default)]
pub struct BreachNotice {
    /// The register's reference (e.g. `SC-2026-0003`).
    pub reference: String,
    /// The notifying agency.
    pub agency: String,
    /// Who it is addressed to (from the agency's recipients).
    pub recipient: String,
    /// When the violation was discovered.
    pub discovered_at: Option<DateTime<FixedOffset>>,
    /// When it happened, if known.
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// Where (system, office, address).
    pub place: String,
    /// What happened.
    pub act: String,
    /// The organisations or persons involved.
    pub involved: String,
    /// The personal data involved.
    pub data: Vec<DataInvolved>,
    /// How many data subjects are affected, when known.
    pub subjects: Option<u64>,
    /// Contacts of the data-protection unit or officer.
    pub dpo_contact: String,
    /// Likely consequences and damage.
    pub consequences: String,
    /// Measures taken and planned.
    pub measures: String,
    /// The deadline of the notice, shown in the header line.
    pub due_at: Option<DateTime<FixedOffset>>,
    /// The place and date line ("Hà Nội, ngày … tháng … năm …").
    pub place_date: String,
}

impl Draft for BreachNotice {
    fn title(&self) -> &str {
        "Thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân"
    }

    fn lines(&self) -> Vec<(Style, String)> {
        let unknown = "(chưa xác định)";
        let or_unknown =
            |s: &str| if s.trim().is_empty() { unknown.to_string() } else { s.trim().to_string() };
        let when = |t: Option<DateTime<FixedOffset>>| {
            t.map(vi_datetime).unwrap_or_else(|| unknown.to_string())
        };
        let mut p = vec![
            (Style::Body, "Mẫu số 08".to_string()),
            (Style::Title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string()),
            (Style::Centered, "Độc lập - Tự do - Hạnh phúc".to_string()),
            (Style::Centered, or_unknown(&self.place_date)),
            (Style::Title, "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN".to_string()),
            (Style::Centered, format!("Kính gửi: {}", or_unknown(&self.recipient))),
            (Style::Body, format!("Tổ chức thông báo: {}", or_unknown(&self.agency))),
            (Style::Body, format!("Số hồ sơ: {}", or_unknown(&self.reference))),
            (
                Style::Body,
                "Căn cứ Điều 23 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Điều 28 Nghị định số 356/2025/NĐ-CP, chúng tôi thông báo như sau:".to_string(),
            ),
            (Style::Heading, "1. Mô tả tính chất của vi phạm".to_string()),
            (Style::Body, format!("a) Thời gian phát hiện: {}; thời gian xảy ra: {}.", when(self.discovered_at), when(self.occurred_at))),
            (Style::Body, format!("b) Địa điểm, hệ thống: {}.", or_unknown(&self.place))),
            (Style::Body, format!("c) Hành vi vi phạm: {}", or_unknown(&self.act))),
            (Style::Body, format!("d) Tổ chức, cá nhân liên quan: {}.", or_unknown(&self.involved))),
            (Style::Body, "đ) Loại dữ liệu cá nhân và số lượng:".to_string()),
        ];
        if self.data.is_empty() {
            p.push((Style::Body, format!("   – {unknown}")));
        }
        for d in &self.data {
            let kind = if d.sensitive {
                "dữ liệu cá nhân nhạy cảm"
            } else {
                "dữ liệu cá nhân cơ bản"
            };
            let count = d.count.map(|n| format!(": {} giá trị", group(n))).unwrap_or_default();
            p.push((Style::Body, format!("   – {} ({kind}){count}", d.category)));
        }
        p.push((
            Style::Body,
            format!(
                "e) Số chủ thể dữ liệu bị ảnh hưởng: {}.",
                self.subjects.map(group).unwrap_or_else(|| unknown.to_string())
            ),
        ));
        p.push((
            Style::Heading,
            "2. Thông tin liên hệ của bộ phận, nhân sự bảo vệ dữ liệu cá nhân".to_string(),
        ));
        p.push((Style::Body, or_unknown(&self.dpo_contact)));
        p.push((Style::Heading, "3. Mô tả các hậu quả, thiệt hại có thể xảy ra".to_string()));
        p.push((Style::Body, or_unknown(&self.consequences)));
        p.push((
            Style::Heading,
            "4. Các biện pháp đã và sẽ thực hiện để giải quyết, giảm thiểu tác hại".to_string(),
        ));
        p.push((Style::Body, or_unknown(&self.measures)));
        if let Some(due) = self.due_at {
            p.push((
                Style::Body,
                format!("Thông báo này được gửi trong thời hạn 72 giờ kể từ khi phát hiện vi phạm (hạn: {}).", vi_datetime(due)),
            ));
        }
        p.push((Style::Centered, "THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC".to_string()));
        p.push((Style::Centered, "(Ký, ghi rõ họ tên, đóng dấu)".to_string()));
        p
    }
}

/// Which impact-assessment dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assessment {
    /// Processing impact assessment (Law 91 Art. 21; Decree 356 Art. 19; Forms 02a/02b, 10).
    Processing,
    /// Cross-border transfer impact assessment (Law 91 Art. 20; Decree 356 Art. 18; Forms
    /// 01a/01b, 09).
    CrossBorder,
}

/// The content of an impact-assessment dossier, pre-filled from the processing register. Its
/// sections follow what Decree 356 Art. 19(3) (and Art. 18 for transfers) asks the dossier to
/// hold; what the register does not know is marked for the officer to complete.
#[derive(Debug, Clone)]
pub struct ImpactAssessment {
    /// Which dossier.
    pub assessment: Assessment,
    /// The register's reference of the activity.
    pub reference: String,
    /// The controller (the agency).
    pub agency: String,
    /// Contacts of the data-protection unit or officer.
    pub dpo_contact: String,
    /// The processing activity.
    pub activity: String,
    /// Its purpose.
    pub purpose: String,
    /// Whose data.
    pub data_subjects: String,
    /// The kinds of personal data, as the law names them, and whether each is sensitive.
    pub data: Vec<DataInvolved>,
    /// The system it runs on and its security level.
    pub system: String,
    /// Recipients.
    pub recipients: String,
    /// Where the data goes abroad (cross-border dossier).
    pub destination: String,
    /// Retention and deletion.
    pub retention: String,
    /// Where the data was found (the inventory's folders).
    pub sources: Vec<String>,
    /// When processing (or the transfer) started, and the filing deadline.
    pub started: Option<DateTime<FixedOffset>>,
    /// The filing deadline.
    pub due_at: Option<DateTime<FixedOffset>>,
    /// The place and date line.
    pub place_date: String,
}

impl Draft for ImpactAssessment {
    fn title(&self) -> &str {
        "Hồ sơ đánh giá tác động"
    }

    fn lines(&self) -> Vec<(Style, String)> {
        let todo = "(cần bổ sung)";
        let or_todo =
            |s: &str| if s.trim().is_empty() { todo.to_string() } else { s.trim().to_string() };
        let (form, title, basis) = match self.assessment {
            Assessment::Processing => (
                "Mẫu số 02a/02b (thông báo) và Mẫu số 10 (báo cáo)",
                "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
                "Căn cứ Điều 21 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Điều 19 Nghị định số 356/2025/NĐ-CP.",
            ),
            Assessment::CrossBorder => (
                "Mẫu số 01a/01b (thông báo) và Mẫu số 09 (báo cáo)",
                "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN RA NƯỚC NGOÀI",
                "Căn cứ Điều 20 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Điều 18 Nghị định số 356/2025/NĐ-CP.",
            ),
        };
        let mut p = vec![
            (Style::Body, form.to_string()),
            (Style::Title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string()),
            (Style::Centered, "Độc lập - Tự do - Hạnh phúc".to_string()),
            (Style::Centered, or_todo(&self.place_date)),
            (Style::Title, title.to_string()),
            (Style::Body, format!("Số hồ sơ: {}", or_todo(&self.reference))),
            (Style::Body, basis.to_string()),
            (Style::Heading, "1. Bên kiểm soát dữ liệu và thông tin liên hệ".to_string()),
            (Style::Body, or_todo(&self.agency)),
            (Style::Heading, "2. Bộ phận, nhân sự bảo vệ dữ liệu cá nhân".to_string()),
            (Style::Body, or_todo(&self.dpo_contact)),
            (Style::Heading, "3. Hoạt động xử lý, mục đích và loại dữ liệu".to_string()),
            (Style::Body, format!("a) Hoạt động xử lý: {}", or_todo(&self.activity))),
            (Style::Body, format!("b) Mục đích: {}", or_todo(&self.purpose))),
            (Style::Body, format!("c) Chủ thể dữ liệu: {}", or_todo(&self.data_subjects))),
            (Style::Body, "d) Loại dữ liệu cá nhân được xử lý:".to_string()),
        ];
        if self.data.is_empty() {
            p.push((Style::Body, format!("   – {todo}")));
        }
        for d in &self.data {
            let kind = if d.sensitive {
                "dữ liệu cá nhân nhạy cảm"
            } else {
                "dữ liệu cá nhân cơ bản"
            };
            p.push((Style::Body, format!("   – {} ({kind})", d.category)));
        }
        p.push((Style::Body, format!("đ) Hệ thống thông tin: {}", or_todo(&self.system))));
        p.push((Style::Body, format!("e) Bên nhận dữ liệu: {}", or_todo(&self.recipients))));
        if self.assessment == Assessment::CrossBorder {
            p.push((
                Style::Body,
                format!("g) Nơi nhận ở nước ngoài: {}", or_todo(&self.destination)),
            ));
        }
        p.push((Style::Body, "Nơi lưu trữ dữ liệu (theo kết quả kiểm kê):".to_string()));
        if self.sources.is_empty() {
            p.push((Style::Body, format!("   – {todo}")));
        }
        for s in &self.sources {
            p.push((Style::Body, format!("   – {s}")));
        }
        p.push((Style::Heading, "4. Sự đồng ý, thời hạn lưu trữ và xóa dữ liệu".to_string()));
        p.push((Style::Body, or_todo(&self.retention)));
        p.push((
            Style::Heading,
            "5. Biện pháp bảo đảm an toàn, thiết kế hệ thống và tiêu chuẩn áp dụng".to_string(),
        ));
        p.push((Style::Body, todo.to_string()));
        p.push((Style::Heading, "6. Kết quả đánh giá tuân thủ".to_string()));
        p.push((Style::Body, todo.to_string()));
        p.push((
            Style::Heading,
            "7. Rủi ro, tác hại có thể xảy ra và biện pháp giảm thiểu".to_string(),
        ));
        p.push((Style::Body, todo.to_string()));
        if let (Some(start), Some(due)) = (self.started, self.due_at) {
            p.push((
                Style::Body,
                format!(
                    "Bắt đầu xử lý: {}; hạn gửi hồ sơ (60 ngày): {}.",
                    vi_datetime(start),
                    vi_datetime(due)
                ),
            ));
        }
        p.push((Style::Centered, "THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC".to_string()));
        p.push((Style::Centered, "(Ký, ghi rõ họ tên, đóng dấu)".to_string()));
        p
    }
}

/// 12500 → "12.500" (Vietnamese thousands separator).
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The place-and-date line of an administrative document: "Hà Nội, ngày 07 tháng 12 năm 2026".
pub fn place_date_line(place: &str, t: DateTime<FixedOffset>) -> String {
    let d = crate::in_vietnam(&t).date_naive();
    format!("{place}, ngày {} tháng {} năm {}", d.format("%d"), d.format("%m"), d.format("%Y"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_the_vietnamese_way() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(12_500), "12.500");
        assert_eq!(group(1_234_567), "1.234.567");
    }

    #[test]
    fn place_date_line_uses_vietnam_time() {
        let t = DateTime::parse_from_rfc3339("2026-12-06T18:00:00Z").unwrap();
        assert_eq!(place_date_line("Hà Nội", t), "Hà Nội, ngày 07 tháng 12 năm 2026");
    }
}
