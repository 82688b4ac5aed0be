//! What Mesh returns: a short-lived, one-time link token for the Link SDKs.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use base64::DecodeSliceError;
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
    link_url: LinkUrl,
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
        let mut buffer = [0; DECODE_BUFFER];
        let decoded =
            decode_token(&token, &mut buffer).map_err(|_| "linkToken is not base64".to_owned())?;
        let text = std::str::from_utf8(&decoded)
            .map_err(|_| "linkToken does not decode to text".to_owned())?;
        let link_url = LinkUrl::checked(text)
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
        self.link_url.get(self.token.expose_secret())
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

/// The Link URL a token encodes. Its scheme and host, what a hostile answer would change, are
/// checked when the answer is read; the rest is parsed from the token when first asked for, as
/// most callers only pass the token on.
#[derive(Clone)]
struct LinkUrl {
    /// `scheme://host[:port]/` as parsed, or the whole URL when it was parsed whole.
    origin: Url,
    whole: OnceLock<Url>,
}

impl LinkUrl {
    /// Refuses exactly the texts that are not http(s) URLs with a host.
    fn checked(text: &str) -> Result<Self, String> {
        match origin_of(text).map(web_url) {
            Some(Ok(origin)) => Ok(Self {
                origin,
                whole: OnceLock::new(),
            }),
            // Anything unusual is judged whole, as the URL parser sees it.
            _ => {
                let whole = web_url(text)?;
                Ok(Self {
                    origin: whole.clone(),
                    whole: OnceLock::from(whole),
                })
            }
        }
    }

    /// The whole URL of `token`, which [`checked`](Self::checked) accepted.
    fn get(&self, token: &str) -> &Url {
        self.whole.get_or_init(|| {
            // Past a valid http(s) scheme and authority the URL standard has no parse error
            // (tested), so the origin stands in for a failure that cannot happen.
            let mut buffer = [0; DECODE_BUFFER];
            decode_token(token, &mut buffer)
                .ok()
                .and_then(|decoded| web_url(std::str::from_utf8(&decoded).ok()?).ok())
                .unwrap_or_else(|| self.origin.clone())
        })
    }
}

/// Link URLs are around 150 bytes: most tokens decode without an allocation.
const DECODE_BUFFER: usize = 512;

/// The bytes `token` encodes, in `buffer` when they fit.
fn decode_token<'b>(
    token: &str,
    buffer: &'b mut [u8; DECODE_BUFFER],
) -> Result<Cow<'b, [u8]>, base64::DecodeError> {
    let token = token.trim();
    match TOKEN_BASE64.decode_slice(token, buffer) {
        Ok(length) => Ok(Cow::Borrowed(&buffer[..length])),
        Err(DecodeSliceError::OutputSliceTooSmall) => TOKEN_BASE64.decode(token).map(Cow::Owned),
        Err(DecodeSliceError::DecodeError(error)) => Err(error),
    }
}

/// `scheme://authority` of `text`, with the `/` that follows if one does, when it has that form
/// with nothing but visible characters: for http(s) the URL standard ends the authority at the
/// first `/`, `\`, `?` or `#`. (With the `/`, the parser's copy of the text never regrows.)
fn origin_of(text: &str) -> Option<&str> {
    let text = text.trim();
    let after_scheme = text
        .find(':')
        .filter(|&colon| text[colon..].starts_with("://"))?
        + 3;
    let end = text.as_bytes()[after_scheme..]
        .iter()
        .position(|b| matches!(b, b'/' | b'\\' | b'?' | b'#'))
        .map_or(text.len(), |at| {
            after_scheme + at + usize::from(text.as_bytes()[after_scheme + at] == b'/')
        });
    let origin = &text[..end];
    // Bytes of multi-byte characters are all above 0x7f.
    (!origin.bytes().any(|b| b <= b' ')).then_some(origin)
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
            .field(
                "link_host",
                &self.link_url.origin.host_str().unwrap_or_default(),
            )
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
    fn a_token_longer_than_the_decode_buffer_decodes_too() {
        let url = format!(
            "https://web.meshconnect.com/x?code={}",
            "a".repeat(DECODE_BUFFER)
        );
        let token = LinkToken::from_answer(encode(&url), None, SystemTime::now()).unwrap();
        assert_eq!(token.link_url().as_str(), url);
        assert!(
            LinkToken::from_answer(format!("{}!", encode(&url)), None, SystemTime::now()).is_err()
        );
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
    fn a_url_whose_origin_passes_parses_whole_as_it_would_have_alone() {
        // URL-like texts from the characters that matter to the parser.
        let pieces = [
            "http",
            "https",
            "HTTPS",
            "javascript",
            ":",
            "//",
            "/",
            "\\",
            "?",
            "#",
            "@",
            "[",
            "]",
            "::1",
            "%",
            "%41",
            "host",
            "web.meshconnect.com",
            "xn--",
            "..",
            ".",
            " ",
            "\t",
            "\n",
            "\u{0}",
            "é",
            "ß",
            "a:b",
            ":443",
            ":99999",
            "=",
            "&",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        let mut through_origin = 0;
        for _ in 0..20_000 {
            let mut text = String::from(["https://", "http://", "HTTP://", ""][rng.usize(..4)]);
            for _ in 0..rng.usize(1..8) {
                text.push_str(pieces[rng.usize(..pieces.len())]);
            }
            let alone = web_url(&text);
            match LinkUrl::checked(&text) {
                Ok(link) => {
                    through_origin += usize::from(link.whole.get().is_none());
                    let whole =
                        alone.unwrap_or_else(|e| panic!("{text:?} passed but fails whole: {e}"));
                    assert_eq!(link.get(&encode(&text)), &whole, "{text:?}");
                }
                Err(error) => assert_eq!(Err(error), alone.map(drop), "{text:?}"),
            }
        }
        assert!(
            through_origin > 1_000,
            "too few texts took the origin path: {through_origin}"
        );
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
