//! What is wrong with a request body, as Mesh's 400 envelope reports it: a field and a rule.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use mesh_link_api::rules as code;
use serde_json::{Value, json};

/// Mesh's `errorType` for a 400: a required field is absent, or a present one is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// `errorType: missingField`.
    MissingField,
    /// `errorType: invalidField`.
    InvalidField,
}

impl ProblemKind {
    /// The `errorType` string Mesh uses.
    pub fn error_type(self) -> &'static str {
        match self {
            Self::MissingField => "missingField",
            Self::InvalidField => "invalidField",
        }
    }
}

/// One broken rule: `field` in dotted form (`transferOptions.toAddresses[0].amount`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// The field, as a path into the request body.
    pub field: String,
    /// The rule it breaks, in words.
    pub rule: String,
    /// Missing or invalid.
    pub kind: ProblemKind,
    /// The rule's code in the catalogue the emulator shares with mesh-link
    /// (`mesh_link_api::rules`), when the rule is one of it.
    pub code: Option<&'static str>,
    /// The rule's words are the validator's own, which may quote the value sent.
    quotes_the_body: bool,
}

impl Problem {
    pub(crate) fn missing(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
            kind: ProblemKind::MissingField,
            code: None,
            quotes_the_body: false,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
            kind: ProblemKind::InvalidField,
            code: None,
            quotes_the_body: false,
        }
    }

    /// The same problem, reported under `code` of the shared catalogue.
    pub(crate) fn coded(self, code: &'static str) -> Self {
        Self {
            code: Some(code),
            ..self
        }
    }

    /// A problem whose rule is the validator's message, which may quote the body.
    fn in_the_validators_words(field: impl Into<String>, message: String) -> Self {
        Self {
            quotes_the_body: true,
            ..Self::invalid(field, message)
        }
    }

    /// The field and the rule, for a log line: the rule's kind alone where its words might
    /// quote a value from the body.
    pub(crate) fn for_the_log(&self) -> String {
        if self.quotes_the_body {
            format!("{}: {}", self.field, self.kind.error_type())
        } else {
            self.message()
        }
    }

    /// `field: rule`, the envelope's message.
    pub fn message(&self) -> String {
        format!("{}: {}", self.field, self.rule)
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({"field": self.field, "rule": self.rule, "errorType": self.kind.error_type(), "code": self.code})
    }
}

/// Every way `body` breaks the spec's schema.
pub(crate) fn schema_problems(validator: &Validator, body: &Value) -> Vec<Problem> {
    validator
        .iter_errors(body)
        .map(|error| explain(&error))
        .collect()
}

pub(crate) fn explain(error: &ValidationError<'_>) -> Problem {
    let at = dotted(error.instance_path().as_str());
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_owned);
            Problem::missing(join(&at, &name), "is required")
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => Problem::invalid(
            join(&at, unexpected.first().map_or("?", String::as_str)),
            "is not a field the spec allows here",
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // A nullable field fails both "is null" and its real schema: report the real one.
            context
                .iter()
                .filter(|branch| !branch.iter().all(is_null_type_error))
                .find_map(|branch| branch.first())
                .map_or_else(
                    || Problem::in_the_validators_words(field_or_body(&at), error.to_string()),
                    explain,
                )
        }
        kind => match rule(kind) {
            Some(rule) => {
                let problem = Problem::invalid(field_or_body(&at), rule);
                match catalogued(kind) {
                    Some(code) => problem.coded(code),
                    None => problem,
                }
            }
            None => Problem::in_the_validators_words(field_or_body(&at), short(&error.to_string())),
        },
    }
}

/// The shared catalogue's code for a schema keyword the client checks as a rule of its own.
fn catalogued(kind: &ValidationErrorKind) -> Option<&'static str> {
    match kind {
        ValidationErrorKind::MaxLength { .. } => Some(code::TOO_LONG),
        ValidationErrorKind::MinLength { .. } => Some(code::EMPTY),
        ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. } => {
            Some(code::OUT_OF_RANGE)
        }
        _ => None,
    }
}

fn rule(kind: &ValidationErrorKind) -> Option<String> {
    Some(match kind {
        ValidationErrorKind::MaxLength { limit } => {
            format!("is longer than {limit} characters (maxLength {limit})")
        }
        ValidationErrorKind::MinLength { limit } => {
            format!("is shorter than {limit} characters (minLength {limit})")
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("is greater than {limit} (maximum {limit})")
        }
        ValidationErrorKind::Minimum { limit } => format!("is less than {limit} (minimum {limit})"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        ValidationErrorKind::MaxItems { limit } => {
            format!("has more than {limit} items (maxItems {limit})")
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("has fewer than {limit} items (minItems {limit})")
        }
        ValidationErrorKind::Enum { options } => format!("must be one of {options}"),
        ValidationErrorKind::Format { format } => format!("is not a valid {format}"),
        ValidationErrorKind::Pattern { pattern } => format!("does not match the pattern {pattern}"),
        ValidationErrorKind::Type { kind } => format!("must be {}", type_words(kind)),
        _ => return None,
    })
}

fn type_words(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(ty) => format!("of type {ty}"),
        TypeKind::Multiple(types) => {
            let names: Vec<String> = types
                .iter()
                .map(|t| t.to_string())
                .filter(|t| t != "null")
                .collect();
            format!("of type {} (or null)", names.join(" or "))
        }
    }
}

fn is_null_type_error(error: &ValidationError<'_>) -> bool {
    matches!(error.kind(), ValidationErrorKind::Type { kind: TypeKind::Single(ty) } if ty.to_string() == "null")
}

/// `/transferOptions/toAddresses/0/amount` → `transferOptions.toAddresses[0].amount`.
pub(crate) fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            out = join(&out, &segment);
        }
    }
    out
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

fn field_or_body(at: &str) -> String {
    if at.is_empty() {
        "body".to_owned()
    } else {
        at.to_owned()
    }
}

/// Validator messages quote the offending value, which may be huge.
fn short(text: &str) -> String {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_dotted_paths() {
        assert_eq!(
            dotted("/transferOptions/toAddresses/0/amount"),
            "transferOptions.toAddresses[0].amount"
        );
        assert_eq!(dotted(""), "");
        assert_eq!(dotted("/a~1b"), "a/b");
    }

    #[test]
    fn long_messages_are_cut() {
        assert_eq!(short(&"x".repeat(500)).chars().count(), 203);
        assert_eq!(short("short"), "short");
    }
}
