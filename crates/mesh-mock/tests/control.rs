//! Faults aimed at an operation, and the control API that queues them over HTTP, as a service
//! under test makes its own calls.

mod common;

use common::{control, started};
use mesh_mock::{Aim, CREATE_LINK_TOKEN, Fault, GET_NETWORKS, MeshMock};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};

/// One call of the service under test: its path and method, with the mock's credentials.
async fn call(mock: &MeshMock, method: &str, path: &str) -> u16 {
    let http = reqwest::Client::new();
    let url = format!("{}{path}", mock.base_url());
    let request = match method {
        "POST" => http.post(url).json(&json!({"userId": "user-1"})),
        _ => http.get(url),
    };
    request
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .send()
        .await
        .expect("the mock answers")
        .status()
        .as_u16()
}

/// What a catalog-checked link-token request does: two catalogs, then the link token.
async fn service_calls(mock: &MeshMock) -> [u16; 3] {
    [
        call(mock, "GET", "/api/v1/transfers/managed/networks").await,
        call(mock, "GET", "/api/v1/transfers/managed/integrations").await,
        call(mock, "POST", "/api/v1/linktoken").await,
    ]
}

async fn with_control() -> MeshMock {
    MeshMock::builder()
        .control_api(true)
        .start()
        .await
        .expect("the mock starts")
}

#[tokio::test]
async fn a_fault_aimed_at_the_link_token_call_lets_the_catalog_fetches_before_it_pass() {
    let mock = started().await;
    mock.enqueue_at(CREATE_LINK_TOKEN, Fault::unavailable());
    assert_eq!(service_calls(&mock).await, [200, 200, 503]);
    assert_eq!(mock.pending_faults(), 0);
    assert_eq!(service_calls(&mock).await, [200, 200, 200]);
}

#[tokio::test]
async fn skip_counts_only_calls_of_the_operation_from_the_moment_the_fault_is_queued() {
    let mock = started().await;
    mock.enqueue_at(Aim::from(CREATE_LINK_TOKEN).skip(1), Fault::status(418));
    assert_eq!(service_calls(&mock).await, [200, 200, 200]);
    assert_eq!(service_calls(&mock).await, [200, 200, 418]);
}

#[tokio::test]
async fn each_request_takes_the_first_fault_aimed_at_it_and_unaimed_faults_take_any_request() {
    let mock = started().await;
    mock.enqueue_at(CREATE_LINK_TOKEN, Fault::status(418));
    mock.enqueue_at(GET_NETWORKS, Fault::status(502));
    mock.enqueue_at(CREATE_LINK_TOKEN, Fault::status(504));
    mock.enqueue(Fault::status(500));
    // The unaimed 500 goes to the first request without an aimed fault: the integrations fetch.
    assert_eq!(service_calls(&mock).await, [502, 500, 418]);
    assert_eq!(service_calls(&mock).await, [200, 200, 504]);
    let operations: Vec<_> = mock.requests().iter().map(|r| r.operation).collect();
    assert_eq!(operations[2], Some(CREATE_LINK_TOKEN));
    assert_eq!(operations[0], Some(GET_NETWORKS));
}

#[tokio::test]
async fn a_request_of_no_covered_operation_is_only_reached_by_unaimed_faults() {
    let mock = started().await;
    mock.enqueue_at(CREATE_LINK_TOKEN, Fault::status(418));
    // A GET on the link-token path is no call of the operation (POST): it gets the usual 405.
    assert_eq!(call(&mock, "GET", "/api/v1/linktoken").await, 405);
    assert_eq!(call(&mock, "GET", "/health").await, 404);
    assert_eq!(mock.requests()[1].operation, None);
    assert_eq!(mock.pending_faults(), 1);
}

