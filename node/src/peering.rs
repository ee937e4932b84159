//! Permissioned peering: the node peers only with the nodes the clearing agency's board
//! registered on chain.
//!
//! The register lives in the validator-set pallet and is read through the `NetworkApi` at
//! every finalized block. While it is empty (a development chain) the network is open. Once
//! it holds a node, this node:
//! - accepts as peers only registered nodes, on the block-announce protocol that every other
//!   protocol (GRANDPA, transactions, sync) follows;
//! - disconnects a node as soon as a finalized block deregisters it.
//!
//! The reserved-only mode is switched on once and the reserved set replaced on each change,
//! as the network service asks: switching it on again would leave connected peers in a
//! closing state on the litep2p backend.

use crate::service::FullClient;
use futures::StreamExt;
use pssc_primitives::api::NetworkApi;
use pssc_runtime::{opaque::Block, AccountId};
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_network::{service::traits::NetworkService, NetworkPeers, NetworkStateInfo, PeerId};
use sp_api::{ApiExt, ProvideRuntimeApi};
use std::{collections::HashSet, sync::Arc};

const LOG_TARGET: &str = "pssc::peering";

/// The PeerIds of the registered nodes, or `None` when the runtime at `hash` has no register.
fn registered(
	client: &FullClient,
	hash: <Block as sp_runtime::traits::Block>::Hash,
) -> Option<HashSet<PeerId>> {
	let api = client.runtime_api();
	match api.api_version::<dyn NetworkApi<Block, AccountId>>(hash) {
		Ok(Some(_)) => {},
		_ => return None,
	}
	match api.nodes(hash) {
		Ok(nodes) => Some(
			nodes
				.iter()
				.filter_map(|n| {
					let peer = PeerId::from_ed25519(&n.node);
					if peer.is_none() {
						log::warn!(target: LOG_TARGET, "registered node key 0x{} is not an ed25519 key", hex(&n.node));
					}
					peer
				})
				.collect(),
		),
		Err(e) => {
			log::warn!(target: LOG_TARGET, "cannot read the register of nodes: {e}");
			None
		},
	}
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the node applied so far.
struct Peering {
	network: Arc<dyn NetworkService>,
	local: PeerId,
	applied: Option<HashSet<PeerId>>,
}

impl Peering {
	fn apply(&mut self, nodes: HashSet<PeerId>) {
		if nodes.is_empty() || self.applied.as_ref() == Some(&nodes) {
			return;
		}
		if !nodes.contains(&self.local) {
			log::warn!(
				target: LOG_TARGET,
				"this node ({}) is not registered on chain: registered nodes refuse to peer with it",
				self.local
			);
		}
		let mut peers = nodes.clone();
		peers.remove(&self.local);
		self.network.set_authorized_peers(peers);
		if self.applied.is_none() {
			self.network.set_authorized_only(true);
		}
		log::info!(
			target: LOG_TARGET,
			"🔒 peering only with the {} registered nodes",
			nodes.len()
		);
		self.applied = Some(nodes);
	}
}

/// Follow the register of nodes at every finalized block, and peer accordingly.
pub async fn run(client: Arc<FullClient>, network: Arc<dyn NetworkService>) {
	let mut peering = Peering {
		local: network.local_peer_id(),
		network,
		applied: None,
	};
	let mut finality = client.finality_notification_stream();
	if let Some(nodes) = registered(&client, client.info().finalized_hash) {
		peering.apply(nodes);
	}
	while let Some(notification) = finality.next().await {
		if let Some(nodes) = registered(&client, notification.hash) {
			peering.apply(nodes);
		}
	}
}

#[cfg(test)]
mod tests {
	use pssc_runtime::genesis_config_presets::LOCAL_NODES;
	use sc_network::{config::ed25519, PeerId};

	/// The local chain registers the nodes whose node key is sha256 of the node's name: the
	/// keys zombienet gives its nodes and `scripts/local-net.sh` passes.
	#[test]
	fn the_local_chain_registers_the_nodes_of_the_named_node_keys() {
		for ((_, registered), name) in LOCAL_NODES.iter().zip(["alice", "bob", "charlie", "dave"]) {
			let secret =
				ed25519::SecretKey::try_from_bytes(sp_io::hashing::sha2_256(name.as_bytes()))
					.expect("32 bytes");
			let public = ed25519::Keypair::from(secret).public();
			assert_eq!(public.to_bytes(), *registered, "{name}");
			assert_eq!(
				PeerId::from_ed25519(registered).map(|p| p.to_base58()),
				Some(public.to_peer_id().to_base58())
			);
		}
	}
}
