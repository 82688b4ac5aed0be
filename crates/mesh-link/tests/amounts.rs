//! Amounts reach Mesh as the decimals they are, never as a double's noise.

mod common;

use common::{mock_and_client, only_body};
use mesh_link::{Decimal, Destination, Error, LinkTokenRequest, Rule, networks};
use rust_decimal::dec;
use serde_json::json;

const BASE_ADDRESS: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

fn payment(amount: Decimal) -> LinkTokenRequest {
    LinkTokenRequest::payment(
        "user-1",
        [Destination::new(networks::BASE, "USDC", BASE_ADDRESS).amount(amount)],
    )
    .transaction_id("order-1")
}

#[tokio::test]
async fn a_sum_of_a_tenth_and_two_tenths_goes_out_as_three_tenths() {
    let (mock, client) = mock_and_client().await;
    let request = payment(dec!(0.1) + dec!(0.2));

    let body = String::from_utf8(request.to_json_body().unwrap()).unwrap();
    assert!(body.contains(r#""amount":0.3,"#), "{body}");

    client.create_link_token(&request).await.unwrap();
    let received = only_body(&mock);
    assert_eq!(
        received["transferOptions"]["toAddresses"][0]["amount"],
        json!(0.3)
    );
}

#[tokio::test]
async fn an_f64_takes_one_of_two_documented_paths_each_saying_what_it_keeps() {
    let (mock, client) = mock_and_client().await;
    let sum = 0.1_f64 + 0.2_f64;
    let sent = |request: &LinkTokenRequest| {
        let body = String::from_utf8(request.to_json_body().unwrap()).unwrap();
        let start = body.find(r#""amount":"#).unwrap() + 9;
        body[start..].split(',').next().unwrap().to_owned()
    };

    // `TryFrom` keeps the 15 significant digits any double holds: what `0.1 + 0.2` meant.
    let meant = payment(Decimal::try_from(sum).unwrap());
    assert_eq!(sent(&meant), "0.3");
    // From the text the f64 prints, every digit of it.
    let printed = payment(sum.to_string().parse::<Decimal>().unwrap());
    assert_eq!(sent(&printed), "0.30000000000000004");

    client.create_link_token(&printed).await.unwrap();
    assert_eq!(
        only_body(&mock)["transferOptions"]["toAddresses"][0]["amount"],
        json!(sum)
    );
}

#[tokio::test]
async fn an_amount_a_double_cannot_say_is_refused_before_anything_is_sent() {
    let (mock, client) = mock_and_client().await;
    let wei_precise = dec!(1.000000000000000001);
    let error = client
        .create_link_token(&payment(wei_precise))
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &error else {
        panic!("{error:?}")
    };
    let violation = &invalid.violations()[0];
    assert_eq!(violation.field, "transferOptions.toAddresses[0].amount");
    assert_eq!(violation.rule, Rule::TooPrecise);
    assert_eq!(violation.rule.code(), "too_precise");
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn one_amount_on_several_networks_is_written_once_and_an_own_amount_stays() {
    let (mock, client) = mock_and_client().await;
    let request = LinkTokenRequest::payment_of(
        "user-1",
        dec!(25.50),
        [
            Destination::new(
                networks::SOLANA,
                "USDC",
                "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
            ),
            Destination::new(networks::BASE, "USDC", BASE_ADDRESS),
            Destination::new(
                networks::BITCOIN,
                "BTC",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            )
            .amount(dec!(0.00036)),
        ],
    )
    .transaction_id("order-2");
    client.create_link_token(&request).await.unwrap();
    let amounts: Vec<_> = only_body(&mock)["transferOptions"]["toAddresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|destination| destination["amount"].clone())
        .collect();
    assert_eq!(amounts, [json!(25.5), json!(25.5), json!(0.00036)]);
}

#[tokio::test]
async fn amounts_go_out_as_written_and_the_emulator_keeps_the_text_it_received() {
    let (mock, client) = mock_and_client().await;
    for (amount, written) in [
        (dec!(0.00000486), "0.00000486"),
        (Decimal::from(10), "10"),
        ("100.00".parse().unwrap(), "100.00"),
        (dec!(1e-8), "0.00000001"),
    ] {
        mock.clear_requests();
        client.create_link_token(&payment(amount)).await.unwrap();
        let received = mock.requests().pop().unwrap();
        let text = received.body_text.unwrap();
        assert!(text.contains(&format!(r#""amount":{written},"#)), "{text}");
    }
}
