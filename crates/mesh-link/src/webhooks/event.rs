//! A transfer-status event as Mesh's webhooks carry it (`TransferUpdateWebhookQueueItem` and
//! the delivery's own fields, Mesh's guide "Transfer status webhooks"), in this crate's types.

use std::time::SystemTime;

use mesh_link_api::ExactNumber;
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use super::timestamp::unix_time;
use crate::transfers::decode::exact;
use crate::transfers::status::TransferStatus;
use crate::transfers::transfer::TransferId;

/// One delivery of a transfer-status event, verified by a
/// [`WebhookVerifier`](crate::WebhookVerifier).
///
/// Delivery is at least once: Mesh retries an event until your endpoint answers 2xx, and each
/// attempt has a new [`delivery_id`](Self::delivery_id) but the same
/// [`event_id`](Self::event_id). Deduplicate on `event_id`; `delivery_id` only tells attempts
/// apart. Events may also arrive out of order (a `pending` after the `succeeded` it preceded):
/// act on [`status`](Self::status) only when it [is final](TransferStatus::is_final), and ignore a
/// `pending` for a transfer you already saw final.
///
/// Mesh's guide lists the fields by the names of its C# model (`EventId`, `TransferStatus`...)
/// without showing the JSON; both those names and their camelCase form (`eventId`,
/// `transferStatus`...) are read, and fields this version does not know are ignored. Amounts are
/// the exact decimals Mesh wrote; timestamps are read as Unix seconds, or milliseconds when the
/// value is too large for seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransferEvent {
    event_id: Uuid,
    delivery_id: Uuid,
    sent_at: SystemTime,
    transfer_id: TransferId,
    occurred_at: Option<SystemTime>,
    status: TransferStatus,
    transaction_id: Option<String>,
    tx_hash: Option<String>,
    user_id: Option<String>,
    token: Option<String>,
    chain: Option<String>,
    source_amount: Option<Decimal>,
    source_account_provider: Option<String>,
    destination_amount: Option<Decimal>,
    destination_address: Option<String>,
    refund_address: Option<String>,
}

impl TransferEvent {
    /// `EventId`: the same for every retry of this event; the key to deduplicate on.
    pub fn event_id(&self) -> Uuid {
        self.event_id
    }
    /// `Id`: this delivery attempt's own ID, new for each retry.
    pub fn delivery_id(&self) -> Uuid {
        self.delivery_id
    }
    /// `SentTimestamp`: when this attempt was sent.
    pub fn sent_at(&self) -> SystemTime {
        self.sent_at
    }
    /// `TransferId`: Mesh's ID of the transfer, as [`Transfer::id`](crate::Transfer::id) has it.
    pub fn transfer_id(&self) -> TransferId {
        self.transfer_id
    }
    /// `Timestamp`: when the status changed.
    pub fn occurred_at(&self) -> Option<SystemTime> {
        self.occurred_at
    }
    /// `TransferStatus`: the transfer's status at this event.
    pub fn status(&self) -> &TransferStatus {
        &self.status
    }
    /// `TransactionId`: the `transactionId` your link-token request carried.
    pub fn transaction_id(&self) -> Option<&str> {
        self.transaction_id.as_deref()
    }
    /// `TxHash`: the blockchain transaction's hash; a `pending` transfer has none yet.
    pub fn tx_hash(&self) -> Option<&str> {
        self.tx_hash.as_deref()
    }
    /// `UserId`: the `userId` of the link-token request.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
    /// `Token`: the token's symbol.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
    /// `Chain`: the network, as Mesh names it.
    pub fn chain(&self) -> Option<&str> {
        self.chain.as_deref()
    }
    /// `SourceAmount`: what left the source account, exactly as Mesh wrote it.
    pub fn source_amount(&self) -> Option<Decimal> {
        self.source_amount
    }
    /// `SourceAccountProvider`: the exchange or wallet the user paid from.
    pub fn source_account_provider(&self) -> Option<&str> {
        self.source_account_provider.as_deref()
    }
    /// `DestinationAmount`: what the destination received, exactly as Mesh wrote it.
    pub fn destination_amount(&self) -> Option<Decimal> {
        self.destination_amount
    }
    /// `DestinationAddress`: where the transfer went.
    pub fn destination_address(&self) -> Option<&str> {
        self.destination_address.as_deref()
    }
    /// `RefundAddress`: where a refund would go, when there is one.
    pub fn refund_address(&self) -> Option<&str> {
        self.refund_address.as_deref()
    }
}

