//! Amounts as exact decimals, and the double each one reaches Mesh as.

use rust_decimal::Decimal;

/// Any decimal of this many significant digits survives the trip through a double (`DBL_DIG`).
const DIGITS_A_DOUBLE_ALWAYS_HOLDS: u32 = 15;

/// The powers of ten a double holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The double Mesh reads `amount` as (the spec's `number`, `format: double`), when it says
/// exactly `amount`: then the JSON written for it is `amount`'s own digits (`0.3`).
pub(crate) fn exact_double(amount: Decimal) -> Option<f64> {
    let mantissa = amount.mantissa();
    if mantissa.unsigned_abs() < 10u128.pow(DIGITS_A_DOUBLE_ALWAYS_HOLDS) {
        // Both operands are exact doubles and division rounds once: the nearest double.
        let power = EXACT_POWERS_OF_TEN.get(usize::try_from(amount.scale()).ok()?);
        if let Some(power) = power {
            #[expect(clippy::cast_precision_loss, reason = "below 10^15, so exact")]
            return Some(mantissa as f64 / power);
        }
    }
    // Rust's float parsing rounds correctly; rust_decimal's own conversion may not.
    let double: f64 = amount.to_string().parse().ok()?;
    if significant_digits(amount) <= DIGITS_A_DOUBLE_ALWAYS_HOLDS {
        return Some(double);
    }
    // More digits may still name a double exactly: ask what the body would say.
    let written = serde_json::to_string(&double).ok()?;
    let read_back = if written.contains(['e', 'E']) {
        Decimal::from_scientific(&written).ok()?
    } else {
        written.parse::<Decimal>().ok()?
    };
    (read_back == amount).then_some(double)
}

fn significant_digits(amount: Decimal) -> u32 {
    amount
        .normalize()
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |log| log + 1)
}

/// What an amount setter takes: a [`Decimal`] (`Decimal::new(9999, 2)` is 99.99 exactly) or an
/// integer. A float is refused at compile time, with a message that says how to write the amount:
/// it cannot say most decimals exactly, and Mesh would receive another amount.
///
/// ```compile_fail
/// use mesh_link::{Destination, networks};
///
/// let destination = Destination::new(networks::BASE, "USDC", "0x12").amount(99.99);
/// ```
#[diagnostic::on_unimplemented(
    message = "an amount is an exact `Decimal` or an integer, not `{Self}`",
    label = "write this amount as a `Decimal`",
    note = "`Decimal::new(9999, 2)` is 99.99 exactly, and so is `\"99.99\".parse::<Decimal>()`; \
            from a float, say which digits you mean: `Decimal::try_from(x)` (15 significant digits)"
)]
pub trait IntoAmount {
    /// The amount as an exact decimal.
    fn into_amount(self) -> Decimal;
}

impl IntoAmount for Decimal {
    fn into_amount(self) -> Decimal {
        self
    }
}

/// Integers are exact; `rust_decimal` converts each of these without loss.
macro_rules! integer_amounts {
    ($($integer:ty),*) => {
        $(impl IntoAmount for $integer {
            fn into_amount(self) -> Decimal {
                Decimal::from(self)
            }
        })*
    };
}

integer_amounts!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

#[cfg(test)]
mod tests {
    use std::str::FromStr as _;

    use super::*;

    fn decimal(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn a_sum_of_decimals_is_the_double_whose_json_is_its_digits() {
        let sum = decimal("0.1") + decimal("0.2");
        let double = exact_double(sum).unwrap();
        assert_eq!(serde_json::to_string(&double).unwrap(), "0.3");
        assert_eq!(double, 0.3);
    }

    #[test]
    fn fifteen_digits_always_fit_and_more_fit_only_when_a_double_says_them() {
        assert!(exact_double(decimal("123456789.012345")).is_some());
        assert!(exact_double(decimal("0.30000000000000004")).is_some());
        assert_eq!(exact_double(decimal("1.000000000000000001")), None);
        assert_eq!(exact_double(decimal("0.123456789012345678")), None);
    }

    #[test]
    fn the_quick_path_gives_the_double_that_parsing_the_text_gives() {
        for text in [
            "0.1",
            "0.3",
            "99.99",
            "0.00141",
            "0.025",
            "123456789012345",
            "0.000000000000000000001",
            "-42.5",
            "1.7976931348623157",
            "0.000001",
            "4503599627370497",
        ] {
            let parsed: f64 = text.parse().unwrap();
            assert_eq!(exact_double(decimal(text)), Some(parsed), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_quick_answer_is_the_correctly_rounded_one(
            mantissa in -999_999_999_999_999i64..=999_999_999_999_999,
            scale in 0u32..=22,
        ) {
            let amount = Decimal::new(mantissa, scale);
            let parsed: f64 = amount.to_string().parse().unwrap();
            proptest::prop_assert_eq!(exact_double(amount), Some(parsed));
        }
    }

    #[test]
    fn trailing_zeros_and_tiny_or_huge_amounts_keep_their_value() {
        assert_eq!(exact_double(decimal("12.50")), Some(12.5));
        assert_eq!(exact_double(decimal("0.0000001")), Some(1e-7));
        assert_eq!(
            exact_double(decimal("79228162514264337593543950335")),
            None,
            "29 digits"
        );
        assert_eq!(exact_double(decimal("10000000000000000")), Some(1e16));
    }
}
