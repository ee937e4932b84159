//! A mock runtime with frame-system and admission, signers whose roles the tests set, and a
//! call policy over frame-system's remarks and this pallet's call.

use crate::{self as pallet_admission, Allowance, CallPolicy, Lane, Quota, RoleQuotas};
use frame_support::{derive_impl, parameter_types, weights::Weight};
use pssc_primitives::traits::{Role, Roles, Signer, SignerRoles};
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeMap};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Admission: pallet_admission,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// Storage has a cost, so that what the extension gives back can be seen.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

/// A board member; the mock's quota origin is this account.
pub const BOARD: u64 = 100;
/// A participant's operator key.
pub const OPERATOR: u64 = 1;
/// Another participant's operator key.
pub const OTHER_OPERATOR: u64 = 2;
/// A participant's admin key.
pub const ADMIN: u64 = 3;
/// A key of a suspended participant.
pub const SUSPENDED: u64 = 4;
/// A settling bank.
pub const BANK: u64 = 5;
/// A board member who is also a participant's operator key.
pub const BOARD_OPERATOR: u64 = 6;
/// An account with no role.
pub const STRANGER: u64 = 99;

thread_local! {
	static SIGNERS: RefCell<BTreeMap<u64, Signer>> = const { RefCell::new(BTreeMap::new()) };
	static ASKED: RefCell<Vec<Roles>> = const { RefCell::new(Vec::new()) };
}

/// The roles asked about since the last call, in order; and forget them.
pub fn roles_asked() -> Vec<Roles> {
	ASKED.with(|a| core::mem::take(&mut *a.borrow_mut()))
}

/// Give `who` `roles` (and mark it a suspended participant's key or not).
pub fn set_signer(who: u64, roles: &[Role], suspended_participant: bool) {
	SIGNERS.with(|s| {
		s.borrow_mut().insert(
			who,
			Signer {
				roles: Roles::of(roles),
				suspended_participant,
			},
		)
	});
}

/// The signers' roles as the tests set them, among those asked about; each question is
/// recorded for [`roles_asked`].
pub struct FakeSigners;
impl SignerRoles<u64> for FakeSigners {
	fn signer(who: &u64, among: Roles) -> Signer {
		ASKED.with(|a| a.borrow_mut().push(among));
		let signer = SIGNERS.with(|s| s.borrow().get(who).copied().unwrap_or_default());
		Signer {
			roles: signer.roles.and(among),
			suspended_participant: signer.suspended_participant
				&& !among.and(Roles::PARTICIPANT_KEYS).is_empty(),
		}
	}
}

/// `remark` is a single instruction (operators), `remark_with_event` an instruction file
/// (operators and admins) that commits the chain to later work, `set_quota` an operation (the
/// board); nobody may sign anything else.
pub struct MockCalls;
impl CallPolicy<RuntimeCall> for MockCalls {
	fn policy(call: &RuntimeCall) -> (Roles, Lane) {
		match call {
			RuntimeCall::System(frame_system::Call::remark { .. }) => {
				(Roles::of(&[Role::ParticipantOperator]), Lane::Instructions)
			},
			RuntimeCall::System(frame_system::Call::remark_with_event { .. }) => (
				Roles::of(&[Role::ParticipantOperator, Role::ParticipantAdmin]),
				Lane::Files,
			),
			RuntimeCall::Admission(crate::Call::set_quota { .. }) => {
				(Roles::of(&[Role::Board]), Lane::Operations)
			},
			_ => (Roles::NONE, Lane::Instructions),
		}
	}

	/// A file commits the chain to 100 µs of later work per byte, as a motion commits it to
	/// its proposal.
	fn committed_weight(call: &RuntimeCall) -> Weight {
		match call {
			RuntimeCall::System(frame_system::Call::remark_with_event { remark }) => {
				Weight::from_parts(100_000_000 * remark.len() as u64, 0)
			},
			_ => Weight::zero(),
		}
	}
}

/// A quota of `transactions` and `ref_time` per block, ten times that per day, and a pool
/// depth of `depth`.
pub const fn quota(transactions: u32, ref_time: u64, depth: u32) -> Quota {
	Quota {
		per_block: Allowance {
			transactions,
			weight: Weight::from_parts(ref_time, u64::MAX / 1_000),
		},
		per_day: Allowance {
			transactions: transactions * 10,
			weight: Weight::from_parts(ref_time * 10, u64::MAX / 100),
		},
		pool_depth: depth,
	}
}

parameter_types! {
	/// Operators: 3 transactions and 1 s a block; admins: 2 and 0.5 s; the board and the
	/// banks: 10 and 1 s; validators and the gateway: 1 and 0.1 s.
	pub const MockQuotas: RoleQuotas = RoleQuotas {
		board: quota(10, 1_000_000_000_000, 10),
		validator: quota(1, 100_000_000_000, 1),
		dtc_gateway: quota(1, 100_000_000_000, 1),
		settling_bank: quota(10, 1_000_000_000_000, 10),
		participant_admin: quota(2, 500_000_000_000, 2),
		participant_operator: quota(3, 1_000_000_000_000, 4),
	};
	/// The board keeps at least 2 transactions and 0.2 s a block.
	pub const MockBoardMinimum: Quota = quota(2, 200_000_000_000, 2);
}

impl pallet_admission::Config for Test {
	type Signers = FakeSigners;
	type Calls = MockCalls;
	type Calendar = pssc_test_support::FakeClock;
	type QuotaOrigin = pssc_test_support::EnsureAccount<BOARD>;
	type DefaultQuotas = MockQuotas;
	type MinBoardQuota = MockBoardMinimum;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
}

/// The benchmarks' signers in the mock: the board signing a quota, and an operator key
/// signing a remark.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, RuntimeCall> for MockHelper {
	fn worst_signer() -> (u64, RuntimeCall) {
		set_signer(BOARD, &[Role::Board], false);
		let call = crate::Call::set_quota {
			role: Role::Validator,
			quota: MockQuotas::get().validator,
		};
		(BOARD, call.into())
	}
	fn participant_signer() -> (u64, RuntimeCall) {
		set_signer(OPERATOR, &[Role::ParticipantOperator], false);
		(
			OPERATOR,
			frame_system::Call::remark { remark: vec![] }.into(),
		)
	}
}

/// The day the tests start on, in milliseconds: 2026-11-25 at noon UTC.
pub const NOON: u64 = 1_795_608_000_000;

/// An empty chain at block 1, at [`NOON`], with the signers above.
pub fn new_test_ext() -> sp_io::TestExternalities {
	pssc_test_support::reset();
	SIGNERS.with(|s| s.borrow_mut().clear());
	roles_asked();
	set_signer(BOARD, &[Role::Board], false);
	set_signer(OPERATOR, &[Role::ParticipantOperator], false);
	set_signer(OTHER_OPERATOR, &[Role::ParticipantOperator], false);
	set_signer(ADMIN, &[Role::ParticipantAdmin], false);
	set_signer(SUSPENDED, &[], true);
	set_signer(BANK, &[Role::SettlingBank], false);
	set_signer(
		BOARD_OPERATOR,
		&[Role::Board, Role::ParticipantOperator],
		false,
	);
	pssc_test_support::set_now(NOON);
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
