//! The guide's use-case rules the API enforces beyond the schema.
//!
//! Source: Mesh's guide "Fetch a Link Token" (`toAddresses[].networkId`, `.symbol`, `.address`
//! "required for transfers"; `.amount` "required when transferType: payment" and "not to be used
//! in combination with the amountInFiat field").

use serde_json::Value;

use crate::problems::Problem;

/// Every way `body` (already valid against the schema) breaks the guide's rules.
pub(crate) fn guide_problems(body: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(options) = body.get("transferOptions").filter(|o| o.is_object()) else {
        return problems;
    };
    let is_payment = options.get("transferType").and_then(Value::as_str) == Some("payment");
    let destinations = options
        .get("toAddresses")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, destination) in destinations.iter().enumerate() {
        for field in ["networkId", "symbol", "address"] {
            if is_absent(destination.get(field)) {
                problems.push(Problem::missing(
                    format!("transferOptions.toAddresses[{i}].{field}"),
                    "is required for transfers (networkId, symbol and address on every destination)",
                ));
            }
        }
        if is_payment && is_absent(destination.get("amount")) {
            problems.push(Problem::missing(
                format!("transferOptions.toAddresses[{i}].amount"),
                "is required when transferType is payment",
            ));
        }
    }
    if is_payment && !is_absent(options.get("amountInFiat")) {
        problems.push(Problem::invalid(
            "transferOptions.amountInFiat",
            "must not be used when transferType is payment (give amount on each destination)",
        ));
    }
    problems
}

fn is_absent(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(body: Value) -> Vec<String> {
        guide_problems(&body).into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn transfers_need_network_symbol_and_address_on_every_destination() {
        let body = json!({"userId": "u", "transferOptions": {"toAddresses": [
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a"},
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": " ", "address": null}
        ]}});
        assert_eq!(
            fields(body),
            [
                "transferOptions.toAddresses[1].symbol",
                "transferOptions.toAddresses[1].address"
            ]
        );
    }

    #[test]
    fn payments_need_amounts_and_no_fiat_amount() {
        let body = json!({"userId": "u", "transferOptions": {"transferType": "payment", "amountInFiat": 10, "toAddresses": [
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a", "amount": 1.5},
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a"}
        ]}});
        assert_eq!(
            fields(body),
            [
                "transferOptions.toAddresses[1].amount",
                "transferOptions.amountInFiat"
            ]
        );
    }

    #[test]
    fn deposits_and_plain_connections_have_no_extra_rules() {
        assert!(fields(json!({"userId": "u"})).is_empty());
        let deposit = json!({"userId": "u", "transferOptions": {"transferType": "deposit", "amountInFiat": 5, "toAddresses": [
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a"}]}});
        assert!(fields(deposit).is_empty());
    }
}
