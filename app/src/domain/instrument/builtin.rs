//! The instrument versions shipped with Patuh, compiled from public sources. Each must be checked
//! against the official instrument of its year before an assessment relies on it; operators can
//! add corrected or newer versions as data.

use super::model::InstrumentVersion;
use super::yaml::from_yaml;

/// The built-in versions as YAML: (file name, text), embedded at compile time.
pub const BUILTIN_YAML: &[(&str, &str)] = &[
    (
        "ombudsman-kepatuhan-2023.yaml",
        include_str!("../../../instruments/ombudsman-kepatuhan-2023.yaml"),
    ),
    (
        "ombudsman-kepatuhan-2021.yaml",
        include_str!("../../../instruments/ombudsman-kepatuhan-2021.yaml"),
    ),
    (
        "pekppp-2022.yaml",
        include_str!("../../../instruments/pekppp-2022.yaml"),
    ),
    (
        "skm-2017.yaml",
        include_str!("../../../instruments/skm-2017.yaml"),
    ),
    (
        "standar-pelayanan-2014.yaml",
        include_str!("../../../instruments/standar-pelayanan-2014.yaml"),
    ),
];

/// Every built-in version, parsed and validated.
///
/// # Panics
/// If a built-in file does not parse or validate; the tests read every file, so a release
/// cannot ship one that does.
pub fn builtin_versions() -> Vec<InstrumentVersion> {
    BUILTIN_YAML
        .iter()
        .map(|(name, text)| {
            from_yaml(text).unwrap_or_else(|e| panic!("built-in instrument {name} is invalid: {e}"))
        })
        .collect()
}

