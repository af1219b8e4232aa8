//! Evidence bytes over HTTP: the streaming upload (a plain form post, or the page's script with
//! a progress bar) and the permission-checked download with range requests.
//!
//! These are axum routes rather than server functions because the body must stream to storage
//! as it arrives, and a download must stream out with `Range` support; both keep memory flat
//! whatever the file size.

use crate::pages::plain_page;
use app::api::evidence::UploadResult;
use app::api::ApiError;
use app::domain::evidence::EvidenceProblem;
use app::server::error::ServiceError;
use app::server::evidence::{self as service, Details};
use app::server::request::ClientAddress;
use app::server::scope::{tenant_scope, TenantScope};
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use tower_sessions::Session;
use uuid::Uuid;

/// Bytes of form fields and multipart framing allowed on top of the files.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// Files one form post may carry.
pub const MAX_FILES_PER_POST: u64 = 10;

/// The largest upload request body the server reads at all.
pub fn max_request_bytes(state: &AppState) -> u64 {
    state.settings.evidence.max_file_bytes * MAX_FILES_PER_POST + FORM_OVERHEAD
}

/// The caller's scope in tenant `slug`; not being signed in is refused like a missing right.
async fn signed_in_scope(
    state: &AppState,
    session: &Session,
    slug: &str,
) -> Result<TenantScope, ServiceError> {
    let user = crate::exports::session_user(state, session)
        .await
        .ok_or(ServiceError::Forbidden)?;
    tenant_scope(state, &user, slug).await
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}

/// The answer to an upload: JSON for the page's script, a redirect back to the item for a
/// plain form (with the error in the query the page reads, as server functions do).
fn answer(json: bool, slug: &str, item: Uuid, result: Result<UploadResult, ApiError>) -> Response {
    let back = format!("/t/{slug}/butir/{item}");
    match (json, result) {
        (true, Ok(done)) => (StatusCode::OK, axum::Json(done)).into_response(),
        (true, Err(err)) => (err.status(), axum::Json(err)).into_response(),
        (false, Ok(done)) => {
            Redirect::to(&format!("{back}?bukti={}#bukti", done.stored.len())).into_response()
        }
        (false, Err(err)) => {
            let url = leptos::server_fn::error::ServerFnUrlError::new("/bukti", err)
                .to_url(&format!("http://patuh{back}"))
                .map(|u| format!("{}?{}#bukti", u.path(), u.query().unwrap_or_default()))
                .unwrap_or(back);
            Redirect::to(&url).into_response()
        }
    }
}

/// `POST /t/{slug}/butir/{id}/bukti`: `multipart/form-data` with the optional text fields
/// `evidence` (a document to add a revision to), `effective_on`, `expires_on` and `note`, then
/// one or more file fields `berkas`. Text fields must come before the files (a form lists them
/// first). Each file is stored or refused on its own; the answer names the first refusal.
pub async fn upload(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, item)): Path<(String, Uuid)>,
    address: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let address = address.map(|a| a.0 .0.clone());
    let result = service::with_address(address, async {
        let scope = signed_in_scope(&state, &session, &slug).await?;
        let target = service::prepare(&state, &scope, item).await?;
        // Refused before the transfer when the declared size already says no.
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(len) = declared {
            let limits = &state.settings.evidence;
            if len > target.free + FORM_OVERHEAD {
                return Err(ServiceError::Evidence(EvidenceProblem::Quota {
                    free: target.free,
                    quota: limits.tenant_quota_bytes,
                }));
            }
            if len > max_request_bytes(&state) {
                return Err(ServiceError::Evidence(EvidenceProblem::TooLarge {
                    name: String::new(),
                    limit: limits.max_file_bytes,
                }));
            }
        }
        let mut multipart =
            multipart.map_err(|_| ServiceError::Evidence(EvidenceProblem::NoFile))?;
        store_files(&state, &scope, target, &mut multipart).await
    })
    .await;
    answer(json, &slug, item, result.map_err(ApiError::from))
}

