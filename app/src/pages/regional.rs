//! `/mentor/ikhtisar`: a mentor's regional overview: every pemda that granted their office side
//! by side for one instrument (projected band, progress, review backlog) and the ranking within
//! each province that officials quote. Instrument and order are plain GET parameters, so the
//! page sorts without JavaScript and a view can be bookmarked.

use crate::api::dashboard::{get_regional, Regional};
use crate::components::chart::{BarChart, BarRow};
use crate::components::error_text::ErrorText;
use crate::domain::format::decimal_id;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/mentor/ikhtisar`.
#[component]
pub fn RegionalPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        (q.get("instrumen"), q.get("urut"))
    });
    let regional = Resource::new(move || params.get(), |(i, s)| get_regional(i, s));
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), reg_title).to_owned() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match regional.await {
                    Ok(r) => view! { <RegionalView r /> }.into_any(),
                    Err(err) => view! { <section class="card"><p class="alert" role="alert"><ErrorText err /></p></section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegionalView(r: Regional) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = r.instrument.clone().unwrap_or_default();
    let dec = r.scale.as_ref().map_or(2, |s| s.decimals);
    let sort_link = {
        let chosen = chosen.clone();
        move |key: &str| format!("/mentor/ikhtisar?instrumen={chosen}&urut={key}")
    };
    let sorted_by = r.sort.clone();
    let header = move |key: &'static str, label: String, num: bool| {
        let current = sorted_by == key;
        view! {
            <th scope="col" class:num=num aria-sort=current.then_some("descending")>
                <a href=sort_link(key)>{label}{current.then_some(" ▾")}</a>
            </th>
        }
    };
    let chart: Vec<BarRow> = {
        let mut rows: Vec<_> = r.rows.iter().collect();
        rows.sort_by(|a, b| {
            let v = |x: &&crate::api::dashboard::RegionalRow| {
                x.official
                    .or(x.verified)
                    .or(x.projected)
                    .unwrap_or(f64::NEG_INFINITY)
            };
            v(b).total_cmp(&v(a))
        });
        rows.into_iter()
            .map(|x| BarRow {
                label: x.name.clone(),
                value: x.projected,
                second: x.verified,
                band: x.band.clone(),
            })
            .collect()
    };
    view! {
        <section class="card">
            <h1>{t!(i18n, reg_title)}</h1>
            <p class="muted">{t!(i18n, reg_intro)}</p>
            <p><a href="/mentor">{t!(i18n, reg_back)}</a></p>
            {(!r.instruments.is_empty()).then(|| view! {
                <form method="get" class="search" action="/mentor/ikhtisar">
                    <label for="r-instrument">{t!(i18n, instrument)}</label>
                    <select id="r-instrument" name="instrumen">
                        {r.instruments.iter().map(|(code, name)| view! {
                            <option value=code.clone() selected=*code == chosen>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <input type="hidden" name="urut" value=r.sort.clone() />
                    <button type="submit" class="button-secondary">{t!(i18n, ws_filter)}</button>
                </form>
            })}
            {if r.rows.is_empty() {
                view! { <p>{t!(i18n, reg_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table ranking">
                        <thead><tr>
                            {header("peringkat", t_string!(i18n, reg_rank).to_owned(), true)}
                            {header("nama", "Pemda".to_owned(), false)}
                            <th scope="col">{t!(i18n, cycle)}</th>
                            <th scope="col" class="num">{t!(i18n, trend_projected)}</th>
                            <th scope="col" class="num">{t!(i18n, trend_verified)}</th>
                            <th scope="col" class="num">{t!(i18n, trend_official)}</th>
                            {header("kemajuan", t_string!(i18n, progress).to_owned(), true)}
                            {header("antrean", t_string!(i18n, reg_backlog).to_owned(), true)}
                        </tr></thead>
                        <tbody>
                            {r.rows.iter().map(|x| {
                                let pct = (x.answered * 100).checked_div(x.total).map_or_else(|| "–".to_owned(), |p| format!("{p}%"));
                                view! {
                                    <tr>
                                        <td class="num">{x.rank.map(|n| n.to_string())}</td>
                                        <th scope="row">{x.name.clone()}<br /><span class="muted small">{x.province.clone()}</span></th>
                                        <td><a href=format!("/t/{}/siklus/{}/dasbor", x.slug, x.cycle_id)>{x.cycle.clone()}</a></td>
                                        <td class="num">{x.projected.map(|v| decimal_id(v, dec))}" "{x.band.as_ref().map(|b| b.code.clone())}</td>
                                        <td class="num">{x.verified.map(|v| decimal_id(v, dec))}</td>
                                        <td class="num">{x.official.map(|v| decimal_id(v, dec))}</td>
                                        <td class="num">{pct}</td>
                                        <td class="num">{x.backlog}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <p class="muted small">{t!(i18n, reg_rank_hint)}</p>
                    {r.scale.clone().map(|s| view! {
                        <BarChart id="regional-chart" caption=t_string!(i18n, reg_chart).to_owned()
                            headings=("Pemda".to_owned(), t_string!(i18n, trend_projected).to_owned(), t_string!(i18n, trend_verified).to_owned())
                            rows=chart min=s.min max=s.max decimals=s.decimals bands=r.bands.clone() />
                    })}
                }.into_any()
            }}
            {(!r.without_cycle.is_empty()).then(|| view! {
                <p class="muted small">{t!(i18n, reg_without_cycle)}": "{r.without_cycle.join(", ")}</p>
            })}
        </section>
    }
}
