//! mesh-link sends exactly what the client generated from the spec sends for the same body:
//! same path, same JSON, same credentials. Its own HTTP path exists for bounded reads,
//! excerpts and `Retry-After`, not to speak a different dialect.

use mesh_link::{
    Destination, LinkTokenRequest, MeshClient, WalletVerification, integrations, networks,
};
use mesh_mock::{MeshMock, guide};
use rust_decimal::dec;
use secrecy::ExposeSecret as _;

#[tokio::test]
async fn mesh_link_and_the_generated_client_send_the_same_request() {
    let mock = MeshMock::start().await.expect("the emulator starts");
    let client = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .build()
        .expect("a client");
    let http = reqwest::Client::builder()
        .default_headers(
            mesh_link_api::auth_headers(mock.client_id(), mock.client_secret().expose_secret())
                .unwrap(),
        )
        .build()
        .unwrap();
    let generated = mesh_link_api::Client::new_with_client(mock.base_url(), http);
    let requests = [
        LinkTokenRequest::deposit(
            "u1",
            [Destination::new(networks::BASE, "USDC", "0xabc").min_amount(dec!(1.0))],
        )
        .transaction_id("t"),
        LinkTokenRequest::payment(
            "u1",
            [Destination::new(networks::BITCOIN, "BTC", "bc1q").amount(dec!(0.1))],
        )
        .client_fee(dec!(0.01)),
        LinkTokenRequest::onramp("u1", [Destination::new(networks::SOLANA, "SOL", "9xQ")])
            .integration(integrations::BINANCE_CONNECT),
        LinkTokenRequest::connect("u1").restrict_multiple_accounts(false),
        LinkTokenRequest::verify_wallet(
            "u1",
            WalletVerification::signed_message()
                .network(networks::SOLANA)
                .addresses(["9xQ"]),
        ),
    ];
    for request in &requests {
        mock.clear_requests();
        client.create_link_token(request).await.unwrap();
        let ours = mock.requests().remove(0);
        // Strict: the generated request type denies unknown fields.
        let wire: mesh_link_api::types::GetLinkTokenRequest =
            serde_json::from_value(ours.body.clone().unwrap()).unwrap();
        generated
            .create_link_token()
            .body(wire)
            .send()
            .await
            .unwrap();
        let theirs = mock.requests().remove(1);
        assert_eq!(ours.path, theirs.path);
        assert_eq!(ours.body, theirs.body);
        for header in ["content-type", "x-client-id", "x-client-secret"] {
            assert_eq!(ours.header(header), theirs.header(header), "{header}");
        }
        assert_eq!(ours.header("api-version"), None);
    }
}

#[test]
fn the_guides_bodies_are_valid_generated_request_types() {
    for (use_case, _) in guide::ALL {
        let parsed = serde_json::from_value::<mesh_link_api::types::GetLinkTokenRequest>(
            guide::body(use_case).expect("one of the guide's use cases"),
        );
        assert!(parsed.is_ok(), "{use_case}: {parsed:?}");
    }
}