/// The built-in version of instrument `code` labelled `version`.
pub fn builtin_version(code: &str, version: &str) -> Option<InstrumentVersion> {
    builtin_versions()
        .into_iter()
        .find(|v| v.instrument.code == code && v.version == version)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::super::bands::to_units;
    use super::super::model::AnswerType;
    use super::super::scoring::{score_unit, Answer, Answers, ScoringError};
    use super::super::skm::{ikm, IkmWeight};
    use super::super::yaml::to_yaml;
    use super::*;

    fn get(code: &str, version: &str) -> InstrumentVersion {
        builtin_version(code, version).expect("built-in exists")
    }

    /// The band code of `value` under a version's table.
    fn band(v: &InstrumentVersion, value: f64) -> String {
        v.bands
            .lookup(value, v.scale.decimals)
            .map(|b| b.code.clone())
            .unwrap_or_default()
    }

    /// Every indicator answered with the level/step at position `pick` (clamped to its steps).
    fn all_at(v: &InstrumentVersion, pick: impl Fn(usize) -> usize) -> Answers {
        v.indicators()
            .into_iter()
            .map(|i| {
                let steps = v.answer_type(i).unwrap().steps();
                (
                    i.code.clone(),
                    steps[pick(steps.len()).min(steps.len() - 1)].answer.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn every_builtin_parses_validates_and_is_marked_as_compiled() {
        let all = builtin_versions();
        assert_eq!(all.len(), BUILTIN_YAML.len());
        for v in &all {
            assert!(
                v.provenance.compiled_from_public_sources,
                "{}",
                v.instrument.code
            );
            assert!(v.provenance.note.is_some());
        }
    }

    #[test]
    fn every_builtin_round_trips_through_yaml() {
        for (name, text) in BUILTIN_YAML {
            let parsed = from_yaml(text).unwrap();
            let written = to_yaml(&parsed).unwrap();
            let reparsed = from_yaml(&written).unwrap();
            assert_eq!(reparsed, parsed, "{name}");
            assert_eq!(to_yaml(&reparsed).unwrap(), written, "{name}");
        }
    }

    #[test]
    fn ombudsman_2022_2024_bands_at_every_boundary() {
        let v = get("ombudsman-kepatuhan", "2023");
        for (value, code) in [
            (0.0, "E"),
            (31.99, "E"),
            (32.0, "D"),
            (53.99, "D"),
            (54.0, "C"),
            (77.99, "C"),
            (78.0, "B"),
            (87.99, "B"),
            (87.994, "B"),
            (87.995, "A"),
            (88.0, "A"),
            (100.0, "A"),
        ] {
            assert_eq!(band(&v, value), code, "{value}");
        }
        let zones: Vec<_> = v
            .bands
            .bands
            .iter()
            .map(|b| b.zone.clone().unwrap())
            .collect();
        assert_eq!(zones, ["hijau", "hijau", "kuning", "merah", "merah"]);
    }

    #[test]
    fn pre_2022_zones_at_every_boundary_and_same_indicators_as_2023() {
        let v = get("ombudsman-kepatuhan", "2021");
        for (value, code) in [
            (0.0, "merah"),
            (50.99, "merah"),
            (51.0, "kuning"),
            (80.99, "kuning"),
            (80.995, "hijau"),
            (81.0, "hijau"),
            (100.0, "hijau"),
        ] {
            assert_eq!(band(&v, value), code, "{value}");
        }
        let v2023 = get("ombudsman-kepatuhan", "2023");
        assert_eq!(v.sections, v2023.sections);
        assert_eq!(v.answer_templates, v2023.answer_templates);
        assert!(v.deductions.is_empty());
    }

    #[test]
    fn pekppp_bands_at_every_boundary() {
        let v = get("pekppp", "2022");
        for (value, code) in [
            (1.0, "F"),
            (1.004, "F"),
            (1.005, "E"),
            (1.5, "E"),
            (1.51, "D"),
            (2.0, "D"),
            (2.01, "C-"),
            (2.5, "C-"),
            (2.51, "C"),
            (3.0, "C"),
            (3.01, "B-"),
            (3.5, "B-"),
            (3.51, "B"),
            (4.0, "B"),
            (4.01, "A-"),
            (4.5, "A-"),
            (4.505, "A"),
            (4.51, "A"),
            (5.0, "A"),
        ] {
            assert_eq!(band(&v, value), code, "{value}");
        }
    }

    #[test]
    fn skm_mutu_bands_at_every_boundary() {
        let v = get("skm", "2017");
        for (value, code) in [
            (25.0, "D"),
            (64.99, "D"),
            (65.0, "C"),
            (76.6, "C"),
            (76.61, "B"),
            (88.3, "B"),
            (88.304, "B"),
            (88.305, "A"),
            (88.31, "A"),
            (100.0, "A"),
        ] {
            assert_eq!(band(&v, value), code, "{value}");
        }
    }

    #[test]
    fn standar_pelayanan_checklist_counts_components_met() {
        let v = get("standar-pelayanan", "2014");
        assert_eq!(v.indicators().len(), 14);
        let published = v.sections.iter().find(|s| s.code == "SP.P").unwrap();
        assert_eq!(published.indicators.len(), 6);
        let all_yes = all_at(&v, |n| n - 1);
        let s = score_unit(&v, &all_yes, &[]).unwrap();
        assert_eq!(
            (s.rounded, s.band.unwrap().code.as_str()),
            (100.0, "lengkap")
        );
        // Seven of fourteen met, whichever section they are in: 50 %.
        let half: Answers = v
            .indicators()
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.code.clone(), Answer::YesNo(i % 2 == 0)))
            .collect();
        let s = score_unit(&v, &half, &[]).unwrap();
        assert_eq!(
            (s.rounded, s.band.unwrap().code.as_str()),
            (50.0, "belum-lengkap")
        );
    }

    #[test]
    fn published_extremes_of_every_instrument() {
        let ombudsman = get("ombudsman-kepatuhan", "2023");
        let top = score_unit(&ombudsman, &all_at(&ombudsman, |n| n - 1), &[]).unwrap();
        assert_eq!((top.rounded, top.band.unwrap().code.as_str()), (100.0, "A"));
        let bottom = score_unit(&ombudsman, &all_at(&ombudsman, |_| 0), &[]).unwrap();
        assert_eq!(
            (bottom.rounded, bottom.band.unwrap().code.as_str()),
            (0.0, "E")
        );

        let pekppp = get("pekppp", "2022");
        let at = |level: usize| score_unit(&pekppp, &all_at(&pekppp, |_| level), &[]).unwrap();
        // The index is the weighted mean of rubric values: all 3 → 3.00 (C), all 4 → 4.00 (B).
        assert_eq!(
            (at(3).rounded, at(3).band.unwrap().code.as_str()),
            (3.0, "C")
        );
        assert_eq!(
            (at(4).rounded, at(4).band.unwrap().code.as_str()),
            (4.0, "B")
        );
        assert_eq!(
            (at(5).rounded, at(5).band.unwrap().code.as_str()),
            (5.0, "A")
        );
        assert_eq!(
            (at(0).rounded, at(0).band.unwrap().code.as_str()),
            (1.0, "F")
        );

        let skm = get("skm", "2017");
        let s = score_unit(&skm, &all_at(&skm, |n| n - 1), &[]).unwrap();
        assert_eq!((s.value, s.band.unwrap().code.as_str()), (100.0, "A"));
        let s = score_unit(&skm, &all_at(&skm, |_| 0), &[]).unwrap();
        assert_eq!((s.value, s.band.unwrap().code.as_str()), (25.0, "D"));
    }

    #[test]
    fn ikm_reads_its_mutu_from_the_skm_band_table() {
        let skm = get("skm", "2017");
        let responses = vec![[4u8; 9]; 10];
        let exact = ikm(&responses, IkmWeight::Exact).unwrap();
        assert_eq!(skm.bands.lookup(exact.value, 2).unwrap().code, "A");
        let sheet = ikm(&responses, IkmWeight::Spreadsheet0111).unwrap();
        assert_eq!(
            (
                sheet.rounded,
                skm.bands.lookup(sheet.value, 2).unwrap().code.as_str()
            ),
            (99.9, "A")
        );
        assert_eq!(skm.indicators().len(), 9);
    }

    #[test]
    fn ombudsman_dimension_weights_are_the_published_ones() {
        let v = get("ombudsman-kepatuhan", "2023");
        let weights: BTreeMap<_, _> = v
            .sections
            .iter()
            .map(|s| (s.code.as_str(), s.weight.unwrap()))
            .collect();
        assert_eq!(
            weights,
            BTreeMap::from([("IN", 21.85), ("PR", 32.37), ("OU", 24.24), ("PG", 21.54)])
        );
    }

    /// Answers from random picks: for each indicator a step, "not applicable" or nothing.
    fn answers_from(v: &InstrumentVersion, picks: &[u8]) -> Answers {
        let mut out = Answers::new();
        for (i, ind) in v.indicators().into_iter().enumerate() {
            let steps = v
                .answer_type(ind)
                .map(AnswerType::steps)
                .unwrap_or_default();
            let pick = usize::from(picks[i % picks.len()]) % (steps.len() + 2);
            match pick.checked_sub(steps.len()) {
                None => out.insert(ind.code.clone(), steps[pick].answer.clone()),
                Some(0) => out.insert(ind.code.clone(), Answer::NotApplicable),
                Some(_) => None,
            };
        }
        out
    }

    #[test]
    fn scores_stay_in_scale_and_never_drop_when_an_answer_improves() {
        let versions = builtin_versions();
        proptest!(|(which in 0..versions.len(), picks in prop::collection::vec(any::<u8>(), 1..64), at in any::<prop::sample::Index>())| {
            let v = &versions[which];
            let answers = answers_from(v, &picks);
            let before = match score_unit(v, &answers, &[]) {
                Ok(score) => score,
                // Only when every indicator is left out.
                Err(e) => {
                    prop_assert_eq!(e, ScoringError::NothingToScore);
                    return Ok(());
                }
            };
            prop_assert!(before.value >= v.scale.min && before.value <= v.scale.max);
            prop_assert!(before.band.is_some());
            for s in before.sections.iter() {
                prop_assert!(s.value.is_none_or(|x| x >= v.scale.min && x <= v.scale.max));
            }
            // Raise one answered indicator by one step.
            let indicators = v.indicators();
            let ind = indicators[at.index(indicators.len())];
            let steps = v.answer_type(ind).unwrap().steps();
            if let Some(current) = answers.get(&ind.code).filter(|a| **a != Answer::NotApplicable) {
                let now = v.answer_type(ind).unwrap().score(current).unwrap();
                if let Some(next) = steps.iter().find(|s| s.score > now) {
                    let mut better = answers.clone();
                    better.insert(ind.code.clone(), next.answer.clone());
                    let after = score_unit(v, &better, &[]).unwrap();
                    prop_assert!(after.value >= before.value);
                    for (a, b) in after.sections.iter().zip(&before.sections) {
                        prop_assert!(a.fraction.unwrap_or(0.0) >= b.fraction.unwrap_or(0.0) - 1e-12);
                    }
                }
            }
        });
    }

    #[test]
    fn bands_of_every_builtin_tile_the_scale_at_two_decimals() {
        for v in builtin_versions() {
            let d = v.scale.decimals;
            let (min, max) = (
                to_units(v.scale.min, d).unwrap(),
                to_units(v.scale.max, d).unwrap(),
            );
            let spans: Vec<(i64, i64)> = v
                .bands
                .bands
                .iter()
                .map(|b| (to_units(b.lower, d).unwrap(), to_units(b.upper, d).unwrap()))
                .collect();
            // Exhaustively at the resolution: every value is held by exactly one band.
            for u in min..=max {
                let holding = spans.iter().filter(|(lo, hi)| *lo <= u && u <= *hi).count();
                assert_eq!(holding, 1, "{} {} at {u}", v.instrument.code, v.version);
            }
        }
    }
}
