//! Every operation of the client is held to every promise: each `pub async fn` of
//! `MeshClient` is in `common::Operation::ALL`, the list the hostile-answer, deadline, soak and
//! secret tests take.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Operation;

/// The names of the `pub async fn`s in the crate's sources (every one is a method of
/// `MeshClient`: the crate has no other async API).
fn async_functions(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("the crate's sources") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            async_functions(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            for line in text.lines() {
                if let Some(rest) = line.trim_start().strip_prefix("pub async fn ") {
                    let name = rest.split(['(', '<']).next().unwrap_or_default();
                    found.insert(name.to_owned());
                }
            }
        }
    }
}

#[test]
fn every_operation_of_the_client_is_in_the_list_the_promise_tests_take() {
    let mut found = BTreeSet::new();
    async_functions(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    let listed: BTreeSet<String> = Operation::ALL
        .iter()
        .map(|operation| operation.method().to_owned())
        .collect();
    assert!(
        found.contains("create_link_token"),
        "the scan found {found:?}"
    );
    assert_eq!(
        found, listed,
        "add the new operation to common::Operation, so the promise tests take it too"
    );
}
