//! The catalogue of the rules a link-token request must keep beyond the types of its schema:
//! each with its stable code, the fields it applies to, where Mesh says it, and whether Mesh's
//! API refuses a request that breaks it.
//!
//! `mesh-link` checks every rule before sending and reports it by code (`Rule::code`); the
//! `mesh-mock` emulator, written apart so that the two can be held to each other, refuses those
//! Mesh refuses and reports the same codes in its `errorData`; the workspace's agreement test
//! walks this catalogue. A field is a path into the body Mesh receives, `[]` standing for any
//! item of a list (`transferOptions.toAddresses[].amount`); a rule of the transfers query
//! (`GET /api/v1/transfers/managed/mesh`) names the query parameter as Mesh spells it (`UserId`).

/// Text that must not be empty or blank.
pub const EMPTY: &str = "empty";
/// Text longer than the spec's `maxLength`.
pub const TOO_LONG: &str = "too_long";
/// Personal data in `userId`: an email address.
pub const LOOKS_LIKE_EMAIL: &str = "looks_like_email";
/// Personal data in `userId`: a phone number.
pub const LOOKS_LIKE_PHONE_NUMBER: &str = "looks_like_phone_number";
/// An amount that is not above zero.
pub const NOT_POSITIVE: &str = "not_positive";
/// An amount the double Mesh reads cannot say exactly.
pub const TOO_PRECISE: &str = "too_precise";
/// A number outside the spec's `minimum` and `maximum`.
pub const OUT_OF_RANGE: &str = "out_of_range";
/// A payment destination without its amount.
pub const REQUIRED_FOR_PAYMENT: &str = "required_for_payment";
/// A payment link without a transaction ID.
pub const REQUIRED_FOR_PAY_LINK: &str = "required_for_pay_link";
/// A fiat total on a payment.
pub const NOT_FOR_PAYMENT: &str = "not_for_payment";
/// An option of another use case.
pub const NOT_FOR_USE_CASE: &str = "not_for_use_case";
/// A transfer with no destination.
pub const NO_DESTINATION: &str = "no_destination";
/// Two fields that exclude each other.
pub const CONFLICTS_WITH: &str = "conflicts_with";
/// An ID Mesh's catalog does not list.
pub const NOT_LISTED: &str = "not_listed";
/// A token the destination's network does not take, by the catalog.
pub const TOKEN_NOT_ON_NETWORK: &str = "token_not_on_network";
/// An integration that transfers on none of the request's networks, by the catalog.
pub const INTEGRATION_TAKES_NONE_OF: &str = "integration_takes_none_of";
/// A DeFi wallet given a network it does not take, by the catalog.
pub const NOT_FOR_WALLET: &str = "not_for_wallet";
/// A query filter longer than the query's `maxLength`, which is shorter than the link token's.
pub const TOO_LONG_FOR_QUERY: &str = "too_long_for_query";
/// A list longer than the spec's `maxItems`.
pub const TOO_MANY: &str = "too_many";
/// The end of a range before its start.
pub const LESS_THAN: &str = "less_than";
/// A body the spec's generated types refuse although every rule above accepts it.
pub const SPEC: &str = "spec";

/// One rule on some fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleEntry {
    /// The rule's stable code.
    pub code: &'static str,
    /// The fields, as paths into the body (`[]` for any item of a list).
    pub fields: &'static [&'static str],
    /// Where Mesh says it.
    pub source: &'static str,
    /// Whether Mesh's API refuses a request that breaks it; otherwise only the client checks
    /// it, before sending.
    pub refused_by_mesh: bool,
}

/// The destination fields the guide requires of every transfer.
const DESTINATION_REQUIRED: &[&str] = &[
    "transferOptions.toAddresses[].networkId",
    "transferOptions.toAddresses[].symbol",
    "transferOptions.toAddresses[].address",
];

/// Every amount of a request but the client fee, whose range starts at 0.
const AMOUNTS: &[&str] = &[
    "transferOptions.amountInFiat",
    "transferOptions.toAddresses[].amount",
    "transferOptions.toAddresses[].displayAmountInFiat",
    "transferOptions.toAddresses[].minAmount",
    "transferOptions.toAddresses[].minAmountInFiat",
];

