//! What the client keeps of Mesh's catalogs: one copy of each list, shared by the client's
//! clones. One fetch at a time, whose outcome (a copy or an error) goes to every caller waiting
//! for it; after a failure, a pause before the next; a copy refreshed after its time to live, and
//! served past it while a refresh fails.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use futures_util::future::{BoxFuture, FutureExt as _, Shared, WeakShared};
use tokio::time::Instant;
use url::Url;

use super::CatalogChecks;
use super::integration::Integrations;
use super::network::Networks;
use super::token::Tokens;
use crate::defaults;
use crate::error::Error;
use crate::transport::deadline::{Deadline, later};

/// A copy and when it was fetched.
#[derive(Debug)]
struct Entry<T> {
    value: Arc<T>,
    fetched: Instant,
    /// When the next caller refreshes it: the time to live, less a little jitter, so that many
    /// processes started together do not all refresh at the same moment.
    refresh_at: Instant,
}

/// A fetch and what comes of it: the copy it kept, or its error.
type Fetch<T> = BoxFuture<'static, Result<Kept<T>, Error>>;
/// A fetch under way, awaited by every caller that wants its outcome.
type Flight<T> = Shared<Fetch<T>>;

/// One catalog list, kept.
pub(crate) struct CatalogCache<T> {
    state: Mutex<State<T>>,
}

impl<T> std::fmt::Debug for CatalogCache<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("CatalogCache")
            .field("fetched", &state.entry.as_ref().map(|entry| entry.fetched))
            .field("fetching", &state.flight.is_some())
            .field("failure", &state.failure)
            .finish()
    }
}

struct State<T> {
    entry: Option<Entry<T>>,
    /// Weak, so that the fetch ends (and its connection closes) when every caller waiting for it
    /// is gone, and so that the fetch, which holds the client, is not kept by the client.
    flight: Option<WeakShared<Fetch<T>>>,
    /// The last fetch, when it failed: no new one starts before `retry_at`.
    failure: Option<Failure>,
}

#[derive(Debug)]
struct Failure {
    error: Error,
    retry_at: Instant,
}

impl<T> Default for CatalogCache<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                entry: None,
                flight: None,
                failure: None,
            }),
        }
    }
}

/// How a kept copy is refreshed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Freshness {
    pub(crate) ttl: Duration,
    /// After a failed refresh, the old copy is served this long before the next try.
    pub(crate) retry_after_failure: Duration,
}

/// What a caller needs of the copy.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Want {
    /// One not yet due for a refresh.
    Fresh,
    /// One fetched after this instant: the copy fetched then lacked what the caller looked up.
    FetchedAfter(Instant),
}

impl Want {
    fn met_by<T>(self, entry: &Entry<T>, now: Instant) -> bool {
        match self {
            Self::Fresh => now < entry.refresh_at,
            Self::FetchedAfter(seen) => entry.fetched > seen,
        }
    }
}

/// What a caller does next.
enum Step<T> {
    Done(Result<Kept<T>, Error>),
    Await(Flight<T>),
    /// A fetch failed a moment ago: wait until the next may start, or give up with its error.
    Pause(Instant, Error),
}

