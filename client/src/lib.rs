//! The PSSC chain's client library, on [subxt], the ecosystem's Rust client.
//!
//! - Calls, events, storage and runtime APIs are typed, generated at compile time from the
//!   runtime's metadata in `metadata/pssc.scale` (module [`api`]). No runtime crate is
//!   compiled: a participant builds the client and the `pssc` command line without the node.
//! - [`Client::connect`] refuses a node whose runtime this client was not generated for
//!   (another spec version, or metadata whose calls and APIs differ), so nothing is signed
//!   for a runtime the client does not know.
//! - Transactions are signed with the chain's own extensions ([`PsscConfig`]), including
//!   `CheckAdmission`, and followed to inclusion and, by default, finality. A failed
//!   dispatch comes back as [`Error::Dispatch`] with the error's `Pallet::Variant` name; a
//!   board motion whose call failed counts as failed too.
//! - The ledger is read through the node's `pssc_*` RPC methods ([`Client::query`]), which
//!   wrap the runtime APIs with JSON for people, or through the typed runtime APIs
//!   ([`Client::runtime_api`]).

pub mod values;

use serde::Serialize;
use serde_json::Value as Json;
use std::{str::FromStr, time::Duration};
use subxt::{
	config::{
		transaction_extensions::{
			CheckGenesis, CheckMortality, CheckMortalityParams, CheckNonce, CheckNonceParams,
			CheckSpecVersion, CheckTxVersion,
		},
		ClientState, Config, HashFor, SubstrateConfig, TransactionExtension,
	},
	ext::{
		frame_decode::extrinsics::{
			TransactionExtension as EncodeExtension, TransactionExtensionError as EncodeError,
		},
		scale_value::{Composite, Value},
	},
	rpcs::{rpc_params, RpcClient},
	tx::{Payload, TransactionStatus},
	OnlineClient,
};

pub use subxt;
pub use subxt_signer::sr25519::Keypair;

/// The runtime's typed interface, generated from `metadata/pssc.scale`.
#[subxt::subxt(
	runtime_metadata_path = "metadata/pssc.scale",
	derive_for_type(
		path = "pssc_runtime::RuntimeCall",
		derive = "codec::Encode",
		recursive
	),
	derive_for_type(
		path = "pssc_runtime::SessionKeys",
		derive = "codec::Decode",
		recursive
	)
)]
pub mod api {}

/// The runtime spec version `metadata/pssc.scale` was taken from. A test in `tests/` keeps
/// it equal to the runtime's.
pub const KNOWN_SPEC_VERSION: u32 = 117;

/// How many blocks a signed transaction stays valid (its mortality).
pub const MORTALITY_BLOCKS: u64 = 64;

/// An account of the chain.
pub type AccountId = subxt::utils::AccountId32;

/// The chain's configuration for subxt: Substrate's types, with an address that has no
/// account index, and the chain's own transaction extensions.
#[derive(Debug, Clone, Default)]
pub struct PsscConfig(SubstrateConfig);

impl Config for PsscConfig {
	type AccountId = AccountId;
	type Address = subxt::utils::MultiAddress<AccountId, ()>;
	type Signature = <SubstrateConfig as Config>::Signature;
	type Hasher = <SubstrateConfig as Config>::Hasher;
	type Header = <SubstrateConfig as Config>::Header;
	type AssetId = u32;
	/// What the runtime's `TxExtension` asks a signer for, in the runtime's order.
	/// `CheckNonZeroSender`, `CheckWeight` and `WeightReclaim` carry no data, and subxt
	/// encodes nothing for them.
	type TransactionExtensions = (
		CheckAdmission,
		CheckSpecVersion,
		CheckTxVersion,
		CheckGenesis<Self>,
		CheckMortality<Self>,
		CheckNonce,
	);

