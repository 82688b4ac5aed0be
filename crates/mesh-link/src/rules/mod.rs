//! Every rule of Mesh's guide and spec that a link-token request must keep, checked before
//! anything is sent.

pub mod limits;
mod pii;
pub(crate) mod violations;

use std::fmt;

use rust_decimal::Decimal;

use crate::link_token::amount;
use crate::link_token::destination::Destination;
use crate::link_token::request::{LinkTokenRequest, TransferKind, TransferOptions};
use crate::link_token::verification::WalletVerification;
use crate::rules::violations::{InvalidRequest, Rule, Violation};

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

/// Collects the rules a request breaks.
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

    /// An amount greater than zero that the double Mesh reads says exactly.
    fn amount(&mut self, path: Path, value: Option<Decimal>) {
        let Some(value) = value else { return };
        if value <= Decimal::ZERO {
            self.fail(path, Rule::NotPositive);
        } else {
            self.exact(path, value);
        }
    }

    /// The double Mesh reads `value` as, when it says `value` exactly.
    fn exact(&mut self, path: Path, value: Decimal) -> Option<f64> {
        let double = amount::exact_double(value);
        if double.is_none() {
            self.fail(path, Rule::TooPrecise);
        }
        double
    }

    fn not_for(&mut self, path: Path, is_set: bool, use_case: &'static str) {
        if is_set {
            self.fail(path, Rule::NotForUseCase { use_case });
        }
    }

    fn finish(self) -> Result<(), InvalidRequest> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(InvalidRequest::from_violations(self.violations))
        }
    }
}

const TO_ADDRESSES: &str = "transferOptions.toAddresses";
/// The field that restricts wallet verification to one network.
pub(crate) const VERIFICATION_NETWORK_ID: &str = "verifyWalletOptions.networkId";

/// The path of `field` of destination `index`: `transferOptions.toAddresses[2].symbol`.
pub(crate) fn destination_field(index: usize, field: &'static str) -> String {
    Path::Item {
        list: TO_ADDRESSES,
        index,
        field: Some(field),
    }
    .to_string()
}

/// `Ok` when `request` keeps every rule; otherwise every rule it breaks, in field order.
pub(crate) fn check(request: &LinkTokenRequest) -> Result<(), InvalidRequest> {
    let mut check = Checker::default();
    user_id(&mut check, &request.user_id);
    match request.transfer.kind {
        Some(kind) => transfer_options(&mut check, &request.transfer, kind),
        None => no_transfer_options(&mut check, &request.transfer),
    }
    if let Some(verification) = &request.verification {
        wallet_verification(&mut check, verification, request.transfer.kind);
    }
    check.finish()
}

fn user_id(check: &mut Checker, user_id: &str) {
    check.text(Path::At("userId"), user_id, Some(limits::USER_ID_MAX_CHARS));
    if pii::looks_like_email(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikeEmail);
    } else if pii::looks_like_phone_number(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikePhoneNumber);
    }
}

fn transfer_options(check: &mut Checker, transfer: &TransferOptions, kind: TransferKind) {
    let is_payment = kind == TransferKind::Payment;
    if transfer.destinations.is_empty() {
        check.fail(Path::At(TO_ADDRESSES), Rule::NoDestination);
    }
    for (index, destination) in transfer.destinations.iter().enumerate() {
        to_address(check, index, destination, kind);
    }
    check.optional_text(
        Path::At("transferOptions.transactionId"),
        transfer.transaction_id.as_deref(),
        Some(limits::TRANSACTION_ID_MAX_CHARS),
    );
    // Mesh's PayLinks quickstart: a payment link is issued for a transaction of yours.
    let no_transaction_id = transfer
        .transaction_id
        .as_deref()
        .is_none_or(|id| id.trim().is_empty());
    if transfer.generate_pay_link == Some(true) && no_transaction_id {
        check.fail(
            Path::At("transferOptions.transactionId"),
            Rule::RequiredForPayLink,
        );
    }
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
        let (min, max) = (limits::CLIENT_FEE_MIN, limits::CLIENT_FEE_MAX);
        if !is_payment {
            check.fail(
                Path::At("transferOptions.clientFee"),
                Rule::NotForUseCase {
                    use_case: kind.name(),
                },
            );
        } else if let Some(fee) = check.exact(Path::At("transferOptions.clientFee"), fee)
            && !(min..=max).contains(&fee)
        {
            check.fail(
                Path::At("transferOptions.clientFee"),
                Rule::OutOfRange { min, max },
            );
        }
    }
}

/// Transfer options on a request that is not a transfer would be ignored or refused by Mesh.
fn no_transfer_options(check: &mut Checker, transfer: &TransferOptions) {
    const NOT_A_TRANSFER: &str = "requests without a transfer (use deposit, payment or onramp)";
    let set = [
        (TO_ADDRESSES, !transfer.destinations.is_empty()),
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
            "transferOptions.fundingOptions",
            transfer.funding_options_enabled.is_some(),
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

fn to_address(check: &mut Checker, index: usize, destination: &Destination, kind: TransferKind) {
    let at = |field| Path::Item {
        list: TO_ADDRESSES,
        index,
        field: Some(field),
    };
    check.text(at("symbol"), &destination.symbol, None);
    check.text(at("address"), &destination.address, None);
    check.optional_text(at("addressTag"), destination.address_tag.as_deref(), None);
    let is_payment = kind == TransferKind::Payment;
    if is_payment && destination.amount.is_none() {
        check.fail(at("amount"), Rule::RequiredForPayment);
    }
    check.amount(at("amount"), destination.amount);
    check.amount(
        at("displayAmountInFiat"),
        destination.display_amount_in_fiat,
    );
    // Minimums are for deposits and onramps; a payment's amount is exact.
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
}

fn wallet_verification(
    check: &mut Checker,
    verification: &WalletVerification,
    kind: Option<TransferKind>,
) {
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
                other: VERIFICATION_NETWORK_ID,
            },
        );
    }
    for (index, address) in verification.addresses.iter().enumerate() {
        let path = Path::Item {
            list: "verifyWalletOptions.addresses",
            index,
            field: None,
        };
        check.text(path, address, None);
    }
}
