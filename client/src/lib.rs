//! # pssc-client
//!
//! The library through which participants, operators and the end-to-end tests talk to a
//! `pssc-node` over JSON-RPC (WebSocket):
//!
//! - [`Client::sign`] signs a runtime call with an sr25519 key, using the runtime's own
//!   transaction-extension types, the account's next nonce and a mortal era anchored at the
//!   last finalized block;
//! - [`Client::submit_and_watch`] submits it and follows it until it is finalized;
//! - the result is the decoded events of the extrinsic ([`Included`]), or an [`Error`] that
//!   names what went wrong: a pool rejection with the node's reason, or the dispatch error by
//!   its pallet and variant name (`ValidatorSet::TooFewValidators`).

mod metadata;

pub use metadata::ErrorNames;

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use pssc_runtime::{
	permission::CheckPermittedSigner, Hash, Nonce, RuntimeCall, RuntimeEvent, SignedPayload,
	TxExtension, UncheckedExtrinsic,
};
use serde::Deserialize;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_io::hashing::{blake2_128, blake2_256, twox_128, twox_64};
use sp_runtime::{generic::Era, traits::IdentifyAccount, DispatchError, MultiSigner};
use std::time::Duration;

use pssc_primitives::{traits::CurrencyCode, Cusip, ParticipantId};
pub use pssc_runtime::AccountId;

