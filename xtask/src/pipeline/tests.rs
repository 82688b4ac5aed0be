//! The import pipeline end to end, on the vendored files, fixtures and Mesh's real documents.

use std::collections::BTreeSet;

use serde_json::json;

use super::*;
use crate::canonical::{INFO_TITLE, INFO_VERSION};
use crate::covered::COVERED_OPERATIONS;
use crate::openapi::operation_list;
use crate::tests::docs_page_writer::render_docs_page;
use crate::workspace::{self, REAL_DOCUMENTS, real_document};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vendored() -> String {
    read(&workspace::root().join(workspace::SPEC))
}

fn page() -> String {
    read(&workspace::root().join(workspace::DOCS_PAGE))
}

fn project_overlay() -> Overlay {
    Overlay::parse(&read(&workspace::root().join(workspace::OVERLAY))).unwrap()
}

/// Imports a file as it is: no overlay.
fn described(text: &str) -> Result<Imported, ImportError> {
    import(text, None, Coverage::Described)
}

/// `document` with `POST /api/v1/linktoken` alone, the operation a docs page describes.
fn link_token_only(document: &Value) -> Value {
    restricted_to(document, &[&COVERED_OPERATIONS[0]]).unwrap()
}

/// The upstream file the vendored spec was imported from, as `openapi/upstream/CURRENT` names it.
fn vendored_upstream() -> String {
    let root = workspace::root();
    let current = read(&root.join(workspace::UPSTREAM_CURRENT));
    let file = current
        .lines()
        .find_map(|line| line.strip_prefix("file: "))
        .unwrap();
    read(&root.join(workspace::UPSTREAM_DIR).join(file))
}

fn same_text(left: &str, right: &str) {
    assert!(
        left == right,
        "{}",
        crate::text_diff::unified("spec", left, right).unwrap_or_default()
    );
}

#[test]
fn importing_the_vendored_upstream_with_the_overlay_reproduces_the_vendored_document_byte_for_byte()
{
    let upstream = vendored_upstream();
    let overlay = project_overlay();
    let first = import(&upstream, Some(&overlay), Coverage::Described).unwrap();
    let second = import(&upstream, Some(&overlay), Coverage::Described).unwrap();
    assert_eq!(
        first.overlay,
        Some(Applied::default()),
        "no action is redundant"
    );
    let first = vendored_text(&first.document);
    assert_eq!(
        first,
        vendored_text(&second.document),
        "the import is not deterministic"
    );
    same_text(&vendored(), &first);
}

#[test]
fn importing_the_vendored_normalized_file_changes_nothing() {
    let imported = import(&vendored(), None, Coverage::Described).unwrap();
    assert_eq!(imported.kind, SourceKind::FullDocument);
    assert_eq!(imported.operations.len(), COVERED_OPERATIONS.len());
    same_text(&vendored(), &vendored_text(&imported.document));
}

