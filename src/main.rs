//! The `quarry` command: parse flags, build the pipeline once, run, exit.
//!
//! All the work is in the library; this file maps flags to a checked
//! configuration (`cli::Args` → `cli::Config`), runs it and turns the result
//! into an exit code: 0 when the run completed (even with bad records, which
//! are reported and counted) and when standard output was closed early
//! (`quarry extract ... | head`), 1 when nothing could be read or the run
//! failed, 2 for usage errors. Subcommands: `extract`, `eval`,
//! `completions SHELL`, `man`.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`quarry ... | head`) is a normal way to stop.
            if let Some(ioe) = err.downcast_ref::<io::Error>() {
                if ioe.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let _ = writeln!(io::stderr(), "quarry: {err:#}");
            if io::stderr().is_terminal() {
                let _ = io::stderr().flush();
            }
            ExitCode::from(err.downcast_ref::<cli::UsageError>().map_or(1, |_| 2))
        }
    }
}

// mimalloc: the stages allocate many short-lived vectors and strings per
// document; on the benchmark corpus it takes 11% less CPU than the system
// allocator (BENCHMARKS.md), for about 40 MB more peak memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
