//! The overlay: what Mesh documents outside its full OpenAPI document (the docs page, the
//! guide), kept in one reviewed file in the OpenAPI Overlay 1.0.0 format
//! (<https://spec.openapis.org/overlay/v1.0.0.html>) and applied to the canonical form before
//! the closure. Each action is checked against the document it lands on: a target that matches
//! nothing or a document that says otherwise fails; an action the document makes redundant is
//! reported, so the file shrinks as Mesh's document catches up.

mod error;
mod merge;

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::openapi::refs::unescape_pointer;
use crate::openapi::yaml;
pub(crate) use error::OverlayError;
use merge::{Merged, merge_checked};

/// An Overlay document, as far as this project reads one.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Overlay {
    overlay: String,
    /// Required by Overlay 1.0 (a title and a version); nothing here reads it.
    #[allow(dead_code, reason = "present to refuse an overlay without it")]
    info: serde::de::IgnoredAny,
    actions: Vec<Action>,
}

/// One action: an RFC 9535 JSONPath `target`, and what to do to every node it selects.
#[derive(Debug, Deserialize)]
struct Action {
    target: String,
    description: Option<String>,
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// What applying an overlay found: the actions that changed nothing.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    /// Actions the document already says: each can be removed from the overlay.
    pub(crate) redundant: Vec<String>,
}

impl Overlay {
    /// Reads an overlay from YAML or JSON text.
    pub(crate) fn parse(text: &str) -> Result<Self, OverlayError> {
        let value = yaml::parse(text).map_err(|e| OverlayError::Unreadable(e.to_string()))?;
        let overlay: Self =
            serde_json::from_value(value).map_err(|e| OverlayError::Unreadable(e.to_string()))?;
        if !overlay.overlay.starts_with("1.0.") {
            return Err(OverlayError::UnsupportedVersion {
                found: overlay.overlay,
            });
        }
        Ok(overlay)
    }

    /// Applies every action, in order, to `document`.
    pub(crate) fn apply(&self, document: &mut Value) -> Result<Applied, OverlayError> {
        let mut applied = Applied::default();
        for (index, action) in self.actions.iter().enumerate() {
            let label = action.label(index);
            if !action.apply(document, &label)? {
                applied.redundant.push(label);
            }
        }
        Ok(applied)
    }
}

impl Action {
    /// `action 2 (`$.components…`): Mesh's docs page …`, as errors and reports name it.
    fn label(&self, index: usize) -> String {
        let description = self
            .description
            .as_deref()
            .and_then(|d| d.lines().next())
            .map_or_else(String::new, |line| format!(": {line}"));
        format!("action {} (`{}`{description})", index + 1, self.target)
    }

    /// Applies the action to every node its target selects; whether it changed anything.
    fn apply(&self, document: &mut Value, label: &str) -> Result<bool, OverlayError> {
        let path = JsonPath::parse(&self.target).map_err(|error| OverlayError::BadTarget {
            action: label.to_owned(),
            error: error.to_string(),
        })?;
        let pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err(OverlayError::MatchesNothing {
                action: label.to_owned(),
            });
        }
        if self.remove {
            // Last first, so that removing an array item does not move the ones still to go.
            for pointer in pointers.iter().rev() {
                remove_at(document, pointer);
            }
            return Ok(true);
        }
        let Some(update) = &self.update else {
            return Err(OverlayError::NothingToDo {
                action: label.to_owned(),
            });
        };
        let mut changed = false;
        for pointer in &pointers {
            let Some(node) = document.pointer_mut(pointer) else {
                continue;
            };
            match merge_checked(node, update, pointer, label)? {
                Merged::Changed => changed = true,
                Merged::AlreadySo => {}
            }
        }
        Ok(changed)
    }
}

/// Removes the node at `pointer` from the object or array holding it.
fn remove_at(document: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = unescape_pointer(key);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
