//! `pssc_*`: the ledger's runtime APIs as JSON-RPC methods, with JSON for people.
//!
//! - CUSIPs, ISINs and LEIs are strings; accounts are SS58 addresses.
//! - Quantities and amounts are decimal strings (amounts in cents, `amountCents`), so that
//!   no JavaScript client loses digits above 2^53. Fees are in US dollars, to seven places.
//! - Dates are ISO 8601 (`2026-11-24`), months `2026-11`.
//! - Statuses and reasons are `{ "code": "PEND", "text": "pending" }`, with ISO 20022 codes.
//!
//! Every method takes an optional block hash as its last parameter, as the standard RPCs
//! do; without it, the best block is read.

use codec::Decode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use pssc_primitives::{
	api::{
		BankReconciliation, CustodianReport, InstructionDetails, InstructionRecord, Obstacle,
		ParticipantInfo, PositionsApi, ReconciliationApi, RegistryApi, SecurityPosition,
		SettlementApi, StatusFilter,
	},
	settlement::{
		civil, from_civil, Code, Date, InstructionId, Month, NewInstruction, Side, Status,
	},
	traits::{KeyRole, Line, ParticipantStatus},
	AccountId, Cusip, ParticipantId,
};
use pssc_runtime::opaque::Block;
use serde::Deserialize;
use serde_json::{json, Value};
use sp_api::{Metadata, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::{traits::Block as BlockT, DispatchError};
use std::{marker::PhantomData, sync::Arc};

type Hash = <Block as BlockT>::Hash;

/// A new instruction as JSON, for `pssc_checkInstruction`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstructionInput {
	/// `deliver` (the seller) or `receive` (the buyer).
	pub side: String,
	/// The counterparty's participant id.
	pub counterparty: ParticipantId,
	/// The CUSIP.
	pub cusip: String,
	/// Shares, as a decimal string.
	pub quantity: String,
	/// The settlement amount in cents, as a decimal string.
	pub amount_cents: String,
	/// `YYYY-MM-DD`.
	pub trade_date: String,
	/// `YYYY-MM-DD`.
	pub settlement_date: String,
	/// The participant's own reference.
	pub reference: String,
}

/// The `pssc_*` methods.
#[rpc(server, namespace = "pssc")]
pub trait PsscApi {
	/// Today's business date (`YYYY-MM-DD`), or null before the clock is set.
	#[method(name = "businessDate")]
	fn business_date(&self, at: Option<Hash>) -> RpcResult<Option<String>>;

	/// A participant's securities and cash.
	#[method(name = "positions")]
	fn positions(&self, participant: ParticipantId, at: Option<Hash>) -> RpcResult<Value>;

	/// Every participant's position in a security.
	#[method(name = "holders")]
	fn holders(&self, cusip: String, at: Option<Hash>) -> RpcResult<Value>;

	/// Every withdrawal waiting for DTC or a settling bank, oldest first.
	#[method(name = "pendingWithdrawals")]
	fn pending_withdrawals(&self, at: Option<Hash>) -> RpcResult<Value>;

	/// An instruction with its status, reason and history; null if there never was one.
	#[method(name = "instruction")]
	fn instruction(&self, id: InstructionId, at: Option<Hash>) -> RpcResult<Value>;

