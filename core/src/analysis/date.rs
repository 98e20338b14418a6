//! Date parsing as SpamAssassin does it (sa-semantics §2.1).

use crate::time::Timestamp;

/// Parses an RFC 822-ish date with SpamAssassin's leniency and fix-ups.
#[must_use]
pub fn parse_rfc822_date(_value: &str) -> Option<Timestamp> {
    None
}
