//! Helpers shared by the emulator's tests.
#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses its own subset"
)]

use std::sync::OnceLock;

use mesh_mock::MeshMock;
use secrecy::ExposeSecret as _;
use serde_json::Value;

pub async fn started() -> MeshMock {
    MeshMock::start().await.expect("the mock starts")
}

/// The object at `pointer` in `body`, for editing a fixture.
pub fn object_at<'a>(body: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    body.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
}

fn shared_client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(reqwest::Client::new)
}

/// POSTs `body` as JSON with the mock's credentials; the status and the body (`null` if not JSON).
pub async fn post(mock: &MeshMock, body: &Value) -> (u16, Value) {
    post_with(shared_client(), mock, body).await
}

pub async fn post_with(http: &reqwest::Client, mock: &MeshMock, body: &Value) -> (u16, Value) {
    let response = http
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .json(body)
        .send()
        .await
        .expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a whole body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// POSTs raw text with an optional content type; the status and the body text.
pub async fn post_raw(mock: &MeshMock, content_type: Option<&str>, body: &str) -> (u16, String) {
    let mut request = shared_client()
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .body(body.to_owned());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a whole body"))
}

/// The control API with the mock's credentials; the status and the JSON answer.
pub async fn control(
    mock: &MeshMock,
    method: reqwest::Method,
    route: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let url = format!(
        "{}{route}",
        mock.control_url().expect("the control API is on")
    );
    let mut request = reqwest::Client::new()
        .request(method, url)
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}
