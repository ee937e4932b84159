//! The register of nodes: which nodes may peer on the network.

use crate::pallet::*;
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use pssc_primitives::NodeId;

impl<T: Config> Pallet<T> {
	/// Register `node`, run by `operator`.
	pub(crate) fn do_register_node(node: NodeId, operator: T::AccountId) -> DispatchResult {
		Self::can_register_node(&node)?;
		Nodes::<T>::insert(node, &operator);
		Self::deposit_event(Event::NodeRegistered { node, operator });
		Ok(())
	}

	/// Whether `node` can be registered, without writing.
	pub fn can_register_node(node: &NodeId) -> DispatchResult {
		ensure!(
			!Nodes::<T>::contains_key(node),
			Error::<T>::NodeAlreadyRegistered
		);
		ensure!(
			Nodes::<T>::count() < T::MaxNodes::get(),
			Error::<T>::TooManyNodes
		);
		Ok(())
	}

	/// Deregister `node`, unless it is the last.
	pub(crate) fn do_deregister_node(node: NodeId) -> DispatchResult {
		let operator = Nodes::<T>::get(node).ok_or(Error::<T>::NodeNotRegistered)?;
		ensure!(Nodes::<T>::count() > 1, Error::<T>::LastNode);
		Nodes::<T>::remove(node);
		Self::deposit_event(Event::NodeDeregistered { node, operator });
		Ok(())
	}

	/// Write the genesis register of nodes.
	pub(crate) fn build_genesis_nodes(
		nodes: &[(NodeId, T::AccountId)],
	) -> Result<(), &'static str> {
		if nodes.len() > T::MaxNodes::get() as usize {
			return Err("more genesis nodes than MaxNodes");
		}
		for (node, operator) in nodes {
			if Nodes::<T>::contains_key(node) {
				return Err("a genesis node is listed twice");
			}
			Nodes::<T>::insert(node, operator);
		}
		Ok(())
	}

	/// The registered nodes with their operators (at most [`Config::MaxNodes`]).
	pub fn registered_nodes() -> Vec<(NodeId, T::AccountId)> {
		Nodes::<T>::iter().collect()
	}
}
