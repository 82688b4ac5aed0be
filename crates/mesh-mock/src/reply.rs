//! How an answer becomes a response: Mesh's envelope as JSON, an empty answer, or a scripted
//! one, amended or cut short when a fault asks.

use bytes::Bytes;
use http::{Response, StatusCode, header};
use serde_json::{Value, json};

use crate::body::MockBody;
use crate::envelope;
use crate::fault::ScriptedResponse;
use crate::problems::Problem;

/// What to do with the connection after a request.
#[derive(Debug)]
pub(crate) enum Outcome {
    Answer(Response<MockBody>),
    DropConnection,
    Hang,
}

/// An answer before it becomes bytes, so faults can amend or cut it.
#[derive(Debug)]
pub(crate) enum Reply {
    Json {
        status: StatusCode,
        body: Value,
        allow: Option<&'static str>,
    },
    Empty(StatusCode),
    Scripted(ScriptedResponse),
}

pub(crate) fn bad_request(problems: &[Problem]) -> Reply {
    let Some(first) = problems.first() else {
        return Reply::Empty(StatusCode::BAD_REQUEST);
    };
    let mut message = first.message();
    if problems.len() > 1 {
        message.push_str(&format!(" (and {} more)", problems.len() - 1));
    }
    let details = json!({"problems": problems.iter().map(Problem::to_json).collect::<Vec<_>>()});
    json_reply(
        StatusCode::BAD_REQUEST,
        envelope::error("badRequest", first.kind.error_type(), &message, details),
    )
}

pub(crate) fn json_reply(status: StatusCode, body: Value) -> Reply {
    Reply::Json {
        status,
        body,
        allow: None,
    }
}

pub(crate) fn amend(
    body: &mut Value,
    status: Option<String>,
    extra_fields: serde_json::Map<String, Value>,
) {
    if let Some(status) = status {
        body["status"] = Value::String(status);
    }
    for (name, value) in extra_fields {
        if let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) {
            content.insert(name.clone(), value.clone());
        }
        if let Some(envelope) = body.as_object_mut() {
            envelope.insert(name, value);
        }
    }
}

pub(crate) fn into_response(reply: Reply) -> Outcome {
    let response = match reply {
        Reply::Json {
            status,
            body,
            allow,
        } => {
            let mut builder = Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8");
            if let Some(allow) = allow {
                builder = builder.header(header::ALLOW, allow);
            }
            builder.body(MockBody::from_bytes(body.to_string()))
        }
        Reply::Empty(status) => Response::builder().status(status).body(MockBody::empty()),
        Reply::Scripted(scripted) => {
            let mut builder = Response::builder().status(scripted.status);
            for (name, value) in &scripted.headers {
                builder = builder.header(name, value);
            }
            builder.body(MockBody::from_bytes(scripted.body))
        }
    };
    Outcome::Answer(response.unwrap_or_else(|_| server_failure()))
}

/// The answer's headers, a `content-length` promising the whole body, and half of it.
pub(crate) fn cut_short(reply: Reply) -> Outcome {
    let (status, text) = match reply {
        Reply::Json { status, body, .. } => (status, body.to_string()),
        other => return into_response(other),
    };
    let half = Bytes::from(text.clone()).slice(..text.len() / 2);
    let response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .header(header::CONTENT_LENGTH, text.len())
        .body(MockBody::cut_short(half));
    Outcome::Answer(response.unwrap_or_else(|_| server_failure()))
}

// A scripted header that is not a valid header; the script is the test's, so say so plainly.
fn server_failure() -> Response<MockBody> {
    let mut response = Response::new(MockBody::from_bytes(
        "mesh-mock: the scripted response is not valid HTTP",
    ));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}
