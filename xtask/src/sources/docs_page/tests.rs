//! Reading docs-site pages: what becomes an OpenAPI document, and every form the importer refuses.

use super::*;

fn page(yaml_block: &str) -> String {
    format!(
        "# Source: https://docs.example.com/op.md\n\n# Do a thing\n\n> Does it\n\n## OpenAPI\n\n````yaml post /x\n{yaml_block}````\n"
    )
}

const MINIMAL: &str = "\
paths:
  path: /api/v1/thing
  method: post
  servers:
    - url: https://api.example.com
  request:
    security:
      - title: Key
        parameters:
          header:
            X-Key:
              type: apiKey
              description: The key
    body:
      application/json:
        schemaArray:
          - type: object
            properties:
              name:
                allOf:
                  - type: string
                    maxLength: 5
            refIdentifier: '#/components/schemas/ThingRequest'
            requiredProperties: [name]
            additionalProperties: false
        description: A thing.
  response:
    '200':
      application/json:
        schemaArray:
          - $ref: '#/components/schemas/Thing'
        description: Done.
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string, format: uuid}
";

fn import_err(yaml_block: &str) -> DocsPageError {
    read_docs_page(&page(yaml_block)).unwrap_err()
}

#[test]
fn a_minimal_page_becomes_an_openapi_document() {
    let imported = read_docs_page(&page(MINIMAL)).unwrap();
    assert_eq!(
        imported.source_url.as_deref(),
        Some("https://docs.example.com/op.md")
    );
    assert_eq!(
        imported.document,
        json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.example.com"}],
            "paths": {"/api/v1/thing": {"post": {
                "summary": "Do a thing",
                "description": "Does it",
                "requestBody": {
                    "description": "A thing.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingRequest"}}}
                },
                "responses": {"200": {
                    "description": "Done.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                }},
                "security": [{"X-Key": []}]
            }}},
            "components": {
                "schemas": {
                    "Thing": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}},
                    "ThingRequest": {
                        "type": "object",
                        "properties": {"name": {"allOf": [{"type": "string", "maxLength": 5}]}},
                        "required": ["name"],
                        "additionalProperties": false
                    }
                },
                "securitySchemes": {"X-Key": {"type": "apiKey", "in": "header", "name": "X-Key", "description": "The key"}}
            }
        })
    );
}

#[test]
fn an_untyped_body_keeps_its_media_type_but_not_the_any_placeholder() {
    let yaml_block = MINIMAL.replace(
        "components:",
        "    '401':\n      application/json:\n        schemaArray:\n          - type: any\n        \
         examples:\n          example:\n            value: <any>\n        description: Unauthorized.\ncomponents:",
    );
    let doc = read_docs_page(&page(&yaml_block)).unwrap().document;
    assert_eq!(
        doc.pointer("/paths/~1api~1v1~1thing/post/responses/401")
            .unwrap(),
        &json!({"description": "Unauthorized.", "content": {"application/json": {"schema": {}}}})
    );
}

#[test]
fn a_page_without_a_yaml_block_is_an_error() {
    let err = read_docs_page("# Title\n\nJust prose.\n").unwrap_err();
    assert!(matches!(err, DocsPageError::NoYamlBlock), "{err}");
}

#[test]
fn a_yaml_block_that_does_not_parse_is_an_error() {
    let err = import_err("paths: [unclosed\n");
    assert!(matches!(err, DocsPageError::YamlSyntax(_)), "{err}");
}

#[test]
fn a_plain_openapi_document_is_not_this_rendering() {
    let err = import_err("openapi: 3.0.3\npaths: {}\n");
    assert!(matches!(err, DocsPageError::NotDocsRendering(_)), "{err}");
    assert!(err.to_string().contains("`openapi`"), "{err}");
}

#[test]
fn paths_keyed_by_url_are_not_this_rendering() {
    let err = import_err("paths:\n  /x:\n    post: {}\n");
    assert!(err.to_string().contains("keyed by URL path (/x)"), "{err}");
}

#[test]
fn a_block_without_paths_is_not_this_rendering() {
    let err = import_err("components: {}\n");
    assert!(err.to_string().contains("no `paths`"), "{err}");
}

#[test]
fn an_operation_without_path_or_method_is_an_error() {
    let err = import_err(&MINIMAL.replace("  path: /api/v1/thing\n", ""));
    assert!(
        matches!(err, DocsPageError::MissingOperationField { field: "path" }),
        "{err}"
    );
    let err = import_err(&MINIMAL.replace("  method: post\n", ""));
    assert!(
        matches!(
            err,
            DocsPageError::MissingOperationField { field: "method" }
        ),
        "{err}"
    );
}

#[test]
fn a_method_that_is_not_http_is_an_error() {
    let err = import_err(&MINIMAL.replace("method: post", "method: launch"));
    assert!(err.to_string().contains("\"launch\""), "{err}");
}

#[test]
fn an_operation_without_responses_is_an_error() {
    let without = MINIMAL.split("  response:").next().unwrap().to_owned();
    let err = import_err(&without);
    assert!(matches!(err, DocsPageError::NoResponses), "{err}");
}

#[test]
fn parameters_are_refused_rather_than_dropped() {
    let with_query = MINIMAL.replace(
        "    body:",
        "    parameters:\n      query:\n        limit:\n          schema: [{type: integer}]\n    body:",
    );
    let err = import_err(&with_query);
    assert!(err.to_string().contains("parameters.query"), "{err}");
}
