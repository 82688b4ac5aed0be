//! The second half of the flow over real HTTP against the emulator: a payment's link token, the
//! session completed as the user would, and the transfer read back, waited for and paged.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::{calls_to, mock_and_client};
use mesh_link::{
    Destination, Error, LinkTokenRequest, MeshClient, Rule, TransferQuery, TransferStatus,
    TransferWait, WaitOutcome, networks,
};
use mesh_link_api::wire::TRANSFERS_PATH;
use mesh_mock::{Completion, MeshMock, Outcome};
use rust_decimal::dec;

const ADDRESS: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

async fn pay(client: &MeshClient, transaction_id: &str) {
    let request = LinkTokenRequest::payment(
        "user-7d1f",
        [Destination::new(networks::BASE, "USDC", ADDRESS).amount(dec!(25.50))],
    )
    .transaction_id(transaction_id);
    client
        .create_link_token(&request)
        .await
        .expect("a link token");
}

fn quick(transaction_id: &str, within: Duration) -> TransferWait {
    TransferWait::for_transaction(transaction_id, within)
        .poll_interval(Duration::from_millis(20), Duration::from_millis(80))
}

#[tokio::test]
async fn a_paid_session_reads_back_succeeded_with_the_exact_amount_sent() {
    let (mock, client) = mock_and_client().await;
    pay(&client, "order-1").await;
    let id = mock
        .complete(&Completion::of_transaction("order-1", Outcome::Succeeded))
        .unwrap();
    let list = client
        .transfers(&TransferQuery::for_transaction("order-1"))
        .await
        .unwrap();
    assert!(list.is_complete());
    let [transfer] = list.transfers() else {
        panic!("one transfer expected: {list:?}");
    };
    assert_eq!(transfer.id().uuid(), id);
    assert_eq!(transfer.status(), &TransferStatus::Succeeded);
    assert_eq!(transfer.amount(), Some(dec!(25.50)));
    assert_eq!(transfer.transaction_id(), Some("order-1"));
    assert_eq!(transfer.user_id(), Some("user-7d1f"));
    assert_eq!(transfer.symbol(), Some("USDC"));
    assert_eq!(transfer.network_id(), Some(networks::BASE));
    assert_eq!(transfer.destination_address(), Some(ADDRESS));
    assert_eq!(transfer.transfer_type(), Some("payment"));
    assert!(transfer.hash().is_some_and(|hash| hash.starts_with("0x")));
    assert!(transfer.executed_at().is_some() && transfer.created_at().is_some());
    let by_id = client
        .transfers(&TransferQuery::by_id(transfer.id()))
        .await
        .unwrap();
    assert_eq!(by_id.transfers(), list.transfers());
    let other = client
        .transfers(&TransferQuery::for_transaction("order-2"))
        .await
        .unwrap();
    assert!(other.transfers().is_empty());
}

#[tokio::test]
async fn the_wait_returns_at_the_final_status() {
    let (mock, client) = mock_and_client().await;
    pay(&client, "order-1").await;
    let completion =
        Completion::of_transaction("order-1", Outcome::Failed).after(Duration::from_millis(300));
    mock.complete(&completion).unwrap();
    let started = Instant::now();
    let outcome = client
        .wait_for_transfer(&quick("order-1", Duration::from_secs(10)))
        .await
        .unwrap();
    let took = started.elapsed();
    let WaitOutcome::Final(transfer) = outcome else {
        panic!("expected a final transfer, got {outcome:?}");
    };
    assert_eq!(transfer.status(), &TransferStatus::Failed);
    assert!(took >= Duration::from_millis(250), "took {took:?}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(
        calls_to(&mock, TRANSFERS_PATH) >= 2,
        "it polled while pending"
    );
}

