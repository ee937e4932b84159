fn main() {
	#[cfg(feature = "std")]
	{
		// The target directory may live outside the workspace (CARGO_TARGET_DIR), where the
		// wasm builder cannot find our Cargo.lock; point it at the workspace so the wasm
		// runtime is built with exactly the locked dependency versions.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			let manifest_dir = std::path::PathBuf::from(
				std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
			);
			if let Some(workspace) = manifest_dir.parent() {
				std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
			}
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
