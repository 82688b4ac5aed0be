//! Mesh's catalogs through the client, over real HTTP against the emulator: lookups, the cache
//! (one request for many callers, expiry, a stale copy when a refresh fails, one refetch on a
//! miss), the checks before a link-token request, and hostile answers.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{calls_to, client_builder, mock_and_client};
use mesh_link::catalog::{CatalogChecks, NetworkTypeOrUnknown};
use mesh_link::{Destination, Error, LinkTokenRequest, NetworkType, Rule, integrations, networks};
use mesh_mock::{Catalog, Fault, MeshMock};

const NETWORKS: &str = "/api/v1/transfers/managed/networks";
const INTEGRATIONS: &str = "/api/v1/transfers/managed/integrations";

#[tokio::test]
async fn networks_are_found_by_id_name_and_chain_id() {
    let (_mock, client) = mock_and_client().await;
    let listed = client.networks().await.unwrap();
    let base = listed.by_name("base").unwrap();
    assert_eq!(base.id(), networks::BASE);
    assert_eq!(base.chain_id(), Some("8453"));
    assert_eq!(base.native_symbol(), Some("ETH"));
    assert_eq!(
        base.network_type(),
        Some(&NetworkTypeOrUnknown::Known(NetworkType::Evm))
    );
    assert!(base.takes("usdc") && base.takes("USDC"));
    assert!(!listed.takes(networks::BITCOIN, "USDC"));
    assert_eq!(listed.by_chain_id("1").unwrap().id(), networks::ETHEREUM);
    assert_eq!(listed.get(networks::SOLANA).unwrap().name(), "Solana");
    assert!(listed.by_name("Atlantis").is_none());

    let wallets = client.integrations().await.unwrap();
    let metamask = wallets.get(integrations::METAMASK).unwrap();
    assert!(metamask.is_defi_wallet());
    assert!(metamask.takes_network(networks::BASE));
    assert!(!metamask.takes_network(networks::SOLANA));
    assert_eq!(
        wallets.by_name("coinbase").unwrap().id(),
        integrations::COINBASE
    );
    assert!(!wallets.networks_of(integrations::COINBASE).is_empty());

    let tokens = client.tokens().await.unwrap();
    let usdc = tokens.get("usdc").unwrap();
    assert!(usdc.networks().iter().any(|n| n.id() == networks::BASE));
}

#[tokio::test]
async fn a_hundred_first_callers_cause_one_request() {
    let (mock, client) = mock_and_client().await;
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.networks().await })
        })
        .collect();
    let mut lists = Vec::new();
    for caller in callers {
        lists.push(caller.await.unwrap().unwrap());
    }
    assert_eq!(calls_to(&mock, NETWORKS), 1);
    assert!(
        lists.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])),
        "one copy, shared"
    );
}

#[tokio::test]
async fn an_expired_copy_is_fetched_again() {
    let mock = MeshMock::start().await.unwrap();
    // Long enough that a slow machine makes both calls within it (the jitter takes up to a tenth).
    let client = client_builder(&mock)
        .catalog_ttl(Duration::from_secs(2))
        .build()
        .unwrap();
    client.networks().await.unwrap();
    client.networks().await.unwrap();
    assert_eq!(calls_to(&mock, NETWORKS), 1);
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    client.networks().await.unwrap();
    assert_eq!(calls_to(&mock, NETWORKS), 2);
}

#[tokio::test]
async fn a_failed_refresh_serves_the_copy_kept() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .catalog_ttl(Duration::from_millis(100))
        .retry_policy(mesh_link::RetryPolicy::none())
        .build()
        .unwrap();
    let first = client.networks().await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    mock.enqueue(Fault::unavailable());
    let during_outage = client.networks().await.unwrap();
    assert!(Arc::ptr_eq(&first, &during_outage));
    assert_eq!(calls_to(&mock, NETWORKS), 2, "the refresh was tried");
}

