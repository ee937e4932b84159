//! Prometheus metrics of settlement, for an operations desk.
//!
//! At every new best block the node reads, through the runtime APIs:
//! - what the block did to instructions (`pssc_settlement_block_instructions{event}`, and the
//!   running totals `pssc_settlement_instructions_total{event}` to take rates of), and the
//!   pairs that came due and did not settle, by status and reason
//!   (`pssc_settlement_block_pending{status,reason}`);
//! - the unsettled instructions by status and reason
//!   (`pssc_settlement_open_instructions{status,reason}`);
//! - the open reconciliation breaks (`pssc_reconciliation_open_breaks{line}`).
//!
//! At every import and finality it sets the finality lag (`pssc_finality_lag_blocks`).
//! Totals count best blocks: a block that a reorganisation drops stays counted.

use crate::service::FullClient;
use futures::StreamExt;
use pssc_primitives::{
	api::{ReconciliationApi, SettlementApi},
	settlement::Code,
	traits::Line,
};
use pssc_runtime::{opaque::Block, AccountId};
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sp_api::{ApiExt, ProvideRuntimeApi};
use std::sync::Arc;
use substrate_prometheus_endpoint::{
	register, CounterVec, Gauge, GaugeVec, Opts, PrometheusError, Registry, U64,
};

const LOG_TARGET: &str = "pssc::metrics";

/// The most open instructions counted per block (the runtime's scan bound).
const OPEN_SCAN: u32 = 20_000;

/// The instruction events counted per block.
const EVENTS: [&str; 5] = ["received", "rejected", "matched", "settled", "cancelled"];

/// The reasons a due pair does not settle.
const REASONS: [Code; 5] = [Code::LACK, Code::MONY, Code::BLOC, Code::SBLO, Code::CBLO];

/// The settlement metrics of the node.
pub struct Metrics {
	block: GaugeVec<U64>,
	total: CounterVec<U64>,
	block_pending: GaugeVec<U64>,
	open: GaugeVec<U64>,
	open_complete: Gauge<U64>,
	breaks: GaugeVec<U64>,
	finality_lag: Gauge<U64>,
}

fn code(code: Code) -> String {
	format!("{code:?}")
}

