//! The instrument model: what an evaluation asks, how answers score and how scores add up.
//!
//! One [`InstrumentVersion`] is one self-contained document (one YAML file): the instrument it
//! belongs to, its rules (scale, aggregation, missing / not-applicable handling, weights, bands,
//! pemda rule, deductions) and its tree of [`Section`]s ending in [`Indicator`]s. Whether a version
//! is a draft or published is database state, not part of the document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bands::BandTable;

/// An evaluation as a regulator publishes it, e.g. the Ombudsman compliance assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable identifier, e.g. `ombudsman-kepatuhan`.
    pub code: String,
    /// Official name, in Indonesian.
    pub name: String,
    /// Who issues it, e.g. "Ombudsman Republik Indonesia".
    pub publisher: String,
    /// What it evaluates, for the operator choosing an instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a version's content comes from; built-ins are compiled from public sources and must be
/// checked against the official instrument of the year before an assessment relies on them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// True when the content was compiled from public documents rather than the official file.
    #[serde(default)]
    pub compiled_from_public_sources: bool,
    /// What was assumed or is uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The regulations, decks or reports used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// One version of an instrument (e.g. the 2023 Ombudsman assessment): rules plus the question tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentVersion {
    /// The instrument this is a version of.
    pub instrument: Instrument,
    /// Version label, e.g. `"2023"`.
    pub version: String,
    /// Where the content comes from.
    #[serde(default)]
    pub provenance: Provenance,
    /// The scale results are reported on and how a 0..1 fraction maps onto it.
    pub scale: ResultScale,
    /// How children combine where a section does not say otherwise (also for the top level).
    #[serde(default)]
    pub aggregation: Aggregation,
    /// What an unanswered indicator counts as.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// What an indicator answered "not applicable" counts as.
    #[serde(default)]
    pub not_applicable: NotApplicablePolicy,
    /// Whether sibling weights must sum to 100 or are normalised.
    #[serde(default)]
    pub weights: WeightPolicy,
    /// How a pemda's score comes from the scores of its lokus units.
    #[serde(default)]
    pub pemda: PemdaRule,
    /// Result bands (categories / zones), checked against the scale.
    pub bands: BandTable,
    /// Named deductions an assessor may apply to a unit's score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<Deduction>,
    /// Reusable answer types, referred to by indicators through `answer_template`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answer_templates: BTreeMap<String, AnswerType>,
    /// The top level of the question tree (e.g. dimensions or aspects).
    pub sections: Vec<Section>,
}

/// The scale a result is reported on, e.g. 0–100, 1–5 or 25–100.
///
/// Every indicator first scores a fraction `f` in 0..1 of its maximum; fractions aggregate
/// (see [`Aggregation`]) into a section or unit fraction, which [`ScaleMapping`] turns into a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultScale {
    /// Lowest value a result can take.
    pub min: f64,
    /// Highest value a result can take.
    pub max: f64,
    /// Decimals results are published with and bands are read at (2 for all known instruments).
    #[serde(default = "default_decimals")]
    pub decimals: u8,
    /// How a fraction becomes a value on this scale.
    #[serde(default)]
    pub mapping: ScaleMapping,
}

fn default_decimals() -> u8 {
    2
}

/// How an aggregated fraction `f` (0..1) becomes a value on the [`ResultScale`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleMapping {
    /// `value = min + f × (max − min)`: the lowest answers give `min`, the highest `max`.
    #[default]
    Linear,
    /// `value = clamp(f × max, min, max)`: the value is the same share of `max` as the answers are
    /// of their maxima. This is the regulators' arithmetic when answer scores start above zero,
    /// e.g. SKM (answers 1–4, IKM = mean × 25, so all-1 answers give 25) and PEKPPP (index = weighted
    /// mean of 0–5 rubric values, floored at the published minimum 1).
    Proportional,
}

/// How a section combines its children's fractions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// `Σ wᵢ·fᵢ / Σ wᵢ` over counted children, with `wᵢ` the child's weight (equal if none given).
    #[default]
    WeightedMean,
    /// Points add up: `Σ fᵢ·mᵢ / Σ mᵢ` over counted children, where `mᵢ` is a child's maximum points
    /// (an indicator's maximum answer score; a section's sum of its children's maxima). Weights are
    /// ignored. A checklist of yes/no items scored this way gives the share of items met.
    Sum,
}

