//! The webhooks the emulator sends, as a test configures and reads them: where to, signed with
//! what, how often retried, the faults to play, and each delivery with the answer it got.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use uuid::Uuid;

/// Attempts per event unless [`Webhooks::attempts`] says otherwise: the first and three retries.
pub const DEFAULT_WEBHOOK_ATTEMPTS: u32 = 4;
/// The pause before the first retry, doubled before each next one.
pub const DEFAULT_WEBHOOK_FIRST_RETRY: Duration = Duration::from_millis(500);
/// How long a delivery may take, from connecting to the answer's status line.
pub const DEFAULT_WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the emulator sends Mesh's transfer-status webhooks, and how: one signed `POST` for each
/// status change of the transfers it holds (`pending` when a session is completed, then its
/// outcome when due), as Mesh's guide "Transfer status webhooks" describes them.
///
/// ```
/// use std::time::Duration;
/// use mesh_mock::{MeshMock, Webhooks};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = MeshMock::builder()
///     .webhooks(Webhooks::new("http://127.0.0.1:9/mesh/webhooks", "whsec-test").attempts(2))
///     .start()
///     .await?;
/// # let _ = mock;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Webhooks {
    pub(crate) url: String,
    pub(crate) secret: SecretString,
    pub(crate) attempts: u32,
    pub(crate) first_retry: Duration,
    pub(crate) timeout: Duration,
}

impl Webhooks {
    /// Deliveries to `url` (`http://host:port/path`: the emulator sends to your local handler,
    /// never anywhere else), signed with `secret` as Mesh signs with the one it gives you.
    pub fn new(url: impl Into<String>, secret: impl Into<SecretString>) -> Self {
        Self {
            url: url.into(),
            secret: secret.into(),
            attempts: DEFAULT_WEBHOOK_ATTEMPTS,
            first_retry: DEFAULT_WEBHOOK_FIRST_RETRY,
            timeout: DEFAULT_WEBHOOK_TIMEOUT,
        }
    }

    /// How many times an event is sent until an answer is 2xx (at least 1).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// The pause before the first retry; each next one waits twice as long.
    pub fn first_retry(mut self, pause: Duration) -> Self {
        self.first_retry = pause;
        self
    }

    /// How long one delivery may wait for its answer before it counts as failed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// A misbehaviour of Mesh's webhooks, played on the next transfer completed after it is queued
/// ([`MeshMock::enqueue_webhook_fault`](crate::MeshMock::enqueue_webhook_fault),
/// `--webhook-fault`, or `POST /_mesh-mock/webhooks/faults`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookFault {
    /// `duplicate`: each event is delivered twice (same `EventId`, new `Id`), as at-least-once
    /// delivery allows.
    Duplicate,
    /// `out-of-order`: the final status's event is sent before the `pending` one.
    OutOfOrder,
    /// `wrong-signature`: the first attempt of each event is signed with another secret; the
    /// retry is signed right.
    WrongSignature,
    /// `delay:MILLISECONDS`: the events are sent this much later.
    Delay(Duration),
}

/// The fault kinds as text, for `--help` and error messages.
pub const WEBHOOK_FAULT_KINDS: [(&str, &str); 4] = [
    (
        "duplicate",
        "each event of the next transfer delivered twice: same EventId, new Id",
    ),
    (
        "out-of-order",
        "the next transfer's final event sent before its pending one",
    ),
    (
        "wrong-signature",
        "each event's first attempt signed with another secret",
    ),
    (
        "delay:MILLISECONDS",
        "the next transfer's events sent that much later",
    ),
];

/// Text that names no webhook fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a webhook fault ({kinds})", kinds = WEBHOOK_FAULT_KINDS.map(|(syntax, _)| syntax).join(", "))]
pub struct ParseWebhookFaultError(String);

impl FromStr for WebhookFault {
    type Err = ParseWebhookFaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "duplicate" => Ok(Self::Duplicate),
            "out-of-order" => Ok(Self::OutOfOrder),
            "wrong-signature" => Ok(Self::WrongSignature),
            _ => text
                .strip_prefix("delay:")
                .and_then(|ms| ms.parse().ok())
                .map(|ms| Self::Delay(Duration::from_millis(ms)))
                .ok_or_else(|| ParseWebhookFaultError(text.to_owned())),
        }
    }
}

/// One attempt to deliver an event, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// `EventId`: the same for every attempt and copy of one event.
    pub event_id: Uuid,
    /// `Id`: this attempt's own.
    pub delivery_id: Uuid,
    /// `TransferId`: Mesh's ID of the transfer.
    pub transfer_id: Uuid,
    /// `TransferStatus` of the event.
    pub status: String,
    /// The body sent, byte for byte.
    pub body: String,
    /// The `X-Mesh-Signature-256` header sent.
    pub signature: String,
    /// Whether the signature was made with the configured secret
    /// ([`WebhookFault::WrongSignature`] makes it not).
    pub signed_with_the_secret: bool,
    /// What the receiver answered.
    pub answer: DeliveryAnswer,
}

/// What a delivery got back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryAnswer {
    /// An HTTP status.
    Status(u16),
    /// No answer: the connection failed or closed.
    Failed(String),
    /// No answer within [`Webhooks::timeout`].
    TimedOut,
}

impl DeliveryAnswer {
    /// Whether it was a 2xx, after which the event is not sent again.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Status(code) if (200..300).contains(code))
    }
}

impl fmt::Display for DeliveryAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(code) => write!(f, "HTTP {code}"),
            Self::Failed(why) => write!(f, "no answer: {why}"),
            Self::TimedOut => f.write_str("no answer in time"),
        }
    }
}
