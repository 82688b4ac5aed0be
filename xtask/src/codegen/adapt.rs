//! In-memory adaptations that let progenitor take the spec as Mesh publishes it.
//!
//! The vendored document is never edited: each step below rewrites a copy, says what it did
//! (a line in the codegen log and in the generated file's header), and does nothing when the
//! spec no longer needs it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::covered::COVERED_OPERATIONS;
use crate::openapi::refs::{SCHEMA_REF_PREFIX, escape_pointer, schema_ref};
use crate::openapi::walk::{Keys, reachable_schemas};
use crate::openapi::{operation_list, operations_mut};

/// The media type kept when a request body is offered under several with the same schema.
const PREFERRED_REQUEST_MEDIA_TYPE: &str = "application/json";

/// Why the spec could not be adapted for progenitor.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AdaptError {
    #[error(
        "{operation}: the request body has different schemas per media type ({media_types}); progenitor takes one"
    )]
    RequestBodiesDiffer {
        operation: String,
        media_types: String,
    },
    #[error(
        "{operation}: error responses have different body types ({bodies}); progenitor needs one per operation"
    )]
    ErrorBodiesDiffer { operation: String, bodies: String },
    #[error(
        "{location}: an inline enum in a response was left unnamed, so it cannot be opened to unknown values"
    )]
    InlineResponseEnum { location: String },
}

/// One adaptation: a name for the log and the rewrite, which returns what it changed.
#[derive(Debug)]
pub(crate) struct Adaptation {
    pub(crate) name: &'static str,
    apply: fn(&mut Value) -> Result<Vec<String>, AdaptError>,
}

/// The adaptations, in the order they run.
pub(crate) const ADAPTATIONS: [Adaptation; 5] = [
    Adaptation {
        name: "name_operations",
        apply: name_operations,
    },
    Adaptation {
        name: "keep_one_request_media_type",
        apply: keep_one_request_media_type,
    },
    Adaptation {
        name: "drop_untyped_error_responses",
        apply: drop_untyped_error_responses,
    },
    Adaptation {
        name: "name_inline_response_enums",
        apply: name_inline_response_enums,
    },
    Adaptation {
        name: "open_response_schemas",
        apply: open_response_schemas,
    },
];

/// Runs every adaptation on `document`; returns one `name: change` line per change made.
pub(crate) fn adapt(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for adaptation in &ADAPTATIONS {
        for change in (adaptation.apply)(document)? {
            log.push(format!("{}: {change}", adaptation.name));
        }
    }
    Ok(log)
}

