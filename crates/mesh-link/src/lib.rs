// mesh-link: its documentation is its README, the page crates.io shows.
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod amount;
mod answer;
mod body;
mod builder;
mod call;
pub mod catalog;
mod client;
mod config;
mod deadline;
pub mod defaults;
mod destination;
mod error;
mod excerpt;
mod exchange;
mod ids;
pub mod integrations;
pub mod limits;
pub mod networks;
mod pii;
mod request;
mod retry;
mod rules;
mod token;
mod verification;
mod violations;

pub use answer::decode_answer;
pub use builder::MeshClientBuilder;
pub use client::MeshClient;
pub use config::{
    CLIENT_ID_VAR, CLIENT_SECRET_VAR, ConfigError, Credential, ENVIRONMENT_VAR, Environment,
};
pub use destination::{Destination, GoodsDetails, GoodsType};
pub use error::{
    ApiError, ApiStatus, Error, HttpError, KnownApiStatus, TransportKind, Undecodable,
};
pub use ids::{Id, IdKind, ParseIdError};
pub use integrations::IntegrationId;
pub use networks::NetworkId;
pub use request::{BrokerType, LinkTokenRequest, TransferKind};
pub use retry::RetryPolicy;
/// Exact decimal amounts (`rust_decimal`), which every amount setter takes.
pub use rust_decimal::Decimal;
pub use token::{LINK_TOKEN_LIFETIME, LinkToken};
pub use verification::{NetworkType, WalletVerification};
pub use violations::{InvalidRequest, PathSegment, Rule, Violation};

/// The generated low-level client and types, for what this crate does not cover. Its client
/// takes and returns reqwest's and progenitor's types, so their upgrades are breaking changes
/// for users of this feature (`api`); the rest of this crate keeps them out of its API.
#[cfg(feature = "api")]
pub use mesh_link_api as api;
