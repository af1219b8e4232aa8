//! Gap analysis: how far a unit or a pemda is from the next band up, and which single answers
//! would gain most.
//!
//! Every gain is exact: the unit is scored again with the one answer changed (same rules,
//! deductions and clamping), and for a pemda the unit's change is passed through the pemda rule.
//! For each answered indicator below its maximum (and each missing one) two moves are weighed:
//! one step up (the next higher-scoring answer) and straight to the maximum. A missing answer is
//! taken to stand at score 0; under [`super::model::MissingPolicy::Exclude`] answering it changes
//! the denominator too, so a low first step may even lose points, which the gain shows. Indicators
//! answered "not applicable" are left alone.

use serde::{Deserialize, Serialize};

use super::bands::{round_half_up, to_units, Band};
use super::model::{AnswerType, InstrumentVersion, NumberRule, PemdaRule};
use super::scoring::{
    score_unit_unchecked, Answer, Answers, AppliedDeduction, ScoringError, UnitScore,
};

/// One possible answer of an indicator and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The answer to give.
    pub answer: Answer,
    /// Its score.
    pub score: f64,
    /// Its label (level or option label in Indonesian; the number for numeric answers).
    pub label: String,
}

/// One indicator's possible improvement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    /// The unit, in a pemda analysis.
    pub unit: Option<String>,
    /// Indicator code.
    pub indicator: String,
    /// The current answer; `None` when missing.
    pub current: Option<Step>,
    /// The next higher-scoring answer.
    pub next: Step,
    /// The highest-scoring answer.
    pub best: Step,
    /// Points gained on the result scale (unit or pemda) by moving to `next`.
    pub gain_next: f64,
    /// Points gained by moving to `best`.
    pub gain_best: f64,
    /// Whether moving to `best`, alone, reaches the next band up.
    pub best_closes_gap: bool,
}

/// Distance to the next band and the improvements that would close it, ranked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapAnalysis {
    /// Current value, unrounded.
    pub value: f64,
    /// Current value rounded half up, as published.
    pub rounded: f64,
    /// Current band.
    pub band: Option<Band>,
    /// The band directly above; `None` at the top.
    pub next_band: Option<Band>,
    /// Points from the rounded value to the next band's lower bound.
    pub points_needed: Option<f64>,
    /// Improvements with a positive gain, best first: by `gain_next`, then `gain_best`.
    pub improvements: Vec<Improvement>,
    /// Whether one change alone (an indicator to its best answer) reaches the next band.
    pub single_change_closes_gap: bool,
}

/// One lokus unit in a pemda gap analysis.
#[derive(Debug, Clone, Copy)]
pub struct LokusAnswers<'a> {
    /// The unit (id or name).
    pub unit: &'a str,
    /// Its weight under [`PemdaRule::WeightedMeanOfUnits`]; ignored for a plain mean.
    pub weight: f64,
    /// Its answers.
    pub answers: &'a Answers,
    /// Deductions applied to it.
    pub deductions: &'a [AppliedDeduction],
}

impl AnswerType {
    /// The answers worth distinguishing, by rising score: every level, option or yes/no, the
    /// thresholds of a threshold rule, and both ends of a linear rule.
    pub fn steps(&self) -> Vec<Step> {
        let number = |x: f64, score: f64| Step {
            answer: Answer::Number(x),
            score,
            label: x.to_string(),
        };
        let rule_steps = |rule: &NumberRule| match rule {
            NumberRule::Linear {
                from,
                to,
                max_score,
            } => {
                vec![number(*from, 0.0), number(*to, *max_score)]
            }
            NumberRule::Thresholds { steps, .. } => {
                steps.iter().map(|t| number(t.at_least, t.score)).collect()
            }
        };
        let mut steps: Vec<Step> = match self {
            AnswerType::Ordinal { levels } => levels
                .iter()
                .map(|l| Step {
                    answer: Answer::Level(l.value),
                    score: l.score(),
                    label: l.label_id.clone(),
                })
                .collect(),
            AnswerType::YesNo { yes, no } => vec![
                Step {
                    answer: Answer::YesNo(false),
                    score: *no,
                    label: "Tidak".into(),
                },
                Step {
                    answer: Answer::YesNo(true),
                    score: *yes,
                    label: "Ya".into(),
                },
            ],
            AnswerType::Choice { options } => options
                .iter()
                .map(|o| Step {
                    answer: Answer::Choice(o.code.clone()),
                    score: o.score,
                    label: o.label_id.clone(),
                })
                .collect(),
            AnswerType::Number { rule, .. } | AnswerType::Percentage { rule } => rule_steps(rule),
            AnswerType::Unknown => vec![],
        };
        steps.sort_by(|a, b| a.score.total_cmp(&b.score));
        steps
    }
}

