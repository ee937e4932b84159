//! What the commands print: lines for people, or JSON with `--json`.

use super::Failure;
use pssc_client::{values::to_text, Error, Outcome};
use pssc_primitives::settlement::{rejection_reason, Code};
use serde_json::{json, Value as Json};
use std::process::ExitCode;

/// Where and how to print.
pub struct Output {
	json: bool,
}

impl Output {
	/// Print JSON if `json`, else lines.
	pub fn new(json: bool) -> Self {
		Self { json }
	}

	/// Whether output is JSON.
	pub fn is_json(&self) -> bool {
		self.json
	}

	/// A submission's outcome: one line per event, then where it landed.
	pub fn outcome(&self, outcome: &Outcome) {
		if self.json {
			println!("{}", json!({ "ok": true, "outcome": outcome }));
			return;
		}
		for event in &outcome.events {
			println!("{}", event.line());
		}
		println!("{}", landed(outcome));
	}

	/// A value read from the chain: JSON as is, or for people one line per item.
	pub fn value(&self, value: &Json) {
		if self.json {
			println!("{value}");
			return;
		}
		match value {
			Json::Array(items) if items.is_empty() => println!("(none)"),
			Json::Array(items) => {
				for item in items {
					println!("{}", to_text(item));
				}
			},
			Json::Null => println!("(none)"),
			Json::Object(map) => {
				for (k, v) in map {
					println!("{k}: {}", to_text(v));
				}
			},
			other => println!("{}", to_text(other)),
		}
	}

	/// Report `failure` and return the exit code: 1 for the chain, 2 for the input.
	pub fn failure(&self, failure: &Failure) -> ExitCode {
		let (error, outcome, code) = match failure {
			Failure::Input(message) => (message.clone(), None, 2),
			Failure::Chain(Error::Dispatch { name, outcome }) => {
				(name.clone(), Some(outcome.as_ref()), 1)
			},
			Failure::Chain(e) => (e.to_string(), None, 1),
		};
		let reason = iso_rejection(&error);
		if self.json {
			let mut report = json!({ "ok": false, "error": error, "outcome": outcome });
			if let Some(reason) = reason {
				report["iso"] = json!({ "status": "REJT", "reason": reason.as_str() });
			}
			println!("{report}");
		} else {
			if let Some(outcome) = outcome {
				for event in &outcome.events {
					println!("{}", event.line());
				}
				println!("{}", landed(outcome));
			}
			match reason {
				Some(reason) => eprintln!("error: {error} (REJT, {})", reason.as_str()),
				None => eprintln!("error: {error}"),
			}
		}
		ExitCode::from(code)
	}
}

/// ISO's rejection reason for a settlement error named `Settlement::Variant`, where one fits.
fn iso_rejection(error: &str) -> Option<Code> {
	error
		.strip_prefix("Settlement::")
		.and_then(rejection_reason)
}

fn landed(outcome: &Outcome) -> String {
	format!(
		"{} in block #{} ({}), transaction {}",
		if outcome.finalized {
			"finalized"
		} else {
			"included"
		},
		outcome.block_number,
		outcome.block_hash,
		outcome.extrinsic_hash
	)
}

#[cfg(test)]
mod tests {
	use super::iso_rejection;
	use pssc_primitives::settlement::Code;

	#[test]
	fn a_refused_instruction_shows_isos_rejection_reason_where_one_fits() {
		assert_eq!(
			iso_rejection("Settlement::DuplicateReference"),
			Some(Code::REFE)
		);
		assert_eq!(
			iso_rejection("Settlement::SecurityNotEligible"),
			Some(Code::DSEC)
		);
		assert_eq!(
			iso_rejection("Settlement::CounterpartyNotApproved"),
			Some(Code::NCRR)
		);
		// No ISO code fits: the error alone names why.
		assert_eq!(iso_rejection("Settlement::SettlementDateInPast"), None);
		// Another pallet's error of the same name is not a settlement rejection.
		assert_eq!(iso_rejection("Entitlements::DuplicateReference"), None);
	}
}
