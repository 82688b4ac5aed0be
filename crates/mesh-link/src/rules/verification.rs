//! `verifyWalletOptions`: deposits and payments only, one way to name the network, no blank text.

use super::{Checker, Path, VERIFICATION_NETWORK_ID};
use crate::link_token::request::TransferKind;
use crate::link_token::verification::WalletVerification;
use crate::rules::violations::Rule;

pub(super) fn wallet_verification(
    check: &mut Checker,
    verification: &WalletVerification,
    kind: Option<TransferKind>,
) {
    // Mesh's guide: verification is "fully compatible with the deposit & payment use cases".
    if kind == Some(TransferKind::Onramp) {
        check.fail(
            Path::At("verifyWalletOptions"),
            Rule::NotForUseCase {
                use_case: TransferKind::Onramp.name(),
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
