//! Facts about Mesh's link-token call and its catalogs on the wire, written once for every crate
//! of this project: the generated client, `mesh-link` and the `mesh-mock` emulator read them
//! from here.

/// Production API host (Mesh's docs).
pub const PRODUCTION_URL: &str = "https://integration-api.meshconnect.com";
/// Sandbox API host (Mesh's docs).
pub const SANDBOX_URL: &str = "https://sandbox-integration-api.meshconnect.com";

/// `POST`: a link token for a Link session.
pub const LINK_TOKEN_PATH: &str = "/api/v1/linktoken";
/// `GET`: the networks Mesh transfers on, with their IDs and tokens.
pub const NETWORKS_PATH: &str = "/api/v1/transfers/managed/networks";
/// `GET`: the integrations (exchanges, wallets) Link opens on, with their IDs and networks.
pub const INTEGRATIONS_PATH: &str = "/api/v1/transfers/managed/integrations";
/// `GET`: the tokens Mesh transfers, with their networks and integrations.
pub const TOKENS_PATH: &str = "/api/v1/transfers/managed/tokens";
/// `GET`: the transfers Mesh initiated (Link sessions' deposits and payments), filtered by the
/// query and paged.
pub const TRANSFERS_PATH: &str = "/api/v1/transfers/managed/mesh";
/// The three catalog paths, each answering `GET`.
pub const CATALOG_PATHS: &[&str] = &[NETWORKS_PATH, INTEGRATIONS_PATH, TOKENS_PATH];

/// An operation of Mesh's API that this project covers: the spec keeps it, codegen makes a
/// client method of it, and the client and the emulator serve it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method, in lower case as an OpenAPI document keys it.
    pub method: &'static str,
    /// The path under the base URL.
    pub path: &'static str,
    /// The generated client's method (Mesh's spec gives no `operationId`), and the name the
    /// client's logs and spans give the operation.
    pub operation_id: &'static str,
}

/// `POST /api/v1/linktoken`: the method as HTTP spells it, then the path.
impl core::fmt::Display for Operation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {}", self.method.to_ascii_uppercase(), self.path)
    }
}

/// `POST /api/v1/linktoken`.
pub const CREATE_LINK_TOKEN: Operation = Operation {
    method: "post",
    path: LINK_TOKEN_PATH,
    operation_id: "create_link_token",
};
/// `GET /api/v1/transfers/managed/networks`.
pub const GET_NETWORKS: Operation = Operation {
    method: "get",
    path: NETWORKS_PATH,
    operation_id: "get_networks",
};
/// `GET /api/v1/transfers/managed/integrations`.
pub const GET_INTEGRATIONS: Operation = Operation {
    method: "get",
    path: INTEGRATIONS_PATH,
    operation_id: "get_integrations",
};
/// `GET /api/v1/transfers/managed/tokens`.
pub const GET_TOKENS: Operation = Operation {
    method: "get",
    path: TOKENS_PATH,
    operation_id: "get_tokens",
};
/// `GET /api/v1/transfers/managed/mesh`: "Get transfers initiated by Mesh".
pub const GET_TRANSFERS: Operation = Operation {
    method: "get",
    path: TRANSFERS_PATH,
    operation_id: "get_transfers",
};
/// Every covered operation; codegen fails if one does not come out of progenitor as a client
/// method.
pub const COVERED_OPERATIONS: [Operation; 5] = [
    CREATE_LINK_TOKEN,
    GET_NETWORKS,
    GET_INTEGRATIONS,
    GET_TOKENS,
    GET_TRANSFERS,
];

/// Header carrying the client ID (the spec's `apiKey` security scheme).
pub const CLIENT_ID_HEADER: &str = "X-Client-Id";
/// Header carrying the client secret, Mesh's API key (the spec's `apiKey` security scheme).
pub const CLIENT_SECRET_HEADER: &str = "X-Client-Secret";

/// Header of Mesh's transfer-status webhooks carrying the signature: the Base64 of the
/// HMAC-SHA256 of the raw body under the webhook secret (Mesh's guide, "Transfer status webhooks").
pub const WEBHOOK_SIGNATURE_HEADER: &str = "X-Mesh-Signature-256";

/// Whether a client ID or secret can travel in an HTTP header as it is: non-empty and visible
/// ASCII (no spaces, controls or other characters a header value would reject or alter).
pub fn is_valid_credential(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_visible_ascii() {
        assert!(is_valid_credential("abc-123_XYZ"));
        for bad in ["", "a b", "tab\there", "naïve", "line\n"] {
            assert!(!is_valid_credential(bad), "{bad:?}");
        }
    }
}
