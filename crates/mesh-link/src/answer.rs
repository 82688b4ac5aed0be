//! What an answer from Mesh means: a link token, or the error it calls for.

use std::time::{Duration, SystemTime};

use mesh_link_api::types::{ApiResult, ApiResultStatus, ApiResultStatusKnown};
use serde::Deserialize;

use crate::error::{ApiError, Error, Undecodable, unreadable};
use crate::excerpt::{excerpt, quote, redact};
use crate::retry::parse_retry_after;
use crate::token::LinkToken;

/// An answer from Mesh before it is judged: its status, `Retry-After` and body (`Bytes` as
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
    pub(crate) fn judged_by_status(&self) -> Option<Error> {
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

    /// The answer could not be read for `reason`; `secret` is redacted from the excerpt.
    pub(crate) fn undecodable(&self, reason: &str, secret: &str) -> Error {
        unreadable(
            self.status,
            self.unavailable_for(),
            redact(reason, secret),
            excerpt(self.body, secret),
        )
    }
}

/// What Mesh's answer to `POST /api/v1/linktoken` means: the link token, or the [`Error`] it
/// calls for, exactly as [`MeshClient`](crate::MeshClient) judges it.
///
/// For sending [`LinkTokenRequest::to_json_body`](crate::LinkTokenRequest::to_json_body) with
/// your own HTTP stack. `retry_after` is the answer's `Retry-After` header, if any.
///
/// ```
/// let answer = br#"{"status": "ok", "content": {"linkToken": "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLw=="}}"#;
/// let token = mesh_link::decode_answer(200, None, answer)?;
/// assert_eq!(token.link_url().host_str(), Some("web.meshconnect.com"));
/// # Ok::<(), mesh_link::Error>(())
/// ```
pub fn decode_answer(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<LinkToken, Error> {
    judge(Answer::from_parts(http_status, retry_after, body), "")
}

/// Judges Mesh's answer to `POST /api/v1/linktoken`; `secret` is redacted from any excerpt of
/// its body.
pub(crate) fn judge(answer: Answer<&[u8]>, secret: &str) -> Result<LinkToken, Error> {
    judge_with(answer, secret, |answer, secret| {
        match serde_json::from_slice::<SuccessEnvelope<&str>>(answer.body) {
            Ok(envelope) => success(envelope, answer, secret),
            // Escaped text cannot be borrowed: read again into owned strings.
            Err(_) => match serde_json::from_slice::<SuccessEnvelope<String>>(answer.body) {
                Ok(envelope) => success(envelope, answer, secret),
                Err(e) => {
                    let reason = format!("the body is not Mesh's link-token envelope ({e})");
                    Err(answer.undecodable(&reason, secret))
                }
            },
        }
    })
}

/// Judges an answer of any operation: `success` reads a 2xx; every other status means the same
/// error whichever operation it answers.
pub(crate) fn judge_with<T>(
    answer: Answer<&[u8]>,
    secret: &str,
    success: impl FnOnce(Answer<&[u8]>, &str) -> Result<T, Error>,
) -> Result<T, Error> {
    if let Some(error) = answer.judged_by_status() {
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

/// The parts of a `LinkTokenModelApiResult` a success needs, as text borrowed from the body
/// (`&str`) or, when it is escaped, owned (`String`).
///
/// The generated type decodes every field and buffers `status` (an untagged enum) first; on the
/// path every call takes, reading just these is measurably cheaper. A test checks the names
/// against what the generated type writes, so a field renamed in the spec cannot slip by.
#[derive(Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
struct SuccessEnvelope<S> {
    #[serde(default = "none")]
    status: Option<S>,
    #[serde(default = "none")]
    content: Option<SuccessContent<S>>,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
struct SuccessContent<S> {
    #[serde(rename = "linkToken", default = "none")]
    link_token: Option<S>,
    #[serde(rename = "paymentLink", default = "none")]
    payment_link: Option<S>,
}

/// `Option::default` without the `S: Default` bound derive would ask for.
fn none<T>() -> Option<T> {
    None
}

fn success<S: AsRef<str> + Into<String>>(
    envelope: SuccessEnvelope<S>,
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<LinkToken, Error> {
    let SuccessEnvelope { status, content } = envelope;
    let (token, payment_link) = content.map_or((None, None), |c| (c.link_token, c.payment_link));
    let status = status.as_ref().map(AsRef::as_ref);
    // The generated enum knows the statuses of the spec; anything else is a status Mesh added.
    let known = status.map(str::parse::<ApiResultStatusKnown>);
    let token = match (known, token.filter(|t| !t.as_ref().is_empty())) {
        (None | Some(Ok(ApiResultStatusKnown::Ok)), Some(token)) => token,
        (Some(Err(_)), Some(token)) => {
            tracing::warn!(
                status = quote(status.unwrap_or_default(), secret),
                "Mesh answered with a status this client does not know, and a link token; using the token"
            );
            token
        }
        (None | Some(Ok(ApiResultStatusKnown::Ok)), None) => {
            let reason = "status is ok but the answer has no linkToken";
            return Err(answer.undecodable(reason, secret));
        }
        (Some(_), None | Some(_)) => return Err(refused_despite_success(answer, secret)),
    };
    let payment_link = payment_link.map(Into::into);
    // No excerpt: the body holds the token, which is a secret.
    LinkToken::from_answer(token.into(), payment_link, SystemTime::now())
        .map_err(|reason| Error::Undecodable(Undecodable::new(answer.status, reason)))
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
    let status = status.map(|status| match status {
        ApiResultStatus::Unknown(unknown) => ApiResultStatus::Unknown(quote(&unknown, secret)),
        known => known,
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

#[cfg(test)]
mod tests {
    use mesh_link_api::types::{LinkTokenModel, LinkTokenModelApiResult};

    use super::*;

    #[test]
    fn the_lean_decoder_reads_the_names_the_generated_type_writes() {
        let content = LinkTokenModel::builder()
            .link_token(Some("the-token".to_owned()))
            .payment_link(Some("https://pay.example/1".to_owned()));
        let generated = LinkTokenModelApiResult::try_from(
            LinkTokenModelApiResult::builder()
                .status(Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)))
                .content(Some(LinkTokenModel::try_from(content).unwrap()))
                .message(Some(String::new()))
                .error_hash(Some("8d443794".to_owned()))
                .error_type(Some(String::new())),
        )
        .unwrap();
        let body = serde_json::to_vec(&generated).unwrap();
        let lean: SuccessEnvelope<&str> = serde_json::from_slice(&body).unwrap();
        assert_eq!(lean.status, Some("ok"));
        let content = lean.content.unwrap();
        assert_eq!(content.link_token, Some("the-token"));
        assert_eq!(content.payment_link, Some("https://pay.example/1"));
    }

    #[test]
    fn escaped_strings_decode_too() {
        // base64 has `/`, which some JSON writers escape.
        let token = "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLz9hPT8/Pz8/";
        let body = format!(
            r#"{{"status":"ok","content":{{"linkToken":"{}"}}}}"#,
            token.replace('/', "\\/")
        );
        assert!(serde_json::from_slice::<SuccessEnvelope<&str>>(body.as_bytes()).is_err());
        let decoded = decode_answer(200, None, body.as_bytes()).unwrap();
        assert_eq!(decoded.token(), token);
        assert_eq!(
            decoded.link_url().as_str(),
            "https://web.meshconnect.com/?a=?????"
        );
    }
}
