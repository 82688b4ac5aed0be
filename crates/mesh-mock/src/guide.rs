//! The example request bodies of Mesh's guide "Fetch a Link Token", one per use case, as valid
//! JSON: the guide prints them with `//` comments and trailing commas, taken out here. Values
//! such as `UNIQUE_USER_ID` are the guide's placeholders. Each is accepted by the mock.

/// The deposit example (`transferType: deposit`).
pub const DEPOSIT: &str = include_str!("../guide/deposit.json");
/// The payment example (`transferType: payment`, an `amount` per destination).
pub const PAYMENT: &str = include_str!("../guide/payment.json");
/// The onramp example (`transferType: onramp`, `amountInFiat`, fees included).
pub const ONRAMP: &str = include_str!("../guide/onramp.json");
/// The account-connection example (authentication only, no transfer).
pub const AUTHENTICATION: &str = include_str!("../guide/authentication.json");
/// The wallet-verification example. It keeps both `networkId` and `networkType`, as the guide's
/// example sends them, although the guide's prose says not to combine them.
pub const VERIFICATION: &str = include_str!("../guide/verification.json");

/// Every example, by the name of its use case.
pub const ALL: [(&str, &str); 5] = [
    ("deposit", DEPOSIT),
    ("payment", PAYMENT),
    ("onramp", ONRAMP),
    ("authentication", AUTHENTICATION),
    ("verification", VERIFICATION),
];

/// The example of `use_case` (`deposit`, `payment`, `onramp`, `authentication`, `verification`).
pub fn example(use_case: &str) -> Option<&'static str> {
    ALL.iter()
        .find(|(name, _)| *name == use_case)
        .map(|(_, body)| *body)
}

/// The example of `use_case`, parsed.
pub fn body(use_case: &str) -> Option<serde_json::Value> {
    // The examples are JSON: the test below reads every one.
    example(use_case).and_then(|text| serde_json::from_str(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_json_with_a_user_id() {
        for (name, body) in ALL {
            let value: serde_json::Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(value["userId"].is_string(), "{name}");
        }
        assert_eq!(example("payment"), Some(PAYMENT));
        assert_eq!(example("refund"), None);
        assert_eq!(
            body("payment").unwrap()["transferOptions"]["transferType"],
            "payment"
        );
    }
}
