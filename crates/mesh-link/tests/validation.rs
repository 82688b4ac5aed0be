//! Every rule of the guide and the spec: a request breaking it fails with the field and the
//! rule, and nothing reaches the server. Requests right at each limit go through.

mod common;

use common::mock_and_client;
use mesh_link::{
    Destination, Error, GoodsDetails, LinkTokenRequest, NetworkType, Rule, WalletVerification,
    integrations, networks,
};
use rust_decimal::dec;

fn solana() -> Destination {
    Destination::new(
        networks::SOLANA,
        "USDC",
        "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
    )
}

fn deposit() -> LinkTokenRequest {
    LinkTokenRequest::deposit("user-1", [solana()])
}

fn payment_with(destination: Destination) -> LinkTokenRequest {
    LinkTokenRequest::payment("user-1", [destination])
}

/// (what is wrong, the request, the field, the rule)
fn broken_requests() -> Vec<(&'static str, LinkTokenRequest, &'static str, Rule)> {
    let not_positive = || Rule::NotPositive;
    let not_a_transfer = Rule::NotForUseCase {
        use_case: "requests without a transfer (use deposit, payment or onramp)",
    };
    vec![
        (
            "empty userId",
            LinkTokenRequest::connect(""),
            "userId",
            Rule::Empty,
        ),
        (
            "blank userId",
            LinkTokenRequest::connect("   "),
            "userId",
            Rule::Empty,
        ),
        (
            "userId over 300",
            LinkTokenRequest::connect("u".repeat(301)),
            "userId",
            Rule::TooLong {
                max: 300,
                actual: 301,
            },
        ),
        (
            "userId over 300 in characters, not bytes",
            LinkTokenRequest::connect("é".repeat(301)),
            "userId",
            Rule::TooLong {
                max: 300,
                actual: 301,
            },
        ),
        (
            "email as userId",
            LinkTokenRequest::connect("jane.doe@example.com"),
            "userId",
            Rule::LooksLikeEmail,
        ),
        (
            "phone as userId",
            LinkTokenRequest::connect("+1 415 555 0123"),
            "userId",
            Rule::LooksLikePhoneNumber,
        ),
        (
            "payment without amount",
            LinkTokenRequest::payment("user-1", [solana().amount(dec!(1.0)), solana()]),
            "transferOptions.toAddresses[1].amount",
            Rule::RequiredForPayment,
        ),
        (
            "payment with amountInFiat",
            payment_with(solana().amount(dec!(1.0))).amount_in_fiat(dec!(10.0)),
            "transferOptions.amountInFiat",
            Rule::NotForPayment,
        ),
        (
            "payment with minAmount",
            payment_with(solana().amount(dec!(1.0)).min_amount(dec!(0.5))),
            "transferOptions.toAddresses[0].minAmount",
            Rule::NotForUseCase {
                use_case: "payments",
            },
        ),
        (
            "payment with minAmountInFiat",
            payment_with(solana().amount(dec!(1.0)).min_amount_in_fiat(dec!(0.5))),
            "transferOptions.toAddresses[0].minAmountInFiat",
            Rule::NotForUseCase {
                use_case: "payments",
            },
        ),
        (
            "zero amount",
            payment_with(solana().amount(dec!(0.0))),
            "transferOptions.toAddresses[0].amount",
            not_positive(),
        ),
        (
            "negative amount",
            payment_with(solana().amount(dec!(-1.0))),
            "transferOptions.toAddresses[0].amount",
            not_positive(),
        ),
        (
            "an amount of 18 decimals, more than a double says",
            payment_with(solana().amount(dec!(1.000000000000000001))),
            "transferOptions.toAddresses[0].amount",
            Rule::TooPrecise,
        ),
        (
            "negative amountInFiat",
            deposit().amount_in_fiat(dec!(-5.0)),
            "transferOptions.amountInFiat",
            not_positive(),
        ),
        (
            "a displayAmountInFiat of 20 digits",
            payment_with(
                solana()
                    .amount(dec!(1.0))
                    .display_amount_in_fiat(dec!(12345678901234567.891)),
            ),
            "transferOptions.toAddresses[0].displayAmountInFiat",
            Rule::TooPrecise,
        ),
        (
            "zero minAmount",
            LinkTokenRequest::deposit("user-1", [solana().min_amount(dec!(0.0))]),
            "transferOptions.toAddresses[0].minAmount",
            not_positive(),
        ),
        (
            "negative minAmountInFiat",
            LinkTokenRequest::deposit("user-1", [solana().min_amount_in_fiat(dec!(-0.01))]),
            "transferOptions.toAddresses[0].minAmountInFiat",
            not_positive(),
        ),
        (
            "clientFee over 1",
            payment_with(solana().amount(dec!(1.0))).client_fee(dec!(1.5)),
            "transferOptions.clientFee",
            Rule::OutOfRange { min: 0.0, max: 1.0 },
        ),
        (
            "negative clientFee",
            payment_with(solana().amount(dec!(1.0))).client_fee(dec!(-0.01)),
            "transferOptions.clientFee",
            Rule::OutOfRange { min: 0.0, max: 1.0 },
        ),
        (
            "a clientFee of 19 decimals",
            payment_with(solana().amount(dec!(1.0))).client_fee(dec!(0.0250000000000000001)),
            "transferOptions.clientFee",
            Rule::TooPrecise,
        ),
        (
            "clientFee on a deposit",
            deposit().client_fee(dec!(0.01)),
            "transferOptions.clientFee",
            Rule::NotForUseCase {
                use_case: "deposits",
            },
        ),
        (
            "transactionId over 128",
            deposit().transaction_id("t".repeat(129)),
            "transferOptions.transactionId",
            Rule::TooLong {
                max: 128,
                actual: 129,
            },
        ),
        (
            "empty transactionId",
            deposit().transaction_id(""),
            "transferOptions.transactionId",
            Rule::Empty,
        ),
        (
            "a payment link without a transactionId",
            deposit().generate_pay_link(true),
            "transferOptions.transactionId",
            Rule::RequiredForPayLink,
        ),
        (
            "a payment link with a blank transactionId, which Mesh cannot match either",
            deposit().generate_pay_link(true).transaction_id("  "),
            "transferOptions.transactionId",
            Rule::RequiredForPayLink,
        ),
        (
            "description over 256",
            deposit().description("d".repeat(257)),
            "transferOptions.description",
            Rule::TooLong {
                max: 256,
                actual: 257,
            },
        ),
        (
            "deposit without destination",
            LinkTokenRequest::deposit("user-1", []),
            "transferOptions.toAddresses",
            Rule::NoDestination,
        ),
        (
            "onramp without destination",
            LinkTokenRequest::onramp("user-1", []),
            "transferOptions.toAddresses",
            Rule::NoDestination,
        ),
        (
            "empty symbol",
            LinkTokenRequest::deposit("user-1", [Destination::new(networks::BASE, "", "0xabc")]),
            "transferOptions.toAddresses[0].symbol",
            Rule::Empty,
        ),
        (
            "empty address",
            LinkTokenRequest::deposit("user-1", [Destination::new(networks::BASE, "USDC", " ")]),
            "transferOptions.toAddresses[0].address",
            Rule::Empty,
        ),
        (
            "empty addressTag",
            LinkTokenRequest::deposit("user-1", [solana().address_tag("")]),
            "transferOptions.toAddresses[0].addressTag",
            Rule::Empty,
        ),
        (
            "networkId and networkType together",
            LinkTokenRequest::verify_wallet(
                "user-1",
                WalletVerification::signed_message()
                    .network(networks::SOLANA)
                    .network_type(NetworkType::Solana),
            ),
            "verifyWalletOptions.networkType",
            Rule::ConflictsWith {
                other: "verifyWalletOptions.networkId",
            },
        ),
        (
            "verification on an onramp",
            LinkTokenRequest::onramp("user-1", [solana()])
                .with_wallet_verification(WalletVerification::signed_message()),
            "verifyWalletOptions",
            Rule::NotForUseCase {
                use_case: "onramps",
            },
        ),
        (
            "empty verification message",
            LinkTokenRequest::verify_wallet(
                "user-1",
                WalletVerification::signed_message().message(""),
            ),
            "verifyWalletOptions.message",
            Rule::Empty,
        ),
        (
            "empty verification address",
            LinkTokenRequest::verify_wallet(
                "user-1",
                WalletVerification::signed_message().addresses(["0xabc", ""]),
            ),
            "verifyWalletOptions.addresses[1]",
            Rule::Empty,
        ),
        (
            "transactionId without a transfer",
            LinkTokenRequest::connect("user-1").transaction_id("t-1"),
            "transferOptions.transactionId",
            not_a_transfer.clone(),
        ),
        (
            "generatePayLink without a transfer",
            LinkTokenRequest::connect("user-1").generate_pay_link(true),
            "transferOptions.generatePayLink",
            not_a_transfer.clone(),
        ),
        (
            "destination without a transfer",
            LinkTokenRequest::verify_wallet("user-1", WalletVerification::signed_message())
                .add_destination(solana()),
            "transferOptions.toAddresses",
            not_a_transfer.clone(),
        ),
        (
            "amountInFiat without a transfer",
            LinkTokenRequest::connect("user-1").amount_in_fiat(dec!(10.0)),
            "transferOptions.amountInFiat",
            not_a_transfer.clone(),
        ),
        (
            "clientFee, inclusive fee, description, funding options and goods without a transfer",
            LinkTokenRequest::connect("user-1")
                .client_fee(dec!(0.01))
                .inclusive_fee(true)
                .description("d")
                .funding_options_enabled(true)
                .add_goods(GoodsDetails::named("Mug")),
            "transferOptions.clientFee",
            not_a_transfer,
        ),
    ]
}

