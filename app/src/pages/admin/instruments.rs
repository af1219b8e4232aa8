//! The instrument library in the operator's console: `/admin/instrumen` (list and import),
//! `/admin/instrumen/{id}` (a version as a tree with weights, bands and actions),
//! `/admin/instrumen/{id}/ubah` (the YAML editor of a draft) and `/admin/instrumen/banding`
//! (what changed between two versions).

use crate::api::instruments::{
    compare_instrument_versions, get_instrument_source, get_instrument_version, get_library,
    CopyInstrumentVersion, DiscardInstrumentDraft, PublishInstrumentVersion, SaveInstrumentDraft,
    VersionRow, VersionStatus,
};
use crate::api::ApiError;
use crate::components::error_text::ErrorText;
use crate::components::ui::{plain_form_error, ActionError, Done, FieldError, TextArea};
use crate::domain::format::decimal_id;
use crate::domain::instrument::{
    normalise_weights, Aggregation, AnswerType, Indicator, InstrumentVersion, MissingPolicy,
    NotApplicablePolicy, PemdaRule, Section, WeightPolicy,
};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

fn short_time(at: &crate::model::time::Stamp) -> String {
    crate::domain::format::date_id(at.date())
}

/// The badges of a version: status, built-in, compiled from public sources.
#[component]
fn VersionBadges(row: VersionRow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {match row.status {
            VersionStatus::Draft => view! { <span class="badge warn">{t!(i18n, instrument_draft)}</span> }.into_any(),
            VersionStatus::Published => view! { <span class="badge">{t!(i18n, instrument_published)}</span> }.into_any(),
        }}
        {row.builtin.then(|| view! { " " <span class="badge muted-badge">{t!(i18n, instrument_builtin)}</span> })}
        {row.public_sources.then(|| view! { " " <span class="badge muted-badge" title=move || t_string!(i18n, instrument_public_sources_hint)>{t!(i18n, instrument_public_sources)}</span> })}
    }
}