	fn genesis_hash(&self) -> Option<HashFor<Self>> {
		self.0.genesis_hash()
	}
	fn spec_and_transaction_version_for_block_number(&self, number: u64) -> Option<(u32, u32)> {
		self.0.spec_and_transaction_version_for_block_number(number)
	}
	fn metadata_for_spec_version(&self, spec_version: u32) -> Option<subxt::ArcMetadata> {
		self.0.metadata_for_spec_version(spec_version)
	}
	fn set_metadata_for_spec_version(&self, spec_version: u32, metadata: subxt::ArcMetadata) {
		self.0.set_metadata_for_spec_version(spec_version, metadata)
	}
}

/// The runtime's admission check (`pallet-admission`). It refuses, in the pool, a signer with
/// no role, a suspended participant's key, a call the signer's roles may not sign, and a
/// signer over its quota ([`admission_refusal`] names its codes). It adds nothing to the
/// transaction: the signer's account and the call are all it reads.
#[derive(Debug, Clone, Copy)]
pub struct CheckAdmission;

impl<T: Config> TransactionExtension<T> for CheckAdmission {
	type Decoded = ();
	type Params = ();

	fn new(
		_: &ClientState<T>,
		_: Self::Params,
	) -> Result<Self, subxt::error::TransactionExtensionError> {
		Ok(Self)
	}
}

impl EncodeExtension<scale_info::PortableRegistry> for CheckAdmission {
	const NAME: &str = "CheckAdmission";

	fn encode_value_to(
		&self,
		_: u32,
		_: &scale_info::PortableRegistry,
		_: &mut Vec<u8>,
	) -> Result<(), EncodeError> {
		Ok(())
	}

	fn encode_implicit_to(
		&self,
		_: u32,
		_: &scale_info::PortableRegistry,
		_: &mut Vec<u8>,
	) -> Result<(), EncodeError> {
		Ok(())
	}
}

/// The parameters of one transaction: its nonce (from the chain if `None`) and mortality.
pub fn params(
	nonce: Option<u64>,
) -> <<PsscConfig as Config>::TransactionExtensions as subxt::config::TransactionExtensions<
	PsscConfig,
>>::Params {
	(
		(),
		(),
		(),
		(),
		CheckMortalityParams::mortal(MORTALITY_BLOCKS),
		match nonce {
			Some(n) => CheckNonceParams::with_nonce(n),
			None => CheckNonceParams::from_chain(),
		},
	)
}

/// What can go wrong talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node could not be reached or did not answer as a node does.
	#[error("cannot use the node at {url}: {message}")]
	Connect {
		/// Where.
		url: String,
		/// Why.
		message: String,
	},
	/// The node runs a runtime this client was not generated for.
	#[error(
		"the node runs runtime spec version {spec_version}{detail}; this client knows spec \
		 version {KNOWN_SPEC_VERSION} only, and signs nothing for another runtime. Use a pssc \
		 built for the node's runtime (client/metadata/pssc.scale from that runtime)"
	)]
	UnknownRuntime {
		/// The node's spec version.
		spec_version: u32,
		/// What else differs.
		detail: String,
	},
	/// A key could not be read. The secret itself is never part of the message.
	#[error("invalid key: {0}")]
	Key(String),
	/// The node refused the transaction before any block (e.g. the permission check).
	#[error("refused by the node: {0}")]
	Refused(String),
	/// The transaction was included and its call failed with the named error.
	#[error("{name}")]
	Dispatch {
		/// `Pallet::Variant`.
		name: String,
		/// Where and with which events it failed.
		outcome: Box<Outcome>,
	},
	/// A `pssc_*` query failed.
	#[error("{method}: {message}")]
	Query {
		/// The RPC method.
		method: String,
		/// The node's message.
		message: String,
	},
	/// Anything else subxt reports.
	#[error("{0}")]
	Other(String),
}

impl Error {
	/// Any other error, by its message.
	pub fn other(e: impl std::fmt::Display) -> Self {
		Self::Other(e.to_string())
	}
}

/// How long to follow a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
	/// Until it is in a best block.
	InBlock,
	/// Until it is in a finalized block.
	Finalized,
}

/// One event of a transaction, decoded for people.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
	/// The pallet that emitted it.
	pub pallet: String,
	/// The event's name.
	pub name: String,
	/// Its fields, as JSON (see [`values`]).
	pub fields: Json,
}

