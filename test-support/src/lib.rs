//! Fakes shared by the pallets' mock runtimes, so that each mock wires the same behaviour
//! instead of copying it:
//! - [`OneAccount`] and [`EnsureAccount`]: an origin that one account holds (the agency, the
//!   board);
//! - [`FakeRegistry`]: participants with their statuses and approvals, as the tests set them;
//! - [`FakeEligibility`]: securities with their eligibility and DTC restrictions;
//! - [`FakeGateway`]: the DTC gateway's account;
//! - [`FakeClock`]: the time, as the tests set it, and the business date, which turns at
//!   midnight UTC of that time.
//!
//! The state is per thread, as each test runs on its own; a mock's `new_test_ext` calls
//! [`reset`] first.

use frame_support::traits::{SortedMembers, Time};
use pssc_primitives::{
	traits::{
		BusinessCalendar, DtcGatewayRole, DtcRestrictions, EligibilityProvider,
		ParticipantRegistry, ParticipantStatus,
	},
	Cusip, ParticipantId, RawCusip,
};
use std::{
	cell::{Cell, RefCell},
	collections::{BTreeMap, BTreeSet},
};

thread_local! {
	static STATUS: RefCell<BTreeMap<ParticipantId, ParticipantStatus>> = const { RefCell::new(BTreeMap::new()) };
	static APPROVALS: RefCell<BTreeSet<(ParticipantId, ParticipantId)>> = const { RefCell::new(BTreeSet::new()) };
	static SECURITIES: RefCell<BTreeMap<Cusip, (bool, DtcRestrictions)>> = const { RefCell::new(BTreeMap::new()) };
	static NOW: Cell<u64> = const { Cell::new(0) };
}

/// Forget every participant, approval and security, and set the clock to zero.
pub fn reset() {
	STATUS.with(|s| s.borrow_mut().clear());
	APPROVALS.with(|s| s.borrow_mut().clear());
	SECURITIES.with(|s| s.borrow_mut().clear());
	NOW.with(|n| n.set(0));
}

