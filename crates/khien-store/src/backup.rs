//! Online backup of the SQLite database: a consistent copy taken while the server runs.
//! PostgreSQL is backed up with its own tools (`pg_dump`), never here.

use std::path::Path;

use crate::{Backend, Store, StoreError};

impl Store {
    /// Writes a consistent copy of the SQLite database to `dest` (which must not exist) with
    /// `VACUUM INTO`, while other connections go on reading and writing. On PostgreSQL,
    /// [`StoreError::UnsupportedUrl`]: use `pg_dump`.
    pub async fn sqlite_backup(&self, dest: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::UnsupportedUrl);
        }
        let dest = dest.to_str().ok_or(StoreError::UnsupportedUrl)?;
        sqlx::query("VACUUM INTO $1").bind(dest).execute(&self.pool).await?;
        Ok(())
    }
}
