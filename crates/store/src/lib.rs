//! anzhi-store: persistence for SQLite and PostgreSQL through one code path.
//!
//! Every business read and write takes the caller's [`Scope`] (inside an
//! [`Actor`] for writes); there is no unscoped read reachable from a handler.
//! Every write appends its audit record in the same transaction.

pub mod assessments;
pub mod audit;
pub mod bench_data;
pub mod board;
pub mod bulletins;
pub mod campaign_tally;
pub mod campaigns;
pub mod cockpit;
pub mod credit;
pub mod drills;
pub mod enterprises;
pub mod entity;
pub mod files;
pub mod hazard_stats;
pub mod hazards;
pub mod inspections;
pub mod maturity;
pub mod meetings;
pub mod migration;
pub mod orgs;
pub mod page;
pub mod practices;
pub mod profiles;
pub mod referrals;
pub mod reminders;
pub mod reports;
pub mod request_keys;
pub mod risk;
pub mod seed;
pub mod self_checks;
pub mod sessions;
pub mod settings;
pub mod testing;
pub mod training;
pub mod users;
pub mod weather;

use std::sync::Arc;
use std::time::Duration;

use anzhi_domain::crypto::FieldCipher;
use anzhi_domain::{FieldError, Role, Scope};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr, TransactionOptions,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

pub use page::{Page, PageReq};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("记录不存在")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("输入有误")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Forbidden(String),
    #[error("数据库错误: {0}")]
    Db(#[from] DbErr),
    #[error("数据解密失败")]
    Crypto,
}

impl StoreError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid(vec![FieldError::new(field, code, message)])
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who is acting, for scope checks and the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub scope: Scope,
    pub user_id: Option<Uuid>,
    pub username: String,
    pub role: Option<Role>,
    pub ip: Option<String>,
}

impl Actor {
    /// anzhi itself: start-up seeding and CLI maintenance.
    pub fn system() -> Actor {
        Actor {
            scope: Scope::Internal,
            user_id: None,
            username: "system".into(),
            role: None,
            ip: None,
        }
    }

    /// Someone not yet authenticated (a login attempt), named by what they typed.
    pub fn anonymous(username: &str, ip: Option<String>) -> Actor {
        Actor {
            scope: Scope::Internal,
            user_id: None,
            username: username.chars().take(64).collect(),
            role: None,
            ip,
        }
    }
}

struct Inner {
    read: DatabaseConnection,
    write: DatabaseConnection,
    backend: Backend,
    cipher: FieldCipher,
}

/// The database handle: a reader pool and a writer. On SQLite the writer is
/// one connection, so writes queue instead of failing with `SQLITE_BUSY`;
/// on PostgreSQL both are the same pool.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.inner.backend)
            .finish()
    }
}

