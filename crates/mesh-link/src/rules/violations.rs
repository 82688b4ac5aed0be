//! A request's broken rules: each with the field (as a path and as Mesh names it), a stable
//! code for programs and a message for people.

use std::fmt;

use mesh_link_api::rules as code;
use serde::Serialize;
use serde::ser::{SerializeStruct as _, Serializer};

/// A request that breaks one or more rules; caught before anything is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidRequest {
    violations: Vec<Violation>,
}

impl InvalidRequest {
    pub(crate) fn from_violations(violations: Vec<Violation>) -> Self {
        Self { violations }
    }

    /// Every rule the request breaks, in field order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether `field` breaks `rule` (handy in tests and in code that reacts to one rule).
    pub fn has(&self, field: &str, rule: &Rule) -> bool {
        self.violations
            .iter()
            .any(|v| v.field == field && &v.rule == rule)
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut violations = self.violations.iter();
        if let Some(first) = violations.next() {
            write!(f, "{first}")?;
        }
        let more = violations.len();
        if more > 0 {
            write!(f, " (and {more} more)")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRequest {}

/// `{"violations": [...]}`, each as [`Violation`] writes itself.
impl Serialize for InvalidRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("InvalidRequest", 1)?;
        state.serialize_field("violations", &self.violations)?;
        state.end()
    }
}

/// One broken rule: the field (as Mesh names it, e.g. `transferOptions.toAddresses[1].amount`)
/// and the rule.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct Violation {
    /// The field, as a path into the request body Mesh receives.
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

/// The rules a request can break. Each message says what the field must be.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    /// Text must not be empty or blank.
    #[error("must not be empty")]
    Empty,
    /// Text is longer than the spec allows.
    #[error("must be at most {max} characters (got {actual})")]
    TooLong {
        /// The spec's `maxLength`.
        max: usize,
        /// The length given, in characters.
        actual: usize,
    },
    /// A filter of the transfers query longer than the query takes, although the link-token
    /// request takes it: Mesh's two limits disagree.
    #[error(
        "must be at most {max} characters to filter transfers on (got {actual}), although a link token takes up to {link_token_max}: Mesh's spec limits the two differently"
    )]
    TooLongForQuery {
        /// The query's `maxLength`.
        max: usize,
        /// The length given, in characters.
        actual: usize,
        /// The link-token request's `maxLength` for the same value.
        link_token_max: usize,
    },
    /// A list longer than the spec allows.
    #[error("must hold at most {max} items (got {actual})")]
    TooMany {
        /// The spec's `maxItems`.
        max: usize,
        /// The items given.
        actual: usize,
    },
    /// The end of a range that comes before its start.
    #[error("must not be less than {other}")]
    LessThan {
        /// The start of the range.
        other: &'static str,
    },
    /// Mesh's docs forbid personal data in `userId`.
    #[error("must not be an email address: Mesh forbids personal data in userId")]
    LooksLikeEmail,
    /// Mesh's docs forbid personal data in `userId`.
    #[error("must not be a phone number: Mesh forbids personal data in userId")]
    LooksLikePhoneNumber,
    /// Amounts must be greater than zero.
    #[error("must be greater than zero")]
    NotPositive,
    /// Mesh reads a number as a double (the spec's `format: double`), which cannot say this
    /// decimal exactly; sent, it would arrive as another amount.
    #[error(
        "has more digits than Mesh's number (a double) holds exactly; round it (15 significant digits always fit)"
    )]
    TooPrecise,
    /// A number outside the spec's bounds.
    #[error("must be between {min} and {max}")]
    OutOfRange {
        /// The spec's `minimum`.
        min: f64,
        /// The spec's `maximum`.
        max: f64,
    },
    /// Every payment destination needs the exact amount to pay.
    #[error("is required for payments (the exact amount of the asset to pay)")]
    RequiredForPayment,
    /// A payment link is issued for a transaction of yours (Mesh's PayLinks quickstart).
    #[error("is required when generatePayLink is true (Mesh's PayLinks quickstart)")]
    RequiredForPayLink,
    /// Payments give `amount` per destination, never a fiat total.
    #[error(
        "must not be used for payments: give amount on each destination (Mesh cannot guarantee exchange rates)"
    )]
    NotForPayment,
    /// The field belongs to another use case.
    #[error("does not apply to {use_case}")]
    NotForUseCase {
        /// The use case the request is for.
        use_case: &'static str,
    },
    /// A transfer needs somewhere to send the asset.
    #[error("needs at least one destination")]
    NoDestination,
    /// Two fields that must not be given together.
    #[error("must not be combined with {other}")]
    ConflictsWith {
        /// The other field.
        other: &'static str,
    },
    /// An ID Mesh's catalog does not list (checked when
    /// [`MeshClientBuilder::catalog_checks`](crate::MeshClientBuilder::catalog_checks) is on).
    #[error("is not an ID Mesh lists (GET /api/v1/transfers/managed/{list})")]
    NotListed {
        /// The catalog: `networks` or `integrations`.
        list: &'static str,
    },
    /// A token the destination's network does not take, by Mesh's catalog.
    #[error(
        "Mesh lists no {symbol} on {network} (it lists {})",
        list_words(listed)
    )]
    TokenNotOnNetwork {
        /// The symbol given.
        symbol: String,
        /// The network's name.
        network: String,
        /// The symbols Mesh lists on that network.
        listed: Vec<String>,
    },
    /// An integration that transfers on none of the networks the request needs, by Mesh's
    /// catalog (for a DeFi wallet, Mesh refuses it with "Network not supported by the selected
    /// DeFi wallet").
    #[error(
        "{integration} transfers on none of {wanted} (it takes {})",
        list_words(takes)
    )]
    IntegrationTakesNoneOf {
        /// The integration's name.
        integration: String,
        /// What the request needs: the destination networks, or the verification network.
        wanted: String,
        /// The networks Mesh lists for the integration.
        takes: Vec<String>,
    },
    /// A DeFi wallet `integrationId` with a destination on a network the wallet does not
    /// take: Mesh refuses the request ("Network not supported by the selected DeFi wallet").
    #[error(
        "{wallet} is a DeFi wallet that does not take this network (it takes {})",
        list_words(takes)
    )]
    NotForWallet {
        /// The wallet's name.
        wallet: String,
        /// The networks Mesh lists for the wallet.
        takes: Vec<String>,
    },
    /// The spec's generated types refuse a body that every rule above accepts: the rules and
    /// the spec this client was generated from disagree (a test holds them together). Reported,
    /// never a panic.
    #[error("breaks the spec: {detail}")]
    Spec {
        /// What went wrong writing the body.
        detail: String,
    },
}

