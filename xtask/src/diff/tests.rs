//! The spec diff's classification of changes, on small documents and on Mesh's real ones.

use crate::pipeline::Coverage;
use serde_json::{Value, json};

use super::*;
use crate::covered::COVERED_OPERATIONS;
use crate::pipeline::{import, restricted_to};
use crate::workspace;

/// A file to compare, as `spec diff OLD NEW` reads it.
fn imported(text: &str) -> Value {
    import(text, None, Coverage::Described).unwrap().document
}

fn fixture(name: &str) -> Value {
    let path = workspace::root().join("tests/fixtures/spec").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    imported(&text)
}

fn vendored() -> Value {
    imported(&std::fs::read_to_string(workspace::root().join(workspace::SPEC)).unwrap())
}

/// Mesh's docs page for the link-token call, as captured: what the fixtures of the older
/// capture were written against.
fn docs_page() -> Value {
    imported(&std::fs::read_to_string(workspace::root().join(workspace::DOCS_PAGE)).unwrap())
}

fn link_token_only(document: &Value) -> Value {
    restricted_to(document, &[&COVERED_OPERATIONS[0]]).unwrap()
}

fn kinds(report: &Report) -> Vec<(&'static str, &str, Class)> {
    report
        .changes
        .iter()
        .map(|c| (c.kind, c.location.as_str(), c.class))
        .collect()
}

/// A small document: the link-token operation sending `Request` and answering `Result`.
fn document(schemas: Value) -> Value {
    document_answering("Result", schemas)
}

fn document_answering(result: &str, schemas: Value) -> Value {
    let text = json!({
        "openapi": "3.0.3",
        "paths": {"/api/v1/linktoken": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{result}")}}}}}
        }}},
        "components": {"schemas": schemas}
    });
    imported(&text.to_string())
}

#[test]
fn the_older_capture_differs_from_todays_page_exactly_by_user_id_length_and_broker_types() {
    let report = diff(
        "older capture",
        &fixture("older-capture.yaml"),
        "docs page",
        &docs_page(),
    );
    assert_eq!(
        kinds(&report),
        [
            ("enum-values-added", "BrokerType", Class::Additive),
            (
                "constraint-loosened",
                "GetLinkTokenRequest.userId",
                Class::Additive
            ),
            (
                "docs-changed",
                "GetLinkTokenRequest.userId",
                Class::DocsOnly
            ),
        ]
    );
    insta::assert_snapshot!("older_capture_to_today", report.to_markdown());
}

#[test]
fn mesh_history_is_reported_as_renames_moves_and_enum_renames() {
    let report = diff(
        "history/1-earlier.yaml",
        &fixture("history/1-earlier.yaml"),
        "history/2-later.yaml",
        &fixture("history/2-later.yaml"),
    );
    insta::assert_snapshot!("history_markdown", report.to_markdown());
    insta::assert_snapshot!("history_json", report.to_json());
}

#[test]
fn a_schema_found_under_a_new_name_at_the_same_place_is_a_rename() {
    let result = json!({"type": "object", "properties": {"linkToken": {"type": "string"}}});
    let old = document_answering(
        "LinkTokenModelIApiResult",
        json!({"Request": {"type": "object"}, "LinkTokenModelIApiResult": result}),
    );
    let new = document_answering(
        "LinkTokenModelApiResult",
        json!({"Request": {"type": "object"}, "LinkTokenModelApiResult": result}),
    );
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [(
            "schema-renamed",
            "LinkTokenModelIApiResult",
            Class::Breaking
        )]
    );
    assert!(
        report.changes[0]
            .detail
            .contains("renamed to `LinkTokenModelApiResult`")
    );
    assert_eq!(report.changes[0].side, Some(Side::Response));
}

#[test]
fn a_schema_renamed_where_the_walk_cannot_pair_it_is_found_by_its_shape() {
    let item = json!({"type": "object", "properties": {"symbol": {"type": "string"}, "address": {"type": "string"}}});
    let old = document(
        json!({"Result": {"type": "object"}, "Request": {"type": "object", "properties": {
        "toAddresses": {"type": "array", "items": {"$ref": "#/components/schemas/TransferToAddress"}}}}, "TransferToAddress": item}),
    );
    let new = document(
        json!({"Result": {"type": "object"}, "Request": {"type": "object", "properties": {
        "destinations": {"type": "array", "items": {"$ref": "#/components/schemas/Destination"}}}}, "Destination": item}),
    );
    let report = diff("old", &old, "new", &new);
    assert!(
        kinds(&report).contains(&("schema-renamed", "TransferToAddress", Class::Breaking)),
        "{:#?}",
        report.changes
    );
}

