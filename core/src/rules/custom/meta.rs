//! Meta expressions: rule names and numbers combined with Perl's operators,
//! evaluated as Perl does (`&&` and `||` yield an operand, comparisons and
//! `!` yield 1 or 0).

use crate::error::RuleProblem;

/// Deepest nesting of an expression: bounds the parser's recursion.
const MAX_DEPTH: usize = 64;
/// Longest expression, in tokens: bounds the depth of a left-leaning tree
/// (`A + B + …`), which evaluation walks recursively.
const MAX_TOKENS: usize = 1000;

/// A binary operator, in Perl's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    /// Binding strength: higher binds tighter (Perl's table).
    fn precedence(self) -> u8 {
        match self {
            Op::Or => 1,
            Op::And => 2,
            Op::Eq | Op::Ne => 3,
            Op::Lt | Op::Le | Op::Gt | Op::Ge => 4,
            Op::Add | Op::Sub => 5,
            Op::Mul | Op::Div => 6,
        }
    }

    /// `None` for a division by zero, which makes Perl's evaluation fail.
    fn apply(self, left: f64, right: impl FnOnce() -> Option<f64>) -> Option<f64> {
        let truth = |holds: bool| f64::from(u8::from(holds));
        Some(match self {
            // Perl's `&&` and `||` return the operand that decided.
            Op::And if left == 0.0 => left,
            Op::Or if left != 0.0 => left,
            Op::And | Op::Or => right()?,
            Op::Eq => truth(left == right()?),
            Op::Ne => truth(left != right()?),
            Op::Lt => truth(left < right()?),
            Op::Le => truth(left <= right()?),
            Op::Gt => truth(left > right()?),
            Op::Ge => truth(left >= right()?),
            Op::Add => left + right()?,
            Op::Sub => left - right()?,
            Op::Mul => left * right()?,
            Op::Div => {
                let divisor = right()?;
                if divisor == 0.0 {
                    return None;
                }
                left / divisor
            }
        })
    }
}

/// A parsed meta expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    Number(f64),
    /// A rule's value: its hit count, or a meta's result (0 when it did not
    /// fire).
    Rule(String),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Op(Op),
    Not,
    Open,
    Close,
}

fn tokens(text: &str) -> Result<Vec<Token>, RuleProblem> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let two = bytes.get(at..at + 2).unwrap_or_default();
        let (token, width) = match (b, two) {
            (_, b"&&") => (Token::Op(Op::And), 2),
            (_, b"||") => (Token::Op(Op::Or), 2),
            (_, b"==") => (Token::Op(Op::Eq), 2),
            (_, b"!=") => (Token::Op(Op::Ne), 2),
            (_, b"<=") => (Token::Op(Op::Le), 2),
            (_, b">=") => (Token::Op(Op::Ge), 2),
            (b'<', _) => (Token::Op(Op::Lt), 1),
            (b'>', _) => (Token::Op(Op::Gt), 1),
            (b'+', _) => (Token::Op(Op::Add), 1),
            (b'-', _) => (Token::Op(Op::Sub), 1),
            (b'*', _) => (Token::Op(Op::Mul), 1),
            (b'/', _) => (Token::Op(Op::Div), 1),
            (b'!', _) => (Token::Not, 1),
            (b'(', _) => (Token::Open, 1),
            (b')', _) => (Token::Close, 1),
            (b, _) if b.is_ascii_whitespace() => {
                at += 1;
                continue;
            }
            (b, _) if b.is_ascii_digit() || b == b'.' => {
                let width = bytes[at..]
                    .iter()
                    .position(|b| !(b.is_ascii_digit() || *b == b'.'))
                    .unwrap_or(bytes.len() - at);
                let number = text[at..at + width]
                    .parse()
                    .map_err(|_| RuleProblem::Meta("a malformed number"))?;
                (Token::Number(number), width)
            }
            (b, _) if b.is_ascii_alphabetic() || b == b'_' => {
                let width = bytes[at..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .unwrap_or(bytes.len() - at);
                (Token::Name(text[at..at + width].to_owned()), width)
            }
            _ => return Err(RuleProblem::Meta("an unexpected character")),
        };
        found.push(token);
        if found.len() > MAX_TOKENS {
            return Err(RuleProblem::TooLarge("meta expression over 1000 tokens"));
        }
        at += width;
    }
    Ok(found)
}

struct Parser {
    tokens: std::vec::IntoIter<Token>,
    next: Option<Token>,
}

impl Parser {
    fn advance(&mut self) -> Option<Token> {
        std::mem::replace(&mut self.next, self.tokens.next())
    }

