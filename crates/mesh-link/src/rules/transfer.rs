//! `transferOptions` as a whole: the fields of each use case (a payment's fiat total refused,
//! a fee only on payments, a payment link only with a transaction ID), and none of them on a
//! request that is not a transfer.

use super::destinations::to_address;
use super::{Checker, Path, TO_ADDRESSES, limits};
use crate::link_token::request::{TransferKind, TransferOptions};
use crate::rules::violations::Rule;

pub(super) fn transfer_options(
    check: &mut Checker,
    transfer: &TransferOptions,
    kind: TransferKind,
) {
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
pub(super) fn no_transfer_options(check: &mut Checker, transfer: &TransferOptions) {
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
