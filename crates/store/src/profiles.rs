//! The responsibility profile (安全生产管理体系) of an enterprise: six items, each
//! with its fields, documents and a review by the district; the completeness score;
//! commitment notices (承诺公告).

use std::collections::HashMap;

use anzhi_domain::Scope;
use anzhi_domain::crypto::mask_phone;
use anzhi_domain::enterprise::{
    Completeness, NoticePeriod, ProfileItem, ReviewAction, ReviewState, completeness, item,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{commitment_notice, enterprise, file, industry_category, org, profile_item};
use crate::files::{FileBrief, Subject};
use crate::{Actor, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProfileItemView {
    pub item: ProfileItem,
    pub label: String,
    pub state: ReviewState,
    pub state_label: String,
    /// The item's fields (see the item schemas), null when not filled in.
    pub data: Option<Value>,
    pub attachments: Vec<FileBrief>,
    pub updated_by_name: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub expires_on: Option<NaiveDate>,
    /// The caller may save (the enterprise itself, not while under review).
    pub can_edit: bool,
    pub can_submit: bool,
    /// The caller may approve or return (district or bureau, item submitted).
    pub can_review: bool,
    /// Why it cannot be submitted yet, in Chinese (null: it can).
    pub submit_blocker: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Profile {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub completeness: Completeness,
    pub items: Vec<ProfileItemView>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileItemInput {
    pub data: Value,
    /// The caller's new uploads to attach.
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    /// Attached files to remove.
    #[serde(default)]
    pub remove_attachments: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    pub id: Uuid,
    pub period: NoticePeriod,
    pub period_label: String,
    pub period_start: NaiveDate,
    pub content: String,
    pub posted_by_name: String,
    pub posted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Notices {
    /// How often this enterprise posts (from its industry category; weekly by default).
    pub period: NoticePeriod,
    pub period_label: String,
    /// Posted for the current period already.
    pub posted: bool,
    pub can_post: bool,
    pub default_content: String,
    pub items: Vec<NoticeView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CompletenessRow {
    /// The district or category (null: enterprises without a category).
    pub id: Option<Uuid>,
    pub name: String,
    pub enterprises: u64,
    /// Mean completeness score, 0–100 (one decimal).
    pub average_score: f64,
    /// Enterprises with every item approved.
    pub complete: u64,
    /// Approved items by item code.
    pub approved_by_item: HashMap<String, u64>,
}

/// Each filled item with its review state.
fn states_of(rows: &[profile_item::Model]) -> Vec<(ProfileItem, ReviewState)> {
    rows.iter()
        .filter_map(|r| {
            Some((
                ProfileItem::from_code(&r.item)?,
                ReviewState::from_code(&r.state)?,
            ))
        })
        .collect()
}

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(Utc::now())
}

impl Store {
    /// The enterprise if the scope sees it (404 otherwise).
    async fn visible_enterprise<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<org::Model> {
        if !crate::enterprises::enterprise_visible(c, scope, id).await? {
            return Err(StoreError::NotFound);
        }
        org::Entity::find_by_id(id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Phones in a team roster: decrypted (in full or masked) for reading.
    fn open_phones(&self, item: ProfileItem, mut data: Value, full: bool) -> Value {
        if item == ProfileItem::Team
            && let Some(members) = data.get_mut("members").and_then(Value::as_array_mut)
        {
            for m in members {
                if let Some(p) = m.get("phone").and_then(Value::as_str)
                    && let Ok(plain) = self.cipher().decrypt(p)
                {
                    m["phone"] = json!(if full { plain } else { mask_phone(&plain) });
                }
            }
        }
        data
    }

    fn seal_phones(&self, item: ProfileItem, mut data: Value) -> Value {
        if item == ProfileItem::Team
            && let Some(members) = data.get_mut("members").and_then(Value::as_array_mut)
        {
            for m in members {
                if let Some(p) = m.get("phone").and_then(Value::as_str) {
                    m["phone"] = json!(self.cipher().encrypt(p));
                }
            }
        }
        data
    }

    fn item_view(
        &self,
        actor: &Actor,
        enterprise_id: Uuid,
        it: ProfileItem,
        row: Option<&profile_item::Model>,
        files: Vec<FileBrief>,
    ) -> ProfileItemView {
        let state = row
            .and_then(|r| ReviewState::from_code(&r.state))
            .unwrap_or(ReviewState::Missing);
        let own = actor.scope == Scope::Enterprise(enterprise_id);
        let reviewer = matches!(actor.scope, Scope::Section(_) | Scope::District(_));
        let data = row
            .and_then(|r| serde_json::from_str::<Value>(&r.data).ok())
            .map(|d| self.open_phones(it, d, crate::enterprises::sees_phones(actor.scope)));
        let blocker = match state.apply(ReviewAction::Submit) {
            Err(e) => Some(e.to_string()),
            Ok(_) => data
                .as_ref()
                .and_then(|d| item::missing_for_submit(it, d, files.len()))
                .map(str::to_string),
        };
        ProfileItemView {
            item: it,
            label: it.label().into(),
            state,
            state_label: state.label().into(),
            data,
            updated_by_name: row.map(|r| r.updated_by_name.clone()),
            updated_at: row.map(|r| r.updated_at),
            submitted_at: row.and_then(|r| r.submitted_at),
            reviewed_by_name: row.and_then(|r| r.reviewed_by_name.clone()),
            reviewed_at: row.and_then(|r| r.reviewed_at),
            review_comment: row.and_then(|r| r.review_comment.clone()),
            expires_on: row.and_then(|r| r.expires_on),
            can_edit: own && state.apply(ReviewAction::Edit).is_ok(),
            can_submit: own && blocker.is_none(),
            can_review: reviewer && state == ReviewState::Submitted,
            submit_blocker: blocker,
            attachments: files,
        }
    }

    async fn profile_rows<C: ConnectionTrait>(
        c: &C,
        enterprise_id: Uuid,
    ) -> Result<Vec<profile_item::Model>> {
        Ok(profile_item::Entity::find()
            .filter(profile_item::Column::EnterpriseId.eq(enterprise_id))
            .all(c)
            .await?)
    }

    pub async fn get_profile(&self, actor: &Actor, id: Uuid) -> Result<Profile> {
        let o = self.visible_enterprise(self.r(), actor.scope, id).await?;
        let rows = Self::profile_rows(self.r(), id).await?;
        let mut files =
            crate::files::attachments_of(self.r(), Subject::ProfileItem, rows.iter().map(|r| r.id))
                .await?;
        let states = states_of(&rows);
        let items = ProfileItem::ALL
            .into_iter()
            .map(|it| {
                let row = rows.iter().find(|r| r.item == it.code());
                let f = row.and_then(|r| files.remove(&r.id)).unwrap_or_default();
                self.item_view(actor, id, it, row, f)
            })
            .collect();
        Ok(Profile {
            enterprise_id: id,
            enterprise_name: o.name,
            completeness: completeness(&states),
            items,
        })
    }

    /// An enterprise's row for one item, if filled in.
    async fn find_item<C: ConnectionTrait>(
        c: &C,
        enterprise_id: Uuid,
        it: ProfileItem,
    ) -> Result<Option<profile_item::Model>> {
        Ok(profile_item::Entity::find()
            .filter(profile_item::Column::EnterpriseId.eq(enterprise_id))
            .filter(profile_item::Column::Item.eq(it.code()))
            .one(c)
            .await?)
    }

    async fn one_item_view<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        enterprise_id: Uuid,
        it: ProfileItem,
    ) -> Result<ProfileItemView> {
        let row = Self::find_item(c, enterprise_id, it).await?;
        let files = match &row {
            Some(r) => crate::files::attachments_of(c, Subject::ProfileItem, [r.id])
                .await?
                .remove(&r.id)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        Ok(self.item_view(actor, enterprise_id, it, row.as_ref(), files))
    }

    /// Recomputes and stores an enterprise's completeness score (same transaction).
    async fn refresh_score<C: ConnectionTrait>(c: &C, enterprise_id: Uuid) -> Result<()> {
        let rows = Self::profile_rows(c, enterprise_id).await?;
        let states = states_of(&rows);
        let score = completeness(&states).score as i32;
        let exists = enterprise::Entity::find_by_id(enterprise_id)
            .one(c)
            .await?
            .is_some();
        if exists {
            enterprise::Entity::update_many()
                .col_expr(enterprise::Column::ProfileScore, Expr::value(score))
                .filter(enterprise::Column::OrgId.eq(enterprise_id))
                .exec(c)
                .await?;
        } else {
            enterprise::ActiveModel {
                org_id: Set(enterprise_id),
                category_id: Set(None),
                is_key: Set(false),
                address: Set(None),
                longitude: Set(None),
                latitude: Set(None),
                legal_rep: Set(None),
                principal: Set(None),
                principal_phone: Set(None),
                principal_phone_masked: Set(None),
                safety_manager: Set(None),
                safety_manager_phone: Set(None),
                safety_manager_phone_masked: Set(None),
                employees: Set(None),
                floor_area: Set(None),
                status: Set("operating".into()),
                profile_score: Set(score),
                updated_at: Set(crate::now()),
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    fn require_own(actor: &Actor, enterprise_id: Uuid) -> Result<()> {
        if actor.scope == Scope::Enterprise(enterprise_id) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(
                "安全生产管理体系由企业自行填报".into(),
            ))
        }
    }

    /// The enterprise saves an item (fields, new documents, removed documents).
    pub async fn save_profile_item(
        &self,
        actor: &Actor,
        id: Uuid,
        it: ProfileItem,
        input: &ProfileItemInput,
    ) -> Result<ProfileItemView> {
        let txn = self.tx().await?;
        self.visible_enterprise(&txn, actor.scope, id).await?;
        Self::require_own(actor, id)?;
        self.save_item_in(&txn, actor, id, it, input).await?;
        let view = self.one_item_view(&txn, actor, id, it).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// Saves an item inside the caller's transaction (scope already checked).
    async fn save_item_in(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        actor: &Actor,
        id: Uuid,
        it: ProfileItem,
        input: &ProfileItemInput,
    ) -> Result<()> {
        let mut data = item::check(it, &input.data).map_err(StoreError::Invalid)?;
        let row = Self::find_item(txn, id, it).await?;
        let state = row
            .as_ref()
            .and_then(|r| ReviewState::from_code(&r.state))
            .unwrap_or(ReviewState::Missing);
        let next = state
            .apply(ReviewAction::Edit)
            .map_err(|e| StoreError::Conflict(e.into()))?;
        // An in-app commitment keeps who confirmed it only while its text is unchanged.
        if it == ProfileItem::Commitment
            && let Some(old) = row
                .as_ref()
                .and_then(|r| serde_json::from_str::<Value>(&r.data).ok())
            && old.get("text") == data.get("text")
            && old.get("mode") == data.get("mode")
        {
            data["confirmed_by"] = old.get("confirmed_by").cloned().unwrap_or(Value::Null);
            data["confirmed_at"] = old.get("confirmed_at").cloned().unwrap_or(Value::Null);
        } else if it == ProfileItem::Commitment {
            data["confirmed_by"] = Value::Null;
            data["confirmed_at"] = Value::Null;
        }
        let expires_on = if it == ProfileItem::Standardization {
            data.get("expires_on")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<NaiveDate>().ok())
        } else {
            None
        };
        let now = crate::now();
        let name = crate::campaigns::display_name(txn, actor).await?;
        let stored = self.seal_phones(it, data.clone()).to_string();
        let row_id = match row {
            Some(r) => {
                let rid = r.id;
                let mut am: profile_item::ActiveModel = r.into();
                am.data = Set(stored);
                am.state = Set(next.code().into());
                am.updated_by_name = Set(name);
                am.updated_at = Set(now);
                am.expires_on = Set(expires_on);
                am.update(txn).await?;
                rid
            }
            None => {
                let rid = Uuid::now_v7();
                profile_item::ActiveModel {
                    id: Set(rid),
                    enterprise_id: Set(id),
                    item: Set(it.code().into()),
                    data: Set(stored),
                    state: Set(next.code().into()),
                    updated_by_name: Set(name),
                    updated_at: Set(now),
                    submitted_at: Set(None),
                    reviewed_by_name: Set(None),
                    reviewed_at: Set(None),
                    review_comment: Set(None),
                    expires_on: Set(expires_on),
                }
                .insert(txn)
                .await?;
                rid
            }
        };
        if !input.remove_attachments.is_empty() {
            // Detached files are swept with other unattached uploads.
            file::Entity::update_many()
                .col_expr(
                    file::Column::SubjectKind,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(file::Column::SubjectId, Expr::value(Option::<Uuid>::None))
                .filter(file::Column::SubjectKind.eq(Subject::ProfileItem.code()))
                .filter(file::Column::SubjectId.eq(row_id))
                .filter(file::Column::Id.is_in(input.remove_attachments.clone()))
                .exec(txn)
                .await?;
        }
        let added = crate::files::attach(
            txn,
            actor,
            &input.attachments,
            Subject::ProfileItem,
            row_id,
            "attachments",
        )
        .await?;
        Self::refresh_score(txn, id).await?;
        let mut audit_data = data.clone();
        if it == ProfileItem::Team
            && let Some(ms) = audit_data.get_mut("members").and_then(Value::as_array_mut)
        {
            for m in ms {
                if let Some(p) = m.get("phone").and_then(Value::as_str) {
                    m["phone"] = json!(mask_phone(p));
                }
            }
        }
        append(
            txn,
            actor,
            AuditEvent::new("profile.save")
                .object("enterprise", id)
                .detail(it.label())
                .after(json!({
                    "item": it.code(), "data": audit_data,
                    "added": added.iter().map(|f| &f.name).collect::<Vec<_>>(),
                    "removed": input.remove_attachments.len(),
                })),
        )
        .await?;
        Ok(())
    }

    /// The principal responsible person's in-app annual commitment: the text is kept
    /// as confirmed, with who and when.
    pub async fn confirm_commitment(
        &self,
        actor: &Actor,
        id: Uuid,
        year: i32,
        text: &str,
    ) -> Result<ProfileItemView> {
        let txn = self.tx().await?;
        let o = self.visible_enterprise(&txn, actor.scope, id).await?;
        Self::require_own(actor, id)?;
        let principal = enterprise::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .and_then(|e| e.principal);
        let text = if text.trim().is_empty() {
            anzhi_domain::enterprise::default_commitment_text(&o.name, year)
        } else {
            text.trim().to_string()
        };
        let input = ProfileItemInput {
            data: json!({"year": year, "mode": "in_app", "text": text}),
            ..Default::default()
        };
        // Saved and confirmed in one transaction (the save clears any earlier confirmation).
        self.save_item_in(&txn, actor, id, ProfileItem::Commitment, &input)
            .await?;
        let row = Self::find_item(&txn, id, ProfileItem::Commitment)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut data: Value = serde_json::from_str(&row.data).unwrap_or(json!({}));
        let who = match principal {
            Some(p) => format!(
                "{p}（主要负责人，经{}确认）",
                crate::campaigns::display_name(&txn, actor).await?
            ),
            None => crate::campaigns::display_name(&txn, actor).await?,
        };
        data["confirmed_by"] = json!(who);
        data["confirmed_at"] = json!(Utc::now());
        let mut am: profile_item::ActiveModel = row.into();
        am.data = Set(data.to_string());
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("profile.commit")
                .object("enterprise", id)
                .detail(format!("{year}年度安全承诺"))
                .after(json!({"year": year, "confirmed_by": who, "text_sm3": anzhi_domain::crypto::sm3_hex(text.as_bytes())})),
        )
        .await?;
        let view = self
            .one_item_view(&txn, actor, id, ProfileItem::Commitment)
            .await?;
        txn.commit().await?;
        Ok(view)
    }

    /// Submits, approves or returns an item.
    pub async fn review_profile_item(
        &self,
        actor: &Actor,
        id: Uuid,
        it: ProfileItem,
        action: ReviewAction,
        comment: Option<&str>,
    ) -> Result<ProfileItemView> {
        let txn = self.tx().await?;
        self.visible_enterprise(&txn, actor.scope, id).await?;
        match action {
            ReviewAction::Submit => Self::require_own(actor, id)?,
            _ => {
                if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
                    return Err(StoreError::Forbidden(
                        "只有区商务局和局科室人员可以审核".into(),
                    ));
                }
            }
        }
        let mut v = anzhi_domain::Validator::new();
        let comment = match action {
            ReviewAction::Return => {
                Some(v.text("reason", "退回原因", comment.unwrap_or(""), 1, 1000))
            }
            _ => v.optional_text("comment", "审核意见", comment, 1000),
        };
        v.into_result().map_err(StoreError::Invalid)?;
        let view = self.one_item_view(&txn, actor, id, it).await?;
        let row = Self::find_item(&txn, id, it).await?;
        let Some(row) = row else {
            return Err(StoreError::Conflict(format!("{}尚未填报", it.label())));
        };
        if action == ReviewAction::Submit
            && let Some(b) = view.submit_blocker
        {
            return Err(StoreError::Conflict(b));
        }
        let state = ReviewState::from_code(&row.state).unwrap_or(ReviewState::Draft);
        let next = state
            .apply(action)
            .map_err(|e| StoreError::Conflict(e.into()))?;
        let now = crate::now();
        let name = crate::campaigns::display_name(&txn, actor).await?;
        let mut am: profile_item::ActiveModel = row.into();
        am.state = Set(next.code().into());
        match action {
            ReviewAction::Submit => {
                am.submitted_at = Set(Some(now));
            }
            _ => {
                am.reviewed_by_name = Set(Some(name));
                am.reviewed_at = Set(Some(now));
                am.review_comment = Set(comment.clone());
            }
        }
        am.update(&txn).await?;
        Self::refresh_score(&txn, id).await?;
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                ReviewAction::Submit => "profile.submit",
                ReviewAction::Approve => "profile.approve",
                _ => "profile.return",
            })
            .object("enterprise", id)
            .detail(it.label())
            .before(json!({"state": state.code()}))
            .after(json!({"item": it.code(), "state": next.code(), "comment": comment})),
        )
        .await?;
        let view = self.one_item_view(&txn, actor, id, it).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// 安全生产标准化 certificates expiring within 30 days, within 7 days, or expired:
    /// one notice each to the enterprise and its district, once per certificate and step.
    pub(crate) async fn run_certificate_expiry(
        &self,
        instance: &str,
        today: NaiveDate,
    ) -> Result<u32> {
        let rows = profile_item::Entity::find()
            .filter(profile_item::Column::Item.eq(ProfileItem::Standardization.code()))
            .filter(profile_item::Column::ExpiresOn.is_not_null())
            .filter(profile_item::Column::ExpiresOn.lte(today + chrono::Duration::days(30)))
            .filter(profile_item::Column::ExpiresOn.gte(today - chrono::Duration::days(60)))
            .all(self.r())
            .await?;
        let mut sent = 0;
        for r in rows {
            let Some(exp) = r.expires_on else { continue };
            let left = (exp - today).num_days();
            let step = if left < 0 {
                "expired"
            } else if left <= 7 {
                "7"
            } else {
                "30"
            };
            let txn = self.tx().await?;
            if !crate::reminders::claim(
                &txn,
                "certificate_expiry",
                &format!("{}:{exp}:{step}", r.id),
                instance,
            )
            .await?
            {
                continue;
            }
            let Some(o) = org::Entity::find_by_id(r.enterprise_id).one(&txn).await? else {
                continue;
            };
            let (title, body) = if left < 0 {
                (
                    format!("【证书到期】{}安全生产标准化证书已过期", o.name),
                    format!(
                        "{}的安全生产标准化证书有效期至{exp}，已过期{}天。请尽快复评换证并更新安全生产管理体系。",
                        o.name, -left
                    ),
                )
            } else {
                (
                    format!("【证书到期提醒】{}安全生产标准化证书{left}天后到期", o.name),
                    format!(
                        "{}的安全生产标准化证书有效期至{exp}，还有{left}天到期。请及时申请复评。",
                        o.name
                    ),
                )
            };
            let link = format!("/enterprises/{}", o.id);
            Self::notify(
                &txn,
                o.id,
                "certificate_expiry",
                title.clone(),
                body.clone(),
                &link,
            )
            .await?;
            if let Some(d) = o.parent_id {
                Self::notify(&txn, d, "certificate_expiry", title, body, &link).await?;
            }
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    // ----- commitment notices --------------------------------------------------

    async fn notice_period<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<NoticePeriod> {
        let cat = enterprise::Entity::find_by_id(id)
            .one(c)
            .await?
            .and_then(|e| e.category_id);
        let period = match cat {
            Some(k) => industry_category::Entity::find_by_id(k)
                .one(c)
                .await?
                .and_then(|k| k.notice_period)
                .and_then(|p| NoticePeriod::from_code(&p)),
            None => None,
        };
        Ok(period.unwrap_or(NoticePeriod::Weekly))
    }

    fn default_notice(name: &str, label: &str) -> String {
        format!(
            "{name}{label}安全承诺：本单位已对消防设施、疏散通道、用电用气、特种设备等开展安全检查，\
             各项安全措施落实到位，安全风险处于受控状态；主要负责人、安全管理人员在岗履职，\
             如发现隐患立即整改并报告。"
        )
    }

    pub async fn list_notices(&self, actor: &Actor, id: Uuid) -> Result<Notices> {
        let o = self.visible_enterprise(self.r(), actor.scope, id).await?;
        let period = Self::notice_period(self.r(), id).await?;
        let (start, label) = period.period_of(today());
        let rows = commitment_notice::Entity::find()
            .filter(commitment_notice::Column::EnterpriseId.eq(id))
            .order_by_desc(commitment_notice::Column::PeriodStart)
            .order_by_desc(commitment_notice::Column::PostedAt)
            .limit(200)
            .all(self.r())
            .await?;
        let posted = rows
            .iter()
            .any(|r| r.period == period.code() && r.period_start == start);
        Ok(Notices {
            period,
            default_content: Self::default_notice(&o.name, &label),
            period_label: label,
            posted,
            can_post: actor.scope == Scope::Enterprise(id) && !posted,
            items: rows
                .into_iter()
                .map(|r| NoticeView {
                    id: r.id,
                    period: NoticePeriod::from_code(&r.period).unwrap_or(NoticePeriod::Weekly),
                    period_label: r.period_label,
                    period_start: r.period_start,
                    content: r.content,
                    posted_by_name: r.posted_by_name,
                    posted_at: r.posted_at,
                })
                .collect(),
        })
    }

    /// Posts this period's commitment notice (once per period).
    pub async fn post_notice(&self, actor: &Actor, id: Uuid, content: &str) -> Result<NoticeView> {
        let txn = self.tx().await?;
        let o = self.visible_enterprise(&txn, actor.scope, id).await?;
        Self::require_own(actor, id)?;
        let period = Self::notice_period(&txn, id).await?;
        let (start, label) = period.period_of(today());
        let mut v = anzhi_domain::Validator::new();
        let content = if content.trim().is_empty() {
            Self::default_notice(&o.name, &label)
        } else {
            v.text("content", "承诺内容", content, 1, 2000)
        };
        v.into_result().map_err(StoreError::Invalid)?;
        let exists = commitment_notice::Entity::find()
            .filter(commitment_notice::Column::EnterpriseId.eq(id))
            .filter(commitment_notice::Column::Period.eq(period.code()))
            .filter(commitment_notice::Column::PeriodStart.eq(start))
            .one(&txn)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!("{label}的承诺公告已发布")));
        }
        let m = commitment_notice::ActiveModel {
            id: Set(Uuid::now_v7()),
            enterprise_id: Set(id),
            period: Set(period.code().into()),
            period_start: Set(start),
            period_label: Set(label.clone()),
            content: Set(content.clone()),
            posted_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
            posted_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("notice.post")
                .object("enterprise", id)
                .detail(label)
                .after(json!({"period": period.code(), "content": content})),
        )
        .await?;
        txn.commit().await?;
        Ok(NoticeView {
            id: m.id,
            period,
            period_label: m.period_label,
            period_start: m.period_start,
            content: m.content,
            posted_by_name: m.posted_by_name,
            posted_at: m.posted_at,
        })
    }

    // ----- completeness statistics ---------------------------------------------

    /// Completeness by district or by category over the enterprises the scope sees.
    pub async fn completeness_summary(
        &self,
        scope: Scope,
        by_category: bool,
    ) -> Result<Vec<CompletenessRow>> {
        if matches!(
            scope,
            Scope::Admin(_) | Scope::Agency(_) | Scope::Enterprise(_)
        ) {
            return Err(StoreError::Forbidden("无权查看统计".into()));
        }
        let mut q = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::ParentId)
            .filter(org::Column::Kind.eq(anzhi_domain::OrgKind::Enterprise.code()));
        if let Scope::District(d) = scope {
            q = q.filter(org::Column::ParentId.eq(d));
        }
        let ents: Vec<(Uuid, Option<Uuid>)> = q.into_tuple().all(self.r()).await?;
        let regs: HashMap<Uuid, (Option<Uuid>, i32)> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .column(enterprise::Column::CategoryId)
            .column(enterprise::Column::ProfileScore)
            .into_tuple::<(Uuid, Option<Uuid>, i32)>()
            .all(self.r())
            .await?
            .into_iter()
            .map(|(o, c, s)| (o, (c, s)))
            .collect();
        let approved: Vec<(Uuid, String)> = profile_item::Entity::find()
            .select_only()
            .column(profile_item::Column::EnterpriseId)
            .column(profile_item::Column::Item)
            .filter(profile_item::Column::State.eq(ReviewState::Approved.code()))
            .into_tuple()
            .all(self.r())
            .await?;
        let mut approved_of: HashMap<Uuid, Vec<String>> = HashMap::new();
        for (e, i) in approved {
            approved_of.entry(e).or_default().push(i);
        }
        // Per group: (enterprises, sum of scores, complete, approved per item).
        type Tally = (u64, i64, u64, HashMap<String, u64>);
        let mut groups: HashMap<Option<Uuid>, Tally> = HashMap::new();
        for (id, district) in &ents {
            let (cat, score) = regs.get(id).copied().unwrap_or((None, 0));
            let key = if by_category { cat } else { *district };
            let g = groups.entry(key).or_default();
            g.0 += 1;
            g.1 += i64::from(score);
            if score >= 100 {
                g.2 += 1;
            }
            for i in approved_of.get(id).into_iter().flatten() {
                *g.3.entry(i.clone()).or_default() += 1;
            }
        }
        let names: HashMap<Uuid, (String, i32)> = if by_category {
            industry_category::Entity::find()
                .all(self.r())
                .await?
                .into_iter()
                .map(|k| (k.id, (k.name, k.sort_order)))
                .collect()
        } else {
            org::Entity::find()
                .filter(org::Column::Kind.eq(anzhi_domain::OrgKind::District.code()))
                .all(self.r())
                .await?
                .into_iter()
                .map(|o| (o.id, (o.name, o.sort_order)))
                .collect()
        };
        let mut rows: Vec<(i32, CompletenessRow)> = groups
            .into_iter()
            .map(|(k, (n, sum, complete, items))| {
                let (name, order) = k.and_then(|k| names.get(&k).cloned()).unwrap_or_else(|| {
                    (
                        if by_category {
                            "未分类"
                        } else {
                            "未划区"
                        }
                        .to_string(),
                        i32::MAX,
                    )
                });
                let mut approved_by_item: HashMap<String, u64> = ProfileItem::ALL
                    .iter()
                    .map(|i| (i.code().to_string(), 0))
                    .collect();
                approved_by_item.extend(items);
                (
                    order,
                    CompletenessRow {
                        id: k,
                        name,
                        enterprises: n,
                        average_score: if n == 0 {
                            0.0
                        } else {
                            (sum as f64 / n as f64 * 10.0).round() / 10.0
                        },
                        complete,
                        approved_by_item,
                    },
                )
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.cmp(&b.1.name)));
        Ok(rows.into_iter().map(|r| r.1).collect())
    }
}
