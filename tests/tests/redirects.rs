//! The client secret goes to Mesh and nowhere else: a redirect to another origin is never
//! followed, by mesh-link or by the generated crate's HTTP client, and plain `http://` to
//! another machine needs an explicit opt-in. Over real HTTP, on 127.0.0.1.

use mesh_link::{ConfigError, Error, LinkTokenRequest, MeshClient, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "client-id-for-redirect-tests";
const CLIENT_SECRET: &str = "client-secret-that-must-stay-home";

/// A server on another port (another origin) that answers anything, and one that redirects
/// every request to it with `status`.
async fn redirect_to_elsewhere(status: u16) -> (MockServer, MockServer) {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"status\":\"ok\"}"))
        .mount(&elsewhere)
        .await;
    let redirector = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).insert_header(
            "Location",
            format!("{}/api/v1/linktoken?session=abc", elsewhere.uri()).as_str(),
        ))
        .mount(&redirector)
        .await;
    (redirector, elsewhere)
}

/// Whether any request reached `server` carrying the secret.
async fn secret_arrived_at(server: &MockServer) -> bool {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .any(|request| {
            request
                .headers
                .values()
                .any(|value| value.as_bytes() == CLIENT_SECRET.as_bytes())
        })
}

/// One call of the generated crate's client, through `http`, to `base_url`.
async fn generated_client_call(http: reqwest::Client, base_url: &str) -> bool {
    mesh_link_api::Client::new_with_client(base_url, http)
        .create_link_token()
        .body(mesh_link_api::types::GetLinkTokenRequest::builder().user_id("user-1"))
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn mesh_link_follows_no_cross_origin_307_or_308() {
    for status in [307, 308] {
        let (redirector, elsewhere) = redirect_to_elsewhere(status).await;
        let client = MeshClient::builder(CLIENT_ID, CLIENT_SECRET)
            .base_url(redirector.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = client
            .create_link_token(&LinkTokenRequest::connect("user-1"))
            .await
            .unwrap_err();
        let Error::Redirected {
            http_status,
            location,
        } = &error
        else {
            panic!("{status}: expected a redirect error, got {error:?}");
        };
        assert_eq!(*http_status, status);
        assert_eq!(location.as_deref(), Some(elsewhere.uri().as_str()));
        let message = error.to_string();
        assert!(
            message.contains("not followed") && !message.contains("session=abc"),
            "{message}"
        );
        assert!(!message.contains(CLIENT_SECRET) && !format!("{error:?}").contains(CLIENT_SECRET));
        assert!(!error.is_retryable());
        assert_eq!(redirector.received_requests().await.unwrap().len(), 1);
        assert!(
            elsewhere.received_requests().await.unwrap().is_empty(),
            "{status}: the request was re-sent to another origin"
        );
    }
}

#[tokio::test]
async fn the_generated_crates_http_client_follows_no_cross_origin_307_or_308() {
    for status in [307, 308] {
        let (redirector, elsewhere) = redirect_to_elsewhere(status).await;
        let http = mesh_link_api::http_client_builder(CLIENT_ID, CLIENT_SECRET)
            .unwrap()
            .build()
            .unwrap();
        let succeeded = generated_client_call(http, &redirector.uri()).await;
        assert!(!succeeded, "{status}: a redirect is not a link token");
        assert!(
            secret_arrived_at(&redirector).await,
            "the call did reach Mesh's stand-in"
        );
        assert!(
            !secret_arrived_at(&elsewhere).await,
            "{status}: the secret was re-sent to another origin"
        );
    }
}

/// The danger the two tests above guard against is real: a reqwest client with the credentials
/// as default headers and reqwest's default redirect policy carries the secret elsewhere.
#[tokio::test]
async fn a_plain_reqwest_client_would_carry_the_secret_to_another_origin() {
    let (redirector, elsewhere) = redirect_to_elsewhere(307).await;
    let http = reqwest::Client::builder()
        .default_headers(mesh_link_api::auth_headers(CLIENT_ID, CLIENT_SECRET).unwrap())
        .build()
        .unwrap();
    generated_client_call(http, &redirector.uri()).await;
    assert!(secret_arrived_at(&elsewhere).await);
}

#[test]
fn plain_http_to_another_machine_needs_an_explicit_opt_in() {
    let refused = MeshClient::builder(CLIENT_ID, CLIENT_SECRET)
        .base_url("http://example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(&refused, ConfigError::InsecureBaseUrl { base_url } if base_url == "http://example.com/"),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("allow_insecure_http()"),
        "{refused}"
    );
    MeshClient::builder(CLIENT_ID, CLIENT_SECRET)
        .base_url("http://example.com")
        .allow_insecure_http()
        .build()
        .expect("an explicit opt-in");
    for local in [
        "http://127.0.0.1:4010",
        "http://localhost:4010",
        "https://example.com",
    ] {
        MeshClient::builder(CLIENT_ID, CLIENT_SECRET)
            .base_url(local)
            .build()
            .unwrap_or_else(|e| panic!("{local}: {e}"));
    }
    let from_env = "http://example.com"
        .parse::<mesh_link::Environment>()
        .unwrap();
    assert!(matches!(
        MeshClient::new(CLIENT_ID, CLIENT_SECRET, from_env),
        Err(ConfigError::InsecureBaseUrl { .. })
    ));
}