	/// A participant's instructions: `status` is `open` (default), `all`, or an ISO status
	/// code (NMAT, MACH, PEND, PENF, SETT, CAND); pages of `limit` (default 100) after the
	/// cursor `after`.
	#[method(name = "instructions")]
	fn instructions(
		&self,
		participant: ParticipantId,
		status: Option<String>,
		after: Option<InstructionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// Every reason an instruction would not settle now; an empty list if it would.
	#[method(name = "whyPending")]
	fn why_pending(&self, id: InstructionId, at: Option<Hash>) -> RpcResult<Value>;

	/// Every error a new instruction by `participant` would be refused with now.
	#[method(name = "checkInstruction")]
	fn check_instruction(
		&self,
		participant: ParticipantId,
		instruction: InstructionInput,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// A participant's fees per month (`YYYY-MM`), or every month on record.
	#[method(name = "fees")]
	fn fees(
		&self,
		participant: ParticipantId,
		month: Option<String>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// A security's ledger total, DTC's last report and its break state.
	#[method(name = "securityLine")]
	fn security_line(&self, cusip: String, at: Option<Hash>) -> RpcResult<Value>;

	/// Every settling bank's ledger total, last report and break state.
	#[method(name = "banks")]
	fn banks(&self, at: Option<Hash>) -> RpcResult<Value>;

	/// Every open reconciliation break.
	#[method(name = "breaks")]
	fn breaks(&self, at: Option<Hash>) -> RpcResult<Value>;

	/// A registered security with its derived eligibility; null if not registered.
	#[method(name = "security")]
	fn security(&self, cusip: String, at: Option<Hash>) -> RpcResult<Value>;

	/// A participant with its keys and approvals; null if there is none.
	#[method(name = "participant")]
	fn participant(&self, id: ParticipantId, at: Option<Hash>) -> RpcResult<Value>;

	/// Every participant.
	#[method(name = "participants")]
	fn participants(&self, at: Option<Hash>) -> RpcResult<Value>;

	/// The participant an account is a key of, and its role; null if none.
	#[method(name = "keyOwner")]
	fn key_owner(&self, account: String, at: Option<Hash>) -> RpcResult<Value>;

	/// The DTC gateway's account, or null.
	#[method(name = "dtcGateway")]
	fn dtc_gateway(&self, at: Option<Hash>) -> RpcResult<Option<String>>;
}

/// The `pssc_*` methods over a client.
pub struct Pssc<C> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C> Pssc<C> {
	/// Serve the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self {
			client,
			_block: PhantomData,
		}
	}
}

/// Invalid parameters (JSON-RPC -32602).
fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(-32602, message.into(), None::<()>)
}

/// The runtime could not answer (an internal error, with the cause).
fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(
		-32603,
		format!("runtime API call failed: {error}"),
		None::<()>,
	)
}

fn parse_cusip(text: &str) -> Result<Cusip, ErrorObjectOwned> {
	let raw: [u8; 9] = text
		.as_bytes()
		.try_into()
		.map_err(|_| invalid(format!("a CUSIP has 9 characters: {text:?}")))?;
	Cusip::new(&raw).map_err(|e| invalid(format!("invalid CUSIP {text:?}: {e:?}")))
}

fn parse_date(text: &str) -> Result<Date, ErrorObjectOwned> {
	let parts: Vec<_> = text.split('-').map(str::parse::<u32>).collect();
	match parts.as_slice() {
		[Ok(y), Ok(m), Ok(d)] => from_civil(*y, *m, *d),
		_ => None,
	}
	.ok_or_else(|| invalid(format!("not a date (YYYY-MM-DD): {text:?}")))
}

fn parse_month(text: &str) -> Result<Month, ErrorObjectOwned> {
	let parts: Vec<_> = text.split('-').map(str::parse::<u32>).collect();
	match parts.as_slice() {
		[Ok(y), Ok(m)] if (1..=12).contains(m) && *y >= 1970 => Ok(y * 100 + m),
		_ => Err(invalid(format!("not a month (YYYY-MM): {text:?}"))),
	}
}

fn parse_amount(what: &str, text: &str) -> Result<u128, ErrorObjectOwned> {
	text.parse()
		.map_err(|_| invalid(format!("{what} must be a whole number: {text:?}")))
}

/// A business date as `YYYY-MM-DD`.
pub fn date(date: Date) -> String {
	let (y, m, d) = civil(date);
	format!("{y:04}-{m:02}-{d:02}")
}

fn month(month: Month) -> String {
	format!("{:04}-{:02}", month / 100, month % 100)
}

fn cusip(cusip: &Cusip) -> String {
	String::from_utf8_lossy(cusip.as_bytes()).into_owned()
}

