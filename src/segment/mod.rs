//! Stage: segment (being written).