#[tokio::test]
async fn while_a_refresh_is_under_way_other_callers_get_the_copy_kept_at_once() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .catalog_ttl(Duration::from_millis(100))
        .build()
        .unwrap();
    let first = client.networks().await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    mock.enqueue(Fault::Delay(Duration::from_secs(3)));
    let refreshing = {
        let client = client.clone();
        tokio::spawn(async move { client.networks().await })
    };
    // The refresh has reached the mock once it took the delay.
    while mock.pending_faults() > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let meanwhile = tokio::time::timeout(Duration::from_secs(1), client.networks())
        .await
        .expect("served without waiting for the refresh")
        .unwrap();
    assert!(Arc::ptr_eq(&first, &meanwhile));
    let refreshed = refreshing.await.unwrap().unwrap();
    assert!(
        !Arc::ptr_eq(&first, &refreshed),
        "the refresh brought a new copy"
    );
    assert_eq!(calls_to(&mock, NETWORKS), 2);
}

#[tokio::test]
async fn a_fetch_goes_on_for_those_still_waiting_when_the_caller_who_started_it_leaves() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock).build().unwrap();
    mock.enqueue(Fault::Delay(Duration::from_millis(500)));
    let call = || {
        let client = client.clone();
        tokio::spawn(async move { client.networks().await })
    };
    let starter = call();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiter = call();
    tokio::time::sleep(Duration::from_millis(100)).await;
    starter.abort();
    assert!(waiter.await.unwrap().is_ok());
    assert_eq!(
        calls_to(&mock, NETWORKS),
        1,
        "the waiter carried the one fetch on"
    );
}

#[tokio::test]
async fn settings_of_no_limit_are_taken_as_such_not_as_a_panic() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .catalog_ttl(Duration::MAX)
        .catalog_refetch_on_miss_after(Duration::MAX)
        .deadline(Duration::MAX)
        .build()
        .unwrap();
    assert!(client.networks().await.is_ok());
    assert!(
        client
            .network(mesh_link::NetworkId::from_u128(9))
            .await
            .unwrap()
            .is_none()
    );
    client
        .create_link_token(&LinkTokenRequest::connect("user-1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn without_a_copy_an_outage_is_the_callers_error() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(mesh_link::RetryPolicy::none())
        .build()
        .unwrap();
    mock.enqueue(Fault::status(401));
    assert!(matches!(client.networks().await, Err(Error::Unauthorized)));
    mock.enqueue(Fault::unavailable());
    let error = client.networks().await.unwrap_err();
    assert_eq!(error.http_status(), Some(503));
}

#[tokio::test]
async fn a_miss_refetches_once_and_only_an_old_enough_copy() {
    let (mock, client) = mock_and_client().await;
    let unknown = mesh_link::NetworkId::from_u128(7);
    // A copy fetched just now is trusted: a mistyped ID costs no request.
    assert!(client.network(unknown).await.unwrap().is_none());
    assert!(client.network(networks::BASE).await.unwrap().is_some());
    assert_eq!(calls_to(&mock, NETWORKS), 1);
}

#[tokio::test]
async fn an_old_enough_copy_is_refetched_once_on_a_miss_before_the_answer_is_not_listed() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .catalog_refetch_on_miss_after(Duration::ZERO)
        .build()
        .unwrap();
    client.networks().await.unwrap();
    let unknown = mesh_link::NetworkId::from_u128(7);
    assert!(client.network(unknown).await.unwrap().is_none());
    assert_eq!(calls_to(&mock, NETWORKS), 2, "one refetch, then not listed");
    assert!(client.network(networks::BASE).await.unwrap().is_some());
    assert_eq!(calls_to(&mock, NETWORKS), 2, "a hit costs nothing");

    // Concurrent misses share the one refetch.
    let misses: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.network(unknown).await })
        })
        .collect();
    for miss in misses {
        assert!(miss.await.unwrap().unwrap().is_none());
    }
    assert!(
        calls_to(&mock, NETWORKS) < 2 + 20,
        "misses at once do not each refetch"
    );
    let unknown_integration = mesh_link::IntegrationId::from_u128(8);
    assert!(
        client
            .integration(unknown_integration)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(calls_to(&mock, INTEGRATIONS), 2);
}

#[tokio::test]
async fn the_catalog_the_mock_serves_is_the_one_it_is_given() {
    let catalog = Catalog::from_json(
        r#"{"networks": [{"id": "00000000-0000-0000-0000-000000000007", "name": "Testnet",
            "networkType": "aNewKind", "supportedTokens": ["TST"], "supportedBrokerTypes": ["aNewBroker"]}]}"#,
    )
    .unwrap();
    let mock = MeshMock::builder().catalog(catalog).start().await.unwrap();
    let client = client_builder(&mock).build().unwrap();
    let listed = client.networks().await.unwrap();
    assert_eq!(listed.len(), 1);
    let testnet = listed.by_name("testnet").unwrap();
    assert_eq!(
        testnet.network_type(),
        Some(&NetworkTypeOrUnknown::Unknown("aNewKind".into())),
        "a network type Mesh adds decodes"
    );
    assert_eq!(testnet.tokens(), ["TST"]);
    let tokens = client.tokens().await.unwrap();
    assert_eq!(tokens.get("TST").unwrap().networks()[0].name(), "Testnet");
}

