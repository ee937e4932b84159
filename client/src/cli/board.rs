//! `pssc board`: the clearing agency's board. Every agency call is a motion: on a board of
//! one (the development chain) it executes at once; on a larger board the other members
//! vote and the motion is closed.

use super::{files, submit, Failure, Global, Output, Result};
use clap::{Args, Subcommand};
use pssc_client::{
	api::{
		self,
		runtime_types::{
			pallet_entitlements::pallet::Call as Entitlements,
			pallet_participants::pallet::Call as Participants,
			pallet_runtime_upgrade::{pallet::Call as RuntimeUpgrade, types::VersionCheck},
			pallet_securities::pallet::Call as Securities,
			pallet_settlement::pallet::Call as Settlement,
			pallet_settlement::types::Parameters,
			pallet_validator_set::pallet::Call as ValidatorSet,
			pssc_primitives::{identifiers::Cusip, traits::Line},
			pssc_runtime::RuntimeCall,
			sp_weights::weight_v2::Weight,
		},
	},
	AccountId, Client,
};
use serde_json::{json, Value as Json};
use std::{process::ExitCode, str::FromStr};

/// The board's commands.
#[derive(Subcommand, Debug)]
pub enum Board {
	/// Propose a motion for an agency call. With the votes it needs already (a board of
	/// one), it executes at once.
	Propose(Propose),
	/// Vote on an open motion.
	Vote {
		/// The motion's hash (see `pssc board motions`).
		#[arg(long)]
		motion: String,
		/// The motion's index.
		#[arg(long)]
		index: u32,
		/// Vote against (the default is for).
		#[arg(long)]
		nay: bool,
	},
	/// Close a motion that has its votes (or whose voting period ended): it executes if
	/// approved.
	Close {
		/// The motion's hash.
		#[arg(long)]
		motion: String,
		/// The motion's index.
		#[arg(long)]
		index: u32,
	},
	/// The open motions, with their calls and votes.
	Motions,
}

/// A motion.
#[derive(Args, Debug)]
pub struct Propose {
	/// The votes the motion needs. By default what the call's origin requires: two thirds
	/// of the board, three quarters for a runtime upgrade.
	#[arg(long)]
	threshold: Option<u32>,
	#[command(subcommand)]
	call: AgencyCall,
}

