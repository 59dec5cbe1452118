//! Stage: quotes (being written).
