//! The errors a call can end in, each saying what to do next.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::api_status::{ApiStatus, KnownApiStatus};
use crate::rules::violations::InvalidRequest;

/// Why a call to Mesh failed. Cloned cheaply: a catalog fetch that fails gives its error to
/// every caller that waited for it.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of Mesh's guide or spec; nothing was sent. Fix the field named.
    #[error("invalid request, nothing was sent: {0}")]
    InvalidRequest(#[from] InvalidRequest),
    /// Mesh rejected the client ID or secret (HTTP 401). Check the credentials and environment.
    #[error(
        "unauthorized: Mesh rejected the client ID or secret (HTTP 401); check them and the environment"
    )]
    Unauthorized,
    /// Mesh answered with its envelope and a status other than `ok`.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// Mesh asked to slow down (HTTP 429 or `status: tooManyRequest`). Wait `retry_after` if given.
    #[error("rate limited by Mesh (HTTP {http_status}){}", retry_after_words(*.retry_after))]
    RateLimited {
        /// The HTTP status (429, or 200 with `status: tooManyRequest`).
        http_status: u16,
        /// How long Mesh asked to wait, from `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// No complete answer within the configured time.
    #[error("no answer from Mesh within {0:?}; the call may be retried")]
    Timeout(Duration),
    /// The connection failed: DNS, connect, TLS, or a connection closed mid-answer.
    #[error("could not reach Mesh: {0}")]
    Transport(#[source] HttpError),
    /// The server answered with a redirect, which the client never follows: it would carry
    /// `X-Client-Secret` to wherever the answer points. Mesh's API does not redirect this call,
    /// so check the base URL (a proxy or load balancer in between may be answering).
    #[error(
        "the server answered HTTP {http_status}, a redirect{}; not followed, so the credentials went nowhere else: check the base URL",
        location.as_deref().map(|host| format!(" to {host}")).unwrap_or_default()
    )]
    Redirected {
        /// The HTTP status (301, 302, 303, 307 or 308).
        http_status: u16,
        /// The scheme, host and port the redirect pointed to (never its path or query).
        location: Option<String>,
    },
    /// Mesh is down, or whatever stands between you and Mesh answered for it: an HTTP 5xx
    /// without Mesh's envelope (an empty 503, a proxy's error page), still so after the
    /// retries. Try again later, after [`retry_after`](Self::retry_after) if it says.
    #[error(
        "Mesh is unavailable: HTTP {http_status} without Mesh's envelope{}",
        retry_after_words(*.retry_after)
    )]
    Unavailable {
        /// The HTTP status (500 to 599).
        http_status: u16,
        /// How long the answer asked to wait, from `Retry-After` on a 503.
        retry_after: Option<Duration>,
        /// The start of the body (a proxy's page tends to name the proxy), secrets redacted.
        excerpt: String,
    },
    /// An answer that is not one Mesh gives: a success that is not Mesh's envelope, a token
    /// that is not a link, a body too large. Not an outage: a 5xx is
    /// [`Unavailable`](Self::Unavailable).
    #[error("{0}")]
    Undecodable(Undecodable),
}

fn retry_after_words(retry_after: Option<Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!("; retry after {d:?}"))
}

