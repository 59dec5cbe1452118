//! Dates (being written).
