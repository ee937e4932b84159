//! Types of the admission pallet: lanes, allowances, quotas and a signer's usage.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use pssc_primitives::{
	settlement::Date,
	traits::{Role, Roles},
	BlockNumber,
};
use scale_info::TypeInfo;
use sp_runtime::transaction_validity::TransactionPriority;

/// The lane a call travels in, which sets its priority in the pool and in block building.
/// Operations (the board, DTC's gateway, the settling banks, the validators) go ahead of
/// participants' single instructions, and those ahead of instruction files.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Lane {
	/// Bulk instruction files.
	Files,
	/// A participant's single instructions, cancellations, withdrawals and key management.
	Instructions,
	/// The agency's operations: motions, custody and cash movements, eligibility, session
	/// keys.
	Operations,
}

impl Lane {
	/// The priority a transaction in this lane has in the pool and in block building.
	pub const fn priority(self) -> TransactionPriority {
		match self {
			Lane::Files => 1_000,
			Lane::Instructions => 2_000,
			Lane::Operations => 3_000,
		}
	}
}

/// Who may sign a call, and in which lane it travels. The runtime answers for its calls; a
/// call it does not list may be signed by nobody.
pub trait CallPolicy<Call> {
	/// The roles that may sign `call`, and its lane.
	fn policy(call: &Call) -> (Roles, Lane);

	/// The weight `call` commits the chain to beyond its own dispatch: a board motion's
	/// proposal, which runs when the motion closes. It counts against the signer's allowance
	/// when the call is admitted, as its own weight does, and is not given back.
	fn committed_weight(_call: &Call) -> Weight {
		Weight::zero()
	}
}

/// How many transactions, and how much weight, a signer may use in a period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Allowance {
	/// Transactions.
	pub transactions: u32,
	/// Weight: the transactions' declared weight, less what their dispatch gave back.
	pub weight: Weight,
}

impl Allowance {
	/// The larger of each measure.
	pub fn max(self, other: Allowance) -> Allowance {
		Allowance {
			transactions: self.transactions.max(other.transactions),
			weight: self.weight.max(other.weight),
		}
	}

	/// Whether `self` allows at least what `other` does, in every measure.
	pub fn covers(&self, other: &Allowance) -> bool {
		self.transactions >= other.transactions && self.weight.all_gte(other.weight)
	}
}

/// What each signer in a role may use, which the board sets.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Quota {
	/// In one block.
	pub per_block: Allowance,
	/// In one business day.
	pub per_day: Allowance,
	/// How many transactions it may have waiting in the pool: a transaction whose nonce is
	/// this many or more ahead of the signer's next is refused there.
	pub pool_depth: u32,
}

impl Quota {
	/// The larger of each measure: what a signer holding several roles may use.
	pub fn max(self, other: Quota) -> Quota {
		Quota {
			per_block: self.per_block.max(other.per_block),
			per_day: self.per_day.max(other.per_day),
			pool_depth: self.pool_depth.max(other.pool_depth),
		}
	}
}

/// The quota of each role.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct RoleQuotas {
	/// Board members.
	pub board: Quota,
	/// Validators.
	pub validator: Quota,
	/// The DTC gateway.
	pub dtc_gateway: Quota,
	/// Settling banks.
	pub settling_bank: Quota,
	/// Participants' admin keys.
	pub participant_admin: Quota,
	/// Participants' operator keys.
	pub participant_operator: Quota,
}

impl RoleQuotas {
	/// `role`'s quota.
	pub fn get(&self, role: Role) -> Quota {
		match role {
			Role::Board => self.board,
			Role::Validator => self.validator,
			Role::DtcGateway => self.dtc_gateway,
			Role::SettlingBank => self.settling_bank,
			Role::ParticipantAdmin => self.participant_admin,
			Role::ParticipantOperator => self.participant_operator,
		}
	}

	/// `role`'s quota, for changing it.
	pub fn get_mut(&mut self, role: Role) -> &mut Quota {
		match role {
			Role::Board => &mut self.board,
			Role::Validator => &mut self.validator,
			Role::DtcGateway => &mut self.dtc_gateway,
			Role::SettlingBank => &mut self.settling_bank,
			Role::ParticipantAdmin => &mut self.participant_admin,
			Role::ParticipantOperator => &mut self.participant_operator,
		}
	}

	/// What a signer holding `roles` may use: the largest of their quotas, or nothing.
	pub fn of(&self, roles: Roles) -> Quota {
		roles
			.iter()
			.map(|r| self.get(r))
			.fold(Quota::default(), Quota::max)
	}
}

/// What a signer has used in the current block and business day.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Usage {
	/// The block `in_block` counts.
	pub block: BlockNumber,
	/// Used in that block.
	pub in_block: Allowance,
	/// The business day `in_day` counts.
	pub day: Date,
	/// Used on that day.
	pub in_day: Allowance,
}

impl Usage {
	/// This usage as it stands in `block` on `day`: a count of another block or day is
	/// zero.
	pub fn at(self, block: BlockNumber, day: Date) -> Usage {
		Usage {
			block,
			in_block: if self.block == block {
				self.in_block
			} else {
				Allowance::default()
			},
			day,
			in_day: if self.day == day {
				self.in_day
			} else {
				Allowance::default()
			},
		}
	}

	/// This usage with one more transaction of `weight`, or `None` if a count overflows.
	pub fn plus(self, weight: Weight) -> Option<Usage> {
		let add = |a: Allowance| {
			Some(Allowance {
				transactions: a.transactions.checked_add(1)?,
				weight: a.weight.checked_add(&weight)?,
			})
		};
		Some(Usage {
			in_block: add(self.in_block)?,
			in_day: add(self.in_day)?,
			..self
		})
	}

	/// This usage with `weight` given back by a dispatch.
	pub fn less(self, weight: Weight) -> Usage {
		Usage {
			in_block: Allowance {
				weight: self.in_block.weight.saturating_sub(weight),
				..self.in_block
			},
			in_day: Allowance {
				weight: self.in_day.weight.saturating_sub(weight),
				..self.in_day
			},
			..self
		}
	}
}
