//! How the mock answers one request: faults first, then auth, media type, size, JSON, the
//! spec's schema, the guide's rules, and finally a fresh link token.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::Incoming;
use mesh_link_api::wire::{CLIENT_ID_HEADER, CLIENT_SECRET_HEADER};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use crate::body::MockBody;
use crate::envelope;
use crate::fault::{Fault, ScriptedResponse};
use crate::problems::{Problem, schema_problems};
use crate::record::{REDACTED, RecordedRequest};
use crate::rules::guide_problems;
use crate::spec::{LINK_TOKEN_PATH, RequestSpec};
use crate::token;

/// Request bodies over this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The mock keeps this many recorded requests, dropping the oldest, so a long run stays small.
pub const MAX_RECORDED_REQUESTS: usize = 10_000;

/// Everything the running mock shares between connections.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) spec: Arc<RequestSpec>,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    /// A body still arriving after this long gets 408 (a slowloris body cannot hold a task).
    pub(crate) body_read_timeout: Duration,
    faults: Mutex<VecDeque<Fault>>,
    requests: Mutex<VecDeque<RecordedRequest>>,
}

impl State {
    pub(crate) fn new(
        spec: Arc<RequestSpec>,
        client_id: String,
        client_secret: SecretString,
        body_read_timeout: Duration,
    ) -> Self {
        Self {
            spec,
            client_id,
            client_secret,
            body_read_timeout,
            faults: Mutex::default(),
            requests: Mutex::default(),
        }
    }

    pub(crate) fn enqueue(&self, fault: Fault) {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(fault);
    }

    pub(crate) fn pending_faults(&self) -> usize {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    fn next_fault(&self) -> Option<Fault> {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    pub(crate) fn clear_requests(&self) {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn record(&self, request: RecordedRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() == MAX_RECORDED_REQUESTS {
            requests.pop_front();
        }
        requests.push_back(request);
    }
}

/// What to do with the connection after a request.
#[derive(Debug)]
pub(crate) enum Outcome {
    Answer(Response<MockBody>),
    DropConnection,
    Hang,
}

/// An answer before it becomes bytes, so faults can amend or cut it.
#[derive(Debug)]
enum Reply {
    Json {
        status: StatusCode,
        body: Value,
        allow: Option<&'static str>,
    },
    Empty(StatusCode),
    Scripted(ScriptedResponse),
}

/// Answers one request, records it, and logs one line (never a header value).
pub(crate) async fn handle(state: &State, request: Request<Incoming>) -> Outcome {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let mut recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        headers: recorded_headers(&parts.headers),
        body: None,
        status: None,
        refused_because: None,
    };
    let outcome = match state.next_fault() {
        None => into_response(answer(state, &parts, body, &mut recorded).await),
        Some(Fault::Respond(scripted)) => {
            let bytes = read_body(&parts.headers, body, state.body_read_timeout)
                .await
                .ok();
            recorded.body = bytes.and_then(|b| serde_json::from_slice(&b).ok());
            into_response(Reply::Scripted(scripted))
        }
        Some(Fault::DropConnection) => Outcome::DropConnection,
        Some(Fault::Hang) => Outcome::Hang,
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            into_response(answer(state, &parts, body, &mut recorded).await)
        }
        Some(Fault::TruncatedBody) => cut_short(answer(state, &parts, body, &mut recorded).await),
        Some(Fault::Amend {
            status,
            extra_fields,
        }) => {
            let mut reply = answer(state, &parts, body, &mut recorded).await;
            if let Reply::Json { body, .. } = &mut reply {
                amend(body, status, extra_fields);
            }
            into_response(reply)
        }
    };
    recorded.status = match &outcome {
        Outcome::Answer(response) => Some(response.status().as_u16()),
        Outcome::DropConnection | Outcome::Hang => None,
    };
    let shown = recorded.status.map_or_else(
        || {
            if matches!(outcome, Outcome::Hang) {
                "no answer (hang)".to_owned()
            } else {
                "connection dropped".to_owned()
            }
        },
        |s| s.to_string(),
    );
    let why = recorded
        .refused_because
        .as_deref()
        .map(|why| format!(": {why}"))
        .unwrap_or_default();
    tracing::info!(
        "{} {} -> {shown} ({:.1} ms){why}",
        recorded.method,
        path,
        started.elapsed().as_secs_f64() * 1e3
    );
    state.record(recorded);
    outcome
}

/// The answer to a request no fault took over, noting in `recorded` why it was refused.
async fn answer(
    state: &State,
    parts: &http::request::Parts,
    body: Incoming,
    recorded: &mut RecordedRequest,
) -> Reply {
    let (reply, why) = judge(state, parts, body, recorded).await;
    recorded.refused_because = why;
    reply
}

/// The reply, and why the request was refused if it was.
async fn judge(
    state: &State,
    parts: &http::request::Parts,
    body: Incoming,
    recorded: &mut RecordedRequest,
) -> (Reply, Option<String>) {
    let refused = |reply: Reply, why: String| (reply, Some(why));
    if parts.uri.path() != LINK_TOKEN_PATH {
        let message = format!("no endpoint at {}", parts.uri.path());
        let reply = json_reply(
            StatusCode::NOT_FOUND,
            envelope::error("notFound", "notFound", &message, Value::Null),
        );
        return refused(reply, message);
    }
    if parts.method != Method::POST {
        let message = format!("{LINK_TOKEN_PATH} takes POST, not {}", parts.method);
        let reply = Reply::Json {
            status: StatusCode::METHOD_NOT_ALLOWED,
            body: envelope::error("badRequest", "methodNotAllowed", &message, Value::Null),
            allow: Some("POST"),
        };
        return refused(reply, message);
    }
    if let Err(why) = authenticate(state, &parts.headers) {
        return refused(Reply::Empty(StatusCode::UNAUTHORIZED), why);
    }
    if let Err((reply, why)) = check_media_type(&state.spec, &parts.headers) {
        return refused(reply, why);
    }
    let bytes = match read_body(&parts.headers, body, state.body_read_timeout).await {
        Ok(bytes) => bytes,
        Err((reply, why)) => return refused(reply, why),
    };
    let request: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(error) => {
            let problem = Problem::invalid("body", format!("is not valid JSON ({error})"));
            return refused(
                bad_request(std::slice::from_ref(&problem)),
                problem.for_the_log(),
            );
        }
    };
    recorded.body = Some(request.clone());
    let mut problems = schema_problems(state.spec.validator(), &request);
    if problems.is_empty() {
        problems = guide_problems(&request);
    }
    if !problems.is_empty() {
        let why: Vec<String> = problems.iter().map(Problem::for_the_log).collect();
        return refused(bad_request(&problems), why.join("; "));
    }
    let wants_pay_link =
        request.pointer("/transferOptions/generatePayLink") == Some(&Value::Bool(true));
    let payment_link = wants_pay_link.then(token::issue_payment_link);
    let link_token = token::issue_link_token(&state.client_id);
    let reply = json_reply(
        StatusCode::OK,
        envelope::ok(&link_token, payment_link.as_deref()),
    );
    (reply, None)
}

