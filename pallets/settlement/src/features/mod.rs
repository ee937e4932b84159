//! The settlement engine, one file per feature as in `pallet-nfts`. Each call of the pallet
//! is a thin wrapper over a `do_*` function here; `can_*` functions check without writing.

mod cancel;
mod common;
mod instruct;
mod parameters;
mod prune;
mod scheduler;
mod settle;

pub(crate) use common::qkey;
