//! The wrapper keeps up with the spec: every request field and every value of a request-side
//! enum in the vendored spec is either sent by mesh-link's public API or listed below, with a
//! reason, as deliberately not exposed. After a `cargo xtask spec update`, this test names
//! exactly what the hand-written wrapper has to grow.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr as _;

use mesh_link::{
    BrokerType, Destination, GoodsDetails, GoodsType, LinkTokenRequest, NetworkType,
    WalletVerification, integrations, networks,
};
use rust_decimal::dec;
use serde_json::Value;

/// Request fields (`Schema.property`) mesh-link does not let users send, and why.
const NOT_EXPOSED_FIELDS: &[(&str, &str)] = &[];

/// Values of request-side enums (`Schema: value`) mesh-link does not let users send, and why.
const NOT_EXPOSED_VALUES: &[(&str, &str)] = &[];

/// Enums mesh-link re-exports as generated, so every value the spec lists can be sent.
fn sendable_through_generated_enum(schema: &str, value: &str) -> bool {
    match schema {
        "BrokerType" => BrokerType::from_str(value).is_ok(),
        "NetworkType" => NetworkType::from_str(value).is_ok(),
        _ => false,
    }
}

/// Requests that between them use every option of the public API.
#[allow(deprecated, reason = "brokerType is still a field of the spec")]
fn every_option() -> Vec<LinkTokenRequest> {
    let goods = GoodsDetails::named("Sticker")
        .goods_type(GoodsType::Virtual)
        .category("Stationery")
        .reference_id("sku-1")
        .detail("A sticker");
    vec![
        LinkTokenRequest::payment(
            "user-1",
            [Destination::new(
                networks::BASE,
                "USDC",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            )
            .amount(dec!(10.0))
            .address_tag("memo")
            .display_amount_in_fiat(dec!(10.0))],
        )
        .transaction_id("payment-1")
        .client_fee(dec!(0.01))
        .generate_pay_link(true)
        .description("An order")
        .add_goods(goods)
        .disable_api_key_generation(true)
        .restrict_multiple_accounts(false)
        .sub_client(uuid::Uuid::nil())
        .with_wallet_verification(
            WalletVerification::signed_message()
                .message("Prove it")
                .network(networks::BASE)
                .addresses(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]),
        ),
        LinkTokenRequest::deposit(
            "user-1",
            [Destination::new(
                networks::SOLANA,
                "USDC",
                "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
            )
            .min_amount(dec!(1.0))
            .min_amount_in_fiat(dec!(1.0))],
        )
        .amount_in_fiat(dec!(25.0))
        .inclusive_fee(false)
        .funding_options_enabled(true)
        .with_wallet_verification(
            WalletVerification::signed_message().network_type(NetworkType::Solana),
        ),
        LinkTokenRequest::onramp(
            "user-1",
            [Destination::new(
                networks::ETHEREUM,
                "ETH",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            )],
        )
        .integration(integrations::BINANCE_CONNECT),
        LinkTokenRequest::connect("user-1").broker_type(BrokerType::Coinbase),
    ]
}

/// What the spec lets a client send: fields and enum values, reached from the request body.
#[derive(Default)]
struct RequestSide {
    fields: BTreeSet<String>,
    values: BTreeSet<String>,
}

fn spec() -> Value {
    serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).expect("the embedded spec parses")
}

fn request_root(spec: &Value) -> String {
    let schema = &spec["paths"]["/api/v1/linktoken"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    referenced(schema).expect("the request body is a named schema")
}

fn referenced(schema: &Value) -> Option<String> {
    let reference = schema
        .get("$ref")
        .or_else(|| schema.pointer("/allOf/0/$ref"))?
        .as_str()?;
    Some(reference.rsplit('/').next()?.to_owned())
}

fn request_side(spec: &Value) -> RequestSide {
    let schemas = &spec["components"]["schemas"];
    let mut side = RequestSide::default();
    let mut pending = vec![request_root(spec)];
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let schema = &schemas[&name];
        for value in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            side.values
                .insert(format!("{name}: {}", value.as_str().unwrap_or_default()));
        }
        for (property, property_schema) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            side.fields.insert(format!("{name}.{property}"));
            let element = property_schema.get("items").unwrap_or(property_schema);
            pending.extend(referenced(element));
        }
    }
    side
}

