//! What changed between two instrument versions, as a list a reader can check against the
//! regulator's announcement: indicators added, removed, moved and re-weighted first.

use crate::domain::format::decimal_id;
use crate::domain::instrument::{TextField, VersionDiff};
use crate::i18n::*;
use leptos::prelude::*;

fn weight(w: Option<f64>) -> String {
    w.map_or_else(|| "–".to_owned(), |w| decimal_id(w, 2))
}

/// One titled list of changes; nothing when empty.
fn group(title: AnyView, class: &'static str, items: Vec<String>) -> Option<AnyView> {
    (!items.is_empty()).then(|| {
        let n = items.len();
        view! {
            <h3 class=class>{title}" ("{n}")"</h3>
            <ul class="plain-list">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        }
        .into_any()
    })
}

/// The changes of a [`VersionDiff`], grouped.
#[component]
pub fn DiffView(diff: VersionDiff) -> impl IntoView {
    let i18n = use_i18n();
    if diff.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, diff_none)}</p> }.into_any();
    }
    let text_field = |f: TextField| match f {
        TextField::TextId => "teks",
        TextField::TextEn => "teks (en)",
        TextField::GuidanceId => "panduan",
        TextField::GuidanceEn => "panduan (en)",
        TextField::EvidenceExpected => "bukti",
        TextField::Note => "catatan",
    };
    let band = |b: &crate::domain::instrument::Band| {
        format!(
            "{} {} ({}–{})",
            b.code,
            b.name_id,
            decimal_id(b.lower, 2),
            decimal_id(b.upper, 2)
        )
    };
    let mut settings = Vec::new();
    if let Some(c) = &diff.scale {
        settings.push(format!(
            "skala: {}–{} → {}–{}",
            decimal_id(c.old.min, 0),
            decimal_id(c.old.max, 0),
            decimal_id(c.new.min, 0),
            decimal_id(c.new.max, 0)
        ));
    }
    if let Some(c) = &diff.aggregation {
        settings.push(format!("aggregation: {:?} → {:?}", c.old, c.new));
    }
    if let Some(c) = &diff.missing {
        settings.push(format!("missing: {:?} → {:?}", c.old, c.new));
    }
    if let Some(c) = &diff.not_applicable {
        settings.push(format!("not_applicable: {:?} → {:?}", c.old, c.new));
    }
    if let Some(c) = &diff.weights {
        settings.push(format!("weights: {:?} → {:?}", c.old, c.new));
    }
    if let Some(c) = &diff.pemda {
        settings.push(format!("pemda: {:?} → {:?}", c.old, c.new));
    }
    for s in &diff.sections_aggregation_changed {
        settings.push(format!("{}: {:?} → {:?}", s.path, s.old, s.new));
    }
    let groups = [
        group(
            t!(i18n, diff_indicators_added).into_any(),
            "diff-added",
            diff.indicators_added
                .iter()
                .map(|i| format!("{} ({}): {}", i.code, i.section, i.text_id))
                .collect(),
        ),
        group(
            t!(i18n, diff_indicators_removed).into_any(),
            "diff-removed",
            diff.indicators_removed
                .iter()
                .map(|i| format!("{} ({}): {}", i.code, i.section, i.text_id))
                .collect(),
        ),
        group(
            t!(i18n, diff_indicators_moved).into_any(),
            "diff-changed",
            diff.indicators_moved
                .iter()
                .map(|m| format!("{}: {} → {}", m.code, m.from, m.to))
                .collect(),
        ),
        group(
            t!(i18n, diff_reweighted).into_any(),
            "diff-changed",
            diff.sections_reweighted
                .iter()
                .chain(&diff.indicators_reweighted)
                .map(|w| format!("{}: {} → {}", w.key, weight(w.old), weight(w.new)))
                .collect(),
        ),
        group(
            t!(i18n, diff_sections_added).into_any(),
            "diff-added",
            diff.sections_added
                .iter()
                .map(|s| format!("{} {}", s.path, s.name_id))
                .collect(),
        ),
        group(
            t!(i18n, diff_sections_removed).into_any(),
            "diff-removed",
            diff.sections_removed
                .iter()
                .map(|s| format!("{} {}", s.path, s.name_id))
                .collect(),
        ),
        group(
            t!(i18n, diff_sections_renamed).into_any(),
            "diff-changed",
            diff.sections_renamed
                .iter()
                .map(|s| format!("{}: {} → {}", s.path, s.old_name_id, s.new_name_id))
                .collect(),
        ),
        group(
            t!(i18n, diff_text_changed).into_any(),
            "diff-changed",
            diff.indicators_text_changed
                .iter()
                .map(|c| format!("{} ({})", c.code, text_field(c.field)))
                .collect(),
        ),
        group(
            t!(i18n, diff_answer_changed).into_any(),
            "diff-changed",
            diff.indicators_answer_changed
                .iter()
                .map(|c| c.code.clone())
                .collect(),
        ),
        group(
            t!(i18n, diff_evidence_changed).into_any(),
            "diff-changed",
            diff.indicators_evidence_required_changed
                .iter()
                .map(|c| format!("{}: {} → {}", c.code, c.old, c.new))
                .collect(),
        ),
        group(
            t!(i18n, diff_bands).into_any(),
            "diff-changed",
            diff.bands_added
                .iter()
                .map(|b| format!("+ {}", band(b)))
                .chain(diff.bands_removed.iter().map(|b| format!("− {}", band(b))))
                .chain(
                    diff.bands_changed
                        .iter()
                        .map(|c| format!("{} → {}", band(&c.old), band(&c.new))),
                )
                .collect(),
        ),
        group(
            t!(i18n, diff_deductions).into_any(),
            "diff-changed",
            diff.deductions_added
                .iter()
                .map(|d| format!("+ {}", d.name_id))
                .chain(
                    diff.deductions_removed
                        .iter()
                        .map(|d| format!("− {}", d.name_id)),
                )
                .chain(
                    diff.deductions_changed
                        .iter()
                        .map(|d| format!("~ {}", d.code)),
                )
                .collect(),
        ),
        group(t!(i18n, diff_settings).into_any(), "diff-changed", settings),
    ];
    groups.into_iter().flatten().collect_view().into_any()
}
