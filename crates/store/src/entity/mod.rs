//! SeaORM entities, one per table. Business code goes through the scoped
//! functions of the store modules, never through these directly.

pub mod audit_head;
pub mod audit_log;
pub mod org;
pub mod org_alias;
pub mod org_group;
pub mod org_group_member;
pub mod session;
pub mod setting;
pub mod user;
