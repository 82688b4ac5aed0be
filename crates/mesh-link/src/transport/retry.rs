//! When to try again: bounded retries with jittered exponential backoff, and `Retry-After`.

use std::time::{Duration, SystemTime};

use crate::defaults;
use crate::error::Error;

/// How the client retries a call that failed for a reason that may pass
/// ([`Error::is_retryable`]). Every retry also stays within the client's overall deadline.
///
/// ```
/// use std::time::Duration;
/// use mesh_link::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_retries(4).max_retry_after(Duration::from_secs(60));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// [`MAX_RETRIES`](defaults::MAX_RETRIES) retries, backoff from
    /// [`INITIAL_BACKOFF`](defaults::INITIAL_BACKOFF) doubling up to
    /// [`MAX_BACKOFF`](defaults::MAX_BACKOFF) with jitter, and `Retry-After` honoured up to
    /// [`MAX_RETRY_AFTER`](defaults::MAX_RETRY_AFTER).
    fn default() -> Self {
        Self {
            max_retries: defaults::MAX_RETRIES,
            initial_backoff: defaults::INITIAL_BACKOFF,
            max_backoff: defaults::MAX_BACKOFF,
            max_retry_after: defaults::MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// No retries: every failure is returned at once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How many times to retry after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry; it doubles for each next one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts when Mesh does not say how long.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits; a longer one ends the call with
    /// [`Error::RateLimited`] and its `retry_after`, for you to schedule.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The wait before retry number `retry` (1 for the first) after `error`, or `None` if the
    /// client should not retry it.
    pub(crate) fn delay_before(&self, retry: u32, error: &Error) -> Option<Duration> {
        if retry > self.max_retries || !error.is_retryable() {
            return None;
        }
        match error.retry_after() {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked),
            None => Some(self.backoff(retry)),
        }
    }

    fn backoff(&self, retry: u32) -> Duration {
        jittered_backoff(self.initial_backoff, self.max_backoff, retry)
    }
}

/// `initial × 2^(n-1)`, capped at `max`, with the upper half jittered so clients spread out.
pub(crate) fn jittered_backoff(initial: Duration, max: Duration, n: u32) -> Duration {
    let doubled = initial.saturating_mul(1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX));
    let ceiling = doubled.min(max);
    let half = ceiling / 2;
    let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos))
}

/// `Retry-After` as delay-seconds or an HTTP date; anything else (negative, fractional,
/// garbage) is ignored.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_limited(retry_after: Option<Duration>) -> Error {
        Error::RateLimited {
            http_status: 429,
            retry_after,
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half() {
        let policy = RetryPolicy::default().max_retries(10);
        for retry in 1..=8 {
            let ceiling =
                (Duration::from_millis(200) * 2u32.pow(retry - 1)).min(Duration::from_secs(5));
            for _ in 0..50 {
                let wait = policy.backoff(retry);
                assert!(
                    wait >= ceiling / 2 && wait <= ceiling,
                    "retry {retry}: {wait:?} not in [{:?}, {ceiling:?}]",
                    ceiling / 2
                );
            }
        }
        assert!(
            policy.backoff(u32::MAX) <= Duration::from_secs(5),
            "huge retry counts must not overflow"
        );
    }

    #[test]
    fn retry_after_is_used_up_to_the_cap_and_beyond_it_ends_the_call() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_before(1, &rate_limited(Some(Duration::from_secs(3)))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            policy.delay_before(1, &rate_limited(Some(Duration::from_secs(31)))),
            None
        );
        assert!(policy.delay_before(1, &rate_limited(None)).is_some());
    }

    #[test]
    fn no_retry_past_the_limit_or_for_errors_that_will_not_pass() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_before(3, &rate_limited(None)), None);
        assert_eq!(policy.delay_before(1, &Error::Unauthorized), None);
        assert_eq!(
            RetryPolicy::none().delay_before(1, &rate_limited(None)),
            None
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_http_dates_and_ignores_the_rest() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        let in_a_minute = httpdate::fmt_http_date(now + Duration::from_secs(60));
        assert_eq!(
            parse_retry_after(&in_a_minute, now),
            Some(Duration::from_secs(60))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(60));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        for garbage in ["-5", "1.5", "soon", "", "Thu, 99 Foo 2024"] {
            assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
        }
    }
}
