//! Turns an [`ApiError`] into a sentence in the reader's language.

use crate::api::instruments::{InstrumentProblem, ProblemPlace};
use crate::api::ApiError;
use crate::domain::account::FieldProblem;
use crate::domain::evidence::{human_size, EvidenceProblem};
use crate::domain::org::{ImportProblem, ImportProblemKind};
use crate::i18n::*;
use leptos::prelude::*;

/// The message for `err`, in the current language. Import errors come with their table.
#[component]
pub fn ErrorText(err: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    match err {
        ApiError::InvalidCredentials => t!(i18n, err_invalid_credentials).into_any(),
        ApiError::Throttled {
            retry_after_minutes,
        } => t!(i18n, err_throttled, minutes = move || retry_after_minutes).into_any(),
        ApiError::Unauthenticated => t!(i18n, err_unauthenticated).into_any(),
        ApiError::Forbidden => t!(i18n, err_forbidden).into_any(),
        ApiError::NotFound => t!(i18n, err_not_found).into_any(),
        ApiError::Field { problem, .. } => view! { <FieldProblemText problem /> }.into_any(),
        ApiError::Taken { .. } => t!(i18n, err_taken).into_any(),
        ApiError::TenantSuspended => t!(i18n, err_tenant_suspended).into_any(),
        ApiError::LinkInvalid => t!(i18n, err_link_invalid).into_any(),
        ApiError::LastCoordinator => t!(i18n, err_last_coordinator).into_any(),
        ApiError::WrongCurrentPassword => t!(i18n, err_wrong_current_password).into_any(),
        ApiError::Stale => t!(i18n, err_stale).into_any(),
        ApiError::ChangedBy { by, at } => {
            let by = by.unwrap_or_else(|| "–".to_owned());
            t!(
                i18n,
                err_changed_by,
                by = move || by.clone(),
                at = move || at.clone()
            )
            .into_any()
        }
        ApiError::Frozen => t!(i18n, err_frozen).into_any(),
        ApiError::Locked => t!(i18n, err_locked).into_any(),
        ApiError::Incomplete { missing } => {
            let n = missing.len();
            view! {
                <span>{t!(i18n, err_incomplete, count = move || n)}</span>
                " "<span class="small">{missing.join(", ")}</span>
            }
            .into_any()
        }
        ApiError::Instrument { problems, total } => view! {
            <span>{t!(i18n, err_instrument, total = move || total)}</span>
            <InstrumentProblems problems />
        }
        .into_any(),
        ApiError::Import { problems, total } => view! {
            <span>{t!(i18n, err_import, total = move || total)}</span>
            <ImportProblems problems />
        }
        .into_any(),
        ApiError::Internal { request_id } => {
            t!(i18n, err_internal, request_id = move || request_id.clone()).into_any()
        }
        ApiError::Evidence(problem) => view! { <EvidenceProblemText problem /> }.into_any(),
        ApiError::Review(problem) => {
            use crate::domain::review::ReviewProblem as P;
            match problem {
                P::NotMentor => t!(i18n, err_rv_not_mentor).into_any(),
                P::NotApplicable => t!(i18n, err_rv_not_applicable).into_any(),
                P::CycleNotActive => t!(i18n, err_rv_cycle).into_any(),
                P::NotAuthor => t!(i18n, err_rv_not_author).into_any(),
                P::EditWindowPassed => t!(i18n, err_rv_window).into_any(),
            }
        }
        ApiError::Request(_) => t!(i18n, err_network).into_any(),
    }
}

/// Why an upload or link was refused, with the file's name in front when there is one.
#[component]
pub fn EvidenceProblemText(problem: EvidenceProblem) -> impl IntoView {
    let i18n = use_i18n();
    let named = |name: String| (!name.is_empty()).then(|| view! { <strong>{name}</strong>": " });
    match problem {
        EvidenceProblem::NoFile => t!(i18n, err_ev_no_file).into_any(),
        EvidenceProblem::Empty { name } => {
            view! { {named(name)}{t!(i18n, err_ev_empty)} }.into_any()
        }
        EvidenceProblem::TooLarge { name, limit } => {
            let limit = human_size(limit);
            view! { {named(name)}{t!(i18n, err_ev_too_large, limit = move || limit.clone())} }
                .into_any()
        }
        EvidenceProblem::Quota { free, quota } => {
            let (free, quota) = (human_size(free), human_size(quota));
            t!(
                i18n,
                err_ev_quota,
                free = move || free.clone(),
                quota = move || quota.clone()
            )
            .into_any()
        }
        EvidenceProblem::TypeNotAllowed { name, allowed } => {
            let allowed = allowed.join(", ");
            view! { {named(name)}{t!(i18n, err_ev_type, allowed = move || allowed.clone())} }
                .into_any()
        }
        EvidenceProblem::ContentMismatch {
            name,
            claimed,
            found,
        } => {
            let c1 = claimed.clone();
            view! {
                {named(name)}
                {t!(i18n, err_ev_mismatch, claimed = move || c1.clone())}
                {found.map(|found| {
                    let claimed = claimed.clone();
                    view! { " "{t!(i18n, err_ev_mismatch_found, found = move || found.clone(), claimed = move || claimed.clone())} }
                })}
            }
            .into_any()
        }
        EvidenceProblem::BadName => t!(i18n, err_ev_bad_name).into_any(),
        EvidenceProblem::Duplicate { name, at } => t!(
            i18n,
            err_ev_duplicate,
            name = move || name.clone(),
            at = move || at.clone()
        )
        .into_any(),
        EvidenceProblem::Interrupted => t!(i18n, err_ev_interrupted).into_any(),
        EvidenceProblem::BadLink => t!(i18n, err_ev_bad_link).into_any(),
        EvidenceProblem::ExpiresBeforeEffective => t!(i18n, err_ev_expires_before).into_any(),
        EvidenceProblem::BadDate => t!(i18n, err_ev_bad_date).into_any(),
    }
}

