//! Walking stored work under a weight meter, with one cursor per walk.
//!
//! The hooks remove what they work off. Taking `iter().next()` again after each removal
//! would make every step seek from the start of the map past the keys already deleted in
//! the same block (they stay in the database until the block is committed), so a block's
//! hooks would cost the square of their work, uncharged. One iterator per walk seeks from
//! the last key instead.

use frame_support::weights::{Weight, WeightMeter};

/// How a walk ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Walk {
	/// Every item was visited.
	Done,
	/// The meter ran out, or a step asked to stop.
	Stopped,
}

/// Visit `items` in order while `meter` allows: looking at each item costs `read`, charged
/// before it is read; `step` does the item's work (charging it to `meter`) and says whether
/// to go on.
pub(crate) fn metered_walk<I: Iterator>(
	mut items: I,
	meter: &mut WeightMeter,
	read: Weight,
	mut step: impl FnMut(I::Item, &mut WeightMeter) -> bool,
) -> Walk {
	loop {
		if meter.try_consume(read).is_err() {
			return Walk::Stopped;
		}
		let Some(item) = items.next() else {
			return Walk::Done;
		};
		if !step(item, meter) {
			return Walk::Stopped;
		}
	}
}
