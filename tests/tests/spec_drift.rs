//! Snapshots that turn a change in Mesh's spec into a short, reviewable diff.

use mesh_link_tests::{generated_client_source, spec_document, surface};

#[test]
fn public_surface_of_the_generated_client() {
    let listing = surface::listing(
        &generated_client_source().unwrap(),
        &spec_document().unwrap(),
    )
    .unwrap();
    insta::assert_snapshot!(listing);
}

#[test]
fn json_schema_of_the_request_type() {
    let schema = schemars::schema_for!(mesh_link_api::types::GetLinkTokenRequest);
    insta::assert_json_snapshot!(schema);
}

#[test]
fn a_changed_constraint_shows_in_the_surface_as_one_line() {
    let source = generated_client_source().unwrap();
    let spec = spec_document().unwrap();
    let mut edited = spec.clone();
    let max = edited
        .pointer_mut("/components/schemas/LinkTokenTransferOptions/properties/clientFee/maximum")
        .expect("the spec gives clientFee a maximum");
    *max = serde_json::json!(0.5);
    let before = surface::listing(&source, &spec).unwrap();
    let after = surface::listing(&source, &edited).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(b, a)| b != a)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(
        changed[0].0.contains("maximum 1") && changed[0].1.contains("maximum 0.5"),
        "{changed:?}"
    );
}
