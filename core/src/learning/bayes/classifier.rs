//! Robinson's per-token probability and Fisher's chi-squared combining, as
//! SpamAssassin's `CombineChi` does them (sa-semantics §3.6, §3.7).

/// Robinson's strength of the prior: how much a token seen once is pulled
/// toward [`ROBINSON_X`].
pub const ROBINSON_S: f64 = 0.030;
/// Robinson's assumed probability of a token never seen before.
pub const ROBINSON_X: f64 = 0.538;
/// Tokens whose probability is closer to 0.5 than this are not used.
pub const MIN_PROB_STRENGTH: f64 = 0.346;
/// At most this many of the most significant tokens are combined.
pub const MAX_SIGNIFICANT_TOKENS: usize = 150;

/// Robinson's f(w) for a token seen in `spam` spam and `ham` ham messages,
/// out of `nspam` and `nham` learned; `None` when the token carries no
/// information (never seen, or an empty corpus).
///
/// ```
/// use spamgauge::learning::bayes::token_probability;
/// let p = token_probability(10, 0, 200, 200).unwrap();
/// assert!(p > 0.99);
/// assert_eq!(token_probability(0, 0, 200, 200), None);
/// ```
#[must_use]
pub fn token_probability(spam: u32, ham: u32, nspam: u32, nham: u32) -> Option<f64> {
    if nspam == 0 || nham == 0 || spam == 0 && ham == 0 {
        return None;
    }
    let (s, n) = (f64::from(spam), f64::from(ham));
    let (ns, nn) = (f64::from(nspam), f64::from(nham));
    let p = (s * nn) / (n * ns + s * nn);
    let count = s + n;
    Some((ROBINSON_S * ROBINSON_X + count * p) / (ROBINSON_S + count))
}

/// The upper tail of the chi-squared distribution with `2·half_dof` degrees
/// of freedom at `x2`, by the series SpamAssassin uses.
fn chi2q(x2: f64, half_dof: usize) -> f64 {
    let m = x2 / 2.0;
    let mut term = (-m).exp();
    let mut sum = term;
    for i in 1..half_dof {
        term *= m / i as f64;
        sum += term;
    }
    sum.min(1.0)
}

/// Splits `x` into a mantissa in [0.5, 1) and a power of two (C's `frexp`),
/// for finite positive `x`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (mantissa, e) = frexp(x * f64::powi(2.0, 64));
        return (mantissa, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

/// Combines the probabilities of the significant tokens into the message's
/// spam probability (0 = ham … 1 = spam), with the class priors
/// `nspam/(nspam+nham)` inside the products as SpamAssassin has them.
/// `None` when there is nothing to combine.
#[must_use]
pub fn combine(nspam: u32, nham: u32, probabilities: &[f64]) -> Option<f64> {
    let total = f64::from(nspam) + f64::from(nham);
    if probabilities.is_empty() || total == 0.0 {
        return None;
    }
    let mut s = f64::from(nspam) / total;
    let mut h = f64::from(nham) / total;
    let (mut s_exp, mut h_exp) = (0i64, 0i64);
    for &p in probabilities {
        s *= 1.0 - p;
        h *= p;
        if s < 1e-200 {
            let (m, e) = frexp(s);
            s = m;
            s_exp += i64::from(e);
        }
        if h < 1e-200 {
            let (m, e) = frexp(h);
            h = m;
            h_exp += i64::from(e);
        }
    }
    let ln_s = s.ln() + s_exp as f64 * std::f64::consts::LN_2;
    let ln_h = h.ln() + h_exp as f64 * std::f64::consts::LN_2;
    let k = probabilities.len();
    let s = 1.0 - chi2q(-2.0 * ln_s, k);
    let h = 1.0 - chi2q(-2.0 * ln_h, k);
    let score = ((s - h) + 1.0) / 2.0;
    score.is_finite().then_some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robinson_pulls_rare_tokens_toward_x() {
        // Seen once in spam: p = 1, pulled toward 0.538 by S = 0.03.
        let once = token_probability(1, 0, 100, 100).unwrap();
        assert!((once - (0.01614 + 1.0) / 1.03).abs() < 1e-12);
        // Balanced token: p = 0.5 exactly, and f stays near 0.5.
        let even = token_probability(5, 5, 100, 100).unwrap();
        assert!((even - (0.01614 + 5.0) / 10.03).abs() < 1e-12);
        // Corpus sizes matter: 1 of 10 spam vs 1 of 1000 ham is spammy.
        assert!(token_probability(1, 1, 10, 1000).unwrap() > 0.95);
    }

    #[test]
    fn frexp_matches_c() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(0.75), (0.75, 0));
        let (m, e) = frexp(1e-300);
        assert!((0.5..1.0).contains(&m));
        assert!((m * 2f64.powi(e) - 1e-300).abs() < 1e-310);
        let (m, e) = frexp(f64::MIN_POSITIVE / 8.0);
        assert_eq!((m, e), (0.5, -1024));
    }

    #[test]
    fn chi_squared_combining_extremes() {
        let spammy = vec![0.99; 50];
        let hammy = vec![0.01; 50];
        assert!(combine(200, 200, &spammy).unwrap() > 0.999);
        assert!(combine(200, 200, &hammy).unwrap() < 0.001);
        let mixed: Vec<f64> = spammy.iter().chain(&hammy).copied().collect();
        let score = combine(200, 200, &mixed).unwrap();
        assert!((score - 0.5).abs() < 0.01, "{score}");
        assert_eq!(combine(200, 200, &[]), None);
    }

    #[test]
    fn long_products_do_not_underflow() {
        // 150 very strong tokens: without the mantissa/exponent bookkeeping
        // the products would reach 0 and ln would be -inf.
        let score = combine(1000, 1000, &vec![0.999_99; 150]).unwrap();
        assert!(score > 0.999);
        let score = combine(1000, 1000, &vec![0.000_01; 150]).unwrap();
        assert!(score < 0.001);
    }

    #[test]
    fn chi2q_series() {
        // Two degrees of freedom: Q = e^(-x/2).
        assert!((chi2q(2.0, 1) - (-1.0f64).exp()).abs() < 1e-12);
        assert_eq!(chi2q(0.0, 5), 1.0);
    }
}
