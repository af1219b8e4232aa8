//! The frame around every page: skip link, header with language switch and account, footer.

use crate::i18n::*;
use crate::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

/// "Skip to content" for keyboard and screen-reader users.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#isi">{t!(i18n, skip_to_content)}</a> }
}

/// The top bar: brand, language switch, the signed-in person and sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    // Created with the header, not inside the resolved session below (that breaks hydration).
    // Fetched again on every navigation, so the count follows what was read.
    let location = use_location();
    let unread = Resource::new(
        move || location.pathname.get(),
        |_| crate::api::review::get_unread(),
    );
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{t!(i18n, app_name)}</span>
            </a>
            <div class="topbar-end">
                <LanguageSwitch />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match session.me.await {
                            Ok(Some(me)) => {
                                let mentor = me.access.iter().any(|a| a.role == crate::domain::role::Role::Mentor);
                                let unread = unread.await.unwrap_or(0);
                                view! {
                                    {mentor.then(|| view! { <a class="topbar-link" href="/mentor">{t!(i18n, ws_title)}</a> })}
                                    <NoticeBell unread />
                                    <span class="who" title=me.email.clone()>{me.name.clone()}</span>
                                    <ActionForm action=session.sign_out>
                                        <button type="submit" class="button-quiet">
                                            {t!(i18n, sign_out)}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            _ => ().into_any(),
                        }
                    })}
                </Transition>
            </div>
        </header>
    }
}

/// The link to the notification centre with the unread count.
#[component]
fn NoticeBell(unread: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="topbar-link bell" href="/notifikasi">
            {t!(i18n, nt_short)}
            {(unread > 0).then(|| view! { " "<span class="badge bad count">{unread}</span> })}
        </a>
    }
}

/// Bahasa Indonesia / English. A plain link (works without JavaScript: the server sets the
/// cookie and sends the reader back); with JavaScript the switch happens in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        utf8_percent_encode(&here, NON_ALPHANUMERIC).to_string()
    };
    let option = move |locale: Locale, label: &'static str| {
        let code = locale.as_str();
        view! {
            <a
                href=move || format!("/bahasa/{code}?kembali={}", back())
                hreflang=code
                lang=code
                aria-current=move || (i18n.get_locale() == locale).then_some("true")
                on:click=move |ev| {
                    ev.prevent_default();
                    i18n.set_locale(locale);
                    remember_locale(code);
                }
            >
                {label}
            </a>
        }
    };
    view! {
        <nav class="lang" aria-label=move || t_string!(i18n, language)>
            {option(Locale::id, "Bahasa Indonesia")}
            {option(Locale::en, "English")}
        </nav>
    }
}

/// The `Set-Cookie` value that keeps language `code` for a year: the cookie the i18n crate reads
/// on the server (its default name), set by the server's `/bahasa/{code}` route and by the
/// in-page switch alike.
pub fn language_cookie(code: &str) -> String {
    format!("i18n_pref_locale={code}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// Keeps the reader's choice for the next page load ([`language_cookie`]). Written here rather
/// than by the i18n crate's cookie support, which would bring a cookie parser and date
/// formatting into the browser bundle.
fn remember_locale(code: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Ok(doc) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() {
            // A browser that refuses cookies keeps the language for this page only.
            let _ = doc.set_cookie(&language_cookie(code));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
}

/// The page footer.
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="footer">
            <p>{t!(i18n, footer_note)}</p>
        </footer>
    }
}
