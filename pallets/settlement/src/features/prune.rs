//! The metered work of `on_idle`: pruning final instructions and past days' pilot counters.

use crate::{cursor::metered_walk, *};
use frame_support::{
	traits::Get,
	weights::{Weight, WeightMeter},
};

impl<T: Config> Pallet<T> {
	/// The weight of pruning one instruction's body: the slope of
	/// [`WeightInfo::prune_items`].
	pub fn prune_item() -> Weight {
		T::WeightInfo::prune_items(1).saturating_sub(T::WeightInfo::prune_items(0))
	}

	/// Prune, within `limit`, the bodies of instructions final for more than
	/// [`Config::RetentionDays`], keeping their [`Outcome`], then the pilot counters of the
	/// days before today.
	pub(crate) fn prune(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		if meter
			.try_consume(T::WeightInfo::scheduler_read().saturating_mul(2))
			.is_err()
		{
			return meter.consumed();
		}
		let Some(today) = Self::today() else {
			return meter.consumed();
		};
		let read = T::WeightInfo::scheduler_read();
		metered_walk(
			Finished::<T>::iter(),
			&mut meter,
			read,
			|(key, id, ()), meter| {
				let date = Date::from_be_bytes(key);
				if date.saturating_add(T::RetentionDays::get()) >= today
					|| meter.try_consume(Self::prune_item()).is_err()
				{
					return false;
				}
				Finished::<T>::remove(key, id);
				if let Some(instruction) = Instructions::<T>::take(id) {
					Outcomes::<T>::insert(
						id,
						Outcome {
							status: instruction.status,
							date,
						},
					);
				}
				true
			},
		);
		// The counters count per business day of submission: those of past days can go.
		let stale = |key: DateKey| Date::from_be_bytes(key) < today;
		let item = Self::prune_item();
		metered_walk(
			PairTrades::<T>::iter_keys(),
			&mut meter,
			item,
			|(key, pair), _| {
				stale(key) && {
					PairTrades::<T>::remove(key, pair);
					true
				}
			},
		);
		metered_walk(
			PairShares::<T>::iter_keys(),
			&mut meter,
			item,
			|(key, line), _| {
				stale(key) && {
					PairShares::<T>::remove(key, line);
					true
				}
			},
		);
		meter.consumed()
	}
}