fn account(account: &AccountId) -> String {
	account.to_ss58check()
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn code(code: Code) -> Value {
	json!({ "code": code.as_str(), "text": code.description() })
}

/// The status and its reason as ISO gives them to the instruction of `side`; a final status
/// (all a pruned instruction keeps) has the same reason for both sides.
fn status(status: &Status, side: Option<Side>) -> Value {
	let cause = match status {
		Status::Cancelled(cause) => Some(cause.as_str()),
		_ => None,
	};
	let reason = match side {
		Some(side) => status.reason_code_for(side),
		None => status.reason_code(),
	};
	json!({
		"status": code(status.code()),
		"reason": reason.map(code),
		"cause": cause,
	})
}

/// Fee units of $0.0000001 as US dollars.
fn dollars(units: u128) -> String {
	format!("{}.{:07}", units / 10_000_000, units % 10_000_000)
}

fn line(line: &Line) -> Value {
	match line {
		Line::Security(c) => json!({ "security": cusip(c) }),
		Line::Cash(currency) => json!({ "cash": text(currency) }),
	}
}

fn report(report: &Option<CustodianReport>) -> Value {
	match report {
		None => Value::Null,
		Some(r) => json!({
			"ledger": r.ledger.to_string(),
			"reported": r.reported.to_string(),
			"asOf": r.as_of,
		}),
	}
}

fn position(p: &SecurityPosition) -> Value {
	json!({
		"participant": p.participant,
		"cusip": cusip(&p.cusip),
		"free": p.free.to_string(),
		"held": p.held.to_string(),
	})
}

fn side(side: Side) -> &'static str {
	match side {
		Side::Deliver => "deliver",
		Side::Receive => "receive",
	}
}

fn instruction(i: &InstructionDetails) -> Value {
	let mut value = json!({
		"id": i.id,
		"participant": i.participant,
		"side": side(i.side),
		"counterparty": i.counterparty,
		"cusip": cusip(&i.cusip),
		"quantity": i.quantity.to_string(),
		"amountCents": i.amount.to_string(),
		"tradeDate": date(i.trade_date),
		"settlementDate": date(i.settlement_date),
		"reference": text(&i.reference),
		"counterpart": i.counterpart,
		"cancellationRequested": i.cancel_requested,
		"history": i.history.iter().map(|c| json!({
			"block": c.block,
			"status": code(c.code),
			"reason": c.reason.map(code),
		})).collect::<Vec<_>>(),
	});
	if let (Value::Object(map), Value::Object(extra)) =
		(&mut value, status(&i.status, Some(i.side)))
	{
		map.extend(extra);
	}
	value
}

fn obstacle(o: &Obstacle) -> Value {
	let (c, text, detail) = match o {
		Obstacle::Final(s) => (
			Some(s.code()),
			"settled or cancelled: nothing more will happen",
			status(s, None),
		),
		Obstacle::Unmatched => (
			Some(Code::NMAT),
			"no counterpart instruction has matched it",
			Value::Null,
		),
		Obstacle::NotDue { settlement_date } => (
			Some(Code::MACH),
			"matched; its settlement date has not come",
			json!({ "settlementDate": date(*settlement_date) }),
		),
		Obstacle::CounterpartyNotApproved { by, counterparty } => (
			Some(Code::NCRR),
			"a party has not approved the other",
			json!({ "by": by, "counterparty": counterparty }),
		),
		Obstacle::ParticipantNotActive(p) => (
			Some(Code::BLOC),
			"a party is suspended or gone",
			json!({ "participant": p }),
		),
		Obstacle::SecurityNotEligible => (
			Some(Code::DSEC),
			"the security was dropped: the agency or DTC no longer accepts it",
			Value::Null,
		),
		Obstacle::SecurityGloballyLocked => (
			Some(Code::SBLO),
			"DTC has globally locked the security",
			Value::Null,
		),
		Obstacle::DeliveriesChilled => (
			Some(Code::SBLO),
			"DTC has chilled deliveries of the security",
			Value::Null,
		),
		Obstacle::SecuritiesLineStopped => (
			Some(Code::SBLO),
			"the security's line has an open reconciliation break",
			Value::Null,
		),
		Obstacle::CashLineStopped => (
			Some(Code::CBLO),
			"the cash line has an open reconciliation break",
			Value::Null,
		),
		Obstacle::LacksSecurities {
			participant,
			needed,
			free,
			short,
		} => (
			Some(Code::LACK),
			"the seller lacks securities",
			json!({
				"participant": participant,
				"needed": needed.to_string(),
				"free": free.to_string(),
				"short": short.to_string(),
			}),
		),
		Obstacle::LacksCash {
			participant,
			needed,
			free,
			short,
		} => (
			Some(Code::MONY),
			"the buyer lacks cash",
			json!({
				"participant": participant,
				"neededCents": needed.to_string(),
				"freeCents": free.to_string(),
				"shortCents": short.to_string(),
			}),
		),
	};
	json!({
		"code": c.map(|c| c.as_str()),
		"text": text,
		"detail": detail,
	})
}

