//! A request checked against every rule (and, when asked, Mesh's catalogs) and written as the
//! body Mesh receives: the generated `GetLinkTokenRequest`, the one shape of what is sent.

use mesh_link_api::types::error::ConversionError;
use mesh_link_api::types::{
    GetLinkTokenRequest, GoodsDetails as WireGoods, LinkTokenTransferOptions,
    TransferCryptocurrencyFundingOptions, TransferToAddressWithAmount, TransferTypeEnum,
    VerifyWalletOptions, WalletVerificationMethod,
};
use mesh_link_api::{ExactNumber, NotANumber};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::catalog::checks::check_against;
use crate::catalog::{Integrations, Networks};
use crate::link_token::destination::{Destination, GoodsDetails};
use crate::link_token::request::{LinkTokenRequest, TransferKind, TransferOptions};
use crate::link_token::verification::WalletVerification;
use crate::rules;
use crate::rules::violations::{InvalidRequest, Rule, Violation};

impl LinkTokenRequest {
    /// Checks every rule of Mesh's guide and spec; `Ok` means the request can be sent.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        rules::check(self)
    }

    /// Checks the request against Mesh's catalogs, as
    /// [`catalog_checks`](crate::MeshClientBuilder::catalog_checks) does before sending: every
    /// destination network listed in `networks` and taking its token, and the `integrationId`
    /// listed in `integrations` and transferring on the request's networks. A list not given is
    /// not checked. For your own HTTP stack, with lists from
    /// [`catalog::decode_networks`](crate::catalog::decode_networks) and its siblings.
    pub fn validate_with_catalogs(
        &self,
        networks: Option<&Networks>,
        integrations: Option<&Integrations>,
    ) -> Result<(), InvalidRequest> {
        check_against(self, networks, integrations)
    }

    /// The JSON body Mesh receives for this request, after every rule is checked. For sending it
    /// with your own HTTP stack (pair it with [`decode_answer`](crate::decode_answer)) or for logs.
    pub fn to_json_body(&self) -> Result<Vec<u8>, InvalidRequest> {
        rules::check(self)?;
        let refused = |detail: String| {
            InvalidRequest::from_violations(vec![Violation {
                field: "body".to_owned(),
                rule: Rule::Spec { detail },
            }])
        };
        let body = to_wire(self).map_err(|e| refused(e.to_string()))?;
        serde_json::to_vec(&body).map_err(|e| refused(e.to_string()))
    }
}

/// `request` as the generated type. The rules run first and keep every constraint the
/// generated types check, so an error here means the two disagree; it is reported, never a panic.
fn to_wire(request: &LinkTokenRequest) -> Result<GetLinkTokenRequest, ConversionError> {
    let transfer_options = request
        .transfer
        .kind
        .map(|kind| transfer_options(&request.transfer, kind))
        .transpose()?;
    GetLinkTokenRequest::builder()
        .broker_type(request.broker_type)
        .disable_api_key_generation(request.disable_api_key_generation)
        .integration_id(request.integration.map(Uuid::from))
        .restrict_multiple_accounts(Some(request.restrict_multiple_accounts))
        .sub_client_id(request.sub_client)
        .transfer_options(transfer_options)
        .user_id(request.user_id.as_str())
        .verify_wallet_options(request.verification.as_ref().map(verify_wallet_options))
        .try_into()
}

fn transfer_options(
    transfer: &TransferOptions,
    kind: TransferKind,
) -> Result<LinkTokenTransferOptions, ConversionError> {
    let mut options = LinkTokenTransferOptions::default();
    options.amount_in_fiat = exact(transfer.amount_in_fiat)?;
    options.client_fee = exact(transfer.client_fee)?;
    options.description = constrained(transfer.description.as_deref())?;
    options.funding_options = transfer.funding_options_enabled.map(|enabled| {
        let mut funding = TransferCryptocurrencyFundingOptions::default();
        funding.enabled = Some(enabled);
        funding
    });
    options.generate_pay_link = Some(transfer.generate_pay_link.unwrap_or(false));
    options.goods_details = (!transfer.goods_details.is_empty())
        .then(|| transfer.goods_details.iter().map(goods).collect());
    // The guide's standard: fees on top for deposits and payments, included for onramps.
    options.is_inclusive_fee_enabled = Some(
        transfer
            .inclusive_fee
            .unwrap_or(kind == TransferKind::Onramp),
    );
    options.to_addresses = Some(
        transfer
            .destinations
            .iter()
            .map(to_address)
            .collect::<Result<_, _>>()?,
    );
    options.transaction_id = constrained(transfer.transaction_id.as_deref())?;
    options.transfer_type = Some(match kind {
        TransferKind::Deposit => TransferTypeEnum::Deposit,
        TransferKind::Payment => TransferTypeEnum::Payment,
        TransferKind::Onramp => TransferTypeEnum::Onramp,
    });
    Ok(options)
}

