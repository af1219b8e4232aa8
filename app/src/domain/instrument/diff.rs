//! What changed between two versions of an instrument, for the operator deciding whether last
//! year's answers still mean the same this year.
//!
//! Sections are matched by their code path (`IN/IN.KP`: the codes from the top joined by `/`),
//! indicators by their code (unique in a valid version), bands and deductions by their code. A
//! section that moves to another parent therefore shows as removed and added, while an indicator
//! that moves shows as moved. Order changes alone are not reported: they do not change a score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bands::Band;
use super::model::{
    Aggregation, AnswerType, Deduction, Indicator, InstrumentVersion, MissingPolicy,
    NotApplicablePolicy, PemdaRule, ResultScale, Section, WeightPolicy,
};

/// Everything that differs between an old and a new version; see [`compare`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VersionDiff {
    /// Sections only in the new version, in its document order.
    pub sections_added: Vec<SectionRef>,
    /// Sections only in the old version, in its document order.
    pub sections_removed: Vec<SectionRef>,
    /// Sections in both whose weight changed.
    pub sections_reweighted: Vec<WeightChange>,
    /// Sections in both whose Indonesian or English name changed.
    pub sections_renamed: Vec<SectionRenamed>,
    /// Sections in both whose own aggregation rule changed.
    pub sections_aggregation_changed: Vec<SectionAggregationChange>,
    /// Indicators only in the new version.
    pub indicators_added: Vec<IndicatorRef>,
    /// Indicators only in the old version.
    pub indicators_removed: Vec<IndicatorRef>,
    /// Indicators that sit in another section.
    pub indicators_moved: Vec<IndicatorMoved>,
    /// Indicators whose weight changed.
    pub indicators_reweighted: Vec<WeightChange>,
    /// Indicators whose wording (text, guidance, expected evidence, note) changed, one entry per field.
    pub indicators_text_changed: Vec<TextChange>,
    /// Indicators whose answer type, once templates are resolved, changed.
    pub indicators_answer_changed: Vec<AnswerChange>,
    /// Indicators whose "evidence required" flag changed.
    pub indicators_evidence_required_changed: Vec<EvidenceRequiredChange>,
    /// Bands only in the new table.
    pub bands_added: Vec<Band>,
    /// Bands only in the old table.
    pub bands_removed: Vec<Band>,
    /// Bands in both with other bounds, names, zone or colour.
    pub bands_changed: Vec<BandChange>,
    /// The result scale, when it changed.
    pub scale: Option<ValueChange<ResultScale>>,
    /// The version-wide aggregation rule, when it changed.
    pub aggregation: Option<ValueChange<Aggregation>>,
    /// What an unanswered indicator counts as, when it changed.
    pub missing: Option<ValueChange<MissingPolicy>>,
    /// What a "not applicable" answer counts as, when it changed.
    pub not_applicable: Option<ValueChange<NotApplicablePolicy>>,
    /// The sibling weight rule, when it changed.
    pub weights: Option<ValueChange<WeightPolicy>>,
    /// How a pemda's score comes from its units, when it changed.
    pub pemda: Option<ValueChange<PemdaRule>>,
    /// Deductions only in the new version.
    pub deductions_added: Vec<Deduction>,
    /// Deductions only in the old version.
    pub deductions_removed: Vec<Deduction>,
    /// Deductions in both that differ.
    pub deductions_changed: Vec<DeductionChange>,
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueChange<T> {
    /// In the old version.
    pub old: T,
    /// In the new version.
    pub new: T,
}

/// A section named by its code path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRef {
    /// Code path, e.g. `IN/IN.KP`.
    pub path: String,
    /// Name in Indonesian.
    pub name_id: String,
}

/// A weight before and after, of a section (by code path) or an indicator (by code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightChange {
    /// Section code path or indicator code.
    pub key: String,
    /// Old weight (`None`: weighs equally with its siblings).
    pub old: Option<f64>,
    /// New weight.
    pub new: Option<f64>,
}

/// A section's names before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRenamed {
    /// Code path.
    pub path: String,
    /// Old Indonesian name.
    pub old_name_id: String,
    /// New Indonesian name.
    pub new_name_id: String,
    /// Old English name.
    pub old_name_en: Option<String>,
    /// New English name.
    pub new_name_en: Option<String>,
}

