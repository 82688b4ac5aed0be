//! What users of each published crate compile against, as a reviewed snapshot: a change to a
//! public item shows in review as a diff here, to be judged as the semver decision it is.

use mesh_link_tests::{public_api, workspace_root};

fn listing(crate_dir: &str) -> String {
    public_api::listing(&workspace_root().join(crate_dir).join("src")).expect("the sources parse")
}

#[test]
fn public_api_of_mesh_link() {
    insta::assert_snapshot!(listing("crates/mesh-link"));
}

#[test]
fn public_api_of_mesh_link_api_beside_its_generated_code() {
    insta::assert_snapshot!(listing("crates/mesh-link-api"));
}

#[test]
fn public_api_of_mesh_mock() {
    insta::assert_snapshot!(listing("crates/mesh-mock"));
}