fn to_address(destination: &Destination) -> Result<TransferToAddressWithAmount, ConversionError> {
    let mut to = TransferToAddressWithAmount::default();
    to.address = Some(destination.address.clone());
    to.address_tag = destination.address_tag.clone();
    to.amount = exact(destination.amount)?;
    to.display_amount_in_fiat = exact(destination.display_amount_in_fiat)?;
    to.min_amount = exact(destination.min_amount)?;
    to.min_amount_in_fiat = exact(destination.min_amount_in_fiat)?;
    to.network_id = Some(Uuid::from(destination.network));
    to.symbol = Some(destination.symbol.clone());
    Ok(to)
}

fn goods(goods: &GoodsDetails) -> WireGoods {
    let mut wire = WireGoods::default();
    wire.goods_category = goods.category.clone();
    wire.goods_detail = goods.detail.clone();
    wire.goods_name = goods.name.clone();
    wire.goods_type = goods.goods_type.map(|t| t.code().to_owned());
    wire.reference_goods_id = goods.reference_id.clone();
    wire
}

fn verify_wallet_options(verification: &WalletVerification) -> VerifyWalletOptions {
    let mut options = VerifyWalletOptions::default();
    let addresses = &verification.addresses;
    options.addresses = (!addresses.is_empty()).then(|| addresses.clone());
    options.message = verification.message.clone();
    options.network_id = verification.network.map(Uuid::from);
    options.network_type = verification.network_type;
    // The only verification method Mesh has.
    options.verification_methods = Some(vec![WalletVerificationMethod::SignedMessage]);
    options
}

/// Text into a generated type that checks the spec's constraints (`maxLength`).
fn constrained<'a, T>(text: Option<&'a str>) -> Result<Option<T>, ConversionError>
where
    T: TryFrom<&'a str, Error = ConversionError>,
{
    text.map(T::try_from).transpose()
}

/// An amount as written (`0.00000486`, `100.00`): its plain decimal text, which the rules
/// proved the double Mesh reads (the spec's `format: double`) says exactly.
fn exact(amount: Option<Decimal>) -> Result<Option<ExactNumber>, ConversionError> {
    amount
        .map(|amount| {
            ExactNumber::try_from(amount.to_string())
                .map_err(|error: NotANumber| ConversionError::from(error.to_string()))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use mesh_link_api::types::{BrokerType, NetworkType};
    use rust_decimal::dec;

    use super::*;
    use crate::ids::{integrations, networks};
    use crate::link_token::destination::GoodsType;

    /// Every option of every use case, so each field of the body is written at least once.
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
    fn every_body_reads_back_into_the_request_it_came_from() {
        for request in requests() {
            let body = request.to_json_body().unwrap();
            let read: GetLinkTokenRequest = serde_json::from_slice(&body).unwrap();
            assert_eq!(read, to_wire(&request).unwrap());
            assert_eq!(read.user_id.as_str(), request.user_id());
        }
    }

    #[test]
    fn amounts_are_written_as_their_plain_decimal_digits() {
        let body = String::from_utf8(requests()[1].to_json_body().unwrap()).unwrap();
        for amount in [
            r#""amount":0.3"#,
            r#""minAmount":0.00000001"#,
            r#""amountInFiat":100.0"#,
            r#""displayAmountInFiat":12.5"#,
            r#""minAmountInFiat":5.0"#,
        ] {
            assert!(body.contains(amount), "{amount} not in {body}");
        }
    }

    #[test]
    fn every_option_reaches_the_body() {
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
