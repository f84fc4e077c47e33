//! Signing in and out on the shared PC.

use storedesk_staff::{Pin, StaffMember};

use crate::dto::{AppInfo, InboxQuery, Session, SignedIn, StaffSummary};
use crate::error::AppResult;
use crate::state::AppState;

use super::arg;

fn session_of(state: &AppState, member: StaffMember) -> Session {
    let settings = state.settings();
    Session {
        staff: member.into(),
        station: settings.station_name,
        idle_timeout_secs: settings.idle_timeout_secs,
    }
}

/// Before sign-in: version, demo banner, locale and time zone, whether the station still needs set-up, the
/// staff list and the current session — everything the first screen needs, in one call.
pub fn app_info(state: &AppState) -> AppResult<AppInfo> {
    let settings = state.settings();
    let (first_run, staff) = {
        let store = state.lock_store();
        let staff: Vec<StaffSummary> = state
            .staff()
            .list(store.connection())?
            .into_iter()
            .map(Into::into)
            .collect();
        (state.staff().is_empty(store.connection())?, staff)
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        demo: state.is_demo(),
        oms_url: state.oms_url(),
        station_name: settings.station_name,
        locale: settings.locale,
        time_zone: settings.time_zone,
        first_run,
        staff,
        session: current_session(state)?,
    })
}

/// Everyone who can sign in at this station.
pub fn staff_list(state: &AppState) -> AppResult<Vec<StaffSummary>> {
    let store = state.lock_store();
    Ok(state
        .staff()
        .list(store.connection())?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// First run: the first manager sets themselves up and is signed in.
pub fn staff_bootstrap(state: &AppState, name: &str, pin: &str) -> AppResult<Session> {
    let pin = Pin::parse(pin)?;
    let station = state.settings().station_name;
    let member = {
        let mut store = state.lock_store();
        state
            .staff()
            .bootstrap(store.connection_mut(), name, &pin, &station, state.now())?
    };
    state.begin_session(member.clone());
    Ok(session_of(state, member))
}

/// Check the PIN and start a session. Errors: `wrong_pin`, `locked_out`, `unknown_staff`.
pub fn sign_in(state: &AppState, staff_id: &str, pin: &str) -> AppResult<Session> {
    Ok(sign_in_to_inbox(state, staff_id, pin, None)?.session)
}

/// Sign in and, with `inbox`, answer that inbox page in the same call: the screen after the PIN draws without a
/// second round trip. The slow PIN check (Argon2id) holds no lock on the database: the sync engine goes on, and
/// the page is read meanwhile, answered only if the PIN is right. If reading it fails the sign-in still stands
/// (the inbox screen then asks again and shows that error).
pub fn sign_in_to_inbox(
    state: &AppState,
    staff_id: &str,
    pin: &str,
    inbox: Option<&InboxQuery>,
) -> AppResult<SignedIn> {
    let staff_id = arg(staff_id, "the person")?;
    let station = state.settings().station_name;
    let now = state.now();
    let staff = state.staff();
    let attempt = staff.begin_sign_in(state.lock_store().connection(), staff_id, now)?;
    let started = std::time::Instant::now();
    let (checked, page) = std::thread::scope(|scope| {
        let page = inbox.map(|q| scope.spawn(move || super::inbox::read_page(state, q)));
        let checked = staff.check_pin(attempt, pin);
        (checked, page.map(|reading| reading.join()))
    });
    let checked_at = started.elapsed();
    let member = {
        let mut store = state.lock_store();
        staff.finish_sign_in(store.connection_mut(), checked?, &station, now)?
    };
    tracing::debug!(
        check_us = checked_at.as_micros() as u64,
        record_us = (started.elapsed() - checked_at).as_micros() as u64,
        "sign-in: PIN checked (with the inbox page beside it), outcome recorded"
    );
    state.begin_session(member.clone());
    let inbox = match page {
        Some(Ok(Ok(page))) => Some(page),
        Some(Ok(Err(error))) => {
            tracing::warn!(code = %error.code, "inbox page with the sign-in: {}", error.message);
            None
        }
        Some(Err(_)) => {
            tracing::error!("reading the inbox page with the sign-in panicked");
            None
        }
        None => None,
    };
    Ok(SignedIn {
        session: session_of(state, member),
        inbox,
    })
}

/// The PIN typed so far on the sign-in screen, once it is long enough: checked now, in the background of the
/// typing, so that pressing OK with it only has the outcome to take (storedesk-staff's `precheck`). Answers
/// nothing about the PIN, counts no failure, and does nothing during a lockout. Errors: `unknown_staff`.
pub fn pin_typed(state: &AppState, staff_id: &str, pin: &str) -> AppResult<()> {
    let staff_id = arg(staff_id, "the person")?;
    let staff = state.staff();
    let attempt = match staff.begin_sign_in(state.lock_store().connection(), staff_id, state.now())
    {
        Ok(attempt) => attempt,
        Err(storedesk_staff::StaffError::LockedOut { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    staff.precheck_pin(&attempt, pin);
    Ok(())
}

/// End the session (nothing happens if nobody is signed in).
pub fn sign_out(state: &AppState) -> AppResult<()> {
    state.end_session("sign_out");
    Ok(())
}

/// Who is signed in; `None` if nobody is, or the session timed out.
pub fn current_session(state: &AppState) -> AppResult<Option<Session>> {
    Ok(state.current_session().map(|s| session_of(state, s.member)))
}
