//! Whether a `userId` looks like personal data, which Mesh's docs forbid ("Personally
//! identifiable information such as an email address or phone number should not be used").

/// `name@domain.tld`, with no spaces.
pub(crate) fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

/// `+` and 7 to 15 digits (E.164), or 10 to 15 digits written with separators such as
/// `(415) 555-0123`. Bare digit strings are not flagged: numeric user IDs are common.
pub(crate) fn looks_like_phone_number(text: &str) -> bool {
    let text = text.trim();
    let phone_chars = text.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.') || (c == '+' && i == 0)
    });
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let has_separator = text.contains([' ', '-', '(', ')', '.']);
    phone_chars
        && ((text.starts_with('+') && (7..=15).contains(&digits))
            || (has_separator && (10..=15).contains(&digits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_recognised() {
        for email in ["jane@example.com", " j.doe+mesh@mail.example.co.uk "] {
            assert!(looks_like_email(email), "{email}");
        }
        for not_email in [
            "user-1234",
            "@handle",
            "a@b",
            "a@b.",
            "team@ example.com",
            "a@b@c.com",
        ] {
            assert!(!looks_like_email(not_email), "{not_email}");
        }
    }

    #[test]
    fn phone_numbers_are_recognised_but_numeric_ids_are_not() {
        for phone in [
            "+14155550123",
            "+44 20 7946 0958",
            "(415) 555-0123",
            "415-555-0123",
            "415.555.0123",
        ] {
            assert!(looks_like_phone_number(phone), "{phone}");
        }
        for not_phone in [
            "4155550123",
            "12345678",
            "2026-11-22",
            "user 415 555 0123",
            "+1 23",
            "1+415555012",
        ] {
            assert!(!looks_like_phone_number(not_phone), "{not_phone}");
        }
    }
}