/// The event as JSON carries it, under the guide's names or their camelCase form.
#[derive(Deserialize)]
struct WireEvent {
    #[serde(rename = "EventId", alias = "eventId")]
    event_id: Uuid,
    #[serde(rename = "Id", alias = "id")]
    delivery_id: Uuid,
    #[serde(rename = "SentTimestamp", alias = "sentTimestamp")]
    sent_timestamp: i64,
    #[serde(rename = "TransferId", alias = "transferId")]
    transfer_id: Uuid,
    #[serde(rename = "Timestamp", alias = "timestamp", default)]
    timestamp: Option<i64>,
    #[serde(rename = "TransferStatus", alias = "transferStatus")]
    transfer_status: String,
    #[serde(rename = "TransactionId", alias = "transactionId", default)]
    transaction_id: Option<String>,
    #[serde(rename = "TxHash", alias = "txHash", default)]
    tx_hash: Option<String>,
    #[serde(rename = "UserId", alias = "userId", default)]
    user_id: Option<String>,
    #[serde(rename = "Token", alias = "token", default)]
    token: Option<String>,
    #[serde(rename = "Chain", alias = "chain", default)]
    chain: Option<String>,
    #[serde(rename = "SourceAmount", alias = "sourceAmount", default)]
    source_amount: Option<ExactNumber>,
    #[serde(
        rename = "SourceAccountProvider",
        alias = "sourceAccountProvider",
        default
    )]
    source_account_provider: Option<String>,
    #[serde(rename = "DestinationAmount", alias = "destinationAmount", default)]
    destination_amount: Option<ExactNumber>,
    #[serde(rename = "DestinationAddress", alias = "destinationAddress", default)]
    destination_address: Option<String>,
    #[serde(rename = "RefundAddress", alias = "refundAddress", default)]
    refund_address: Option<String>,
}

