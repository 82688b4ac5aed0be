//! Overlay 1.0's merge of an `update` into a selected node, checked: where the document already
//! holds a different value, that is a contradiction to review, not a value to overwrite.

use serde_json::Value;

use super::error::OverlayError;
use crate::openapi::refs::escape_pointer;

/// What a merge did to its node.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Merged {
    Changed,
    /// The node held everything the update says.
    AlreadySo,
}

/// Merges `update` into `node` (at `pointer`) as Overlay 1.0 says: into an object, its properties
/// recursively; into an array, as one more entry. An entry or a value the node already holds is
/// left as it is, so applying an action twice changes nothing the second time.
pub(super) fn merge_checked(
    node: &mut Value,
    update: &Value,
    pointer: &str,
    action: &str,
) -> Result<Merged, OverlayError> {
    match node {
        Value::Array(items) => Ok(append_entry(items, update)),
        Value::Object(_) => merge_properties(node, update, pointer, action),
        other => Err(OverlayError::NotMergeable {
            action: action.to_owned(),
            at: pointer.to_owned(),
            found: kind(other),
        }),
    }
}

fn append_entry(items: &mut Vec<Value>, entry: &Value) -> Merged {
    if items.contains(entry) {
        return Merged::AlreadySo;
    }
    items.push(entry.clone());
    Merged::Changed
}

fn merge_properties(
    node: &mut Value,
    update: &Value,
    pointer: &str,
    action: &str,
) -> Result<Merged, OverlayError> {
    let (Value::Object(target), Value::Object(properties)) = (&mut *node, update) else {
        return Err(contradiction(action, pointer, update, node));
    };
    let mut merged = Merged::AlreadySo;
    for (key, value) in properties {
        let here = format!("{pointer}/{}", escape_pointer(key));
        let outcome = match target.get_mut(key) {
            None => {
                target.insert(key.clone(), value.clone());
                Merged::Changed
            }
            Some(existing @ Value::Object(_)) if value.is_object() => {
                merge_properties(existing, value, &here, action)?
            }
            Some(Value::Array(items)) if value.is_array() => {
                let mut changed = Merged::AlreadySo;
                for entry in value.as_array().into_iter().flatten() {
                    if append_entry(items, entry) == Merged::Changed {
                        changed = Merged::Changed;
                    }
                }
                changed
            }
            Some(existing) if existing == value => Merged::AlreadySo,
            Some(existing) => return Err(contradiction(action, &here, value, existing)),
        };
        if outcome == Merged::Changed {
            merged = Merged::Changed;
        }
    }
    Ok(merged)
}

fn contradiction(action: &str, at: &str, overlay: &Value, document: &Value) -> OverlayError {
    OverlayError::Contradicted {
        action: action.to_owned(),
        at: at.to_owned(),
        overlay: overlay.to_string(),
        document: document.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