#[tokio::test]
async fn a_session_left_pending_times_out_cleanly_with_what_was_last_seen() {
    let (mock, client) = mock_and_client().await;
    pay(&client, "order-1").await;
    mock.complete(&Completion::of_transaction("order-1", Outcome::Pending))
        .unwrap();
    let within = Duration::from_millis(600);
    let started = Instant::now();
    let outcome = client
        .wait_for_transfer(&quick("order-1", within))
        .await
        .unwrap();
    let took = started.elapsed();
    match outcome {
        WaitOutcome::TimedOut {
            last_seen: Some(transfer),
        } => assert_eq!(transfer.status(), &TransferStatus::Pending),
        other => panic!("expected a timed-out wait with the pending transfer, got {other:?}"),
    }
    assert!(took <= within + Duration::from_millis(300), "took {took:?}");
    let polls = calls_to(&mock, TRANSFERS_PATH);
    assert!((3..=15).contains(&polls), "{polls} polls in {within:?}");
}

#[tokio::test]
async fn a_wait_for_a_session_never_completed_times_out_with_nothing_seen() {
    let (_mock, client) = mock_and_client().await;
    let outcome = client
        .wait_for_transfer(&quick("never-paid", Duration::from_millis(200)))
        .await
        .unwrap();
    assert_eq!(outcome, WaitOutcome::TimedOut { last_seen: None });
}

