//! The client's defaults, each written once: the builder and [`RetryPolicy::default`] use them,
//! and a test holds every README sentence that quotes one to its value.
//!
//! [`RetryPolicy::default`]: crate::RetryPolicy

use std::time::Duration;

/// How long to wait for a connection ([`MeshClientBuilder::connect_timeout`](crate::MeshClientBuilder::connect_timeout)).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one attempt may take, from connecting to the last byte of the answer
/// ([`MeshClientBuilder::timeout`](crate::MeshClientBuilder::timeout)).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole call may take, retries and waits included
/// ([`MeshClientBuilder::deadline`](crate::MeshClientBuilder::deadline)).
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The largest answer the client reads: Mesh's envelopes are well under a kilobyte; this leaves
/// room and stops a runaway body
/// ([`MeshClientBuilder::max_response_bytes`](crate::MeshClientBuilder::max_response_bytes)).
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// How many times a call is retried after its first attempt
/// ([`RetryPolicy::max_retries`](crate::RetryPolicy::max_retries)).
pub const MAX_RETRIES: u32 = 2;

/// The wait before the first retry, doubled for each next one
/// ([`RetryPolicy::initial_backoff`](crate::RetryPolicy::initial_backoff)).
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(200);

/// The longest wait between two attempts when Mesh does not say how long
/// ([`RetryPolicy::max_backoff`](crate::RetryPolicy::max_backoff)).
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The longest `Retry-After` the client waits
/// ([`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after)).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// How long a copy of a Mesh catalog is kept before it is fetched again: Mesh's guide says
/// network and integration IDs do not change, so a day only picks up additions
/// ([`MeshClientBuilder::catalog_ttl`](crate::MeshClientBuilder::catalog_ttl)).
pub const CATALOG_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// A lookup that misses fetches the catalog again only when the copy kept is at least this old,
/// so a mistyped ID does not send a request to Mesh on every call.
pub const CATALOG_REFETCH_ON_MISS_AFTER: Duration = Duration::from_secs(5 * 60);

/// After a failed refresh the copy kept is served this long before the next try.
pub const CATALOG_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(60);

/// With no copy kept, the next fetch starts this long after a failed one (or as long as its
/// `Retry-After` asks, up to [`CATALOG_RETRY_AFTER_FAILURE`]); callers in between wait for it,
/// or get the failure at once if their deadline would pass first. A failing Mesh gets one fetch
/// at a time, not one per caller.
pub const CATALOG_PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(1);

/// The largest catalog answer the client reads: Mesh's lists run to a few hundred kilobytes
/// ([`MeshClientBuilder::max_catalog_bytes`](crate::MeshClientBuilder::max_catalog_bytes)).
pub const MAX_CATALOG_BYTES: usize = 8 * 1024 * 1024;

/// The largest page of transfers the client reads: 100 transfers as Mesh's example writes one
/// (about 2.5 KB with its fees and funding methods) take 250 KB; this leaves room for more
/// fields.
pub const MAX_TRANSFER_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The most transfers one [`MeshClient::transfers`](crate::MeshClient::transfers) call reads
/// unless the query says otherwise ([`TransferQuery::max_transfers`](crate::TransferQuery::max_transfers)):
/// 100 pages.
pub const MAX_TRANSFERS_READ: usize = 10_000;

/// The pause after the first poll of [`MeshClient::wait_for_transfer`](crate::MeshClient::wait_for_transfer):
/// a transfer on a fast network settles within seconds of the user confirming.
pub const TRANSFER_FIRST_POLL: Duration = Duration::from_secs(2);

/// The shortest pause between two polls, whatever [`TransferWait::poll_interval`](crate::TransferWait::poll_interval)
/// asks: a wait never hammers Mesh.
pub const TRANSFER_MIN_POLL: Duration = Duration::from_millis(50);

/// The longest pause between two polls: a slow chain takes minutes, and four polls a minute
/// for each waiting order stays far below any rate limit.
pub const TRANSFER_MAX_POLL: Duration = Duration::from_secs(15);

/// How far a webhook delivery's `SentTimestamp` may be from the receiver's clock
/// ([`WebhookVerifier::max_age`](crate::WebhookVerifier::max_age)): Mesh sends each retry afresh,
/// so a genuine delivery arrives within seconds; five minutes leaves room for a slow proxy and a
/// drifting clock, and keeps a captured delivery replayable for no longer.
pub const WEBHOOK_MAX_AGE: Duration = Duration::from_secs(5 * 60);
