//! `pssc-bench`: settlement throughput and finality latency on a real `pssc-node --dev`, as
//! participants would load it. `scripts/bench-settlement.sh` builds and runs it; `BENCHMARKS.md`
//! keeps what it printed.
//!
//! - **Set-up:** P participants (at most the pilot's ten) that approve each other, S securities
//!   each deposited to every participant through the DTC gateway, and cash through a settling
//!   bank. The agency lifts the pilot's per-pair limits for the run, as the 1,000 pairs a second
//!   this measures would break them.
//! - **Load:** same-day trades, trade `k` between seller `k mod P` and a buyer that rotates over
//!   the others, in security `k mod S`. Each side is an instruction of its owner's operator,
//!   signed here (sr25519, mortal) before the run starts and sent with `author_submitExtrinsic`
//!   over the node's WebSocket RPC. A mode is the number of lines per extrinsic: 1 sends single
//!   `instruct` calls, more sends `instruct_batch` files of that many lines.
//! - **Two runs per mode:** a saturation run that keeps the pool full for the given time, which
//!   gives the sustained rate, block fullness and the CPU a pair costs; then a paced run at a
//!   fraction (80 %) of that rate, which gives the latency from the submission of a trade's
//!   second side to its `Settled` event in a finalized block.
//! - **T+1:** pairs instructed for the next business day, then the node is restarted just
//!   before the day boundary and the date queue's drain is timed block by block.
//! - **Validators:** one `--dev` node by default. `--validators 2..4` runs the development
//!   chain with that many validators (Alice, Bob, Charlie, Dave; Alice alone on the board), each
//!   its own node on this machine with one shared clock, and loads Alice's node. Latency then
//!   shows whether finality keeps up with full blocks on a network.

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use codec::Encode;
use frame_support::dispatch::DispatchClass;
use pallet_settlement::{NewInstruction, Parameters, Side, WeightInfo as _};
use pssc_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pssc_tests::{board_all, dev_pair, submit_all, Client, Node};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::{Ed25519Keyring as Ed, Sr25519Keyring as Sr};
use sp_runtime::generic::Era;
use std::{
	collections::HashMap,
	path::{Path, PathBuf},
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

/// Settlement throughput and latency of a `pssc-node --dev` under participants' load.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
	/// Participants, each approving all the others (2 to 10, the pilot's maximum).
	#[arg(long, default_value_t = 10)]
	participants: u32,
	/// Securities traded, in turn.
	#[arg(long, default_value_t = 10)]
	securities: u32,
	/// Modes, as lines per extrinsic: 1 is single `instruct` calls, more is `instruct_batch`.
	#[arg(long, value_delimiter = ',', default_value = "1,10,100,500")]
	modes: Vec<u32>,
	/// Seconds of load in each saturation and each paced run.
	#[arg(long, default_value_t = 60)]
	seconds: u64,
	/// The paced run's rate, as a fraction of the saturation run's sustained rate.
	#[arg(long, default_value_t = 0.8)]
	paced: f64,
	/// Pairs instructed for the next business day in the T+1 run (0 skips it).
	#[arg(long, default_value_t = 100_000)]
	t1_pairs: u64,
	/// Lines per file in the T+1 run's instructions.
	#[arg(long, default_value_t = 500)]
	t1_file: u32,
	/// Keep the node's database here (default: a temporary directory).
	#[arg(long)]
	base_path: Option<PathBuf>,
	/// Also write the report (Markdown) to this file.
	#[arg(long)]
	report: Option<PathBuf>,
	/// More arguments for the node, one per flag (`--node-arg=--pool-type=single-state`).
	#[arg(long = "node-arg", allow_hyphen_values = true)]
	node_args: Vec<String>,
	/// Validators, each its own node on this machine (1 to 4). With more than one, the T+1
	/// run is not available: it restarts the node with its clock moved on.
	#[arg(long, default_value_t = 1)]
	validators: usize,
}

/// The node's clock starts here, far from the day boundary (22:00 UTC).
const MIDDAY: &str = "2026-11-24 12:00:00";
/// [`MIDDAY`] in seconds since the Unix epoch.
const MIDDAY_UNIX: i64 = 1_795_521_600;
/// The T+1 run restarts the node this long before the day boundary.
const BEFORE_BOUNDARY: &str = "2026-11-24 21:59:40";
/// The development keys of the validators, in order; the first is the board.
const VALIDATORS: [(Sr, Ed, &str); 4] = [
	(Sr::Alice, Ed::Alice, "--alice"),
	(Sr::Bob, Ed::Bob, "--bob"),
	(Sr::Charlie, Ed::Charlie, "--charlie"),
	(Sr::Dave, Ed::Dave, "--dave"),
];
/// Mortality of the bench's transactions, in blocks (about 6.8 hours of 6-second blocks).
const ERA_PERIOD: u64 = 4096;
/// The pool may hold this many transactions: the default 8,192 is less than three blocks of
/// single instructions.
const POOL_ARGS: [&str; 4] = ["--pool-limit", "65536", "--pool-kbytes", "262144"];
/// Set-up calls of one signer in flight at once.
const CHUNK: usize = 25;
/// Requests in flight on the RPC connection.
const IN_FLIGHT: usize = 64;

/// What signing needs from the chain.
#[derive(Clone, Copy)]
struct Chain {
	genesis: H256,
	spec_version: u32,
	tx_version: u32,
	/// The mortal era's birth block.
	birth: (u64, H256),
}

/// One pre-signed extrinsic of a run.
struct Signed {
	bytes: Vec<u8>,
	/// Its lines (instructions).
	lines: u32,
	/// The trades whose second side it carries: from its submission they are "submitted".
	completes: Vec<u64>,
}

/// A participant of the bench.
struct Party {
	id: u32,
	operator: sr25519::Pair,
	nonce: u32,
}

/// One finalized block, as the tracker saw it.
#[derive(Clone, Debug)]
struct Seen {
	/// The block's timestamp (ms).
	moment: u64,
	settled: u64,
	failed: u64,
	normal_weight: u64,
}

