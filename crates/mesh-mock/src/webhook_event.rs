//! A webhook's body and signature, as Mesh's guide "Transfer status webhooks" describes them:
//! the fields under the names of Mesh's C# model, the Base64 of the body's HMAC-SHA256 under
//! the secret's UTF-8 bytes.

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use uuid::Uuid;

use crate::transfers::seconds;

/// The event's fields for a transfer as the transfers query shows it (`TransferModel`), at the
/// moment of the status change.
pub(crate) fn event_fields(
    event_id: Uuid,
    transfer: &Value,
    changed_at: SystemTime,
) -> Map<String, Value> {
    let field = |name: &str| transfer.get(name).cloned().unwrap_or(Value::Null);
    let mut fields = Map::new();
    for (name, value) in [
        ("EventId", Value::from(event_id.to_string())),
        ("TransferId", field("id")),
        ("Timestamp", Value::from(seconds(changed_at))),
        ("TransferStatus", field("status")),
        ("TransactionId", field("clientTransactionId")),
        ("TxHash", field("hash")),
        ("UserId", field("userId")),
        ("Token", field("symbol")),
        ("Chain", field("networkName")),
        ("SourceAmount", field("sourceAmount")),
        (
            "SourceAccountProvider",
            transfer
                .pointer("/from/name")
                .cloned()
                .unwrap_or(Value::Null),
        ),
        ("DestinationAmount", field("destinationAmount")),
        ("DestinationAddress", field("destinationAddress")),
        ("RefundAddress", field("refundAddress")),
    ] {
        fields.insert(name.to_owned(), value);
    }
    fields
}

/// The body of one delivery attempt: the event, with this attempt's `Id` and `SentTimestamp`.
pub(crate) fn delivery_body(
    event: &Map<String, Value>,
    delivery_id: Uuid,
    sent: SystemTime,
) -> String {
    let mut body = event.clone();
    body.insert("Id".to_owned(), Value::from(delivery_id.to_string()));
    body.insert("SentTimestamp".to_owned(), Value::from(seconds(sent)));
    Value::Object(body).to_string()
}

/// The `X-Mesh-Signature-256` of `body` under `secret`.
pub(crate) fn sign(secret: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use serde_json::json;

    use super::*;

    /// RFC 4231, test case 2: HMAC-SHA256 of "what do ya want for nothing?" under "Jefe".
    #[test]
    fn signs_as_hmac_sha256_in_base64() {
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            STANDARD.encode([
                0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95,
                0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9,
                0x64, 0xec, 0x38, 0x43
            ])
        );
    }

    #[test]
    fn the_event_carries_the_transfer_under_the_guide_names() {
        let transfer = json!({"id": "t-1", "status": "pending", "clientTransactionId": "order-1",
            "userId": "u", "symbol": "USDC", "networkName": "Base", "sourceAmount": 25.5,
            "destinationAmount": 25.5, "destinationAddress": "0xabc", "from": {"name": "Coinbase"}});
        let event = event_fields(Uuid::nil(), &transfer, UNIX_EPOCH);
        let body: Value =
            serde_json::from_str(&delivery_body(&event, Uuid::nil(), UNIX_EPOCH)).unwrap();
        assert_eq!(body["TransferStatus"], "pending");
        assert_eq!(body["TransactionId"], "order-1");
        assert_eq!(body["SourceAccountProvider"], "Coinbase");
        assert_eq!(body["SourceAmount"], json!(25.5));
        assert_eq!(body["TxHash"], Value::Null);
        assert_eq!(body["SentTimestamp"], 0);
        assert_eq!(body.as_object().unwrap().len(), 16);
    }
}
