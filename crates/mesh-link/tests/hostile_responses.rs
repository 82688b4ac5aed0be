//! The client's response path under hostile answers: arbitrary statuses, headers and bodies
//! (a property test over every operation) and a corpus of nasty cases. It never panics, never
//! reads past its cap, and every outcome is the error the answer calls for.

mod common;

use std::time::{Duration, SystemTime};

use common::Operation;
use mesh_link::{Error, LinkToken, LinkTokenRequest, MeshClient, RetryPolicy};
use mesh_mock::{Fault, MeshMock};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const MAX_RESPONSE_BYTES: usize = 64 * 1024;

fn client_for(mock: &MeshMock, retry: RetryPolicy) -> MeshClient {
    builder_for(mock, retry).build().expect("a client")
}

fn builder_for(mock: &MeshMock, retry: RetryPolicy) -> mesh_link::MeshClientBuilder {
    MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .retry_policy(retry)
        .timeout(Duration::from_secs(5))
        .max_response_bytes(MAX_RESPONSE_BYTES)
}

async fn answer_with(
    mock: &MeshMock,
    client: &MeshClient,
    fault: impl Into<Fault>,
) -> Result<LinkToken, Error> {
    mock.enqueue(fault);
    client
        .create_link_token(&LinkTokenRequest::connect("user-1"))
        .await
}

/// What any answer may end in, given its status; and never a secret in what is printed.
fn check_outcome<T: std::fmt::Debug>(
    status: u16,
    outcome: &Result<T, Error>,
    secret: &str,
) -> Result<(), String> {
    let consistent = match (status, outcome) {
        (401, Err(Error::Unauthorized)) => true,
        (401, _) => false,
        (
            429,
            Err(Error::RateLimited {
                http_status: 429, ..
            }),
        ) => true,
        (429, _) => false,
        (301 | 302 | 303 | 307 | 308, Err(Error::Redirected { http_status, .. })) => {
            *http_status == status
        }
        (301 | 302 | 303 | 307 | 308, _) => false,
        (200..=299, Ok(_)) => true,
        (_, Ok(_)) => false,
        (_, Err(Error::Api(api))) => api.http_status == status,
        (_, Err(Error::RateLimited { http_status, .. })) => *http_status == status,
        (500..=599, Err(Error::Unavailable { http_status, .. })) => *http_status == status,
        (500..=599, Err(Error::Undecodable(_))) => false,
        (_, Err(Error::Undecodable(undecodable))) => undecodable.http_status == Some(status),
        (_, Err(_)) => false,
    };
    if !consistent {
        return Err(format!("HTTP {status} ended in {outcome:?}"));
    }
    if let Err(error) = outcome {
        let printed = format!("{error} {error:?}");
        if printed.contains(secret) {
            return Err(format!("the secret leaked: {printed}"));
        }
        if printed.len() > 2048 {
            return Err(format!("an error printed {} bytes", printed.len()));
        }
    }
    Ok(())
}

fn json_shape() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "status",
            "message",
            "content",
            "linkToken",
            "paymentLink",
            "errorType",
            "displayMessage",
            "errorHash",
            "errorData",
            "networks",
            "integrations",
            "tokens",
            "id",
            "supportedTokens",
            "symbol"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "ok",
            "badRequest",
            "tooManyRequest",
            "serverFailure",
            "newStatus",
            "",
            "aa883b03-120d-477c-a588-37c2afd3ca71"
        ])
        .prop_map(Value::from),
        "[A-Za-z0-9+/=:.]{0,60}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn hostile_answer() -> impl Strategy<Value = (u16, Vec<(String, String)>, Vec<u8>)> {
    let status = prop_oneof![4 => Just(200u16), 1 => Just(401), 2 => Just(429), 1 => Just(400), 1 => Just(503), 2 => 200u16..600];
    let retry_after = prop_oneof![
        "[0-9]{1,25}",
        "-[0-9]{1,5}",
        "[a-zA-Z ,:]{0,30}",
        Just("Sun, 06 Nov 1994 08:49:37 GMT".to_owned())
    ];
    let content_type = prop::sample::select(vec![
        "application/json",
        "text/html",
        "application/octet-stream",
        "text/plain; charset=utf-16",
    ]);
    let headers =
        (prop::option::of(retry_after), content_type).prop_map(|(retry_after, content_type)| {
            let mut headers = vec![("content-type".to_owned(), content_type.to_owned())];
            headers.extend(retry_after.map(|r| ("retry-after".to_owned(), r)));
            headers
        });
    let body = prop_oneof![
        3 => json_shape().prop_map(|v| v.to_string().into_bytes()),
        2 => prop::collection::vec(any::<u8>(), 0..2048),
        1 => json_shape().prop_map(|v| { let mut bytes = v.to_string().into_bytes(); bytes.truncate(bytes.len() / 2); bytes }),
    ];
    (status, headers, body)
}

