//! The runtime's weights, measured on the project's machine by `scripts/benchmark-weights.sh`:
//! the FRAME pallets' and frame-system's (with its transaction extensions), and the base
//! weights of a block and of an extrinsic (`benchmark overhead`). Our own pallets and the
//! permission extension keep theirs beside their code.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_collective;
pub mod pallet_membership;
pub mod pallet_timestamp;
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
