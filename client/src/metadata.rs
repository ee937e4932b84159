//! Names of the runtime's errors, read from the metadata the node serves.

use crate::Error;
use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use scale_info::{PortableRegistry, TypeDef};
use sp_runtime::DispatchError;
use std::collections::BTreeMap;

/// The name of every pallet error, by pallet index and error index.
#[derive(Debug, Clone, Default)]
pub struct ErrorNames {
	names: BTreeMap<(u8, u8), String>,
}

fn variants_of(registry: &PortableRegistry, ty: u32) -> Vec<(u8, String)> {
	match registry.resolve(ty).map(|t| &t.type_def) {
		Some(TypeDef::Variant(v)) => v
			.variants
			.iter()
			.map(|v| (v.index, v.name.clone()))
			.collect(),
		_ => Vec::new(),
	}
}

impl ErrorNames {
	/// Read the names from SCALE-encoded `RuntimeMetadataPrefixed` (V14 or V15).
	pub fn from_metadata(bytes: &[u8]) -> Result<Self, Error> {
		let prefixed =
			RuntimeMetadataPrefixed::decode(&mut &bytes[..]).map_err(|e| Error::Decode {
				what: "metadata",
				detail: e.to_string(),
			})?;
		let mut names = BTreeMap::new();
		let mut add = |pallet_index: u8, pallet: &str, registry: &PortableRegistry, ty: u32| {
			for (index, variant) in variants_of(registry, ty) {
				names.insert((pallet_index, index), format!("{pallet}::{variant}"));
			}
		};
		match &prefixed.1 {
			RuntimeMetadata::V14(m) => {
				for p in &m.pallets {
					if let Some(e) = &p.error {
						add(p.index, &p.name, &m.types, e.ty.id);
					}
				}
			},
			RuntimeMetadata::V15(m) => {
				for p in &m.pallets {
					if let Some(e) = &p.error {
						add(p.index, &p.name, &m.types, e.ty.id);
					}
				}
			},
			_ => {
				return Err(Error::Decode {
					what: "metadata",
					detail: format!("unsupported metadata version {}", prefixed.1.version()),
				})
			},
		}
		Ok(Self { names })
	}

	/// `Pallet::Variant` for a pallet's error, the kind of error otherwise.
	pub fn name(&self, error: &DispatchError) -> String {
		match error {
			DispatchError::Module(m) => self
				.names
				.get(&(m.index, m.error[0]))
				.cloned()
				.unwrap_or_else(|| {
					format!("Module {{ index: {}, error: {:?} }}", m.index, m.error)
				}),
			other => format!("{other:?}"),
		}
	}
}
