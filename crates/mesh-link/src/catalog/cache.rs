//! What the client keeps of Mesh's catalogs: one copy of each list, shared by the client's
//! clones, fetched by one request however many callers want it at once, refreshed after its
//! time to live, and served past it when a refresh fails.

use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use url::Url;

use super::CatalogChecks;
use super::integration::Integrations;
use super::network::Networks;
use super::token::Tokens;
use crate::error::Error;

/// A copy and when it was fetched.
#[derive(Debug)]
struct Entry<T> {
    value: Arc<T>,
    fetched: Instant,
    /// When the next caller refreshes it: the time to live, less a little jitter, so that many
    /// processes started together do not all refresh at the same moment.
    refresh_at: Instant,
}

/// One catalog list, kept.
#[derive(Debug)]
pub(crate) struct CatalogCache<T> {
    entry: RwLock<Option<Entry<T>>>,
    /// Held by the one caller that fetches; the others wait for its copy.
    fetching: tokio::sync::Mutex<()>,
}

impl<T> Default for CatalogCache<T> {
    fn default() -> Self {
        Self {
            entry: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(()),
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

impl<T> CatalogCache<T> {
    /// The copy, fetched with `fetch` when there is none or it is due for a refresh.
    pub(crate) async fn get<F, Fut>(&self, freshness: Freshness, fetch: F) -> Result<Kept<T>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        if let Some(kept) = self.current(|entry| Instant::now() < entry.refresh_at) {
            return Ok(kept);
        }
        self.refresh(freshness, fetch, |entry| Instant::now() < entry.refresh_at)
            .await
    }

    /// A copy fetched after `seen`: for a lookup that missed in the copy fetched at `seen`.
    /// Concurrent misses share one request; a copy someone else fetched since counts.
    pub(crate) async fn refetch_since<F, Fut>(
        &self,
        seen: Instant,
        freshness: Freshness,
        fetch: F,
    ) -> Result<Kept<T>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.refresh(freshness, fetch, |entry| entry.fetched > seen)
            .await
    }

    fn current(&self, good_enough: impl Fn(&Entry<T>) -> bool) -> Option<Kept<T>> {
        let entry = self.entry.read().unwrap_or_else(PoisonError::into_inner);
        entry.as_ref().filter(|e| good_enough(e)).map(Kept::of)
    }

    async fn refresh<F, Fut>(
        &self,
        freshness: Freshness,
        fetch: F,
        good_enough: impl Fn(&Entry<T>) -> bool,
    ) -> Result<Kept<T>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let _fetching = self.fetching.lock().await;
        // Another caller may have fetched while this one waited.
        if let Some(kept) = self.current(&good_enough) {
            return Ok(kept);
        }
        match fetch().await {
            Ok(value) => {
                let now = Instant::now();
                let entry = Entry {
                    value: Arc::new(value),
                    fetched: now,
                    refresh_at: now + jittered(freshness.ttl),
                };
                let kept = Kept::of(&entry);
                *self.entry.write().unwrap_or_else(PoisonError::into_inner) = Some(entry);
                Ok(kept)
            }
            Err(error) => {
                let mut slot = self.entry.write().unwrap_or_else(PoisonError::into_inner);
                let Some(entry) = slot.as_mut() else {
                    return Err(error);
                };
                tracing::warn!(
                    error = %error,
                    age_s = entry.fetched.elapsed().as_secs(),
                    "could not refresh a Mesh catalog; using the copy fetched earlier"
                );
                // Try again soon, but never sooner than a copy still fresh was due.
                entry.refresh_at = entry
                    .refresh_at
                    .max(Instant::now() + freshness.retry_after_failure);
                Ok(Kept::of(entry))
            }
        }
    }
}

/// A kept copy and when it was fetched.
#[derive(Debug)]
pub(crate) struct Kept<T> {
    pub(crate) value: Arc<T>,
    pub(crate) fetched: Instant,
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
    pub(crate) networks: CatalogCache<Networks>,
    pub(crate) integrations: CatalogCache<Integrations>,
    pub(crate) tokens: CatalogCache<Tokens>,
    pub(crate) freshness: Freshness,
    /// A lookup that misses refetches only a copy at least this old.
    pub(crate) refetch_on_miss_after: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) checks: Option<CatalogChecks>,
}
