//! The pallet's internal functions: session rotation, key bookkeeping, GRANDPA and checks.

use crate::{pallet::*, weights::WeightInfo, KeyTypeBytes, RawKey};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use pssc_primitives::api::{ValidatorInfo, ValidatorSetInfo};
use pssc_primitives::traits::AuthoritySetHandler;
use sp_consensus_grandpa::{
	AuthorityId as GrandpaId, AuthorityList, ConsensusLog, GRANDPA_ENGINE_ID,
};
use sp_runtime::{
	traits::{One, OpaqueKeys, Saturating, UniqueSaturatedInto, Zero},
	DigestItem,
};

impl<T: Config> Pallet<T> {
	/// The raw public keys of `keys`, one per key type, as stored in [`KeyOwner`].
	pub(crate) fn raw_keys(keys: &T::Keys) -> Result<Vec<(KeyTypeBytes, RawKey)>, Error<T>> {
		T::Keys::key_ids()
			.iter()
			.map(|id| {
				RawKey::try_from(keys.get_raw(*id).to_vec())
					.map(|raw| (id.0, raw))
					.map_err(|_| Error::<T>::KeyTooLong)
			})
			.collect()
	}

	/// Drop `who`'s registered session keys and their owner entries.
	pub(crate) fn clear_keys(who: &T::AccountId) {
		if let Some(old) = NextKeys::<T>::take(who) {
			for id in T::Keys::key_ids() {
				if let Ok(raw) = RawKey::try_from(old.get_raw(*id).to_vec()) {
					KeyOwner::<T>::remove((id.0, raw));
				}
			}
		}
	}

