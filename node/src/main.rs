//! `pssc-node`: the node of the PSSC permissioned securities-settlement chain.

#![warn(missing_docs)]
// The node's results carry `sc_cli::Error`/`sc_service::Error`, which are large by design
// upstream; boxing them here would only obscure the service code.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod metrics;
mod peering;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
