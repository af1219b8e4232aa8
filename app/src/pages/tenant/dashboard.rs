//! A cycle's dashboard (`/t/{slug}/siklus/{id}/dasbor`): where the pemda stands, what closes the
//! gap to the next band, progress, the OPD ranking, the trend and the official results; and the
//! leadership summary (`/ringkasan`), one printable screen.

use super::cycles::{id_param, ActionList, CycleBadge, ProjectionView};
use super::use_slug;
use crate::api::dashboard::{get_dashboard, Dashboard, SaveOfficial};
use crate::api::ApiError;
use crate::components::chart::{BarChart, BarRow, TrendChart, TrendPoint};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, Done, FieldError};
use crate::domain::format::{change_id, decimal_id};
use crate::domain::instrument::Band;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// A band as a badge: "Predikat A · Kualitas Tertinggi".
#[component]
fn BandBadge(band: Option<Band>) -> impl IntoView {
    let i18n = use_i18n();
    band.map(|b| {
        let code = (b.code.chars().count() <= 2).then(|| b.code.clone());
        view! { <span class="badge">{t!(i18n, band)}" "{code.map(|c| format!("{c} · "))}{b.name_id.clone()}</span> }
    })
}

fn percent(part: usize, total: usize) -> String {
    (part * 100)
        .checked_div(total)
        .map_or_else(|| "–".to_owned(), |p| format!("{p}%"))
}

