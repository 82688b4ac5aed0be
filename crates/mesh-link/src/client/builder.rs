//! Configures a [`MeshClient`]: the settings, their checks, and the HTTP stack built from them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use mesh_link_api::wire;
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret as _, SecretString};

use crate::catalog::{CatalogChecks, Catalogs, Freshness};
use crate::client::MeshClient;
use crate::client::config::{ConfigError, Credential, Environment, FromVars};
use crate::client::shared::Shared;
use crate::defaults;
use crate::error::HttpError;
use crate::transport::call::CallSettings;
use crate::transport::retry::RetryPolicy;

/// An answer limit below this could not hold Mesh's smallest envelope with room to spare.
const MIN_RESPONSE_BYTES: usize = 1024;
const USER_AGENT: &str = concat!("mesh-link/", env!("CARGO_PKG_VERSION"));

/// The caller's settings of the HTTP stack ([`MeshClientBuilder::configure_reqwest`]).
#[cfg(feature = "configure-reqwest")]
type ReqwestSettings = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

impl MeshClientBuilder {
    /// Every setting at its default ([`MeshClient::builder`]).
    pub(crate) fn new(client_id: String, client_secret: SecretString) -> Self {
        Self {
            client_id,
            client_secret,
            environment: Environment::Sandbox,
            base_url: None,
            allow_insecure_http: false,
            #[cfg(feature = "configure-reqwest")]
            configure_reqwest: None,
            connect_timeout: defaults::CONNECT_TIMEOUT,
            timeout: defaults::TIMEOUT,
            deadline: defaults::DEADLINE,
            retry: RetryPolicy::default(),
            max_response_bytes: defaults::MAX_RESPONSE_BYTES,
            catalog_checks: None,
            catalog_ttl: defaults::CATALOG_TTL,
            catalog_refetch_on_miss_after: defaults::CATALOG_REFETCH_ON_MISS_AFTER,
            max_catalog_bytes: defaults::MAX_CATALOG_BYTES,
            credentials_from_variables: false,
        }
    }
}

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
    catalog_checks: Option<CatalogChecks>,
    catalog_ttl: Duration,
    catalog_refetch_on_miss_after: Duration,
    max_catalog_bytes: usize,
    /// Read by [`from_env`](Self::from_env): errors name the variables, not the arguments.
    credentials_from_variables: bool,
}

impl MeshClientBuilder {
    /// A builder with the credentials and environment [`MeshClient::from_env`] reads
    /// (`MESH_CLIENT_ID`, `MESH_CLIENT_SECRET`, `MESH_ENV`) and every other setting at its
    /// default, for a client from the environment with settings of its own:
    ///
    /// ```no_run
    /// use mesh_link::MeshClientBuilder;
    /// use mesh_link::catalog::CatalogChecks;
    ///
    /// let client = MeshClientBuilder::from_env()?
    ///     .catalog_checks(CatalogChecks::Required)
    ///     .build()?;
    /// # Ok::<(), mesh_link::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    pub(crate) fn from_vars(
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, ConfigError> {
        let vars = FromVars::read(lookup)?;
        let mut builder =
            Self::new(vars.client_id, vars.client_secret).environment(vars.environment);
        builder.credentials_from_variables = true;
        Ok(builder)
    }

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
    /// the secret safe, whatever `configure` did: it follows no redirect, sends its own
    /// credential headers, and uses [`connect_timeout`](Self::connect_timeout) and its user agent.
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

    /// How long to wait for a connection (default [`defaults::CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte (default
    /// [`defaults::TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take, retries and waits included (default
    /// [`defaults::DEADLINE`]).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How to retry (default [`RetryPolicy::default`]; [`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest answer the client reads (default [`defaults::MAX_RESPONSE_BYTES`]; Mesh's
    /// are under 1 KiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Checks every link-token request against Mesh's catalogs before sending it: destination
    /// networks listed, their tokens taken, the `integrationId` listed and transferring on the
    /// request's networks. Off by default, since it sends requests of its own (one per list,
    /// then kept; see [`CatalogChecks`] for what happens when a list cannot be had).
    pub fn catalog_checks(mut self, checks: CatalogChecks) -> Self {
        self.catalog_checks = Some(checks);
        self
    }

    /// How long a copy of a Mesh catalog is kept (default [`defaults::CATALOG_TTL`]).
    pub fn catalog_ttl(mut self, ttl: Duration) -> Self {
        self.catalog_ttl = ttl;
        self
    }

