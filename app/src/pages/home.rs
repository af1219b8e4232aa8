//! The signed-in home page: who you are, your tenants and your role in each.

use crate::api::auth::{Access, Me};
use crate::components::error_text::ErrorText;
use crate::domain::role::Role;
use crate::i18n::*;
use crate::Session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// `/`: sends visitors to the sign-in page, shows a signed-in person their access.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), nav_home).to_owned() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match session.me.await {
                    Ok(Some(me)) => view! { <Welcome me /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/masuk" /> }.into_any(),
                    Err(err) => {
                        view! {
                            <p class="alert" role="alert">
                                <ErrorText err />
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let name = me.name.clone();
    let email = me.email.clone();
    let has_access = !me.access.is_empty();
    view! {
        <section class="card" aria-labelledby="judul-beranda">
            <h1 id="judul-beranda">{t!(i18n, welcome, name = move || name.clone())}</h1>
            <p class="muted">{t!(i18n, signed_in_as, email = move || email.clone())}</p>
            {me.is_operator.then(|| view! {
                <p><span class="badge">{t!(i18n, platform_operator)}</span>" "<a href="/admin">{t!(i18n, admin_console)}</a></p>
            })}
            <p><a href="/akun">{t!(i18n, my_account)}</a></p>
        </section>
        <section class="card" aria-labelledby="judul-akses">
            <h2 id="judul-akses">{t!(i18n, your_access)}</h2>
            {if has_access {
                view! {
                    <ul class="access-list">
                        {me.access.into_iter().map(|a| view! { <AccessItem access=a /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            } else if !me.is_operator {
                view! { <p>{t!(i18n, no_access)}</p> }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

#[component]
fn AccessItem(access: Access) -> impl IntoView {
    let i18n = use_i18n();
    let kind = access.tenant_kind.clone();
    let detail = access
        .opd_name
        .clone()
        .or_else(|| access.office_name.clone());
    view! {
        <li class="access-item">
            <a class="tenant-name" href=format!("/t/{}", access.tenant_slug)>{access.tenant_name.clone()}</a>
            <span class="tenant-kind">
                {move || match kind.as_str() {
                    "provinsi" => t_string!(i18n, kind_provinsi),
                    "kota" => t_string!(i18n, kind_kota),
                    _ => t_string!(i18n, kind_kabupaten),
                }}
            </span>
            <span class="role">
                <RoleName role=access.role />
            </span>
            {detail.map(|d| view! { <span class="detail">{d}</span> })}
        </li>
    }
}

/// A role's name in the reader's language.
#[component]
pub fn RoleName(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    move || match role {
        Role::Operator => t_string!(i18n, role_operator),
        Role::Coordinator => t_string!(i18n, role_coordinator),
        Role::OpdHead => t_string!(i18n, role_opd_head),
        Role::OpdStaff => t_string!(i18n, role_opd_staff),
        Role::Viewer => t_string!(i18n, role_viewer),
        Role::Mentor => t_string!(i18n, role_mentor),
    }
}
