//! The platform operator's console under `/admin`.

pub mod instrument_diff;
pub mod instruments;

use crate::api::admin::{
    get_offices, get_outbox, get_status, get_tenant, get_tenants, get_users, CreateOffice,
    CreateTenant, InviteMentor, ResendInvitation, SetTenantSuspended, SetUserDisabled,
    UpdateTenant,
};
use crate::components::error_text::ErrorText;
use crate::components::ui::{plain_form_error, ActionError, Done, FieldError, Pager, ZoneSelect};
use crate::i18n::*;
use crate::pages::tenant::audit::AuditLog;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_params_map, use_query_map};

fn q_and_page() -> (Memo<String>, Memo<u64>) {
    let query = use_query_map();
    (
        Memo::new(move |_| query.read().get("q").unwrap_or_default()),
        Memo::new(move |_| {
            query
                .read()
                .get("hal")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
        }),
    )
}

/// The console frame with its sections.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), admin_title).to_owned() />
        <div class="tenant-head">
            <h1>{t!(i18n, admin_title)}</h1>
            <nav class="tabs" aria-label=move || t_string!(i18n, admin_title)>
                <A href="/admin" exact=true>{t!(i18n, admin_status)}</A>
                <A href="/admin/pemda">{t!(i18n, admin_tenants)}</A>
                <A href="/admin/kantor">{t!(i18n, admin_offices)}</A>
                <A href="/admin/instrumen">{t!(i18n, instruments)}</A>
                <A href="/admin/pengguna">{t!(i18n, admin_users)}</A>
                <A href="/admin/kotak-keluar">{t!(i18n, admin_outbox)}</A>
                <A href="/admin/audit">{t!(i18n, nav_audit)}</A>
            </nav>
        </div>
        <Outlet />
    }
}

