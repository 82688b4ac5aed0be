//! The emulator under hostile clients: slow headers and bodies, oversized headers, invalid
//! UTF-8, and a thousand connections at once. Each gets a clear answer; the mock keeps serving.

mod common;

use std::time::{Duration, Instant};

use common::post;
use mesh_mock::MeshMock;
use secrecy::ExposeSecret as _;
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const SHORT: Duration = Duration::from_millis(300);

async fn strict_mock() -> MeshMock {
    MeshMock::builder()
        .header_read_timeout(SHORT)
        .body_read_timeout(SHORT)
        .start()
        .await
        .expect("the mock starts")
}

/// The head of a valid link-token request with the mock's credentials.
fn request_head(mock: &MeshMock, content_length: usize) -> String {
    format!(
        "POST /api/v1/linktoken HTTP/1.1\r\nHost: mock\r\nX-Client-Id: {}\r\nX-Client-Secret: {}\r\n\
         Content-Type: application/json\r\nContent-Length: {content_length}\r\nConnection: close\r\n\r\n",
        mock.client_id(),
        mock.client_secret().expose_secret()
    )
}

/// Everything the server sends until it closes the connection (or 5 s pass).
async fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_of(answer: &str) -> Option<u16> {
    answer.split_whitespace().nth(1)?.parse().ok()
}

async fn still_serves(mock: &MeshMock) {
    assert_eq!(
        post(mock, &json!({"userId": "after"})).await.0,
        200,
        "the mock stopped serving"
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let mock = strict_mock().await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(b"POST /api/v1/linktoken HTTP/1.1\r\nHost: mock\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_answer(&mut stream).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the connection was held for {:?}",
        started.elapsed()
    );
    assert!(
        answer.is_empty() || status_of(&answer) == Some(408),
        "{answer}"
    );
    still_serves(&mock).await;
}

#[tokio::test]
async fn a_body_that_trickles_in_gets_408() {
    let mock = strict_mock().await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(request_head(&mock, 100).as_bytes())
        .await
        .unwrap();
    stream.write_all(br#"{"userId""#).await.unwrap();
    let answer = read_answer(&mut stream).await;
    assert_eq!(status_of(&answer), Some(408), "{answer}");
    assert!(answer.contains("body: not received within"), "{answer}");
    still_serves(&mock).await;
}

#[tokio::test]
async fn oversized_headers_get_431() {
    let mock = MeshMock::start().await.unwrap();
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    let huge = "x".repeat(100 * 1024);
    let head = format!(
        "POST /api/v1/linktoken HTTP/1.1\r\nHost: mock\r\nX-Padding: {huge}\r\nContent-Length: 0\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let answer = read_answer(&mut stream).await;
    assert_eq!(
        status_of(&answer),
        Some(431),
        "{}",
        &answer[..answer.len().min(200)]
    );
    still_serves(&mock).await;
}

#[tokio::test]
async fn invalid_utf8_in_headers_path_or_body_gets_a_clear_status() {
    let mock = MeshMock::start().await.unwrap();
    let body = br#"{"userId": "u"}"#;
    let cases: [(Vec<u8>, u16); 3] = [
        // A secret header that is not text cannot match: unauthorized.
        ([b"POST /api/v1/linktoken HTTP/1.1\r\nHost: m\r\nX-Client-Id: x\r\nX-Client-Secret: \xff\xfe\r\nContent-Length: 0\r\n\r\n".as_slice()].concat(), 401),
        ([b"POST /api/v1/\xff\xfe HTTP/1.1\r\nHost: m\r\nContent-Length: 0\r\n\r\n".as_slice()].concat(), 400),
        ([request_head(&mock, body.len() + 2).as_bytes(), b"\xff\xfe", body].concat(), 400),
    ];
    for (bytes, expected) in cases {
        let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
        stream.write_all(&bytes).await.unwrap();
        let answer = read_answer(&mut stream).await;
        assert_eq!(status_of(&answer), Some(expected), "{answer}");
    }
    still_serves(&mock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections_all_get_answers() {
    const CONNECTIONS: usize = 1000;
    let mock = std::sync::Arc::new(MeshMock::start().await.unwrap());
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|i| {
            let mock = std::sync::Arc::clone(&mock);
            tokio::spawn(async move {
                let body = format!(r#"{{"userId": "user-{i}"}}"#);
                let mut stream = TcpStream::connect(mock.addr()).await.ok()?;
                stream
                    .write_all(format!("{}{body}", request_head(&mock, body.len())).as_bytes())
                    .await
                    .ok()?;
                status_of(&read_answer(&mut stream).await)
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for task in tasks {
        *statuses.entry(task.await.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(
        statuses,
        [(Some(200), CONNECTIONS)].into(),
        "answers by status"
    );
    eprintln!(
        "{CONNECTIONS} concurrent connections answered in {:?}",
        started.elapsed()
    );
    still_serves(&mock).await;
}

/// A request head for the networks catalog with a fault header, with or without credentials.
fn fault_request(mock: &MeshMock, fault: &str, with_credentials: bool) -> String {
    let credentials = if with_credentials {
        format!(
            "X-Client-Id: {}\r\nX-Client-Secret: {}\r\n",
            mock.client_id(),
            mock.client_secret().expose_secret()
        )
    } else {
        String::new()
    };
    format!(
        "GET /api/v1/transfers/managed/networks HTTP/1.1\r\nHost: mock\r\n{credentials}\
         X-Mesh-Mock-Fault: {fault}\r\nConnection: close\r\n\r\n"
    )
}

#[tokio::test]
async fn a_fault_header_without_the_credentials_asks_for_nothing() {
    let mock = strict_mock().await;
    let mut strangers = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
        stream
            .write_all(fault_request(&mock, "hang", false).as_bytes())
            .await
            .unwrap();
        strangers.push(stream);
    }
    for stream in &mut strangers {
        let answer = read_answer(stream).await;
        assert_eq!(status_of(&answer), Some(401), "{answer}");
    }
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(fault_request(&mock, "status:418", true).as_bytes())
        .await
        .unwrap();
    assert_eq!(status_of(&read_answer(&mut stream).await), Some(418));
}

#[tokio::test]
async fn a_hang_ends_when_its_timeout_passes() {
    let mock = MeshMock::builder()
        .hang_timeout(SHORT)
        .start()
        .await
        .expect("the mock starts");
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(fault_request(&mock, "hang", true).as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_answer(&mut stream).await;
    assert!(answer.is_empty(), "a hang answers nothing: {answer}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the mock closed the hung connection after its timeout, not the reader's 5 s"
    );
    still_serves(&mock).await;
}

#[tokio::test]
async fn a_status_that_cannot_end_an_exchange_is_refused_as_a_fault() {
    let mock = strict_mock().await;
    for fault in ["status:100", "status:101", "envelope:199:ok"] {
        let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
        stream
            .write_all(fault_request(&mock, fault, true).as_bytes())
            .await
            .unwrap();
        let answer = read_answer(&mut stream).await;
        assert_eq!(status_of(&answer), Some(400), "{fault}: {answer}");
        assert!(answer.contains("200 to 599"), "{fault}: {answer}");
    }
}
