//! The operations of Mesh's API this project covers, and the client method each becomes.

/// One covered operation.
#[derive(Debug)]
pub(crate) struct CoveredOperation {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    /// The generated client method, since Mesh's spec gives no `operationId`.
    pub(crate) operation_id: &'static str,
}

/// Codegen fails if any of these does not come out of progenitor as a client method.
pub(crate) const COVERED_OPERATIONS: [CoveredOperation; 1] = [CoveredOperation {
    method: "post",
    path: "/api/v1/linktoken",
    operation_id: "create_link_token",
}];