/// The event in a verified body, or what keeps it from being one.
pub(crate) fn decode_event(body: &[u8]) -> Result<TransferEvent, String> {
    // serde's derive would also take the fields as a JSON array, which no event is.
    if body.trim_ascii_start().first() != Some(&b'{') {
        return Err("not a JSON object".to_owned());
    }
    let wire: WireEvent = serde_json::from_slice(body).map_err(|error| error.to_string())?;
    let time = |value: i64, field: &str| {
        unix_time(value).ok_or_else(|| format!("{field} is {value}, not a time after 1970"))
    };
    Ok(TransferEvent {
        event_id: wire.event_id,
        delivery_id: wire.delivery_id,
        sent_at: time(wire.sent_timestamp, "SentTimestamp")?,
        transfer_id: wire.transfer_id.into(),
        occurred_at: wire
            .timestamp
            .map(|value| time(value, "Timestamp"))
            .transpose()?,
        status: TransferStatus::from(wire.transfer_status.as_str()),
        transaction_id: wire.transaction_id,
        tx_hash: wire.tx_hash,
        user_id: wire.user_id,
        token: wire.token,
        chain: wire.chain,
        source_amount: exact(wire.source_amount, || "SourceAmount".to_owned())?,
        source_account_provider: wire.source_account_provider,
        destination_amount: exact(wire.destination_amount, || "DestinationAmount".to_owned())?,
        destination_address: wire.destination_address,
        refund_address: wire.refund_address,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::dec;

    use super::*;

    const PASCAL: &str = r#"{"EventId":"6f1c6a52-1f0e-4a57-9d36-2b1f5d0a9c11","Id":"0b8e1c7e-5d7a-4f43-8f0e-8c1a3e2d4b55",
        "SentTimestamp":1764806400,"TransferId":"3770b664-7620-49f9-bcfd-6a5128eeaef4","Timestamp":1764806390,
        "TransferStatus":"succeeded","TransactionId":"order-1","TxHash":"0xabc","UserId":"user-1","Token":"USDC",
        "Chain":"Base","SourceAmount":25.50,"SourceAccountProvider":"Coinbase","DestinationAmount":25.5,
        "DestinationAddress":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","RefundAddress":null,"AddedLater":{"x":1}}"#;

    #[test]
    fn the_guide_names_decode_with_exact_amounts_and_times() {
        let event = decode_event(PASCAL.as_bytes()).unwrap();
        assert_eq!(event.status(), &TransferStatus::Succeeded);
        assert_eq!(event.transaction_id(), Some("order-1"));
        assert_eq!(event.source_amount().unwrap().to_string(), "25.50");
        assert_eq!(event.destination_amount(), Some(dec!(25.5)));
        assert_eq!(event.sent_at(), unix_time(1_764_806_400).unwrap());
        assert_eq!(event.occurred_at(), unix_time(1_764_806_390));
        assert_eq!(event.refund_address(), None);
        assert_eq!(
            event.transfer_id().to_string(),
            "3770b664-7620-49f9-bcfd-6a5128eeaef4"
        );
    }

    #[test]
    fn camel_case_names_decode_to_the_same_event() {
        let camel = [
            "EventId",
            "Id",
            "SentTimestamp",
            "TransferId",
            "Timestamp",
            "TransferStatus",
            "TransactionId",
            "TxHash",
            "UserId",
            "Token",
            "Chain",
            "SourceAmount",
            "SourceAccountProvider",
            "DestinationAmount",
            "DestinationAddress",
            "RefundAddress",
        ]
        .iter()
        .fold(PASCAL.to_owned(), |body, name| {
            let lower = name[..1].to_lowercase() + &name[1..];
            body.replace(&format!("\"{name}\""), &format!("\"{lower}\""))
        });
        assert!(camel.contains("\"eventId\"") && !camel.contains("\"EventId\""));
        assert_eq!(
            decode_event(camel.as_bytes()),
            decode_event(PASCAL.as_bytes())
        );
    }

    /// A body that names a field twice (or in both casings) is ambiguous: which value did the
    /// sender mean? It is refused rather than read one way.
    #[test]
    fn a_field_given_twice_or_in_both_casings_is_no_event() {
        for twice in [
            PASCAL.replace(
                "\"TransferStatus\":\"succeeded\"",
                "\"TransferStatus\":\"succeeded\",\"TransferStatus\":\"failed\"",
            ),
            PASCAL.replace(
                "\"TransferStatus\":\"succeeded\"",
                "\"TransferStatus\":\"succeeded\",\"transferStatus\":\"failed\"",
            ),
        ] {
            let reason = decode_event(twice.as_bytes()).unwrap_err();
            assert!(reason.contains("duplicate field"), "{reason}");
        }
    }

    #[test]
    fn a_status_mesh_adds_is_kept_and_not_final() {
        let body = PASCAL.replace("\"succeeded\"", "\"refunded\"");
        let event = decode_event(body.as_bytes()).unwrap();
        assert_eq!(event.status(), &TransferStatus::Unknown("refunded".into()));
        assert!(!event.status().is_final());
    }

    #[test]
    fn what_is_no_event_says_why() {
        for (body, says) in [
            ("[]", "not a JSON object"),
            ("", "not a JSON object"),
            ("{}", "missing field `EventId`"),
            (
                &PASCAL.replace("\"SentTimestamp\":1764806400,", "") as &str,
                "SentTimestamp",
            ),
            (&PASCAL.replace("1764806400", "-5"), "SentTimestamp is -5"),
            (&PASCAL.replace("25.50", "\"25.50\""), "not a JSON number"),
            (
                &PASCAL.replace("25.50", "1.000000000000000000000000000001"),
                "SourceAmount is",
            ),
            (&PASCAL.replace("25.50", "1e400"), "not a JSON number"),
        ] {
            let reason = decode_event(body.as_bytes()).unwrap_err();
            assert!(reason.contains(says), "{body}: {reason}");
        }
    }
}
