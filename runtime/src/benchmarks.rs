//! The benchmarks the runtime offers: FRAME's baseline, frame-system and its transaction
//! extensions, and every pallet of the runtime (admission's with its transaction extension).
//! `scripts/benchmark-weights.sh` runs them on this machine and writes the weights.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_collective, Board]
	[pallet_membership, BoardMembership]
	[pallet_validator_set, ValidatorSet]
	[pallet_runtime_upgrade, RuntimeUpgrade]
	[pallet_securities, Securities]
	[pallet_participants, Participants]
	[pallet_entitlements, Entitlements]
	[pallet_settlement, Settlement]
	[pallet_admission, Admission]
);

impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
