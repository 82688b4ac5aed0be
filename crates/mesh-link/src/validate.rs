//! Every rule of Mesh's guide and spec, checked before anything is sent, and the conversion of a
//! valid request into the wire type generated from the spec.

use std::fmt;

use mesh_link_api::types as wire;

use crate::destination::{Destination, GoodsDetails};
use crate::error::{InvalidRequest, Rule, Violation};
use crate::request::{LinkTokenRequest, TransferKind, TransferOptions};
use crate::verification::WalletVerification;
use crate::{limits, pii};

/// Where a field is in the body Mesh receives; written out only when a rule is broken, so the
/// checks cost nothing when the request is valid.
#[derive(Clone, Copy, Debug)]
enum Path {
    /// A field at a fixed place: `userId`, `transferOptions.clientFee`.
    At(&'static str),
    /// An item of a list, or a field of that item: `transferOptions.toAddresses[2].amount`.
    Item {
        list: &'static str,
        index: usize,
        field: Option<&'static str>,
    },
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::At(field) => f.write_str(field),
            Self::Item {
                list,
                index,
                field: None,
            } => write!(f, "{list}[{index}]"),
            Self::Item {
                list,
                index,
                field: Some(field),
            } => write!(f, "{list}[{index}].{field}"),
        }
    }
}

/// Collects violations while the wire request is built.
#[derive(Default)]
struct Checker {
    violations: Vec<Violation>,
}

impl Checker {
    fn fail(&mut self, path: Path, rule: Rule) {
        self.violations.push(Violation {
            field: path.to_string(),
            rule,
        });
    }

    /// Non-blank text of at most `max` characters.
    fn text(&mut self, path: Path, value: &str, max: Option<usize>) {
        if value.trim().is_empty() {
            self.fail(path, Rule::Empty);
        } else if let Some(max) = max {
            // Characters, not bytes, as the spec counts them; counted only past the byte length.
            let actual = if value.len() > max {
                value.chars().count()
            } else {
                value.len()
            };
            if actual > max {
                self.fail(path, Rule::TooLong { max, actual });
            }
        }
    }

    fn optional_text(&mut self, path: Path, value: Option<&str>, max: Option<usize>) {
        if let Some(value) = value {
            self.text(path, value, max);
        }
    }

    /// A finite amount greater than zero.
    fn amount(&mut self, path: Path, value: Option<f64>) {
        if value.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
            self.fail(path, Rule::NotPositive);
        }
    }

    fn not_for(&mut self, path: Path, is_set: bool, use_case: &'static str) {
        if is_set {
            self.fail(path, Rule::NotForUseCase { use_case });
        }
    }

    /// Converts text into its type generated from the spec, whose constraints it checks again;
    /// that only fails on its own if the spec changed under the checks above.
    fn spec<'a, T>(&mut self, path: Path, value: &'a str) -> Option<T>
    where
        T: TryFrom<&'a str, Error = wire::error::ConversionError>,
    {
        match T::try_from(value) {
            Ok(converted) => Some(converted),
            Err(error) => {
                let field = path.to_string();
                if !self.violations.iter().any(|v| v.field == field) {
                    self.violations.push(Violation {
                        field,
                        rule: Rule::Spec {
                            detail: error.to_string(),
                        },
                    });
                }
                None
            }
        }
    }
}

impl Checker {
    /// A wire type from its builder. Fails only if the spec requires a field this client does
    /// not fill (the spec changed under it), which is reported, never a panic.
    fn build<B, T>(&mut self, path: Path, builder: B) -> Option<T>
    where
        T: TryFrom<B, Error = wire::error::ConversionError>,
    {
        T::try_from(builder)
            .map_err(|error| {
                self.fail(
                    path,
                    Rule::Spec {
                        detail: error.to_string(),
                    },
                );
            })
            .ok()
    }
}

const TO_ADDRESSES: &str = "transferOptions.toAddresses";

fn destination_field(index: usize, field: &'static str) -> Path {
    Path::Item {
        list: TO_ADDRESSES,
        index,
        field: Some(field),
    }
}