async fn store_files(
    state: &AppState,
    scope: &TenantScope,
    mut target: service::Target,
    multipart: &mut Multipart,
) -> Result<UploadResult, ServiceError> {
    let mut details = Details::default();
    let mut stored = Vec::new();
    let mut first_problem: Option<ServiceError> = None;
    let mut files = 0u64;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // A form that ends before any file (or is not a form at all) has no file to store;
            // one that breaks off after a file was broken off.
            Err(_) => {
                let problem = if files == 0 {
                    EvidenceProblem::NoFile
                } else {
                    EvidenceProblem::Interrupted
                };
                first_problem.get_or_insert(ServiceError::Evidence(problem));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name != "berkas" {
            let text = field
                .text()
                .await
                .map_err(|_| ServiceError::Evidence(EvidenceProblem::Interrupted))?;
            let text = Some(text).filter(|t| !t.trim().is_empty());
            match name.as_str() {
                "evidence" => {
                    details.evidence = match text {
                        Some(t) => Some(t.trim().parse().map_err(|_| ServiceError::NotFound)?),
                        None => None,
                    }
                }
                "effective_on" => details.effective_on = text,
                "expires_on" => details.expires_on = text,
                "note" => details.note = text,
                _ => {}
            }
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        // A form with no file chosen still sends an empty, nameless part.
        if file_name.is_empty() {
            let _ = field.bytes().await;
            continue;
        }
        files += 1;
        if files > MAX_FILES_PER_POST {
            let _ = field.bytes().await;
            continue;
        }
        let body = Box::pin(field);
        match service::upload(state, scope, &target, &details, &file_name, body).await {
            Ok(done) => {
                target.free = target.free.saturating_sub(done.size);
                stored.push((done.name, done.number));
            }
            Err(e) => {
                let interrupted = matches!(e, ServiceError::Evidence(EvidenceProblem::Interrupted));
                first_problem.get_or_insert(e);
                if interrupted {
                    break;
                }
            }
        }
    }
    match first_problem {
        Some(problem) => Err(problem),
        None if stored.is_empty() => Err(ServiceError::Evidence(EvidenceProblem::NoFile)),
        None => Ok(UploadResult { stored }),
    }
}

/// `?unduh=1` asks for a download even of a type that opens in the browser.
#[derive(serde::Deserialize)]
pub struct DownloadQuery {
    unduh: Option<String>,
}

fn not_found() -> Response {
    let mut res = (
        StatusCode::NOT_FOUND,
        Html(plain_page(
            "Berkas tidak ditemukan · File not found",
            "Berkas ini tidak ada, sudah dihapus, atau Anda tidak berhak melihatnya.",
            "This file does not exist, was deleted, or you may not see it.",
            None,
        )),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `Content-Disposition` with the name as uploaded (RFC 6266: an ASCII fallback and the UTF-8
/// name).
fn disposition(inline: bool, name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    )
}

/// `GET /t/{slug}/bukti/{revision}`: the bytes of an evidence file, after the same tenant and
/// role checks as every page. Images and PDF open in place, the rest download; a single
/// `Range` is honoured (large PDFs open page by page).
pub async fn download(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
    Query(query): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Response {
    let Ok(scope) = signed_in_scope(&state, &session, &slug).await else {
        return not_found();
    };
    let file = match service::open(&state, &scope, id).await {
        Ok(file) => file,
        Err(ServiceError::NotFound | ServiceError::Forbidden) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "evidence lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let etag = format!("\"{}\"", file.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let range_applies = headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v == etag);
    let mut range = None;
    if let Some(value) = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| range_applies)
    {
        match http_range_header::parse_range_header(value).and_then(|r| r.validate(file.size)) {
            Ok(ranges) if ranges.len() == 1 => range = Some(ranges[0].clone()),
            Ok(_) => {} // several ranges: the whole file is a valid answer
            Err(_) => {
                return (
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    [(header::CONTENT_RANGE, format!("bytes */{}", file.size))],
                )
                    .into_response()
            }
        }
    }
    let reading = match state
        .storage
        .get(&file.key, range.clone().map(|r| *r.start()..*r.end() + 1))
        .await
    {
        Ok(reading) => reading,
        Err(e) => {
            tracing::error!(error = %e, key = file.key, "evidence bytes missing");
            return not_found();
        }
    };
    let inline = file.kind.previews() && query.unduh.is_none();
    let mut res = Response::new(Body::from_stream(reading.body));
    res.extensions_mut().insert(crate::startup::ServedAsStored);
    let h = res.headers_mut();
    let mut set = |name: header::HeaderName, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, file.kind.mime().to_owned());
    set(header::CONTENT_DISPOSITION, disposition(inline, &file.name));
    set(header::ETAG, etag);
    set(header::ACCEPT_RANGES, "bytes".to_owned());
    set(header::CACHE_CONTROL, "private, max-age=300".to_owned());
    // Its own policy: nothing in the file may run or load anything, but the browser's own PDF
    // viewer must be allowed to show it.
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; \
         frame-ancestors 'self'"
            .to_owned(),
    );
    match range {
        Some(r) => {
            set(
                header::CONTENT_LENGTH,
                (r.end() - r.start() + 1).to_string(),
            );
            set(
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{}", r.start(), r.end(), reading.size),
            );
            *res.status_mut() = StatusCode::PARTIAL_CONTENT;
        }
        None => set(header::CONTENT_LENGTH, reading.size.to_string()),
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_keeps_the_uploaded_name() {
        assert_eq!(
            disposition(true, "SK Bupati \"final\".pdf"),
            "inline; filename=\"SK Bupati _final_.pdf\"; filename*=UTF-8''SK%20Bupati%20%22final%22%2Epdf"
        );
        assert!(disposition(false, "Foto — ruang tunggu.jpg")
            .starts_with("attachment; filename=\"Foto _ ruang tunggu.jpg\""));
    }
}
