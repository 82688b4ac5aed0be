//! Text from the network as errors and logs show it: short, printable, and free of the client
//! secret and of anything that looks like a token, whoever sent it.

/// How many characters of a body an error shows.
const EXCERPT_CHARS: usize = 200;
/// How many characters of a field of Mesh's envelope (`message`, `displayMessage`...) an error
/// keeps: Mesh's are a sentence or two.
pub(crate) const QUOTE_CHARS: usize = 1000;
/// How much of the body is searched for secrets before it is cut (more than the excerpt can
/// hold, so a secret is never cut in half and shown in part).
const SCAN_BYTES: usize = 4096;
/// Runs of base64/URL-safe characters at least this long are taken for tokens and hidden.
const TOKEN_RUN: usize = 24;
const REDACTED: &str = "[redacted]";

/// The start of `body`, printable, with `secret` and anything token-like redacted.
pub(crate) fn excerpt(body: &[u8], secret: &str) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(SCAN_BYTES)]);
    redact(&head, secret)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(EXCERPT_CHARS)
        .collect()
}

/// A field of Mesh's answer as an error keeps it: redacted as [`redact`] does, control
/// characters blanked, cut to [`QUOTE_CHARS`] (with `…` where cut).
pub(crate) fn quote(text: &str, secret: &str) -> String {
    let redacted = redact(text, secret);
    if redacted.len() <= QUOTE_CHARS && !redacted.chars().any(char::is_control) {
        return redacted;
    }
    let mut quoted: String = redacted
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(QUOTE_CHARS)
        .collect();
    if redacted.chars().nth(QUOTE_CHARS).is_some() {
        quoted.push('…');
    }
    quoted
}

/// `text` with every occurrence of `secret` and every token-like run replaced; a UUID (a
/// network or integration ID Mesh names) is kept.
pub(crate) fn redact(text: &str, secret: &str) -> String {
    let unsecret;
    let mut rest = if !secret.is_empty() && text.contains(secret) {
        unsecret = text.replace(secret, REDACTED);
        unsecret.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(rest.len());
    while let Some(start) = rest.find(is_token_char) {
        let (before, from) = rest.split_at(start);
        let end = from.find(|c| !is_token_char(c)).unwrap_or(from.len());
        let (run, after) = from.split_at(end);
        out.push_str(before);
        let hyphenated_uuid = run.len() == 36 && uuid::Uuid::try_parse(run).is_ok();
        out.push_str(if run.len() >= TOKEN_RUN && !hyphenated_uuid {
            REDACTED
        } else {
            run
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A character of base64, URL-safe base64, or a UUID.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_tokens_are_hidden_and_the_rest_kept() {
        let body = br#"{"linkToken": "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLw==", "echo": "X-Client-Secret: hunter2", "ok": 1}"#;
        let shown = excerpt(body, "hunter2");
        assert!(
            !shown.contains("hunter2") && !shown.contains("aHR0cHM6"),
            "{shown}"
        );
        assert!(shown.contains(r#""ok": 1"#), "{shown}");
    }

    #[test]
    fn long_bodies_are_cut_and_control_characters_blanked() {
        let body = format!("<html>\n{}", "word ".repeat(1000));
        let shown = excerpt(body.as_bytes(), "zzz-secret");
        assert_eq!(shown.chars().count(), EXCERPT_CHARS);
        assert!(shown.starts_with("<html> word"), "{shown}");
    }

    #[test]
    fn ids_mesh_names_are_kept() {
        let message = "network e3c7fdd8-b1fc-4e51-85ae-bb276e075611 is not supported";
        assert_eq!(redact(message, "hunter2"), message);
        assert_eq!(
            redact("e3c7fdd8b1fc4e5185aebb276e075611", "x"),
            REDACTED,
            "only the hyphenated form of a UUID is kept: 32 hex digits may be a key"
        );
    }

    #[test]
    fn a_quote_is_redacted_before_it_is_cut() {
        let secret = "s3cret-with-enough-length";
        let text = format!("{}{secret}", "a ".repeat(QUOTE_CHARS / 2 - 3));
        let quoted = quote(&text, secret);
        assert!(!quoted.contains("s3cret"), "{quoted}");
        let long = "word ".repeat(QUOTE_CHARS);
        let quoted = quote(&long, secret);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote("two\nlines", ""), "two lines");
    }

    #[test]
    fn invalid_utf8_is_shown_lossily() {
        assert_eq!(excerpt(&[b'a', 0xff, b'b'], "secret"), "a\u{fffd}b");
    }
}
