//! Reminders and notifications: deadline reminders claimed once per slot across
//! every server (a `job_runs` row inserted or ignored), in-app notifications per
//! unit, and outgoing deliveries (e-mail, group-robot webhooks) claimed the same way.

use std::collections::HashMap;

use anzhi_domain::campaign::AssignmentState;
use anzhi_domain::reminder::{DueKind, ReminderRules};
use anzhi_domain::{Scope, Validator};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    assignment, campaign, delivery, job_run, notification, notification_read, org, org_contact,
    reminder_rule, task, task_lead,
};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

/// Claims `(job, slot)` for this process; false when someone already has.
pub async fn claim<C: ConnectionTrait>(c: &C, job: &str, slot: &str, by: &str) -> Result<bool> {
    let n = job_run::Entity::insert(job_run::ActiveModel {
        job: Set(job.to_string()),
        slot: Set(slot.chars().take(200).collect()),
        claimed_at: Set(crate::now()),
        claimed_by: Set(by.chars().take(64).collect()),
    })
    .on_conflict(
        OnConflict::columns([job_run::Column::Job, job_run::Column::Slot])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanStats {
    /// Reminders created (each once, whatever the number of servers).
    pub reminders: u32,
    pub digests: u32,
    /// 安全生产标准化 certificates expiring or expired (notices to enterprise and district).
    pub expiries: u32,
    /// Overdue hazards escalated (enterprise, district, bureau; each step once).
    pub escalations: u32,
    /// Missed self-checks reminded (enterprises and district digests).
    pub self_checks: u32,
    /// Certificates about to expire or expired (once per step).
    pub certificates: u32,
    /// Enterprises whose drills are due (once per period).
    pub drills: u32,
    /// Enterprises reminded to acknowledge a weather warning.
    pub weather: u64,
    /// Enterprise risk levels that changed with time (overdue hazards, warnings).
    pub risk_levels: u64,
    /// Open referrals followed up (跟踪问效), each due date once.
    pub referrals: u32,
    /// Interviews whose follow-up (回访) date came, each once.
    pub interviews: u32,
    /// Enterprises whose credit was scored (once a day, on one server).
    pub credit_scores: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct OrgContact {
    /// E-mail address reminders of this unit go to.
    pub email: Option<String>,
    /// Group-robot webhook URL (企业微信 or 钉钉).
    pub webhook_url: Option<String>,
    /// "wecom" or "dingtalk".
    pub webhook_kind: Option<String>,
}

/// A delivery this process has claimed and must send.
#[derive(Debug, Clone)]
pub struct DeliveryJob {
    pub id: Uuid,
    pub channel: String,
    pub target: String,
    pub title: String,
    pub body: String,
    pub attempts: i32,
}

pub const MAX_ATTEMPTS: i32 = 3;

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

impl Store {
    async fn rules_for(&self, campaign_id: Uuid) -> Result<ReminderRules> {
        Ok(reminder_rule::Entity::find_by_id(campaign_id)
            .one(self.r())
            .await?
            .and_then(|r| serde_json::from_str(&r.rules).ok())
            .unwrap_or_default())
    }

    /// Inserts a notification for a unit and its outgoing deliveries.
    pub(crate) async fn notify<C: ConnectionTrait>(
        c: &C,
        org_id: Uuid,
        kind: &str,
        title: String,
        body: String,
        link: &str,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let now = crate::now();
        notification::ActiveModel {
            id: Set(id),
            org_id: Set(org_id),
            kind: Set(kind.into()),
            title: Set(title.chars().take(300).collect()),
            body: Set(body),
            link: Set(Some(link.into())),
            created_at: Set(now),
        }
        .insert(c)
        .await?;
        if let Some(contact) = org_contact::Entity::find_by_id(org_id).one(c).await? {
            let mut targets = Vec::new();
            if let Some(e) = contact.email.filter(|e| !e.is_empty()) {
                targets.push(("email".to_string(), e));
            }
            if let (Some(u), Some(k)) = (
                contact.webhook_url.filter(|u| !u.is_empty()),
                contact.webhook_kind,
            ) {
                targets.push((k, u));
            }
            for (channel, target) in targets {
                delivery::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    notification_id: Set(id),
                    channel: Set(channel),
                    target: Set(target),
                    status: Set("pending".into()),
                    attempts: Set(0),
                    last_error: Set(None),
                    claimed_until: Set(None),
                    sent_at: Set(None),
                    created_at: Set(now),
                }
                .insert(c)
                .await?;
            }
        }
        Ok(id)
    }

    /// One pass of the reminder job for `today` (China). Safe to run on every
    /// server at once: each reminder slot is claimed in the transaction that
    /// creates its notification.
    pub async fn run_reminders(&self, instance: &str, today: NaiveDate) -> Result<ScanStats> {
        let mut stats = ScanStats::default();
        type Row = (Uuid, Uuid, Uuid, String, Option<NaiveDate>, Option<String>);
        let open: Vec<Row> = assignment::Entity::find()
            .select_only()
            .columns([
                assignment::Column::Id,
                assignment::Column::TaskId,
                assignment::Column::OrgId,
                assignment::Column::State,
                assignment::Column::PeriodEnd,
                assignment::Column::PeriodLabel,
            ])
            .filter(assignment::Column::State.is_not_in([
                AssignmentState::Completed.code(),
                AssignmentState::Submitted.code(),
            ]))
            .filter(
                assignment::Column::TaskId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(task::Column::Id)
                        .from(task::Entity)
                        .and_where(task::Column::DeadlineEnd.gte(today - Duration::days(400)))
                        .and_where(task::Column::DeadlineEnd.lte(today + Duration::days(366)))
                        .to_owned(),
                ),
            )
            .into_tuple()
            .all(self.r())
            .await?;
        // Load the tasks, rules and titles these assignments need, in bulk.
        let task_ids: Vec<Uuid> = open
            .iter()
            .map(|o| o.1)
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect();
        let mut tasks: HashMap<Uuid, task::Model> = HashMap::new();
        for chunk in task_ids.chunks(500) {
            for t in task::Entity::find()
                .filter(task::Column::Id.is_in(chunk.to_vec()))
                .all(self.r())
                .await?
            {
                tasks.insert(t.id, t);
            }
        }
        let mut rules: HashMap<Uuid, ReminderRules> = HashMap::new();
        let mut titles: HashMap<Uuid, String> = HashMap::new();
        let campaign_ids: std::collections::HashSet<Uuid> =
            tasks.values().map(|t| t.campaign_id).collect();
        for cid in campaign_ids {
            rules.insert(cid, self.rules_for(cid).await?);
            let title = campaign::Entity::find_by_id(cid)
                .one(self.r())
                .await?
                .map(|c| c.title)
                .unwrap_or_default();
            titles.insert(cid, title);
        }
        for (aid, tid, org_id, state, period_end, period_label) in open {
            let Some(t) = tasks.get(&tid) else { continue };
            let Some(end) = period_end.or(t.deadline_end) else {
                continue;
            };
            let due = rules[&t.campaign_id].due(end, today);
            if due.is_empty() {
                continue;
            }
            let state_label = AssignmentState::from_code(&state)
                .map(|s| s.label())
                .unwrap_or("");
            let txn = self.tx().await?;
            let mut created = 0;
            for d in due {
                if !claim(&txn, "reminder", &format!("{aid}:{}", d.slot), instance).await?
                    || !d.send
                {
                    continue;
                }
                let what = format!(
                    "《{}》第{}项：{}",
                    titles[&t.campaign_id],
                    if t.number.is_empty() {
                        "—"
                    } else {
                        &t.number
                    },
                    short(&t.text, 60)
                );
                let what = match &period_label {
                    Some(p) => format!("{what}\n报告期：{p}"),
                    None => what,
                };
                let limit = format!("{}（{}）", t.deadline_text.clone().unwrap_or_default(), end);
                let (kind, title, body) = match d.kind {
                    DueKind::Before(0) => (
                        "deadline_today",
                        format!("【任务提醒】今天是完成时限：{}", short(&t.text, 20)),
                        format!(
                            "{what}\n完成时限：{limit}，今天到期。当前状态：{state_label}。请及时报告进展并报送。"
                        ),
                    ),
                    DueKind::Before(left) => (
                        "deadline_soon",
                        format!("【任务提醒】距完成时限还有{left}天：{}", short(&t.text, 20)),
                        format!(
                            "{what}\n完成时限：{limit}。当前状态：{state_label}。请及时报告进展。"
                        ),
                    ),
                    DueKind::Overdue(over) => (
                        "overdue",
                        format!("【逾期提醒】已逾期{over}天：{}", short(&t.text, 20)),
                        format!(
                            "{what}\n完成时限：{limit}，已逾期{over}天。当前状态：{state_label}。请尽快完成并报送。"
                        ),
                    ),
                };
                Self::notify(&txn, org_id, kind, title, body, "/my-tasks").await?;
                created += 1;
            }
            txn.commit().await?;
            stats.reminders += created;
        }
        stats.digests = self.run_lead_digests(instance, today).await?;
        stats.expiries = self.run_certificate_expiry(instance, today).await?;
        stats.escalations = self.run_hazard_escalations(instance, today).await?;
        stats.self_checks = self.run_self_check_reminders(instance, today).await?;
        stats.certificates = self.run_certificate_reminders(instance, today).await?;
        stats.referrals = self.run_referral_follow_ups(instance, today).await?;
        stats.interviews = self.run_interview_follow_ups(instance, today).await?;
        stats.credit_scores = self.run_credit_scores(instance, today).await?;
        // Drill reminders scan every enterprise: once a day, on one server.
        let txn = self.tx().await?;
        let mine = claim(&txn, "drill_scan", &today.to_string(), instance).await?;
        txn.commit().await?;
        if mine {
            stats.drills = self.run_drill_reminders(instance, today).await?;
        }
        let now = crate::now();
        stats.weather = self.run_weather_reminders(instance, now).await?;
        // Levels that change with time: once an hour, on one server.
        let slot = format!("{}", now.format("%Y-%m-%dT%H"));
        let txn = self.tx().await?;
        let mine = claim(&txn, "risk_levels", &slot, instance).await?;
        txn.commit().await?;
        if mine {
            stats.risk_levels = self.run_risk_levels(now).await?;
        }
        Ok(stats)
    }

    /// Once a day, each lead unit with overdue items or items awaiting review gets a digest.
    async fn run_lead_digests(&self, instance: &str, today: NaiveDate) -> Result<u32> {
        let leads = task_lead::Entity::find().all(self.r()).await?;
        let mut by_org: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for l in leads {
            by_org.entry(l.org_id).or_default().push(l.task_id);
        }
        let mut sent = 0;
        for (org_id, task_ids) in by_org {
            let mut overdue = 0u64;
            let mut waiting = 0u64;
            for chunk in task_ids.chunks(500) {
                let tasks: Vec<task::Model> = task::Entity::find()
                    .filter(task::Column::Id.is_in(chunk.to_vec()))
                    .all(self.r())
                    .await?;
                let mut digest_tasks = Vec::new();
                for t in &tasks {
                    let campaign_rules = self.rules_for(t.campaign_id).await?;
                    if campaign_rules.lead_digest {
                        digest_tasks.push(t);
                    }
                }
                let late_ids: Vec<Uuid> = digest_tasks
                    .iter()
                    .filter(|t| t.deadline_end.is_some_and(|e| today > e))
                    .map(|t| t.id)
                    .collect();
                let all_ids: Vec<Uuid> = digest_tasks.iter().map(|t| t.id).collect();
                if !late_ids.is_empty() {
                    overdue += assignment::Entity::find()
                        .filter(assignment::Column::TaskId.is_in(late_ids))
                        .filter(assignment::Column::State.ne(AssignmentState::Completed.code()))
                        .count(self.r())
                        .await?;
                }
                if !all_ids.is_empty() {
                    waiting += assignment::Entity::find()
                        .filter(assignment::Column::TaskId.is_in(all_ids))
                        .filter(assignment::Column::State.eq(AssignmentState::Submitted.code()))
                        .count(self.r())
                        .await?;
                }
            }
            if overdue + waiting == 0 {
                continue;
            }
            let txn = self.tx().await?;
            if claim(&txn, "lead_digest", &format!("{org_id}:{today}"), instance).await? {
                Self::notify(
                    &txn,
                    org_id,
                    "lead_digest",
                    format!("【牵头任务汇总】{overdue}个分工已逾期，{waiting}个待审核"),
                    format!("截至{today}，本单位牵头的任务中有{overdue}个责任单位分工已逾期、{waiting}个已报送待审核。请在“工作方案”中查看挂图并及时督促、审核。"),
                    "/campaigns",
                )
                .await?;
                sent += 1;
            }
            txn.commit().await?;
        }
        Ok(sent)
    }

    /// Claims up to `limit` pending deliveries for this process for two minutes.
    pub async fn claim_deliveries(&self, limit: u64) -> Result<Vec<DeliveryJob>> {
        let now = crate::now();
        let candidates = delivery::Entity::find()
            .filter(delivery::Column::Status.eq("pending"))
            .filter(
                Condition::any()
                    .add(delivery::Column::ClaimedUntil.is_null())
                    .add(delivery::Column::ClaimedUntil.lt(now)),
            )
            .order_by_asc(delivery::Column::CreatedAt)
            .limit(limit)
            .all(self.r())
            .await?;
        let mut out = Vec::new();
        for d in candidates {
            let txn = self.tx().await?;
            let n = delivery::Entity::update_many()
                .col_expr(
                    delivery::Column::ClaimedUntil,
                    Expr::value(now + Duration::minutes(2)),
                )
                .col_expr(
                    delivery::Column::Attempts,
                    Expr::col(delivery::Column::Attempts).add(1),
                )
                .filter(delivery::Column::Id.eq(d.id))
                .filter(delivery::Column::Status.eq("pending"))
                .filter(
                    Condition::any()
                        .add(delivery::Column::ClaimedUntil.is_null())
                        .add(delivery::Column::ClaimedUntil.lt(now)),
                )
                .exec(&txn)
                .await?
                .rows_affected;
            txn.commit().await?;
            if n != 1 {
                continue;
            }
            let Some(note) = notification::Entity::find_by_id(d.notification_id)
                .one(self.r())
                .await?
            else {
                continue;
            };
            out.push(DeliveryJob {
                id: d.id,
                channel: d.channel,
                target: d.target,
                title: note.title,
                body: note.body,
                attempts: d.attempts + 1,
            });
        }
        Ok(out)
    }

    /// Records the outcome of a delivery; a failure is retried until MAX_ATTEMPTS.
    pub async fn finish_delivery(
        &self,
        job: &DeliveryJob,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        let txn = self.tx().await?;
        let (status, err, sent) = match outcome {
            Ok(()) => ("sent", None, Some(crate::now())),
            Err(e) if job.attempts >= MAX_ATTEMPTS => ("failed", Some(e), None),
            Err(e) => ("pending", Some(e), None),
        };
        delivery::Entity::update_many()
            .col_expr(delivery::Column::Status, Expr::value(status))
            .col_expr(
                delivery::Column::LastError,
                Expr::value(err.map(|e| e.chars().take(1000).collect::<String>())),
            )
            .col_expr(delivery::Column::SentAt, Expr::value(sent))
            .col_expr(
                delivery::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(delivery::Column::Id.eq(job.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    // ---- the bell ----

    fn notification_org(actor: &Actor) -> Result<Uuid> {
        match actor.scope {
            Scope::Internal => Err(StoreError::NotFound),
            s => s.org_id().ok_or(StoreError::NotFound),
        }
    }

    /// The caller's unit's notifications, newest first.
    pub async fn list_notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        page: &PageReq,
    ) -> Result<Page<NotificationView>> {
        let org_id = Self::notification_org(actor)?;
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        let read_sub = sea_orm::sea_query::Query::select()
            .column(notification_read::Column::NotificationId)
            .from(notification_read::Entity)
            .and_where(notification_read::Column::UserId.eq(user))
            .to_owned();
        let mut q = notification::Entity::find().filter(notification::Column::OrgId.eq(org_id));
        if unread_only {
            q = q.filter(notification::Column::Id.not_in_subquery(read_sub.clone()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(notification::Column::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|n| n.id).collect();
        let read: std::collections::HashSet<Uuid> = if ids.is_empty() {
            Default::default()
        } else {
            notification_read::Entity::find()
                .filter(notification_read::Column::UserId.eq(user))
                .filter(notification_read::Column::NotificationId.is_in(ids))
                .all(self.r())
                .await?
                .into_iter()
                .map(|r| r.notification_id)
                .collect()
        };
        let items = rows
            .into_iter()
            .map(|n| NotificationView {
                read: read.contains(&n.id),
                id: n.id,
                kind: n.kind,
                title: n.title,
                body: n.body,
                link: n.link,
                created_at: n.created_at,
            })
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn unread_count(&self, actor: &Actor) -> Result<u64> {
        Ok(self
            .list_notifications(actor, true, &PageReq::new(Some(1), Some(1), None))
            .await?
            .total)
    }

    /// Marks one notification (of the caller's unit) read for the caller.
    pub async fn mark_read(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let org_id = Self::notification_org(actor)?;
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        let txn = self.tx().await?;
        notification::Entity::find_by_id(id)
            .filter(notification::Column::OrgId.eq(org_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        notification_read::Entity::insert(notification_read::ActiveModel {
            notification_id: Set(id),
            user_id: Set(user),
            read_at: Set(crate::now()),
        })
        .on_conflict(
            OnConflict::columns([
                notification_read::Column::NotificationId,
                notification_read::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn mark_all_read(&self, actor: &Actor) -> Result<u64> {
        let unread = self
            .list_notifications(actor, true, &PageReq::all(None, 10_000))
            .await?;
        for n in &unread.items {
            self.mark_read(actor, n.id).await?;
        }
        Ok(unread.items.len() as u64)
    }

    // ---- settings: unit contacts and campaign rules ----

    pub async fn org_contact(&self, scope: Scope, org_id: Uuid) -> Result<OrgContact> {
        self.get_org(scope, org_id).await?;
        Ok(org_contact::Entity::find_by_id(org_id)
            .one(self.r())
            .await?
            .map(|c| OrgContact {
                email: c.email,
                webhook_url: c.webhook_url,
                webhook_kind: c.webhook_kind,
            })
            .unwrap_or(OrgContact {
                email: None,
                webhook_url: None,
                webhook_kind: None,
            }))
    }

    pub async fn set_org_contact(
        &self,
        actor: &Actor,
        org_id: Uuid,
        input: &OrgContact,
    ) -> Result<OrgContact> {
        if !actor.scope.administers_accounts() {
            return Err(StoreError::Forbidden("无权维护单位联系方式".into()));
        }
        let mut v = Validator::new();
        let email = v.optional_text("email", "通知邮箱", input.email.as_deref(), 200);
        if let Some(e) = &email
            && !anzhi_domain::validate::is_email(e)
        {
            v.error("email", "invalid", "通知邮箱格式不正确");
        }
        let url = v.optional_text(
            "webhook_url",
            "群机器人地址",
            input.webhook_url.as_deref(),
            1000,
        );
        if let Some(u) = &url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            v.error(
                "webhook_url",
                "invalid",
                "群机器人地址应以 http:// 或 https:// 开头",
            );
        }
        let kind = input.webhook_kind.clone().filter(|k| !k.is_empty());
        match (&url, kind.as_deref()) {
            (Some(_), Some("wecom" | "dingtalk")) | (None, None) => {}
            (Some(_), None) => v.error(
                "webhook_kind",
                "required",
                "请选择群机器人类型（企业微信或钉钉）",
            ),
            (_, Some(k)) if !matches!(k, "wecom" | "dingtalk") => v.error(
                "webhook_kind",
                "invalid_enum",
                "群机器人类型应为 wecom（企业微信）或 dingtalk（钉钉）",
            ),
            _ => {}
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        org::Entity::find_by_id(org_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let value = OrgContact {
            email,
            webhook_url: url.clone(),
            webhook_kind: if url.is_some() { kind } else { None },
        };
        let before = org_contact::Entity::find_by_id(org_id).one(&txn).await?;
        let am = org_contact::ActiveModel {
            org_id: Set(org_id),
            email: Set(value.email.clone()),
            webhook_url: Set(value.webhook_url.clone()),
            webhook_kind: Set(value.webhook_kind.clone()),
            updated_at: Set(crate::now()),
        };
        if before.is_some() {
            am.update(&txn).await?;
        } else {
            am.insert(&txn).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("org.contact_update")
                .object("org", org_id)
                .before(json!(before.map(|b| json!({"email": b.email, "webhook_kind": b.webhook_kind, "webhook_url_set": b.webhook_url.is_some()}))))
                .after(json!({"email": value.email, "webhook_kind": value.webhook_kind, "webhook_url_set": value.webhook_url.is_some()})),
        )
        .await?;
        txn.commit().await?;
        Ok(value)
    }

    pub async fn campaign_rules(&self, scope: Scope, campaign_id: Uuid) -> Result<ReminderRules> {
        self.get_campaign(scope, campaign_id).await?;
        self.rules_for(campaign_id).await
    }

    /// Changes a campaign's reminder rules (its owner section).
    pub async fn set_campaign_rules(
        &self,
        actor: &Actor,
        campaign_id: Uuid,
        rules: &ReminderRules,
    ) -> Result<ReminderRules> {
        rules.validate().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let c = campaign::Entity::find_by_id(campaign_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if actor.scope != Scope::Section(c.owner_org_id) {
            return Err(StoreError::Forbidden(
                "只有方案的导入科室可以修改提醒规则".into(),
            ));
        }
        let mut clean = rules.clone();
        clean.before_days.sort_unstable_by(|a, b| b.cmp(a));
        clean.before_days.dedup();
        let value =
            serde_json::to_string(&clean).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let before = reminder_rule::Entity::find_by_id(campaign_id)
            .one(&txn)
            .await?;
        let am = reminder_rule::ActiveModel {
            campaign_id: Set(campaign_id),
            rules: Set(value),
            updated_at: Set(crate::now()),
        };
        if before.is_some() {
            am.update(&txn).await?;
        } else {
            am.insert(&txn).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("campaign.rules_update")
                .object("campaign", campaign_id)
                .after(json!(clean)),
        )
        .await?;
        txn.commit().await?;
        Ok(clean)
    }
}
