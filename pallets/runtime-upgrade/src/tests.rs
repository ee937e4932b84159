//! Unit tests of the upgrade path.

use crate::{mock::*, types::VersionCheck, Event};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

#[test]
fn the_board_authorizes_code() {
	new_test_ext().execute_with(|| {
		let code_hash = H256::repeat_byte(7);
		assert_ok!(RuntimeUpgrade::authorize_upgrade(
			RuntimeOrigin::signed(BOARD),
			code_hash,
			VersionCheck::Check
		));
		assert_eq!(authorized(), Some((code_hash, true)));
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: true,
			}
			.into(),
		);
		System::assert_last_event(
			Event::UpgradeAuthorizedByBoard {
				code_hash,
				check_version: VersionCheck::Check,
			}
			.into(),
		);
	});
}

#[test]
fn skipping_the_version_check_is_explicit() {
	new_test_ext().execute_with(|| {
		let code_hash = H256::repeat_byte(8);
		assert_ok!(RuntimeUpgrade::authorize_upgrade(
			RuntimeOrigin::signed(BOARD),
			code_hash,
			VersionCheck::Skip
		));
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: false,
			}
			.into(),
		);
	});
}

#[test]
fn only_the_upgrade_origin_authorizes() {
	new_test_ext().execute_with(|| {
		for origin in [
			RuntimeOrigin::signed(1),
			RuntimeOrigin::root(),
			RuntimeOrigin::none(),
		] {
			assert_noop!(
				RuntimeUpgrade::authorize_upgrade(origin, H256::zero(), VersionCheck::Check),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(authorized(), None);
		assert!(System::events().is_empty());
	});
}

#[test]
fn authorized_code_is_applied_only_if_it_matches() {
	new_test_ext().execute_with(|| {
		let code = vec![1u8, 2, 3];
		let code_hash = sp_io::hashing::blake2_256(&code).into();
		// Nothing authorized yet.
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::signed(1), code.clone()),
			frame_system::Error::<Test>::NothingAuthorized
		);
		assert_ok!(RuntimeUpgrade::authorize_upgrade(
			RuntimeOrigin::signed(BOARD),
			code_hash,
			VersionCheck::Skip
		));
		// Other code is refused.
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::signed(1), vec![9u8]),
			frame_system::Error::<Test>::Unauthorized
		);
		// The authorized code is applied by anyone, and the authorization is used up.
		assert_ok!(System::apply_authorized_upgrade(
			RuntimeOrigin::signed(1),
			code.clone()
		));
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::CODE).map(|c| c.to_vec()),
			Some(code)
		);
		System::assert_has_event(frame_system::Event::CodeUpdated { hash: code_hash }.into());
		assert_eq!(authorized(), None);
	});
}

/// The authorization frame-system holds (private storage, so read raw): hash and version check.
fn authorized() -> Option<(H256, bool)> {
	frame_support::storage::unhashed::get(&frame_support::storage::storage_prefix(
		b"System",
		b"AuthorizedUpgrade",
	))
}
