//! A webhook's timestamps (`long` in Mesh's guide, which names no unit): Unix seconds as Mesh's
//! transfer answers write them, or milliseconds, told apart by size.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// From here on a value is read as milliseconds: in seconds it would be past the year 5000, in
/// milliseconds it is after March 1973.
const MILLISECONDS_FROM: u64 = 100_000_000_000;

/// The time a webhook timestamp names; `None` before 1970 or beyond what the clock holds.
pub(crate) fn unix_time(value: i64) -> Option<SystemTime> {
    let value = u64::try_from(value).ok()?;
    let since_epoch = if value >= MILLISECONDS_FROM {
        Duration::from_millis(value)
    } else {
        Duration::from_secs(value)
    };
    UNIX_EPOCH.checked_add(since_epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_milliseconds_name_the_same_time() {
        let seconds = unix_time(1_764_806_400).unwrap();
        assert_eq!(unix_time(1_764_806_400_000), Some(seconds));
        assert_eq!(
            unix_time(1_764_806_400_250)
                .unwrap()
                .duration_since(seconds)
                .unwrap(),
            Duration::from_millis(250)
        );
    }

    #[test]
    fn times_before_1970_are_none() {
        assert_eq!(unix_time(-1), None);
        assert_eq!(unix_time(0), Some(UNIX_EPOCH));
        assert!(unix_time(i64::MAX).is_some());
    }
}
