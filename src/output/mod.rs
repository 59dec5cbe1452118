//! Stage: output (being written).
