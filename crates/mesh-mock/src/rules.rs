//! The rules the API enforces beyond the schema.
//!
//! Sources: Mesh's guide "Fetch a Link Token" (`toAddresses[].networkId`, `.symbol`, `.address`
//! "required for transfers"; `.amount` "required when transferType: payment" and "not to be used
//! in combination with the amountInFiat field"); Mesh's PayLinks quickstart (`generatePayLink`
//! needs a `transactionId`); the spec's 400 of this call ("Network not supported by the
//! selected DeFi wallet").

use mesh_link_api::rules as code;
use serde_json::Value;

use crate::catalog::{Catalog, same_id};
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
                problems.push(
                    Problem::missing(
                        format!("transferOptions.toAddresses[{i}].{field}"),
                        "is required for transfers (networkId, symbol and address on every destination)",
                    )
                    .coded(code::EMPTY),
                );
            }
        }
        if is_payment && is_absent(destination.get("amount")) {
            problems.push(
                Problem::missing(
                    format!("transferOptions.toAddresses[{i}].amount"),
                    "is required when transferType is payment",
                )
                .coded(code::REQUIRED_FOR_PAYMENT),
            );
        }
    }
    if is_payment && !is_absent(options.get("amountInFiat")) {
        problems.push(
            Problem::invalid(
                "transferOptions.amountInFiat",
                "must not be used when transferType is payment (give amount on each destination)",
            )
            .coded(code::NOT_FOR_PAYMENT),
        );
    }
    if options.get("generatePayLink") == Some(&Value::Bool(true))
        && is_absent(options.get("transactionId"))
    {
        problems.push(
            Problem::missing(
                "transferOptions.transactionId",
                "is required when generatePayLink is true",
            )
            .coded(code::REQUIRED_FOR_PAY_LINK),
        );
    }
    problems
}

/// A DeFi wallet `integrationId` given a destination network the catalog does not list for it.
pub(crate) fn catalog_problems(catalog: &Catalog, body: &Value) -> Vec<Problem> {
    let Some(integration) = body
        .get("integrationId")
        .and_then(Value::as_str)
        .and_then(|id| catalog.integration(id))
        .filter(|integration| {
            integration.get("type").and_then(Value::as_str) == Some("deFiWallet")
        })
    else {
        return Vec::new();
    };
    let listed = integration
        .get("networks")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let destinations = body
        .pointer("/transferOptions/toAddresses")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    destinations
        .iter()
        .enumerate()
        .filter_map(|(i, destination)| {
            let network = destination.get("networkId").and_then(Value::as_str)?;
            let supported = listed
                .iter()
                .any(|listed| same_id(listed.get("id"), network));
            (!supported).then(|| {
                Problem::invalid(
                    format!("transferOptions.toAddresses[{i}].networkId"),
                    "Network not supported by the selected DeFi wallet",
                )
                .coded(code::NOT_FOR_WALLET)
            })
        })
        .collect()
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
    fn a_pay_link_needs_a_transaction_id() {
        let body = |transaction: Value| {
            json!({"userId": "u", "transferOptions": {"generatePayLink": true, "transactionId": transaction,
                "toAddresses": [{"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a"}]}})
        };
        assert_eq!(fields(body(Value::Null)), ["transferOptions.transactionId"]);
        assert!(fields(body(json!("order-1"))).is_empty());
    }

    #[test]
    fn a_defi_wallet_refuses_a_network_it_does_not_list() {
        let catalog = Catalog::fixture();
        let body = |network: &str| {
            json!({"userId": "u", "integrationId": "34aeb688-decb-485f-9d80-b66466783394",
                "transferOptions": {"toAddresses": [{"networkId": network, "symbol": "USDC", "address": "a"}]}})
        };
        // MetaMask takes Base, not Solana.
        assert!(
            catalog_problems(&catalog, &body("aa883b03-120d-477c-a588-37c2afd3ca71")).is_empty()
        );
        let problems = catalog_problems(&catalog, &body("0291810a-5947-424d-9a59-e88bb33e999d"));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].field,
            "transferOptions.toAddresses[0].networkId"
        );
        // An exchange is not a DeFi wallet: Mesh documents the refusal for wallets only.
        let exchange = json!({"userId": "u", "integrationId": "47624467-e52e-4938-a41a-7926b6c27acf",
            "transferOptions": {"toAddresses": [{"networkId": "c5dc5d2e-68c1-4261-9a30-90b598738bf5", "symbol": "USDT", "address": "a"}]}});
        assert!(catalog_problems(&catalog, &exchange).is_empty());
    }

    #[test]
    fn deposits_and_plain_connections_have_no_extra_rules() {
        assert!(fields(json!({"userId": "u"})).is_empty());
        let deposit = json!({"userId": "u", "transferOptions": {"transferType": "deposit", "amountInFiat": 5, "toAddresses": [
            {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": "a"}]}});
        assert!(fields(deposit).is_empty());
    }
}
