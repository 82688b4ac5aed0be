//! The catalogs through the client: each list fetched once and kept, lookups that refetch once
//! on a miss, and the checks `create_link_token` runs with them.

use std::future::Future;
use std::sync::Arc;

use secrecy::ExposeSecret as _;
use url::Url;

use super::cache::{CatalogCache, Kept};
use super::decode::{judge_integrations, judge_networks, judge_tokens};
use super::integration::{Integration, Integrations};
use super::network::{Network, Networks};
use super::token::Tokens;
use super::{CatalogChecks, check_against};
use crate::MeshClient;
use crate::call::Call;
use crate::error::Error;
use crate::exchange::{Judge, Outgoing};
use crate::integrations::IntegrationId;
use crate::networks::NetworkId;
use crate::request::LinkTokenRequest;

impl MeshClient {
    /// Every network Mesh lists (`GET /api/v1/transfers/managed/networks`): IDs for
    /// `networkId`, names, chain IDs and the tokens each takes.
    ///
    /// Fetched on first use and kept for [`defaults::CATALOG_TTL`](crate::defaults::CATALOG_TTL)
    /// by this client and its clones; concurrent first callers share one request, and when a
    /// refresh fails the copy kept is served (and the failure logged). Same errors, retries
    /// and deadline as [`create_link_token`](Self::create_link_token).
    pub async fn networks(&self) -> Result<Arc<Networks>, Error> {
        Ok(self.kept_networks().await?.value)
    }

    /// Every integration Mesh lists (`GET /api/v1/transfers/managed/integrations`): IDs for
    /// `integrationId`, and the networks each transfers on. Kept as [`networks`](Self::networks) is.
    pub async fn integrations(&self) -> Result<Arc<Integrations>, Error> {
        Ok(self.kept_integrations().await?.value)
    }

    /// Every token Mesh lists (`GET /api/v1/transfers/managed/tokens`), with the networks it
    /// travels on. Kept as [`networks`](Self::networks) is.
    pub async fn tokens(&self) -> Result<Arc<Tokens>, Error> {
        let catalogs = &self.inner().catalogs;
        let kept = catalogs
            .tokens
            .get(catalogs.freshness, || {
                self.fetch(&catalogs.tokens_url, "get_tokens", judge_tokens)
            })
            .await?;
        Ok(kept.value)
    }

    /// The network with this ID. When the copy kept lacks it and is older than
    /// [`defaults::CATALOG_REFETCH_ON_MISS_AFTER`](crate::defaults::CATALOG_REFETCH_ON_MISS_AFTER),
    /// the list is fetched once more before the answer is `None`.
    pub async fn network(&self, id: NetworkId) -> Result<Option<Network>, Error> {
        let networks = self.networks_listing(&[id]).await?;
        Ok(networks.get(id).cloned())
    }

    /// The integration with this ID, refetching once on a miss as [`network`](Self::network) does.
    pub async fn integration(&self, id: IntegrationId) -> Result<Option<Integration>, Error> {
        let integrations = self.integrations_listing(id).await?;
        Ok(integrations.get(id).cloned())
    }

    async fn kept_networks(&self) -> Result<Kept<Networks>, Error> {
        let catalogs = &self.inner().catalogs;
        catalogs
            .networks
            .get(catalogs.freshness, || self.fetch_networks())
            .await
    }

    async fn kept_integrations(&self) -> Result<Kept<Integrations>, Error> {
        let catalogs = &self.inner().catalogs;
        catalogs
            .integrations
            .get(catalogs.freshness, || self.fetch_integrations())
            .await
    }

    fn fetch_networks(&self) -> impl Future<Output = Result<Networks, Error>> + '_ {
        let catalogs = &self.inner().catalogs;
        self.fetch(&catalogs.networks_url, "get_networks", judge_networks)
    }

    fn fetch_integrations(&self) -> impl Future<Output = Result<Integrations, Error>> + '_ {
        let catalogs = &self.inner().catalogs;
        self.fetch(
            &catalogs.integrations_url,
            "get_integrations",
            judge_integrations,
        )
    }

    /// The networks, refetched once if the copy kept lacks one of `ids` and is old enough.
    async fn networks_listing(&self, ids: &[NetworkId]) -> Result<Arc<Networks>, Error> {
        let catalogs = &self.inner().catalogs;
        let kept = self.kept_networks().await?;
        let missing = ids.iter().any(|id| kept.value.get(*id).is_none());
        self.refetched_if(missing, kept, &catalogs.networks, || self.fetch_networks())
            .await
    }

    async fn integrations_listing(&self, id: IntegrationId) -> Result<Arc<Integrations>, Error> {
        let catalogs = &self.inner().catalogs;
        let kept = self.kept_integrations().await?;
        let missing = kept.value.get(id).is_none();
        self.refetched_if(missing, kept, &catalogs.integrations, || {
            self.fetch_integrations()
        })
        .await
    }

    async fn refetched_if<T, F, Fut>(
        &self,
        missing: bool,
        kept: Kept<T>,
        cache: &CatalogCache<T>,
        fetch: F,
    ) -> Result<Arc<T>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let catalogs = &self.inner().catalogs;
        if !missing || kept.fetched.elapsed() < catalogs.refetch_on_miss_after {
            return Ok(kept.value);
        }
        let fresher = cache
            .refetch_since(kept.fetched, catalogs.freshness, fetch)
            .await?;
        Ok(fresher.value)
    }

    fn fetch<'a, T: 'a>(
        &'a self,
        url: &'a Url,
        operation: &'static str,
        judge: Judge<T>,
    ) -> impl Future<Output = Result<T, Error>> + 'a {
        let inner = self.inner();
        Call {
            http: &inner.http,
            url,
            operation,
            outgoing: Outgoing::Get,
            settings: &inner.settings,
            max_response_bytes: inner.catalogs.max_response_bytes,
            secret: inner.client_secret.expose_secret(),
            judge,
        }
        .run()
    }

    /// `request` checked against the catalogs it names, before it is sent.
    pub(crate) async fn check_against_catalogs(
        &self,
        request: &LinkTokenRequest,
        checks: CatalogChecks,
    ) -> Result<(), Error> {
        let mut network_ids: Vec<NetworkId> = request
            .transfer
            .destinations
            .iter()
            .map(|destination| destination.network)
            .collect();
        network_ids.extend(request.verification.as_ref().and_then(|v| v.network));
        let networks = if network_ids.is_empty() {
            Ok(None)
        } else {
            self.networks_listing(&network_ids).await.map(Some)
        };
        let integrations = match request.integration {
            Some(id) => self.integrations_listing(id).await.map(Some),
            None => Ok(None),
        };
        let (networks, integrations) = match checks {
            CatalogChecks::Required => (networks?, integrations?),
            // Check against whichever list could be had.
            CatalogChecks::BestEffort => (
                networks.unwrap_or_else(|error| unchecked("networks", &error)),
                integrations.unwrap_or_else(|error| unchecked("integrations", &error)),
            ),
        };
        check_against(request, networks.as_deref(), integrations.as_deref())?;
        Ok(())
    }
}

/// With [`CatalogChecks::BestEffort`], a list that could not be had is not checked; say so.
fn unchecked<T>(list: &str, error: &Error) -> Option<T> {
    tracing::warn!(
        error = %error,
        list,
        "a Mesh catalog could not be had; sending the request without checking against it"
    );
    None
}
