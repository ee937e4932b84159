//! The files the roles load: DTC's daily eligibility file and a participant's trades. A file
//! with one bad line is refused whole, before anything is submitted, and the message names
//! the line (the header is line 1) and why.

use pssc_primitives::{
	settlement::{civil, from_civil},
	Cusip,
};

/// A CUSIP argument or field, with its check digit verified.
pub fn cusip(text: &str) -> Result<[u8; 9], String> {
	let raw: [u8; 9] = text
		.trim()
		.as_bytes()
		.try_into()
		.map_err(|_| format!("a CUSIP has 9 characters: {text:?}"))?;
	Cusip::new(&raw).map_err(|e| format!("invalid CUSIP {text:?} ({e:?})"))?;
	Ok(raw)
}

/// A business date from `YYYY-MM-DD`.
pub fn date(text: &str) -> Result<u32, String> {
	let parts: Vec<_> = text.trim().split('-').map(str::parse::<u32>).collect();
	match parts.as_slice() {
		[Ok(y), Ok(m), Ok(d)] => from_civil(*y, *m, *d),
		_ => None,
	}
	.ok_or_else(|| format!("not a date (YYYY-MM-DD): {text:?}"))
}

/// A business date as `YYYY-MM-DD`.
pub fn date_text(date: u32) -> String {
	let (y, m, d) = civil(date);
	format!("{y:04}-{m:02}-{d:02}")
}

/// A whole number.
pub fn amount(what: &str, text: &str) -> Result<u128, String> {
	text.trim()
		.replace('_', "")
		.parse()
		.map_err(|_| format!("{what} must be a whole number: {text:?}"))
}

/// `true`/`false`, `yes`/`no`, `1`/`0`, `y`/`n`.
fn flag(what: &str, text: &str) -> Result<bool, String> {
	match text.trim().to_ascii_lowercase().as_str() {
		"true" | "yes" | "y" | "1" => Ok(true),
		"false" | "no" | "n" | "0" | "" => Ok(false),
		_ => Err(format!("{what} must be true or false: {text:?}")),
	}
}

/// One line of DTC's eligibility file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
	/// The security.
	pub cusip: [u8; 9],
	/// DTC gives it book-entry services.
	pub dtc_eligible: bool,
	/// Deposits chilled.
	pub deposit_chill: bool,
	/// Withdrawals chilled.
	pub withdrawal_chill: bool,
	/// Deliveries chilled.
	pub delivery_chill: bool,
	/// Global lock.
	pub global_lock: bool,
}

/// The columns of the eligibility file, in order.
pub const ELIGIBILITY_HEADER: [&str; 6] = [
	"cusip",
	"dtc_eligible",
	"deposit_chill",
	"withdrawal_chill",
	"delivery_chill",
	"global_lock",
];

/// The columns of a trades file, in order.
pub const TRADES_HEADER: [&str; 8] = [
	"side",
	"counterparty",
	"cusip",
	"quantity",
	"amount_cents",
	"trade_date",
	"settlement_date",
	"reference",
];

/// Read every record of a CSV file with `header`, or the first bad line.
fn records(
	path: &std::path::Path,
	header: &[&str],
) -> Result<Vec<(u64, csv::StringRecord)>, String> {
	let name = path.display();
	let mut reader = csv::ReaderBuilder::new()
		.trim(csv::Trim::All)
		.comment(Some(b'#'))
		.from_path(path)
		.map_err(|e| format!("{name}: {e}"))?;
	let found: Vec<String> = reader
		.headers()
		.map_err(|e| format!("{name}: line 1: {e}"))?
		.iter()
		.map(str::to_ascii_lowercase)
		.collect();
	if found != header {
		return Err(format!(
			"{name}: line 1: the header must be {}, found {}",
			header.join(","),
			found.join(",")
		));
	}
	let mut out = Vec::new();
	for record in reader.records() {
		let record = record.map_err(|e| {
			let line = e.position().map(|p| p.line()).unwrap_or_default();
			format!("{name}: line {line}: {e}")
		})?;
		let line = record.position().map(|p| p.line()).unwrap_or_default();
		out.push((line, record));
	}
	if out.is_empty() {
		return Err(format!("{name}: the file has no lines after its header"));
	}
	Ok(out)
}