#[test]
fn a_property_found_under_another_parent_is_a_move() {
    let options = |extra: Value| {
        let mut properties = json!({"transactionId": {"type": "string"}});
        properties
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"type": "object", "properties": properties})
    };
    let request = |extra: Value| {
        let mut properties = json!({"userId": {"type": "string"}, "transferOptions": {"$ref": "#/components/schemas/Options"}});
        properties
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"type": "object", "properties": properties})
    };
    let pay_link = json!({"generatePayLink": {"type": "boolean"}});
    let old = document(
        json!({"Result": {"type": "object"}, "Request": request(pay_link.clone()), "Options": options(json!({}))}),
    );
    let new = document(
        json!({"Result": {"type": "object"}, "Request": request(json!({})), "Options": options(pay_link)}),
    );
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [("property-moved", "Request.generatePayLink", Class::Breaking)]
    );
    assert_eq!(
        report.changes[0].detail,
        "moved to `Options.generatePayLink`"
    );
}

#[test]
fn an_enum_value_spelled_almost_alike_is_a_rename_not_a_removal() {
    let methods = |values: Value| json!({"type": "string", "enum": values});
    let request = json!({"type": "object", "properties": {"methods": {"type": "array", "items": {"$ref": "#/components/schemas/Method"}}}});
    let old = document(
        json!({"Result": {"type": "object"}, "Request": request, "Method": methods(json!(["signMessage", "otp"]))}),
    );
    let new = document(
        json!({"Result": {"type": "object"}, "Request": request, "Method": methods(json!(["signedMessage", "otp", "passkey"]))}),
    );
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [
            ("enum-value-renamed", "Method", Class::Breaking),
            ("enum-values-added", "Method", Class::Additive)
        ]
    );
    assert_eq!(
        report.changes[0].detail,
        "enum value `signMessage` renamed to `signedMessage`"
    );
}

#[test]
fn the_same_change_is_breaking_when_sent_and_additive_when_read() {
    let status = |values: Value| json!({"type": "string", "enum": values});
    let old = document(json!({
        "Request": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"}, "note": {"type": "string", "maxLength": 10}}},
        "Result": {"type": "object", "properties": {"status": {"$ref": "#/components/schemas/Status"}, "hint": {"type": "string", "maxLength": 10}}},
        "Kind": status(json!(["a", "b"])), "Status": status(json!(["ok", "gone"]))
    }));
    let new = document(json!({
        "Request": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"}, "note": {"type": "string", "maxLength": 5}}},
        "Result": {"type": "object", "properties": {"status": {"$ref": "#/components/schemas/Status"}, "hint": {"type": "string", "maxLength": 5}}},
        "Kind": status(json!(["a"])), "Status": status(json!(["ok"]))
    }));
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [
            ("enum-values-removed", "Kind", Class::Breaking),
            ("constraint-tightened", "Request.note", Class::Breaking),
            ("constraint-tightened", "Result.hint", Class::Additive),
            ("enum-values-removed", "Status", Class::Additive),
        ]
    );
}

#[test]
fn a_response_field_removed_and_a_required_request_field_added_are_breaking() {
    let old = document(json!({
        "Request": {"type": "object", "properties": {"userId": {"type": "string"}}},
        "Result": {"type": "object", "properties": {"linkToken": {"type": "string"}, "expires": {"type": "string"}}}
    }));
    let new = document(json!({
        "Request": {"type": "object", "required": ["region"], "properties": {"userId": {"type": "string"}, "region": {"type": "string"}}},
        "Result": {"type": "object", "properties": {"linkToken": {"type": "string"}}}
    }));
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [
            ("property-added", "Request.region", Class::Breaking),
            ("property-removed", "Result.expires", Class::Breaking)
        ]
    );
}

#[test]
fn descriptions_are_one_docs_only_line_each() {
    let old = document(
        json!({"Request": {"type": "object", "description": "old words"}, "Result": {"type": "object"}}),
    );
    let new = document(
        json!({"Request": {"type": "object", "description": "new words, many more of them"}, "Result": {"type": "object"}}),
    );
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        report
            .to_markdown()
            .lines()
            .filter(|l| l.starts_with("- "))
            .collect::<Vec<_>>(),
        ["- `Request`: description changed (request)"]
    );
}

#[test]
fn fail_on_breaking_trips_only_on_breaking_changes() {
    let additive_only = diff(
        "older",
        &fixture("older-capture.yaml"),
        "docs page",
        &docs_page(),
    );
    assert!(!additive_only.reaches(Class::Breaking));
    assert!(additive_only.reaches(Class::Additive));
    let history = diff(
        "1",
        &fixture("history/1-earlier.yaml"),
        "2",
        &fixture("history/2-later.yaml"),
    );
    assert!(history.reaches(Class::Breaking));
}

#[test]
fn identical_documents_have_no_changes() {
    let report = diff("a", &vendored(), "b", &vendored());
    assert!(report.changes.is_empty());
    assert!(
        report
            .to_markdown()
            .contains("No changes to the covered operations.")
    );
}

fn real(name: &str) -> Value {
    imported(&std::fs::read_to_string(crate::workspace::real_document(name)).unwrap())
}