impl<T: Send + Sync + 'static> CatalogCache<T> {
    /// The copy `want` asks for: the one kept, the outcome of the fetch under way, or that of a
    /// fetch made with `fetch`; all within `deadline`.
    pub(crate) async fn get<F>(
        self: &Arc<Self>,
        want: Want,
        freshness: Freshness,
        deadline: Deadline,
        fetch: F,
    ) -> Result<Kept<T>, Error>
    where
        F: Fn() -> BoxFuture<'static, Result<T, Error>>,
    {
        loop {
            match self.step(want, freshness, &fetch) {
                Step::Done(outcome) => return outcome,
                Step::Await(flight) => return deadline.bound(flight).await?,
                Step::Pause(until, error) => {
                    if deadline.ends_before(until) {
                        return Err(error);
                    }
                    tokio::time::sleep_until(until).await;
                }
            }
        }
    }

    fn step<F>(self: &Arc<Self>, want: Want, freshness: Freshness, fetch: &F) -> Step<T>
    where
        F: Fn() -> BoxFuture<'static, Result<T, Error>>,
    {
        let mut state = self.lock();
        let now = Instant::now();
        if let Some(entry) = state.entry.as_ref().filter(|e| want.met_by(e, now)) {
            return Step::Done(Ok(Kept::of(entry)));
        }
        if let Some(flight) = state.flight.as_ref().and_then(WeakShared::upgrade) {
            return match (&state.entry, want) {
                // A refresh is under way: until it lands, the copy kept serves.
                (Some(entry), Want::Fresh) => Step::Done(Ok(Kept::of(entry))),
                _ => Step::Await(flight),
            };
        }
        if let Some(failure) = state.failure.as_ref().filter(|f| now < f.retry_at) {
            return match &state.entry {
                // Until the next try, the copy kept is the answer.
                Some(entry) => Step::Done(Ok(Kept::of(entry))),
                None => Step::Pause(failure.retry_at, failure.error.clone()),
            };
        }
        let cache = Arc::clone(self);
        let fetching = fetch();
        let flight = async move {
            let fetched = fetching.await;
            cache.settle(fetched, freshness)
        }
        .boxed()
        .shared();
        state.flight = flight.downgrade();
        Step::Await(flight)
    }

    /// Keeps what a fetch brought, or notes its failure; the outcome every waiting caller gets.
    fn settle(&self, fetched: Result<T, Error>, freshness: Freshness) -> Result<Kept<T>, Error> {
        let mut state = self.lock();
        state.flight = None;
        let now = Instant::now();
        let error = match fetched {
            Ok(value) => {
                let entry = Entry {
                    value: Arc::new(value),
                    fetched: now,
                    refresh_at: later(now, jittered(freshness.ttl)),
                };
                let kept = Kept::of(&entry);
                state.entry = Some(entry);
                state.failure = None;
                return Ok(kept);
            }
            Err(error) => error,
        };
        let Some(entry) = state.entry.as_mut() else {
            let pause = error
                .retry_after()
                .unwrap_or_default()
                .max(defaults::CATALOG_PAUSE_AFTER_FAILURE)
                .min(freshness.retry_after_failure);
            state.failure = Some(Failure {
                error: error.clone(),
                retry_at: now + pause,
            });
            return Err(error);
        };
        tracing::warn!(
            error = %error,
            age_s = entry.fetched.elapsed().as_secs(),
            "could not refresh a Mesh catalog; using the copy fetched earlier"
        );
        // Try again later, but never sooner than a copy still fresh was due.
        entry.refresh_at = entry.refresh_at.max(now + freshness.retry_after_failure);
        let kept = Kept::of(entry);
        state.failure = Some(Failure {
            error,
            retry_at: now + freshness.retry_after_failure,
        });
        Ok(kept)
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A kept copy and when it was fetched.
#[derive(Debug)]
pub(crate) struct Kept<T> {
    pub(crate) value: Arc<T>,
    pub(crate) fetched: Instant,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Self {
            value: Arc::clone(&self.value),
            fetched: self.fetched,
        }
    }
}

impl<T> Kept<T> {
    fn of(entry: &Entry<T>) -> Self {
        Self {
            value: Arc::clone(&entry.value),
            fetched: entry.fetched,
        }
    }
}

/// `ttl` less up to a tenth of it, at random.
fn jittered(ttl: Duration) -> Duration {
    let tenth = ttl / 10;
    ttl - tenth.mul_f64(fastrand::f64())
}

/// Everything the client keeps and needs for the catalogs.
#[derive(Debug)]
pub(crate) struct Catalogs {
    pub(crate) networks_url: Url,
    pub(crate) integrations_url: Url,
    pub(crate) tokens_url: Url,
    pub(crate) networks: Arc<CatalogCache<Networks>>,
    pub(crate) integrations: Arc<CatalogCache<Integrations>>,
    pub(crate) tokens: Arc<CatalogCache<Tokens>>,
    pub(crate) freshness: Freshness,
    /// A lookup that misses refetches only a copy at least this old.
    pub(crate) refetch_on_miss_after: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) checks: Option<CatalogChecks>,
}
