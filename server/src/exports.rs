//! Files that are not pages: the organisation list as XLSX or CSV, the tenant's logo, an
//! instrument version as YAML or XLSX, and a cycle's report as XLSX or PDF. Each checks the session and the tenant or operator scope
//! exactly as the server functions do.

use app::server::blocking::off_runtime;
use app::server::error::ServiceError;
use app::server::report::Kind;
use app::server::scope::{tenant_scope, TenantScope};
use app::server::session_store::USER_ID_KEY;
use app::server::state::AppState;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tower_sessions::Session;
use uuid::Uuid;

/// `?format=xlsx|csv`.
#[derive(serde::Deserialize)]
pub struct Format {
    format: Option<String>,
}

fn refuse(status: StatusCode) -> Response {
    (status, "Tidak ditemukan / Not found").into_response()
}

/// The caller's scope in the tenant `slug`, or the refusal to answer with.
async fn scope(state: &AppState, session: &Session, slug: &str) -> Result<TenantScope, Response> {
    let Some(user) = session_user(state, session).await else {
        return Err(refuse(StatusCode::UNAUTHORIZED));
    };
    match tenant_scope(state, &user, slug).await {
        Ok(s) => Ok(s),
        Err(ServiceError::TenantSuspended) => Err(refuse(StatusCode::FORBIDDEN)),
        Err(_) => Err(refuse(StatusCode::NOT_FOUND)),
    }
}

/// The signed-in, active user behind `session`.
pub(crate) async fn session_user(
    state: &AppState,
    session: &Session,
) -> Option<app::server::entities::user::Model> {
    let user_id = session.get::<Uuid>(USER_ID_KEY).await.ok().flatten()?;
    app::server::auth::active_user(state, user_id)
        .await
        .ok()
        .flatten()
}

