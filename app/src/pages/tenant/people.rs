//! `/t/{slug}/orang`: people and roles, invitations, disabling.

use super::use_slug;
use crate::api::org::get_org;
use crate::api::people::{
    get_people, InvitePerson, MemberView, RevokeInvitation, SetMemberDisabled,
};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, Done, FieldError, Pager};
use crate::domain::role::Role;
use crate::i18n::*;
use crate::pages::home::RoleName;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The people page.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("hal")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let invite = ServerAction::<InvitePerson>::new();
    let disable = ServerAction::<SetMemberDisabled>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let people = Resource::new(
        move || {
            (
                slug.get(),
                q(),
                page(),
                invite.version().get(),
                disable.version().get(),
                revoke.version().get(),
            )
        },
        |(slug, q, page, ..)| get_people(slug, Some(q), Some(page)),
    );
    let opds = Resource::new(move || slug.get(), get_org);

    view! {
        <section class="card">
            <h2>{t!(i18n, people_title)}</h2>
            <form method="get" class="search" role="search">
                <label for="cari" class="visually-hidden">{t!(i18n, search)}</label>
                <input id="cari" name="q" type="search" value=q placeholder=move || t_string!(i18n, search_people) />
                <button type="submit" class="button-secondary">{t!(i18n, search)}</button>
            </form>
            <ActionError value=disable.value() />
            <ActionError value=revoke.value() />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(p) => {
                            let base = format!("/t/{}/orang?q={}", slug.get_untracked(), q());
                            view! {
                                <div class="table-wrap">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, name)}</th>
                                                <th scope="col">{t!(i18n, email)}</th>
                                                <th scope="col">{t!(i18n, role)}</th>
                                                <th scope="col">{t!(i18n, status)}</th>
                                                <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.members.into_iter().map(|m| view! { <MemberRow member=m disable /> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager page=p.page total=p.total per_page=p.per_page base />
                                {(!p.invitations.is_empty()).then(|| view! {
                                    <h3>{t!(i18n, invitations_open)}</h3>
                                    <ul class="plain-list">
                                        {p.invitations.into_iter().map(|inv| view! {
                                            <li>
                                                {inv.email}" · "
                                                {inv.role.map(|role| view! { <RoleName role /> })}
                                                {inv.expired.then(|| view! { " · " <span class="badge warn">{t!(i18n, expired)}</span> })}
                                                <ActionForm action=revoke attr:class="inline">
                                                    <input type="hidden" name="slug" value=move || slug.get() />
                                                    <input type="hidden" name="invitation_id" value=inv.id.to_string() />
                                                    <button type="submit" class="button-quiet small">{t!(i18n, revoke)}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                })}
                            }
                                .into_any()
                        }
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t!(i18n, invite_title)}</h2>
            <p class="muted">{t!(i18n, invite_intro)}</p>
            <Done value=invite.value()>{t!(i18n, invite_sent)}</Done>
            <ActionError value=invite.value() />
            <ActionForm action=invite attr:class="grid-form">
                <input type="hidden" name="slug" value=move || slug.get() />
                <div class="field">
                    <label for="inv-email">{t!(i18n, email)}</label>
                    <input id="inv-email" name="email" type="email" required maxlength="254" />
                    <FieldError value=invite.value() field="email" />
                </div>
                <div class="field">
                    <label for="inv-name">{t!(i18n, name_optional)}</label>
                    <input id="inv-name" name="name" maxlength="200" />
                </div>
                <div class="field">
                    <label for="inv-role">{t!(i18n, role)}</label>
                    <select id="inv-role" name="role">
                        {[Role::OpdStaff, Role::OpdHead, Role::Coordinator, Role::Viewer]
                            .into_iter()
                            .map(|role| view! { <option value=format!("{role:?}")><RoleName role /></option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="inv-opd">{t!(i18n, opd_for_opd_roles)}</label>
                    <select id="inv-opd" name="opd_id">
                        <option value="">"—"</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                opds.await.unwrap_or_default().into_iter()
                                    .map(|o| view! { <option value=o.id.to_string()>{format!("{} — {}", o.code, o.name)}</option> })
                                    .collect_view()
                            })}
                        </Suspense>
                    </select>
                    <FieldError value=invite.value() field="opd_id" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, invite_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn MemberRow(member: MemberView, disable: ServerAction<SetMemberDisabled>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let disabled = member.disabled;
    view! {
        <tr class:row-disabled=disabled>
            <td>{member.name}{member.opd_name.map(|o| view! { <br /><span class="muted small">{o}</span> })}</td>
            <td>{member.email}</td>
            <td><RoleName role=member.role /></td>
            <td>{move || if disabled { t_string!(i18n, disabled) } else { t_string!(i18n, active) }}</td>
            <td>
                <ActionForm action=disable attr:class="inline">
                    <input type="hidden" name="slug" value=move || slug.get() />
                    <input type="hidden" name="membership_id" value=member.membership_id.to_string() />
                    <input type="hidden" name="disabled" value=(!disabled).to_string() />
                    <button type="submit" class="button-quiet small">
                        {move || if disabled { t_string!(i18n, enable) } else { t_string!(i18n, disable) }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