#[test]
fn between_two_real_documents_each_change_is_reported_once() {
    let report = diff(
        "swagger-2024-11-29.json",
        &real("swagger-2024-11-29.json"),
        "swagger-2025-07-10.json",
        &real("swagger-2025-07-10.json"),
    );
    let broker_type_lines = report
        .changes
        .iter()
        .filter(|c| c.location == "BrokerType")
        .count();
    assert_eq!(broker_type_lines, 1, "{:#?}", report.changes);
    let breaking: Vec<(&str, &str)> = report
        .changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .map(|c| (c.kind, c.location.as_str()))
        .collect();
    assert_eq!(
        breaking,
        [("schema-renamed", "NetworkResponse")],
        "Mesh only added between these two, and renamed one catalog schema"
    );
    insta::assert_snapshot!("real_2024_11_29_to_2025_07_10", report.to_markdown());
}

/// The lines of `report` about the transfers query's parameters and the enum its `OrderBy` takes.
fn transfers_query_lines(report: &Report) -> Vec<(Class, String)> {
    report
        .changes
        .iter()
        .filter(|c| {
            c.location
                .contains("/api/v1/transfers/managed/mesh query parameter")
                || c.location == "TransferOrderByFields"
        })
        .map(|c| (c.class, format!("{}: {}", c.location, c.detail)))
        .collect()
}

#[test]
fn mesh_tightened_and_extended_the_transfers_query_and_each_change_is_one_line() {
    let query = "GET /api/v1/transfers/managed/mesh query parameter";
    let tightened = diff(
        "swagger-2024-05-14.json",
        &real("swagger-2024-05-14.json"),
        "swagger-2024-11-29.json",
        &real("swagger-2024-11-29.json"),
    );
    assert_eq!(
        transfers_query_lines(&tightened),
        [
            (
                Class::Breaking,
                format!("{query} ClientTransactionId: maxLength none → 128")
            ),
            (
                Class::Breaking,
                format!("{query} IntegrationIds: maxItems none → 100")
            ),
            (
                Class::Breaking,
                format!("{query} Statuses: maxItems none → 5")
            ),
            (
                Class::Breaking,
                format!("{query} UserId: maxLength none → 50")
            ),
            (
                Class::Additive,
                "TransferOrderByFields: enum values added: `symbol`, `networkName`".to_owned()
            ),
        ],
        "a `minLength: 0` Mesh added beside each maxLength is form, not a change"
    );
    let extended = diff(
        "swagger-2024-11-29.json",
        &real("swagger-2024-11-29.json"),
        "swagger-2025-07-10.json",
        &real("swagger-2025-07-10.json"),
    );
    assert_eq!(
        transfers_query_lines(&extended),
        [
            (
                Class::Additive,
                format!("{query} Hash: optional parameter added")
            ),
            (
                Class::Additive,
                format!("{query} SubClientId: optional parameter added")
            ),
        ]
    );
}

#[test]
fn from_the_docs_page_to_each_real_document_only_real_differences_are_listed() {
    for name in crate::workspace::REAL_DOCUMENTS {
        let report = diff(
            "docs page",
            &docs_page(),
            name,
            &link_token_only(&real(name)),
        );
        let markdown = report.to_markdown();
        for artifact in FORM_ARTIFACTS {
            assert!(
                !markdown.contains(artifact),
                "{name}: `{artifact}` in\n{markdown}"
            );
        }
        insta::assert_snapshot!(
            format!("docs_page_to_{}", name.trim_end_matches(".json")),
            markdown
        );
    }
    // The docs page has values the full document lacks: removing a value we may send breaks.
    let report = diff(
        "docs page",
        &docs_page(),
        "2025",
        &link_token_only(&real("swagger-2025-07-10.json")),
    );
    assert!(report.changes.contains(&Change {
        class: Class::Breaking,
        location: "BrokerType".into(),
        kind: "enum-values-removed",
        detail: "enum values removed: `sandbox`, `cryptoComPay`, `bybitEuDirect`".into(),
        side: Some(Side::Request),
    }));
    assert!(report.reaches(Class::Breaking));
}

#[test]
fn an_annotated_reference_is_compared_as_the_reference_with_its_annotations() {
    let schemas = |status: Value| {
        json!({
            "Request": {"type": "object"},
            "Result": {"type": "object", "properties": {"status": status}},
            "Status": {"type": "string", "enum": ["ok"]}
        })
    };
    let old = document(schemas(json!({"$ref": "#/components/schemas/Status"})));
    let new = document(schemas(
        json!({"allOf": [{"$ref": "#/components/schemas/Status"}],
        "nullable": true, "description": "The outcome"}),
    ));
    let report = diff("old", &old, "new", &new);
    assert_eq!(
        kinds(&report),
        [
            ("nullable-changed", "Result.status", Class::Breaking),
            ("docs-changed", "Result.status", Class::DocsOnly),
        ]
    );
}
