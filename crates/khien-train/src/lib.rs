//! Training and evaluation of the judge's message model (`khien-judge`'s `model` module) from
//! the project's labelled corpus in `train/judge/messages/`.
//!
//! This crate does the I/O (reading the corpus, writing the model file and the evaluation
//! report); the features and the fitting are `khien_judge::model`'s pure functions, so what
//! is trained here is exactly what the engine computes at inference. It is a development tool:
//! not part of the `khien` binary, never run at build time, and training is deterministic (the
//! same corpus and rules give the same model file, byte for byte).

pub mod corpus;
pub mod evaluate;
pub mod message;
pub mod url;
