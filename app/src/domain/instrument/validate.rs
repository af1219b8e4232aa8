//! Validation of an instrument version, reporting every problem with its location.
//!
//! A location is a path into the document such as `sections[2].indicators[5].weight` (the YAML
//! keys, sequences counted from 0). When the version was read from YAML, [`super::yaml`] adds the
//! line the path points at (or its nearest written ancestor, for a defaulted field).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::bands::to_units;
use super::model::{
    Aggregation, AnswerType, InstrumentVersion, NumberRule, ScaleMapping, Section, WeightPolicy,
};

/// Tolerance on "weights sum to 100" (decimal weights such as 21.85 do not add exactly in binary).
const WEIGHT_SUM_TOLERANCE: f64 = 1e-6;

/// One problem found in a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Where, e.g. `sections[2].indicators[5].weight`.
    pub path: String,
    /// Line in the YAML source (1-based), when read from YAML and found.
    pub line: Option<usize>,
    /// What.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// What is wrong at a location.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ProblemKind {
    /// A required text is empty.
    #[error("must not be empty")]
    Empty,
    /// A code contains whitespace.
    #[error("a code must not contain spaces")]
    CodeWithSpace,
    /// A code used twice among sections and indicators (or among bands, deductions, options).
    #[error("code {code:?} is already used at {first}")]
    DuplicateCode {
        /// The code.
        code: String,
        /// Where it was first used.
        first: String,
    },
    /// The result scale is unusable.
    #[error("the scale needs finite min < max, at most 6 decimals, and min ≥ 0 for a proportional mapping")]
    InvalidScale,
    /// The version has no sections.
    #[error("the version has no sections")]
    NoSections,
    /// A section with neither sub-sections nor indicators.
    #[error("the section is empty")]
    EmptySection,
    /// A section with both sub-sections and indicators.
    #[error("a section holds either sub-sections or indicators, not both")]
    MixedChildren,
    /// A weight that is not a positive finite number.
    #[error("a weight must be a positive number")]
    NonPositiveWeight,
    /// Some siblings have weights and others do not.
    #[error("either every sibling has a weight or none has")]
    MixedWeights,
    /// Sibling weights that must sum to 100 and do not.
    #[error("weights sum to {sum}, not 100")]
    WeightsDoNotSumTo100 {
        /// Their sum.
        sum: f64,
    },
    /// An indicator with no answer type, or with both an inline one and a template.
    #[error("give exactly one of `answer` and `answer_template`")]
    AnswerTypeNotGiven,
    /// An answer template name the version does not define.
    #[error("no answer template {0:?}")]
    UnknownTemplate(String),
    /// An answer type this program does not know.
    #[error("unknown answer type")]
    UnknownAnswerType,
    /// Fewer than two levels or options.
    #[error("at least two levels or options are needed")]
    TooFewChoices,
    /// Two levels with the same value.
    #[error("level {0} appears twice")]
    DuplicateLevel(u32),
    /// Two levels or options with the same score.
    #[error("score {0} appears twice")]
    DuplicateScore(f64),
    /// Level scores that do not rise with the level value.
    #[error("scores must rise with the level value")]
    LevelsNotIncreasing,
    /// A score that is negative or not finite.
    #[error("a score must be a non-negative number")]
    InvalidScore,
    /// An answer type whose best answer scores 0.
    #[error("the highest score must be above 0")]
    ZeroMaxScore,
    /// A number rule or input range that cannot work.
    #[error("invalid number rule: {0}")]
    InvalidNumberRule(NumberRuleProblem),
    /// A band with bounds that are not finite, inverted or finer than the scale's decimals.
    #[error("band bounds must be finite, lower ≤ upper, at the scale's decimals")]
    InvalidBandBounds,
    /// No bands at all.
    #[error("the version has no bands")]
    NoBands,
    /// Values no band holds.
    #[error("no band holds {from}–{to}")]
    BandGap {
        /// First uncovered value.
        from: f64,
        /// Last uncovered value.
        to: f64,
    },
    /// Two bands holding the same values.
    #[error("bands {first:?} and {second:?} overlap")]
    BandOverlap {
        /// One band.
        first: String,
        /// The other.
        second: String,
    },
    /// A band reaching outside the scale.
    #[error("the band reaches outside the scale")]
    BandOutsideScale,
    /// A deduction maximum that is not a positive finite number.
    #[error("a deduction maximum must be a positive number")]
    InvalidDeduction,
}

