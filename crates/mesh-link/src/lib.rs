//! Rust client for Mesh Connect's Link tokens: the server-side call (`POST /api/v1/linktoken`)
//! that starts every Mesh Link session.
//!
//! Build a [`LinkTokenRequest`] with the constructor of your use case, send it with
//! [`MeshClient::create_link_token`], and pass the [`LinkToken`] to a Link SDK. Every rule of
//! Mesh's guide and spec is checked before anything is sent; a broken one is an
//! [`Error::InvalidRequest`] naming the field and the rule.
//!
//! The examples run against [`mesh-mock`](https://docs.rs/mesh-mock), a local emulator of the
//! API; with real credentials, build the client with [`MeshClient::new`] or
//! [`MeshClient::from_env`] instead.
//!
//! # Deposit
//!
//! The user sends crypto to a wallet they own on your platform. Give every destination you can
//! receive on; Mesh picks one the user's account can reach.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = mesh_mock::MeshMock::start().await?;
//! # let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret().clone())
//! #     .base_url(mock.base_url()).build()?;
//! use mesh_link::{Destination, LinkTokenRequest, networks};
//!
//! let request = LinkTokenRequest::deposit(
//!     "user-7d1f",
//!     [
//!         Destination::new(networks::SOLANA, "USDC", "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"),
//!         Destination::new(networks::ETHEREUM, "USDC", "0x2f3e4c7f0b1c8d0e6a9b5c4d3e2f1a0b9c8d7e6f"),
//!     ],
//! )
//! .transaction_id("deposit-1001");
//! let token = client.create_link_token(&request).await?;
//! println!("open Link with {} (expires {:?})", token.token(), token.expires_at());
//! # Ok(()) }
//! ```
//!
//! # Payment
//!
//! The user pays your company's wallet: every destination carries the exact amount, and there is
//! no fiat total (Mesh cannot guarantee exchange rates).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = mesh_mock::MeshMock::start().await?;
//! # let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret().clone())
//! #     .base_url(mock.base_url()).build()?;
//! use mesh_link::{Destination, LinkTokenRequest, networks};
//!
//! let request = LinkTokenRequest::payment(
//!     "user-7d1f",
//!     [
//!         Destination::new(networks::BASE, "USDC", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").amount(99.99),
//!         Destination::new(networks::BITCOIN, "BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
//!             .amount(0.00141)
//!             .display_amount_in_fiat(99.99),
//!     ],
//! )
//! .transaction_id("order-5521")
//! .client_fee(0.025);
//! let token = client.create_link_token(&request).await?;
//! # assert!(!token.token().is_empty());
//! # Ok(()) }
//! ```
//!
//! # Onramp
//!
//! The user buys crypto with an exchange account, into their wallet on your platform. Fees come
//! out of the amount (`isInclusiveFeeEnabled: true`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = mesh_mock::MeshMock::start().await?;
//! # let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret().clone())
//! #     .base_url(mock.base_url()).build()?;
//! use mesh_link::{Destination, LinkTokenRequest, integrations, networks};
//!
//! let request = LinkTokenRequest::onramp(
//!     "user-7d1f",
//!     [Destination::new(networks::SOLANA, "USDC", "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin")],
//! )
//! .integration(integrations::BINANCE_CONNECT)
//! .amount_in_fiat(100.0);
//! let token = client.create_link_token(&request).await?;
//! # assert!(!token.token().is_empty());
//! # Ok(()) }
//! ```
//!
//! # Account connection only
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = mesh_mock::MeshMock::start().await?;
//! # let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret().clone())
//! #     .base_url(mock.base_url()).build()?;
//! use mesh_link::LinkTokenRequest;
//!
//! let token = client.create_link_token(&LinkTokenRequest::connect("user-7d1f")).await?;
//! # assert!(!token.token().is_empty());
//! # Ok(()) }
//! ```
//!
//! # Wallet verification
//!
//! Alone, or added to a deposit or payment. Restrict it to a network *or* a network type.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = mesh_mock::MeshMock::start().await?;
//! # let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret().clone())
//! #     .base_url(mock.base_url()).build()?;
//! use mesh_link::{Destination, LinkTokenRequest, NetworkType, WalletVerification, integrations, networks};
//!
//! let verify = LinkTokenRequest::verify_wallet(
//!     "user-7d1f",
//!     WalletVerification::signed_message().message("I own this wallet").network_type(NetworkType::Solana),
//! )
//! .integration(integrations::PHANTOM);
//! client.create_link_token(&verify).await?;
//!
//! let verified_deposit = LinkTokenRequest::deposit(
//!     "user-7d1f",
//!     [Destination::new(networks::SOLANA, "USDC", "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin")],
//! )
//! .with_wallet_verification(WalletVerification::signed_message().network(networks::SOLANA));
//! client.create_link_token(&verified_deposit).await?;
//! # Ok(()) }
//! ```
//!
//! # Mistakes are caught before anything is sent
//!
//! ```
//! use mesh_link::{Destination, LinkTokenRequest, Rule, networks};
//!
//! let request = LinkTokenRequest::payment("jane@example.com", [Destination::new(networks::BASE, "USDC", "0xabc")]);
//! let invalid = request.validate().unwrap_err();
//! assert!(invalid.has("userId", &Rule::LooksLikeEmail));
//! assert!(invalid.has("transferOptions.toAddresses[0].amount", &Rule::RequiredForPayment));
//! println!("{invalid}"); // userId: must not be an email address: ... (and 1 more)
//! ```
//!
//! # Errors, retries, timeouts
//!
//! [`Error`] says what happened and [`Error::is_retryable`] whether trying again may help. The
//! client retries transport failures, timeouts, HTTP 429/502/503/504 and Mesh's `serverFailure`
//! and `tooManyRequest` by itself, with jittered exponential backoff and `Retry-After` honoured
//! up to a cap ([`RetryPolicy`]); each attempt has a timeout (10 s) and the whole call a deadline
//! (30 s). Answers are read up to 256 KiB. Each attempt is a `tracing` span `mesh_link.request`
//! (operation, attempt, status, outcome, duration); no span, log, `Debug` or error shows the
//! client secret or a link token.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod answer;
mod client;
mod config;
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
mod token;
mod validate;
mod verification;

pub use answer::decode_answer;
pub use client::{MeshClient, MeshClientBuilder};
pub use config::{CLIENT_ID_VAR, CLIENT_SECRET_VAR, ConfigError, ENVIRONMENT_VAR, Environment};
pub use destination::{Destination, GoodsDetails, GoodsType};
pub use error::{
    ApiError, ApiStatus, Error, HttpError, InvalidRequest, KnownApiStatus, Rule, Undecodable,
    Violation,
};
pub use ids::{Id, IdKind, ParseIdError};
pub use integrations::IntegrationId;
pub use networks::NetworkId;
pub use request::{BrokerType, LinkTokenRequest, TransferKind};
pub use retry::RetryPolicy;
pub use token::{LINK_TOKEN_LIFETIME, LinkToken};
pub use verification::{NetworkType, WalletVerification};

/// The generated low-level client and types, for what this crate does not cover. Its client
/// takes and returns reqwest's and progenitor's types, so their upgrades are breaking changes
/// for users of this feature (`api`); the rest of this crate keeps them out of its API.
#[cfg(feature = "api")]
pub use mesh_link_api as api;

// The README's Rust examples compile as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
