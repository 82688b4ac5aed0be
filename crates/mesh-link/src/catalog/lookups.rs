//! The catalogs through the client: each list fetched once and kept, lookups that refetch once
//! on a miss, and the checks `create_link_token` runs with them.

use std::sync::Arc;

use futures_util::future::{BoxFuture, FutureExt as _};
use mesh_link_api::wire;
use secrecy::ExposeSecret as _;

use super::CatalogChecks;
use super::cache::{CatalogCache, Kept, Want};
use super::checks::check_against;
use super::decode::{read_integrations, read_networks, read_tokens};
use super::integration::Integrations;
use super::network::Networks;
use super::token::Tokens;
use crate::client::shared::Shared;
use crate::error::Error;
use crate::ids::integrations::IntegrationId;
use crate::ids::networks::NetworkId;
use crate::link_token::request::LinkTokenRequest;
use crate::transport::attempt::{Outgoing, ReadAnswer};
use crate::transport::call::Call;
use crate::transport::deadline::Deadline;

pub(crate) async fn kept_networks(
    shared: &Arc<Shared>,
    want: Want,
    deadline: Deadline,
) -> Result<Kept<Networks>, Error> {
    let cache = &shared.catalogs.networks;
    kept(
        shared,
        cache,
        Catalog::Networks,
        read_networks,
        want,
        deadline,
    )
    .await
}

pub(crate) async fn kept_integrations(
    shared: &Arc<Shared>,
    want: Want,
    deadline: Deadline,
) -> Result<Kept<Integrations>, Error> {
    let cache = &shared.catalogs.integrations;
    kept(
        shared,
        cache,
        Catalog::Integrations,
        read_integrations,
        want,
        deadline,
    )
    .await
}

pub(crate) async fn kept_tokens(
    shared: &Arc<Shared>,
    deadline: Deadline,
) -> Result<Kept<Tokens>, Error> {
    let cache = &shared.catalogs.tokens;
    kept(
        shared,
        cache,
        Catalog::Tokens,
        read_tokens,
        Want::Fresh,
        deadline,
    )
    .await
}

/// The copy of `catalog` that `want` asks for, from `cache`, fetched and read by `read` when
/// there is none to share.
async fn kept<T: Send + Sync + 'static>(
    shared: &Arc<Shared>,
    cache: &Arc<CatalogCache<T>>,
    catalog: Catalog,
    read: ReadAnswer<T>,
    want: Want,
    deadline: Deadline,
) -> Result<Kept<T>, Error> {
    let freshness = shared.catalogs.freshness;
    cache
        .get(want, freshness, deadline, || {
            fetching(shared, catalog, read)
        })
        .await
}

/// The networks, refetched once if the copy kept lacks one of `ids` and is old enough.
pub(crate) async fn networks_listing(
    shared: &Arc<Shared>,
    ids: &[NetworkId],
    deadline: Deadline,
) -> Result<Arc<Networks>, Error> {
    let kept = kept_networks(shared, Want::Fresh, deadline).await?;
    let missing = ids.iter().any(|id| kept.value.get(*id).is_none());
    match refetch_for(shared, missing, &kept) {
        Some(want) => Ok(kept_networks(shared, want, deadline).await?.value),
        None => Ok(kept.value),
    }
}

pub(crate) async fn integrations_listing(
    shared: &Arc<Shared>,
    id: IntegrationId,
    deadline: Deadline,
) -> Result<Arc<Integrations>, Error> {
    let kept = kept_integrations(shared, Want::Fresh, deadline).await?;
    let missing = kept.value.get(id).is_none();
    match refetch_for(shared, missing, &kept) {
        Some(want) => Ok(kept_integrations(shared, want, deadline).await?.value),
        None => Ok(kept.value),
    }
}

/// What to ask of the cache after a lookup in `kept`: a newer copy when it missed and the
/// copy is old enough to be worth a request.
fn refetch_for<T>(shared: &Arc<Shared>, missing: bool, kept: &Kept<T>) -> Option<Want> {
    let old_enough = kept.fetched.elapsed() >= shared.catalogs.refetch_on_miss_after;
    (missing && old_enough).then_some(Want::FetchedAfter(kept.fetched))
}

/// A fetch of one catalog that outlives the caller who starts it: every caller waiting for
/// it shares it, and it has a whole deadline of its own.
fn fetching<T: Send + 'static>(
    shared: &Arc<Shared>,
    catalog: Catalog,
    read: ReadAnswer<T>,
) -> BoxFuture<'static, Result<T, Error>> {
    let shared = Arc::clone(shared);
    async move {
        let catalogs = &shared.catalogs;
        let (url, operation) = match catalog {
            Catalog::Networks => (&catalogs.networks_url, wire::GET_NETWORKS),
            Catalog::Integrations => (&catalogs.integrations_url, wire::GET_INTEGRATIONS),
            Catalog::Tokens => (&catalogs.tokens_url, wire::GET_TOKENS),
        };
        Call {
            http: &shared.http,
            url,
            operation: operation.operation_id,
            outgoing: Outgoing::Get,
            settings: &shared.settings,
            deadline: shared.deadline(),
            max_response_bytes: catalogs.max_response_bytes,
            secret: shared.client_secret.expose_secret(),
            read,
        }
        .run()
        .await
    }
    .boxed()
}

/// `request` checked against the catalogs it names, before it is sent, within `deadline`.
pub(crate) async fn check_against_catalogs(
    shared: &Arc<Shared>,
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
            networks_listing(shared, &network_ids, deadline)
                .await
                .map(Some)
        }
    };
    let integrations = async {
        match request.integration {
            Some(id) => integrations_listing(shared, id, deadline).await.map(Some),
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
