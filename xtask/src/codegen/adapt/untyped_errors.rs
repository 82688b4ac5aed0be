//! `drop_untyped_error_responses`: progenitor panics on differently typed error responses.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::AdaptError;
use crate::openapi::operations_mut;

/// Mesh's 401 has no body schema while 400/404 carry `ApiResult`; progenitor panics on
/// differently typed error responses. Untyped ones are dropped, so the client reports them
/// as unexpected responses and leaves the body (empty or not JSON) to the caller; dropped on
/// every operation, so a 401 surfaces the same way from each.
pub(super) fn drop_untyped_error_responses(
    document: &mut Value,
) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for (operation, op) in operations_mut(document) {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        let mut typed: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut untyped = Vec::new();
        for (code, response) in responses.iter() {
            if code.starts_with('2') {
                continue;
            }
            match response_body_schema(response) {
                Some(schema) => typed
                    .entry(schema.to_string())
                    .or_default()
                    .push(code.clone()),
                None => untyped.push(code.clone()),
            }
        }
        if typed.len() > 1 {
            let bodies = typed
                .into_iter()
                .map(|(schema, codes)| format!("{} for {schema}", codes.join("/")))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(AdaptError::ErrorBodiesDiffer { operation, bodies });
        }
        for code in untyped {
            responses.remove(&code);
            log.push(format!("{operation}: {code} has no body schema; dropped, so it surfaces as an unexpected response"));
        }
    }
    Ok(log)
}

/// A response's body schema, unless it has none or accepts anything (`{}`).
fn response_body_schema(response: &Value) -> Option<&Value> {
    let content = response.get("content")?.as_object()?;
    content
        .values()
        .filter_map(|media| media.get("schema"))
        .find(|schema| schema.as_object().is_some_and(|s| !s.is_empty()))
}