/// Everything the tracker has seen.
#[derive(Default)]
struct Tracker {
	blocks: Vec<Seen>,
	/// When each trade's `Settled` event was seen in a finalized block.
	settled_at: HashMap<u64, Instant>,
}

/// References of trades, (participant, reference) → trade.
type Book = Arc<Mutex<HashMap<(u32, Vec<u8>), u64>>>;

fn reference(trade: u64) -> Vec<u8> {
	format!("B{trade}").into_bytes()
}

fn side(
	side: Side,
	counterparty: u32,
	cusip: [u8; 9],
	trade: u64,
	dates: (u32, u32),
) -> NewInstruction<Vec<u8>> {
	NewInstruction {
		side,
		counterparty,
		cusip,
		quantity: 1,
		amount: 10_000 + u128::from(trade),
		trade_date: dates.0,
		settlement_date: dates.1,
		reference: reference(trade),
	}
}

/// The buyer of trade `k`: the seller's neighbours in turn, never the seller.
fn trade_parties(k: u64, p: u64) -> (u32, u32) {
	let seller = k % p;
	let buyer = (seller + 1 + (k / p) % (p - 1)) % p;
	(seller as u32, buyer as u32)
}

fn sign(party: &Party, call: RuntimeCall, nonce: u32, chain: &Chain) -> Vec<u8> {
	let era = Era::mortal(ERA_PERIOD, chain.birth.0);
	let extension: pssc_runtime::TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		pallet_admission::CheckAdmission::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		pallet_admission::MortalOnly::from(era),
		pallet_admission::BoundedNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let implicit = (
		(),
		(),
		chain.spec_version,
		chain.tx_version,
		chain.genesis,
		chain.birth.1,
		(),
		(),
		(),
	);
	let payload = pssc_runtime::SignedPayload::from_raw(call, extension, implicit);
	let signature = payload.using_encoded(|bytes| party.operator.sign(bytes));
	let (call, extension, _) = payload.deconstruct();
	let account = pssc_runtime::AccountId::from(party.operator.public());
	pssc_runtime::UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiAddress::Id(account),
		sp_runtime::MultiSignature::Sr25519(signature),
		extension,
	)
	.encode()
}

/// The lines of a file being filled, and the trades they belong to.
type OpenFile = (Vec<NewInstruction<Vec<u8>>>, Vec<u64>);
/// A sealed file: its party, its lines and the trades whose second side it carries.
type SealedFile = (usize, Vec<NewInstruction<Vec<u8>>>, Vec<u64>);

/// What a run's trades are made of.
struct Load<'a> {
	securities: &'a [[u8; 9]],
	/// Lines per extrinsic.
	file: u32,
	/// Trade and settlement dates.
	dates: (u32, u32),
	chain: &'a Chain,
	book: &'a Book,
}

/// Plan `pairs` trades from `first` and sign them, in the order they are to be sent. Each
/// party's nonce advances past its extrinsics; [`rewind`] gives back the nonces of those not
/// sent.
fn plan(parties: &mut [Party], first: u64, pairs: u64, load: &Load) -> Vec<(usize, Signed)> {
	let Load {
		securities,
		file,
		dates,
		chain,
		book,
	} = *load;
	let p = parties.len() as u64;
	let mut open: Vec<OpenFile> = (0..parties.len()).map(|_| Default::default()).collect();
	let mut sealed_sides: HashMap<u64, u8> = HashMap::new();
	// In order; signed afterwards on every core.
	let mut files: Vec<SealedFile> = Vec::new();
	let mut seal = |who: usize, open: &mut [OpenFile], files: &mut Vec<SealedFile>| {
		let (lines, trades) = std::mem::take(&mut open[who]);
		let mut completes = Vec::new();
		for t in trades {
			let n = sealed_sides.entry(t).or_default();
			*n += 1;
			if *n == 2 {
				completes.push(t);
			}
		}
		files.push((who, lines, completes));
	};
	{
		let mut refs = book.lock().expect("not poisoned");
		for k in first..first + pairs {
			let (seller, buyer) = trade_parties(k, p);
			let cusip = securities[(k % securities.len() as u64) as usize];
			refs.insert((parties[seller as usize].id, reference(k)), k);
			refs.insert((parties[buyer as usize].id, reference(k)), k);
			for (who, line) in [
				(
					seller as usize,
					side(Side::Deliver, parties[buyer as usize].id, cusip, k, dates),
				),
				(
					buyer as usize,
					side(Side::Receive, parties[seller as usize].id, cusip, k, dates),
				),
			] {
				open[who].0.push(line);
				open[who].1.push(k);
				if open[who].0.len() as u32 == file {
					seal(who, &mut open, &mut files);
				}
			}
		}
	}
	for who in 0..parties.len() {
		if !open[who].0.is_empty() {
			seal(who, &mut open, &mut files);
		}
	}
	// Nonces in order, then sign on every core.
	let mut jobs: Vec<(usize, u32, RuntimeCall, u32, Vec<u64>)> = Vec::new();
	for (who, mut lines, completes) in files {
		let n = lines.len() as u32;
		let call = if file == 1 {
			RuntimeCall::Settlement(pallet_settlement::Call::instruct {
				instruction: lines.remove(0),
			})
		} else {
			RuntimeCall::Settlement(pallet_settlement::Call::instruct_batch {
				instructions: lines,
			})
		};
		let nonce = parties[who].nonce;
		parties[who].nonce += 1;
		jobs.push((who, nonce, call, n, completes));
	}
	let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
	let chunk = jobs.len().div_ceil(threads).max(1);
	let parties = &*parties;
	std::thread::scope(|scope| {
		let handles: Vec<_> = jobs
			.chunks_mut(chunk)
			.map(|jobs| {
				scope.spawn(move || {
					jobs.iter_mut()
						.map(|(who, nonce, call, lines, completes)| {
							let call = std::mem::replace(
								call,
								RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
							);
							let bytes = sign(&parties[*who], call, *nonce, chain);
							(
								*who,
								Signed {
									bytes,
									lines: *lines,
									completes: std::mem::take(completes),
								},
							)
						})
						.collect::<Vec<_>>()
				})
			})
			.collect();
		handles
			.into_iter()
			.flat_map(|h| h.join().expect("a signing thread"))
			.collect()
	})
}

