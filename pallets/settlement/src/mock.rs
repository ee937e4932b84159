//! A mock runtime with the real entitlements pallet, settable participants, securities and
//! clock, and the settlement pallet wired to all three as in the runtime.

use crate as pallet_settlement;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	weights::{constants::ParityDbWeight, Weight},
};
use pssc_primitives::{
	traits::{
		DtcRestrictions, EligibilityProvider, OnEligibilityChanged, OnParticipantChanged,
		ParticipantStatus,
	},
	Cusip, ParticipantId,
};
use pssc_test_support::{
	self as fakes, EnsureAccount, FakeClock, FakeEligibility, FakeGateway, FakeRegistry,
};
use sp_runtime::BuildStorage;
use std::cell::Cell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Entitlements: pallet_entitlements,
		Settlement: pallet_settlement,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = ParityDbWeight;
}

/// The agency account.
pub const AGENCY: u64 = 100;
/// The DTC gateway.
pub const GATEWAY: u64 = 50;
/// The USD settling bank.
pub const BANK: u64 = 60;
/// Participants 0, 1 and 2 (the seller, the buyer and a third), by their operator keys.
pub const SELLER: u64 = 10;
pub const BUYER: u64 = 11;
pub const THIRD: u64 = 12;
/// Participant 0's admin key: not an operator.
pub const ADMIN0: u64 = 20;
pub const USD: [u8; 3] = *b"USD";
pub const APPLE: [u8; 9] = *b"037833100";
pub const MSFT: [u8; 9] = *b"594918104";
/// 2026-11-24, as days since 1970-01-01.
pub const TODAY: u32 = 20_781;
/// Milliseconds in an hour.
pub const HOUR: u64 = 3_600_000;

thread_local! {
	static BUDGET: Cell<Weight> = const { Cell::new(Weight::MAX) };
	static IDLE: Cell<Weight> = const { Cell::new(Weight::MAX) };
}

/// The participants the registry knows: 0, 1 and 2 are active from the start; the
/// benchmarks activate the others.
pub const PARTICIPANTS: u64 = 8;
/// Operator keys 10 to 17 are participants 0 to 7; admin keys 20 to 27 too.
pub type MockRegistry = FakeRegistry<10, 20, PARTICIPANTS>;

/// The scheduler's budget, as the tests set it.
pub struct Budget;
impl frame_support::traits::Get<Weight> for Budget {
	fn get() -> Weight {
		BUDGET.with(|b| b.get())
	}
}

impl pallet_entitlements::Config for Test {
	type AgencyOrigin = EnsureAccount<AGENCY>;
	type Registry = MockRegistry;
	type Eligibility = FakeEligibility;
	type DtcGateway = FakeGateway<GATEWAY>;
	type OnCredit = Settlement;
	type RecoveryOrigin = EnsureAccount<AGENCY>;
	type MaxRecoveryLines = ConstU32<4>;
	type MaxReferenceLen = ConstU32<16>;
	type MaxReasonLen = ConstU32<32>;
	type WeightInfo = pallet_entitlements::weights::SubstrateWeight<Test>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSetup;
}

parameter_types! {
	pub const Usd: [u8; 3] = USD;
}

impl pallet_settlement::Config for Test {
	type AgencyOrigin = EnsureAccount<AGENCY>;
	type Registry = MockRegistry;
	type Eligibility = FakeEligibility;
	type Entitlements = Entitlements;
	type Time = FakeClock;
	type DayBoundaryShift = ConstU64<{ 2 * HOUR }>;
	type SettlementCurrency = Usd;
	type MaxReferenceLen = ConstU32<16>;
	type MaxReasonLen = ConstU32<32>;
	type MaxBatch = ConstU32<4>;
	type MaxIdenticalUnmatched = ConstU32<2>;
	type MaxSettlementHorizon = ConstU32<5>;
	type RetentionDays = ConstU32<2>;
	type SchedulerWeight = Budget;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSetup;
}

