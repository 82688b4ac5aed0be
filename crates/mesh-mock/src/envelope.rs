//! Mesh's response envelope, written with the types generated from the spec: `ApiResult`
//! around a success's content (a `LinkTokenModel`, or a catalog's list) and for a refusal.

use mesh_link_api::types::{ApiResult, ApiResultStatus, ApiResultStatusKnown, LinkTokenModel};
use serde_json::{Value, json};

/// A success: `status: ok` with the issued link token and, when asked for, a payment link.
pub(crate) fn ok(link_token: &str, payment_link: Option<&str>) -> Value {
    let mut content = LinkTokenModel::default();
    content.link_token = Some(link_token.to_owned());
    content.payment_link = payment_link.map(str::to_owned);
    ok_with(json!(content))
}

/// `status: ok`, an empty message and error type, and `content`: every success of Mesh's.
pub(crate) fn ok_with(content: Value) -> Value {
    let mut envelope = ApiResult::default();
    envelope.status = Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok));
    envelope.message = Some(String::new());
    envelope.error_type = Some(String::new());
    let mut envelope = json!(envelope);
    envelope["content"] = content;
    envelope
}

/// A failure with Mesh's `status` (`badRequest`, `notFound`, or one the spec does not list),
/// `errorType` and message.
pub(crate) fn error(status: &str, error_type: &str, message: &str, error_data: Value) -> Value {
    let mut envelope = ApiResult::default();
    envelope.status = Some(status.parse().map_or_else(
        |_| ApiResultStatus::Unknown(status.to_owned()),
        ApiResultStatus::Known,
    ));
    envelope.message = Some(message.to_owned());
    envelope.error_hash = Some(error_hash(message));
    envelope.error_type = Some(error_type.to_owned());
    envelope.error_data = Some(error_data);
    json!(envelope)
}

/// Mesh's `errorHash` groups errors; eight hex digits of FNV-1a over the message do the same.
fn error_hash(message: &str) -> String {
    const OFFSET: u32 = 0x811c_9dc5;
    const PRIME: u32 = 0x0100_0193;
    let hash = message
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u32::from(b)).wrapping_mul(PRIME));
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_message_always_gets_the_same_hash() {
        assert_eq!(error_hash("a"), error_hash("a"));
        assert_ne!(error_hash("a"), error_hash("b"));
        assert_eq!(error_hash("").len(), 8);
    }
}
