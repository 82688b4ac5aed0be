//! Mesh's transfer-status webhooks over real HTTP: the emulator completes a payment's session and
//! posts its signed events to an axum handler that verifies them with `WebhookVerifier`, as the
//! README's handler does; each forgery, replay and fault of Mesh's is refused or survived.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use mesh_link::{
    Destination, LinkTokenRequest, MeshClient, TransferEvent, TransferQuery,
    WEBHOOK_SIGNATURE_HEADER, WebhookError, WebhookVerifier, networks,
};
use mesh_mock::{
    Completion, DeliveryAnswer, MeshMock, Outcome, WebhookDelivery, WebhookFault, Webhooks,
};
use rust_decimal::dec;
use sha2::Sha256;

const SECRET: &str = "whsec-mesh-link-tests";
const ADDRESS: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

/// What the handler saw: events accepted once each, and the refusals with their reasons.
#[derive(Default)]
struct Received {
    events: Vec<TransferEvent>,
    seen: HashSet<uuid::Uuid>,
    refused: Vec<WebhookError>,
    /// Answer this many deliveries with 503 before accepting any.
    fail_first: usize,
}

struct Receiver {
    url: String,
    received: Arc<Mutex<Received>>,
}

impl Receiver {
    /// The statuses of the events the handler accepted, in the order it accepted them.
    fn accepted(&self) -> Vec<String> {
        let received = self.received.lock().expect("no handler panics holding it");
        received
            .events
            .iter()
            .map(|event| event.status().as_str().to_owned())
            .collect()
    }
}

type App = (Arc<WebhookVerifier>, Arc<Mutex<Received>>);

/// The README's handler: the raw body and the header, verified, deduplicated on `EventId`.
async fn receive(
    State((verifier, received)): State<App>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut received = received.lock().expect("no handler panics holding it");
    if received.fail_first > 0 {
        received.fail_first -= 1;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let signature = headers
        .get(WEBHOOK_SIGNATURE_HEADER)
        .map(|value| value.as_bytes());
    match verifier.verify(signature, &body) {
        Ok(event) => {
            if received.seen.insert(event.event_id()) {
                received.events.push(event);
            }
            StatusCode::OK
        }
        Err(error) => {
            received.refused.push(error);
            StatusCode::UNAUTHORIZED
        }
    }
}

async fn receiver(verifier: WebhookVerifier, fail_first: usize) -> Receiver {
    let received = Arc::new(Mutex::new(Received {
        fail_first,
        ..Received::default()
    }));
    let app = Router::new()
        .route("/mesh/webhooks", post(receive))
        .with_state((Arc::new(verifier), Arc::clone(&received)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!(
        "http://{}/mesh/webhooks",
        listener.local_addr().expect("its address")
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver { url, received }
}

async fn emulator(receiver: &Receiver, faults: &[WebhookFault]) -> (MeshMock, MeshClient) {
    let mut builder = MeshMock::builder()
        .webhooks(Webhooks::new(&receiver.url, SECRET).first_retry(Duration::from_millis(20)));
    for fault in faults {
        builder = builder.webhook_fault(*fault);
    }
    let mock = builder.start().await.expect("the emulator starts");
    let client = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .build()
        .expect("a client");
    (mock, client)
}

async fn pay(mock: &MeshMock, client: &MeshClient, order: &str, outcome: Outcome) {
    let request = LinkTokenRequest::payment(
        "user-7d1f",
        [Destination::new(networks::BASE, "USDC", ADDRESS).amount(dec!(25.50))],
    )
    .transaction_id(order);
    client
        .create_link_token(&request)
        .await
        .expect("a link token");
    let completion = Completion::of_transaction(order, outcome).after(Duration::from_millis(100));
    mock.complete(&completion).expect("a session to complete");
}

async fn deliveries(mock: &MeshMock, count: usize) -> Vec<WebhookDelivery> {
    let deliveries = mock
        .wait_for_webhook_deliveries(count, Duration::from_secs(10))
        .await;
    assert!(deliveries.len() >= count, "{deliveries:#?}");
    deliveries
}

#[tokio::test]
async fn a_paid_session_sends_pending_then_succeeded_and_both_match_the_transfers_query() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(&receiver, &[]).await;
    pay(&mock, &client, "order-w1", Outcome::Succeeded).await;

    let sent = deliveries(&mock, 2).await;
    assert!(
        sent.iter().all(|d| d.answer == DeliveryAnswer::Status(200)),
        "{sent:#?}"
    );

    let listed = client
        .transfers(&TransferQuery::for_transaction("order-w1"))
        .await
        .unwrap();
    assert_eq!(receiver.accepted(), ["pending", "succeeded"]);
    let received = receiver
        .received
        .lock()
        .expect("no handler panics holding it");
    assert!(received.refused.is_empty());
    let transfer = &listed.transfers()[0];
    let (pending, succeeded) = (&received.events[0], &received.events[1]);
    assert_eq!(pending.tx_hash(), None);
    assert_eq!(succeeded.status(), transfer.status());
    assert_eq!(succeeded.tx_hash(), transfer.hash());
    for event in [pending, succeeded] {
        assert_eq!(event.transfer_id(), transfer.id());
        assert_eq!(event.transaction_id(), Some("order-w1"));
        assert_eq!(event.user_id(), Some("user-7d1f"));
        assert_eq!(event.token(), Some("USDC"));
        assert_eq!(event.chain(), Some("Base"));
        assert_eq!(event.destination_address(), Some(ADDRESS));
        assert_eq!(event.destination_amount(), Some(dec!(25.50)));
        assert_eq!(event.source_amount(), transfer.amount());
    }
    assert_ne!(pending.event_id(), succeeded.event_id());
}

#[tokio::test]
async fn a_failed_session_ends_in_a_failed_event_and_one_left_pending_in_pending_alone() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(&receiver, &[]).await;
    pay(&mock, &client, "order-w2", Outcome::Failed).await;
    deliveries(&mock, 2).await;
    pay(&mock, &client, "order-w3", Outcome::Pending).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.accepted(), ["pending", "failed", "pending"]);
    assert_eq!(mock.webhook_deliveries().len(), 3);
}

#[tokio::test]
async fn a_delivery_answered_503_is_retried_with_the_same_event_id_and_a_new_id() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 2).await;
    let (mock, client) = emulator(&receiver, &[]).await;
    pay(&mock, &client, "order-w4", Outcome::Succeeded).await;

    let sent = deliveries(&mock, 4).await;
    let answers: Vec<_> = sent.iter().map(|d| d.answer.clone()).collect();
    assert_eq!(
        answers,
        [503, 503, 200, 200].map(DeliveryAnswer::Status),
        "{sent:#?}"
    );
    assert!(sent[..3].iter().all(|d| d.event_id == sent[0].event_id));
    let ids: HashSet<_> = sent.iter().map(|d| d.delivery_id).collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(receiver.accepted(), ["pending", "succeeded"]);
}

