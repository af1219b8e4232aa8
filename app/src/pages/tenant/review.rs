//! The mentor review on an item page: where the review stands, the mentor's actions (accept with
//! a verified answer, ask for a revision with a reason), the comment thread, the live updates
//! that refresh them, and the pemda's list of items sent back.

use crate::api::review::{
    get_review, get_thread, get_todo, AcceptItem, AddComment, CommentView, EditComment,
    RequestRevision, ReviewView, Thread, TodoRow,
};
use crate::api::ApiError;
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, FieldError, TextArea};
use crate::domain::review::ReviewStatus;
use crate::i18n::*;
use leptos::prelude::*;
use uuid::Uuid;

/// The review panel's and thread's data and actions, created with the item page (resources must
/// not be born inside a resolved `Suspend`).
#[derive(Clone, Copy)]
pub struct ReviewState {
    review: Resource<Result<ReviewView, ApiError>>,
    thread: Resource<Result<Thread, ApiError>>,
    accept: ServerAction<AcceptItem>,
    revise: ServerAction<RequestRevision>,
    comment: ServerAction<AddComment>,
    edit: ServerAction<EditComment>,
    /// Bumped when the review may have changed (a live event or a successful action).
    review_tick: RwSignal<u32>,
    /// Bumped when the thread may have changed.
    thread_tick: RwSignal<u32>,
}

impl ReviewState {
    /// The state for item `id` of tenant `slug`.
    pub fn new(slug: Memo<String>, id: Memo<Option<Uuid>>) -> Self {
        let accept = ServerAction::<AcceptItem>::new();
        let revise = ServerAction::<RequestRevision>::new();
        let comment = ServerAction::<AddComment>::new();
        let edit = ServerAction::<EditComment>::new();
        let review_tick = RwSignal::new(0u32);
        let thread_tick = RwSignal::new(0u32);
        let review = Resource::new(
            move || (slug.get(), id.get(), review_tick.get()),
            |(s, id, _)| async move {
                match id {
                    Some(id) => get_review(s, id).await,
                    None => Err(ApiError::NotFound),
                }
            },
        );
        let thread = Resource::new(
            move || (slug.get(), id.get(), thread_tick.get()),
            |(s, id, _)| async move {
                match id {
                    Some(id) => get_thread(s, id).await,
                    None => Err(ApiError::NotFound),
                }
            },
        );
        // Only a success reloads (and so clears) a form: a refused one keeps what was typed.
        Effect::new(move |_| {
            let ok = matches!(accept.value().get(), Some(Ok(_)))
                || matches!(revise.value().get(), Some(Ok(_)));
            if ok {
                review_tick.update(|n| *n += 1);
            }
        });
        Effect::new(move |_| {
            let ok = matches!(comment.value().get(), Some(Ok(_)))
                || matches!(edit.value().get(), Some(Ok(_)));
            if ok {
                thread_tick.update(|n| *n += 1);
            }
        });
        Self {
            review,
            thread,
            accept,
            revise,
            comment,
            edit,
            review_tick,
            thread_tick,
        }
    }

    /// Reloads the review panel.
    pub fn refresh_review(&self) {
        self.review_tick.update(|n| *n += 1);
    }

    /// Reloads the thread.
    pub fn refresh_thread(&self) {
        self.thread_tick.update(|n| *n += 1);
    }
}

/// Opens the item's live stream (`/t/{slug}/butir/{id}/langsung`) while the page is open and
/// calls `on_event` with each event's name. Without JavaScript nothing happens: a reload shows
/// the same.
///
/// Only in the browser: the server renders no stream, and the stream's handle lives in
/// thread-local storage that a server thread must never touch.
#[cfg(not(feature = "hydrate"))]
pub fn watch_item(slug: Memo<String>, id: Memo<Option<Uuid>>, on_event: impl Fn(&str) + 'static) {
    let _ = (slug, id, on_event);
}

