//! Each use case sends what Mesh's guide shows for it, and the spec-driven mock accepts it.

mod common;

use common::{mock_and_client, only_body};
use mesh_link::{
    Destination, LinkTokenRequest, NetworkType, WalletVerification, integrations, networks,
};
use mesh_mock::guide;
use rust_decimal::dec;

const USER: &str = "UNIQUE_USER_ID";
const TRANSACTION: &str = "UNIQUE_TRANSACTION_ID";

async fn sent_body(request: &LinkTokenRequest) -> serde_json::Value {
    let (mock, client) = mock_and_client().await;
    let token = client
        .create_link_token(request)
        .await
        .expect("the mock accepts the request");
    assert!(
        token
            .link_url()
            .as_str()
            .starts_with("https://web.meshconnect.com/")
    );
    only_body(&mock)
}

#[tokio::test]
async fn deposit_sends_the_guides_deposit_body() {
    let request = LinkTokenRequest::deposit(
        USER,
        [
            Destination::new(networks::SOLANA, "USDC", "xxx"),
            Destination::new(networks::ETHEREUM, "USDC", "xxx"),
            Destination::new(networks::BASE, "USDC", "xxx"),
        ],
    )
    .transaction_id(TRANSACTION);
    let sent = sent_body(&request).await;
    assert_eq!(
        sent,
        guide::body("deposit").expect("one of the guide's use cases")
    );
    insta::assert_json_snapshot!("deposit", sent);
}

#[tokio::test]
async fn payment_sends_the_guides_payment_body() {
    let request = LinkTokenRequest::payment(
        USER,
        [
            Destination::new(networks::SOLANA, "USDC", "xxx").amount(dec!(99.99)),
            Destination::new(networks::ETHEREUM, "USDC", "xxx").amount(dec!(99.99)),
            Destination::new(networks::BASE, "USDC", "xxx").amount(dec!(99.99)),
            Destination::new(networks::BITCOIN, "BTC", "xxx")
                .amount(dec!(0.00141))
                .display_amount_in_fiat(dec!(99.99)),
        ],
    )
    .transaction_id(TRANSACTION);
    let sent = sent_body(&request).await;
    assert_eq!(
        sent,
        guide::body("payment").expect("one of the guide's use cases")
    );
    insta::assert_json_snapshot!("payment", sent);
}

#[tokio::test]
async fn onramp_sends_the_guides_onramp_body() {
    let request =
        LinkTokenRequest::onramp(USER, [Destination::new(networks::SOLANA, "USDC", "xxx")])
            .integration(integrations::BINANCE_CONNECT)
            .amount_in_fiat(dec!(100.0))
            .transaction_id(TRANSACTION);
    let sent = sent_body(&request).await;
    assert_eq!(
        sent,
        guide::body("onramp").expect("one of the guide's use cases")
    );
    insta::assert_json_snapshot!("onramp", sent);
}

#[tokio::test]
async fn account_connection_sends_the_guides_authentication_body() {
    let sent = sent_body(&LinkTokenRequest::connect(USER)).await;
    assert_eq!(
        sent,
        guide::body("authentication").expect("one of the guide's use cases")
    );
    insta::assert_json_snapshot!("authentication", sent);
}

#[tokio::test]
async fn wallet_verification_sends_the_guides_body_without_network_type() {
    let request = LinkTokenRequest::verify_wallet(
        USER,
        WalletVerification::signed_message()
            .message("MESSAGE_TO_BE_SIGNED")
            .network(networks::SOLANA)
            .addresses(["xxx"]),
    )
    .integration(integrations::PHANTOM);
    let sent = sent_body(&request).await;
    let mut expected = guide::body("verification").expect("one of the guide's use cases");
    // The guide's example sends both, while its text says networkId and networkType must not be combined.
    expected["verifyWalletOptions"]
        .as_object_mut()
        .unwrap()
        .remove("networkType");
    assert_eq!(sent, expected);
    insta::assert_json_snapshot!("verification", sent);
}