/// What an indicator with no answer counts as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Left out, the remaining weights re-normalised. Reported as missing.
    #[default]
    Exclude,
    /// Counted as the lowest fraction, 0. Reported as missing and counted as zero.
    CountAsZero,
}

/// What an indicator answered "not applicable" counts as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicablePolicy {
    /// Left out, the remaining weights re-normalised.
    #[default]
    Exclude,
    /// Counted as 0.
    CountAsZero,
    /// Counted as the full fraction, 1.
    CountAsFull,
}

/// What sibling weights must look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightPolicy {
    /// Any positive weights; each is divided by the siblings' sum.
    #[default]
    Normalise,
    /// Where siblings carry weights they must sum to 100 (±0.000001); otherwise the version is
    /// rejected by validation. Siblings without weights weigh equally.
    #[serde(rename = "must_sum_to_100")]
    MustSumTo100,
}

/// How a pemda's score comes from its lokus units' scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PemdaRule {
    /// Arithmetic mean of the units' values.
    #[default]
    MeanOfUnits,
    /// Mean weighted by a weight given per unit (e.g. its number of services).
    WeightedMeanOfUnits,
}

/// A named deduction an assessor may apply to a unit's score, e.g. the Ombudsman's
/// *variabel substantif* for ignored corrective actions. Points come off the unit's value, and the
/// result is clamped to the scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    /// Identifier, unique in the version.
    pub code: String,
    /// Name in Indonesian.
    pub name_id: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// When it applies, in Indonesian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_id: Option<String>,
    /// Most points it may take off; `None` means up to the whole scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
}

/// A node of the question tree (a dimension, aspect, variable …). It holds either sub-sections
/// or indicators, never both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier, unique in the version among sections and indicators.
    pub code: String,
    /// Name in Indonesian.
    pub name_id: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Weight among its siblings; siblings without weights weigh equally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// How this section's children combine; the version's rule when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<Aggregation>,
    /// A compiler's remark, e.g. what was assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Sub-sections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// One question a unit answers and an assessor scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier, unique in the version among sections and indicators; answers are keyed by it.
    pub code: String,
    /// The question or requirement, in Indonesian.
    pub text_id: String,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// How to answer or assess it, in Indonesian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_id: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_en: Option<String>,
    /// Evidence an assessor expects, e.g. "SK penetapan standar pelayanan".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_expected: Vec<String>,
    /// Whether an answer must come with evidence.
    #[serde(default)]
    pub evidence_required: bool,
    /// Weight among its siblings; siblings without weights weigh equally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// The answer type, given inline …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerType>,
    /// … or by the name of one of the version's `answer_templates` (exactly one of the two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_template: Option<String>,
    /// A compiler's remark, e.g. "diasumsikan" for an indicator not confirmed by a source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How an indicator is answered and what each answer scores. Scores are non-negative; an
/// answer's fraction is its score divided by the type's maximum score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerType {
    /// Ordered levels, e.g. 0–3 or 0–5, each with a label and a score.
    Ordinal {
        /// The levels; scores must rise with the level value.
        levels: Vec<OrdinalLevel>,
    },
    /// Yes or no.
    YesNo {
        /// Score of "yes".
        #[serde(default = "one")]
        yes: f64,
        /// Score of "no".
        #[serde(default)]
        no: f64,
    },
    /// One of a list of options, each with its score.
    Choice {
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// A number, scored by a rule.
    Number {
        /// Unit of measure shown to the person answering, e.g. "hari".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// Lowest acceptable input.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Highest acceptable input.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// How the number scores.
        rule: NumberRule,
    },
    /// A percentage (input 0–100), scored by a rule.
    Percentage {
        /// How the percentage scores.
        rule: NumberRule,
    },
    /// A type this program does not know (kept so validation can report it with its location).
    #[serde(other)]
    Unknown,
}

fn one() -> f64 {
    1.0
}

/// One level of an ordinal answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdinalLevel {
    /// The level a person picks, e.g. 0..=3; answers refer to it.
    pub value: u32,
    /// Short label in Indonesian, e.g. "Sesuai".
    pub label_id: String,
    /// Short label in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// What the level means (a rubric line), in Indonesian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_id: Option<String>,
    /// Score of the level; the level value when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl OrdinalLevel {
    /// The level's score (its value unless a score is given).
    pub fn score(&self) -> f64 {
        self.score.unwrap_or(f64::from(self.value))
    }
}

