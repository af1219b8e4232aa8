//! SKM (*Survei Kepuasan Masyarakat*, PermenPAN-RB 14/2017): the IKM index and the
//! Krejcie–Morgan minimum sample.
//!
//! NRR (*nilai rata-rata*) of an unsur = sum of its answers (1–4) / respondents;
//! IKM = Σ NRRᵢ × weight × 25 on the 25–100 scale. The regulation's weight is 1/n for n unsur;
//! many spreadsheets use 0.111 (for nine unsur), so all-4 answers give 99.9 instead of 100.
//! The mutu band comes from the SKM instrument version's band table.

use serde::{Deserialize, Serialize};

use super::bands::round_half_up;

/// Which unsur weight an IKM was computed with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IkmWeight {
    /// Exactly 1/n (the regulation).
    #[default]
    Exact,
    /// 0.111 for every unsur, as in many existing spreadsheets (defined for nine unsur).
    #[serde(rename = "spreadsheet_0_111")]
    Spreadsheet0111,
}

/// An IKM result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ikm {
    /// NRR per unsur, in answer order.
    pub nrr: Vec<f64>,
    /// Number of respondents.
    pub respondents: usize,
    /// The weight convention used (reports must state it).
    pub weight: IkmWeight,
    /// IKM on the 25–100 scale, unrounded.
    pub value: f64,
    /// IKM rounded half up to two decimals, as published.
    pub rounded: f64,
}

/// Why an IKM could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkmError {
    /// No respondents.
    #[error("no responses")]
    NoResponses,
    /// A response without any unsur.
    #[error("a response has no answers")]
    NoUnsur,
    /// A response with another number of answers than the first.
    #[error("response {respondent} has {got} answers, expected {expected}")]
    WrongLength {
        /// 0-based index of the response.
        respondent: usize,
        /// Answers in it.
        got: usize,
        /// Answers in the first response.
        expected: usize,
    },
    /// An answer outside 1–4.
    #[error("response {respondent}, unsur {unsur}: {value} is not between 1 and 4")]
    OutOfRange {
        /// 0-based index of the response.
        respondent: usize,
        /// 0-based index of the unsur.
        unsur: usize,
        /// The answer.
        value: u8,
    },
    /// The 0.111 convention is defined for nine unsur only.
    #[error("the 0.111 weight applies to nine unsur, not {0}")]
    SpreadsheetWeightNeedsNine(usize),
}

/// Computes the IKM of complete responses, each a list of answers 1–4, one per unsur.
pub fn ikm<R: AsRef<[u8]>>(responses: &[R], weight: IkmWeight) -> Result<Ikm, SkmError> {
    let first = responses
        .first()
        .ok_or(SkmError::NoResponses)?
        .as_ref()
        .len();
    if first == 0 {
        return Err(SkmError::NoUnsur);
    }
    if weight == IkmWeight::Spreadsheet0111 && first != 9 {
        return Err(SkmError::SpreadsheetWeightNeedsNine(first));
    }
    let mut sums = vec![0u64; first];
    for (respondent, r) in responses.iter().enumerate() {
        let r = r.as_ref();
        if r.len() != first {
            return Err(SkmError::WrongLength {
                respondent,
                got: r.len(),
                expected: first,
            });
        }
        for (unsur, &value) in r.iter().enumerate() {
            if !(1..=4).contains(&value) {
                return Err(SkmError::OutOfRange {
                    respondent,
                    unsur,
                    value,
                });
            }
            sums[unsur] += u64::from(value);
        }
    }
    ikm_from_sums(&sums, responses.len(), weight)
}

/// Computes the IKM from the answer sums per unsur of `respondents` complete responses (what a
/// database can add up without sending every response).
pub fn ikm_from_sums(sums: &[u64], respondents: usize, weight: IkmWeight) -> Result<Ikm, SkmError> {
    if respondents == 0 {
        return Err(SkmError::NoResponses);
    }
    if sums.is_empty() {
        return Err(SkmError::NoUnsur);
    }
    if weight == IkmWeight::Spreadsheet0111 && sums.len() != 9 {
        return Err(SkmError::SpreadsheetWeightNeedsNine(sums.len()));
    }
    let n = respondents as f64;
    let nrr: Vec<f64> = sums.iter().map(|s| *s as f64 / n).collect();
    let value = match weight {
        // Mean first, then × 25: all-4 answers give exactly 100.
        IkmWeight::Exact => nrr.iter().sum::<f64>() / sums.len() as f64 * 25.0,
        IkmWeight::Spreadsheet0111 => nrr.iter().map(|x| x * 0.111).sum::<f64>() * 25.0,
    };
    Ok(Ikm {
        nrr,
        respondents,
        weight,
        value,
        rounded: round_half_up(value, 2),
    })
}

/// Parameters of the Krejcie–Morgan formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SampleParameters {
    /// χ² for one degree of freedom at the confidence level (3.841 at 95 %).
    pub chi_square: f64,
    /// Population proportion P (0.5 gives the largest sample).
    pub proportion: f64,
    /// Margin of error d.
    pub margin: f64,
}

impl Default for SampleParameters {
    /// χ² = 3.841, P = 0.5, d = 0.05, as used with PermenPAN-RB 14/2017.
    fn default() -> Self {
        SampleParameters {
            chi_square: 3.841,
            proportion: 0.5,
            margin: 0.05,
        }
    }
}

