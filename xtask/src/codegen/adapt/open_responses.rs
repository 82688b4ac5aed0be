//! `open_response_schemas`: responses keep decoding when Mesh adds a field or an enum value.

use serde_json::{Map, Value, json};

use super::error::AdaptError;
use crate::openapi::operations_mut;
use crate::openapi::refs::SCHEMA_REF_PREFIX;
use crate::openapi::walk::{Keys, for_each_ref_mut, reachable_schemas};

/// The suffix of the open twin of an enum that requests and responses share.
const OPEN_SUFFIX: &str = "OrUnknown";

/// Responses must keep decoding when Mesh adds a field or an enum value. Every schema a response
/// reaches loses `additionalProperties: false` (typify would deny unknown fields), and every
/// enum it reaches becomes `oneOf: [<Name>Known, string]`, which typify turns into
/// `enum Name { Known(NameKnown), Unknown(String) }`. Request-only schemas stay strict.
pub(super) fn open_response_schemas(document: &mut Value) -> Result<Vec<String>, AdaptError> {
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
    let shared_enums: Vec<String> = reached
        .iter()
        .filter(|name| reached_by_requests.contains(*name))
        .filter(|name| {
            schemas
                .get(name.as_str())
                .is_some_and(|s| s.get("enum").is_some())
        })
        .cloned()
        .collect();
    log.extend(answer_shared_enums_openly(
        document,
        &shared_enums,
        &reached,
    ));
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
        if is_known_half_of_open_enum(components, name) || shared_enums.contains(name) {
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
            wrapper["description"] = description.unwrap_or_else(|| {
                json!(format!(
                    "Mesh's `{name}`: [`Known`](Self::Known) for a value the spec listed when \
                     this client was generated, [`Unknown`](Self::Unknown) for one Mesh added \
                     since, kept as sent."
                ))
            });
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

/// An enum that requests send and responses carry stays strict for requests; responses get
/// `<Name>OrUnknown` (`Known(<Name>)` or `Unknown(String)`) in its place, so that a value Mesh
/// adds decodes while a request can still only name the values the spec lists.
fn answer_shared_enums_openly(
    document: &mut Value,
    shared: &[String],
    reached: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let mut log = Vec::new();
    if shared.is_empty() {
        return log;
    }
    let open_name = |name: &str| format!("{name}{OPEN_SUFFIX}");
    let rewrite = |reference: &mut String| {
        if let Some(name) = reference.strip_prefix(SCHEMA_REF_PREFIX)
            && shared.iter().any(|s| s == name)
        {
            *reference = format!("{SCHEMA_REF_PREFIX}{}", open_name(name));
        }
    };
    for (_, op) in operations_mut(document) {
        if let Some(responses) = op.get_mut("responses") {
            for_each_ref_mut(responses, &mut { rewrite });
        }
    }
    let Some(components) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return log;
    };
    for name in reached.iter().filter(|name| !shared.contains(name)) {
        if let Some(schema) = components.get_mut(name) {
            for_each_ref_mut(schema, &mut { rewrite });
        }
    }
    for name in shared {
        let open = open_name(name);
        components.insert(
            open.clone(),
            json!({
                "description": format!("`{name}` as Mesh answers it: a value this client knows, or one it does not know yet."),
                "oneOf": [
                    {"allOf": [{"$ref": format!("{SCHEMA_REF_PREFIX}{name}")}], "title": "Known"},
                    {"type": "string", "title": "Unknown",
                     "description": "A value this client does not know yet, kept as sent."}
                ]
            }),
        );
        log.push(format!(
            "enum {name} is sent in requests and received in responses: requests keep `{name}`, responses carry `{open}::Known({name})` or `{open}::Unknown(String)`"
        ));
    }
    log
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
