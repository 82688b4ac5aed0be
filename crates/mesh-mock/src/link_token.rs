//! Link tokens shaped like Mesh's: standard base64 of an https Link URL, unique per call.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use uuid::Uuid;

/// What a URL path segment may carry as it is: RFC 3986's unreserved characters.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The Link URL a token encodes; Mesh's own tokens decode to this shape.
pub(crate) fn link_url(client_id: &str, auth_code: &str) -> String {
    format!(
        "https://web.meshconnect.com/b2b-iframe/{}/broker-connect?auth_code={auth_code}",
        utf8_percent_encode(client_id, NOT_UNRESERVED)
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
