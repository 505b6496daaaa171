//! SeaORM entities, one per table. Business code goes through the scoped
//! functions of the store modules, never through these directly.

pub mod assignment;
pub mod assignment_event;
pub mod audit_head;
pub mod audit_log;
pub mod campaign;
pub mod campaign_draft;
pub mod commitment_notice;
pub mod counter;
pub mod delivery;
pub mod enterprise;
pub mod enterprise_gram;
pub mod file;
pub mod hazard;
pub mod hazard_category;
pub mod hazard_event;
pub mod hazard_tally;
pub mod import_draft;
pub mod industry_category;
pub mod job_run;
pub mod notification;
pub mod notification_read;
pub mod org;
pub mod org_alias;
pub mod org_contact;
pub mod org_group;
pub mod org_group_member;
pub mod profile_item;
pub mod reminder_rule;
pub mod self_check;
pub mod session;
pub mod setting;
pub mod task;
pub mod task_lead;
pub mod user;
