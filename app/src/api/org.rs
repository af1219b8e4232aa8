//! The organisation of a pemda: OPDs, their service units and services, the lokus choice, and
//! the bulk import/export of the OPD/unit list.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An OPD with its units, as the organisation page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpdView {
    /// Id.
    pub id: Uuid,
    /// Code, e.g. `DUKCAPIL`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Head's name.
    pub head_name: Option<String>,
    /// Chosen for assessment.
    pub is_lokus: bool,
    /// Its service units.
    pub units: Vec<UnitView>,
}

/// A service unit with its services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Head's name.
    pub head_name: Option<String>,
    /// Chosen for assessment.
    pub is_lokus: bool,
    /// Services (*produk layanan*).
    pub services: Vec<ServiceView>,
}

/// A service (*produk layanan*).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceView {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A tenant page's header: the pemda and what the caller may do there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantInfo {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Province.
    pub province: String,
    /// Whether the caller may manage organisation, people and mentor access.
    pub can_manage: bool,
    /// Whether a logo was uploaded.
    pub has_logo: bool,
    /// The pemda's time zone (IANA name, e.g. `Asia/Makassar`).
    pub time_zone: String,
}

/// The pemda with `slug`, for the caller.
#[server(prefix = "/api", endpoint = "pemda/info")]
pub async fn get_tenant_info(slug: String) -> Result<TenantInfo, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::org::tenant_info(&state, &scope).await?)
        }
        .await,
    )
}

/// Every OPD of the pemda with units and services.
#[server(prefix = "/api", endpoint = "organisasi/daftar")]
pub async fn get_org(slug: String) -> Result<Vec<OpdView>, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::org::list(&state, &scope).await?)
        }
        .await,
    )
}

/// Adds an OPD.
#[server(prefix = "/api", endpoint = "organisasi/opd-baru")]
pub async fn create_opd(
    slug: String,
    code: String,
    name: String,
    head_name: Option<String>,
    is_lokus: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::org::create_opd(
                &state,
                &scope,
                &code,
                &name,
                head_name.as_deref(),
                is_lokus.is_some(),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// Adds a service unit to an OPD.
#[server(prefix = "/api", endpoint = "organisasi/unit-baru")]
pub async fn create_unit(
    slug: String,
    opd_id: Uuid,
    code: String,
    name: String,
    head_name: Option<String>,
    is_lokus: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::org::create_unit(
                &state,
                &scope,
                opd_id,
                &code,
                &name,
                head_name.as_deref(),
                is_lokus.is_some(),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// Adds a service to a unit.
#[server(prefix = "/api", endpoint = "organisasi/layanan-baru")]
pub async fn create_service(
    slug: String,
    unit_id: Uuid,
    code: String,
    name: String,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::org::create_service(&state, &scope, unit_id, &code, &name).await?;
            Ok(())
        }
        .await,
    )
}

/// Marks an OPD or unit as lokus, or not.
#[server(prefix = "/api", endpoint = "organisasi/lokus")]
pub async fn set_lokus(slug: String, id: Uuid, lokus: bool) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::org::set_lokus(&state, &scope, id, lokus).await?;
            Ok(())
        }
        .await,
    )
}

/// Sets the pemda's time zone (an IANA name among [`crate::domain::zone::Zone::ALL`]):
/// deadlines, reminders and every time shown follow it.
#[server(prefix = "/api", endpoint = "organisasi/zona-waktu")]
pub async fn set_time_zone(slug: String, time_zone: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::org::set_time_zone(&state, &scope, &time_zone).await?;
            Ok(())
        }
        .await,
    )
}

/// Largest import file accepted.
pub const IMPORT_MAX_BYTES: usize = 512 * 1024;

/// Imports the OPD/unit list from an uploaded CSV or XLSX file (form fields `slug` and
/// `berkas`). All or nothing: any problem refuses the whole file and lists every problem with
/// its row and column. On success the browser returns to the organisation page with a summary.
#[server(prefix = "/api", endpoint = "organisasi/impor", input = server_fn::codec::MultipartFormData)]
pub async fn import_org(data: server_fn::codec::MultipartData) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            use crate::domain::account::FieldProblem;
            let upload = super::ssr::read_upload(data, "berkas", IMPORT_MAX_BYTES).await?;
            let bytes = upload.file;
            let slug = upload.text.get("slug").cloned().ok_or(ApiError::NotFound)?;
            let (state, scope) = super::ssr::tenant(&slug).await?;
            scope.require(crate::domain::role::Permission::ManageOrganisation)?;
            if bytes.is_empty() {
                return Err(ApiError::Field {
                    field: "berkas".to_owned(),
                    problem: FieldProblem::Required,
                });
            }
            let (header, rows) = crate::server::sheets::read_table(&bytes)
                .map_err(crate::server::error::ServiceError::Import)?;
            let rows = crate::domain::org::check_import(&header, &rows)
                .map_err(crate::server::error::ServiceError::Import)?;
            let s = crate::server::org::import(&state, &scope, rows).await?;
            leptos_axum::redirect(&format!(
                "/t/{slug}/organisasi?impor=1&opd_baru={}&opd_ubah={}&unit_baru={}&unit_ubah={}",
                s.opds_added, s.opds_updated, s.units_added, s.units_updated
            ));
            Ok(())
        }
        .await,
    )
}
