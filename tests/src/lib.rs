//! Helpers for the end-to-end tests: start a real `pssc-node` on free local ports with its own
//! base path, wait for its RPC, stop it gracefully and start it again on the same path.

use anyhow::{bail, Context, Result};
use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The `pssc-node` binary under test: `PSSC_NODE` if set, else the one built next to the
/// test binary (`<target>/release/pssc-node` for `target/release/deps/<test>`).
pub fn node_binary() -> Result<PathBuf> {
	if let Some(path) = std::env::var_os("PSSC_NODE") {
		return Ok(PathBuf::from(path));
	}
	let exe = std::env::current_exe()?;
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

/// A port nobody listens on right now.
pub fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running node. It is stopped when dropped.
pub struct Node {
	child: Option<Child>,
	/// Its RPC port on 127.0.0.1.
	pub rpc_port: u16,
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
		let lib = libfaketime()?;
		Self::launch(
			base_path,
			&["--dev"],
			&[
				("LD_PRELOAD", lib.display().to_string()),
				("FAKETIME", format!("@{start}")),
				("FAKETIME_DONT_FAKE_MONOTONIC", "1".into()),
				("TZ", "UTC".into()),
			],
		)
		.await
	}

	/// Start `pssc-node` with `args`, its state in `base_path`, on free ports.
	pub async fn start(base_path: &Path, args: &[&str]) -> Result<Self> {
		Self::launch(base_path, args, &[]).await
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
	client: &pssc_client::Client,
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
	client: &pssc_client::Client,
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
	client: &pssc_client::Client,
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
	client: &pssc_client::Client,
	signer: &sp_core::sr25519::Pair,
	call: pssc_runtime::RuntimeCall,
) -> String {
	match client.submit_and_watch(signer, call).await {
		Err(pssc_client::Error::Dispatch { name, .. }) => name,
		other => panic!("expected a dispatch error, got {other:?}"),
	}
}

/// Submit `calls` signed by `signer` at once, with consecutive nonces, so that they share
/// blocks; wait until each is finalized and return each outcome, in order.
pub async fn submit_all(
	client: &pssc_client::Client,
	signer: &sp_core::sr25519::Pair,
	calls: Vec<pssc_runtime::RuntimeCall>,
) -> Vec<Result<pssc_client::Included, pssc_client::Error>> {
	let nonce = client
		.next_nonce(&pssc_client::account_of(signer))
		.await
		.expect("the nonce is read");
	let mut extrinsics = Vec::new();
	for (i, call) in calls.into_iter().enumerate() {
		let extrinsic = client
			.sign_with_nonce(signer, call, nonce + i as u32)
			.await
			.expect("the call is signed");
		extrinsics.push(extrinsic);
	}
	futures::future::join_all(extrinsics.iter().map(|x| client.watch(x))).await
}

/// The board passes all `calls` as motions at once; each must succeed. Returns each motion's
/// events, in order.
pub async fn board_all(
	client: &pssc_client::Client,
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