/// See the server-side twin above.
#[cfg(feature = "hydrate")]
pub fn watch_item(slug: Memo<String>, id: Memo<Option<Uuid>>, on_event: impl Fn(&str) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_event = std::rc::Rc::new(on_event);
    let current: StoredValue<Option<web_sys::EventSource>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let (s, Some(i)) = (slug.get(), id.get()) else {
            return;
        };
        current.update_value(|old| {
            if let Some(es) = old.take() {
                es.close();
            }
        });
        let Ok(es) = web_sys::EventSource::new(&format!("/t/{s}/butir/{i}/langsung")) else {
            return;
        };
        for name in ["comment", "review", "answer", "evidence", "revoked"] {
            let on_event = on_event.clone();
            let es2 = es.clone();
            let listener =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| {
                    if name == "revoked" {
                        es2.close();
                    }
                    on_event(name);
                });
            let _ = es.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            // The listener lives as long as the stream; the browser drops both on close.
            listener.forget();
        }
        current.set_value(Some(es));
    });
    on_cleanup(move || {
        current.update_value(|old| {
            if let Some(es) = old.take() {
                es.close();
            }
        });
    });
}

/// A review state as a badge.
#[component]
pub fn ReviewBadge(status: Option<ReviewStatus>) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        None => view! { <span class="badge muted-badge">{t!(i18n, rv_none)}</span> }.into_any(),
        Some(ReviewStatus::Awaiting) => {
            view! { <span class="badge warn">{t!(i18n, rv_awaiting)}</span> }.into_any()
        }
        Some(ReviewStatus::Resubmitted) => {
            view! { <span class="badge warn">{t!(i18n, rv_resubmitted)}</span> }.into_any()
        }
        Some(ReviewStatus::Outdated) => {
            view! { <span class="badge warn">{t!(i18n, rv_outdated)}</span> }.into_any()
        }
        Some(ReviewStatus::RevisionRequested) => {
            view! { <span class="badge bad">{t!(i18n, rv_revision)}</span> }.into_any()
        }
        Some(ReviewStatus::Accepted) => {
            view! { <span class="badge good">{t!(i18n, rv_accepted)}</span> }.into_any()
        }
    }
}