/// Every rule each broken request reports is in the catalogue the client and the emulator share,
/// at that field: the agreement test walks it with generated requests, this with each rule once.
#[test]
fn every_broken_rule_is_in_the_shared_catalogue_at_its_field() {
    for (name, request, field, rule) in broken_requests() {
        let invalid = request.validate().expect_err(name);
        for violation in invalid.violations() {
            assert!(
                mesh_link_api::rules::entry(violation.rule.code(), &violation.field).is_some(),
                "{name}: {} at {} is not in mesh_link_api::rules",
                violation.rule.code(),
                violation.field
            );
        }
        assert!(invalid.has(field, &rule), "{name}");
    }
}

#[tokio::test]
async fn every_broken_rule_is_named_and_nothing_is_sent() {
    let (mock, client) = mock_and_client().await;
    for (case, request, field, rule) in broken_requests() {
        let error = client.create_link_token(&request).await.expect_err(case);
        let Error::InvalidRequest(invalid) = &error else {
            panic!("{case}: expected InvalidRequest, got {error:?}");
        };
        assert!(
            invalid.has(field, &rule),
            "{case}: expected {field}: {rule}, got {invalid:?}"
        );
        assert!(!error.is_retryable(), "{case}");
        let message = error.to_string();
        assert!(
            message.contains(field) && message.starts_with("invalid request, nothing was sent"),
            "{case}: {message}"
        );
        assert_eq!(
            request.validate().err().as_ref(),
            Some(invalid),
            "{case}: validate() agrees"
        );
    }
    assert!(
        mock.requests().is_empty(),
        "no request may reach the server: {:#?}",
        mock.requests()
    );
}

