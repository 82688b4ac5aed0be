//! The client: credentials, environment, timeouts, retries; one call per link token.

use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use mesh_link_api::wire;
use secrecy::{ExposeSecret as _, SecretString};
use tracing::Instrument as _;
use url::Url;

use crate::config::{CLIENT_ID_VAR, CLIENT_SECRET_VAR, ConfigError, ENVIRONMENT_VAR, Environment};
use crate::error::{Error, HttpError};
use crate::exchange::{Attempt, AuthHeaders};
use crate::{LinkToken, LinkTokenRequest, RetryPolicy};

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
/// Mesh's envelopes are well under a kilobyte; this leaves room and stops a runaway body.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024;
const MIN_RESPONSE_BYTES: usize = 1024;
const USER_AGENT: &str = concat!("mesh-link/", env!("CARGO_PKG_VERSION"));

/// A client for Mesh's link-token API. Cheap to clone (clones share one connection pool) and
/// safe to share across tasks.
///
/// ```
/// # fn main() -> Result<(), mesh_link::ConfigError> {
/// use mesh_link::{Environment, MeshClient};
///
/// let client = MeshClient::new("my-client-id", "my-client-secret", Environment::Sandbox)?;
/// assert!(!format!("{client:?}").contains("my-client-secret"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct MeshClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    environment: Environment,
    endpoint: Url,
    client_id: String,
    client_secret: SecretString,
    auth: AuthHeaders,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl MeshClient {
    /// A client with default timeouts and retries.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        environment: Environment,
    ) -> Result<Self, ConfigError> {
        Self::builder(client_id, client_secret)
            .environment(environment)
            .build()
    }

    /// A builder, for timeouts, retries or a custom base URL.
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> MeshClientBuilder {
        MeshClientBuilder {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            environment: Environment::Sandbox,
            base_url: None,
            allow_insecure_http: false,
            #[cfg(feature = "configure-reqwest")]
            configure_reqwest: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// A client configured by `MESH_CLIENT_ID`, `MESH_CLIENT_SECRET` and `MESH_ENV`
    /// (`sandbox`, the default; `production`; or a base URL).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    pub(crate) fn from_vars(
        lookup: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, ConfigError> {
        // Unset and blank are both "missing"; a value that is not Unicode is invalid.
        let read = |var: &'static str, hint: &'static str| -> Result<Option<String>, ConfigError> {
            let Some(value) = lookup(var) else {
                return Ok(None);
            };
            let value = value.into_string().map_err(|_| ConfigError::InvalidVar {
                var,
                reason: "it is not valid Unicode".to_owned(),
            })?;
            if value.trim().is_empty() {
                Err(ConfigError::MissingVar { var, hint })
            } else {
                Ok(Some(value))
            }
        };
        let required = |var, hint| read(var, hint)?.ok_or(ConfigError::MissingVar { var, hint });
        let client_id = required(CLIENT_ID_VAR, "set it to your Mesh client ID")?;
        let client_secret = required(CLIENT_SECRET_VAR, "set it to your Mesh API key")?;
        let environment = match read(ENVIRONMENT_VAR, "sandbox, production, or a base URL")? {
            None => Environment::Sandbox,
            Some(value) => value
                .parse()
                .map_err(|e: ConfigError| ConfigError::InvalidVar {
                    var: ENVIRONMENT_VAR,
                    reason: format!("{e}; expected sandbox, production, or a base URL"),
                })?,
        };
        let invalid_credential = |var| ConfigError::InvalidVar {
            var,
            reason: "it must be visible ASCII".to_owned(),
        };
        Self::builder(client_id, client_secret)
            .environment(environment)
            .build()
            .map_err(|e| match e {
                ConfigError::InvalidCredential { which: "client ID" } => {
                    invalid_credential(CLIENT_ID_VAR)
                }
                ConfigError::InvalidCredential { .. } => invalid_credential(CLIENT_SECRET_VAR),
                other => other,
            })
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// Requests a link token for `request`.
    ///
    /// Checks every rule first ([`Error::InvalidRequest`], nothing sent), then sends, retrying
    /// what may pass ([`Error::is_retryable`]) within the [`RetryPolicy`] and the deadline.
    pub async fn create_link_token(&self, request: &LinkTokenRequest) -> Result<LinkToken, Error> {
        let body = Bytes::from(request.to_json_body()?);
        self.send_with_retries(body).await
    }

    async fn send_with_retries(&self, body: Bytes) -> Result<LinkToken, Error> {
        let inner = &*self.inner;
        let started = Instant::now();
        let mut retries = 0;
        loop {
            let remaining = inner.deadline.saturating_sub(started.elapsed());
            let timeout = inner.timeout.min(remaining);
            let attempt = Attempt {
                http: &inner.http,
                url: &inner.endpoint,
                auth: &inner.auth,
                body: body.clone(),
                timeout,
                max_response_bytes: inner.max_response_bytes,
                secret: inner.client_secret.expose_secret(),
            };
            let span = tracing::info_span!(
                "mesh_link.request",
                operation = "create_link_token",
                attempt = retries + 1,
                status = tracing::field::Empty,
                outcome = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let (status, result) = attempt.run().instrument(span.clone()).await;
            span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            if let Some(status) = status {
                span.record("status", status);
            }
            let error = match result {
                Ok(token) => {
                    span.record("outcome", "ok");
                    return Ok(token);
                }
                Err(error) => error,
            };
            span.record("outcome", outcome_name(&error));
            retries += 1;
            let Some(wait) = inner.retry.delay_before(retries, &error) else {
                return Err(error);
            };
            // A wait that would end past the deadline (or overflow) ends the call now.
            if started
                .elapsed()
                .checked_add(wait)
                .is_none_or(|end| end >= inner.deadline)
            {
                return Err(error);
            }
            span.in_scope(
                || tracing::info!(wait_ms = wait.as_millis() as u64, error = %error, "retrying"),
            );
            tokio::time::sleep(wait).await;
        }
    }
}

fn outcome_name(error: &Error) -> &'static str {
    match error {
        Error::InvalidRequest(_) => "invalid_request",
        Error::Unauthorized => "unauthorized",
        Error::Api(_) => "refused",
        Error::RateLimited { .. } => "rate_limited",
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::Undecodable(_) => "undecodable",
        Error::Redirected { .. } => "redirected",
    }
}

impl fmt::Debug for MeshClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("MeshClient")
            .field("environment", &inner.environment)
            .field("client_id", &inner.client_id)
            .field("client_secret", &"[redacted]")
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// The caller's settings of the HTTP stack ([`MeshClientBuilder::configure_reqwest`]).
#[cfg(feature = "configure-reqwest")]
type ReqwestSettings = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Configures a [`MeshClient`]; [`build`](Self::build) checks the settings.
#[derive(Clone)]
pub struct MeshClientBuilder {
    client_id: String,
    client_secret: SecretString,
    environment: Environment,
    base_url: Option<String>,
    allow_insecure_http: bool,
    #[cfg(feature = "configure-reqwest")]
    configure_reqwest: Option<ReqwestSettings>,
    connect_timeout: Duration,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl MeshClientBuilder {
    /// Sandbox (the default) or production.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self.base_url = None;
        self
    }

    /// Another base URL, such as a local `mesh-mock`; a trailing slash or none.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sends the credentials over plain `http://` to a host other than this machine. Without
    /// it, such a base URL is refused ([`ConfigError::InsecureBaseUrl`]): anyone on the way
    /// could read the client secret. `http://127.0.0.1` and `http://localhost` need no opt-in.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Your own settings of the HTTP stack (proxies, TLS roots, default headers), applied to
    /// the `reqwest::ClientBuilder` the client starts from. The client then sets what keeps
    /// the secret safe, whatever `configure` did: it follows no redirect, and uses
    /// [`connect_timeout`](Self::connect_timeout) and its user agent.
    ///
    /// ```
    /// # fn main() -> Result<(), mesh_link::ConfigError> {
    /// let client = mesh_link::MeshClient::builder("my-client-id", "my-client-secret")
    ///     .configure_reqwest(|http| http.pool_max_idle_per_host(4))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    ///
    /// This ties your code to reqwest 0.13: a reqwest upgrade of this crate is a breaking
    /// change for users of this feature (`configure-reqwest`) only.
    #[cfg(feature = "configure-reqwest")]
    pub fn configure_reqwest<F>(mut self, configure: F) -> Self
    where
        F: Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    {
        self.configure_reqwest = Some(Arc::new(configure));
        self
    }

    /// How long to wait for a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take, retries and waits included (default 30 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How to retry (default [`RetryPolicy::default`]; [`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest answer the client reads (default 256 KiB; Mesh's are under 1 KiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<MeshClient, ConfigError> {
        let environment = match &self.base_url {
            Some(url) => Environment::custom(url)?,
            None => match self.environment {
                // Built by hand rather than through `Environment::custom`: check it the same way.
                Environment::Custom(url) => Environment::custom(url.as_str())?,
                known => known,
            },
        };
        if environment.is_insecure() && !self.allow_insecure_http {
            return Err(ConfigError::InsecureBaseUrl {
                base_url: environment.base_url().to_string(),
            });
        }
        let auth = auth_headers(&self.client_id, &self.client_secret)?;
        for (setting, value) in [
            ("connect_timeout", self.connect_timeout),
            ("timeout", self.timeout),
            ("deadline", self.deadline),
        ] {
            if value.is_zero() {
                return Err(ConfigError::InvalidSetting {
                    setting,
                    reason: "it must be greater than zero",
                });
            }
        }
        if self.max_response_bytes < MIN_RESPONSE_BYTES {
            return Err(ConfigError::InvalidSetting {
                setting: "max_response_bytes",
                reason: "it must be at least 1024",
            });
        }
        mesh_link_api::prepare_tls();
        let http = reqwest::Client::builder();
        #[cfg(feature = "configure-reqwest")]
        let http = match &self.configure_reqwest {
            Some(configure) => configure(http),
            None => http,
        };
        let http = http
            .connect_timeout(self.connect_timeout)
            .user_agent(USER_AGENT)
            // reqwest carries custom headers such as X-Client-Secret across origins.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError::HttpClient(HttpError::new(e)))?;
        Ok(MeshClient {
            inner: Arc::new(Inner {
                http,
                endpoint: environment.link_token_url(),
                environment,
                client_id: self.client_id,
                client_secret: self.client_secret,
                auth,
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

impl fmt::Debug for MeshClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeshClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// `X-Client-Id` and `X-Client-Secret` (the secret marked sensitive, which keeps it out of
/// reqwest's and hyper's debug output), once each credential is known to fit in a header.
fn auth_headers(client_id: &str, client_secret: &SecretString) -> Result<AuthHeaders, ConfigError> {
    let secret = client_secret.expose_secret();
    for (value, which) in [(client_id, "client ID"), (secret, "client secret")] {
        if !wire::is_valid_credential(value) {
            return Err(ConfigError::InvalidCredential { which });
        }
    }
    let invalid = || ConfigError::InvalidCredential {
        which: "client ID or secret",
    };
    let headers = mesh_link_api::auth_headers(client_id, secret).map_err(|_| invalid())?;
    let entry = |name: &str| {
        headers
            .iter()
            .find(|(header, _)| *header == name)
            .map(|(header, value)| (header.clone(), value.clone()))
            .ok_or_else(invalid)
    };
    Ok(AuthHeaders {
        client_id: entry(wire::CLIENT_ID_HEADER)?,
        client_secret: entry(wire::CLIENT_SECRET_HEADER)?,
    })
}

#[cfg(test)]
mod tests;
