//! Integration tests: the real CLI on temporary files, and data-driven
//! cases from `fixtures/`. One binary, submodules by feature (as ripgrep).

mod util;

mod cli;
mod entities;
mod inputs;
mod outputs;
mod properties;
mod quotes;
mod reliability;