#[tokio::test]
async fn a_wrong_signature_is_refused_and_the_retry_signed_right_accepted() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(&receiver, &[WebhookFault::WrongSignature]).await;
    pay(&mock, &client, "order-w5", Outcome::Succeeded).await;

    let sent = deliveries(&mock, 4).await;
    let signed: Vec<_> = sent
        .iter()
        .map(|d| (d.signed_with_the_secret, d.answer.clone()))
        .collect();
    assert_eq!(
        signed,
        [
            (false, DeliveryAnswer::Status(401)),
            (true, DeliveryAnswer::Status(200)),
            (false, DeliveryAnswer::Status(401)),
            (true, DeliveryAnswer::Status(200)),
        ]
    );
    let received = receiver
        .received
        .lock()
        .expect("no handler panics holding it");
    assert_eq!(
        received.refused,
        [
            WebhookError::SignatureMismatch,
            WebhookError::SignatureMismatch
        ]
    );
    drop(received);
    assert_eq!(receiver.accepted(), ["pending", "succeeded"]);
}

#[tokio::test]
async fn duplicates_are_deduplicated_on_event_id() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(&receiver, &[WebhookFault::Duplicate]).await;
    pay(&mock, &client, "order-w6", Outcome::Succeeded).await;

    let sent = deliveries(&mock, 4).await;
    assert_eq!(sent[0].event_id, sent[1].event_id);
    assert_ne!(sent[0].delivery_id, sent[1].delivery_id);
    assert_eq!(receiver.accepted(), ["pending", "succeeded"]);
}

#[tokio::test]
async fn out_of_order_events_arrive_final_first() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(&receiver, &[WebhookFault::OutOfOrder]).await;
    pay(&mock, &client, "order-w7", Outcome::Succeeded).await;
    deliveries(&mock, 2).await;
    assert_eq!(receiver.accepted(), ["succeeded", "pending"]);
}

#[tokio::test]
async fn a_delayed_event_arrives_after_the_delay() {
    let receiver = receiver(WebhookVerifier::new(SECRET).unwrap(), 0).await;
    let (mock, client) = emulator(
        &receiver,
        &[WebhookFault::Delay(Duration::from_millis(400))],
    )
    .await;
    pay(&mock, &client, "order-w8", Outcome::Pending).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(mock.webhook_deliveries().is_empty());
    deliveries(&mock, 1).await;
}

