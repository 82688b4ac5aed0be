//! What an answer from Mesh means, for every operation: the one place an HTTP status and
//! Mesh's envelope become an [`Error`] (a 2xx is read by the operation's own reader).

use std::time::{Duration, SystemTime};

use mesh_link_api::types::{ApiResult, ApiResultStatus, ApiResultStatusKnown};

use crate::api_status::ApiStatus;
use crate::error::{ApiError, Error, Undecodable};
use crate::transport::redaction::{excerpt, quote, redact};
use crate::transport::retry::parse_retry_after;

/// An answer from Mesh before it is read: its status, `Retry-After` and body (`Bytes` as
/// read from the connection, or borrowed).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer<B> {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: B,
}

impl<B: AsRef<[u8]>> Answer<B> {
    pub(crate) fn borrowed(&self) -> Answer<&[u8]> {
        Answer {
            status: self.status,
            retry_after: self.retry_after,
            body: self.body.as_ref(),
        }
    }
}

impl<'a> Answer<&'a [u8]> {
    /// An answer from its parts as a caller with its own HTTP stack has them: the
    /// `Retry-After` header as text.
    pub(crate) fn from_parts(status: u16, retry_after: Option<&str>, body: &'a [u8]) -> Self {
        Self {
            status,
            retry_after: retry_after.and_then(|value| parse_retry_after(value, SystemTime::now())),
            body,
        }
    }

    /// The error that the status alone calls for, whatever the body: 401 and 429.
    pub(crate) fn error_by_status(&self) -> Option<Error> {
        match self.status {
            401 => Some(Error::Unauthorized),
            429 => Some(Error::RateLimited {
                http_status: 429,
                retry_after: self.retry_after,
            }),
            _ => None,
        }
    }

    /// `Retry-After` where HTTP gives it a meaning for an error: on 503 Service Unavailable.
    fn unavailable_for(&self) -> Option<Duration> {
        self.retry_after.filter(|_| self.status == 503)
    }

    /// The answer could not be read for `reason`: an outage when it is a 5xx, and otherwise an
    /// answer Mesh does not give. `secret` is redacted from the excerpt.
    pub(crate) fn undecodable(&self, reason: &str, secret: &str) -> Error {
        let excerpt = excerpt(self.body, secret);
        if (500..=599).contains(&self.status) {
            Error::Unavailable {
                http_status: self.status,
                retry_after: self.unavailable_for(),
                excerpt,
            }
        } else {
            Error::Undecodable(
                Undecodable::new(self.status, redact(reason, secret)).with_excerpt(excerpt),
            )
        }
    }
}

/// Reads an answer of any operation: `success` reads a 2xx; every other status means the same
/// error whichever operation it answers.
pub(crate) fn read_answer<T>(
    answer: Answer<&[u8]>,
    secret: &str,
    success: impl FnOnce(Answer<&[u8]>, &str) -> Result<T, Error>,
) -> Result<T, Error> {
    if let Some(error) = answer.error_by_status() {
        return Err(error);
    }
    match answer.status {
        200..=299 => success(answer, secret),
        status => match serde_json::from_slice::<ApiResult>(answer.body) {
            Ok(envelope) => Err(refusal(answer, envelope, secret)),
            Err(_) => {
                let reason = format!("HTTP {status} without Mesh's envelope");
                Err(answer.undecodable(&reason, secret))
            }
        },
    }
}

/// A 2xx answer whose envelope's `status` is not `ok`: Mesh's refusal, read as `ApiResult`
/// (response schemas accept unknown fields, so every envelope reads as one).
pub(crate) fn refused_despite_success(answer: Answer<&[u8]>, secret: &str) -> Error {
    let envelope = serde_json::from_slice::<ApiResult>(answer.body).unwrap_or_default();
    refusal(answer, envelope, secret)
}

/// Mesh's envelope with a status other than `ok`; `tooManyRequest` is a rate limit. Every text
/// in it is quoted as [`quote`] does: an answer that echoes the secret or a token does not
/// carry it into the error.
fn refusal(answer: Answer<&[u8]>, envelope: ApiResult, secret: &str) -> Error {
    let ApiResult {
        status,
        error_type,
        message,
        display_message,
        error_hash,
        ..
    } = envelope;
    if matches!(
        status,
        Some(ApiResultStatus::Known(ApiResultStatusKnown::TooManyRequest))
    ) {
        return Error::RateLimited {
            http_status: answer.status,
            retry_after: answer.retry_after,
        };
    }
    let quoted = |text: Option<String>| text.map(|text| quote(&text, secret));
    // A status the spec lists is the spec's text; only one Mesh made up can quote a secret.
    let status = status.map(|status| match status {
        ApiResultStatus::Unknown(unknown) => ApiStatus::Unknown(quote(&unknown, secret)),
        known => ApiStatus::from(known.to_string().as_str()),
    });
    Error::Api(Box::new(ApiError {
        http_status: answer.status,
        status,
        error_type: quoted(error_type.filter(|t| !t.is_empty())),
        message: quoted(message),
        display_message: quoted(display_message),
        error_hash: quoted(error_hash),
        retry_after: answer.unavailable_for(),
    }))
}