/// A section's own aggregation rule before and after (`None`: the version's rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionAggregationChange {
    /// Code path.
    pub path: String,
    /// Old rule.
    pub old: Option<Aggregation>,
    /// New rule.
    pub new: Option<Aggregation>,
}

/// An indicator and the section holding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRef {
    /// Indicator code.
    pub code: String,
    /// Code path of its section.
    pub section: String,
    /// Its text in Indonesian.
    pub text_id: String,
}

/// An indicator that sits in another section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorMoved {
    /// Indicator code.
    pub code: String,
    /// Code path of the old section.
    pub from: String,
    /// Code path of the new section.
    pub to: String,
}

/// Which wording of an indicator changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    /// The question, in Indonesian.
    TextId,
    /// The question, in English.
    TextEn,
    /// Guidance, in Indonesian.
    GuidanceId,
    /// Guidance, in English.
    GuidanceEn,
    /// Expected evidence (items joined by new lines).
    EvidenceExpected,
    /// The compiler's note.
    Note,
}

/// One changed wording of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextChange {
    /// Indicator code.
    pub code: String,
    /// Which wording.
    pub field: TextField,
    /// Old text (`None`: not given).
    pub old: Option<String>,
    /// New text.
    pub new: Option<String>,
}

/// An indicator's answer type before and after, templates resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerChange {
    /// Indicator code.
    pub code: String,
    /// Old template name, when the old type came from one.
    pub old_template: Option<String>,
    /// New template name, when the new type comes from one.
    pub new_template: Option<String>,
    /// Old answer type (`None`: not resolvable, only in an invalid version).
    pub old: Option<AnswerType>,
    /// New answer type.
    pub new: Option<AnswerType>,
}

/// An indicator's "evidence required" flag before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRequiredChange {
    /// Indicator code.
    pub code: String,
    /// Old flag.
    pub old: bool,
    /// New flag.
    pub new: bool,
}

/// A band with the same code in both tables that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandChange {
    /// Band code.
    pub code: String,
    /// The old band.
    pub old: Band,
    /// The new band.
    pub new: Band,
}

/// A deduction with the same code in both versions that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeductionChange {
    /// Deduction code.
    pub code: String,
    /// The old deduction.
    pub old: Deduction,
    /// The new deduction.
    pub new: Deduction,
}

impl VersionDiff {
    /// True when none of the changes above was found (the instrument's identity, provenance and
    /// unused answer templates are not compared).
    pub fn is_empty(&self) -> bool {
        *self == VersionDiff::default()
    }
}

/// Lists what changed from `old` to `new`.
pub fn compare(old: &InstrumentVersion, new: &InstrumentVersion) -> VersionDiff {
    let mut diff = VersionDiff::default();
    sections(&mut diff, old, new);
    indicators(&mut diff, old, new);
    (diff.bands_added, diff.bands_removed, diff.bands_changed) = by_code(
        &old.bands.bands,
        &new.bands.bands,
        |b| &b.code,
        |code, old, new| BandChange { code, old, new },
    );
    (
        diff.deductions_added,
        diff.deductions_removed,
        diff.deductions_changed,
    ) = by_code(
        &old.deductions,
        &new.deductions,
        |d| &d.code,
        |code, old, new| DeductionChange { code, old, new },
    );
    diff.scale = changed_value(&old.scale, &new.scale);
    diff.aggregation = changed_value(&old.aggregation, &new.aggregation);
    diff.missing = changed_value(&old.missing, &new.missing);
    diff.not_applicable = changed_value(&old.not_applicable, &new.not_applicable);
    diff.weights = changed_value(&old.weights, &new.weights);
    diff.pemda = changed_value(&old.pemda, &new.pemda);
    diff
}

fn changed_value<T: Clone + PartialEq>(old: &T, new: &T) -> Option<ValueChange<T>> {
    (old != new).then(|| ValueChange {
        old: old.clone(),
        new: new.clone(),
    })
}

/// Items only in `new`, only in `old`, and in both but different, matched by code.
fn by_code<T: Clone + PartialEq, C>(
    old: &[T],
    new: &[T],
    code: impl Fn(&T) -> &String,
    change: impl Fn(String, T, T) -> C,
) -> (Vec<T>, Vec<T>, Vec<C>) {
    let find = |list: &[T], c: &String| list.iter().find(|x| code(x) == c).cloned();
    let added = new
        .iter()
        .filter(|n| find(old, code(n)).is_none())
        .cloned()
        .collect();
    let removed = old
        .iter()
        .filter(|o| find(new, code(o)).is_none())
        .cloned()
        .collect();
    let changed = new
        .iter()
        .filter_map(|n| {
            let o = find(old, code(n))?;
            (o != *n).then(|| change(code(n).clone(), o, n.clone()))
        })
        .collect();
    (added, removed, changed)
}

