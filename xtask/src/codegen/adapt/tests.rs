//! Each adaptation on a document that needs it, on one that does not, and run twice.

use serde_json::json;

use super::*;

fn envelope_doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "paths": {"/api/v1/linktoken": {"post": {
            "requestBody": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Req"}},
                "text/json": {"schema": {"$ref": "#/components/schemas/Req"}},
                "application/*+json": {"schema": {"$ref": "#/components/schemas/Req"}}
            }},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Res"}}}},
                "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}}},
                "401": {"description": "unauthorized", "content": {"application/json": {"schema": {}}}},
                "404": {"description": "not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}}}
            }
        }}},
        "components": {"schemas": {
            "Req": {"type": "object", "additionalProperties": false,
                    "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}},
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Res": {"type": "object", "additionalProperties": false,
                    "properties": {"status": {"allOf": [{"$ref": "#/components/schemas/Status"}], "readOnly": true},
                                   "content": {"type": "object", "additionalProperties": false,
                                               "properties": {"token": {"type": "string"}}},
                                   "mode": {"type": "string", "enum": ["live", "test"]}}},
            "Err": {"type": "object", "additionalProperties": false,
                    "properties": {"status": {"$ref": "#/components/schemas/Status"}}},
            "Status": {"type": "string", "enum": ["ok", "badRequest"], "description": "Result status"}
        }}
    })
}

fn run(step: fn(&mut Value) -> Result<Vec<String>, AdaptError>, doc: &mut Value) -> Vec<String> {
    step(doc).unwrap()
}

#[test]
fn covered_operations_get_their_names_and_others_a_derived_one() {
    let mut doc = json!({"paths": {
        "/api/v1/linktoken": {"post": {}},
        "/api/v1/transfers/managed/{id}": {"get": {}},
        "/api/v1/named": {"get": {"operationId": "keep_me"}}
    }});
    let log = run(name_operations, &mut doc);
    assert_eq!(
        doc.pointer("/paths/~1api~1v1~1linktoken/post/operationId"),
        Some(&json!("create_link_token"))
    );
    assert_eq!(
        doc.pointer("/paths/~1api~1v1~1transfers~1managed~1{id}/get/operationId"),
        Some(&json!("get_transfers_managed_id"))
    );
    assert_eq!(
        doc.pointer("/paths/~1api~1v1~1named/get/operationId"),
        Some(&json!("keep_me"))
    );
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.contains(
        &"POST /api/v1/linktoken has no operationId; named it `create_link_token`".to_owned()
    ));
}

#[test]
fn one_request_media_type_is_kept_when_all_share_a_schema() {
    let mut doc = envelope_doc();
    let log = run(keep_one_request_media_type, &mut doc);
    let content = doc
        .pointer("/paths/~1api~1v1~1linktoken/post/requestBody/content")
        .unwrap();
    assert_eq!(
        content.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["application/json"]
    );
    assert_eq!(log.len(), 1);
    assert!(
        run(keep_one_request_media_type, &mut doc).is_empty(),
        "a second run must be a no-op"
    );
}

#[test]
fn request_media_types_with_different_schemas_are_an_error() {
    let mut doc = envelope_doc();
    doc["paths"]["/api/v1/linktoken"]["post"]["requestBody"]["content"]["text/json"]["schema"] =
        json!({"type": "string"});
    let err = keep_one_request_media_type(&mut doc).unwrap_err();
    assert!(
        matches!(err, AdaptError::RequestBodiesDiffer { .. }),
        "{err}"
    );
}

#[test]
fn untyped_error_responses_are_dropped_beside_typed_ones() {
    let mut doc = envelope_doc();
    let log = run(drop_untyped_error_responses, &mut doc);
    let responses = doc
        .pointer("/paths/~1api~1v1~1linktoken/post/responses")
        .unwrap()
        .as_object()
        .unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["200", "400", "404"]);
    assert_eq!(
        log,
        [
            "POST /api/v1/linktoken: 401 has no body schema; dropped, so it surfaces as an unexpected response"
        ]
    );
}

#[test]
fn untyped_error_responses_alone_are_dropped_too_so_every_401_surfaces_alike() {
    let mut doc = json!({"paths": {"/x": {"get": {"responses": {
        "200": {"description": "ok"},
        "401": {"description": "no", "content": {"application/json": {"schema": {}}}}
    }}}}});
    assert_eq!(
        run(drop_untyped_error_responses, &mut doc),
        ["GET /x: 401 has no body schema; dropped, so it surfaces as an unexpected response"]
    );
    assert!(doc.pointer("/paths/~1x/get/responses/401").is_none());
    assert!(doc.pointer("/paths/~1x/get/responses/200").is_some());
}

