//! Which component schemas are sent in requests, read in responses, or both.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Side;
use crate::openapi::refs::SCHEMA_REF_PREFIX;

/// The side of every component schema a covered operation reaches.
pub(super) fn schema_sides(document: &Value) -> BTreeMap<String, Side> {
    let mut sides = BTreeMap::new();
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    for item in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        for (key, operation) in item.as_object().into_iter().flatten() {
            if key == "parameters" {
                mark(operation, Side::Request, &schemas, &mut sides);
                continue;
            }
            for (part, side) in [
                ("parameters", Side::Request),
                ("requestBody", Side::Request),
                ("responses", Side::Response),
            ] {
                if let Some(value) = operation.get(part) {
                    mark(value, side, &schemas, &mut sides);
                }
            }
        }
    }
    sides
}

fn mark(value: &Value, side: Side, schemas: &Value, sides: &mut BTreeMap<String, Side>) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match (
                        key.as_str(),
                        child
                            .as_str()
                            .and_then(|r| r.strip_prefix(SCHEMA_REF_PREFIX)),
                    ) {
                        ("$ref", Some(name)) => {
                            let known = sides.get(name).copied();
                            let merged = known.map_or(side, |k| k.merge(side));
                            if known != Some(merged) {
                                sides.insert(name.to_owned(), merged);
                                pending.extend(schemas.get(name));
                            }
                        }
                        ("example" | "examples", _) => {}
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}