/// A step of a [`Violation`]'s path into the body: a field name or a list index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PathSegment<'a> {
    /// A field, as Mesh names it (`transferOptions`, `amount`).
    Field(&'a str),
    /// An item of a list, from 0.
    Index(usize),
}

impl Violation {
    /// The field as steps: `transferOptions.toAddresses[1].amount` is
    /// `[Field("transferOptions"), Field("toAddresses"), Index(1), Field("amount")]`, to map
    /// onto your own field names without parsing text.
    pub fn path(&self) -> Vec<PathSegment<'_>> {
        let mut path = Vec::new();
        for part in self.field.split('.') {
            let mut pieces = part.split('[');
            if let Some(name) = pieces.next().filter(|name| !name.is_empty()) {
                path.push(PathSegment::Field(name));
            }
            for index in pieces {
                match index.trim_end_matches(']').parse() {
                    Ok(index) => path.push(PathSegment::Index(index)),
                    Err(_) => path.push(PathSegment::Field(index)),
                }
            }
        }
        path
    }
}

/// `{"field": ..., "path": [...], "code": ..., "message": ...}`: the field as Mesh names it and
/// as steps, the rule's stable [`code`](Rule::code), and the rule's message.
impl Serialize for Violation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Violation", 4)?;
        state.serialize_field("field", &self.field)?;
        state.serialize_field("path", &self.path())?;
        state.serialize_field("code", self.rule.code())?;
        state.serialize_field("message", &self.rule.to_string())?;
        state.end()
    }
}

