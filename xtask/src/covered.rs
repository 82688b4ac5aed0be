//! The operations of Mesh's API this project covers, and the client method each becomes.

/// One covered operation.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CoveredOperation {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    /// The generated client method, since Mesh's spec gives no `operationId`.
    pub(crate) operation_id: &'static str,
}

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

/// Codegen fails if any of these does not come out of progenitor as a client method.
pub(crate) const COVERED_OPERATIONS: [CoveredOperation; 4] = [
    CoveredOperation {
        method: "post",
        path: "/api/v1/linktoken",
        operation_id: "create_link_token",
    },
    CoveredOperation {
        method: "get",
        path: "/api/v1/transfers/managed/networks",
        operation_id: "get_networks",
    },
    CoveredOperation {
        method: "get",
        path: "/api/v1/transfers/managed/integrations",
        operation_id: "get_integrations",
    },
    CoveredOperation {
        method: "get",
        path: "/api/v1/transfers/managed/tokens",
        operation_id: "get_tokens",
    },
];