/// Every call that needs the agency.
#[derive(Subcommand, Debug)]
pub enum AgencyCall {
	/// Register a security in the eligible-security registry.
	RegisterSecurity {
		/// Its CUSIP.
		#[arg(long)]
		cusip: String,
		/// Its ISIN (a US ISIN embeds the CUSIP).
		#[arg(long)]
		isin: Option<String>,
		/// A short description (issuer, class).
		#[arg(long, default_value = "")]
		description: String,
	},
	/// Accept a registered security (it is eligible once DTC accepts it too).
	AcceptSecurity {
		/// Its CUSIP.
		#[arg(long)]
		cusip: String,
	},
	/// Withdraw the agency's acceptance of a security: it stops being eligible.
	RejectSecurity {
		/// Its CUSIP.
		#[arg(long)]
		cusip: String,
	},
	/// Appoint the DTC gateway's role account.
	SetDtcGateway {
		/// The gateway's account (SS58).
		#[arg(long)]
		account: String,
	},
	/// Onboard a participant with its admin key and operator keys.
	Onboard {
		/// Its legal name.
		#[arg(long)]
		name: String,
		/// Its LEI (20 characters, check digits verified on chain).
		#[arg(long)]
		lei: String,
		/// Its DTC participant number.
		#[arg(long)]
		dtc_number: u32,
		/// Its admin key (SS58): manages operators and counterparty approvals.
		#[arg(long)]
		admin: String,
		/// An operator key (SS58): instructs and withdraws. Repeat for several.
		#[arg(long = "operator")]
		operators: Vec<String>,
	},
	/// Suspend a participant.
	Suspend {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
	},
	/// Reinstate a suspended participant.
	Reinstate {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
	},
	/// Replace a participant's admin key (a lost or stolen key), also while it is suspended.
	/// The old key loses its role at once.
	ReplaceAdmin {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
		/// The new admin key (SS58), new to participants.
		#[arg(long)]
		new: String,
	},
	/// Offboard a participant that holds nothing.
	Offboard {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
	},
	/// Admit a validator (it takes part from the next session, once it set its keys).
	AddValidator {
		/// The validator's account (SS58).
		#[arg(long)]
		account: String,
	},
	/// Remove a validator.
	RemoveValidator {
		/// The validator's account (SS58).
		#[arg(long)]
		account: String,
	},
	/// Register a node (by its PeerId): the network's nodes accept it as a peer. The first
	/// registered node closes the network to all others.
	RegisterNode {
		/// The node's PeerId (`pssc-node key inspect-node-key --file <node key>` prints it),
		/// or its network key as 0x and 64 hex digits.
		#[arg(long)]
		peer_id: String,
		/// The account of the operator who runs it (SS58).
		#[arg(long)]
		operator: String,
	},
	/// Deregister a node: the network's nodes disconnect it and refuse it from then on.
	DeregisterNode {
		/// The node's PeerId, or its network key in hex.
		#[arg(long)]
		peer_id: String,
	},
	/// Appoint a settling bank for a currency.
	AppointBank {
		/// The bank's role account (SS58).
		#[arg(long)]
		account: String,
		/// The ISO 4217 currency it settles.
		#[arg(long, default_value = "USD")]
		currency: String,
	},
	/// Remove a settling bank that holds no ledger cash.
	RemoveBank {
		/// The account the bank was appointed as (SS58).
		#[arg(long)]
		account: String,
	},
	/// Replace the key that signs for a settling bank. The bank keeps its account (which
	/// participants name), its cash, its payouts and its references; the old key signs for
	/// nothing from then on.
	ReplaceBankKey {
		/// The account the bank was appointed as (SS58).
		#[arg(long)]
		account: String,
		/// The new signing key (SS58), new to the banks.
		#[arg(long)]
		new: String,
	},
	/// Move a suspended participant's free holdings to its successor (its keys are lost).
	/// Needs three quarters of the board.
	TransferHoldings {
		/// The suspended participant's id.
		#[arg(long)]
		from: u32,
		/// The successor's id (active).
		#[arg(long)]
		to: u32,
		/// A security line to move. Repeat for several.
		#[arg(long = "cusip")]
		cusips: Vec<String>,
		/// A currency's cash line to move. Repeat for several.
		#[arg(long = "currency")]
		currencies: Vec<String>,
	},
	/// Request the withdrawal of all a participant's free holdings of a security to its DTC
	/// account (its keys are lost). Needs three quarters of the board.
	ForceWithdrawal {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
		/// The security's CUSIP.
		#[arg(long)]
		cusip: String,
	},
	/// Request that a settling bank pay out a participant's free cash (as much as the bank
	/// holds); its keys are lost. Needs three quarters of the board.
	ForceCashWithdrawal {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
		/// The account the bank was appointed as (SS58).
		#[arg(long)]
		bank: String,
	},
	/// Set the pilot's limits and the fee schedule (fees in units of $0.0000001).
	SetParameters {
		/// The most trades a pair may instruct per trade date.
		#[arg(long, default_value_t = 300)]
		max_trades_per_pair: u32,
		/// A pair's shares of one security per trade date stay below this.
		#[arg(long, default_value_t = 100_000)]
		share_limit: u128,
		/// Fee per settled trade and participant ($0.00225 = 22500).
		#[arg(long, default_value_t = 22_500)]
		fee_per_trade: u128,
		/// Fee per settled share and participant ($0.0000225 = 225).
		#[arg(long, default_value_t = 225)]
		fee_per_share: u128,
		/// Monthly minimum ($5,000 = 50000000000).
		#[arg(long, default_value_t = 50_000_000_000)]
		monthly_minimum: u128,
	},
	/// Resolve a reconciliation break, recording why: the line moves again.
	ResolveBreak {
		/// The security's line.
		#[arg(
			long,
			conflicts_with = "currency",
			required_unless_present = "currency"
		)]
		cusip: Option<String>,
		/// The cash line of a currency.
		#[arg(long)]
		currency: Option<String>,
		/// Why it is resolved.
		#[arg(long)]
		reason: String,
	},
	/// Cancel an instruction (and its counterpart) with a reason (CSUB).
	CancelInstruction {
		/// The instruction's id.
		#[arg(long)]
		id: u64,
		/// Why.
		#[arg(long)]
		reason: String,
	},
	/// Authorize a runtime upgrade by its code hash (three quarters of the board).
	AuthorizeUpgrade {
		/// The blake2-256 hash of the new runtime's code (0x...).
		#[arg(long)]
		code_hash: String,
		/// Do not check that the new runtime's spec version is higher.
		#[arg(long)]
		no_version_check: bool,
	},
}