#[test]
fn a_full_document_keeps_the_covered_operations_and_what_they_reach() {
    let imported = import(
        &read(&real_document("swagger-2025-07-10.json")),
        None,
        Coverage::Described,
    )
    .unwrap();
    assert_eq!(imported.kind, SourceKind::FullDocument);
    let document = imported.document;
    let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "/api/v1/linktoken",
            "/api/v1/transfers/managed/integrations",
            "/api/v1/transfers/managed/mesh",
            "/api/v1/transfers/managed/networks",
            "/api/v1/transfers/managed/tokens"
        ]
    );
    let schemas: BTreeSet<&str> = document["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "ApiResult",
        "ApiResultStatus",
        "BridgingOperationStatus",
        "BridgingTimelineEvent",
        "BridgingTransferDetailsModel",
        "BridgingTransferSide",
        "BrokerPaymentMethodType",
        "BrokerType",
        "CryptocurrencyFundingOptionType",
        "DeviceType",
        "GetLinkTokenRequest",
        "GoodsDetails",
        "IntegrationNetwork",
        "IntegrationNetworkResponse",
        "IntegrationNetworkResponseApiResult",
        "IntegrationNetworksModelResponse",
        "LinkTokenModel",
        "LinkTokenModelApiResult",
        "LinkTokenTransferOptions",
        "NetworkModelResponse",
        "NetworkModelResponseApiResult",
        "NetworkResponseBase",
        "NetworkResponseToken",
        "NetworkResponseWithIntegrations",
        "NetworkResponseWithSupportedDevices",
        "NetworkType",
        "TokenNetworksModel",
        "TokenNetworksResponse",
        "TokenNetworksResponseApiResult",
        "TransferCryptocurrencyFundingOptions",
        "TransferFee",
        "TransferFundingModel",
        "TransferIntegrationWithLogoModel",
        "TransferModel",
        "TransferModelPaginationResponse",
        "TransferModelPaginationResponseApiResult",
        "TransferOrderByFields",
        "TransferStatus",
        "TransferToAddressWithAmount",
        "TransferTypeEnum",
        "VerifyWalletOptions",
        "WalletVerificationMethod",
    ]
    .into();
    assert_eq!(
        schemas, expected,
        "200-odd schemas in, only the reachable ones out"
    );
    for operation in operation_list(&document) {
        assert_eq!(
            operation.value["security"],
            json!([{"X-Client-Id": [], "X-Client-Secret": []}]),
            "{}",
            operation.label()
        );
    }
    assert_eq!(
        document["info"],
        json!({"title": INFO_TITLE, "version": INFO_VERSION})
    );
}