/// The request as Mesh receives it, or every rule it breaks.
pub(crate) fn to_wire(
    request: &LinkTokenRequest,
) -> Result<wire::GetLinkTokenRequest, InvalidRequest> {
    let mut check = Checker::default();
    check_user_id(&mut check, &request.user_id);
    let user_id: Option<wire::GetLinkTokenRequestUserId> =
        check.spec(Path::At("userId"), &request.user_id);
    let transfer_options = request
        .transfer
        .kind
        .and_then(|kind| transfer_options(&mut check, &request.transfer, kind));
    if request.transfer.kind.is_none() {
        reject_transfer_options(&mut check, &request.transfer);
    }
    let verify_wallet_options = request
        .verification
        .as_ref()
        .and_then(|v| verification(&mut check, v, request.transfer.kind));
    let Some(user_id) = user_id.filter(|_| check.violations.is_empty()) else {
        return Err(InvalidRequest::from_violations(check.violations));
    };
    let body = wire::GetLinkTokenRequest::builder()
        .user_id(user_id)
        .restrict_multiple_accounts(Some(request.restrict_multiple_accounts))
        .integration_id(request.integration.map(uuid::Uuid::from))
        .disable_api_key_generation(request.disable_api_key_generation)
        .sub_client_id(request.sub_client)
        .broker_type(request.broker_type)
        .transfer_options(transfer_options)
        .verify_wallet_options(verify_wallet_options);
    check
        .build(Path::At("body"), body)
        .filter(|_| check.violations.is_empty())
        .ok_or_else(|| InvalidRequest::from_violations(check.violations))
}

fn check_user_id(check: &mut Checker, user_id: &str) {
    check.text(Path::At("userId"), user_id, Some(limits::USER_ID_MAX_CHARS));
    if pii::looks_like_email(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikeEmail);
    } else if pii::looks_like_phone_number(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikePhoneNumber);
    }
}

fn transfer_options(
    check: &mut Checker,
    transfer: &TransferOptions,
    kind: TransferKind,
) -> Option<wire::LinkTokenTransferOptions> {
    let is_payment = kind == TransferKind::Payment;
    if transfer.destinations.is_empty() {
        check.fail(Path::At("transferOptions.toAddresses"), Rule::NoDestination);
    }
    let to_addresses: Option<Vec<_>> = transfer
        .destinations
        .iter()
        .enumerate()
        .map(|(i, destination)| to_address(check, i, destination, kind))
        .collect();
    check.optional_text(
        Path::At("transferOptions.transactionId"),
        transfer.transaction_id.as_deref(),
        Some(limits::TRANSACTION_ID_MAX_CHARS),
    );
    check.optional_text(
        Path::At("transferOptions.description"),
        transfer.description.as_deref(),
        Some(limits::DESCRIPTION_MAX_CHARS),
    );
    if is_payment && transfer.amount_in_fiat.is_some() {
        check.fail(
            Path::At("transferOptions.amountInFiat"),
            Rule::NotForPayment,
        );
    } else {
        check.amount(
            Path::At("transferOptions.amountInFiat"),
            transfer.amount_in_fiat,
        );
    }
    if let Some(fee) = transfer.client_fee {
        if !is_payment {
            check.fail(
                Path::At("transferOptions.clientFee"),
                Rule::NotForUseCase {
                    use_case: kind.name(),
                },
            );
        } else if !(fee.is_finite()
            && (limits::CLIENT_FEE_MIN..=limits::CLIENT_FEE_MAX).contains(&fee))
        {
            let (min, max) = (limits::CLIENT_FEE_MIN, limits::CLIENT_FEE_MAX);
            check.fail(
                Path::At("transferOptions.clientFee"),
                Rule::OutOfRange { min, max },
            );
        }
    }
    let goods_details: Option<Vec<_>> = transfer
        .goods_details
        .iter()
        .enumerate()
        .map(|(i, details)| goods(check, i, details))
        .collect();
    let transaction_id = transfer
        .transaction_id
        .as_deref()
        .and_then(|t| check.spec(Path::At("transferOptions.transactionId"), t));
    let description = transfer
        .description
        .as_deref()
        .and_then(|d| check.spec(Path::At("transferOptions.description"), d));
    let goods_details = goods_details?;
    let options = wire::LinkTokenTransferOptions::builder()
        .to_addresses(Some(to_addresses?))
        .transaction_id(transaction_id)
        .description(description)
        .amount_in_fiat(transfer.amount_in_fiat)
        .client_fee(transfer.client_fee)
        .transfer_type(Some(match kind {
            TransferKind::Deposit => wire::TransferTypeEnum::Deposit,
            TransferKind::Payment => wire::TransferTypeEnum::Payment,
            TransferKind::Onramp => wire::TransferTypeEnum::Onramp,
        }))
        // The guide's standard: fees on top for deposits and payments, included for onramps.
        .is_inclusive_fee_enabled(Some(
            transfer
                .inclusive_fee
                .unwrap_or(kind == TransferKind::Onramp),
        ))
        .generate_pay_link(Some(transfer.generate_pay_link.unwrap_or(false)))
        .goods_details((!goods_details.is_empty()).then_some(goods_details));
    check.build(Path::At("transferOptions"), options)
}