impl Rule {
    /// A stable, machine-readable name of the rule (`too_long`, `required_for_payment`...): it
    /// never changes once released, whatever the message says. The codes are those of the
    /// catalogue of rules this client and the `mesh-mock` emulator share
    /// (`mesh_link_api::rules`), which also says where Mesh states each rule.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => code::EMPTY,
            Self::TooLong { .. } => code::TOO_LONG,
            Self::TooLongForQuery { .. } => code::TOO_LONG_FOR_QUERY,
            Self::TooMany { .. } => code::TOO_MANY,
            Self::LessThan { .. } => code::LESS_THAN,
            Self::LooksLikeEmail => code::LOOKS_LIKE_EMAIL,
            Self::LooksLikePhoneNumber => code::LOOKS_LIKE_PHONE_NUMBER,
            Self::NotPositive => code::NOT_POSITIVE,
            Self::TooPrecise => code::TOO_PRECISE,
            Self::OutOfRange { .. } => code::OUT_OF_RANGE,
            Self::RequiredForPayment => code::REQUIRED_FOR_PAYMENT,
            Self::RequiredForPayLink => code::REQUIRED_FOR_PAY_LINK,
            Self::NotForPayment => code::NOT_FOR_PAYMENT,
            Self::NotForUseCase { .. } => code::NOT_FOR_USE_CASE,
            Self::NoDestination => code::NO_DESTINATION,
            Self::ConflictsWith { .. } => code::CONFLICTS_WITH,
            Self::NotListed { .. } => code::NOT_LISTED,
            Self::TokenNotOnNetwork { .. } => code::TOKEN_NOT_ON_NETWORK,
            Self::IntegrationTakesNoneOf { .. } => code::INTEGRATION_TAKES_NONE_OF,
            Self::NotForWallet { .. } => code::NOT_FOR_WALLET,
            Self::Spec { .. } => code::SPEC,
        }
    }
}

/// `A, B, C`, or `none` for an empty list.
fn list_words(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(field: &str, rule: Rule) -> Violation {
        Violation {
            field: field.to_owned(),
            rule,
        }
    }

    #[test]
    fn a_field_reads_as_steps() {
        assert_eq!(
            violation("transferOptions.toAddresses[1].amount", Rule::NotPositive).path(),
            [
                PathSegment::Field("transferOptions"),
                PathSegment::Field("toAddresses"),
                PathSegment::Index(1),
                PathSegment::Field("amount"),
            ]
        );
        assert_eq!(
            violation("userId", Rule::Empty).path(),
            [PathSegment::Field("userId")]
        );
        assert_eq!(
            violation("transferOptions.toAddresses[0]", Rule::NoDestination).path(),
            [
                PathSegment::Field("transferOptions"),
                PathSegment::Field("toAddresses"),
                PathSegment::Index(0),
            ]
        );
    }

    #[test]
    fn a_violation_serializes_its_field_path_code_and_message() {
        let invalid = InvalidRequest::from_violations(vec![violation(
            "transferOptions.toAddresses[2].symbol",
            Rule::TokenNotOnNetwork {
                symbol: "USDC".into(),
                network: "Bitcoin".into(),
                listed: vec!["BTC".into()],
            },
        )]);
        assert_eq!(
            serde_json::to_value(&invalid).unwrap(),
            serde_json::json!({"violations": [{
                "field": "transferOptions.toAddresses[2].symbol",
                "path": ["transferOptions", "toAddresses", 2, "symbol"],
                "code": "token_not_on_network",
                "message": "Mesh lists no USDC on Bitcoin (it lists BTC)",
            }]})
        );
    }

    #[test]
    fn every_rule_has_its_own_code() {
        let rules = [
            Rule::Empty,
            Rule::TooLong { max: 1, actual: 2 },
            Rule::LooksLikeEmail,
            Rule::LooksLikePhoneNumber,
            Rule::NotPositive,
            Rule::TooPrecise,
            Rule::OutOfRange { min: 0.0, max: 1.0 },
            Rule::RequiredForPayment,
            Rule::RequiredForPayLink,
            Rule::NotForPayment,
            Rule::NotForUseCase { use_case: "x" },
            Rule::NoDestination,
            Rule::ConflictsWith { other: "x" },
            Rule::NotListed { list: "networks" },
            Rule::TokenNotOnNetwork {
                symbol: String::new(),
                network: String::new(),
                listed: Vec::new(),
            },
            Rule::IntegrationTakesNoneOf {
                integration: String::new(),
                wanted: String::new(),
                takes: Vec::new(),
            },
            Rule::NotForWallet {
                wallet: String::new(),
                takes: Vec::new(),
            },
            Rule::TooLongForQuery {
                max: 0,
                actual: 0,
                link_token_max: 0,
            },
            Rule::TooMany { max: 0, actual: 0 },
            Rule::LessThan { other: "" },
            Rule::Spec {
                detail: String::new(),
            },
        ];
        let codes: std::collections::BTreeSet<&str> = rules.iter().map(Rule::code).collect();
        assert_eq!(codes.len(), rules.len(), "two rules share a code");
        let catalogued: std::collections::BTreeSet<&str> =
            code::RULES.iter().map(|entry| entry.code).collect();
        assert_eq!(
            codes, catalogued,
            "the rules and the shared catalogue differ"
        );
    }
}