impl Store {
    /// Connects (`sqlite://path?mode=rwc` or `postgres://…`) and applies the migrations.
    pub async fn open(url: &str, cipher: FieldCipher) -> Result<Store> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Conflict(
                "不支持的数据库地址（应以 sqlite: 或 postgres:// 开头）".into(),
            ));
        };
        let (read, write) = match backend {
            Backend::Sqlite => {
                let write = Database::connect(sqlite_options(url, 1)).await?;
                // Migrations first, through the writer, so readers see the schema.
                migration::Migrator::up(&write, None).await?;
                let read = Database::connect(sqlite_options(url, 4)).await?;
                (read, write)
            }
            Backend::Postgres => {
                let mut o = ConnectOptions::new(url.to_string());
                o.max_connections(16)
                    .min_connections(1)
                    .connect_timeout(Duration::from_secs(10))
                    .acquire_timeout(Duration::from_secs(30))
                    .sqlx_logging(false);
                let db = Database::connect(o).await?;
                migrate_postgres(&db).await?;
                (db.clone(), db)
            }
        };
        Ok(Store {
            inner: Arc::new(Inner {
                read,
                write,
                backend,
                cipher,
            }),
        })
    }

    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    pub(crate) fn r(&self) -> &DatabaseConnection {
        &self.inner.read
    }

    pub(crate) fn cipher(&self) -> &FieldCipher {
        &self.inner.cipher
    }

    /// A write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub(crate) async fn tx(&self) -> Result<DatabaseTransaction> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: match self.inner.backend {
                Backend::Sqlite => Some(sea_orm::SqliteTransactionMode::Immediate),
                Backend::Postgres => None,
            },
            ..Default::default()
        };
        Ok(self.inner.write.begin_with_options(opts).await?)
    }

    /// Checks the database answers.
    /// Refreshes the query planner's statistics (SQLite: `ANALYZE`; PostgreSQL keeps
    /// its own by autovacuum). Run at start and after large imports: without them
    /// SQLite scans all names for a search instead of looking up the bigram index.
    pub async fn analyze(&self) -> Result<()> {
        use sea_orm::ConnectionTrait;
        if self.inner.backend == Backend::Sqlite {
            self.inner.write.execute_unprepared("ANALYZE").await?;
            // Fold the write-ahead log back into the database after a large write,
            // so reads do not wade through it (never waits for readers).
            self.inner
                .write
                .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
                .await?;
        }
        Ok(())
    }

    /// Lets SQLite refresh statistics that have gone stale (cheap; run periodically).
    pub async fn optimize(&self) -> Result<()> {
        use sea_orm::ConnectionTrait;
        if self.inner.backend == Backend::Sqlite {
            self.inner
                .write
                .execute_unprepared("PRAGMA optimize")
                .await?;
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<()> {
        self.inner.read.ping().await?;
        Ok(())
    }

    /// Raw access for tests and maintenance commands (e.g. tamper tests).
    pub fn raw_write_connection(&self) -> &DatabaseConnection {
        &self.inner.write
    }

    /// Closes the pools (for every clone of this store); on SQLite the last
    /// connection checkpoints the WAL into the database file.
    pub async fn close(self) {
        let _ = self.inner.read.clone().close().await;
        let _ = self.inner.write.clone().close().await;
    }
}

fn sqlite_options(url: &str, max: u32) -> ConnectOptions {
    let mut o = ConnectOptions::new(url.to_string());
    o.max_connections(max)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        // Statements a connection has prepared keep the plans of their day: renew
        // connections every minute so new statistics (ANALYZE after a large import)
        // reach every query. Without it a search stayed 10× slower after an import.
        .max_lifetime(Duration::from_secs(60))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
                // 8 MB of pages per connection (five of them): the rest of a large
                // database is read from the OS's file cache, which all connections
                // share, instead of being copied into each one's heap (the server's
                // resident memory stays under 300 MB at 1M hazards).
                .pragma("cache_size", "-8000")
                .pragma("temp_store", "memory")
                .create_if_missing(true)
        });
    o
}

/// Several `anzhi serve` processes may start together on one PostgreSQL:
/// an advisory lock lets one of them migrate while the others wait.
async fn migrate_postgres(db: &DatabaseConnection) -> Result<()> {
    use sea_orm::ConnectionTrait;
    // Session-level advisory locks need one connection: run inside a transaction
    // and use the transaction-scoped variant.
    let txn = db.begin().await?;
    txn.execute_unprepared("SELECT pg_advisory_xact_lock(7262617)")
        .await?;
    migration::Migrator::up(&txn, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Names of units by id (one query).
pub(crate) async fn org_names<C: sea_orm::ConnectionTrait>(
    c: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let ids: Vec<Uuid> = ids
        .into_iter()
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(entity::org::Entity::find()
        .select_only()
        .column(entity::org::Column::Id)
        .column(entity::org::Column::Name)
        .filter(entity::org::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(c)
        .await?
        .into_iter()
        .collect())
}

/// Titles of campaigns by id (one query).
pub(crate) async fn campaign_titles<C: sea_orm::ConnectionTrait>(
    c: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let ids: Vec<Uuid> = ids
        .into_iter()
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(entity::campaign::Entity::find()
        .select_only()
        .column(entity::campaign::Column::Id)
        .column(entity::campaign::Column::Title)
        .filter(entity::campaign::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(c)
        .await?
        .into_iter()
        .collect())
}

/// Current time in UTC, truncated to microseconds (what both databases keep).
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    anzhi_domain::audit::audit_time(chrono::Utc::now())
}
