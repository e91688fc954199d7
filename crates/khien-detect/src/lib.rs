//! Khiên personal-data engine (placeholder while the contracts land).
