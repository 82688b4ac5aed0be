//! Mesh's response envelope: `{status, message, displayMessage, errorHash, errorType, errorData, content}`.

use serde_json::{Value, json};

/// A success: `status: ok` with the issued link token and, when asked for, a payment link.
pub(crate) fn ok(link_token: &str, payment_link: Option<&str>) -> Value {
    ok_with(json!({"linkToken": link_token, "paymentLink": payment_link}))
}

/// A success carrying `content`.
pub(crate) fn ok_with(content: Value) -> Value {
    json!({
        "status": "ok",
        "message": "",
        "errorType": "",
        "content": content,
    })
}

/// A failure with Mesh's `status` (`badRequest`, `notFound`, ...), `errorType` and message.
pub(crate) fn error(status: &str, error_type: &str, message: &str, error_data: Value) -> Value {
    json!({
        "status": status,
        "message": message,
        "displayMessage": null,
        "errorHash": error_hash(message),
        "errorType": error_type,
        "errorData": error_data,
    })
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
