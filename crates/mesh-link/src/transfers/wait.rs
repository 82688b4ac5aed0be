//! Waiting for the transfer of a transaction to be final: polling with backoff and jitter,
//! within Mesh's rate limits, until a deadline.

use std::time::Duration;

use super::listing;
use super::query::TransferQuery;
use super::status::TransferStatus;
use super::transfer::Transfer;
use crate::client::shared::Shared;
use crate::defaults;
use crate::error::Error;
use crate::transport::deadline::Deadline;
use crate::transport::retry::jittered_backoff;

/// What to wait for with [`MeshClient::wait_for_transfer`](crate::MeshClient::wait_for_transfer):
/// the transfer of one `transactionId`, for at most `within`.
///
/// ```
/// use std::time::Duration;
/// use mesh_link::TransferWait;
///
/// let wait = TransferWait::for_transaction("order-1042", Duration::from_secs(600));
/// let impatient = TransferWait::for_transaction("order-1042", Duration::from_secs(5))
///     .poll_interval(Duration::from_millis(200), Duration::from_secs(1));
/// # let _ = (wait, impatient);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TransferWait {
    query: TransferQuery,
    within: Duration,
    first_poll: Duration,
    max_poll: Duration,
}

impl TransferWait {
    /// The transfer of the link token whose `transactionId` was `transaction_id`, waited for at
    /// most `within`. Polls start [`defaults::TRANSFER_FIRST_POLL`] apart and double up to
    /// [`defaults::TRANSFER_MAX_POLL`].
    pub fn for_transaction(transaction_id: impl Into<String>, within: Duration) -> Self {
        Self {
            query: TransferQuery::for_transaction(transaction_id),
            within,
            first_poll: defaults::TRANSFER_FIRST_POLL,
            max_poll: defaults::TRANSFER_MAX_POLL,
        }
    }

    /// The pause after the first poll, doubled after each next one up to `max`; each pause is
    /// jittered over its upper half, never shorter than [`defaults::TRANSFER_MIN_POLL`], and a
    /// `Retry-After` from Mesh is waited in full.
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_poll = first;
        self.max_poll = max;
        self
    }
}

/// How a [`TransferWait`] ended.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitOutcome {
    /// The transfer is final: [`Succeeded`](TransferStatus::Succeeded) if any transfer of the
    /// transaction succeeded, otherwise the newest, [`Failed`](TransferStatus::Failed).
    Final(Transfer),
    /// The wait ran out first; the newest transfer seen, if Mesh listed any.
    TimedOut {
        /// The transfer as last read.
        last_seen: Option<Transfer>,
    },
}

/// Polls until the transaction's transfer is final or `wait.within` has passed. A failure that
/// may pass ([`Error::is_retryable`]) is polled through; one that will not ends the wait. The
/// last poll starts before the end with time left for it (the client's attempt timeout, or half
/// of what is left). A wait of zero looks once, with the client's deadline.
pub(crate) async fn wait_for(shared: &Shared, wait: &TransferWait) -> Result<WaitOutcome, Error> {
    wait.query.check()?;
    let whole = Deadline::after(wait.within);
    let mut last_seen = None;
    let mut answered = false;
    let mut polls = 0;
    let mut last_round = false;
    loop {
        let call = match wait.within.is_zero() {
            true => shared.deadline(),
            false => Deadline::after(shared.settings.deadline.min(whole.remaining())),
        };
        let (last_error, asked) = match listing::read_all(shared, &wait.query, call).await {
            Ok(list) => {
                let transfers = list.into_transfers();
                if let Some(done) = final_of(&transfers) {
                    return Ok(WaitOutcome::Final(done.clone()));
                }
                last_seen = transfers.into_iter().last().or(last_seen);
                answered = true;
                (None, Duration::ZERO)
            }
            Err(error) if error.is_retryable() => {
                tracing::info!(%error, "polling a transfer's status through a failure");
                let asked = error.retry_after().unwrap_or_default();
                (Some(error), asked)
            }
            Err(error) => return Err(error),
        };
        let remaining = whole.remaining();
        // A poll needs time of its own: one with less than the shortest pause left is not made.
        if last_round || remaining < defaults::TRANSFER_MIN_POLL || asked >= remaining {
            return match (answered, last_error) {
                (false, Some(error)) => Err(error),
                _ => Ok(WaitOutcome::TimedOut { last_seen }),
            };
        }
        polls += 1;
        let mut pause = jittered_backoff(wait.first_poll, wait.max_poll, polls)
            .max(defaults::TRANSFER_MIN_POLL)
            .max(asked);
        if pause >= remaining {
            last_round = true;
            let reserve = shared.settings.timeout.min(remaining / 2);
            pause = (remaining - reserve).max(asked);
        }
        tokio::time::sleep(pause).await;
    }
}

/// The transfer that settles the transaction: one that succeeded, or the newest when every
/// one is final.
fn final_of(transfers: &[Transfer]) -> Option<&Transfer> {
    let succeeded = transfers
        .iter()
        .rev()
        .find(|t| t.status == TransferStatus::Succeeded);
    let all_final = !transfers.is_empty() && transfers.iter().all(|t| t.status.is_final());
    succeeded.or_else(|| transfers.last().filter(|_| all_final))
}
