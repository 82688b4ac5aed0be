//! Responses keep decoding when Mesh adds fields or enum values; requests stay as strict as the
//! spec. Every case goes over HTTP to a local server.

use mesh_link_api::types::{
    ApiResultStatus, ApiResultStatusKnown, GetLinkTokenRequest, LinkTokenTransferOptions,
    TransferTypeEnum,
};
use mesh_link_api::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "client-id-for-tests";
const CLIENT_SECRET: &str = "client-secret-for-tests";

async fn server_answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/linktoken"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn client_for(server: &MockServer) -> Client {
    let http = reqwest::Client::builder()
        .default_headers(
            mesh_link_api::auth_headers(CLIENT_ID, CLIENT_SECRET).expect("valid header values"),
        )
        .build()
        .expect("an HTTP client");
    Client::new_with_client(&server.uri(), http)
}

fn request() -> mesh_link_api::types::builder::GetLinkTokenRequest {
    GetLinkTokenRequest::builder().user_id("user-1")
}

#[tokio::test]
async fn a_success_with_unknown_fields_and_an_unknown_status_still_decodes() {
    let server = server_answering(
        200,
        json!({
            "status": "okButDeprecated",
            "message": "",
            "errorType": "",
            "newTopLevelField": {"nested": [1, 2, 3]},
            "content": {"linkToken": "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLw==", "paymentLink": null, "expiresIn": 600}
        }),
    )
    .await;
    let response = client_for(&server)
        .create_link_token()
        .body(request())
        .send()
        .await
        .unwrap();
    let result = response.into_inner();
    assert_eq!(
        result.status,
        Some(ApiResultStatus::Unknown("okButDeprecated".into()))
    );
    assert_eq!(result.status.unwrap().to_string(), "okButDeprecated");
    let content = result.content.unwrap();
    assert_eq!(
        content.link_token.as_deref(),
        Some("aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLw==")
    );
    assert_eq!(content.payment_link, None);
}

#[tokio::test]
async fn a_known_status_decodes_to_its_variant() {
    let server = server_answering(
        200,
        json!({"status": "ok", "content": {"linkToken": "dG9rZW4="}}),
    )
    .await;
    let result = client_for(&server)
        .create_link_token()
        .body(request())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        result.status,
        Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok))
    );
}

#[tokio::test]
async fn an_error_envelope_with_an_unknown_status_and_extra_fields_reaches_the_caller() {
    let server = server_answering(
        400,
        json!({"status": "quotaExceeded", "message": "too many", "errorType": "quota", "errorHash": "abc", "retryHint": 3}),
    )
    .await;
    let error = client_for(&server)
        .create_link_token()
        .body(request())
        .send()
        .await
        .unwrap_err();
    let Error::ErrorResponse(envelope) = error else {
        panic!("expected the documented error body, got {error:?}");
    };
    assert_eq!(envelope.status().as_u16(), 400);
    assert_eq!(
        envelope.status,
        Some(ApiResultStatus::Unknown("quotaExceeded".into()))
    );
    assert_eq!(envelope.error_type.as_deref(), Some("quota"));
}

#[tokio::test]
async fn a_401_with_an_empty_body_is_an_unexpected_response_not_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_link_token()
        .body(request())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedResponse(r) if r.status() == 401),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_request_carries_auth_headers_and_camel_case_json_and_no_api_version() {
    let server = server_answering(200, json!({"status": "ok"})).await;
    let options = LinkTokenTransferOptions::try_from(
        LinkTokenTransferOptions::builder()
            .transfer_type(Some(TransferTypeEnum::Deposit))
            .is_inclusive_fee_enabled(Some(false)),
    )
    .unwrap();
    let body = request().transfer_options(Some(options));
    client_for(&server)
        .create_link_token()
        .body(body)
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let [sent] = received.as_slice() else {
        panic!("expected one request, got {}", received.len())
    };
    assert_eq!(sent.headers.get("x-client-id").unwrap(), CLIENT_ID);
    assert_eq!(sent.headers.get("x-client-secret").unwrap(), CLIENT_SECRET);
    assert!(
        sent.headers.get("api-version").is_none(),
        "Mesh documents no api-version header"
    );
    assert_eq!(
        sent.body_json::<serde_json::Value>().unwrap(),
        json!({"userId": "user-1", "transferOptions": {"transferType": "deposit", "isInclusiveFeeEnabled": false}})
    );
}

#[tokio::test]
async fn a_request_breaking_the_spec_is_refused_before_anything_is_sent() {
    let server = server_answering(200, json!({"status": "ok"})).await;
    let too_long = "u".repeat(301);
    let error = client_for(&server)
        .create_link_token()
        .body(GetLinkTokenRequest::builder().user_id(too_long))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("longer than 300 characters")),
        "{error:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may reach the server"
    );
}

#[test]
fn request_types_reject_unknown_fields_and_unknown_enum_values() {
    let unknown_field = serde_json::from_value::<GetLinkTokenRequest>(
        json!({"userId": "u", "configurationId": "x"}),
    );
    assert!(
        unknown_field
            .unwrap_err()
            .to_string()
            .contains("unknown field `configurationId`")
    );
    assert!("withdrawal".parse::<TransferTypeEnum>().is_err());
    let unknown_value =
        serde_json::from_value::<LinkTokenTransferOptions>(json!({"transferType": "withdrawal"}));
    assert!(unknown_value.is_err());
}
