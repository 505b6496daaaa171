//! Helpers for tests that run on both databases.

use sea_orm::{ConnectionTrait, Database};

/// The PostgreSQL server tests should also run on (`ANZHI_TEST_DATABASE_URL`).
pub fn postgres_test_url() -> Option<String> {
    std::env::var("ANZHI_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Creates a fresh, uniquely named database on the server of `admin_url` and
/// returns its URL, so that each test starts empty.
pub async fn create_postgres_database(admin_url: &str) -> Result<String, sea_orm::DbErr> {
    let name = format!("anzhi_t_{}", uuid::Uuid::now_v7().simple());
    let db = Database::connect(admin_url).await?;
    db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    db.close().await?;
    // Replace the database name (the last path segment, before any query string).
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let cut = base.rfind('/').unwrap_or(base.len());
    Ok(format!("{}/{}{}", &base[..cut], name, query))
}

/// Drops a database made by [`create_postgres_database`].
pub async fn drop_postgres_database(admin_url: &str, url: &str) -> Result<(), sea_orm::DbErr> {
    let name = url
        .rsplit('/')
        .next()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("");
    if !name.starts_with("anzhi_t_") {
        return Ok(());
    }
    let db = Database::connect(admin_url).await?;
    db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await?;
    db.close().await?;
    Ok(())
}

impl crate::Store {
    /// Tests only: pretends a unit was registered at `at` (periods before its
    /// registration are never counted against it).
    #[doc(hidden)]
    pub async fn backdate_org_for_tests(
        &self,
        id: uuid::Uuid,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::Result<()> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let txn = self.tx().await?;
        crate::entity::org::Entity::update_many()
            .col_expr(crate::entity::org::Column::CreatedAt, Expr::value(at))
            .filter(crate::entity::org::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }
}
