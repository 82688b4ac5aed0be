//! The operations of Mesh's API this project covers, and the client method each becomes: the
//! table in `mesh_link_api::wire`, read by its path so that the tools do not depend on the crate
//! they generate.

#[allow(
    dead_code,
    unreachable_pub,
    reason = "the tools use the table, not every wire fact"
)]
#[path = "../../crates/mesh-link-api/src/wire.rs"]
mod wire;

pub(crate) use wire::{COVERED_OPERATIONS, Operation as CoveredOperation};

/// The covered operations `document` has, in [`COVERED_OPERATIONS`]' order.
pub(crate) fn covered_in(document: &serde_json::Value) -> Vec<&'static CoveredOperation> {
    COVERED_OPERATIONS
        .iter()
        .filter(|covered| {
            document
                .get("paths")
                .and_then(|paths| paths.get(covered.path))
                .and_then(|item| item.get(covered.method))
                .is_some()
        })
        .collect()
}

/// Every covered operation.
pub(crate) fn all_covered() -> Vec<&'static CoveredOperation> {
    COVERED_OPERATIONS.iter().collect()
}
