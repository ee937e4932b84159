//! The configuration of each pallet in the runtime.

use crate::{
	AccountId, Aura, Block, BlockNumber, Board, Hash, Moment, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, SessionKeys, BLOCK_HASH_COUNT, MINUTES,
	SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ChangeMembers, ConstBool, ConstU32, ConstU64, InitializeMembers},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	BoundedVec,
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_admission::{Allowance, Quota, RoleQuotas};
use pssc_primitives::traits::AuthoritySetHandler;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::Perbill;

/// The share of a block's weight that normal (signed) transactions may fill.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = BLOCK_HASH_COUNT;
	pub const Version: sp_version::RuntimeVersion = VERSION;

	/// 2.5 s of compute per 6-second block, of which normal transactions may fill three
	/// quarters. The author proposes for two thirds of the slot (node/src/service.rs); a block
	/// of this size imports in the third left: measured on this machine (`benchmark block`;
	/// README, "The block budget"), full blocks of transactions imported in 31 to 87 % of
	/// their weight, at most 1.6 s. The base weights of a block and of an extrinsic are
	/// measured on this machine too (`crate::weights`).
	pub RuntimeBlockWeights: BlockWeights = {
		let max = Weight::from_parts(5u64 * WEIGHT_REF_TIME_PER_SECOND / 2, u64::MAX);
		let normal = NORMAL_DISPATCH_RATIO * max;
		BlockWeights::builder()
			.base_block(crate::weights::BlockExecutionWeight::get())
			.for_class(frame_support::dispatch::DispatchClass::all(), |class| {
				class.base_extrinsic = crate::weights::ExtrinsicBaseWeight::get();
			})
			.for_class(frame_support::dispatch::DispatchClass::Normal, |class| class.max_total = Some(normal))
			.for_class(frame_support::dispatch::DispatchClass::Operational, |class| {
				class.max_total = Some(max);
				class.reserved = Some(max.saturating_sub(normal));
			})
			.avg_block_initialization(Perbill::from_percent(10))
			.build_or_panic()
	};
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |m| {
			*m = NORMAL_DISPATCH_RATIO * *m
		})
		.build();
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores state in ParityDB only. Its read and write costs are measured on this
	// machine (`benchmark storage` on a database of 551,060 keys after some 80,000
	// settlements; scripts/benchmark-weights.sh --only paritydb).
	type DbWeight = crate::weights::ParityDbWeight;
	type Version = Version;
	// No balances: an account exists while a pallet that admitted it holds a provider
	// reference (board membership, validator admission, later participant keys).
	type AccountData = ();
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

/// The most validators the chain can have.
pub const MAX_VALIDATORS: u32 = 32;

/// The most nodes the register of nodes holds: validators, participants' and the agency's
/// RPC nodes.
pub const MAX_NODES: u32 = 128;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

/// Hands the validator set's authorities to Aura.
pub struct AuraAuthorities;
impl AuthoritySetHandler<AccountId, SessionKeys> for AuraAuthorities {
	fn on_genesis_authorities(authorities: &[(AccountId, SessionKeys)]) {
		let ids: alloc::vec::Vec<AuraId> =
			authorities.iter().map(|(_, k)| k.aura.clone()).collect();
		pallet_aura::Pallet::<Runtime>::initialize_authorities(&ids);
	}
	fn on_new_authorities(authorities: &[(AccountId, SessionKeys)]) {
		// Both sets are bounded by `MAX_VALIDATORS`.
		let ids =
			BoundedVec::truncate_from(authorities.iter().map(|(_, k)| k.aura.clone()).collect());
		pallet_aura::Pallet::<Runtime>::change_authorities(ids);
	}
}

parameter_types! {
	/// A session lasts ten minutes; validator changes take effect at its end.
	pub const SessionPeriod: BlockNumber = 10 * MINUTES;
}

