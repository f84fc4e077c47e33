//! PIN checks started while the PIN is still being typed.
//!
//! The Argon2id check is slow by design (≈ 20 ms on a till PC). Once a PIN has the shortest length, the sign-in
//! screen asks for the PIN typed so far to be checked in the background ([`crate::Staff::precheck_pin`]); when the
//! person then presses OK with that PIN, the sign-in takes the result instead of hashing again, or waits for the
//! check still running. The result is never answered on its own: it only ever decides a real sign-in, which
//! counts failures and lockouts as always, so a precheck tells an onlooker nothing. A precheck is bound to the
//! person and to their stored hash (a PIN reset in between makes it useless), only the latest candidate is kept,
//! and it expires after [`MAX_AGE`].

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a precheck's result stays usable.
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// How long a sign-in waits for a precheck of its PIN that is still running before hashing itself.
const WAIT: Duration = Duration::from_secs(5);

#[derive(Default)]
pub(crate) struct Prechecks {
    slot: Mutex<Option<Entry>>,
    done: Condvar,
}

struct Entry {
    /// Distinguishes runs of the same candidate.
    run: u64,
    staff_id: String,
    pin: String,
    phc: String,
    started: Instant,
    /// `None` while the check runs; `Some(Err)` if the stored hash could not be read.
    outcome: Option<Result<bool, String>>,
}

impl Entry {
    fn is(&self, staff_id: &str, pin: &str, phc: &str) -> bool {
        self.staff_id == staff_id && self.pin == pin && self.phc == phc
    }
}

impl std::fmt::Debug for Prechecks {
    // Never the candidate PIN.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prechecks").finish_non_exhaustive()
    }
}

impl Prechecks {
    fn lock(&self) -> MutexGuard<'_, Option<Entry>> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Check `pin` against `phc` with `verify` on this thread and keep the outcome for a sign-in, replacing any
    /// earlier candidate. A check of the same candidate already running or done is not repeated.
    pub(crate) fn run(
        &self,
        staff_id: &str,
        pin: &str,
        phc: &str,
        verify: impl FnOnce() -> Result<bool, String>,
    ) {
        let run = {
            let mut slot = self.lock();
            if let Some(e) = slot.as_ref()
                && e.is(staff_id, pin, phc)
                && e.started.elapsed() < MAX_AGE
            {
                return;
            }
            let run = slot.as_ref().map_or(1, |e| e.run + 1);
            *slot = Some(Entry {
                run,
                staff_id: staff_id.to_string(),
                pin: pin.to_string(),
                phc: phc.to_string(),
                started: Instant::now(),
                outcome: None,
            });
            run
        };
        let outcome = verify();
        let mut slot = self.lock();
        if let Some(e) = slot.as_mut()
            && e.run == run
        {
            e.outcome = Some(outcome);
        }
        self.done.notify_all();
    }

    /// The outcome of the precheck of exactly this candidate, waiting for it while it runs; `None` if there is
    /// none (or it is too old, or still running after the wait). Taken once.
    pub(crate) fn take(
        &self,
        staff_id: &str,
        pin: &str,
        phc: &str,
    ) -> Option<Result<bool, String>> {
        let deadline = Instant::now() + WAIT;
        let mut slot = self.lock();
        loop {
            let entry = slot.as_ref()?;
            if !entry.is(staff_id, pin, phc) {
                return None;
            }
            if entry.started.elapsed() >= MAX_AGE {
                *slot = None;
                return None;
            }
            if entry.outcome.is_some() {
                return slot.take().and_then(|e| e.outcome);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            slot = self
                .done
                .wait_timeout(slot, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Forget the candidate (signed in, or the person stepped back).
    pub(crate) fn clear(&self) {
        *self.lock() = None;
    }

    /// Whether a candidate is kept (tests).
    pub(crate) fn holds(&self) -> bool {
        self.lock().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_sign_in_takes_the_outcome_of_its_own_candidate_once() {
        let p = Prechecks::default();
        p.run("s1", "1234", "$h", || Ok(true));
        assert_eq!(p.take("s1", "1235", "$h"), None, "another PIN");
        assert_eq!(p.take("s2", "1234", "$h"), None, "another person");
        assert_eq!(p.take("s1", "1234", "$h2"), None, "a reset PIN");
        assert_eq!(p.take("s1", "1234", "$h"), Some(Ok(true)));
        assert_eq!(p.take("s1", "1234", "$h"), None, "taken once");
    }

    #[test]
    fn only_the_latest_candidate_is_kept() {
        let p = Prechecks::default();
        p.run("s1", "1234", "$h", || Ok(false));
        p.run("s1", "12345", "$h", || Ok(true));
        assert_eq!(p.take("s1", "1234", "$h"), None);
        assert_eq!(p.take("s1", "12345", "$h"), Some(Ok(true)));
    }

    #[test]
    fn a_sign_in_waits_for_the_check_of_its_candidate_still_running() {
        let p = Arc::new(Prechecks::default());
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let runner = {
            let p = p.clone();
            std::thread::spawn(move || {
                p.run("s1", "1234", "$h", || {
                    started_tx.send(()).unwrap();
                    std::thread::sleep(Duration::from_millis(100));
                    Ok(true)
                })
            })
        };
        started_rx.recv().unwrap();
        assert_eq!(p.take("s1", "1234", "$h"), Some(Ok(true)));
        runner.join().unwrap();
        assert!(!p.holds());
    }
}