impl Error {
    /// Whether the same request may succeed if sent again later.
    ///
    /// True for transport failures and timeouts (creating a link token has no side effect
    /// beyond an unused token that expires), rate limits, HTTP 502/503/504, and Mesh's
    /// `serverFailure` and `tooManyRequest` statuses. The client retries these itself, within
    /// its [`RetryPolicy`](crate::RetryPolicy).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout(_) | Self::RateLimited { .. } => true,
            Self::Api(api) => api.is_server_failure() || is_retryable_status(api.http_status),
            Self::Unavailable { http_status, .. } => is_retryable_status(*http_status),
            Self::InvalidRequest(_)
            | Self::Unauthorized
            | Self::Redirected { .. }
            | Self::Undecodable(_) => false,
        }
    }

    /// Whether Mesh is down or out of reach, after the retries: an answer that is not Mesh's
    /// ([`Unavailable`](Self::Unavailable)), Mesh's own `serverFailure`, no answer in time
    /// ([`Timeout`](Self::Timeout)) or none at all ([`Transport`](Self::Transport)). What a
    /// service answers 503 for; a rate limit is not an outage, though it waits too.
    pub fn is_outage(&self) -> bool {
        match self {
            Self::Unavailable { .. } | Self::Timeout(_) | Self::Transport(_) => true,
            Self::Api(api) => api.is_server_failure(),
            Self::InvalidRequest(_)
            | Self::Unauthorized
            | Self::RateLimited { .. }
            | Self::Redirected { .. }
            | Self::Undecodable(_) => false,
        }
    }

    /// The HTTP status of Mesh's answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized => Some(401),
            Self::Api(api) => Some(api.http_status),
            Self::RateLimited { http_status, .. } => Some(*http_status),
            Self::Undecodable(undecodable) => undecodable.http_status,
            Self::Redirected { http_status, .. } | Self::Unavailable { http_status, .. } => {
                Some(*http_status)
            }
            Self::InvalidRequest(_) | Self::Timeout(_) | Self::Transport(_) => None,
        }
    }

    /// How long to wait before trying again, when the answer said (`Retry-After`).
    ///
    /// The one place to read a wait, whatever the error: it is kept where HTTP gives
    /// `Retry-After` a meaning, on [`RateLimited`](Self::RateLimited) (a 429 or a
    /// `tooManyRequest`), on [`Unavailable`](Self::Unavailable) (a 503) and on
    /// [`Api`](Self::Api) (a 503 with Mesh's envelope), and is `None` on every other error.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::Unavailable { retry_after, .. } => {
                *retry_after
            }
            Self::Api(api) => api.retry_after,
            _ => None,
        }
    }
}

/// HTTP statuses worth retrying: bad gateway, unavailable, gateway timeout.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 502..=504)
}

/// Mesh's refusal, as its envelope states it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status (a refusal can also arrive with HTTP 200).
    pub http_status: u16,
    /// The envelope's `status` (`badRequest`, `notFound`, or one this client does not know yet).
    pub status: Option<ApiStatus>,
    /// The envelope's `errorType` (`missingField`, `invalidField`, ...), if not empty.
    pub error_type: Option<String>,
    /// The envelope's `message`, for developers.
    pub message: Option<String>,
    /// The envelope's `displayMessage`, fit to show an end user.
    pub display_message: Option<String>,
    /// The envelope's `errorHash`, to quote when asking Mesh about the error.
    pub error_hash: Option<String>,
    /// The answer's `Retry-After`, when it came with a 503.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// A refusal as Mesh's envelope would state it, for testing code that handles one:
    /// `status` is the envelope's `status` as Mesh spells it (`badRequest`, or a value this
    /// client does not know). The other fields start empty; set them with the `with_` methods.
    ///
    /// ```
    /// use mesh_link::{ApiError, Error};
    ///
    /// let refused = ApiError::new(400, "badRequest")
    ///     .with_error_type("missingField")
    ///     .with_message("userId: is required");
    /// let error = Error::Api(Box::new(refused));
    /// assert!(!error.is_retryable());
    /// assert_eq!(error.http_status(), Some(400));
    /// ```
    pub fn new(http_status: u16, status: &str) -> Self {
        Self {
            http_status,
            status: Some(ApiStatus::from(status)),
            error_type: None,
            message: None,
            display_message: None,
            error_hash: None,
            retry_after: None,
        }
    }

    /// With the envelope's `errorType`.
    pub fn with_error_type(mut self, error_type: impl Into<String>) -> Self {
        self.error_type = Some(error_type.into());
        self
    }

    /// With the envelope's `message`.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// With the envelope's `displayMessage`.
    pub fn with_display_message(mut self, message: impl Into<String>) -> Self {
        self.display_message = Some(message.into());
        self
    }

    /// With the envelope's `errorHash`.
    pub fn with_error_hash(mut self, hash: impl Into<String>) -> Self {
        self.error_hash = Some(hash.into());
        self
    }

    /// With the answer's `Retry-After`.
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// Whether Mesh reported a failure on its side (`status: serverFailure`).
    pub fn is_server_failure(&self) -> bool {
        matches!(
            self.status,
            Some(ApiStatus::Known(KnownApiStatus::ServerFailure))
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `serverFailure` is Mesh failing, not Mesh refusing what was sent.
        let what = if self.is_server_failure() {
            "Mesh failed on its side"
        } else {
            "Mesh refused the request"
        };
        write!(f, "{what} (HTTP {}", self.http_status)?;
        if let Some(status) = &self.status {
            write!(f, ", status {status}")?;
        }
        if let Some(error_type) = &self.error_type {
            write!(f, ", errorType {error_type}")?;
        }
        f.write_str(")")?;
        if let Some(message) = self.message.as_deref().filter(|m| !m.is_empty()) {
            write!(f, ": {message}")?;
        }
        if let Some(hash) = &self.error_hash {
            write!(f, " [errorHash {hash}]")?;
        }
        Ok(())
    }
}

