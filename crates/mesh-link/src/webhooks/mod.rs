//! Mesh's transfer-status webhooks, verified before they are believed: the signature over the
//! raw body under the webhook secret (or either of two while it is rotated), then the event, then
//! the delivery's age.

pub(crate) mod error;
pub(crate) mod event;
pub(crate) mod signature;
pub(crate) mod timestamp;
pub(crate) mod verifier;