    /// A lookup (or a catalog check) that misses fetches the list once more only when the copy
    /// kept is at least this old (default [`defaults::CATALOG_REFETCH_ON_MISS_AFTER`]); zero
    /// refetches on every miss, once per lookup.
    pub fn catalog_refetch_on_miss_after(mut self, age: Duration) -> Self {
        self.catalog_refetch_on_miss_after = age;
        self
    }

    /// The largest catalog answer the client reads (default [`defaults::MAX_CATALOG_BYTES`]).
    pub fn max_catalog_bytes(mut self, bytes: usize) -> Self {
        self.max_catalog_bytes = bytes;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<MeshClient, ConfigError> {
        let from_variables = self.credentials_from_variables;
        self.checked_build().map_err(|error| {
            if from_variables {
                error.in_terms_of_variables()
            } else {
                error
            }
        })
    }

    fn checked_build(self) -> Result<MeshClient, ConfigError> {
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
        let credentials = credential_headers(&self.client_id, &self.client_secret)?;
        for (setting, value) in [
            ("connect_timeout", self.connect_timeout),
            ("timeout", self.timeout),
            ("deadline", self.deadline),
            ("catalog_ttl", self.catalog_ttl),
        ] {
            if value.is_zero() {
                return Err(ConfigError::InvalidSetting {
                    setting,
                    reason: "it must be greater than zero",
                });
            }
        }
        for (setting, value) in [
            ("max_response_bytes", self.max_response_bytes),
            ("max_catalog_bytes", self.max_catalog_bytes),
        ] {
            if value < MIN_RESPONSE_BYTES {
                return Err(ConfigError::InvalidSetting {
                    setting,
                    reason: "it must be at least 1024",
                });
            }
        }
        mesh_link_api::prepare_tls();
        let http = reqwest::Client::builder();
        #[cfg(feature = "configure-reqwest")]
        let http = match &self.configure_reqwest {
            Some(configure) => configure(http),
            None => http,
        };
        let http = http
            .default_headers(credentials)
            .connect_timeout(self.connect_timeout)
            .user_agent(USER_AGENT)
            // reqwest carries custom headers such as X-Client-Secret across origins.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError::HttpClient(HttpError::new(e)))?;
        let catalogs = Catalogs {
            networks_url: environment.url_of(wire::NETWORKS_PATH),
            integrations_url: environment.url_of(wire::INTEGRATIONS_PATH),
            tokens_url: environment.url_of(wire::TOKENS_PATH),
            networks: Arc::default(),
            integrations: Arc::default(),
            tokens: Arc::default(),
            freshness: Freshness {
                ttl: self.catalog_ttl,
                retry_after_failure: defaults::CATALOG_RETRY_AFTER_FAILURE.min(self.catalog_ttl),
            },
            refetch_on_miss_after: self.catalog_refetch_on_miss_after,
            max_response_bytes: self.max_catalog_bytes,
            checks: self.catalog_checks,
        };
        Ok(MeshClient::from_shared(Shared {
            http,
            link_token_url: environment.link_token_url(),
            transfers_url: environment.url_of(wire::TRANSFERS_PATH),
            environment,
            client_id: self.client_id,
            client_secret: self.client_secret,
            settings: CallSettings {
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            },
            catalogs,
        }))
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
            .field("catalog_checks", &self.catalog_checks)
            .field("catalog_ttl", &self.catalog_ttl)
            .finish_non_exhaustive()
    }
}

/// `X-Client-Id` and `X-Client-Secret` (the secret marked sensitive, which keeps it out of
/// reqwest's and hyper's debug output), once each credential is known to fit in a header.
fn credential_headers(
    client_id: &str,
    client_secret: &SecretString,
) -> Result<HeaderMap, ConfigError> {
    let secret = client_secret.expose_secret();
    for (value, which) in [
        (client_id, Credential::ClientId),
        (secret, Credential::ClientSecret),
    ] {
        if !wire::is_valid_credential(value) {
            return Err(ConfigError::InvalidCredential { which });
        }
    }
    // Both are visible ASCII, which a header always takes; should one still fail, name it.
    mesh_link_api::auth_headers(client_id, secret).map_err(|_| {
        let which = if HeaderValue::from_str(client_id).is_err() {
            Credential::ClientId
        } else {
            Credential::ClientSecret
        };
        ConfigError::InvalidCredential { which }
    })
}
