//! The scoring engine: answers → indicator scores → section scores → unit score → pemda score.
//!
//! Definition, for every version:
//! 1. An answered indicator scores `s` (its answer's score) and the fraction `f = s / m`, with `m`
//!    the answer type's maximum score. A missing answer or "not applicable" is counted or left out
//!    as the version's [`MissingPolicy`] / [`NotApplicablePolicy`] say, and is always reported.
//! 2. A section's fraction combines its *counted* children by its [`Aggregation`] (weights are
//!    re-normalised over the counted children); a section with no counted child is left out too.
//! 3. The unit's fraction combines the top-level sections the same way, and the [`ScaleMapping`]
//!    turns every fraction (indicator, section, unit) into a value on the result scale.
//! 4. Deductions come off the unit's value, clamped to the scale. Bands are read on the value
//!    rounded half up to the scale's decimals.
//!
//! A pemda's value is the (weighted) mean of its units' unrounded values, per [`PemdaRule`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bands::{round_half_up, Band};
use super::model::{
    Aggregation, AnswerType, InstrumentVersion, MissingPolicy, NotApplicablePolicy, PemdaRule,
    ResultScale, ScaleMapping, Section,
};
use super::validate::ValidationErrors;

/// An answer to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// An ordinal level, by its value.
    Level(u32),
    /// Yes (`true`) or no.
    YesNo(bool),
    /// A choice option, by its code.
    Choice(String),
    /// A number or percentage.
    Number(f64),
    /// The indicator does not apply to this unit.
    NotApplicable,
}

/// A unit's answers, keyed by indicator code.
pub type Answers = BTreeMap<String, Answer>;

/// Why an answer does not fit its indicator.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AnswerError {
    /// The answer is of another kind than the indicator's answer type.
    #[error("the answer is not of the indicator's answer type")]
    WrongKind,
    /// No such ordinal level.
    #[error("there is no level {0}")]
    UnknownLevel(u32),
    /// No such choice option.
    #[error("there is no option {0:?}")]
    UnknownOption(String),
    /// A number outside the accepted input range, or not finite.
    #[error("{0} is outside the accepted range")]
    OutOfRange(f64),
    /// "Not applicable" has no score.
    #[error("\"not applicable\" has no score")]
    NotApplicable,
}

impl AnswerType {
    /// The score of `answer` under this type.
    pub fn score(&self, answer: &Answer) -> Result<f64, AnswerError> {
        match (self, answer) {
            (_, Answer::NotApplicable) => Err(AnswerError::NotApplicable),
            (AnswerType::Ordinal { levels }, Answer::Level(v)) => levels
                .iter()
                .find(|l| l.value == *v)
                .map(|l| l.score())
                .ok_or(AnswerError::UnknownLevel(*v)),
            (AnswerType::YesNo { yes, no }, Answer::YesNo(b)) => Ok(if *b { *yes } else { *no }),
            (AnswerType::Choice { options }, Answer::Choice(code)) => options
                .iter()
                .find(|o| &o.code == code)
                .map(|o| o.score)
                .ok_or_else(|| AnswerError::UnknownOption(code.clone())),
            (AnswerType::Number { min, max, rule, .. }, Answer::Number(x)) => {
                let in_range =
                    x.is_finite() && min.is_none_or(|m| *x >= m) && max.is_none_or(|m| *x <= m);
                if in_range {
                    Ok(rule.score(*x))
                } else {
                    Err(AnswerError::OutOfRange(*x))
                }
            }
            (AnswerType::Percentage { rule }, Answer::Number(x)) => {
                if x.is_finite() && (0.0..=100.0).contains(x) {
                    Ok(rule.score(*x))
                } else {
                    Err(AnswerError::OutOfRange(*x))
                }
            }
            _ => Err(AnswerError::WrongKind),
        }
    }
}

/// A deduction applied to one unit: `points` off under the version's deduction `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedDeduction {
    /// Code of one of the version's [`super::model::Deduction`]s.
    pub code: String,
    /// Points taken off, on the result scale.
    pub points: f64,
}

/// Whether and how an indicator was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Answered with a value.
    Answered,
    /// Not answered.
    Missing,
    /// Answered "not applicable".
    NotApplicable,
}