#[test]
fn arbitrary_answers_to_every_operation_never_panic_and_each_ends_in_the_error_it_calls_for() {
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mock = runtime
        .block_on(MeshMock::start())
        .expect("the mock starts");
    let secret = mock.client_secret().expose_secret().to_owned();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let operation = prop::sample::select(Operation::ALL.to_vec());
    // One client per operation, whose catalogs are due for a refresh at once (so every call
    // reads its answer and a failure pauses nothing).
    let clients: std::cell::RefCell<Vec<(Operation, MeshClient)>> = Default::default();
    let result = runner.run(
        &(operation, hostile_answer()),
        |(operation, (status, headers, body))| {
            let mut fault = Fault::status(status).body(body);
            for (name, value) in headers {
                fault = fault.header(name, value);
            }
            mock.enqueue(fault);
            let mut clients = clients.borrow_mut();
            let index = match clients.iter().position(|(op, _)| *op == operation) {
                Some(index) => index,
                None => {
                    let builder = builder_for(&mock, RetryPolicy::none());
                    let client = runtime
                        .block_on(async { builder.catalog_ttl(Duration::from_nanos(1)).build() });
                    clients.push((operation, client.expect("a client")));
                    clients.len() - 1
                }
            };
            let outcome = runtime.block_on(operation.call(&clients[index].1));
            // A client that kept a catalog serves that copy when a refresh fails: start afresh.
            if outcome.is_ok() && operation != Operation::CreateLinkToken {
                clients.swap_remove(index);
            }
            let checked = match &outcome {
                Ok(answered) if answered.listed == Some(0) => Err(format!(
                    "HTTP {status} was kept as a catalog that lists nothing"
                )),
                _ => check_outcome(status, &outcome, &secret),
            };
            checked.map_err(|failure| TestCaseError::fail(format!("{operation:?}: {failure}")))
        },
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert_eq!(mock.pending_faults(), 0, "each answer was read by its call");
    eprintln!("{cases} hostile answers, each ended in the error its status calls for");
}

/// A 5xx without Mesh's envelope: an outage, with the start of the body.
fn unavailable(outcome: &Result<LinkToken, Error>, status: u16, excerpt_starts: &str) {
    match outcome {
        Err(Error::Unavailable {
            http_status,
            excerpt,
            ..
        }) => {
            assert_eq!(*http_status, status);
            assert!(excerpt.starts_with(excerpt_starts), "{excerpt:?}");
        }
        other => panic!("expected Unavailable (HTTP {status}), got {other:?}"),
    }
}

/// A body that is not Mesh's, in a 200: undecodable, with a reason and a short excerpt.
fn undecodable(outcome: &Result<LinkToken, Error>, reason_contains: &str) {
    match outcome {
        Err(Error::Undecodable(u)) => {
            assert!(
                u.reason.contains(reason_contains),
                "reason {:?} lacks {reason_contains:?}",
                u.reason
            );
            assert!(
                u.excerpt.chars().count() <= 200,
                "excerpt of {} chars",
                u.excerpt.chars().count()
            );
        }
        other => panic!("expected Undecodable ({reason_contains}), got {other:?}"),
    }
}

/// A rate limit whose `Retry-After` could not be read: the client backs off on its own.
fn rate_limited_without_a_wait(outcome: &Result<LinkToken, Error>) {
    assert!(
        matches!(
            outcome,
            Err(Error::RateLimited {
                retry_after: None,
                ..
            })
        ),
        "{outcome:?}"
    );
}

/// What a corpus case must end in.
type Expectation = Box<dyn Fn(&Result<LinkToken, Error>)>;

fn ok_with_token(token: &str) -> Fault {
    Fault::status(200).json(&json!({"status": "ok", "content": {"linkToken": token}}))
}

#[tokio::test]
async fn a_corpus_of_nasty_answers_ends_in_clear_errors() {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mock = MeshMock::start().await.unwrap();
    let client = client_for(&mock, RetryPolicy::none());
    let secret = mock.client_secret().expose_secret().to_owned();

    let cases: Vec<(&str, Fault, Expectation)> = vec![
        (
            "empty 200",
            Fault::status(200),
            Box::new(|o| undecodable(o, "not Mesh's link-token envelope")),
        ),
        (
            "empty 500",
            Fault::status(500),
            Box::new(|o| unavailable(o, 500, "")),
        ),
        (
            "HTML error page",
            Fault::html_error(502),
            Box::new(|o| unavailable(o, 502, "<html>")),
        ),
        (
            "10 MB body",
            Fault::status(200).body(vec![b'['; 10 * 1024 * 1024]),
            Box::new(|o| undecodable(o, "larger than 65536 bytes")),
        ),
        (
            "deeply nested JSON",
            Fault::status(200).body(format!(
                r#"{{"errorData": {}{}}}"#,
                "[".repeat(20_000),
                "]".repeat(20_000)
            )),
            // `errorData` is any JSON, which serde_json reads at most 128 levels deep: an error,
            // never a stack overflow.
            Box::new(|o| undecodable(o, "recursion limit exceeded")),
        ),
        (
            "deeply nested top level",
            Fault::status(200).body(format!("{}{}", "[".repeat(20_000), "]".repeat(20_000))),
            Box::new(|o| undecodable(o, "not Mesh's link-token envelope")),
        ),
        (
            "status of the wrong type",
            Fault::status(200).json(&json!({"status": 5})),
            Box::new(|o| undecodable(o, "not Mesh's link-token envelope")),
        ),
        (
            "content of the wrong type",
            Fault::status(200).json(&json!({"status": "ok", "content": b64("https://x.example")})),
            Box::new(|o| undecodable(o, "not Mesh's")),
        ),
        (
            "linkToken of the wrong type",
            Fault::status(200).json(&json!({"status": "ok", "content": {"linkToken": 42}})),
            Box::new(|o| undecodable(o, "not Mesh's")),
        ),
        (
            "null everywhere",
            Fault::status(200).json(
                &json!({"status": null, "message": null, "content": null, "errorType": null}),
            ),
            Box::new(|o| undecodable(o, "no linkToken")),
        ),
        (
            "a null body",
            Fault::status(200).body("null"),
            Box::new(|o| undecodable(o, "not Mesh's")),
        ),
        (
            "linkToken not base64",
            ok_with_token("%%% not base64 %%%"),
            Box::new(|o| undecodable(o, "not base64")),
        ),
        (
            "linkToken to a javascript: URL",
            ok_with_token(&b64("javascript:alert(document.cookie)")),
            Box::new(|o| undecodable(o, "\"javascript\"")),
        ),
        (
            "linkToken to a file: URL",
            ok_with_token(&b64("file:///etc/passwd")),
            Box::new(|o| undecodable(o, "\"file\"")),
        ),
        (
            "linkToken to a data: URL",
            ok_with_token(&b64("data:text/html,<script>alert(1)</script>")),
            Box::new(|o| undecodable(o, "\"data\"")),
        ),
        (
            "huge Retry-After",
            Fault::rate_limited("99999999999999999999999"),
            Box::new(|o| {
                assert!(
                    matches!(o, Err(Error::RateLimited { retry_after: Some(d), .. }) if d.as_secs() == u64::MAX),
                    "{o:?}"
                );
            }),
        ),
        (
            "negative Retry-After",
            Fault::rate_limited("-5"),
            Box::new(rate_limited_without_a_wait),
        ),
        (
            "non-numeric Retry-After",
            Fault::rate_limited("in a bit"),
            Box::new(rate_limited_without_a_wait),
        ),
        (
            "HTTP-date Retry-After",
            Fault::rate_limited(httpdate_in(90)),
            Box::new(|o| {
                let wait = o
                    .as_ref()
                    .err()
                    .and_then(Error::retry_after)
                    .expect("a wait");
                assert!((85..=90).contains(&wait.as_secs()), "{wait:?}");
            }),
        ),
        (
            "401 with a huge body",
            Fault::status(401).body(vec![b'x'; 1024 * 1024]),
            Box::new(|o| assert!(matches!(o, Err(Error::Unauthorized)), "{o:?}")),
        ),
    ];
    for (name, fault, expect) in cases {
        let outcome = answer_with(&mock, &client, fault).await;
        expect(&outcome);
        if let Err(error) = &outcome {
            assert!(
                !format!("{error} {error:?}").contains(&secret),
                "{name}: the secret leaked"
            );
        }
    }
}

fn httpdate_in(seconds: u64) -> String {
    httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(seconds))
}

