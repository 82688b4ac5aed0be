//! The wire facts agree with the spec this crate was generated from.

use mesh_link_api::wire::{
    CATALOG_PATHS, CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, LINK_TOKEN_METHOD, LINK_TOKEN_PATH,
    PRODUCTION_URL, SANDBOX_URL,
};
use serde_json::Value;

fn spec() -> Value {
    serde_yaml_ng::from_str(mesh_link_api::OPENAPI_DOCUMENT).expect("the embedded spec parses")
}

#[test]
fn the_path_and_method_are_the_specs() {
    let spec = spec();
    let operation = &spec["paths"][LINK_TOKEN_PATH][LINK_TOKEN_METHOD.to_ascii_lowercase()];
    assert!(
        operation.is_object(),
        "{LINK_TOKEN_METHOD} {LINK_TOKEN_PATH} is not in the spec"
    );
}

#[test]
fn the_catalog_paths_are_the_specs_get_operations() {
    let spec = spec();
    for path in CATALOG_PATHS {
        assert!(
            spec["paths"][path]["get"].is_object(),
            "GET {path} is not in the spec"
        );
    }
    let paths = spec["paths"].as_object().unwrap().len();
    assert_eq!(
        paths,
        1 + CATALOG_PATHS.len(),
        "an operation the wire facts do not name"
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
