//! The emulator's own HTTP API, under `/_mesh-mock` and off unless asked for: a test in any
//! language queues faults aimed at an operation, reads what the emulator received, completes a
//! Link session's transfer, and resets it, while the service under test makes its own calls to
//! Mesh's paths.

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};
use hyper::body::Incoming;
use serde_json::{Map, Value, json};

use crate::aim::{Aim, operation_named};
use crate::completion::{Completion, CompletionError, Outcome};
use crate::fault::Fault;
use crate::judge::{authenticate, read_body};
use crate::record::RecordedRequest;
use crate::reply::{Reply, json_reply};
use crate::state::State;
use crate::webhook::{DeliveryAnswer, WebhookDelivery, WebhookFault};

/// Where the control API lives: a path Mesh's API (all under `/api/`) never uses.
pub const CONTROL_PATH: &str = "/_mesh-mock";

/// Whether `path` is the control API's, when it is on.
pub(crate) fn is_control_path(state: &State, path: &str) -> bool {
    state.control_api
        && path
            .strip_prefix(CONTROL_PATH)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The control API's answer: JSON of its own, never Mesh's envelope.
pub(crate) async fn answer(state: &State, parts: &http::request::Parts, body: Incoming) -> Reply {
    if let Err(why) = authenticate(state, &parts.headers) {
        return refusal(StatusCode::UNAUTHORIZED, why);
    }
    let route = parts
        .uri
        .path()
        .strip_prefix(CONTROL_PATH)
        .unwrap_or_default();
    match (route, &parts.method) {
        ("/faults", &Method::POST) => match read_json(state, &parts.headers, body).await {
            Ok(request) => queue_fault(state, &request),
            Err(reply) => reply,
        },
        ("/faults", &Method::GET) => ok(json!({"pending": state.pending_faults()})),
        ("/faults", &Method::DELETE) => ok(json!({"cleared": state.clear_faults()})),
        ("/requests", &Method::GET) => {
            let requests: Vec<Value> = state.requests().iter().map(recorded_json).collect();
            ok(Value::Array(requests))
        }
        ("/requests", &Method::DELETE) => ok(json!({"cleared": state.clear_requests()})),
        ("/transfers", &Method::POST) => match read_json(state, &parts.headers, body).await {
            Ok(request) => complete_session(state, &request),
            Err(reply) => reply,
        },
        ("/webhooks", &Method::GET) => {
            let deliveries: Vec<Value> = state
                .webhooks
                .deliveries()
                .iter()
                .map(delivery_json)
                .collect();
            ok(Value::Array(deliveries))
        }
        ("/webhooks/faults", &Method::POST) => match read_json(state, &parts.headers, body).await {
            Ok(request) => queue_webhook_fault(state, &request),
            Err(reply) => reply,
        },
        ("/reset", &Method::POST) => {
            let cleared = state.reset();
            ok(json!({
                "clearedFaults": cleared.faults,
                "clearedRequests": cleared.requests,
                "clearedTransfers": cleared.transfers,
                "clearedWebhookDeliveries": cleared.webhook_deliveries,
            }))
        }
        (
            "/faults" | "/requests" | "/transfers" | "/webhooks" | "/webhooks/faults" | "/reset",
            method,
        ) => refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{CONTROL_PATH}{route} does not take {method}"),
        ),
        _ => refusal(
            StatusCode::NOT_FOUND,
            format!(
                "no control endpoint at {}; there are {CONTROL_PATH}/faults, /requests, /transfers, /webhooks, /webhooks/faults and /reset",
                parts.uri.path()
            ),
        ),
    }
}

/// `{"fault": "unavailable", "operation": "POST /api/v1/linktoken", "skip": 1}`; only `fault`
/// is required.
fn queue_fault(state: &State, request: &Value) -> Reply {
    let fields = match request.as_object() {
        Some(fields) => fields,
        None => return bad("the body must be a JSON object with a \"fault\"".to_owned()),
    };
    if let Some(unknown) = fields
        .keys()
        .find(|key| !["fault", "operation", "skip"].contains(&key.as_str()))
    {
        return bad(format!(
            "{unknown}: is not a field (fault, operation, skip)"
        ));
    }
    let fault = match fields
        .get("fault")
        .map(|fault| fault.as_str().map(str::parse::<Fault>))
    {
        Some(Some(Ok(fault))) => fault,
        Some(Some(Err(error))) => return bad(format!("fault: {error}")),
        Some(None) => return bad("fault: must be text such as \"unavailable\"".to_owned()),
        None => return bad("fault: is required".to_owned()),
    };
    let mut aim = match fields.get("operation") {
        None | Some(Value::Null) => Aim::next_request(),
        Some(Value::String(text)) => match operation_named(text) {
            Ok(operation) => Aim::from(operation),
            Err(error) => return bad(format!("operation: {error}")),
        },
        Some(_) => {
            return bad("operation: must be text such as \"POST /api/v1/linktoken\"".to_owned());
        }
    };
    match fields
        .get("skip")
        .map(|skip| skip.as_u64().and_then(|n| u32::try_from(n).ok()))
    {
        None => {}
        Some(Some(calls)) => aim = aim.skip(calls),
        Some(None) => return bad("skip: must be a whole number of calls, 0 or more".to_owned()),
    }
    state.enqueue(aim, fault);
    json_reply(
        StatusCode::CREATED,
        json!({"pending": state.pending_faults()}),
    )
}

