//! Traits through which pallets and the runtime's consensus glue talk.

/// Receives the authority set that the validator-set pallet decides.
///
/// The validator-set pallet owns the set of validators and their session keys;
/// the block-production engine (Aura) keeps its own copy of the authorities.
/// The runtime implements this trait to hand the set over.
pub trait AuthoritySetHandler<AccountId, Keys> {
	/// The authorities of the genesis block.
	fn on_genesis_authorities(authorities: &[(AccountId, Keys)]);
	/// The authorities that take over from this block on.
	fn on_new_authorities(authorities: &[(AccountId, Keys)]);
}

impl<AccountId, Keys> AuthoritySetHandler<AccountId, Keys> for () {
	fn on_genesis_authorities(_: &[(AccountId, Keys)]) {}
	fn on_new_authorities(_: &[(AccountId, Keys)]) {}
}
