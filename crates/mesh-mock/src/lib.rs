//! A local emulator of Mesh Connect's `POST /api/v1/linktoken`, its catalogs
//! (`GET /api/v1/transfers/managed/{networks,integrations,tokens}`) and the transfers of the
//! sessions it issued tokens for (`GET /api/v1/transfers/managed/mesh`), for tests and offline
//! work.
//!
//! It answers like the real API and refuses what the real API would refuse, because it judges
//! each request by the same OpenAPI document `mesh-link-api` is generated from, plus the use-case
//! rules of Mesh's guide "Fetch a Link Token":
//!
//! - missing or wrong `X-Client-Id` / `X-Client-Secret` → 401 with Mesh's envelope;
//! - `GET` of a catalog → 200 with its list, from [`Catalog::fixture`] or one you load;
//! - a media type the spec does not list → 415; a body over 1 MiB → 413;
//! - malformed JSON, a body breaking the spec's schema, or a transfer breaking the guide's rules
//!   → 400 with Mesh's envelope (`status: badRequest`, `errorType` `missingField` or
//!   `invalidField`, a `message` naming the field and the rule, every problem in `errorData`);
//! - otherwise 200 with a fresh `linkToken` (base64 of an https Link URL) and, when
//!   `transferOptions.generatePayLink` is true, a `paymentLink`;
//! - a test plays the user's side of Link: [`MeshMock::complete`] a session with an
//!   [`Outcome`] (at once or after a delay), and `GET /api/v1/transfers/managed/mesh` lists its
//!   transfer, filtered, ordered and paged as the spec says (400 for a query the spec refuses);
//! - any other path → 404 with `status: notFound`.
//!
//! Tests read back what was sent ([`MeshMock::requests`], secret redacted) and script answers
//! ([`MeshMock::enqueue_at`] a [`Fault`] for an operation's next call, or
//! [`MeshMock::enqueue`] for the next request): any status, headers and body, delays, dropped
//! connections, truncated or malformed bodies, unknown fields or statuses. A test in another
//! language does the same over HTTP with the control API
//! ([`MeshMockBuilder::control_api`], `mesh-mock --control`).
//!
//! ```
//! use mesh_mock::{CREATE_LINK_TOKEN, Fault, MeshMock};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MeshMock::start().await?;
//! // The next link-token call; catalog fetches before it are answered as usual.
//! mock.enqueue_at(CREATE_LINK_TOKEN, Fault::rate_limited("2"));
//! // point the client under test at the mock; with mesh-link, whose README compiles them:
//! // let client = mesh_link::MeshClient::builder(mock.client_id(), mock.client_secret())
//! //     .base_url(mock.base_url())
//! //     .build()?;
//! assert_eq!(mock.pending_faults(), 1);
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod aim;
mod body;
mod catalog;
mod completion;
mod control;
mod envelope;
mod fault;
mod fault_text;
pub mod guide;
mod handler;
mod judge;
mod link_token;
mod problems;
mod query_spec;
mod record;
mod reply;
mod rules;
mod schema;
mod server;
mod spec;
mod state;
mod transfers;
mod webhook;
mod webhook_delivery;
mod webhook_event;

pub use aim::Aim;
pub use catalog::{Catalog, CatalogError};
pub use completion::{Completion, CompletionError, Outcome};
pub use control::CONTROL_PATH;
pub use fault::{Fault, ScriptedResponse};
pub use fault_text::{FAULT_HEADER, FAULT_KINDS, ParseFaultError};
pub use judge::MAX_BODY_BYTES;
/// The operations a fault can be aimed at, and that [`RecordedRequest::operation`] names.
pub use mesh_link_api::wire::{
    CREATE_LINK_TOKEN, GET_INTEGRATIONS, GET_NETWORKS, GET_TOKENS, GET_TRANSFERS, Operation,
};
pub use problems::{Problem, ProblemKind};
pub use record::RecordedRequest;
pub use server::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MeshMock, MeshMockBuilder, MockError};
pub use spec::SpecError;
pub use state::MAX_RECORDED_REQUESTS;
pub use transfers::MAX_KEPT_TRANSFERS;
pub use webhook::{
    DEFAULT_WEBHOOK_ATTEMPTS, DEFAULT_WEBHOOK_FIRST_RETRY, DEFAULT_WEBHOOK_TIMEOUT, DeliveryAnswer,
    ParseWebhookFaultError, WEBHOOK_FAULT_KINDS, WebhookDelivery, WebhookFault, Webhooks,
};
pub use webhook_delivery::{MAX_DELIVERIES_IN_FLIGHT, MAX_KEPT_DELIVERIES, WebhookConfigError};

// The README's Rust examples compile as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