/// The score of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    /// Indicator code.
    pub code: String,
    /// Whether it was answered.
    pub status: AnswerStatus,
    /// Whether it entered its section's score (a missing answer may count as zero, see
    /// [`MissingPolicy`]).
    pub counted: bool,
    /// The answer's score; `None` when not answered.
    pub score: Option<f64>,
    /// The answer type's maximum score.
    pub max_score: f64,
    /// Fraction of the maximum that counted (0..1); `None` when left out.
    pub fraction: Option<f64>,
    /// The fraction on the result scale.
    pub value: Option<f64>,
    /// The band of `value`.
    pub band: Option<Band>,
    /// Share of its section's score (normalised weight among counted siblings).
    pub share: Option<f64>,
}

/// The score of one section, with its children's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// Section code.
    pub code: String,
    /// Fraction 0..1; `None` when no child counted.
    pub fraction: Option<f64>,
    /// The fraction on the result scale.
    pub value: Option<f64>,
    /// The band of `value`.
    pub band: Option<Band>,
    /// Share of its parent's score (normalised weight among counted siblings).
    pub share: Option<f64>,
    /// Sub-section scores.
    pub sections: Vec<SectionScore>,
    /// Indicator scores.
    pub indicators: Vec<IndicatorScore>,
}

/// The score of one assessed unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScore {
    /// Fraction 0..1 of the answers, before deductions.
    pub fraction: f64,
    /// Value on the result scale before deductions.
    pub undeducted: f64,
    /// Deductions applied.
    pub deductions: Vec<AppliedDeduction>,
    /// Value after deductions, clamped to the scale, unrounded.
    pub value: f64,
    /// `value` rounded half up to the scale's decimals, as published.
    pub rounded: f64,
    /// The band of `rounded`.
    pub band: Option<Band>,
    /// Top-level section scores.
    pub sections: Vec<SectionScore>,
    /// Codes of indicators without an answer.
    pub missing: Vec<String>,
    /// Whether those missing answers were counted as zero (as the version says).
    pub missing_counted_as_zero: bool,
    /// Codes of indicators answered "not applicable".
    pub not_applicable: Vec<String>,
    /// Answer keys that name no indicator of the version (ignored).
    pub unknown_answers: Vec<String>,
}

impl UnitScore {
    /// Every indicator score, depth first in document order.
    pub fn indicators(&self) -> Vec<&IndicatorScore> {
        fn walk<'a>(sections: &'a [SectionScore], out: &mut Vec<&'a IndicatorScore>) {
            for s in sections {
                out.extend(s.indicators.iter());
                walk(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}

/// One unit's value going into a pemda score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LokusScore {
    /// The unit (id or name), for reporting.
    pub unit: String,
    /// The unit's value ([`UnitScore::value`]).
    pub value: f64,
    /// Its weight under [`PemdaRule::WeightedMeanOfUnits`]; ignored for a plain mean.
    pub weight: f64,
}

/// A pemda's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PemdaScore {
    /// Value on the result scale, unrounded.
    pub value: f64,
    /// `value` rounded half up, as published.
    pub rounded: f64,
    /// The band of `rounded`.
    pub band: Option<Band>,
    /// The rule used.
    pub rule: PemdaRule,
    /// Number of units it came from.
    pub units: usize,
}

/// An answer that does not fit its indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidAnswer {
    /// Indicator code.
    pub indicator: String,
    /// What is wrong.
    pub problem: AnswerError,
}

/// Why a score could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoringError {
    /// The version does not pass validation.
    #[error("the instrument version is not valid: {0}")]
    InvalidVersion(ValidationErrors),
    /// Some answers do not fit their indicators (all are listed).
    #[error("{} answer(s) do not fit their indicators", .0.len())]
    InvalidAnswers(Vec<InvalidAnswer>),
    /// Every indicator was left out (missing or not applicable).
    #[error("nothing to score: every indicator is missing or not applicable")]
    NothingToScore,
    /// A deduction code the version does not define.
    #[error("the version has no deduction {0:?}")]
    UnknownDeduction(String),
    /// Deduction points negative, not finite or above the deduction's maximum.
    #[error("deduction {code:?} of {points} points is not allowed")]
    DeductionOutOfRange {
        /// The deduction.
        code: String,
        /// The points given.
        points: f64,
    },
    /// A pemda score needs at least one unit.
    #[error("no units to compute a pemda score from")]
    NoUnits,
    /// A unit weight that is not positive and finite.
    #[error("unit {0:?} has a weight that is not positive")]
    InvalidUnitWeight(String),
}

