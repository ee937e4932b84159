//! A mock runtime with the entitlements pallet and settable registry, eligibility and gateway.

use crate as pallet_entitlements;
use frame_support::{derive_impl, traits::ConstU32};
use pssc_primitives::{
	traits::{DtcRestrictions, Line, OnCredit, ParticipantStatus},
	ParticipantId,
};
pub use pssc_test_support::{dtc_number_of, set_security, set_status};
use pssc_test_support::{EnsureAccount, FakeEligibility, FakeGateway, FakeRegistry};
use sp_runtime::BuildStorage;
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Entitlements: pallet_entitlements,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The agency account.
pub const AGENCY: u64 = 100;
/// Three quarters of the board: the recovery of a participant whose keys are lost.
pub const BOARD: u64 = 101;
/// The DTC gateway account.
pub const GATEWAY: u64 = 50;
/// A settling bank for USD.
pub const BANK: u64 = 60;
/// A second settling bank for USD.
pub const BANK2: u64 = 61;
/// Keys the agency gives a settling bank in place of its own account.
pub const BANK_KEY: u64 = 62;
pub const BANK_KEY2: u64 = 63;
/// Participant 0's key, participant 1's key, participant 2's key (suspended in some tests).
pub const P0: u64 = 1;
pub const P1: u64 = 2;
pub const P2: u64 = 3;
pub const USD: [u8; 3] = *b"USD";
pub const APPLE: [u8; 9] = *b"037833100";
pub const MSFT: [u8; 9] = *b"594918104";

thread_local! {
	pub static CREDITS: RefCell<Vec<Credit>> = const { RefCell::new(Vec::new()) };
}

/// What the settlement hook was told.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Credit {
	/// A free balance grew.
	Credited(ParticipantId, Line),
	/// A line reopened.
	Reopened(Line),
}

/// Records what it is told, for the tests to read with [`credits`].
pub struct RecordCredits;
impl OnCredit for RecordCredits {
	fn on_credit(who: ParticipantId, line: Line) {
		CREDITS.with(|c| c.borrow_mut().push(Credit::Credited(who, line)));
	}
	fn on_line_reopened(line: Line) {
		CREDITS.with(|c| c.borrow_mut().push(Credit::Reopened(line)));
	}
}

/// What the hook was told since the last call, in order.
pub fn credits() -> Vec<Credit> {
	CREDITS.with(|c| core::mem::take(&mut *c.borrow_mut()))
}

/// Keys 1, 2, 3 are participants 0, 1, 2, each key both operator and admin.
pub type MockRegistry = FakeRegistry<1, 1, 3>;

impl pallet_entitlements::Config for Test {
	type AgencyOrigin = EnsureAccount<AGENCY>;
	type Registry = MockRegistry;
	type Eligibility = FakeEligibility;
	type DtcGateway = FakeGateway<GATEWAY>;
	type OnCredit = RecordCredits;
	type RecoveryOrigin = EnsureAccount<BOARD>;
	type MaxRecoveryLines = ConstU32<4>;
	type MaxReferenceLen = ConstU32<16>;
	type MaxReasonLen = ConstU32<32>;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSetup;
}

/// The mock's participants, securities and gateway exist from the start.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockSetup;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockSetup {
	fn participant() -> (ParticipantId, u64) {
		// The fakes are not reverted between a benchmark's runs, as storage is.
		set_status(0, ParticipantStatus::Active);
		(0, P0)
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
		set_status(id, ParticipantStatus::Suspended);
	}
	fn numbered_security(n: u32) -> [u8; 9] {
		let cusip = pssc_primitives::identifiers::numbered_cusip(n);
		set_security(cusip, true, DtcRestrictions::default());
		cusip
	}
}

/// Participants 0 and 1 active, 2 suspended; Apple and Microsoft eligible; no banks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	pssc_test_support::reset();
	CREDITS.with(|c| c.borrow_mut().clear());
	set_status(0, ParticipantStatus::Active);
	set_status(1, ParticipantStatus::Active);
	set_status(2, ParticipantStatus::Suspended);
	set_security(APPLE, true, DtcRestrictions::default());
	set_security(MSFT, true, DtcRestrictions::default());
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