/// What is wrong with a number answer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum NumberRuleProblem {
    /// The input range's min is above its max.
    #[error("min is above max")]
    MinAboveMax,
    /// A linear rule whose ends are equal or not finite.
    #[error("`from` and `to` must be different numbers")]
    EqualEnds,
    /// A threshold rule without thresholds.
    #[error("no thresholds")]
    NoThresholds,
    /// Thresholds not in rising order.
    #[error("thresholds must rise")]
    ThresholdsNotRising,
    /// A threshold scoring less than the one below it.
    #[error("scores must not fall as thresholds rise")]
    ScoresFall,
}

/// Every problem found in a version (never empty).
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub struct ValidationErrors(pub Vec<Problem>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s)", self.0.len())?;
        for p in &self.0 {
            write!(f, "; {p}")?;
        }
        Ok(())
    }
}

impl ProblemKind {
    /// The problem in Indonesian, for the people who fix instrument files (the English sentence
    /// is the `Display`). Written here rather than in the locale files because most messages embed
    /// values (codes, sums, bounds) in their own word order.
    pub fn message_id(&self) -> String {
        match self {
            ProblemKind::Empty => "tidak boleh kosong".to_owned(),
            ProblemKind::CodeWithSpace => "kode tidak boleh berisi spasi".to_owned(),
            ProblemKind::DuplicateCode { code, first } => {
                format!("kode \"{code}\" sudah dipakai di {first}")
            }
            ProblemKind::InvalidScale => "skala hasil harus berupa angka dengan min < maks, paling banyak 6 desimal, dan min ≥ 0 untuk pemetaan proporsional".to_owned(),
            ProblemKind::NoSections => "versi ini belum memiliki bagian".to_owned(),
            ProblemKind::EmptySection => "bagian ini kosong".to_owned(),
            ProblemKind::MixedChildren => {
                "sebuah bagian berisi sub-bagian atau indikator, tidak keduanya".to_owned()
            }
            ProblemKind::NonPositiveWeight => "bobot harus berupa angka positif".to_owned(),
            ProblemKind::MixedWeights => {
                "semua bagian/indikator yang setingkat harus berbobot, atau tidak satu pun".to_owned()
            }
            ProblemKind::WeightsDoNotSumTo100 { sum } => {
                format!("jumlah bobot {sum}, seharusnya 100")
            }
            ProblemKind::AnswerTypeNotGiven => {
                "isi tepat satu: jenis jawaban (answer) atau templat jawaban (answer_template)"
                    .to_owned()
            }
            ProblemKind::UnknownTemplate(name) => {
                format!("templat jawaban \"{name}\" tidak ada")
            }
            ProblemKind::UnknownAnswerType => "jenis jawaban tidak dikenal".to_owned(),
            ProblemKind::TooFewChoices => "perlu sedikitnya dua tingkat atau pilihan".to_owned(),
            ProblemKind::DuplicateLevel(level) => format!("tingkat {level} muncul dua kali"),
            ProblemKind::DuplicateScore(score) => format!("skor {score} muncul dua kali"),
            ProblemKind::LevelsNotIncreasing => {
                "skor harus naik seiring naiknya tingkat".to_owned()
            }
            ProblemKind::InvalidScore => "skor harus berupa angka tidak negatif".to_owned(),
            ProblemKind::ZeroMaxScore => "skor tertinggi harus lebih dari 0".to_owned(),
            ProblemKind::InvalidNumberRule(rule) => format!(
                "aturan skor angka tidak dapat dipakai: {}",
                match rule {
                    NumberRuleProblem::MinAboveMax => "min lebih besar dari maks",
                    NumberRuleProblem::EqualEnds => "`from` dan `to` harus berbeda",
                    NumberRuleProblem::NoThresholds => "belum ada ambang",
                    NumberRuleProblem::ThresholdsNotRising => "ambang harus naik",
                    NumberRuleProblem::ScoresFall => "skor tidak boleh turun saat ambang naik",
                }
            ),
            ProblemKind::InvalidBandBounds => "batas predikat harus berupa angka, batas bawah ≤ batas atas, dengan jumlah desimal skala".to_owned(),
            ProblemKind::NoBands => "versi ini belum memiliki tabel predikat".to_owned(),
            ProblemKind::BandGap { from, to } => {
                format!("tidak ada predikat untuk nilai {from}–{to}")
            }
            ProblemKind::BandOverlap { first, second } => {
                format!("predikat \"{first}\" dan \"{second}\" tumpang tindih")
            }
            ProblemKind::BandOutsideScale => "predikat melewati batas skala".to_owned(),
            ProblemKind::InvalidDeduction => {
                "pengurangan maksimum harus berupa angka positif".to_owned()
            }
        }
    }
}

