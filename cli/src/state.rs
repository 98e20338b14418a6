//! The state file of `score --state`: the auto-whitelist and the per-client
//! reputation, kept between runs as one JSON document.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use spamgauge::learning::Reputation;
use spamgauge::learning::awl::AwlStore;

use crate::{display_path, files};

/// `{ "awl": {...}, "reputation": {...} }`. Both parts are optional when read;
/// an unknown field is an error, so that a typo never silently starts an empty
/// history.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct State {
    /// Auto-whitelist entries by `address|ip=network`.
    pub(crate) awl: AwlStore,
    /// Decayed spam, ham and error counts per client IP and network.
    pub(crate) reputation: Reputation,
}

impl State {
    /// Reads the state; a missing file is an empty state (the first run).
    pub(crate) fn load(path: &Path) -> Result<Self, String> {
        match path.try_exists() {
            Ok(false) => Ok(Self::default()),
            Ok(true) => files::read_json(path),
            Err(error) => Err(format!("{}: cannot read: {error}", display_path(path))),
        }
    }

    /// Writes the state atomically: a crash or a full disk leaves the
    /// previous state in place.
    pub(crate) fn save(&self, path: &Path) -> io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(io::Error::from)?;
        bytes.push(b'\n');
        files::write_atomically(path, &bytes)
    }
}
