//! Every scripted fault, as a client sees it over HTTP.

mod common;

use std::time::{Duration, Instant};

use common::{post, started};
use mesh_mock::Fault;
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};

fn request(mock: &mesh_mock::MeshMock, http: &reqwest::Client) -> reqwest::RequestBuilder {
    http.post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .json(&json!({"userId": "user-1"}))
}

#[tokio::test]
async fn rate_limited_answers_429_with_retry_after_and_a_too_many_request_envelope() {
    let mock = started().await;
    mock.enqueue(Fault::rate_limited("7"));
    let response = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "tooManyRequest");
}

#[tokio::test]
async fn an_html_error_page_comes_with_its_status_and_content_type() {
    let mock = started().await;
    mock.enqueue(Fault::html_error(500));
    let response = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.text().await.unwrap().starts_with("<html>"));
}

#[tokio::test]
async fn unavailable_answers_503() {
    let mock = started().await;
    mock.enqueue(Fault::unavailable());
    assert_eq!(post(&mock, &json!({"userId": "u"})).await.0, 503);
}

#[tokio::test]
async fn ok_but_too_many_requests_is_a_200_whose_envelope_says_so() {
    let mock = started().await;
    mock.enqueue(Fault::ok_but_too_many_requests());
    let (status, body) = post(&mock, &json!({"userId": "u"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "tooManyRequest");
    assert_eq!(body.get("content"), None);
}

#[tokio::test]
async fn any_scripted_status_headers_and_body_are_sent_as_given() {
    let mock = started().await;
    mock.enqueue(
        Fault::status(418)
            .header("x-extra", "1")
            .body("short and stout"),
    );
    let response = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 418);
    assert_eq!(response.headers()["x-extra"], "1");
    assert_eq!(response.text().await.unwrap(), "short and stout");
}

#[tokio::test]
async fn a_vec_of_faults_holds_every_kind_as_it_is_and_serves_them_in_order() {
    let mock = started().await;
    let faults: Vec<Fault> = vec![
        Fault::status(503).header("retry-after", "3"),
        Fault::envelope(400, "badRequest", "no").header("x-extra", "1"),
        Fault::rate_limited("2"),
        Fault::Delay(Duration::from_millis(1)),
    ];
    for fault in faults {
        mock.enqueue(fault);
    }
    let http = reqwest::Client::new();
    let mut seen = Vec::new();
    for _ in 0..4 {
        let response = request(&mock, &http).send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        seen.push((
            response.status().as_u16(),
            header("retry-after"),
            header("x-extra"),
        ));
    }
    assert_eq!(
        seen,
        [
            (503, Some("3".to_owned()), None),
            (400, None, Some("1".to_owned())),
            (429, Some("2".to_owned()), None),
            (200, None, None),
        ]
    );
}

#[test]
fn a_header_or_body_on_a_fault_without_an_answer_of_its_own_leaves_it_as_it_was() {
    assert!(matches!(
        Fault::Hang.header("retry-after", "1").body("x"),
        Fault::Hang
    ));
}

#[tokio::test]
async fn a_delay_holds_the_normal_answer_back() {
    let mock = started().await;
    let delay = Duration::from_millis(300);
    mock.enqueue(Fault::Delay(delay));
    let started_at = Instant::now();
    let (status, body) = post(&mock, &json!({"userId": "u"})).await;
    assert!(started_at.elapsed() >= delay, "answered before the delay");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn malformed_json_arrives_whole_but_does_not_parse() {
    let mock = started().await;
    mock.enqueue(Fault::malformed_json());
    let response = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
}

#[tokio::test]
async fn a_truncated_body_breaks_off_before_its_declared_length() {
    let mock = started().await;
    mock.enqueue(Fault::TruncatedBody);
    let response = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body = response.bytes().await;
    assert!(
        body.is_err() || body.as_ref().is_ok_and(|b| b.len() < declared),
        "{body:?}"
    );
}

#[tokio::test]
async fn unknown_fields_are_added_to_a_normal_success() {
    let mock = started().await;
    mock.enqueue(Fault::unknown_fields());
    let (status, body) = post(&mock, &json!({"userId": "u"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(body["content"]["linkToken"].is_string());
    assert_eq!(body["addedByMeshLater"]["nested"], json!([1, 2, 3]));
    assert_eq!(body["content"]["expiresInSeconds"], json!(600));
}

#[tokio::test]
async fn an_unknown_status_replaces_the_normal_one() {
    let mock = started().await;
    mock.enqueue(Fault::unknown_status("okButThrottled"));
    let (status, body) = post(&mock, &json!({"userId": "u"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "okButThrottled");
    assert!(body["content"]["linkToken"].is_string());
}

#[tokio::test]
async fn a_dropped_connection_gives_the_client_no_answer_at_all() {
    let mock = started().await;
    mock.enqueue(Fault::DropConnection);
    let error = request(&mock, &reqwest::Client::new())
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    assert_eq!(mock.requests()[0].status, None);
}

#[tokio::test]
async fn a_hang_never_answers_so_the_client_times_out() {
    let mock = started().await;
    mock.enqueue(Fault::Hang);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = request(&mock, &http).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn faults_are_used_up_in_order_then_answers_are_normal_again() {
    let mock = started().await;
    mock.enqueue(Fault::unavailable());
    mock.enqueue(Fault::rate_limited("1"));
    assert_eq!(mock.pending_faults(), 2);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(post(&mock, &json!({"userId": "u"})).await.0);
    }
    assert_eq!(statuses, [503, 429, 200]);
    assert_eq!(mock.pending_faults(), 0);
    let recorded: Vec<Option<u16>> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(recorded, [Some(503), Some(429), Some(200)]);
}

#[tokio::test]
async fn a_faulted_request_is_still_recorded_with_its_body() {
    let mock = started().await;
    mock.enqueue(Fault::html_error(502));
    post(&mock, &json!({"userId": "recorded-anyway"})).await;
    assert_eq!(
        mock.requests()[0].body,
        Some(json!({"userId": "recorded-anyway"}))
    );
}
