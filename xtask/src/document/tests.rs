use super::*;
use crate::commands::spec_text;
use crate::source::{SourceKind, load};
use crate::workspace;

fn fixture(name: &str) -> String {
    let path = workspace::root().join("tests/fixtures/spec").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vendored() -> String {
    std::fs::read_to_string(workspace::root().join(workspace::SPEC)).unwrap()
}

fn import_err(text: &str) -> ImportError {
    load(text).unwrap_err()
}

#[test]
fn a_full_document_keeps_the_covered_operation_and_what_it_reaches() {
    let (imported, kind) = load(&fixture("full-document.json")).unwrap();
    assert_eq!(kind, SourceKind::OpenApiJson);
    let document = imported.document;
    let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/api/v1/linktoken"]);
    let schemas: BTreeSet<&str> = document["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "ApiResult",
        "ApiResultStatus",
        "BrokerType",
        "GetLinkTokenRequest",
        "GoodsDetails",
        "LinkTokenModel",
        "LinkTokenModelIApiResult",
        "LinkTokenTransferOptions",
        "NetworkType",
        "TransferToAddressWithAmount",
        "TransferTypeEnum",
        "VerifyWalletOptions",
        "WalletVerificationMethod",
    ]
    .into();
    assert_eq!(
        schemas, expected,
        "213 schemas in, only the reachable ones out"
    );
    assert_eq!(
        document["paths"]["/api/v1/linktoken"]["post"]["security"],
        json!([{"X-Client-Id": [], "X-Client-Secret": []}])
    );
    assert_eq!(
        document["info"],
        json!({"title": INFO_TITLE, "version": "v1"})
    );
}

#[test]
fn the_client_still_generates_from_a_full_document_with_the_response_schema_renamed() {
    let (imported, _) = load(&fixture("full-document.json")).unwrap();
    let generated = crate::codegen::generate(&spec_text(&imported.document)).unwrap();
    let client = &generated.files[0].1;
    assert!(
        client.contains("pub struct LinkTokenModelIApiResult"),
        "the response type keeps the document's name"
    );
    assert!(
        client.contains("ResponseValue<types::LinkTokenModelIApiResult>"),
        "create_link_token returns it"
    );
}

#[test]
fn a_docs_page_and_a_full_document_that_agree_give_the_same_bytes() {
    let page = std::fs::read_to_string(workspace::root().join(workspace::UPSTREAM_PAGE)).unwrap();
    let from_page = spec_text(&load(&page).unwrap().0.document);
    // The same operation inside a bigger document: global security, more paths and schemas.
    let mut full: Value = serde_yaml_ng::from_str(&vendored()).unwrap();
    let security = full["paths"]["/api/v1/linktoken"]["post"]
        .as_object_mut()
        .unwrap()
        .remove("security")
        .unwrap();
    full["security"] = security;
    full["info"] =
        json!({"title": "Mesh Integration API", "version": "v1", "description": "Everything"});
    full["paths"]["/api/v1/holdings/get"] = json!({"post": {"responses": {"200": {"description": "OK",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HoldingsModel"}}}}}}});
    full["components"]["schemas"]["HoldingsModel"] = json!({"type": "object"});
    let from_document = spec_text(
        &load(&serde_json::to_string(&full).unwrap())
            .unwrap()
            .0
            .document,
    );
    assert!(
        from_page == from_document,
        "{}",
        crate::text_diff::unified("spec", &from_page, &from_document).unwrap_or_default()
    );
}

#[test]
fn importing_the_vendored_normalized_file_changes_nothing() {
    let (imported, kind) = load(&vendored()).unwrap();
    assert_eq!(kind, SourceKind::OpenApiYaml);
    assert_eq!(spec_text(&imported.document), vendored());
}

#[test]
fn documents_that_are_not_openapi_3_0_are_refused_naming_their_version() {
    for (text, expected) in [
        (r#"{"openapi": "3.1.0", "paths": {}}"#, "OpenAPI 3.1.0"),
        ("swagger: '2.0'\npaths: {}\n", "Swagger 2.0"),
        (r#"{"swagger": "2.0"}"#, "Swagger 2.0"),
    ] {
        let error = import_err(text);
        assert!(
            matches!(error, ImportError::UnsupportedVersion { .. }),
            "{error}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[test]
fn a_document_without_the_covered_operation_is_refused() {
    let error = import_err(r#"{"openapi": "3.0.3", "paths": {"/api/v1/holdings": {"post": {}}}}"#);
    assert!(
        error.to_string().contains("POST /api/v1/linktoken"),
        "{error}"
    );
}

fn with_request_schema(schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "paths": {"/api/v1/linktoken": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "responses": {"200": {"description": "ok"}}
        }}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

#[test]
fn a_dangling_ref_is_refused_naming_it_and_where_it_stands() {
    let error = import_err(&with_request_schema(
        json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Gone"}}}}),
    ));
    assert!(
        matches!(error, ImportError::DanglingReference { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("#/components/schemas/Gone")
            && error.to_string().contains("#/components/schemas/A"),
        "{error}"
    );
}

#[test]
fn a_ref_cycle_is_refused_with_its_chain() {
    let error = import_err(&with_request_schema(json!({
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"}
    })));
    assert!(matches!(error, ImportError::RefCycle { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
        "{error}"
    );
}

#[test]
fn a_recursive_schema_is_not_a_cycle() {
    let (imported, _) = load(&with_request_schema(json!({
        "A": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}}
    })))
    .unwrap();
    assert!(imported.document.pointer("/components/schemas/A").is_some());
}

#[test]
fn refs_to_other_files_are_refused() {
    let error = import_err(&with_request_schema(
        json!({"A": {"$ref": "other.yaml#/components/schemas/A"}}),
    ));
    assert!(
        matches!(error, ImportError::UnsupportedReference { .. }),
        "{error}"
    );
}

#[test]
fn files_that_are_not_json_or_yaml_documents_or_pages_are_refused() {
    assert!(matches!(
        import_err("{ \"openapi\": "),
        ImportError::NotJson(_)
    ));
    for text in [
        "just a sentence, no structure",
        "- a\n- yaml\n- list\n",
        "\u{0}\u{1}binary",
    ] {
        let error = import_err(text);
        assert!(
            matches!(error, ImportError::NotRecognized),
            "{text:?}: {error}"
        );
    }
}
