//! `/mentor`: an Ombudsman mentor's workspace: the pemda that granted their office with their
//! active cycles, the review queue (filter by pemda, OPD, section and state, with counts), and
//! the office's revision-reason templates. The filter is a plain GET form, so it works without
//! JavaScript and a filtered queue can be bookmarked.

use crate::api::review::{get_workspace, AddTemplate, ArchiveTemplate, QueueFilter, Workspace};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, FieldError};
use crate::domain::review::ReviewStatus;
use crate::i18n::*;
use crate::pages::tenant::review::ReviewBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

fn status_label(i18n: leptos_i18n::I18nContext<Locale>, s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Awaiting => t_string!(i18n, rv_awaiting),
        ReviewStatus::Resubmitted => t_string!(i18n, rv_resubmitted),
        ReviewStatus::Outdated => t_string!(i18n, rv_outdated),
        ReviewStatus::RevisionRequested => t_string!(i18n, rv_revision),
        ReviewStatus::Accepted => t_string!(i18n, rv_accepted),
    }
}

/// `/mentor`.
#[component]
pub fn MentorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddTemplate>::new();
    let archive = ServerAction::<ArchiveTemplate>::new();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.is_empty());
        QueueFilter {
            tenant: text("pemda"),
            opd: text("opd").and_then(|v| v.parse::<Uuid>().ok()),
            section: text("bagian"),
            status: text("status").and_then(|v| ReviewStatus::from_code(&v)),
        }
    });
    let workspace = Resource::new(
        move || (filter.get(), add.version().get(), archive.version().get()),
        |(f, ..)| {
            get_workspace(
                f.tenant,
                f.opd.map(|o| o.to_string()),
                f.section,
                f.status.map(|s| s.code().to_owned()),
            )
        },
    );
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), ws_title).to_owned() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match workspace.await {
                    Ok(w) => view! { <WorkspaceView w filter=filter.get_untracked() add archive /> }.into_any(),
                    Err(err) => view! { <section class="card"><p class="alert" role="alert"><ErrorText err /></p></section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkspaceView(
    w: Workspace,
    filter: QueueFilter,
    add: ServerAction<AddTemplate>,
    archive: ServerAction<ArchiveTemplate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = filter.tenant.clone().unwrap_or_default();
    let opd = filter.opd.map(|o| o.to_string()).unwrap_or_default();
    let section = filter.section.clone().unwrap_or_default();
    let status = filter.status.map(|s| s.code()).unwrap_or_default();
    let total = w.total;
    let shown = w.rows.len();
    view! {
        <section class="card">
            <h1>{t!(i18n, ws_title)}</h1>
            <p class="muted">{t!(i18n, ws_intro)}</p>
            <p><a class="button-secondary" href="/mentor/ikhtisar">{t!(i18n, reg_open)}</a></p>
            {if w.tenants.is_empty() {
                view! { <p>{t!(i18n, ws_no_tenants)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table">
                        <thead><tr>
                            <th scope="col">"Pemda"</th>
                            <th scope="col">{t!(i18n, ws_cycles)}</th>
                            <th scope="col" class="num">{t!(i18n, rv_awaiting)}</th>
                            <th scope="col" class="num">{t!(i18n, rv_revision)}</th>
                            <th scope="col" class="num">{t!(i18n, rv_accepted)}</th>
                        </tr></thead>
                        <tbody>
                            {w.tenants.iter().map(|t| {
                                let slug = t.slug.clone();
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/mentor?pemda={slug}")>{t.name.clone()}</a></th>
                                        <td>{t.cycles.iter().map(|(id, name)| view! {
                                            <a href=format!("/t/{slug}/siklus/{id}")>{name.clone()}</a>" "
                                        }).collect_view()}
                                        {t.cycles.is_empty().then_some("—")}</td>
                                        <td class="num">{t.waiting}</td>
                                        <td class="num">{t.revision}</td>
                                        <td class="num">{t.accepted}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <section class="card" id="antrean">
            <h2>{t!(i18n, ws_queue)}</h2>
            <form method="get" action="/mentor" class="filters">
                <div class="field">
                    <label for="f-pemda">"Pemda"</label>
                    <select id="f-pemda" name="pemda">
                        <option value="">{t!(i18n, ws_all)}</option>
                        {w.tenants.iter().map(|t| view! {
                            <option value=t.slug.clone() selected=t.slug == chosen>{t.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {(!w.opds.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="f-opd">"OPD"</label>
                        <select id="f-opd" name="opd">
                            <option value="">{t!(i18n, ws_all)}</option>
                            {w.opds.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=id.to_string() == opd>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="f-bagian">{t!(i18n, ws_section)}</label>
                    <select id="f-bagian" name="bagian">
                        <option value="">{t!(i18n, ws_all)}</option>
                        {w.sections.iter().map(|(code, name)| view! {
                            <option value=code.clone() selected=*code == section>{format!("{code} · {name}")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-status">{t!(i18n, status)}</label>
                    <select id="f-status" name="status">
                        <option value="">{t!(i18n, ws_waiting)}</option>
                        {w.counts.iter().map(|(s, n)| view! {
                            <option value=s.code() selected=s.code() == status>{format!("{} ({n})", status_label(i18n, *s))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button-secondary">{t!(i18n, ws_filter)}</button>
            </form>
            <ul class="counts">
                {w.counts.iter().map(|(s, n)| view! { <li><ReviewBadge status=Some(*s) />" "<strong>{*n}</strong></li> }).collect_view()}
            </ul>
            {if w.rows.is_empty() {
                view! { <p class="muted">{t!(i18n, ws_empty)}</p> }.into_any()
            } else {
                view! {
                    <p class="muted small">{t!(i18n, ws_shown, shown = move || shown, total = move || total)}</p>
                    <div class="table-wrap"><table class="table queue">
                        <thead><tr>
                            <th scope="col">{t!(i18n, ws_item)}</th>
                            <th scope="col">"Pemda · OPD"</th>
                            <th scope="col">{t!(i18n, rv_self)}</th>
                            <th scope="col">{t!(i18n, status)}</th>
                            <th scope="col">{t!(i18n, ws_since)}</th>
                        </tr></thead>
                        <tbody>
                            {w.rows.iter().map(|r| view! {
                                <tr>
                                    <td><a href=format!("/t/{}/butir/{}#tinjauan", r.slug, r.item)><code>{r.code.clone()}</code>" "{r.text.clone()}</a>
                                        <br /><span class="muted small">{r.unit.clone()}" · "{r.section.clone()}</span></td>
                                    <td>{r.tenant.clone()}<br /><span class="muted small">{r.opd.clone().unwrap_or_default()}</span></td>
                                    <td>{r.self_label.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    <td><ReviewBadge status=Some(r.status) /></td>
                                    <td class="small">{crate::domain::format::date_id(r.queued_at.date())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <section class="card" id="templat">
            <h2>{t!(i18n, ws_templates)}</h2>
            <p class="muted">{t!(i18n, ws_templates_intro)}</p>
            <ActionError value=archive.value() />
            {if w.templates.is_empty() {
                view! { <p class="muted">{t!(i18n, ws_templates_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list templates">
                        {w.templates.clone().into_iter().map(|t| view! {
                            <li>
                                <span>{t.text.clone()}</span>" "<span class="muted small">{t.office.clone()}</span>
                                <ActionForm action=archive attr:class="inline">
                                    <input type="hidden" name="id" value=t.id.to_string() />
                                    <button type="submit" class="button-quiet">{t!(i18n, ws_archive)}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionError value=add.value() />
            <ActionForm action=add attr:class="grid-form compact">
                {if w.offices.len() == 1 {
                    view! { <input type="hidden" name="office" value=w.offices[0].0.to_string() /> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="t-office">{t!(i18n, ws_office)}</label>
                            <select id="t-office" name="office">
                                {w.offices.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                }}
                <div class="field">
                    <label for="t-text">{t!(i18n, ws_template_new)}</label>
                    <input id="t-text" name="text" required minlength="3" maxlength="500" placeholder=move || t_string!(i18n, ws_template_example) />
                    <FieldError value=add.value() field="text" />
                </div>
                <button type="submit" class="button-secondary">{t!(i18n, ws_template_add)}</button>
            </ActionForm>
        </section>
    }
}
