//! One migration set for SQLite and PostgreSQL, applied on start.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_campaigns::Migration),
            Box::new(m0003_reminders::Migration),
            Box::new(m0004_files::Migration),
            Box::new(m0005_enterprises::Migration),
            Box::new(m0006_hazards::Migration),
            Box::new(m0007_hazard_list::Migration),
            Box::new(m0008_risk_inspections_weather::Migration),
            Box::new(m0009_training_drills_publicity::Migration),
            Box::new(m0010_accountability::Migration),
            Box::new(m0011_event_lookup::Migration),
            Box::new(m0012_campaign_figures::Migration),
            Box::new(m0013_request_keys::Migration),
            Box::new(m0014_hazard_tally_covering::Migration),
        ]
    }
}

fn ts(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone(name)
}

fn index(
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

mod m0001_foundation {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0001_foundation"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.create_table(
                Table::create()
                    .table("orgs")
                    .col(uuid("id").primary_key())
                    .col(string_len("name", 200))
                    .col(string_len("kind", 16))
                    .col(uuid_null("parent_id"))
                    .col(string_len_null("code", 32))
                    .col(integer("sort_order").default(0))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orgs_parent")
                            .from("orgs", "parent_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "orgs",
                "ix_orgs_kind_parent",
                &["kind", "parent_id"],
                false,
            ))
            .await?;
            m.create_index(index("orgs", "ix_orgs_parent", &["parent_id"], false))
                .await?;
            m.create_index(index("orgs", "ux_orgs_code", &["code"], true))
                .await?;

            m.create_table(
                Table::create()
                    .table("org_aliases")
                    .col(uuid("id").primary_key())
                    .col(uuid("org_id"))
                    .col(string_len("alias", 200))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_org_aliases_org")
                            .from("org_aliases", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "org_aliases",
                "ux_org_aliases_alias",
                &["alias"],
                true,
            ))
            .await?;
            m.create_index(index(
                "org_aliases",
                "ix_org_aliases_org",
                &["org_id"],
                false,
            ))
            .await?;

            m.create_table(
                Table::create()
                    .table("org_groups")
                    .col(uuid("id").primary_key())
                    .col(string_len("name", 200))
                    .col(text("aliases"))
                    .col(string_len("rule", 16))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index("org_groups", "ux_org_groups_name", &["name"], true))
                .await?;

            m.create_table(
                Table::create()
                    .table("org_group_members")
                    .col(uuid("group_id"))
                    .col(uuid("org_id"))
                    .primary_key(Index::create().col("group_id").col("org_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ogm_group")
                            .from("org_group_members", "group_id")
                            .to("org_groups", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ogm_org")
                            .from("org_group_members", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

            m.create_table(
                Table::create()
                    .table("users")
                    .col(uuid("id").primary_key())
                    .col(string_len("username", 64))
                    .col(string_len("display_name", 100))
                    .col(string_len("role", 32))
                    .col(uuid("org_id"))
                    .col(text_null("phone_enc"))
                    .col(text("password_hash"))
                    .col(ts("password_changed_at"))
                    .col(boolean("must_change_password"))
                    .col(string_len("status", 16))
                    .col(integer("failed_logins").default(0))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(text_null("totp_secret_enc"))
                    .col(big_integer_null("totp_last_step"))
                    .col(timestamp_with_time_zone_null("last_login_at"))
                    .col(timestamp_with_time_zone_null("previous_login_at"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_org")
                            .from("users", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index("users", "ux_users_username", &["username"], true))
                .await?;
            m.create_index(index("users", "ix_users_org", &["org_id"], false))
                .await?;

            m.create_table(
                Table::create()
                    .table("sessions")
                    .col(uuid("id").primary_key())
                    .col(string_len("token_hash", 64))
                    .col(uuid("user_id"))
                    .col(string_len("csrf_token", 64))
                    .col(string_len_null("pending", 32))
                    .col(text_null("totp_pending_enc"))
                    .col(string_len_null("ip", 64))
                    .col(string_len_null("user_agent", 300))
                    .col(ts("created_at"))
                    .col(ts("last_seen_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "sessions",
                "ux_sessions_token",
                &["token_hash"],
                true,
            ))
            .await?;
            m.create_index(index("sessions", "ix_sessions_user", &["user_id"], false))
                .await?;

            m.create_table(
                Table::create()
                    .table("settings")
                    .col(string_len("key", 64).primary_key())
                    .col(text("value"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;

            m.create_table(
                Table::create()
                    .table("audit_log")
                    .col(uuid("id").primary_key())
                    .col(big_integer("seq"))
                    .col(ts("at"))
                    .col(uuid_null("actor_id"))
                    .col(string_len("actor_name", 100))
                    .col(string_len_null("role", 32))
                    .col(string_len_null("ip", 64))
                    .col(string_len("action", 64))
                    .col(string_len_null("object_type", 64))
                    .col(string_len_null("object_id", 64))
                    .col(string_len("result", 16))
                    .col(text_null("detail"))
                    .col(text_null("before"))
                    .col(text_null("after"))
                    .col(string_len("prev_hash", 64))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
            m.create_index(index("audit_log", "ux_audit_seq", &["seq"], true))
                .await?;
            m.create_index(index("audit_log", "ix_audit_at", &["at"], false))
                .await?;
            m.create_index(index(
                "audit_log",
                "ix_audit_action",
                &["action", "seq"],
                false,
            ))
            .await?;
            m.create_index(index(
                "audit_log",
                "ix_audit_actor",
                &["actor_name", "seq"],
                false,
            ))
            .await?;

            m.create_table(
                Table::create()
                    .table("audit_head")
                    .col(integer("id").primary_key())
                    .col(big_integer("seq"))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
            m.get_connection()
                .execute_unprepared(&format!(
                    "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{}')",
                    anzhi_domain::audit::GENESIS
                ))
                .await?;
            Ok(())
        }
    }
}

mod m0002_campaigns {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0002_campaigns"
        }
    }

    fn fk(
        name: &'static str,
        from: (&'static str, &'static str),
        to: &'static str,
        cascade: bool,
    ) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .name(name)
            .from(from.0, from.1)
            .to(to, "id")
            .on_delete(if cascade {
                ForeignKeyAction::Cascade
            } else {
                ForeignKeyAction::Restrict
            })
            .to_owned()
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.create_table(
                Table::create()
                    .table("campaign_drafts")
                    .col(uuid("id").primary_key())
                    .col(uuid("created_by"))
                    .col(string_len("source_name", 200))
                    .col(blob("content"))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("campaigns")
                    .col(uuid("id").primary_key())
                    .col(string_len("title", 300))
                    .col(integer("year"))
                    .col(uuid("owner_org_id"))
                    .col(string_len("source_name", 200))
                    .col(blob("source"))
                    .col(uuid("created_by"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_campaigns_owner",
                        ("campaigns", "owner_org_id"),
                        "orgs",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
            m.create_index(index("campaigns", "ix_campaigns_year", &["year"], false))
                .await?;
            m.create_table(
                Table::create()
                    .table("tasks")
                    .col(uuid("id").primary_key())
                    .col(uuid("campaign_id"))
                    .col(integer("seq"))
                    .col(string_len("section", 300))
                    .col(string_len("section_number", 16))
                    .col(string_len("number", 16))
                    .col(text("text"))
                    .col(string_len_null("deadline_text", 100))
                    .col(string_len_null("deadline_kind", 16))
                    .col(date_null("deadline_start"))
                    .col(date_null("deadline_end"))
                    .col(string_len_null("period", 16))
                    .col(text("lead_phrases"))
                    .col(text("responsible_phrases"))
                    .col(string_len("status", 16))
                    .col(integer("assignment_count"))
                    .col(integer("completed_count"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_tasks_campaign",
                        ("tasks", "campaign_id"),
                        "campaigns",
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "tasks",
                "ix_tasks_campaign_seq",
                &["campaign_id", "seq"],
                false,
            ))
            .await?;
            m.create_index(index(
                "tasks",
                "ix_tasks_campaign_status",
                &["campaign_id", "status"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("task_leads")
                    .col(uuid("task_id"))
                    .col(uuid("org_id"))
                    .primary_key(Index::create().col("task_id").col("org_id"))
                    .foreign_key(&mut fk(
                        "fk_task_leads_task",
                        ("task_leads", "task_id"),
                        "tasks",
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_task_leads_org",
                        ("task_leads", "org_id"),
                        "orgs",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
            m.create_index(index("task_leads", "ix_task_leads_org", &["org_id"], false))
                .await?;
            m.create_table(
                Table::create()
                    .table("assignments")
                    .col(uuid("id").primary_key())
                    .col(uuid("task_id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("org_id"))
                    .col(uuid_null("district_id"))
                    .col(integer("period_seq").default(0))
                    .col(date_null("period_start"))
                    .col(date_null("period_end"))
                    .col(string_len_null("period_label", 40))
                    .col(string_len("state", 16))
                    .col(integer("percent"))
                    .col(text_null("latest_report"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_assignments_task",
                        ("assignments", "task_id"),
                        "tasks",
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assignments_org",
                        ("assignments", "org_id"),
                        "orgs",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "assignments",
                "ux_assignments_task_org_period",
                &["task_id", "org_id", "period_seq"],
                true,
            ))
            .await?;
            m.create_index(index(
                "assignments",
                "ix_assignments_org_state",
                &["org_id", "state"],
                false,
            ))
            .await?;
            m.create_index(index(
                "assignments",
                "ix_assignments_district",
                &["district_id", "task_id"],
                false,
            ))
            .await?;
            m.create_index(index(
                "assignments",
                "ix_assignments_campaign_state",
                &["campaign_id", "state"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("assignment_events")
                    .col(uuid("id").primary_key())
                    .col(uuid("assignment_id"))
                    .col(uuid("task_id"))
                    .col(string_len("action", 16))
                    .col(uuid_null("actor_id"))
                    .col(string_len("actor_name", 100))
                    .col(string_len("org_name", 200))
                    .col(ts("at"))
                    .col(text_null("text"))
                    .col(integer_null("percent"))
                    .col(text_null("reason"))
                    .foreign_key(&mut fk(
                        "fk_events_assignment",
                        ("assignment_events", "assignment_id"),
                        "assignments",
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "assignment_events",
                "ix_events_task_at",
                &["task_id", "at"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0003_reminders {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0003_reminders"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // A job slot is claimed once, by one process (insert-or-ignore on the key).
            m.create_table(
                Table::create()
                    .table("job_runs")
                    .col(string_len("job", 64))
                    .col(string_len("slot", 200))
                    .col(ts("claimed_at"))
                    .col(string_len("claimed_by", 64))
                    .primary_key(Index::create().col("job").col("slot"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("notifications")
                    .col(uuid("id").primary_key())
                    .col(uuid("org_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("title", 300))
                    .col(text("body"))
                    .col(string_len_null("link", 300))
                    .col(ts("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_org")
                            .from("notifications", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "notifications",
                "ix_notifications_org_at",
                &["org_id", "created_at"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("notification_reads")
                    .col(uuid("notification_id"))
                    .col(uuid("user_id"))
                    .col(ts("read_at"))
                    .primary_key(Index::create().col("notification_id").col("user_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reads_notification")
                            .from("notification_reads", "notification_id")
                            .to("notifications", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("deliveries")
                    .col(uuid("id").primary_key())
                    .col(uuid("notification_id"))
                    .col(string_len("channel", 16))
                    .col(text("target"))
                    .col(string_len("status", 16))
                    .col(integer("attempts"))
                    .col(text_null("last_error"))
                    .col(timestamp_with_time_zone_null("claimed_until"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(ts("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deliveries_notification")
                            .from("deliveries", "notification_id")
                            .to("notifications", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "deliveries",
                "ix_deliveries_status",
                &["status", "created_at"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("org_contacts")
                    .col(uuid("org_id").primary_key())
                    .col(string_len_null("email", 200))
                    .col(text_null("webhook_url"))
                    .col(string_len_null("webhook_kind", 16))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_org_contacts_org")
                            .from("org_contacts", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("reminder_rules")
                    .col(uuid("campaign_id").primary_key())
                    .col(text("rules"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reminder_rules_campaign")
                            .from("reminder_rules", "campaign_id")
                            .to("campaigns", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            Ok(())
        }
    }
}

mod m0004_files {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0004_files"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // Metadata of uploaded files; the bytes live in the object store under
            // `storage_key`, which anzhi generates (never a user-given name).
            m.create_table(
                Table::create()
                    .table("files")
                    .col(uuid("id").primary_key())
                    .col(string_len("storage_key", 120).unique_key())
                    .col(string_len("name", 200))
                    .col(string_len("kind", 16))
                    .col(string_len("content_type", 120))
                    .col(big_integer("size"))
                    .col(string_len("sm3", 64))
                    .col(uuid_null("org_id"))
                    .col(uuid("uploaded_by"))
                    .col(ts("uploaded_at"))
                    .col(string_len_null("subject_kind", 32))
                    .col(uuid_null("subject_id"))
                    .col(timestamp_with_time_zone_null("attached_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "files",
                "ix_files_subject",
                &["subject_kind", "subject_id"],
                false,
            ))
            .await?;
            m.create_index(index("files", "ix_files_uploaded", &["uploaded_at"], false))
                .await?;
            Ok(())
        }
    }
}

mod m0005_enterprises {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0005_enterprises"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.create_table(
                Table::create()
                    .table("industry_categories")
                    .col(uuid("id").primary_key())
                    .col(string_len("name", 50).unique_key())
                    .col(string_len_null("notice_period", 16))
                    .col(integer("sort_order"))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            // Registry fields of an enterprise org unit (name, credit code and
            // district stay in `orgs`: name, code, parent_id).
            m.create_table(
                Table::create()
                    .table("enterprises")
                    .col(uuid("org_id").primary_key())
                    .col(uuid_null("category_id"))
                    .col(boolean("is_key"))
                    .col(string_len_null("address", 200))
                    .col(double_null("longitude"))
                    .col(double_null("latitude"))
                    .col(string_len_null("legal_rep", 50))
                    .col(string_len_null("principal", 50))
                    .col(text_null("principal_phone"))
                    .col(string_len_null("principal_phone_masked", 20))
                    .col(string_len_null("safety_manager", 50))
                    .col(text_null("safety_manager_phone"))
                    .col(string_len_null("safety_manager_phone_masked", 20))
                    .col(big_integer_null("employees"))
                    .col(double_null("floor_area"))
                    .col(string_len("status", 16))
                    .col(integer("profile_score"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enterprises_org")
                            .from("enterprises", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enterprises_category")
                            .from("enterprises", "category_id")
                            .to("industry_categories", "id"),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "enterprises",
                "ix_enterprises_category",
                &["category_id"],
                false,
            ))
            .await?;
            // Covers the enterprise list and its substring search (no table access).
            m.create_index(index(
                "orgs",
                "ix_orgs_kind_name",
                &["kind", "name", "id", "code", "parent_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("profile_items")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(string_len("item", 32))
                    .col(text("data"))
                    .col(string_len("state", 16))
                    .col(string_len("updated_by_name", 100))
                    .col(ts("updated_at"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(string_len_null("reviewed_by_name", 100))
                    .col(timestamp_with_time_zone_null("reviewed_at"))
                    .col(text_null("review_comment"))
                    .col(date_null("expires_on"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_profile_items_enterprise")
                            .from("profile_items", "enterprise_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "profile_items",
                "ux_profile_items_enterprise_item",
                &["enterprise_id", "item"],
                true,
            ))
            .await?;
            m.create_index(index(
                "profile_items",
                "ix_profile_items_state",
                &["state", "item"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("commitment_notices")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(string_len("period", 16))
                    .col(date("period_start"))
                    .col(string_len("period_label", 60))
                    .col(text("content"))
                    .col(string_len("posted_by_name", 100))
                    .col(ts("posted_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_commitment_notices_enterprise")
                            .from("commitment_notices", "enterprise_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "commitment_notices",
                "ux_commitment_notices_period",
                &["enterprise_id", "period", "period_start"],
                true,
            ))
            .await?;
            // Character bigrams of enterprise names: a substring search of two or more
            // characters looks its first bigram up instead of scanning every name.
            m.create_table(
                Table::create()
                    .table("enterprise_grams")
                    .col(string_len("gram", 8))
                    .col(uuid("org_id"))
                    .primary_key(Index::create().col("gram").col("org_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enterprise_grams_org")
                            .from("enterprise_grams", "org_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "enterprise_grams",
                "ix_enterprise_grams_org",
                &["org_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("import_drafts")
                    .col(uuid("id").primary_key())
                    .col(string_len("kind", 32))
                    .col(uuid("created_by"))
                    .col(string_len("source_name", 200))
                    .col(blob("content"))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            Ok(())
        }
    }
}

mod m0006_hazards {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0006_hazards"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // Photos: a resized copy (the stored file) and a thumbnail, and the time
            // the camera says it was taken (its other metadata is stripped).
            for col in [
                string_len_null("thumb_key", 120),
                timestamp_with_time_zone_null("taken_at"),
            ] {
                m.alter_table(Table::alter().table("files").add_column(col).to_owned())
                    .await?;
            }
            // How often enterprises of an industry category record a self-check
            // (NULL: monthly).
            m.alter_table(
                Table::alter()
                    .table("industry_categories")
                    .add_column(string_len_null("self_check_period", 16))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("hazard_categories")
                    .col(uuid("id").primary_key())
                    .col(string_len("name", 50).unique_key())
                    .col(integer("sort_order"))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            // Named counters (hazard numbers per year), bumped inside the
            // transaction that uses the number.
            m.create_table(
                Table::create()
                    .table("counters")
                    .col(string_len("name", 64).primary_key())
                    .col(big_integer("value"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("self_checks")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(date("checked_on"))
                    .col(string_len("scope", 500))
                    .col(string_len("inspectors", 200))
                    .col(text("items"))
                    .col(boolean("no_hazards"))
                    .col(integer("hazards_found"))
                    .col(integer("fixed_on_spot"))
                    .col(text_null("note"))
                    .col(uuid("created_by"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_self_checks_enterprise")
                            .from("self_checks", "enterprise_id")
                            .to("orgs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "self_checks",
                "ix_self_checks_enterprise",
                &["enterprise_id", "checked_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "self_checks",
                "ix_self_checks_district",
                &["district_id", "checked_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("hazards")
                    .col(uuid("id").primary_key())
                    .col(string_len("code", 20).unique_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("source", 24))
                    .col(uuid("category_id"))
                    .col(string_len("level", 16))
                    .col(string_len("state", 16))
                    .col(text("description"))
                    .col(string_len_null("location", 200))
                    .col(date("found_on"))
                    .col(string_len_null("found_by", 50))
                    .col(text_null("measures"))
                    .col(string_len_null("responsible", 50))
                    .col(date("deadline"))
                    .col(double_null("funds"))
                    .col(boolean("fixed_on_spot"))
                    .col(uuid_null("self_check_id"))
                    .col(string_len_null("supervision_kind", 16))
                    .col(uuid_null("supervision_org_id"))
                    .col(string_len_null("supervised_by_name", 100))
                    .col(timestamp_with_time_zone_null("supervised_at"))
                    .col(date_null("supervision_deadline"))
                    .col(text_null("supervision_note"))
                    .col(text_null("plan"))
                    .col(timestamp_with_time_zone_null("plan_at"))
                    .col(text_null("rectified_note"))
                    .col(double_null("funds_spent"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(string_len_null("verified_by_name", 100))
                    .col(uuid_null("verified_by_org"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(date_null("closed_on"))
                    .col(integer("returns"))
                    .col(uuid("created_by"))
                    .col(string_len("created_by_name", 100))
                    .col(uuid_null("created_by_org"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_hazards_enterprise")
                            .from("hazards", "enterprise_id")
                            .to("orgs", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_hazards_category")
                            .from("hazards", "category_id")
                            .to("hazard_categories", "id"),
                    )
                    .to_owned(),
            )
            .await?;
            // The list's usual orders and filters: city-wide by date, by district,
            // by enterprise; open hazards by deadline (overdue); repeats.
            for (name, cols) in [
                ("ix_hazards_found", &["found_on", "id"][..]),
                ("ix_hazards_deadline", &["deadline", "id"][..]),
                // 仅看重大隐患 and a category's hazards, newest first, and their counts.
                ("ix_hazards_level_found", &["level", "found_on", "id"][..]),
                (
                    "ix_hazards_category_found",
                    &["category_id", "found_on", "id"][..],
                ),
                // A district's list sorted by deadline or number, its major hazards,
                // and one state newest first, without sorting a quarter of the table.
                (
                    "ix_hazards_district_deadline",
                    &["district_id", "deadline", "id"][..],
                ),
                ("ix_hazards_district_code", &["district_id", "code"][..]),
                (
                    "ix_hazards_district_level_found",
                    &["district_id", "level", "found_on", "id"][..],
                ),
                ("ix_hazards_state_found", &["state", "found_on", "id"][..]),
                (
                    "ix_hazards_district_found",
                    &["district_id", "found_on", "id"][..],
                ),
                (
                    "ix_hazards_enterprise_found",
                    &["enterprise_id", "found_on", "id"][..],
                ),
                // Covers the overdue counts of the statistics (open hazards past
                // their deadline, grouped by any key) without reading the table.
                (
                    "ix_hazards_state_deadline",
                    &[
                        "state",
                        "deadline",
                        "district_id",
                        "category_id",
                        "level",
                        "source",
                        "found_on",
                    ][..],
                ),
                (
                    "ix_hazards_repeat",
                    &["enterprise_id", "category_id", "found_on"][..],
                ),
                ("ix_hazards_self_check", &["self_check_id"][..]),
            ] {
                m.create_index(index("hazards", name, cols, false)).await?;
            }
            m.create_table(
                Table::create()
                    .table("hazard_events")
                    .col(uuid("id").primary_key())
                    .col(uuid("hazard_id"))
                    .col(string_len("action", 24))
                    .col(string_len_null("from_state", 16))
                    .col(string_len("to_state", 16))
                    .col(text_null("comment"))
                    .col(text_null("data"))
                    .col(uuid("actor_id"))
                    .col(string_len("actor_name", 100))
                    .col(uuid_null("actor_org_id"))
                    .col(ts("at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_hazard_events_hazard")
                            .from("hazard_events", "hazard_id")
                            .to("hazards", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "hazard_events",
                "ix_hazard_events_hazard",
                &["hazard_id", "at"],
                false,
            ))
            .await?;
            // Running totals per district, month found, category, level and source,
            // kept in the transaction of every hazard write: statistics read a few
            // hundred rows, not a million hazards.
            m.create_table(
                Table::create()
                    .table("hazard_tally")
                    .col(uuid("district_id"))
                    .col(string_len("month", 7))
                    .col(uuid("category_id"))
                    .col(string_len("level", 16))
                    .col(string_len("source", 24))
                    .col(big_integer("found"))
                    .col(big_integer("closed"))
                    .col(big_integer("close_days"))
                    .col(big_integer("on_spot"))
                    .primary_key(
                        Index::create()
                            .col("district_id")
                            .col("month")
                            .col("category_id")
                            .col("level")
                            .col("source"),
                    )
                    .to_owned(),
            )
            .await?;
            Ok(())
        }
    }
}

mod m0007_hazard_list {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0007_hazard_list"
        }
    }

    /// Every column a hazard list filters on, carried by the three sort indexes so
    /// that a page's ids are found without reading rows.
    const FILTERS: [&str; 7] = [
        "district_id",
        "enterprise_id",
        "state",
        "level",
        "category_id",
        "source",
        "supervision_kind",
    ];

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // The list in each of its orders (发现日期, 整改期限, 编号) with every filter
            // column: a filtered page walks one index and checks the filters in it
            // (`crate::hazards::list_index`). They replace the narrow date indexes.
            for name in ["ix_hazards_found", "ix_hazards_deadline"] {
                m.drop_index(Index::drop().name(name).table("hazards").to_owned())
                    .await?;
            }
            for (name, lead) in [
                (
                    "ix_hazards_by_found",
                    &["found_on", "id", "deadline", "code"][..],
                ),
                (
                    "ix_hazards_by_deadline",
                    &["deadline", "id", "found_on", "code"][..],
                ),
                (
                    "ix_hazards_by_code",
                    &["code", "id", "found_on", "deadline"][..],
                ),
            ] {
                let cols: Vec<&'static str> = lead.iter().chain(FILTERS.iter()).copied().collect();
                m.create_index(index("hazards", name, &cols, false)).await?;
            }
            // Counts: a district's hazards (by state) with any other filter checked in
            // the index, and a source's state city-wide.
            m.create_index(index(
                "hazards",
                "ix_hazards_district_state",
                &[
                    "district_id",
                    "state",
                    "found_on",
                    "id",
                    "deadline",
                    "enterprise_id",
                    "level",
                    "category_id",
                    "source",
                    "supervision_kind",
                ],
                false,
            ))
            .await?;
            m.create_index(index(
                "hazards",
                "ix_hazards_source_state_found",
                &["source", "state", "found_on", "id"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0008_risk_inspections_weather {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0008_risk_inspections_weather"
        }
    }

    fn tsn(name: &'static str) -> ColumnDef {
        timestamp_with_time_zone_null(name)
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // 风险分级管控: an enterprise's risk points, graded by LEC or LS.
            m.create_table(
                Table::create()
                    .table("risk_points")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("name", 100))
                    .col(string_len("kind", 16))
                    .col(string_len_null("location", 200))
                    .col(text("hazard_factors"))
                    .col(text("accident_types"))
                    .col(string_len("method", 8))
                    .col(double("l"))
                    .col(double_null("e"))
                    .col(double_null("c"))
                    .col(double_null("s"))
                    .col(double("score"))
                    .col(string_len("grade", 16))
                    .col(text("measures"))
                    .col(string_len("control_tier", 16))
                    .col(string_len("responsible", 50))
                    .col(string_len_null("responsible_phone", 30))
                    .col(date("reassess_on"))
                    .col(date("assessed_on"))
                    .col(uuid("assessed_by"))
                    .col(string_len("assessed_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_risk_points_enterprise")
                            .from("risk_points", "enterprise_id")
                            .to("orgs", "id"),
                    )
                    .to_owned(),
            )
            .await?;
            for (name, cols) in [
                ("ix_risk_points_enterprise", &["enterprise_id", "score"][..]),
                (
                    "ix_risk_points_district_grade",
                    &["district_id", "grade", "score"][..],
                ),
                ("ix_risk_points_grade", &["grade", "score"][..]),
                ("ix_risk_points_reassess", &["reassess_on"][..]),
            ] {
                m.create_index(index("risk_points", name, cols, false))
                    .await?;
            }
            // The enterprise's overall level (动态分级) and every change of it.
            m.create_table(
                Table::create()
                    .table("enterprise_risk")
                    .col(uuid("enterprise_id").primary_key())
                    .col(uuid("district_id"))
                    .col(string_len_null("grade", 16))
                    .col(string_len_null("base_grade", 16))
                    .col(text("reasons"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "enterprise_risk",
                "ix_enterprise_risk_district",
                &["district_id", "grade"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("risk_level_changes")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(string_len_null("from_grade", 16))
                    .col(string_len_null("to_grade", 16))
                    .col(text("reasons"))
                    .col(ts("at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "risk_level_changes",
                "ix_risk_level_changes_enterprise",
                &["enterprise_id", "at"],
                false,
            ))
            .await?;

            // 极端天气: warnings, the districts they cover, one acknowledgement row
            // per enterprise they reach.
            m.create_table(
                Table::create()
                    .table("weather_warnings")
                    .col(uuid("id").primary_key())
                    .col(string_len("kind", 24))
                    .col(string_len("colour", 8))
                    .col(string_len("title", 200))
                    .col(text_null("description"))
                    .col(ts("valid_from"))
                    .col(ts("valid_to"))
                    .col(text("categories"))
                    .col(text("actions"))
                    .col(string_len("source", 8))
                    .col(string_len_null("cap_identifier", 200).unique_key())
                    .col(string_len_null("cap_sender", 200))
                    .col(uuid_null("cap_file_id"))
                    .col(uuid("created_by"))
                    .col(string_len("created_by_name", 100))
                    .col(uuid("created_by_org"))
                    .col(ts("created_at"))
                    .col(tsn("cancelled_at"))
                    .col(string_len_null("cancel_reason", 500))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "weather_warnings",
                "ix_weather_warnings_valid",
                &["valid_to", "valid_from"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("weather_warning_districts")
                    .col(uuid("warning_id"))
                    .col(uuid("district_id"))
                    .primary_key(Index::create().col("warning_id").col("district_id"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "weather_warning_districts",
                "ix_weather_warning_districts_district",
                &["district_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("weather_acks")
                    .col(uuid("id").unique_key())
                    .col(uuid("warning_id"))
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("state", 16))
                    .col(tsn("acknowledged_at"))
                    .col(string_len_null("acknowledged_by_name", 100))
                    .col(tsn("reported_at"))
                    .col(text_null("done"))
                    .col(text_null("note"))
                    .col(integer("reminders_sent"))
                    .col(tsn("last_reminded_at"))
                    .primary_key(Index::create().col("warning_id").col("enterprise_id"))
                    .to_owned(),
            )
            .await?;
            for (name, cols) in [
                ("ix_weather_acks_state", &["warning_id", "state"][..]),
                (
                    "ix_weather_acks_district",
                    &["warning_id", "district_id", "state"][..],
                ),
                ("ix_weather_acks_enterprise", &["enterprise_id"][..]),
            ] {
                m.create_index(index("weather_acks", name, cols, false))
                    .await?;
            }

            // 督导检查: versioned checklist templates, special campaigns, plans and
            // the inspections themselves.
            m.create_table(
                Table::create()
                    .table("checklist_templates")
                    .col(uuid("id").primary_key())
                    .col(string_len_null("key", 40).unique_key())
                    .col(string_len("name", 100))
                    .col(string_len("scope_label", 100))
                    .col(integer("version"))
                    .col(integer("items"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("checklist_template_versions")
                    .col(uuid("template_id"))
                    .col(integer("version"))
                    .col(text("content"))
                    .col(string_len("content_hash", 64))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .primary_key(Index::create().col("template_id").col("version"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("inspection_campaigns")
                    .col(uuid("id").primary_key())
                    .col(string_len("name", 100))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    .col(text_null("description"))
                    .col(uuid("owner_org_id"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("inspection_plans")
                    .col(uuid("id").primary_key())
                    .col(string_len("title", 200))
                    .col(uuid_null("campaign_id"))
                    .col(uuid("template_id"))
                    .col(uuid("owner_org_id"))
                    .col(date("starts_on"))
                    .col(date("due_on"))
                    .col(text_null("note"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            m.create_table(
                Table::create()
                    .table("inspections")
                    .col(uuid("id").primary_key())
                    .col(uuid_null("plan_id"))
                    .col(uuid_null("campaign_id"))
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(uuid("inspector_id"))
                    .col(string_len("inspector_name", 100))
                    .col(uuid("owner_org_id"))
                    .col(uuid("template_id"))
                    .col(integer("template_version"))
                    .col(string_len("state", 24))
                    .col(text("answers"))
                    .col(date_null("due_on"))
                    .col(integer("failed"))
                    .col(tsn("started_at"))
                    .col(tsn("finished_at"))
                    .col(string_len_null("accompanied_by", 100))
                    .col(string_len_null("confirmed_by_name", 100))
                    .col(tsn("confirmed_at"))
                    .col(string_len_null("confirm_comment", 1000))
                    .col(string_len_null("objection", 1000))
                    .col(string_len_null("cancel_reason", 500))
                    .col(integer("version"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            for (name, cols) in [
                ("ix_inspections_plan", &["plan_id", "state"][..]),
                ("ix_inspections_campaign", &["campaign_id"][..]),
                (
                    "ix_inspections_inspector",
                    &["inspector_id", "state", "created_at"][..],
                ),
                (
                    "ix_inspections_enterprise",
                    &["enterprise_id", "created_at"][..],
                ),
                (
                    "ix_inspections_district",
                    &["district_id", "state", "created_at"][..],
                ),
            ] {
                m.create_index(index("inspections", name, cols, false))
                    .await?;
            }
            // A hazard found by an inspection points back to it and its item.
            for col in [
                uuid_null("inspection_id"),
                string_len_null("inspection_item", 40),
            ] {
                m.alter_table(Table::alter().table("hazards").add_column(col).to_owned())
                    .await?;
            }
            m.create_index(index(
                "hazards",
                "ix_hazards_inspection",
                &["inspection_id"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0009_training_drills_publicity {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0009_training_drills_publicity"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // 教育培训: the roster, sessions with attendance, certificates, evaluations.
            m.create_table(
                Table::create()
                    .table("employees")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("name", 50))
                    .col(string_len("post", 50))
                    .col(string_len("category", 24))
                    .col(date("hired_on"))
                    .col(string_len_null("phone_enc", 200))
                    .col(string_len_null("phone_masked", 20))
                    .col(boolean("active"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_employees_enterprise")
                            .from("employees", "enterprise_id")
                            .to("orgs", "id"),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "employees",
                "ix_employees_enterprise",
                &["enterprise_id", "active", "name"],
                false,
            ))
            .await?;
            m.create_index(index(
                "employees",
                "ix_employees_district",
                &["district_id", "active"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("trainings")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("topic", 200))
                    .col(string_len("kind", 16))
                    .col(date("held_on"))
                    .col(double("hours"))
                    .col(string_len_null("trainer", 50))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "trainings",
                "ix_trainings_enterprise",
                &["enterprise_id", "held_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "trainings",
                "ix_trainings_district",
                &["district_id", "held_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("training_attendance")
                    .col(uuid("training_id"))
                    .col(uuid("employee_id"))
                    .col(uuid("enterprise_id"))
                    .col(date("held_on"))
                    .col(string_len("kind", 16))
                    .col(double("hours"))
                    .col(double_null("score"))
                    .primary_key(Index::create().col("training_id").col("employee_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_training")
                            .from("training_attendance", "training_id")
                            .to("trainings", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "training_attendance",
                "ix_attendance_employee",
                &["employee_id", "held_on", "hours"],
                false,
            ))
            .await?;
            m.create_index(index(
                "training_attendance",
                "ix_attendance_enterprise",
                &["enterprise_id", "held_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("certificates")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(uuid("employee_id"))
                    .col(string_len("kind", 100))
                    .col(string_len("number", 50))
                    .col(date("issued_on"))
                    .col(date("expires_on"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "certificates",
                "ix_certificates_enterprise",
                &["enterprise_id", "expires_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "certificates",
                "ix_certificates_expiry",
                &["expires_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("training_evaluations")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(integer("year"))
                    .col(text("items"))
                    .col(double("total"))
                    .col(string_len("grade", 16))
                    .col(text_null("comment"))
                    .col(double("coverage"))
                    .col(string_len("evaluated_by_name", 100))
                    .col(uuid("evaluated_org"))
                    .col(ts("evaluated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "training_evaluations",
                "ux_training_evaluations",
                &["enterprise_id", "year"],
                true,
            ))
            .await?;
            m.create_index(index(
                "training_evaluations",
                "ix_training_evaluations_district",
                &["district_id", "year"],
                false,
            ))
            .await?;

            // 应急预案与演练, and the spot checks of both.
            m.create_table(
                Table::create()
                    .table("emergency_plans")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("title", 200))
                    .col(string_len("version", 20))
                    .col(date("approved_on"))
                    .col(date_null("filed_on"))
                    .col(date_null("review_due"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "emergency_plans",
                "ix_emergency_plans_enterprise",
                &["enterprise_id", "kind"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("drills")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("mode", 16))
                    .col(date("held_on"))
                    .col(string_len("scenario", 500))
                    .col(integer("participants"))
                    .col(uuid_null("plan_id"))
                    .col(text_null("assessment"))
                    .col(text_null("improvements"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "drills",
                "ix_drills_enterprise",
                &["enterprise_id", "kind", "held_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "drills",
                "ix_drills_district",
                &["district_id", "held_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("drill_evaluations")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid("district_id"))
                    .col(uuid_null("plan_id"))
                    .col(uuid_null("drill_id"))
                    .col(text("scores"))
                    .col(text("problems"))
                    .col(double("total"))
                    .col(string_len("result", 16))
                    .col(text_null("comment"))
                    .col(text("hazards"))
                    .col(string_len("evaluated_by_name", 100))
                    .col(uuid("evaluated_org"))
                    .col(ts("evaluated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "drill_evaluations",
                "ix_drill_evaluations_enterprise",
                &["enterprise_id", "evaluated_at"],
                false,
            ))
            .await?;
            m.create_index(index(
                "drill_evaluations",
                "ix_drill_evaluations_district",
                &["district_id", "evaluated_at"],
                false,
            ))
            .await?;

            // 宣传教育: activities with the units that took part.
            m.create_table(
                Table::create()
                    .table("activities")
                    .col(uuid("id").primary_key())
                    .col(string_len("title", 200))
                    .col(string_len("kind", 16))
                    .col(date("held_on"))
                    .col(string_len("organiser", 100))
                    .col(uuid("owner_org_id"))
                    .col(uuid_null("task_id"))
                    .col(text_null("summary"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "activities",
                "ix_activities_held",
                &["held_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "activities",
                "ix_activities_task",
                &["task_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("activity_participants")
                    .col(uuid("activity_id"))
                    .col(uuid("org_id"))
                    .col(uuid_null("district_id"))
                    .col(integer("headcount"))
                    .primary_key(Index::create().col("activity_id").col("org_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_participants_activity")
                            .from("activity_participants", "activity_id")
                            .to("activities", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "activity_participants",
                "ix_activity_participants_org",
                &["org_id"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0010_accountability {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0010_accountability"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // 诚信, 标杆企业, 成熟度评估, 函送执法, 专班会议, 典型做法, 通报, 约谈曝光, 考核评估.
            m.create_table(
                Table::create()
                    .table("credit_scores")
                    .col(uuid("enterprise_id").primary_key())
                    .col(uuid_null("district_id"))
                    .col(integer("score"))
                    .col(string_len("grade", 2))
                    .col(text("items"))
                    .col(text("facts"))
                    .col(boolean("red_list"))
                    .col(boolean("watch_list"))
                    .col(ts("computed_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "credit_scores",
                "ix_credit_scores_district",
                &["district_id", "grade"],
                false,
            ))
            .await?;
            m.create_index(index(
                "credit_scores",
                "ix_credit_scores_score",
                &["score"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("credit_history")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(integer("score"))
                    .col(string_len("grade", 2))
                    .col(text("changes"))
                    .col(ts("computed_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "credit_history",
                "ix_credit_history_enterprise",
                &["enterprise_id", "computed_at"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("benchmarks")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid_null("district_id"))
                    .col(integer("year"))
                    .col(text("reason"))
                    .col(string_len("state", 16))
                    .col(string_len("nominated_by_name", 100))
                    .col(ts("nominated_at"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(text_null("withdrawn_reason"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "benchmarks",
                "ux_benchmarks_enterprise_year",
                &["enterprise_id", "year"],
                true,
            ))
            .await?;
            m.create_index(index(
                "benchmarks",
                "ix_benchmarks_year",
                &["year", "state"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("maturity_assessments")
                    .col(uuid("id").primary_key())
                    .col(uuid("enterprise_id"))
                    .col(uuid_null("district_id"))
                    .col(integer("year"))
                    .col(string_len_null("pilot_group", 50))
                    .col(string_len("state", 16))
                    .col(text("answers"))
                    .col(text("review"))
                    .col(double_null("self_level"))
                    .col(double_null("reviewed_level"))
                    .col(text_null("review_note"))
                    .col(string_len_null("reviewer_name", 100))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone_null("reviewed_at"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "maturity_assessments",
                "ux_maturity_enterprise_year",
                &["enterprise_id", "year"],
                true,
            ))
            .await?;
            m.create_index(index(
                "maturity_assessments",
                "ix_maturity_district",
                &["district_id", "year"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("referrals")
                    .col(uuid("id").primary_key())
                    .col(string_len_null("number", 50))
                    .col(integer("year"))
                    .col(integer_null("seq"))
                    .col(uuid("enterprise_id"))
                    .col(uuid_null("district_id"))
                    .col(uuid("agency_id"))
                    .col(uuid("from_org_id"))
                    .col(string_len("source", 16))
                    .col(uuid_null("hazard_id"))
                    .col(uuid_null("inspection_id"))
                    .col(text("violation"))
                    .col(text("legal_basis"))
                    .col(text("evidence"))
                    .col(text("requested_action"))
                    .col(date_null("reply_by"))
                    .col(string_len("contact_name", 50))
                    .col(string_len("contact_phone", 30))
                    .col(string_len("state", 16))
                    .col(text_null("action"))
                    .col(text_null("result"))
                    .col(text_null("penalty"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(timestamp_with_time_zone_null("received_at"))
                    .col(timestamp_with_time_zone_null("concluded_at"))
                    .col(date_null("last_event_on"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "referrals",
                "ix_referrals_from",
                &["from_org_id", "state"],
                false,
            ))
            .await?;
            m.create_index(index(
                "referrals",
                "ix_referrals_agency",
                &["agency_id", "state"],
                false,
            ))
            .await?;
            m.create_index(index(
                "referrals",
                "ix_referrals_district",
                &["district_id", "state"],
                false,
            ))
            .await?;
            m.create_index(index(
                "referrals",
                "ix_referrals_enterprise",
                &["enterprise_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("referral_events")
                    .col(uuid("id").primary_key())
                    .col(uuid("referral_id"))
                    .col(string_len("action", 16))
                    .col(text_null("note"))
                    .col(string_len("actor_name", 100))
                    .col(string_len("org_name", 200))
                    .col(ts("at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "referral_events",
                "ix_referral_events_referral",
                &["referral_id", "at"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("meetings")
                    .col(uuid("id").primary_key())
                    .col(string_len("kind", 16))
                    .col(string_len("title", 200))
                    .col(date("held_on"))
                    .col(string_len("location", 200))
                    .col(string_len("host", 100))
                    .col(text("attendees"))
                    .col(text("topics"))
                    .col(text("minutes"))
                    .col(text("enterprise_ids"))
                    .col(uuid("organiser_org_id"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index("meetings", "ix_meetings_held", &["held_on"], false))
                .await?;
            m.create_table(
                Table::create()
                    .table("meeting_decisions")
                    .col(uuid("id").primary_key())
                    .col(uuid("meeting_id"))
                    .col(integer("seq"))
                    .col(text("content"))
                    .col(text("lead_unit_ids"))
                    .col(text("unit_ids"))
                    .col(date_null("deadline"))
                    .col(uuid_null("task_id"))
                    .col(uuid_null("campaign_id"))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "meeting_decisions",
                "ix_meeting_decisions_meeting",
                &["meeting_id", "seq"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("practices")
                    .col(uuid("id").primary_key())
                    .col(uuid("org_id"))
                    .col(uuid_null("district_id"))
                    .col(string_len("title", 200))
                    .col(string_len("category", 50))
                    .col(text("summary"))
                    .col(text("body"))
                    .col(string_len("state", 16))
                    .col(text_null("review_note"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "practices",
                "ix_practices_state",
                &["state", "published_at"],
                false,
            ))
            .await?;
            m.create_index(index("practices", "ix_practices_org", &["org_id"], false))
                .await?;
            m.create_table(
                Table::create()
                    .table("bulletins")
                    .col(uuid("id").primary_key())
                    .col(string_len("title", 300))
                    .col(string_len_null("number", 50))
                    .col(date("period_from"))
                    .col(date("period_to"))
                    .col(string_len("state", 16))
                    .col(text("sections"))
                    .col(text("facts"))
                    .col(text("named_org_ids"))
                    .col(timestamp_with_time_zone_null("issued_at"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "bulletins",
                "ix_bulletins_period",
                &["period_to"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("interviews")
                    .col(uuid("id").primary_key())
                    .col(string_len("kind", 16))
                    .col(uuid("org_id"))
                    .col(uuid_null("district_id"))
                    .col(date("held_on"))
                    .col(text("reason"))
                    .col(string_len("interviewer", 100))
                    .col(text("attendees"))
                    .col(text("commitments"))
                    .col(string_len_null("channel", 100))
                    .col(date_null("follow_up_on"))
                    .col(timestamp_with_time_zone_null("follow_up_done_at"))
                    .col(text_null("follow_up_note"))
                    .col(uuid("recorded_by_org_id"))
                    .col(string_len("recorded_by_name", 100))
                    .col(ts("created_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "interviews",
                "ix_interviews_org",
                &["org_id", "held_on"],
                false,
            ))
            .await?;
            m.create_index(index(
                "interviews",
                "ix_interviews_district",
                &["district_id", "held_on"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("assessments")
                    .col(uuid("id").primary_key())
                    .col(string_len("title", 200))
                    .col(integer("year"))
                    .col(string_len("period", 16))
                    .col(string_len("target_kind", 16))
                    .col(string_len("state", 16))
                    .col(text("indicators"))
                    .col(string_len("created_by_name", 100))
                    .col(ts("created_at"))
                    .col(timestamp_with_time_zone_null("finalized_at"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "assessments",
                "ix_assessments_year",
                &["year"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("assessment_rows")
                    .col(uuid("id").primary_key())
                    .col(uuid("assessment_id"))
                    .col(uuid("org_id"))
                    .col(text("items"))
                    .col(double("total"))
                    .col(uuid_null("task_id"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "assessment_rows",
                "ux_assessment_rows_org",
                &["assessment_id", "org_id"],
                true,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0011_event_lookup {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0011_event_lookup"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // An assignment's events by action (the cockpit's and the assessment's
            // acceptance dates; a timeline): without it each lookup scans every event.
            m.create_index(index(
                "assignment_events",
                "ix_events_assignment",
                &["assignment_id", "action", "at"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0012_campaign_figures {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0012_campaign_figures"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // What the board's lists walk by index: the unit's kind, the deadline while
            // open, the acceptance time.
            for col in [
                string_len("org_kind", 16).default("enterprise").to_owned(),
                date_null("open_due").to_owned(),
                timestamp_with_time_zone_null("accepted_at").to_owned(),
            ] {
                m.alter_table(
                    Table::alter()
                        .table("assignments")
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
            }
            for (name, cols) in [
                (
                    "ix_assignments_open_due",
                    &["campaign_id", "org_kind", "open_due"][..],
                ),
                (
                    "ix_assignments_district_due",
                    &["district_id", "campaign_id", "org_kind", "open_due"][..],
                ),
                (
                    "ix_assignments_district_state",
                    &["district_id", "campaign_id", "state", "open_due"][..],
                ),
                (
                    "ix_assignments_campaign_state_due",
                    &["campaign_id", "state", "open_due"][..],
                ),
            ] {
                m.create_index(index("assignments", name, cols, false))
                    .await?;
            }
            m.create_table(
                Table::create()
                    .table("assignment_tally")
                    .col(uuid("task_id"))
                    .col(string_len("org_kind", 16))
                    .col(uuid("district_id"))
                    .col(string_len("period_end", 10))
                    .col(string_len("state", 16))
                    .col(string_len("accepted_month", 7))
                    .col(uuid("campaign_id"))
                    .col(big_integer("n"))
                    .primary_key(
                        Index::create()
                            .col("task_id")
                            .col("org_kind")
                            .col("district_id")
                            .col("period_end")
                            .col("state")
                            .col("accepted_month"),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "assignment_tally",
                "ix_assignment_tally_campaign",
                &["campaign_id", "district_id"],
                false,
            ))
            .await?;
            m.create_table(
                Table::create()
                    .table("campaign_units")
                    .col(uuid("campaign_id"))
                    .col(uuid("org_id"))
                    .col(string_len("org_kind", 16))
                    .col(uuid_null("district_id"))
                    .col(integer("assignments"))
                    .col(integer("completed"))
                    .col(integer("pending"))
                    .primary_key(Index::create().col("campaign_id").col("org_id"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "campaign_units",
                "ix_campaign_units_kind",
                &["campaign_id", "org_kind", "pending", "org_id"],
                false,
            ))
            .await?;
            m.create_index(index(
                "campaign_units",
                "ix_campaign_units_district",
                &[
                    "campaign_id",
                    "district_id",
                    "org_kind",
                    "pending",
                    "org_id",
                ],
                false,
            ))
            .await?;
            // The cockpit counts a period's self-checks across the city.
            m.create_index(index(
                "self_checks",
                "ix_self_checks_checked_on",
                &["checked_on", "enterprise_id"],
                false,
            ))
            .await?;
            let c = m.get_connection();
            crate::campaign_tally::backfill_columns(c)
                .await
                .map_err(|e| DbErr::Migration(e.to_string()))?;
            crate::campaign_tally::rebuild(c, None)
                .await
                .map_err(|e| DbErr::Migration(e.to_string()))?;
            Ok(())
        }
    }
}

mod m0013_request_keys {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0013_request_keys"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // The keys of idempotent submissions (`crate::request_keys`).
            m.create_table(
                Table::create()
                    .table("request_keys")
                    .col(uuid("user_id"))
                    .col(string_len("key", 64))
                    .col(string_len("kind", 32))
                    .col(uuid("subject_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("key"))
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                "request_keys",
                "ix_request_keys_created",
                &["created_at"],
                false,
            ))
            .await?;
            Ok(())
        }
    }
}

mod m0014_hazard_tally_covering {
    use super::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m0014_hazard_tally_covering"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            // A hazard list's total comes from `hazard_tally` (a district's ~4,500 rows
            // at 1M hazards). Through the primary key each row was read from the table
            // for its counts: 2.4 ms per list. This index carries the filter keys and
            // the two counts the total sums, so the sum reads the index alone (0.45 ms).
            let mut ix = index(
                "hazard_tally",
                "ix_hazard_tally_counts",
                &[
                    "district_id",
                    "category_id",
                    "level",
                    "source",
                    "month",
                    "found",
                    "closed",
                ],
                false,
            );
            m.create_index(ix.if_not_exists().to_owned()).await?;
            Ok(())
        }
    }
}
