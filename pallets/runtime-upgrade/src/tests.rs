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
		let authorized = frame_system::AuthorizedUpgrade::<Test>::get().expect("authorized");
		assert_eq!(authorized.code_hash(), &code_hash);
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
		assert!(frame_system::AuthorizedUpgrade::<Test>::get().is_none());
		assert!(System::events().is_empty());
	});
}

#[test]
fn authorized_code_is_applied_only_if_it_matches() {
	new_test_ext().execute_with(|| {
		let code = vec![1u8, 2, 3];
		let code_hash = sp_io::hashing::blake2_256(&code).into();
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
	});
}
