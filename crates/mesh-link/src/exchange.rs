//! One HTTP attempt: send the body, read a bounded answer, and say what it means.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use mesh_api::types::{ApiResult, ApiResultStatus, ApiResultStatusKnown, LinkTokenModelApiResult};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{StatusCode, Url};

use crate::error::{ApiError, Error, Undecodable};
use crate::excerpt::{excerpt, redact};
use crate::retry::parse_retry_after;
use crate::token::LinkToken;

/// What one attempt needs.
pub(crate) struct Attempt<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) url: &'a Url,
    pub(crate) auth_headers: &'a HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) timeout: Duration,
    pub(crate) max_response_bytes: usize,
    /// For redacting excerpts of bodies that echo it.
    pub(crate) secret: &'a str,
}

/// What Mesh answered, before it is judged.
struct Answer {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Bytes,
}

impl Attempt<'_> {
    /// Sends the request once; the HTTP status (if any) comes back beside the result.
    pub(crate) async fn run(self) -> (Option<u16>, Result<LinkToken, Error>) {
        let timeout = self.timeout;
        match tokio::time::timeout(timeout, self.exchange()).await {
            Ok(Ok(answer)) => (Some(answer.status.as_u16()), judge(&answer, self.secret)),
            Ok(Err((status, error))) => (status, Err(error)),
            Err(_) => (None, Err(Error::Timeout(timeout))),
        }
    }

    async fn exchange(&self) -> Result<Answer, (Option<u16>, Error)> {
        let response = self
            .http
            .post(self.url.clone())
            .headers(self.auth_headers.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .timeout(self.timeout)
            .body(self.body.clone())
            .send()
            .await
            .map_err(|e| (None, self.transport(e)))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        // Mesh documents no body for 401, and whatever it is, it changes nothing.
        if status == StatusCode::UNAUTHORIZED {
            return Ok(Answer {
                status,
                retry_after,
                body: Bytes::new(),
            });
        }
        let body = self
            .read_bounded(response)
            .await
            .map_err(|e| (Some(status.as_u16()), e))?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }

    /// The body, refusing to hold more than `max_response_bytes` of it.
    async fn read_bounded(&self, mut response: reqwest::Response) -> Result<Bytes, Error> {
        let status = response.status().as_u16();
        let too_large = || {
            Error::Undecodable(Undecodable {
                http_status: Some(status),
                reason: format!("the body is larger than {} bytes", self.max_response_bytes),
                excerpt: String::new(),
            })
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.max_response_bytes as u64)
        {
            return Err(too_large());
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            if body.len() + chunk.len() > self.max_response_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    fn transport(&self, error: reqwest::Error) -> Error {
        if error.is_timeout() {
            Error::Timeout(self.timeout)
        } else {
            Error::Transport(error.without_url())
        }
    }
}

/// What an answer means for the caller.
fn judge(answer: &Answer, secret: &str) -> Result<LinkToken, Error> {
    let http_status = answer.status.as_u16();
    let undecodable = |reason: String| {
        Error::Undecodable(Undecodable {
            http_status: Some(http_status),
            reason: redact(&reason, secret),
            excerpt: excerpt(&answer.body, secret),
        })
    };
    match answer.status {
        StatusCode::UNAUTHORIZED => Err(Error::Unauthorized),
        StatusCode::TOO_MANY_REQUESTS => Err(Error::RateLimited {
            http_status,
            retry_after: answer.retry_after,
        }),
        status if status.is_success() => {
            let envelope: LinkTokenModelApiResult =
                serde_json::from_slice(&answer.body).map_err(|e| {
                    undecodable(format!("the body is not Mesh's link-token envelope ({e})"))
                })?;
            success(envelope, answer, secret)
        }
        _ => match serde_json::from_slice::<ApiResult>(&answer.body) {
            Ok(envelope) => Err(refusal(answer, envelope)),
            Err(_) => Err(undecodable(format!(
                "HTTP {http_status} without Mesh's envelope"
            ))),
        },
    }
}

fn success(
    envelope: LinkTokenModelApiResult,
    answer: &Answer,
    secret: &str,
) -> Result<LinkToken, Error> {
    let http_status = answer.status.as_u16();
    let LinkTokenModelApiResult {
        status, content, ..
    } = envelope;
    let token = content
        .as_ref()
        .and_then(|c| c.link_token.clone())
        .filter(|t| !t.is_empty());
    let token = match (&status, token) {
        (None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)), Some(token)) => token,
        (Some(ApiResultStatus::Unknown(unknown)), Some(token)) => {
            tracing::warn!(status = %unknown, "Mesh answered with a status this client does not know, and a link token; using the token");
            token
        }
        (None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)), None) => {
            return Err(Error::Undecodable(Undecodable {
                http_status: Some(http_status),
                reason: "status is ok but the answer has no linkToken".to_owned(),
                excerpt: excerpt(&answer.body, secret),
            }));
        }
        // A refusal with HTTP 200; response schemas accept unknown fields, so it reads as ApiResult.
        (Some(_), None | Some(_)) => {
            let envelope = serde_json::from_slice::<ApiResult>(&answer.body).unwrap_or_default();
            return Err(refusal(answer, envelope));
        }
    };
    let payment_link = content.and_then(|c| c.payment_link);
    LinkToken::from_answer(token, payment_link, SystemTime::now()).map_err(|reason| {
        Error::Undecodable(Undecodable {
            http_status: Some(http_status),
            reason,
            excerpt: String::new(),
        })
    })
}

/// Mesh's envelope with a status other than `ok`; `tooManyRequest` is a rate limit.
fn refusal(answer: &Answer, envelope: ApiResult) -> Error {
    let http_status = answer.status.as_u16();
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
            http_status,
            retry_after: answer.retry_after,
        };
    }
    Error::Api(Box::new(ApiError {
        http_status,
        status,
        error_type: error_type.filter(|t| !t.is_empty()),
        message,
        display_message,
        error_hash,
    }))
}
