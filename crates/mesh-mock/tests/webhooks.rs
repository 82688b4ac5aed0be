//! The emulator's webhook sender against receivers that fail: one that never answers, one that
//! is not there, and the control API that queues webhook faults and shows what was sent.

mod common;

use std::time::Duration;

use common::control;
use mesh_mock::{
    Completion, DeliveryAnswer, MAX_DELIVERIES_IN_FLIGHT, MeshMock, MeshMockBuilder, Outcome,
    WebhookConfigError, WebhookFault, Webhooks,
};
use secrecy::ExposeSecret as _;
use serde_json::json;

/// A payment link token request for order `{transaction}`.
fn payment(transaction: &str) -> String {
    json!({"userId": "user-1", "transferOptions": {"transactionId": transaction,
        "transferType": "payment", "isInclusiveFeeEnabled": false, "toAddresses": [{
        "networkId": "aa883b03-120d-477c-a588-37c2afd3ca71", "symbol": "USDC",
        "address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "amount": 25.5}]}})
    .to_string()
}

/// A mock with `builder`'s webhooks whose session for order-1 is issued.
async fn mock_with_a_session(builder: MeshMockBuilder) -> MeshMock {
    let mock = builder
        .control_api(true)
        .start()
        .await
        .expect("the mock starts");
    issue_session(&mock).await;
    mock
}

/// The service under test asks `mock` for order-1's payment link token.
async fn issue_session(mock: &MeshMock) {
    issue_session_for(mock, "order-1").await;
}

/// The service under test asks `mock` for the payment link token of order `transaction`.
async fn issue_session_for(mock: &MeshMock, transaction: &str) {
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .header("Content-Type", "application/json")
        .body(payment(transaction))
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status(), 200);
}

/// A listener on a free local port, and the webhook URL that reaches it.
async fn hook_listener() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!(
        "http://{}/hook",
        listener.local_addr().expect("its address")
    );
    (listener, url)
}

/// A receiver that accepts every connection and never answers, counting them; aborting the
/// task closes them.
async fn holding_receiver() -> (
    String,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    tokio::task::JoinHandle<()>,
) {
    let (listener, url) = hook_listener().await;
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&accepted);
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(stream);
        }
    });
    (url, accepted, hold)
}

