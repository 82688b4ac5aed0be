//! What the running mock shares between connections: its spec and credentials, the faults
//! queued for the next requests, the requests it recorded, and the sessions' transfers.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use secrecy::SecretString;

use mesh_link_api::wire::Operation;

use crate::aim::Aim;
use crate::catalog::Catalog;
use crate::completion::{Completion, CompletionError};
use crate::fault::Fault;
use crate::record::RecordedRequest;
use crate::spec::RequestSpec;
use crate::transfers::{Moment, Transfers};
use crate::webhook_delivery::WebhookSender;

/// The mock keeps this many recorded requests, dropping the oldest, so a long run stays small.
pub const MAX_RECORDED_REQUESTS: usize = 10_000;

/// How long the mock waits for a client, and holds a hung answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    /// A body still arriving after this long gets 408 (a slowloris body cannot hold a task).
    pub(crate) body_read: Duration,
    /// A hung answer's connection is closed after this long.
    pub(crate) hang: Duration,
}

/// How much a reset forgot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cleared {
    pub(crate) faults: usize,
    pub(crate) requests: usize,
    pub(crate) transfers: usize,
    pub(crate) webhook_deliveries: usize,
}

/// Everything the running mock shares between connections.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) spec: Arc<RequestSpec>,
    pub(crate) catalog: Catalog,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) timeouts: Timeouts,
    /// Whether the control API under `/_mesh-mock` answers (else those paths are 404s).
    pub(crate) control_api: bool,
    pub(crate) transfers: Transfers,
    pub(crate) webhooks: WebhookSender,
    /// Held by a completion and by a reset, so a reset never falls between a transfer made and
    /// its webhooks sent.
    completing: Mutex<()>,
    faults: Mutex<VecDeque<(Aim, Fault)>>,
    requests: Mutex<VecDeque<RecordedRequest>>,
}

impl State {
    pub(crate) fn new(
        spec: Arc<RequestSpec>,
        catalog: Catalog,
        client_id: String,
        client_secret: SecretString,
        timeouts: Timeouts,
        control_api: bool,
        webhooks: WebhookSender,
    ) -> Self {
        Self {
            spec,
            catalog,
            client_id,
            client_secret,
            timeouts,
            control_api,
            transfers: Transfers::default(),
            webhooks,
            completing: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
        }
    }

    /// Completes a session's transfer and sends its webhooks (`pending` now, the outcome when
    /// due); returns Mesh's ID of the transfer.
    pub(crate) fn complete(&self, completion: &Completion) -> Result<uuid::Uuid, CompletionError> {
        let _completing = self
            .completing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let completed = self.transfers.complete(completion)?;
        if self.webhooks.is_on() {
            let as_shown = |moment| {
                self.transfers
                    .transfer_at(completed.id, moment, &self.catalog)
            };
            let changes = [(completed.created, Moment::Created)]
                .into_iter()
                .chain(completed.settles_at.map(|due| (due, Moment::Settled(due))))
                .filter_map(|(time, moment)| Some((time, as_shown(moment)?)))
                .collect();
            self.webhooks.transfer_completed(completed.id, changes);
        }
        Ok(completed.id)
    }

    /// Forgets faults, requests, transfers and webhook deliveries, stopping those being sent,
    /// as a fresh mock would start.
    pub(crate) fn reset(&self) -> Cleared {
        let _completing = self
            .completing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Cleared {
            faults: self.clear_faults(),
            requests: self.clear_requests(),
            transfers: self.transfers.clear(),
            webhook_deliveries: self.webhooks.clear(),
        }
    }

    pub(crate) fn enqueue(&self, aim: Aim, fault: Fault) {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back((aim, fault));
    }

    pub(crate) fn pending_faults(&self) -> usize {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// The first queued fault whose aim this request (a call of `operation`) is; every other aim
    /// that counts it has one call fewer to skip.
    pub(crate) fn next_fault(&self, operation: Option<Operation>) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
        let mut chosen = None;
        for (index, (aim, _)) in faults.iter_mut().enumerate() {
            if aim.counts(operation) && aim.hit() && chosen.is_none() {
                chosen = Some(index);
            }
        }
        faults.remove(chosen?).map(|(_, fault)| fault)
    }

    /// Forgets the queued faults, returning how many there were.
    pub(crate) fn clear_faults(&self) -> usize {
        let mut faults = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
        let cleared = faults.len();
        faults.clear();
        cleared
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// Forgets the recorded requests, returning how many there were.
    pub(crate) fn clear_requests(&self) -> usize {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        let cleared = requests.len();
        requests.clear();
        cleared
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() == MAX_RECORDED_REQUESTS {
            requests.pop_front();
        }
        requests.push_back(request);
    }
}