impl pallet_validator_set::Config for Runtime {
	type ValidatorOrigin = ClearingAgencyOrigin;
	type Keys = SessionKeys;
	type AuthoritySetHandler = AuraAuthorities;
	type MinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MaxNodes = ConstU32<MAX_NODES>;
	type SessionPeriod = SessionPeriod;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = GenerateSessionKeys;
}

/// Generates session keys in the benchmark's keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct GenerateSessionKeys;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<SessionKeys> for GenerateSessionKeys {
	fn generate_keys(owner: &[u8]) -> (SessionKeys, alloc::vec::Vec<u8>) {
		use codec::Encode;
		let generated = SessionKeys::generate(owner, None);
		(generated.keys, generated.proof.encode())
	}
}

/// The board of the clearing agency.
pub type BoardCollective = pallet_collective::Instance1;

/// A 2/3 motion of the board: the clearing agency's origin for validator changes and, in
/// later pallets, for the registry and participants.
pub type ClearingAgencyOrigin =
	pallet_collective::EnsureProportionAtLeast<AccountId, BoardCollective, 2, 3>;

/// A 3/4 motion of the board: for runtime upgrades and board membership.
pub type BoardSuperMajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, BoardCollective, 3, 4>;

/// The most members the board can have.
pub const MAX_BOARD_MEMBERS: u32 = 16;

parameter_types! {
	/// A motion is open for votes for three days.
	pub const MotionDuration: BlockNumber = 3 * 24 * 60 * MINUTES;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<BoardCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_BOARD_MEMBERS>;
	type DefaultVote = AbsentVoteNay;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Membership changes go through `BoardMembership`, which keeps provider references right.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = frame_support::traits::NeverEnsureOrigin<()>;
	// The collective's benchmarks set the members directly, as root. A runtime built for
	// benchmarks is never deployed.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = ClearingAgencyOrigin;
	type KillOrigin = ClearingAgencyOrigin;
	type Consideration = ();
}

/// How a motion closed after its voting period counts the members who did not vote: as
/// voting nay, whatever the prime voted. No motion passes by silence; it passes only with the
/// ayes its threshold asks for.
pub struct AbsentVoteNay;

impl pallet_collective::DefaultVote for AbsentVoteNay {
	fn default_vote(
		_prime_vote: Option<bool>,
		_yes_votes: pallet_collective::MemberCount,
		_no_votes: pallet_collective::MemberCount,
		_len: pallet_collective::MemberCount,
	) -> bool {
		false
	}
}

/// Passes membership changes to the board and gives each member the provider reference it
/// needs to sign transactions (there is no balance to give one).
pub struct BoardMembersAdmitted;

impl BoardMembersAdmitted {
	fn admit(who: &AccountId) {
		frame_system::Pallet::<Runtime>::inc_providers(who);
	}
	fn release(who: &AccountId) {
		if frame_system::Pallet::<Runtime>::dec_providers(who).is_err() {
			log::warn!(
				target: "runtime::board",
				"former board member {who:?} keeps its provider reference: it still has consumers"
			);
		}
	}
}

impl InitializeMembers<AccountId> for BoardMembersAdmitted {
	fn initialize_members(members: &[AccountId]) {
		members.iter().for_each(Self::admit);
		<Board as InitializeMembers<AccountId>>::initialize_members(members);
	}
}