fn checked_client(mock: &MeshMock, checks: CatalogChecks) -> mesh_link::MeshClient {
    client_builder(mock)
        .catalog_checks(checks)
        .retry_policy(mesh_link::RetryPolicy::none())
        .build()
        .expect("a client")
}

fn invalid(error: Error) -> mesh_link::InvalidRequest {
    match error {
        Error::InvalidRequest(invalid) => invalid,
        other => panic!("expected a pre-I/O refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_the_network_does_not_take_is_refused_before_sending() {
    let mock = MeshMock::start().await.unwrap();
    let client = checked_client(&mock, CatalogChecks::Required);
    let request = LinkTokenRequest::deposit(
        "user-1",
        [
            Destination::new(networks::BASE, "USDC", "0xabc"),
            Destination::new(networks::SOLANA, "USDC", "So1"),
            Destination::new(networks::BITCOIN, "USDC", "bc1q"),
        ],
    );
    let error = invalid(client.create_link_token(&request).await.unwrap_err());
    assert_eq!(
        error.to_string(),
        "transferOptions.toAddresses[2].symbol: Mesh lists no USDC on Bitcoin (it lists BTC)"
    );
    assert_eq!(calls_to(&mock, "/api/v1/linktoken"), 0, "nothing sent");

    let fixed = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::BITCOIN, "btc", "bc1q")],
    );
    client.create_link_token(&fixed).await.unwrap();
    assert_eq!(calls_to(&mock, NETWORKS), 1, "the catalog is kept");
}

#[tokio::test]
async fn ids_mesh_does_not_list_and_integrations_that_cannot_carry_the_transfer_are_refused() {
    let mock = MeshMock::start().await.unwrap();
    let client = checked_client(&mock, CatalogChecks::Required);
    let unlisted = mesh_link::NetworkId::from_u128(42);
    let request =
        LinkTokenRequest::deposit("user-1", [Destination::new(unlisted, "USDC", "0xabc")])
            .integration(mesh_link::IntegrationId::from_u128(43));
    let error = invalid(client.create_link_token(&request).await.unwrap_err());
    assert!(error.has(
        "transferOptions.toAddresses[0].networkId",
        &Rule::NotListed { list: "networks" }
    ));
    assert!(error.has(
        "integrationId",
        &Rule::NotListed {
            list: "integrations"
        }
    ));

    // MetaMask (a DeFi wallet) does not take Solana.
    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::SOLANA, "USDC", "So1")],
    )
    .integration(integrations::METAMASK);
    let error = invalid(client.create_link_token(&request).await.unwrap_err());
    assert_eq!(
        error.to_string(),
        "transferOptions.toAddresses[0].networkId: MetaMask is a DeFi wallet that does not take this network (it takes Ethereum, Base, Polygon, Optimism, Avalanche C-Chain, Arbitrum)"
    );
    assert_eq!(error.violations()[0].rule.code(), "not_for_wallet");

    // A DeFi wallet refuses each network it does not take, even beside one it does, as the
    // emulator (after Mesh's spec) does.
    let request = LinkTokenRequest::deposit(
        "user-1",
        [
            Destination::new(networks::BITCOIN, "BTC", "bc1q"),
            Destination::new(networks::SOLANA, "USDC", "So1"),
        ],
    )
    .integration(integrations::PHANTOM);
    let error = invalid(client.create_link_token(&request).await.unwrap_err());
    assert_eq!(error.violations().len(), 1, "{error}");
    assert_eq!(
        error.violations()[0].field,
        "transferOptions.toAddresses[0].networkId"
    );

    let verify = LinkTokenRequest::verify_wallet(
        "user-1",
        mesh_link::WalletVerification::signed_message().network(networks::SOLANA),
    )
    .integration(integrations::METAMASK);
    let error = invalid(client.create_link_token(&verify).await.unwrap_err());
    assert!(
        error.to_string().starts_with(
            "integrationId: MetaMask transfers on none of the verification network Solana"
        ),
        "{error}"
    );
    assert_eq!(calls_to(&mock, "/api/v1/linktoken"), 0);
}