impl Event {
	/// `Pallet.Name field=value ...` on one line.
	pub fn line(&self) -> String {
		let fields = match &self.fields {
			Json::Object(map) if map.is_empty() => String::new(),
			Json::Object(map) => map
				.iter()
				.map(|(k, v)| format!(" {k}={}", values::to_text(v)))
				.collect(),
			other => format!(" {}", values::to_text(other)),
		};
		format!("{}.{}{fields}", self.pallet, self.name)
	}

	/// Whether it is `pallet.name`.
	pub fn is(&self, pallet: &str, name: &str) -> bool {
		self.pallet == pallet && self.name == name
	}

	/// Field `name`, if it has one.
	pub fn field(&self, name: &str) -> Option<&Json> {
		self.fields.get(name)
	}
}

/// A transaction in a block, with its events.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Outcome {
	/// The block's hash.
	pub block_hash: String,
	/// The block's number.
	pub block_number: u64,
	/// The transaction's hash.
	pub extrinsic_hash: String,
	/// Whether the block was finalized when this was read.
	pub finalized: bool,
	/// The transaction's events, in order (the system's own left out).
	pub events: Vec<Event>,
	/// Each of the transaction's events (all of them) as its SCALE-encoded record (phase,
	/// event, topics), for callers that decode into their own types.
	#[serde(skip)]
	pub raw_events: Vec<Vec<u8>>,
}

impl Outcome {
	/// The events named `pallet.name`.
	pub fn events_named<'a>(
		&'a self,
		pallet: &'a str,
		name: &'a str,
	) -> impl Iterator<Item = &'a Event> + 'a {
		self.events.iter().filter(move |e| e.is(pallet, name))
	}
}

/// Read a key from a secret URI (`//Alice`, a mnemonic with an optional `//derivation`).
pub fn keypair(suri: &str) -> Result<Keypair, Error> {
	let uri = subxt_signer::SecretUri::from_str(suri.trim())
		.map_err(|_| Error::Key("not a secret URI (a mnemonic or //Name)".into()))?;
	Keypair::from_uri(&uri).map_err(|_| Error::Key("the secret URI does not make a key".into()))
}

/// The account of a key.
pub fn account_of(key: &Keypair) -> AccountId {
	key.public_key().to_account_id()
}

/// A connection to one node.
#[derive(Clone)]
pub struct Client {
	api: OnlineClient<PsscConfig>,
	rpc: RpcClient,
	url: String,
}

