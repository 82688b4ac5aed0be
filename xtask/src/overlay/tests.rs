//! The overlay's outcomes, each on Mesh's real document: applied, redundant, and refused when
//! its target matches nothing or the document says otherwise.

use serde_json::{Value, json};

use super::*;
use crate::canonical::canonicalize;
use crate::workspace::{self, real_document};

/// Mesh's newest real document in the canonical form, where the import applies the overlay.
fn real_canonical() -> Value {
    let path = real_document("swagger-2025-07-10.json");
    let text = std::fs::read_to_string(&path).unwrap();
    canonicalize(serde_json::from_str(&text).unwrap()).document
}

fn project_overlay() -> Overlay {
    let text = std::fs::read_to_string(workspace::root().join(workspace::OVERLAY)).unwrap();
    Overlay::parse(&text).unwrap()
}

fn overlay(actions: Value) -> Overlay {
    let text =
        json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
    Overlay::parse(&text.to_string()).unwrap()
}

const ADDRESS: &str = "/components/schemas/TransferToAddressWithAmount/properties";

#[test]
fn the_project_overlay_adds_what_the_docs_say_to_the_real_document() {
    let mut document = real_canonical();
    assert!(document.pointer(&format!("{ADDRESS}/minAmount")).is_none());
    let applied = project_overlay().apply(&mut document).unwrap();
    assert_eq!(applied, Applied::default(), "no action is redundant yet");
    assert_eq!(
        document.pointer(&format!("{ADDRESS}/minAmount/type")),
        Some(&json!("number"))
    );
    assert!(
        document
            .pointer(&format!("{ADDRESS}/minAmountInFiat"))
            .is_some()
    );
    let brokers = document["components"]["schemas"]["BrokerType"]["enum"]
        .as_array()
        .unwrap();
    let last: Vec<&str> = brokers[brokers.len() - 3..]
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(last, ["sandbox", "cryptoComPay", "bybitEuDirect"]);
    for envelope in ["ApiResult", "LinkTokenModelApiResult"] {
        let path = format!("/components/schemas/{envelope}/properties/errorHash/type");
        assert_eq!(
            document.pointer(&path),
            Some(&json!("string")),
            "{envelope}"
        );
    }
}

#[test]
fn an_action_the_document_already_says_is_reported_redundant_and_changes_nothing() {
    let mut document = real_canonical();
    let amount = document
        .pointer(&format!("{ADDRESS}/amount"))
        .unwrap()
        .clone();
    let before = document.clone();
    let crafted = overlay(json!([
        {"target": "$.components.schemas.TransferToAddressWithAmount.properties",
         "description": "amount, as Mesh documents it", "update": {"amount": amount}},
        {"target": "$.components.schemas.BrokerType.enum", "update": "coinbase"},
        {"target": "$.components.schemas.BrokerType.enum", "update": "aNewBroker"}
    ]));
    let applied = crafted.apply(&mut document).unwrap();
    assert_eq!(
        applied.redundant,
        [
            "action 1 (`$.components.schemas.TransferToAddressWithAmount.properties`: amount, as Mesh documents it)",
            "action 2 (`$.components.schemas.BrokerType.enum`)",
        ]
    );
    assert_ne!(document, before, "action 3 still applies");

    // Applying the project's overlay twice: the second time, every action is redundant.
    let mut document = real_canonical();
    project_overlay().apply(&mut document).unwrap();
    let again = project_overlay().apply(&mut document).unwrap();
    assert_eq!(again.redundant.len(), 5, "{again:?}");
}

#[test]
fn a_target_that_matches_nothing_fails_naming_the_action() {
    let mut document = real_canonical();
    let crafted = overlay(json!([
        {"target": "$.components.schemas.BrokerType.enum", "update": "aNewBroker"},
        {"target": "$.components.schemas.TransferToAddressWithMinimums.properties",
         "description": "minimums, from the docs page", "update": {"minAmount": {"type": "number"}}}
    ]));
    let error = crafted.apply(&mut document).unwrap_err();
    assert!(
        matches!(error, OverlayError::MatchesNothing { .. }),
        "{error}"
    );
    assert!(
        error.to_string().starts_with(
            "action 2 (`$.components.schemas.TransferToAddressWithMinimums.properties`: minimums, from the docs page)"
        ),
        "{error}"
    );
}

#[test]
fn a_document_that_says_otherwise_fails_naming_both_values() {
    let mut document = real_canonical();
    // As if Mesh now defined minAmount as a string.
    document
        .pointer_mut(ADDRESS)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(
            "minAmount".into(),
            json!({"type": "string", "nullable": true}),
        );
    let error = project_overlay().apply(&mut document).unwrap_err();
    let OverlayError::Contradicted {
        action,
        at,
        overlay,
        document,
    } = &error
    else {
        panic!("{error}");
    };
    assert!(action.starts_with("action 1 "), "{error}");
    assert_eq!(at, &format!("{ADDRESS}/minAmount/type"));
    assert_eq!(
        (overlay.as_str(), document.as_str()),
        ("\"number\"", "\"string\"")
    );
}

#[test]
fn malformed_overlays_and_actions_are_refused() {
    let error = Overlay::parse("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")
        .unwrap_err();
    assert!(error.to_string().contains("2.0.0"), "{error}");
    for unreadable in ["just: text", "overlay: 1.0.0\nactions: []\n"] {
        assert!(
            matches!(Overlay::parse(unreadable), Err(OverlayError::Unreadable(_))),
            "{unreadable}"
        );
    }
    let mut document = real_canonical();
    for (action, expected) in [
        (
            json!({"target": "components.schemas"}),
            "not an RFC 9535 JSONPath",
        ),
        (
            json!({"target": "$.openapi", "update": {"a": 1}}),
            "a string, which an update cannot merge into",
        ),
        (
            json!({"target": "$.info"}),
            "neither `update` nor `remove: true`",
        ),
    ] {
        let error = overlay(json!([action])).apply(&mut document).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[test]
fn remove_takes_every_selected_node_out() {
    let mut document = real_canonical();
    overlay(json!([{"target": "$.paths[*].*.summary", "remove": true}]))
        .apply(&mut document)
        .unwrap();
    let summaries = serde_json_path::JsonPath::parse("$.paths[*].*.summary")
        .unwrap()
        .query(&document)
        .len();
    assert_eq!(summaries, 0);
}