/// A refusal of `pssc_checkInstruction`: the error's name and ISO's rejection reason where one
/// fits (the status is REJT).
fn refusal(error: &str) -> Value {
	let reason = error
		.strip_prefix("Settlement::")
		.and_then(pssc_primitives::settlement::rejection_reason);
	json!({ "error": error, "reason": reason.map(|r| r.as_str()) })
}

fn bank(b: &BankReconciliation<AccountId>) -> Value {
	json!({
		"bank": account(&b.bank),
		"key": account(&b.key),
		"currency": text(&b.currency),
		"ledgerCents": b.ledger.to_string(),
		"pendingOutCents": b.pending_out.to_string(),
		"lastReport": report(&b.last_report),
		"break": report(&b.open_break),
	})
}

fn participant(p: &ParticipantInfo<AccountId>) -> Value {
	json!({
		"id": p.id,
		"legalName": text(&p.legal_name),
		"lei": text(p.lei.as_bytes()),
		"dtcNumber": p.dtc_number,
		"admin": account(&p.admin),
		"operators": p.operators.iter().map(account).collect::<Vec<_>>(),
		"status": match p.status {
			ParticipantStatus::Active => "active",
			ParticipantStatus::Suspended => "suspended",
		},
		"approves": p.approves,
		"approvedBy": p.approved_by,
	})
}

impl<C> Pssc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// `Pallet::Error` for a module error, read from the metadata of the runtime at `at`.
	fn error_name(&self, at: Hash, error: &DispatchError) -> String
	where
		C::Api: sp_api::Metadata<Block>,
	{
		let DispatchError::Module(module) = error else {
			return format!("{error:?}");
		};
		let api = self.client.runtime_api();
		let name = api
			.metadata_at_version(at, 16)
			.ok()
			.flatten()
			.and_then(|m| frame_metadata::RuntimeMetadataPrefixed::decode(&mut &m[..]).ok())
			.and_then(|prefixed| match prefixed.1 {
				frame_metadata::RuntimeMetadata::V16(m) => {
					let pallet = m.pallets.iter().find(|p| p.index == module.index)?;
					let ty = m.types.resolve(pallet.error.as_ref()?.ty.id)?;
					let scale_info::TypeDef::Variant(variants) = &ty.type_def else {
						return None;
					};
					let variant = variants
						.variants
						.iter()
						.find(|v| v.index == module.error[0])?;
					Some(format!("{}::{}", pallet.name, variant.name))
				},
				_ => None,
			});
		name.unwrap_or_else(|| format!("{error:?}"))
	}
}