/// Version, database, storage, uptime.
#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| get_status());
    view! {
        <section class="card">
            <h2>{t!(i18n, admin_status)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => view! {
                            <dl class="facts">
                                <dt>{t!(i18n, status_version)}</dt><dd>{s.version}</dd>
                                <dt>{t!(i18n, status_database)}</dt>
                                <dd>{s.database}" · "{move || if s.database_ok { t_string!(i18n, status_ok) } else { t_string!(i18n, status_down) }}</dd>
                                <dt>{t!(i18n, status_storage)}</dt><dd>{s.storage}</dd>
                                <dt>{t!(i18n, status_uptime)}</dt><dd>{format!("{} j {} m", s.uptime_seconds / 3600, s.uptime_seconds % 3600 / 60)}</dd>
                                <dt>{t!(i18n, admin_tenants)}</dt><dd>{s.tenants}</dd>
                                <dt>{t!(i18n, admin_users)}</dt><dd>{s.users}</dd>
                                <dt>{t!(i18n, status_outbox_pending)}</dt><dd>{s.outbox_pending}</dd>
                            </dl>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Tenants: search, create, suspend.
#[component]
pub fn TenantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let (q, page) = q_and_page();
    let create = ServerAction::<CreateTenant>::new();
    let suspend = ServerAction::<SetTenantSuspended>::new();
    let list = Resource::new(
        move || {
            (
                q.get(),
                page.get(),
                create.version().get(),
                suspend.version().get(),
            )
        },
        |(q, page, ..)| get_tenants(Some(q), Some(page)),
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, admin_tenants)}</h2>
            <form method="get" class="search" role="search">
                <label for="cari-pemda" class="visually-hidden">{t!(i18n, search)}</label>
                <input id="cari-pemda" name="q" type="search" value=move || q.get() placeholder=move || t_string!(i18n, search_tenants) />
                <button type="submit" class="button-secondary">{t!(i18n, search)}</button>
            </form>
            <ActionError value=suspend.value() />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => view! {
                            <div class="table-wrap"><table class="table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, name)}</th>
                                    <th scope="col">{t!(i18n, province)}</th>
                                    <th scope="col">{t!(i18n, status)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {p.rows.into_iter().map(|t| {
                                        let suspended = t.suspended;
                                        view! {
                                            <tr class:row-disabled=suspended>
                                                <td>
                                                    <a href=format!("/t/{}", t.slug)>{t.name}</a><br />
                                                    <span class="muted small">{t.slug}</span>" · "
                                                    <a class="small" href=format!("/admin/pemda/{}", t.id)>{t!(i18n, edit)}</a>
                                                </td>
                                                <td>{t.province}</td>
                                                <td>{move || if suspended { t_string!(i18n, suspended) } else { t_string!(i18n, active) }}</td>
                                                <td>
                                                    <ActionForm action=suspend attr:class="inline">
                                                        <input type="hidden" name="id" value=t.id.to_string() />
                                                        <input type="hidden" name="suspended" value=(!suspended).to_string() />
                                                        <button type="submit" class="button-quiet small">
                                                            {move || if suspended { t_string!(i18n, reactivate) } else { t_string!(i18n, suspend) }}
                                                        </button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/pemda?q={}", q.get_untracked()) />
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t!(i18n, tenant_add)}</h2>
            <Done value=create.value()>{t!(i18n, tenant_created)}</Done>
            <ActionError value=create.value() />
            <ActionForm action=create attr:class="grid-form">
                <div class="field">
                    <label for="t-name">{t!(i18n, name)}</label>
                    <input id="t-name" name="name" required maxlength="200" placeholder="Kabupaten …" />
                    <FieldError value=create.value() field="name" />
                </div>
                <div class="field">
                    <label for="t-slug">{t!(i18n, slug)}</label>
                    <input id="t-slug" name="slug" required maxlength="64" pattern="[a-z0-9\\-]+" />
                    <FieldError value=create.value() field="slug" />
                </div>
                <div class="field">
                    <label for="t-kind">{t!(i18n, kind)}</label>
                    <select id="t-kind" name="kind">
                        <option value="kabupaten">{t!(i18n, kind_kabupaten)}</option>
                        <option value="kota">{t!(i18n, kind_kota)}</option>
                        <option value="provinsi">{t!(i18n, kind_provinsi)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="t-province">{t!(i18n, province)}</label>
                    <input id="t-province" name="province" required maxlength="200" />
                    <FieldError value=create.value() field="province" />
                </div>
                <div class="field">
                    <label for="t-coord">{t!(i18n, coordinator_email)}</label>
                    <input id="t-coord" name="coordinator_email" type="email" maxlength="254" />
                    <FieldError value=create.value() field="coordinator_email" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, tenant_add)}</button>
            </ActionForm>
        </section>
    }
}

/// Mentor offices: create, invite mentors.
#[component]
pub fn OfficesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateOffice>::new();
    let invite = ServerAction::<InviteMentor>::new();
    let list = Resource::new(
        move || (create.version().get(), invite.version().get()),
        |_| get_offices(),
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, admin_offices)}</h2>
            <Done value=invite.value()>{t!(i18n, invite_sent)}</Done>
            <ActionError value=invite.value() />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(offices) => offices.into_iter().map(|o| view! {
                            <article class="office">
                                <h3>{o.name.clone()}</h3>
                                <p class="muted">{o.province.clone()}</p>
                                <p><strong>{t!(i18n, mentors)}": "</strong>
                                    {if o.mentors.is_empty() { "—".to_owned() } else { o.mentors.iter().map(|(n, e)| format!("{n} <{e}>")).collect::<Vec<_>>().join(", ") }}
                                </p>
                                <p><strong>{t!(i18n, granted_tenants)}": "</strong>
                                    {if o.tenants.is_empty() { "—".to_owned() } else { o.tenants.join(", ") }}
                                </p>
                                <ActionForm action=invite attr:class="grid-form compact">
                                    <input type="hidden" name="office_id" value=o.id.to_string() />
                                    <div class="field">
                                        <label for=format!("m-email-{}", o.id)>{t!(i18n, mentor_email)}</label>
                                        <input id=format!("m-email-{}", o.id) name="email" type="email" required maxlength="254" />
                                    </div>
                                    <div class="field">
                                        <label for=format!("m-name-{}", o.id)>{t!(i18n, name_optional)}</label>
                                        <input id=format!("m-name-{}", o.id) name="name" maxlength="200" />
                                    </div>
                                    <button type="submit" class="button-secondary">{t!(i18n, invite_mentor)}</button>
                                </ActionForm>
                            </article>
                        }).collect_view().into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t!(i18n, office_add)}</h2>
            <ActionError value=create.value() />
            <ActionForm action=create attr:class="grid-form">
                <div class="field">
                    <label for="o-name">{t!(i18n, name)}</label>
                    <input id="o-name" name="name" required maxlength="200" placeholder="Perwakilan Ombudsman RI Provinsi …" />
                    <FieldError value=create.value() field="name" />
                </div>
                <div class="field">
                    <label for="o-province">{t!(i18n, province)}</label>
                    <input id="o-province" name="province" required maxlength="200" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, office_add)}</button>
            </ActionForm>
        </section>
    }
}

