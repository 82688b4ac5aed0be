//! Sending the webhooks: one task per completed transfer, which posts each of its events (the
//! `pending` one at once, the final one when due) to the configured URL and nowhere else,
//! retrying until a 2xx, and records every attempt.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST};
use http::{Request, Uri};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use mesh_link_api::wire::WEBHOOK_SIGNATURE_HEADER;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};
use tokio::net::TcpStream;
use tokio::runtime::Handle;
use tokio::sync::{Notify, Semaphore};
use tokio::task::AbortHandle;
use uuid::Uuid;

use crate::webhook::{DeliveryAnswer, WebhookDelivery, WebhookFault, Webhooks};
use crate::webhook_event::{delivery_body, event_fields, sign};

/// At most this many deliveries are on the wire at once, so a receiver that hangs cannot take
/// the file descriptors the emulator's own server needs.
pub const MAX_DELIVERIES_IN_FLIGHT: usize = 64;

/// The emulator keeps this many deliveries, dropping the oldest.
pub const MAX_KEPT_DELIVERIES: usize = 10_000;

/// Why a webhook configuration cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookConfigError {
    /// The callback URL is not `http://host[:port]/path`.
    #[error("webhook URL {url:?}: {why}")]
    Url {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The secret is empty: anyone could sign with it.
    #[error("the webhook secret must not be empty")]
    EmptySecret,
}

/// Where and how deliveries go, checked once.
#[derive(Debug)]
struct Target {
    url: String,
    host: String,
    port: u16,
    authority: String,
    path: String,
    secret: SecretString,
    attempts: u32,
    first_retry: Duration,
    timeout: Duration,
}

impl Target {
    fn new(config: Webhooks) -> Result<Self, WebhookConfigError> {
        let bad = |why| WebhookConfigError::Url {
            url: config.url.clone(),
            why,
        };
        let uri: Uri = config.url.parse().map_err(|_| bad("not a URL"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some("https") => {
                return Err(bad(
                    "the emulator sends plain http:// to a local handler; it has no TLS",
                ));
            }
            _ => return Err(bad("must start with http://")),
        }
        let authority = uri.authority().ok_or_else(|| bad("has no host"))?;
        if authority.as_str().contains('@') {
            return Err(bad("must not carry a user name or password"));
        }
        // A port written but not a port (`:65616`) must not fall back to 80: that is another address.
        let written_port = authority
            .as_str()
            .rsplit_once(']')
            .map_or(authority.as_str(), |(_, after)| after)
            .contains(':');
        let port = match authority.port_u16() {
            Some(0) => return Err(bad("the port must be 1 to 65535")),
            Some(port) => port,
            None if written_port => return Err(bad("the port must be 1 to 65535")),
            None => 80,
        };
        if config.secret.expose_secret().is_empty() {
            return Err(WebhookConfigError::EmptySecret);
        }
        let path = match uri.path() {
            "" => "/",
            path => path,
        };
        Ok(Self {
            url: config.url.clone(),
            host: authority
                .host()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port,
            authority: if written_port {
                format!("{}:{port}", authority.host())
            } else {
                authority.host().to_owned()
            },
            path: uri
                .query()
                .map_or_else(|| path.to_owned(), |query| format!("{path}?{query}")),
            secret: config.secret,
            attempts: config.attempts,
            first_retry: config.first_retry,
            timeout: config.timeout,
        })
    }
}

/// An event of a transfer, due at a time (its status change), with what its deliveries record.
#[derive(Debug)]
struct PlannedEvent {
    due: SystemTime,
    event_id: Uuid,
    transfer_id: Uuid,
    status: String,
    fields: Map<String, Value>,
}

/// The webhook side of the running emulator.
#[derive(Debug)]
pub(crate) struct WebhookSender {
    target: Option<Arc<Target>>,
    runtime: Handle,
    shared: Arc<Shared>,
}

/// The deliveries recorded since the last reset, whose count a task compares with its own: a
/// task still running when a reset came (abort stops a task only at its next await) records
/// nothing.
#[derive(Debug, Default)]
struct Deliveries {
    generation: u64,
    kept: VecDeque<WebhookDelivery>,
}

#[derive(Debug)]
struct Shared {
    in_flight: Semaphore,
    faults: Mutex<VecDeque<WebhookFault>>,
    deliveries: Mutex<Deliveries>,
    recorded: Notify,
    /// The tasks still sending, stopped by a reset and when the mock is dropped.
    sending: Mutex<Vec<AbortHandle>>,
}

impl Default for Shared {
    fn default() -> Self {
        Self {
            in_flight: Semaphore::new(MAX_DELIVERIES_IN_FLIGHT),
            faults: Mutex::default(),
            deliveries: Mutex::default(),
            recorded: Notify::new(),
            sending: Mutex::default(),
        }
    }
}

impl WebhookSender {
    /// Must be called inside the Tokio runtime the emulator runs on.
    pub(crate) fn new(config: Option<Webhooks>) -> Result<Self, WebhookConfigError> {
        Ok(Self {
            target: config.map(Target::new).transpose()?.map(Arc::new),
            runtime: Handle::current(),
            shared: Arc::default(),
        })
    }

