//! quarry: people, places, organisations, dates and attributed quotes from
//! news articles, in bulk.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input → segment → gazetteer → rules (+ dates) → resolve → quotes → output
//! ```
//!
//! [`model`] holds the data that flows between the stages.
#![deny(missing_docs)]

pub mod eval;
pub mod gazetteer;
pub mod input;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod quotes;
pub mod resolve;
pub mod rules;
pub mod segment;