fn input(message: impl Into<String>) -> Failure {
	Failure::Input(message.into())
}

/// An SS58 account argument.
pub fn account(text: &str) -> std::result::Result<AccountId, Failure> {
	AccountId::from_str(text.trim()).map_err(|_| input(format!("not an SS58 account: {text:?}")))
}

/// A 32-byte hash argument.
fn hash(text: &str) -> std::result::Result<subxt::utils::H256, Failure> {
	subxt::utils::H256::from_str(text.trim())
		.map_err(|_| input(format!("not a 32-byte hash (0x + 64 hex digits): {text:?}")))
}

use pssc_client::subxt;

fn cusip(text: &str) -> std::result::Result<[u8; 9], Failure> {
	files::cusip(text).map_err(Failure::Input)
}

fn fixed<const N: usize>(what: &str, text: &str) -> std::result::Result<[u8; N], Failure> {
	text.trim()
		.as_bytes()
		.try_into()
		.map_err(|_| input(format!("{what} has {N} characters: {text:?}")))
}

/// The runtime call, and whether it needs three quarters of the board (else two thirds).
fn call(call: AgencyCall) -> std::result::Result<(RuntimeCall, bool), Failure> {
	Ok(match call {
		AgencyCall::RegisterSecurity {
			cusip: c,
			isin,
			description,
		} => (
			RuntimeCall::Securities(Securities::register_security {
				cusip: cusip(&c)?,
				isin: isin.map(|i| fixed::<12>("an ISIN", &i)).transpose()?,
				description: description.into_bytes(),
			}),
			false,
		),
		AgencyCall::AcceptSecurity { cusip: c } => (
			RuntimeCall::Securities(Securities::set_agency_acceptance {
				cusip: cusip(&c)?,
				accepted: true,
			}),
			false,
		),
		AgencyCall::RejectSecurity { cusip: c } => (
			RuntimeCall::Securities(Securities::set_agency_acceptance {
				cusip: cusip(&c)?,
				accepted: false,
			}),
			false,
		),
		AgencyCall::SetDtcGateway { account: a } => (
			RuntimeCall::Securities(Securities::set_dtc_gateway {
				gateway: account(&a)?,
			}),
			false,
		),
		AgencyCall::Onboard {
			name,
			lei,
			dtc_number,
			admin,
			operators,
		} => (
			RuntimeCall::Participants(Participants::onboard {
				legal_name: name.into_bytes(),
				lei: fixed::<20>("an LEI", &lei)?,
				dtc_number,
				admin: account(&admin)?,
				operators: operators
					.iter()
					.map(|o| account(o))
					.collect::<std::result::Result<_, _>>()?,
			}),
			false,
		),
		AgencyCall::Suspend { participant } => (
			RuntimeCall::Participants(Participants::suspend { id: participant }),
			false,
		),
		AgencyCall::Reinstate { participant } => (
			RuntimeCall::Participants(Participants::reinstate { id: participant }),
			false,
		),
		AgencyCall::ReplaceAdmin { participant, new } => (
			RuntimeCall::Participants(Participants::replace_admin {
				id: participant,
				new: account(&new)?,
			}),
			false,
		),
		AgencyCall::Offboard { participant } => (
			RuntimeCall::Participants(Participants::offboard { id: participant }),
			false,
		),
		AgencyCall::AddValidator { account: a } => (
			RuntimeCall::ValidatorSet(ValidatorSet::add_validator {
				validator: account(&a)?,
			}),
			false,
		),
		AgencyCall::RemoveValidator { account: a } => (
			RuntimeCall::ValidatorSet(ValidatorSet::remove_validator {
				validator: account(&a)?,
			}),
			false,
		),
		AgencyCall::RegisterNode { peer_id, operator } => (
			RuntimeCall::ValidatorSet(ValidatorSet::register_node {
				node: super::validator::node_key(&peer_id)?,
				operator: account(&operator)?,
			}),
			false,
		),
		AgencyCall::DeregisterNode { peer_id } => (
			RuntimeCall::ValidatorSet(ValidatorSet::deregister_node {
				node: super::validator::node_key(&peer_id)?,
			}),
			false,
		),
		AgencyCall::AppointBank {
			account: a,
			currency,
		} => (
			RuntimeCall::Entitlements(Entitlements::appoint_settling_bank {
				bank: account(&a)?,
				currency: fixed::<3>("a currency", &currency)?,
			}),
			false,
		),
		AgencyCall::RemoveBank { account: a } => (
			RuntimeCall::Entitlements(Entitlements::remove_settling_bank { bank: account(&a)? }),
			false,
		),
		AgencyCall::ReplaceBankKey { account: a, new } => (
			RuntimeCall::Entitlements(Entitlements::replace_settling_bank_key {
				bank: account(&a)?,
				new: account(&new)?,
			}),
			false,
		),
		AgencyCall::SetParameters {
			max_trades_per_pair,
			share_limit,
			fee_per_trade,
			fee_per_share,
			monthly_minimum,
		} => (
			RuntimeCall::Settlement(Settlement::set_parameters {
				parameters: Parameters {
					max_trades_per_pair_per_day: max_trades_per_pair,
					share_limit_per_security_per_pair_per_day: share_limit,
					fee_per_trade,
					fee_per_share,
					monthly_minimum,
				},
			}),
			false,
		),
		AgencyCall::TransferHoldings {
			from,
			to,
			cusips,
			currencies,
		} => {
			let mut lines = Vec::new();
			for c in &cusips {
				lines.push(Line::Security(Cusip(cusip(c)?)));
			}
			for c in &currencies {
				lines.push(Line::Cash(fixed::<3>("a currency", c)?));
			}
			if lines.is_empty() {
				return Err(input("name the lines: --cusip or --currency"));
			}
			(
				RuntimeCall::Entitlements(Entitlements::transfer_holdings { from, to, lines }),
				true,
			)
		},
		AgencyCall::ForceWithdrawal {
			participant,
			cusip: c,
		} => (
			RuntimeCall::Entitlements(Entitlements::force_withdrawal {
				participant,
				cusip: cusip(&c)?,
			}),
			true,
		),
		AgencyCall::ForceCashWithdrawal { participant, bank } => (
			RuntimeCall::Entitlements(Entitlements::force_cash_withdrawal {
				participant,
				bank: account(&bank)?,
			}),
			true,
		),
		AgencyCall::ResolveBreak {
			cusip: c,
			currency,
			reason,
		} => {
			let line = match (c, currency) {
				(Some(c), _) => Line::Security(Cusip(cusip(&c)?)),
				(None, Some(currency)) => Line::Cash(fixed::<3>("a currency", &currency)?),
				(None, None) => return Err(input("name the line: --cusip or --currency")),
			};
			(
				RuntimeCall::Entitlements(Entitlements::resolve_break {
					line,
					reason: reason.into_bytes(),
				}),
				false,
			)
		},
		AgencyCall::CancelInstruction { id, reason } => (
			RuntimeCall::Settlement(Settlement::cancel_by_agency {
				id,
				reason: reason.into_bytes(),
			}),
			false,
		),
		AgencyCall::AuthorizeUpgrade {
			code_hash,
			no_version_check,
		} => (
			RuntimeCall::RuntimeUpgrade(RuntimeUpgrade::authorize_upgrade {
				code_hash: hash(&code_hash)?,
				check_version: if no_version_check {
					VersionCheck::Skip
				} else {
					VersionCheck::Check
				},
			}),
			true,
		),
	})
}

