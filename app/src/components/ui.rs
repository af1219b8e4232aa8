//! Small building blocks shared by the pages: pager, alerts from actions, field errors.

use crate::api::ApiError;
use crate::components::error_text::{ErrorText, FieldProblemText};
use crate::i18n::*;
use leptos::prelude::*;

/// "Page 2 of 7" with previous/next links that keep the other query parameters.
#[component]
pub fn Pager(page: u64, total: u64, per_page: u64, #[prop(into)] base: String) -> impl IntoView {
    let i18n = use_i18n();
    let pages = total.div_ceil(per_page).max(1);
    let sep = if base.contains('?') { '&' } else { '?' };
    let prev = (page > 1).then(|| format!("{base}{sep}hal={}", page - 1));
    let next = (page < pages).then(|| format!("{base}{sep}hal={}", page + 1));
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, pages_nav)>
            {prev.map(|href| view! { <a href=href rel="prev">{t!(i18n, page_prev)}</a> })}
            <span>{t!(i18n, page_of, page = move || page, pages = move || pages, total = move || total)}</span>
            {next.map(|href| view! { <a href=href rel="next">{t!(i18n, page_next)}</a> })}
        </nav>
    }
}

/// The error of the last run of an action, as an alert; nothing when it succeeded.
#[component]
pub fn ActionError<T: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, ApiError>>>,
) -> impl IntoView {
    move || {
        value.get().and_then(Result::err).map(|err| {
            view! {
                <div class="alert" role="alert">
                    <ErrorText err />
                </div>
            }
        })
    }
}

/// The message under a form field when the last error was about `field`.
#[component]
pub fn FieldError<T: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, ApiError>>>,
    field: &'static str,
) -> impl IntoView {
    move || match value.get() {
        Some(Err(ApiError::Field { field: f, problem })) if f == field => {
            Some(view! { <p class="field-error"><FieldProblemText problem /></p> }.into_any())
        }
        Some(Err(ApiError::Taken { field: f })) if f == field => Some(
            view! { <p class="field-error"><ErrorText err=ApiError::Taken { field: f } /></p> }
                .into_any(),
        ),
        _ => None,
    }
}

/// A success note shown after an action completed.
#[component]
pub fn Done<T: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, ApiError>>>,
    children: ChildrenFn,
) -> impl IntoView {
    move || {
        matches!(value.get(), Some(Ok(_)))
            .then(|| view! { <p class="notice" role="status">{children()}</p> })
    }
}

/// The error a plain (no-JavaScript) form post to `path` was redirected back with, read from the
/// `__path`/`__err` query the server-function redirect adds.
pub fn plain_form_error(path: &'static str) -> impl Fn() -> Option<ApiError> + Copy {
    let query = leptos_router::hooks::use_query_map();
    move || {
        let q = query.read();
        (q.get("__path").as_deref() == Some(path))
            .then(|| q.get("__err"))
            .flatten()
            .map(|e| leptos::server_fn::error::ServerFnUrlError::<ApiError>::decode_err(&e))
    }
}

/// A `<textarea>` holding `value`; its other attributes are given with `attr:`
/// (`<TextArea value=notes attr:name="notes" attr:rows="3" />`).
///
/// Leptos writes a textarea's children into the server's HTML without escaping them (tachys
/// counts `<textarea>` among the raw-text elements), so user text there could close the element
/// and add markup of its own (`</textarea><meta http-equiv="refresh" …>`). Every textarea that
/// shows a value goes through this component, which escapes the value on the server; in the
/// browser the text becomes a DOM text node, which needs no escaping. A test below keeps other
/// `<textarea>`s from holding children.
#[component]
pub fn TextArea(#[prop(into, optional)] value: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let value = html_escape::encode_text(&value).into_owned();
    view! { <textarea>{value}</textarea> }
}

#[cfg(test)]
mod tests {
    /// Every `<textarea>` written in a view outside [`super::TextArea`] is empty
    /// (`<textarea …></textarea>`): one holding a value must use the component.
    #[test]
    fn textareas_with_a_value_go_through_the_escaping_component() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("components/ui.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        let mut rest = line;
                        while let Some(at) = rest.find("<textarea") {
                            let tail = &rest[at..];
                            let open_end = tail.find('>').map_or(tail.len(), |i| i + 1);
                            if !tail[open_end..].starts_with("</textarea>") {
                                found.push(format!("{}:{}", path.display(), n + 1));
                            }
                            rest = &tail[open_end..];
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "a <textarea> with a value outside components::ui::TextArea (its text would not be \
             escaped): {found:?}"
        );
    }
}

/// A `<select name="time_zone">` of the zones a pemda can keep, `current` (an IANA name)
/// selected: `WITA — Waktu Indonesia Tengah`.
#[component]
pub fn ZoneSelect(#[prop(into)] id: String, #[prop(into)] current: String) -> impl IntoView {
    use crate::domain::zone::Zone;
    let current = Zone::from_iana(&current);
    view! {
        <select id=id name="time_zone">
            {Zone::ALL
                .into_iter()
                .map(|z| {
                    view! {
                        <option value=z.iana() selected=current == Some(z)>
                            {format!("{} — {}", z.label(), z.name_id())}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
