//! `/t/{slug}/audit` and `/admin/audit`: the audit log, filtered and paged on the server.

use super::use_slug;
use crate::api::admin::{get_audit, AuditRow};
use crate::components::error_text::ErrorText;
use crate::components::ui::Pager;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The tenant's audit log.
#[component]
pub fn TenantAuditPage() -> impl IntoView {
    let slug = use_slug();
    view! { <AuditLog slug=Signal::derive(move || Some(slug.get())) /> }
}

/// An audit log table: the tenant's (with `slug`) or the platform's.
#[component]
pub fn AuditLog(slug: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = move || query.read().get("aksi").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("hal")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let rows = Resource::new(
        move || (slug.get(), action(), page()),
        |(slug, action, page)| get_audit(slug, Some(action), Some(page)),
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, audit_title)}</h2>
            <form method="get" class="search" role="search">
                <label for="aksi">{t!(i18n, audit_filter)}</label>
                <input id="aksi" name="aksi" value=action placeholder="auth., opd., invitation." />
                <button type="submit" class="button-secondary">{t!(i18n, search)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(p) => {
                            let base = match slug.get_untracked() {
                                Some(s) => format!("/t/{s}/audit?aksi={}", action()),
                                None => format!("/admin/audit?aksi={}", action()),
                            };
                            view! {
                                <div class="table-wrap">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, when)}</th>
                                                <th scope="col">{t!(i18n, who)}</th>
                                                <th scope="col">{t!(i18n, action)}</th>
                                                <th scope="col">{t!(i18n, what_changed)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| view! { <AuditItem row=r /> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager page=p.page total=p.total per_page=p.per_page base />
                            }
                                .into_any()
                        }
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditItem(row: AuditRow) -> impl IntoView {
    let when = row.at.to_string();
    view! {
        <tr>
            <td class="nowrap">{when}</td>
            <td>{row.actor.unwrap_or_else(|| "sistem".to_owned())}{row.address.map(|a| view! { <br /><span class="muted small">{a}</span> })}</td>
            <td><code>{row.action}</code>{row.tenant.map(|t| view! { <br /><span class="muted small">{t}</span> })}</td>
            <td>{row.summary}</td>
        </tr>
    }
}
