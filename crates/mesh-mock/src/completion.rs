//! How a test ends the user's side of a Link session: the transfer's outcome, and what may
//! differ from the link-token request.

use std::time::Duration;

/// The status a completed session's transfer ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// `succeeded`: the user paid.
    Succeeded,
    /// `failed`: the transfer did not go through.
    Failed,
    /// `pending`, and it stays so: for a test of a wait that runs out.
    Pending,
}

impl Outcome {
    /// The status as Mesh spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Pending => "pending",
        }
    }

    /// The outcome spelled `text` (`succeeded`, `failed`, `pending`).
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Succeeded, Self::Failed, Self::Pending]
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// Which session to complete, and how: built from the link token's `transactionId` (or the
/// link token itself) and the outcome, then [`MeshMock::complete`](crate::MeshMock::complete).
///
/// The transfer's destination, network, token and amount are the link-token request's first
/// `toAddresses` entry unless given here. It is `pending` from the moment it is completed and
/// reaches its outcome after [`after`](Self::after) (at once by default).
///
/// ```
/// use std::time::Duration;
/// use mesh_mock::{Completion, Outcome};
///
/// let paid = Completion::of_transaction("order-1", Outcome::Succeeded);
/// let slow = Completion::of_transaction("order-2", Outcome::Failed).after(Duration::from_secs(2));
/// let underpaid = Completion::of_transaction("order-3", Outcome::Succeeded).amount("9.99");
/// # let _ = (paid, slow, underpaid);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub(crate) session: SessionKey,
    pub(crate) outcome: Outcome,
    pub(crate) amount: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) after: Duration,
}

/// How a test names the session it completes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SessionKey {
    TransactionId(String),
    LinkToken(String),
}

impl Completion {
    /// The newest session whose link-token request carried `transactionId: transaction_id`.
    pub fn of_transaction(transaction_id: impl Into<String>, outcome: Outcome) -> Self {
        Self::new(SessionKey::TransactionId(transaction_id.into()), outcome)
    }

    /// The session of the link token the emulator issued as `link_token`.
    pub fn of_link_token(link_token: impl Into<String>, outcome: Outcome) -> Self {
        Self::new(SessionKey::LinkToken(link_token.into()), outcome)
    }

    fn new(session: SessionKey, outcome: Outcome) -> Self {
        Self {
            session,
            outcome,
            amount: None,
            address: None,
            after: Duration::ZERO,
        }
    }

    /// The amount transferred, as JSON writes it (`"10.50"`), instead of the request's.
    pub fn amount(mut self, amount: impl Into<String>) -> Self {
        self.amount = Some(amount.into());
        self
    }

    /// The destination address, instead of the request's.
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// How long the transfer stays `pending` before its outcome.
    pub fn after(mut self, delay: Duration) -> Self {
        self.after = delay;
        self
    }
}

/// Why a session could not be completed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompletionError {
    /// No link token was issued for that transaction ID or token.
    #[error("no link token was issued for {0}")]
    NoSession(String),
    /// The session has no destination (its request had no `toAddresses`) and none was given.
    #[error("{0} has no destination in its link-token request; give an address and an amount")]
    NoDestination(String),
    /// The amount given is not a JSON number.
    #[error("amount: {0:?} is not a number as JSON writes one")]
    NotANumber(String),
}