/// Give back the nonces of the extrinsics from `sent` on, which were never submitted.
fn rewind(parties: &mut [Party], plan: &[(usize, Signed)], sent: usize) {
	for (who, _) in &plan[sent..] {
		parties[*who].nonce -= 1;
	}
}

async fn chain_info(client: &Client) -> Result<Chain> {
	let rpc = &client.inner;
	let genesis = rpc.query("chain_getBlockHash", vec![0.into()]).await?;
	let version = rpc.query("state_getRuntimeVersion", vec![]).await?;
	let (hash, number) = client.finalized_head().await?;
	Ok(Chain {
		genesis: genesis.as_str().context("genesis hash")?.parse()?,
		spec_version: version["specVersion"].as_u64().context("specVersion")? as u32,
		tx_version: version["transactionVersion"]
			.as_u64()
			.context("transactionVersion")? as u32,
		birth: (u64::from(number), hash),
	})
}

/// Follow finalized blocks from `from` on, until `stop`: their `Settled` events, failed
/// extrinsics and normal weight.
async fn track(
	client: Arc<Client>,
	from: u32,
	book: Book,
	state: Arc<Mutex<Tracker>>,
	settled: Arc<AtomicU64>,
	stop: Arc<AtomicBool>,
) -> Result<()> {
	let mut next = from;
	while !stop.load(Ordering::Relaxed) {
		let (_, head) = client.finalized_head().await?;
		let at = Instant::now();
		while next <= head {
			let hash = client.block_hash(next).await?.context("a finalized hash")?;
			let events = client.events_at(hash).await?;
			let weight = client.block_weight(hash).await?;
			let mut seen = Seen {
				moment: client.timestamp_at(hash).await?,
				settled: 0,
				failed: 0,
				normal_weight: weight.get(DispatchClass::Normal).ref_time(),
			};
			let mut trades = Vec::new();
			{
				let book = book.lock().expect("not poisoned");
				for record in &events {
					match &record.event {
						RuntimeEvent::Settlement(pallet_settlement::Event::Settled {
							instruction,
							..
						}) => {
							seen.settled += 1;
							if let Some(t) =
								book.get(&(instruction.participant, instruction.reference.to_vec()))
							{
								trades.push(*t);
							}
						},
						RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => {
							seen.failed += 1
						},
						_ => {},
					}
				}
			}
			settled.fetch_add(seen.settled, Ordering::Relaxed);
			let mut state = state.lock().expect("not poisoned");
			for t in trades {
				state.settled_at.insert(t, at);
			}
			state.blocks.push(seen);
			next += 1;
		}
		tokio::time::sleep(Duration::from_millis(50)).await;
	}
	Ok(())
}

/// A block tracker's shared state, settlement count and stop flag, and its task.
type Following = (
	Arc<Mutex<Tracker>>,
	Arc<AtomicU64>,
	Arc<AtomicBool>,
	tokio::task::JoinHandle<Result<()>>,
);

/// Start [`track`]ing finalized blocks from `from`.
fn follow(client: &Arc<Client>, from: u32, book: &Book) -> Following {
	let state = Arc::new(Mutex::new(Tracker::default()));
	let settled = Arc::new(AtomicU64::new(0));
	let stop = Arc::new(AtomicBool::new(false));
	let task = tokio::spawn(track(
		client.clone(),
		from,
		book.clone(),
		state.clone(),
		settled.clone(),
		stop.clone(),
	));
	(state, settled, stop, task)
}

/// Submit one extrinsic; an error is fatal to the run.
async fn submit(client: &Client, bytes: &[u8]) -> Result<()> {
	let hex = format!("0x{}", hex::encode(bytes));
	client
		.inner
		.query("author_submitExtrinsic", vec![hex.into()])
		.await
		.context("author_submitExtrinsic")?;
	Ok(())
}

