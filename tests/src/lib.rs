//! Helpers for the end-to-end tests: start a real `pssc-node` on free local ports with its own
//! base path, wait for its RPC, stop it gracefully and start it again on the same path; and
//! [`Client`], the tests' view of the chain through `pssc-client` (subxt), which submits the
//! runtime's own `RuntimeCall`s and decodes events and runtime API answers into the
//! runtime's own types, so the tests compare what the runtime really wrote.

use anyhow::{bail, Context, Result};
use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The `pssc-node` binary under test: `PSSC_NODE` if set, else the one built next to the
/// test binary (`<target>/release/pssc-node` for `target/release/deps/<test>`) or next to
/// `pssc-bench` (`target/release/pssc-bench`).
pub fn node_binary() -> Result<PathBuf> {
	if let Some(path) = std::env::var_os("PSSC_NODE") {
		return Ok(PathBuf::from(path));
	}
	let exe = std::env::current_exe()?;
	let beside = exe.with_file_name("pssc-node");
	if beside.exists() {
		return Ok(beside);
	}
	let dir = exe
		.parent()
		.and_then(Path::parent)
		.context("the test binary has no target directory")?;
	let node = dir.join("pssc-node");
	if !node.exists() {
		bail!(
			"{} is missing: build it first (cargo build --release --workspace)",
			node.display()
		);
	}
	Ok(node)
}

/// The `pssc` command line under test: `PSSC_CLI` if set, else the one built next to
/// `pssc-node`.
pub fn cli_binary() -> Result<PathBuf> {
	if let Some(path) = std::env::var_os("PSSC_CLI") {
		return Ok(PathBuf::from(path));
	}
	let cli = node_binary()?.with_file_name("pssc");
	if !cli.exists() {
		bail!(
			"{} is missing: build it first (cargo build --release --workspace)",
			cli.display()
		);
	}
	Ok(cli)
}

/// libfaketime's preload library: `PSSC_LIBFAKETIME` if set, else where Debian's `faketime`
/// package puts it.
pub fn libfaketime() -> Result<PathBuf> {
	if let Some(path) = std::env::var_os("PSSC_LIBFAKETIME") {
		return Ok(PathBuf::from(path));
	}
	let candidates = std::fs::read_dir("/usr/lib")?
		.filter_map(|e| e.ok())
		.map(|e| e.path().join("faketime/libfaketime.so.1"))
		.chain([PathBuf::from("/usr/lib/faketime/libfaketime.so.1")]);
	for path in candidates {
		if path.exists() {
			return Ok(path);
		}
	}
	bail!("libfaketime is missing: run scripts/setup.sh (it installs Debian's faketime)")
}

