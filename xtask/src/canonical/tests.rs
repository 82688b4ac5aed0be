//! The rules of the canonical form, each on a small document, and the vendored spec as a fixed point.

use serde_json::json;

use super::*;

fn with_schemas(schemas: Value) -> Value {
    json!({"openapi": "3.0.1", "paths": {}, "components": {"schemas": schemas}})
}

fn schemas_of(document: &Value) -> &Value {
    &document["components"]["schemas"]
}

/// The canonical form of `document`, which every rule settled.
fn settled(document: Value) -> Value {
    let canonical = canonicalize(document);
    assert!(canonical.unsettled.is_empty(), "{:?}", canonical.unsettled);
    canonical.document
}

/// The one thing the rules could not settle in `document`, and its canonical form.
fn unsettled(document: Value) -> (CanonicalError, Value) {
    let mut canonical = canonicalize(document);
    assert_eq!(canonical.unsettled.len(), 1, "{:?}", canonical.unsettled);
    (canonical.unsettled.remove(0), canonical.document)
}

#[test]
fn lone_all_of_wrappers_are_unwrapped_and_annotated_references_kept() {
    let document = settled(with_schemas(json!({
        "A": {"type": "object", "properties": {
            "plain": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "inline": {"allOf": [{"type": "string", "maxLength": 5}]},
            "annotated": {"allOf": [{"allOf": [{"$ref": "#/components/schemas/B"}],
                                     "description": "d", "nullable": true, "readOnly": true}]},
            "two": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]}
        }},
        "B": {"type": "object"}
    })));
    assert_eq!(
        schemas_of(&document)["A"]["properties"],
        json!({
            "plain": {"$ref": "#/components/schemas/B"},
            "inline": {"type": "string", "maxLength": 5},
            "annotated": {"allOf": [{"$ref": "#/components/schemas/B"}],
                          "description": "d", "nullable": true, "readOnly": true},
            "two": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]}
        })
    );
}

#[test]
fn enum_values_copied_beside_their_reference_are_dropped_when_they_agree() {
    let document = settled(with_schemas(json!({
        "S": {"type": "string", "enum": ["ok", "no"]},
        "R": {"properties": {
            "status": {"enum": ["no", "ok"], "type": "string",
                       "allOf": [{"$ref": "#/components/schemas/S"}], "readOnly": true},
            "bare": {"enum": ["ok", "no"], "allOf": [{"$ref": "#/components/schemas/S"}]}
        }}
    })));
    assert_eq!(
        schemas_of(&document)["R"]["properties"],
        json!({
            "status": {"allOf": [{"$ref": "#/components/schemas/S"}], "readOnly": true},
            "bare": {"$ref": "#/components/schemas/S"}
        }),
        "order does not matter; a copy with nothing else beside it leaves a plain reference"
    );
}

#[test]
fn an_enum_copy_that_disagrees_is_left_as_it_stands_and_named_with_both_and_where() {
    let status = json!({"enum": ["ok", "maybe"], "allOf": [{"$ref": "#/components/schemas/S"}]});
    let (error, document) = unsettled(with_schemas(json!({
        "S": {"type": "string", "enum": ["ok", "no"]},
        "R": {"properties": {"status": status.clone()}}
    })));
    assert_eq!(schemas_of(&document)["R"]["properties"]["status"], status);
    assert_eq!(
        error.to_string(),
        "#/components/schemas/R/properties/status: the enum values beside the reference to `S` \
         disagree with `S` (only beside the reference: \"maybe\"; only in `S`: \"no\")"
    );
}

#[test]
fn a_single_example_takes_the_docs_page_form() {
    let document = settled(json!({
        "openapi": "3.0.1",
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"example": {"userId": "u"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "examples": {"example": {"value": {"status": "ok"}}},
                "schema": {"example": {"inside": "a schema, left alone"}}
            }}}}
        }}}
    }));
    let operation = &document["paths"]["/x"]["post"];
    assert_eq!(
        operation["requestBody"]["content"]["application/json"],
        json!({"examples": {"example": {"value": {"userId": "u"}}}})
    );
    assert_eq!(
        operation["responses"]["200"]["content"]["application/json"],
        json!({"examples": {"example": {"value": {"status": "ok"}}},
               "schema": {"example": {"inside": "a schema, left alone"}}})
    );
}

#[test]
fn example_and_examples_that_disagree_stay_and_are_named() {
    let media = json!({"example": 1, "examples": {"example": {"value": 2}}});
    let (error, document) = unsettled(json!({"openapi": "3.0.1", "paths": {"/x": {"post": {
        "requestBody": {"content": {"application/json": media.clone()}}
    }}}}));
    assert_eq!(
        document["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"],
        media
    );
    assert!(
        error
            .to_string()
            .starts_with("#/paths/~1x/post/requestBody/content/application~1json:"),
        "{error}"
    );
}

