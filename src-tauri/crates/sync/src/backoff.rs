//! Retry delays: exponential with jitter (backon), never shorter than the OMS's `Retry-After`.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// Delay before attempt number `attempts + 1` of a command that has failed `attempts` times.
pub fn retry_delay(
    attempts: u32,
    min: Duration,
    max: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    let n = attempts.min(32) as usize;
    let computed = ExponentialBuilder::default()
        .with_min_delay(min)
        .with_max_delay(max)
        .with_factor(2.0)
        .with_jitter()
        .with_max_times(n + 1)
        .build()
        .nth(n)
        .unwrap_or(max)
        .min(max);
    match retry_after {
        Some(ra) => computed.max(ra),
        None => computed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_caps() {
        let min = Duration::from_millis(100);
        let max = Duration::from_secs(5);
        let first = retry_delay(0, min, max, None);
        assert!(first >= min && first < min * 2 + Duration::from_millis(1));
        let late = retry_delay(20, min, max, None);
        assert!(late <= max);
        assert!(
            late >= max / 2,
            "late retries stay near the cap, got {late:?}"
        );
    }

    #[test]
    fn honours_retry_after() {
        let d = retry_delay(
            0,
            Duration::from_millis(10),
            Duration::from_secs(1),
            Some(Duration::from_secs(7)),
        );
        assert_eq!(d, Duration::from_secs(7));
    }
}
