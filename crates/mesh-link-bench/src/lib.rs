//! Workloads shared by `cargo bench` and the perf report: each compares mesh-link with the
//! plainest code doing the same job, so a ratio measured in one run holds on a noisy machine.

#![forbid(unsafe_code)]

pub mod server;

use std::hint::black_box;

use bytes::Bytes;
use mesh_link::{
    Destination, LinkToken, LinkTokenRequest, MeshClient, NetworkType, RetryPolicy,
    WalletVerification, integrations, networks,
};
use mesh_link_api::wire::{
    CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, LINK_TOKEN_PATH, TRANSFERS_PATH,
};
use rust_decimal::dec;
use serde_json::{Value, json};

/// The credentials every workload sends.
pub const CLIENT_ID: &str = "bench-client-id";
pub const CLIENT_SECRET: &str = "bench-client-secret";

/// The requests measured: the guide's use cases at their typical sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseCase {
    /// A deposit with 3 destinations.
    Deposit,
    /// A payment with 4 destinations.
    Payment,
    /// An onramp with an integration and a fiat amount.
    Onramp,
    /// Wallet verification on one network.
    Verify,
}

impl std::fmt::Display for UseCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl UseCase {
    pub const ALL: [Self; 4] = [Self::Deposit, Self::Payment, Self::Onramp, Self::Verify];

    pub fn name(self) -> &'static str {
        match self {
            Self::Deposit => "deposit (3 destinations)",
            Self::Payment => "payment (4 destinations)",
            Self::Onramp => "onramp",
            Self::Verify => "verify",
        }
    }
}

const SOLANA_ADDRESS: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
const EVM_ADDRESS: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const BTC_ADDRESS: &str = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

/// The request, built through mesh-link's API.
pub fn mesh_link_request(case: UseCase) -> LinkTokenRequest {
    let user = black_box("user-7d1f-4e2a");
    match case {
        UseCase::Deposit => LinkTokenRequest::deposit(
            user,
            [
                Destination::new(networks::SOLANA, "USDC", SOLANA_ADDRESS),
                Destination::new(networks::ETHEREUM, "USDC", EVM_ADDRESS),
                Destination::new(networks::BASE, "USDC", EVM_ADDRESS),
            ],
        )
        .transaction_id("deposit-1001"),
        UseCase::Payment => LinkTokenRequest::payment(
            user,
            [
                Destination::new(networks::SOLANA, "USDC", SOLANA_ADDRESS).amount(dec!(99.99)),
                Destination::new(networks::ETHEREUM, "USDC", EVM_ADDRESS).amount(dec!(99.99)),
                Destination::new(networks::BASE, "USDC", EVM_ADDRESS).amount(dec!(99.99)),
                Destination::new(networks::BITCOIN, "BTC", BTC_ADDRESS)
                    .amount(dec!(0.00141))
                    .display_amount_in_fiat(dec!(99.99)),
            ],
        )
        .transaction_id("order-5521"),
        UseCase::Onramp => LinkTokenRequest::onramp(
            user,
            [Destination::new(networks::SOLANA, "USDC", SOLANA_ADDRESS)],
        )
        .integration(integrations::BINANCE_CONNECT)
        .amount_in_fiat(dec!(100.0))
        .transaction_id("onramp-77"),
        UseCase::Verify => LinkTokenRequest::verify_wallet(
            user,
            WalletVerification::signed_message()
                .message("I own this wallet")
                .network_type(NetworkType::Solana),
        )
        .integration(integrations::PHANTOM),
    }
}

/// Build, validate and serialize through mesh-link.
pub fn mesh_link_body(case: UseCase) -> Vec<u8> {
    mesh_link_request(case).to_json_body().unwrap_or_default()
}

