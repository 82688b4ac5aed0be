//! Which component schemas are sent in requests, read in responses, or both.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Side;
use crate::openapi::walk::reachable_schemas;

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

/// Marks every schema `value` reaches as on `side` too.
fn mark(value: &Value, side: Side, schemas: &Value, sides: &mut BTreeMap<String, Side>) {
    for name in reachable_schemas([value], schemas) {
        let merged = sides.get(&name).map_or(side, |known| known.merge(side));
        sides.insert(name, merged);
    }
}
