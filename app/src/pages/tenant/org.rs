//! `/t/{slug}/organisasi`: OPDs, units and services; lokus; import and export.

use super::use_slug;
use crate::api::org::{
    get_org, get_tenant_info, CreateOpd, CreateService, CreateUnit, OpdView, SetLokus, SetTimeZone,
    TenantInfo, UnitView,
};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, Done, FieldError, ZoneSelect};
use crate::domain::zone::Zone;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The organisation page.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let create_opd = ServerAction::<CreateOpd>::new();
    let create_unit = ServerAction::<CreateUnit>::new();
    let create_service = ServerAction::<CreateService>::new();
    let set_lokus = ServerAction::<SetLokus>::new();
    let set_zone = ServerAction::<SetTimeZone>::new();
    let info = Resource::new(
        move || (slug.get(), set_zone.version().get()),
        |(slug, _)| get_tenant_info(slug),
    );
    let org = Resource::new(
        move || {
            (
                slug.get(),
                create_opd.version().get(),
                create_unit.version().get(),
                create_service.version().get(),
                set_lokus.version().get(),
            )
        },
        |(slug, ..)| get_org(slug),
    );
    let query = use_query_map();
    let imported = move || {
        let q = query.read();
        q.get("impor").map(|_| {
            let n = |k: &str| q.get(k).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            (n("opd_baru"), n("opd_ubah"), n("unit_baru"), n("unit_ubah"))
        })
    };
    let import_error = move || {
        let q = query.read();
        (q.get("__path").as_deref() == Some("/api/organisasi/impor"))
            .then(|| q.get("__err"))
            .flatten()
            .map(|e| {
                leptos::server_fn::error::ServerFnUrlError::<crate::api::ApiError>::decode_err(&e)
            })
    };

    view! {
        {move || imported().map(|(oa, ou, ua, uu)| view! {
            <p class="notice" role="status">
                {t!(i18n, import_done, opds_added = move || oa, opds_updated = move || ou, units_added = move || ua, units_updated = move || uu)}
            </p>
        })}
        {move || import_error().map(|err| view! { <div class="alert" role="alert"><ErrorText err /></div> })}
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let info = info.await.ok();
                let can_manage = info.as_ref().is_some_and(|i| i.can_manage);
                match org.await {
                    Ok(opds) => view! {
                        <section class="card">
                            <h2>{t!(i18n, org_title)}</h2>
                            <p class="muted">{t!(i18n, org_intro)}</p>
                            <ActionError value=set_lokus.value() />
                            {if opds.is_empty() {
                                view! { <p>{t!(i18n, org_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="org-tree">
                                        {opds.clone().into_iter().map(|o| view! { <OpdItem opd=o can_manage set_lokus /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        {info.map(|info| view! { <ZoneCard info set_zone /> })}
                        {can_manage.then(|| view! {
                            <ManageForms opds create_opd create_unit create_service />
                        })}
                    }.into_any(),
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The pemda's time zone; coordinators can change it.
#[component]
fn ZoneCard(info: TenantInfo, set_zone: ServerAction<SetTimeZone>) -> impl IntoView {
    let i18n = use_i18n();
    let zone = Zone::from_iana(&info.time_zone).unwrap_or(Zone::Wib);
    view! {
        <section class="card">
            <h2>{t!(i18n, zone_title)}</h2>
            <p>
                <strong>{format!("{} — {}", zone.label(), zone.name_id())}</strong>
                ". "{t!(i18n, zone_intro)}
            </p>
            {info.can_manage.then(|| view! {
                <Done value=set_zone.value()>{t!(i18n, saved)}</Done>
                <ActionError value=set_zone.value() />
                <ActionForm action=set_zone attr:class="inline">
                    <input type="hidden" name="slug" value=info.slug.clone() />
                    <label for="zone" class="visually-hidden">{t!(i18n, zone_title)}</label>
                    <ZoneSelect id="zone" current=info.time_zone.clone() />
                    <button type="submit" class="button-secondary">{t!(i18n, zone_save)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn LokusBadge(lokus: bool) -> impl IntoView {
    let i18n = use_i18n();
    lokus.then(|| view! { <span class="badge">{t!(i18n, lokus)}</span> })
}

#[component]
fn LokusToggle(id: uuid::Uuid, lokus: bool, set_lokus: ServerAction<SetLokus>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    view! {
        <ActionForm action=set_lokus attr:class="inline">
            <input type="hidden" name="slug" value=move || slug.get() />
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="lokus" value=(!lokus).to_string() />
            <button type="submit" class="button-quiet small">
                {move || if lokus { t_string!(i18n, lokus_remove) } else { t_string!(i18n, lokus_add) }}
            </button>
        </ActionForm>
    }
}

#[component]
fn OpdItem(opd: OpdView, can_manage: bool, set_lokus: ServerAction<SetLokus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="org-opd">
            <div class="org-row">
                <span class="code">{opd.code.clone()}</span>
                <strong>{opd.name.clone()}</strong>
                <LokusBadge lokus=opd.is_lokus />
                {opd.head_name.clone().map(|h| view! { <span class="muted">{t!(i18n, head)}": "{h}</span> })}
                {can_manage.then(|| view! { <LokusToggle id=opd.id lokus=opd.is_lokus set_lokus /> })}
            </div>
            {(!opd.units.is_empty()).then(|| view! {
                <ul class="org-units">
                    {opd.units.into_iter().map(|u| view! { <UnitItem unit=u can_manage set_lokus /> }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
fn UnitItem(unit: UnitView, can_manage: bool, set_lokus: ServerAction<SetLokus>) -> impl IntoView {
    view! {
        <li>
            <div class="org-row">
                <span class="code">{unit.code.clone()}</span>
                <span>{unit.name.clone()}</span>
                <LokusBadge lokus=unit.is_lokus />
                {can_manage.then(|| view! { <LokusToggle id=unit.id lokus=unit.is_lokus set_lokus /> })}
            </div>
            {(!unit.services.is_empty()).then(|| view! {
                <ul class="org-services">
                    {unit.services.into_iter().map(|s| view! { <li><span class="code">{s.code}</span>" "{s.name}</li> }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
fn ManageForms(
    opds: Vec<OpdView>,
    create_opd: ServerAction<CreateOpd>,
    create_unit: ServerAction<CreateUnit>,
    create_service: ServerAction<CreateService>,
) -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let units: Vec<(uuid::Uuid, String)> = opds
        .iter()
        .flat_map(|o| {
            o.units
                .iter()
                .map(|u| (u.id, format!("{} — {}", u.code, u.name)))
        })
        .collect();
    let opd_options: Vec<(uuid::Uuid, String)> = opds
        .iter()
        .map(|o| (o.id, format!("{} — {}", o.code, o.name)))
        .collect();
    view! {
        <section class="card">
            <h2>{t!(i18n, import_title)}</h2>
            <p class="muted">{t!(i18n, import_intro)}</p>
            <form method="post" action="/api/organisasi/impor" enctype="multipart/form-data" class="stack">
                <input type="hidden" name="slug" value=move || slug.get() />
                <div class="field">
                    <label for="berkas">{t!(i18n, import_file)}</label>
                    <input id="berkas" name="berkas" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                </div>
                <button type="submit" class="button-secondary">{t!(i18n, import_submit)}</button>
            </form>
            <p>
                <a href=move || format!("/t/{}/organisasi/ekspor?format=xlsx", slug.get()) download>{t!(i18n, export_xlsx)}</a>
                " · "
                <a href=move || format!("/t/{}/organisasi/ekspor?format=csv", slug.get()) download>{t!(i18n, export_csv)}</a>
            </p>
        </section>
        <section class="card">
            <h2>{t!(i18n, opd_add)}</h2>
            <ActionForm action=create_opd attr:class="grid-form">
                <input type="hidden" name="slug" value=move || slug.get() />
                <div class="field">
                    <label for="opd-code">{t!(i18n, code)}</label>
                    <input id="opd-code" name="code" required maxlength="32" autocapitalize="characters" />
                    <FieldError value=create_opd.value() field="code" />
                </div>
                <div class="field">
                    <label for="opd-name">{t!(i18n, name)}</label>
                    <input id="opd-name" name="name" required maxlength="200" />
                    <FieldError value=create_opd.value() field="name" />
                </div>
                <div class="field">
                    <label for="opd-head">{t!(i18n, head_optional)}</label>
                    <input id="opd-head" name="head_name" maxlength="200" />
                </div>
                <label class="check"><input type="checkbox" name="is_lokus" value="on" />" "{t!(i18n, lokus)}</label>
                <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, unit_add)}</h2>
            <ActionForm action=create_unit attr:class="grid-form">
                <input type="hidden" name="slug" value=move || slug.get() />
                <div class="field">
                    <label for="unit-opd">{t!(i18n, opd)}</label>
                    <select id="unit-opd" name="opd_id" required>
                        {opd_options.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="unit-code">{t!(i18n, code)}</label>
                    <input id="unit-code" name="code" required maxlength="32" />
                    <FieldError value=create_unit.value() field="code" />
                </div>
                <div class="field">
                    <label for="unit-name">{t!(i18n, name)}</label>
                    <input id="unit-name" name="name" required maxlength="200" />
                    <FieldError value=create_unit.value() field="name" />
                </div>
                <div class="field">
                    <label for="unit-head">{t!(i18n, head_optional)}</label>
                    <input id="unit-head" name="head_name" maxlength="200" />
                </div>
                <label class="check"><input type="checkbox" name="is_lokus" value="on" />" "{t!(i18n, lokus)}</label>
                <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
            </ActionForm>
        </section>
        {(!units.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t!(i18n, service_add)}</h2>
                <ActionForm action=create_service attr:class="grid-form">
                    <input type="hidden" name="slug" value=move || slug.get() />
                    <div class="field">
                        <label for="svc-unit">{t!(i18n, unit)}</label>
                        <select id="svc-unit" name="unit_id" required>
                            {units.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="svc-code">{t!(i18n, code)}</label>
                        <input id="svc-code" name="code" required maxlength="32" />
                        <FieldError value=create_service.value() field="code" />
                    </div>
                    <div class="field">
                        <label for="svc-name">{t!(i18n, name)}</label>
                        <input id="svc-name" name="name" required maxlength="200" />
                        <FieldError value=create_service.value() field="name" />
                    </div>
                    <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
                </ActionForm>
            </section>
        })}
    }
}
