//! MIME structure tests (sa-semantics §1.3, §1.4, §2.4).

use crate::rules::Rule;

pub(crate) fn rules() -> Vec<Rule> {
    Vec::new()
}
