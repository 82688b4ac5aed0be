//! What Mesh returns: a short-lived, one-time link token for the Link SDKs.

use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

/// How long a link token can be used after Mesh issues it (Mesh's guide: "must be used within 10mins").
pub const LINK_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// Standard base64, padded or not.
const TOKEN_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A link token: pass [`token`](Self::token) to a Link SDK (web, iOS, Android, React Native)
/// to open a Link session.
///
/// It is **one-time use** and **short-lived**: use it within [`LINK_TOKEN_LIFETIME`] (10 minutes)
/// of [`issued_at`](Self::issued_at), then request a new one. Treat it as a secret: its `Debug`
/// shows neither the token nor the URLs it carries.
#[derive(Clone)]
pub struct LinkToken {
    token: SecretString,
    link_url: Url,
    payment_link: Option<Url>,
    issued_at: SystemTime,
}

impl LinkToken {
    /// Checks what Mesh sent: the token must be base64 of an http(s) URL, the payment link an
    /// http(s) URL. The error says what is wrong without repeating either.
    pub(crate) fn from_answer(
        token: String,
        payment_link: Option<String>,
        issued_at: SystemTime,
    ) -> Result<Self, String> {
        let decoded = TOKEN_BASE64
            .decode(token.trim())
            .map_err(|_| "linkToken is not base64".to_owned())?;
        let text = String::from_utf8(decoded)
            .map_err(|_| "linkToken does not decode to text".to_owned())?;
        let link_url = web_url(&text)
            .map_err(|why| format!("linkToken does not decode to an http(s) URL: {why}"))?;
        let payment_link = payment_link
            .filter(|link| !link.is_empty())
            .map(|link| {
                web_url(&link).map_err(|why| format!("paymentLink is not an http(s) URL: {why}"))
            })
            .transpose()?;
        Ok(Self {
            token: SecretString::from(token),
            link_url,
            payment_link,
            issued_at,
        })
    }

    /// The token to hand to a Link SDK.
    pub fn token(&self) -> &str {
        self.token.expose_secret()
    }

    /// The Link URL the token encodes (what the SDKs open).
    pub fn link_url(&self) -> &Url {
        &self.link_url
    }

    /// A page that opens Link on its own, when requested with
    /// [`generate_pay_link`](crate::LinkTokenRequest::generate_pay_link).
    pub fn payment_link(&self) -> Option<&Url> {
        self.payment_link.as_ref()
    }

    /// When the answer arrived (Mesh's issue time, within network latency).
    pub fn issued_at(&self) -> SystemTime {
        self.issued_at
    }

    /// When the token stops working: [`LINK_TOKEN_LIFETIME`] after it was issued.
    pub fn expires_at(&self) -> SystemTime {
        self.issued_at + LINK_TOKEN_LIFETIME
    }

    /// Whether the token is past [`expires_at`](Self::expires_at).
    pub fn is_expired(&self) -> bool {
        SystemTime::now() >= self.expires_at()
    }
}

fn web_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| e.to_string())?;
    match (url.scheme(), url.host()) {
        ("http" | "https", Some(_)) => Ok(url),
        ("http" | "https", None) => Err("it has no host".to_owned()),
        (scheme, _) => Err(format!("its scheme is {scheme:?}")),
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkToken")
            .field("token", &"[redacted]")
            .field("link_host", &self.link_url.host_str().unwrap_or_default())
            .field(
                "payment_link",
                &self.payment_link.as_ref().map(|_| "[redacted]"),
            )
            .field("issued_at", &self.issued_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn a_token_decodes_to_its_link_url_and_expires_ten_minutes_after_issue() {
        let issued = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let url = "https://web.meshconnect.com/b2b-iframe/id/broker-connect?auth_code=abc";
        let token =
            LinkToken::from_answer(encode(url), Some("https://pay.example/p/1".into()), issued)
                .unwrap();
        assert_eq!(token.link_url().as_str(), url);
        assert_eq!(
            token.payment_link().unwrap().as_str(),
            "https://pay.example/p/1"
        );
        assert_eq!(token.expires_at(), issued + Duration::from_secs(600));
        assert!(token.is_expired());
    }

    #[test]
    fn unpadded_base64_is_accepted() {
        let padded = encode("https://web.meshconnect.com/x");
        let unpadded = padded.trim_end_matches('=').to_owned();
        assert_ne!(padded, unpadded);
        assert!(LinkToken::from_answer(unpadded, None, SystemTime::now()).is_ok());
    }

    #[test]
    fn tokens_that_are_not_base64_of_a_web_url_are_refused() {
        for (token, why) in [
            ("not base64!".to_owned(), "not base64"),
            (encode("javascript:alert(1)"), "scheme is \"javascript\""),
            (encode("file:///etc/passwd"), "scheme is \"file\""),
            (encode("just words"), "relative URL"),
            (
                base64::engine::general_purpose::STANDARD.encode([0xff, 0xfe]),
                "does not decode to text",
            ),
        ] {
            let error = LinkToken::from_answer(token, None, SystemTime::now()).unwrap_err();
            assert!(error.contains(why), "{error}");
        }
        let bad_link = LinkToken::from_answer(
            encode("https://ok.example"),
            Some("ftp://x".into()),
            SystemTime::now(),
        );
        assert!(bad_link.unwrap_err().contains("paymentLink"));
    }

    #[test]
    fn debug_shows_neither_the_token_nor_the_urls() {
        let url = "https://web.meshconnect.com/b2b-iframe/id/broker-connect?auth_code=s3cr3tc0de";
        let token = LinkToken::from_answer(
            encode(url),
            Some("https://pay.example/p/s3cr3tpay".into()),
            SystemTime::now(),
        )
        .unwrap();
        let shown = format!("{token:?}");
        assert!(!shown.contains(token.token()), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("web.meshconnect.com"), "{shown}");
    }
}
