//! The client users keep: where it sends, with which credentials, and one call per link token.

use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

use crate::answer;
use crate::call::{Call, CallSettings};
use crate::catalog::Catalogs;
use crate::config::{ConfigError, Environment, FromVars};
use crate::deadline::Deadline;
use crate::error::Error;
use crate::exchange::Outgoing;
use crate::request::LinkTokenRequest;
use crate::token::LinkToken;

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

/// What [`MeshClientBuilder::build`](crate::MeshClientBuilder::build) checked and made.
pub(crate) struct Inner {
    /// Sends the credentials with every request and follows no redirect.
    pub(crate) http: reqwest::Client,
    pub(crate) environment: Environment,
    pub(crate) link_token_url: Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) settings: CallSettings,
    pub(crate) catalogs: Catalogs,
}

impl MeshClient {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// A client with default timeouts and retries ([`defaults`](crate::defaults)).
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        environment: Environment,
    ) -> Result<Self, ConfigError> {
        Self::builder(client_id, client_secret)
            .environment(environment)
            .build()
    }

    /// A client configured by `MESH_CLIENT_ID`, `MESH_CLIENT_SECRET` and `MESH_ENV`
    /// (`sandbox`, the default; `production`; or a base URL).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    pub(crate) fn from_vars(
        lookup: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, ConfigError> {
        let vars = FromVars::read(lookup)?;
        Self::builder(vars.client_id, vars.client_secret)
            .environment(vars.environment)
            .build()
            .map_err(ConfigError::in_terms_of_variables)
    }

    /// A deadline for a call of the user's starting now: everything the call does fits in it.
    pub(crate) fn deadline(&self) -> Deadline {
        Deadline::after(self.inner.settings.deadline)
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// Requests a link token for `request`.
    ///
    /// Checks every rule first ([`Error::InvalidRequest`], nothing sent), and with
    /// [`catalog_checks`](crate::MeshClientBuilder::catalog_checks) on, what Mesh's catalogs
    /// list too; then sends, retrying
    /// what may pass ([`Error::is_retryable`]) within the [`RetryPolicy`](crate::RetryPolicy)
    /// and the deadline, which covers the whole call: catalog fetches (and waits for another
    /// caller's) included.
    pub async fn create_link_token(&self, request: &LinkTokenRequest) -> Result<LinkToken, Error> {
        let inner = &*self.inner;
        let deadline = self.deadline();
        let body = Bytes::from(request.to_json_body()?);
        if let Some(checks) = inner.catalogs.checks {
            self.check_against_catalogs(request, checks, deadline)
                .await?;
        }
        Call {
            http: &inner.http,
            url: &inner.link_token_url,
            operation: "create_link_token",
            outgoing: Outgoing::Post(body),
            settings: &inner.settings,
            deadline,
            max_response_bytes: inner.settings.max_response_bytes,
            secret: inner.client_secret.expose_secret(),
            judge: answer::judge,
        }
        .run()
        .await
    }
}

impl fmt::Debug for MeshClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("MeshClient")
            .field("environment", &inner.environment)
            .field("client_id", &inner.client_id)
            .field("client_secret", &"[redacted]")
            .field("timeout", &inner.settings.timeout)
            .field("deadline", &inner.settings.deadline)
            .field("retry", &inner.settings.retry)
            .field("max_response_bytes", &inner.settings.max_response_bytes)
            .field("catalog_checks", &inner.catalogs.checks)
            .field("catalog_ttl", &inner.catalogs.freshness.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
