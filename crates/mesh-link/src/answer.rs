//! What an answer from Mesh means: a link token, or the error it calls for.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use mesh_link_api::types::{ApiResult, ApiResultStatus, ApiResultStatusKnown};
use serde::Deserialize;

use crate::error::{ApiError, Error, Undecodable};
use crate::excerpt::{excerpt, redact};
use crate::retry::parse_retry_after;
use crate::token::LinkToken;

/// An answer from Mesh, before it is judged.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer<'a> {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: &'a [u8],
}

impl Answer<'_> {
    /// `Retry-After` where HTTP gives it a meaning for an error: on 503 Service Unavailable.
    fn unavailable_for(&self) -> Option<Duration> {
        self.retry_after.filter(|_| self.status == 503)
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
    let retry_after = retry_after.and_then(|value| parse_retry_after(value, SystemTime::now()));
    judge(
        Answer {
            status: http_status,
            retry_after,
            body,
        },
        "",
    )
}

/// Judges `answer`; `secret` is redacted from any excerpt of its body.
pub(crate) fn judge(answer: Answer<'_>, secret: &str) -> Result<LinkToken, Error> {
    let undecodable = |reason: String| {
        Error::Undecodable(Undecodable {
            http_status: Some(answer.status),
            reason: redact(&reason, secret),
            excerpt: excerpt(answer.body, secret),
            retry_after: answer.unavailable_for(),
        })
    };
    match answer.status {
        401 => Err(Error::Unauthorized),
        429 => Err(Error::RateLimited {
            http_status: 429,
            retry_after: answer.retry_after,
        }),
        200..=299 => {
            let envelope: SuccessEnvelope<'_> =
                serde_json::from_slice(answer.body).map_err(|e| {
                    undecodable(format!("the body is not Mesh's link-token envelope ({e})"))
                })?;
            success(envelope, answer, secret)
        }
        status => match serde_json::from_slice::<ApiResult>(answer.body) {
            Ok(envelope) => Err(refusal(answer, envelope)),
            Err(_) => Err(undecodable(format!(
                "HTTP {status} without Mesh's envelope"
            ))),
        },
    }
}

/// The parts of a `LinkTokenModelApiResult` a success needs, borrowed from the body.
///
/// The generated type decodes every field and buffers `status` (an untagged enum) first; on the
/// path every call takes, reading just these is measurably cheaper. A test checks the names
/// against what the generated type writes, so a field renamed in the spec cannot slip by.
#[derive(Deserialize)]
struct SuccessEnvelope<'a> {
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<SuccessContent<'a>>,
}

#[derive(Deserialize)]
struct SuccessContent<'a> {
    #[serde(rename = "linkToken", borrow, default)]
    link_token: Option<Cow<'a, str>>,
    #[serde(rename = "paymentLink", borrow, default)]
    payment_link: Option<Cow<'a, str>>,
}

fn success(
    envelope: SuccessEnvelope<'_>,
    answer: Answer<'_>,
    secret: &str,
) -> Result<LinkToken, Error> {
    let SuccessEnvelope { status, content } = envelope;
    let (token, payment_link) = content
        .map(|c| (c.link_token, c.payment_link))
        .unwrap_or_default();
    // The generated enum knows the statuses of the spec; anything else is a status Mesh added.
    let known = status.as_deref().map(str::parse::<ApiResultStatusKnown>);
    let token = match (known, token.filter(|t| !t.is_empty())) {
        (None | Some(Ok(ApiResultStatusKnown::Ok)), Some(token)) => token,
        (Some(Err(_)), Some(token)) => {
            tracing::warn!(
                status = status.as_deref().unwrap_or_default(),
                "Mesh answered with a status this client does not know, and a link token; using the token"
            );
            token
        }
        (None | Some(Ok(ApiResultStatusKnown::Ok)), None) => {
            return Err(Error::Undecodable(Undecodable {
                http_status: Some(answer.status),
                reason: "status is ok but the answer has no linkToken".to_owned(),
                excerpt: excerpt(answer.body, secret),
                retry_after: None,
            }));
        }
        // A refusal with HTTP 200; response schemas accept unknown fields, so it reads as ApiResult.
        (Some(_), None | Some(_)) => {
            let envelope = serde_json::from_slice::<ApiResult>(answer.body).unwrap_or_default();
            return Err(refusal(answer, envelope));
        }
    };
    let payment_link = payment_link.map(Cow::into_owned);
    LinkToken::from_answer(token.into_owned(), payment_link, SystemTime::now()).map_err(|reason| {
        Error::Undecodable(Undecodable {
            http_status: Some(answer.status),
            reason,
            excerpt: String::new(),
            retry_after: None,
        })
    })
}

/// Mesh's envelope with a status other than `ok`; `tooManyRequest` is a rate limit.
fn refusal(answer: Answer<'_>, envelope: ApiResult) -> Error {
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
    Error::Api(Box::new(ApiError {
        http_status: answer.status,
        status,
        error_type: error_type.filter(|t| !t.is_empty()),
        message,
        display_message,
        error_hash,
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
        let lean: SuccessEnvelope<'_> = serde_json::from_slice(&body).unwrap();
        assert_eq!(lean.status.as_deref(), Some("ok"));
        let content = lean.content.unwrap();
        assert_eq!(content.link_token.as_deref(), Some("the-token"));
        assert_eq!(
            content.payment_link.as_deref(),
            Some("https://pay.example/1")
        );
    }

    #[test]
    fn escaped_strings_decode_too() {
        let lean: SuccessEnvelope<'_> =
            serde_json::from_slice(br#"{"status":"ok","content":{"linkToken":"a\/b"}}"#).unwrap();
        assert_eq!(lean.content.unwrap().link_token.as_deref(), Some("a/b"));
    }
}
