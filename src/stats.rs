//! Significance tests for comparing two occupations (groundwork for the comparisons
//! table): the pooled two-proportion z-test, Fisher's exact test for small expected
//! counts, and Benjamini–Hochberg adjustment across one pair's items.

/// Two-sided p-value of the pooled two-proportion z-test for `x1` of `n1` vs `x2` of
/// `n2`; 1.0 when the pooled proportion is 0 or 1 (no variance).
pub fn two_proportion_z_test(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    let (x1, n1, x2, n2) = (x1 as f64, n1 as f64, x2 as f64, n2 as f64);
    let pooled = (x1 + x2) / (n1 + n2);
    let variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if variance <= 0.0 {
        return 1.0;
    }
    let z = (x1 / n1 - x2 / n2) / variance.sqrt();
    erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0)
}

/// Two-sided p-value of Fisher's exact test on the 2×2 table `[[a, b], [c, d]]`: the
/// total probability of the tables with the same margins that are no more likely
/// than the observed one.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    LnFactorials::up_to(0).fisher_exact(a, b, c, d)
}

/// ln n! for n up to a bound, computed once for many tests (the same values
/// [`ln_factorial`] gives; larger n computed on the spot).
#[derive(Debug, Clone)]
pub struct LnFactorials(Vec<f64>);

impl LnFactorials {
    pub fn up_to(max: u64) -> LnFactorials {
        LnFactorials((0..=max).map(ln_factorial).collect())
    }

    fn get(&self, n: u64) -> f64 {
        usize::try_from(n)
            .ok()
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or_else(|| ln_factorial(n))
    }

    fn ln_choose(&self, n: u64, k: u64) -> f64 {
        self.get(n) - self.get(k) - self.get(n - k)
    }

    /// [`fisher_exact`], the log factorials read from this table.
    pub fn fisher_exact(&self, a: u64, b: u64, c: u64, d: u64) -> f64 {
        let (row1, col1, n) = (a + b, a + c, a + b + c + d);
        let row2 = c + d;
        let log_p = |x: u64| {
            self.ln_choose(row1, x) + self.ln_choose(row2, col1 - x) - self.ln_choose(n, col1)
        };
        let observed = log_p(a);
        let low = col1.saturating_sub(row2);
        let high = row1.min(col1);
        let total: f64 = (low..=high)
            .map(log_p)
            .filter(|&lp| lp <= observed + 1e-7)
            .map(f64::exp)
            .sum();
        total.min(1.0)
    }
}

/// Whether an expected cell count of the 2×2 table is under 5 (use Fisher's test).
pub fn needs_exact_test(x1: u64, n1: u64, x2: u64, n2: u64) -> bool {
    let n = (n1 + n2) as f64;
    let (yes, no) = ((x1 + x2) as f64, (n1 + n2 - x1 - x2) as f64);
    [n1 as f64, n2 as f64]
        .iter()
        .any(|&row| row * yes / n < 5.0 || row * no / n < 5.0)
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the input order.
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let mut adjusted = vec![0.0; m];
    let mut running_min = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running_min = running_min.min(p_values[i] * m as f64 / (rank + 1) as f64);
        adjusted[i] = running_min;
    }
    adjusted
}

fn ln_factorial(n: u64) -> f64 {
    ln_gamma(n as f64 + 1.0)
}

/// ln Γ(x) by the Lanczos approximation (g = 7, 9 terms; ~15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The complementary error function (Numerical Recipes' erfcc: relative error under
/// 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values computed independently (Python's statistics.NormalDist; the
    /// exact hypergeometric sums of the textbook tables).
    #[test]
    fn z_test_matches_an_independent_computation() {
        let cases = [
            ((45, 100, 30, 100), 0.028_459_736_916_310_43),
            ((120, 400, 90, 400), 0.015_924_985_627_566_945),
        ];
        for ((x1, n1, x2, n2), expected) in cases {
            let p = two_proportion_z_test(x1, n1, x2, n2);
            assert!((p - expected).abs() < 1e-6, "{x1}/{n1} vs {x2}/{n2}: {p}");
        }
        assert_eq!(two_proportion_z_test(0, 50, 0, 60), 1.0);
    }

    #[test]
    fn fisher_exact_with_a_table_gives_the_same_bits() {
        let table = LnFactorials::up_to(200);
        for (a, b, c, d) in [
            (3, 1, 1, 3),
            (1, 9, 11, 3),
            (0, 150, 7, 40),
            (12, 88, 2, 98),
        ] {
            assert_eq!(
                table.fisher_exact(a, b, c, d).to_bits(),
                fisher_exact(a, b, c, d).to_bits()
            );
        }
    }

    #[test]
    fn fisher_exact_on_textbook_tables() {
        // Lady tasting tea: [[3, 1], [1, 3]] -> 34/70.
        assert!((fisher_exact(3, 1, 1, 3) - 34.0 / 70.0).abs() < 1e-9);
        // Wikipedia's dieting example: [[1, 9], [11, 3]] -> 0.002759 (two-sided).
        assert!((fisher_exact(1, 9, 11, 3) - 0.002_759_456).abs() < 1e-6);
        assert!((fisher_exact(5, 5, 5, 5) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn exact_test_needed_for_small_expected_counts() {
        assert!(needs_exact_test(1, 20, 3, 20));
        assert!(!needs_exact_test(45, 100, 30, 100));
    }

    #[test]
    fn benjamini_hochberg_textbook_example() {
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
        // Sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.02, 0.04, 0.04 after the running
        // minimum from the largest p down.
        let expected = [0.02, 0.04, 0.04, 0.02];
        for (got, want) in q.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{q:?}");
        }
    }
}
