//! What the node's Prometheus metrics read about a block: its settlement events and its
//! failed settlement calls.

use crate::{Runtime, RuntimeEvent, Settlement, System};
use frame_support::traits::PalletInfoAccess;
use pssc_primitives::api::BlockActivity;
use sp_runtime::{DispatchError, ModuleError};

/// What the block whose state this is did to instructions.
///
/// A runtime API runs on the state after its block, where `System::Events` still holds that
/// block's events.
pub fn block_activity() -> BlockActivity {
	let settlement = Settlement::index() as u8;
	let records = System::read_events_no_consensus().collect::<alloc::vec::Vec<_>>();
	let mut failed_calls = 0u32;
	let events = records.iter().filter_map(|record| match &record.event {
		RuntimeEvent::Settlement(event) => Some(event),
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: DispatchError::Module(ModuleError { index, .. }),
			..
		}) if *index == settlement => {
			failed_calls = failed_calls.saturating_add(1);
			None
		},
		_ => None,
	});
	let events: alloc::vec::Vec<_> = events.collect();
	pallet_settlement::Pallet::<Runtime>::block_activity(events, failed_calls)
}
