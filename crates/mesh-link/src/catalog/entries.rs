//! How many values an answer holds, counted before it is decoded: the bound on the memory a
//! catalog answer (or a page of transfers) can take, whatever its shape.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The most values one catalog answer may hold: the items of its arrays and the members of its
/// objects, at any depth, counted together.
///
/// Mesh's answers spend about 15 bytes on each (the emulator's catalog, shaped as Mesh's, holds
/// 163 in 2.5 KB), so this admits about 3 MB of catalog, some 20 times the networks answer for
/// 100 networks of 20 tokens each. What a decoded answer holds in memory grows with this count,
/// not with the answer's bytes: an answer of 8 MB of empty objects would otherwise take 70
/// times its size.
pub const MAX_ENTRIES: usize = 200_000;

/// Whether `body` holds more than `max` values. Of a body that is not JSON only what comes
/// before the fault is counted: decoding it says what is wrong.
pub(crate) fn exceed(body: &[u8], max: usize) -> bool {
    // Each value counted takes two bytes at least (`0,`, or `0]` for the last), so a body of
    // at most twice `max` bytes cannot hold more, and is not scanned.
    if body.len() / 2 <= max {
        return false;
    }
    let left = Cell::new(max);
    let mut reader = serde_json::Deserializer::from_slice(body);
    let counted = Counter { left: &left }.deserialize(&mut reader);
    counted.is_err() && left.get() == 0
}

/// Counts down `left` for each value in arrays and objects, and fails when there are more.
#[derive(Clone, Copy)]
struct Counter<'a> {
    left: &'a Cell<usize>,
}

impl Counter<'_> {
    fn take_one<E: de::Error>(self) -> Result<(), E> {
        let left = self
            .left
            .get()
            .checked_sub(1)
            .ok_or_else(|| E::custom("too many values"))?;
        self.left.set(left);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(self)?.is_some() {
            self.take_one()?;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        while members.next_key::<IgnoredAny>()?.is_some() {
            members.next_value_seed(self)?;
            self.take_one()?;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_arrays_and_objects_are_counted_at_any_depth() {
        let body = br#"{"a": [1, 2, {"b": [], "c": null}], "d": "text"}"#;
        // a, 1, 2, {..}, b, c, d: seven.
        assert!(!exceed(body, 7));
        assert!(exceed(body, 6));
        assert!(exceed(b"[{},{},{},{}]", 3));
        assert!(!exceed(b"[{},{},{},{}]", 4));
    }

    #[test]
    fn the_densest_bodies_are_counted_right_at_the_size_below_which_none_is_scanned() {
        for values in 1..50 {
            let items = vec!["0"; values].join(",");
            let members = vec![r#""":0"#; values].join(",");
            let nested = format!("{}{}", "[".repeat(values + 1), "]".repeat(values + 1));
            for body in [format!("[{items}]"), format!("{{{members}}}"), nested] {
                assert!(!exceed(body.as_bytes(), values), "{body}");
                assert!(exceed(body.as_bytes(), values - 1), "{body}");
            }
        }
    }

    #[test]
    fn what_is_not_json_is_left_to_the_decoder() {
        assert!(!exceed(b"not json", 1));
        assert!(!exceed(b"[1, 2", 10));
        assert!(!exceed(b"", 1));
    }
}
