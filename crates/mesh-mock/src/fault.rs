//! Scripted answers for the next requests, to test how a client copes with a misbehaving API.

use std::time::Duration;

use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::envelope;

/// What the mock does with one upcoming request instead of (or on top of) its normal answer.
///
/// Faults are queued with [`MeshMock::enqueue`](crate::MeshMock::enqueue) and used up in order,
/// one per request, whatever the request's path.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with exactly this status, headers and body, without looking at the request.
    Respond(ScriptedResponse),
    /// Wait, then answer as the mock normally would.
    Delay(Duration),
    /// Close the connection without answering.
    DropConnection,
    /// Never answer: the connection stays open until the client gives up, the mock stops, or
    /// the hang timeout passes (60 s; [`MeshMockBuilder::hang_timeout`](crate::MeshMockBuilder::hang_timeout)),
    /// when the mock closes it, so hung connections cannot pile up.
    Hang,
    /// Send the status, headers and the first half of a success body, then cut the connection.
    TruncatedBody,
    /// Answer normally, then change the envelope: replace `status`, add fields.
    Amend {
        /// The envelope's new `status`, if any.
        status: Option<String>,
        /// Fields added at the top of the envelope and inside `content` (when it has one).
        extra_fields: Map<String, Value>,
    },
}

impl Fault {
    /// An answer with exactly `status` and an empty body; add headers and a body to it with
    /// [`header`](Self::header), [`json`](Self::json) and [`body`](Self::body).
    pub fn status(status: u16) -> Self {
        Self::Respond(ScriptedResponse {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        })
    }

    /// 429 with `Retry-After: <retry_after>` and a `tooManyRequest` envelope.
    pub fn rate_limited(retry_after: impl Into<String>) -> Self {
        Self::envelope(429, "tooManyRequest", "Too many requests")
            .header("retry-after", retry_after)
    }

    /// An envelope answer: HTTP `status` with Mesh's `status` field and message.
    pub fn envelope(http_status: u16, mesh_status: &str, message: &str) -> Self {
        Self::status(http_status).json(&envelope::error(mesh_status, "", message, Value::Null))
    }

    /// 200 whose envelope says `status: tooManyRequest`.
    pub fn ok_but_too_many_requests() -> Self {
        Self::envelope(200, "tooManyRequest", "Too many requests, try again later")
    }

    /// An HTML error page, as a proxy in front of the API would send.
    pub fn html_error(status: u16) -> Self {
        Self::status(status)
            .header("content-type", "text/html; charset=utf-8")
            .body(format!("<html><head><title>{status}</title></head><body><h1>{status} Error</h1></body></html>"))
    }

    /// 503 Service Unavailable with an empty body.
    pub fn unavailable() -> Self {
        Self::status(503)
    }

    /// 401 with an empty body and no content type, as Mesh's spec once described it; the
    /// mock's own 401 carries an envelope. A client must cope with both.
    pub fn unauthorized_empty() -> Self {
        Self::status(401)
    }

    /// 200 whose body is JSON broken in the middle (but sent in full).
    pub fn malformed_json() -> Self {
        Self::status(200)
            .header("content-type", "application/json")
            .body(r#"{"status": "ok", "message": "", "content": {"linkToken": "#)
    }

    /// A normal success with fields Mesh might add later, at the top and inside `content`.
    pub fn unknown_fields() -> Self {
        let mut extra_fields = Map::new();
        extra_fields.insert("addedByMeshLater".into(), json!({"nested": [1, 2, 3]}));
        extra_fields.insert("expiresInSeconds".into(), json!(600));
        Self::Amend {
            status: None,
            extra_fields,
        }
    }

    /// A normal success whose `status` is a value this client has never seen.
    pub fn unknown_status(status: impl Into<String>) -> Self {
        Self::Amend {
            status: Some(status.into()),
            extra_fields: Map::new(),
        }
    }

    /// Adds a header to a scripted answer ([`Fault::status`] and the faults built on it).
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.scripted("header", |response| {
            response.headers.push((name.into(), value.into()));
        })
    }

    /// Sets a scripted answer's body to `value` as JSON, with `content-type: application/json`.
    pub fn json(self, value: &Value) -> Self {
        self.header("content-type", "application/json; charset=utf-8")
            .body(value.to_string())
    }

    /// Sets a scripted answer's raw body.
    pub fn body(self, body: impl Into<Bytes>) -> Self {
        self.scripted("body", |response| response.body = body.into())
    }

    /// Changes the scripted answer; any other fault has none, which is worth a warning.
    fn scripted(mut self, what: &str, change: impl FnOnce(&mut ScriptedResponse)) -> Self {
        match &mut self {
            Self::Respond(response) => change(response),
            other => tracing::warn!(
                fault = ?other,
                "mesh-mock: only a scripted answer (Fault::status) takes a {what}; left unchanged"
            ),
        }
        self
    }
}

/// An answer given as is: status, headers, body. Built with [`Fault::status`].
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptedResponse {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}
