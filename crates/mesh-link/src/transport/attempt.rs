//! One HTTP attempt: send the body, read a bounded answer, and read it.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION, RETRY_AFTER};
use url::Url;

use crate::error::{Error, HttpError};
use crate::transport::redaction::redact;
use crate::transport::retry::parse_retry_after;
use crate::transport::status::Answer;

/// What a call sends: a JSON body with `POST`, or a `GET`.
#[derive(Clone, Debug)]
pub(crate) enum Outgoing {
    Post(Bytes),
    Get,
}

/// What an answer means for one operation; the second argument is the secret to redact.
pub(crate) type ReadAnswer<T> = fn(Answer<&[u8]>, &str) -> Result<T, Error>;

/// What one attempt needs; the HTTP client sends the credentials.
pub(crate) struct Attempt<'a, T> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) url: &'a Url,
    pub(crate) outgoing: &'a Outgoing,
    pub(crate) timeout: Duration,
    pub(crate) max_response_bytes: usize,
    /// For redacting excerpts of bodies that echo it.
    pub(crate) secret: &'a str,
    pub(crate) read: ReadAnswer<T>,
}

impl<T> Attempt<'_, T> {
    /// Sends the request once; the HTTP status (if any) comes back beside the result.
    pub(crate) async fn run(self) -> (Option<u16>, Result<T, Error>) {
        // One timer for the whole attempt, from connecting to the last byte of the answer.
        let sent = match tokio::time::timeout(self.timeout, self.send_and_read()).await {
            Ok(sent) => sent,
            Err(_) => return (None, Err(Error::Timeout(self.timeout))),
        };
        match sent {
            Ok(answer) => (
                Some(answer.status),
                (self.read)(answer.borrowed(), self.secret),
            ),
            Err((status, error)) => (status, Err(error)),
        }
    }

    async fn send_and_read(&self) -> Result<Answer<Bytes>, (Option<u16>, Error)> {
        let request = match self.outgoing {
            Outgoing::Post(body) => self
                .http
                .post(self.url.clone())
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone()),
            Outgoing::Get => self.http.get(self.url.clone()),
        };
        let response = request
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .send()
            .await
            .map_err(|e| (None, self.transport(e)))?;
        let status = response.status().as_u16();
        // The statuses that send a client elsewhere (RFC 9110 §15.4); 300 and 304 do not.
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let location = response.headers().get(LOCATION);
            return Err((
                Some(status),
                Error::Redirected {
                    http_status: status,
                    location: location
                        .and_then(|l| redirect_origin(l, self.url))
                        .map(|origin| redact(&origin, self.secret)),
                },
            ));
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        // Mesh documents no body for 401, and whatever it is, it changes nothing.
        if status == 401 {
            return Ok(Answer {
                status,
                retry_after,
                body: Bytes::new(),
            });
        }
        let body = self
            .read_bounded(response, retry_after)
            .await
            .map_err(|e| (Some(status), e))?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }

    /// The body, refusing to hold more than `max_response_bytes` of it. An answer too large
    /// still means what its status says (a 429 is a rate limit, a 503 an outage).
    async fn read_bounded(
        &self,
        mut response: reqwest::Response,
        retry_after: Option<Duration>,
    ) -> Result<Bytes, Error> {
        let status = response.status().as_u16();
        let too_large = || {
            let reason = format!("the body is larger than {} bytes", self.max_response_bytes);
            let answer = Answer {
                status,
                retry_after,
                body: &[][..],
            };
            answer
                .error_by_status()
                .unwrap_or_else(|| answer.undecodable(&reason, ""))
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.max_response_bytes as u64)
        {
            return Err(too_large());
        }
        // Most answers arrive in one chunk: keep it as is, and copy only when a second comes.
        // (`http_body_util::Limited` does the same but measured 2-3 % slower a local call.)
        let mut first = Bytes::new();
        let mut joined = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            if first.len() + joined.len() + chunk.len() > self.max_response_bytes {
                return Err(too_large());
            }
            if first.is_empty() && joined.is_empty() {
                first = chunk;
            } else {
                joined.extend_from_slice(&std::mem::take(&mut first));
                joined.extend_from_slice(&chunk);
            }
        }
        Ok(if joined.is_empty() {
            first
        } else {
            joined.freeze()
        })
    }

    fn transport(&self, error: reqwest::Error) -> Error {
        if error.is_timeout() {
            Error::Timeout(self.timeout)
        } else {
            Error::Transport(HttpError::sending_to(error.without_url(), self.url))
        }
    }
}

/// Where a redirect points, as `scheme://host:port`: its path and query may carry anything.
fn redirect_origin(location: &HeaderValue, base: &Url) -> Option<String> {
    let target = base.join(location.to_str().ok()?).ok()?;
    let host = target.host_str()?;
    Some(match target.port() {
        Some(port) => format!("{}://{host}:{port}", target.scheme()),
        None => format!("{}://{host}", target.scheme()),
    })
}