#[tokio::test]
async fn several_broken_rules_are_all_reported() {
    let request = LinkTokenRequest::payment("jane@example.com", [solana()]).client_fee(dec!(2.0));
    let invalid = request.validate().unwrap_err();
    let fields: Vec<&str> = invalid
        .violations()
        .iter()
        .map(|v| v.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "userId",
            "transferOptions.toAddresses[0].amount",
            "transferOptions.clientFee"
        ]
    );
    assert!(invalid.to_string().ends_with("(and 2 more)"), "{invalid}");
}

#[tokio::test]
async fn requests_right_at_each_limit_are_sent_and_accepted() {
    let (mock, client) = mock_and_client().await;
    let at_the_limits = [
        LinkTokenRequest::connect("u".repeat(300)),
        payment_with(solana().amount(mesh_link::Decimal::new(1, 28))).client_fee(dec!(0.0)),
        payment_with(solana().amount(dec!(999999999999999))),
        payment_with(solana().amount(dec!(0.123456789012345))),
        payment_with(solana().amount(dec!(0.1) + dec!(0.2))),
        payment_with(solana().amount(dec!(1.0))).client_fee(dec!(1.0)),
        deposit()
            .transaction_id("t".repeat(128))
            .description("d".repeat(256)),
        LinkTokenRequest::connect("4155550123"),
        LinkTokenRequest::connect("user@handle"),
        LinkTokenRequest::verify_wallet(
            "user-1",
            WalletVerification::signed_message().network_type(NetworkType::Evm),
        )
        .integration(integrations::METAMASK),
    ];
    for request in &at_the_limits {
        let token = client.create_link_token(request).await;
        assert!(token.is_ok(), "{request:?}: {token:?}");
    }
    assert_eq!(mock.requests().len(), at_the_limits.len());
}
