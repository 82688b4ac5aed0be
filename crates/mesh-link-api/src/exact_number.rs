//! The spec's `number` (`format: double`) kept as the text it is written with, so an amount
//! reaches Mesh, and comes back from it, digit for digit: `0.00000486`, not `4.86e-6`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON number as written. Equality is of the text: `10` and `10.0` differ.
///
/// ```
/// use mesh_link_api::ExactNumber;
///
/// let amount: ExactNumber = "0.00000486".parse()?;
/// assert_eq!(serde_json::to_string(&amount)?, "0.00000486");
/// assert_eq!(amount.to_f64(), 4.86e-6);
/// assert!("4,86".parse::<ExactNumber>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ExactNumber(Box<RawValue>);

/// Why text is not a number JSON can carry and a double can read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a JSON number a double can hold")]
pub struct NotANumber {
    text: String,
}

impl ExactNumber {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The double a reader of the spec's `format: double` makes of it.
    pub fn to_f64(&self) -> f64 {
        // A number `new` accepted parses: serde_json read it as a finite double.
        self.as_str().parse().unwrap_or(f64::NAN)
    }

    fn checked(text: &str) -> Result<Self, NotANumber> {
        is_a_double(text)?;
        serde_json::from_str(text)
            .map(Self)
            .map_err(|_| NotANumber::quoting(text))
    }
}

impl NotANumber {
    fn quoting(text: &str) -> Self {
        Self {
            text: text.chars().take(80).collect(),
        }
    }
}

/// Whether JSON text (valid or not) is a number a double holds; the JSON grammar is checked
/// apart, by serde_json.
fn is_a_double(text: &str) -> Result<(), NotANumber> {
    // JSON text starting with a digit or `-` can only be a number.
    let starts_as_number = text.starts_with(|c: char| c == '-' || c.is_ascii_digit());
    // Only an exponent or some 300 digits overflow a double.
    let may_overflow = text.len() > 300 || text.contains(['e', 'E']);
    if starts_as_number
        && text.trim_end() == text
        && (!may_overflow || text.parse::<f64>().is_ok_and(f64::is_finite))
    {
        Ok(())
    } else {
        Err(NotANumber::quoting(text))
    }
}

impl FromStr for ExactNumber {
    type Err = NotANumber;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::checked(text)
    }
}

impl TryFrom<String> for ExactNumber {
    type Error = NotANumber;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::checked(&text)
    }
}

impl TryFrom<f64> for ExactNumber {
    type Error = NotANumber;

    /// The double's shortest decimal, without an exponent (`1e-7` is `0.0000001`); not for a
    /// NaN or an infinity, which JSON cannot carry.
    fn try_from(double: f64) -> Result<Self, Self::Error> {
        Self::checked(&double.to_string())
    }
}

impl fmt::Display for ExactNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ExactNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExactNumber({})", self.as_str())
    }
}

impl PartialEq for ExactNumber {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ExactNumber {}

impl std::hash::Hash for ExactNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for ExactNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ExactNumber {
    /// From JSON, the number's own text; a string or any other value is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        is_a_double(raw.get()).map_err(serde::de::Error::custom)?;
        Ok(Self(raw))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ExactNumber {
    fn schema_name() -> String {
        "ExactNumber".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Number.into()),
            format: Some("double".to_owned()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text_both_ways() {
        for text in [
            "0",
            "-0",
            "10",
            "100.00",
            "0.00000486",
            "4.86e-6",
            "1E+3",
            "123456789.123456789",
        ] {
            let number: ExactNumber = text.parse().unwrap();
            assert_eq!(serde_json::to_string(&number).unwrap(), text);
            let read: ExactNumber = serde_json::from_str(text).unwrap();
            assert_eq!(read.as_str(), text);
            let nested: serde_json::Value =
                serde_json::from_str(&format!(r#"{{"amount": {text}}}"#)).unwrap();
            assert_eq!(nested["amount"].as_f64(), Some(number.to_f64()));
        }
    }

    #[test]
    fn what_json_or_a_double_cannot_carry_is_refused() {
        for text in [
            "", " 1", "1 ", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "1e400", "\"1\"", "1,5",
        ] {
            assert!(text.parse::<ExactNumber>().is_err(), "{text:?}");
        }
        assert!(serde_json::from_str::<ExactNumber>(r#""1.5""#).is_err());
        assert!(ExactNumber::try_from(f64::NAN).is_err());
        assert!(ExactNumber::try_from(f64::INFINITY).is_err());
    }

    #[test]
    fn a_double_is_written_as_its_shortest_decimal_without_an_exponent() {
        assert_eq!(ExactNumber::try_from(1e-7).unwrap().as_str(), "0.0000001");
        assert_eq!(
            ExactNumber::try_from(0.1 + 0.2).unwrap().as_str(),
            "0.30000000000000004"
        );
        assert_eq!(ExactNumber::try_from(10.0).unwrap().as_str(), "10");
    }

    #[test]
    fn a_number_inside_an_object_is_read_without_the_space_around_it() {
        #[derive(Deserialize)]
        struct Transfer {
            amount: ExactNumber,
        }
        let read: Transfer = serde_json::from_str("{\"amount\":  0.00000486 \n}").unwrap();
        assert_eq!(read.amount.as_str(), "0.00000486");
        assert!(serde_json::from_str::<Transfer>(r#"{"amount": "1"}"#).is_err());
        assert!(serde_json::from_str::<Transfer>(r#"{"amount": 1e999}"#).is_err());
    }

    #[test]
    fn a_number_read_from_a_value_keeps_the_values_text() {
        let value = serde_json::json!({"amount": 12.5});
        let read: ExactNumber = serde_json::from_value(value["amount"].clone()).unwrap();
        assert_eq!(read.as_str(), "12.5");
    }
}
