//! The one call a webhook handler makes: signature, then event, then age.

use std::fmt;
use std::time::{Duration, SystemTime};

use secrecy::SecretString;

use super::error::WebhookError;
use super::event::{TransferEvent, decode_event};
use super::signature::{SigningKey, decode_header};
use crate::defaults;

/// Checks Mesh's transfer-status webhooks: build it once from the webhook secret Mesh gave you
/// at registration, then hand it each delivery's `X-Mesh-Signature-256` header and raw body.
///
/// ```
/// use mesh_link::{WebhookError, WebhookVerifier};
///
/// let verifier = WebhookVerifier::new("whsec-from-the-dashboard")?;
/// let forged = verifier.verify(Some(b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), b"{}");
/// assert_eq!(forged.unwrap_err(), WebhookError::SignatureMismatch);
/// assert_eq!(verifier.verify(None, b"{}").unwrap_err(), WebhookError::MissingSignature);
/// # Ok::<(), WebhookError>(())
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    current: SigningKey,
    previous: Option<SigningKey>,
    max_age: Duration,
}

impl WebhookVerifier {
    /// A verifier for deliveries signed with `secret`; an empty secret is refused
    /// ([`WebhookError::EmptySecret`]).
    pub fn new(secret: impl Into<SecretString>) -> Result<Self, WebhookError> {
        Ok(Self {
            current: SigningKey::new(&secret.into()).ok_or(WebhookError::EmptySecret)?,
            previous: None,
            max_age: defaults::WEBHOOK_MAX_AGE,
        })
    }

    /// Also accept deliveries signed with `secret`, while a secret is rotated: Mesh may still
    /// send with the old one after you registered the new one. One previous secret is kept (a
    /// second call replaces the first); drop it once the old one stops.
    pub fn with_previous_secret(
        mut self,
        secret: impl Into<SecretString>,
    ) -> Result<Self, WebhookError> {
        self.previous = Some(SigningKey::new(&secret.into()).ok_or(WebhookError::EmptySecret)?);
        Ok(self)
    }

    /// How far a delivery's `SentTimestamp` may be from this machine's clock, either way
    /// ([`defaults::WEBHOOK_MAX_AGE`] unless set): older is a replay, further ahead a clock
    /// that is wrong. Mesh sends each retry afresh, so a genuine delivery is never old.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The event of a delivery, if Mesh sent it: `signature` is the `X-Mesh-Signature-256`
    /// header's value (`None` when the request had none), `body` the request's bytes exactly as
    /// they arrived, before any JSON parsing.
    pub fn verify(
        &self,
        signature: Option<&[u8]>,
        body: &[u8],
    ) -> Result<TransferEvent, WebhookError> {
        self.verify_at(signature, body, SystemTime::now())
    }

    /// [`verify`](Self::verify), with `now` as the time the delivery arrived.
    pub fn verify_at(
        &self,
        signature: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<TransferEvent, WebhookError> {
        let claimed = signature.ok_or(WebhookError::MissingSignature)?;
        let claimed = decode_header(claimed).ok_or(WebhookError::MalformedSignature)?;
        let signed = self.current.signed(body, &claimed)
            || self
                .previous
                .as_ref()
                .is_some_and(|previous| previous.signed(body, &claimed));
        if !signed {
            return Err(WebhookError::SignatureMismatch);
        }
        let event = decode_event(body).map_err(|reason| WebhookError::NotAnEvent { reason })?;
        let max_age = self.max_age;
        match now.duration_since(event.sent_at()) {
            Ok(age) if age > max_age => Err(WebhookError::Stale {
                age,
                max_age,
                event: Box::new(event),
            }),
            Err(ahead) if ahead.duration() > max_age => Err(WebhookError::FromTheFuture {
                ahead: ahead.duration(),
                max_age,
                event: Box::new(event),
            }),
            _ => Ok(event),
        }
    }
}

/// Says how many secrets it holds, never what they are.
impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secrets", &(1 + usize::from(self.previous.is_some())))
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}
