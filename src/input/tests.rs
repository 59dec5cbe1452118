//! Tests of the input stage.
