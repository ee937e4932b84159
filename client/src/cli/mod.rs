//! The commands, by role.

mod bank;
mod board;
mod files;
mod gateway;
mod output;
mod participant;
mod validator;

use clap::{Args, Parser, Subcommand};
use pssc_client::{Client, Error, Keypair, Wait};
use std::process::ExitCode;

pub use output::Output;

/// The command line of the PSSC settlement chain.
///
/// Every role has its commands: the agency's board, the DTC gateway, a settling bank and a
/// participant. A submission is signed with the key from `--suri` (or the file named by
/// `PSSC_SURI_FILE`), waits for finality and prints one line per event; it exits with 1 and
/// the error's name when the chain refuses it.
#[derive(Parser, Debug)]
#[command(name = "pssc", version, propagate_version = true)]
pub struct Cli {
	#[command(flatten)]
	pub global: Global,
	#[command(subcommand)]
	pub command: Command,
}

/// Options of every command.
#[derive(Args, Debug, Clone)]
pub struct Global {
	/// The node's WebSocket RPC address.
	#[arg(
		long,
		global = true,
		env = "PSSC_URL",
		default_value = "ws://127.0.0.1:9944"
	)]
	pub url: String,
	/// The signing key as a secret URI: a mnemonic with optional derivation, or `//Alice`
	/// on a development chain. Prefer PSSC_SURI_FILE outside development: a command line is
	/// visible to other users of the machine. The secret is never printed.
	#[arg(long, global = true, hide_env_values = true)]
	pub suri: Option<String>,
	/// Print JSON instead of lines for people.
	#[arg(long, global = true)]
	pub json: bool,
	/// Return once the transaction is in a block, without waiting for finality.
	#[arg(long, global = true)]
	pub no_finality: bool,
}

impl Global {
	/// The signing key: `--suri`, else the file named by `PSSC_SURI_FILE`.
	pub fn key(&self) -> std::result::Result<Keypair, Error> {
		if let Some(suri) = &self.suri {
			return pssc_client::keypair(suri);
		}
		let path = std::env::var_os("PSSC_SURI_FILE").ok_or_else(|| {
			Error::Key("no key: pass --suri or set PSSC_SURI_FILE to a file holding one".into())
		})?;
		let secret = std::fs::read_to_string(&path).map_err(|e| {
			Error::Key(format!(
				"cannot read PSSC_SURI_FILE {}: {e}",
				path.to_string_lossy()
			))
		})?;
		pssc_client::keypair(&secret)
	}

	/// How long to follow a submission.
	pub fn wait(&self) -> Wait {
		if self.no_finality {
			Wait::InBlock
		} else {
			Wait::Finalized
		}
	}
}

/// The roles.
#[derive(Subcommand, Debug)]
pub enum Command {
	/// The clearing agency's board: motions for every agency call, votes and open motions.
	#[command(subcommand)]
	Board(board::Board),
	/// The DTC gateway: deposits, withdrawals, custody positions and DTC's eligibility file.
	#[command(subcommand)]
	Gateway(gateway::Gateway),
	/// A settling bank: wires in, payments out and balance reports.
	#[command(subcommand)]
	Bank(bank::Bank),
	/// A participant: counterparties, instructions, withdrawals, positions, status and fees.
	#[command(subcommand)]
	Participant(participant::Participant),
	/// A validator's operator: session keys; and the validator set and the nodes that may peer.
	#[command(subcommand)]
	Validator(validator::Validator),
}

/// Run the command; the exit code is 0 on success, 1 when the chain refused or a call
/// failed, 2 when the input is wrong.
pub async fn run(cli: Cli) -> ExitCode {
	let out = Output::new(cli.global.json);
	let result = async {
		let client = Client::connect(&cli.global.url).await?;
		match cli.command {
			Command::Board(c) => board::run(c, &client, &cli.global, &out).await,
			Command::Gateway(c) => gateway::run(c, &client, &cli.global, &out).await,
			Command::Bank(c) => bank::run(c, &client, &cli.global, &out).await,
			Command::Participant(c) => participant::run(c, &client, &cli.global, &out).await,
			Command::Validator(c) => validator::run(c, &client, &cli.global, &out).await,
		}
	}
	.await;
	match result {
		Ok(code) => code,
		Err(failure) => out.failure(&failure),
	}
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
	/// The chain or the node refused.
	Chain(Error),
	/// The input is wrong: the message says where and why.
	Input(String),
}

impl From<Error> for Failure {
	fn from(e: Error) -> Self {
		Failure::Chain(e)
	}
}

/// A command's result.
pub type Result<T = ExitCode> = std::result::Result<T, Failure>;

/// Sign and submit `payload` with the key of `global`, and print its outcome.
pub async fn submit<P: pssc_client::subxt::tx::Payload>(
	client: &Client,
	global: &Global,
	out: &Output,
	payload: P,
) -> Result {
	let key = global.key()?;
	let outcome = client.submit(&payload, &key, global.wait()).await?;
	out.outcome(&outcome);
	Ok(ExitCode::SUCCESS)
}

/// Milliseconds since the Unix epoch now, the default `as_of` of reports.
pub fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}