/// Scores one unit's answers under a version (validated first), applying `deductions`.
pub fn score_unit(
    version: &InstrumentVersion,
    answers: &Answers,
    deductions: &[AppliedDeduction],
) -> Result<UnitScore, ScoringError> {
    version.validate().map_err(ScoringError::InvalidVersion)?;
    score_unit_unchecked(version, answers, deductions)
}

/// [`score_unit`] for a version already known to be valid.
pub(super) fn score_unit_unchecked(
    version: &InstrumentVersion,
    answers: &Answers,
    deductions: &[AppliedDeduction],
) -> Result<UnitScore, ScoringError> {
    let mut walk = Walk {
        version,
        answers,
        missing: vec![],
        not_applicable: vec![],
        invalid: vec![],
    };
    let top_weights: Vec<Option<f64>> = version.sections.iter().map(|s| s.weight).collect();
    let (sections, parts): (Vec<SectionScore>, Vec<Part>) =
        version.sections.iter().map(|s| walk.section(s)).unzip();
    if !walk.invalid.is_empty() {
        return Err(ScoringError::InvalidAnswers(walk.invalid));
    }
    let (fraction, shares) = combine(version.aggregation, &top_weights, &parts);
    let sections = sections
        .into_iter()
        .zip(shares)
        .map(|(s, share)| SectionScore { share, ..s })
        .collect();
    let fraction = fraction.ok_or(ScoringError::NothingToScore)?;

    let scale = &version.scale;
    let undeducted = to_value(scale, fraction);
    let mut deducted = 0.0;
    for d in deductions {
        let def = version
            .deductions
            .iter()
            .find(|x| x.code == d.code)
            .ok_or_else(|| ScoringError::UnknownDeduction(d.code.clone()))?;
        let limit = def.max_points.unwrap_or(scale.max - scale.min);
        if !(d.points.is_finite() && d.points >= 0.0 && d.points <= limit) {
            return Err(ScoringError::DeductionOutOfRange {
                code: d.code.clone(),
                points: d.points,
            });
        }
        deducted += d.points;
    }
    let value = (undeducted - deducted).clamp(scale.min, scale.max);
    let rounded = round_half_up(value, scale.decimals);
    let known: std::collections::HashSet<&str> = version
        .indicators()
        .into_iter()
        .map(|i| i.code.as_str())
        .collect();
    Ok(UnitScore {
        fraction,
        undeducted,
        deductions: deductions.to_vec(),
        value,
        rounded,
        band: version.bands.lookup(value, scale.decimals).cloned(),
        sections,
        missing: walk.missing,
        missing_counted_as_zero: version.missing == MissingPolicy::CountAsZero,
        not_applicable: walk.not_applicable,
        unknown_answers: answers
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect(),
    })
}

/// A pemda's score from its lokus units' values, by the version's [`PemdaRule`].
pub fn score_pemda(
    version: &InstrumentVersion,
    units: &[LokusScore],
) -> Result<PemdaScore, ScoringError> {
    if units.is_empty() {
        return Err(ScoringError::NoUnits);
    }
    let value = match version.pemda {
        PemdaRule::MeanOfUnits => units.iter().map(|u| u.value).sum::<f64>() / units.len() as f64,
        PemdaRule::WeightedMeanOfUnits => {
            if let Some(u) = units
                .iter()
                .find(|u| !(u.weight.is_finite() && u.weight > 0.0))
            {
                return Err(ScoringError::InvalidUnitWeight(u.unit.clone()));
            }
            let total: f64 = units.iter().map(|u| u.weight).sum();
            units.iter().map(|u| u.value * u.weight).sum::<f64>() / total
        }
    };
    let scale = &version.scale;
    Ok(PemdaScore {
        value,
        rounded: round_half_up(value, scale.decimals),
        band: version.bands.lookup(value, scale.decimals).cloned(),
        rule: version.pemda,
        units: units.len(),
    })
}

