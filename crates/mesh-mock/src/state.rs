//! What the running mock shares between connections: its spec and credentials, the faults
//! queued for the next requests, and the requests it recorded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use secrecy::SecretString;

use crate::catalog::Catalog;
use crate::fault::Fault;
use crate::record::RecordedRequest;
use crate::spec::RequestSpec;

/// The mock keeps this many recorded requests, dropping the oldest, so a long run stays small.
pub const MAX_RECORDED_REQUESTS: usize = 10_000;

/// Everything the running mock shares between connections.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) spec: Arc<RequestSpec>,
    pub(crate) catalog: Catalog,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    /// A body still arriving after this long gets 408 (a slowloris body cannot hold a task).
    pub(crate) body_read_timeout: Duration,
    /// A hung answer's connection is closed after this long.
    pub(crate) hang_timeout: Duration,
    faults: Mutex<VecDeque<Fault>>,
    requests: Mutex<VecDeque<RecordedRequest>>,
}

impl State {
    pub(crate) fn new(
        spec: Arc<RequestSpec>,
        catalog: Catalog,
        client_id: String,
        client_secret: SecretString,
        body_read_timeout: Duration,
        hang_timeout: Duration,
    ) -> Self {
        Self {
            spec,
            catalog,
            client_id,
            client_secret,
            body_read_timeout,
            hang_timeout,
            faults: Mutex::default(),
            requests: Mutex::default(),
        }
    }

    pub(crate) fn enqueue(&self, fault: Fault) {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(fault);
    }

    pub(crate) fn pending_faults(&self) -> usize {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub(crate) fn next_fault(&self) -> Option<Fault> {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    pub(crate) fn clear_requests(&self) {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() == MAX_RECORDED_REQUESTS {
            requests.pop_front();
        }
        requests.push_back(request);
    }
}
