//! Cutting the covered operations out of a document: what they reach is kept, bad references refused.

use serde_json::json;

use super::*;
use crate::covered::COVERED_OPERATIONS;

/// The closure of `POST /api/v1/linktoken`, the covered operation these documents have.
fn cut(document: &Value) -> Result<Value, ClosureError> {
    covered_closure(document, &[&COVERED_OPERATIONS[0]])
}

fn with_request_schema(schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/api/v1/linktoken": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
                "responses": {"200": {"description": "ok"}},
                "security": [{"X-Key": []}]
            }},
            "/api/v1/holdings": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holdings"}}}}}}}
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"X-Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                                "Unused": {"type": "http", "scheme": "bearer"}}
        }
    })
}

#[test]
fn the_covered_operation_keeps_what_it_reaches_and_nothing_else() {
    let closure = cut(&with_request_schema(json!({
        "A": {"properties": {"b": {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true}}},
        "B": {"type": "array", "items": {"$ref": "#/components/schemas/C"}},
        "C": {"type": "string"},
        "Holdings": {"type": "object"}
    })))
    .unwrap();
    let paths: Vec<&String> = closure["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/api/v1/linktoken"]);
    let schemas: Vec<&String> = closure["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(schemas, ["A", "B", "C"]);
    let schemes: Vec<&String> = closure["components"]["securitySchemes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(schemes, ["X-Key"], "only the schemes the operation uses");
}

#[test]
fn a_document_without_the_covered_operation_is_refused() {
    let error =
        cut(&json!({"openapi": "3.0.3", "paths": {"/api/v1/holdings": {"post": {}}}})).unwrap_err();
    assert!(
        error.to_string().contains("POST /api/v1/linktoken"),
        "{error}"
    );
}

#[test]
fn a_dangling_ref_is_refused_naming_it_and_where_it_stands() {
    let error = cut(&with_request_schema(
        json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Gone"}}}}),
    ))
    .unwrap_err();
    assert!(
        matches!(error, ClosureError::DanglingReference { .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "#/components/schemas/A/properties/b: `$ref` #/components/schemas/Gone names a component \
         that is not in the document"
    );
}

#[test]
fn a_ref_cycle_is_refused_with_its_chain() {
    let error = cut(&with_request_schema(json!({
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"}
    })))
    .unwrap_err();
    assert!(matches!(error, ClosureError::RefCycle { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
        "{error}"
    );
}

#[test]
fn a_recursive_schema_is_not_a_cycle() {
    let closure = cut(&with_request_schema(json!({
        "A": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}}
    })))
    .unwrap();
    assert!(closure.pointer("/components/schemas/A").is_some());
}

#[test]
fn refs_to_other_files_are_refused() {
    let error = cut(&with_request_schema(
        json!({"A": {"$ref": "other.yaml#/components/schemas/A"}}),
    ))
    .unwrap_err();
    assert!(
        matches!(error, ClosureError::UnsupportedReference { .. }),
        "{error}"
    );
}
