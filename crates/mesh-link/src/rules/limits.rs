//! Limits from the vendored spec (`openapi/mesh-linktoken.yaml`); a test checks each against it.

/// `GetLinkTokenRequest.userId` `maxLength`.
pub const USER_ID_MAX_CHARS: usize = 300;
/// `LinkTokenTransferOptions.transactionId` `maxLength`.
pub const TRANSACTION_ID_MAX_CHARS: usize = 128;
/// `LinkTokenTransferOptions.description` `maxLength`.
pub const DESCRIPTION_MAX_CHARS: usize = 256;
/// `UserId` `maxLength` of the transfers query (`GET /api/v1/transfers/managed/mesh`): shorter
/// than [`USER_ID_MAX_CHARS`], so a user ID above it cannot be a filter.
pub const TRANSFERS_USER_ID_MAX_CHARS: usize = 50;
/// `ClientTransactionId` `maxLength` of the transfers query.
pub const TRANSFERS_TRANSACTION_ID_MAX_CHARS: usize = 128;
/// `Statuses` `maxItems` of the transfers query.
pub const TRANSFERS_MAX_STATUSES: usize = 5;
/// `IntegrationIds` `maxItems` of the transfers query.
pub const TRANSFERS_MAX_INTEGRATION_IDS: usize = 100;
/// The most transfers one page holds (`Count`: "Default 10, maximum - 100", in its description).
pub const TRANSFERS_MAX_PAGE_SIZE: u32 = 100;
/// `LinkTokenTransferOptions.clientFee` `minimum`.
pub const CLIENT_FEE_MIN: f64 = 0.0;
/// `LinkTokenTransferOptions.clientFee` `maximum`.
pub const CLIENT_FEE_MAX: f64 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn spec_number(pointer: &str) -> f64 {
        let spec: Value = serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        let path = format!("/components/schemas/{pointer}");
        spec.pointer(&path)
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("the spec has no {path}"))
    }

    fn query_parameter(name: &str) -> Value {
        let spec: Value = serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        let operation = &spec["paths"][mesh_link_api::wire::TRANSFERS_PATH]["get"];
        operation["parameters"]
            .as_array()
            .and_then(|list| list.iter().find(|p| p["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("the transfers query has no {name}"))
    }

    #[test]
    fn every_limit_of_the_transfers_query_matches_the_spec() {
        let limit = |name: &str, keyword: &str| query_parameter(name)["schema"][keyword].as_u64();
        let usize_limit = |n: usize| Some(n as u64);
        assert_eq!(
            limit("UserId", "maxLength"),
            usize_limit(TRANSFERS_USER_ID_MAX_CHARS)
        );
        assert_eq!(
            limit("ClientTransactionId", "maxLength"),
            usize_limit(TRANSFERS_TRANSACTION_ID_MAX_CHARS)
        );
        assert_eq!(
            limit("Statuses", "maxItems"),
            usize_limit(TRANSFERS_MAX_STATUSES)
        );
        assert_eq!(
            limit("IntegrationIds", "maxItems"),
            usize_limit(TRANSFERS_MAX_INTEGRATION_IDS)
        );
        let count = query_parameter("Count")["description"].to_string();
        assert!(
            count.contains(&format!("maximum - {TRANSFERS_MAX_PAGE_SIZE}")),
            "{count}"
        );
    }

    #[test]
    fn every_limit_matches_the_spec_mesh_link_api_was_generated_from() {
        let schema = "LinkTokenTransferOptions/properties";
        assert_eq!(
            USER_ID_MAX_CHARS as f64,
            spec_number("GetLinkTokenRequest/properties/userId/maxLength")
        );
        assert_eq!(
            TRANSACTION_ID_MAX_CHARS as f64,
            spec_number(&format!("{schema}/transactionId/maxLength"))
        );
        assert_eq!(
            DESCRIPTION_MAX_CHARS as f64,
            spec_number(&format!("{schema}/description/maxLength"))
        );
        assert_eq!(
            CLIENT_FEE_MIN,
            spec_number(&format!("{schema}/clientFee/minimum"))
        );
        assert_eq!(
            CLIENT_FEE_MAX,
            spec_number(&format!("{schema}/clientFee/maximum"))
        );
    }
}
