//! Faults injected by the emulator: each error variant comes from the fault that should cause
//! it, retries happen and stop, `Retry-After` is honoured.

mod common;

use std::time::{Duration, Instant};

use common::{client_builder, mock_and_client};
use mesh_link::{ApiStatus, Error, LinkTokenRequest, MeshClient, RetryPolicy, TransportKind};
use mesh_mock::{Fault, MeshMock};

fn connect() -> LinkTokenRequest {
    LinkTokenRequest::connect("user-1")
}

fn statuses(mock: &MeshMock) -> Vec<Option<u16>> {
    mock.requests().iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn transient_failures_are_retried_until_one_succeeds() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::unavailable());
    mock.enqueue(Fault::envelope(500, "serverFailure", "try later"));
    let token = client.create_link_token(&connect()).await;
    assert!(token.is_ok(), "{token:?}");
    assert_eq!(statuses(&mock), [Some(503), Some(500), Some(200)]);
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_with_the_last_error() {
    let (mock, client) = mock_and_client().await;
    for _ in 0..5 {
        mock.enqueue(Fault::unavailable());
    }
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(mock.requests().len(), 3, "1 attempt and 2 retries");
    assert_eq!(mock.pending_faults(), 2);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::unavailable());
    assert!(client.create_link_token(&connect()).await.is_err());
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_is_waited_for_before_the_retry() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::rate_limited("1"));
    let started = Instant::now();
    let token = client.create_link_token(&connect()).await;
    assert!(token.is_ok(), "{token:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(statuses(&mock), [Some(429), Some(200)]);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_call_with_the_wait_for_the_caller() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::rate_limited("120"));
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { http_status: 429, retry_after: Some(d) } if d == Duration::from_secs(120)),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_on_a_503_is_honoured_within_the_same_cap() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(
        Fault::status(503)
            .header("Retry-After", "1")
            .body("down for maintenance"),
    );
    let started = Instant::now();
    let token = client.create_link_token(&connect()).await;
    assert!(token.is_ok(), "{token:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(statuses(&mock), [Some(503), Some(200)]);

    mock.enqueue(
        Fault::status(503)
            .header("Retry-After", "120")
            .body("down for maintenance"),
    );
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(
        mock.requests().len(),
        3,
        "a wait beyond the cap ends the call at once"
    );
}

#[tokio::test]
async fn a_too_many_request_status_in_a_200_is_a_rate_limit_and_retried() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::ok_but_too_many_requests());
    assert!(client.create_link_token(&connect()).await.is_ok());
    assert_eq!(statuses(&mock), [Some(200), Some(200)]);

    let no_retries = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::ok_but_too_many_requests());
    let error = no_retries.create_link_token(&connect()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                http_status: 200,
                retry_after: None
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized_and_not_retried() {
    let mock = MeshMock::start().await.unwrap();
    let client = MeshClient::builder(mock.client_id(), "not-the-secret")
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn meshs_refusal_carries_its_envelope_and_is_not_retried() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::envelope(404, "notFound", "API Client not found."));
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.http_status, 404);
    assert_eq!(
        api.status.as_ref().map(ToString::to_string).as_deref(),
        Some("notFound")
    );
    assert_eq!(api.message.as_deref(), Some("API Client not found."));
    assert_eq!(api.error_hash.as_ref().map(String::len), Some(8));
    assert!(!error.is_retryable());
    assert_eq!(mock.requests().len(), 1);
    assert!(
        error.to_string().contains("HTTP 404, status notFound"),
        "{error}"
    );
}

#[tokio::test]
async fn a_refusal_inside_an_http_200_is_still_a_refusal() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::envelope(200, "permissionDenied", "Not allowed"));
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (
            api.http_status,
            api.status.as_ref().map(ToString::to_string)
        ),
        (200, Some("permissionDenied".into()))
    );
}

#[tokio::test]
async fn an_unknown_status_in_a_refusal_stays_visible() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::envelope(409, "quotaExhausted", "Quota"));
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        api.status,
        Some(ApiStatus::Unknown("quotaExhausted".into()))
    );
}