/// Both credentials as expected, or which one is not (never its value).
fn authenticate(state: &State, headers: &HeaderMap) -> Result<(), String> {
    for (name, expected) in [
        (CLIENT_ID_HEADER, state.client_id.as_str()),
        (CLIENT_SECRET_HEADER, state.client_secret.expose_secret()),
    ] {
        match headers.get(name).map(|v| v.to_str()) {
            None => return Err(format!("{name} is missing")),
            Some(Ok(given)) if given == expected => {}
            Some(_) => return Err(format!("{name} is wrong")),
        }
    }
    Ok(())
}

fn check_media_type(spec: &RequestSpec, headers: &HeaderMap) -> Result<(), (Reply, String)> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let essence = given.map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    if essence
        .as_deref()
        .is_some_and(|e| spec.accepts_media_type(e))
    {
        return Ok(());
    }
    let message = format!(
        "content-type: must be one of {} (got {})",
        spec.media_types().join(", "),
        given.unwrap_or("none")
    );
    let reply = json_reply(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        envelope::error("badRequest", "unsupportedMediaType", &message, Value::Null),
    );
    Err((reply, message))
}

/// The body, or the answer to give instead and why.
async fn read_body(
    headers: &HeaderMap,
    body: Incoming,
    timeout: Duration,
) -> Result<Bytes, (Reply, String)> {
    let too_large = || {
        let message = format!("body: is larger than {MAX_BODY_BYTES} bytes");
        let reply = json_reply(
            StatusCode::PAYLOAD_TOO_LARGE,
            envelope::error("badRequest", "invalidField", &message, Value::Null),
        );
        (reply, message)
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, Limited::new(body, MAX_BODY_BYTES).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(error)) => {
            let problem = Problem::invalid("body", format!("could not be read ({error})"));
            Err((
                bad_request(std::slice::from_ref(&problem)),
                problem.for_the_log(),
            ))
        }
        Err(_) => {
            let message = format!("body: not received within {timeout:?}");
            let reply = json_reply(
                StatusCode::REQUEST_TIMEOUT,
                envelope::error("badRequest", "invalidField", &message, Value::Null),
            );
            Err((reply, message))
        }
    }
}

fn bad_request(problems: &[Problem]) -> Reply {
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

fn json_reply(status: StatusCode, body: Value) -> Reply {
    Reply::Json {
        status,
        body,
        allow: None,
    }
}

fn amend(body: &mut Value, status: Option<String>, extra_fields: serde_json::Map<String, Value>) {
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

fn into_response(reply: Reply) -> Outcome {
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
fn cut_short(reply: Reply) -> Outcome {
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

fn recorded_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if name == CLIENT_SECRET_HEADER {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}
