//! Where evidence bytes live: a folder under the data directory (default) or an S3-compatible
//! bucket, both through `object_store`. Bytes are written as a multipart upload that becomes an
//! object only when complete, so a broken transfer never leaves a readable object; the SHA-256 is
//! computed on the way and memory stays at a few parts whatever the file size.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

/// Part size of multipart writes: S3's minimum, and the most a single upload holds in memory
/// per part in flight.
const PART_BYTES: usize = 5 * 1024 * 1024;
/// Parts in flight at once per upload.
const PARTS_IN_FLIGHT: usize = 2;
/// The prefix every evidence object is stored under.
pub const EVIDENCE_PREFIX: &str = "evidence";

/// S3-compatible object storage settings.
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    /// The bucket.
    pub bucket: String,
    /// The endpoint for non-AWS stores (MinIO, Ceph, moto), e.g. `http://127.0.0.1:9000`.
    pub endpoint: Option<String>,
    /// The region (`us-east-1` when not given).
    pub region: Option<String>,
    /// Access key id (else `AWS_ACCESS_KEY_ID`).
    pub access_key_id: Option<String>,
    /// Secret access key (else `AWS_SECRET_ACCESS_KEY`).
    pub secret_access_key: Option<String>,
    /// Allow plain `http://` endpoints (local test servers).
    pub allow_http: bool,
}

/// The evidence store.
#[derive(Debug, Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The folder of the local backend (for cleaning up its half-written staging files).
    local_root: Option<PathBuf>,
    /// `local:/path` or `s3://bucket`, for logs.
    label: String,
}

/// Why storing failed.
#[derive(Debug)]
pub enum PutError {
    /// The body went past `limit` bytes; nothing is kept.
    TooLarge,
    /// The body stream failed (client gone); nothing is kept.
    Interrupted,
    /// The store failed.
    Store(object_store::Error),
}

/// Bytes stored under a key.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The key.
    pub key: String,
    /// Byte count.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// An object being read.
pub struct Reading {
    /// Total size of the object.
    pub size: u64,
    /// The bytes asked for.
    pub body: futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
}

/// A multipart write that is aborted if it is dropped unfinished (the request was cancelled),
/// so the store keeps no parts of it.
struct Writing(Option<WriteMultipart>);

impl Drop for Writing {
    fn drop(&mut self) {
        if let Some(w) = self.0.take() {
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    let _ = w.abort().await;
                });
            }
        }
    }
}

impl Storage {
    /// Files under `root` (created when missing).
    pub fn local(root: &Path) -> Result<Self, object_store::Error> {
        std::fs::create_dir_all(root).map_err(|e| object_store::Error::Generic {
            store: "local",
            source: Box::new(e),
        })?;
        let store = LocalFileSystem::new_with_prefix(root)?.with_automatic_cleanup(true);
        Ok(Self {
            store: Arc::new(store),
            local_root: Some(root.to_path_buf()),
            label: format!("local:{}", root.display()),
        })
    }

    /// An S3-compatible bucket.
    pub fn s3(settings: &S3Settings) -> Result<Self, object_store::Error> {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&settings.bucket)
            .with_region(settings.region.as_deref().unwrap_or("us-east-1"))
            .with_allow_http(settings.allow_http);
        if let Some(endpoint) = &settings.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        if let Some(key) = &settings.access_key_id {
            builder = builder.with_access_key_id(key);
        }
        if let Some(secret) = &settings.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        Ok(Self {
            store: Arc::new(builder.build()?),
            local_root: None,
            label: format!("s3://{}", settings.bucket),
        })
    }

    /// `local:/path` or `s3://bucket`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// A fresh, unguessable key for a tenant's evidence.
    pub fn new_key(tenant: Uuid) -> String {
        format!("{EVIDENCE_PREFIX}/{tenant}/{}", Uuid::new_v4())
    }

    /// Streams `head` then `rest` to `key`, refusing more than `limit` bytes. The object exists
    /// only if this returns `Ok`.
    pub async fn put<S, E>(
        &self,
        key: &str,
        head: Bytes,
        mut rest: S,
        limit: u64,
    ) -> Result<Stored, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
    {
        let path = StorePath::from(key);
        let upload = self
            .store
            .put_multipart(&path)
            .await
            .map_err(PutError::Store)?;
        let mut writing = Writing(Some(WriteMultipart::new_with_chunk_size(
            upload, PART_BYTES,
        )));
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut chunk = Some(head);
        loop {
            let bytes = match chunk.take() {
                Some(b) => b,
                None => match rest.next().await {
                    Some(Ok(b)) => b,
                    Some(Err(_)) => return Err(abort(writing, PutError::Interrupted).await),
                    None => break,
                },
            };
            size += bytes.len() as u64;
            if size > limit {
                return Err(abort(writing, PutError::TooLarge).await);
            }
            hasher.update(&bytes);
            let w = writing.0.as_mut().expect("writer present until finished");
            if let Err(e) = w.wait_for_capacity(PARTS_IN_FLIGHT).await {
                return Err(abort(writing, PutError::Store(e)).await);
            }
            w.write(&bytes);
        }
        let w = writing.0.take().expect("writer present until finished");
        w.finish().await.map_err(PutError::Store)?;
        Ok(Stored {
            key: key.to_owned(),
            size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// Reads `key`, all of it or the byte `range`.
    pub async fn get(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<Reading, object_store::Error> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = self.store.get_opts(&StorePath::from(key), options).await?;
        let size = result.meta.size;
        Ok(Reading {
            size,
            body: result.into_stream(),
        })
    }

    /// Removes `key`; a key already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), object_store::Error> {
        match self.store.delete(&StorePath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Whether `key` exists.
    pub async fn exists(&self, key: &str) -> Result<bool, object_store::Error> {
        match self.store.head(&StorePath::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every evidence object last modified before `before`: `(key, size)`.
    pub async fn list_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(String, u64)>, object_store::Error> {
        let prefix = StorePath::from(EVIDENCE_PREFIX);
        let mut listing = self.store.list(Some(&prefix));
        let mut out = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            if meta.last_modified < before {
                out.push((meta.location.to_string(), meta.size));
            }
        }
        Ok(out)
    }

    /// Removes the local backend's staging files (`name#n`) older than `before`: what a
    /// process killed mid-upload leaves. Returns how many were removed. S3 keeps such parts as
    /// incomplete multipart uploads, which the bucket's lifecycle rule removes.
    pub fn remove_stale_staging(&self, before: std::time::SystemTime) -> usize {
        let Some(root) = &self.local_root else {
            return 0;
        };
        let mut removed = 0;
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() {
                    stack.push(path);
                    continue;
                }
                let staging = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.rsplit_once('#'))
                    .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                let old = meta.modified().is_ok_and(|m| m < before);
                if staging && old && std::fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }
}

async fn abort(mut writing: Writing, why: PutError) -> PutError {
    if let Some(w) = writing.0.take() {
        let _ = w.abort().await;
    }
    why
}