/// `GET /admin/instrumen/{id}/ekspor?format=yaml|xlsx`: an instrument version in the import
/// format, for operators.
pub async fn instrument(
    Extension(state): Extension<AppState>,
    session: Session,
    Path(id): Path<Uuid>,
    Query(format): Query<Format>,
) -> Response {
    let Some(user) = session_user(&state, &session).await else {
        return refuse(StatusCode::UNAUTHORIZED);
    };
    if app::server::scope::operator_scope(&user).is_err() {
        return refuse(StatusCode::NOT_FOUND);
    }
    let xlsx = format.format.as_deref() == Some("xlsx");
    match app::server::instruments::export(&state.db, id, xlsx).await {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(ServiceError::NotFound) => refuse(StatusCode::NOT_FOUND),
        Err(e) => {
            tracing::error!(error = %e, "instrument export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /t/{slug}/logo`: the tenant's logo, for people with a role in it.
pub async fn logo(
    Extension(state): Extension<AppState>,
    session: Session,
    Path(slug): Path<String>,
) -> Response {
    let scope = match scope(&state, &session, &slug).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    match app::server::platform::logo(&state, &scope).await {
        Ok((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => refuse(StatusCode::NOT_FOUND),
    }
}

/// `GET /t/{slug}/organisasi/ekspor?format=xlsx|csv`: the OPD/unit list in the import format.
pub async fn organisation(
    Extension(state): Extension<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Query(format): Query<Format>,
) -> Response {
    let scope = match scope(&state, &session, &slug).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let rows = match app::server::org::export_rows(&state, &scope).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(error = %e, "organisation export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let name = format!("organisasi-{slug}");
    let csv = format.format.as_deref() == Some("csv");
    let (content_type, ext) = if csv {
        ("text/csv; charset=utf-8", "csv")
    } else {
        (XLSX, "xlsx")
    };
    let bytes = off_runtime(move || {
        if csv {
            app::server::sheets::write_csv(&rows).map_err(|e| e.to_string())
        } else {
            app::server::sheets::write_xlsx("Organisasi", &rows).map_err(|e| e.to_string())
        }
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    match bytes {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.{ext}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /t/{slug}/siklus/{id}/laporan.xlsx` and `…/laporan.pdf`: a cycle's report, for anyone
/// who may see the cycle. The file is written to a temporary file first and streamed from it.
async fn report(state: AppState, session: Session, slug: String, id: Uuid, kind: Kind) -> Response {
    let scope = match scope(&state, &session, &slug).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let report = match app::server::report::load(&state, &scope, id).await {
        Ok(r) => r,
        Err(ServiceError::NotFound) => return refuse(StatusCode::NOT_FOUND),
        Err(ServiceError::Forbidden) => return refuse(StatusCode::FORBIDDEN),
        Err(e) => {
            tracing::error!(error = %e, "loading the cycle report failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let name = app::server::report::file_name(&report, kind);
    let file = match app::server::report::write(report, kind).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "writing the cycle report failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let length = file.metadata().map(|m| m.len()).ok();
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    let mut res = (
        [
            (header::CONTENT_TYPE, kind.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response();
    if let Some(len) = length {
        res.headers_mut().insert(header::CONTENT_LENGTH, len.into());
    }
    res
}

/// `GET /t/{slug}/siklus/{id}/laporan.xlsx`.
pub async fn report_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Response {
    report(state, session, slug, id, Kind::Xlsx).await
}

/// `GET /t/{slug}/siklus/{id}/laporan.pdf`.
pub async fn report_pdf(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Response {
    report(state, session, slug, id, Kind::Pdf).await
}

fn attachment(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /t/{slug}/skm/{id}/laporan.xlsx` and `…/tanggapan.xlsx`: a survey period's report or
/// its raw responses, for anyone who may see the pemda.
async fn skm_file(
    state: AppState,
    session: Session,
    slug: String,
    id: Uuid,
    report: bool,
) -> Response {
    let scope = match scope(&state, &session, &slug).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let results = match app::server::skm::export_results(&state, &scope, id).await {
        Ok(r) => r,
        Err(ServiceError::NotFound) => return refuse(StatusCode::NOT_FOUND),
        Err(ServiceError::Forbidden) => return refuse(StatusCode::FORBIDDEN),
        Err(e) => {
            tracing::error!(error = %e, "loading the survey export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let name = if report {
        format!("laporan-skm-{}.xlsx", results.period.code)
    } else {
        format!("tanggapan-skm-{}.xlsx", results.period.code)
    };
    let tenant = scope.tenant().name.clone();
    let bytes = off_runtime(move || {
        if report {
            app::server::skm::report_xlsx(&results, &tenant).map_err(|e| e.to_string())
        } else {
            app::server::skm::responses_xlsx(&results).map_err(|e| e.to_string())
        }
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    match bytes {
        Ok(bytes) => attachment(&name, XLSX, bytes),
        Err(e) => {
            tracing::error!(error = %e, "writing the survey export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /t/{slug}/skm/{id}/laporan.xlsx`.
pub async fn skm_report(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Response {
    skm_file(state, session, slug, id, true).await
}

/// `GET /t/{slug}/skm/{id}/tanggapan.xlsx`.
pub async fn skm_responses(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Response {
    skm_file(state, session, slug, id, false).await
}

/// `GET /t/{slug}/skm/{id}/kode.csv`: a period's one-time codes, for whoever manages it.
pub async fn skm_codes(
    Extension(state): Extension<AppState>,
    session: Session,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Response {
    let scope = match scope(&state, &session, &slug).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    match app::server::skm::code_rows(&state, &scope, id).await {
        Ok((code, rows)) => match off_runtime(move || app::server::sheets::write_csv(&rows))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()))
        {
            Ok(bytes) => attachment(
                &format!("kode-skm-{code}.csv"),
                "text/csv; charset=utf-8",
                bytes,
            ),
            Err(e) => {
                tracing::error!(error = %e, "writing the codes failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Err(ServiceError::NotFound) => refuse(StatusCode::NOT_FOUND),
        Err(ServiceError::Forbidden) => refuse(StatusCode::FORBIDDEN),
        Err(e) => {
            tracing::error!(error = %e, "loading the codes failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
