//! The runtime APIs the node and clients call.

use crate::{
	AccountId, Aura, Block, Entitlements, Executive, InherentDataExt, Nonce, Participants, Runtime,
	RuntimeGenesisConfig, Securities, SessionKeys, Settlement, System, ValidatorSet, VERSION,
};
use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use pssc_primitives::{
	api::{
		BankReconciliation, BlockActivity, CustodianReport, FeeStatement, InstructionPage,
		InstructionRecord, NodeInfo, Obstacle, OpenInstructions, ParticipantInfo,
		PendingWithdrawal, Positions, SecurityInfo, SecurityPosition, SecurityReconciliation,
		StatusFilter, ValidatorSetInfo,
	},
	settlement::{Date, InstructionId, Month, NewInstruction},
	traits::{KeyRole, Line},
	Cusip, ParticipantId,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::DispatchError;
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			ValidatorSet::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			ValidatorSet::grandpa_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Validators are known institutions under the agency's contract; equivocation is
			// handled off chain by removing the validator, not by slashing.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl pssc_primitives::api::PositionsApi<Block, AccountId> for Runtime {
		fn positions(participant: ParticipantId) -> Positions {
			Entitlements::positions(participant)
		}

		fn holders(cusip: Cusip) -> Vec<SecurityPosition> {
			Entitlements::holders(&cusip)
		}

		fn pending_withdrawals() -> Vec<PendingWithdrawal<AccountId>> {
			Entitlements::pending_withdrawals()
		}
	}

	impl pssc_primitives::api::SettlementApi<Block> for Runtime {
		fn business_date() -> Option<Date> {
			Settlement::today()
		}

		fn instruction(id: InstructionId) -> Option<InstructionRecord> {
			Settlement::instruction_record(id)
		}

		fn instructions(
			participant: ParticipantId,
			filter: StatusFilter,
			after: Option<InstructionId>,
			limit: u32,
		) -> InstructionPage {
			Settlement::instructions_of(participant, filter, after, limit)
		}

		fn why_pending(id: InstructionId) -> Option<Vec<Obstacle>> {
			Settlement::why_pending(id)
		}

		fn check_instruction(
			participant: ParticipantId,
			instruction: NewInstruction<Vec<u8>>,
		) -> Vec<DispatchError> {
			Settlement::check_instruction(participant, instruction)
		}

		fn fees(participant: ParticipantId, month: Option<Month>) -> Vec<FeeStatement> {
			Settlement::fee_statements(participant, month)
		}

		fn block_activity() -> BlockActivity {
			crate::metrics::block_activity()
		}

		fn open_instructions(limit: u32) -> OpenInstructions {
			Settlement::open_instructions(limit)
		}
	}

	impl pssc_primitives::api::NetworkApi<Block, AccountId> for Runtime {
		fn validator_set() -> ValidatorSetInfo<AccountId> {
			ValidatorSet::validator_set_info()
		}

		fn nodes() -> Vec<NodeInfo<AccountId>> {
			ValidatorSet::registered_nodes()
				.into_iter()
				.map(|(node, operator)| NodeInfo { node, operator })
				.collect()
		}
	}

	impl pssc_primitives::api::ReconciliationApi<Block, AccountId> for Runtime {
		fn security_line(cusip: Cusip) -> SecurityReconciliation {
			Entitlements::security_reconciliation(cusip)
		}

		fn banks() -> Vec<BankReconciliation<AccountId>> {
			Entitlements::bank_reconciliations()
		}

		fn breaks() -> Vec<(Line, CustodianReport)> {
			Entitlements::open_breaks()
		}
	}

	impl pssc_primitives::api::RegistryApi<Block, AccountId> for Runtime {
		fn security(cusip: Cusip) -> Option<SecurityInfo> {
			Securities::security_info(cusip)
		}

		fn participant(id: ParticipantId) -> Option<ParticipantInfo<AccountId>> {
			Participants::participant_info(id)
		}

		fn participants() -> Vec<ParticipantInfo<AccountId>> {
			Participants::participants_info()
		}

		fn key_owner(key: AccountId) -> Option<(ParticipantId, KeyRole)> {
			Participants::key_owner(&key)
		}

		fn dtc_gateway() -> Option<AccountId> {
			pallet_securities::DtcGateway::<Runtime>::get()
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (frame_support::weights::Weight, frame_support::weights::Weight) {
			let weight = Executive::try_runtime_upgrade(checks).expect("runtime upgrade checks pass");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> frame_support::weights::Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline::Pallet as BaselineBench, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use crate::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline::Pallet as BaselineBench, BenchmarkBatch};
			use frame_support::traits::{TrackedStorageKey, WhitelistedStorageKeys};
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use crate::*;

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