/// Every section of `version` with its code path (`IN/IN.KP`), parents before their children, in
/// document order.
pub fn section_paths(version: &InstrumentVersion) -> Vec<(String, &Section)> {
    fn walk<'a>(prefix: &str, sections: &'a [Section], out: &mut Vec<(String, &'a Section)>) {
        for s in sections {
            let path = if prefix.is_empty() {
                s.code.clone()
            } else {
                format!("{prefix}/{}", s.code)
            };
            out.push((path.clone(), s));
            walk(&path, &s.sections, out);
        }
    }
    let mut out = Vec::new();
    walk("", &version.sections, &mut out);
    out
}

fn sections(diff: &mut VersionDiff, old: &InstrumentVersion, new: &InstrumentVersion) {
    let old_paths = section_paths(old);
    let new_paths = section_paths(new);
    let old_by_path: BTreeMap<&str, &Section> = old_paths
        .iter()
        .rev()
        .map(|(p, s)| (p.as_str(), *s))
        .collect();
    let new_by_path: BTreeMap<&str, &Section> = new_paths
        .iter()
        .rev()
        .map(|(p, s)| (p.as_str(), *s))
        .collect();
    let section_ref = |path: &str, s: &Section| SectionRef {
        path: path.to_owned(),
        name_id: s.name_id.clone(),
    };
    for (path, o) in &old_paths {
        if !new_by_path.contains_key(path.as_str()) {
            diff.sections_removed.push(section_ref(path, o));
        }
    }
    for (path, n) in &new_paths {
        let Some(o) = old_by_path.get(path.as_str()) else {
            diff.sections_added.push(section_ref(path, n));
            continue;
        };
        if o.weight != n.weight {
            diff.sections_reweighted.push(WeightChange {
                key: path.clone(),
                old: o.weight,
                new: n.weight,
            });
        }
        if (&o.name_id, &o.name_en) != (&n.name_id, &n.name_en) {
            diff.sections_renamed.push(SectionRenamed {
                path: path.clone(),
                old_name_id: o.name_id.clone(),
                new_name_id: n.name_id.clone(),
                old_name_en: o.name_en.clone(),
                new_name_en: n.name_en.clone(),
            });
        }
        if o.aggregation != n.aggregation {
            diff.sections_aggregation_changed
                .push(SectionAggregationChange {
                    path: path.clone(),
                    old: o.aggregation,
                    new: n.aggregation,
                });
        }
    }
}

/// Every indicator with the code path of its section, in document order.
fn indicator_places(version: &InstrumentVersion) -> Vec<(String, &Indicator)> {
    section_paths(version)
        .into_iter()
        .flat_map(|(path, s)| s.indicators.iter().map(move |i| (path.clone(), i)))
        .collect()
}

/// The wordings of an indicator that [`TextField`] names.
fn wordings(i: &Indicator) -> [(TextField, Option<String>); 6] {
    let evidence = (!i.evidence_expected.is_empty()).then(|| i.evidence_expected.join("\n"));
    [
        (TextField::TextId, Some(i.text_id.clone())),
        (TextField::TextEn, i.text_en.clone()),
        (TextField::GuidanceId, i.guidance_id.clone()),
        (TextField::GuidanceEn, i.guidance_en.clone()),
        (TextField::EvidenceExpected, evidence),
        (TextField::Note, i.note.clone()),
    ]
}

