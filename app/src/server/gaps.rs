//! Gap analyses of a cycle's answers, remembered.
//!
//! The gap analysis (what closes the distance to the next band) rescores a unit once per
//! candidate answer of every indicator: it is by far the heaviest work of the board and the
//! dashboard, which need it for every unit and for the pemda, self-assessed and verified, on every
//! view. Between two views the answers rarely change, so results are kept in a bounded
//! [`moka`] cache keyed by a SHA-256 digest of everything the analysis reads: the instrument
//! version and each unit's name, weight and answers. A changed answer gives another key, so
//! nothing is ever invalidated by hand and a stale analysis cannot be served; entries nobody reads
//! make way for newer ones.
//!
//! Only published instrument versions may be passed: they never change, so the version id stands
//! for its document. Cycles are only ever created on published versions.

use crate::domain::instrument::{GapAnalysis, InstrumentVersion, LokusAnswers};
use moka::sync::Cache;
use sha2::{Digest, Sha256};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use uuid::Uuid;

type Key = [u8; 32];

/// About 300 000 improvement rows (a few hundred bytes each) across all entries: tens of MB
/// at most, whatever the number of pemda.
const CAPACITY: u64 = 300_000;

static GAPS: LazyLock<Cache<Key, Arc<Option<GapAnalysis>>>> = LazyLock::new(|| {
    Cache::builder()
        .max_capacity(CAPACITY)
        .weigher(|_, gap: &Arc<Option<GapAnalysis>>| {
            let rows = gap.as_ref().as_ref().map_or(0, |g| g.improvements.len());
            u32::try_from(rows + 1).unwrap_or(u32::MAX)
        })
        .time_to_idle(Duration::from_secs(6 * 3600))
        .build()
});

fn key(version: Uuid, pemda: bool, units: &[LokusAnswers<'_>]) -> Key {
    let mut h = Sha256::new();
    h.update(version.as_bytes());
    h.update([u8::from(pemda)]);
    for u in units {
        // Lengths first, so no two different inputs run together into the same bytes.
        h.update((u.unit.len() as u64).to_le_bytes());
        h.update(u.unit.as_bytes());
        h.update(u.weight.to_bits().to_le_bytes());
        let answers = serde_json::to_vec(u.answers).unwrap_or_default();
        h.update((answers.len() as u64).to_le_bytes());
        h.update(&answers);
    }
    h.finalize().into()
}

fn remembered(
    version: Uuid,
    pemda: bool,
    units: &[LokusAnswers<'_>],
    analyse: impl FnOnce() -> Option<GapAnalysis>,
) -> Option<GapAnalysis> {
    if units.iter().any(|u| !u.deductions.is_empty()) {
        // Deductions are not part of the key; nothing on the hot paths passes them.
        return analyse();
    }
    let gap = GAPS.get_with(key(version, pemda, units), || Arc::new(analyse()));
    Option::clone(&gap)
}

/// [`crate::domain::instrument::unit_gap`] of one unit's answers (no deductions), remembered.
/// `version` is the id of the published version `doc` was read from.
pub fn unit_gap(
    version: Uuid,
    doc: &InstrumentVersion,
    answers: &crate::domain::instrument::Answers,
) -> Option<GapAnalysis> {
    let unit = LokusAnswers {
        unit: "",
        weight: 1.0,
        answers,
        deductions: &[],
    };
    remembered(version, false, &[unit], || {
        crate::domain::instrument::unit_gap(doc, answers, &[]).ok()
    })
}

/// [`crate::domain::instrument::pemda_gap`] of the lokus units, remembered. `version` is the id
/// of the published version `doc` was read from.
pub fn pemda_gap(
    version: Uuid,
    doc: &InstrumentVersion,
    units: &[LokusAnswers<'_>],
) -> Option<GapAnalysis> {
    remembered(version, true, units, || {
        crate::domain::instrument::pemda_gap(doc, units).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instrument::{Answer, Answers};

    fn answers(pairs: &[(&str, u32)]) -> Answers {
        pairs
            .iter()
            .map(|(c, l)| ((*c).to_owned(), Answer::Level(*l)))
            .collect()
    }

    #[test]
    fn keys_follow_every_input() {
        let v = Uuid::now_v7();
        let a = answers(&[("A1", 1), ("A2", 2)]);
        let b = answers(&[("A1", 1), ("A2", 3)]);
        let unit = |name, answers| LokusAnswers {
            unit: name,
            weight: 1.0,
            answers,
            deductions: &[],
        };
        let base = key(v, true, &[unit("Dinas A", &a)]);
        assert_eq!(base, key(v, true, &[unit("Dinas A", &a)]));
        assert_ne!(base, key(v, true, &[unit("Dinas A", &b)]), "an answer");
        assert_ne!(base, key(v, true, &[unit("Dinas B", &a)]), "a unit");
        assert_ne!(base, key(v, false, &[unit("Dinas A", &a)]), "unit or pemda");
        assert_ne!(
            base,
            key(Uuid::now_v7(), true, &[unit("Dinas A", &a)]),
            "a version"
        );
        let mut heavier = unit("Dinas A", &a);
        heavier.weight = 2.0;
        assert_ne!(base, key(v, true, &[heavier]), "a weight");
        assert_ne!(
            key(v, true, &[unit("Dinas A", &a), unit("Dinas B", &b)]),
            key(v, true, &[unit("Dinas B", &b), unit("Dinas A", &a)]),
            "the order of units"
        );
    }

    #[test]
    fn an_analysis_is_computed_once_per_input() {
        let v = Uuid::now_v7();
        let a = answers(&[("A1", 1)]);
        let unit = LokusAnswers {
            unit: "Dinas A",
            weight: 1.0,
            answers: &a,
            deductions: &[],
        };
        let mut runs = 0;
        for _ in 0..3 {
            remembered(v, true, &[unit], || {
                runs += 1;
                None
            });
        }
        assert_eq!(runs, 1);
        let b = answers(&[("A1", 2)]);
        let changed = LokusAnswers {
            answers: &b,
            ..unit
        };
        remembered(v, true, &[changed], || {
            runs += 1;
            None
        });
        assert_eq!(runs, 2);
    }
}