#[tokio::test]
async fn the_control_api_is_off_unless_asked_for_and_its_paths_are_then_unknown_paths() {
    let mock = started().await;
    assert_eq!(mock.control_url(), None);
    assert_eq!(call(&mock, "GET", "/_mesh-mock/requests").await, 404);
    // As any unknown path, the request was recorded; the control API never records its own.
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn over_http_a_test_fails_exactly_the_link_token_call_and_reads_back_what_was_received() {
    let mock = with_control().await;
    let (status, answer) = control(
        &mock,
        reqwest::Method::POST,
        "/faults",
        Some(json!({"fault": "envelope:400:badRequest", "operation": "POST /api/v1/linktoken"})),
    )
    .await;
    assert_eq!((status, answer), (201, json!({"pending": 1})));
    assert_eq!(service_calls(&mock).await, [200, 200, 400]);

    let (status, requests) = control(&mock, reqwest::Method::GET, "/requests", None).await;
    assert_eq!(status, 200);
    let requests = requests.as_array().unwrap();
    let seen: Vec<(&str, u64)> = requests
        .iter()
        .map(|r| {
            (
                r["operation"].as_str().unwrap(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("GET /api/v1/transfers/managed/networks", 200),
            ("GET /api/v1/transfers/managed/integrations", 200),
            ("POST /api/v1/linktoken", 400),
        ]
    );
    let link_token_call = &requests[2];
    assert_eq!(link_token_call["body"], json!({"userId": "user-1"}));
    assert_eq!(link_token_call["bodyText"], r#"{"userId":"user-1"}"#);
    assert_eq!(link_token_call["headers"]["x-client-secret"], "[redacted]");
    assert_eq!(link_token_call["headers"]["x-client-id"], mock.client_id());
}

#[tokio::test]
async fn the_control_api_clears_faults_and_requests_and_resets() {
    let mock = with_control().await;
    for _ in 0..2 {
        let body = json!({"fault": "drop", "operation": "GET /api/v1/transfers/managed/tokens", "skip": 3});
        assert_eq!(
            control(&mock, reqwest::Method::POST, "/faults", Some(body))
                .await
                .0,
            201
        );
    }
    assert_eq!(
        control(&mock, reqwest::Method::GET, "/faults", None)
            .await
            .1,
        json!({"pending": 2})
    );
    assert_eq!(
        control(&mock, reqwest::Method::DELETE, "/faults", None)
            .await
            .1,
        json!({"cleared": 2})
    );
    service_calls(&mock).await;
    assert_eq!(
        control(&mock, reqwest::Method::DELETE, "/requests", None)
            .await
            .1,
        json!({"cleared": 3})
    );
    mock.enqueue(Fault::unavailable());
    service_calls(&mock).await;
    assert_eq!(
        control(&mock, reqwest::Method::POST, "/reset", None)
            .await
            .1,
        json!({"clearedFaults": 0, "clearedRequests": 3, "clearedTransfers": 0, "clearedWebhookDeliveries": 0})
    );
    mock.enqueue(Fault::unavailable());
    mock.reset();
    assert_eq!((mock.pending_faults(), mock.requests().len()), (0, 0));
}

#[tokio::test]
async fn the_control_api_names_the_field_and_the_rule_of_what_it_refuses() {
    let mock = with_control().await;
    for (body, expected) in [
        (json!({}), "fault: is required"),
        (json!({"fault": 3}), "fault: must be text"),
        (
            json!({"fault": "explode"}),
            "fault: \"explode\" is not a fault",
        ),
        (
            json!({"fault": "drop", "operation": "POST /api/v2/linktoken"}),
            "operation: \"POST /api/v2/linktoken\" is none of POST /api/v1/linktoken, GET",
        ),
        (
            json!({"fault": "drop", "skip": -1}),
            "skip: must be a whole number",
        ),
        (
            json!({"fault": "drop", "after": 2}),
            "after: is not a field",
        ),
        (json!(["drop"]), "the body must be a JSON object"),
    ] {
        let (status, answer) =
            control(&mock, reqwest::Method::POST, "/faults", Some(body.clone())).await;
        assert_eq!(status, 400, "{body}");
        let error = answer["error"].as_str().unwrap();
        assert!(error.starts_with(expected), "{body}: {error}");
    }
    assert_eq!(mock.pending_faults(), 0);
    assert_eq!(
        control(&mock, reqwest::Method::PUT, "/reset", None).await.0,
        405
    );
    assert_eq!(
        control(&mock, reqwest::Method::GET, "/nothing", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn the_control_api_needs_the_mocks_credentials() {
    let mock = with_control().await;
    let url = format!("{}/faults", mock.control_url().unwrap());
    let response = reqwest::Client::new()
        .post(url)
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", "wrong")
        .json(&json!({"fault": "hang"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"], "X-Client-Secret is wrong");
    assert_eq!(mock.pending_faults(), 0);
}

#[tokio::test]
async fn a_session_is_completed_over_http_and_a_bad_completion_or_query_is_refused() {
    let mock = with_control().await;
    let http = reqwest::Client::new();
    let get = |query: &str| {
        http.get(format!(
            "{}/api/v1/transfers/managed/mesh?{query}",
            mock.base_url()
        ))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .send()
    };
    let nobody = json!({"transactionId": "order-1", "status": "succeeded"});
    let (status, answer) = control(&mock, reqwest::Method::POST, "/transfers", Some(nobody)).await;
    assert_eq!(status, 404, "{answer}");
    let payment = json!({"userId": "user-1", "transferOptions": {
        "transactionId": "order-1", "transferType": "payment", "isInclusiveFeeEnabled": false,
        "toAddresses": [{"networkId": "aa883b03-120d-477c-a588-37c2afd3ca71", "symbol": "USDC",
                         "address": "0xabc", "amount": 0.00000486}]}});
    let issued = http
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .json(&payment)
        .send()
        .await
        .unwrap();
    assert_eq!(issued.status(), 200);
    for (body, refused) in [
        (
            json!({"transactionId": "order-1", "status": "paid"}),
            "status",
        ),
        (json!({"transactionId": "order-1"}), "status"),
        (json!({"status": "failed"}), "transactionId"),
        (
            json!({"transactionId": "order-1", "status": "failed", "afterMs": -1}),
            "afterMs",
        ),
        (
            json!({"transactionId": "order-1", "status": "failed", "amount": "ten"}),
            "amount",
        ),
        (
            json!({"transactionId": "order-1", "status": "failed", "colour": 1}),
            "colour",
        ),
    ] {
        let (status, answer) =
            control(&mock, reqwest::Method::POST, "/transfers", Some(body)).await;
        assert_eq!(status, 400, "{answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(refused),
            "{answer}"
        );
    }
    let completed = json!({"transactionId": "order-1", "status": "failed", "afterMs": 60000});
    let (status, answer) =
        control(&mock, reqwest::Method::POST, "/transfers", Some(completed)).await;
    assert_eq!(status, 201, "{answer}");
    let listed: Value = get("Statuses=pending&ClientTransactionId=order-1")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["content"]["total"], 1, "{listed}");
    assert_eq!(listed["content"]["items"][0]["id"], answer["id"]);
    assert_eq!(listed["content"]["items"][0]["amount"], json!(0.00000486));
    let refused = get(&format!("UserId={}&Statuses=lost", "u".repeat(51)))
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let envelope: Value = refused.json().await.unwrap();
    assert_eq!(envelope["status"], "badRequest");
    let codes: Vec<&Value> = envelope["errorData"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| &problem["code"])
        .collect();
    assert!(codes.contains(&&json!("too_long_for_query")), "{envelope}");
    let (_, reset) = control(&mock, reqwest::Method::POST, "/reset", None).await;
    assert_eq!(reset["clearedTransfers"], 1);
}
