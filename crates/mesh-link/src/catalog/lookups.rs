//! The catalogs through the client: each list fetched once and kept, lookups that refetch once
//! on a miss, and the checks `create_link_token` runs with them.

use std::sync::Arc;

use futures_util::future::{BoxFuture, FutureExt as _};
use secrecy::ExposeSecret as _;

use super::cache::{Kept, Want};
use super::decode::{judge_integrations, judge_networks, judge_tokens};
use super::integration::{Integration, Integrations};
use super::network::{Network, Networks};
use super::token::Tokens;
use super::{CatalogChecks, check_against};
use crate::MeshClient;
use crate::call::Call;
use crate::deadline::Deadline;
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
        let deadline = self.deadline();
        Ok(self.kept_networks(Want::Fresh, deadline).await?.value)
    }

    /// Every integration Mesh lists (`GET /api/v1/transfers/managed/integrations`): IDs for
    /// `integrationId`, and the networks each transfers on. Kept as [`networks`](Self::networks) is.
    pub async fn integrations(&self) -> Result<Arc<Integrations>, Error> {
        let deadline = self.deadline();
        Ok(self.kept_integrations(Want::Fresh, deadline).await?.value)
    }

    /// Every token Mesh lists (`GET /api/v1/transfers/managed/tokens`), with the networks it
    /// travels on. Kept as [`networks`](Self::networks) is.
    pub async fn tokens(&self) -> Result<Arc<Tokens>, Error> {
        let catalogs = &self.inner().catalogs;
        let kept = catalogs
            .tokens
            .get(Want::Fresh, catalogs.freshness, self.deadline(), || {
                self.fetching(Catalog::Tokens, judge_tokens)
            })
            .await?;
        Ok(kept.value)
    }

    /// The network with this ID. When the copy kept lacks it and is older than
    /// [`defaults::CATALOG_REFETCH_ON_MISS_AFTER`](crate::defaults::CATALOG_REFETCH_ON_MISS_AFTER),
    /// the list is fetched once more before the answer is `None` (shared with other callers
    /// that miss, and not again while Mesh fails).
    pub async fn network(&self, id: NetworkId) -> Result<Option<Network>, Error> {
        let networks = self.networks_listing(&[id], self.deadline()).await?;
        Ok(networks.get(id).cloned())
    }

    /// The integration with this ID, refetching once on a miss as [`network`](Self::network) does.
    pub async fn integration(&self, id: IntegrationId) -> Result<Option<Integration>, Error> {
        let integrations = self.integrations_listing(id, self.deadline()).await?;
        Ok(integrations.get(id).cloned())
    }

    async fn kept_networks(&self, want: Want, deadline: Deadline) -> Result<Kept<Networks>, Error> {
        let catalogs = &self.inner().catalogs;
        catalogs
            .networks
            .get(want, catalogs.freshness, deadline, || {
                self.fetching(Catalog::Networks, judge_networks)
            })
            .await
    }

    async fn kept_integrations(
        &self,
        want: Want,
        deadline: Deadline,
    ) -> Result<Kept<Integrations>, Error> {
        let catalogs = &self.inner().catalogs;
        catalogs
            .integrations
            .get(want, catalogs.freshness, deadline, || {
                self.fetching(Catalog::Integrations, judge_integrations)
            })
            .await
    }

    /// The networks, refetched once if the copy kept lacks one of `ids` and is old enough.
    async fn networks_listing(
        &self,
        ids: &[NetworkId],
        deadline: Deadline,
    ) -> Result<Arc<Networks>, Error> {
        let kept = self.kept_networks(Want::Fresh, deadline).await?;
        let missing = ids.iter().any(|id| kept.value.get(*id).is_none());
        match self.refetch_for(missing, &kept) {
            Some(want) => Ok(self.kept_networks(want, deadline).await?.value),
            None => Ok(kept.value),
        }
    }

    async fn integrations_listing(
        &self,
        id: IntegrationId,
        deadline: Deadline,
    ) -> Result<Arc<Integrations>, Error> {
        let kept = self.kept_integrations(Want::Fresh, deadline).await?;
        let missing = kept.value.get(id).is_none();
        match self.refetch_for(missing, &kept) {
            Some(want) => Ok(self.kept_integrations(want, deadline).await?.value),
            None => Ok(kept.value),
        }
    }

    /// What to ask of the cache after a lookup in `kept`: a newer copy when it missed and the
    /// copy is old enough to be worth a request.
    fn refetch_for<T>(&self, missing: bool, kept: &Kept<T>) -> Option<Want> {
        let old_enough = kept.fetched.elapsed() >= self.inner().catalogs.refetch_on_miss_after;
        (missing && old_enough).then_some(Want::FetchedAfter(kept.fetched))
    }

    /// A fetch of one catalog that outlives the caller who starts it: every caller waiting for
    /// it shares it, and it has a whole deadline of its own.
    fn fetching<T: Send + 'static>(
        &self,
        catalog: Catalog,
        judge: Judge<T>,
    ) -> BoxFuture<'static, Result<T, Error>> {
        let client = self.clone();
        async move {
            let inner = client.inner();
            let catalogs = &inner.catalogs;
            let (url, operation) = match catalog {
                Catalog::Networks => (&catalogs.networks_url, "get_networks"),
                Catalog::Integrations => (&catalogs.integrations_url, "get_integrations"),
                Catalog::Tokens => (&catalogs.tokens_url, "get_tokens"),
            };
            Call {
                http: &inner.http,
                url,
                operation,
                outgoing: Outgoing::Get,
                settings: &inner.settings,
                deadline: Deadline::after(inner.settings.deadline),
                max_response_bytes: catalogs.max_response_bytes,
                secret: inner.client_secret.expose_secret(),
                judge,
            }
            .run()
            .await
        }
        .boxed()
    }

    /// `request` checked against the catalogs it names, before it is sent, within `deadline`.
    pub(crate) async fn check_against_catalogs(
        &self,
        request: &LinkTokenRequest,
        checks: CatalogChecks,
        deadline: Deadline,
    ) -> Result<(), Error> {
        let deadline = match checks {
            CatalogChecks::Required => deadline,
            // Leave the request itself time to go unchecked.
            CatalogChecks::BestEffort => deadline.share(0.5),
        };
        let mut network_ids: Vec<NetworkId> = request
            .transfer
            .destinations
            .iter()
            .map(|destination| destination.network)
            .collect();
        network_ids.extend(request.verification.as_ref().and_then(|v| v.network));
        let networks = async {
            if network_ids.is_empty() {
                Ok(None)
            } else {
                self.networks_listing(&network_ids, deadline)
                    .await
                    .map(Some)
            }
        };
        let integrations = async {
            match request.integration {
                Some(id) => self.integrations_listing(id, deadline).await.map(Some),
                None => Ok(None),
            }
        };
        // Both lists at once: a first call waits for one round trip, not two.
        let (networks, integrations) = futures_util::future::join(networks, integrations).await;
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

/// Which catalog a fetch is for.
#[derive(Clone, Copy, Debug)]
enum Catalog {
    Networks,
    Integrations,
    Tokens,
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
