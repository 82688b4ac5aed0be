//! How the mock answers one request: the control API's own paths apart; else the fault the
//! request asks for or the first queued one aimed at it, else the judged answer; then it records
//! the request and logs one line.

use std::time::Instant;

use http::{HeaderMap, Request};
use hyper::body::Incoming;
use mesh_link_api::wire::CLIENT_SECRET_HEADER;

use crate::aim::operation_of;
use crate::control;
use crate::fault::Fault;
use crate::fault_text::FAULT_HEADER;
use crate::judge::{answer, authenticate, read_body};
use crate::record::{REDACTED, RecordedRequest};
use crate::reply::{Outcome, Reply, amend, cut_short, into_response};
use crate::state::State;

/// Answers one request, records it, and logs one line (never a header value).
pub(crate) async fn handle(state: &State, request: Request<Incoming>) -> Outcome {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    if control::is_control_path(state, parts.uri.path()) {
        let outcome = into_response(control::answer(state, &parts, body).await);
        if let Outcome::Answer(response) = &outcome {
            tracing::info!(
                "control: {} {path} -> {}",
                parts.method,
                response.status().as_u16()
            );
        }
        return outcome;
    }
    let operation = operation_of(&parts.method, parts.uri.path());
    let mut recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        operation,
        headers: recorded_headers(&parts.headers),
        body: None,
        body_text: None,
        status: None,
        refused_because: None,
    };
    // A fault asked for by header needs the credentials: the port may be reachable by others.
    let may_ask = authenticate(state, &parts.headers).is_ok();
    let fault = match requested_fault(&parts.headers).filter(|_| may_ask) {
        Some(Ok(fault)) => Some(fault),
        None => state.next_fault(operation),
        Some(Err(error)) => Some(Fault::status(400).json(&crate::envelope::error(
            "badRequest",
            "invalidField",
            &format!("{FAULT_HEADER}: {error}"),
            serde_json::Value::Null,
        ))),
    };
    let outcome = match fault {
        None => into_response(answer(state, &parts, body, &mut recorded).await),
        Some(Fault::Respond(scripted)) => {
            let bytes = read_body(&parts.headers, body, state.timeouts.body_read)
                .await
                .ok();
            recorded.body = bytes.as_ref().and_then(|b| serde_json::from_slice(b).ok());
            recorded.body_text = bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
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

/// The fault a request asks for in its `X-Mesh-Mock-Fault` header, ahead of any queued one.
fn requested_fault(headers: &HeaderMap) -> Option<Result<Fault, String>> {
    let value = headers.get(FAULT_HEADER)?;
    let Ok(text) = value.to_str() else {
        return Some(Err("is not text".to_owned()));
    };
    Some(
        text.parse()
            .map_err(|e: crate::ParseFaultError| e.to_string()),
    )
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