/// The same body with `serde_json::json!` and `serde_json::to_vec`: no checks at all.
pub fn json_body(case: UseCase) -> Vec<u8> {
    let user = black_box("user-7d1f-4e2a");
    let body = match case {
        UseCase::Deposit => json!({
            "userId": user, "restrictMultipleAccounts": true,
            "transferOptions": {"transactionId": "deposit-1001", "transferType": "deposit", "isInclusiveFeeEnabled": false, "generatePayLink": false,
                "toAddresses": [
                    {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": SOLANA_ADDRESS},
                    {"networkId": "e3c7fdd8-b1fc-4e51-85ae-bb276e075611", "symbol": "USDC", "address": EVM_ADDRESS},
                    {"networkId": "aa883b03-120d-477c-a588-37c2afd3ca71", "symbol": "USDC", "address": EVM_ADDRESS}]}
        }),
        UseCase::Payment => json!({
            "userId": user, "restrictMultipleAccounts": true,
            "transferOptions": {"transactionId": "order-5521", "transferType": "payment", "isInclusiveFeeEnabled": false, "generatePayLink": false,
                "toAddresses": [
                    {"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": SOLANA_ADDRESS, "amount": 99.99},
                    {"networkId": "e3c7fdd8-b1fc-4e51-85ae-bb276e075611", "symbol": "USDC", "address": EVM_ADDRESS, "amount": 99.99},
                    {"networkId": "aa883b03-120d-477c-a588-37c2afd3ca71", "symbol": "USDC", "address": EVM_ADDRESS, "amount": 99.99},
                    {"networkId": "03dee5da-7398-428f-9ec2-ab41bcb271da", "symbol": "BTC", "address": BTC_ADDRESS, "amount": 0.00141, "displayAmountInFiat": 99.99}]}
        }),
        UseCase::Onramp => json!({
            "userId": user, "restrictMultipleAccounts": true, "integrationId": "5620bf49-3240-4f85-8b4f-9dd6261597e2",
            "transferOptions": {"transactionId": "onramp-77", "transferType": "onramp", "amountInFiat": 100.0, "isInclusiveFeeEnabled": true, "generatePayLink": false,
                "toAddresses": [{"networkId": "0291810a-5947-424d-9a59-e88bb33e999d", "symbol": "USDC", "address": SOLANA_ADDRESS}]}
        }),
        UseCase::Verify => json!({
            "userId": user, "restrictMultipleAccounts": true, "integrationId": "757e703f-a8fe-4dc4-d0ec-08dc6737ad96",
            "verifyWalletOptions": {"verificationMethods": ["signedMessage"], "message": "I own this wallet", "networkType": "solana"}
        }),
    };
    serde_json::to_vec(&body).unwrap_or_default()
}

/// A success answer as Mesh sends it.
pub const SUCCESS_BODY: &[u8] = br#"{"content":{"linkToken":"aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWUvYmVuY2gtY2xpZW50LWlkL2Jyb2tlci1jb25uZWN0P2F1dGhfY29kZT0wYTA4MzFmZWNlOTc0ODA0YWJlODQwNGE4MmU3YmViZg==","paymentLink":null},"status":"ok","message":"","errorHash":"8d443794","errorType":""}"#;
/// An error envelope as Mesh sends it.
pub const ERROR_BODY: &[u8] = br#"{"status":"badRequest","message":"transferOptions.toAddresses[0].amount: is required when transferType is payment","displayMessage":null,"errorHash":"7dcbb73d","errorType":"missingField","errorData":null}"#;

/// Decode an answer through mesh-link (envelope, status, token, and the scheme and host of its Link URL).
pub fn mesh_link_decode(status: u16, body: &[u8]) -> Result<LinkToken, mesh_link::Error> {
    mesh_link::decode_answer(status, None, body)
}

/// Decode the same bytes into a `serde_json::Value`: no meaning attached.
pub fn value_decode(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

/// A mesh-link client of `base_url`, as an application would keep one.
pub fn mesh_link_client(base_url: &str) -> MeshClient {
    MeshClient::builder(CLIENT_ID, CLIENT_SECRET)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap_or_else(|e| panic!("the benchmark's client settings are valid: {e}"))
}

/// The floor: a hand-written reqwest call sending the same headers and an already serialized body.
#[derive(Clone, Debug)]
pub struct RawClient {
    http: reqwest::Client,
    url: String,
}

impl RawClient {
    pub fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: format!("{base_url}{LINK_TOKEN_PATH}"),
        }
    }

    /// Sends `body`, reads the answer and parses it as JSON.
    pub async fn call(&self, body: Bytes) -> Option<Value> {
        let response = self
            .http
            .post(&self.url)
            .header(CLIENT_ID_HEADER, CLIENT_ID)
            .header(CLIENT_SECRET_HEADER, CLIENT_SECRET)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(body)
            .send()
            .await
            .ok()?;
        let bytes = response.bytes().await.ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Mesh's answer to `GET /api/v1/transfers/managed/networks` listing `networks` networks of
/// `tokens` tokens each; the deposit's three networks come first, taking USDC.
pub fn catalog_answer(networks: usize, tokens: usize) -> String {
    let known = [networks::SOLANA, networks::ETHEREUM, networks::BASE];
    let listed: Vec<Value> = (0..networks)
        .map(|n| {
            let id = known
                .get(n)
                .map_or_else(|| format!("00000000-0000-4000-8000-{n:012}"), ToString::to_string);
            let symbols: Vec<String> = std::iter::once("USDC".to_owned())
                .chain((1..tokens).map(|t| format!("TK{t}")))
                .collect();
            json!({
                "id": id, "name": format!("Network {n}"), "chainId": n.to_string(),
                "networkType": "evm", "nativeSymbol": "ETH",
                "supportedTokens": symbols,
                "tokens": symbols.iter().map(|s| json!({"symbol": s, "logoUrl": format!("https://logos.example/{s}.svg")})).collect::<Vec<_>>(),
                "supportedBrokerTypes": ["coinbase", "deFiWallet", "binanceInternational"],
                "logoUrl": format!("https://logos.example/network-{n}.svg"),
            })
        })
        .collect();
    json!({"status": "ok", "message": "", "content": {"networks": listed}}).to_string()
}

/// Mesh's answer to `GET /api/v1/transfers/managed/mesh` with `transfers` transfers, each as
/// Mesh's example writes one (fees, the source integration, funding methods).
pub fn transfers_answer(transfers: usize) -> String {
    let items: Vec<Value> = (0..transfers)
        .map(|n| {
            let fee = |currency: &str| json!({"fee": 0.0001, "feeCurrency": currency, "feeInFiat": 0.1});
            json!({
                "id": format!("8e25acb5-a9e2-4d00-8772-{n:012}"),
                "clientTransactionId": format!("order-{n}"), "institutionTransactionId": "456789",
                "userId": "user-7d1f-4e2a", "status": "succeeded",
                "amountInFiat": 1000.3, "amountToReceiveInFiat": 0, "amountInFiatCurrencyCode": "USD",
                "amount": 10.123, "amountToReceive": 0, "symbol": "USDC",
                "tokenAddress": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
                "networkName": "Base", "networkId": "aa883b03-120d-477c-a588-37c2afd3ca71",
                "networkLogoUrl": "https://logos.example/base.svg", "createdTimestamp": 1_653_211_113 + n,
                "from": {"logoUrl": "https://logos.example/coinbase.svg", "id": "47624467-e52e-4938-a41a-7926b6c27acf", "type": "coinbase", "name": "Coinbase"},
                "hash": "0x77f3a280aa5cfe956a5759c24cf774325504070b32b4159a6f1a3c2e5b6d7e8f",
                "infoUrl": "https://basescan.org/tx/0x77f3a280aa5cfe956a5759c24cf774325504070b32b4159a6f1a3c2e5b6d7e8f",
                "gasFee": fee("ETH"), "withdrawalFee": fee("USDC"), "processingFee": fee("USDC"),
                "executedTimestamp": 1_707_462_614 + n, "transferType": "payment", "isFeeIncluded": false,
                "sourceAmount": 10.122, "destinationAmount": 10, "totalFeesAmountInFiat": 0.5,
                "totalTransactionAmountInFiat": 1000.5, "destinationAddress": EVM_ADDRESS,
                "fundingMethods": [{"type": "existingCryptocurrencyBalance", "amount": 10.123, "amountInFiat": 1000.3,
                                    "toSymbol": "USDC", "fromAmount": 10.123, "fromSymbol": "USDC", "fee": fee("USDC")}],
            })
        })
        .collect();
    json!({"status": "ok", "message": "", "content": {"items": items, "total": transfers}})
        .to_string()
}

/// Decode a page of transfers through mesh-link (envelope, statuses, exact amounts, times).
pub fn mesh_link_transfers_decode(
    body: &[u8],
) -> Result<mesh_link::TransferPage, mesh_link::Error> {
    mesh_link::decode_transfers(200, None, body)
}

impl RawClient {
    /// A hand-written status lookup: `GET` of the transfers of `transaction_id`, its answer
    /// parsed as JSON.
    pub async fn transfers_of(&self, base_url: &str, transaction_id: &str) -> Option<Value> {
        let response = self
            .http
            .get(format!("{base_url}{TRANSFERS_PATH}"))
            .query(&[("ClientTransactionId", transaction_id), ("Count", "100")])
            .header(CLIENT_ID_HEADER, CLIENT_ID)
            .header(CLIENT_SECRET_HEADER, CLIENT_SECRET)
            .header("Accept", "application/json")
            .send()
            .await
            .ok()?;
        let bytes = response.bytes().await.ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// A transfer-status webhook's body of about 1 KiB, with the fields Mesh's guide lists (and two
/// it may add), sent at `sent` (Unix seconds).
pub fn webhook_body(sent: u64) -> String {
    json!({
        "EventId": "6f1c6a52-1f0e-4a57-9d36-2b1f5d0a9c11", "Id": "0b8e1c7e-5d7a-4f43-8f0e-8c1a3e2d4b55",
        "SentTimestamp": sent, "TransferId": "3770b664-7620-49f9-bcfd-6a5128eeaef4",
        "Timestamp": sent - 2, "TransferStatus": "succeeded", "TransactionId": "order-1042-7d1f-4e2a-9c1b",
        "TxHash": "0x77f3a280aa5cfe956a5759c24cf774325504070b32b4159a6f1a3c2e5b6d7e8f",
        "UserId": "user-7d1f-4e2a-9c1b-3f5e6a7b8c9d", "Token": "USDC", "Chain": "Base", "SourceAccountProviderName": "Coinbase Exchange (retail)",
        "SourceAmount": 25.50, "SourceAccountProvider": "Coinbase", "DestinationAmount": 25.4987,
        "DestinationAddress": EVM_ADDRESS, "RefundAddress": EVM_ADDRESS,
        "ExplorerUrl": "https://basescan.org/tx/0x77f3a280aa5cfe956a5759c24cf774325504070b32b4159a6f1a3c2e5b6d7e8f",
        "SourceAccountProviderLogoUrl": "https://logos.example/integrations/coinbase/logo-with-a-long-cdn-path-and-a-cache-buster-for-the-dark-and-light-themes-of-the-dashboard.svg?v=20261204&size=large&theme=light&format=svg&padding=none&background=transparent",
    })
    .to_string()
}

/// The `X-Mesh-Signature-256` of `body` under `secret`, as Mesh computes it.
pub fn webhook_signature(secret: &str, body: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::{KeyInit as _, Mac as _};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// What a hand-written handler does: decode the header, check the HMAC with the crate's own
/// constant-time comparison, then parse the body into `Value`.
pub fn hand_verified_webhook(secret: &str, signature: &str, body: &[u8]) -> Option<Value> {
    use base64::Engine as _;
    use hmac::{KeyInit as _, Mac as _};
    let claimed = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .ok()?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(body);
    mac.verify_slice(&claimed).ok()?;
    serde_json::from_slice(body).ok()
}
