//! Account pages reached from email links or the header: accepting an invitation, forgetting
//! and resetting a password, changing it.

use crate::api::people::{
    get_invitation, AcceptInvitation, ChangePassword, RequestPasswordReset, ResetPassword,
};
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, FieldError};
use crate::i18n::*;
use crate::pages::home::RoleName;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn use_token() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("token").unwrap_or_default())
}

/// `/undangan/{token}`: what the invitation offers, and the form to accept it.
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_token();
    let accept = ServerAction::<AcceptInvitation>::new();
    let info = Resource::new(move || token.get(), get_invitation);
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), invitation_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, invitation_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(inv) => {
                            let place = inv.tenant_name.clone().or(inv.office_name.clone()).unwrap_or_else(|| "Patuh".to_owned());
                            let exists = inv.account_exists;
                            view! {
                                <p>{t!(i18n, invitation_for, email = move || inv.email.clone())}</p>
                                <p><strong>{place}</strong>{inv.role.map(|role| view! { " · " <RoleName role /> })}</p>
                                <ActionError value=accept.value() />
                                <ActionForm action=accept>
                                    <input type="hidden" name="token" value=move || token.get() />
                                    {(!exists).then(|| view! {
                                        <div class="field">
                                            <label for="inv-name">{t!(i18n, your_name)}</label>
                                            <input id="inv-name" name="name" required maxlength="200" value=inv.name.clone().unwrap_or_default() autocomplete="name" />
                                            <FieldError value=accept.value() field="name" />
                                        </div>
                                        <div class="field">
                                            <label for="inv-password">{t!(i18n, new_password)}</label>
                                            <input id="inv-password" name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" aria-describedby="inv-password-hint" />
                                            <p id="inv-password-hint" class="hint">{t!(i18n, password_hint)}</p>
                                            <FieldError value=accept.value() field="password" />
                                        </div>
                                    })}
                                    {exists.then(|| view! { <p class="muted">{t!(i18n, invitation_existing)}</p> })}
                                    <button type="submit" class="button-primary">{t!(i18n, invitation_accept)}</button>
                                </ActionForm>
                            }.into_any()
                        }
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/lupa-sandi`: ask for a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestPasswordReset>::new();
    let query = use_query_map();
    let sent = move || {
        query.read().get("terkirim").is_some() || matches!(request.value().get(), Some(Ok(())))
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), forgot_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, forgot_title)}</h1>
            {move || sent().then(|| view! { <p class="notice" role="status">{t!(i18n, forgot_sent)}</p> })}
            <p class="muted">{t!(i18n, forgot_intro)}</p>
            <ActionError value=request.value() />
            <ActionForm action=request>
                <div class="field">
                    <label for="lupa-email">{t!(i18n, email)}</label>
                    <input id="lupa-email" name="email" type="email" required maxlength="254" autocomplete="username" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, forgot_submit)}</button>
            </ActionForm>
            <p><a href="/masuk">{t!(i18n, back_to_sign_in)}</a></p>
        </section>
    }
}

/// `/atur-ulang-sandi/{token}`: set a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_token();
    let reset = ServerAction::<ResetPassword>::new();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), reset_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, reset_title)}</h1>
            <ActionError value=reset.value() />
            <ActionForm action=reset>
                <input type="hidden" name="token" value=move || token.get() />
                <div class="field">
                    <label for="reset-password">{t!(i18n, new_password)}</label>
                    <input id="reset-password" name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" />
                    <p class="hint">{t!(i18n, password_hint)}</p>
                    <FieldError value=reset.value() field="password" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, reset_submit)}</button>
            </ActionForm>
        </section>
    }
}

/// `/akun`: change password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    let changed = move || {
        query.read().get("diganti").is_some() || matches!(change.value().get(), Some(Ok(())))
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), account_title).to_owned() />
        <section class="card narrow">
            <h1>{t!(i18n, account_title)}</h1>
            {move || changed().then(|| view! { <p class="notice" role="status">{t!(i18n, password_changed)}</p> })}
            <ActionError value=change.value() />
            <ActionForm action=change>
                <div class="field">
                    <label for="current">{t!(i18n, current_password)}</label>
                    <input id="current" name="current" type="password" required maxlength="1024" autocomplete="current-password" />
                </div>
                <div class="field">
                    <label for="new-password">{t!(i18n, new_password)}</label>
                    <input id="new-password" name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" />
                    <p class="hint">{t!(i18n, password_hint)}</p>
                    <FieldError value=change.value() field="password" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, change_password)}</button>
            </ActionForm>
        </section>
        <crate::pages::two_factor::AccountTwoFactor />
    }
}