    /// An operand: a number, a name, a parenthesised expression, or a
    /// unary operator applied to an operand.
    fn operand(&mut self, depth: usize) -> Result<Expr, RuleProblem> {
        if depth > MAX_DEPTH {
            return Err(RuleProblem::TooLarge("meta expression nested too deeply"));
        }
        match self.advance() {
            Some(Token::Number(number)) => Ok(Expr::Number(number)),
            Some(Token::Name(name)) => Ok(Expr::Rule(name)),
            Some(Token::Not) => Ok(Expr::Not(Box::new(self.operand(depth + 1)?))),
            Some(Token::Op(Op::Sub)) => Ok(Expr::Neg(Box::new(self.operand(depth + 1)?))),
            Some(Token::Op(Op::Add)) => self.operand(depth + 1),
            Some(Token::Open) => {
                let inner = self.binary(0, depth + 1)?;
                match self.advance() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(RuleProblem::Meta("a missing `)`")),
                }
            }
            _ => Err(RuleProblem::Meta("a missing operand")),
        }
    }

    /// Operators binding at least as tightly as `min` (precedence climbing).
    fn binary(&mut self, min: u8, depth: usize) -> Result<Expr, RuleProblem> {
        let mut left = self.operand(depth)?;
        while let Some(Token::Op(op)) = self.next {
            if op.precedence() < min {
                break;
            }
            self.advance();
            let right = self.binary(op.precedence() + 1, depth + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }
}

impl Expr {
    /// Parses a meta expression.
    pub(super) fn parse(text: &str) -> Result<Self, RuleProblem> {
        let mut tokens = tokens(text)?.into_iter();
        let next = tokens.next();
        let mut parser = Parser { tokens, next };
        let expr = parser.binary(0, 0)?;
        match parser.next {
            None => Ok(expr),
            Some(_) => Err(RuleProblem::Meta("an operator missing between operands")),
        }
    }

    /// Every rule name the expression reads.
    pub(super) fn names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        let mut stack = vec![self];
        while let Some(expr) = stack.pop() {
            match expr {
                Expr::Number(_) => {}
                Expr::Rule(name) => names.push(name.as_str()),
                Expr::Not(inner) | Expr::Neg(inner) => stack.push(inner),
                Expr::Binary(_, left, right) => stack.extend([left.as_ref(), right.as_ref()]),
            }
        }
        names
    }

    /// How deep the expression nests.
    pub(super) fn depth(&self) -> usize {
        match self {
            Expr::Number(_) | Expr::Rule(_) => 1,
            Expr::Not(inner) | Expr::Neg(inner) => 1 + inner.depth(),
            Expr::Binary(_, left, right) => 1 + left.depth().max(right.depth()),
        }
    }

    /// How many nodes the expression has.
    pub(super) fn size(&self) -> usize {
        match self {
            Expr::Number(_) | Expr::Rule(_) => 1,
            Expr::Not(inner) | Expr::Neg(inner) => 1 + inner.size(),
            Expr::Binary(_, left, right) => 1 + left.size() + right.size(),
        }
    }

    /// The value, given each rule's; `None` when Perl's evaluation would
    /// fail (a division by zero).
    pub(super) fn eval(&self, value: &dyn Fn(&str) -> f64) -> Option<f64> {
        match self {
            Expr::Number(number) => Some(*number),
            Expr::Rule(name) => Some(value(name)),
            Expr::Not(inner) => Some(f64::from(u8::from(inner.eval(value)? == 0.0))),
            Expr::Neg(inner) => Some(-inner.eval(value)?),
            Expr::Binary(op, left, right) => op.apply(left.eval(value)?, || right.eval(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, hits: &[(&str, f64)]) -> Option<f64> {
        let lookup = |name: &str| {
            hits.iter()
                .find(|(hit, _)| *hit == name)
                .map_or(0.0, |(_, value)| *value)
        };
        Expr::parse(text).unwrap().eval(&lookup)
    }

    #[test]
    fn perl_precedence_and_values() {
        assert_eq!(eval("A && B || C", &[("C", 1.0)]), Some(1.0));
        assert_eq!(eval("A + B * 2 > 2", &[("A", 1.0), ("B", 1.0)]), Some(1.0));
        assert_eq!(
            eval("(A + B) * 2 >= 4", &[("A", 1.0), ("B", 1.0)]),
            Some(1.0)
        );
        assert_eq!(eval("!A && !(B)", &[]), Some(1.0));
        assert_eq!(eval("A || 3", &[]), Some(3.0));
        assert_eq!(eval("A && 3", &[]), Some(0.0));
        assert_eq!(eval("-A + 2 == 1", &[("A", 1.0)]), Some(1.0));
        assert_eq!(eval("A - 1 - 1", &[("A", 5.0)]), Some(3.0));
        assert_eq!(eval("8 / 2 / 2 <= 2", &[]), Some(1.0));
        assert_eq!(eval("1 != 2 && 2 < 1", &[]), Some(0.0));
        assert_eq!(eval("A / B", &[("A", 1.0)]), None);
        assert_eq!(eval("0.5 + +1", &[]), Some(1.5));
    }

    #[test]
    fn names_and_size() {
        let expr = Expr::parse("__A && (B || !C)").unwrap();
        let mut names = expr.names();
        names.sort_unstable();
        assert_eq!(names, ["B", "C", "__A"]);
        assert_eq!(expr.size(), 6);
        assert_eq!(expr.depth(), 4);
    }

    #[test]
    fn malformed_expressions() {
        for (text, problem) in [
            ("A &&", RuleProblem::Meta("a missing operand")),
            ("(A", RuleProblem::Meta("a missing `)`")),
            (
                "A B",
                RuleProblem::Meta("an operator missing between operands"),
            ),
            ("A ^ B", RuleProblem::Meta("an unexpected character")),
            ("1.2.3", RuleProblem::Meta("a malformed number")),
            ("", RuleProblem::Meta("a missing operand")),
        ] {
            assert_eq!(Expr::parse(text), Err(problem), "{text}");
        }
        let deep = format!("{}A{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(
            Expr::parse(&deep),
            Err(RuleProblem::TooLarge("meta expression nested too deeply"))
        );
    }
}
