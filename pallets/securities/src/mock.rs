//! A mock runtime with the registry and a recording eligibility hook.

use crate as pallet_securities;
use frame_support::{derive_impl, traits::ConstU32, weights::Weight};
use pssc_primitives::{traits::OnEligibilityChanged, Cusip};
use sp_runtime::BuildStorage;
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Securities: pallet_securities,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account the mock's agency origin accepts.
pub const AGENCY: u64 = 100;
/// The account the tests appoint as DTC gateway.
pub const GATEWAY: u64 = 50;

thread_local! {
	/// Every drop (`false`) and restoration (`true`) the hook was told of, in order.
	pub static HOOK_CALLS: RefCell<Vec<(Cusip, bool)>> = const { RefCell::new(Vec::new()) };
	/// Every security the hook was told may deliver again, in order.
	pub static DELIVERABLE_CALLS: RefCell<Vec<Cusip>> = const { RefCell::new(Vec::new()) };
}

/// What the mock's hook declares one security's change may cost.
pub const CHANGE_WEIGHT: Weight = Weight::from_parts(7_000_000, 100);

/// Records each drop and restoration, and each security that may deliver again, it is
/// told of.
pub struct RecordingHook;
impl OnEligibilityChanged for RecordingHook {
	fn on_dropped(cusip: &Cusip) {
		HOOK_CALLS.with(|c| c.borrow_mut().push((*cusip, false)));
	}
	fn on_restored(cusip: &Cusip) {
		HOOK_CALLS.with(|c| c.borrow_mut().push((*cusip, true)));
	}
	fn on_deliverable(cusip: &Cusip) {
		DELIVERABLE_CALLS.with(|c| c.borrow_mut().push(*cusip));
	}
	fn weight_per_change() -> Weight {
		CHANGE_WEIGHT
	}
}

/// The securities the hook was told may deliver again.
pub fn deliverable_calls() -> Vec<Cusip> {
	DELIVERABLE_CALLS.with(|c| c.borrow().clone())
}

/// The drops (`false`) and restorations (`true`) the hook was told of so far.
pub fn hook_calls() -> Vec<(Cusip, bool)> {
	HOOK_CALLS.with(|c| c.borrow().clone())
}

impl pallet_securities::Config for Test {
	type AgencyOrigin = pssc_test_support::EnsureAccount<AGENCY>;
	type OnEligibilityChanged = RecordingHook;
	type MaxDescriptionLen = ConstU32<64>;
	type MaxDtcBatch = ConstU32<4>;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
}

/// An empty registry at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	HOOK_CALLS.with(|c| c.borrow_mut().clear());
	DELIVERABLE_CALLS.with(|c| c.borrow_mut().clear());
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
