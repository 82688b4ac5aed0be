// mesh-link: its documentation is its README, the page crates.io shows.
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api_status;
pub mod catalog;
mod client;
pub mod defaults;
mod error;
mod ids;
mod link_token;
mod rules;
mod transfers;
mod transport;
mod webhooks;

pub use api_status::{ApiStatus, KnownApiStatus};
pub use client::MeshClient;
pub use client::builder::MeshClientBuilder;
pub use client::config::{
    CLIENT_ID_VAR, CLIENT_SECRET_VAR, ConfigError, Credential, ENVIRONMENT_VAR, Environment,
};
pub use error::{ApiError, Error, HttpError, TransportKind, Undecodable};
pub use ids::integrations::{self, IntegrationId};
pub use ids::networks::{self, NetworkId};
pub use ids::{Id, IdKind, ParseIdError};
pub use link_token::amount::IntoAmount;
pub use link_token::answer::decode_answer;
pub use link_token::destination::{Destination, GoodsDetails, GoodsType};
pub use link_token::issued::{LINK_TOKEN_LIFETIME, LinkToken};
pub use link_token::request::{BrokerType, LinkTokenRequest, TransferKind};
pub use link_token::verification::{NetworkType, WalletVerification};
/// The header of Mesh's webhooks that carries the signature, for [`WebhookVerifier::verify`].
pub use mesh_link_api::wire::WEBHOOK_SIGNATURE_HEADER;
pub use rules::limits;
pub use rules::violations::{InvalidRequest, PathSegment, Rule, Violation};
/// Exact decimal amounts (`rust_decimal`), which every amount setter takes.
pub use rust_decimal::Decimal;
pub use transfers::decode::{TransferPage, decode_transfers};
pub use transfers::listing::TransferList;
pub use transfers::query::TransferQuery;
pub use transfers::status::TransferStatus;
pub use transfers::transfer::{Fee, Fees, Transfer, TransferId, TransferIdKind};
pub use transfers::wait::{TransferWait, WaitOutcome};
pub use transport::retry::RetryPolicy;
/// The type of Mesh's IDs ([`TransferEvent::event_id`], [`Id::uuid`]), so a set of handled
/// events needs no `uuid` dependency of its own.
pub use uuid::Uuid;
pub use webhooks::error::WebhookError;
pub use webhooks::event::TransferEvent;
pub use webhooks::verifier::WebhookVerifier;

/// The generated low-level client and types, for what this crate does not cover. Its client
/// takes and returns reqwest's and progenitor's types, so their upgrades are breaking changes
/// for users of this feature (`api`); the rest of this crate keeps them out of its API.
#[cfg(feature = "api")]
pub use mesh_link_api as api;
