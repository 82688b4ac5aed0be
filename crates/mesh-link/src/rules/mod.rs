//! Every rule of Mesh's guide and spec that a link-token request must keep, checked before
//! anything is sent.

mod destinations;
pub mod limits;
mod pii;
mod transfer;
mod user_id;
mod verification;
pub(crate) mod violations;

use std::fmt;

use rust_decimal::Decimal;

use crate::link_token::amount;
use crate::link_token::request::LinkTokenRequest;
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
    user_id::user_id(&mut check, &request.user_id);
    match request.transfer.kind {
        Some(kind) => transfer::transfer_options(&mut check, &request.transfer, kind),
        None => transfer::no_transfer_options(&mut check, &request.transfer),
    }
    if let Some(verification) = &request.verification {
        verification::wallet_verification(&mut check, verification, request.transfer.kind);
    }
    check.finish()
}
