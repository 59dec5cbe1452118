//! Stage: rules (being written).

pub mod dates;