fn indicators(diff: &mut VersionDiff, old: &InstrumentVersion, new: &InstrumentVersion) {
    let old_places = indicator_places(old);
    let new_places = indicator_places(new);
    // First occurrence wins should a (invalid) version repeat a code.
    let old_by_code: BTreeMap<&str, (&str, &Indicator)> = old_places
        .iter()
        .rev()
        .map(|(p, i)| (i.code.as_str(), (p.as_str(), *i)))
        .collect();
    let new_by_code: BTreeMap<&str, (&str, &Indicator)> = new_places
        .iter()
        .rev()
        .map(|(p, i)| (i.code.as_str(), (p.as_str(), *i)))
        .collect();
    let indicator_ref = |section: &str, i: &Indicator| IndicatorRef {
        code: i.code.clone(),
        section: section.to_owned(),
        text_id: i.text_id.clone(),
    };
    for (section, o) in &old_places {
        if !new_by_code.contains_key(o.code.as_str()) {
            diff.indicators_removed.push(indicator_ref(section, o));
        }
    }
    for (section, n) in &new_places {
        let code = &n.code;
        let Some((old_section, o)) = old_by_code.get(code.as_str()) else {
            diff.indicators_added.push(indicator_ref(section, n));
            continue;
        };
        if old_section != section {
            diff.indicators_moved.push(IndicatorMoved {
                code: code.clone(),
                from: (*old_section).to_owned(),
                to: section.clone(),
            });
        }
        if o.weight != n.weight {
            diff.indicators_reweighted.push(WeightChange {
                key: code.clone(),
                old: o.weight,
                new: n.weight,
            });
        }
        for ((field, was), (_, now)) in wordings(o).into_iter().zip(wordings(n)) {
            if was != now {
                diff.indicators_text_changed.push(TextChange {
                    code: code.clone(),
                    field,
                    old: was,
                    new: now,
                });
            }
        }
        let (was, now) = (old.answer_type(o), new.answer_type(n));
        if was != now {
            diff.indicators_answer_changed.push(AnswerChange {
                code: code.clone(),
                old_template: o.answer_template.clone(),
                new_template: n.answer_template.clone(),
                old: was.cloned(),
                new: now.cloned(),
            });
        }
        if o.evidence_required != n.evidence_required {
            diff.indicators_evidence_required_changed
                .push(EvidenceRequiredChange {
                    code: code.clone(),
                    old: o.evidence_required,
                    new: n.evidence_required,
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin::{builtin_version, builtin_versions};
    use super::*;

    fn ombudsman(version: &str) -> InstrumentVersion {
        builtin_version("ombudsman-kepatuhan", version).expect("built-in exists")
    }

    fn codes(bands: &[Band]) -> Vec<&str> {
        bands.iter().map(|b| b.code.as_str()).collect()
    }

    #[test]
    fn a_version_compared_with_itself_has_no_changes() {
        for v in builtin_versions() {
            let diff = compare(&v, &v.clone());
            assert!(
                diff.is_empty(),
                "{} {}: {diff:?}",
                v.instrument.code,
                v.version
            );
        }
    }

    #[test]
    fn ombudsman_2021_to_2023_reports_the_new_band_table_and_the_deduction() {
        let diff = compare(&ombudsman("2021"), &ombudsman("2023"));
        assert_eq!(codes(&diff.bands_removed), ["hijau", "kuning", "merah"]);
        assert_eq!(codes(&diff.bands_added), ["A", "B", "C", "D", "E"]);
        assert!(diff.bands_changed.is_empty());
        assert_eq!(diff.deductions_added.len(), 1);
        assert_eq!(diff.deductions_added[0].code, "variabel-substantif");
        // Same tree and rules: nothing else is reported.
        let rest = VersionDiff {
            bands_added: vec![],
            bands_removed: vec![],
            deductions_added: vec![],
            ..diff
        };
        assert!(rest.is_empty(), "{rest:?}");
    }

    #[test]
    fn a_moved_bound_is_a_changed_band() {
        let old = ombudsman("2023");
        let mut new = old.clone();
        new.bands.bands[0].lower = 90.0;
        new.bands.bands[1].upper = 89.99;
        let diff = compare(&old, &new);
        let changed: Vec<_> = diff
            .bands_changed
            .iter()
            .map(|c| {
                (
                    c.code.as_str(),
                    c.old.lower,
                    c.new.lower,
                    c.old.upper,
                    c.new.upper,
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                ("A", 88.0, 90.0, 100.0, 100.0),
                ("B", 78.0, 78.0, 87.99, 89.99)
            ]
        );
    }

    #[test]
    fn indicator_edits_are_reported_by_code() {
        let old = ombudsman("2023");
        let mut new = old.clone();
        // Remove the first indicator of IN/IN.KP, reweight the second, move the third to the
        // next section of the same dimension, and add one in its place.
        let kp = &mut new.sections[0].sections[0];
        let removed = kp.indicators.remove(0);
        kp.indicators[0].weight = Some(2.0);
        kp.indicators[0].text_id.push_str(" (diperbarui)");
        kp.indicators[0].evidence_required = !kp.indicators[0].evidence_required;
        kp.indicators[0].answer_template = Some("pemenuhan_0_3".into());
        let moved = kp.indicators.remove(1);
        let mut added = removed.clone();
        added.code = "IN.KP.99".into();
        kp.indicators.push(added);
        let target = new.sections[0].sections[1].code.clone();
        new.sections[0].sections[1].indicators.push(moved.clone());
        new.sections[1].weight = Some(40.0);
        new.scale.decimals = 3;

        let diff = compare(&old, &new);
        assert_eq!(
            diff.indicators_removed,
            [IndicatorRef {
                code: removed.code.clone(),
                section: "IN/IN.KP".into(),
                text_id: removed.text_id.clone(),
            }]
        );
        assert_eq!(
            diff.indicators_added
                .iter()
                .map(|i| (i.code.as_str(), i.section.as_str()))
                .collect::<Vec<_>>(),
            [("IN.KP.99", "IN/IN.KP")]
        );
        assert_eq!(
            diff.indicators_moved,
            [IndicatorMoved {
                code: moved.code.clone(),
                from: "IN/IN.KP".into(),
                to: format!("IN/{target}"),
            }]
        );
        let second = &old.sections[0].sections[0].indicators[1];
        assert_eq!(
            diff.indicators_reweighted,
            [WeightChange {
                key: second.code.clone(),
                old: None,
                new: Some(2.0),
            }]
        );
        assert_eq!(
            diff.indicators_text_changed
                .iter()
                .map(|t| (t.code.as_str(), t.field))
                .collect::<Vec<_>>(),
            [(second.code.as_str(), TextField::TextId)]
        );
        assert_eq!(diff.indicators_answer_changed.len(), 1);
        assert_eq!(
            diff.indicators_answer_changed[0].new_template.as_deref(),
            Some("pemenuhan_0_3")
        );
        assert_eq!(
            diff.indicators_evidence_required_changed,
            [EvidenceRequiredChange {
                code: second.code.clone(),
                old: second.evidence_required,
                new: !second.evidence_required,
            }]
        );
        assert_eq!(
            diff.sections_reweighted,
            [WeightChange {
                key: "PR".into(),
                old: Some(32.37),
                new: Some(40.0),
            }]
        );
        assert_eq!(
            diff.scale.map(|c| (c.old.decimals, c.new.decimals)),
            Some((2, 3))
        );
        assert!(diff.sections_added.is_empty() && diff.sections_removed.is_empty());
    }

    #[test]
    fn sections_are_matched_by_code_path() {
        let old = ombudsman("2023");
        let mut new = old.clone();
        new.sections[0].sections[0].name_id = "Kompetensi".into();
        new.sections[0].sections[0].aggregation = Some(Aggregation::Sum);
        let mut extra = new.sections[0].sections[1].clone();
        extra.code = "IN.BARU".into();
        for i in &mut extra.indicators {
            i.code.push_str(".BARU");
        }
        new.sections[0].sections.push(extra);
        let gone = new.sections[3].sections.pop().expect("PG has sub-sections");

        let diff = compare(&old, &new);
        assert_eq!(
            diff.sections_renamed
                .iter()
                .map(|r| (r.path.as_str(), r.new_name_id.as_str()))
                .collect::<Vec<_>>(),
            [("IN/IN.KP", "Kompetensi")]
        );
        assert_eq!(
            diff.sections_aggregation_changed,
            [SectionAggregationChange {
                path: "IN/IN.KP".into(),
                old: None,
                new: Some(Aggregation::Sum),
            }]
        );
        assert_eq!(
            diff.sections_added
                .iter()
                .map(|s| s.path.as_str())
                .collect::<Vec<_>>(),
            ["IN/IN.BARU"]
        );
        assert_eq!(
            diff.sections_removed
                .iter()
                .map(|s| s.path.clone())
                .collect::<Vec<_>>(),
            [format!("PG/{}", gone.code)]
        );
        assert_eq!(diff.indicators_removed.len(), gone.indicators.len());
        assert_eq!(
            diff.indicators_added.len(),
            old.sections[0].sections[1].indicators.len()
        );
    }
}