/// Accounts: search, disable everywhere, resend invitations.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let (q, page) = q_and_page();
    let disable = ServerAction::<SetUserDisabled>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let reset = ServerAction::<crate::api::two_factor::ResetTwoFactor>::new();
    let list = Resource::new(
        move || {
            (
                q.get(),
                page.get(),
                disable.version().get(),
                resend.version().get(),
                reset.version().get(),
            )
        },
        |(q, page, ..)| get_users(Some(q), Some(page)),
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, admin_users)}</h2>
            <form method="get" class="search" role="search">
                <label for="cari-pengguna" class="visually-hidden">{t!(i18n, search)}</label>
                <input id="cari-pengguna" name="q" type="search" value=move || q.get() placeholder=move || t_string!(i18n, search_people) />
                <button type="submit" class="button-secondary">{t!(i18n, search)}</button>
            </form>
            <ActionError value=disable.value() />
            <ActionError value=reset.value() />
            <Done value=resend.value()>{t!(i18n, invite_sent)}</Done>
            <Done value=reset.value()>{t!(i18n, tf_reset_done)}</Done>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok((p, invitations)) => view! {
                            <div class="table-wrap"><table class="table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, name)}</th>
                                    <th scope="col">{t!(i18n, email)}</th>
                                    <th scope="col">{t!(i18n, status)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {p.rows.into_iter().map(|u| {
                                        let disabled = u.disabled;
                                        view! {
                                            <tr class:row-disabled=disabled>
                                                <td>{u.name}{u.is_operator.then(|| view! { " " <span class="badge">"operator"</span> })}</td>
                                                <td>{u.email}</td>
                                                <td>
                                                    {move || if disabled { t_string!(i18n, disabled) } else { t_string!(i18n, active) }}
                                                    {u.two_factor.then(|| view! { " " <span class="badge">{t!(i18n, tf_badge)}</span> })}
                                                </td>
                                                <td>
                                                    <ActionForm action=disable attr:class="inline">
                                                        <input type="hidden" name="id" value=u.id.to_string() />
                                                        <input type="hidden" name="disabled" value=(!disabled).to_string() />
                                                        <button type="submit" class="button-quiet small">
                                                            {move || if disabled { t_string!(i18n, enable) } else { t_string!(i18n, disable_everywhere) }}
                                                        </button>
                                                    </ActionForm>
                                                    {u.two_factor.then(|| view! {
                                                        <ActionForm action=reset attr:class="inline">
                                                            <input type="hidden" name="user_id" value=u.id.to_string() />
                                                            <button type="submit" class="button-quiet small">{t!(i18n, tf_reset)}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <Pager page=p.page total=p.total per_page=p.per_page base=format!("/admin/pengguna?q={}", q.get_untracked()) />
                            <h3>{t!(i18n, invitations_open)}</h3>
                            <ul class="plain-list">
                                {invitations.into_iter().map(|i| view! {
                                    <li>
                                        {i.email}" → "{i.place}
                                        {i.expired.then(|| view! { " · " <span class="badge warn">{t!(i18n, expired)}</span> })}
                                        <ActionForm action=resend attr:class="inline">
                                            <input type="hidden" name="id" value=i.id.to_string() />
                                            <button type="submit" class="button-quiet small">{t!(i18n, resend)}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The outbox: every email Patuh queued, with links, for the embedded default without SMTP.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let (_, page) = q_and_page();
    let list = Resource::new(move || page.get(), |page| get_outbox(Some(page)));
    view! {
        <section class="card">
            <h2>{t!(i18n, admin_outbox)}</h2>
            <p class="muted">{t!(i18n, outbox_intro)}</p>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => view! {
                            {p.rows.into_iter().map(|m| view! {
                                <article class="mail">
                                    <p><strong>{m.subject}</strong></p>
                                    <p class="muted small">{t!(i18n, mail_to)}" "{m.to}" · "{m.created_at.to_string()}
                                        " · "{move || if m.sent_at.is_some() { t_string!(i18n, mail_sent) } else { t_string!(i18n, mail_pending) }}
                                    </p>
                                    <pre class="mail-body">{m.body}</pre>
                                </article>
                            }).collect_view()}
                            <Pager page=p.page total=p.total per_page=p.per_page base="/admin/kotak-keluar" />
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The platform's audit log.
#[component]
pub fn PlatformAuditPage() -> impl IntoView {
    view! { <AuditLog slug=Signal::derive(|| None) /> }
}

/// `/admin/pemda/{id}`: rename a tenant, correct its kind or province, set its logo.
#[component]
pub fn TenantEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<uuid::Uuid>().ok())
    });
    let update = ServerAction::<UpdateTenant>::new();
    let tenant = Resource::new(
        move || (id.get(), update.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_tenant(id).await,
                None => Err(crate::api::ApiError::NotFound),
            }
        },
    );
    let logo_error = plain_form_error("/api/admin/pemda-logo");
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match tenant.await {
                    Ok(t) => {
                        let kind = t.kind.clone();
                        view! {
                            <section class="card">
                                <h2>{t.name.clone()}</h2>
                                <Done value=update.value()>{t!(i18n, saved)}</Done>
                                <ActionError value=update.value() />
                                <ActionForm action=update attr:class="grid-form">
                                    <input type="hidden" name="id" value=t.id.to_string() />
                                    <div class="field">
                                        <label for="e-name">{t!(i18n, name)}</label>
                                        <input id="e-name" name="name" required maxlength="200" value=t.name.clone() />
                                        <FieldError value=update.value() field="name" />
                                    </div>
                                    <div class="field">
                                        <label for="e-kind">{t!(i18n, kind)}</label>
                                        <select id="e-kind" name="kind">
                                            <option value="kabupaten" selected=kind == "kabupaten">{t!(i18n, kind_kabupaten)}</option>
                                            <option value="kota" selected=kind == "kota">{t!(i18n, kind_kota)}</option>
                                            <option value="provinsi" selected=kind == "provinsi">{t!(i18n, kind_provinsi)}</option>
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="e-province">{t!(i18n, province)}</label>
                                        <input id="e-province" name="province" required maxlength="200" value=t.province.clone() />
                                        <FieldError value=update.value() field="province" />
                                    </div>
                                    <div class="field">
                                        <label for="e-zone">{t!(i18n, zone_title)}</label>
                                        <ZoneSelect id="e-zone" current=t.time_zone.clone() />
                                        <FieldError value=update.value() field="time_zone" />
                                    </div>
                                    <button type="submit" class="button-primary">{t!(i18n, save)}</button>
                                </ActionForm>
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, logo)}</h2>
                                {move || query.read().get("logo").map(|_| view! { <p class="notice" role="status">{t!(i18n, saved)}</p> })}
                                {move || logo_error().map(|err| view! { <div class="alert" role="alert"><ErrorText err /></div> })}
                                <p class="muted">{t!(i18n, logo_hint)}</p>
                                <form method="post" action="/api/admin/pemda-logo" enctype="multipart/form-data" class="stack">
                                    <input type="hidden" name="id" value=t.id.to_string() />
                                    <div class="field">
                                        <label for="e-logo">{t!(i18n, logo_file)}</label>
                                        <input id="e-logo" name="logo" type="file" required accept="image/png,image/jpeg,image/webp" />
                                    </div>
                                    <button type="submit" class="button-secondary">{t!(i18n, upload)}</button>
                                </form>
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