impl ChangeMembers<AccountId> for BoardMembersAdmitted {
	fn change_members_sorted(incoming: &[AccountId], outgoing: &[AccountId], new: &[AccountId]) {
		incoming.iter().for_each(Self::admit);
		outgoing.iter().for_each(Self::release);
		<Board as ChangeMembers<AccountId>>::change_members_sorted(incoming, outgoing, new);
	}
	fn set_prime(prime: Option<AccountId>) {
		<Board as ChangeMembers<AccountId>>::set_prime(prime);
	}
	fn get_prime() -> Option<AccountId> {
		<Board as ChangeMembers<AccountId>>::get_prime()
	}
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = BoardSuperMajority;
	type RemoveOrigin = BoardSuperMajority;
	type SwapOrigin = BoardSuperMajority;
	type ResetOrigin = BoardSuperMajority;
	type PrimeOrigin = BoardSuperMajority;
	type MembershipInitialized = BoardMembersAdmitted;
	type MembershipChanged = BoardMembersAdmitted;
	type MaxMembers = ConstU32<MAX_BOARD_MEMBERS>;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

impl pallet_runtime_upgrade::Config for Runtime {
	type UpgradeOrigin = BoardSuperMajority;
	type WeightInfo = pallet_runtime_upgrade::weights::SubstrateWeight<Runtime>;
}

impl pallet_securities::Config for Runtime {
	type AgencyOrigin = ClearingAgencyOrigin;
	// Settlement cancels the open instructions of a security that loses eligibility.
	type OnEligibilityChanged = crate::Settlement;
	type MaxDescriptionLen = ConstU32<128>;
	type MaxDtcBatch = ConstU32<500>;
	type WeightInfo = pallet_securities::weights::SubstrateWeight<Runtime>;
}

impl pallet_participants::Config for Runtime {
	type AgencyOrigin = ClearingAgencyOrigin;
	// Offboarding is refused while the participant holds entitlements.
	type Holdings = crate::Entitlements;
	// Settlement cancels a revoked pair's instructions and holds a suspended participant's.
	type OnParticipantChanged = crate::Settlement;
	// At most 10 participants in the order's first year.
	type MaxParticipants = ConstU32<10>;
	type MaxOperators = ConstU32<8>;
	type MaxLegalNameLen = ConstU32<128>;
	type WeightInfo = pallet_participants::weights::SubstrateWeight<Runtime>;
}

impl pallet_entitlements::Config for Runtime {
	type AgencyOrigin = ClearingAgencyOrigin;
	type Registry = crate::Participants;
	type Eligibility = crate::Securities;
	type DtcGateway = crate::Securities;
	// Settlement retries the pairs that wait for a credited balance or a reopened line.
	type OnCredit = crate::Settlement;
	// Moving a participant's holdings to a successor, or delivering them out, takes what
	// changes the board or the runtime takes: three quarters.
	type RecoveryOrigin = BoardSuperMajority;
	// A participant holds a handful of lines in the pilot; a motion moves up to 64.
	type MaxRecoveryLines = ConstU32<64>;
	type MaxReferenceLen = ConstU32<64>;
	type MaxReasonLen = ConstU32<256>;
	type WeightInfo = pallet_entitlements::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EntitlementsSetup;
}

parameter_types! {
	pub const SettlementCurrency: pssc_primitives::traits::CurrencyCode = *b"USD";
	/// A quarter of the block, always, for queued settlement, retries and sweeps: beside the
	/// three quarters normal transactions may fill, so neither crowds the other out. The
	/// scheduler goes on in `on_idle` within another quarter of what transactions left, so a
	/// quiet day boundary gets half the block. Not the whole: authoring a block of 4,300
	/// queued pairs (2.5 s of weight) took 3 to 7.5 s here, past the slot's proposing time.
	pub SchedulerWeight: Weight = Perbill::from_percent(25) * RuntimeBlockWeights::get().max_block;
}

impl pallet_settlement::Config for Runtime {
	type AgencyOrigin = ClearingAgencyOrigin;
	type Registry = crate::Participants;
	type Eligibility = crate::Securities;
	type Entitlements = crate::Entitlements;
	type Time = crate::Timestamp;
	// The business day turns at 22:00 UTC (17:00 EST, 18:00 EDT), after the 16:30 ET cut-off.
	type DayBoundaryShift = ConstU64<{ 2 * 60 * 60 * 1_000 }>;
	type SettlementCurrency = SettlementCurrency;
	// ISO 20022 Max35Text.
	type MaxReferenceLen = ConstU32<35>;
	type MaxReasonLen = ConstU32<256>;
	// 500 instructions weigh about 0.26 s (spec 106's weights) of the 1.875 s normal
	// transactions may fill.
	type MaxBatch = ConstU32<500>;
	// The pilot's 300 trades per pair and day.
	type MaxIdenticalUnmatched = ConstU32<300>;
	type MaxSettlementHorizon = ConstU32<30>;
	type RetentionDays = ConstU32<30>;
	type SchedulerWeight = SchedulerWeight;
	type WeightInfo = pallet_settlement::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SettlementSetup;
}

/// The blocks in a quarter of a day.
const QUARTER_DAY: BlockNumber = 6 * pssc_primitives::HOURS;

/// A quota of `transactions` and `percent` of the weight normal transactions may fill, per
/// block; per business day, `daily` transactions and a quarter of the day's blocks at that
/// weight; and `depth` transactions waiting in the pool.
fn quota(transactions: u32, percent: u32, daily: u32, depth: u32) -> Quota {
	let normal = RuntimeBlockWeights::get()
		.get(frame_support::dispatch::DispatchClass::Normal)
		.max_total
		.unwrap_or_default();
	let per_block = Perbill::from_percent(percent) * normal;
	Quota {
		per_block: Allowance {
			transactions,
			weight: per_block,
		},
		per_day: Allowance {
			transactions: daily,
			weight: per_block.saturating_mul(u64::from(QUARTER_DAY)),
		},
		pool_depth: depth,
	}
}

/// The quotas until the board sets others: what one key in each role may use in a block and a
/// business day, and have waiting in the pool. No one key may fill a block: a flood from one
/// key leaves room for everyone else's transactions in the same block.
pub fn default_quotas() -> RoleQuotas {
	RoleQuotas {
		// Motions: a member's `close` carries the motion's own weight, up to a block's.
		board: board_quota(),
		validator: quota(10, 5, 1_000, 10),
		// Deposits, withdrawals and eligibility for every participant, heaviest at the start of
		// the day.
		dtc_gateway: quota(2_000, 50, 200_000, 5_000),
		settling_bank: quota(1_000, 25, 100_000, 2_000),
		participant_admin: quota(50, 10, 5_000, 50),
		// A quarter of a block each: about 500 single instructions, or three files of 500.
		participant_operator: quota(2_000, 25, 1_000_000, 1_000),
	}
}

/// The board's quota: up to a whole block's weight, since a motion's `close` weighs what the
/// motion does. In a `runtime-benchmarks` build any number of transactions a block, so that
/// `benchmark overhead` can fill a block with the development board's remarks.
fn board_quota() -> Quota {
	let max = RuntimeBlockWeights::get().max_block;
	let per_block = if cfg!(feature = "runtime-benchmarks") {
		u32::MAX
	} else {
		100
	};
	Quota {
		per_block: Allowance {
			transactions: per_block,
			weight: max,
		},
		per_day: Allowance {
			transactions: per_block.max(10_000),
			weight: max.saturating_mul(u64::from(QUARTER_DAY)),
		},
		pool_depth: 100,
	}
}

parameter_types! {
	pub DefaultQuotas: RoleQuotas = default_quotas();
	/// The least the board may leave itself: enough to propose, vote on and close the motion
	/// that corrects a quota.
	pub MinBoardQuota: Quota = quota(10, 10, 100, 10);
}

impl pallet_admission::Config for Runtime {
	type Signers = crate::permission::Signers;
	type Calls = crate::permission::Calls;
	type Calendar = crate::Settlement;
	type QuotaOrigin = ClearingAgencyOrigin;
	type DefaultQuotas = DefaultQuotas;
	type MinBoardQuota = MinBoardQuota;
	type WeightInfo = pallet_admission::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::permission::BenchmarkHelper;
}

/// Sets up a participant, an eligible security and the DTC gateway for the entitlements
/// benchmarks, through the pallets that own them.
#[cfg(feature = "runtime-benchmarks")]
pub struct EntitlementsSetup;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_entitlements::BenchmarkHelper<AccountId> for EntitlementsSetup {
	fn participant() -> (pssc_primitives::ParticipantId, AccountId) {
		use frame_support::traits::EnsureOrigin;
		let admin: AccountId = frame_benchmarking::account("participant", 0, 0);
		if let Some(id) = <crate::Participants as pssc_primitives::traits::ParticipantRegistry<
			AccountId,
		>>::participant_of(&admin)
		{
			return (id, admin);
		}
		let id = pallet_participants::NextParticipantId::<Runtime>::get();
		let origin = ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin");
		pallet_participants::Pallet::<Runtime>::onboard(
			origin,
			b"Benchmark Broker".to_vec(),
			*b"5493000IBP32UQZ0KL24",
			1,
			admin.clone(),
			alloc::vec::Vec::new(),
		)
		.expect("a participant can be onboarded");
		(id, admin)
	}
	fn eligible_security() -> pssc_primitives::RawCusip {
		make_eligible(*b"037833100")
	}
	fn dtc_gateway() -> AccountId {
		use frame_support::traits::EnsureOrigin;
		let gateway: AccountId = frame_benchmarking::account("gateway", 0, 0);
		if !crate::Securities::is_dtc_gateway(&gateway) {
			let origin =
				ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin");
			pallet_securities::Pallet::<Runtime>::set_dtc_gateway(origin, gateway.clone())
				.expect("the gateway can be appointed");
		}
		gateway
	}
	fn successor() -> pssc_primitives::ParticipantId {
		use frame_support::traits::EnsureOrigin;
		let admin: AccountId = frame_benchmarking::account("successor", 0, 0);
		if let Some(id) = <crate::Participants as pssc_primitives::traits::ParticipantRegistry<
			AccountId,
		>>::participant_of(&admin)
		{
			return id;
		}
		let id = pallet_participants::NextParticipantId::<Runtime>::get();
		let origin = ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin");
		pallet_participants::Pallet::<Runtime>::onboard(
			origin,
			b"Successor Broker".to_vec(),
			pssc_primitives::identifiers::numbered_lei(2),
			2,
			admin,
			alloc::vec::Vec::new(),
		)
		.expect("a second participant can be onboarded");
		id
	}
	fn suspend(id: pssc_primitives::ParticipantId) {
		use frame_support::traits::EnsureOrigin;
		let origin = ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin");
		pallet_participants::Pallet::<Runtime>::suspend(origin, id)
			.expect("the participant can be suspended");
	}
	fn numbered_security(n: u32) -> pssc_primitives::RawCusip {
		make_eligible(pssc_primitives::identifiers::numbered_cusip(n))
	}
}

/// Registers `cusip` if it is not yet, and makes it eligible: accepted by the agency and
/// given book-entry services by DTC (through the gateway).
#[cfg(feature = "runtime-benchmarks")]
fn make_eligible(cusip: pssc_primitives::RawCusip) -> pssc_primitives::RawCusip {
	use frame_support::traits::EnsureOrigin;
	let origin = || ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin");
	// Refused only when the security is registered (or accepted) already.
	let _ = pallet_securities::Pallet::<Runtime>::register_security(
		origin(),
		cusip,
		None,
		alloc::vec::Vec::new(),
	);
	let _ = pallet_securities::Pallet::<Runtime>::set_agency_acceptance(origin(), cusip, true);
	let gateway =
		<EntitlementsSetup as pallet_entitlements::BenchmarkHelper<AccountId>>::dtc_gateway();
	pallet_securities::Pallet::<Runtime>::set_dtc_eligibility(
		frame_system::RawOrigin::Signed(gateway).into(),
		cusip,
		true,
		Default::default(),
	)
	.expect("the gateway sets eligibility");
	cusip
}

/// Sets up participants that approved each other, with operator keys, eligible securities,
/// funding and the clock for the settlement benchmarks, through the pallets that own them.
#[cfg(feature = "runtime-benchmarks")]
pub struct SettlementSetup;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_settlement::BenchmarkHelper<AccountId> for SettlementSetup {
	fn participants(n: u32) -> alloc::vec::Vec<(pssc_primitives::ParticipantId, AccountId)> {
		use frame_support::traits::{EnsureOrigin, Get};
		use pssc_primitives::traits::ParticipantRegistry;
		let limit = <Runtime as pallet_participants::Config>::MaxParticipants::get();
		let mut parties = alloc::vec::Vec::new();
		for i in 0..n.min(limit) {
			let admin: AccountId = frame_benchmarking::account("settlement-admin", i, 0);
			let operator: AccountId = frame_benchmarking::account("settlement-operator", i, 0);
			let id = match crate::Participants::participant_of(&admin) {
				Some(id) => id,
				None => {
					let id = pallet_participants::NextParticipantId::<Runtime>::get();
					let onboarded = pallet_participants::Pallet::<Runtime>::onboard(
						ClearingAgencyOrigin::try_successful_origin()
							.expect("benchmarkable origin"),
						b"Benchmark Broker".to_vec(),
						pssc_primitives::identifiers::numbered_lei(1_000 + i),
						1_000 + i,
						admin.clone(),
						alloc::vec![operator.clone()],
					);
					// The registry is full (of participants other benchmarks made).
					if onboarded.is_err() {
						break;
					}
					id
				},
			};
			for (other, other_admin, _) in &parties {
				for (me, my_admin, them) in [(id, &admin, *other), (*other, other_admin, id)] {
					if !crate::Participants::has_approved(me, them) {
						pallet_participants::Pallet::<Runtime>::approve_counterparty(
							frame_system::RawOrigin::Signed(my_admin.clone()).into(),
							them,
						)
						.expect("participants approve each other");
					}
				}
			}
			parties.push((id, admin, operator));
		}
		parties
			.into_iter()
			.map(|(id, _, operator)| (id, operator))
			.collect()
	}
	fn eligible_security(n: u32) -> pssc_primitives::RawCusip {
		make_eligible(pssc_primitives::identifiers::numbered_cusip(n))
	}
	fn fund(
		seller: pssc_primitives::ParticipantId,
		buyer: pssc_primitives::ParticipantId,
		cusip: pssc_primitives::RawCusip,
		quantity: u128,
		amount: u128,
	) {
		use frame_support::traits::EnsureOrigin;
		let reference = |kind: &[u8]| {
			let mut r = kind.to_vec();
			r.extend_from_slice(&frame_system::Pallet::<Runtime>::event_count().to_be_bytes());
			r.extend_from_slice(&(quantity ^ amount).to_be_bytes());
			r
		};
		if quantity > 0 {
			let gateway =
				<EntitlementsSetup as pallet_entitlements::BenchmarkHelper<AccountId>>::dtc_gateway(
				);
			let dtc_number = <crate::Participants as pssc_primitives::traits::ParticipantRegistry<
				AccountId,
			>>::dtc_number(seller)
			.expect("the seller is a participant");
			pallet_entitlements::Pallet::<Runtime>::confirm_deposit(
				frame_system::RawOrigin::Signed(gateway).into(),
				seller,
				dtc_number,
				cusip,
				quantity,
				reference(b"DO"),
			)
			.expect("the gateway credits the seller");
		}
		if amount > 0 {
			let bank: AccountId = frame_benchmarking::account("settling-bank", 0, 0);
			if !crate::Entitlements::is_settling_bank(&bank) {
				pallet_entitlements::Pallet::<Runtime>::appoint_settling_bank(
					ClearingAgencyOrigin::try_successful_origin().expect("benchmarkable origin"),
					bank.clone(),
					*b"USD",
				)
				.expect("a bank can be appointed");
			}
			pallet_entitlements::Pallet::<Runtime>::confirm_cash_deposit(
				frame_system::RawOrigin::Signed(bank).into(),
				buyer,
				amount,
				reference(b"W"),
			)
			.expect("the bank credits the buyer");
		}
	}
	fn set_time(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}
}
