//! HTML tests (sa-semantics §1).

use crate::rules::Rule;

pub(crate) fn rules() -> Vec<Rule> {
    Vec::new()
}