    /// Whether webhooks are sent at all.
    pub(crate) fn is_on(&self) -> bool {
        self.target.is_some()
    }

    /// Sends the events of transfer `transfer_id`, each the transfer as the query shows it at
    /// one of its status changes (`pending`, then its outcome when it has one), when due.
    pub(crate) fn transfer_completed(&self, transfer_id: Uuid, changes: Vec<(SystemTime, Value)>) {
        let Some(target) = &self.target else {
            return;
        };
        let fault = lock(&self.shared.faults).pop_front();
        let mut events: Vec<PlannedEvent> = changes
            .into_iter()
            .map(|(due, transfer)| {
                let event_id = Uuid::new_v4();
                PlannedEvent {
                    due,
                    event_id,
                    transfer_id,
                    status: transfer["status"].as_str().unwrap_or_default().to_owned(),
                    fields: event_fields(event_id, &transfer, due),
                }
            })
            .collect();
        if fault == Some(WebhookFault::OutOfOrder) {
            events.reverse();
        }
        let task = self.runtime.spawn(send_events(
            Arc::clone(target),
            Arc::clone(&self.shared),
            events,
            fault,
            lock(&self.shared.deliveries).generation,
        ));
        let mut sending = lock(&self.shared.sending);
        sending.retain(|task| !task.is_finished());
        // As many transfers as the emulator keeps may still be sending; the oldest gives way.
        if sending.len() == crate::transfers::MAX_KEPT_TRANSFERS {
            sending.remove(0).abort();
        }
        sending.push(task.abort_handle());
    }

    /// The URL deliveries go to, when webhooks are on.
    pub(crate) fn url(&self) -> Option<&str> {
        self.target.as_deref().map(|target| target.url.as_str())
    }

    pub(crate) fn enqueue(&self, fault: WebhookFault) -> usize {
        let mut faults = lock(&self.shared.faults);
        faults.push_back(fault);
        faults.len()
    }

    pub(crate) fn deliveries(&self) -> Vec<WebhookDelivery> {
        lock(&self.shared.deliveries).kept.iter().cloned().collect()
    }

    /// The deliveries once there are at least `count`, or those there are when `timeout` ends.
    pub(crate) async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<WebhookDelivery> {
        let waited = tokio::time::timeout(timeout, async {
            loop {
                let recorded = self.shared.recorded.notified();
                if lock(&self.shared.deliveries).kept.len() >= count {
                    return;
                }
                recorded.await;
            }
        });
        let _ = waited.await;
        self.deliveries()
    }

    /// Stops the tasks still sending.
    pub(crate) fn stop(&self) {
        for task in lock(&self.shared.sending).drain(..) {
            task.abort();
        }
    }