/// The mock's participants, securities, gateway and bank exist from the start.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockSetup;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_entitlements::BenchmarkHelper<u64> for MockSetup {
	fn participant() -> (ParticipantId, u64) {
		(0, SELLER)
	}
	fn eligible_security() -> [u8; 9] {
		APPLE
	}
	fn dtc_gateway() -> u64 {
		GATEWAY
	}
	fn successor() -> ParticipantId {
		1
	}
	fn suspend(id: ParticipantId) {
		fakes::set_status(id, ParticipantStatus::Suspended);
	}
	fn numbered_security(n: u32) -> [u8; 9] {
		let cusip = pssc_primitives::identifiers::numbered_cusip(n);
		fakes::set_security(cusip, true, DtcRestrictions::default());
		cusip
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockSetup {
	fn participants(n: u32) -> Vec<(ParticipantId, u64)> {
		let n = u64::from(n).min(PARTICIPANTS) as u32;
		for a in 0..n {
			fakes::set_status(a, ParticipantStatus::Active);
			for b in a + 1..n {
				approve(a, b);
			}
		}
		(0..n).map(|id| (id, SELLER + u64::from(id))).collect()
	}
	fn eligible_security(n: u32) -> [u8; 9] {
		let cusip = pssc_primitives::identifiers::numbered_cusip(n);
		fakes::set_security(cusip, true, DtcRestrictions::default());
		cusip
	}
	fn fund(
		seller: ParticipantId,
		buyer: ParticipantId,
		cusip: [u8; 9],
		quantity: u128,
		amount: u128,
	) {
		if quantity > 0 {
			fund_securities(seller, cusip, quantity);
		}
		if amount > 0 {
			// The benchmarks wipe the state between runs, the bank with it.
			if !pallet_entitlements::Pallet::<Test>::is_settling_bank(&BANK) {
				appoint_bank();
			}
			fund_cash(buyer, amount);
		}
	}
	fn set_time(ms: u64) {
		set_now(ms);
	}
}

pub use fakes::set_now;

/// Set the clock to `hour` o'clock UTC on business date... of calendar day `day`.
pub fn set_clock(day: u32, hour: u64) {
	set_now(u64::from(day) * 86_400_000 + hour * HOUR);
}

/// Set the scheduler's budget to `weight`'s compute time. Its proof size is not bounded, as
/// in the runtime: a solo chain has no relay chain to send proofs to.
/// The block's transactions leave no idle weight, so `on_idle` does nothing.
pub fn set_budget(weight: Weight) {
	BUDGET.with(|b| b.set(Weight::from_parts(weight.ref_time(), u64::MAX)));
	set_idle(Weight::zero());
}

/// Set the weight the next blocks' transactions leave for `on_idle` to `weight`'s compute
/// time.
pub fn set_idle(weight: Weight) {
	IDLE.with(|b| b.set(Weight::from_parts(weight.ref_time(), u64::MAX)));
}

/// The weight the tests leave for `on_idle`.
pub fn idle() -> Weight {
	IDLE.with(|b| b.get())
}

/// Set `cusip`'s eligibility and restrictions, telling settlement as the registry does.
pub fn set_security(cusip: [u8; 9], eligible: bool, restrictions: DtcRestrictions) {
	let cusip_id = Cusip::new(&cusip).unwrap();
	let was_dropped = FakeEligibility::is_dropped(&cusip_id);
	let was_deliverable = FakeEligibility::is_deliverable(&cusip_id);
	fakes::set_security(cusip, eligible, restrictions);
	match (was_dropped, FakeEligibility::is_dropped(&cusip_id)) {
		(false, true) => Settlement::on_dropped(&cusip_id),
		(true, false) => Settlement::on_restored(&cusip_id),
		_ => {},
	}
	if FakeEligibility::is_deliverable(&cusip_id) && !was_deliverable {
		Settlement::on_deliverable(&cusip_id);
	}
}

pub use fakes::approve;

/// `by` revokes its approval of `counterparty`, telling settlement as the registry does.
pub fn revoke(by: ParticipantId, counterparty: ParticipantId) {
	fakes::withdraw_approval(by, counterparty);
	Settlement::on_counterparty_revoked(by, counterparty);
}

/// Suspend participant `id`, telling settlement.
pub fn suspend(id: ParticipantId) {
	fakes::set_status(id, ParticipantStatus::Suspended);
	Settlement::on_suspended(id);
}

/// Reinstate participant `id`, telling settlement.
pub fn reinstate(id: ParticipantId) {
	fakes::set_status(id, ParticipantStatus::Active);
	Settlement::on_reinstated(id);
}

thread_local! {
	static REFERENCE: Cell<u32> = const { Cell::new(0) };
}

fn fresh_reference(prefix: &str) -> Vec<u8> {
	let n = REFERENCE.with(|r| {
		r.set(r.get() + 1);
		r.get()
	});
	format!("{prefix}{n}").into_bytes()
}

/// DTC confirms a deposit of `quantity` of `cusip` for `participant`.
pub fn fund_securities(participant: ParticipantId, cusip: [u8; 9], quantity: u128) {
	pallet_entitlements::Pallet::<Test>::confirm_deposit(
		RuntimeOrigin::signed(GATEWAY),
		participant,
		fakes::dtc_number_of(participant),
		cusip,
		quantity,
		fresh_reference("DO"),
	)
	.expect("deposit");
}

/// The bank confirms a wire of `amount` cents for `participant`.
pub fn fund_cash(participant: ParticipantId, amount: u128) {
	pallet_entitlements::Pallet::<Test>::confirm_cash_deposit(
		RuntimeOrigin::signed(BANK),
		participant,
		amount,
		fresh_reference("W"),
	)
	.expect("wire");
}

/// The agency appoints the USD bank.
pub fn appoint_bank() {
	pallet_entitlements::Pallet::<Test>::appoint_settling_bank(
		RuntimeOrigin::signed(AGENCY),
		BANK,
		USD,
	)
	.expect("bank");
}

/// Run the next block's `on_initialize` and `on_idle`, with the idle weight [`set_idle`]
/// set (unbounded unless a test sets it).
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Settlement::on_initialize(n);
	Settlement::on_idle(n, idle());
}

/// Participants 0, 1, 2 active; 0 and 1 approved each other, 2 approved nobody; Apple and
/// Microsoft eligible; a USD bank; the clock at 14:00 UTC on 2026-11-24.
pub fn new_test_ext() -> sp_io::TestExternalities {
	fakes::reset();
	BUDGET.with(|b| b.set(Weight::MAX));
	IDLE.with(|b| b.set(Weight::MAX));
	for id in 0..3 {
		fakes::set_status(id, ParticipantStatus::Active);
	}
	approve(0, 1);
	for cusip in [APPLE, MSFT] {
		fakes::set_security(cusip, true, DtcRestrictions::default());
	}
	set_clock(TODAY, 14);
	let storage = RuntimeGenesisConfig::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		appoint_bank();
		// Block 1's scheduler ran: today's queue (empty) is done.
		Settlement::on_initialize(1);
	});
	ext
}