impl Client {
	/// Connect to the node at `url` (`ws://...`), and check that it runs the runtime this
	/// client was generated for.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let connect = |e: &dyn std::fmt::Display| Error::Connect {
			url: url.into(),
			message: e.to_string(),
		};
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| connect(&e))?;
		// The node's legacy RPC (`chain_*`, `state_*`, `author_*`) serves every block it
		// keeps. subxt's default backend prefers `chainHead_v1`, which serves only the blocks
		// its follow subscription pins: under a load of many transactions it lost blocks that
		// had just been finalized ("cannot find the block header"), failing signing and
		// event reads of transactions the chain had included.
		let backend = subxt::backend::LegacyBackend::builder().build(rpc.clone());
		let api = OnlineClient::from_backend_with_config(
			PsscConfig::default(),
			std::sync::Arc::new(backend),
		)
		.await
		.map_err(|e| connect(&e))?;
		let client = Self {
			api,
			rpc,
			url: url.into(),
		};
		client.check_runtime().await?;
		Ok(client)
	}

	/// Refuse a runtime this client was not generated for.
	async fn check_runtime(&self) -> Result<(), Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		let spec_version = at.spec_version();
		let compatible = api::is_codegen_valid_for(at.metadata_ref());
		if spec_version != KNOWN_SPEC_VERSION || !compatible {
			let detail = if compatible {
				String::new()
			} else {
				" and its metadata differs from this client's".into()
			};
			return Err(Error::UnknownRuntime {
				spec_version,
				detail,
			});
		}
		Ok(())
	}

	/// The node's address.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The subxt client, for anything this library does not wrap.
	pub fn subxt(&self) -> &OnlineClient<PsscConfig> {
		&self.api
	}

	/// The chain at its best block, as the `pssc_*` RPC reads it by default.
	pub async fn at_best(&self) -> Result<subxt::client::OnlineClientAtBlock<PsscConfig>, Error> {
		let best = self.query("chain_getBlockHash", vec![]).await?;
		let best: subxt::utils::H256 = best
			.as_str()
			.and_then(|h| h.parse().ok())
			.ok_or_else(|| Error::Other(format!("unexpected best block hash {best}")))?;
		self.api.at_block(best).await.map_err(Error::other)
	}

	/// Call a typed runtime API (from [`api::runtime_apis`]) at the latest finalized block.
	pub async fn runtime_api<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Result<P::ReturnType, Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		at.runtime_apis().call(payload).await.map_err(Error::other)
	}

	/// Call a `pssc_*` (or any) RPC method with JSON parameters, at the best block.
	pub async fn query(&self, method: &str, params: Vec<Json>) -> Result<Json, Error> {
		let mut rpc_params = rpc_params![];
		for param in params {
			rpc_params.push(param).map_err(Error::other)?;
		}
		self.rpc
			.request::<Json>(method, rpc_params)
			.await
			.map_err(|e| Error::Query {
				method: method.into(),
				message: e.to_string(),
			})
	}

	/// The next nonce of `account`, counting its transactions already in the pool.
	pub async fn next_nonce(&self, account: &AccountId) -> Result<u64, Error> {
		let nonce = self
			.query(
				"system_accountNextIndex",
				vec![Json::String(account.to_string())],
			)
			.await?;
		nonce
			.as_u64()
			.ok_or_else(|| Error::Other(format!("unexpected nonce {nonce}")))
	}

	/// The call data of `payload`, encoded for the node's runtime.
	pub async fn call_data<P: Payload>(&self, payload: &P) -> Result<Vec<u8>, Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		at.transactions().call_data(payload).map_err(Error::other)
	}

	/// Sign `payload` with `signer`, with `nonce` (from the chain if `None`), ready to submit.
	pub async fn sign<P: Payload>(
		&self,
		payload: &P,
		signer: &Keypair,
		nonce: Option<u64>,
	) -> Result<Vec<u8>, Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		let mut tx = at.transactions();
		let signed = tx
			.create_signed(payload, signer, params(nonce))
			.await
			.map_err(Error::other)?;
		Ok(signed.into_encoded())
	}

	/// Sign `payload` with `signer`, submit it and follow it until `wait`. Returns its
	/// events, or the failed call's error name.
	///
	/// Its nonce counts the signer's transactions already in the pool, so commands can
	/// follow each other without waiting for finality. Right after a block is imported the
	/// node may still count from its parent; a transaction refused as outdated for that
	/// reason was never accepted, so it is signed again with a fresh nonce (three tries).
	pub async fn submit<P: Payload>(
		&self,
		payload: &P,
		signer: &Keypair,
		wait: Wait,
	) -> Result<Outcome, Error> {
		let mut tries = 0;
		loop {
			let nonce = self.next_nonce(&account_of(signer)).await?;
			let signed = self.sign(payload, signer, Some(nonce)).await?;
			match self.submit_signed(signed, wait).await {
				Err(Error::Refused(message)) if message.contains("outdated") && tries < 2 => {
					tries += 1;
					tokio::time::sleep(Duration::from_secs(1)).await;
				},
				result => return result,
			}
		}
	}

	/// Submit a transaction already signed (by [`Client::sign`]) and follow it until `wait`.
	pub async fn submit_signed(&self, signed: Vec<u8>, wait: Wait) -> Result<Outcome, Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		let mut progress = at
			.transactions()
			.from_bytes(signed)
			.submit_and_watch()
			.await
			.map_err(|e| Error::Refused(refusal(&e)))?;
		while let Some(status) = progress.next().await {
			let status = status.map_err(Error::other)?;
			let (in_block, finalized) = match status {
				TransactionStatus::InFinalizedBlock(b) => (b, true),
				TransactionStatus::InBestBlock(b) if wait == Wait::InBlock => (b, false),
				TransactionStatus::Invalid { message }
				| TransactionStatus::Error { message }
				| TransactionStatus::Dropped { message } => return Err(Error::Refused(message)),
				_ => continue,
			};
			// Reading the block a transaction went into can fail transiently (it did under
			// load with subxt's chainHead backend, before `connect` chose the legacy one): try
			// again for 10 s rather than report a failure for a transaction the chain has.
			let mut tries = 0;
			let (events, at) = loop {
				let fetched = async {
					let events = in_block.fetch_events().await.map_err(Error::other)?;
					let at = self
						.api
						.at_block(in_block.block_hash())
						.await
						.map_err(Error::other)?;
					Ok::<_, Error>((events, at))
				};
				match fetched.await {
					Ok(found) => break found,
					Err(e) if tries >= 40 => return Err(e),
					Err(_) => {
						tries += 1;
						tokio::time::sleep(Duration::from_millis(250)).await;
					},
				}
			};
			return outcome(
				at.metadata_ref(),
				format!("{:?}", in_block.block_hash()),
				at.block_number(),
				format!("{:?}", in_block.extrinsic_hash()),
				finalized,
				&events,
			);
		}
		Err(Error::Other(
			"the node stopped reporting on the transaction".into(),
		))
	}

	/// Wait until block `number` is finalized, at most `timeout`.
	pub async fn wait_for_finalized(&self, number: u64, timeout: Duration) -> Result<u64, Error> {
		let deadline = tokio::time::Instant::now() + timeout;
		loop {
			let at = self.api.at_current_block().await.map_err(Error::other)?;
			if at.block_number() >= number {
				return Ok(at.block_number());
			}
			if tokio::time::Instant::now() >= deadline {
				return Err(Error::Other(format!(
					"block {number} not finalized within {timeout:?} (finalized: {})",
					at.block_number()
				)));
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// The latest finalized block's number.
	pub async fn finalized_number(&self) -> Result<u64, Error> {
		let at = self.api.at_current_block().await.map_err(Error::other)?;
		Ok(at.block_number())
	}
}

/// Why the node refused a transaction: the error, with the JSON-RPC error's data, where the
/// node puts the pool's reason (`Invalid Transaction (1010): "Invalid signing address"`).
fn refusal(error: &subxt::error::ExtrinsicError) -> String {
	// subxt keeps the backend's error in this variant without naming it as the source.
	let mut cause: Option<&(dyn std::error::Error + 'static)> = match error {
		subxt::error::ExtrinsicError::ErrorSubmittingTransaction(backend) => Some(backend),
		other => Some(other),
	};
	while let Some(e) = cause {
		if let Some(user) = e.downcast_ref::<subxt::rpcs::UserError>() {
			if let Some(data) = &user.data {
				let reason = data.get().trim_matches('"');
				let named = reason
					.strip_prefix("Custom error: ")
					.and_then(|code| code.parse().ok())
					.and_then(admission_refusal);
				return match named {
					Some(name) => format!("{error}: {name} ({reason})"),
					None => format!("{error}: {reason}"),
				};
			}
		}
		cause = e.source();
	}
	error.to_string()
}

/// What the runtime's admission check means by the code of a refusal
/// (`InvalidTransaction::Custom`, `pallet_admission::refusal`).
pub fn admission_refusal(code: u8) -> Option<&'static str> {
	Some(match code {
		1 => "the signer is a key of a suspended participant",
		2 => "none of the signer's roles may sign this call",
		3 => "the signer has used its allowance for the business day",
		4 => "the transaction alone is heavier than the signer's allowance for a block",
		5 => "the signer already has as many transactions waiting in the pool as its quota allows",
		6 => "a signed transaction must be mortal",
		_ => return None,
	})
}

/// The transaction's events for people; its failure, if its call or a board motion's call
/// failed.
fn outcome(
	metadata: &subxt::Metadata,
	block_hash: String,
	block_number: u64,
	extrinsic_hash: String,
	finalized: bool,
	events: &subxt::extrinsics::ExtrinsicEvents<PsscConfig>,
) -> Result<Outcome, Error> {
	let types = metadata.types();
	let mut decoded = Vec::new();
	let mut raw_events = Vec::new();
	let mut failure = None;
	for event in events.iter() {
		let event = event.map_err(Error::other)?;
		raw_events.push(event.bytes().to_vec());
		let variant = metadata
			.pallet_by_event_index(event.pallet_index())
			.and_then(|p| p.event_variant_by_index(event.event_index()))
			.ok_or_else(|| Error::Other("an event the metadata does not describe".into()))?;
		let mut field_types = variant
			.fields
			.iter()
			.map(|f| subxt::ext::scale_decode::Field::new(f.ty.id, f.name.as_deref()));
		let fields = subxt::ext::scale_value::scale::decode_as_fields(
			&mut event.field_bytes(),
			&mut field_types,
			types,
		)
		.map_err(Error::other)?;
		let (pallet, name) = (event.pallet_name(), event.event_name());
		if pallet == "System" && name == "ExtrinsicFailed" {
			failure = Some(dispatch_error_name(metadata, fields.values().next()));
		} else if pallet == "Board" && name == "Executed" {
			if let Some(Err(error)) = result_of(&fields) {
				failure = Some(dispatch_error_name(metadata, Some(error)));
			}
		}
		if pallet == "System" && name == "ExtrinsicSuccess" {
			continue;
		}
		decoded.push(Event {
			pallet: pallet.into(),
			name: name.into(),
			fields: values::composite_to_json(&fields, metadata),
		});
	}
	let outcome = Outcome {
		block_hash,
		block_number,
		extrinsic_hash,
		finalized,
		events: decoded,
		raw_events,
	};
	match failure {
		Some(name) => Err(Error::Dispatch {
			name,
			outcome: Box::new(outcome),
		}),
		None => Ok(outcome),
	}
}

/// The `Result` field of a board's `Executed` event, if it has one.
fn result_of(fields: &Composite<u32>) -> Option<Result<(), &Value<u32>>> {
	let Composite::Named(named) = fields else {
		return None;
	};
	let (_, result) = named.iter().find(|(name, _)| name == "result")?;
	match &result.value {
		subxt::ext::scale_value::ValueDef::Variant(v) if v.name == "Ok" => Some(Ok(())),
		subxt::ext::scale_value::ValueDef::Variant(v) if v.name == "Err" => {
			v.values.values().next().map(Err)
		},
		_ => None,
	}
}

/// `Pallet::Variant` for a decoded `DispatchError` value, or its variant (`BadOrigin`, ...).
pub fn dispatch_error_name(metadata: &subxt::Metadata, error: Option<&Value<u32>>) -> String {
	use subxt::ext::scale_value::{Primitive, ValueDef};
	let Some(error) = error else {
		return "unknown error".into();
	};
	let ValueDef::Variant(variant) = &error.value else {
		return format!("{error}");
	};
	if variant.name != "Module" {
		return variant.name.clone();
	}
	let number = |v: &Value<u32>| match &v.value {
		ValueDef::Primitive(Primitive::U128(n)) => u8::try_from(*n).ok(),
		_ => None,
	};
	let module = variant.values.values().next();
	let (index, error_index) = match module.map(|m| &m.value) {
		Some(ValueDef::Composite(Composite::Named(fields))) => {
			let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
			let index = field("index").and_then(number);
			let error = field("error").and_then(|e| match &e.value {
				ValueDef::Composite(c) => c.values().next().and_then(number),
				_ => None,
			});
			(index, error)
		},
		_ => (None, None),
	};
	let name = index.zip(error_index).and_then(|(index, error)| {
		let pallet = metadata.pallet_by_error_index(index)?;
		let variant = pallet.error_variant_by_index(error)?;
		Some(format!("{}::{}", pallet.name(), variant.name))
	});
	name.unwrap_or_else(|| "Module(unknown)".into())
}
