//! Limits from the vendored spec (`openapi/mesh-linktoken.yaml`); a test checks each against it.

/// `GetLinkTokenRequest.userId` `maxLength`.
pub const USER_ID_MAX_CHARS: usize = 300;
/// `LinkTokenTransferOptions.transactionId` `maxLength`.
pub const TRANSACTION_ID_MAX_CHARS: usize = 128;
/// `LinkTokenTransferOptions.description` `maxLength`.
pub const DESCRIPTION_MAX_CHARS: usize = 256;
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
