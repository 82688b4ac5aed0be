//! The JSON body Mesh receives for a request that keeps every rule, written straight from the
//! request.
//!
//! The views below borrow the request and serialize it in the shape, field names and order of
//! the types generated from the spec, without copying a string; the generated types stay the
//! judge: a test decodes every body with them and requires the same bytes back.

use mesh_link_api::types::{
    BrokerType, NetworkType, TransferTypeEnum as WireTransferType, WalletVerificationMethod,
};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use uuid::Uuid;

use crate::amount::exact_double;
use crate::destination::{Destination, GoodsDetails};
use crate::request::{LinkTokenRequest, TransferKind, TransferOptions};
use crate::rules;
use crate::verification::WalletVerification;
use crate::violations::{InvalidRequest, Rule, Violation};

/// The only verification method Mesh has.
const SIGNED_MESSAGE: &[WalletVerificationMethod] = &[WalletVerificationMethod::SignedMessage];

/// Bodies are a few hundred bytes to a few kilobytes: start big enough not to regrow.
const BODY_CAPACITY: usize = 1024;

impl LinkTokenRequest {
    /// Checks every rule of Mesh's guide and spec; `Ok` means the request can be sent.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        rules::check(self)
    }

    /// The JSON body Mesh receives for this request, after every rule is checked. For sending it
    /// with your own HTTP stack (pair it with [`decode_answer`](crate::decode_answer)) or for logs.
    pub fn to_json_body(&self) -> Result<Vec<u8>, InvalidRequest> {
        rules::check(self)?;
        let mut body = Vec::with_capacity(BODY_CAPACITY);
        // The views hold strings, numbers the rules proved finite, and UUIDs: writing them cannot
        // fail, but a failure would still be reported, not hidden.
        serde_json::to_writer(&mut body, &Body::of(self)).map_err(|e| {
            InvalidRequest::from_violations(vec![Violation {
                field: "body".to_owned(),
                rule: Rule::Spec {
                    detail: e.to_string(),
                },
            }])
        })?;
        Ok(body)
    }
}

/// `GetLinkTokenRequest`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    broker_type: Option<BrokerType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disable_api_key_generation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration_id: Option<Uuid>,
    restrict_multiple_accounts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_client_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_options: Option<TransferBody<'a>>,
    user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify_wallet_options: Option<VerificationBody<'a>>,
}

impl<'a> Body<'a> {
    fn of(request: &'a LinkTokenRequest) -> Self {
        Self {
            broker_type: request.broker_type,
            disable_api_key_generation: request.disable_api_key_generation,
            integration_id: request.integration.map(Uuid::from),
            restrict_multiple_accounts: request.restrict_multiple_accounts,
            sub_client_id: request.sub_client,
            transfer_options: request
                .transfer
                .kind
                .map(|kind| TransferBody::of(&request.transfer, kind)),
            user_id: &request.user_id,
            verify_wallet_options: request.verification.as_ref().map(VerificationBody::of),
        }
    }
}

/// `LinkTokenTransferOptions`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransferBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    amount_in_fiat: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    client_fee: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    funding_options: Option<FundingBody>,
    generate_pay_link: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty", serialize_with = "goods_list")]
    goods_details: &'a [GoodsDetails],
    is_inclusive_fee_enabled: bool,
    #[serde(serialize_with = "to_address_list")]
    to_addresses: &'a [Destination],
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<&'a str>,
    transfer_type: WireTransferType,
}

impl<'a> TransferBody<'a> {
    fn of(transfer: &'a TransferOptions, kind: TransferKind) -> Self {
        Self {
            amount_in_fiat: transfer.amount_in_fiat,
            client_fee: transfer.client_fee,
            description: transfer.description.as_deref(),
            funding_options: transfer
                .funding_options_enabled
                .map(|enabled| FundingBody { enabled }),
            generate_pay_link: transfer.generate_pay_link.unwrap_or(false),
            goods_details: &transfer.goods_details,
            // The guide's standard: fees on top for deposits and payments, included for onramps.
            is_inclusive_fee_enabled: transfer
                .inclusive_fee
                .unwrap_or(kind == TransferKind::Onramp),
            to_addresses: &transfer.destinations,
            transaction_id: transfer.transaction_id.as_deref(),
            transfer_type: match kind {
                TransferKind::Deposit => WireTransferType::Deposit,
                TransferKind::Payment => WireTransferType::Payment,
                TransferKind::Onramp => WireTransferType::Onramp,
            },
        }
    }
}

/// `TransferCryptocurrencyFundingOptions`.
#[derive(Serialize)]
struct FundingBody {
    enabled: bool,
}

/// `TransferToAddressWithAmount`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ToAddressBody<'a> {
    address: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_tag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    display_amount_in_fiat: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    min_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "double")]
    min_amount_in_fiat: Option<Decimal>,
    network_id: Uuid,
    symbol: &'a str,
}

/// An amount as the double Mesh reads, which the rules proved says it exactly.
fn double<S: Serializer>(amount: &Option<Decimal>, out: S) -> Result<S::Ok, S::Error> {
    match amount.map(|amount| (amount, exact_double(amount))) {
        None => out.serialize_none(),
        Some((_, Some(double))) => out.serialize_f64(double),
        Some((amount, None)) => Err(serde::ser::Error::custom(format!(
            "{amount} has more digits than a double holds"
        ))),
    }
}