/// A fraction 0..1 as a value on the scale, per [`ScaleMapping`].
pub fn to_value(scale: &ResultScale, fraction: f64) -> f64 {
    match scale.mapping {
        ScaleMapping::Linear => scale.min + fraction * (scale.max - scale.min),
        ScaleMapping::Proportional => (fraction * scale.max).clamp(scale.min, scale.max),
    }
}

/// What a child contributes to its parent: its fraction if counted, and its maximum points.
#[derive(Clone, Copy)]
struct Part {
    fraction: Option<f64>,
    max_points: f64,
}

/// Combines children by `rule`; returns the parent's fraction and each child's share of it.
fn combine(
    rule: Aggregation,
    weights: &[Option<f64>],
    parts: &[Part],
) -> (Option<f64>, Vec<Option<f64>>) {
    let raw: Vec<f64> = match rule {
        Aggregation::WeightedMean if weights.iter().all(Option::is_none) => vec![1.0; parts.len()],
        Aggregation::WeightedMean => weights.iter().map(|w| w.unwrap_or(0.0)).collect(),
        Aggregation::Sum => parts.iter().map(|p| p.max_points).collect(),
    };
    let total: f64 = parts
        .iter()
        .zip(&raw)
        .filter(|(p, _)| p.fraction.is_some())
        .map(|(_, w)| w)
        .sum();
    if total <= 0.0 {
        return (None, vec![None; parts.len()]);
    }
    let shares: Vec<Option<f64>> = parts
        .iter()
        .zip(&raw)
        .map(|(p, w)| p.fraction.map(|_| w / total))
        .collect();
    // Σ wᵢ·fᵢ / Σ wᵢ divides once, so equal answers give their own fraction exactly.
    let weighted: f64 = parts
        .iter()
        .zip(&raw)
        .filter_map(|(p, w)| Some(p.fraction? * w))
        .sum();
    (Some((weighted / total).clamp(0.0, 1.0)), shares)
}

/// State of one pass over the question tree.
struct Walk<'a> {
    version: &'a InstrumentVersion,
    answers: &'a Answers,
    missing: Vec<String>,
    not_applicable: Vec<String>,
    invalid: Vec<InvalidAnswer>,
}

