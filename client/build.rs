//! Rebuilds the client when the runtime's metadata file changes: the typed interface is
//! generated from it at compile time, and cargo does not otherwise see that input.

fn main() {
	println!("cargo:rerun-if-changed=metadata/pssc.scale");
}
