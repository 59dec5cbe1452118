//! Stage: gazetteer (being written).
