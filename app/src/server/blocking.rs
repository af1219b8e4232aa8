//! Work that would hold up the async runtime: CPU-heavy rendering (spreadsheets, PDFs, QR codes)
//! and file-system calls run on Tokio's blocking pool instead, so a report being written never
//! stalls the pages served beside it.

use super::error::{ServiceError, ServiceResult};

/// Runs `work` on the blocking pool and waits for its answer.
pub async fn off_runtime<T, F>(work: F) -> ServiceResult<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(format!("blocking task failed: {e}")))
}
