//! Stage: input (being written).
