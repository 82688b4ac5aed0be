//! Faults written as text, for the `mesh-mock` binary (`--fault`) and for any client in any
//! language (the `X-Mesh-Mock-Fault` request header): `rate-limited:2`, `delay:1500`, `drop`.

use std::str::FromStr;
use std::time::Duration;

use crate::fault::Fault;

/// The request header that asks for a fault on that request alone.
pub const FAULT_HEADER: &str = "X-Mesh-Mock-Fault";

/// Every fault as text, with what it does; `--help` and the README show this list.
pub const FAULT_KINDS: &[(&str, &str)] = &[
    (
        "rate-limited[:SECONDS]",
        "429 with Retry-After (default 1) and a tooManyRequest envelope",
    ),
    (
        "unavailable[:SECONDS]",
        "503 with an empty body, and Retry-After when given",
    ),
    ("status:CODE", "CODE with an empty body"),
    (
        "envelope:CODE:STATUS",
        "CODE with Mesh's envelope whose status is STATUS (badRequest, serverFailure...)",
    ),
    ("html:CODE", "CODE with a proxy's HTML error page"),
    (
        "ok-but-too-many-requests",
        "200 whose envelope says status tooManyRequest",
    ),
    ("malformed-json", "200 with JSON broken in the middle"),
    (
        "unknown-fields",
        "the normal answer with fields Mesh might add later",
    ),
    (
        "unknown-status:VALUE",
        "the normal answer with status VALUE",
    ),
    ("delay:MILLISECONDS", "wait, then answer normally"),
    ("drop", "close the connection without answering"),
    (
        "hang",
        "no answer; the mock closes the connection after 60 s",
    ),
    (
        "truncated",
        "the status, headers and first half of the normal answer, then close",
    ),
    (
        "unauthorized-empty",
        "401 with an empty body and no content type",
    ),
];

/// Why text is not a fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a fault: {reason} (one of: {})", kinds())]
pub struct ParseFaultError {
    text: String,
    reason: &'static str,
}

fn kinds() -> String {
    FAULT_KINDS
        .iter()
        .map(|(syntax, _)| *syntax)
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason| ParseFaultError {
            text: text.chars().take(80).collect(),
            reason,
        };
        let mut parts = text.trim().split(':');
        let kind = parts.next().unwrap_or_default();
        let first = parts.next();
        let second = parts.next();
        if parts.next().is_some() {
            return Err(fail("too many `:` parts"));
        }
        let code = |value: Option<&str>| {
            value
                .and_then(|v| v.parse::<u16>().ok())
                // A 1xx is never a final answer: HTTP cannot send one as the response.
                .filter(|code| (200..=599).contains(code))
                .ok_or_else(|| fail("CODE must be an HTTP status of a final answer, 200 to 599"))
        };
        let seconds = |value: Option<&str>| match value {
            None => Ok(None),
            Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Some(v.to_owned()))
            }
            Some(_) => Err(fail("SECONDS must be a whole number")),
        };
        let no_argument = |fault: Fault| match first {
            None => Ok(fault),
            Some(_) => Err(fail("this fault takes no argument")),
        };
        match kind {
            "rate-limited" => Ok(Fault::rate_limited(
                seconds(first)?.unwrap_or_else(|| "1".to_owned()),
            )),
            "unavailable" => Ok(match seconds(first)? {
                Some(after) => Fault::status(503).header("retry-after", after),
                None => Fault::unavailable(),
            }),
            "status" => Ok(Fault::status(code(first)?)),
            "envelope" => {
                let status = second
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| fail("envelope needs CODE:STATUS"))?;
                Ok(Fault::envelope(
                    code(first)?,
                    status,
                    "Scripted by mesh-mock",
                ))
            }
            "html" => Ok(Fault::html_error(code(first)?)),
            "ok-but-too-many-requests" => no_argument(Fault::ok_but_too_many_requests()),
            "malformed-json" => no_argument(Fault::malformed_json()),
            "unknown-fields" => no_argument(Fault::unknown_fields()),
            "unknown-status" => match first.filter(|s| !s.is_empty()) {
                Some(status) => Ok(Fault::unknown_status(status)),
                None => Err(fail("unknown-status needs a VALUE")),
            },
            "delay" => first
                .and_then(|ms| ms.parse::<u64>().ok())
                .filter(|ms| *ms <= 600_000)
                .map(|ms| Fault::Delay(Duration::from_millis(ms)))
                .ok_or_else(|| fail("MILLISECONDS must be a whole number up to 600000")),
            "drop" => no_argument(Fault::DropConnection),
            "hang" => no_argument(Fault::Hang),
            "truncated" => no_argument(Fault::TruncatedBody),
            "unauthorized-empty" => no_argument(Fault::unauthorized_empty()),
            _ => Err(fail("unknown kind")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_parses_from_its_example() {
        for (syntax, _) in FAULT_KINDS {
            let example = syntax
                .replace("[:SECONDS]", ":2")
                .replace("CODE:STATUS", "500:serverFailure")
                .replace("CODE", "502")
                .replace("VALUE", "paused")
                .replace("MILLISECONDS", "250");
            assert!(example.parse::<Fault>().is_ok(), "{example}");
        }
    }

    #[test]
    fn faults_parse_to_what_the_constructors_make() {
        assert!(matches!(
            "delay:250".parse::<Fault>(),
            Ok(Fault::Delay(d)) if d == Duration::from_millis(250)
        ));
        assert!(matches!("drop".parse::<Fault>(), Ok(Fault::DropConnection)));
        let Ok(Fault::Respond(limited)) = "rate-limited:7".parse::<Fault>() else {
            panic!("rate-limited is a scripted answer");
        };
        assert_eq!(limited.status, 429);
        assert!(
            limited
                .headers
                .contains(&("retry-after".to_owned(), "7".to_owned()))
        );
    }

    #[test]
    fn text_that_is_not_a_fault_is_refused_naming_the_kinds() {
        for text in [
            "",
            "teapot",
            "status:99",
            "status:abc",
            "delay:soon",
            "drop:now",
            "envelope:500",
            "a:b:c:d",
        ] {
            let error = text.parse::<Fault>().unwrap_err();
            assert!(
                error.to_string().contains("rate-limited[:SECONDS]"),
                "{text}: {error}"
            );
        }
    }
}