/// Process CPU time (user + system) and peak resident memory of `pid`.
fn process_usage(pid: u32) -> Result<(Duration, u64)> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
	// Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
	let rest = stat.rsplit_once(')').context("/proc/pid/stat")?.1;
	let fields: Vec<&str> = rest.split_whitespace().collect();
	let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
	// Linux reports these in USER_HZ, 100 a second on every architecture it runs on.
	let hz = 100u64;
	let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
	let hwm_kb = status
		.lines()
		.find_map(|l| l.strip_prefix("VmHWM:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
		.unwrap_or_default();
	Ok((Duration::from_millis(ticks * 1000 / hz), hwm_kb * 1024))
}

fn dir_size(path: &Path) -> u64 {
	let mut total = 0;
	if let Ok(entries) = std::fs::read_dir(path) {
		for entry in entries.flatten() {
			match entry.metadata() {
				Ok(m) if m.is_dir() => total += dir_size(&entry.path()),
				Ok(m) => total += m.len(),
				Err(_) => {},
			}
		}
	}
	total
}

/// The weight limits the runtime declares.
struct Budget {
	normal_max: u64,
	slot: Duration,
}

impl Budget {
	fn of_runtime() -> Self {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		Self {
			normal_max: normal.max_total.unwrap_or(weights.max_block).ref_time(),
			slot: Duration::from_millis(pssc_runtime::SLOT_DURATION),
		}
	}

	/// An upper bound on the pairs a block can take in `file`-line extrinsics, from the
	/// runtime's weights: enough pre-signed load for a saturation run.
	fn pairs_per_block_bound(&self, file: u32) -> u64 {
		type W = <Runtime as pallet_settlement::Config>::WeightInfo;
		let base = <Runtime as frame_system::Config>::BlockWeights::get()
			.get(DispatchClass::Normal)
			.base_extrinsic
			.ref_time();
		let pair = if file == 1 {
			W::instruct().ref_time() + W::instruct_unmatched().ref_time() + 2 * base
		} else {
			let line = W::instruct_batch(file)
				.ref_time()
				.saturating_sub(W::instruct_batch(0).ref_time())
				/ u64::from(file);
			line.max(1)
		};
		self.normal_max / pair.max(1) + 1
	}
}

#[derive(Default, Clone)]
struct RunFigures {
	pairs: u64,
	seconds: f64,
	blocks: usize,
	rate: f64,
	fullness: f64,
	weight_per_pair: f64,
	cpu_per_pair: Duration,
	latencies: Vec<Duration>,
	failed: u64,
	db_growth: u64,
}

struct Bench {
	args: Args,
	/// The node the bench sends to and reads from (Alice's).
	node: Node,
	/// The other validators' nodes.
	others: Vec<Node>,
	client: Arc<Client>,
	parties: Vec<Party>,
	securities: Vec<[u8; 9]>,
	book: Book,
	next_trade: u64,
	budget: Budget,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
	sorted[i]
}

impl Bench {
	async fn start(args: Args, base: &Path) -> Result<Self> {
		ensure!(
			(2..=10).contains(&args.participants),
			"--participants must be 2 to 10"
		);
		ensure!(args.securities >= 1, "--securities must be at least 1");
		ensure!(
			(1..=VALIDATORS.len()).contains(&args.validators),
			"--validators must be 1 to {}",
			VALIDATORS.len()
		);
		ensure!(
			args.validators == 1 || args.t1_pairs == 0,
			"the T+1 run restarts the node with its clock moved on: give --t1-pairs 0 with --validators"
		);
		let (node, others) = if args.validators == 1 {
			let node = Node::start_dev_at_with(base, MIDDAY, &node_args(&args)).await?;
			(node, Vec::new())
		} else {
			start_network(base, &args).await?
		};
		let client = Arc::new(Client::connect(&node.ws_url()).await?);
		let mut bench = Self {
			others,
			parties: Vec::new(),
			securities: (0..args.securities)
				.map(pssc_primitives::identifiers::numbered_cusip)
				.collect(),
			args,
			node,
			client,
			book: Default::default(),
			next_trade: 0,
			budget: Budget::of_runtime(),
		};
		bench.set_up().await?;
		Ok(bench)
	}

	/// Securities, participants, approvals, holdings and cash.
	async fn set_up(&mut self) -> Result<()> {
		use pssc_runtime::RuntimeCall::{
			Admission, Entitlements, Participants, Securities, Settlement,
		};
		let client = &*self.client;
		// Start on a chain that has finalized a block: subxt could not always read the
		// events of block #1 when a transaction's finalization was reported in it.
		client
			.wait_for_finalized(1, Duration::from_secs(60))
			.await?;
		let gateway = sp_keyring::Sr25519Keyring::Dave;
		let bank = dev_pair("//BenchBank");
		let mut motions = vec![Securities(pallet_securities::Call::set_dtc_gateway {
			gateway: gateway.to_account_id(),
		})];
		for cusip in &self.securities {
			motions.push(Securities(pallet_securities::Call::register_security {
				cusip: *cusip,
				isin: None,
				description: b"bench security".to_vec(),
			}));
			motions.push(Securities(pallet_securities::Call::set_agency_acceptance {
				cusip: *cusip,
				accepted: true,
			}));
		}
		let mut admins = Vec::new();
		for i in 0..self.args.participants {
			let admin = dev_pair(&format!("//BenchAdmin{i}"));
			let operator = dev_pair(&format!("//BenchOperator{i}"));
			motions.push(Participants(pallet_participants::Call::onboard {
				legal_name: format!("Bench participant {i}").into_bytes(),
				lei: pssc_primitives::identifiers::numbered_lei(i),
				dtc_number: 7_000 + i,
				admin: admin.public().into(),
				operators: vec![operator.public().into()],
			}));
			admins.push(admin);
			self.parties.push(Party {
				id: i,
				operator,
				nonce: 0,
			});
		}
		motions.push(Entitlements(
			pallet_entitlements::Call::appoint_settling_bank {
				bank: bank.public().into(),
				currency: *b"USD",
			},
		));
		motions.push(Settlement(pallet_settlement::Call::set_parameters {
			parameters: Parameters {
				max_trades_per_pair_per_day: u32::MAX,
				share_limit_per_security_per_pair_per_day: u128::MAX,
				..Default::default()
			},
		}));
		// Each operator key keeps its default allowances per block and per day; only its pool
		// depth is raised, since the saturation runs keep about a block's lines outstanding for
		// each party.
		let operator_quota = pssc_runtime::configs::default_quotas().participant_operator;
		motions.push(Admission(pallet_admission::Call::set_quota {
			role: pssc_primitives::traits::Role::ParticipantOperator,
			quota: pallet_admission::Quota {
				pool_depth: 100_000,
				..operator_quota
			},
		}));
		board_all(client, motions).await;
		// Onboarding numbers participants from 0 in order on a new chain: check it.
		for (i, party) in self.parties.iter().enumerate() {
			let owner: Option<(u32, pssc_primitives::traits::KeyRole)> = client
				.state_call(
					"RegistryApi_key_owner",
					pssc_runtime::AccountId::from(party.operator.public()),
				)
				.await;
			let id = owner.map(|(id, _)| id);
			ensure!(id == Some(i as u32), "participant {i} has id {id:?}");
		}

		let eligibility = self
			.securities
			.iter()
			.map(|cusip| {
				Securities(pallet_securities::Call::set_dtc_eligibility {
					cusip: *cusip,
					dtc_eligible: true,
					restrictions: Default::default(),
				})
			})
			.collect();
		for step in submit_all(client, &gateway.pair(), eligibility).await {
			step.context("DTC eligibility")?;
		}
		let approvals = admins.iter().enumerate().map(|(i, admin)| {
			let calls = (0..self.args.participants)
				.filter(|c| *c as usize != i)
				.map(|counterparty| {
					Participants(pallet_participants::Call::approve_counterparty { counterparty })
				})
				.collect();
			submit_all(client, admin, calls)
		});
		let deposits = (0..self.args.participants)
			.flat_map(|p| {
				self.securities.iter().map(move |cusip| {
					Entitlements(pallet_entitlements::Call::confirm_deposit {
						participant: p,
						dtc_number: 7_000 + p,
						cusip: *cusip,
						quantity: 1_000_000_000,
						dtc_reference: format!("DO-{p}-{}", cusip_text(cusip)).into_bytes(),
					})
				})
			})
			.collect();
		let cash = (0..self.args.participants)
			.map(|p| {
				Entitlements(pallet_entitlements::Call::confirm_cash_deposit {
					participant: p,
					amount: 1_000_000_000_000_000,
					bank_reference: format!("W-{p}").into_bytes(),
				})
			})
			.collect();
		let gateway = gateway.pair();
		let (approved, deposited, funded) = futures::join!(
			futures::future::join_all(approvals),
			submit_in_chunks(client, &gateway, deposits),
			submit_in_chunks(client, &bank, cash),
		);
		for step in approved.into_iter().flatten() {
			step.context("approval")?;
		}
		deposited.context("deposits")?;
		funded.context("cash")?;
		for party in &mut self.parties {
			let key = pssc_tests::keypair(&party.operator);
			party.nonce = client
				.inner
				.next_nonce(&pssc_client::account_of(&key))
				.await? as u32;
		}
		Ok(())
	}

	/// Plan and sign the next `pairs` trades in `file`-line extrinsics, traded today and
	/// settling `days_ahead` business dates later.
	async fn sign_trades(
		&mut self,
		pairs: u64,
		file: u32,
		days_ahead: u32,
	) -> Result<Vec<(usize, Signed)>> {
		let today = self.client.business_date().await?;
		let chain = chain_info(&self.client).await?;
		let first = self.next_trade;
		self.next_trade += pairs;
		Ok(plan(
			&mut self.parties,
			first,
			pairs,
			&Load {
				securities: &self.securities,
				file,
				dates: (today, today + days_ahead),
				chain: &chain,
				book: &self.book,
			},
		))
	}

	/// Run `file`-line extrinsics: either as fast as the chain takes them (`rate` `None`),
	/// keeping at most `window` lines outstanding, or paced at `rate` pairs a second.
	async fn run(&mut self, file: u32, rate: Option<f64>) -> Result<RunFigures> {
		let seconds = self.args.seconds;
		let per_block = self.budget.pairs_per_block_bound(file);
		let slot = self.budget.slot.as_secs_f64();
		let pairs = match rate {
			None => (per_block as f64 * 1.5 * (seconds as f64 / slot + 2.0)) as u64,
			Some(rate) => (rate * seconds as f64).ceil() as u64,
		};
		let signing = Instant::now();
		let plan = self.sign_trades(pairs, file, 0).await?;
		eprintln!(
			"  {} extrinsics for {pairs} pairs signed in {:.1} s",
			plan.len(),
			signing.elapsed().as_secs_f64()
		);
		// Outstanding lines are counted against finalized settlements: allow the blocks
		// finality may lag behind and a few more, plus the first sides waiting in each party's
		// unsealed file.
		let window = 5 * 2 * per_block + u64::from(file) * self.parties.len() as u64;

		let (_, from) = self.client.finalized_head().await?;
		let (state, settled, stop, tracker) = follow(&self.client, from + 1, &self.book);
		let db = self.node.base_path.join("chains");
		let db_before = dir_size(&db);
		let cpu_before = self.nodes_cpu()?;

		let started = Instant::now();
		let deadline = started + Duration::from_secs(seconds);
		let mut submitted_at: HashMap<u64, Instant> = HashMap::new();
		let mut lines_sent = 0u64;
		let mut sent = 0usize;
		let mut in_flight = futures::stream::FuturesUnordered::new();
		use futures::StreamExt;
		while sent < plan.len() && Instant::now() < deadline {
			let (_, signed) = &plan[sent];
			match rate {
				None => {
					let done = 2 * settled.load(Ordering::Relaxed);
					if lines_sent.saturating_sub(done) + u64::from(signed.lines) > window {
						tokio::time::sleep(Duration::from_millis(5)).await;
						continue;
					}
				},
				Some(rate) => {
					let due = started + Duration::from_secs_f64(lines_sent as f64 / (2.0 * rate));
					let now = Instant::now();
					if due > now {
						tokio::time::sleep(due - now).await;
					}
				},
			}
			while in_flight.len() >= IN_FLIGHT {
				if let Some(result) = in_flight.next().await {
					result??;
				}
			}
			alive(&tracker)?;
			let now = Instant::now();
			for t in &signed.completes {
				submitted_at.insert(*t, now);
			}
			let client = self.client.clone();
			let bytes = signed.bytes.clone();
			// Spawned, so that it is sent now rather than when the set is next polled.
			in_flight.push(tokio::spawn(async move { submit(&client, &bytes).await }));
			lines_sent += u64::from(signed.lines);
			sent += 1;
		}
		while let Some(result) = in_flight.next().await {
			result??;
		}
		let load_end = Instant::now();
		rewind(&mut self.parties, &plan, sent);
		let complete: Vec<u64> = plan[..sent]
			.iter()
			.flat_map(|(_, s)| s.completes.iter().copied())
			.collect();
		// Lines of trades whose other side was never sent stay in the book, unmatched, and
		// expire at the end of the day; they are not counted.
		let drain_deadline = Instant::now() + Duration::from_secs(180);
		loop {
			let done = {
				let state = state.lock().expect("not poisoned");
				complete.iter().all(|t| state.settled_at.contains_key(t))
			};
			if done {
				break;
			}
			if Instant::now() > drain_deadline {
				bail!(
					"trades submitted {:.0} s ago have not settled; {}",
					180.0,
					self.where_the_transactions_are().await
				);
			}
			alive(&tracker)?;
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		// First sides whose partner was never sent may still wait in the pool: let them in,
		// so that they are not charged to the next run.
		loop {
			let pending = self
				.client
				.inner
				.query("author_pendingExtrinsics", vec![])
				.await?;
			if pending.as_array().is_none_or(|p| p.is_empty()) {
				break;
			}
			ensure!(
				Instant::now() < drain_deadline + Duration::from_secs(120),
				"the pool did not empty"
			);
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		let cpu_after = self.nodes_cpu()?;
		stop.store(true, Ordering::Relaxed);
		tracker.await??;
		let db_after = dir_size(&db);
		let state = state.lock().expect("not poisoned");
		let failed: u64 = state.blocks.iter().map(|b| b.failed).sum();

		let mut figures = RunFigures {
			failed,
			db_growth: db_after.saturating_sub(db_before),
			..Default::default()
		};
		let total_settled: u64 = state.blocks.iter().map(|b| b.settled).sum();
		figures.pairs = total_settled;
		figures.seconds = load_end.duration_since(started).as_secs_f64();
		figures.cpu_per_pair = (cpu_after - cpu_before) / total_settled.max(1) as u32;
		// Sustained: the blocks from the first that settled to the last, both ends left out
		// (partly filled). A saturation run leaves a backlog in the pool when its time is up,
		// so the blocks that drain it are as full as the others. Time is the chain's, from
		// the block before the first counted to the last counted: Aura may skip a slot.
		let (loaded, seconds) = settling_blocks(&state.blocks, slot);
		figures.blocks = loaded.len();
		let settled_loaded: u64 = loaded.iter().map(|b| b.settled).sum();
		let weight_loaded: u64 = loaded.iter().map(|b| b.normal_weight).sum();
		figures.rate = settled_loaded as f64 / seconds;
		figures.fullness =
			weight_loaded as f64 / (loaded.len().max(1) as f64 * self.budget.normal_max as f64);
		figures.weight_per_pair = weight_loaded as f64 / settled_loaded.max(1) as f64;
		let mut latencies: Vec<Duration> = complete
			.iter()
			.filter_map(|t| {
				Some(
					state
						.settled_at
						.get(t)?
						.duration_since(*submitted_at.get(t)?),
				)
			})
			.collect();
		latencies.sort();
		figures.latencies = latencies;
		Ok(figures)
	}

	/// For a run that does not drain: each party's next nonce on chain against the next the
	/// bench would sign, and how many transactions the pool still holds.
	async fn where_the_transactions_are(&self) -> String {
		let mut out = Vec::new();
		for party in &self.parties {
			let key = pssc_tests::keypair(&party.operator);
			let account = pssc_client::account_of(&key);
			let on_chain = self.client.inner.next_nonce(&account).await;
			out.push(format!(
				"party {}: next nonce on chain {on_chain:?}, the bench's next {}",
				party.id, party.nonce
			));
		}
		let pending = self
			.client
			.inner
			.query("author_pendingExtrinsics", vec![])
			.await
			.map(|p| p.as_array().map_or(0, Vec::len));
		format!("pool holds {pending:?}; {}", out.join("; "))
	}

	/// The CPU time all the validators' nodes have used.
	fn nodes_cpu(&self) -> Result<Duration> {
		let mut total = Duration::ZERO;
		for node in std::iter::once(&self.node).chain(&self.others) {
			total += process_usage(node.pid().context("the node runs")?)?.0;
		}
		Ok(total)
	}

	/// Instruct `pairs` trades for the next business day, restart the node just before the
	/// day boundary and time the date queue's drain. Returns (pairs, seconds, blocks,
	/// per-block counts).
	async fn t1(&mut self) -> Result<(u64, f64, Vec<u64>)> {
		let pairs = self.args.t1_pairs;
		let file = self.args.t1_file;
		let plan = self.sign_trades(pairs, file, 1).await?;
		eprintln!(
			"  T+1: {} extrinsics of {file} lines signed; sending",
			plan.len()
		);
		// Follow each one to a finalized block: it is due tomorrow, nothing settles today.
		let mut in_flight = futures::stream::FuturesUnordered::new();
		use futures::StreamExt;
		let window = 3 * 2 * self.budget.pairs_per_block_bound(file);
		let mut lines_out = 0u64;
		let sending = Instant::now();
		for (_, signed) in &plan {
			while lines_out + u64::from(signed.lines) > window {
				match in_flight.next().await {
					Some(result) => {
						let lines: u64 = result??;
						lines_out -= lines;
					},
					None => break,
				}
			}
			let client = self.client.clone();
			let bytes = signed.bytes.clone();
			let lines = u64::from(signed.lines);
			in_flight.push(tokio::spawn(async move {
				let included = client.watch(bytes).await?;
				ensure!(
					!included.events.iter().any(|e| matches!(
						e,
						RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. })
					)),
					"a T+1 file failed"
				);
				anyhow::Ok(lines)
			}));
			lines_out += lines;
		}
		while let Some(result) = in_flight.next().await {
			result??;
		}
		eprintln!(
			"  T+1: {} instructions finalized in {:.0} s; restarting the node before the day boundary",
			2 * pairs,
			sending.elapsed().as_secs_f64()
		);
		let base = self.node.base_path.clone();
		// Follow from the last block before the restart: the new node may finalize blocks
		// before this client reconnects.
		let (_, from) = self.client.finalized_head().await?;
		self.node.stop()?;
		self.node = Node::start_dev_at_with(&base, BEFORE_BOUNDARY, &node_args(&self.args)).await?;
		self.client = Arc::new(Client::connect(&self.node.ws_url()).await?);
		let (state, settled, stop, tracker) = follow(&self.client, from + 1, &self.book);
		let deadline = Instant::now() + Duration::from_secs(3_600);
		while settled.load(Ordering::Relaxed) < pairs {
			ensure!(
				Instant::now() < deadline,
				"the T+1 queue did not drain in an hour"
			);
			alive(&tracker)?;
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		stop.store(true, Ordering::Relaxed);
		tracker.await??;
		let state = state.lock().expect("not poisoned");
		let first = state.blocks.iter().position(|b| b.settled > 0);
		let last = state.blocks.iter().rposition(|b| b.settled > 0);
		let (Some(first), Some(last)) = (first, last) else {
			bail!("nothing settled at the day boundary");
		};
		let draining: Vec<u64> = state.blocks[first..=last]
			.iter()
			.map(|b| b.settled)
			.collect();
		// From the block before the first that settled to the last that did.
		let seconds = match first.checked_sub(1) {
			Some(before) => {
				(state.blocks[last].moment - state.blocks[before].moment) as f64 / 1_000.0
			},
			None => draining.len() as f64 * self.budget.slot.as_secs_f64(),
		};
		Ok((pairs, seconds, draining))
	}
}

/// The blocks a rate is taken over, and their duration in seconds: from the first block that
/// settled to the last, less both (partly filled) ends when there are more than two.
fn settling_blocks(blocks: &[Seen], slot: f64) -> (Vec<&Seen>, f64) {
	let (Some(first), Some(last)) = (
		blocks.iter().position(|b| b.settled > 0),
		blocks.iter().rposition(|b| b.settled > 0),
	) else {
		return (Vec::new(), slot);
	};
	if last - first < 2 {
		let loaded: Vec<&Seen> = blocks[first..=last].iter().collect();
		let seconds = loaded.len() as f64 * slot;
		return (loaded, seconds);
	}
	let loaded: Vec<&Seen> = blocks[first + 1..last].iter().collect();
	let seconds = (blocks[last - 1].moment - blocks[first].moment) as f64 / 1_000.0;
	(loaded, seconds.max(slot))
}

/// An error if the block tracker has stopped (its error, if it had one).
fn alive(tracker: &tokio::task::JoinHandle<Result<()>>) -> Result<()> {
	ensure!(
		!tracker.is_finished(),
		"the block tracker stopped: see the node's log"
	);
	Ok(())
}

/// Submit `calls` signed by `signer`, [`CHUNK`] at a time, each chunk followed to finality.
async fn submit_in_chunks(
	client: &Client,
	signer: &sr25519::Pair,
	mut calls: Vec<RuntimeCall>,
) -> Result<()> {
	while !calls.is_empty() {
		let rest = calls.split_off(calls.len().min(CHUNK));
		let chunk = std::mem::replace(&mut calls, rest);
		let n = chunk.len();
		let outcomes =
			tokio::time::timeout(Duration::from_secs(120), submit_all(client, signer, chunk))
				.await
				.with_context(|| format!("a chunk of {n} calls was not finalized in 120 s"))?;
		for outcome in outcomes {
			outcome?;
		}
	}
	Ok(())
}

/// Start the development chain with `args.validators` validators, each its own node under
/// `base` with the clock at [`MIDDAY`], the others booting from Alice's. Returns Alice's node
/// and the others.
async fn start_network(base: &Path, args: &Args) -> Result<(Node, Vec<Node>)> {
	use pssc_runtime::genesis_config_presets::{pssc_genesis, NetworkSettings};
	let output = std::process::Command::new(pssc_tests::node_binary()?)
		.args(["build-spec", "--chain", "dev"])
		.stderr(std::process::Stdio::null())
		.output()
		.context("pssc-node build-spec")?;
	ensure!(output.status.success(), "pssc-node build-spec failed");
	let mut spec: serde_json::Value = serde_json::from_slice(&output.stdout)?;
	let keys = &VALIDATORS[..args.validators];
	let patch = pssc_genesis(
		keys.iter()
			.map(|(aura, grandpa, _)| (*aura, *grandpa))
			.collect(),
		vec![Sr::Alice.to_account_id()],
		NetworkSettings {
			session_length: None,
			min_validators: None,
			nodes: Vec::new(),
		},
	);
	*spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.context("the dev spec has a genesis patch")? = patch;
	std::fs::create_dir_all(base)?;
	let spec_path = base.join("bench-spec.json");
	std::fs::write(&spec_path, serde_json::to_vec_pretty(&spec)?)?;
	let spec_path = spec_path.display().to_string();
	let now = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)?
		.as_secs() as i64;
	let offset = MIDDAY_UNIX - now;
	let mut nodes: Vec<Node> = Vec::new();
	let mut bootnode = String::new();
	let node_keys: Vec<String> = (1..=keys.len()).map(|i| format!("{i:064x}")).collect();
	for (i, (_, _, flag)) in keys.iter().enumerate() {
		// A validator needs a network key; development ones, as the dev chain's are.
		let mut node_args = vec![
			"--chain",
			spec_path.as_str(),
			flag,
			"--node-key",
			&node_keys[i],
		];
		if i > 0 {
			node_args.extend(["--bootnodes", bootnode.as_str()]);
		}
		node_args.extend(self::node_args(args));
		let node =
			Node::start_with_clock_offset(&base.join(&flag[2..]), offset, &node_args).await?;
		if i == 0 {
			let client = Client::connect(&node.ws_url()).await?;
			let peer = client.inner.query("system_localPeerId", vec![]).await?;
			let peer = peer.as_str().context("a peer id")?;
			bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer}", node.p2p_port);
		}
		nodes.push(node);
	}
	let alice = nodes.remove(0);
	Ok((alice, nodes))
}