/// DTC's eligibility file: one line per CUSIP with its flags. Refused whole on a bad line.
pub fn eligibility_file(path: &std::path::Path) -> Result<Vec<Eligibility>, String> {
	let name = path.display();
	let mut seen = std::collections::BTreeMap::new();
	let mut out = Vec::new();
	for (line, r) in records(path, &ELIGIBILITY_HEADER)? {
		let at = |e: String| format!("{name}: line {line}: {e}");
		let entry = Eligibility {
			cusip: cusip(&r[0]).map_err(at)?,
			dtc_eligible: flag("dtc_eligible", &r[1]).map_err(at)?,
			deposit_chill: flag("deposit_chill", &r[2]).map_err(at)?,
			withdrawal_chill: flag("withdrawal_chill", &r[3]).map_err(at)?,
			delivery_chill: flag("delivery_chill", &r[4]).map_err(at)?,
			global_lock: flag("global_lock", &r[5]).map_err(at)?,
		};
		if let Some(first) = seen.insert(entry.cusip, line) {
			return Err(at(format!("{} repeats line {first}", &r[0])));
		}
		out.push(entry);
	}
	Ok(out)
}

/// One trade side of a participant's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trade {
	/// The line it came from.
	pub line: u64,
	/// `true` for deliver (the seller), `false` for receive (the buyer).
	pub deliver: bool,
	/// The counterparty's participant id.
	pub counterparty: u32,
	/// The security.
	pub cusip: [u8; 9],
	/// Shares.
	pub quantity: u128,
	/// The settlement amount in cents.
	pub amount_cents: u128,
	/// Business dates.
	pub trade_date: u32,
	/// Business dates.
	pub settlement_date: u32,
	/// The participant's own reference.
	pub reference: String,
}

/// `deliver` or `receive`.
pub fn side(text: &str) -> Result<bool, String> {
	match text.trim().to_ascii_lowercase().as_str() {
		"deliver" | "dvp" | "sell" => Ok(true),
		"receive" | "rvp" | "buy" => Ok(false),
		_ => Err(format!("side must be deliver or receive: {text:?}")),
	}
}

