//! Where uploaded bytes live: an object store (local disk by default), under keys
//! anzhi generates. The database keeps the metadata (`anzhi_store::files`).

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use uuid::Uuid;

/// Largest upload accepted by default.
pub const DEFAULT_MAX_UPLOAD: u64 = 20 * 1024 * 1024;

#[derive(Clone)]
pub struct FileStorage {
    store: Arc<dyn ObjectStore>,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    where_: String,
}

impl std::fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStorage")
            .field("at", &self.where_)
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl Default for FileStorage {
    /// In memory: for tests that do not touch files.
    fn default() -> Self {
        FileStorage {
            store: Arc::new(InMemory::new()),
            max_bytes: DEFAULT_MAX_UPLOAD,
            where_: "memory".into(),
        }
    }
}

impl FileStorage {
    /// Files under `dir` on the local disk (created when missing).
    pub fn local(dir: &Path, max_bytes: u64) -> std::io::Result<FileStorage> {
        std::fs::create_dir_all(dir)?;
        let fs = LocalFileSystem::new_with_prefix(dir)
            .map_err(std::io::Error::other)?
            .with_automatic_cleanup(true);
        Ok(FileStorage {
            store: Arc::new(fs),
            max_bytes,
            where_: dir.display().to_string(),
        })
    }

    pub fn is_memory(&self) -> bool {
        self.where_ == "memory"
    }

    /// A new key: `yyyy/mm/<uuid v7>`; never derived from a user-given name.
    pub fn new_key() -> String {
        let now = chrono::Utc::now();
        format!("{}/{}", now.format("%Y/%m"), Uuid::now_v7().simple())
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> object_store::Result<()> {
        self.store
            .put(&ObjectPath::from(key), PutPayload::from_bytes(bytes))
            .await
            .map(|_| ())
    }

    pub async fn get(&self, key: &str) -> object_store::Result<Bytes> {
        self.store.get(&ObjectPath::from(key)).await?.bytes().await
    }

    pub async fn delete(&self, key: &str) -> object_store::Result<()> {
        match self.store.delete(&ObjectPath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// Removes uploads never attached to anything within a day.
pub async fn sweep_stale(store: &anzhi_store::Store, files: &FileStorage) -> anyhow::Result<u64> {
    let before = chrono::Utc::now() - chrono::Duration::hours(24);
    let stale = store.stale_uploads(before).await?;
    let mut gone = Vec::new();
    'files: for (id, keys) in stale {
        for key in keys {
            if let Err(e) = files.delete(&key).await {
                tracing::warn!(error = %e, "removing a stale upload failed");
                continue 'files;
            }
        }
        gone.push(id);
    }
    Ok(store.forget_uploads(&gone).await?)
}
