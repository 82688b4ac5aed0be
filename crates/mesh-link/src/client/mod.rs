//! The client users keep, and every call it offers: the link token, the catalogs, the
//! transfers. Each call's
//! work lives in the folder of its concern; this file is the one list of what a user can call.

pub(crate) mod builder;
pub(crate) mod config;
pub(crate) mod shared;

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use mesh_link_api::wire;
use secrecy::{ExposeSecret as _, SecretString};

use crate::catalog::cache::Want;
use crate::catalog::lookups;
use crate::catalog::{Integration, Integrations, Network, Networks, Tokens};
use crate::client::builder::MeshClientBuilder;
use crate::client::config::{ConfigError, Environment};
use crate::client::shared::Shared;
use crate::error::Error;
use crate::ids::integrations::IntegrationId;
use crate::ids::networks::NetworkId;
use crate::link_token::answer;
use crate::link_token::issued::LinkToken;
use crate::link_token::request::LinkTokenRequest;
use crate::transfers::listing::{self, TransferList};
use crate::transfers::query::TransferQuery;
use crate::transfers::wait::{self, TransferWait, WaitOutcome};
use crate::transport::attempt::Outgoing;
use crate::transport::call::Call;

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
    shared: Arc<Shared>,
}

impl MeshClient {
    pub(crate) fn from_shared(shared: Shared) -> Self {
        Self {
            shared: Arc::new(shared),
        }
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

    /// A builder, for timeouts, retries or a custom base URL; every setting starts at its
    /// [default](crate::defaults).
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> MeshClientBuilder {
        MeshClientBuilder::new(client_id.into(), client_secret.into())
    }

    /// A client configured by `MESH_CLIENT_ID`, `MESH_CLIENT_SECRET` and `MESH_ENV`
    /// (`sandbox`, the default; `production`; or a base URL).
    /// For other settings too, start from [`MeshClientBuilder::from_env`].
    pub fn from_env() -> Result<Self, ConfigError> {
        MeshClientBuilder::from_env()?.build()
    }

    #[cfg(test)]
    pub(crate) fn from_vars(
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, ConfigError> {
        MeshClientBuilder::from_vars(lookup)?.build()
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.shared.environment
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
        let shared = &*self.shared;
        let deadline = shared.deadline();
        let body = Bytes::from(request.to_json_body()?);
        if let Some(checks) = shared.catalogs.checks {
            lookups::check_against_catalogs(&self.shared, request, checks, deadline).await?;
        }
        Call {
            http: &shared.http,
            url: &shared.link_token_url,
            operation: wire::CREATE_LINK_TOKEN.operation_id,
            outgoing: Outgoing::Post(body),
            settings: &shared.settings,
            deadline,
            max_response_bytes: shared.settings.max_response_bytes,
            secret: shared.client_secret.expose_secret(),
            read: answer::read,
        }
        .run()
        .await
    }

    /// Every network Mesh lists (`GET /api/v1/transfers/managed/networks`): IDs for
    /// `networkId`, names, chain IDs and the tokens each takes.
    ///
    /// Fetched on first use and kept for [`defaults::CATALOG_TTL`](crate::defaults::CATALOG_TTL)
    /// by this client and its clones. Concurrent callers share one fetch and its outcome, a
    /// copy or an error; after a failure the next fetch waits
    /// [`defaults::CATALOG_PAUSE_AFTER_FAILURE`](crate::defaults::CATALOG_PAUSE_AFTER_FAILURE).
    /// When a refresh fails the copy kept is served (and the failure logged). Same errors,
    /// retries and deadline as [`create_link_token`](Self::create_link_token): the deadline
    /// counts from this call, time spent waiting for another caller's fetch included.
    ///
    /// The list is never empty: an answer that lists no network, or none with an ID, is
    /// [`Error::Undecodable`] and is not kept.
    pub async fn networks(&self) -> Result<Arc<Networks>, Error> {
        let deadline = self.shared.deadline();
        Ok(lookups::kept_networks(&self.shared, Want::Fresh, deadline)
            .await?
            .value)
    }

    /// Every integration Mesh lists (`GET /api/v1/transfers/managed/integrations`): IDs for
    /// `integrationId`, and the networks each transfers on. Kept as [`networks`](Self::networks) is.
    pub async fn integrations(&self) -> Result<Arc<Integrations>, Error> {
        let deadline = self.shared.deadline();
        Ok(
            lookups::kept_integrations(&self.shared, Want::Fresh, deadline)
                .await?
                .value,
        )
    }

    /// Every token Mesh lists (`GET /api/v1/transfers/managed/tokens`), with the networks it
    /// travels on. Kept as [`networks`](Self::networks) is.
    pub async fn tokens(&self) -> Result<Arc<Tokens>, Error> {
        let deadline = self.shared.deadline();
        Ok(lookups::kept_tokens(&self.shared, deadline).await?.value)
    }

    /// The network with this ID. When the copy kept lacks it and is older than
    /// [`defaults::CATALOG_REFETCH_ON_MISS_AFTER`](crate::defaults::CATALOG_REFETCH_ON_MISS_AFTER),
    /// the list is fetched once more before the answer is `None` (shared with other callers
    /// that miss, and not again while Mesh fails).
    pub async fn network(&self, id: NetworkId) -> Result<Option<Network>, Error> {
        let deadline = self.shared.deadline();
        let networks = lookups::networks_listing(&self.shared, &[id], deadline).await?;
        Ok(networks.get(id).cloned())
    }

    /// The integration with this ID, refetching once on a miss as [`network`](Self::network) does.
    pub async fn integration(&self, id: IntegrationId) -> Result<Option<Integration>, Error> {
        let deadline = self.shared.deadline();
        let integrations = lookups::integrations_listing(&self.shared, id, deadline).await?;
        Ok(integrations.get(id).cloned())
    }

    /// Every transfer `query` matches (`GET /api/v1/transfers/managed/mesh`): the transfer of
    /// an order by its `transactionId`, a user's, a day's failures...
    ///
    /// The query is checked first ([`Error::InvalidRequest`], nothing sent). Pages are read
    /// oldest first, each transfer listed once however many pages it takes, up to the query's
    /// [`max_transfers`](TransferQuery::max_transfers). Same errors, retries and deadline as
    /// [`create_link_token`](Self::create_link_token): the deadline covers every page.
    pub async fn transfers(&self, query: &TransferQuery) -> Result<TransferList, Error> {
        listing::read_all(&self.shared, query, self.shared.deadline()).await
    }

    /// Polls the transfer of a `transactionId` until it is final or the wait's time is up, for a
    /// backend with no public endpoint for Mesh's webhooks (local development, a batch job,
    /// reconciliation after an outage).
    ///
    /// Each poll is a [`transfers`](Self::transfers) call with the client's deadline (or what is
    /// left of the wait; a wait of zero looks once); between polls the pause doubles with jitter, and a `Retry-After`
    /// from Mesh is waited in full. Failures that may pass are polled through; when the time is
    /// up the answer is [`WaitOutcome::TimedOut`] with the transfer last seen, or the last
    /// error if Mesh never answered.
    pub async fn wait_for_transfer(&self, wait: &TransferWait) -> Result<WaitOutcome, Error> {
        wait::wait_for(&self.shared, wait).await
    }
}

impl fmt::Debug for MeshClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &*self.shared;
        f.debug_struct("MeshClient")
            .field("environment", &shared.environment)
            .field("client_id", &shared.client_id)
            .field("client_secret", &"[redacted]")
            .field("timeout", &shared.settings.timeout)
            .field("deadline", &shared.settings.deadline)
            .field("retry", &shared.settings.retry)
            .field("max_response_bytes", &shared.settings.max_response_bytes)
            .field("catalog_checks", &shared.catalogs.checks)
            .field("catalog_ttl", &shared.catalogs.freshness.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
