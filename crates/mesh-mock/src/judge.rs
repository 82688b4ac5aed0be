//! The order in which the mock judges a request no fault took over: path, method, credentials,
//! media type, size, JSON, the spec's schema, the guide's rules; then a fresh link token. A
//! catalog answers its list; the transfers query, what its filters select.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, header};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::Incoming;
use mesh_link_api::wire::{CLIENT_ID_HEADER, CLIENT_SECRET_HEADER};
use secrecy::ExposeSecret as _;
use serde_json::Value;

use crate::envelope;
use crate::link_token;
use crate::problems::{Problem, schema_problems};
use crate::record::RecordedRequest;
use crate::reply::{Reply, bad_request, json_reply};
use crate::rules::{catalog_problems, guide_problems};
use crate::spec::{CATALOG_PATHS, LINK_TOKEN_PATH, RequestSpec, TRANSFERS_PATH};
use crate::state::State;

/// Request bodies over this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The answer to a request no fault took over, noting in `recorded` why it was refused.
pub(crate) async fn answer(
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
    let path = parts.uri.path();
    let (method, allow) = if path == LINK_TOKEN_PATH {
        (Method::POST, "POST")
    } else if CATALOG_PATHS.contains(&path)
        || (path == TRANSFERS_PATH && state.spec.transfers_query().is_some())
    {
        (Method::GET, "GET")
    } else {
        let message = format!("no endpoint at {path}");
        let reply = json_reply(
            StatusCode::NOT_FOUND,
            envelope::error("notFound", "notFound", &message, Value::Null),
        );
        return refused(reply, message);
    };
    if parts.method != method {
        let message = format!("{path} takes {method}, not {}", parts.method);
        let reply = Reply::Json {
            status: StatusCode::METHOD_NOT_ALLOWED,
            body: envelope::error("badRequest", "methodNotAllowed", &message, Value::Null),
            allow: Some(allow),
        };
        return refused(reply, message);
    }
    if let Err(why) = authenticate(state, &parts.headers) {
        let reply = json_reply(
            StatusCode::UNAUTHORIZED,
            envelope::error("permissionDenied", "unauthorized", &why, Value::Null),
        );
        return refused(reply, why);
    }
    if let Some(content) = state.catalog.content(path) {
        return (json_reply(StatusCode::OK, envelope::ok_with(content)), None);
    }
    if let Some(query_spec) = state
        .spec
        .transfers_query()
        .filter(|_| path == TRANSFERS_PATH)
    {
        return match query_spec.read(parts.uri.query()) {
            Ok(query) => {
                let content = state.transfers.content(&query, &state.catalog);
                (json_reply(StatusCode::OK, envelope::ok_with(content)), None)
            }
            Err(problems) => {
                let why: Vec<String> = problems.iter().map(Problem::for_the_log).collect();
                refused(bad_request(&problems), why.join("; "))
            }
        };
    }
    if let Err((reply, why)) = check_media_type(&state.spec, &parts.headers) {
        return refused(reply, why);
    }
    let bytes = match read_body(&parts.headers, body, state.timeouts.body_read).await {
        Ok(bytes) => bytes,
        Err((reply, why)) => return refused(reply, why),
    };
    recorded.body_text = Some(String::from_utf8_lossy(&bytes).into_owned());
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
    if problems.is_empty() {
        problems = catalog_problems(&state.catalog, &request);
    }
    if !problems.is_empty() {
        let why: Vec<String> = problems.iter().map(Problem::for_the_log).collect();
        return refused(bad_request(&problems), why.join("; "));
    }
    let wants_pay_link =
        request.pointer("/transferOptions/generatePayLink") == Some(&Value::Bool(true));
    let payment_link = wants_pay_link.then(link_token::issue_payment_link);
    let link_token = link_token::issue_link_token(&state.client_id);
    state.transfers.issued(&link_token, &request);
    let reply = json_reply(
        StatusCode::OK,
        envelope::ok(&link_token, payment_link.as_deref()),
    );
    (reply, None)
}

/// Both credentials as expected, or which one is not (never its value).
pub(crate) fn authenticate(state: &State, headers: &HeaderMap) -> Result<(), String> {
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
pub(crate) async fn read_body(
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
