//! A mock runtime with the participants pallet, a settable holdings answer and a recording
//! hook.

use crate as pallet_participants;
use frame_support::{derive_impl, traits::ConstU32};
use pssc_primitives::{
	traits::{HoldingsInspect, OnParticipantChanged},
	ParticipantId,
};
use sp_runtime::BuildStorage;
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Participants: pallet_participants,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account the mock's agency origin accepts.
pub const AGENCY: u64 = 100;

/// What the hook was told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Told {
	Revoked(ParticipantId, ParticipantId),
	Suspended(ParticipantId),
	Reinstated(ParticipantId),
}

thread_local! {
	pub static TOLD: RefCell<Vec<Told>> = const { RefCell::new(Vec::new()) };
	pub static HOLDERS: RefCell<Vec<ParticipantId>> = const { RefCell::new(Vec::new()) };
}

/// Records what it is told.
pub struct RecordingHook;
impl OnParticipantChanged for RecordingHook {
	fn on_counterparty_revoked(by: ParticipantId, counterparty: ParticipantId) {
		TOLD.with(|t| t.borrow_mut().push(Told::Revoked(by, counterparty)));
	}
	fn on_suspended(id: ParticipantId) {
		TOLD.with(|t| t.borrow_mut().push(Told::Suspended(id)));
	}
	fn on_reinstated(id: ParticipantId) {
		TOLD.with(|t| t.borrow_mut().push(Told::Reinstated(id)));
	}
}

/// What the hook was told so far.
pub fn told() -> Vec<Told> {
	TOLD.with(|t| t.borrow().clone())
}

/// Holdings as the tests set them.
pub struct TestHoldings;
impl HoldingsInspect for TestHoldings {
	fn holds_anything(id: ParticipantId) -> bool {
		HOLDERS.with(|h| h.borrow().contains(&id))
	}
}

/// Make participant `id` hold (or not hold) entitlements.
pub fn set_holds(id: ParticipantId, holds: bool) {
	HOLDERS.with(|h| {
		let mut h = h.borrow_mut();
		h.retain(|x| *x != id);
		if holds {
			h.push(id);
		}
	});
}

impl pallet_participants::Config for Test {
	type AgencyOrigin = pssc_test_support::EnsureAccount<AGENCY>;
	type Holdings = TestHoldings;
	type OnParticipantChanged = RecordingHook;
	type MaxParticipants = ConstU32<3>;
	type MaxOperators = ConstU32<2>;
	type MaxLegalNameLen = ConstU32<32>;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
}

/// No participants, at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	TOLD.with(|t| t.borrow_mut().clear());
	HOLDERS.with(|h| h.borrow_mut().clear());
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
