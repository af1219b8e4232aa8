//! Pages of one pemda, under `/t/{slug}/…`.

pub mod audit;
pub mod cycles;
pub mod dashboard;
pub mod evidence;
pub mod mentors;
pub mod org;
pub mod people;
pub mod review;
pub mod skm;

use crate::api::org::get_tenant_info;
use crate::components::error_text::ErrorText;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params_map;

/// The slug of the pemda in the current URL.
pub fn use_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// The frame of every pemda page: its name, and the sections the caller may open.
#[component]
pub fn TenantLayout() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let info = Resource::new(move || slug.get(), get_tenant_info);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => {
                        let base = format!("/t/{}", info.slug);
                        let can_manage = info.can_manage;
                        let title = info.name.clone();
                        view! {
                            <Title text=title />
                            <div class="tenant-head">
                                <h1>
                                    {info.has_logo.then(|| view! { <img class="tenant-logo" src=format!("/t/{}/logo", info.slug) alt="" width="40" height="40" /> })}
                                    {info.name.clone()}
                                </h1>
                                <p class="muted">{info.province.clone()}</p>
                                <nav class="tabs" aria-label=move || t_string!(i18n, tenant_sections)>
                                    <A href=base.clone() exact=true>{t!(i18n, nav_overview)}</A>
                                    <A href=format!("{base}/siklus")>{t!(i18n, nav_cycles)}</A>
                                    <A href=format!("{base}/tugas")>{t!(i18n, nav_my_tasks)}</A>
                                    <A href=format!("{base}/skm")>{t!(i18n, nav_skm)}</A>
                                    <A href=format!("{base}/organisasi")>{t!(i18n, nav_organisation)}</A>
                                    {can_manage.then(|| view! {
                                        <A href=format!("{base}/orang")>{t!(i18n, nav_people)}</A>
                                        <A href=format!("{base}/mentor")>{t!(i18n, nav_mentors)}</A>
                                        <A href=format!("{base}/audit")>{t!(i18n, nav_audit)}</A>
                                    })}
                                </nav>
                            </div>
                            <Outlet />
                        }
                            .into_any()
                    }
                    Err(err) => {
                        #[cfg(feature = "ssr")]
                        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                            res.set_status(err.status());
                        }
                        view! {
                            <section class="card narrow">
                                <p class="alert" role="alert"><ErrorText err /></p>
                                <p><a href="/">{t!(i18n, back_home)}</a></p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/t/{slug}`: where the pemda stands: its cycles and the way to the caller's tasks.
#[component]
pub fn TenantOverview() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let cycles = Resource::new(move || slug.get(), crate::api::cycles::get_cycles);
    view! {
        <section class="card">
            <h2>{t!(i18n, overview_title)}</h2>
            <p>{t!(i18n, overview_body)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    cycles.await.ok().map(|(rows, _)| view! {
                        <ul class="plain-list cycle-list">
                            {rows.into_iter().map(|c| view! {
                                <li><a href=format!("/t/{}/siklus/{}", slug.get_untracked(), c.id)>{c.name}</a>" · "{c.instrument_name}</li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
            <p class="actions">
                <a class="button-secondary" href=move || format!("/t/{}/tugas", slug.get())>{t!(i18n, nav_my_tasks)}</a>
                <a class="button-secondary" href=move || format!("/t/{}/siklus", slug.get())>{t!(i18n, nav_cycles)}</a>
                <a class="button-secondary" href=move || format!("/t/{}/organisasi", slug.get())>{t!(i18n, nav_organisation)}</a>
            </p>
        </section>
    }
}
