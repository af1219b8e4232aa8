//! The sign-in page. A plain form post without JavaScript; in place with it.

use crate::api::auth::SignIn;
use crate::components::error_text::ErrorText;
use crate::i18n::*;
use crate::Session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// `/masuk`: email and password. `?lanjut=/path` says where to go afterwards.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let next = move || query.read().get("lanjut").unwrap_or_default();
    // Created inside the routes, so an error a plain (no-JavaScript) form post left in the
    // URL reaches it.
    let sign_in = ServerAction::<SignIn>::new();
    let pending = sign_in.pending();
    let error = move || sign_in.value().get().and_then(Result::err);
    Effect::new(move |_| {
        if matches!(sign_in.value().get(), Some(Ok(()))) {
            session.reload();
        }
    });

    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), sign_in).to_owned() />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(session.me.await, Ok(Some(_))).then(|| view! { <Redirect path="/" /> })
            })}
        </Transition>
        <section class="card narrow" aria-labelledby="judul-masuk">
            <h1 id="judul-masuk">{t!(i18n, sign_in_title)}</h1>
            {move || query.read().get("diterima").map(|_| view! { <p class="notice" role="status">{t!(i18n, invitation_accepted)}</p> })}
            {move || query.read().get("sandi").map(|_| view! { <p class="notice" role="status">{t!(i18n, password_was_reset)}</p> })}
            <p class="muted">{t!(i18n, sign_in_intro)}</p>
            <ActionForm action=sign_in>
                {move || {
                    error()
                        .map(|err| {
                            view! {
                                <p class="alert" role="alert">
                                    <ErrorText err />
                                </p>
                            }
                        })
                }}
                <div class="field">
                    <label for="email">{t!(i18n, email)}</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        inputmode="email"
                        autocomplete="username"
                        required
                        maxlength="254"
                    />
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        maxlength="1024"
                    />
                </div>
                <input type="hidden" name="next" value=next />
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            t_string!(i18n, signing_in)
                        } else {
                            t_string!(i18n, sign_in)
                        }
                    }}
                </button>
            </ActionForm>
            <p><a href="/lupa-sandi">{t!(i18n, forgot_link)}</a></p>
        </section>
    }
}