/// The node's arguments besides `--dev` and its paths and ports.
fn node_args(args: &Args) -> Vec<&str> {
	POOL_ARGS
		.iter()
		.copied()
		.chain(args.node_args.iter().map(String::as_str))
		.collect()
}

fn cusip_text(cusip: &[u8; 9]) -> String {
	String::from_utf8_lossy(cusip).into_owned()
}

fn machine() -> String {
	let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
	let model = cpuinfo
		.lines()
		.find_map(|l| l.strip_prefix("model name"))
		.map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
		.unwrap_or_else(|| "unknown CPU".into());
	let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
	let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
	let mem_gib = meminfo
		.lines()
		.find_map(|l| l.strip_prefix("MemTotal:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
		.map_or(0.0, |kb| kb as f64 / 1024.0 / 1024.0);
	format!("{model}, {cores} cores, {mem_gib:.0} GiB")
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
	let args = Args::parse();
	let temp = tempfile::tempdir()?;
	let base = args
		.base_path
		.clone()
		.unwrap_or_else(|| temp.path().to_path_buf());
	let command = std::env::args().collect::<Vec<_>>().join(" ");
	let started = Instant::now();
	eprintln!(
		"setting up {} participants and {} securities",
		args.participants, args.securities
	);
	let mut bench = Bench::start(args, &base).await?;
	eprintln!("set up in {:.0} s", started.elapsed().as_secs_f64());

	let mut rows = Vec::new();
	for file in bench.args.modes.clone() {
		ensure!(
			(1..=500).contains(&file),
			"a mode is 1 to 500 lines (MaxBatch)"
		);
		eprintln!("mode {file}: saturation for {} s", bench.args.seconds);
		let saturated = bench.run(file, None).await?;
		eprintln!(
			"  {:.0} pairs/s over {} blocks, {:.0} % full",
			saturated.rate,
			saturated.blocks,
			100.0 * saturated.fullness
		);
		ensure!(
			saturated.rate > 0.0,
			"mode {file}: nothing settled in {} s; give it more --seconds",
			bench.args.seconds
		);
		let paced_rate = saturated.rate * bench.args.paced;
		eprintln!("mode {file}: paced at {paced_rate:.0} pairs/s");
		let paced = bench.run(file, Some(paced_rate)).await?;
		rows.push((file, saturated, paced_rate, paced));
	}
	let (_, peak) = process_usage(bench.node.pid().context("the node runs")?)?;
	let t1 = if bench.args.t1_pairs > 0 {
		eprintln!("T+1: {} pairs due at the day boundary", bench.args.t1_pairs);
		Some(bench.t1().await?)
	} else {
		None
	};

	let report = report(&bench, &command, &rows, peak, t1.as_ref());
	println!("{report}");
	if let Some(path) = &bench.args.report {
		std::fs::write(path, &report)?;
	}
	let failed: u64 = rows.iter().map(|r| r.1.failed + r.3.failed).sum();
	ensure!(
		failed == 0,
		"{failed} extrinsics failed: see the node's log"
	);
	Ok(())
}

fn report(
	bench: &Bench,
	command: &str,
	rows: &[(u32, RunFigures, f64, RunFigures)],
	peak: u64,
	t1: Option<&(u64, f64, Vec<u64>)>,
) -> String {
	use std::fmt::Write;
	let slot = bench.budget.slot.as_secs_f64();
	let normal_s = bench.budget.normal_max as f64 / 1e12;
	let mut out = String::new();
	let _ = writeln!(out, "Machine: {}", machine());
	let _ = writeln!(out, "Command: `{command}`");
	let validators = match bench.args.validators {
		1 => "one `--dev` validator".to_string(),
		n => format!("{n} validators, each its own node on this machine (CPU: all of them)"),
	};
	let _ = writeln!(
		out,
		"Chain: spec {}, {slot:.0} s slots, {normal_s:.2} s of normal weight a block, {validators}; {} participants, {} securities; {} s per run\n",
		pssc_runtime::VERSION.spec_version,
		bench.args.participants,
		bench.args.securities,
		bench.args.seconds,
	);
	let _ = writeln!(
		out,
		"| lines per extrinsic | sustained pairs/s | block fullness | weight limit pairs/s | achieved / limit | node CPU per pair | physical limit pairs/s | limit / physical | paced at pairs/s | p50 | p99 | max | DB per 100,000 pairs |"
	);
	let _ = writeln!(
		out,
		"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	);
	let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
	for (file, s, paced_rate, p) in rows {
		let limit = normal_s * 1e12 / s.weight_per_pair.max(1.0) / slot;
		let cpu = s.cpu_per_pair.as_secs_f64();
		let physical = if cpu > 0.0 { cores / cpu } else { 0.0 };
		let growth = (s.db_growth + p.db_growth) as f64 * 100_000.0
			/ (s.pairs + p.pairs).max(1) as f64
			/ 1_048_576.0;
		let lat = |d: Duration| {
			format!(
				"{:.1} s ({:.1} blocks)",
				d.as_secs_f64(),
				d.as_secs_f64() / slot
			)
		};
		let _ = writeln!(
			out,
			"| {file} | {:.0} | {:.0} % | {limit:.0} | {:.0} % | {:.2} ms | {physical:.0} | {:.0} % | {paced_rate:.0} | {} | {} | {} | {growth:.0} MiB |",
			s.rate,
			100.0 * s.fullness,
			100.0 * s.rate / limit.max(1.0),
			cpu * 1e3,
			100.0 * limit / physical.max(1.0),
			lat(percentile(&p.latencies, 0.5)),
			lat(percentile(&p.latencies, 0.99)),
			lat(p.latencies.last().copied().unwrap_or_default()),
		);
	}
	let _ = writeln!(
		out,
		"\nNode peak resident memory: {:.0} MiB.",
		peak as f64 / 1_048_576.0
	);
	if let Some((pairs, seconds, blocks)) = t1 {
		let max = blocks.iter().max().copied().unwrap_or_default();
		let _ = writeln!(
			out,
			"T+1: {pairs} pairs due at the day boundary settled in {} blocks ({seconds:.0} s): {:.0} pairs/s, at most {max} a block.",
			blocks.len(),
			*pairs as f64 / seconds.max(1.0),
		);
	}
	out
}
