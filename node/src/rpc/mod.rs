//! The node's RPC extensions beyond the standard set (`system_*`, `chain_*`, `state_*`,
//! `author_*`, and the v2 `chainHead`/`transaction` families that `sc-service` adds).

pub mod pssc;

use jsonrpsee::RpcModule;
use pssc_runtime::{opaque::Block, AccountId, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;

/// What the RPC extensions need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// The RPC extensions: `system_accountNextIndex` (the nonce a client signs with, counting
/// transactions already in the pool), `system_dryRun`, and the ledger's `pssc_*` methods.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BlockBuilder<Block>,
	C::Api: pssc_primitives::api::PositionsApi<Block, AccountId>
		+ pssc_primitives::api::SettlementApi<Block>
		+ pssc_primitives::api::ReconciliationApi<Block, AccountId>
		+ pssc_primitives::api::RegistryApi<Block, AccountId>
		+ sp_api::Metadata<Block>,
	P: TransactionPool + 'static,
{
	use pssc::{Pssc, PsscApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(Pssc::new(client).into_rpc())?;
	Ok(module)
}