/// `/admin/instrumen`: every instrument and version; import a file.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let import_error = plain_form_error("/api/admin/instrumen-impor");
    let library = Resource::new(|| (), |_| get_library());
    view! {
        <section class="card">
            <h2>{t!(i18n, instruments)}</h2>
            <p class="muted">{t!(i18n, instruments_intro)}</p>
            {move || query.read().get("dibuang").map(|_| view! { <p class="notice" role="status">{t!(i18n, instrument_discarded)}</p> })}
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match library.await {
                        Ok(entries) => entries.into_iter().map(|e| view! {
                            <article class="instrument">
                                <h3>{e.name}</h3>
                                <p class="muted small"><code>{e.code.clone()}</code>" · "{e.publisher}</p>
                                <div class="table-wrap"><table class="table">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, instrument_version)}</th>
                                        <th scope="col">{t!(i18n, status)}</th>
                                        <th scope="col" class="num">{t!(i18n, instrument_indicators)}</th>
                                        <th scope="col">{t!(i18n, instrument_updated)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {e.versions.into_iter().map(|v| view! {
                                            <tr>
                                                <td><a href=format!("/admin/instrumen/{}", v.id)>{format!("{}@{}", e.code, v.version)}</a></td>
                                                <td><VersionBadges row=v.clone() /></td>
                                                <td class="num">{v.indicator_count}</td>
                                                <td>{short_time(&v.updated_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            </article>
                        }).collect_view().into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t!(i18n, instrument_import)}</h2>
            <p class="muted">{t!(i18n, instrument_import_hint)}</p>
            {move || import_error().map(|err| view! { <div class="alert" role="alert"><ErrorText err /></div> })}
            <form method="post" action="/api/admin/instrumen-impor" enctype="multipart/form-data" class="stack">
                <div class="field">
                    <label for="i-file">{t!(i18n, instrument_file)}</label>
                    <input id="i-file" name="berkas" type="file" required accept=".yaml,.yml,.xlsx,application/yaml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                </div>
                <label class="check"><input type="checkbox" name="terbitkan" value="on" />" "{t!(i18n, instrument_publish_now)}</label>
                <button type="submit" class="button-primary">{t!(i18n, import)}</button>
            </form>
        </section>
    }
}

/// How an indicator is answered, in a few words.
#[component]
fn AnswerSummary(answer: Option<AnswerType>) -> impl IntoView {
    let i18n = use_i18n();
    match answer {
        Some(AnswerType::Ordinal { levels }) => {
            let from = levels.iter().map(|l| l.value).min().unwrap_or(0);
            let to = levels.iter().map(|l| l.value).max().unwrap_or(0);
            let labels = levels
                .iter()
                .map(|l| format!("{} = {}", l.value, l.label_id))
                .collect::<Vec<_>>()
                .join("; ");
            view! { <span title=labels>{t!(i18n, answer_ordinal, from = move || from, to = move || to)}</span> }.into_any()
        }
        Some(AnswerType::YesNo { .. }) => t!(i18n, answer_yes_no).into_any(),
        Some(AnswerType::Choice { options }) => {
            let n = options.len();
            t!(i18n, answer_choice, count = move || n).into_any()
        }
        Some(AnswerType::Number { unit, .. }) => {
            let unit = unit.unwrap_or_default();
            view! { {t!(i18n, answer_number)}" "{unit} }.into_any()
        }
        Some(AnswerType::Percentage { .. }) => t!(i18n, answer_percentage).into_any(),
        Some(AnswerType::Unknown) | None => "–".into_any(),
    }
}

/// Shares of siblings in their parent, when the parent takes a weighted mean.
fn shares(weights: &[Option<f64>], aggregation: Aggregation) -> Vec<Option<f64>> {
    match aggregation {
        Aggregation::WeightedMean => normalise_weights(weights).into_iter().map(Some).collect(),
        Aggregation::Sum => vec![None; weights.len()],
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(
        || "–".to_owned(),
        |s| format!("{}%", decimal_id(s * 100.0, 2)),
    )
}

/// One section of the tree, open at the top level, with its children.
fn section_view(
    version: &InstrumentVersion,
    section: &Section,
    share: Option<f64>,
    overall: Option<f64>,
    depth: usize,
) -> AnyView {
    let i18n = use_i18n();
    let aggregation = section.aggregation.unwrap_or(version.aggregation);
    let children: AnyView = if section.sections.is_empty() {
        let weights: Vec<_> = section.indicators.iter().map(|i| i.weight).collect();
        let inner = shares(&weights, aggregation);
        let rows = section
            .indicators
            .iter()
            .zip(inner)
            .map(|(ind, s)| indicator_row(version, ind, s, overall.zip(s).map(|(o, s)| o * s)))
            .collect_view();
        view! {
            <div class="table-wrap"><table class="table compact">
                <thead><tr>
                    <th scope="col">{t!(i18n, code)}</th>
                    <th scope="col">{t!(i18n, instrument_indicator)}</th>
                    <th scope="col">{t!(i18n, instrument_answer)}</th>
                    <th scope="col" class="num">{t!(i18n, instrument_weight)}</th>
                    <th scope="col" class="num">{t!(i18n, instrument_share_total)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    } else {
        let weights: Vec<_> = section.sections.iter().map(|s| s.weight).collect();
        let inner = shares(&weights, aggregation);
        section
            .sections
            .iter()
            .zip(inner)
            .map(|(s, w)| {
                section_view(version, s, w, overall.zip(w).map(|(o, w)| o * w), depth + 1)
            })
            .collect_view()
            .into_any()
    };
    let weight = section.weight.map(|w| decimal_id(w, 2));
    let name = section.name_id.clone();
    let code = section.code.clone();
    let note = section.note.clone();
    let sum = matches!(aggregation, Aggregation::Sum);
    view! {
        <details class="tree-section" open=depth == 0>
            <summary>
                <strong>{code}" "{name}</strong>
                <span class="muted small">
                    {weight.map(|w| view! { " · "{t!(i18n, instrument_weight)}" "{w} })}
                    " · "{t!(i18n, instrument_share_parent)}" "{percent(share)}
                    {sum.then(|| view! { " · "{t!(i18n, instrument_sum)} })}
                </span>
            </summary>
            {note.map(|n| view! { <p class="muted small">{n}</p> })}
            {children}
        </details>
    }
    .into_any()
}

fn indicator_row(
    version: &InstrumentVersion,
    ind: &Indicator,
    _share: Option<f64>,
    overall: Option<f64>,
) -> AnyView {
    let i18n = use_i18n();
    let answer = version.answer_type(ind).cloned();
    let evidence = ind.evidence_expected.join("; ");
    let required = ind.evidence_required;
    view! {
        <tr>
            <td><code>{ind.code.clone()}</code></td>
            <td>
                {ind.text_id.clone()}
                {(!evidence.is_empty()).then(|| view! {
                    <br /><span class="muted small">{t!(i18n, instrument_evidence)}": "{evidence}
                    {required.then(|| view! { " " <span class="badge warn">{t!(i18n, instrument_evidence_required)}</span> })}</span>
                })}
            </td>
            <td><AnswerSummary answer /></td>
            <td class="num">{ind.weight.map_or_else(|| "–".to_owned(), |w| decimal_id(w, 2))}</td>
            <td class="num">{percent(overall)}</td>
        </tr>
    }
    .into_any()
}

fn version_id() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<Uuid>().ok()))
}

/// `/admin/instrumen/{id}`: a version's settings, bands and tree, and what can be done with it.
#[component]
pub fn VersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = version_id();
    let query = use_query_map();
    let copy = ServerAction::<CopyInstrumentVersion>::new();
    let publish = ServerAction::<PublishInstrumentVersion>::new();
    let discard = ServerAction::<DiscardInstrumentDraft>::new();
    let detail = Resource::new(
        move || (id.get(), publish.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_instrument_version(id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let v = d.document.clone();
                        let id = d.row.id;
                        let draft = d.row.status == VersionStatus::Draft;
                        let title = format!("{}@{}", v.instrument.code, v.version);
                        let weights: Vec<_> = v.sections.iter().map(|s| s.weight).collect();
                        let top = shares(&weights, v.aggregation);
                        let tree = v.sections.iter().zip(top).map(|(s, w)| section_view(&v, s, w, w, 0)).collect_view();
                        // Band colours are drawn as SVG fills: the CSP allows no inline styles.
                        let mut bands = v.bands.bands.clone();
                        bands.sort_by(|a, b| b.lower.total_cmp(&a.lower));
                        let d2 = v.scale.decimals;
                        let siblings = d.siblings.clone();
                        view! {
                            <section class="card">
                                <h2>{v.instrument.name.clone()}" "{v.version.clone()}</h2>
                                <p><code>{title}</code>" "<VersionBadges row=d.row.clone() /></p>
                                {move || query.read().get("disalin").map(|_| view! { <p class="notice" role="status">{t!(i18n, instrument_copied)}</p> })}
                                {move || query.read().get("impor").map(|_| view! { <p class="notice" role="status">{t!(i18n, instrument_imported)}</p> })}
                                <Done value=publish.value()>{t!(i18n, instrument_published_done)}</Done>
                                <ActionError value=publish.value() />
                                <ActionError value=discard.value() />
                                {v.provenance.compiled_from_public_sources.then(|| view! {
                                    <div class="alert-soft" role="note">
                                        <p><strong>{t!(i18n, instrument_public_sources)}</strong>": "{t!(i18n, instrument_public_sources_hint)}</p>
                                        {v.provenance.note.clone().map(|n| view! { <p class="small">{n}</p> })}
                                        {(!v.provenance.sources.is_empty()).then(|| view! {
                                            <ul class="small">{v.provenance.sources.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                                        })}
                                    </div>
                                })}
                                <dl class="facts">
                                    <dt>{t!(i18n, instrument_publisher)}</dt><dd>{v.instrument.publisher.clone()}</dd>
                                    <dt>{t!(i18n, instrument_scale)}</dt><dd>{decimal_id(v.scale.min, 0)}"–"{decimal_id(v.scale.max, 0)}" ("{v.scale.decimals}" "{t!(i18n, instrument_decimals)}")"</dd>
                                    <dt>{t!(i18n, instrument_aggregation)}</dt><dd>{match v.aggregation { Aggregation::WeightedMean => t!(i18n, policy_weighted_mean).into_any(), Aggregation::Sum => t!(i18n, policy_sum).into_any() }}</dd>
                                    <dt>{t!(i18n, instrument_weights)}</dt><dd>{match v.weights { WeightPolicy::Normalise => t!(i18n, policy_normalise).into_any(), WeightPolicy::MustSumTo100 => t!(i18n, policy_must_sum).into_any() }}</dd>
                                    <dt>{t!(i18n, instrument_missing)}</dt><dd>{match v.missing { MissingPolicy::Exclude => t!(i18n, policy_exclude).into_any(), MissingPolicy::CountAsZero => t!(i18n, policy_count_zero).into_any() }}</dd>
                                    <dt>{t!(i18n, instrument_not_applicable)}</dt><dd>{match v.not_applicable { NotApplicablePolicy::Exclude => t!(i18n, policy_exclude).into_any(), NotApplicablePolicy::CountAsZero => t!(i18n, policy_count_zero).into_any(), NotApplicablePolicy::CountAsFull => t!(i18n, policy_count_full).into_any() }}</dd>
                                    <dt>{t!(i18n, instrument_pemda_rule)}</dt><dd>{match v.pemda { PemdaRule::MeanOfUnits => t!(i18n, policy_mean_units).into_any(), PemdaRule::WeightedMeanOfUnits => t!(i18n, policy_weighted_units).into_any() }}</dd>
                                    <dt>{t!(i18n, instrument_indicators)}</dt><dd>{d.row.indicator_count}</dd>
                                    <dt>{t!(i18n, instrument_updated)}</dt><dd>{short_time(&d.row.updated_at)}{d.updated_by.clone().map(|n| format!(" · {n}"))}</dd>
                                    {d.copied_from.clone().map(|(cid, label)| view! {
                                        <dt>{t!(i18n, instrument_copied_from)}</dt><dd><a href=format!("/admin/instrumen/{cid}")>{label}</a></dd>
                                    })}
                                </dl>
                                <p class="actions">
                                    <a class="button-secondary" href=format!("/admin/instrumen/{id}/ekspor?format=yaml") rel="external" download>{t!(i18n, instrument_export_yaml)}</a>
                                    " "
                                    <a class="button-secondary" href=format!("/admin/instrumen/{id}/ekspor?format=xlsx") rel="external" download>{t!(i18n, instrument_export_xlsx)}</a>
                                    {draft.then(|| view! { " " <a class="button-secondary" href=format!("/admin/instrumen/{id}/ubah")>{t!(i18n, instrument_edit)}</a> })}
                                </p>
                                {draft.then(|| view! {
                                    <div class="actions">
                                        <ActionForm action=publish attr:class="inline">
                                            <input type="hidden" name="id" value=id.to_string() />
                                            <input type="hidden" name="revision" value=d.revision.to_string() />
                                            <button type="submit" class="button-primary">{t!(i18n, instrument_publish)}</button>
                                        </ActionForm>
                                        " "
                                        <ActionForm action=discard attr:class="inline">
                                            <input type="hidden" name="id" value=id.to_string() />
                                            <input type="hidden" name="revision" value=d.revision.to_string() />
                                            <button type="submit" class="button-quiet">{t!(i18n, instrument_discard)}</button>
                                        </ActionForm>
                                        <p class="muted small">{t!(i18n, instrument_publish_hint)}</p>
                                    </div>
                                })}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, instrument_copy)}</h2>
                                <p class="muted">{t!(i18n, instrument_copy_hint)}</p>
                                <ActionError value=copy.value() />
                                <ActionForm action=copy attr:class="grid-form compact">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <div class="field">
                                        <label for="c-version">{t!(i18n, instrument_new_version)}</label>
                                        <input id="c-version" name="version" required maxlength="32" pattern="[A-Za-z0-9._\\-]+" placeholder="2026" />
                                        <FieldError value=copy.value() field="version" />
                                    </div>
                                    <button type="submit" class="button-secondary">{t!(i18n, instrument_copy)}</button>
                                </ActionForm>
                                {(!siblings.is_empty()).then(|| view! {
                                    <h3>{t!(i18n, instrument_compare)}</h3>
                                    <form method="get" action="/admin/instrumen/banding" class="grid-form compact">
                                        <input type="hidden" name="baru" value=id.to_string() />
                                        <div class="field">
                                            <label for="c-old">{t!(i18n, instrument_compare_with)}</label>
                                            <select id="c-old" name="lama">
                                                {siblings.iter().map(|(sid, label)| view! { <option value=sid.to_string()>{label.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="button-secondary">{t!(i18n, instrument_compare)}</button>
                                    </form>
                                })}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, instrument_bands)}</h2>
                                <div class="table-wrap"><table class="table compact">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, code)}</th>
                                        <th scope="col">{t!(i18n, name)}</th>
                                        <th scope="col" class="num">{t!(i18n, instrument_lower)}</th>
                                        <th scope="col" class="num">{t!(i18n, instrument_upper)}</th>
                                        <th scope="col">{t!(i18n, instrument_zone)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {bands.into_iter().map(|b| view! {
                                            <tr>
                                                <td>
                                                    {b.colour.clone().map(|c| view! { <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill=c /></svg>" " })}
                                                    <strong>{b.code.clone()}</strong>
                                                </td>
                                                <td>{b.name_id.clone()}</td>
                                                <td class="num">{decimal_id(b.lower, d2)}</td>
                                                <td class="num">{decimal_id(b.upper, d2)}</td>
                                                <td>{b.zone.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                {(!v.deductions.is_empty()).then(|| view! {
                                    <h3>{t!(i18n, instrument_deductions)}</h3>
                                    <ul>{v.deductions.iter().map(|x| view! {
                                        <li><strong>{x.name_id.clone()}</strong>{x.description_id.clone().map(|d| format!(": {d}"))}</li>
                                    }).collect_view()}</ul>
                                })}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, instrument_tree)}</h2>
                                <p class="muted small">{t!(i18n, instrument_tree_hint)}</p>
                                {tree}
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/instrumen/{id}/ubah`: a draft's YAML, edited in place and validated on save.
#[component]
pub fn EditVersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = version_id();
    let save = ServerAction::<SaveInstrumentDraft>::new();
    // Loaded once: a refused save must not replace what the operator typed.
    let source = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_instrument_source(id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match source.await {
                    Ok((_, _, VersionStatus::Published)) => view! {
                        <section class="card"><p class="alert" role="alert"><ErrorText err=ApiError::Frozen /></p></section>
                    }.into_any(),
                    Ok((text, revision, VersionStatus::Draft)) => {
                        let id = id.get_untracked().unwrap_or_default();
                        let current = move || match save.value().get() {
                            Some(Ok(r)) => r,
                            _ => revision,
                        };
                        view! {
                            <section class="card">
                                <h2>{t!(i18n, instrument_edit)}</h2>
                                <p><a href=format!("/admin/instrumen/{id}")>{t!(i18n, instrument_back)}</a></p>
                                <p class="muted small">{t!(i18n, instrument_edit_hint)}</p>
                                <Done value=save.value()>{t!(i18n, saved)}</Done>
                                <ActionError value=save.value() />
                                <ActionForm action=save attr:class="stack">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <input type="hidden" name="revision" prop:value=move || current().to_string() value=revision.to_string() />
                                    <label for="yaml" class="visually-hidden">"YAML"</label>
                                    <TextArea value=text attr:id="yaml" attr:name="source" attr:class="code" attr:rows="30" attr:spellcheck="false" />
                                    <button type="submit" class="button-primary">{t!(i18n, save)}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/instrumen/banding?lama=…&baru=…`: what was added, removed and re-weighted.
#[component]
pub fn ComparePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let ids = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("lama").and_then(|s| s.parse::<Uuid>().ok()),
            q.get("baru").and_then(|s| s.parse::<Uuid>().ok()),
        )
    });
    let comparison = Resource::new(
        move || ids.get(),
        |ids| async move {
            match ids {
                (Some(old), Some(new)) => compare_instrument_versions(old, new).await,
                _ => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(c) => view! {
                        <section class="card">
                            <h2>{t!(i18n, instrument_compare)}</h2>
                            <p>
                                <a href=format!("/admin/instrumen/{}", c.old.0)><code>{c.old.1.clone()}</code></a>
                                " → "
                                <a href=format!("/admin/instrumen/{}", c.new.0)><code>{c.new.1.clone()}</code></a>
                            </p>
                            <super::instrument_diff::DiffView diff=c.diff />
                        </section>
                    }.into_any(),
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