/// The fields and enum values present in `body`, named by the schema each sits in.
fn sent(body: &Value, schema_name: &str, spec: &Value, out: &mut RequestSide) {
    let schema = &spec["components"]["schemas"][schema_name];
    if let (Some(value), Some(_)) = (body.as_str(), schema.get("enum")) {
        out.values.insert(format!("{schema_name}: {value}"));
        return;
    }
    for (property, value) in body.as_object().into_iter().flatten() {
        out.fields.insert(format!("{schema_name}.{property}"));
        let property_schema = &schema["properties"][property];
        let (element, values) = match (property_schema.get("items"), value.as_array()) {
            (Some(items), Some(values)) => (items, values.iter().collect()),
            _ => (property_schema, vec![value]),
        };
        if let Some(child) = referenced(element) {
            for value in values {
                sent(value, &child, spec, out);
            }
        }
    }
}

fn listed(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(what, why)| ((*what).to_owned(), (*why).to_owned()))
        .collect()
}

#[test]
fn every_request_field_and_enum_value_of_the_spec_is_exposed_or_listed_with_a_reason() {
    let spec = spec();
    let offered = request_side(&spec);
    let mut sendable = RequestSide::default();
    for request in every_option() {
        let body: Value = serde_json::from_slice(&request.to_json_body().expect("a valid request"))
            .expect("JSON");
        sent(&body, &request_root(&spec), &spec, &mut sendable);
    }
    let not_exposed_fields = listed(NOT_EXPOSED_FIELDS);
    let not_exposed_values = listed(NOT_EXPOSED_VALUES);

    let missing_fields: Vec<&String> = offered
        .fields
        .iter()
        .filter(|f| !sendable.fields.contains(*f) && !not_exposed_fields.contains_key(*f))
        .collect();
    let missing_values: Vec<&String> = offered
        .values
        .iter()
        .filter(|v| {
            let (schema, value) = v.split_once(": ").unwrap_or_default();
            !sendable.values.contains(*v)
                && !sendable_through_generated_enum(schema, value)
                && !not_exposed_values.contains_key(*v)
        })
        .collect();
    let mut problems = Vec::new();
    for field in &missing_fields {
        problems.push(format!("  - request field `{field}`"));
    }
    for value in &missing_values {
        problems.push(format!("  - enum value `{value}`"));
    }
    assert!(
        problems.is_empty(),
        "The vendored spec (openapi/mesh-linktoken.yaml) lets clients send what mesh-link \
         neither exposes nor lists as deliberately not exposed:\n{}\n\
         Expose each through LinkTokenRequest (or the type it belongs to) and use it in \
         `every_option()` here, or add it to NOT_EXPOSED_FIELDS / NOT_EXPOSED_VALUES in \
         crates/mesh-link/tests/spec_coverage.rs with the reason.",
        problems.join("\n")
    );
}

#[test]
fn the_not_exposed_lists_name_only_what_the_spec_has_and_mesh_link_does_not_send() {
    let spec = spec();
    let offered = request_side(&spec);
    for (field, reason) in NOT_EXPOSED_FIELDS {
        assert!(!reason.trim().is_empty(), "{field}: give the reason");
        assert!(
            offered.fields.contains(*field),
            "`{field}` is listed as not exposed but the spec no longer has it: remove it from the list"
        );
    }
    for (value, reason) in NOT_EXPOSED_VALUES {
        assert!(!reason.trim().is_empty(), "{value}: give the reason");
        assert!(
            offered.values.contains(*value),
            "`{value}` is listed as not exposed but the spec no longer has it: remove it from the list"
        );
    }
}

#[test]
fn the_spec_walk_finds_the_fields_it_should() {
    let offered = request_side(&spec());
    for known in [
        "GetLinkTokenRequest.userId",
        "LinkTokenTransferOptions.toAddresses",
        "TransferToAddressWithAmount.networkId",
        "VerifyWalletOptions.verificationMethods",
        "GoodsDetails.goodsType",
    ] {
        assert!(offered.fields.contains(known), "{known}");
    }
    for known in [
        "TransferTypeEnum: onramp",
        "WalletVerificationMethod: signedMessage",
    ] {
        assert!(offered.values.contains(known), "{known}");
    }
}