fn to_address_list<S: Serializer>(list: &&[Destination], out: S) -> Result<S::Ok, S::Error> {
    out.collect_seq(list.iter().map(|destination| ToAddressBody {
        address: &destination.address,
        address_tag: destination.address_tag.as_deref(),
        amount: destination.amount,
        display_amount_in_fiat: destination.display_amount_in_fiat,
        min_amount: destination.min_amount,
        min_amount_in_fiat: destination.min_amount_in_fiat,
        network_id: destination.network.into(),
        symbol: &destination.symbol,
    }))
}

/// `GoodsDetails`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GoodsBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    goods_category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goods_detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goods_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goods_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_goods_id: Option<&'a str>,
}

fn goods_list<S: Serializer>(list: &&[GoodsDetails], out: S) -> Result<S::Ok, S::Error> {
    out.collect_seq(list.iter().map(|goods| GoodsBody {
        goods_category: goods.category.as_deref(),
        goods_detail: goods.detail.as_deref(),
        goods_name: goods.name.as_deref(),
        goods_type: goods.goods_type.map(|t| t.code()),
        reference_goods_id: goods.reference_id.as_deref(),
    }))
}

/// `VerifyWalletOptions`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VerificationBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    addresses: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_type: Option<NetworkType>,
    verification_methods: &'static [WalletVerificationMethod],
}

impl<'a> VerificationBody<'a> {
    fn of(verification: &'a WalletVerification) -> Self {
        Self {
            addresses: &verification.addresses,
            message: verification.message.as_deref(),
            network_id: verification.network.map(Uuid::from),
            network_type: verification.network_type,
            verification_methods: SIGNED_MESSAGE,
        }
    }
}

#[cfg(test)]
mod tests {
    use mesh_link_api::types::GetLinkTokenRequest;
    use rust_decimal::dec;

    use super::*;
    use crate::destination::GoodsType;
    use crate::{integrations, networks};

    /// Every option of every use case, so each field of each view is written at least once.
    fn requests() -> Vec<LinkTokenRequest> {
        let everything = || {
            Destination::new(
                networks::SOLANA,
                "USDC",
                "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
            )
            .address_tag("memo \"1\"")
            .amount(dec!(0.1) + dec!(0.2))
            .display_amount_in_fiat(dec!(12.5))
        };
        let minimums = everything()
            .min_amount(dec!(1e-8))
            .min_amount_in_fiat(dec!(5.0));
        let verification = WalletVerification::signed_message()
            .message("I own this wallet ✓")
            .network(networks::ETHEREUM)
            .addresses(["0xabc", "0xdef"]);
        #[allow(deprecated, reason = "brokerType is still part of the body")]
        let connect = LinkTokenRequest::connect("user-1")
            .restrict_multiple_accounts(false)
            .integration(integrations::COINBASE)
            .disable_api_key_generation(true)
            .sub_client(Uuid::from_u128(7))
            .broker_type(BrokerType::Coinbase);
        vec![
            connect,
            LinkTokenRequest::deposit("user-2", [minimums.clone(), everything()])
                .transaction_id("deposit-1")
                .amount_in_fiat(dec!(100.0))
                .inclusive_fee(true)
                .generate_pay_link(true)
                .description("a deposit")
                .funding_options_enabled(true)
                .with_wallet_verification(verification.clone()),
            LinkTokenRequest::payment("user-3", [everything()])
                .transaction_id("order-1")
                .client_fee(dec!(0.025))
                .add_goods(
                    GoodsDetails::named("Mug")
                        .goods_type(GoodsType::Tangible)
                        .category("Kitchen")
                        .reference_id("sku-1")
                        .detail("blue"),
                )
                .add_goods(GoodsDetails::named("Song").goods_type(GoodsType::Virtual)),
            LinkTokenRequest::onramp("user-4", [minimums])
                .integration(integrations::BINANCE_CONNECT)
                .amount_in_fiat(dec!(250.0)),
            LinkTokenRequest::verify_wallet(
                "user-5",
                WalletVerification::signed_message().network_type(NetworkType::Evm),
            ),
        ]
    }

    #[test]
    fn every_body_is_what_the_generated_type_accepts_and_writes_back_byte_for_byte() {
        for request in requests() {
            let body = request.to_json_body().unwrap();
            let text = String::from_utf8(body.clone()).unwrap();
            let generated: GetLinkTokenRequest = serde_json::from_slice(&body)
                .unwrap_or_else(|e| panic!("the generated type refuses {text}: {e}"));
            let written = serde_json::to_string(&generated).unwrap();
            assert_eq!(
                written, text,
                "the generated type writes this body otherwise"
            );
        }
    }

    #[test]
    fn the_views_write_every_field_the_options_set() {
        let text: String = requests()
            .iter()
            .map(|r| String::from_utf8(r.to_json_body().unwrap()).unwrap())
            .collect();
        for field in [
            "brokerType",
            "disableApiKeyGeneration",
            "integrationId",
            "restrictMultipleAccounts",
            "subClientId",
            "transferOptions",
            "userId",
            "verifyWalletOptions",
            "amountInFiat",
            "clientFee",
            "description",
            "enabled",
            "fundingOptions",
            "generatePayLink",
            "goodsDetails",
            "isInclusiveFeeEnabled",
            "toAddresses",
            "transactionId",
            "transferType",
            "address",
            "addressTag",
            "amount",
            "displayAmountInFiat",
            "minAmount",
            "minAmountInFiat",
            "networkId",
            "symbol",
            "goodsCategory",
            "goodsDetail",
            "goodsName",
            "goodsType",
            "referenceGoodsId",
            "addresses",
            "message",
            "networkType",
            "verificationMethods",
        ] {
            assert!(
                text.contains(&format!("\"{field}\":")),
                "no body writes {field}"
            );
        }
    }
}
