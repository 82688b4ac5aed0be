//! Network and integration IDs: the documented values, parsing in any case, lower-case display,
//! lookup by name.

use mesh_link::{IntegrationId, NetworkId, integrations, networks};

#[test]
fn the_constants_are_the_ids_mesh_documents() {
    let documented: [(NetworkId, &str); 9] = [
        (networks::SOLANA, "0291810a-5947-424d-9a59-e88bb33e999d"),
        (networks::ETHEREUM, "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"),
        (networks::BASE, "aa883b03-120d-477c-a588-37c2afd3ca71"),
        (networks::BITCOIN, "03dee5da-7398-428f-9ec2-ab41bcb271da"),
        (networks::POLYGON, "7436e9d0-ba42-4d2b-b4c0-8e4e606b2c12"),
        (networks::OPTIMISM, "18fa36b0-88a8-43ca-83db-9a874e0a2288"),
        (
            networks::AVALANCHE_C_CHAIN,
            "bad16371-c22a-4bf4-a311-274d046cd760",
        ),
        (networks::ARBITRUM, "a34f2431-0ddd-4de4-bc22-4a8143287aeb"),
        (networks::TRON, "c5dc5d2e-68c1-4261-9a30-90b598738bf5"),
    ];
    for (id, text) in documented {
        assert_eq!(id.to_string(), text);
    }
    let documented: [(IntegrationId, &str); 5] = [
        (
            integrations::BINANCE_CONNECT,
            "5620bf49-3240-4f85-8b4f-9dd6261597e2",
        ),
        (
            integrations::PHANTOM,
            "757e703f-a8fe-4dc4-d0ec-08dc6737ad96",
        ),
        (
            integrations::COINBASE,
            "47624467-e52e-4938-a41a-7926b6c27acf",
        ),
        (
            integrations::METAMASK,
            "34aeb688-decb-485f-9d80-b66466783394",
        ),
        (
            integrations::BINANCE,
            "9226e5c2-ebc3-4fdd-94f6-ed52cdce1420",
        ),
    ];
    for (id, text) in documented {
        assert_eq!(id.to_string(), text);
    }
}

#[test]
fn ids_parse_in_any_case_and_display_in_lower_case() {
    let upper: NetworkId = "E3C7FDD8-B1FC-4E51-85AE-BB276E075611".parse().unwrap();
    assert_eq!(upper, networks::ETHEREUM);
    assert_eq!(upper.to_string(), "e3c7fdd8-b1fc-4e51-85ae-bb276e075611");
    let simple: IntegrationId = "757E703FA8FE4DC4D0EC08DC6737AD96".parse().unwrap();
    assert_eq!(simple, integrations::PHANTOM);
}

#[test]
fn text_that_is_not_an_id_names_the_kind_expected() {
    let error = "solana".parse::<NetworkId>().unwrap_err().to_string();
    assert!(error.contains("\"solana\" is not a network ID"), "{error}");
    let error = "".parse::<IntegrationId>().unwrap_err().to_string();
    assert!(error.contains("integration ID"), "{error}");
}

#[test]
fn well_known_ids_are_found_by_name_ignoring_case_and_separators() {
    assert_eq!(NetworkId::by_name("Solana"), Some(networks::SOLANA));
    assert_eq!(
        NetworkId::by_name("avalanche-c-chain"),
        Some(networks::AVALANCHE_C_CHAIN)
    );
    assert_eq!(
        NetworkId::by_name("AVALANCHE"),
        Some(networks::AVALANCHE_C_CHAIN)
    );
    assert_eq!(
        IntegrationId::by_name("binance_connect"),
        Some(integrations::BINANCE_CONNECT)
    );
    assert_eq!(
        IntegrationId::by_name("metamask"),
        Some(integrations::METAMASK)
    );
    assert_eq!(
        IntegrationId::by_name("binanceInternationalDirect"),
        Some(integrations::BINANCE)
    );
    assert_eq!(NetworkId::by_name("dogechain"), None);
    assert_eq!(networks::TRON.name(), Some("Tron"));
    assert_eq!(
        format!("{:?}", networks::BASE),
        "network(aa883b03-120d-477c-a588-37c2afd3ca71: Base)"
    );
}

#[test]
fn network_and_integration_ids_are_different_types() {
    fn takes_network(_: NetworkId) {}
    takes_network(networks::BASE);
    // `takes_network(integrations::PHANTOM)` does not compile: the kinds cannot be mixed up.
    let same_uuid = NetworkId::from(integrations::PHANTOM.uuid());
    assert_eq!(same_uuid.uuid(), integrations::PHANTOM.uuid());
    assert_eq!(same_uuid.name(), None);
}