#[tokio::test]
async fn verification_by_network_type_sends_the_type_alone() {
    let request = LinkTokenRequest::verify_wallet(
        USER,
        WalletVerification::signed_message().network_type(NetworkType::Evm),
    );
    let sent = sent_body(&request).await;
    assert_eq!(
        sent["verifyWalletOptions"],
        serde_json::json!({"verificationMethods": ["signedMessage"], "networkType": "evm"})
    );
}

#[tokio::test]
async fn a_deposit_with_wallet_verification_carries_both() {
    let request =
        LinkTokenRequest::deposit(USER, [Destination::new(networks::SOLANA, "USDC", "xxx")])
            .with_wallet_verification(
                WalletVerification::signed_message().network(networks::SOLANA),
            );
    let sent = sent_body(&request).await;
    assert_eq!(sent["transferOptions"]["transferType"], "deposit");
    assert_eq!(
        sent["verifyWalletOptions"]["networkId"],
        networks::SOLANA.to_string()
    );
    insta::assert_json_snapshot!("deposit_with_verification", sent);
}

#[tokio::test]
async fn every_optional_field_of_the_spec_is_reachable() {
    #[allow(
        deprecated,
        reason = "brokerType is deprecated but still in the spec: it must stay reachable"
    )]
    let request = LinkTokenRequest::payment(
        USER,
        [Destination::new(networks::POLYGON, "USDC", "xxx")
            .amount(dec!(5.0))
            .address_tag("memo-1")
            .display_amount_in_fiat(dec!(5.0))],
    )
    .restrict_multiple_accounts(false)
    .integration(integrations::COINBASE)
    .disable_api_key_generation(true)
    .sub_client(uuid::Uuid::from_u128(0x1234))
    .broker_type(mesh_link::BrokerType::Coinbase)
    .transaction_id(TRANSACTION)
    .client_fee(dec!(0.025))
    .inclusive_fee(true)
    .generate_pay_link(true)
    .description("Two coffees")
    .add_goods(
        mesh_link::GoodsDetails::named("Coffee")
            .goods_type(mesh_link::GoodsType::Tangible)
            .category("Food")
            .reference_id("sku-1")
            .detail("Large"),
    )
    .with_wallet_verification(WalletVerification::signed_message());
    let (mock, client) = mock_and_client().await;
    let token = client.create_link_token(&request).await.unwrap();
    assert!(
        token.payment_link().is_some(),
        "generatePayLink: true returns a payment link"
    );
    insta::assert_json_snapshot!("every_field", only_body(&mock));
}

#[tokio::test]
async fn each_call_returns_a_new_one_time_token() {
    let (_mock, client) = mock_and_client().await;
    let request = LinkTokenRequest::connect("user-1");
    let first = client.create_link_token(&request).await.unwrap();
    let second = client.create_link_token(&request).await.unwrap();
    assert_ne!(first.token(), second.token());
    assert!(!first.is_expired());
    assert_eq!(
        first.expires_at(),
        first.issued_at() + mesh_link::LINK_TOKEN_LIFETIME
    );
}

#[cfg(feature = "configure-reqwest")]
#[tokio::test]
async fn your_own_reqwest_settings_are_used() {
    let mock = mesh_mock::MeshMock::start().await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-request-source",
        reqwest::header::HeaderValue::from_static("billing-service"),
    );
    let client = common::client_builder(&mock)
        .configure_reqwest(move |http| http.default_headers(headers.clone()))
        .build()
        .unwrap();
    client
        .create_link_token(&LinkTokenRequest::connect(USER))
        .await
        .unwrap();
    let sent = &mock.requests()[0];
    assert_eq!(sent.header("x-request-source"), Some("billing-service"));
    assert_eq!(sent.header("x-client-id"), Some(mock.client_id()));
}