/// Krejcie–Morgan minimum sample for a population of `population` with the default parameters:
/// 100 → 80, 1 000 → 278, very large → 384.
pub fn krejcie_morgan(population: u64) -> u64 {
    krejcie_morgan_with(population, SampleParameters::default())
}

/// Krejcie–Morgan minimum sample, s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), rounded to the
/// nearest whole respondent (half up). Nearest, not ceiling, is what reproduces the published
/// table: N = 50 gives 44.34 → 44 and N → ∞ gives 384.16 → 384 in the table, where a ceiling
/// would give 45 and 385. Never more than the population.
pub fn krejcie_morgan_with(population: u64, p: SampleParameters) -> u64 {
    if population == 0 {
        return 0;
    }
    let n = population as f64;
    let pq = p.chi_square * p.proportion * (1.0 - p.proportion);
    let s = pq * n / (p.margin * p.margin * (n - 1.0) + pq);
    (round_half_up(s, 0) as u64).min(population)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_fours_give_100_exact_and_99_9_with_0_111() {
        let responses = vec![[4u8; 9]; 37];
        let exact = ikm(&responses, IkmWeight::Exact).unwrap();
        assert_eq!(exact.value, 100.0);
        assert_eq!(exact.weight, IkmWeight::Exact);
        let sheet = ikm(&responses, IkmWeight::Spreadsheet0111).unwrap();
        assert_eq!(sheet.rounded, 99.9);
        assert_eq!(sheet.weight, IkmWeight::Spreadsheet0111);
    }

    #[test]
    fn nrr_is_the_mean_per_unsur() {
        let responses = [[1u8, 2, 3, 4, 4, 4, 4, 4, 4], [3, 2, 3, 4, 4, 4, 4, 4, 2]];
        let r = ikm(&responses, IkmWeight::Exact).unwrap();
        assert_eq!(r.nrr, vec![2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0]);
        // (30 / 9) × 25 = 83.333…
        assert_eq!(r.rounded, 83.33);
        assert_eq!(ikm(&[[1u8; 9]], IkmWeight::Exact).unwrap().value, 25.0);
    }

    #[test]
    fn bad_responses_are_refused() {
        assert_eq!(
            ikm::<[u8; 9]>(&[], IkmWeight::Exact),
            Err(SkmError::NoResponses)
        );
        let r = ikm(&[vec![4u8; 9], vec![4u8; 8]], IkmWeight::Exact);
        assert_eq!(
            r,
            Err(SkmError::WrongLength {
                respondent: 1,
                got: 8,
                expected: 9
            })
        );
        let r = ikm(&[[4u8, 0, 4, 4, 4, 4, 4, 4, 4]], IkmWeight::Exact);
        assert_eq!(
            r,
            Err(SkmError::OutOfRange {
                respondent: 0,
                unsur: 1,
                value: 0
            })
        );
        let r = ikm(&[[4u8; 5]], IkmWeight::Spreadsheet0111);
        assert_eq!(r, Err(SkmError::SpreadsheetWeightNeedsNine(5)));
    }

    /// The regulation's table of intervals (PermenPAN-RB 14/2017, lampiran): the weighted
    /// perception value (Σ NRR × 1/9) against the converted value (× 25) and the mutu. Each
    /// printed boundary is reproduced to its printed precision, from respondents' answers.
    #[test]
    fn the_published_interval_table_is_reproduced() {
        for (interval, converted) in [
            (1.00, 25.00),
            (2.5996, 64.99),
            (2.60, 65.00),
            (3.064, 76.60),
            (3.0644, 76.61),
            (3.532, 88.30),
            (3.5324, 88.31),
            (4.00, 100.00),
        ] {
            assert_eq!(round_half_up(interval * 25.0, 2), converted, "{interval}");
        }
        // 10 respondents: 234 points in all over nine unsur → mean NRR 2.6 → 65.00 (C, not D).
        let mut responses = vec![[3u8; 9]; 10];
        let mut surplus: i32 = 9 * 10 * 3 - 234;
        'outer: for r in responses.iter_mut() {
            for a in r.iter_mut() {
                if surplus == 0 {
                    break 'outer;
                }
                *a = 2;
                surplus -= 1;
            }
        }
        let r = ikm(&responses, IkmWeight::Exact).unwrap();
        assert_eq!(r.rounded, 65.0);
        // Five all-4 respondents and one all-1: NRR 3.5 each → 87.50, one step under A.
        let mut six = vec![[4u8; 9]; 5];
        six.push([1u8; 9]);
        assert_eq!(ikm(&six, IkmWeight::Exact).unwrap().rounded, 87.5);
        assert_eq!(
            ikm(&six, IkmWeight::Spreadsheet0111).unwrap().rounded,
            87.41
        );
    }

    #[test]
    fn krejcie_morgan_reproduces_the_published_table() {
        for (population, sample) in [
            (10, 10),
            (50, 44),
            (100, 80),
            (500, 217),
            (1_000, 278),
            (10_000, 370),
            (1_000_000, 384),
        ] {
            assert_eq!(krejcie_morgan(population), sample, "N = {population}");
        }
        assert_eq!(krejcie_morgan(u64::MAX), 384);
        assert_eq!(krejcie_morgan(1), 1);
        assert_eq!(krejcie_morgan(0), 0);
    }
}