#[test]
fn differently_typed_error_responses_are_an_error_naming_both() {
    let mut doc = envelope_doc();
    doc["paths"]["/api/v1/linktoken"]["post"]["responses"]["404"]["content"]["application/json"]
        ["schema"] = json!({"type": "string"});
    let err = drop_untyped_error_responses(&mut doc)
        .unwrap_err()
        .to_string();
    assert!(err.contains("400") && err.contains("404"), "{err}");
}

#[test]
fn response_schemas_accept_unknown_fields_and_enum_values_while_requests_stay_strict() {
    let mut doc = envelope_doc();
    run(name_inline_response_enums, &mut doc);
    let log = run(open_response_schemas, &mut doc);
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Res"].get("additionalProperties"), None);
    assert_eq!(
        schemas["Res"]["properties"]["content"].get("additionalProperties"),
        None
    );
    assert_eq!(schemas["Err"].get("additionalProperties"), None);
    assert_eq!(
        schemas["Req"]["additionalProperties"],
        json!(false),
        "request schemas stay strict"
    );
    assert_eq!(
        schemas["Kind"]["enum"],
        json!(["a", "b"]),
        "request enums stay closed"
    );
    assert_eq!(schemas["StatusKnown"]["enum"], json!(["ok", "badRequest"]));
    assert_eq!(schemas["Status"]["description"], json!("Result status"));
    assert_eq!(
        schemas["Status"]["oneOf"],
        json!([{"$ref": "#/components/schemas/StatusKnown"},
               {"type": "string", "title": "StatusUnknown",
                "description": "A value this client does not know yet, kept as sent."}])
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("enum Status accepts unknown values")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.contains("#/components/schemas/Res accepts unknown fields")),
        "{log:?}"
    );
}

#[test]
fn inline_enums_in_responses_are_named_after_where_they_stand_then_opened() {
    let mut doc = envelope_doc();
    doc["paths"]["/api/v1/linktoken"]["post"]["operationId"] = json!("create_link_token");
    doc["components"]["schemas"]["Res"]["properties"]["modes"] =
        json!({"type": "array", "items": {"type": "string", "enum": ["a"]}});
    // A schema already called `ResMode` that is something else: the new name must not take it.
    doc["components"]["schemas"]["ResMode"] = json!({"type": "object"});
    doc["paths"]["/api/v1/linktoken"]["post"]["responses"]["202"] = json!({"description": "queued",
        "content": {"application/json": {"schema": {"type": "string", "enum": ["queued"]}}}});

    let log = run(name_inline_response_enums, &mut doc);
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Res"]["properties"]["mode"],
        json!({"$ref": "#/components/schemas/ResMode2"})
    );
    assert_eq!(
        schemas["ResMode2"],
        json!({"type": "string", "enum": ["live", "test"]})
    );
    assert_eq!(
        schemas["Res"]["properties"]["modes"]["items"],
        json!({"$ref": "#/components/schemas/ResModesItem"})
    );
    assert_eq!(
        doc.pointer(
            "/paths/~1api~1v1~1linktoken/post/responses/202/content/application~1json/schema"
        ),
        Some(&json!({"$ref": "#/components/schemas/CreateLinkTokenResponse202"}))
    );
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(
        log.contains(
            &"#/components/schemas/Res/properties/mode: inline enum named `ResMode2`".to_owned()
        ),
        "{log:?}"
    );
    assert_eq!(
        schemas["Kind"]["enum"],
        json!(["a", "b"]),
        "a named request enum is not touched"
    );

    run(open_response_schemas, &mut doc);
    assert_eq!(
        doc["components"]["schemas"]["ResModesItemKnown"]["enum"],
        json!(["a"]),
        "the named enum is opened like any other"
    );
    assert!(
        run(name_inline_response_enums, &mut doc).is_empty(),
        "a second run is a no-op"
    );
}

#[test]
fn an_enum_left_inline_is_refused_rather_than_left_closed() {
    let mut doc = envelope_doc();
    let err = open_response_schemas(&mut doc).unwrap_err().to_string();
    assert!(
        err.contains("#/components/schemas/Res/properties/mode"),
        "{err}"
    );
}

#[test]
fn adapt_runs_every_step_and_prefixes_its_log_lines() {
    let mut doc = envelope_doc();
    let log = adapt(&mut doc).unwrap();
    for step in ADAPTATIONS {
        assert!(
            log.iter()
                .any(|l| l.starts_with(&format!("{}: ", step.name))),
            "{} did not apply: {log:?}",
            step.name
        );
    }
    let mut again = doc.clone();
    assert!(
        adapt(&mut again).unwrap().is_empty(),
        "adapting an adapted document must change nothing"
    );
}