#[tokio::test]
async fn a_huge_retry_after_with_no_cap_ends_the_call_instead_of_overflowing() {
    let mock = MeshMock::start().await.unwrap();
    let uncapped = RetryPolicy::default().max_retry_after(Duration::MAX);
    let client = client_for(&mock, uncapped);
    let outcome = answer_with(
        &mock,
        &client,
        Fault::rate_limited("99999999999999999999999"),
    )
    .await;
    assert!(
        matches!(outcome, Err(Error::RateLimited { .. })),
        "{outcome:?}"
    );
    assert_eq!(
        mock.requests().len(),
        1,
        "waiting that long would pass the deadline: no retry"
    );
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_cap() {
    // A server the mock cannot imitate: no Content-Length, chunks until the client stops reading.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").await;
        let chunk = format!("{:x}\r\n{}\r\n", 8192, " ".repeat(8192));
        let mut sent = 0usize;
        while socket.write_all(chunk.as_bytes()).await.is_ok() && sent < 100 * 1024 * 1024 {
            sent += 8192;
        }
        sent
    });
    let client = MeshClient::builder("id", "secret")
        .base_url(format!("http://{addr}"))
        .retry_policy(RetryPolicy::none())
        .max_response_bytes(MAX_RESPONSE_BYTES)
        .build()
        .unwrap();
    let outcome = client
        .create_link_token(&LinkTokenRequest::connect("user-1"))
        .await;
    undecodable(&outcome, "larger than 65536 bytes");
    let sent = server.await.unwrap();
    assert!(
        sent < 10 * 1024 * 1024,
        "the client kept reading: the server got {sent} bytes out"
    );
}