    /// Forgets deliveries and queued faults, and stops the tasks still sending; returns how
    /// many deliveries there were.
    pub(crate) fn clear(&self) -> usize {
        self.stop();
        lock(&self.shared.faults).clear();
        let mut deliveries = lock(&self.shared.deliveries);
        deliveries.generation += 1;
        let cleared = deliveries.kept.len();
        deliveries.kept.clear();
        cleared
    }
}

async fn send_events(
    target: Arc<Target>,
    shared: Arc<Shared>,
    events: Vec<PlannedEvent>,
    fault: Option<WebhookFault>,
    generation: u64,
) {
    if let Some(WebhookFault::Delay(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    let copies = if fault == Some(WebhookFault::Duplicate) {
        2
    } else {
        1
    };
    for event in events {
        if let Ok(wait) = event.due.duration_since(SystemTime::now()) {
            tokio::time::sleep(wait).await;
        }
        for _ in 0..copies {
            let wrong_first = fault == Some(WebhookFault::WrongSignature);
            deliver(&target, &shared, &event, wrong_first, generation).await;
        }
    }
}

/// Sends one event until a 2xx or out of attempts.
async fn deliver(
    target: &Target,
    shared: &Shared,
    event: &PlannedEvent,
    wrong_first: bool,
    generation: u64,
) {
    let mut pause = target.first_retry;
    for attempt in 0..target.attempts {
        if attempt > 0 {
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2);
        }
        let delivery_id = Uuid::new_v4();
        let body = delivery_body(&event.fields, delivery_id, SystemTime::now());
        let signed_with_the_secret = !(wrong_first && attempt == 0);
        let secret = target.secret.expose_secret().as_bytes();
        let signature = if signed_with_the_secret {
            sign(secret, body.as_bytes())
        } else {
            sign(&[secret, b"-not"].concat(), body.as_bytes())
        };
        // The semaphore is never closed, so a permit always comes.
        let permit = shared.in_flight.acquire().await.ok();
        let answer = post(target, Bytes::from(body.clone()), &signature).await;
        drop(permit);
        tracing::debug!(path = %target.path, %delivery_id, %answer, "webhook delivered");
        let succeeded = answer.is_success();
        record(
            shared,
            generation,
            WebhookDelivery {
                event_id: event.event_id,
                delivery_id,
                transfer_id: event.transfer_id,
                status: event.status.clone(),
                body,
                signature,
                signed_with_the_secret,
                answer,
            },
        );
        if succeeded {
            break;
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn record(shared: &Shared, generation: u64, delivery: WebhookDelivery) {
    let mut deliveries = lock(&shared.deliveries);
    if deliveries.generation != generation {
        return;
    }
    if deliveries.kept.len() == MAX_KEPT_DELIVERIES {
        deliveries.kept.pop_front();
    }
    deliveries.kept.push_back(delivery);
    drop(deliveries);
    shared.recorded.notify_waiters();
}

async fn post(target: &Target, body: Bytes, signature: &str) -> DeliveryAnswer {
    let exchange = async {
        let stream = TcpStream::connect((target.host.as_str(), target.port))
            .await
            .map_err(|error| format!("cannot connect: {error}"))?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| error.to_string())?;
        tokio::spawn(connection);
        let request = Request::post(target.path.as_str())
            .header(HOST, target.authority.as_str())
            .header(CONTENT_TYPE, "application/json")
            .header(WEBHOOK_SIGNATURE_HEADER, signature)
            .body(Full::new(body))
            .map_err(|error| error.to_string())?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| error.to_string())?;
        Ok::<_, String>(response.status().as_u16())
    };
    match tokio::time::timeout(target.timeout, exchange).await {
        Ok(Ok(status)) => DeliveryAnswer::Status(status),
        Ok(Err(why)) => DeliveryAnswer::Failed(why),
        Err(_) => DeliveryAnswer::TimedOut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> Result<Target, WebhookConfigError> {
        Target::new(Webhooks::new(url, "whsec"))
    }

    #[test]
    fn only_a_plain_http_url_with_a_host_is_a_target() {
        let local = target("http://127.0.0.1:8080/mesh/hook?x=1").unwrap();
        assert_eq!(
            (local.host.as_str(), local.port, local.path.as_str()),
            ("127.0.0.1", 8080, "/mesh/hook?x=1")
        );
        let bare = target("http://localhost").unwrap();
        assert_eq!((bare.port, bare.path.as_str()), (80, "/"));
        assert_eq!(target("http://[::1]:9/").unwrap().host, "::1");
        let query_only = target("http://127.0.0.1:8080?x=1").unwrap();
        assert_eq!(
            (query_only.path.as_str(), query_only.authority.as_str()),
            ("/?x=1", "127.0.0.1:8080")
        );
        for bad in [
            "https://example.com/hook",
            "ftp://h/",
            "/just/a/path",
            "not a url",
            "",
            "http://127.0.0.1:65616/hook",
            "http://127.0.0.1:0/hook",
            "http://[::1]:99999/",
            "http://alice:pw@127.0.0.1:8080/hook",
            "http://alice@127.0.0.1/hook",
        ] {
            assert!(
                matches!(target(bad), Err(WebhookConfigError::Url { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            Target::new(Webhooks::new("http://h/", "")).unwrap_err(),
            WebhookConfigError::EmptySecret
        );
    }
}
