//! Helpers shared by mesh-link's tests: a mock, a client pointed at it, what it received.
#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses its own subset"
)]

use std::time::Duration;

use mesh_link::{MeshClient, MeshClientBuilder, RetryPolicy};
use mesh_mock::MeshMock;
use serde_json::Value;

/// A builder for a client of `mock`, with retries quick enough for tests.
pub fn client_builder(mock: &MeshMock) -> MeshClientBuilder {
    MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(50)),
        )
}

pub async fn mock_and_client() -> (MeshMock, MeshClient) {
    let mock = MeshMock::start().await.expect("the mock starts");
    let client = client_builder(&mock).build().expect("a client");
    (mock, client)
}

/// The JSON body of the only request `mock` received.
pub fn only_body(mock: &MeshMock) -> Value {
    let requests = mock.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests[0].body.clone().expect("a JSON body")
}
