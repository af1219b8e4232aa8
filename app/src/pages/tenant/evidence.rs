//! The evidence section of an item page: the documents with their revisions, uploads (a plain
//! form without JavaScript; with it, size checks before sending, a progress bar, drag and drop),
//! links, deletion and restore.

use crate::api::evidence::{
    get_evidence, AddEvidenceLink, DeleteEvidence, EvidenceDoc, EvidenceKind, EvidenceList,
    EvidenceRev, RestoreEvidence, UploadLimits, UploadResult,
};
use crate::api::ApiError;
use crate::components::error_text::ErrorText;
use crate::components::ui::{plain_form_error, ActionError, Done};
use crate::domain::evidence::{human_size, split_extension, FileKind};
use crate::domain::format::iso_date_id;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// What the page's script found wrong with the chosen files before sending them.
#[derive(Debug, Clone, PartialEq)]
enum Before {
    TooBig { name: String, size: u64, limit: u64 },
    NoRoom { name: String, size: u64, free: u64 },
    Type { name: String },
}

/// The evidence list of the page's item and the actions that change it. Created at the top of
/// the item page, beside the item's own resource: a resource first created inside an already
/// resolved `Suspend` is not in the server's hydration data, and the browser's first render
/// then differs from the server's.
#[derive(Clone, Copy)]
pub struct EvidenceState {
    list: Resource<Result<EvidenceList, ApiError>>,
    add_link: ServerAction<AddEvidenceLink>,
    delete: ServerAction<DeleteEvidence>,
    restore: ServerAction<RestoreEvidence>,
    /// Bumped by a finished script upload, to reload the list.
    uploads: RwSignal<u32>,
    upload_result: RwSignal<Option<Result<UploadResult, ApiError>>>,
    progress: RwSignal<Option<(String, u32)>>,
    refused: RwSignal<Vec<Before>>,
}

impl EvidenceState {
    /// Reloads the list (someone changed the evidence).
    pub fn refresh(&self) {
        self.uploads.update(|n| *n += 1);
    }

    /// The state for item `id` of tenant `slug`.
    pub fn new(slug: Memo<String>, id: Memo<Option<Uuid>>) -> Self {
        let add_link = ServerAction::<AddEvidenceLink>::new();
        let delete = ServerAction::<DeleteEvidence>::new();
        let restore = ServerAction::<RestoreEvidence>::new();
        let uploads = RwSignal::new(0u32);
        let list = Resource::new(
            move || {
                (
                    slug.get(),
                    id.get(),
                    add_link.version().get(),
                    delete.version().get(),
                    restore.version().get(),
                    uploads.get(),
                )
            },
            |(slug, id, ..)| async move {
                match id {
                    Some(id) => get_evidence(slug, id).await,
                    None => Err(ApiError::NotFound),
                }
            },
        );
        Self {
            list,
            add_link,
            delete,
            restore,
            uploads,
            upload_result: RwSignal::new(None),
            progress: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
        }
    }
}