/// `{"transactionId": "order-1", "status": "succeeded", "amount": "10.50", "address": "0x..",
/// "afterMs": 500}` (or `"linkToken"` instead of `"transactionId"`): completes that session.
fn complete_session(state: &State, request: &Value) -> Reply {
    const FIELDS: [&str; 6] = [
        "transactionId",
        "linkToken",
        "status",
        "amount",
        "address",
        "afterMs",
    ];
    let Some(fields) = request.as_object() else {
        return bad(
            "the body must be a JSON object with a \"transactionId\" and a \"status\"".to_owned(),
        );
    };
    if let Some(unknown) = fields.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return bad(format!("{unknown}: is not a field ({})", FIELDS.join(", ")));
    }
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    let Some(outcome) = text("status").and_then(Outcome::parse) else {
        return bad("status: must be \"succeeded\", \"failed\" or \"pending\"".to_owned());
    };
    let mut completion = match (text("transactionId"), text("linkToken")) {
        (Some(id), None) => Completion::of_transaction(id, outcome),
        (None, Some(token)) => Completion::of_link_token(token, outcome),
        _ => return bad("give one of transactionId and linkToken, as text".to_owned()),
    };
    match fields.get("amount") {
        None | Some(Value::Null) => {}
        Some(Value::String(amount)) => completion = completion.amount(amount.as_str()),
        Some(Value::Number(amount)) => completion = completion.amount(amount.to_string()),
        Some(_) => return bad("amount: must be a number, or its text".to_owned()),
    }
    if let Some(address) = fields.get("address") {
        let Some(address) = address.as_str() else {
            return bad("address: must be text".to_owned());
        };
        completion = completion.address(address);
    }
    match fields.get("afterMs").map(Value::as_u64) {
        None => {}
        Some(Some(ms)) => completion = completion.after(Duration::from_millis(ms)),
        Some(None) => return bad("afterMs: must be a whole number of milliseconds".to_owned()),
    }
    match state.complete(&completion) {
        Ok(id) => json_reply(StatusCode::CREATED, json!({"id": id})),
        Err(error @ CompletionError::NoSession(_)) => {
            refusal(StatusCode::NOT_FOUND, error.to_string())
        }
        Err(error) => bad(error.to_string()),
    }
}

/// `{"fault": "duplicate"}`: a webhook fault for the next transfer completed.
fn queue_webhook_fault(state: &State, request: &Value) -> Reply {
    let fields = request.as_object();
    if let Some(unknown) = fields.and_then(|fields| fields.keys().find(|key| *key != "fault")) {
        return bad(format!("{unknown}: is not a field (fault)"));
    }
    let Some(text) = fields
        .and_then(|fields| fields.get("fault"))
        .and_then(Value::as_str)
    else {
        return bad(
            "the body must be a JSON object with a \"fault\" as text, such as \"duplicate\""
                .to_owned(),
        );
    };
    match text.parse::<WebhookFault>() {
        Ok(fault) => json_reply(
            StatusCode::CREATED,
            json!({"pending": state.webhooks.enqueue(fault)}),
        ),
        Err(error) => bad(format!("fault: {error}")),
    }
}

/// A webhook delivery as the control API shows it.
fn delivery_json(delivery: &WebhookDelivery) -> Value {
    let answer = match &delivery.answer {
        DeliveryAnswer::Status(status) => json!({"status": status}),
        DeliveryAnswer::Failed(why) => json!({"failed": why}),
        DeliveryAnswer::TimedOut => json!({"timedOut": true}),
    };
    json!({
        "eventId": delivery.event_id,
        "id": delivery.delivery_id,
        "transferId": delivery.transfer_id,
        "transferStatus": delivery.status,
        "signature": delivery.signature,
        "signedWithTheSecret": delivery.signed_with_the_secret,
        "body": delivery.body,
        "answer": answer,
    })
}

async fn read_json(state: &State, headers: &HeaderMap, body: Incoming) -> Result<Value, Reply> {
    let bytes = read_body(headers, body, state.timeouts.body_read)
        .await
        .map_err(|(_, why)| bad(why))?;
    serde_json::from_slice(&bytes).map_err(|error| bad(format!("the body is not JSON ({error})")))
}

/// A recorded request as the control API shows it; header names lower-cased, repeated ones
/// joined with `, ` as HTTP allows.
fn recorded_json(request: &RecordedRequest) -> Value {
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        match headers.get_mut(name) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            _ => {
                headers.insert(name.clone(), Value::String(value.clone()));
            }
        }
    }
    json!({
        "method": request.method,
        "path": request.path,
        "operation": request.operation.map(|operation| operation.to_string()),
        "headers": headers,
        "body": request.body,
        "bodyText": request.body_text,
        "status": request.status,
        "refusedBecause": request.refused_because,
    })
}

fn ok(body: Value) -> Reply {
    json_reply(StatusCode::OK, body)
}

fn bad(message: String) -> Reply {
    refusal(StatusCode::BAD_REQUEST, message)
}

fn refusal(status: StatusCode, message: String) -> Reply {
    json_reply(status, json!({"error": message}))
}
