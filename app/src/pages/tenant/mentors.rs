//! `/t/{slug}/mentor`: which Ombudsman offices may see this pemda.

use super::use_slug;
use crate::api::people::{get_office_access, SetOfficeAccess};
use crate::components::error_text::ErrorText;
use crate::components::ui::ActionError;
use crate::i18n::*;
use leptos::prelude::*;

/// The mentor access page.
#[component]
pub fn MentorAccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let set = ServerAction::<SetOfficeAccess>::new();
    let offices = Resource::new(
        move || (slug.get(), set.version().get()),
        |(slug, _)| get_office_access(slug),
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, mentors_title)}</h2>
            <p class="muted">{t!(i18n, mentors_intro)}</p>
            <ActionError value=set.value() />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match offices.await {
                        Ok(list) if list.is_empty() => view! { <p>{t!(i18n, mentors_none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list">
                                {list.into_iter().map(|o| {
                                    let granted = o.granted;
                                    view! {
                                        <li class="office-row">
                                            <span><strong>{o.name}</strong><br /><span class="muted small">{o.province}</span></span>
                                            <span class=if granted { "badge" } else { "badge muted-badge" }>
                                                {move || if granted { t_string!(i18n, access_granted) } else { t_string!(i18n, access_none) }}
                                            </span>
                                            <ActionForm action=set attr:class="inline">
                                                <input type="hidden" name="slug" value=move || slug.get() />
                                                <input type="hidden" name="office_id" value=o.office_id.to_string() />
                                                <input type="hidden" name="granted" value=(!granted).to_string() />
                                                <button type="submit" class="button-secondary small">
                                                    {move || if granted { t_string!(i18n, access_revoke) } else { t_string!(i18n, access_grant) }}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
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
