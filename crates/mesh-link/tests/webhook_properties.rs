//! The verifier against arbitrary deliveries: no header and body make it panic, and only the
//! true HMAC of the exact bytes under the secret passes.

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use mesh_link::{WebhookError, WebhookVerifier};
use proptest::prelude::*;
use sha2::Sha256;

const SECRET: &str = "whsec-properties";
const SENT: u64 = 1_764_806_400;

fn mac(secret: &str, body: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// An event as Mesh's guide lists it, sometimes in camelCase, with odd values now and then.
fn event_body() -> impl Strategy<Value = Vec<u8>> {
    let status = prop_oneof![
        Just("pending".to_owned()),
        Just("succeeded".to_owned()),
        Just("failed".to_owned()),
        "[a-z]{0,12}",
    ];
    let amount = prop_oneof![
        Just("25.5".to_owned()),
        Just("1e400".to_owned()),
        Just("\"7\"".to_owned()),
        (0u64..u64::MAX).prop_map(|n| n.to_string())
    ];
    (status, amount, any::<bool>(), prop::option::of("[ -~]{0,40}"))
        .prop_map(|(status, amount, camel, hash)| {
            let body = format!(
                r#"{{"EventId":"6f1c6a52-1f0e-4a57-9d36-2b1f5d0a9c11","Id":"0b8e1c7e-5d7a-4f43-8f0e-8c1a3e2d4b55","SentTimestamp":{SENT},"TransferId":"3770b664-7620-49f9-bcfd-6a5128eeaef4","TransferStatus":"{status}","SourceAmount":{amount},"TxHash":{}}}"#,
                serde_json::to_string(&hash).expect("JSON")
            );
            if camel { body.replace("\"EventId\"", "\"eventId\"").replace("\"TransferStatus\"", "\"transferStatus\"") } else { body }.into_bytes()
        })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => event_body(),
        1 => prop::collection::vec(any::<u8>(), 0..1024),
        1 => (event_body(), any::<prop::sample::Index>(), 1u8..=255).prop_map(|(mut body, at, flip)| {
            let at = at.index(body.len());
            body[at] ^= flip;
            body
        }),
    ]
}

/// A header for `body`: its true MAC, a near miss, another secret's, or anything.
fn header_for(body: Vec<u8>) -> impl Strategy<Value = (Option<Vec<u8>>, Vec<u8>)> {
    let truth = mac(SECRET, &body);
    let header = prop_oneof![
        3 => Just(Some(STANDARD.encode(truth).into_bytes())),
        2 => (0usize..32, 1u8..=255).prop_map(move |(at, flip)| {
            let mut near = truth;
            near[at] ^= flip;
            Some(STANDARD.encode(near).into_bytes())
        }),
        1 => Just(Some(STANDARD.encode(mac("another-secret", &body)).into_bytes())),
        1 => prop::array::uniform32(any::<u8>()).prop_map(|bytes| Some(STANDARD.encode(bytes).into_bytes())),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(Some),
        1 => Just(None),
    ];
    (header, Just(body))
}

/// 2,000 a run, or `PROPTEST_CASES`, as the README says of every property test.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_delivery_panics_and_only_the_true_mac_of_the_exact_bytes_passes(
        (header, body) in body().prop_flat_map(header_for),
    ) {
        let verifier = WebhookVerifier::new(SECRET).expect("a secret");
        let now = UNIX_EPOCH + Duration::from_secs(SENT);
        let verdict = verifier.verify_at(header.as_deref(), &body, now);
        let true_mac = header.as_deref().is_some_and(|header| header == STANDARD.encode(mac(SECRET, &body)).as_bytes());
        match &verdict {
            Ok(_) => prop_assert!(true_mac, "passed without the true MAC"),
            // A changed byte can land in `SentTimestamp`: an event out of the window, and signed.
            Err(WebhookError::NotAnEvent { .. } | WebhookError::Stale { .. } | WebhookError::FromTheFuture { .. }) => {
                prop_assert!(true_mac, "read a body before its signature checked out: {verdict:?}")
            }
            Err(WebhookError::SignatureMismatch | WebhookError::MalformedSignature | WebhookError::MissingSignature) => prop_assert!(!true_mac, "refused the true MAC: {verdict:?}"),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }
}
