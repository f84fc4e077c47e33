//! The manager's view and staff management. Managers only.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use storedesk_staff::{NewStaff, Pin};

use crate::dto::{AgeBucket, ManagerOverview, Role, UncollectedBucket};
use crate::error::AppResult;
use crate::state::AppState;

use super::arg;

/// Orders due within this window count as at risk.
pub const AT_RISK_WITHIN: Duration = Duration::hours(2);

/// Midnight today in `tz`, as UTC.
pub fn start_of_day(now: DateTime<Utc>, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let local = now.with_timezone(&tz).date_naive();
    local
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| tz.from_local_datetime(&midnight).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now - Duration::hours(24))
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The store's queue at a glance.
pub fn manager_overview(state: &AppState) -> AppResult<ManagerOverview> {
    state.require_manager("see the manager view")?;
    let now = state.now();
    let since = start_of_day(now, state.settings().tz());
    let store = state.lock_store();
    let counts_by_status = store
        .counts()?
        .into_iter()
        .map(|(status, n)| (status, to_u32(n)))
        .collect();
    let sla = store.sla_counts(now, AT_RISK_WITHIN)?;
    let per_person = store
        .work_per_person(since)?
        .into_iter()
        .map(Into::into)
        .collect();
    let mut buckets: BTreeMap<usize, u32> = BTreeMap::new();
    for (_, ready_since) in store.uncollected_pickups()? {
        let bucket = AgeBucket::of(now - ready_since);
        let i = AgeBucket::ALL
            .iter()
            .position(|b| *b == bucket)
            .unwrap_or(0);
        *buckets.entry(i).or_default() += 1;
    }
    Ok(ManagerOverview {
        counts_by_status,
        sla_breached: to_u32(sla.breached),
        at_risk: to_u32(sla.at_risk),
        per_person,
        uncollected_by_age: AgeBucket::ALL
            .iter()
            .enumerate()
            .map(|(i, bucket)| UncollectedBucket {
                bucket: *bucket,
                count: buckets.get(&i).copied().unwrap_or(0),
            })
            .collect(),
    })
}

/// Add someone to the staff list.
pub fn staff_add(state: &AppState, name: &str, role: Role, pin: &str) -> AppResult<()> {
    let member = state.require_manager("add people")?;
    let new = NewStaff {
        name: name.to_string(),
        role: role.into(),
        pin: Pin::parse(pin)?,
    };
    let station = state.settings().station_name;
    let mut store = state.lock_store();
    state.staff().add(
        store.connection_mut(),
        &member.id,
        &new,
        &station,
        state.now(),
    )?;
    Ok(())
}

/// Give someone a new PIN (and lift a lockout).
pub fn staff_reset_pin(state: &AppState, staff_id: &str, pin: &str) -> AppResult<()> {
    let member = state.require_manager("reset a PIN")?;
    let staff_id = arg(staff_id, "the person")?;
    let pin = Pin::parse(pin)?;
    let station = state.settings().station_name;
    let mut store = state.lock_store();
    state.staff().reset_pin(
        store.connection_mut(),
        &member.id,
        staff_id,
        &pin,
        &station,
        state.now(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_local_midnight() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 22, 30, 0).unwrap();
        // 01:30 on 3 March in Istanbul (UTC+3): the day began at 21:00 UTC on 2 March.
        assert_eq!(
            start_of_day(now, chrono_tz::Europe::Istanbul),
            Utc.with_ymd_and_hms(2026, 3, 2, 21, 0, 0).unwrap()
        );
        assert_eq!(
            start_of_day(now, chrono_tz::UTC),
            Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap()
        );
    }
}
