//! Decoded event fields as JSON for people: byte strings that are text become strings,
//! 32-byte accounts become SS58 addresses, dispatch errors become `Pallet::Variant`, large
//! numbers become decimal strings, `Option`s become the value or null, and field-less
//! variants (ISO codes) become their names.

use scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};
use serde_json::{json, Map, Value as Json};
use subxt::ext::scale_value::{Composite, Primitive, Value, ValueDef};
use subxt::Metadata;

/// `value` as JSON. The metadata names the types, so that accounts and errors are
/// recognised.
pub fn to_json(value: &Value<u32>, metadata: &Metadata) -> Json {
	let types = metadata.types();
	if let Some(account) = account(value, types) {
		return Json::String(account);
	}
	if is_dispatch_error(value.context, types) {
		return Json::String(crate::dispatch_error_name(metadata, Some(value)));
	}
	match &value.value {
		ValueDef::Composite(composite) => composite_to_json(composite, metadata),
		ValueDef::Variant(variant) => {
			let fields = composite_to_json(&variant.values, metadata);
			match (variant.name.as_str(), variant.values.len()) {
				("None", 0) => Json::Null,
				("Some", 1) => fields,
				// A variant without data, or whose only datum is `()` (`Ok(())`): its name.
				(name, 0) => Json::String(name.to_string()),
				(name, 1) if fields == json!([]) => Json::String(name.to_string()),
				(name, _) => json!({ name: fields }),
			}
		},
		ValueDef::BitSequence(bits) => Json::String(format!("{bits:?}")),
		ValueDef::Primitive(primitive) => match primitive {
			Primitive::Bool(b) => Json::Bool(*b),
			Primitive::Char(c) => Json::String(c.to_string()),
			Primitive::String(s) => Json::String(s.clone()),
			// Up to 2^53 a JSON number is exact in every client; beyond, a decimal string.
			Primitive::U128(n) if *n < (1 << 53) => json!(*n as u64),
			Primitive::U128(n) => Json::String(n.to_string()),
			Primitive::I128(n) => Json::String(n.to_string()),
			Primitive::U256(b) | Primitive::I256(b) => {
				Json::String(format!("0x{}", hex::encode(b)))
			},
		},
	}
}

/// Fields of an event or a composite as JSON: an object when named, otherwise text for
/// printable bytes, the value itself for a single field, or an array.
pub fn composite_to_json(composite: &Composite<u32>, metadata: &Metadata) -> Json {
	let types = metadata.types();
	match composite {
		Composite::Named(fields) => {
			let mut map = Map::new();
			for (name, value) in fields {
				map.insert(name.clone(), to_json(value, metadata));
			}
			Json::Object(map)
		},
		Composite::Unnamed(values) => {
			if let Some(bytes) = bytes_of(values, types) {
				return match std::str::from_utf8(&bytes) {
					Ok(text) if text.chars().all(|c| !c.is_control()) => Json::String(text.into()),
					_ => Json::String(format!("0x{}", hex::encode(&bytes))),
				};
			}
			if values.len() == 1 {
				return to_json(&values[0], metadata);
			}
			Json::Array(values.iter().map(|v| to_json(v, metadata)).collect())
		},
	}
}

/// The values as bytes, if every one is a `u8` (and there is at least one): byte arrays
/// and byte vectors, not tuples of small numbers of other types.
fn bytes_of(values: &[Value<u32>], types: &PortableRegistry) -> Option<Vec<u8>> {
	if values.is_empty() {
		return None;
	}
	values
		.iter()
		.map(
			|v| match (&v.value, types.resolve(v.context).map(|t| &t.type_def)) {
				(
					ValueDef::Primitive(Primitive::U128(n)),
					Some(TypeDef::Primitive(TypeDefPrimitive::U8)),
				) => u8::try_from(*n).ok(),
				_ => None,
			},
		)
		.collect()
}

/// Whether type `id` is `sp_runtime::DispatchError`.
fn is_dispatch_error(id: u32, types: &PortableRegistry) -> bool {
	types.resolve(id).is_some_and(|t| {
		let path = &t.path.segments;
		path.first().map(String::as_str) == Some("sp_runtime")
			&& path.last().map(String::as_str) == Some("DispatchError")
	})
}

/// An account as SS58, if `value` is an `AccountId32`.
fn account(value: &Value<u32>, types: &PortableRegistry) -> Option<String> {
	let ty = types.resolve(value.context)?;
	if ty.path.segments.last().map(String::as_str) != Some("AccountId32") {
		return None;
	}
	let ValueDef::Composite(Composite::Unnamed(inner)) = &value.value else {
		return None;
	};
	let bytes = match inner.as_slice() {
		[one] => match &one.value {
			ValueDef::Composite(Composite::Unnamed(bytes)) => bytes_of(bytes, types)?,
			_ => return None,
		},
		bytes => bytes_of(bytes, types)?,
	};
	let raw: [u8; 32] = bytes.try_into().ok()?;
	Some(subxt::utils::AccountId32(raw).to_string())
}

/// A JSON value on one line for people: strings without quotes where unambiguous.
pub fn to_text(value: &Json) -> String {
	match value {
		Json::Object(map) => {
			let fields: Vec<String> = map
				.iter()
				.map(|(k, v)| format!("{k}={}", to_text(v)))
				.collect();
			format!("{{{}}}", fields.join(" "))
		},
		Json::Array(items) => {
			let items: Vec<String> = items.iter().map(to_text).collect();
			format!("[{}]", items.join(", "))
		},
		Json::String(s) if !s.is_empty() && !s.contains([' ', '=', '{', '}', '"']) => s.clone(),
		other => other.to_string(),
	}
}