impl Walk<'_> {
    fn section(&mut self, section: &Section) -> (SectionScore, Part) {
        let rule = section.aggregation.unwrap_or(self.version.aggregation);
        let (mut sub, sub_parts): (Vec<SectionScore>, Vec<Part>) =
            section.sections.iter().map(|s| self.section(s)).unzip();
        let (mut ind, ind_parts): (Vec<IndicatorScore>, Vec<Part>) =
            section.indicators.iter().map(|i| self.indicator(i)).unzip();
        let mut weights: Vec<Option<f64>> = section.sections.iter().map(|s| s.weight).collect();
        weights.extend(section.indicators.iter().map(|i| i.weight));
        let parts: Vec<Part> = sub_parts.iter().chain(&ind_parts).copied().collect();
        let (fraction, shares) = combine(rule, &weights, &parts);
        for (s, share) in sub.iter_mut().zip(&shares) {
            s.share = *share;
        }
        for (i, share) in ind.iter_mut().zip(&shares[sub.len()..]) {
            i.share = *share;
        }
        let (value, band) = self.value_and_band(fraction);
        let score = SectionScore {
            code: section.code.clone(),
            fraction,
            value,
            band,
            share: None,
            sections: sub,
            indicators: ind,
        };
        (
            score,
            Part {
                fraction,
                max_points: parts.iter().map(|p| p.max_points).sum(),
            },
        )
    }

    fn indicator(&mut self, indicator: &super::model::Indicator) -> (IndicatorScore, Part) {
        let answer_type = self.version.answer_type(indicator);
        let max_score = answer_type.map_or(0.0, AnswerType::max_score);
        let code = indicator.code.clone();
        let (status, score, fraction) = match self.answers.get(&code) {
            None => {
                self.missing.push(code.clone());
                let f = match self.version.missing {
                    MissingPolicy::Exclude => None,
                    MissingPolicy::CountAsZero => Some(0.0),
                };
                (AnswerStatus::Missing, None, f)
            }
            Some(Answer::NotApplicable) => {
                self.not_applicable.push(code.clone());
                let f = match self.version.not_applicable {
                    NotApplicablePolicy::Exclude => None,
                    NotApplicablePolicy::CountAsZero => Some(0.0),
                    NotApplicablePolicy::CountAsFull => Some(1.0),
                };
                (AnswerStatus::NotApplicable, None, f)
            }
            Some(answer) => match answer_type.map(|t| t.score(answer)) {
                Some(Ok(s)) if max_score > 0.0 => (
                    AnswerStatus::Answered,
                    Some(s),
                    Some((s / max_score).clamp(0.0, 1.0)),
                ),
                Some(Err(problem)) => {
                    self.invalid.push(InvalidAnswer {
                        indicator: code.clone(),
                        problem,
                    });
                    (AnswerStatus::Answered, None, None)
                }
                // Unreachable for a valid version (every indicator has a type with a positive max).
                _ => (AnswerStatus::Answered, None, None),
            },
        };
        let (value, band) = self.value_and_band(fraction);
        let score = IndicatorScore {
            code,
            status,
            counted: fraction.is_some(),
            score,
            max_score,
            fraction,
            value,
            band,
            share: None,
        };
        (
            score,
            Part {
                fraction,
                max_points: max_score,
            },
        )
    }

    fn value_and_band(&self, fraction: Option<f64>) -> (Option<f64>, Option<Band>) {
        let scale = &self.version.scale;
        let value = fraction.map(|f| to_value(scale, f));
        let band = value
            .and_then(|v| self.version.bands.lookup(v, scale.decimals))
            .cloned();
        (value, band)
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{normalise_weights, NumberRule, Threshold, WeightPolicy};
    use super::super::validate::ProblemKind;
    use super::super::yaml::{from_yaml, to_yaml};
    use super::*;
    use proptest::prelude::*;

    /// Two sections weighted 60/40 (or as given), ordinal 0–3 and yes/no indicators.
    fn version(extra: &str, weights: (&str, &str)) -> InstrumentVersion {
        let text = format!(
            "
instrument: {{ code: t, name: Test, publisher: Tester }}
version: '1'
scale: {{ min: 0, max: 100 }}
weights: must_sum_to_100
{extra}
bands:
- {{ code: HI, name_id: Tinggi, lower: 50, upper: 100 }}
- {{ code: LO, name_id: Rendah, lower: 0, upper: 49.99 }}
deductions:
- {{ code: sub, name_id: Substantif, max_points: 10 }}
answer_templates:
  o3:
    type: ordinal
    levels:
    - {{ value: 0, label_id: Tidak ada }}
    - {{ value: 1, label_id: Kurang }}
    - {{ value: 2, label_id: Cukup }}
    - {{ value: 3, label_id: Baik }}
sections:
- code: S1
  name_id: Satu
  weight: {}
  indicators:
  - {{ code: A, text_id: a, answer_template: o3 }}
  - {{ code: B, text_id: b, answer_template: o3 }}
- code: S2
  name_id: Dua
  weight: {}
  indicators:
  - {{ code: C, text_id: c, answer: {{ type: yes_no }} }}
  - code: D
    text_id: d
    answer:
      type: number
      unit: hari
      min: 0
      rule: {{ kind: linear, from: 10, to: 2, max_score: 4 }}
",
            weights.0, weights.1
        );
        serde_yaml_ng::from_str(&text).expect("test fixture parses")
    }

    fn answers(list: &[(&str, Answer)]) -> Answers {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn full() -> Answers {
        answers(&[
            ("A", Answer::Level(3)),
            ("B", Answer::Level(0)),
            ("C", Answer::YesNo(true)),
            ("D", Answer::Number(6.0)),
        ])
    }

    #[test]
    fn weighted_mean_of_fractions_mapped_to_the_scale() {
        let v = version("", ("60", "40"));
        let s = score_unit(&v, &full(), &[]).unwrap();
        // S1 = (1 + 0) / 2 = 0.5; S2 = (1 + 0.5) / 2 = 0.75; unit = 0.6·0.5 + 0.4·0.75 = 0.6.
        assert!((s.value - 60.0).abs() < 1e-9);
        assert_eq!(s.band.unwrap().code, "HI");
        assert_eq!(s.sections[0].value, Some(50.0));
        assert_eq!(s.sections[1].indicators[1].score, Some(2.0));
        assert!(s.missing.is_empty() && s.not_applicable.is_empty());
    }

    #[test]
    fn missing_answers_are_excluded_or_counted_as_zero_and_always_reported() {
        let mut a = full();
        a.remove("B");
        let excluded = score_unit(&version("", ("60", "40")), &a, &[]).unwrap();
        // S1 = A alone = 1.0 → 0.6 + 0.3 = 0.9.
        assert!((excluded.value - 90.0).abs() < 1e-9);
        assert_eq!(excluded.missing, vec!["B"]);
        assert!(!excluded.missing_counted_as_zero);
        let zero = score_unit(&version("missing: count_as_zero", ("60", "40")), &a, &[]).unwrap();
        assert!((zero.value - 60.0).abs() < 1e-9);
        assert_eq!(zero.missing, vec!["B"]);
        assert!(zero.missing_counted_as_zero);
        let b = &zero.sections[0].indicators[1];
        assert_eq!(
            (b.status, b.counted, b.fraction),
            (AnswerStatus::Missing, true, Some(0.0))
        );
    }

    #[test]
    fn not_applicable_is_excluded_with_renormalised_weights() {
        let mut a = full();
        a.insert("C".into(), Answer::NotApplicable);
        a.insert("D".into(), Answer::NotApplicable);
        let s = score_unit(&version("", ("60", "40")), &a, &[]).unwrap();
        // S2 has no counted child, so the unit is S1 alone: 0.5.
        assert!((s.value - 50.0).abs() < 1e-9);
        assert_eq!(s.not_applicable, vec!["C", "D"]);
        assert_eq!(s.sections[1].fraction, None);
        assert_eq!(s.sections[0].share, Some(1.0));
        let full_credit = score_unit(
            &version("not_applicable: count_as_full", ("60", "40")),
            &a,
            &[],
        );
        assert!((full_credit.unwrap().value - 70.0).abs() < 1e-9);
    }

    #[test]
    fn weights_not_summing_to_100_are_rejected_or_normalised_as_the_version_says() {
        let rejected = score_unit(&version("", ("60", "30")), &full(), &[]);
        let Err(ScoringError::InvalidVersion(errors)) = rejected else {
            panic!("{rejected:?}")
        };
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].path, "sections");
        assert!(
            matches!(errors.0[0].kind, ProblemKind::WeightsDoNotSumTo100 { sum } if sum == 90.0)
        );
        // The same 2:1 ratio normalised gives the same result as 66.67/33.33.
        let mut v = version("", ("6", "3"));
        v.weights = WeightPolicy::Normalise;
        let normalised = score_unit(&v, &full(), &[]).unwrap();
        assert!((normalised.value - (2.0 / 3.0 * 50.0 + 1.0 / 3.0 * 75.0)).abs() < 1e-9);
    }

    #[test]
    fn sum_aggregation_adds_points() {
        let v = version("aggregation: sum", ("60", "40"));
        let s = score_unit(&v, &full(), &[]).unwrap();
        // Points 3 + 0 + 1 + 2 out of 3 + 3 + 1 + 4.
        assert!((s.value - 600.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn deductions_come_off_and_clamp_to_the_scale() {
        let v = version("", ("60", "40"));
        let d = |points| {
            vec![AppliedDeduction {
                code: "sub".into(),
                points,
            }]
        };
        let s = score_unit(&v, &full(), &d(7.5)).unwrap();
        assert!((s.value - 52.5).abs() < 1e-9 && (s.undeducted - 60.0).abs() < 1e-9);
        let mut low = full();
        low.insert("A".into(), Answer::Level(0));
        low.insert("C".into(), Answer::YesNo(false));
        low.insert("D".into(), Answer::Number(10.0));
        assert_eq!(score_unit(&v, &low, &d(10.0)).unwrap().value, 0.0);
        assert!(matches!(
            score_unit(&v, &full(), &d(10.5)),
            Err(ScoringError::DeductionOutOfRange { .. })
        ));
        let unknown = vec![AppliedDeduction {
            code: "x".into(),
            points: 1.0,
        }];
        assert_eq!(
            score_unit(&v, &full(), &unknown),
            Err(ScoringError::UnknownDeduction("x".into()))
        );
    }

    #[test]
    fn every_invalid_answer_is_reported() {
        let mut a = full();
        a.insert("A".into(), Answer::Level(7));
        a.insert("C".into(), Answer::Level(1));
        a.insert("D".into(), Answer::Number(-1.0));
        a.insert("Z".into(), Answer::YesNo(true));
        let Err(ScoringError::InvalidAnswers(bad)) =
            score_unit(&version("", ("60", "40")), &a, &[])
        else {
            panic!("expected invalid answers")
        };
        let got: Vec<_> = bad
            .iter()
            .map(|b| (b.indicator.as_str(), b.problem.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A", AnswerError::UnknownLevel(7)),
                ("C", AnswerError::WrongKind),
                ("D", AnswerError::OutOfRange(-1.0)),
            ]
        );
        a.insert("A".into(), Answer::Level(3));
        a.insert("C".into(), Answer::YesNo(true));
        a.insert("D".into(), Answer::Number(1.0));
        let s = score_unit(&version("", ("60", "40")), &a, &[]).unwrap();
        assert_eq!(s.unknown_answers, vec!["Z"]);
    }

    #[test]
    fn nothing_answered_has_no_score() {
        let v = version("", ("60", "40"));
        assert_eq!(
            score_unit(&v, &Answers::new(), &[]),
            Err(ScoringError::NothingToScore)
        );
    }

    #[test]
    fn number_rules_score_linearly_or_by_threshold() {
        let linear = NumberRule::Linear {
            from: 10.0,
            to: 2.0,
            max_score: 4.0,
        };
        assert_eq!(
            (linear.score(12.0), linear.score(6.0), linear.score(1.0)),
            (0.0, 2.0, 4.0)
        );
        let steps = NumberRule::Thresholds {
            steps: vec![
                Threshold {
                    at_least: 50.0,
                    score: 1.0,
                },
                Threshold {
                    at_least: 80.0,
                    score: 3.0,
                },
            ],
            below: 0.0,
        };
        assert_eq!(
            (steps.score(49.9), steps.score(50.0), steps.score(100.0)),
            (0.0, 1.0, 3.0)
        );
        let pct = AnswerType::Percentage { rule: steps };
        assert_eq!(
            pct.score(&Answer::Number(101.0)),
            Err(AnswerError::OutOfRange(101.0))
        );
    }

    #[test]
    fn pemda_is_the_mean_or_weighted_mean_of_units() {
        let mut v = version("", ("60", "40"));
        let units = [
            LokusScore {
                unit: "Disdukcapil".into(),
                value: 90.0,
                weight: 3.0,
            },
            LokusScore {
                unit: "Puskesmas".into(),
                value: 80.0,
                weight: 1.0,
            },
        ];
        assert_eq!(score_pemda(&v, &units).unwrap().value, 85.0);
        v.pemda = PemdaRule::WeightedMeanOfUnits;
        let p = score_pemda(&v, &units).unwrap();
        assert_eq!(
            (p.value, p.units, p.rule),
            (87.5, 2, PemdaRule::WeightedMeanOfUnits)
        );
        assert_eq!(score_pemda(&v, &[]), Err(ScoringError::NoUnits));
    }

    #[test]
    fn yaml_fixture_also_loads_through_the_validating_reader() {
        let v = version("", ("60", "40"));
        let text = to_yaml(&v).unwrap();
        assert_eq!(from_yaml(&text).unwrap(), v);
    }

    proptest! {
        #[test]
        fn normalised_weights_sum_to_one(ws in prop::collection::vec(0.001f64..1000.0, 1..20), none in any::<bool>()) {
            let weights: Vec<Option<f64>> = ws.iter().map(|w| (!none).then_some(*w)).collect();
            let n = normalise_weights(&weights);
            prop_assert!((n.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!(n.iter().all(|w| *w > 0.0));
        }
    }
}
