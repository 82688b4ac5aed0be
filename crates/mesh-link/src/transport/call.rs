//! One call to Mesh: attempts until one succeeds or may not be retried, the waits between them
//! within the deadline, and a `tracing` span for each attempt.

use std::time::{Duration, Instant};

use tracing::Instrument as _;
use url::Url;

use crate::error::Error;
use crate::transport::attempt::{Attempt, Outgoing, ReadAnswer};
use crate::transport::deadline::Deadline;
use crate::transport::retry::RetryPolicy;

/// How long calls may take and how they are retried; the same for every call of a client.
#[derive(Clone, Debug)]
pub(crate) struct CallSettings {
    pub(crate) timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
}

/// What a call sends, where, and how its answer is read.
pub(crate) struct Call<'a, T> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) url: &'a Url,
    pub(crate) operation: &'static str,
    pub(crate) outgoing: Outgoing,
    pub(crate) settings: &'a CallSettings,
    /// When the user's call ends, whatever it did before this request.
    pub(crate) deadline: Deadline,
    /// The largest answer this operation reads.
    pub(crate) max_response_bytes: usize,
    /// For redacting excerpts of answers that echo it.
    pub(crate) secret: &'a str,
    pub(crate) read: ReadAnswer<T>,
}

impl<T> Call<'_, T> {
    /// Sends the request, retrying what may pass ([`Error::is_retryable`]) within the policy
    /// and the deadline.
    pub(crate) async fn run(self) -> Result<T, Error> {
        let settings = self.settings;
        let mut retries = 0;
        loop {
            let remaining = self.deadline.remaining();
            if remaining.is_zero() {
                return Err(self.deadline.passed());
            }
            let attempt = Attempt {
                http: self.http,
                url: self.url,
                outgoing: &self.outgoing,
                timeout: settings.timeout.min(remaining),
                max_response_bytes: self.max_response_bytes,
                secret: self.secret,
                read: self.read,
            };
            let span = tracing::info_span!(
                "mesh_link.request",
                operation = self.operation,
                attempt = retries + 1,
                status = tracing::field::Empty,
                outcome = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let (status, result) = attempt.run().instrument(span.clone()).await;
            span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            if let Some(status) = status {
                span.record("status", status);
            }
            let error = match result {
                Ok(value) => {
                    span.record("outcome", "ok");
                    return Ok(value);
                }
                // The attempt's timer was the call's deadline: say that the call ran out.
                Err(Error::Timeout(_)) if self.deadline.remaining().is_zero() => {
                    self.deadline.passed()
                }
                Err(error) => error,
            };
            span.record("outcome", outcome_name(&error));
            retries += 1;
            let Some(wait) = settings.retry.delay_before(retries, &error) else {
                return Err(error);
            };
            // A wait that would end past the deadline ends the call now.
            if self.deadline.is_passed_by(wait) {
                return Err(error);
            }
            span.in_scope(
                || tracing::info!(wait_ms = wait.as_millis() as u64, error = %error, "retrying"),
            );
            tokio::time::sleep(wait).await;
        }
    }
}

fn outcome_name(error: &Error) -> &'static str {
    match error {
        Error::InvalidRequest(_) => "invalid_request",
        Error::Unauthorized => "unauthorized",
        Error::Api(_) => "refused",
        Error::RateLimited { .. } => "rate_limited",
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::Unavailable { .. } => "unavailable",
        Error::Undecodable(_) => "undecodable",
        Error::Redirected { .. } => "redirected",
    }
}
