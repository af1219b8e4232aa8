//! Instruments and their scoring: the evaluations a pemda faces (Ombudsman compliance, PEKPPP,
//! SKM, the Standar Pelayanan checklist) as data, and the pure engine that turns a unit's answers
//! into scores, bands, gaps to the next band, IKM and sample sizes.
//!
//! Instruments change every year, so each version is a document (YAML, see [`yaml`]) that an
//! operator can add without code; the built-in ones are in [`builtin`]. Everything here is pure
//! and compiles for the browser too, so a page can preview a score before saving.

pub mod answer_text;
pub mod bands;
pub mod builtin;
pub mod diff;
pub mod gap;
pub mod model;
pub mod scoring;
pub mod skm;
pub mod validate;
pub mod yaml;

pub use answer_text::{answer_label, parse_answer, parse_decimal, AnswerTextError};
pub use bands::{round_half_up, Band, BandTable};
pub use diff::{
    compare, AnswerChange, BandChange, DeductionChange, EvidenceRequiredChange, IndicatorMoved,
    IndicatorRef, SectionAggregationChange, SectionRef, SectionRenamed, TextChange, TextField,
    ValueChange, VersionDiff, WeightChange,
};
pub use gap::{pemda_gap, unit_gap, GapAnalysis, Improvement, LokusAnswers, Step};
pub use model::{
    normalise_weights, Aggregation, AnswerType, ChoiceOption, Deduction, Indicator, Instrument,
    InstrumentVersion, MissingPolicy, NotApplicablePolicy, NumberRule, OrdinalLevel, PemdaRule,
    Provenance, ResultScale, ScaleMapping, Section, Threshold, WeightPolicy,
};
pub use scoring::{
    score_pemda, score_unit, Answer, AnswerError, AnswerStatus, Answers, AppliedDeduction,
    IndicatorScore, InvalidAnswer, LokusScore, PemdaScore, ScoringError, SectionScore, UnitScore,
};
pub use skm::{
    ikm, ikm_from_sums, krejcie_morgan, krejcie_morgan_with, Ikm, IkmWeight, SampleParameters,
    SkmError,
};
pub use validate::{NumberRuleProblem, Problem, ProblemKind, ValidationErrors};
pub use yaml::{from_yaml, to_yaml, LineMap, YamlError};