/// An answer that could not be understood, with a short excerpt of its body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Undecodable {
    /// The HTTP status, when the status line arrived.
    pub http_status: Option<u16>,
    /// What was wrong with it.
    pub reason: String,
    /// The start of the body, with anything that looks like a secret or a token redacted.
    pub excerpt: String,
}

impl Undecodable {
    /// An answer with HTTP status `http_status` that could not be understood for `reason`.
    pub(crate) fn new(http_status: u16, reason: impl Into<String>) -> Self {
        Self {
            http_status: Some(http_status),
            reason: reason.into(),
            excerpt: String::new(),
        }
    }

    /// With the start of the body, already redacted.
    pub(crate) fn with_excerpt(mut self, excerpt: String) -> Self {
        self.excerpt = excerpt;
        self
    }
}

impl fmt::Display for Undecodable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not understand Mesh's answer")?;
        if let Some(status) = self.http_status {
            write!(f, " (HTTP {status})")?;
        }
        write!(f, ": {}", self.reason)?;
        if !self.excerpt.is_empty() {
            write!(f, "; body starts {:?}", self.excerpt)?;
        }
        Ok(())
    }
}

/// An error of the HTTP stack, kept opaque so that upgrading it never changes this crate's
/// API; [`source`](std::error::Error::source) leads to the underlying causes. Its `Display`
/// names the host and the kind of failure ([`kind`](Self::kind)).
#[derive(Clone)]
pub struct HttpError {
    error: Arc<reqwest::Error>,
    /// `host:port` the request went to, when there was one.
    host: Option<String>,
    kind: TransportKind,
}

/// What went wrong on the way to Mesh, as far as the HTTP stack tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// Nothing listens at the host's port (the connection was refused).
    Refused,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol, or a server that does not speak TLS).
    Tls,
    /// The connection was reset or closed before the whole answer arrived.
    Closed,
    /// Any other failure of the connection or the request.
    Other,
}

impl HttpError {
    /// An error building the HTTP stack, before any host.
    pub(crate) fn new(error: reqwest::Error) -> Self {
        let kind = TransportKind::of(&error);
        Self {
            error: Arc::new(error),
            host: None,
            kind,
        }
    }

    /// An error sending to (or reading from) `url`'s host.
    pub(crate) fn sending_to(error: reqwest::Error, url: &url::Url) -> Self {
        let host = url
            .host_str()
            .map(|host| match url.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            });
        Self {
            host,
            ..Self::new(error)
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }
}

impl TransportKind {
    /// Read from the causes the HTTP stack chains: an I/O error's kind, hyper's own, or, for
    /// what no type says (a resolver's I/O error has no stable kind; native-tls's error is
    /// opaque), the words of the causes.
    fn of(error: &reqwest::Error) -> Self {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut words = String::new();
        while let Some(current) = cause {
            if let Some(io) = current.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return Self::Refused,
                    std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof => return Self::Closed,
                    _ => {}
                }
            }
            if current
                .downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_incomplete_message)
            {
                return Self::Closed;
            }
            words.push_str(&current.to_string().to_ascii_lowercase());
            words.push(' ');
            cause = current.source();
        }
        if words.contains("dns error") || words.contains("failed to lookup address") {
            Self::Dns
        } else if ["tls", "certificate", "handshake"]
            .iter()
            .any(|word| words.contains(word))
        {
            Self::Tls
        } else {
            Self::Other
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.host.as_deref().unwrap_or("the host");
        match self.kind {
            TransportKind::Refused => write!(f, "connection refused by {host}"),
            TransportKind::Dns => write!(f, "the name of {host} did not resolve (DNS)"),
            TransportKind::Tls => write!(f, "the TLS handshake with {host} failed"),
            TransportKind::Closed => {
                write!(f, "{host} closed the connection before the whole answer")
            }
            TransportKind::Other => match &self.host {
                Some(host) => write!(f, "the request to {host} failed: {}", self.error),
                None => fmt::Display::fmt(&self.error, f),
            },
        }
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("host", &self.host)
            .field("kind", &self.kind)
            .field("error", &self.error)
            .finish()
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.error)
    }
}