/// The loaded dashboard of the cycle in the URL, refreshed after `version` changes.
fn load(
    version: impl Fn() -> usize + Send + Sync + 'static,
) -> Resource<Result<Dashboard, ApiError>> {
    let slug = use_slug();
    let id = id_param();
    Resource::new(
        move || (slug.get(), id.get(), version()),
        |(s, id, _)| async move {
            match id {
                Some(id) => get_dashboard(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    )
}

/// `/t/{slug}/siklus/{id}/dasbor`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let save = ServerAction::<SaveOfficial>::new();
    let dashboard = load(move || save.version().get());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => {
                        let s = slug.get_untracked();
                        let base = format!("/t/{s}/siklus/{}", d.cycle.id);
                        let dec = d.scale.decimals;
                        let bands = d.bands.clone();
                        let unit_rows: Vec<BarRow> = d.units.iter().filter(|u| u.is_lokus).map(|u| BarRow {
                            label: u.name.clone(),
                            value: u.projected,
                            second: u.verified,
                            band: u.band.clone(),
                        }).collect();
                        let dim_rows: Vec<BarRow> = d.dimensions.iter().map(|x| BarRow {
                            label: match x.weight {
                                Some(w) => format!("{} {} ({}%)", x.code, x.name, decimal_id(w, 1)),
                                None => format!("{} {}", x.code, x.name),
                            },
                            value: x.projected,
                            second: x.verified,
                            band: None,
                        }).collect();
                        let trend: Vec<TrendPoint> = d.trend.iter().map(|t| TrendPoint {
                            label: t.year.to_string(),
                            projected: t.projected,
                            verified: t.verified,
                            official: t.official,
                        }).collect();
                        let p = d.progress.clone();
                        let lokus: Vec<_> = d.units.iter().filter(|u| u.is_lokus).cloned().collect();
                        let cycle_name = d.cycle.name.clone();
                        view! {
                            <Title text=format!("{} · {}", t_string!(i18n, dash_title), d.cycle.name) />
                            <section class="card">
                                <h2>{t!(i18n, dash_title)}": "{d.cycle.name.clone()}" "<CycleBadge status=d.cycle.status /></h2>
                                <p class="muted">{d.cycle.instrument_name.clone()}" ("{d.cycle.instrument.clone()}")"</p>
                                <p class="actions">
                                    <a class="button-secondary" href=base.clone()>{t!(i18n, back_to_board)}</a>
                                    <a class="button-secondary" href=format!("{base}/ringkasan")>{t!(i18n, summary_open)}</a>
                                    <a class="button-secondary" href=format!("{base}/laporan.xlsx") download>{t!(i18n, dash_download_xlsx)}</a>
                                    <a class="button-secondary" href=format!("{base}/laporan.pdf") download>{t!(i18n, dash_download_pdf)}</a>
                                </p>
                            </section>
                            <section class="card" aria-labelledby="posisi">
                                <h2 id="posisi">{t!(i18n, dash_standing)}</h2>
                                <div class="standing">
                                    <div>
                                        <h3>{t!(i18n, projection_pemda)}</h3>
                                        {match d.pemda.clone() {
                                            Some(p) => view! { <ProjectionView projection=p large=true /> }.into_any(),
                                            None => view! { <p class="muted">{t!(i18n, projection_no_lokus)}</p> }.into_any(),
                                        }}
                                    </div>
                                    {d.pemda_verified.clone().map(|p| view! {
                                        <div>
                                            <h3>{t!(i18n, projection_verified)}</h3>
                                            <ProjectionView projection=p large=true />
                                        </div>
                                    })}
                                    <div>
                                        <h3>{t!(i18n, dash_official)}</h3>
                                        {match d.official {
                                            Some(v) => view! {
                                                <p class="score-large"><strong class="score">{decimal_id(v, dec)}</strong>" "<BandBadge band=d.official_band.clone() /></p>
                                            }.into_any(),
                                            None => view! { <p class="muted">{t!(i18n, dash_official_none)}</p> }.into_any(),
                                        }}
                                    </div>
                                </div>
                                {d.previous.clone().zip(d.official.or(d.pemda.as_ref().map(|p| p.value))).map(|((name, before), now)| {
                                    let change = change_id(now - before, dec);
                                    let before = decimal_id(before, dec);
                                    view! { <p>{t!(i18n, dash_change, cycle = move || name.clone(), before = move || before.clone(), change = move || change.clone())}</p> }
                                })}
                                {(!unit_rows.is_empty()).then(|| view! {
                                    <BarChart id="unit-chart" caption=t_string!(i18n, dash_chart_units).to_owned()
                                        headings=(t_string!(i18n, unit).to_owned(), t_string!(i18n, trend_projected).to_owned(), t_string!(i18n, trend_verified).to_owned())
                                        rows=unit_rows min=d.scale.min max=d.scale.max decimals=dec bands=bands.clone() />
                                })}
                            </section>
                            {d.pemda.clone().filter(|p| !p.improvements.is_empty()).map(|p| view! {
                                <section class="card" aria-labelledby="langkah">
                                    <h2 id="langkah">{t!(i18n, dash_actions)}</h2>
                                    <p class="muted small">{t!(i18n, dash_actions_hint)}</p>
                                    <ActionList improvements=p.improvements decimals=dec mark_closing=true />
                                </section>
                            })}
                            <section class="card" aria-labelledby="kemajuan">
                                <h2 id="kemajuan">{t!(i18n, dash_progress)}</h2>
                                <dl class="stats">
                                    <div><dt>{t!(i18n, dash_answered)}</dt><dd><strong>{percent(p.answered, p.total)}</strong>" · "{p.answered}"/"{p.total}<progress max=p.total.max(1).to_string() value=p.answered.to_string()></progress></dd></div>
                                    <div><dt>{t!(i18n, dash_with_evidence)}</dt><dd><strong>{percent(p.with_evidence, p.total)}</strong>" · "{p.with_evidence}"/"{p.total}<progress max=p.total.max(1).to_string() value=p.with_evidence.to_string()></progress></dd></div>
                                    <div><dt>{t!(i18n, dash_reviewed)}</dt><dd><strong>{percent(p.reviewed, p.total)}</strong>" · "{p.reviewed}"/"{p.total}<progress max=p.total.max(1).to_string() value=p.reviewed.to_string()></progress></dd></div>
                                    <div><dt>{t!(i18n, rv_accepted)}</dt><dd><strong>{percent(p.accepted, p.total)}</strong>" · "{p.accepted}"/"{p.total}<progress max=p.total.max(1).to_string() value=p.accepted.to_string()></progress></dd></div>
                                    <div class:overdue={p.overdue > 0}><dt>{t!(i18n, item_overdue)}</dt><dd><strong>{p.overdue}</strong></dd></div>
                                </dl>
                                {(!d.overdue.is_empty()).then(|| view! {
                                    <details class="overdue-list">
                                        <summary>{t!(i18n, dash_overdue_list, count = move || p.overdue)}</summary>
                                        <ul class="task-list">
                                            {d.overdue.iter().map(|o| view! {
                                                <li class="overdue">
                                                    <a href=format!("/t/{s}/butir/{}", o.id)><strong>{o.code.clone()}</strong>" "{o.text.clone()}</a><br />
                                                    <span class="muted small">{o.opd.clone()}" · "{o.unit.clone()}" · "{o.due_on.clone()}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </details>
                                })}
                                {(!d.dimensions.is_empty()).then(|| view! {
                                    <BarChart id="dim-chart" caption=t_string!(i18n, dash_chart_dimensions).to_owned()
                                        headings=(t_string!(i18n, dash_dimension).to_owned(), t_string!(i18n, trend_projected).to_owned(), t_string!(i18n, trend_verified).to_owned())
                                        rows=dim_rows min=0.0 max=100.0 decimals=1 />
                                })}
                            </section>
                            <section class="card" aria-labelledby="peringkat-opd">
                                <h2 id="peringkat-opd">{t!(i18n, dash_opd_ranking)}</h2>
                                <div class="table-wrap"><table class="table ranking">
                                    <thead><tr>
                                        <th scope="col" class="num">"#"</th>
                                        <th scope="col">"OPD"</th>
                                        <th scope="col" class="num">{t!(i18n, projection_score)}</th>
                                        <th scope="col">{t!(i18n, band)}</th>
                                        <th scope="col" class="num">{t!(i18n, progress)}</th>
                                        <th scope="col" class="num">{t!(i18n, rv_accepted)}</th>
                                        <th scope="col" class="num">{t!(i18n, item_overdue)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.opds.iter().map(|o| view! {
                                            <tr class:overdue={o.overdue > 0}>
                                                <td class="num">{(o.rank > 0).then(|| o.rank.to_string())}</td>
                                                <th scope="row">{o.name.clone()}</th>
                                                <td class="num">{o.value.map(|v| decimal_id(v, dec))}</td>
                                                <td>{o.band.as_ref().map(|b| b.code.clone())}</td>
                                                <td class="num">{percent(o.answered, o.total)}</td>
                                                <td class="num">{o.accepted}</td>
                                                <td class="num">{o.overdue}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            </section>
                            <section class="card" aria-labelledby="tren">
                                <h2 id="tren">{t!(i18n, dash_trend)}</h2>
                                {if d.trend.len() > 1 {
                                    view! {
                                        <TrendChart id="trend-chart" caption=t_string!(i18n, dash_trend_caption).to_owned()
                                            points=trend min=d.scale.min max=d.scale.max decimals=dec bands=bands.clone() />
                                    }.into_any()
                                } else {
                                    view! { <p class="muted">{t!(i18n, dash_trend_none)}</p> }.into_any()
                                }}
                            </section>
                            {d.can_record.then(|| {
                                let s2 = s.clone();
                                let pemda_now = d.official.map(|v| decimal_id(v, dec)).unwrap_or_default();
                                view! {
                                    <section class="card" aria-labelledby="hasil-resmi">
                                        <h2 id="hasil-resmi">{t!(i18n, dash_official_record)}</h2>
                                        <p class="muted small">{t!(i18n, dash_official_hint)}</p>
                                        <Done value=save.value()>{t!(i18n, saved)}</Done>
                                        <ActionError value=save.value() />
                                        <ActionForm action=save attr:class="grid-form">
                                            <input type="hidden" name="slug" value=s2 />
                                            <input type="hidden" name="id" value=d.cycle.id.to_string() />
                                            <div class="field">
                                                <label for="o-pemda">{t!(i18n, dash_official_pemda)}" ("{cycle_name.clone()}")"</label>
                                                <input id="o-pemda" name="pemda" inputmode="decimal" value=pemda_now placeholder="88,23" />
                                                <FieldError value=save.value() field="pemda" />
                                            </div>
                                            {lokus.into_iter().enumerate().map(|(n, u)| {
                                                let input_id = format!("o-unit-{n}");
                                                view! {
                                                    <div class="field">
                                                        <input type="hidden" name=format!("unit_ids[{n}]") value=u.unit_id.to_string() />
                                                        <label for=input_id.clone()>{u.name.clone()}</label>
                                                        <input id=input_id name=format!("unit_values[{n}]") inputmode="decimal" value=u.official.map(|v| decimal_id(v, dec)).unwrap_or_default() />
                                                    </div>
                                                }
                                            }).collect_view()}
                                            <FieldError value=save.value() field="unit_values" />
                                            <div class="field">
                                                <label for="o-note">{t!(i18n, dash_official_note)}</label>
                                                <input id="o-note" name="note" maxlength="1000" />
                                            </div>
                                            <button type="submit" class="button-primary">{t!(i18n, save)}</button>
                                        </ActionForm>
                                    </section>
                                }
                            })}
                            <p class="muted small">{t!(i18n, dash_queries, count = move || d.queries)}</p>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/t/{slug}/siklus/{id}/ringkasan`: for leadership, one printable screen.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let dashboard = load(|| 0);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => {
                        let dec = d.scale.decimals;
                        let s = slug.get_untracked();
                        let now = d.official.or(d.pemda.as_ref().map(|p| p.value));
                        let (band, next, needed) = match (&d.official, &d.pemda) {
                            (Some(_), _) => (d.official_band.clone(), None, None),
                            (None, Some(p)) => (p.band.clone(), p.next_band.clone(), p.points_needed),
                            (None, None) => (None, None, None),
                        };
                        let (answered, total) = (d.progress.answered, d.progress.total);
                        let label = if d.official.is_some() { t_string!(i18n, dash_official) } else { t_string!(i18n, projection_pemda) };
                        view! {
                            <Title text=format!("{} · {}", t_string!(i18n, summary_title), d.cycle.name) />
                            <article class="card summary-sheet">
                                <p class="muted">{d.tenant.clone()}</p>
                                <h2>{t!(i18n, summary_title)}": "{d.cycle.name.clone()}</h2>
                                <p class="muted small">{d.cycle.instrument_name.clone()}</p>
                                <p class="muted">{label}</p>
                                <p class="summary-score">
                                    <strong>{now.map_or_else(|| "–".to_owned(), |v| decimal_id(v, dec))}</strong>
                                    " "<BandBadge band=band />
                                </p>
                                {d.pemda_verified.clone().filter(|_| d.official.is_none()).map(|p| {
                                    let v = decimal_id(p.value, dec);
                                    view! { <p>{t!(i18n, summary_verified, value = move || v.clone())}</p> }
                                })}
                                {next.zip(needed).map(|(n, pts)| view! {
                                    <p>{t!(i18n, gap_to_band, band = move || n.code.clone(), points = move || decimal_id(pts, dec))}</p>
                                })}
                                {match d.previous.clone().zip(now) {
                                    Some(((name, before), now)) => {
                                        let change = change_id(now - before, dec);
                                        let before = decimal_id(before, dec);
                                        view! { <p class="summary-change">{t!(i18n, dash_change, cycle = move || name.clone(), before = move || before.clone(), change = move || change.clone())}</p> }.into_any()
                                    }
                                    None => view! { <p class="muted">{t!(i18n, summary_no_previous)}</p> }.into_any(),
                                }}
                                {d.pemda.clone().filter(|p| !p.improvements.is_empty()).map(|p| view! {
                                    <h3>{t!(i18n, summary_top_actions)}</h3>
                                    <ActionList improvements=p.improvements.into_iter().take(5).collect() decimals=dec />
                                })}
                                <p class="muted small">{t!(i18n, summary_progress, answered = move || answered, total = move || total)}</p>
                                <p class="actions no-print">
                                    <a class="button-secondary" href=format!("/t/{s}/siklus/{}/dasbor", d.cycle.id)>{t!(i18n, dash_open)}</a>
                                    <a class="button-secondary" href=format!("/t/{s}/siklus/{}/laporan.pdf", d.cycle.id) download>{t!(i18n, dash_download_pdf)}</a>
                                </p>
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