/// progenitor names client methods after `operationId`, which Mesh's reference omits.
fn name_operations(document: &mut Value) -> Result<Vec<String>, AdaptError> {
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

/// Mesh offers the body as `application/json`, `text/json` and `application/*+json`;
/// progenitor panics on more than one request media type.
fn keep_one_request_media_type(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for (operation, op) in operations_mut(document) {
        let content = op
            .get_mut("requestBody")
            .and_then(|body| body.get_mut("content"));
        let Some(content) = content.and_then(Value::as_object_mut) else {
            continue;
        };
        if content.len() < 2 {
            continue;
        }
        let media_types = content.keys().cloned().collect::<Vec<_>>().join(", ");
        let schemas: BTreeSet<String> = content
            .values()
            .map(|m| m.get("schema").unwrap_or(&Value::Null).to_string())
            .collect();
        if schemas.len() > 1 {
            return Err(AdaptError::RequestBodiesDiffer {
                operation,
                media_types,
            });
        }
        let kept = if content.contains_key(PREFERRED_REQUEST_MEDIA_TYPE) {
            PREFERRED_REQUEST_MEDIA_TYPE.to_owned()
        } else {
            content.keys().next().cloned().unwrap_or_default()
        };
        content.retain(|media_type, _| *media_type == kept);
        log.push(format!(
            "{operation}: request body offered as {media_types} with one schema; kept {kept}"
        ));
    }
    Ok(log)
}

/// Mesh's 401 has no body schema while 400/404 carry `ApiResult`; progenitor panics on
/// differently typed error responses. Untyped ones are dropped, so the client reports them
/// as unexpected responses and leaves the body (empty or not JSON) to the caller.
fn drop_untyped_error_responses(document: &mut Value) -> Result<Vec<String>, AdaptError> {
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
        if typed.is_empty() {
            continue;
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

/// Only a named enum can be opened to unknown values, so every enum a response reaches inline
/// is named after where it stands (`Res.mode` → `ResMode`, a list's items `…Item`) and moved
/// under `components/schemas`.
fn name_inline_response_enums(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut roots = response_schemas(document);
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let root_values: Vec<Value> = roots
        .iter()
        .filter_map(|(pointer, _)| document.pointer(pointer).cloned())
        .collect();
    for name in reachable_schemas(&root_values, &schemas) {
        roots.push((
            format!("/components/schemas/{}", escape_pointer(&name)),
            name,
        ));
    }
    let mut inline = Vec::new();
    for (pointer, name) in &roots {
        let is_component = pointer.starts_with("/components/");
        if let Some(schema) = document.pointer(pointer) {
            find_inline_enums(schema, pointer, name, !is_component, &mut inline);
        }
    }
    let mut log = Vec::new();
    for (pointer, wanted) in inline {
        let Some(schema) = document.pointer(&pointer).cloned() else {
            continue;
        };
        let Some(components) = component_schemas_mut(document) else {
            continue;
        };
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    wanted.clone()
                } else {
                    format!("{wanted}{n}")
                }
            })
            .find(|name| {
                components
                    .get(name)
                    .is_none_or(|existing| *existing == schema)
            })
            .unwrap_or(wanted);
        components.insert(name.clone(), schema);
        if let Some(place) = document.pointer_mut(&pointer) {
            *place = schema_ref(&name);
        }
        log.push(format!("#{pointer}: inline enum named `{name}`"));
    }
    Ok(log)
}

/// `components/schemas`, made if the document has none yet.
fn component_schemas_mut(document: &mut Value) -> Option<&mut Map<String, Value>> {
    document
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
}

/// Pointers to each response body schema, with a name for what it holds.
fn response_schemas(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for operation in operation_list(document) {
        let id = operation
            .value
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or(operation.method);
        let responses = operation.value.get("responses").and_then(Value::as_object);
        for (code, response) in responses.into_iter().flatten() {
            let content = response.get("content").and_then(Value::as_object);
            for (media_type, media) in content.into_iter().flatten() {
                if media.get("schema").is_some() {
                    let pointer = format!(
                        "{}/responses/{}/content/{}/schema",
                        operation.pointer(),
                        escape_pointer(code),
                        escape_pointer(media_type)
                    );
                    found.push((pointer, format!("{}Response{code}", pascal_case(id))));
                }
            }
        }
    }
    found
}

fn find_inline_enums(
    schema: &Value,
    pointer: &str,
    name: &str,
    counts_itself: bool,
    found: &mut Vec<(String, String)>,
) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("enum") {
        if counts_itself {
            found.push((pointer.to_owned(), name.to_owned()));
        }
        return;
    }
    for (key, child) in map {
        let here = format!("{pointer}/{}", escape_pointer(key));
        match (key.as_str(), child) {
            ("properties", Value::Object(properties)) => {
                for (property, schema) in properties {
                    let at = format!("{here}/{}", escape_pointer(property));
                    find_inline_enums(
                        schema,
                        &at,
                        &format!("{name}{}", pascal_case(property)),
                        true,
                        found,
                    );
                }
            }
            ("items", _) => find_inline_enums(child, &here, &format!("{name}Item"), true, found),
            ("additionalProperties", _) => {
                find_inline_enums(child, &here, &format!("{name}Value"), true, found);
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                for (i, member) in members.iter().enumerate() {
                    find_inline_enums(member, &format!("{here}/{i}"), name, true, found);
                }
            }
            _ => {}
        }
    }
}

