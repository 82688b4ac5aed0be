//! Mesh's catalogs: the networks, integrations and tokens `GET /api/v1/transfers/managed/*`
//! list, the IDs a link-token request needs. [`MeshClient`](crate::MeshClient) fetches each
//! once and keeps it ([`MeshClient::networks`](crate::MeshClient::networks)); the lists here
//! are the copies it keeps, with their lookups.
//!
//! Mesh's guide: "These values won't change, so you do not have to hit this endpoint before
//! each Link Token request." The crate bundles no copy (there is no authoritative one to ship);
//! [`networks`](crate::networks) and [`integrations`](crate::integrations) hold the IDs Mesh
//! documents, for code that never asks.

use std::collections::HashSet;

pub(crate) mod cache;
pub(crate) mod checks;
mod decode;
pub(crate) mod entries;
mod integration;
pub(crate) mod lookups;
mod network;
mod token;

pub use decode::{decode_integrations, decode_networks, decode_tokens};
pub use entries::MAX_ENTRIES;
pub use integration::{Integration, IntegrationNetwork, Integrations};
pub use network::{Network, Networks};
pub use token::{Token, TokenNetwork, Tokens};

pub(crate) use cache::{Catalogs, Freshness};

pub use mesh_link_api::types::{BrokerTypeOrUnknown, NetworkTypeOrUnknown};

/// Whether [`MeshClient::create_link_token`](crate::MeshClient::create_link_token) checks a
/// request against Mesh's catalogs before sending it
/// ([`MeshClientBuilder::catalog_checks`](crate::MeshClientBuilder::catalog_checks)).
///
/// With checks on, a destination network Mesh does not list, a symbol that network does not
/// take, an `integrationId` Mesh does not list or that takes none of the request's networks, or
/// a destination network a DeFi wallet `integrationId` does not take is refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest), nothing sent. The
/// catalogs are fetched on first use and kept (see [`defaults::CATALOG_TTL`](crate::defaults::CATALOG_TTL)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatalogChecks {
    /// Check; when a catalog cannot be had (and no earlier copy is kept), the call fails with
    /// that error. You asked for the checks, so a request is never sent unchecked silently.
    Required,
    /// Check when the catalogs can be had; otherwise send unchecked and log a warning.
    BestEffort,
}

/// Whether two token symbols are the same (`usdc` is `USDC`).
fn same_symbol(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Each symbol once (as [`same_symbol`] sees them), spelled as first listed, in Mesh's order.
fn distinct_symbols(symbols: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    symbols
        .filter(|symbol| seen.insert(symbol.to_ascii_uppercase()))
        .collect()
}