/// What the client can run into.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The RPC call failed, or the node refused it. For a refused transaction the node's
	/// error code (1010: invalid, 1011: unknown validity, 1012: pool) and reason are here.
	#[error("RPC: {0}")]
	Rpc(#[from] jsonrpsee::core::ClientError),
	/// The node answered with data this client cannot decode.
	#[error("cannot decode {what}: {detail}")]
	Decode {
		/// What was being decoded.
		what: &'static str,
		/// Why it failed.
		detail: String,
	},
	/// The pool dropped the transaction, found it invalid later, or it was usurped.
	#[error("transaction {status}")]
	NotIncluded {
		/// The last status the node reported.
		status: String,
	},
	/// The transaction was included and finalized, but its call failed.
	#[error("dispatch failed: {name}")]
	Dispatch {
		/// The error by name: `Pallet::Variant` for a pallet's error, else the kind of error
		/// (`BadOrigin`, `Token(..)`, ...).
		name: String,
		/// The error as the runtime reported it.
		error: DispatchError,
		/// Where the failed extrinsic was included, with its events.
		included: Box<Included>,
	},
	/// Waiting took longer than allowed.
	#[error("timed out waiting for {0}")]
	Timeout(&'static str),
}

impl Error {
	/// For a transaction the node refused: its error code (1010 invalid, 1011 unknown
	/// validity, 1012 temporarily banned, ...), message, and the reason in `data`
	/// (`"Invalid signing address"` for a signer the permission check refuses).
	pub fn rejection(&self) -> Option<(i32, String, Option<String>)> {
		match self {
			Error::Rpc(jsonrpsee::core::ClientError::Call(e)) => Some((
				e.code(),
				e.message().to_string(),
				e.data().map(|d| d.get().trim_matches('"').to_string()),
			)),
			_ => None,
		}
	}
}

/// A transaction that was included in a finalized block.
#[derive(Debug, Clone)]
pub struct Included {
	/// The finalized block that includes it.
	pub block_hash: Hash,
	/// That block's number.
	pub block_number: u32,
	/// The index of the extrinsic in the block.
	pub extrinsic_index: u32,
	/// The extrinsic's hash.
	pub extrinsic_hash: Hash,
	/// The events the extrinsic emitted, in order.
	pub events: Vec<RuntimeEvent>,
}

impl Included {
	/// The first event for which `pick` returns something.
	pub fn find<T>(&self, pick: impl FnMut(&RuntimeEvent) -> Option<T>) -> Option<T> {
		self.events.iter().find_map(pick)
	}
}

/// The node's `system_health` answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
	/// Connected peers.
	pub peers: u64,
	/// Whether the node is syncing.
	pub is_syncing: bool,
	/// Whether the node expects to have peers.
	pub should_have_peers: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuntimeVersionJson {
	spec_version: u32,
	transaction_version: u32,
}

#[derive(Debug, Deserialize)]
struct HeaderJson {
	number: String,
}

#[derive(Debug, Deserialize)]
struct SignedBlockJson {
	block: BlockJson,
}

#[derive(Debug, Deserialize)]
struct BlockJson {
	extrinsics: Vec<String>,
}

fn storage_prefix(pallet: &[u8], item: &[u8]) -> Vec<u8> {
	[twox_128(pallet), twox_128(item)].concat()
}

fn twox_64_concat(data: &[u8]) -> Vec<u8> {
	[&twox_64(data)[..], data].concat()
}

fn blake2_128_concat(data: &[u8]) -> Vec<u8> {
	[&blake2_128(data)[..], data].concat()
}

/// Mortality of the transactions this client signs, in blocks.
pub const MORTALITY_PERIOD: u64 = 64;

/// A connection to one node.
pub struct Client {
	rpc: WsClient,
	genesis_hash: Hash,
	errors: ErrorNames,
}

fn decode_hex(what: &'static str, hex_str: &str) -> Result<Vec<u8>, Error> {
	hex::decode(hex_str.trim_start_matches("0x")).map_err(|e| Error::Decode {
		what,
		detail: e.to_string(),
	})
}

fn parse_number(what: &'static str, hex_str: &str) -> Result<u32, Error> {
	u32::from_str_radix(hex_str.trim_start_matches("0x"), 16).map_err(|e| Error::Decode {
		what,
		detail: e.to_string(),
	})
}

/// The account of an sr25519 key.
pub fn account_of(pair: &sr25519::Pair) -> AccountId {
	MultiSigner::from(pair.public()).into_account()
}

impl Client {
	/// Connect to the node at `url` (`ws://127.0.0.1:9944`) and read what signing needs: the
	/// genesis hash, and the runtime's metadata for naming errors.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let rpc = WsClientBuilder::default()
			.request_timeout(Duration::from_secs(60))
			.max_response_size(64 * 1024 * 1024)
			.build(url)
			.await?;
		let genesis: String = rpc.request("chain_getBlockHash", rpc_params![0u32]).await?;
		let genesis_hash = Hash::from_slice(&decode_hex("genesis hash", &genesis)?);
		let metadata: String = rpc.request("state_getMetadata", rpc_params![]).await?;
		let errors = ErrorNames::from_metadata(&decode_hex("metadata", &metadata)?)?;
		Ok(Self {
			rpc,
			genesis_hash,
			errors,
		})
	}

	/// The raw JSON-RPC connection, for calls this library does not wrap.
	pub fn rpc(&self) -> &WsClient {
		&self.rpc
	}

	/// The genesis hash of the chain.
	pub fn genesis_hash(&self) -> Hash {
		self.genesis_hash
	}

	/// Names errors by the metadata of the runtime the client connected to.
	pub fn error_names(&self) -> &ErrorNames {
		&self.errors
	}

	/// `system_health`.
	pub async fn health(&self) -> Result<Health, Error> {
		Ok(self.rpc.request("system_health", rpc_params![]).await?)
	}

	/// The hash and number of the last finalized block.
	pub async fn finalized_head(&self) -> Result<(Hash, u32), Error> {
		let hash: String = self
			.rpc
			.request("chain_getFinalizedHead", rpc_params![])
			.await?;
		let header: HeaderJson = self
			.rpc
			.request("chain_getHeader", rpc_params![&hash])
			.await?;
		Ok((
			Hash::from_slice(&decode_hex("block hash", &hash)?),
			parse_number("block number", &header.number)?,
		))
	}

	/// The hash of block `number` on the best chain.
	pub async fn block_hash(&self, number: u32) -> Result<Option<Hash>, Error> {
		let hash: Option<String> = self
			.rpc
			.request("chain_getBlockHash", rpc_params![number])
			.await?;
		hash.map(|h| decode_hex("block hash", &h).map(|b| Hash::from_slice(&b)))
			.transpose()
	}

	/// Poll until a block numbered at least `number` is finalized.
	pub async fn wait_for_finalized(&self, number: u32, timeout: Duration) -> Result<u32, Error> {
		let deadline = tokio::time::Instant::now() + timeout;
		loop {
			let (_, finalized) = self.finalized_head().await?;
			if finalized >= number {
				return Ok(finalized);
			}
			if tokio::time::Instant::now() >= deadline {
				return Err(Error::Timeout("finality"));
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// The nonce `who` signs its next transaction with, counting those already in the pool.
	pub async fn next_nonce(&self, who: &AccountId) -> Result<Nonce, Error> {
		Ok(self
			.rpc
			.request("system_accountNextIndex", rpc_params![who.to_ss58check()])
			.await?)
	}

	/// The events of block `at`, in order.
	pub async fn events_at(
		&self,
		at: Hash,
	) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, Hash>>, Error> {
		let key = storage_prefix(b"System", b"Events");
		let raw: Option<String> = self
			.rpc
			.request(
				"state_getStorage",
				rpc_params![format!("0x{}", hex::encode(key)), at],
			)
			.await?;
		let Some(raw) = raw else {
			return Ok(Vec::new());
		};
		Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(
			&mut &decode_hex("events", &raw)?[..],
		)
		.map_err(|e| Error::Decode {
			what: "events",
			detail: e.to_string(),
		})
	}

	/// Read the SCALE-encoded storage value at `key`, at the best block.
	pub async fn storage<T: Decode>(&self, key: &[u8]) -> Result<Option<T>, Error> {
		self.storage_at(key, None).await
	}

	/// Read the SCALE-encoded storage value at `key`, at block `at` (the best block if `None`).
	pub async fn storage_at<T: Decode>(
		&self,
		key: &[u8],
		at: Option<Hash>,
	) -> Result<Option<T>, Error> {
		let raw: Option<String> = self
			.rpc
			.request(
				"state_getStorage",
				rpc_params![format!("0x{}", hex::encode(key)), at],
			)
			.await?;
		raw.map(|r| {
			T::decode(&mut &decode_hex("storage", &r)?[..]).map_err(|e| Error::Decode {
				what: "storage",
				detail: e.to_string(),
			})
		})
		.transpose()
	}

	/// The free and held entitlement of `participant` to `cusip`, at the best block.
	pub async fn security_balance(
		&self,
		participant: ParticipantId,
		cusip: &Cusip,
	) -> Result<pallet_entitlements::Balance, Error> {
		let key = [
			storage_prefix(b"Entitlements", b"SecurityBalances"),
			twox_64_concat(&participant.encode()),
			blake2_128_concat(&cusip.encode()),
		]
		.concat();
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The free and held cash of `participant` in `currency`, at the best block.
	pub async fn cash_balance(
		&self,
		participant: ParticipantId,
		currency: &CurrencyCode,
	) -> Result<pallet_entitlements::Balance, Error> {
		let key = [
			storage_prefix(b"Entitlements", b"CashBalances"),
			twox_64_concat(&participant.encode()),
			twox_64_concat(&currency.encode()),
		]
		.concat();
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The ledger's total of `cusip` (free + held over all participants), at the best block.
	pub async fn security_issuance(&self, cusip: &Cusip) -> Result<u128, Error> {
		let key = [
			storage_prefix(b"Entitlements", b"SecurityIssuance"),
			blake2_128_concat(&cusip.encode()),
		]
		.concat();
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The weight block `at` consumed, per dispatch class.
	pub async fn block_weight(&self, at: Hash) -> Result<frame_system::ConsumedWeight, Error> {
		let key = storage_prefix(b"System", b"BlockWeight");
		Ok(self.storage_at(&key, Some(at)).await?.unwrap_or_default())
	}

	/// The chain's clock at the best block: milliseconds since the Unix epoch.
	pub async fn now(&self) -> Result<u64, Error> {
		let key = storage_prefix(b"Timestamp", b"Now");
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// The business date at the best block, as the settlement pallet counts it.
	pub async fn business_date(&self) -> Result<pallet_settlement::Date, Error> {
		use sp_runtime::traits::Get;
		let shift = <<pssc_runtime::Runtime as pallet_settlement::Config>::DayBoundaryShift>::get();
		Ok(pallet_settlement::business_date(self.now().await?, shift))
	}

	/// Settlement instruction `id` at the best block, unless unknown or pruned.
	pub async fn instruction(
		&self,
		id: pallet_settlement::InstructionId,
	) -> Result<Option<pallet_settlement::InstructionOf<pssc_runtime::Runtime>>, Error> {
		let key = [
			storage_prefix(b"Settlement", b"Instructions"),
			twox_64_concat(&id.encode()),
		]
		.concat();
		self.storage(&key).await
	}

	/// Where settlement instruction `id` stands at the best block, also after its body was
	/// pruned.
	pub async fn instruction_status(
		&self,
		id: pallet_settlement::InstructionId,
	) -> Result<Option<pallet_settlement::Status>, Error> {
		if let Some(instruction) = self.instruction(id).await? {
			return Ok(Some(instruction.status));
		}
		let key = [
			storage_prefix(b"Settlement", b"Outcomes"),
			twox_64_concat(&id.encode()),
		]
		.concat();
		let outcome: Option<pallet_settlement::Outcome> = self.storage(&key).await?;
		Ok(outcome.map(|o| o.status))
	}

	/// The settlement fees `participant` accrued in `month` (`YYYYMM`), at the best block.
	pub async fn fees(
		&self,
		participant: ParticipantId,
		month: pallet_settlement::Month,
	) -> Result<pallet_settlement::FeeAccrual, Error> {
		let key = [
			storage_prefix(b"Settlement", b"Fees"),
			twox_64_concat(&participant.encode()),
			twox_64_concat(&month.encode()),
		]
		.concat();
		Ok(self.storage(&key).await?.unwrap_or_default())
	}

	/// Sign `call` as `signer`: the next nonce, and an era of [`MORTALITY_PERIOD`] blocks from
	/// the last finalized block, with the spec and transaction versions the node runs.
	pub async fn sign(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
	) -> Result<UncheckedExtrinsic, Error> {
		let who = account_of(signer);
		let nonce = self.next_nonce(&who).await?;
		self.sign_with_nonce(signer, call, nonce).await
	}

	/// [`Client::sign`] with an explicit nonce, for submitting several transactions at once.
	pub async fn sign_with_nonce(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		nonce: Nonce,
	) -> Result<UncheckedExtrinsic, Error> {
		let version: RuntimeVersionJson = self
			.rpc
			.request("state_getRuntimeVersion", rpc_params![])
			.await?;
		let (finalized_hash, finalized_number) = self.finalized_head().await?;
		let era = Era::mortal(MORTALITY_PERIOD, u64::from(finalized_number));
		let birth =
			u32::try_from(era.birth(u64::from(finalized_number))).map_err(|_| Error::Decode {
				what: "era",
				detail: "birth beyond u32".into(),
			})?;
		let birth_hash = if birth == finalized_number {
			finalized_hash
		} else {
			self.block_hash(birth).await?.ok_or(Error::Decode {
				what: "era birth block",
				detail: format!("no block {birth}"),
			})?
		};
		let tx_ext: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			CheckPermittedSigner,
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(era),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			frame_system::WeightReclaim::new(),
		);
		// What each extension adds to the signed payload without sending it.
		let implicit = (
			(),
			(),
			version.spec_version,
			version.transaction_version,
			self.genesis_hash,
			birth_hash,
			(),
			(),
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		Ok(UncheckedExtrinsic::new_signed(
			call,
			account_of(signer).into(),
			signature.into(),
			tx_ext,
		))
	}

	/// Submit `extrinsic` to the pool without waiting. Returns its hash.
	pub async fn submit(&self, extrinsic: &UncheckedExtrinsic) -> Result<Hash, Error> {
		let hex_xt = format!("0x{}", hex::encode(extrinsic.encode()));
		let hash: String = self
			.rpc
			.request("author_submitExtrinsic", rpc_params![hex_xt])
			.await?;
		Ok(Hash::from_slice(&decode_hex("extrinsic hash", &hash)?))
	}

	/// Sign `call` as `signer`, submit it, wait until the block that includes it is finalized
	/// and return its events, or the named dispatch error if the call failed.
	pub async fn submit_and_watch(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
	) -> Result<Included, Error> {
		let extrinsic = self.sign(signer, call).await?;
		self.watch(&extrinsic).await
	}

	/// Submit a signed `extrinsic` and follow it until finalized (see
	/// [`Client::submit_and_watch`]).
	pub async fn watch(&self, extrinsic: &UncheckedExtrinsic) -> Result<Included, Error> {
		let encoded = extrinsic.encode();
		let extrinsic_hash = Hash::from(blake2_256(&encoded));
		let mut subscription: Subscription<serde_json::Value> = self
			.rpc
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![format!("0x{}", hex::encode(&encoded))],
				"author_unwatchExtrinsic",
			)
			.await?;
		let finalized_in = loop {
			let status = tokio::time::timeout(Duration::from_secs(120), subscription.next())
				.await
				.map_err(|_| Error::Timeout("transaction status"))?
				.ok_or(Error::NotIncluded {
					status: "subscription closed".into(),
				})?
				.map_err(|e| Error::Decode {
					what: "transaction status",
					detail: e.to_string(),
				})?;
			match &status {
				serde_json::Value::Object(map) if map.contains_key("finalized") => {
					let hash = map["finalized"].as_str().unwrap_or_default();
					break Hash::from_slice(&decode_hex("block hash", hash)?);
				},
				serde_json::Value::Object(map)
					if map.contains_key("usurped")
						|| map.contains_key("finalityTimeout")
						|| map.contains_key("invalid")
						|| map.contains_key("dropped") =>
				{
					return Err(Error::NotIncluded {
						status: status.to_string(),
					})
				},
				serde_json::Value::String(s) if s == "invalid" || s == "dropped" => {
					return Err(Error::NotIncluded { status: s.clone() })
				},
				_ => continue,
			}
		};
		let _ = subscription.unsubscribe().await;
		self.outcome(finalized_in, extrinsic_hash).await
	}

	/// The outcome of extrinsic `extrinsic_hash` in block `block_hash`.
	pub async fn outcome(&self, block_hash: Hash, extrinsic_hash: Hash) -> Result<Included, Error> {
		let block: SignedBlockJson = self
			.rpc
			.request("chain_getBlock", rpc_params![block_hash])
			.await?;
		let header: HeaderJson = self
			.rpc
			.request("chain_getHeader", rpc_params![block_hash])
			.await?;
		let mut index = None;
		for (i, xt) in block.block.extrinsics.iter().enumerate() {
			if Hash::from(blake2_256(&decode_hex("extrinsic", xt)?)) == extrinsic_hash {
				index = Some(i as u32);
				break;
			}
		}
		let extrinsic_index = index.ok_or(Error::Decode {
			what: "block",
			detail: format!("extrinsic {extrinsic_hash:?} is not in block {block_hash:?}"),
		})?;
		let events: Vec<RuntimeEvent> = self
			.events_at(block_hash)
			.await?
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(extrinsic_index))
			.map(|r| r.event)
			.collect();
		let included = Included {
			block_hash,
			block_number: parse_number("block number", &header.number)?,
			extrinsic_index,
			extrinsic_hash,
			events,
		};
		let failure = included.find(|e| match e {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => Some(*dispatch_error),
			_ => None,
		});
		match failure {
			Some(error) => Err(Error::Dispatch {
				name: self.errors.name(&error),
				error,
				included: Box::new(included),
			}),
			None => Ok(included),
		}
	}
}
