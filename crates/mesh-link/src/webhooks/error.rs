//! Why a webhook delivery was refused, or a verifier could not be built.

use std::time::Duration;

use mesh_link_api::wire::WEBHOOK_SIGNATURE_HEADER;

use super::event::TransferEvent;

/// A webhook delivery that is not to be believed, and which check it failed. No variant
/// carries the signature expected, nor the secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// [`WebhookVerifier::new`](crate::WebhookVerifier::new) or
    /// [`with_previous_secret`](crate::WebhookVerifier::with_previous_secret) was given an empty
    /// secret, which anyone could sign with.
    #[error("a webhook secret must not be empty")]
    EmptySecret,
    /// The request has no signature header: it is not a delivery of Mesh's.
    #[error("no {WEBHOOK_SIGNATURE_HEADER} header: not a delivery of Mesh's")]
    MissingSignature,
    /// The signature header is not the Base64 of an HMAC-SHA256 (32 bytes).
    #[error("the {WEBHOOK_SIGNATURE_HEADER} header is not the Base64 of an HMAC-SHA256 (32 bytes)")]
    MalformedSignature,
    /// No configured secret signed these exact bytes: the body was changed, or signed with
    /// another secret.
    #[error("the signature does not match the body under any configured webhook secret")]
    SignatureMismatch,
    /// The body is signed, but is not a transfer-status event this crate can read.
    #[error("the body is signed but is not a transfer-status event: {reason}")]
    NotAnEvent {
        /// What is missing or wrong.
        reason: String,
    },
    /// The delivery was sent longer ago than the verifier allows: a replay, a queue stuck that
    /// long, or (if Mesh stamped a retry with its first attempt's time, which its guide does not
    /// say) a late retry. Its signature checked out: `event` is Mesh's, but old; do not act on
    /// its status, read the transfer from Mesh instead, and answer 2xx so Mesh stops retrying.
    #[error("the delivery was sent {age:?} ago, more than the {max_age:?} allowed")]
    Stale {
        /// How long ago its `SentTimestamp` is.
        age: Duration,
        /// The verifier's [`max_age`](crate::WebhookVerifier::max_age).
        max_age: Duration,
        /// The event, signed by Mesh but old.
        event: Box<TransferEvent>,
    },
    /// The delivery's `SentTimestamp` is further ahead of this machine's clock than the
    /// verifier allows: one of the two clocks is wrong.
    #[error(
        "the delivery was sent {ahead:?} ahead of this clock, more than the {max_age:?} allowed"
    )]
    FromTheFuture {
        /// How far ahead its `SentTimestamp` is.
        ahead: Duration,
        /// The verifier's [`max_age`](crate::WebhookVerifier::max_age), which bounds skew too.
        max_age: Duration,
        /// The event, signed by Mesh, with a time this clock cannot place.
        event: Box<TransferEvent>,
    },
}
