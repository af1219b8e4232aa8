//! The second factor's pages: the second step of a sign-in, setting up an authenticator, the
//! recovery codes shown once, and the account page's section. Plain forms, no JavaScript needed.

use crate::api::two_factor::{
    get_pending_sign_in, get_two_factor, start_two_factor, take_recovery_codes, ConfirmTwoFactor,
    DisableTwoFactor, FinishSignIn, RegenerateRecoveryCodes,
};
use crate::api::ApiError;
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, FieldError};
use crate::i18n::*;
use crate::model::two_factor::Enrolment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The field for a six-digit code (or, where allowed, a recovery code).
#[component]
fn CodeField<T: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, ApiError>>>,
    id: &'static str,
    recovery: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{t!(i18n, tf_code)}</label>
            <input
                id=id
                name="code"
                required
                autocomplete="one-time-code"
                inputmode=if recovery { "text" } else { "numeric" }
                maxlength="16"
                aria-describedby=format!("{id}-hint")
            />
            <p id=format!("{id}-hint") class="hint">
                {if recovery { t!(i18n, tf_code_hint_recovery).into_any() } else { t!(i18n, tf_code_hint).into_any() }}
            </p>
            <FieldError value field="code" />
        </div>
    }
}

/// What to scan or type into the authenticator app.
#[component]
fn EnrolmentSteps(enrolment: Enrolment) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="steps">
            <li>{t!(i18n, tf_step_app)}</li>
            <li>
                {t!(i18n, tf_step_scan)}
                // The SVG is drawn on the server from our own otpauth URL.
                <div class="qr" role="img" aria-label=move || t_string!(i18n, tf_qr_label) inner_html=enrolment.qr_svg.clone()></div>
                <p class="small">{t!(i18n, tf_step_key)}" "<code class="key">{enrolment.key.clone()}</code></p>
                <p class="small muted">{t!(i18n, tf_account, account = move || enrolment.account.clone())}</p>
            </li>
            <li>{t!(i18n, tf_step_confirm)}</li>
        </ol>
    }
}

/// `/masuk/dua-langkah`: the code after the password (or, the first time for a role that
/// requires it, setting up the authenticator).
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let i18n = use_i18n();
    let finish = ServerAction::<FinishSignIn>::new();
    let pending = Resource::new(|| (), |_| get_pending_sign_in());
    // Signed in now: the header and the next page must see who it is.
    let session = expect_context::<crate::Session>();
    Effect::new(move |_| {
        if matches!(finish.value().get(), Some(Ok(()))) {
            session.reload();
        }
    });
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), tf_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, tf_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(p) => {
                            let enrol = p.enrol.is_some();
                            view! {
                                {match p.enrol {
                                    Some(e) => view! {
                                        <p>{t!(i18n, tf_required_intro)}</p>
                                        <EnrolmentSteps enrolment=e />
                                    }.into_any(),
                                    None => view! { <p class="muted">{t!(i18n, tf_intro)}</p> }.into_any(),
                                }}
                                <ActionError value=finish.value() />
                                <ActionForm action=finish>
                                    <CodeField value=finish.value() id="kode-masuk" recovery=!enrol />
                                    <button type="submit" class="button-primary">{t!(i18n, tf_continue)}</button>
                                </ActionForm>
                            }.into_any()
                        }
                        Err(_) => view! {
                            <p class="alert" role="alert">{t!(i18n, tf_expired)}</p>
                            <p><a href="/masuk">{t!(i18n, back_to_sign_in)}</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/akun/dua-langkah`: setting up an authenticator from the account page.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let enrolment = Resource::new(|| (), |_| start_two_factor());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), tf_setup_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, tf_setup_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match enrolment.await {
                        Ok(e) => view! {
                            <EnrolmentSteps enrolment=e />
                            <ActionError value=confirm.value() />
                            <ActionForm action=confirm>
                                <CodeField value=confirm.value() id="kode-aktif" recovery=false />
                                <button type="submit" class="button-primary">{t!(i18n, tf_turn_on)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(ApiError::Stale) => view! { <p class="notice" role="status">{t!(i18n, tf_already_on)}</p> }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/akun">{t!(i18n, tf_back_to_account)}</a></p>
        </section>
    }
}

/// `/akun/kode-pemulihan`: the recovery codes just issued, shown this once.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let i18n = use_i18n();
    let codes = Resource::new(|| (), |_| take_recovery_codes());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), tf_codes_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, tf_codes_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match codes.await {
                        Ok((codes, next)) if !codes.is_empty() => view! {
                            <p class="notice" role="status">{t!(i18n, tf_on)}</p>
                            <p>{t!(i18n, tf_codes_intro)}</p>
                            <ul class="codes">
                                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                            </ul>
                            <p class="muted small">{t!(i18n, tf_codes_once)}</p>
                            <p><a class="button button-primary" href=next>{t!(i18n, tf_codes_saved)}</a></p>
                        }.into_any(),
                        Ok(_) => view! {
                            <p class="muted">{t!(i18n, tf_codes_gone)}</p>
                            <p><a href="/akun">{t!(i18n, tf_back_to_account)}</a></p>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The account page's section on the second factor: on or off, recovery codes left, new codes,
/// switching it off (unless the person's roles require it).
#[component]
pub fn AccountTwoFactor() -> impl IntoView {
    let i18n = use_i18n();
    let regenerate = ServerAction::<RegenerateRecoveryCodes>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let status = Resource::new(|| (), |_| get_two_factor());
    let query = use_query_map();
    view! {
        <section class="card narrow" aria-labelledby="judul-dua-langkah">
            <h2 id="judul-dua-langkah">{t!(i18n, tf_section)}</h2>
            {move || query.read().get("dua-langkah").map(|_| view! { <p class="notice" role="status">{t!(i18n, tf_off_done)}</p> })}
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) if s.enabled => {
                            let left = s.recovery_codes_left;
                            view! {
                                <p><strong>{t!(i18n, tf_is_on)}</strong>" "{t!(i18n, tf_codes_left, count = move || left)}</p>
                                <details>
                                    <summary>{t!(i18n, tf_new_codes)}</summary>
                                    <ActionError value=regenerate.value() />
                                    <ActionForm action=regenerate>
                                        <CodeField value=regenerate.value() id="kode-baru" recovery=true />
                                        <button type="submit" class="button-secondary">{t!(i18n, tf_new_codes)}</button>
                                    </ActionForm>
                                </details>
                                {(!s.required).then(|| view! {
                                    <details>
                                        <summary>{t!(i18n, tf_turn_off)}</summary>
                                        <ActionError value=disable.value() />
                                        <ActionForm action=disable>
                                            <CodeField value=disable.value() id="kode-mati" recovery=true />
                                            <button type="submit" class="button-secondary">{t!(i18n, tf_turn_off)}</button>
                                        </ActionForm>
                                    </details>
                                })}
                                {s.required.then(|| view! { <p class="muted small">{t!(i18n, tf_required_note)}</p> })}
                            }.into_any()
                        }
                        Ok(_) => view! {
                            <p>{t!(i18n, tf_is_off)}</p>
                            <p><a class="button button-primary" href="/akun/dua-langkah">{t!(i18n, tf_turn_on)}</a></p>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