impl InstrumentVersion {
    /// Checks the whole version and reports every problem found, each with its path.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut v = Validator::default();
        v.check(self);
        if v.problems.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(v.problems))
        }
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    codes: BTreeMap<String, String>,
}

/// Checks a code is non-empty, has no spaces and is not in `seen` yet (then records it).
fn check_code(
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, String>,
    path: &str,
    code: &str,
) {
    let at = format!("{path}.code");
    let kind = if code.trim().is_empty() {
        ProblemKind::Empty
    } else if code.chars().any(char::is_whitespace) {
        ProblemKind::CodeWithSpace
    } else if let Some(first) = seen.get(code) {
        ProblemKind::DuplicateCode {
            code: code.to_owned(),
            first: first.clone(),
        }
    } else {
        seen.insert(code.to_owned(), at);
        return;
    };
    problems.push(Problem {
        path: at,
        line: None,
        kind,
    });
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.problems.push(Problem {
            path: path.into(),
            line: None,
            kind,
        });
    }

    fn non_empty(&mut self, path: String, text: &str) {
        if text.trim().is_empty() {
            self.push(path, ProblemKind::Empty);
        }
    }

    fn check(&mut self, version: &InstrumentVersion) {
        self.non_empty("instrument.code".into(), &version.instrument.code);
        self.non_empty("instrument.name".into(), &version.instrument.name);
        self.non_empty("version".into(), &version.version);
        let scale = &version.scale;
        let scale_ok = scale.min.is_finite()
            && scale.max.is_finite()
            && scale.min < scale.max
            && scale.decimals <= 6
            && (scale.mapping == ScaleMapping::Linear || scale.min >= 0.0);
        if scale_ok {
            self.bands(version);
        } else {
            self.push("scale", ProblemKind::InvalidScale);
        }
        let mut seen = BTreeMap::new();
        for (i, d) in version.deductions.iter().enumerate() {
            let path = format!("deductions[{i}]");
            check_code(&mut self.problems, &mut seen, &path, &d.code);
            self.non_empty(format!("{path}.name_id"), &d.name_id);
            if d.max_points.is_some_and(|m| !(m.is_finite() && m > 0.0)) {
                self.push(format!("{path}.max_points"), ProblemKind::InvalidDeduction);
            }
        }
        for (name, t) in &version.answer_templates {
            self.answer_type(&format!("answer_templates.{name}"), t);
        }
        if version.sections.is_empty() {
            self.push("sections", ProblemKind::NoSections);
        }
        let weights: Vec<Option<f64>> = version.sections.iter().map(|s| s.weight).collect();
        self.weights(version, "", "sections", version.aggregation, &weights);
        for (i, s) in version.sections.iter().enumerate() {
            self.section(version, &format!("sections[{i}]"), s);
        }
    }

    fn bands(&mut self, version: &InstrumentVersion) {
        let d = version.scale.decimals;
        let units = |x: f64| to_units(x, d);
        let (Some(min), Some(max)) = (units(version.scale.min), units(version.scale.max)) else {
            return self.push("scale", ProblemKind::InvalidScale);
        };
        if version.bands.bands.is_empty() {
            return self.push("bands", ProblemKind::NoBands);
        }
        let mut seen = BTreeMap::new();
        let mut spans = Vec::new();
        for (i, b) in version.bands.bands.iter().enumerate() {
            let path = format!("bands[{i}]");
            check_code(&mut self.problems, &mut seen, &path, &b.code);
            self.non_empty(format!("{path}.name_id"), &b.name_id);
            // A bound must sit exactly on the scale's resolution (87.99, not 87.994).
            let exact = |x: f64| {
                units(x).filter(|u| (*u as f64 - x * 10f64.powi(i32::from(d))).abs() < 1e-6)
            };
            match (exact(b.lower), exact(b.upper)) {
                (Some(lo), Some(hi)) if lo <= hi => {
                    if lo < min || hi > max {
                        self.push(path, ProblemKind::BandOutsideScale);
                    } else {
                        spans.push((lo, hi, b.code.clone()));
                    }
                }
                _ => self.push(path, ProblemKind::InvalidBandBounds),
            }
        }
        spans.sort();
        let step = 10f64.powi(i32::from(d));
        let mut covered: Option<(i64, String)> = None; // highest unit covered so far, by which band
        for (lo, hi, code) in spans {
            let next_free = covered.as_ref().map_or(min, |(to, _)| to + 1);
            if lo > next_free {
                let kind = ProblemKind::BandGap {
                    from: next_free as f64 / step,
                    to: (lo - 1) as f64 / step,
                };
                self.push("bands", kind);
            } else if let Some((_, by)) = covered.as_ref().filter(|(to, _)| lo <= *to) {
                let kind = ProblemKind::BandOverlap {
                    first: by.clone(),
                    second: code.clone(),
                };
                self.push("bands", kind);
            }
            if covered.as_ref().is_none_or(|(to, _)| hi > *to) {
                covered = Some((hi, code));
            }
        }
        let reached = covered.map_or(min - 1, |(to, _)| to);
        if reached < max {
            let kind = ProblemKind::BandGap {
                from: (reached + 1) as f64 / step,
                to: max as f64 / step,
            };
            self.push("bands", kind);
        }
    }

    /// Checks one sibling group's weights; `parent` is the parent's path ("" for the top).
    fn weights(
        &mut self,
        version: &InstrumentVersion,
        parent: &str,
        list: &str,
        rule: Aggregation,
        weights: &[Option<f64>],
    ) {
        if rule == Aggregation::Sum {
            return; // weights are ignored when points add up
        }
        let group = if parent.is_empty() {
            list.to_owned()
        } else {
            format!("{parent}.{list}")
        };
        for (i, w) in weights.iter().enumerate() {
            if w.is_some_and(|w| !(w.is_finite() && w > 0.0)) {
                self.push(
                    format!("{group}[{i}].weight"),
                    ProblemKind::NonPositiveWeight,
                );
            }
        }
        let given = weights.iter().filter(|w| w.is_some()).count();
        if given > 0 && given < weights.len() {
            self.push(group, ProblemKind::MixedWeights);
        } else if given > 0 && version.weights == WeightPolicy::MustSumTo100 {
            let sum: f64 = weights.iter().flatten().sum();
            if (sum - 100.0).abs() > WEIGHT_SUM_TOLERANCE {
                self.push(group, ProblemKind::WeightsDoNotSumTo100 { sum });
            }
        }
    }

    fn section(&mut self, version: &InstrumentVersion, path: &str, section: &Section) {
        check_code(&mut self.problems, &mut self.codes, path, &section.code);
        self.non_empty(format!("{path}.name_id"), &section.name_id);
        match (section.sections.is_empty(), section.indicators.is_empty()) {
            (true, true) => self.push(path, ProblemKind::EmptySection),
            (false, false) => self.push(path, ProblemKind::MixedChildren),
            _ => {}
        }
        let rule = section.aggregation.unwrap_or(version.aggregation);
        let weights: Vec<Option<f64>> = section.sections.iter().map(|s| s.weight).collect();
        self.weights(version, path, "sections", rule, &weights);
        let weights: Vec<Option<f64>> = section.indicators.iter().map(|i| i.weight).collect();
        self.weights(version, path, "indicators", rule, &weights);
        for (i, s) in section.sections.iter().enumerate() {
            self.section(version, &format!("{path}.sections[{i}]"), s);
        }
        for (i, ind) in section.indicators.iter().enumerate() {
            let path = format!("{path}.indicators[{i}]");
            check_code(&mut self.problems, &mut self.codes, &path, &ind.code);
            self.non_empty(format!("{path}.text_id"), &ind.text_id);
            match (&ind.answer, &ind.answer_template) {
                (Some(t), None) => self.answer_type(&format!("{path}.answer"), t),
                (None, Some(name)) if !version.answer_templates.contains_key(name) => self.push(
                    format!("{path}.answer_template"),
                    ProblemKind::UnknownTemplate(name.clone()),
                ),
                (None, Some(_)) => {}
                _ => self.push(path, ProblemKind::AnswerTypeNotGiven),
            }
        }
    }

    fn answer_type(&mut self, path: &str, t: &AnswerType) {
        let score_ok = |s: f64| s.is_finite() && s >= 0.0;
        match t {
            AnswerType::Unknown => {
                self.push(format!("{path}.type"), ProblemKind::UnknownAnswerType)
            }
            AnswerType::Ordinal { levels } => {
                if levels.len() < 2 {
                    self.push(format!("{path}.levels"), ProblemKind::TooFewChoices);
                }
                let (mut values, mut scores) = (BTreeSet::new(), Vec::<f64>::new());
                for (i, l) in levels.iter().enumerate() {
                    let at = format!("{path}.levels[{i}]");
                    self.non_empty(format!("{at}.label_id"), &l.label_id);
                    if !values.insert(l.value) {
                        self.push(format!("{at}.value"), ProblemKind::DuplicateLevel(l.value));
                    }
                    if !score_ok(l.score()) {
                        self.push(format!("{at}.score"), ProblemKind::InvalidScore);
                    } else if scores.contains(&l.score()) {
                        self.push(
                            format!("{at}.score"),
                            ProblemKind::DuplicateScore(l.score()),
                        );
                    }
                    scores.push(l.score());
                }
                let mut by_value: Vec<(u32, f64)> =
                    levels.iter().map(|l| (l.value, l.score())).collect();
                by_value.sort_by_key(|(v, _)| *v);
                if by_value.windows(2).any(|w| w[1].1 < w[0].1) {
                    self.push(format!("{path}.levels"), ProblemKind::LevelsNotIncreasing);
                }
            }
            AnswerType::YesNo { yes, no } => {
                if !score_ok(*yes) || !score_ok(*no) {
                    self.push(path, ProblemKind::InvalidScore);
                } else if yes == no {
                    self.push(path, ProblemKind::DuplicateScore(*yes));
                }
            }
            AnswerType::Choice { options } => {
                if options.len() < 2 {
                    self.push(format!("{path}.options"), ProblemKind::TooFewChoices);
                }
                let mut seen = BTreeMap::new();
                for (i, o) in options.iter().enumerate() {
                    let at = format!("{path}.options[{i}]");
                    check_code(&mut self.problems, &mut seen, &at, &o.code);
                    self.non_empty(format!("{at}.label_id"), &o.label_id);
                    if !score_ok(o.score) {
                        self.push(format!("{at}.score"), ProblemKind::InvalidScore);
                    }
                }
            }
            AnswerType::Number { min, max, rule, .. } => {
                if matches!((min, max), (Some(a), Some(b)) if a > b) {
                    self.push(
                        path,
                        ProblemKind::InvalidNumberRule(NumberRuleProblem::MinAboveMax),
                    );
                }
                self.number_rule(&format!("{path}.rule"), rule);
            }
            AnswerType::Percentage { rule } => self.number_rule(&format!("{path}.rule"), rule),
        }
        if !matches!(t, AnswerType::Unknown) && t.max_score() <= 0.0 {
            self.push(path, ProblemKind::ZeroMaxScore);
        }
    }

    fn number_rule(&mut self, path: &str, rule: &NumberRule) {
        let score_ok = |s: f64| s.is_finite() && s >= 0.0;
        match rule {
            NumberRule::Linear {
                from,
                to,
                max_score,
            } => {
                if !(from.is_finite() && to.is_finite() && from != to) {
                    self.push(
                        path,
                        ProblemKind::InvalidNumberRule(NumberRuleProblem::EqualEnds),
                    );
                }
                if !score_ok(*max_score) {
                    self.push(format!("{path}.max_score"), ProblemKind::InvalidScore);
                }
            }
            NumberRule::Thresholds { steps, below } => {
                if steps.is_empty() {
                    self.push(
                        path,
                        ProblemKind::InvalidNumberRule(NumberRuleProblem::NoThresholds),
                    );
                }
                if !score_ok(*below) || !steps.iter().all(|s| score_ok(s.score)) {
                    self.push(path, ProblemKind::InvalidScore);
                }
                let rising = steps.windows(2).all(|w| w[0].at_least < w[1].at_least)
                    && steps.iter().all(|s| s.at_least.is_finite());
                if !rising {
                    self.push(
                        path,
                        ProblemKind::InvalidNumberRule(NumberRuleProblem::ThresholdsNotRising),
                    );
                }
                let mut last = *below;
                for s in steps {
                    if s.score < last {
                        self.push(
                            path,
                            ProblemKind::InvalidNumberRule(NumberRuleProblem::ScoresFall),
                        );
                        break;
                    }
                    last = s.score;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::{from_yaml, YamlError};
    use super::*;

    const BROKEN: &str = "\
instrument:
  code: rusak
  name: Instrumen rusak
  publisher: Penguji
version: '1'
scale:
  min: 0
  max: 100
weights: must_sum_to_100
bands:
- code: A
  name_id: Atas
  lower: 80
  upper: 100
- code: B
  name_id: Tengah
  lower: 50
  upper: 80
- code: C
  name_id: Bawah
  lower: 0
  upper: 39.99
sections:
- code: S1
  name_id: Satu
  weight: 60
  indicators:
  - code: X1
    text_id: Pertama
    answer:
      type: slider
  - code: X1
    text_id: Kedua
    answer:
      type: ordinal
      levels:
      - value: 0
        label_id: Tidak
      - value: 1
        label_id: ''
        score: 0
- code: S2
  name_id: Dua
  weight: 30
";

    #[test]
    fn reports_every_problem_with_its_path_and_line() {
        let Err(YamlError::Invalid(errors)) = from_yaml(BROKEN) else {
            panic!("must be invalid")
        };
        let got: Vec<(&str, Option<usize>, &ProblemKind)> = errors
            .0
            .iter()
            .map(|p| (p.path.as_str(), p.line, &p.kind))
            .collect();
        let expected: Vec<(&str, Option<usize>, ProblemKind)> = vec![
            (
                "bands",
                Some(10),
                ProblemKind::BandGap {
                    from: 40.0,
                    to: 49.99,
                },
            ),
            (
                "bands",
                Some(10),
                ProblemKind::BandOverlap {
                    first: "B".into(),
                    second: "A".into(),
                },
            ),
            (
                "sections",
                Some(23),
                ProblemKind::WeightsDoNotSumTo100 { sum: 90.0 },
            ),
            (
                "sections[0].indicators[0].answer.type",
                Some(31),
                ProblemKind::UnknownAnswerType,
            ),
            (
                "sections[0].indicators[1].code",
                Some(32),
                ProblemKind::DuplicateCode {
                    code: "X1".into(),
                    first: "sections[0].indicators[0].code".into(),
                },
            ),
            (
                "sections[0].indicators[1].answer.levels[1].label_id",
                Some(40),
                ProblemKind::Empty,
            ),
            (
                "sections[0].indicators[1].answer.levels[1].score",
                Some(41),
                ProblemKind::DuplicateScore(0.0),
            ),
            (
                "sections[0].indicators[1].answer",
                Some(34),
                ProblemKind::ZeroMaxScore,
            ),
            ("sections[1]", Some(42), ProblemKind::EmptySection),
        ];
        let expected: Vec<_> = expected.iter().map(|(p, l, k)| (*p, *l, k)).collect();
        assert_eq!(got, expected);
        assert!(errors
            .to_string()
            .starts_with("9 problem(s); line 10: bands: no band holds 40–49.99"));
    }

    #[test]
    fn band_problems_are_found_at_the_scale_resolution() {
        let mut v = from_yaml(
            "
instrument: { code: t, name: T, publisher: P }
version: '1'
scale: { min: 0, max: 100 }
bands:
- { code: A, name_id: A, lower: 50, upper: 100 }
- { code: B, name_id: B, lower: 0, upper: 49.99 }
sections:
- code: S
  name_id: S
  indicators:
  - { code: I, text_id: I, answer: { type: yes_no } }
",
        )
        .unwrap();
        v.bands.bands[1].upper = 49.98;
        v.bands.bands[0].upper = 100.5;
        let kinds: Vec<_> = v
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::BandOutsideScale,
                ProblemKind::BandGap {
                    from: 49.99,
                    to: 100.0
                }
            ]
        );
        v.bands.bands[0].upper = 100.0;
        v.bands.bands[1].upper = 49.995;
        let kinds: Vec<_> = v
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|p| p.kind)
            .collect();
        assert!(kinds.contains(&ProblemKind::InvalidBandBounds));
    }

    #[test]
    fn answer_types_and_weights_are_checked() {
        let v = from_yaml(
            "
instrument: { code: t, name: T, publisher: P }
version: '1'
scale: { min: 0, max: 100 }
bands: [{ code: A, name_id: A, lower: 0, upper: 100 }]
sections:
- code: S
  name_id: S
  indicators:
  - { code: I1, text_id: a, weight: 2, answer: { type: yes_no, yes: 1, no: 1 } }
  - { code: I2, text_id: b, answer: { type: percentage, rule: { kind: linear, from: 5, to: 5, max_score: 1 } } }
  - { code: I3, text_id: c, weight: -1, answer_template: nothing }
  - { code: I 4, text_id: d }
",
        );
        let Err(YamlError::Invalid(errors)) = v else {
            panic!("must be invalid")
        };
        let got: Vec<_> = errors
            .0
            .iter()
            .map(|p| (p.path.as_str(), p.kind.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "sections[0].indicators[2].weight",
                    ProblemKind::NonPositiveWeight
                ),
                ("sections[0].indicators", ProblemKind::MixedWeights),
                (
                    "sections[0].indicators[0].answer",
                    ProblemKind::DuplicateScore(1.0)
                ),
                (
                    "sections[0].indicators[1].answer.rule",
                    ProblemKind::InvalidNumberRule(NumberRuleProblem::EqualEnds)
                ),
                (
                    "sections[0].indicators[2].answer_template",
                    ProblemKind::UnknownTemplate("nothing".into())
                ),
                ("sections[0].indicators[3].code", ProblemKind::CodeWithSpace),
                ("sections[0].indicators[3]", ProblemKind::AnswerTypeNotGiven),
            ]
        );
        // Flow-style entries get the line of their list item.
        assert_eq!(errors.0[0].line, Some(12));
    }
}
