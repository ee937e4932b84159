//! A mock runtime with frame-system and the upgrade path.

use crate as pallet_runtime_upgrade;
use frame_support::derive_impl;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		RuntimeUpgrade: pallet_runtime_upgrade,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account the mock's upgrade origin accepts.
pub const BOARD: u64 = 100;

impl pallet_runtime_upgrade::Config for Test {
	type UpgradeOrigin = pssc_test_support::EnsureAccount<BOARD>;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
}

/// An empty chain at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
