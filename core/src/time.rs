//! Time as plain data: the core never reads a clock, the caller injects `now`.

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch, UTC.
///
/// ```
/// use spamgauge::Timestamp;
/// assert_eq!(Timestamp::from_unix(86_400).unix(), 86_400);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A timestamp from seconds since the Unix epoch.
    #[must_use]
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix(self) -> i64 {
        self.0
    }
}
