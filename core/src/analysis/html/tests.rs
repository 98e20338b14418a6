//! Model tests on sa-semantics §1 examples.

use super::*;

fn parse(source: &str) -> HtmlModel {
    HtmlModel::parse(0, source, &Limits::default(), &mut Vec::new())
}
