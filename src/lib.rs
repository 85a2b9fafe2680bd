//! unspin repairs damaged English prose: synonym-spun articles, paper-mill
//! "tortured phrases" and OCR garble.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! read → normalize → token → detect → resolve → output / report
//! ```
//!
//! * [`read`] checks bytes are text (binary sniffing, UTF-8) and builds a [`document::Document`].
//! * [`normalize`] gives the comparison views (lexicon keys, case patterns).
//! * [`token`] splits text into words, numbers, punctuation and whitespace with byte spans.
//! * [`detect`] runs every [`detect::Detector`]; each proposes [`fix::Fix`]es.
//! * [`resolve`] keeps a non-overlapping set and applies the threshold.
//! * [`output`] writes atomically; [`report`] renders the CSV/JSONL report.
//!
//! [`pipeline::Engine`] wires the stages for one document; [`batch`] runs
//! many files in parallel. The binary (`src/main.rs`) is a thin CLI on top.
//!
//! ```
//! let engine = unspin::Engine::new(unspin::Options::default()).unwrap();
//! assert_eq!(engine.clean_str("The goverment acted."), "The government acted.");
//! ```
#![warn(missing_docs)]

pub mod apply;
pub mod batch;
// Shared with build.rs, which uses the builders.
#[allow(dead_code)]
pub(crate) mod bloom;
#[allow(dead_code)]
pub(crate) mod codec;
pub mod config;
pub mod detect;
pub mod diff;
pub mod document;
pub mod fix;
pub mod gate;
pub mod jsonl;
pub mod lexicon;
pub mod lm;
pub mod models;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod resolve;
pub mod thesaurus;
pub mod token;
pub mod walk;

pub use fix::{Decision, Fix, Kind};
pub use pipeline::{Analysis, Engine, Options};
