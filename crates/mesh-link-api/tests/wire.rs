//! The wire facts agree with the spec this crate was generated from.

use mesh_link_api::wire::{
    CATALOG_PATHS, CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, COVERED_OPERATIONS, PRODUCTION_URL,
    SANDBOX_URL, TRANSFERS_PATH,
};
use serde_json::Value;

fn spec() -> Value {
    serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).expect("the embedded spec parses")
}

#[test]
fn the_covered_operations_are_the_specs_operations() {
    let spec = spec();
    for operation in COVERED_OPERATIONS {
        assert!(
            spec["paths"][operation.path][operation.method].is_object(),
            "{operation:?} is not in the spec"
        );
    }
    let operations: usize = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(
        operations,
        COVERED_OPERATIONS.len(),
        "an operation the wire facts do not name"
    );
    let reads: Vec<&str> = COVERED_OPERATIONS
        .iter()
        .filter(|operation| operation.method == "get")
        .map(|operation| operation.path)
        .collect();
    assert_eq!(reads[..CATALOG_PATHS.len()], *CATALOG_PATHS);
    assert_eq!(reads[CATALOG_PATHS.len()..], [TRANSFERS_PATH]);
}

#[test]
fn an_operation_shows_as_http_writes_it() {
    assert_eq!(
        mesh_link_api::wire::CREATE_LINK_TOKEN.to_string(),
        "POST /api/v1/linktoken"
    );
}

#[test]
fn the_credential_headers_are_the_specs_security_schemes() {
    let spec = spec();
    let headers: Vec<&str> = spec["components"]["securitySchemes"]
        .as_object()
        .unwrap()
        .values()
        .filter(|scheme| scheme["in"] == "header")
        .filter_map(|scheme| scheme["name"].as_str())
        .collect();
    assert_eq!(headers, [CLIENT_ID_HEADER, CLIENT_SECRET_HEADER]);
}

#[test]
fn the_hosts_are_the_specs_servers() {
    let spec = spec();
    let servers: Vec<&str> = spec["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|server| server["url"].as_str())
        .collect();
    assert_eq!(servers, [PRODUCTION_URL, SANDBOX_URL]);
}
