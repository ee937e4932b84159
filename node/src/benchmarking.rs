//! `pssc-node benchmark …`: FRAME's benchmark commands on this chain. Only in a node built
//! with the `runtime-benchmarks` feature, which `scripts/benchmark-weights.sh` builds; the
//! node of `scripts/setup.sh` and of the tests has no such subcommand.
//!
//! - `pallet`: the runtime's benchmarks ([`pssc_runtime`]'s `benchmarks.rs`), for each
//!   pallet's `weights.rs`.
//! - `storage`: the read and write costs of a real ParityDB database, for `DbWeight`.
//! - `overhead`: the base weight of a block and of an extrinsic.
//! - `block`: the time to import blocks already in the database.
//! - `extrinsic`: a remark, signed as in `overhead`.
//! - `machine`: this machine against Substrate's reference hardware.

use crate::{cli::Cli, service};
use frame_benchmarking_cli::{
	BenchmarkCmd, ExtrinsicFactory, SubstrateRemarkBuilder, SUBSTRATE_REFERENCE_HARDWARE,
};
use pssc_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_runtime::traits::HashingFor;

/// Run `cmd` on the chain the command line names.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents {
				client, backend, ..
			} = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_trie_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_trie_cache)
		},
		BenchmarkCmd::Overhead(cmd) => {
			cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let remark = SubstrateRemarkBuilder::new_from_client(client.clone())?;
			let factory = ExtrinsicFactory(vec![Box::new(remark)]);
			cmd.run(client, inherent_data()?, Vec::new(), &factory)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}

/// The inherents of a benchmark block: a timestamp.
fn inherent_data() -> sc_cli::Result<InherentData> {
	let mut data = InherentData::new();
	futures::executor::block_on(
		sp_timestamp::InherentDataProvider::new(0.into()).provide_inherent_data(&mut data),
	)
	.map_err(|e| format!("creating the inherent data: {e}"))?;
	Ok(data)
}
