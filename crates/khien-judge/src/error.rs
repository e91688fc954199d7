//! Errors.

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
    Qr(String),
}