/// A participant's trades file. Refused whole on a bad line; references must be unique.
pub fn trades_file(path: &std::path::Path) -> Result<Vec<Trade>, String> {
	let name = path.display();
	let mut references = std::collections::BTreeMap::new();
	let mut out = Vec::new();
	for (line, r) in records(path, &TRADES_HEADER)? {
		let at = |e: String| format!("{name}: line {line}: {e}");
		let trade = Trade {
			line,
			deliver: side(&r[0]).map_err(at)?,
			counterparty: r[1].parse().map_err(|_| {
				at(format!(
					"counterparty must be a participant id: {:?}",
					&r[1]
				))
			})?,
			cusip: cusip(&r[2]).map_err(at)?,
			quantity: amount("quantity", &r[3]).map_err(at)?,
			amount_cents: amount("amount_cents", &r[4]).map_err(at)?,
			trade_date: date(&r[5]).map_err(at)?,
			settlement_date: date(&r[6]).map_err(at)?,
			reference: r[7].to_string(),
		};
		if trade.reference.is_empty() || trade.reference.len() > 35 {
			return Err(at("the reference must have 1 to 35 characters".into()));
		}
		if let Some(first) = references.insert(trade.reference.clone(), line) {
			return Err(at(format!(
				"reference {} repeats line {first}",
				trade.reference
			)));
		}
		out.push(trade);
	}
	Ok(out)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn file(text: &str) -> tempfile_path::Temp {
		tempfile_path::Temp::new(text)
	}

	/// A file in the system's temporary folder, removed when dropped.
	mod tempfile_path {
		pub struct Temp(pub std::path::PathBuf);
		impl Temp {
			pub fn new(text: &str) -> Self {
				use std::sync::atomic::{AtomicU32, Ordering};
				static N: AtomicU32 = AtomicU32::new(0);
				let path = std::env::temp_dir().join(format!(
					"pssc-files-{}-{}.csv",
					std::process::id(),
					N.fetch_add(1, Ordering::SeqCst)
				));
				std::fs::write(&path, text).unwrap();
				Self(path)
			}
		}
		impl Drop for Temp {
			fn drop(&mut self) {
				let _ = std::fs::remove_file(&self.0);
			}
		}
	}

	#[test]
	fn an_eligibility_file_is_read_or_refused_whole_with_the_line() {
		let good = file(
			"cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock\n\
			 037833100,true,false,false,false,false\n\
			 594918104,yes,0,0,1,no\n",
		);
		let entries = eligibility_file(&good.0).unwrap();
		assert_eq!(entries.len(), 2);
		assert!(entries[1].delivery_chill && entries[1].dtc_eligible);

		let bad = file(
			"cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock\n\
			 037833100,true,false,false,false,false\n\
			 037833101,true,false,false,false,false\n",
		);
		let error = eligibility_file(&bad.0).unwrap_err();
		assert!(
			error.ends_with("line 3: invalid CUSIP \"037833101\" (CheckDigit)"),
			"{error}"
		);

		let flags = file(
			"cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock\n\
			 037833100,maybe,false,false,false,false\n",
		);
		let error = eligibility_file(&flags.0).unwrap_err();
		assert!(
			error.contains("line 2: dtc_eligible must be true or false"),
			"{error}"
		);

		let header = file("cusip,eligible\n037833100,true\n");
		assert!(eligibility_file(&header.0)
			.unwrap_err()
			.contains("line 1: the header"));

		let repeated = file(
			"cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock\n\
			 037833100,true,false,false,false,false\n\
			 037833100,false,false,false,false,false\n",
		);
		assert!(eligibility_file(&repeated.0)
			.unwrap_err()
			.contains("line 3: 037833100 repeats line 2"));
	}

	#[test]
	fn a_trades_file_is_read_or_refused_whole_with_the_line() {
		let good = file(
			"side,counterparty,cusip,quantity,amount_cents,trade_date,settlement_date,reference\n\
			 deliver,1,037833100,100,19000,2026-11-24,2026-11-25,S-1\n\
			 receive,2,037833100,5,950,2026-11-24,2026-11-24,B-1\n",
		);
		let trades = trades_file(&good.0).unwrap();
		assert_eq!(trades.len(), 2);
		assert_eq!(
			trades[0],
			Trade {
				line: 2,
				deliver: true,
				counterparty: 1,
				cusip: *b"037833100",
				quantity: 100,
				amount_cents: 19_000,
				trade_date: 20_781,
				settlement_date: 20_782,
				reference: "S-1".into(),
			}
		);
		let bad_date = file(
			"side,counterparty,cusip,quantity,amount_cents,trade_date,settlement_date,reference\n\
			 deliver,1,037833100,100,19000,2026-11-24,2026-11-31,S-1\n",
		);
		assert!(trades_file(&bad_date.0)
			.unwrap_err()
			.contains("line 2: not a date (YYYY-MM-DD): \"2026-11-31\""));
		let repeated = file(
			"side,counterparty,cusip,quantity,amount_cents,trade_date,settlement_date,reference\n\
			 deliver,1,037833100,100,19000,2026-11-24,2026-11-24,S-1\n\
			 deliver,1,037833100,100,19000,2026-11-24,2026-11-24,S-1\n",
		);
		assert!(trades_file(&repeated.0)
			.unwrap_err()
			.contains("line 3: reference S-1 repeats line 2"));
	}

	#[test]
	fn dates_and_amounts_are_read_as_people_write_them() {
		assert_eq!(date("2026-11-24"), Ok(20_781));
		assert_eq!(date_text(20_781), "2026-11-24");
		assert!(date("24.11.2026").is_err());
		assert_eq!(amount("quantity", "1_000"), Ok(1_000));
		assert!(amount("quantity", "-1").is_err());
		assert_eq!(cusip("037833100"), Ok(*b"037833100"));
		assert!(cusip("03783310").is_err());
	}
}