#[tokio::test]
async fn a_refusal_that_will_not_pass_ends_the_wait_at_once() {
    let mock = MeshMock::start().await.unwrap();
    let client = MeshClient::builder(mock.client_id(), "a-wrong-secret")
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .wait_for_transfer(&quick("order-1", Duration::from_secs(10)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn two_hundred_and_fifty_transfers_read_through_pages_each_exactly_once() {
    let (mock, client) = mock_and_client().await;
    for n in 0..250 {
        let transaction_id = format!("order-{n}");
        pay(&client, &transaction_id).await;
        let outcome = if n % 5 == 0 {
            Outcome::Failed
        } else {
            Outcome::Succeeded
        };
        mock.complete(&Completion::of_transaction(transaction_id, outcome))
            .unwrap();
    }
    for (page_size, pages) in [(100, 3), (7, 36)] {
        mock.clear_requests();
        let list = client
            .transfers(&TransferQuery::for_user("user-7d1f").page_size(page_size))
            .await
            .unwrap();
        let ids: HashSet<_> = list.transfers().iter().map(|t| t.id()).collect();
        assert_eq!(list.transfers().len(), 250, "page size {page_size}");
        assert_eq!(ids.len(), 250, "page size {page_size}: each once");
        assert_eq!(
            calls_to(&mock, TRANSFERS_PATH),
            pages,
            "page size {page_size}"
        );
    }
    let failed = client
        .transfers(
            &TransferQuery::all()
                .statuses([TransferStatus::Failed])
                .newest_first(),
        )
        .await
        .unwrap();
    assert_eq!(failed.transfers().len(), 50);
    let created: Vec<_> = failed.transfers().iter().map(|t| t.created_at()).collect();
    assert!(
        created.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let capped = client
        .transfers(&TransferQuery::all().page_size(100).max_transfers(150))
        .await
        .unwrap();
    assert!(!capped.is_complete());
    assert_eq!(capped.transfers().len(), 200, "whole pages are kept");
}

#[tokio::test]
async fn a_query_mesh_would_refuse_is_refused_before_anything_is_sent() {
    let (mock, client) = mock_and_client().await;
    let long_user = "u".repeat(120);
    let error = client
        .transfers(&TransferQuery::for_user(long_user))
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &error else {
        panic!("expected InvalidRequest, got {error:?}");
    };
    assert!(invalid.has(
        "UserId",
        &Rule::TooLongForQuery {
            max: 50,
            actual: 120,
            link_token_max: 300
        }
    ));
    let wait = TransferWait::for_transaction("", Duration::from_secs(1));
    assert!(matches!(
        client.wait_for_transfer(&wait).await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn lying_transfer_answers_end_in_errors_or_unknown_never_a_panic() {
    use mesh_mock::{Fault, GET_TRANSFERS};
    use serde_json::json;

    let (mock, client) = mock_and_client().await;
    let item = |status: &str| {
        json!({"id": "8e25acb5-a9e2-4d00-8772-a255f010a2a9", "status": status,
               "clientTransactionId": "order-1", "amount": 10.5})
    };
    let envelope = |items: Vec<serde_json::Value>, total: i64| json!({"status": "ok", "content": {"items": items, "total": total}});
    let one = TransferQuery::for_transaction("order-1").page_size(10);

    mock.enqueue_at(
        GET_TRANSFERS,
        Fault::status(200).json(&envelope(vec![item("refunded")], 1)),
    );
    let list = client.transfers(&one).await.unwrap();
    assert_eq!(
        list.transfers()[0].status(),
        &TransferStatus::Unknown("refunded".into())
    );

    let eleven = (0..11)
        .map(|n| {
            let mut listed = item("pending");
            listed["id"] = json!(format!("8e25acb5-a9e2-4d00-8772-{n:012}"));
            listed
        })
        .collect();
    let cases = [
        ("a page larger than asked", Fault::status(200).json(&envelope(eleven, 11))),
        (
            "an amount of the wrong type",
            Fault::status(200).json(&json!({"status": "ok", "content": {"items": [
                {"id": "8e25acb5-a9e2-4d00-8772-a255f010a2a9", "status": "pending", "amount": "ten"}]}})),
        ),
        ("a negative total", Fault::status(200).json(&envelope(vec![item("pending")], -1))),
        (
            "a truncated body",
            Fault::status(200).body(&br#"{"status":"ok","content":{"items":[{"id":"8e25"#[..]),
        ),
        ("no content", Fault::status(200).json(&json!({"status": "ok"}))),
    ];
    for (what, fault) in cases {
        mock.enqueue_at(GET_TRANSFERS, fault);
        let outcome = client.transfers(&one).await;
        assert!(
            matches!(outcome, Err(Error::Undecodable(_))),
            "{what}: {outcome:?}"
        );
    }
    // A page that repeats an earlier one forever is caught, not followed.
    let full_page: Vec<_> = (0..10)
        .map(|n| {
            let mut listed = item("pending");
            listed["id"] = json!(format!("8e25acb5-a9e2-4d00-8772-{n:012}"));
            listed
        })
        .collect();
    for _ in 0..2 {
        mock.enqueue_at(
            GET_TRANSFERS,
            Fault::status(200).json(&envelope(full_page.clone(), 1000)),
        );
    }
    let outcome = client.transfers(&one).await;
    assert!(
        matches!(&outcome, Err(Error::Undecodable(u)) if u.to_string().contains("earlier pages")),
        "{outcome:?}"
    );
    assert_eq!(mock.pending_faults(), 0);
}

#[tokio::test]
async fn the_wait_polls_through_an_outage() {
    use mesh_mock::{Fault, GET_TRANSFERS};

    let (mock, client) = mock_and_client().await;
    pay(&client, "order-1").await;
    mock.complete(&Completion::of_transaction("order-1", Outcome::Succeeded))
        .unwrap();
    // More than one poll's retries: the first poll fails, the next one gets through.
    for _ in 0..5 {
        mock.enqueue_at(GET_TRANSFERS, Fault::unavailable());
    }
    let outcome = client
        .wait_for_transfer(&quick("order-1", Duration::from_secs(10)))
        .await
        .unwrap();
    assert!(
        matches!(&outcome, WaitOutcome::Final(t) if t.status() == &TransferStatus::Succeeded),
        "{outcome:?}"
    );
    assert_eq!(mock.pending_faults(), 0);
}

#[tokio::test]
async fn a_zero_poll_interval_does_not_hammer_mesh() {
    let (mock, client) = mock_and_client().await;
    let within = Duration::from_millis(500);
    let wait = TransferWait::for_transaction("never-paid", within)
        .poll_interval(Duration::ZERO, Duration::ZERO);
    let outcome = client.wait_for_transfer(&wait).await.unwrap();
    assert_eq!(outcome, WaitOutcome::TimedOut { last_seen: None });
    let polls = calls_to(&mock, TRANSFERS_PATH);
    // One poll at the start, then at most one per shortest pause.
    let most =
        2 + (within.as_millis() / mesh_link::defaults::TRANSFER_MIN_POLL.as_millis()) as usize;
    assert!((2..=most).contains(&polls), "{polls} polls in {within:?}");
}
