//! `pssc`: the command line of the PSSC chain, for every role.
//!
//! Each submission waits for inclusion and, unless `--no-finality`, finality; prints one
//! readable line per event (or JSON with `--json`); and exits non-zero with the dispatch
//! error's name when the call fails. Keys come from `--suri` or from the file named by
//! `PSSC_SURI_FILE`; a secret is never printed.

mod cli;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
	let args = cli::Cli::parse();
	cli::run(args).await
}