/// The catalogue, one entry per rule and the fields it covers alike.
pub const RULES: &[RuleEntry] = &[
    RuleEntry {
        code: EMPTY,
        fields: DESTINATION_REQUIRED,
        source: "Mesh's guide \"Fetch a Link Token\": networkId, symbol and address are required for transfers",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: EMPTY,
        fields: &["userId"],
        source: "the client's own for blank text: the spec's minLength 1 refuses only \"\"",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: EMPTY,
        fields: &[
            "transferOptions.transactionId",
            "transferOptions.description",
            "transferOptions.toAddresses[].addressTag",
            "verifyWalletOptions.message",
            "verifyWalletOptions.addresses[]",
        ],
        source: "the client's own: optional text, when given, is not empty",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: TOO_LONG,
        fields: &[
            "userId",
            "transferOptions.transactionId",
            "transferOptions.description",
        ],
        source: "the spec's maxLength",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: LOOKS_LIKE_EMAIL,
        fields: &["userId"],
        source: "Mesh's guide: no personal data in userId",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: LOOKS_LIKE_PHONE_NUMBER,
        fields: &["userId"],
        source: "Mesh's guide: no personal data in userId",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: NOT_POSITIVE,
        fields: AMOUNTS,
        source: "the client's own: amounts are above zero",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: TOO_PRECISE,
        fields: &[
            "transferOptions.amountInFiat",
            "transferOptions.clientFee",
            "transferOptions.toAddresses[].amount",
            "transferOptions.toAddresses[].displayAmountInFiat",
            "transferOptions.toAddresses[].minAmount",
            "transferOptions.toAddresses[].minAmountInFiat",
        ],
        source: "the client's own: the spec's number is a double (format: double), which would round the decimal",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: OUT_OF_RANGE,
        fields: &["transferOptions.clientFee"],
        source: "the spec's minimum and maximum",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: REQUIRED_FOR_PAYMENT,
        fields: &["transferOptions.toAddresses[].amount"],
        source: "Mesh's guide \"Fetch a Link Token\": amount is required when transferType is payment",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: REQUIRED_FOR_PAY_LINK,
        fields: &["transferOptions.transactionId"],
        source: "Mesh's PayLinks quickstart: a payment link is issued for a transaction of yours",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: NOT_FOR_PAYMENT,
        fields: &["transferOptions.amountInFiat"],
        source: "Mesh's guide \"Fetch a Link Token\": amount is not to be used in combination with amountInFiat",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: NOT_FOR_USE_CASE,
        fields: &[
            "transferOptions.toAddresses",
            "transferOptions.transactionId",
            "transferOptions.amountInFiat",
            "transferOptions.clientFee",
            "transferOptions.isInclusiveFeeEnabled",
            "transferOptions.generatePayLink",
            "transferOptions.description",
            "transferOptions.fundingOptions",
            "transferOptions.goodsDetails",
            "transferOptions.toAddresses[].minAmount",
            "transferOptions.toAddresses[].minAmountInFiat",
            "verifyWalletOptions",
        ],
        source: "Mesh's guide: each option belongs to its use cases",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: NO_DESTINATION,
        fields: &["transferOptions.toAddresses"],
        source: "Mesh's guide: a transfer goes to one of its toAddresses",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: CONFLICTS_WITH,
        fields: &["verifyWalletOptions.networkType"],
        source: "Mesh's spec: networkType is used when networkId is not given",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: NOT_LISTED,
        fields: &[
            "transferOptions.toAddresses[].networkId",
            "verifyWalletOptions.networkId",
            "integrationId",
        ],
        source: "Mesh's catalogs (GET /api/v1/transfers/managed/networks, /integrations); Mesh documents no refusal",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: TOKEN_NOT_ON_NETWORK,
        fields: &["transferOptions.toAddresses[].symbol"],
        source: "Mesh's networks catalog; Mesh documents no refusal",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: INTEGRATION_TAKES_NONE_OF,
        fields: &["integrationId"],
        source: "Mesh's integrations catalog; Mesh documents no refusal",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: NOT_FOR_WALLET,
        fields: &["transferOptions.toAddresses[].networkId"],
        source: "Mesh's spec, the 400 of POST /api/v1/linktoken: \"Network not supported by the selected DeFi wallet\"",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: EMPTY,
        fields: &["ClientTransactionId", "UserId", "Hash"],
        source: "the client's own: a filter, when given, is not empty",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: TOO_LONG,
        fields: &["ClientTransactionId"],
        source: "the spec's maxLength of GET /api/v1/transfers/managed/mesh",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: TOO_LONG_FOR_QUERY,
        fields: &["UserId"],
        source: "the spec: GET /api/v1/transfers/managed/mesh filters on a UserId of at most 50 characters, though POST /api/v1/linktoken takes one of 300",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: TOO_MANY,
        fields: &["Statuses", "IntegrationIds"],
        source: "the spec's maxItems of GET /api/v1/transfers/managed/mesh",
        refused_by_mesh: true,
    },
    RuleEntry {
        code: OUT_OF_RANGE,
        fields: &["Count"],
        source: "the spec's description of Count: \"Default 10, maximum - 100\"",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: LESS_THAN,
        fields: &["ToTimestamp"],
        source: "the client's own: a time range that ends before it starts matches nothing",
        refused_by_mesh: false,
    },
    RuleEntry {
        code: SPEC,
        fields: &["body"],
        source: "the spec's generated types",
        refused_by_mesh: true,
    },
];

/// The entry for a rule broken at `field` (a path with list indexes, as reported), if the
/// catalogue has one.
pub fn entry(code: &str, field: &str) -> Option<&'static RuleEntry> {
    let pattern = without_indexes(field);
    RULES
        .iter()
        .find(|entry| entry.code == code && entry.fields.contains(&pattern.as_str()))
}

/// `transferOptions.toAddresses[2].amount` as `transferOptions.toAddresses[].amount`.
fn without_indexes(field: &str) -> String {
    let mut pattern = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_index = true;
                pattern.push(c);
            }
            ']' => {
                in_index = false;
                pattern.push(c);
            }
            _ if in_index => {}
            _ => pattern.push(c),
        }
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_indexes_finds_its_entry() {
        let found = entry(
            REQUIRED_FOR_PAYMENT,
            "transferOptions.toAddresses[3].amount",
        )
        .unwrap();
        assert!(found.refused_by_mesh);
        assert!(found.source.contains("Fetch a Link Token"));
        assert_eq!(refused(EMPTY, "userId"), Some(false));
        assert_eq!(
            refused(EMPTY, "transferOptions.toAddresses[0].symbol"),
            Some(true)
        );
        assert_eq!(
            entry(TOO_LONG, "transferOptions.toAddresses[0].symbol"),
            None
        );
    }

    fn refused(code: &str, field: &str) -> Option<bool> {
        entry(code, field).map(|found| found.refused_by_mesh)
    }

    #[test]
    fn no_rule_is_listed_twice_for_a_field() {
        for (i, a) in RULES.iter().enumerate() {
            for b in &RULES[i + 1..] {
                for field in a.fields {
                    assert!(
                        !(a.code == b.code && b.fields.contains(field)),
                        "{} at {field} is listed twice",
                        a.code
                    );
                }
            }
        }
    }
}
