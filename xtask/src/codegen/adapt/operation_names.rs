//! `name_operations`: progenitor names client methods after `operationId`, which Mesh omits.

use serde_json::{Value, json};

use super::error::AdaptError;
use crate::covered::COVERED_OPERATIONS;
use crate::openapi::operations_mut;

/// progenitor names client methods after `operationId`, which Mesh's reference omits.
pub(super) fn name_operations(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for (operation, op) in operations_mut(document) {
        if op
            .get("operationId")
            .and_then(Value::as_str)
            .is_some_and(|id| !id.is_empty())
        {
            continue;
        }
        let (method, path) = operation.split_once(' ').unwrap_or_default();
        let name = COVERED_OPERATIONS
            .iter()
            .find(|c| c.method.eq_ignore_ascii_case(method) && c.path == path)
            .map_or_else(
                || derived_operation_id(method, path),
                |c| c.operation_id.to_owned(),
            );
        log.push(format!("{operation} has no operationId; named it `{name}`"));
        op.insert("operationId".into(), json!(name));
    }
    Ok(log)
}

/// `POST /api/v1/things/{id}` → `post_things_id`: a stable name for operations we do not list.
fn derived_operation_id(method: &str, path: &str) -> String {
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "api" && !is_version_segment(s))
        .map(|s| {
            s.trim_matches(|c| c == '{' || c == '}')
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        });
    std::iter::once(method.to_ascii_lowercase())
        .chain(segments)
        .collect::<Vec<_>>()
        .join("_")
}

fn is_version_segment(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}