/// One option of a choice answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Identifier; answers refer to it.
    pub code: String,
    /// Label in Indonesian.
    pub label_id: String,
    /// Label in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Score of the option.
    pub score: f64,
}

/// How a number or percentage scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum NumberRule {
    /// `max_score × clamp((x − from) / (to − from), 0, 1)`; `from > to` means lower is better
    /// (e.g. days of waiting).
    Linear {
        /// Input scoring 0.
        from: f64,
        /// Input scoring `max_score`.
        to: f64,
        /// Score at `to` and beyond.
        max_score: f64,
    },
    /// The score of the highest threshold the input reaches, `below` under the first one.
    Thresholds {
        /// Thresholds in rising order of `at_least`, with non-decreasing scores.
        steps: Vec<Threshold>,
        /// Score under the first threshold.
        #[serde(default)]
        below: f64,
    },
}

/// One step of a threshold rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Smallest input reaching this step.
    pub at_least: f64,
    /// Score of the step.
    pub score: f64,
}

impl NumberRule {
    /// Score of input `x` under this rule.
    pub fn score(&self, x: f64) -> f64 {
        match self {
            NumberRule::Linear {
                from,
                to,
                max_score,
            } => max_score * ((x - from) / (to - from)).clamp(0.0, 1.0),
            NumberRule::Thresholds { steps, below } => steps
                .iter()
                .filter(|t| x >= t.at_least)
                .map(|t| t.score)
                .next_back()
                .unwrap_or(*below),
        }
    }

    /// Highest score the rule gives.
    pub fn max_score(&self) -> f64 {
        match self {
            NumberRule::Linear { max_score, .. } => *max_score,
            NumberRule::Thresholds { steps, below } => {
                steps.iter().map(|t| t.score).fold(*below, f64::max)
            }
        }
    }
}

impl AnswerType {
    /// Highest score an answer of this type can get (0 for an unknown type).
    pub fn max_score(&self) -> f64 {
        match self {
            AnswerType::Ordinal { levels } => {
                levels.iter().map(OrdinalLevel::score).fold(0.0, f64::max)
            }
            AnswerType::YesNo { yes, no } => yes.max(*no),
            AnswerType::Choice { options } => options.iter().map(|o| o.score).fold(0.0, f64::max),
            AnswerType::Number { rule, .. } | AnswerType::Percentage { rule } => rule.max_score(),
            AnswerType::Unknown => 0.0,
        }
    }
}

impl InstrumentVersion {
    /// The answer type of an indicator: inline, or looked up by template name.
    pub fn answer_type<'a>(&'a self, indicator: &'a Indicator) -> Option<&'a AnswerType> {
        match (&indicator.answer, &indicator.answer_template) {
            (Some(inline), None) => Some(inline),
            (None, Some(name)) => self.answer_templates.get(name),
            _ => None,
        }
    }

    /// Every indicator in document order, depth first.
    pub fn indicators(&self) -> Vec<&Indicator> {
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Indicator>) {
            for s in sections {
                out.extend(s.indicators.iter());
                walk(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// The indicator with this code.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        // The same depth-first order as `indicators`, without collecting them first: pages look
        // indicators up once per row.
        fn find<'a>(sections: &'a [Section], code: &str) -> Option<&'a Indicator> {
            sections.iter().find_map(|s| {
                s.indicators
                    .iter()
                    .find(|i| i.code == code)
                    .or_else(|| find(&s.sections, code))
            })
        }
        find(&self.sections, code)
    }
}

/// Normalises sibling weights to sum to 1: given weights are divided by their sum; when none is
/// given all weigh equally. Missing weights among given ones count as 0 here (validation rejects
/// such a mix). Returns an empty vector for no siblings.
pub fn normalise_weights(weights: &[Option<f64>]) -> Vec<f64> {
    if weights.iter().all(Option::is_none) {
        let n = weights.len() as f64;
        return weights.iter().map(|_| 1.0 / n).collect();
    }
    let raw: Vec<f64> = weights.iter().map(|w| w.unwrap_or(0.0)).collect();
    let sum: f64 = raw.iter().sum();
    raw.iter().map(|w| w / sum).collect()
}
