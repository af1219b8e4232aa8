//! SKM surveys of a pemda (`/t/{slug}/skm`): survey periods per unit with their progress toward
//! the minimum sample, the IKM by year for the pemda, each OPD and each unit; and one period
//! (`/t/{slug}/skm/{id}`): its public link and QR poster, results per unsur with priorities,
//! suggestions, the follow-up plan, one-time codes, the paper import and the exports.

use super::cycles::id_param;
use super::use_slug;
use crate::api::skm::{
    get_skm, get_skm_period, CloseSkmPeriod, CreateSkmPeriod, FollowUp, MakeSkmCodes, PeriodState,
    SaveSkmFollowup,
};
use crate::api::ApiError;
use crate::components::chart::{BarChart, BarRow};
use crate::components::error_text::ErrorText;
use crate::components::ui::{plain_form_error, ActionError, Done, FieldError, TextArea};
use crate::domain::format::decimal_id;
use crate::domain::instrument::Band;
use crate::domain::skm::FollowUpStatus;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A period's state as a badge.
#[component]
fn StateBadge(state: PeriodState) -> impl IntoView {
    let i18n = use_i18n();
    match state {
        PeriodState::Scheduled => {
            view! { <span class="badge warn">{t!(i18n, skm_state_scheduled)}</span> }.into_any()
        }
        PeriodState::Open => {
            view! { <span class="badge">{t!(i18n, skm_state_open)}</span> }.into_any()
        }
        PeriodState::Ended => {
            view! { <span class="badge muted-badge">{t!(i18n, skm_state_ended)}</span> }.into_any()
        }
        PeriodState::Closed => {
            view! { <span class="badge muted-badge">{t!(i18n, skm_state_closed)}</span> }.into_any()
        }
    }
}

/// "76,61 · Mutu B (Baik)", or a dash.
#[component]
fn IkmValue(ikm: Option<f64>, band: Option<Band>) -> impl IntoView {
    let i18n = use_i18n();
    match ikm {
        Some(v) => view! {
            <strong class="score">{decimal_id(v, 2)}</strong>
            {band.map(|b| view! { " " <span class="badge">{t!(i18n, skm_mutu)}" "{b.code.clone()}" · "{b.name_id.clone()}</span> })}
        }
        .into_any(),
        None => view! { <span class="muted">"–"</span> }.into_any(),
    }
}

/// Progress toward the minimum sample as a bar with its numbers.
#[component]
fn SampleProgress(responses: u64, minimum: u64) -> impl IntoView {
    let i18n = use_i18n();
    let max = minimum.max(1);
    view! {
        <span class="sample">
            <progress value=responses.min(max).to_string() max=max.to_string()></progress>
            " "{t!(i18n, skm_sample_of, responses = move || responses, minimum = move || minimum)}
        </span>
    }
}