/// The evidence of item `item`: expected evidence, documents, upload and link forms.
#[component]
pub fn EvidenceSection(
    state: EvidenceState,
    slug: String,
    item: Uuid,
    expected: Vec<String>,
    required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let EvidenceState {
        list,
        add_link,
        delete,
        restore,
        uploads,
        upload_result,
        progress,
        refused,
    } = state;
    // A plain form post comes back with ?bukti=N or with the error in the query.
    let query = use_query_map();
    let plain_stored = move || {
        query
            .read()
            .get("bukti")
            .and_then(|n| n.parse::<usize>().ok())
    };
    let plain_upload_error = plain_form_error("/bukti");
    let plain_link_error = plain_form_error("/api/bukti/tautan");
    let plain_delete_error = plain_form_error("/api/bukti/hapus");
    let plain_restore_error = plain_form_error("/api/bukti/pulihkan");
    let plain_error = move || {
        plain_upload_error()
            .or_else(plain_link_error)
            .or_else(plain_delete_error)
            .or_else(plain_restore_error)
    };
    let upload_url = format!("/t/{slug}/butir/{item}/bukti");
    view! {
        <section class="card" id="bukti">
            <h2>{t!(i18n, evidence)}</h2>
            {(!expected.is_empty()).then(|| view! {
                <h3>{t!(i18n, ev_expected)}</h3>
                <ul>{expected.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
            })}
            {required.then(|| view! { <p><span class="badge warn">{t!(i18n, instrument_evidence_required)}</span></p> })}
            {move || plain_stored().map(|count| view! { <p class="notice" role="status">{t!(i18n, ev_uploaded, count = move || count)}</p> })}
            {move || plain_error().map(|err| view! { <div class="alert" role="alert"><ErrorText err /></div> })}
            <Done value=add_link.value()>{t!(i18n, ev_link_saved)}</Done>
            <Done value=delete.value()>{t!(i18n, ev_deleted_done)}</Done>
            <Done value=restore.value()>{t!(i18n, ev_restored)}</Done>
            <ActionError value=delete.value() />
            <ActionError value=restore.value() />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {
                    let slug = slug.clone();
                    let upload_url = upload_url.clone();
                    move || {
                        let slug = slug.clone();
                        let upload_url = upload_url.clone();
                        Suspend::new(async move {
                            match list.await {
                                Ok(ev) => view! {
                                    <Documents ev=ev.clone() slug=slug.clone() delete restore />
                                    {if ev.can_add {
                                        view! {
                                            <UploadForm
                                                ev=ev.clone()
                                                url=upload_url.clone()
                                                uploads
                                                upload_result
                                                progress
                                                refused
                                            />
                                            <LinkForm ev=ev.clone() slug=slug.clone() add_link />
                                        }.into_any()
                                    } else {
                                        view! { <p class="muted small">{t!(i18n, ev_read_only)}</p> }.into_any()
                                    }}
                                }.into_any(),
                                Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

/// The documents, newest revision first, earlier ones folded; then the deleted ones.
#[component]
fn Documents(
    ev: EvidenceList,
    slug: String,
    delete: ServerAction<DeleteEvidence>,
    restore: ServerAction<RestoreEvidence>,
) -> impl IntoView {
    let i18n = use_i18n();
    let can_delete = ev.can_delete;
    let days = ev.limits.retention_days;
    let slug2 = slug.clone();
    view! {
        {if ev.documents.is_empty() {
            view! { <p class="muted">{t!(i18n, ev_none)}</p> }.into_any()
        } else {
            view! {
                <ul class="evidence">
                    {ev.documents.into_iter().map(|doc| {
                        let slug = slug.clone();
                        view! { <DocumentItem doc slug can_delete delete /> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(ev.can_restore && !ev.deleted.is_empty()).then(|| view! {
            <details class="deleted-evidence">
                <summary>{t!(i18n, ev_deleted_title)}" ("{ev.deleted.len()}")"</summary>
                <p class="muted small">{t!(i18n, ev_deleted_hint, days = move || days)}</p>
                <ul class="evidence">
                    {ev.deleted.into_iter().map(|doc| {
                        let (who, at) = doc
                            .deleted
                            .clone()
                            .map_or((None, String::new()), |(who, at)| (who, at.to_string()));
                        let who = who.unwrap_or_else(|| "—".to_owned());
                        let slug = slug2.clone();
                        view! {
                            <li>
                                <span class="evidence-name">{doc.title.clone()}</span>" "
                                <span class="muted small">{t!(i18n, ev_deleted_by, who = move || who.clone(), at = move || at.clone())}</span>
                                <ActionForm action=restore attr:class="inline">
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="id" value=doc.id.to_string() />
                                    <button type="submit" class="button-secondary small">{t!(i18n, ev_restore)}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </details>
        })}
    }
}

/// One document: its newest revision in full, the earlier ones under a fold.
#[component]
fn DocumentItem(
    doc: EvidenceDoc,
    slug: String,
    can_delete: bool,
    delete: ServerAction<DeleteEvidence>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut revisions = doc.revisions.into_iter();
    let Some(latest) = revisions.next() else {
        return ().into_any();
    };
    let earlier: Vec<EvidenceRev> = revisions.collect();
    let count = earlier.len();
    let (s1, s2) = (slug.clone(), slug.clone());
    let doc_id = doc.id;
    view! {
        <li class="evidence-doc">
            <Revision rev=latest kind=doc.kind />
            {can_delete.then(|| view! {
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="slug" value=s1.clone() />
                    <input type="hidden" name="id" value=doc_id.to_string() />
                    <button type="submit" class="button-secondary small">{t!(i18n, ev_delete)}</button>
                </ActionForm>
            })}
            {(count > 0).then(|| view! {
                <details>
                    <summary>{t!(i18n, ev_earlier, count = move || count)}</summary>
                    <ul class="evidence">
                        {earlier.into_iter().map(|rev| {
                            let rev_id = rev.id;
                            let slug = s2.clone();
                            view! {
                                <li>
                                    <Revision rev kind=doc.kind />
                                    {can_delete.then(|| view! {
                                        <ActionForm action=delete attr:class="inline">
                                            <input type="hidden" name="slug" value=slug.clone() />
                                            <input type="hidden" name="id" value=doc_id.to_string() />
                                            <input type="hidden" name="revision" value=rev_id.to_string() />
                                            <button type="submit" class="button-secondary small">{t!(i18n, ev_delete_revision)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </li>
    }
    .into_any()
}

/// One revision: preview or link, name, size, dates, uploader, note.
#[component]
fn Revision(rev: EvidenceRev, kind: EvidenceKind) -> impl IntoView {
    let i18n = use_i18n();
    let n = rev.number;
    let effective = iso_date_id(&rev.effective_on);
    let uploader = rev.uploaded_by.clone().unwrap_or_else(|| "—".to_owned());
    let at = rev.uploaded_at.to_string();
    let is_image = rev.file_kind.is_some_and(FileKind::is_image);
    let previews = rev.file_kind.is_some_and(FileKind::previews);
    let download = format!("{}?unduh=1", rev.href);
    let meta = match kind {
        EvidenceKind::File => format!(
            "{} · {}",
            rev.file_kind
                .map(|k| k.extension().to_uppercase())
                .unwrap_or_default(),
            human_size(rev.size)
        ),
        EvidenceKind::Link => String::new(),
    };
    view! {
        <div class="evidence-rev">
            {is_image.then(|| view! {
                <a href=rev.href.clone() target="_blank" rel="noopener" class="thumb">
                    <img src=rev.href.clone() alt=rev.name.clone() loading="lazy" width="96" height="96" />
                </a>
            })}
            <div>
                <p class="evidence-name">
                    {match kind {
                        EvidenceKind::Link => view! {
                            <span class="badge">{t!(i18n, ev_link)}</span>" "
                            <a href=rev.href.clone() target="_blank" rel="noopener noreferrer">{rev.name.clone()}</a>
                        }.into_any(),
                        EvidenceKind::File => view! {
                            <a href=rev.href.clone() target=if previews { "_blank" } else { "_self" } rel="noopener">{rev.name.clone()}</a>
                        }.into_any(),
                    }}
                    {rev.expired.then(|| view! { " "<span class="badge warn">{t!(i18n, ev_expired)}</span> })}
                </p>
                <p class="muted small">
                    {t!(i18n, ev_revision, n = move || n)}
                    {(!meta.is_empty()).then(|| format!(" · {meta}"))}
                    " · "{t!(i18n, ev_effective, date = move || effective.clone())}
                    {rev.expires_on.as_deref().map(iso_date_id).map(|d| view! { " "{t!(i18n, ev_until, date = move || d.clone())} })}
                    " · "{t!(i18n, ev_uploaded_by, who = move || uploader.clone(), at = move || at.clone())}
                </p>
                {rev.note.clone().map(|note| view! { <p class="small">{note}</p> })}
                {(kind == EvidenceKind::File).then(|| view! {
                    <p class="small evidence-actions">
                        {previews.then(|| view! { <a href=rev.href.clone() target="_blank" rel="noopener">{t!(i18n, ev_open)}</a>" · " })}
                        <a href=download.clone()>{t!(i18n, ev_download)}</a>
                    </p>
                })}
            </div>
        </div>
    }
}

/// The documents a new upload of `kind` can become a revision of.
fn revision_choices(ev: &EvidenceList, kind: EvidenceKind) -> Vec<(Uuid, String)> {
    ev.documents
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| (d.id, d.title.clone()))
        .collect()
}

/// The "save as" choice: a new document or a revision of an existing one.
#[component]
fn SaveAs(id: &'static str, choices: Vec<(Uuid, String)>) -> impl IntoView {
    let i18n = use_i18n();
    (!choices.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for=id>{t!(i18n, ev_as_revision_of)}</label>
                <select id=id name="evidence">
                    <option value="">{t_string!(i18n, ev_new_document)}</option>
                    {choices.into_iter().map(|(id, title)| view! {
                        <option value=id.to_string()>{format!("{} “{title}”", t_string!(i18n, ev_new_revision_of))}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    })
}

/// The dates and note every upload and link carries.
#[component]
fn DetailFields(prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let (eff, exp, note) = match prefix {
        "l" => ("l-effective", "l-expires", "l-note"),
        _ => ("u-effective", "u-expires", "u-note"),
    };
    view! {
        <div class="field">
            <label for=eff>{t!(i18n, ev_effective_on)}</label>
            <input id=eff type="date" name="effective_on" />
            <p class="muted small">{t!(i18n, ev_effective_hint)}</p>
        </div>
        <div class="field">
            <label for=exp>{t!(i18n, ev_expires_on)}</label>
            <input id=exp type="date" name="expires_on" />
        </div>
        <div class="field">
            <label for=note>{t!(i18n, ev_note)}</label>
            <input id=note name="note" maxlength="500" />
        </div>
    }
}

/// The upload form. Without JavaScript it posts as is; with it, the files are checked against
/// the limits first and sent with a progress bar, and files can be dropped onto it.
#[component]
fn UploadForm(
    ev: EvidenceList,
    url: String,
    uploads: RwSignal<u32>,
    upload_result: RwSignal<Option<Result<UploadResult, ApiError>>>,
    progress: RwSignal<Option<(String, u32)>>,
    refused: RwSignal<Vec<Before>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let limits = ev.limits.clone();
    let types = limits
        .allowed
        .iter()
        .map(|k| k.extension().to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    let (max, free, quota) = (
        human_size(limits.max_file_bytes),
        human_size(limits.free()),
        human_size(limits.quota_bytes),
    );
    let accept = FileKind::accept_attribute(&limits.allowed);
    let camera = limits.allowed.iter().any(|k| k.is_image());
    let files_input = NodeRef::<leptos::html::Input>::new();
    let camera_input = NodeRef::<leptos::html::Input>::new();
    let dragging = RwSignal::new(false);
    let action = url.clone();
    let on_submit = {
        let limits = limits.clone();
        move |ev: leptos::ev::SubmitEvent| {
            let inputs = [files_input.get_untracked(), camera_input.get_untracked()];
            let chosen = chosen_files(&inputs);
            let problems = check_before(&chosen, &limits);
            if !problems.is_empty() {
                ev.prevent_default();
                refused.set(problems);
                return;
            }
            refused.set(Vec::new());
            if chosen.is_empty() {
                return; // the server says what is missing
            }
            if send_with_progress(&ev, &url, chosen, uploads, upload_result, progress) {
                ev.prevent_default();
            }
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev.data_transfer().and_then(|dt| dt.files());
        if let (Some(files), Some(input)) = (files, files_input.get_untracked()) {
            input.set_files(Some(&files));
        }
    };
    view! {
        <form
            method="post"
            action=action
            enctype="multipart/form-data"
            class="stack upload"
            class:dragging=move || dragging.get()
            on:submit=on_submit
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h3>{t!(i18n, ev_upload_title)}</h3>
            <SaveAs id="u-evidence" choices=revision_choices(&ev, EvidenceKind::File) />
            <DetailFields prefix="u" />
            <div class="dropzone">
                <p class="muted small">{t!(i18n, ev_drop)}</p>
                <label for="u-files">{t!(i18n, ev_choose)}</label>
                <input id="u-files" type="file" name="berkas" multiple accept=accept.clone() node_ref=files_input />
                {camera.then(|| view! {
                    <label for="u-camera" class="camera">{t!(i18n, ev_camera)}</label>
                    <input id="u-camera" type="file" name="berkas" accept="image/*" capture="environment" node_ref=camera_input />
                })}
            </div>
            <p class="muted small">{t!(i18n, ev_limits, types = move || types.clone(), max = move || max.clone(), free = move || free.clone(), quota = move || quota.clone())}</p>
            {move || {
                let problems = refused.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="alert" role="alert">
                        <ul>{problems.into_iter().map(|p| view! { <li><BeforeText problem=p /></li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || progress.get().map(|(name, percent)| view! {
                <p class="upload-progress" role="status">
                    {t!(i18n, ev_uploading, name = move || name.clone(), percent = move || percent)}
                    <br />
                    <progress max="100" value=percent.to_string()>{format!("{percent}%")}</progress>
                </p>
            })}
            {move || match upload_result.get() {
                Some(Ok(done)) => {
                    let count = done.stored.len();
                    Some(view! { <p class="notice" role="status">{t!(i18n, ev_uploaded, count = move || count)}</p> }.into_any())
                }
                Some(Err(err)) => Some(view! { <div class="alert" role="alert"><ErrorText err /></div> }.into_any()),
                None => None,
            }}
            <button type="submit" class="button-primary" disabled=move || progress.get().is_some()>{t!(i18n, ev_upload)}</button>
        </form>
    }
}

/// The link form.
#[component]
fn LinkForm(
    ev: EvidenceList,
    slug: String,
    add_link: ServerAction<AddEvidenceLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="link-form">
            <summary>{t!(i18n, ev_link_title)}</summary>
            <p class="muted small">{t!(i18n, ev_link_hint)}</p>
            <ActionError value=add_link.value() />
            <ActionForm action=add_link attr:class="stack">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="item" value=ev.item.to_string() />
                <SaveAs id="l-evidence" choices=revision_choices(&ev, EvidenceKind::Link) />
                <div class="field">
                    <label for="l-url">{t!(i18n, ev_link_url)}</label>
                    <input id="l-url" type="url" name="url" required maxlength="2000" placeholder="https://" />
                </div>
                <div class="field">
                    <label for="l-title">{t!(i18n, ev_link_name)}</label>
                    <input id="l-title" name="title" maxlength="200" />
                </div>
                <DetailFields prefix="l" />
                <button type="submit" class="button-secondary">{t!(i18n, ev_add_link)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn BeforeText(problem: Before) -> impl IntoView {
    let i18n = use_i18n();
    match problem {
        Before::TooBig { name, size, limit } => {
            let (size, limit) = (human_size(size), human_size(limit));
            t!(
                i18n,
                ev_too_big_before,
                name = move || name.clone(),
                size = move || size.clone(),
                limit = move || limit.clone()
            )
            .into_any()
        }
        Before::NoRoom { name, size, free } => {
            let (size, free) = (human_size(size), human_size(free));
            t!(
                i18n,
                ev_quota_before,
                name = move || name.clone(),
                size = move || size.clone(),
                free = move || free.clone()
            )
            .into_any()
        }
        Before::Type { name } => t!(i18n, ev_type_before, name = move || name.clone()).into_any(),
    }
}

/// Name and size of each chosen file.
fn chosen_files(inputs: &[Option<web_sys::HtmlInputElement>]) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for input in inputs.iter().flatten() {
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                if let Some(f) = files.get(i) {
                    out.push((f.name(), f.size() as u64));
                }
            }
        }
    }
    out
}

/// What is wrong with the chosen files before any byte is sent.
fn check_before(files: &[(String, u64)], limits: &UploadLimits) -> Vec<Before> {
    let mut problems = Vec::new();
    let mut free = limits.free();
    for (name, size) in files {
        let kind = FileKind::from_extension(split_extension(name).1);
        if !kind.is_some_and(|k| limits.allowed.contains(&k)) {
            problems.push(Before::Type { name: name.clone() });
        } else if *size > limits.max_file_bytes {
            problems.push(Before::TooBig {
                name: name.clone(),
                size: *size,
                limit: limits.max_file_bytes,
            });
        } else if *size > free {
            problems.push(Before::NoRoom {
                name: name.clone(),
                size: *size,
                free,
            });
        } else {
            free -= size;
        }
    }
    problems
}

/// Sends the form with `XMLHttpRequest` (the one browser API that reports upload progress).
/// Returns false when it could not start, so the plain form post goes ahead instead.
#[cfg(feature = "hydrate")]
fn send_with_progress(
    ev: &leptos::ev::SubmitEvent,
    url: &str,
    chosen: Vec<(String, u64)>,
    uploads: RwSignal<u32>,
    upload_result: RwSignal<Option<Result<UploadResult, ApiError>>>,
    progress: RwSignal<Option<(String, u32)>>,
) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return false;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return false;
    };
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return false;
    };
    if xhr.open("POST", url).is_err()
        || xhr
            .set_request_header("Accept", "application/json")
            .is_err()
    {
        return false;
    }
    let label = match chosen.as_slice() {
        [(name, _)] => name.clone(),
        many => format!("{} berkas", many.len()),
    };
    upload_result.set(None);
    progress.set(Some((label.clone(), 0)));
    if let Ok(upload) = xhr.upload() {
        let label = label.clone();
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    let percent = (e.loaded() / e.total() * 100.0).floor() as u32;
                    progress.set(Some((label.clone(), percent.min(100))));
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let done = {
        let xhr = xhr.clone();
        let form = form.clone();
        Closure::once_into_js(move || {
            progress.set(None);
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            let result = if status == 200 {
                serde_json::from_str::<UploadResult>(&text)
                    .map_err(|e| ApiError::Request(e.to_string()))
            } else if status == 0 {
                Err(ApiError::Evidence(
                    crate::domain::evidence::EvidenceProblem::Interrupted,
                ))
            } else {
                Err(serde_json::from_str::<ApiError>(&text)
                    .unwrap_or_else(|_| ApiError::Request(format!("HTTP {status}"))))
            };
            if result.is_ok() {
                form.reset();
            }
            upload_result.set(Some(result));
            uploads.update(|n| *n += 1);
        })
    };
    xhr.set_onloadend(Some(done.unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&data)).is_ok()
}

#[cfg(not(feature = "hydrate"))]
fn send_with_progress(
    _ev: &leptos::ev::SubmitEvent,
    _url: &str,
    _chosen: Vec<(String, u64)>,
    _uploads: RwSignal<u32>,
    _upload_result: RwSignal<Option<Result<UploadResult, ApiError>>>,
    _progress: RwSignal<Option<(String, u32)>>,
) -> bool {
    false
}