/// The board's members at the best block.
async fn members(client: &Client) -> Result<Vec<AccountId>> {
	let at = client.at_best().await?;
	let members = at
		.storage()
		.fetch(api::storage().board().members(), ())
		.await
		.map_err(pssc_client::Error::other)?
		.decode()
		.map_err(pssc_client::Error::other)?;
	Ok(members)
}

/// Run a board command.
pub async fn run(command: Board, client: &Client, global: &Global, out: &Output) -> Result {
	match command {
		Board::Propose(Propose { threshold, call: c }) => {
			let (proposal, super_majority) = call(c)?;
			let threshold = match threshold {
				Some(t) => t,
				None => {
					let m = members(client).await?.len() as u32;
					// The origin's share of the board, rounded up.
					if super_majority {
						(3 * m).div_ceil(4)
					} else {
						(2 * m).div_ceil(3)
					}
				},
			};
			let length_bound = codec::Encode::encoded_size(&proposal) as u32;
			let payload = api::tx().board().propose(threshold, proposal, length_bound);
			submit(client, global, out, payload).await
		},
		Board::Vote { motion, index, nay } => {
			let payload = api::tx().board().vote(hash(&motion)?, index, !nay);
			submit(client, global, out, payload).await
		},
		Board::Close { motion, index } => {
			// The motion's call is charged up to this bound, then refunded to its real
			// weight: half of the largest normal transaction.
			let bound = Weight {
				ref_time: 500_000_000_000,
				proof_size: 2 * 1024 * 1024,
			};
			// The length bound is charged for too: the motion's own length.
			let motion = hash(&motion)?;
			let at = client.at_best().await?;
			let proposal = at
				.storage()
				.try_fetch(api::storage().board().proposal_of(), (motion,))
				.await
				.map_err(pssc_client::Error::other)?
				.ok_or_else(|| input(format!("no open motion {motion:?}")))?;
			let length_bound = proposal.bytes().len() as u32;
			let payload = api::tx().board().close(motion, index, bound, length_bound);
			submit(client, global, out, payload).await
		},
		Board::Motions => {
			let motions = motions(client).await?;
			if out.is_json() {
				out.value(&Json::Array(motions));
			} else if motions.is_empty() {
				println!("no open motions");
			} else {
				for m in motions {
					println!("{}", pssc_client::values::to_text(&m));
				}
			}
			Ok(ExitCode::SUCCESS)
		},
	}
}

