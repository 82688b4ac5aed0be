//! Link tokens shaped like Mesh's: standard base64 of an https Link URL, unique per call.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use uuid::Uuid;

/// The Link URL a token encodes; Mesh's own tokens decode to this shape.
pub(crate) fn link_url(client_id: &str, auth_code: &str) -> String {
    format!(
        "https://web.meshconnect.com/b2b-iframe/{}/broker-connect?auth_code={auth_code}",
        percent_encode_segment(client_id)
    )
}

/// A fresh link token for `client_id`.
pub(crate) fn issue_link_token(client_id: &str) -> String {
    STANDARD.encode(link_url(client_id, &Uuid::new_v4().simple().to_string()))
}

/// A fresh payment link, returned when `transferOptions.generatePayLink` is true.
pub(crate) fn issue_payment_link() -> String {
    format!(
        "https://web.meshconnect.com/pay/{}",
        Uuid::new_v4().simple()
    )
}

fn percent_encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_base64_of_an_https_link_url_and_unique() {
        let a = issue_link_token("client 1");
        let b = issue_link_token("client 1");
        assert_ne!(a, b);
        let url = String::from_utf8(STANDARD.decode(a).unwrap()).unwrap();
        assert!(
            url.starts_with(
                "https://web.meshconnect.com/b2b-iframe/client%201/broker-connect?auth_code="
            ),
            "{url}"
        );
    }
}