/// The sentence for one field problem.
#[component]
pub fn FieldProblemText(problem: FieldProblem) -> impl IntoView {
    let i18n = use_i18n();
    move || match problem {
        FieldProblem::Required => t_string!(i18n, err_field_required),
        FieldProblem::TooLong => t_string!(i18n, err_field_too_long),
        FieldProblem::TooShort => t_string!(i18n, err_field_too_short),
        FieldProblem::Invalid => t_string!(i18n, err_field_invalid),
    }
}

/// The per-row report of a refused import.
#[component]
pub fn ImportProblems(problems: Vec<ImportProblem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table compact">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, import_row)}</th>
                    <th scope="col">{t!(i18n, import_column)}</th>
                    <th scope="col">{t!(i18n, import_problem)}</th>
                </tr>
            </thead>
            <tbody>
                {problems
                    .into_iter()
                    .map(|p| {
                        let kind = p.kind.clone();
                        view! {
                            <tr>
                                <td>{p.row}</td>
                                <td><code>{p.column}</code></td>
                                <td><ProblemKind kind /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The report of a refused instrument file: where (line, or sheet, row and column) and what.
#[component]
pub fn InstrumentProblems(problems: Vec<InstrumentProblem>) -> impl IntoView {
    let i18n = use_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    view! {
        <table class="table compact">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, problem_place)}</th>
                    <th scope="col">{t!(i18n, import_problem)}</th>
                </tr>
            </thead>
            <tbody>
                {problems
                    .into_iter()
                    .map(|p| {
                        let place = move || {
                            let en = english();
                            let (line_word, column_word, sheet_word, row_word) = if en {
                                ("line", "column", "sheet", "row")
                            } else {
                                ("baris", "kolom", "lembar", "baris")
                            };
                            let mut parts = Vec::new();
                            match &p.place {
                                ProblemPlace::File => {}
                                ProblemPlace::Line { line, column } => {
                                    parts.push(format!("{line_word} {line}"));
                                    if let Some(c) = column {
                                        parts.push(format!("{column_word} {c}"));
                                    }
                                }
                                ProblemPlace::Cell { sheet, row, column } => {
                                    parts.push(format!("{sheet_word} {sheet}"));
                                    if *row > 0 {
                                        parts.push(format!("{row_word} {row}"));
                                    }
                                    if !column.is_empty() {
                                        parts.push(format!("{column_word} {column}"));
                                    }
                                }
                            }
                            parts.join(", ")
                        };
                        let path = p.path.clone();
                        let message_id = p.message_id.clone();
                        let message_en = p.message_en.clone();
                        view! {
                            <tr>
                                <td>{place}{path.map(|path| view! { <br /><code class="small">{path}</code> })}</td>
                                <td>{move || if english() { message_en.clone() } else { message_id.clone() }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ProblemKind(kind: ImportProblemKind) -> impl IntoView {
    let i18n = use_i18n();
    match kind {
        ImportProblemKind::Field(problem) => view! { <FieldProblemText problem /> }.into_any(),
        ImportProblemKind::MissingColumn => t!(i18n, problem_missing_column).into_any(),
        ImportProblemKind::DuplicateUnit { other_row } => {
            t!(i18n, problem_duplicate_unit, row = move || other_row).into_any()
        }
        ImportProblemKind::ConflictingOpd { other_row } => {
            t!(i18n, problem_conflicting_opd, row = move || other_row).into_any()
        }
        ImportProblemKind::UnitOfOtherOpd { opd_code } => t!(
            i18n,
            problem_unit_of_other_opd,
            opd = move || opd_code.clone()
        )
        .into_any(),
        ImportProblemKind::NotYesNo => t!(i18n, problem_not_yes_no).into_any(),
        ImportProblemKind::Unreadable(_) => t!(i18n, problem_unreadable).into_any(),
        ImportProblemKind::Empty => t!(i18n, problem_empty).into_any(),
    }
}