/// The open motions with their calls and votes, at the best block (a motion proposed with
/// `--no-finality` shows at once).
async fn motions(client: &Client) -> Result<Vec<Json>> {
	let at = client.at_best().await?;
	let metadata = at.metadata_ref();
	let types = metadata.types();
	let hashes = at
		.storage()
		.fetch(api::storage().board().proposals(), ())
		.await
		.map_err(pssc_client::Error::other)?
		.decode()
		.map_err(pssc_client::Error::other)?;
	let mut list = Vec::new();
	for hash in hashes.0 {
		let call = match at
			.storage()
			.try_fetch(api::storage().board().proposal_of(), (hash,))
			.await
			.map_err(pssc_client::Error::other)?
		{
			Some(value) => {
				let decoded = pssc_client::subxt::ext::scale_value::scale::decode_as_type(
					&mut value.bytes(),
					value.type_id(),
					types,
				)
				.map_err(pssc_client::Error::other)?;
				pssc_client::values::to_json(&decoded, metadata)
			},
			None => Json::Null,
		};
		let votes = at
			.storage()
			.try_fetch(api::storage().board().voting(), (hash,))
			.await
			.map_err(pssc_client::Error::other)?
			.map(|v| v.decode())
			.transpose()
			.map_err(pssc_client::Error::other)?;
		let votes = votes.map(|v| {
			json!({
				"index": v.index,
				"threshold": v.threshold,
				"ayes": v.ayes.iter().map(ToString::to_string).collect::<Vec<_>>(),
				"nays": v.nays.iter().map(ToString::to_string).collect::<Vec<_>>(),
				"end": v.end,
			})
		});
		list.push(json!({ "motion": format!("{hash:?}"), "call": call, "votes": votes }));
	}
	Ok(list)
}
