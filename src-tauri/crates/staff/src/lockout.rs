//! How long someone waits after wrong PINs.

use chrono::Duration;

/// Free tries, then a wait that doubles with every further wrong PIN, up to a cap.
///
/// With the default (3 free tries, 30 s, 15 min): wrong PINs 1 and 2 cost nothing, the 3rd starts a 30 s wait, the
/// 4th (after that wait) 60 s, then 120 s, 240 s, 480 s, and 900 s from the 8th on. A 4-digit PIN then takes
/// days to guess, while a person who mistypes twice is never slowed down (NIST SP 800-63B asks for at most 100
/// consecutive failures; this allows far fewer per hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Wrong PINs allowed before the first wait (the wait starts with this many failures).
    pub free_attempts: u32,
    /// The first wait.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            free_attempts: 3,
            first_delay: Duration::seconds(30),
            max_delay: Duration::minutes(15),
        }
    }
}

impl LockoutPolicy {
    /// The wait after `failures` consecutive wrong PINs; `None` while they are still free.
    pub fn delay_after(&self, failures: u32) -> Option<Duration> {
        let free = self.free_attempts.max(1);
        if failures < free {
            return None;
        }
        let doublings = (failures - free).min(30);
        let factor = 1i64 << doublings;
        let delay = self
            .first_delay
            .checked_mul(factor as i32)
            .unwrap_or(self.max_delay);
        Some(delay.min(self.max_delay))
    }

    /// Wrong PINs left before the first wait, after `failures`.
    pub fn tries_left(&self, failures: u32) -> u32 {
        self.free_attempts.max(1).saturating_sub(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_free_tries_then_doubling_waits_capped_at_fifteen_minutes() {
        let p = LockoutPolicy::default();
        let waits: Vec<Option<i64>> = (0..=10)
            .map(|n| p.delay_after(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900),
                Some(900),
                Some(900)
            ]
        );
        assert_eq!(p.delay_after(u32::MAX), Some(Duration::minutes(15)));
        assert_eq!(
            (p.tries_left(0), p.tries_left(2), p.tries_left(5)),
            (3, 1, 0)
        );
    }
}