#[tokio::test]
async fn an_answer_that_never_comes_is_a_timeout_within_the_attempt_time() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::Hang);
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout(d) if d == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_hanging_server_ends_the_call_at_the_deadline_even_with_retries() {
    let mock = MeshMock::start().await.unwrap();
    let deadline = Duration::from_millis(700);
    let client = client_builder(&mock)
        .timeout(Duration::from_millis(300))
        .deadline(deadline)
        .build()
        .unwrap();
    for _ in 0..5 {
        mock.enqueue(Fault::Hang);
    }
    let started = Instant::now();
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    // Generous slack: the bound is what matters, not the exact figure on a shared machine.
    assert!(
        started.elapsed() < deadline + Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        mock.requests().len() <= 3,
        "{} attempts",
        mock.requests().len()
    );
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_retried() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::DropConnection);
    assert!(client.create_link_token(&connect()).await.is_ok());
    assert_eq!(statuses(&mock), [None, Some(200)]);

    let no_retries = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::DropConnection);
    let error = no_retries.create_link_token(&connect()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Closed, "{error:?}");
    let host = mock.base_url().trim_start_matches("http://").to_owned();
    assert_eq!(
        error.to_string(),
        format!("could not reach Mesh: {host} closed the connection before the whole answer")
    );
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error_after_the_retries() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock).build().unwrap();
    let host = mock.base_url().trim_start_matches("http://").to_owned();
    mock.shutdown().await;
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Refused);
    assert_eq!(
        error.to_string(),
        format!("could not reach Mesh: connection refused by {host}"),
        "the host and the kind, in Display"
    );
    // The chain below stays whole: reqwest's error, then hyper's, then the OS's.
    let mut causes = Vec::new();
    let mut cause = std::error::Error::source(&error);
    while let Some(current) = cause {
        causes.push(current.to_string());
        cause = current.source();
    }
    assert!(causes.len() >= 3, "{causes:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn malformed_json_is_undecodable_with_a_redacted_excerpt() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::malformed_json());
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Undecodable(undecodable) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(undecodable.http_status, Some(200));
    assert!(
        undecodable.excerpt.starts_with(r#"{"status": "ok""#),
        "{undecodable:?}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn an_html_error_page_is_an_outage_retried_only_for_gateway_statuses() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock).build().unwrap();
    mock.enqueue(Fault::html_error(500));
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Unavailable {
        http_status: 500,
        excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(excerpt.starts_with("<html>"), "{error:?}");
    assert_eq!(
        error.to_string(),
        "Mesh is unavailable: HTTP 500 without Mesh's envelope"
    );
    assert!(!error.is_retryable());
    assert_eq!(
        mock.requests().len(),
        1,
        "a 500 without Mesh's envelope is not retried"
    );

    mock.clear_requests();
    mock.enqueue(Fault::html_error(502));
    assert!(client.create_link_token(&connect()).await.is_ok());
    assert_eq!(statuses(&mock), [Some(502), Some(200)]);
}

#[tokio::test]
async fn an_outage_that_outlasts_the_retries_is_named_as_one_with_its_wait() {
    let (mock, client) = mock_and_client().await;
    for _ in 0..3 {
        mock.enqueue(Fault::status(503).header("Retry-After", "1"));
    }
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Unavailable {
                http_status: 503,
                retry_after: Some(wait),
                ..
            } if wait == Duration::from_secs(1)
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "Mesh is unavailable: HTTP 503 without Mesh's envelope; retry after 1s"
    );
    assert!(error.is_retryable());
    assert!(error.is_outage());
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(statuses(&mock), [Some(503); 3]);
}

#[tokio::test]
async fn an_outage_is_mesh_down_or_out_of_reach_and_nothing_else() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let cases = [
        (Fault::html_error(502), true),
        (Fault::envelope(500, "serverFailure", "try again"), true),
        (Fault::envelope(400, "badRequest", "no"), false),
        (Fault::rate_limited("1"), false),
        (Fault::malformed_json(), false),
    ];
    for (fault, outage) in cases {
        let described = format!("{fault:?}");
        mock.enqueue(fault);
        let error = client.create_link_token(&connect()).await.unwrap_err();
        assert_eq!(error.is_outage(), outage, "{described}: {error:?}");
        // An outage is not worded as a refusal of what was sent.
        assert!(
            !(outage && error.to_string().contains("refused")),
            "{described}: {error}"
        );
    }
    let unreachable = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url("http://127.0.0.1:9")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = unreachable.create_link_token(&connect()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(_)) && error.is_outage(),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_truncated_answer_is_a_transport_error() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::TruncatedBody);
    let error = client.create_link_token(&connect()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Closed, "{error:?}");
}

#[tokio::test]
async fn an_oversized_answer_is_refused_without_reading_it_all() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .max_response_bytes(4096)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(
        Fault::status(200)
            .header("content-type", "application/json")
            .body(vec![b' '; 8192]),
    );
    let error = client.create_link_token(&connect()).await.unwrap_err();
    assert!(
        error.to_string().contains("larger than 4096 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn unknown_fields_and_an_unknown_status_with_a_token_still_give_the_token() {
    let (mock, client) = mock_and_client().await;
    mock.enqueue(Fault::unknown_fields());
    mock.enqueue(Fault::unknown_status("okWithWarnings"));
    assert!(client.create_link_token(&connect()).await.is_ok());
    assert!(client.create_link_token(&connect()).await.is_ok());
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_token_that_is_not_base64_of_a_web_url_is_undecodable() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    for token in ["%%%not-base64%%%", "amF2YXNjcmlwdDphbGVydCgxKQ=="] {
        let body = serde_json::json!({"status": "ok", "content": {"linkToken": token}});
        mock.enqueue(Fault::status(200).json(&body));
        let error = client.create_link_token(&connect()).await.unwrap_err();
        assert!(matches!(error, Error::Undecodable(_)), "{error:?}");
        assert!(
            !error.to_string().contains(token),
            "the token must not be echoed: {error}"
        );
    }
}