#[async_trait]
impl<C> PsscApiServer for Pssc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PositionsApi<Block, AccountId>
		+ SettlementApi<Block>
		+ ReconciliationApi<Block, AccountId>
		+ RegistryApi<Block, AccountId>
		+ sp_api::Metadata<Block>,
{
	fn business_date(&self, at: Option<Hash>) -> RpcResult<Option<String>> {
		let api = self.client.runtime_api();
		let today = api.business_date(self.at(at)).map_err(runtime_error)?;
		Ok(today.map(date))
	}

	fn positions(&self, participant: ParticipantId, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let positions = api
			.positions(self.at(at), participant)
			.map_err(runtime_error)?;
		Ok(json!({
			"participant": participant,
			"securities": positions.securities.iter().map(position).collect::<Vec<_>>(),
			"cash": positions.cash.iter().map(|c| json!({
				"currency": text(&c.currency),
				"freeCents": c.free.to_string(),
				"heldCents": c.held.to_string(),
			})).collect::<Vec<_>>(),
		}))
	}

	fn holders(&self, cusip: String, at: Option<Hash>) -> RpcResult<Value> {
		let cusip = parse_cusip(&cusip)?;
		let api = self.client.runtime_api();
		let holders = api.holders(self.at(at), cusip).map_err(runtime_error)?;
		Ok(Value::Array(holders.iter().map(position).collect()))
	}

	fn pending_withdrawals(&self, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let pending = api
			.pending_withdrawals(self.at(at))
			.map_err(runtime_error)?;
		Ok(Value::Array(
			pending
				.iter()
				.map(|w| {
					let (what, amount) = match w.line {
						Line::Security(c) => ("quantity", json!({ "cusip": cusip(&c) })),
						Line::Cash(currency) => {
							("amountCents", json!({ "currency": text(&currency) }))
						},
					};
					let mut value = json!({
						"id": w.id,
						"participant": w.participant,
						"bank": w.bank.as_ref().map(account),
					});
					if let (Value::Object(map), Value::Object(extra)) = (&mut value, amount) {
						map.extend(extra);
						map.insert(what.into(), Value::String(w.amount.to_string()));
					}
					value
				})
				.collect(),
		))
	}

	fn instruction(&self, id: InstructionId, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		Ok(
			match api.instruction(self.at(at), id).map_err(runtime_error)? {
				None => Value::Null,
				Some(InstructionRecord::Live(details)) => instruction(&details),
				Some(InstructionRecord::Pruned { status: s, date: d }) => {
					let mut value = json!({ "id": id, "pruned": true, "finalOn": date(d) });
					if let (Value::Object(map), Value::Object(extra)) =
						(&mut value, status(&s, None))
					{
						map.extend(extra);
					}
					value
				},
			},
		)
	}

	fn instructions(
		&self,
		participant: ParticipantId,
		status: Option<String>,
		after: Option<InstructionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let filter = match status.as_deref().unwrap_or("open") {
			"open" => StatusFilter::Open,
			"all" => StatusFilter::All,
			other => match Code::parse(&other.to_uppercase()) {
				Some(
					c @ (Code::NMAT
					| Code::MACH
					| Code::PEND
					| Code::PENF
					| Code::SETT
					| Code::CAND),
				) => StatusFilter::Code(c),
				_ => {
					return Err(invalid(format!(
						"status must be open, all, NMAT, MACH, PEND, PENF, SETT or CAND: {other:?}"
					)))
				},
			},
		};
		let api = self.client.runtime_api();
		let page = api
			.instructions(
				self.at(at),
				participant,
				filter,
				after,
				limit.unwrap_or(100),
			)
			.map_err(runtime_error)?;
		Ok(json!({
			"items": page.items.iter().map(instruction).collect::<Vec<_>>(),
			"next": page.next,
		}))
	}

	fn why_pending(&self, id: InstructionId, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		Ok(
			match api.why_pending(self.at(at), id).map_err(runtime_error)? {
				None => Value::Null,
				Some(obstacles) => Value::Array(obstacles.iter().map(obstacle).collect()),
			},
		)
	}

	fn check_instruction(
		&self,
		participant: ParticipantId,
		input: InstructionInput,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let side = match input.side.as_str() {
			"deliver" => Side::Deliver,
			"receive" => Side::Receive,
			other => {
				return Err(invalid(format!(
					"side must be deliver or receive: {other:?}"
				)))
			},
		};
		let cusip: [u8; 9] = input
			.cusip
			.as_bytes()
			.try_into()
			.map_err(|_| invalid(format!("a CUSIP has 9 characters: {:?}", input.cusip)))?;
		let new = NewInstruction {
			side,
			counterparty: input.counterparty,
			cusip,
			quantity: parse_amount("quantity", &input.quantity)?,
			amount: parse_amount("amountCents", &input.amount_cents)?,
			trade_date: parse_date(&input.trade_date)?,
			settlement_date: parse_date(&input.settlement_date)?,
			reference: input.reference.into_bytes(),
		};
		let at = self.at(at);
		let api = self.client.runtime_api();
		let errors = api
			.check_instruction(at, participant, new)
			.map_err(runtime_error)?;
		Ok(Value::Array(
			errors
				.iter()
				.map(|e| refusal(&self.error_name(at, e)))
				.collect(),
		))
	}

	fn fees(
		&self,
		participant: ParticipantId,
		month_filter: Option<String>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let month_filter = month_filter.as_deref().map(parse_month).transpose()?;
		let api = self.client.runtime_api();
		let statements = api
			.fees(self.at(at), participant, month_filter)
			.map_err(runtime_error)?;
		Ok(Value::Array(
			statements
				.iter()
				.map(|s| {
					json!({
						"month": month(s.month),
						"trades": s.trades,
						"shares": s.shares.to_string(),
						"accruedUsd": dollars(s.accrued),
						"dueUsd": dollars(s.due),
					})
				})
				.collect(),
		))
	}

	fn security_line(&self, cusip_text: String, at: Option<Hash>) -> RpcResult<Value> {
		let c = parse_cusip(&cusip_text)?;
		let api = self.client.runtime_api();
		let r = api.security_line(self.at(at), c).map_err(runtime_error)?;
		Ok(json!({
			"cusip": cusip(&r.cusip),
			"ledger": r.ledger.to_string(),
			"lastReport": report(&r.last_report),
			"break": report(&r.open_break),
		}))
	}

	fn banks(&self, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let banks = api.banks(self.at(at)).map_err(runtime_error)?;
		Ok(Value::Array(banks.iter().map(bank).collect()))
	}

	fn breaks(&self, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let breaks = api.breaks(self.at(at)).map_err(runtime_error)?;
		Ok(Value::Array(
			breaks
				.iter()
				.map(|(l, b)| json!({ "line": line(l), "break": report(&Some(*b)) }))
				.collect(),
		))
	}

	fn security(&self, cusip_text: String, at: Option<Hash>) -> RpcResult<Value> {
		let c = parse_cusip(&cusip_text)?;
		let api = self.client.runtime_api();
		Ok(match api.security(self.at(at), c).map_err(runtime_error)? {
			None => Value::Null,
			Some(s) => json!({
				"cusip": cusip(&s.cusip),
				"isin": s.isin.map(|i| text(i.as_bytes())),
				"description": text(&s.description),
				"agencyAccepted": s.agency_accepted,
				"dtcEligible": s.dtc_eligible,
				"restrictions": {
					"depositChill": s.restrictions.deposit_chill,
					"withdrawalChill": s.restrictions.withdrawal_chill,
					"deliveryChill": s.restrictions.delivery_chill,
					"globalLock": s.restrictions.global_lock,
				},
				"eligible": s.eligible,
			}),
		})
	}

	fn participant(&self, id: ParticipantId, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		Ok(
			match api.participant(self.at(at), id).map_err(runtime_error)? {
				None => Value::Null,
				Some(p) => participant(&p),
			},
		)
	}

	fn participants(&self, at: Option<Hash>) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let all = api.participants(self.at(at)).map_err(runtime_error)?;
		Ok(Value::Array(all.iter().map(participant).collect()))
	}

	fn key_owner(&self, address: String, at: Option<Hash>) -> RpcResult<Value> {
		let key = AccountId::from_ss58check(&address)
			.map_err(|e| invalid(format!("not an SS58 address {address:?}: {e:?}")))?;
		let api = self.client.runtime_api();
		Ok(
			match api.key_owner(self.at(at), key).map_err(runtime_error)? {
				None => Value::Null,
				Some((id, role)) => json!({
					"participant": id,
					"role": match role {
						KeyRole::Admin => "admin",
						KeyRole::Operator => "operator",
					},
				}),
			},
		)
	}

	fn dtc_gateway(&self, at: Option<Hash>) -> RpcResult<Option<String>> {
		let api = self.client.runtime_api();
		let gateway = api.dtc_gateway(self.at(at)).map_err(runtime_error)?;
		Ok(gateway.as_ref().map(account))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn values_are_written_for_people() {
		assert_eq!(date(20_781), "2026-11-24");
		assert_eq!(parse_date("2026-11-24").ok(), Some(20_781));
		assert!(parse_date("2026-11-31").is_err());
		assert!(parse_date("24/11/2026").is_err());
		assert_eq!(month(202611), "2026-11");
		assert_eq!(parse_month("2026-11").ok(), Some(202611));
		assert!(parse_month("2026-13").is_err());
		assert_eq!(dollars(50_000_000_000), "5000.0000000");
		assert_eq!(dollars(45_000), "0.0045000");
		assert_eq!(cusip(&parse_cusip("037833100").unwrap()), "037833100");
		assert!(parse_cusip("037833101").is_err());
		assert!(parse_cusip("0378").is_err());
		assert_eq!(
			code(Code::MONY),
			json!({ "code": "MONY", "text": "lack of cash" })
		);
		assert_eq!(
			refusal("Settlement::DuplicateReference"),
			json!({ "error": "Settlement::DuplicateReference", "reason": "REFE" })
		);
		assert_eq!(
			refusal("Settlement::ZeroQuantity"),
			json!({ "error": "Settlement::ZeroQuantity", "reason": null })
		);
		assert_eq!(
			obstacle(&Obstacle::LacksCash {
				participant: 1,
				needed: 19_000,
				free: 0,
				short: 19_000
			}),
			json!({
				"code": "MONY",
				"text": "the buyer lacks cash",
				"detail": {
					"participant": 1,
					"neededCents": "19000",
					"freeCents": "0",
					"shortCents": "19000",
				},
			})
		);
	}
}