#[test]
fn the_client_still_generates_from_a_full_document_with_the_response_schema_renamed() {
    // Mesh's older name for the link-token envelope.
    let text = read(&real_document("swagger-2025-07-10.json"))
        .replace(
            "\"LinkTokenModelApiResult\"",
            "\"LinkTokenModelIApiResult\"",
        )
        .replace(
            "schemas/LinkTokenModelApiResult\"",
            "schemas/LinkTokenModelIApiResult\"",
        );
    let imported = import(&text, None, Coverage::Described).unwrap();
    let generated = crate::codegen::generate(&vendored_text(&imported.document)).unwrap();
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
    let from_page = described(&page()).unwrap();
    assert_eq!(from_page.operations, [&COVERED_OPERATIONS[0]]);
    let mut full = from_page.document.clone();
    let from_page = vendored_text(&from_page.document);
    // The same operation inside a bigger document: global security, the other covered
    // operations (a full document must have them all), more paths and schemas.
    let security = full["paths"]["/api/v1/linktoken"]["post"]
        .as_object_mut()
        .unwrap()
        .remove("security")
        .unwrap();
    full["security"] = security;
    full["info"] =
        json!({"title": "Mesh Integration API", "version": "1.0", "description": "Everything"});
    let vendored: Value = yaml::parse(&read(&workspace::root().join(workspace::SPEC))).unwrap();
    for covered in &COVERED_OPERATIONS[1..] {
        full["paths"][covered.path] = vendored["paths"][covered.path].clone();
    }
    for (name, schema) in vendored["components"]["schemas"].as_object().unwrap() {
        let schemas = full["components"]["schemas"].as_object_mut().unwrap();
        schemas.entry(name).or_insert_with(|| schema.clone());
    }
    full["paths"]["/api/v1/holdings/get"] = json!({"post": {"responses": {"200": {"description": "OK",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HoldingsModel"}}}}}}});
    full["components"]["schemas"]["HoldingsModel"] = json!({"type": "object"});
    let from_document = vendored_text(&link_token_only(
        &described(&serde_json::to_string(&full).unwrap())
            .unwrap()
            .document,
    ));
    same_text(&from_page, &from_document);
}

#[test]
fn a_real_document_and_a_docs_page_made_from_it_give_the_same_bytes() {
    for name in REAL_DOCUMENTS {
        let text = read(&real_document(name));
        let from_document = link_token_only(&described(&text).unwrap().document);
        // The page the docs site would print for what the real document says.
        let page = render_docs_page(&from_document, "https://docs.example.com/linktoken.md");
        let from_page = described(&page).unwrap();
        assert_eq!(from_page.kind, SourceKind::DocsPage);
        same_text(
            &vendored_text(&from_document),
            &vendored_text(&from_page.document),
        );
    }
}

#[test]
fn real_documents_lose_every_idiom_of_form() {
    for name in REAL_DOCUMENTS {
        let raw: Value = serde_json::from_str(&read(&real_document(name))).unwrap();
        assert!(
            raw.to_string().contains("\"Client-Id\""),
            "{name}: the idiom is gone from the fixture"
        );
        let text = vendored_text(&described(&raw.to_string()).unwrap().document);
        for idiom in [
            " Client-Id:",
            "tags:",
            "version: '1.0'",
            "openapi: 3.0.1",
            "\n        example:",
        ] {
            assert!(!text.contains(idiom), "{name}: `{idiom}` survived:\n{text}");
        }
        let document = crate::openapi::yaml::parse(&text).unwrap();
        let mut copies = Vec::new();
        find_enum_copies(&document, "#", &mut copies);
        assert!(
            copies.is_empty(),
            "{name}: enum copies beside references: {copies:?}"
        );
        // The canonical form of a canonical document is itself.
        same_text(&text, &vendored_text(&described(&text).unwrap().document));
    }
}

fn find_enum_copies(value: &Value, at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("enum") && map.contains_key("allOf") {
                found.push(at.to_owned());
            }
            for (key, child) in map {
                find_enum_copies(child, &format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| find_enum_copies(item, at, found)),
        _ => {}
    }
}

#[test]
fn every_real_document_regenerates_the_client() {
    for name in REAL_DOCUMENTS {
        let imported = import(
            &read(&real_document(name)),
            Some(&project_overlay()),
            Coverage::Every,
        )
        .unwrap();
        let generated = crate::codegen::generate(&vendored_text(&imported.document))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for covered in &COVERED_OPERATIONS {
            assert!(
                generated.files[0]
                    .1
                    .contains(&format!("pub fn {}(&self)", covered.operation_id)),
                "{name}: {}",
                covered.operation_id
            );
        }
    }
}

#[test]
fn an_error_names_its_stage_and_where_in_the_document_it_stands() {
    let dangling = vendored().replace(
        "$ref: '#/components/schemas/LinkTokenModel'",
        "$ref: '#/components/schemas/Gone'",
    );
    let error = anyhow::Error::from(described(&dangling).unwrap_err());
    assert_eq!(
        format!("{error:#}"),
        "keeping the covered operations: #/components/schemas/LinkTokenModelApiResult/properties/content/allOf/0: \
         `$ref` #/components/schemas/Gone names a component that is not in the document"
    );
    let disagreeing = vendored().replace(
        "          - $ref: '#/components/schemas/TransferTypeEnum'\n",
        "          - $ref: '#/components/schemas/TransferTypeEnum'\n          enum: [deposit]\n",
    );
    let error = anyhow::Error::from(described(&disagreeing).unwrap_err());
    assert!(
        format!("{error:#}").starts_with(
            "making the canonical form: #/components/schemas/LinkTokenTransferOptions/properties/transferType: \
             the enum values beside the reference to `TransferTypeEnum` disagree"
        ),
        "{error:#}"
    );
    let error =
        anyhow::Error::from(described("# Title\n\n```yaml\npaths: [unclosed\n```\n").unwrap_err());
    let message = format!("{error:#}");
    assert!(
        message.starts_with("reading the docs page: the page's YAML block does not parse: "),
        "{message}"
    );
}

#[test]
fn the_same_api_in_another_form_has_no_changes_at_all() {
    for name in REAL_DOCUMENTS {
        let document = link_token_only(&described(&read(&real_document(name))).unwrap().document);
        let page = render_docs_page(&document, "https://docs.example.com/p.md");
        let from_page = described(&page).unwrap().document;
        let report = crate::diff::diff(name, &document, "its docs page", &from_page);
        assert!(report.changes.is_empty(), "{name}: {:#?}", report.changes);
    }
}

/// The newest real document, as JSON to cut fixtures from.
fn real_document_value() -> Value {
    serde_json::from_str(&read(&real_document("swagger-2025-07-10.json"))).unwrap()
}

/// `document`'s copy of the `BrokerType` values beside `BrokerType` in `B2BBrokerAuthRequest.type`
/// (a schema no covered operation reaches), in another spelling.
fn respell_an_unrelated_enum_copy(document: &mut Value) {
    let copy = document
        .pointer_mut("/components/schemas/B2BBrokerAuthRequest/properties/type/enum")
        .and_then(Value::as_array_mut)
        .expect("the real document copies BrokerType's values into B2BBrokerAuthRequest.type");
    let coinbase = copy.iter_mut().find(|v| *v == "coinbase").unwrap();
    *coinbase = json!("Coinbase");
}

#[test]
fn an_inconsistency_the_covered_operations_do_not_reach_does_not_block_an_import() {
    let mut document = real_document_value();
    respell_an_unrelated_enum_copy(&mut document);
    let imported =
        described(&document.to_string()).unwrap_or_else(|e| panic!("{:#}", anyhow::Error::from(e)));
    let clean = described(&read(&real_document("swagger-2025-07-10.json"))).unwrap();
    assert_eq!(
        imported.document, clean.document,
        "nothing of it reaches the vendored spec"
    );

    // The same respelling where the covered operation reaches it is still refused, by location.
    let brokers = document["components"]["schemas"]["BrokerType"]["enum"].clone();
    let mut respelled = brokers.as_array().unwrap().clone();
    respelled[1] = json!("ETRADE");
    document["components"]["schemas"]["GetLinkTokenRequest"]["properties"]["brokerType"]["enum"] =
        Value::Array(respelled);
    let error = anyhow::Error::from(described(&document.to_string()).unwrap_err());
    assert!(
        format!("{error:#}").starts_with(
            "making the canonical form: #/components/schemas/GetLinkTokenRequest/properties/brokerType: \
             the enum values beside the reference to `BrokerType` disagree"
        ),
        "{error:#}"
    );
}

#[test]
fn a_document_without_a_covered_operation_is_refused_for_that_first() {
    let mut document = real_document_value();
    respell_an_unrelated_enum_copy(&mut document);
    let paths = document["paths"].as_object_mut().unwrap();
    for covered in &COVERED_OPERATIONS {
        paths.remove(covered.path);
    }
    let error =
        anyhow::Error::from(import(&document.to_string(), None, Coverage::Described).unwrap_err());
    assert_eq!(
        format!("{error:#}"),
        "keeping the covered operations: the document has no POST /api/v1/linktoken, which this project covers"
    );
    let error =
        anyhow::Error::from(import(&document.to_string(), None, Coverage::Every).unwrap_err());
    assert_eq!(
        format!("{error:#}"),
        "the document has no POST /api/v1/linktoken, GET /api/v1/transfers/managed/networks, \
         GET /api/v1/transfers/managed/integrations, GET /api/v1/transfers/managed/tokens, \
         GET /api/v1/transfers/managed/mesh, which this project covers"
    );
}

/// Mesh's document of 2023-08-30 lists the catalogs but not the link-token call (nor the
/// transfers query, added in 2024-05); one of its
/// catalog schemas also copies an enum beside its `$ref` in another spelling. The missing
/// operation is what the maintainer needs to hear, with or without the overlay.
#[test]
fn mesh_document_of_2023_08_30_is_refused_for_the_link_token_operation_it_lacks() {
    let text = read(&real_document("swagger-2023-08-30.json"));
    for overlay in [None, Some(project_overlay())] {
        let error =
            anyhow::Error::from(import(&text, overlay.as_ref(), Coverage::Every).unwrap_err());
        assert_eq!(
            format!("{error:#}"),
            "the document has no POST /api/v1/linktoken, GET /api/v1/transfers/managed/tokens, \
             GET /api/v1/transfers/managed/mesh, which this project covers"
        );
    }
}