/// Gap analysis of one unit.
pub fn unit_gap(
    version: &InstrumentVersion,
    answers: &Answers,
    deductions: &[AppliedDeduction],
) -> Result<GapAnalysis, ScoringError> {
    let unit = LokusAnswers {
        unit: "",
        weight: 1.0,
        answers,
        deductions,
    };
    analyse(version, &[unit], false)
}

/// Gap analysis of a pemda from its lokus units: the pemda's distance to the next band and the
/// single answers, in any unit, that would gain the pemda most.
pub fn pemda_gap(
    version: &InstrumentVersion,
    units: &[LokusAnswers<'_>],
) -> Result<GapAnalysis, ScoringError> {
    analyse(version, units, true)
}

fn analyse(
    version: &InstrumentVersion,
    units: &[LokusAnswers<'_>],
    name_units: bool,
) -> Result<GapAnalysis, ScoringError> {
    version.validate().map_err(ScoringError::InvalidVersion)?;
    if units.is_empty() {
        return Err(ScoringError::NoUnits);
    }
    let share: Vec<f64> = match version.pemda {
        PemdaRule::MeanOfUnits => vec![1.0 / units.len() as f64; units.len()],
        PemdaRule::WeightedMeanOfUnits => {
            if let Some(u) = units
                .iter()
                .find(|u| !(u.weight.is_finite() && u.weight > 0.0))
            {
                return Err(ScoringError::InvalidUnitWeight(u.unit.to_owned()));
            }
            let total: f64 = units.iter().map(|u| u.weight).sum();
            units.iter().map(|u| u.weight / total).collect()
        }
    };
    let scores: Vec<UnitScore> = units
        .iter()
        .map(|u| score_unit_unchecked(version, u.answers, u.deductions))
        .collect::<Result<_, _>>()?;
    let value: f64 = scores.iter().zip(&share).map(|(s, w)| s.value * w).sum();

    let decimals = version.scale.decimals;
    let bands = &version.bands;
    let band = bands.lookup(value, decimals).cloned();
    let next_band = band
        .as_ref()
        .and_then(|b| bands.next_above(b, decimals))
        .cloned();
    let rounded = round_half_up(value, decimals);
    let points_needed = next_band
        .as_ref()
        .map(|b| round_half_up(b.lower - rounded, decimals));
    let reaches_next = |v: f64| match (&next_band, bands.lookup(v, decimals)) {
        (Some(target), Some(got)) => {
            to_units(got.lower, decimals) >= to_units(target.lower, decimals)
        }
        _ => false,
    };

    let mut improvements = Vec::new();
    for ((unit, score), w) in units.iter().zip(&scores).zip(&share) {
        // One working copy per unit: each candidate answer is put in, scored and taken out
        // again, rather than copying the unit's answers for every candidate.
        let mut working = unit.answers.clone();
        for indicator in version.indicators() {
            let Some(answer_type) = version.answer_type(indicator) else {
                continue;
            };
            let steps = answer_type.steps();
            let current = unit.answers.get(&indicator.code);
            if current == Some(&Answer::NotApplicable) {
                continue;
            }
            let current_step = current.map(|a| Step {
                answer: a.clone(),
                score: answer_type.score(a).unwrap_or(0.0),
                label: steps
                    .iter()
                    .find(|s| &s.answer == a)
                    .map_or_else(|| label_of(a), |s| s.label.clone()),
            });
            let now = current_step.as_ref().map_or(0.0, |s| s.score);
            let Some(best) = steps
                .last()
                .filter(|s| s.score > now || current_step.is_none())
            else {
                continue;
            };
            let next = steps.iter().find(|s| s.score > now).unwrap_or(best);
            let mut gain_of = |step: &Step| -> Result<f64, ScoringError> {
                working.insert(indicator.code.clone(), step.answer.clone());
                let rescored = score_unit_unchecked(version, &working, unit.deductions);
                match current {
                    Some(a) => working.insert(indicator.code.clone(), a.clone()),
                    None => working.remove(&indicator.code),
                };
                Ok((rescored?.value - score.value) * w)
            };
            let (gain_next, gain_best) = (gain_of(next)?, gain_of(best)?);
            if gain_best <= 1e-12 {
                continue;
            }
            improvements.push(Improvement {
                unit: name_units.then(|| unit.unit.to_owned()),
                indicator: indicator.code.clone(),
                current: current_step,
                next: next.clone(),
                best: best.clone(),
                gain_next,
                gain_best,
                best_closes_gap: reaches_next(value + gain_best),
            });
        }
    }
    improvements.sort_by(|a, b| {
        b.gain_next
            .total_cmp(&a.gain_next)
            .then(b.gain_best.total_cmp(&a.gain_best))
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| a.indicator.cmp(&b.indicator))
    });
    Ok(GapAnalysis {
        value,
        rounded,
        band,
        next_band,
        points_needed,
        single_change_closes_gap: improvements.iter().any(|i| i.best_closes_gap),
        improvements,
    })
}

fn label_of(answer: &Answer) -> String {
    match answer {
        Answer::Level(v) => v.to_string(),
        Answer::YesNo(b) => if *b { "Ya" } else { "Tidak" }.to_owned(),
        Answer::Choice(c) => c.clone(),
        Answer::Number(x) => x.to_string(),
        Answer::NotApplicable => "Tidak berlaku".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin::builtin_version;
    use super::*;

    fn ombudsman() -> InstrumentVersion {
        builtin_version("ombudsman-kepatuhan", "2023").unwrap()
    }

    /// Every indicator at `level`, with some overrides.
    fn answers(v: &InstrumentVersion, level: u32, overrides: &[(&str, u32)]) -> Answers {
        let mut a: Answers = v
            .indicators()
            .iter()
            .map(|i| (i.code.clone(), Answer::Level(level)))
            .collect();
        for (code, l) in overrides {
            a.insert((*code).to_owned(), Answer::Level(*l));
        }
        a
    }

    #[test]
    fn ranks_improvements_by_gain_per_step() {
        let v = ombudsman();
        let gap = unit_gap(&v, &answers(&v, 2, &[]), &[]).unwrap();
        assert_eq!(gap.rounded, 66.67);
        assert_eq!(gap.band.as_ref().unwrap().code, "C");
        assert_eq!(gap.next_band.as_ref().unwrap().code, "B");
        assert_eq!(gap.points_needed, Some(11.33));
        // Output has 4 indicators in 24.24 %: one step of 3 is worth 24.24 / 4 / 3 = 2.02 points.
        let first = &gap.improvements[0];
        assert!(first.indicator.starts_with("OU.PM."), "{first:?}");
        assert!((first.gain_next - 2.02).abs() < 1e-9);
        assert_eq!(
            (
                first.current.as_ref().unwrap().answer.clone(),
                first.next.answer.clone()
            ),
            (Answer::Level(2), Answer::Level(3))
        );
        // Ranked: gains never rise down the list.
        assert!(gap
            .improvements
            .windows(2)
            .all(|w| w[0].gain_next >= w[1].gain_next));
        assert_eq!(gap.improvements.len(), v.indicators().len());
        assert!(!gap.single_change_closes_gap);
    }

    #[test]
    fn raising_a_proses_indicator_from_1_to_3() {
        let v = ombudsman();
        let gap = unit_gap(&v, &answers(&v, 3, &[("PR.SP.04", 1)]), &[]).unwrap();
        let fee = gap
            .improvements
            .iter()
            .find(|i| i.indicator == "PR.SP.04")
            .unwrap();
        // 32.37 / 12 indicators × 2/3 of the range = +1.80 points.
        assert!((fee.gain_best - 32.37 / 12.0 * 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(round_half_up(fee.gain_best, 2), 1.8);
        assert_eq!(fee.best.answer, Answer::Level(3));
        assert_eq!(fee.next.answer, Answer::Level(2));
        assert_eq!(gap.next_band, None, "already in A");
        assert_eq!(gap.points_needed, None);
    }

    #[test]
    fn says_when_one_change_alone_closes_the_gap() {
        let v = ombudsman();
        // Two Output indicators at 0: 100 − 2 × 6.06 = 87.88, band B, 0.12 short of A.
        let a = answers(&v, 3, &[("OU.PM.01", 0), ("OU.PM.02", 0)]);
        let gap = unit_gap(&v, &a, &[]).unwrap();
        assert_eq!(
            (gap.rounded, gap.band.as_ref().unwrap().code.as_str()),
            (87.88, "B")
        );
        assert_eq!(gap.points_needed, Some(0.12));
        assert!(gap.single_change_closes_gap);
        assert_eq!(gap.improvements.len(), 2);
        assert!(gap.improvements.iter().all(|i| i.best_closes_gap));
    }

    #[test]
    fn pemda_gap_spreads_unit_gains_over_the_mean() {
        let v = ombudsman();
        let strong = answers(&v, 3, &[]);
        let weak = answers(&v, 2, &[]);
        let units = [
            LokusAnswers {
                unit: "Disdukcapil",
                weight: 1.0,
                answers: &strong,
                deductions: &[],
            },
            LokusAnswers {
                unit: "Dinas Sosial",
                weight: 1.0,
                answers: &weak,
                deductions: &[],
            },
        ];
        let gap = pemda_gap(&v, &units).unwrap();
        assert_eq!(gap.rounded, 83.33);
        let first = &gap.improvements[0];
        assert_eq!(first.unit.as_deref(), Some("Dinas Sosial"));
        assert!(
            (first.gain_next - 1.01).abs() < 1e-9,
            "half of a unit's 2.02"
        );
        assert!(gap
            .improvements
            .iter()
            .all(|i| i.unit.as_deref() == Some("Dinas Sosial")));
    }

    #[test]
    fn missing_answers_are_improvable_from_nothing() {
        let v = ombudsman();
        let mut a = answers(&v, 3, &[]);
        a.remove("PG.PP.01");
        let gap = unit_gap(&v, &a, &[]).unwrap();
        let missing = &gap.improvements[0];
        assert_eq!(
            (missing.indicator.as_str(), missing.current.clone()),
            ("PG.PP.01", None)
        );
        assert_eq!(missing.next.answer, Answer::Level(1));
        assert!((missing.gain_best - 21.54 / 5.0).abs() < 1e-9);
    }

    #[test]
    fn steps_of_every_answer_type_rise() {
        let yes_no = AnswerType::YesNo { yes: 1.0, no: 0.0 };
        let answers: Vec<_> = yes_no.steps().into_iter().map(|s| s.answer).collect();
        assert_eq!(answers, [Answer::YesNo(false), Answer::YesNo(true)]);
        let rule = NumberRule::Linear {
            from: 10.0,
            to: 2.0,
            max_score: 4.0,
        };
        let steps = AnswerType::Number {
            unit: None,
            min: None,
            max: None,
            rule,
        }
        .steps();
        assert_eq!(
            (steps[1].answer.clone(), steps[1].score),
            (Answer::Number(2.0), 4.0)
        );
    }
}