/// The members of an origin that account `A` alone holds.
pub struct OneAccount<const A: u64>;
impl<const A: u64> SortedMembers<u64> for OneAccount<A> {
	fn sorted_members() -> Vec<u64> {
		vec![A]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

/// The origin signed by account `A`, and no other.
pub type EnsureAccount<const A: u64> = frame_system::EnsureSignedBy<OneAccount<A>, u64>;

/// `N` participants, `0..N`, with the statuses and approvals the tests set. Participant `n`
/// has operator key `OPERATORS + n` and admin key `ADMINS + n`; with `ADMINS == OPERATORS`
/// each participant has one key for both.
pub struct FakeRegistry<const OPERATORS: u64, const ADMINS: u64, const N: u64>;
impl<const OPERATORS: u64, const ADMINS: u64, const N: u64> ParticipantRegistry<u64>
	for FakeRegistry<OPERATORS, ADMINS, N>
{
	fn participant_of(who: &u64) -> Option<ParticipantId> {
		Self::operator_of(who).or_else(|| key_in(*who, ADMINS, N))
	}
	fn status(id: ParticipantId) -> Option<ParticipantStatus> {
		STATUS.with(|s| s.borrow().get(&id).copied())
	}
	fn dtc_number(id: ParticipantId) -> Option<u32> {
		Self::status(id).map(|_| dtc_number_of(id))
	}
	fn has_approved(by: ParticipantId, counterparty: ParticipantId) -> bool {
		APPROVALS.with(|s| s.borrow().contains(&(by, counterparty)))
	}
	fn operator_of(who: &u64) -> Option<ParticipantId> {
		key_in(*who, OPERATORS, N)
	}
}

/// The participant whose key in the range from `base` is `who`.
fn key_in(who: u64, base: u64, n: u64) -> Option<ParticipantId> {
	who.checked_sub(base)
		.filter(|offset| *offset < n)
		.and_then(|offset| ParticipantId::try_from(offset).ok())
}

/// The fake registry's DTC participant number of participant `id`: 901, 902, ...
pub fn dtc_number_of(id: ParticipantId) -> u32 {
	id.saturating_add(901)
}

/// Set participant `id`'s status (a participant with none is unknown).
pub fn set_status(id: ParticipantId, status: ParticipantStatus) {
	STATUS.with(|s| s.borrow_mut().insert(id, status));
}

/// `a` and `b` approve each other.
pub fn approve(a: ParticipantId, b: ParticipantId) {
	APPROVALS.with(|s| {
		let mut s = s.borrow_mut();
		s.insert((a, b));
		s.insert((b, a));
	});
}

/// `by` withdraws its approval of `counterparty`; the approval the other way stays.
pub fn withdraw_approval(by: ParticipantId, counterparty: ParticipantId) {
	APPROVALS.with(|s| s.borrow_mut().remove(&(by, counterparty)));
}

/// Securities as the tests set them: eligible while accepted and not under a global lock,
/// dropped while not accepted.
pub struct FakeEligibility;
impl EligibilityProvider for FakeEligibility {
	fn is_eligible(cusip: &Cusip) -> bool {
		SECURITIES.with(|s| {
			s.borrow()
				.get(cusip)
				.is_some_and(|(accepted, r)| *accepted && !r.global_lock)
		})
	}
	fn restrictions(cusip: &Cusip) -> Option<DtcRestrictions> {
		SECURITIES.with(|s| s.borrow().get(cusip).map(|(_, r)| *r))
	}
	fn is_dropped(cusip: &Cusip) -> bool {
		SECURITIES.with(|s| s.borrow().get(cusip).is_none_or(|(accepted, _)| !accepted))
	}
}

/// Record `cusip` as accepted or not, with DTC's `restrictions`. Panics on an invalid CUSIP,
/// which is a mistake in the test.
pub fn set_security(cusip: RawCusip, accepted: bool, restrictions: DtcRestrictions) {
	let cusip = Cusip::new(&cusip).expect("a valid CUSIP in the test");
	SECURITIES.with(|s| s.borrow_mut().insert(cusip, (accepted, restrictions)));
}

/// The DTC gateway is account `A`.
pub struct FakeGateway<const A: u64>;
impl<const A: u64> DtcGatewayRole<u64> for FakeGateway<A> {
	fn is_dtc_gateway(who: &u64) -> bool {
		*who == A
	}
}

/// The clock the tests set: milliseconds since the Unix epoch.
pub struct FakeClock;
impl Time for FakeClock {
	type Moment = u64;
	fn now() -> u64 {
		NOW.with(|n| n.get())
	}
}

impl BusinessCalendar for FakeClock {
	fn today() -> Option<pssc_primitives::settlement::Date> {
		let now = Self::now();
		(now > 0).then(|| pssc_primitives::settlement::business_date(now, 0))
	}
}

/// Set the clock to `ms` milliseconds since the Unix epoch.
pub fn set_now(ms: u64) {
	NOW.with(|n| n.set(ms));
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn keys_map_to_participants_within_their_ranges_only() {
		type R = FakeRegistry<10, 20, 3>;
		assert_eq!(R::operator_of(&10), Some(0));
		assert_eq!(R::operator_of(&12), Some(2));
		assert_eq!(R::operator_of(&13), None);
		assert_eq!(R::operator_of(&9), None);
		assert_eq!(R::operator_of(&22), None);
		assert_eq!(R::participant_of(&22), Some(2));
		assert_eq!(R::participant_of(&23), None);
		type Same = FakeRegistry<1, 1, 3>;
		assert_eq!(Same::participant_of(&3), Some(2));
		assert_eq!(Same::operator_of(&3), Some(2));
		assert_eq!(Same::operator_of(&0), None);
	}

	#[test]
	fn state_is_as_set_and_reset_forgets_it() {
		reset();
		type R = FakeRegistry<10, 20, 3>;
		set_status(0, ParticipantStatus::Active);
		approve(0, 1);
		withdraw_approval(1, 0);
		assert!(R::has_approved(0, 1) && !R::has_approved(1, 0));
		assert!(R::is_active(0) && !R::is_active(1));
		let apple = *b"037833100";
		let locked = DtcRestrictions {
			global_lock: true,
			..Default::default()
		};
		set_security(apple, true, locked);
		let cusip = Cusip::new(&apple).unwrap();
		assert!(!FakeEligibility::is_eligible(&cusip));
		assert!(!FakeEligibility::is_dropped(&cusip));
		assert_eq!(FakeEligibility::restrictions(&cusip), Some(locked));
		set_security(apple, false, locked);
		assert!(FakeEligibility::is_dropped(&cusip));
		assert!(FakeEligibility::is_dropped(
			&Cusip::new(b"594918104").unwrap()
		));
		set_now(5);
		assert_eq!(FakeClock::now(), 5);
		assert!(FakeGateway::<50>::is_dtc_gateway(&50) && !FakeGateway::<50>::is_dtc_gateway(&51));
		assert_eq!(OneAccount::<100>::sorted_members(), vec![100]);
		reset();
		assert!(!R::has_approved(0, 1) && R::status(0).is_none());
		assert_eq!(FakeEligibility::restrictions(&cusip), None);
		assert_eq!(FakeClock::now(), 0);
	}
}