#[tokio::test]
async fn without_the_checks_the_mock_refuses_a_defi_wallet_network_as_mesh_does() {
    let (mock, client) = mock_and_client().await;
    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::SOLANA, "USDC", "So1")],
    )
    .integration(integrations::METAMASK);
    let Err(Error::Api(api)) = client.create_link_token(&request).await else {
        panic!("Mesh refuses it");
    };
    assert_eq!(api.http_status, 400);
    assert!(
        api.message
            .as_deref()
            .unwrap_or_default()
            .contains("Network not supported by the selected DeFi wallet"),
        "{api:?}"
    );
    assert_eq!(calls_to(&mock, NETWORKS), 0, "no hidden catalog request");
}

#[tokio::test]
async fn when_the_catalog_cannot_be_had_required_fails_and_best_effort_sends() {
    let mock = MeshMock::start().await.unwrap();
    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::BASE, "USDC", "0xabc")],
    );
    let required = checked_client(&mock, CatalogChecks::Required);
    mock.enqueue(Fault::unavailable());
    let error = required.create_link_token(&request).await.unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error}");
    assert_eq!(calls_to(&mock, "/api/v1/linktoken"), 0);

    let best_effort = checked_client(&mock, CatalogChecks::BestEffort);
    mock.enqueue(Fault::unavailable());
    best_effort.create_link_token(&request).await.unwrap();
    assert_eq!(calls_to(&mock, "/api/v1/linktoken"), 1);
}

#[tokio::test]
async fn a_fault_aimed_at_the_link_token_call_fails_it_and_leaves_the_catalog_checks_alone() {
    let mock = MeshMock::start().await.unwrap();
    let client = checked_client(&mock, CatalogChecks::Required);
    mock.enqueue_at(
        mesh_mock::CREATE_LINK_TOKEN,
        Fault::envelope(400, "badRequest", "Mesh says no"),
    );
    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::BASE, "USDC", "0xabc")],
    );
    let error = client.create_link_token(&request).await.unwrap_err();
    assert_eq!(error.http_status(), Some(400), "{error}");
    let mut seen: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| (r.operation.map(|o| o.operation_id), r.status))
        .collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        [
            (Some("create_link_token"), Some(400)),
            (Some("get_networks"), Some(200)),
        ]
    );
}

#[tokio::test]
async fn hostile_catalog_answers_end_in_errors() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .retry_policy(mesh_link::RetryPolicy::none())
        .max_catalog_bytes(64 * 1024)
        .build()
        .unwrap();
    let huge = format!(
        r#"{{"status":"ok","content":{{"networks":[{}]}}}}"#,
        "{},".repeat(40_000)
    );
    for fault in [
        Fault::status(200)
            .json(&serde_json::json!({"status": "ok", "content": {"networks": "many"}})),
        Fault::status(200)
            .json(&serde_json::json!({"status": "ok", "content": {"networks": [{"id": 5}]}})),
        Fault::status(200).body(huge),
        Fault::malformed_json(),
        Fault::TruncatedBody,
        Fault::html_error(502),
        Fault::status(200).json(&serde_json::json!({"status": "badRequest", "message": "no"})),
    ] {
        mock.enqueue(fault);
        let error = client.networks().await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Unavailable { .. }
                    | Error::Undecodable(_)
                    | Error::Transport(_)
                    | Error::Api(_)
            ),
            "{error:?}"
        );
    }
    assert_eq!(
        client.networks().await.unwrap().len(),
        9,
        "the next answer is read"
    );
    let _ = INTEGRATIONS;
}

#[test]
fn an_integration_mesh_gives_no_name_is_named_by_its_type() {
    let answer = br#"{"status": "ok", "content": {"integrations": [
        {"id": "00000000-0000-0000-0000-000000000009", "type": "robinhood", "networks": []}]}}"#;
    let listed = mesh_link::catalog::decode_integrations(200, None, answer).unwrap();
    let robinhood = listed.iter().next().unwrap();
    assert_eq!(robinhood.name(), "robinhood");
    assert_eq!(listed.by_name("Robinhood").unwrap().id(), robinhood.id());
}
