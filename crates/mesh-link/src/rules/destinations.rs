//! Each destination of a transfer (`transferOptions.toAddresses[i]`): its text fields and its
//! amounts (a payment's exact amount required, minimums for deposits and onramps only).

use super::{Checker, Path, TO_ADDRESSES};
use crate::link_token::destination::Destination;
use crate::link_token::request::TransferKind;
use crate::rules::violations::Rule;

pub(super) fn to_address(
    check: &mut Checker,
    index: usize,
    destination: &Destination,
    kind: TransferKind,
) {
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
