//! The client's typed interface is generated at compile time from `client/metadata/pssc.scale`.
//! This test keeps that file equal to the runtime's own metadata, so the client never signs
//! for calls the runtime does not have. `scripts/update-metadata.sh` rewrites it.

use std::path::PathBuf;

fn metadata_file() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../client/metadata/pssc.scale")
}

#[test]
fn the_clients_metadata_file_is_the_runtimes_metadata() {
	let metadata =
		pssc_runtime::Runtime::metadata_at_version(16).expect("the runtime serves metadata V16");
	let path = metadata_file();
	if std::env::var_os("PSSC_UPDATE_METADATA").is_some() {
		std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder is made");
		std::fs::write(&path, &metadata[..]).expect("the metadata file is written");
		return;
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == metadata[..],
		"{} differs from the runtime's metadata (spec version {}): run scripts/update-metadata.sh \
		 and commit the file",
		path.display(),
		pssc_runtime::VERSION.spec_version
	);
}

#[test]
fn the_client_knows_the_runtimes_spec_version() {
	assert_eq!(
		pssc_client::KNOWN_SPEC_VERSION,
		pssc_runtime::VERSION.spec_version,
		"client/src/lib.rs: KNOWN_SPEC_VERSION must name the runtime the metadata file is from"
	);
}
