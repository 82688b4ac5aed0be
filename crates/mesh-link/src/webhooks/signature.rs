//! The signature of a webhook delivery: HMAC-SHA256 of the raw body under the secret's UTF-8
//! bytes, Base64 (Mesh's guide), checked in constant time by the `hmac` crate.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The length of an HMAC-SHA256.
const SIGNATURE_BYTES: usize = 32;

/// A webhook secret, keyed into HMAC once; each check clones the keyed state.
#[derive(Clone)]
pub(crate) struct SigningKey(HmacSha256);

impl SigningKey {
    /// `None` for an empty secret: HMAC takes a key of any length, and an empty one signs for
    /// anyone.
    pub(crate) fn new(secret: &SecretString) -> Option<Self> {
        let secret = secret.expose_secret().as_bytes();
        if secret.is_empty() {
            return None;
        }
        HmacSha256::new_from_slice(secret).ok().map(Self)
    }

    /// Whether `claimed` is this key's MAC of `body`, compared in constant time
    /// (`Mac::verify_slice`), so a forger learns nothing from how long a refusal takes.
    pub(crate) fn signed(&self, body: &[u8], claimed: &[u8; SIGNATURE_BYTES]) -> bool {
        let mut mac = self.0.clone();
        mac.update(body);
        mac.verify_slice(claimed).is_ok()
    }
}

/// The MAC a header carries: standard Base64 of 32 bytes, surrounding spaces ignored.
pub(crate) fn decode_header(value: &[u8]) -> Option<[u8; SIGNATURE_BYTES]> {
    let mut decoded = [0; SIGNATURE_BYTES];
    match STANDARD.decode_slice(value.trim_ascii(), &mut decoded) {
        Ok(SIGNATURE_BYTES) => Some(decoded),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> SigningKey {
        SigningKey::new(&SecretString::from(secret)).unwrap()
    }

    fn mac(secret: &str, body: &[u8]) -> [u8; SIGNATURE_BYTES] {
        let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn an_empty_secret_makes_no_key() {
        assert!(SigningKey::new(&SecretString::from("")).is_none());
    }

    #[test]
    fn only_the_mac_of_these_bytes_under_this_secret_is_signed() {
        let body = br#"{"EventId":"e"}"#;
        let good = mac("whsec-1", body);
        assert!(key("whsec-1").signed(body, &good));
        assert!(!key("whsec-2").signed(body, &good));
        assert!(!key("whsec-1").signed(br#"{"EventId":"f"}"#, &good));
        let mut last_byte_wrong = good;
        last_byte_wrong[SIGNATURE_BYTES - 1] ^= 1;
        assert!(!key("whsec-1").signed(body, &last_byte_wrong));
    }

    #[test]
    fn mesh_guide_form_base64_of_32_bytes_decodes_and_nothing_else_does() {
        let signature = mac("s", b"body");
        let header = STANDARD.encode(signature);
        assert_eq!(decode_header(header.as_bytes()), Some(signature));
        assert_eq!(
            decode_header(format!(" {header}\t").as_bytes()),
            Some(signature)
        );
        for bad in [
            String::new(),
            header[..43].to_owned(),
            STANDARD.encode([0u8; 31]),
            STANDARD.encode([0u8; 33]),
            hex(&signature),
            format!("sha256={header}"),
        ] {
            assert_eq!(decode_header(bad.as_bytes()), None, "{bad:?}");
        }
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// The comparison is the crate's constant-time one: no `==` on MAC bytes in this module.
    #[test]
    fn the_comparison_goes_through_the_constant_time_check() {
        let source = include_str!("signature.rs");
        let code = &source[..source.find("#[cfg(test)]").unwrap()];
        assert!(code.contains("mac.verify_slice(claimed)"));
        for comparison in [
            "== claimed",
            "claimed ==",
            "!= claimed",
            "claimed !=",
            ".eq(",
        ] {
            assert!(!code.contains(comparison), "{comparison}");
        }
    }
}