	/// Write the genesis validator set: admitted, with keys, and in office from block 0; and
	/// the session length and minimum of validators, if the genesis sets them.
	pub(crate) fn build_genesis(
		validators: &[(T::AccountId, T::Keys)],
		session_length: Option<BlockNumberFor<T>>,
		min_validators: Option<u32>,
	) -> Result<(), &'static str> {
		if let Some(length) = session_length {
			if length.is_zero() {
				return Err("the session length must be at least one block");
			}
			SessionLength::<T>::put(length);
		}
		if let Some(min) = min_validators {
			if min < T::MinValidators::get() {
				return Err("min_validators is below the runtime's floor (MinValidators)");
			}
			if min as usize > validators.len() {
				return Err("min_validators exceeds the genesis validators");
			}
			MinimumValidators::<T>::put(min);
		}
		let mut sorted = validators.to_vec();
		sorted.sort_by(|a, b| a.0.cmp(&b.0));
		let accounts: Vec<T::AccountId> = sorted.iter().map(|(v, _)| v.clone()).collect();
		if accounts.windows(2).any(|w| w[0] == w[1]) {
			return Err("a genesis validator is listed twice");
		}
		let admitted = BoundedVec::<_, T::MaxValidators>::try_from(accounts)
			.map_err(|_| "more genesis validators than MaxValidators")?;
		let authorities = BoundedVec::<_, T::MaxValidators>::try_from(sorted)
			.map_err(|_| "more genesis validators than MaxValidators")?;
		for (validator, keys) in authorities.iter() {
			for id in Self::raw_keys(keys).map_err(|_| "a genesis session key is too long")? {
				if KeyOwner::<T>::contains_key(&id) {
					return Err("a genesis session key is used twice");
				}
				KeyOwner::<T>::insert(id, validator);
			}
			NextKeys::<T>::insert(validator, keys);
			frame_system::Pallet::<T>::inc_providers(validator);
		}
		Validators::<T>::put(admitted);
		Authorities::<T>::put(&authorities);
		T::AuthoritySetHandler::on_genesis_authorities(&authorities);
		Ok(())
	}

	/// Start the next session: the admitted validators with keys become the authorities.
	///
	/// Emits one event per validator that joins or leaves, hands the set to
	/// [`Config::AuthoritySetHandler`] and, when the GRANDPA keys change, schedules the
	/// GRANDPA change (delay 0) with a digest the node's finality gadget follows.
	pub(crate) fn rotate_session() -> Weight {
		let session = CurrentSession::<T>::get().saturating_add(1);
		CurrentSession::<T>::put(session);
		let admitted = Validators::<T>::get();
		let current = Authorities::<T>::get();
		let weight = T::WeightInfo::new_session(admitted.len() as u32);

		let next: Vec<(T::AccountId, T::Keys)> = admitted
			.iter()
			.filter_map(|v| NextKeys::<T>::get(v).map(|keys| (v.clone(), keys)))
			.collect();
		let authorities = current.len() as u32;
		if next.is_empty() {
			Self::deposit_event(Event::AuthoritySetKept { session });
			Self::deposit_event(Event::NewSession {
				session,
				authorities,
			});
			return weight;
		}
		if next.as_slice() == current.as_slice() {
			Self::deposit_event(Event::NewSession {
				session,
				authorities,
			});
			return weight;
		}
		// `next` is a subset of the admitted validators, so it fits the same bound.
		let Ok(next) = BoundedVec::<_, T::MaxValidators>::try_from(next) else {
			return weight;
		};

		for (validator, _) in next.iter() {
			if !current.iter().any(|(v, _)| v == validator) {
				Self::deposit_event(Event::ValidatorJoined {
					validator: validator.clone(),
					session,
				});
			}
		}
		for (validator, _) in current.iter() {
			if !next.iter().any(|(v, _)| v == validator) {
				Self::deposit_event(Event::ValidatorLeft {
					validator: validator.clone(),
					session,
				});
			}
		}

		let old_grandpa = Self::grandpa_list(&current);
		let new_grandpa = Self::grandpa_list(&next);
		Authorities::<T>::put(&next);
		T::AuthoritySetHandler::on_new_authorities(&next);
		if old_grandpa != new_grandpa {
			GrandpaSetId::<T>::mutate(|id| *id = id.saturating_add(1));
			let log = ConsensusLog::<BlockNumberFor<T>>::ScheduledChange(
				sp_consensus_grandpa::ScheduledChange {
					next_authorities: new_grandpa,
					delay: 0u32.into(),
				},
			);
			frame_system::Pallet::<T>::deposit_log(DigestItem::Consensus(
				GRANDPA_ENGINE_ID,
				log.encode(),
			));
		}
		Self::deposit_event(Event::NewSession {
			session,
			authorities: next.len() as u32,
		});
		weight
	}

	fn grandpa_list(authorities: &[(T::AccountId, T::Keys)]) -> AuthorityList {
		authorities
			.iter()
			.filter_map(|(_, keys)| keys.get::<GrandpaId>(sp_consensus_grandpa::KEY_TYPE))
			.map(|id| (id, 1))
			.collect()
	}

	/// Whether `who` is an admitted validator (with or without keys).
	pub fn is_validator(who: &T::AccountId) -> bool {
		Validators::<T>::get().binary_search(who).is_ok()
	}

	/// The GRANDPA authorities of the current session, each with weight 1.
	pub fn grandpa_authorities() -> AuthorityList {
		Self::grandpa_list(&Authorities::<T>::get())
	}

	/// The id of the current GRANDPA authority set.
	pub fn grandpa_set_id() -> sp_consensus_grandpa::SetId {
		GrandpaSetId::<T>::get()
	}

	/// Check the pallet's invariants:
	/// - the admitted validators are sorted, unique and each has a provider reference;
	/// - only admitted validators have registered keys;
	/// - [`KeyOwner`] is exactly the index of the registered keys;
	/// - there is at least one authority, and every authority has keys of every type;
	/// - sessions last at least a block, and the minimum of validators is not below the floor;
	/// - the register of nodes is within its bound and its counter is right.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let admitted = Validators::<T>::get();
		ensure!(
			admitted.windows(2).all(|w| w[0] < w[1]),
			"validators not sorted and unique"
		);
		for v in admitted.iter() {
			ensure!(
				frame_system::Pallet::<T>::providers(v) > 0,
				"an admitted validator has no provider reference"
			);
		}
		let mut indexed = 0usize;
		for (who, keys) in NextKeys::<T>::iter() {
			ensure!(
				admitted.binary_search(&who).is_ok(),
				"keys of a non-validator"
			);
			for id in Self::raw_keys(&keys).map_err(|_| "a stored key is too long")? {
				ensure!(
					KeyOwner::<T>::get(&id) == Some(who.clone()),
					"key owner index broken"
				);
				indexed = indexed.saturating_add(1);
			}
		}
		ensure!(
			KeyOwner::<T>::iter().count() == indexed,
			"stale key owner entries"
		);
		let authorities = Authorities::<T>::get();
		ensure!(!authorities.is_empty(), "no authorities");
		ensure!(!SessionLength::<T>::get().is_zero(), "zero session length");
		ensure!(
			Nodes::<T>::count() <= T::MaxNodes::get(),
			"more registered nodes than MaxNodes"
		);
		ensure!(
			Nodes::<T>::iter().count() == Nodes::<T>::count() as usize,
			"the node counter is wrong"
		);
		ensure!(
			MinimumValidators::<T>::get() >= T::MinValidators::get(),
			"minimum of validators below the runtime's floor"
		);
		ensure!(
			Self::grandpa_list(&authorities).len() == authorities.len(),
			"an authority has no GRANDPA key"
		);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The validator set as the `NetworkApi` shows it: who is admitted, with keys and in
	/// office, the session, and when the next one starts.
	pub fn validator_set_info() -> ValidatorSetInfo<T::AccountId> {
		let length = SessionLength::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let next = if length.is_zero() {
			now
		} else {
			(now / length)
				.saturating_add(One::one())
				.saturating_mul(length)
		};
		let authorities = Authorities::<T>::get();
		ValidatorSetInfo {
			session: CurrentSession::<T>::get(),
			session_length: length.unique_saturated_into(),
			next_session_at: next.unique_saturated_into(),
			min_validators: MinimumValidators::<T>::get(),
			validators: Validators::<T>::get()
				.into_iter()
				.map(|account| ValidatorInfo {
					has_keys: NextKeys::<T>::contains_key(&account),
					authority: authorities.iter().any(|(a, _)| *a == account),
					account,
				})
				.collect(),
		}
	}
}
