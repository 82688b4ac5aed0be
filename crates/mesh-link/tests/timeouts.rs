//! A server that accepts and never answers ends in a timeout within the configured time, and
//! dropping a call's future closes its connection and stops its retries.

use std::time::{Duration, Instant};

use mesh_link::{Error, LinkTokenRequest, MeshClient, RetryPolicy};
use tokio::io::AsyncReadExt as _;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A server that reads requests and never answers; it reports each connection and when it closes.
async fn hung_server() -> (String, mpsc::UnboundedReceiver<&'static str>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    let (events, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let events = events.clone();
            let _ = events.send("connected");
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {}
                let _ = events.send("closed");
            });
        }
    });
    (url, received)
}

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
async fn retries_against_a_hung_server_stop_at_the_deadline() {
    let (url, mut events) = hung_server().await;
    let deadline = Duration::from_millis(1200);
    let client = client(
        &url,
        Duration::from_millis(500),
        deadline,
        RetryPolicy::default().max_retries(10),
    );
    let started = Instant::now();
    let error = client
        .create_link_token(&LinkTokenRequest::connect("user-1"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(took < deadline + Duration::from_secs(2), "took {took:?}");
    let mut connections = 0;
    while let Ok(event) = events.try_recv() {
        connections += usize::from(event == "connected");
    }
    assert!(
        (2..=3).contains(&connections),
        "{connections} attempts fit in a {deadline:?} deadline with 500 ms each"
    );
}

#[tokio::test]
async fn dropping_a_call_closes_its_connection_and_stops_its_retries() {
    let (url, mut events) = hung_server().await;
    let client = client(
        &url,
        Duration::from_secs(10),
        Duration::from_secs(30),
        RetryPolicy::default(),
    );
    let request = LinkTokenRequest::connect("user-1");
    let call = client.create_link_token(&request);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), call)
            .await
            .is_err(),
        "the call should still be waiting"
    );
    assert_eq!(events.recv().await, Some("connected"));
    let closed = tokio::time::timeout(Duration::from_secs(2), events.recv()).await;
    assert_eq!(
        closed,
        Ok(Some("closed")),
        "the dropped call's connection must close"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        events.try_recv().is_err(),
        "nothing may retry after the call was dropped"
    );
}
