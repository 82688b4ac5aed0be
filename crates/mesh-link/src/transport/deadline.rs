//! One deadline for everything a call of the user's does: catalog fetches, waits for another
//! caller's fetch, attempts and the pauses between them.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::Error;

/// `now + by`; a year from now when `by` is too long for the clock to add (a setting of
/// `Duration::MAX` means "no limit", not a panic).
pub(crate) fn later(now: Instant, by: Duration) -> Instant {
    const A_YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);
    now.checked_add(by).unwrap_or(now + A_YEAR)
}

/// When a call must end, and the budget it was given (for the error that says so).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    ends: Instant,
    budget: Duration,
}

impl Deadline {
    /// A deadline `budget` from now.
    pub(crate) fn after(budget: Duration) -> Self {
        Self {
            ends: later(Instant::now(), budget),
            budget,
        }
    }

    /// What is left of it (zero once it has passed).
    pub(crate) fn remaining(&self) -> Duration {
        self.ends.saturating_duration_since(Instant::now())
    }

    /// Whether something that takes `wait` from now would end past it.
    pub(crate) fn is_passed_by(&self, wait: Duration) -> bool {
        Instant::now()
            .checked_add(wait)
            .is_none_or(|end| end >= self.ends)
    }

    /// Whether it comes before `instant` (or at it).
    pub(crate) fn ends_before(&self, instant: Instant) -> bool {
        self.ends <= instant
    }

    /// A deadline that ends sooner: `share` of what is left of this one.
    pub(crate) fn share(&self, share: f64) -> Self {
        Self {
            ends: Instant::now() + self.remaining().mul_f64(share),
            budget: self.budget,
        }
    }

    /// The error of a call that ran out of time.
    pub(crate) fn passed(&self) -> Error {
        Error::Timeout(self.budget)
    }

    /// `future`'s output, or [`passed`](Self::passed) when the deadline comes first.
    pub(crate) async fn bound<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        tokio::time::timeout_at(self.ends, future)
            .await
            .map_err(|_| self.passed())
    }
}