#[tokio::test]
async fn a_receiver_that_never_answers_times_out_each_attempt_and_attempts_are_bounded() {
    let (url, _, hold) = holding_receiver().await;
    let webhooks = Webhooks::new(url, "whsec")
        .attempts(3)
        .first_retry(Duration::from_millis(10))
        .timeout(Duration::from_millis(100));
    let mock = mock_with_a_session(MeshMock::builder().webhooks(webhooks)).await;
    mock.complete(&Completion::of_transaction("order-1", Outcome::Pending))
        .unwrap();

    let sent = mock
        .wait_for_webhook_deliveries(3, Duration::from_secs(5))
        .await;
    assert_eq!(
        sent.iter().map(|d| d.answer.clone()).collect::<Vec<_>>(),
        [
            DeliveryAnswer::TimedOut,
            DeliveryAnswer::TimedOut,
            DeliveryAnswer::TimedOut
        ]
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(mock.webhook_deliveries().len(), 3, "no fourth attempt");
    hold.abort();
}

#[tokio::test]
async fn a_receiver_that_holds_every_connection_gets_only_so_many_at_once() {
    use std::sync::atomic::Ordering;
    let (url, accepted, hold) = holding_receiver().await;
    let webhooks = Webhooks::new(url, "whsec")
        .attempts(1)
        .timeout(Duration::from_secs(30));
    let mock = MeshMock::builder()
        .webhooks(webhooks)
        .start()
        .await
        .expect("the mock starts");
    let transfers = MAX_DELIVERIES_IN_FLIGHT + 8;
    for order in 0..transfers {
        let transaction = format!("order-{order}");
        issue_session_for(&mock, &transaction).await;
        mock.complete(&Completion::of_transaction(&transaction, Outcome::Pending))
            .unwrap();
    }
    let full = async {
        while accepted.load(Ordering::SeqCst) < MAX_DELIVERIES_IN_FLIGHT {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), full)
        .await
        .expect("the first deliveries reach the receiver");
    // Time for the other deliveries to connect, were they not held back.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), MAX_DELIVERIES_IN_FLIGHT);
    assert!(
        mock.webhook_deliveries().is_empty(),
        "none has an answer yet"
    );
    hold.abort();
}

#[tokio::test]
async fn a_receiver_that_is_not_there_is_a_failed_delivery() {
    let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", gone.local_addr().unwrap());
    drop(gone);
    let webhooks = Webhooks::new(url, "whsec")
        .attempts(2)
        .first_retry(Duration::from_millis(10));
    let mock = mock_with_a_session(MeshMock::builder().webhooks(webhooks)).await;
    mock.complete(&Completion::of_transaction("order-1", Outcome::Pending))
        .unwrap();
    let sent = mock
        .wait_for_webhook_deliveries(2, Duration::from_secs(5))
        .await;
    assert_eq!(sent.len(), 2);
    for delivery in sent {
        assert!(
            matches!(&delivery.answer, DeliveryAnswer::Failed(why) if why.contains("cannot connect")),
            "{delivery:?}"
        );
    }
}

#[tokio::test]
async fn without_webhooks_nothing_is_sent() {
    let mock = mock_with_a_session(MeshMock::builder()).await;
    mock.complete(&Completion::of_transaction("order-1", Outcome::Succeeded))
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(mock.webhook_deliveries().is_empty());
}

#[tokio::test]
async fn only_a_plain_http_url_and_a_secret_make_webhooks() {
    for (url, secret) in [
        ("https://hooks.example/mesh", "whsec"),
        ("hooks.example/mesh", "whsec"),
        ("http://127.0.0.1:9/", ""),
    ] {
        let refused = MeshMock::builder()
            .webhooks(Webhooks::new(url, secret))
            .start()
            .await;
        assert!(
            matches!(refused, Err(mesh_mock::MockError::Webhooks(_))),
            "{url} {secret:?}"
        );
    }
    let empty = MeshMock::builder()
        .webhooks(Webhooks::new("http://h/", ""))
        .start()
        .await;
    assert!(matches!(
        empty,
        Err(mesh_mock::MockError::Webhooks(
            WebhookConfigError::EmptySecret
        ))
    ));
}

#[test]
fn webhook_faults_parse_from_their_text() {
    assert_eq!("duplicate".parse(), Ok(WebhookFault::Duplicate));
    assert_eq!("out-of-order".parse(), Ok(WebhookFault::OutOfOrder));
    assert_eq!("wrong-signature".parse(), Ok(WebhookFault::WrongSignature));
    assert_eq!(
        "delay:250".parse(),
        Ok(WebhookFault::Delay(Duration::from_millis(250)))
    );
    for bad in ["", "delay:", "delay:-1", "Duplicate", "drop"] {
        let error = bad.parse::<WebhookFault>().unwrap_err().to_string();
        assert!(error.contains("duplicate, out-of-order"), "{error}");
    }
}

#[tokio::test]
async fn the_control_api_queues_webhook_faults_and_shows_the_deliveries() {
    let (url, _) = counting_receiver().await;
    let mock = mock_with_a_session(MeshMock::builder().webhooks(Webhooks::new(url, "whsec"))).await;
    let (status, answer) = control(
        &mock,
        reqwest::Method::POST,
        "/webhooks/faults",
        Some(json!({"fault": "duplicate"})),
    )
    .await;
    assert_eq!((status, answer), (201, json!({"pending": 1})));
    for (body, says) in [
        (
            json!({"fault": "twice"}),
            "fault: \"twice\" is not a webhook fault",
        ),
        (json!({"fault": 1}), "\"fault\" as text"),
        (
            json!({"fault": "duplicate", "operation": "x"}),
            "operation: is not a field",
        ),
    ] {
        let (status, answer) =
            control(&mock, reqwest::Method::POST, "/webhooks/faults", Some(body)).await;
        assert_eq!(status, 400);
        assert!(answer["error"].as_str().unwrap().contains(says), "{answer}");
    }
    let (status, _) = control(&mock, reqwest::Method::DELETE, "/webhooks", None).await;
    assert_eq!(status, 405);

    mock.complete(&Completion::of_transaction("order-1", Outcome::Pending))
        .unwrap();
    mock.wait_for_webhook_deliveries(2, Duration::from_secs(5))
        .await;
    let (status, sent) = control(&mock, reqwest::Method::GET, "/webhooks", None).await;
    assert_eq!(status, 200);
    let sent = sent.as_array().unwrap();
    assert_eq!(sent.len(), 2, "pending, twice");
    assert_eq!(sent[0]["eventId"], sent[1]["eventId"]);
    assert_ne!(sent[0]["id"], sent[1]["id"]);
    assert_eq!(sent[0]["answer"], json!({"status": 200}));
    assert_eq!(sent[0]["transferStatus"], "pending");

    let (_, reset) = control(&mock, reqwest::Method::POST, "/reset", None).await;
    assert_eq!(reset["clearedWebhookDeliveries"], 2);
    assert!(mock.webhook_deliveries().is_empty());
}

/// A receiver answering 200 to everything, counting what it got.
async fn counting_receiver() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (listener, url) = hook_listener().await;
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&count);
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = vec![0; 64 * 1024];
            let _ = stream.read(&mut buffer).await;
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_reset_or_a_dropped_mock_stops_the_events_not_yet_sent() {
    use std::sync::atomic::Ordering;
    for stop_by_dropping in [false, true] {
        let (url, received) = counting_receiver().await;
        let mock =
            mock_with_a_session(MeshMock::builder().webhooks(Webhooks::new(url, "whsec"))).await;
        let later = Completion::of_transaction("order-1", Outcome::Succeeded)
            .after(Duration::from_millis(300));
        mock.complete(&later).unwrap();
        mock.wait_for_webhook_deliveries(1, Duration::from_secs(5))
            .await;
        if stop_by_dropping {
            drop(mock);
        } else {
            mock.reset();
        }
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(
            received.load(Ordering::SeqCst),
            1,
            "only the pending event (dropped: {stop_by_dropping})"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_racing_a_completion_leaves_no_webhook_without_its_transfer() {
    let (url, _) = counting_receiver().await;
    let mock = std::sync::Arc::new(
        mock_with_a_session(MeshMock::builder().webhooks(Webhooks::new(url, "whsec"))).await,
    );
    let http = reqwest::Client::new();
    let listed = format!("{}/api/v1/transfers/managed/mesh", mock.base_url());
    for _ in 0..100 {
        mock.reset();
        issue_session(&mock).await;
        let (completer, resetter) = (std::sync::Arc::clone(&mock), std::sync::Arc::clone(&mock));
        let completing = std::thread::spawn(move || {
            let _ = completer.complete(&Completion::of_transaction("order-1", Outcome::Pending));
        });
        let resetting = std::thread::spawn(move || resetter.reset());
        completing.join().expect("no panic");
        resetting.join().expect("no panic");
        let answer: serde_json::Value = http
            .get(&listed)
            .header("X-Client-Id", mock.client_id())
            .header("X-Client-Secret", mock.client_secret().expose_secret())
            .send()
            .await
            .expect("the mock answers")
            .json()
            .await
            .expect("JSON");
        let transfers = answer["content"]["total"].as_u64().expect("a total");
        // A transfer's pending event comes within moments; none may come for a forgotten one.
        let wait = if transfers > 0 {
            Duration::from_secs(2)
        } else {
            Duration::from_millis(20)
        };
        let sent = mock.wait_for_webhook_deliveries(1, wait).await;
        assert_eq!(transfers as usize, sent.len(), "{sent:?}");
    }
}