/// The environment that runs a process on libfaketime's clock `faketime` (its `FAKETIME`
/// syntax: `@YYYY-MM-DD hh:mm:ss` starts the clock there, `+N` / `-N` offsets it by seconds),
/// in UTC, with the monotonic clock left real so that timers keep their pace.
fn faked_clock(faketime: String) -> Result<[(&'static str, String); 4]> {
	Ok([
		("LD_PRELOAD", libfaketime()?.display().to_string()),
		("FAKETIME", faketime),
		("FAKETIME_DONT_FAKE_MONOTONIC", "1".into()),
		("TZ", "UTC".into()),
	])
}

/// A port nobody listens on right now.
pub fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running node. It is stopped when dropped.
pub struct Node {
	child: Option<Child>,
	/// Its RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// Its peer-to-peer port on 127.0.0.1.
	pub p2p_port: u16,
	/// Its Prometheus port on 127.0.0.1.
	pub prometheus_port: u16,
	/// Its base path.
	pub base_path: PathBuf,
	/// The file its output goes to.
	pub log: PathBuf,
}

impl Node {
	/// Start `pssc-node --dev` with its state in `base_path`, on free ports, and wait until its
	/// RPC answers.
	pub async fn start_dev(base_path: &Path) -> Result<Self> {
		Self::start(base_path, &["--dev"]).await
	}

	/// Start `pssc-node --dev` whose clock starts at `start` (UTC, `YYYY-MM-DD hh:mm:ss`) and
	/// runs from there, through libfaketime (`scripts/setup.sh` installs it), so that a test
	/// can cross a business-day boundary in minutes.
	pub async fn start_dev_at(base_path: &Path, start: &str) -> Result<Self> {
		Self::start_dev_at_with(base_path, start, &[]).await
	}

	/// [`Node::start_dev_at`] with more node arguments (`extra`), for example larger
	/// transaction-pool limits.
	pub async fn start_dev_at_with(base_path: &Path, start: &str, extra: &[&str]) -> Result<Self> {
		let args: Vec<&str> = ["--dev"].iter().chain(extra).copied().collect();
		Self::launch(base_path, &args, &faked_clock(format!("@{start}"))?).await
	}

	/// Start `pssc-node` with `args`, its state in `base_path`, on free ports.
	pub async fn start(base_path: &Path, args: &[&str]) -> Result<Self> {
		Self::launch(base_path, args, &[]).await
	}

	/// Start `pssc-node` with `args` and a clock `offset` seconds from the real one, through
	/// libfaketime. Nodes started with the same offset share one clock, as the validators of a
	/// network must, however far apart they start.
	pub async fn start_with_clock_offset(
		base_path: &Path,
		offset: i64,
		args: &[&str],
	) -> Result<Self> {
		Self::launch(base_path, args, &faked_clock(format!("{offset:+}"))?).await
	}

	async fn launch(base_path: &Path, args: &[&str], env: &[(&str, String)]) -> Result<Self> {
		let rpc_port = free_port()?;
		let p2p_port = free_port()?;
		let prometheus_port = free_port()?;
		std::fs::create_dir_all(base_path)?;
		let log = base_path.join(format!("node-{rpc_port}.log"));
		let out = File::create(&log)?;
		let child = Command::new(node_binary()?)
			.args(args)
			.arg("--base-path")
			.arg(base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--no-mdns", "--no-telemetry"])
			.envs(env.iter().map(|(k, v)| (k, v)))
			.stdin(Stdio::null())
			.stdout(out.try_clone()?)
			.stderr(out)
			.spawn()
			.context("starting pssc-node")?;
		let mut node = Self {
			child: Some(child),
			rpc_port,
			p2p_port,
			prometheus_port,
			base_path: base_path.into(),
			log,
		};
		node.wait_for_rpc(Duration::from_secs(120)).await?;
		Ok(node)
	}

	/// The node's WebSocket RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The process id of the node.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	async fn wait_for_rpc(&mut self, timeout: Duration) -> Result<()> {
		let deadline = Instant::now() + timeout;
		let addr = format!("127.0.0.1:{}", self.rpc_port);
		loop {
			if let Some(status) = self
				.child
				.as_mut()
				.and_then(|c| c.try_wait().ok().flatten())
			{
				bail!("pssc-node exited with {status}; log:\n{}", self.log_tail());
			}
			if tokio::net::TcpStream::connect(&addr).await.is_ok() {
				return Ok(());
			}
			if Instant::now() >= deadline {
				bail!(
					"pssc-node RPC did not come up in {timeout:?}; log:\n{}",
					self.log_tail()
				);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// Stop the node as an operator would (SIGINT), so it closes its database cleanly.
	pub fn stop(&mut self) -> Result<()> {
		let Some(mut child) = self.child.take() else {
			return Ok(());
		};
		let _ = Command::new("kill")
			.args(["-INT", &child.id().to_string()])
			.status();
		let deadline = Instant::now() + Duration::from_secs(60);
		while Instant::now() < deadline {
			if child.try_wait()?.is_some() {
				return Ok(());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		child.kill()?;
		child.wait()?;
		bail!("pssc-node did not stop within 60 s of SIGINT; killed it")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// A board motion with threshold 1: on the dev chain's one-member board it executes at once,
/// through the same code path a real board's motion takes.
pub fn motion(call: pssc_runtime::RuntimeCall) -> pssc_runtime::RuntimeCall {
	let length_bound = codec::Encode::encoded_size(&call) as u32;
	pssc_runtime::RuntimeCall::Board(pallet_collective::Call::propose {
		threshold: 1,
		proposal: Box::new(call),
		length_bound,
	})
}

/// The result of the board motion executed among `events`, if one was.
pub fn executed(
	events: &[pssc_runtime::RuntimeEvent],
) -> Option<Result<(), sp_runtime::DispatchError>> {
	events.iter().find_map(|e| match e {
		pssc_runtime::RuntimeEvent::Board(pallet_collective::Event::Executed {
			result, ..
		}) => Some(*result),
		_ => None,
	})
}

/// Submit `call` as a board motion signed by Alice (the dev chain's one-member board), wait for
/// finality, check that the motion's call succeeded and return the extrinsic's events.
pub async fn board(
	client: &Client,
	call: pssc_runtime::RuntimeCall,
) -> Vec<pssc_runtime::RuntimeEvent> {
	let alice = sp_keyring::Sr25519Keyring::Alice.pair();
	let included = client
		.submit_and_watch(&alice, motion(call))
		.await
		.expect("the motion is included");
	assert_eq!(
		executed(&included.events),
		Some(Ok(())),
		"the motion's call succeeds"
	);
	included.events
}
/// The board registers `cusip` (with `isin`), accepts it and appoints `gateway` as DTC gateway,
/// in one go; the gateway then makes it DTC-eligible. Returns the events of the registration
/// and of the gateway's eligibility update.
pub async fn eligible_security(
	client: &Client,
	cusip: pssc_primitives::RawCusip,
	isin: Option<pssc_primitives::RawIsin>,
	gateway: sp_keyring::Sr25519Keyring,
) -> (
	Vec<pssc_runtime::RuntimeEvent>,
	Vec<pssc_runtime::RuntimeEvent>,
) {
	use pssc_runtime::RuntimeCall::Securities;
	let mut motions = board_all(
		client,
		vec![
			Securities(pallet_securities::Call::register_security {
				cusip,
				isin,
				description: b"e2e security".to_vec(),
			}),
			Securities(pallet_securities::Call::set_agency_acceptance {
				cusip,
				accepted: true,
			}),
			Securities(pallet_securities::Call::set_dtc_gateway {
				gateway: gateway.to_account_id(),
			}),
		],
	)
	.await;
	let eligible = client
		.submit_and_watch(
			&gateway.pair(),
			Securities(pallet_securities::Call::set_dtc_eligibility {
				cusip,
				dtc_eligible: true,
				restrictions: Default::default(),
			}),
		)
		.await
		.expect("the gateway's eligibility update is included");
	(motions.swap_remove(0), eligible.events)
}

/// The board's call onboarding a participant with an admin and one operator key.
pub fn onboard(
	legal_name: &[u8],
	lei: pssc_primitives::RawLei,
	dtc_number: u32,
	admin: sp_keyring::Sr25519Keyring,
	operator: sp_keyring::Sr25519Keyring,
) -> pssc_runtime::RuntimeCall {
	pssc_runtime::RuntimeCall::Participants(pallet_participants::Call::onboard {
		legal_name: legal_name.to_vec(),
		lei,
		dtc_number,
		admin: admin.to_account_id(),
		operators: vec![operator.to_account_id()],
	})
}

/// One side of a trade in `cusip`: traded on `dates.0`, settling on `dates.1` (business dates).
pub fn trade_side(
	side: pallet_settlement::Side,
	counterparty: pssc_primitives::ParticipantId,
	cusip: pssc_primitives::RawCusip,
	quantity: u128,
	amount: u128,
	dates: (u32, u32),
	reference: &str,
) -> pallet_settlement::NewInstruction<Vec<u8>> {
	pallet_settlement::NewInstruction {
		side,
		counterparty,
		cusip,
		quantity,
		amount,
		trade_date: dates.0,
		settlement_date: dates.1,
		reference: reference.as_bytes().to_vec(),
	}
}

/// The admins in `approvals` each approve their counterparty, at once.
pub async fn approve_all(
	client: &Client,
	approvals: &[(sp_keyring::Sr25519Keyring, pssc_primitives::ParticipantId)],
) {
	let pairs: Vec<_> = approvals
		.iter()
		.map(|(admin, c)| (admin.pair(), *c))
		.collect();
	let steps = pairs.iter().map(|(admin, counterparty)| {
		client.submit_and_watch(
			admin,
			pssc_runtime::RuntimeCall::Participants(
				pallet_participants::Call::approve_counterparty {
					counterparty: *counterparty,
				},
			),
		)
	});
	for (i, step) in futures::future::join_all(steps)
		.await
		.into_iter()
		.enumerate()
	{
		step.unwrap_or_else(|e| panic!("approval {i}: {e}"));
	}
}

/// Submit `call` signed by `signer`, expecting it to be included and its dispatch to fail;
/// returns the error's name (`Pallet::Variant`).
pub async fn refused(
	client: &Client,
	signer: &sp_core::sr25519::Pair,
	call: pssc_runtime::RuntimeCall,
) -> String {
	match client.submit_and_watch(signer, call).await {
		Err(pssc_client::Error::Dispatch { name, .. }) => name,
		other => panic!(
			"expected a dispatch error, got {:?}",
			other.map(|i| i.events)
		),
	}
}

/// Submit `calls` signed by `signer` at once, with consecutive nonces, so that they share
/// blocks; wait until each is finalized and return each outcome, in order.
pub async fn submit_all(
	client: &Client,
	signer: &sp_core::sr25519::Pair,
	calls: Vec<pssc_runtime::RuntimeCall>,
) -> Vec<Result<Included, pssc_client::Error>> {
	let key = keypair(signer);
	let nonce = client
		.inner
		.next_nonce(&pssc_client::account_of(&key))
		.await
		.expect("the nonce is read");
	let mut extrinsics = Vec::new();
	for (i, call) in calls.into_iter().enumerate() {
		let extrinsic = client
			.sign(&key, &call, Some(nonce + i as u64))
			.await
			.expect("the call is signed");
		extrinsics.push(extrinsic);
	}
	futures::future::join_all(extrinsics.into_iter().map(|x| client.watch(x))).await
}

/// The board passes all `calls` as motions at once; each must succeed. Returns each motion's
/// events, in order.
pub async fn board_all(
	client: &Client,
	calls: Vec<pssc_runtime::RuntimeCall>,
) -> Vec<Vec<pssc_runtime::RuntimeEvent>> {
	let alice = sp_keyring::Sr25519Keyring::Alice.pair();
	let motions = calls.into_iter().map(motion).collect();
	let mut events = Vec::new();
	for (i, included) in submit_all(client, &alice, motions)
		.await
		.into_iter()
		.enumerate()
	{
		let included = included.unwrap_or_else(|e| panic!("motion {i} is included: {e}"));
		assert_eq!(
			executed(&included.events),
			Some(Ok(())),
			"motion {i}'s call succeeds"
		);
		events.push(included.events);
	}
	events
}

/// The secret URIs of the development keys made by [`dev_pair`], by public key.
static SURIS: std::sync::Mutex<std::collections::BTreeMap<[u8; 32], String>> =
	std::sync::Mutex::new(std::collections::BTreeMap::new());

/// A development key pair from `suri` (`//SettlingBank`), which the tests' client can sign
/// with.
pub fn dev_pair(suri: &str) -> sp_core::sr25519::Pair {
	use sp_core::Pair;
	let pair = sp_core::sr25519::Pair::from_string(suri, None).expect("a development key");
	SURIS
		.lock()
		.expect("not poisoned")
		.insert(pair.public().0, suri.into());
	pair
}

/// The `pssc-client` key of a development key pair: a keyring key (`//Alice`, `//One`, ...)
/// or one made by [`dev_pair`].
pub fn keypair(pair: &sp_core::sr25519::Pair) -> pssc_client::Keypair {
	use sp_core::Pair;
	let suri = match sp_keyring::Sr25519Keyring::from_public(&pair.public()) {
		Some(keyring) => keyring.to_seed(),
		None => SURIS
			.lock()
			.expect("not poisoned")
			.get(&pair.public().0)
			.cloned()
			.expect("the tests sign with development keys"),
	};
	pssc_client::keypair(&suri).expect("a development key")
}

/// A transaction in a block, with its events as the runtime's own type.
#[derive(Debug, Clone)]
pub struct Included {
	/// The block's number.
	pub block_number: u64,
	/// The block's hash.
	pub block_hash: sp_core::H256,
	/// The transaction's events.
	pub events: Vec<pssc_runtime::RuntimeEvent>,
}

impl Included {
	/// The first event `pick` returns something for.
	pub fn find<T>(&self, pick: impl FnMut(&pssc_runtime::RuntimeEvent) -> Option<T>) -> Option<T> {
		self.events.iter().find_map(pick)
	}
}

/// What `system_health` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
	/// Connected peers.
	pub peers: u64,
	/// Whether the node is syncing.
	pub is_syncing: bool,
}

/// The tests' view of a node, through `pssc-client`.
pub struct Client {
	/// The client a participant would use.
	pub inner: pssc_client::Client,
}

fn decode<T: codec::Decode>(bytes: &[u8]) -> T {
	T::decode(&mut &bytes[..]).expect("the runtime's answer decodes")
}

impl Client {
	/// Connect to the node at `url`.
	pub async fn connect(url: &str) -> Result<Self, pssc_client::Error> {
		Ok(Self {
			inner: pssc_client::Client::connect(url).await?,
		})
	}

	/// Sign `call` with `key` and `nonce` (from the chain if `None`).
	pub async fn sign(
		&self,
		key: &pssc_client::Keypair,
		call: &pssc_runtime::RuntimeCall,
		nonce: Option<u64>,
	) -> Result<Vec<u8>, pssc_client::Error> {
		let at = self
			.inner
			.subxt()
			.at_current_block()
			.await
			.map_err(pssc_client::Error::other)?;
		let payload = at
			.transactions()
			.from_call_data_bytes(&codec::Encode::encode(call))
			.map_err(pssc_client::Error::other)?;
		self.inner.sign(&payload, key, nonce).await
	}

	/// Submit a signed transaction and follow it to finality.
	pub async fn watch(&self, signed: Vec<u8>) -> Result<Included, pssc_client::Error> {
		let outcome = self
			.inner
			.submit_signed(signed, pssc_client::Wait::Finalized)
			.await;
		match outcome {
			Ok(outcome) => Ok(Self::included(&outcome)),
			Err(e) => Err(e),
		}
	}

	/// Sign `call` with `signer`, submit it and follow it to finality.
	pub async fn submit_and_watch(
		&self,
		signer: &sp_core::sr25519::Pair,
		call: pssc_runtime::RuntimeCall,
	) -> Result<Included, pssc_client::Error> {
		let key = keypair(signer);
		let nonce = self
			.inner
			.next_nonce(&pssc_client::account_of(&key))
			.await?;
		let signed = self.sign(&key, &call, Some(nonce)).await?;
		self.watch(signed).await
	}

	/// The runtime's events of an outcome.
	pub fn included(outcome: &pssc_client::Outcome) -> Included {
		Included {
			block_number: outcome.block_number,
			block_hash: outcome.block_hash.parse().expect("a block hash"),
			events: outcome
				.raw_events
				.iter()
				.map(|bytes| {
					decode::<frame_system::EventRecord<pssc_runtime::RuntimeEvent, sp_core::H256>>(
						bytes,
					)
					.event
				})
				.collect(),
		}
	}

	/// Call runtime API `method` (`Api_method`) with SCALE-encoded `args`, at the best block.
	pub async fn state_call<T: codec::Decode>(&self, method: &str, args: impl codec::Encode) -> T {
		let hex = format!("0x{}", hex::encode(args.encode()));
		let answer = self
			.inner
			.query("state_call", vec![method.into(), hex.into()])
			.await
			.expect("state_call answers");
		let bytes =
			hex::decode(answer.as_str().expect("hex").trim_start_matches("0x")).expect("hex");
		decode(&bytes)
	}

	/// Wait until block `number` is finalized, at most `timeout`.
	pub async fn wait_for_finalized(
		&self,
		number: u32,
		timeout: std::time::Duration,
	) -> Result<u64, pssc_client::Error> {
		self.inner.wait_for_finalized(number.into(), timeout).await
	}

	/// `system_health`.
	pub async fn health(&self) -> Result<Health, pssc_client::Error> {
		let health = self.inner.query("system_health", vec![]).await?;
		Ok(Health {
			peers: health["peers"].as_u64().unwrap_or_default(),
			is_syncing: health["isSyncing"].as_bool().unwrap_or_default(),
		})
	}

	/// The finalized head's hash and number.
	pub async fn finalized_head(&self) -> Result<(sp_core::H256, u32), pssc_client::Error> {
		let hash = self.inner.query("chain_getFinalizedHead", vec![]).await?;
		let header = self
			.inner
			.query("chain_getHeader", vec![hash.clone()])
			.await?;
		let number = header["number"]
			.as_str()
			.unwrap_or("0x0")
			.trim_start_matches("0x");
		Ok((
			hash.as_str().unwrap_or_default().parse().expect("a hash"),
			u32::from_str_radix(number, 16).expect("a block number"),
		))
	}

	/// The hash of block `number`, if there is one.
	pub async fn block_hash(
		&self,
		number: u32,
	) -> Result<Option<sp_core::H256>, pssc_client::Error> {
		let hash = self
			.inner
			.query("chain_getBlockHash", vec![number.into()])
			.await?;
		Ok(hash.as_str().map(|h| h.parse().expect("a hash")))
	}

	/// The `Pallet::Variant` name of a dispatch error, from the node's metadata.
	pub async fn error_name(&self, error: &sp_runtime::DispatchError) -> String {
		let sp_runtime::DispatchError::Module(module) = error else {
			return format!("{error:?}");
		};
		let at = self
			.inner
			.subxt()
			.at_current_block()
			.await
			.expect("the head");
		let pallet = at
			.metadata_ref()
			.pallet_by_error_index(module.index)
			.expect("the error's pallet");
		let variant = pallet
			.error_variant_by_index(module.error[0])
			.expect("the error's variant");
		format!("{}::{}", pallet.name(), variant.name)
	}

	/// A participant's free and held entitlement to `cusip`, through `PositionsApi`.
	pub async fn security_balance(
		&self,
		participant: u32,
		cusip: &pssc_primitives::Cusip,
	) -> Result<pallet_entitlements::Balance, pssc_client::Error> {
		let positions: pssc_primitives::api::Positions =
			self.state_call("PositionsApi_positions", participant).await;
		let p = positions.securities.into_iter().find(|p| p.cusip == *cusip);
		Ok(pallet_entitlements::Balance {
			free: p.as_ref().map(|p| p.free).unwrap_or_default(),
			held: p.map(|p| p.held).unwrap_or_default(),
		})
	}

	/// A participant's free and held cash in `currency`, through `PositionsApi`.
	pub async fn cash_balance(
		&self,
		participant: u32,
		currency: &[u8; 3],
	) -> Result<pallet_entitlements::Balance, pssc_client::Error> {
		let positions: pssc_primitives::api::Positions =
			self.state_call("PositionsApi_positions", participant).await;
		let c = positions.cash.into_iter().find(|c| c.currency == *currency);
		Ok(pallet_entitlements::Balance {
			free: c.as_ref().map(|c| c.free).unwrap_or_default(),
			held: c.map(|c| c.held).unwrap_or_default(),
		})
	}

	/// The ledger's total of `cusip`, through `ReconciliationApi`.
	pub async fn security_issuance(
		&self,
		cusip: &pssc_primitives::Cusip,
	) -> Result<u128, pssc_client::Error> {
		let line: pssc_primitives::api::SecurityReconciliation = self
			.state_call("ReconciliationApi_security_line", cusip)
			.await;
		Ok(line.ledger)
	}

	/// Instruction `id`'s status, through `SettlementApi`.
	pub async fn instruction_status(
		&self,
		id: u64,
	) -> Result<Option<pallet_settlement::Status>, pssc_client::Error> {
		use pssc_primitives::api::InstructionRecord;
		let record: Option<InstructionRecord> =
			self.state_call("SettlementApi_instruction", id).await;
		Ok(record.map(|r| match r {
			InstructionRecord::Live(details) => details.status,
			InstructionRecord::Pruned { status, .. } => status,
		}))
	}

	/// Today's business date, through `SettlementApi`.
	pub async fn business_date(&self) -> Result<u32, pssc_client::Error> {
		let date: Option<u32> = self.state_call("SettlementApi_business_date", ()).await;
		date.ok_or_else(|| pssc_client::Error::Other("no business date yet".into()))
	}

	/// The chain's clock (milliseconds since the Unix epoch) at the best block, as the
	/// runtime APIs above read it, from the timestamp pallet.
	pub async fn now(&self) -> Result<u64, pssc_client::Error> {
		let best = self.inner.query("chain_getBlockHash", vec![]).await?;
		let best: sp_core::H256 = best.as_str().unwrap_or_default().parse().expect("a hash");
		self.timestamp_at(best).await
	}

	/// The chain's clock (milliseconds since the Unix epoch) at block `hash`.
	pub async fn timestamp_at(&self, hash: sp_core::H256) -> Result<u64, pssc_client::Error> {
		let at = self
			.inner
			.subxt()
			.at_block(pssc_client::subxt::utils::H256(hash.0))
			.await
			.map_err(pssc_client::Error::other)?;
		let now = at
			.storage()
			.fetch(pssc_client::api::storage().timestamp().now(), ())
			.await
			.map_err(pssc_client::Error::other)?
			.decode()
			.map_err(pssc_client::Error::other)?;
		Ok(now)
	}

	/// A participant's fees of `month`, through `SettlementApi`.
	pub async fn fees(
		&self,
		participant: u32,
		month: u32,
	) -> Result<pssc_primitives::api::FeeStatement, pssc_client::Error> {
		let mut statements: Vec<pssc_primitives::api::FeeStatement> = self
			.state_call("SettlementApi_fees", (participant, Some(month)))
			.await;
		statements
			.pop()
			.ok_or_else(|| pssc_client::Error::Other("no fee statement".into()))
	}

	/// The events of block `hash`, as the runtime's records.
	pub async fn events_at(
		&self,
		hash: sp_core::H256,
	) -> Result<
		Vec<frame_system::EventRecord<pssc_runtime::RuntimeEvent, sp_core::H256>>,
		pssc_client::Error,
	> {
		let at = self
			.inner
			.subxt()
			.at_block(pssc_client::subxt::utils::H256(hash.0))
			.await
			.map_err(pssc_client::Error::other)?;
		let events = at
			.events()
			.fetch()
			.await
			.map_err(pssc_client::Error::other)?;
		let mut records = Vec::new();
		for event in events.iter() {
			let event = event.map_err(pssc_client::Error::other)?;
			records.push(decode(event.bytes()));
		}
		Ok(records)
	}

	/// The weight block `hash` used, by class.
	pub async fn block_weight(
		&self,
		hash: sp_core::H256,
	) -> Result<frame_system::ConsumedWeight, pssc_client::Error> {
		let at = self
			.inner
			.subxt()
			.at_block(pssc_client::subxt::utils::H256(hash.0))
			.await
			.map_err(pssc_client::Error::other)?;
		let value = at
			.storage()
			.fetch(pssc_client::api::storage().system().block_weight(), ())
			.await
			.map_err(pssc_client::Error::other)?;
		Ok(decode(value.bytes()))
	}
}