impl Metrics {
	/// Register the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			block: register(
				GaugeVec::new(
					Opts::new(
						"pssc_settlement_block_instructions",
						"Instructions received, rejected, matched (pairs), settled (pairs) and \
						 cancelled in the best block",
					),
					&["event"],
				)?,
				registry,
			)?,
			total: register(
				CounterVec::new(
					Opts::new(
						"pssc_settlement_instructions_total",
						"Instructions received, rejected, matched (pairs), settled (pairs) and \
						 cancelled, summed over best blocks since the node started",
					),
					&["event"],
				)?,
				registry,
			)?,
			block_pending: register(
				GaugeVec::new(
					Opts::new(
						"pssc_settlement_block_pending",
						"Pairs that came due in the best block and did not settle, by status \
						 (PEND, PENF) and reason (LACK, MONY, BLOC, SBLO, CBLO)",
					),
					&["status", "reason"],
				)?,
				registry,
			)?,
			open: register(
				GaugeVec::new(
					Opts::new(
						"pssc_settlement_open_instructions",
						"Unsettled instructions at the best block, by status (NMAT, MACH, PEND, \
						 PENF) and reason (CMIS for NMAT, none for MACH)",
					),
					&["status", "reason"],
				)?,
				registry,
			)?,
			open_complete: register(
				Gauge::new(
					"pssc_settlement_open_instructions_complete",
					"1 if every open instruction was counted, 0 if the count stopped at its \
					 bound",
				)?,
				registry,
			)?,
			breaks: register(
				GaugeVec::new(
					Opts::new(
						"pssc_reconciliation_open_breaks",
						"Open reconciliation breaks with DTC (line=security) or a settling bank \
						 (line=cash)",
					),
					&["line"],
				)?,
				registry,
			)?,
			finality_lag: register(
				Gauge::new(
					"pssc_finality_lag_blocks",
					"Best block number minus finalized block number",
				)?,
				registry,
			)?,
		})
	}

	fn update_lag(&self, client: &FullClient) {
		let info = client.info();
		self.finality_lag.set(u64::from(
			info.best_number.saturating_sub(info.finalized_number),
		));
	}

	fn update_block(&self, client: &FullClient, hash: <Block as sp_runtime::traits::Block>::Hash) {
		let api = client.runtime_api();
		match api.api_version::<dyn SettlementApi<Block>>(hash) {
			Ok(Some(version)) if version >= 2 => {},
			_ => return,
		}
		match api.block_activity(hash) {
			Ok(activity) => {
				let counts = [
					activity.received,
					activity.rejected,
					activity.matched,
					activity.settled,
					activity.cancelled,
				];
				for (event, count) in EVENTS.iter().zip(counts) {
					self.block.with_label_values(&[event]).set(u64::from(count));
					self.total
						.with_label_values(&[event])
						.inc_by(u64::from(count));
				}
				for status in [Code::PEND, Code::PENF] {
					for reason in REASONS {
						let count = activity
							.pending
							.iter()
							.find(|(s, r, _)| *s == status && *r == reason)
							.map_or(0, |(_, _, c)| *c);
						self.block_pending
							.with_label_values(&[&code(status), &code(reason)])
							.set(u64::from(count));
					}
				}
			},
			Err(e) => log::debug!(target: LOG_TARGET, "block activity at {hash}: {e}"),
		}
		match api.open_instructions(hash, OPEN_SCAN) {
			Ok(open) => {
				let count = |status: Code, reason: Option<Code>| {
					open.counts
						.iter()
						.find(|(s, r, _)| *s == status && *r == reason)
						.map_or(0, |(_, _, c)| *c)
				};
				for (status, reason) in [(Code::NMAT, Some(Code::CMIS)), (Code::MACH, None)] {
					self.open
						.with_label_values(&[&code(status), &reason.map(code).unwrap_or_default()])
						.set(u64::from(count(status, reason)));
				}
				for status in [Code::PEND, Code::PENF] {
					for reason in REASONS {
						self.open
							.with_label_values(&[&code(status), &code(reason)])
							.set(u64::from(count(status, Some(reason))));
					}
				}
				self.open_complete.set(u64::from(open.complete));
			},
			Err(e) => log::debug!(target: LOG_TARGET, "open instructions at {hash}: {e}"),
		}
		match ReconciliationApi::<Block, AccountId>::breaks(&*api, hash) {
			Ok(breaks) => {
				let securities = breaks
					.iter()
					.filter(|(l, _)| matches!(l, Line::Security(_)))
					.count();
				let cash = breaks.len().saturating_sub(securities);
				self.breaks
					.with_label_values(&["security"])
					.set(securities as u64);
				self.breaks.with_label_values(&["cash"]).set(cash as u64);
			},
			Err(e) => log::debug!(target: LOG_TARGET, "breaks at {hash}: {e}"),
		}
	}
}

/// Keep the metrics up to date with the chain.
pub async fn run(client: Arc<FullClient>, metrics: Metrics) {
	let mut imports = client.import_notification_stream().fuse();
	let mut finality = client.finality_notification_stream().fuse();
	metrics.update_block(&client, client.info().best_hash);
	metrics.update_lag(&client);
	loop {
		futures::select! {
			import = imports.next() => match import {
				Some(n) => {
					if n.is_new_best {
						metrics.update_block(&client, n.hash);
					}
					metrics.update_lag(&client);
				},
				None => return,
			},
			finalized = finality.next() => match finalized {
				Some(_) => metrics.update_lag(&client),
				None => return,
			},
		}
	}
}
