//! Errors. Every error reads in Vietnamese ([`Error::vi`]) and English (`Display`), as the
//! engine's labels and reasons do.

/// Errors from building the engine or parsing inputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An embedded or imported data file could not be parsed.
    #[error("data file {file}: {message}")]
    Data {
        /// Which file.
        file: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A blocklist could not be parsed.
    #[error("list format: {0}")]
    ListFormat(String),
    /// A QR payload is not a valid EMVCo TLV string.
    #[error("QR payload: {0}")]
    Qr(#[from] QrError),
}

impl Error {
    /// The error in Vietnamese (`Display` gives it in English). Messages quoted from a parser
    /// (TOML, list lines) stay as the parser wrote them.
    pub fn vi(&self) -> String {
        match self {
            Error::Data { file, message } => format!("tệp dữ liệu {file}: {message}"),
            Error::ListFormat(m) => format!("định dạng danh sách: {m}"),
            Error::Qr(e) => format!("mã QR: {}", e.vi()),
        }
    }
}

/// What is wrong in the structure of a QR payload: the field and the character offset where
/// the EMVCo tag-length-value layout breaks. A payload that parses but whose checksum does not
/// match is not an error here (see [`crate::QrPayment::crc_ok`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// Fewer than the four characters of a tag and a length remain.
    #[error("the field at offset {offset} is cut short (a tag and a length need 4 characters)")]
    Truncated {
        /// Character offset of the field.
        offset: usize,
    },
    /// The tag is not two digits.
    #[error("tag {tag:?} at offset {offset} is not two digits")]
    BadTag {
        /// The tag as written.
        tag: String,
        /// Character offset of the field.
        offset: usize,
    },
    /// The length is not two digits.
    #[error("length {length:?} of field {tag} at offset {offset} is not two digits")]
    BadLength {
        /// The field's tag.
        tag: String,
        /// The length as written.
        length: String,
        /// Character offset of the field.
        offset: usize,
    },
    /// The length runs past the end of the payload.
    #[error("field {tag} at offset {offset} declares {length} characters but only {left} remain")]
    Overrun {
        /// The field's tag.
        tag: String,
        /// Character offset of the field.
        offset: usize,
        /// The declared length.
        length: usize,
        /// Characters left after the tag and length.
        left: usize,
    },
    /// The first field is not the payload format indicator (tag 00).
    #[error("the payload does not start with the format indicator (tag 00)")]
    NoFormatIndicator,
}

impl QrError {
    /// The error in Vietnamese.
    pub fn vi(&self) -> String {
        match self {
            QrError::Truncated { offset } => {
                format!("trường ở vị trí {offset} bị cụt (mã trường và độ dài cần 4 ký tự)")
            }
            QrError::BadTag { tag, offset } => {
                format!("mã trường {tag:?} ở vị trí {offset} không phải hai chữ số")
            }
            QrError::BadLength { tag, length, offset } => {
                format!(
                    "độ dài {length:?} của trường {tag} ở vị trí {offset} không phải hai chữ số"
                )
            }
            QrError::Overrun { tag, offset, length, left } => {
                format!("trường {tag} ở vị trí {offset} khai {length} ký tự nhưng chỉ còn {left}")
            }
            QrError::NoFormatIndicator => {
                "mã không bắt đầu bằng trường định dạng (mã trường 00)".into()
            }
        }
    }

    /// The error in English.
    pub fn en(&self) -> String {
        self.to_string()
    }
}