/// Transfer options on a request that is not a transfer would be ignored or refused by Mesh.
fn reject_transfer_options(check: &mut Checker, transfer: &TransferOptions) {
    const NOT_A_TRANSFER: &str = "requests without a transfer (use deposit, payment or onramp)";
    let set = [
        (
            "transferOptions.toAddresses",
            !transfer.destinations.is_empty(),
        ),
        (
            "transferOptions.transactionId",
            transfer.transaction_id.is_some(),
        ),
        (
            "transferOptions.amountInFiat",
            transfer.amount_in_fiat.is_some(),
        ),
        ("transferOptions.clientFee", transfer.client_fee.is_some()),
        (
            "transferOptions.isInclusiveFeeEnabled",
            transfer.inclusive_fee.is_some(),
        ),
        (
            "transferOptions.generatePayLink",
            transfer.generate_pay_link.is_some(),
        ),
        (
            "transferOptions.description",
            transfer.description.is_some(),
        ),
        (
            "transferOptions.goodsDetails",
            !transfer.goods_details.is_empty(),
        ),
    ];
    for (field, is_set) in set {
        check.not_for(Path::At(field), is_set, NOT_A_TRANSFER);
    }
}

fn to_address(
    check: &mut Checker,
    index: usize,
    destination: &Destination,
    kind: TransferKind,
) -> Option<wire::TransferToAddressWithAmount> {
    let at = |field| destination_field(index, field);
    check.text(at("symbol"), &destination.symbol, None);
    check.text(at("address"), &destination.address, None);
    check.optional_text(at("addressTag"), destination.address_tag.as_deref(), None);
    if kind == TransferKind::Payment && destination.amount.is_none() {
        check.fail(at("amount"), Rule::RequiredForPayment);
    }
    check.amount(at("amount"), destination.amount);
    check.amount(
        at("displayAmountInFiat"),
        destination.display_amount_in_fiat,
    );
    // Minimums are for deposits and onramps; a payment's amount is exact.
    let is_payment = kind == TransferKind::Payment;
    check.not_for(
        at("minAmount"),
        is_payment && destination.min_amount.is_some(),
        kind.name(),
    );
    check.not_for(
        at("minAmountInFiat"),
        is_payment && destination.min_amount_in_fiat.is_some(),
        kind.name(),
    );
    check.amount(at("minAmount"), destination.min_amount);
    check.amount(at("minAmountInFiat"), destination.min_amount_in_fiat);
    let address = wire::TransferToAddressWithAmount::builder()
        .network_id(Some(uuid::Uuid::from(destination.network)))
        .symbol(Some(destination.symbol.clone()))
        .address(Some(destination.address.clone()))
        .address_tag(destination.address_tag.clone())
        .amount(destination.amount)
        .display_amount_in_fiat(destination.display_amount_in_fiat)
        .min_amount(destination.min_amount)
        .min_amount_in_fiat(destination.min_amount_in_fiat);
    check.build(
        Path::Item {
            list: TO_ADDRESSES,
            index,
            field: None,
        },
        address,
    )
}

fn goods(check: &mut Checker, index: usize, details: &GoodsDetails) -> Option<wire::GoodsDetails> {
    let goods = wire::GoodsDetails::builder()
        .goods_type(details.goods_type.map(|t| t.code().to_owned()))
        .goods_category(details.category.clone())
        .reference_goods_id(details.reference_id.clone())
        .goods_name(details.name.clone())
        .goods_detail(details.detail.clone());
    check.build(
        Path::Item {
            list: "transferOptions.goodsDetails",
            index,
            field: None,
        },
        goods,
    )
}

fn verification(
    check: &mut Checker,
    verification: &WalletVerification,
    kind: Option<TransferKind>,
) -> Option<wire::VerifyWalletOptions> {
    // Mesh's guide: verification is "fully compatible with the deposit & payment use cases".
    if kind == Some(TransferKind::Onramp) {
        check.fail(
            Path::At("verifyWalletOptions"),
            Rule::NotForUseCase {
                use_case: "onramps",
            },
        );
    }
    check.optional_text(
        Path::At("verifyWalletOptions.message"),
        verification.message.as_deref(),
        None,
    );
    if verification.network.is_some() && verification.network_type.is_some() {
        check.fail(
            Path::At("verifyWalletOptions.networkType"),
            Rule::ConflictsWith {
                other: "verifyWalletOptions.networkId",
            },
        );
    }
    for (i, address) in verification.addresses.iter().enumerate() {
        let path = Path::Item {
            list: "verifyWalletOptions.addresses",
            index: i,
            field: None,
        };
        check.text(path, address, None);
    }
    let options = wire::VerifyWalletOptions::builder()
        .verification_methods(Some(vec![wire::WalletVerificationMethod::SignedMessage]))
        .message(verification.message.clone())
        .network_id(verification.network.map(uuid::Uuid::from))
        .network_type(verification.network_type)
        .addresses((!verification.addresses.is_empty()).then(|| verification.addresses.clone()));
    check.build(Path::At("verifyWalletOptions"), options)
}
