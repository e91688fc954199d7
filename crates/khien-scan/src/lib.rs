//! Khiên scanning (placeholder while the contracts land).