#[test]
fn security_schemes_are_named_after_their_header_and_stated_on_each_operation() {
    let document = settled(json!({
        "openapi": "3.0.1",
        "security": [{"Client-Secret": [], "Client-Id": []}],
        "paths": {
            "/a": {"post": {"tags": ["Managed Account Authentication"]}},
            "/b": {"get": {"security": []}}
        },
        "tags": [{"name": "Managed Account Authentication"}],
        "components": {"securitySchemes": {
            "Client-Id": {"type": "apiKey", "in": "header", "name": "X-Client-Id"},
            "Client-Secret": {"type": "apiKey", "in": "header", "name": "X-Client-Secret"},
            "Bearer": {"type": "http", "scheme": "bearer"}
        }}
    }));
    assert_eq!(
        document["paths"],
        json!({
            "/a": {"post": {"security": [{"X-Client-Id": [], "X-Client-Secret": []}]}},
            "/b": {"get": {}}
        }),
        "global security moves onto operations that state none; tags go"
    );
    let names: Vec<&String> = document["components"]["securitySchemes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(names, ["Bearer", "X-Client-Id", "X-Client-Secret"]);
    assert!(document.get("security").is_none() && document.get("tags").is_none());
}

#[test]
fn two_schemes_for_the_same_header_cannot_be_told_apart_and_keep_their_labels() {
    let (error, document) = unsettled(
        json!({"openapi": "3.0.1", "paths": {}, "components": {"securitySchemes": {
            "One": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "Two": {"type": "apiKey", "in": "header", "name": "X-Key"}
        }}}),
    );
    let labels: Vec<&String> = document["components"]["securitySchemes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(labels, ["One", "Two"]);
    assert!(error.stands_in(&document));
    assert!(!error.stands_in(&json!({"components": {"securitySchemes": {"X-Key": {}}}})));
    assert!(
        error.to_string().contains("`One` and `Two`")
            && error.to_string().contains("apiKey `X-Key` in the header"),
        "{error}"
    );
}

#[test]
fn info_and_version_are_the_canonical_ones_and_false_flags_go() {
    let document = settled(json!({
        "openapi": "3.0.1",
        "info": {"title": "Mesh", "version": "1.0", "description": "All of it"},
        "paths": {"/x": {"post": {"deprecated": false, "responses": {"200": {"description": "ok",
            "content": {"application/json": {"example": {"nullable": false},
                "schema": {"type": "object", "nullable": false, "deprecated": true,
                           "properties": {"nullable": {"type": "boolean", "default": false}}}}}}}}}}
    }));
    assert_eq!(document["openapi"], json!("3.0.3"));
    assert_eq!(
        document["info"],
        json!({"title": INFO_TITLE, "version": INFO_VERSION})
    );
    assert_eq!(
        document["paths"]["/x"]["post"],
        json!({"responses": {"200": {"description": "ok", "content": {"application/json": {
            "examples": {"example": {"value": {"nullable": false}}},
            "schema": {"type": "object", "deprecated": true,
                       "properties": {"nullable": {"type": "boolean", "default": false}}}}}}}})
    );
}

#[test]
fn zero_lower_bounds_go_and_others_stay() {
    let document = settled(json!({
        "openapi": "3.0.1",
        "info": {"title": "Mesh", "version": "1.0"},
        "paths": {"/x": {"get": {
            "parameters": [{"name": "Q", "in": "query",
                            "schema": {"type": "string", "minLength": 0, "maxLength": 0}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "example": {"minLength": 0},
                "schema": {"type": "array", "minItems": 0, "maxItems": 5,
                           "items": {"type": "object", "minProperties": 1}}}}}}}}}
    }));
    let operation = &document["paths"]["/x"]["get"];
    assert_eq!(
        operation["parameters"][0]["schema"],
        json!({"type": "string", "maxLength": 0})
    );
    let content = &operation["responses"]["200"]["content"]["application/json"];
    assert_eq!(
        content["schema"],
        json!({"type": "array", "maxItems": 5, "items": {"type": "object", "minProperties": 1}})
    );
    assert_eq!(
        content["examples"]["example"]["value"],
        json!({"minLength": 0})
    );
}

#[test]
fn the_canonical_form_is_a_fixed_point() {
    let vendored = crate::openapi::yaml::parse(
        &std::fs::read_to_string(crate::workspace::root().join(crate::workspace::SPEC)).unwrap(),
    )
    .unwrap();
    assert_eq!(settled(vendored.clone()), vendored);
}