/// `/t/{slug}/skm`.
#[component]
pub fn SkmPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let create = ServerAction::<CreateSkmPeriod>::new();
    let overview = Resource::new(
        move || (slug.get(), create.version().get()),
        |(s, _)| get_skm(s),
    );
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), skm_title).to_owned() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => {
                        let s = slug.get_untracked();
                        let has_periods = !o.periods.is_empty();
                        view! {
                            <section class="card">
                                <h2>{t!(i18n, skm_title)}</h2>
                                <p class="muted">{t!(i18n, skm_intro)}</p>
                                <p class="actions"><a class="button-secondary" href=o.public_url.clone()>{t!(i18n, skm_public_results)}</a></p>
                                {if has_periods {
                                    view! {
                                        <div class="table-wrap">
                                            <table class="stack-table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t!(i18n, skm_period)}</th>
                                                        <th scope="col">{t!(i18n, unit)}</th>
                                                        <th scope="col">{t!(i18n, skm_sample)}</th>
                                                        <th scope="col">"IKM"</th>
                                                        <th scope="col">{t!(i18n, status)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {o.periods.into_iter().map(|p| view! {
                                                        <tr>
                                                            <td data-label=move || t_string!(i18n, skm_period)>
                                                                <a href=format!("/t/{s}/skm/{}", p.id)><strong>{p.name.clone()}</strong></a><br />
                                                                <span class="muted small">{p.dates.clone()}</span>
                                                            </td>
                                                            <td data-label=move || t_string!(i18n, unit)>{p.unit.clone()}<br /><span class="muted small">{p.opd.clone()}</span></td>
                                                            <td data-label=move || t_string!(i18n, skm_sample)><SampleProgress responses=p.responses minimum=p.minimum /></td>
                                                            <td data-label="IKM"><IkmValue ikm=p.ikm band=p.band.clone() /></td>
                                                            <td data-label=move || t_string!(i18n, status)><StateBadge state=p.state /></td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                } else {
                                    view! { <p class="muted">{t!(i18n, skm_none)}</p> }.into_any()
                                }}
                            </section>
                            {(!o.results.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="skm-hasil">
                                    <h2 id="skm-hasil">{t!(i18n, skm_results_by_year)}</h2>
                                    <p class="muted small">{t!(i18n, skm_results_pooled)}</p>
                                    <div class="table-wrap">
                                        <table class="stack-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t!(i18n, skm_year)}</th>
                                                    <th scope="col">{t!(i18n, name)}</th>
                                                    <th scope="col" class="num">{t!(i18n, skm_respondents)}</th>
                                                    <th scope="col">"IKM"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {o.results.into_iter().map(|r| {
                                                    let class = format!("level-{}", r.level);
                                                    view! {
                                                        <tr class=class>
                                                            <td data-label=move || t_string!(i18n, skm_year)>{r.year}</td>
                                                            <td data-label=move || t_string!(i18n, name)>
                                                                {if r.level == "unit" { "↳ " } else { "" }}{r.name.clone()}
                                                                {r.opd.clone().map(|o| view! { <br /><span class="muted small">{o}</span> })}
                                                                {(r.level == "pemda").then(|| view! { " " <span class="badge muted-badge">{t!(i18n, skm_level_pemda)}</span> })}
                                                                {(r.level == "opd").then(|| view! { " " <span class="badge muted-badge">"OPD"</span> })}
                                                            </td>
                                                            <td class="num" data-label=move || t_string!(i18n, skm_respondents)>{r.respondents}</td>
                                                            <td data-label="IKM"><IkmValue ikm=r.ikm band=r.band.clone() /></td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </section>
                            })}
                            {(!o.units.is_empty()).then(|| view! {
                                <section class="card">
                                    <h2>{t!(i18n, skm_new)}</h2>
                                    <p class="muted small">{t!(i18n, skm_new_hint)}</p>
                                    <ActionError value=create.value() />
                                    <ActionForm action=create attr:class="grid-form">
                                        <input type="hidden" name="slug" value=slug.get_untracked() />
                                        <div class="field">
                                            <label for="skm-unit">{t!(i18n, unit)}</label>
                                            <select id="skm-unit" name="unit_id" required>
                                                {o.units.into_iter().map(|u| view! { <option value=u.id.to_string()>{format!("{} — {}", u.name, u.opd)}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="skm-version">{t!(i18n, cycle_instrument)}</label>
                                            <select id="skm-version" name="version_id">
                                                {o.versions.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                                            </select>
                                            <FieldError value=create.value() field="version_id" />
                                        </div>
                                        <div class="field">
                                            <label for="skm-name">{t!(i18n, name)}</label>
                                            <input id="skm-name" name="name" required maxlength="200" placeholder="SKM 2026 Semester I" />
                                            <FieldError value=create.value() field="name" />
                                        </div>
                                        <div class="field">
                                            <label for="skm-start">{t!(i18n, cycle_starts_on)}</label>
                                            <input id="skm-start" name="starts_on" type="date" required />
                                            <FieldError value=create.value() field="starts_on" />
                                        </div>
                                        <div class="field">
                                            <label for="skm-end">{t!(i18n, cycle_ends_on)}</label>
                                            <input id="skm-end" name="ends_on" type="date" required />
                                            <FieldError value=create.value() field="ends_on" />
                                        </div>
                                        <div class="field">
                                            <label for="skm-population">{t!(i18n, skm_population)}</label>
                                            <input id="skm-population" name="population" inputmode="numeric" required placeholder="1.000" />
                                            <p class="muted small">{t!(i18n, skm_population_hint)}</p>
                                            <FieldError value=create.value() field="population" />
                                        </div>
                                        <label class="check wide">
                                            <input type="checkbox" name="require_code" value="ya" />
                                            {t!(i18n, skm_require_code)}
                                        </label>
                                        <button type="submit" class="button-primary">{t!(i18n, skm_create)}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One row of the follow-up plan, with its edit form for managers.
#[component]
fn FollowUpRow(
    f: FollowUp,
    slug: String,
    period_id: uuid::Uuid,
    can_manage: bool,
    elements: Vec<(String, String)>,
    save: ServerAction<SaveSkmFollowup>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fid = f.id.to_string();
    view! {
        <li class:overdue=f.overdue>
            <strong>{f.element.clone()}" "{f.element_name.clone()}</strong>": "{f.action.clone()}<br />
            <span class="muted small">
                {t!(i18n, skm_owner)}": "{f.owner.clone()}
                {f.due_label.clone().map(|d| view! { " · "{t!(i18n, skm_due)}" "{d} })}
                " · "<span class="badge">{f.status_label.clone()}</span>
                {f.overdue.then(|| view! { " " <span class="badge warn">{t!(i18n, overdue)}</span> })}
            </span>
            {f.note.clone().map(|n| view! { <br /><span class="small">{n}</span> })}
            {can_manage.then(|| view! {
                <details>
                    <summary>{t!(i18n, skm_followup_edit)}</summary>
                    <ActionForm action=save attr:class="grid-form">
                        <input type="hidden" name="slug" value=slug.clone() />
                        <input type="hidden" name="period_id" value=period_id.to_string() />
                        <input type="hidden" name="followup_id" value=fid.clone() />
                        <input type="hidden" name="revision" value=f.revision.to_string() />
                        <div class="field">
                            <label for=format!("fe-{fid}")>{t!(i18n, skm_element)}</label>
                            <select id=format!("fe-{fid}") name="element">
                                {elements.iter().map(|(c, n)| view! { <option value=c.clone() selected=*c == f.element>{format!("{c} {n}")}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field wide">
                            <label for=format!("fa-{fid}")>{t!(i18n, skm_action)}</label>
                            <TextArea value=f.action.clone() attr:id=format!("fa-{fid}") attr:name="action" attr:required=true attr:maxlength="2000" attr:rows="2" />
                        </div>
                        <div class="field">
                            <label for=format!("fo-{fid}")>{t!(i18n, skm_owner)}</label>
                            <input id=format!("fo-{fid}") name="owner" required maxlength="200" value=f.owner.clone() />
                        </div>
                        <div class="field">
                            <label for=format!("fd-{fid}")>{t!(i18n, skm_due)}</label>
                            <input id=format!("fd-{fid}") name="due_on" type="date" value=f.due_on.clone().unwrap_or_default() />
                        </div>
                        <div class="field">
                            <label for=format!("fs-{fid}")>{t!(i18n, status)}</label>
                            <select id=format!("fs-{fid}") name="status">
                                {FollowUpStatus::ALL.into_iter().map(|st| view! { <option value=st.code() selected=st.code() == f.status>{st.label_id()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field wide">
                            <label for=format!("fn-{fid}")>{t!(i18n, skm_note)}</label>
                            <input id=format!("fn-{fid}") name="note" maxlength="2000" value=f.note.clone().unwrap_or_default() />
                        </div>
                        <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// `/t/{slug}/skm/{id}`.
#[component]
pub fn SkmPeriodPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let id = id_param();
    let close = ServerAction::<CloseSkmPeriod>::new();
    let codes = ServerAction::<MakeSkmCodes>::new();
    let save = ServerAction::<SaveSkmFollowup>::new();
    let detail = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                close.version().get(),
                codes.version().get(),
                save.version().get(),
            )
        },
        |(s, id, ..)| async move {
            match id {
                Some(id) => get_skm_period(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    let query = use_query_map();
    let imported = move || {
        query
            .read()
            .get("impor")
            .and_then(|n| n.parse::<u64>().ok())
    };
    let import_error = plain_form_error("/api/skm/impor");
    view! {
        {move || imported().map(|n| view! { <p class="notice" role="status">{t!(i18n, skm_imported, count = move || n)}</p> })}
        {move || import_error().map(|err| view! { <div class="alert" role="alert"><ErrorText err /></div> })}
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let s = slug.get_untracked();
                        let p = d.row.clone();
                        let base = format!("/t/{s}/skm/{}", p.id);
                        let chart: Vec<BarRow> = d.elements.iter().map(|e| BarRow {
                            label: format!("{} {}", e.code, e.name),
                            value: Some(e.converted),
                            second: None,
                            band: e.band.clone(),
                        }).collect();
                        let element_names = d.element_names.clone();
                        let can_manage = d.can_manage;
                        let closed = p.state == PeriodState::Closed;
                        let state = p.state;
                        let s_f = s.clone();
                        let (s_m1, s_m2, s_m3) = (s.clone(), s.clone(), s.clone());
                        view! {
                            <Title text=format!("{} · {}", p.name, p.unit) />
                            <section class="card">
                                <p><a href=format!("/t/{s}/skm")>{t!(i18n, skm_back)}</a></p>
                                <h2>{p.name.clone()}" "<StateBadge state=p.state /></h2>
                                <p class="muted">{p.unit.clone()}" · "{p.opd.clone()}" · "{p.dates.clone()}" · "{d.version.clone()}</p>
                                <div class="standing">
                                    <div>
                                        <h3>{t!(i18n, skm_form_link)}</h3>
                                        <p><a href=d.form_url.clone()>{d.form_url.clone()}</a></p>
                                        <p class="small muted">{t!(i18n, skm_code_label)}" "<code>{p.code.clone()}</code></p>
                                        <p class="actions">
                                            <a class="button-secondary" href=format!("/s/{}/poster.pdf", p.code) download>{t!(i18n, skm_poster_pdf)}</a>
                                            <a class="button-secondary" href=format!("/s/{}/qr.png", p.code) download>{t!(i18n, skm_qr_png)}</a>
                                        </p>
                                    </div>
                                    <div>
                                        <img class="qr" src=format!("/s/{}/qr.svg", p.code) width="160" height="160" alt=move || t_string!(i18n, skm_qr_alt) />
                                    </div>
                                    <div>
                                        <h3>{t!(i18n, skm_sample)}</h3>
                                        <p><SampleProgress responses=p.responses minimum=p.minimum /></p>
                                        <p class="small muted">{t!(i18n, skm_sample_detail, population = move || p.population, minimum = move || p.minimum, needed = move || d.still_needed)}</p>
                                        <p class="small muted">{t!(i18n, skm_sources, online = move || d.online, paper = move || d.paper)}</p>
                                    </div>
                                </div>
                            </section>
                            <section class="card" aria-labelledby="skm-ikm">
                                <h2 id="skm-ikm">{t!(i18n, skm_result)}</h2>
                                <div class="standing">
                                    <div>
                                        <h3>{t!(i18n, skm_ikm_exact)}</h3>
                                        <p class="score-large"><IkmValue ikm=d.ikm_exact band=d.band.clone() /></p>
                                    </div>
                                    <div>
                                        <h3>{t!(i18n, skm_ikm_0111)}</h3>
                                        <p><IkmValue ikm=d.ikm_0111 band=d.band_0111.clone() /></p>
                                        <p class="small muted">{t!(i18n, skm_ikm_0111_hint)}</p>
                                    </div>
                                </div>
                                {(!d.priorities.is_empty()).then(|| view! {
                                    <h3>{t!(i18n, skm_priorities)}</h3>
                                    <ol class="actions-list">
                                        {d.priorities.iter().map(|(code, name, v)| view! { <li><strong>{code.clone()}" "{name.clone()}</strong>": "{decimal_id(*v, 2)}</li> }).collect_view()}
                                    </ol>
                                })}
                                {(!chart.is_empty()).then(|| view! {
                                    <BarChart id="nrr-chart" caption=t_string!(i18n, skm_chart).to_owned()
                                        headings=(t_string!(i18n, skm_element).to_owned(), t_string!(i18n, skm_converted).to_owned(), String::new())
                                        rows=chart min=25.0 max=100.0 decimals=2 bands=d.band.iter().cloned().collect() />
                                })}
                                {(!d.elements.is_empty()).then(|| view! {
                                    <div class="table-wrap">
                                        <table class="stack-table">
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, skm_element)}</th>
                                                <th scope="col" class="num">"NRR"</th>
                                                <th scope="col" class="num">{t!(i18n, skm_converted)}</th>
                                                <th scope="col">{t!(i18n, skm_mutu)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {d.elements.iter().map(|e| view! {
                                                    <tr class:priority=e.priority>
                                                        <td data-label=move || t_string!(i18n, skm_element)>{e.code.clone()}" "{e.name.clone()}{e.priority.then(|| view! { " " <span class="badge warn">{t!(i18n, skm_priority)}</span> })}</td>
                                                        <td class="num" data-label="NRR">{decimal_id(e.nrr, 3)}</td>
                                                        <td class="num" data-label=move || t_string!(i18n, skm_converted)>{decimal_id(e.converted, 2)}</td>
                                                        <td data-label=move || t_string!(i18n, skm_mutu)>{e.band.as_ref().map(|b| b.code.clone())}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                })}
                                {d.elements.is_empty().then(|| view! { <p class="muted">{t!(i18n, skm_no_responses)}</p> })}
                                <p class="actions">
                                    <a class="button-secondary" href=format!("{base}/laporan.xlsx") download>{t!(i18n, skm_report_xlsx)}</a>
                                    <a class="button-secondary" href=format!("{base}/tanggapan.xlsx") download>{t!(i18n, skm_responses_xlsx)}</a>
                                </p>
                            </section>
                            <section class="card" aria-labelledby="skm-rtl">
                                <h2 id="skm-rtl">{t!(i18n, skm_followups)}</h2>
                                <ActionError value=save.value() />
                                {if d.followups.is_empty() {
                                    view! { <p class="muted">{t!(i18n, skm_followups_none)}</p> }.into_any()
                                } else {
                                    let s2 = s.clone();
                                    let names = element_names.clone();
                                    view! {
                                        <ul class="plain-list followups">
                                            {d.followups.iter().cloned().map(|f| view! {
                                                <FollowUpRow f slug=s2.clone() period_id=p.id can_manage elements=names.clone() save />
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {can_manage.then(|| view! {
                                    <h3>{t!(i18n, skm_followup_new)}</h3>
                                    <ActionForm action=save attr:class="grid-form">
                                        <input type="hidden" name="slug" value=s_f.clone() />
                                        <input type="hidden" name="period_id" value=p.id.to_string() />
                                        <div class="field">
                                            <label for="fu-element">{t!(i18n, skm_element)}</label>
                                            <select id="fu-element" name="element">
                                                {element_names.iter().map(|(c, n)| {
                                                    let first = d.priorities.first().is_some_and(|(pc, ..)| pc == c);
                                                    view! { <option value=c.clone() selected=first>{format!("{c} {n}")}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field wide">
                                            <label for="fu-action">{t!(i18n, skm_action)}</label>
                                            <textarea id="fu-action" name="action" required maxlength="2000" rows="2"></textarea>
                                            <FieldError value=save.value() field="action" />
                                        </div>
                                        <div class="field">
                                            <label for="fu-owner">{t!(i18n, skm_owner)}</label>
                                            <input id="fu-owner" name="owner" required maxlength="200" />
                                            <FieldError value=save.value() field="owner" />
                                        </div>
                                        <div class="field">
                                            <label for="fu-due">{t!(i18n, skm_due)}</label>
                                            <input id="fu-due" name="due_on" type="date" />
                                            <FieldError value=save.value() field="due_on" />
                                        </div>
                                        <button type="submit" class="button-primary">{t!(i18n, skm_followup_add)}</button>
                                    </ActionForm>
                                })}
                            </section>
                            <section class="card" aria-labelledby="skm-saran">
                                <h2 id="skm-saran">{t!(i18n, skm_suggestions)}" ("{d.suggestions_total}")"</h2>
                                {if d.suggestions.is_empty() {
                                    view! { <p class="muted">{t!(i18n, skm_suggestions_none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain-list suggestions">
                                            {d.suggestions.iter().map(|x| view! {
                                                <li><q>{x.text.clone()}</q><br /><span class="muted small">{x.on.clone()}{x.service.clone().map(|sv| format!(" · {sv}"))}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section class="card" aria-labelledby="skm-profil">
                                <h2 id="skm-profil">{t!(i18n, skm_profile)}</h2>
                                <div class="profile-grid">
                                    {d.profile.iter().map(|q| view! {
                                        <table>
                                            <caption>{q.question.clone()}</caption>
                                            <tbody>
                                                {q.counts.iter().map(|(label, n)| view! { <tr><th scope="row">{label.clone()}</th><td class="num">{*n}</td></tr> }).collect_view()}
                                            </tbody>
                                        </table>
                                    }).collect_view()}
                                </div>
                            </section>
                            {can_manage.then(|| view! {
                                <section class="card" aria-labelledby="skm-kelola">
                                    <h2 id="skm-kelola">{t!(i18n, skm_manage)}</h2>
                                    <h3>{t!(i18n, skm_import)}</h3>
                                    <p class="muted small">{t!(i18n, skm_import_intro)}</p>
                                    <form method="post" action="/api/skm/impor" enctype="multipart/form-data" class="stack">
                                        <input type="hidden" name="slug" value=s_m1 />
                                        <input type="hidden" name="period_id" value=p.id.to_string() />
                                        <div class="field">
                                            <label for="skm-berkas">{t!(i18n, import_file)}</label>
                                            <input id="skm-berkas" name="berkas" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
                                        </div>
                                        <button type="submit" class="button-secondary">{t!(i18n, import_submit)}</button>
                                    </form>
                                    <h3>{t!(i18n, skm_codes)}</h3>
                                    <p class="muted small">{t!(i18n, skm_codes_intro)}</p>
                                    <p>{t!(i18n, skm_codes_count, total = move || d.codes_total, used = move || d.codes_used)}
                                        {(d.codes_total > 0).then(|| view! { " · " <a href=format!("{base}/kode.csv") download>{t!(i18n, skm_codes_download)}</a> })}
                                    </p>
                                    <ActionError value=codes.value() />
                                    <Done value=codes.value()>{t!(i18n, skm_codes_made)}</Done>
                                    <ActionForm action=codes attr:class="inline">
                                        <input type="hidden" name="slug" value=s_m2 />
                                        <input type="hidden" name="id" value=p.id.to_string() />
                                        <label for="skm-count">{t!(i18n, skm_codes_how_many)}</label>" "
                                        <input id="skm-count" name="count" inputmode="numeric" size="5" value="50" />" "
                                        <button type="submit" class="button-secondary">{t!(i18n, skm_codes_make)}</button>
                                    </ActionForm>
                                    <h3>{t!(i18n, status)}</h3>
                                    <ActionError value=close.value() />
                                    <ActionForm action=close attr:class="inline">
                                        <input type="hidden" name="slug" value=s_m3 />
                                        <input type="hidden" name="id" value=p.id.to_string() />
                                        <input type="hidden" name="closed" value=(!closed).to_string() />
                                        {if closed {
                                            view! { <button type="submit" class="button-secondary">{t!(i18n, skm_reopen)}</button> }.into_any()
                                        } else {
                                            view! { <button type="submit" class="button-secondary">{t!(i18n, skm_close)}</button> }.into_any()
                                        }}
                                    </ActionForm>
                                    {(state == PeriodState::Ended).then(|| view! { <p class="muted small">{t!(i18n, skm_ended_hint)}</p> })}
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(err) => {
                        #[cfg(feature = "ssr")]
                        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                            res.set_status(err.status());
                        }
                        view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