/// `create_link_token` → `CreateLinkToken`, `goods-type` → `GoodsType`.
fn pascal_case(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Responses must keep decoding when Mesh adds a field or an enum value. Every schema a response
/// reaches loses `additionalProperties: false` (typify would deny unknown fields), and every
/// enum it reaches becomes `oneOf: [<Name>Known, string]`, which typify turns into
/// `enum Name { Known(NameKnown), Unknown(String) }`. Request-only schemas stay strict.
fn open_response_schemas(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    let mut roots = Vec::new();
    let mut request_roots = Vec::new();
    for (operation, op) in operations_mut(document) {
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (code, response) in responses.iter_mut() {
                let Some(content) = response.get_mut("content").and_then(Value::as_object_mut)
                else {
                    continue;
                };
                for (media_type, media) in content.iter_mut() {
                    let Some(schema) = media.get_mut("schema") else {
                        continue;
                    };
                    let location = format!("{operation} {code} {media_type}");
                    log.extend(open_inline(schema, &location)?);
                    roots.push(schema.clone());
                }
            }
        }
        if let Some(body) = op.get("requestBody") {
            request_roots.push(body.clone());
        }
    }
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let reached = reachable_schemas(&roots, &schemas);
    let reached_by_requests = reachable_schemas(&request_roots, &schemas);
    let Some(components) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(log);
    };
    for name in &reached {
        let shared = if reached_by_requests.contains(name) {
            " (also sent in requests)"
        } else {
            ""
        };
        if is_known_half_of_open_enum(components, name) {
            continue;
        }
        let Some(schema) = components.get_mut(name) else {
            continue;
        };
        if schema.get("enum").is_some() {
            let known = format!("{name}Known");
            let description = schema.as_object_mut().and_then(|s| s.remove("description"));
            let mut wrapper = json!({
                "oneOf": [
                    {"$ref": format!("{SCHEMA_REF_PREFIX}{known}")},
                    {"type": "string", "title": format!("{name}Unknown"),
                     "description": "A value this client does not know yet, kept as sent."}
                ]
            });
            if let Some(description) = description {
                wrapper["description"] = description;
            }
            let mut known_schema = std::mem::replace(schema, wrapper);
            known_schema["description"] = json!(format!(
                "The values of `{name}` known when this client was generated."
            ));
            components.insert(known.clone(), known_schema);
            log.push(format!("enum {name}{shared} accepts unknown values: `{name}::Known({known})` or `{name}::Unknown(String)`"));
        } else {
            log.extend(
                open_inline(schema, &format!("{SCHEMA_REF_PREFIX}{name}"))?
                    .into_iter()
                    .map(|l| format!("{l}{shared}")),
            );
        }
    }
    Ok(log)
}

/// Whether `name` is the `<Name>Known` enum an earlier run put behind an open `<Name>`.
fn is_known_half_of_open_enum(components: &Map<String, Value>, name: &str) -> bool {
    let Some(open) = name.strip_suffix("Known").and_then(|n| components.get(n)) else {
        return false;
    };
    open.pointer("/oneOf/0/$ref").and_then(Value::as_str)
        == Some(&format!("{SCHEMA_REF_PREFIX}{name}"))
}

/// Drops `additionalProperties: false` throughout one schema; refuses enums it cannot name.
fn open_inline(schema: &mut Value, location: &str) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    open_inline_at(schema, Keys::Keywords, location, true, &mut log)?;
    Ok(log)
}

fn open_inline_at(
    value: &mut Value,
    keys: Keys,
    location: &str,
    is_root: bool,
    log: &mut Vec<String>,
) -> Result<(), AdaptError> {
    match value {
        Value::Object(map) => {
            if keys == Keys::Keywords {
                if map.get("enum").is_some() && !is_root {
                    return Err(AdaptError::InlineResponseEnum {
                        location: location.to_owned(),
                    });
                }
                if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                    map.remove("additionalProperties");
                    log.push(format!("{location} accepts unknown fields"));
                }
            }
            for (key, child) in map.iter_mut() {
                if let Some(child_keys) = keys.of_child(key) {
                    let here = format!("{location}/{key}");
                    open_inline_at(child, child_keys, &here, false, log)?;
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let here = format!("{location}/{i}");
                open_inline_at(item, Keys::Keywords, &here, false, log)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests;