/// The review panel (`#tinjauan`).
#[component]
pub fn ReviewSection(state: ReviewState, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let ReviewState {
        review,
        accept,
        revise,
        ..
    } = state;
    view! {
        <section class="card" id="tinjauan">
            <h2>{t!(i18n, rv_title)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || {
                    let slug = slug.clone();
                    Suspend::new(async move {
                        match review.await {
                            Ok(r) => review_body(r, slug, accept, revise).into_any(),
                            Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn review_body(
    r: ReviewView,
    slug: String,
    accept: ServerAction<AcceptItem>,
    revise: ServerAction<RequestRevision>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sent_back = (r.status == Some(ReviewStatus::RevisionRequested))
        .then(|| r.reason.clone())
        .flatten();
    let by = r
        .reviewer
        .clone()
        .zip(r.reviewed_at.clone())
        .map(|(who, at)| format!("{who} · {at}"));
    let by2 = by.clone();
    let preset = r.verified.clone().or_else(|| r.self_answer.clone());
    let (s1, s2) = (slug.clone(), slug);
    let item = r.item.to_string();
    let item2 = item.clone();
    let revision = r.revision.to_string();
    let revision2 = revision.clone();
    view! {
        <p class="review-status"><ReviewBadge status=r.status />{by.map(|b| view! { " "<span class="muted small">{b}</span> })}</p>
        {sent_back.map(|reason| view! {
            <div class="alert revision" role="note">
                <strong>{t!(i18n, rv_reason)}</strong>
                <p>{reason}</p>
                {by2.clone().map(|b| view! { <p class="muted small">{b}</p> })}
            </div>
        })}
        <dl class="facts">
            <dt>{t!(i18n, rv_self)}</dt>
            <dd>{r.self_label.clone().unwrap_or_else(|| "—".to_owned())}</dd>
            <dt>{t!(i18n, rv_verified)}</dt>
            <dd class="verified">
                {r.verified_label.clone().unwrap_or_else(|| "—".to_owned())}
                {r.justification.clone().map(|j| view! { <br /><span class="muted small">{j}</span> })}
            </dd>
        </dl>
        {r.can_review.then(|| view! {
            <div class="review-actions">
                <details class="review-form" open=r.status.is_some_and(ReviewStatus::in_queue)>
                    <summary>{t!(i18n, rv_accept_title)}</summary>
                    <ActionError value=accept.value() />
                    <ActionForm action=accept attr:class="stack">
                        <input type="hidden" name="slug" value=s1.clone() />
                        <input type="hidden" name="item" value=item.clone() />
                        <input type="hidden" name="revision" value=revision.clone() />
                        <p class="muted small">{t!(i18n, rv_verified_hint)}</p>
                        {super::cycles::answer_input("verified", r.answer_type.clone(), preset.clone(), true)}
                        <FieldError value=accept.value() field="verified" />
                        <div class="field">
                            <label for="justification">{t!(i18n, rv_justification)}</label>
                            <textarea id="justification" name="justification" rows="2" maxlength="1000"></textarea>
                            <FieldError value=accept.value() field="justification" />
                        </div>
                        <button type="submit" class="button-primary">{t!(i18n, rv_accept)}</button>
                    </ActionForm>
                </details>
                <details class="review-form" open=r.status.is_some_and(ReviewStatus::in_queue)>
                    <summary>{t!(i18n, rv_revise_title)}</summary>
                    <ActionError value=revise.value() />
                    <ActionForm action=revise attr:class="stack">
                        <input type="hidden" name="slug" value=s2.clone() />
                        <input type="hidden" name="item" value=item2.clone() />
                        <input type="hidden" name="revision" value=revision2.clone() />
                        <div class="field">
                            <label for="template">{t!(i18n, rv_template)}</label>
                            <select id="template" name="template">
                                <option value="">{t!(i18n, rv_template_none)}</option>
                                {r.templates.iter().map(|t| view! {
                                    <option value=t.id.to_string()>{t.text.clone()}</option>
                                }).collect_view()}
                            </select>
                            <FieldError value=revise.value() field="template" />
                        </div>
                        <div class="field">
                            <label for="reason">{t!(i18n, rv_reason_own)}</label>
                            <textarea id="reason" name="reason" rows="3" maxlength="1000"></textarea>
                            <FieldError value=revise.value() field="reason" />
                        </div>
                        <button type="submit" class="button-secondary">{t!(i18n, rv_revise)}</button>
                    </ActionForm>
                </details>
            </div>
        })}
    }
}

/// The comment thread (`#komentar`).
#[component]
pub fn ThreadSection(state: ReviewState, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let ReviewState {
        thread,
        comment,
        edit,
        ..
    } = state;
    view! {
        <section class="card" id="komentar">
            <h2>{t!(i18n, th_title)}</h2>
            <ActionError value=comment.value() />
            <ActionError value=edit.value() />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || {
                    let slug = slug.clone();
                    Suspend::new(async move {
                        match thread.await {
                            Ok(t) => thread_body(t, slug, comment, edit).into_any(),
                            Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn thread_body(
    t: Thread,
    slug: String,
    comment: ServerAction<AddComment>,
    edit: ServerAction<EditComment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = t.item.to_string();
    let can_comment = t.can_comment;
    let comments = t.comments.clone();
    let list = if comments.is_empty() {
        view! { <p class="muted">{t!(i18n, th_empty)}</p> }.into_any()
    } else {
        let (s, it) = (slug.clone(), item.clone());
        view! {
            <ol class="thread">
                {comments.into_iter().map(|c| view! {
                    <CommentItem c slug=s.clone() item=it.clone() can_reply=can_comment comment edit />
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let people = t.people.clone();
    view! {
        {list}
        {t.can_comment.then(|| view! {
            <ActionForm action=comment attr:class="stack comment-form">
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="item" value=item.clone() />
                <div class="field">
                    <label for="comment-body">{t!(i18n, th_new)}</label>
                    <textarea id="comment-body" name="body" rows="3" maxlength="4000" required></textarea>
                    <FieldError value=comment.value() field="body" />
                    <p class="muted small">{t!(i18n, th_format_hint)}</p>
                </div>
                {(!t.documents.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="comment-about">{t!(i18n, th_about)}</label>
                        <select id="comment-about" name="evidence">
                            <option value="">{t!(i18n, th_about_answer)}</option>
                            {t.documents.iter().map(|(id, title)| view! {
                                <option value=id.to_string()>{title.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {t.can_internal.then(|| view! {
                    <label class="check"><input type="checkbox" name="internal" value="on" />{t!(i18n, th_internal)}</label>
                })}
                <button type="submit" class="button-primary">{t!(i18n, th_send)}</button>
            </ActionForm>
            <details class="mentionable">
                <summary>{t!(i18n, th_people)}</summary>
                <ul class="plain-list">
                    {people.into_iter().map(|p| view! {
                        <li><code>"@"{p.handle}</code>" · "{p.name}{p.mentor.then_some(" (Ombudsman)")}</li>
                    }).collect_view()}
                </ul>
            </details>
        })}
    }
}

#[component]
fn CommentItem(
    c: CommentView,
    slug: String,
    item: String,
    can_reply: bool,
    comment: ServerAction<AddComment>,
    edit: ServerAction<EditComment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = match (c.parent.is_some(), c.internal) {
        (true, true) => "comment reply internal",
        (true, false) => "comment reply",
        (false, true) => "comment internal",
        (false, false) => "comment",
    };
    let root = c.parent.unwrap_or(c.id).to_string();
    let edits = c.edits.clone();
    let (s1, s2) = (slug.clone(), slug);
    view! {
        <li class=class id=format!("k-{}", c.id)>
            <p class="comment-head">
                <strong>{c.author.clone().unwrap_or_else(|| "—".to_owned())}</strong>
                {c.by_mentor.then(|| view! { " "<span class="badge">"Ombudsman"</span> })}
                {c.internal.then(|| view! { " "<span class="badge warn">{t!(i18n, th_internal_badge)}</span> })}
                " "<span class="muted small">{c.created_at.to_string()}</span>
                {c.evidence.clone().map(|(_, title)| view! { " · "<span class="muted small">{t!(i18n, th_on)}" "{title}</span> })}
            </p>
            <div class="comment-body" inner_html=c.html.clone()></div>
            {c.edited_at.clone().map(|at| view! {
                <details class="edits">
                    <summary class="muted small">{t!(i18n, th_edited)}" "{at.to_string()}</summary>
                    <ol>
                        {edits.into_iter().map(|(at, html)| view! {
                            <li><span class="muted small">{t!(i18n, th_replaced)}" "{at.to_string()}</span><div inner_html=html></div></li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
            <div class="comment-actions">
                {can_reply.then(|| view! {
                    <details>
                        <summary>{t!(i18n, th_reply)}</summary>
                        <ActionForm action=comment attr:class="stack">
                            <input type="hidden" name="slug" value=s1.clone() />
                            <input type="hidden" name="item" value=item.clone() />
                            <input type="hidden" name="parent" value=root.clone() />
                            <textarea name="body" rows="2" maxlength="4000" required aria-label=move || t_string!(i18n, th_reply)></textarea>
                            <button type="submit" class="button-secondary">{t!(i18n, th_send)}</button>
                        </ActionForm>
                    </details>
                })}
                {c.can_edit.then(|| view! {
                    <details>
                        <summary>{t!(i18n, th_edit)}</summary>
                        <ActionForm action=edit attr:class="stack">
                            <input type="hidden" name="slug" value=s2.clone() />
                            <input type="hidden" name="id" value=c.id.to_string() />
                            <input type="hidden" name="revision" value=c.revision.to_string() />
                            <TextArea value=c.body.clone() attr:name="body" attr:rows="3" attr:maxlength="4000" attr:required=true attr:aria-label=move || t_string!(i18n, th_edit) />
                            <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
                        </ActionForm>
                    </details>
                })}
            </div>
        </li>
    }
}

/// Items sent back for revision that are the caller's to fix; nothing when there are none.
#[component]
pub fn RevisionTodo(slug: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let todo = Resource::new(move || slug.get(), get_todo);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let rows: Vec<TodoRow> = todo.await.unwrap_or_default();
                let s = slug.get_untracked();
                if rows.is_empty() {
                    return ().into_any();
                }
                view! {
                    <section class="card todo" id="perbaikan">
                        <h2>{t!(i18n, todo_title)}" "<span class="badge bad">{rows.len()}</span></h2>
                        <ul class="plain-list todo-list">
                            {rows.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/t/{s}/butir/{}#tinjauan", r.item)><code>{r.code.clone()}</code>" "{r.text.clone()}</a>
                                    <br /><span class="muted small">{r.unit.clone()}{r.opd.clone().map(|o| format!(" · {o}"))}{r.pic.clone().map(|p| format!(" · PIC {p}"))}</span>
                                    {r.reason.clone().map(|reason| view! { <p class="reason">{reason}</p> })}
                                    {r.reviewer.clone().map(|who| view! { <span class="muted small">{who}{r.at.clone().map(|a| format!(" · {a}"))}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Transition>
    }
}
