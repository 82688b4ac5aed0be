//! A server that accepts and never answers ends every operation in a timeout within the
//! configured time, and dropping a call's future closes its connection and stops its retries.

mod common;

use std::time::{Duration, Instant};

use common::{Operation, connections, hung_server};
use mesh_link::{Error, LinkTokenRequest, MeshClient, RetryPolicy};

fn client(url: &str, timeout: Duration, deadline: Duration, retry: RetryPolicy) -> MeshClient {
    MeshClient::builder("id", "secret")
        .base_url(url)
        .timeout(timeout)
        .deadline(deadline)
        .retry_policy(retry)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_server_that_never_answers_ends_in_a_timeout_at_the_configured_time() {
    let (url, _events) = hung_server().await;
    let timeout = Duration::from_millis(500);
    let client = client(&url, timeout, Duration::from_secs(30), RetryPolicy::none());
    let started = Instant::now();
    let error = client
        .create_link_token(&LinkTokenRequest::connect("user-1"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(error, Error::Timeout(d) if d == timeout),
        "{error:?}"
    );
    assert!(
        took >= timeout && took < timeout + Duration::from_secs(2),
        "took {took:?}"
    );
}

#[tokio::test]
async fn retries_against_a_hung_server_stop_at_the_deadline_in_every_operation() {
    for operation in Operation::ALL {
        let (url, mut events) = hung_server().await;
        let deadline = Duration::from_millis(1200);
        let client = client(
            &url,
            Duration::from_millis(500),
            deadline,
            RetryPolicy::default().max_retries(10),
        );
        let started = Instant::now();
        let error = operation.call(&client).await.unwrap_err();
        let took = started.elapsed();
        assert!(
            matches!(error, Error::Timeout(_)),
            "{operation:?}: {error:?}"
        );
        assert!(
            took < deadline + Duration::from_secs(2),
            "{operation:?} took {took:?}"
        );
        let attempts = connections(&mut events);
        assert!(
            (2..=3).contains(&attempts),
            "{operation:?}: {attempts} attempts fit in a {deadline:?} deadline with 500 ms each"
        );
    }
}

#[tokio::test]
async fn dropping_a_call_closes_its_connection_and_stops_its_retries_in_every_operation() {
    for operation in Operation::ALL {
        let (url, mut events) = hung_server().await;
        let client = client(
            &url,
            Duration::from_secs(10),
            Duration::from_secs(30),
            RetryPolicy::default(),
        );
        let call = operation.call(&client);
        assert!(
            tokio::time::timeout(Duration::from_millis(300), call)
                .await
                .is_err(),
            "{operation:?}: the call should still be waiting"
        );
        assert_eq!(events.recv().await, Some("connected"));
        let closed = tokio::time::timeout(Duration::from_secs(2), events.recv()).await;
        assert_eq!(
            closed,
            Ok(Some("closed")),
            "{operation:?}: the dropped call's connection must close"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            events.try_recv().is_err(),
            "{operation:?}: nothing may retry after the call was dropped"
        );
    }
}
