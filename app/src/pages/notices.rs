//! `/notifikasi`: the notification centre (newest first, unread marked, mark one or all read)
//! and the e-mail preference (immediately, a daily digest, or none).

use crate::api::review::{get_notices, MarkRead, SetEmailPref};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, Done};
use crate::domain::review::{EmailPref, NoticeKind};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/notifikasi`.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkRead>::new();
    let pref = ServerAction::<SetEmailPref>::new();
    let notices = Resource::new(
        move || (mark.version().get(), pref.version().get()),
        |_| get_notices(),
    );
    let kind_label = move |k: NoticeKind| match k {
        NoticeKind::Mention => t_string!(i18n, nt_mention),
        NoticeKind::Reply => t_string!(i18n, nt_reply),
        NoticeKind::RevisionRequested => t_string!(i18n, rv_revision),
        NoticeKind::Resubmitted => t_string!(i18n, rv_resubmitted),
        NoticeKind::Accepted => t_string!(i18n, rv_accepted),
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), nt_title).to_owned() />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match notices.await {
                    Ok(n) => {
                        let unread = n.unread;
                        let email = n.email;
                        view! {
                            <section class="card">
                                <h1>{t!(i18n, nt_title)}" "{(unread > 0).then(|| view! { <span class="badge bad">{unread}</span> })}</h1>
                                <ActionError value=mark.value() />
                                {(unread > 0).then(|| view! {
                                    <ActionForm action=mark attr:class="inline">
                                        <button type="submit" class="button-secondary">{t!(i18n, nt_mark_all)}</button>
                                    </ActionForm>
                                })}
                                {if n.rows.is_empty() {
                                    view! { <p class="muted">{t!(i18n, nt_empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain-list notices">
                                            {n.rows.into_iter().map(|r| view! {
                                                <li class:unread=!r.read>
                                                    <span class="badge">{kind_label(r.kind)}</span>" "
                                                    {match r.href.clone() {
                                                        Some(h) => view! { <a href=h>{r.summary.clone()}</a> }.into_any(),
                                                        None => view! { <span>{r.summary.clone()}</span> }.into_any(),
                                                    }}
                                                    <br /><span class="muted small">{r.tenant.clone()}{r.actor.clone().map(|a| format!(" · {a}"))}" · "{r.at.to_string()}</span>
                                                    {(!r.read).then(|| view! {
                                                        <ActionForm action=mark attr:class="inline">
                                                            <input type="hidden" name="id" value=r.id.to_string() />
                                                            <button type="submit" class="button-quiet">{t!(i18n, nt_mark)}</button>
                                                        </ActionForm>
                                                    })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, nt_email)}</h2>
                                <Done value=pref.value()>{t!(i18n, saved)}</Done>
                                <ActionError value=pref.value() />
                                <ActionForm action=pref attr:class="stack">
                                    <fieldset class="answers">
                                        <legend>{t!(i18n, nt_email_legend)}</legend>
                                        <label class="check"><input type="radio" name="pref" value="immediate" checked=email == EmailPref::Immediate />{t!(i18n, nt_immediate)}</label>
                                        <label class="check"><input type="radio" name="pref" value="digest" checked=email == EmailPref::Digest />{t!(i18n, nt_digest)}</label>
                                        <label class="check"><input type="radio" name="pref" value="off" checked=email == EmailPref::Off />{t!(i18n, nt_off)}</label>
                                    </fieldset>
                                    <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <section class="card"><p class="alert" role="alert"><ErrorText err /></p></section> }.into_any(),
                }
            })}
        </Suspense>
    }
}