/// One real delivery of the emulator's: its header and exact body.
async fn a_real_delivery() -> WebhookDelivery {
    let receiver = receiver(WebhookVerifier::new(SECRET).expect("a secret"), 0).await;
    let (mock, client) = emulator(&receiver, &[]).await;
    pay(&mock, &client, "order-w9", Outcome::Pending).await;
    deliveries(&mock, 1).await.remove(0)
}

#[tokio::test]
async fn each_forgery_is_refused_with_its_reason() {
    let delivery = a_real_delivery().await;
    let verifier = WebhookVerifier::new(SECRET).unwrap();
    let (signature, body) = (delivery.signature.as_bytes(), delivery.body.as_bytes());
    assert!(verifier.verify(Some(signature), body).is_ok());

    for at in [0, body.len() / 2, body.len() - 1] {
        let mut changed = body.to_vec();
        changed[at] ^= 0x01;
        assert_eq!(
            verifier.verify(Some(signature), &changed).unwrap_err(),
            WebhookError::SignatureMismatch,
            "byte {at}"
        );
    }
    let other = WebhookVerifier::new("another-secret").unwrap();
    assert_eq!(
        other.verify(Some(signature), body).unwrap_err(),
        WebhookError::SignatureMismatch
    );
    assert_eq!(
        verifier.verify(None, body).unwrap_err(),
        WebhookError::MissingSignature
    );
    assert_eq!(
        verifier.verify(Some(b"not base64!"), body).unwrap_err(),
        WebhookError::MalformedSignature
    );

    let sent = verifier.verify(Some(signature), body).unwrap().sent_at();
    let later = sent + Duration::from_secs(6 * 60);
    let stale = verifier.verify_at(Some(signature), body, later);
    assert!(
        matches!(&stale, Err(WebhookError::Stale { event, .. }) if event.event_id() == delivery.event_id),
        "an old delivery's error carries its verified event: {stale:?}"
    );
    let earlier = sent - Duration::from_secs(6 * 60);
    let ahead = verifier.verify_at(Some(signature), body, earlier);
    assert!(
        matches!(&ahead, Err(WebhookError::FromTheFuture { event, .. }) if event.event_id() == delivery.event_id),
        "{ahead:?}"
    );
    let patient = WebhookVerifier::new(SECRET)
        .unwrap()
        .max_age(Duration::from_secs(3600));
    assert!(patient.verify_at(Some(signature), body, later).is_ok());
}

#[tokio::test]
async fn while_a_secret_rotates_both_are_accepted() {
    let delivery = a_real_delivery().await;
    let (signature, body) = (delivery.signature.as_bytes(), delivery.body.as_bytes());
    let rotating = WebhookVerifier::new("whsec-new")
        .unwrap()
        .with_previous_secret(SECRET)
        .unwrap();
    assert!(rotating.verify(Some(signature), body).is_ok());
    let new_signature = sign("whsec-new", body);
    assert!(
        rotating
            .verify(Some(new_signature.as_bytes()), body)
            .is_ok()
    );
    let rotated = WebhookVerifier::new("whsec-new").unwrap();
    assert_eq!(
        rotated.verify(Some(signature), body).unwrap_err(),
        WebhookError::SignatureMismatch
    );
}

#[test]
fn an_empty_secret_is_refused_at_construction() {
    assert_eq!(
        WebhookVerifier::new("").unwrap_err(),
        WebhookError::EmptySecret
    );
    let verifier = WebhookVerifier::new(SECRET).unwrap();
    assert_eq!(
        verifier.with_previous_secret("").unwrap_err(),
        WebhookError::EmptySecret
    );
}

#[tokio::test]
async fn neither_the_secret_nor_the_expected_signature_shows_in_debug_or_errors() {
    let delivery = a_real_delivery().await;
    let verifier = WebhookVerifier::new(SECRET)
        .unwrap()
        .with_previous_secret("whsec-old")
        .unwrap();
    let debug = format!("{verifier:?}");
    assert!(
        !debug.contains(SECRET) && !debug.contains("whsec-old"),
        "{debug}"
    );
    let body = delivery.body.replace("pending", "succeeded");
    let expected = sign(SECRET, body.as_bytes());
    let refusals = [
        verifier
            .verify(Some(delivery.signature.as_bytes()), body.as_bytes())
            .unwrap_err(),
        verifier.verify(None, body.as_bytes()).unwrap_err(),
        verifier
            .verify_at(
                Some(expected.as_bytes()),
                body.as_bytes(),
                SystemTime::UNIX_EPOCH,
            )
            .unwrap_err(),
    ];
    for refusal in refusals {
        for shown in [format!("{refusal}"), format!("{refusal:?}")] {
            for hidden in [SECRET, "whsec-old", &expected] {
                assert!(!shown.contains(hidden), "{shown}");
            }
        }
    }
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}
