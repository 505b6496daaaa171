//! Supervision inspections (督导检查): versioned checklist templates (six built in),
//! special campaigns grouping plans, plans assigning enterprises to inspectors, and
//! the inspections themselves — answered item by item (saved as they go), finished,
//! confirmed by the enterprise; every 不符合 then becomes a hazard linked back to
//! its inspection and item.

use std::collections::HashMap;

use anzhi_domain::hazard::{CheckedHazard, HazardInput, Level, Source};
use anzhi_domain::inspection::{
    self as rules, Answer, AnswerInput, InspAction, InspParty, InspState, Summary, Template,
    TemplateInput, TemplateVersion, VersionChange,
};
use anzhi_domain::{OrgKind, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    checklist_template, checklist_template_version, file, hazard, hazard_category, inspection,
    inspection_campaign, inspection_plan, org, user,
};
use crate::files::{FileBrief, Subject, attach};
use crate::hazards::{author, insert_hazard};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateBrief {
    pub id: Uuid,
    pub key: Option<String>,
    pub name: String,
    pub scope_label: String,
    pub version: i32,
    pub items: i32,
    pub builtin: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionBrief {
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateDetail {
    #[serde(flatten)]
    pub brief: TemplateBrief,
    pub versions: Vec<VersionBrief>,
    pub content: Template,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CampaignInput {
    #[serde(default)]
    pub name: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ProgressView {
    pub total: u32,
    pub done: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub overdue: u32,
}

impl From<rules::Progress> for ProgressView {
    fn from(p: rules::Progress) -> Self {
        ProgressView {
            total: p.total as u32,
            done: p.done as u32,
            in_progress: p.in_progress as u32,
            not_started: p.not_started as u32,
            overdue: p.overdue as u32,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignView {
    pub id: Uuid,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub description: Option<String>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub plans: u64,
    pub progress: ProgressView,
    /// 不符合 items found.
    pub findings: u64,
    pub hazards: u64,
    pub hazards_closed: u64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PlanTarget {
    pub enterprise_id: Uuid,
    pub inspector_id: Uuid,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PlanInput {
    #[serde(default)]
    pub title: String,
    pub campaign_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    pub starts_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub note: Option<String>,
    #[serde(default)]
    pub targets: Vec<PlanTarget>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupProgress {
    pub id: Uuid,
    pub name: String,
    #[serde(flatten)]
    pub progress: ProgressView,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    pub id: Uuid,
    pub title: String,
    pub campaign_id: Option<Uuid>,
    pub campaign_name: Option<String>,
    pub template_id: Uuid,
    pub template_name: String,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub progress: ProgressView,
    pub by_inspector: Vec<GroupProgress>,
    pub by_district: Vec<GroupProgress>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SummaryView {
    pub checked: u32,
    pub passed: u32,
    pub failed: u32,
    pub not_applicable: u32,
    pub unanswered: u32,
}

impl From<Summary> for SummaryView {
    fn from(s: Summary) -> Self {
        SummaryView {
            checked: s.checked as u32,
            passed: s.passed as u32,
            failed: s.failed as u32,
            not_applicable: s.not_applicable as u32,
            unanswered: s.unanswered as u32,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InspectionBrief {
    pub id: Uuid,
    pub plan_id: Option<Uuid>,
    pub plan_title: Option<String>,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_id: Uuid,
    pub district_name: String,
    pub inspector_id: Uuid,
    pub inspector_name: String,
    pub template_id: Uuid,
    pub template_name: String,
    pub template_version: i32,
    pub state: String,
    pub state_label: String,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub failed: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnswerView {
    pub key: String,
    pub value: rules::AnswerValue,
    pub note: Option<String>,
    pub photos: Vec<FileBrief>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FindingView {
    pub key: String,
    pub section: String,
    pub item_text: String,
    pub basis: String,
    pub problem: String,
    pub level: Level,
    pub level_label: String,
    pub category: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedHazard {
    pub id: Uuid,
    pub code: String,
    pub item_key: Option<String>,
    pub state: String,
    pub state_label: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InspectionDetail {
    #[serde(flatten)]
    pub brief: InspectionBrief,
    pub template: Template,
    pub answers: Vec<AnswerView>,
    pub summary: SummaryView,
    pub findings: Vec<FindingView>,
    pub hazards: Vec<LinkedHazard>,
    pub accompanied_by: Option<String>,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirm_comment: Option<String>,
    pub objection: Option<String>,
    pub cancel_reason: Option<String>,
    pub version: i32,
}

/// An account that may be named inspector (检查人员).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InspectorView {
    pub id: Uuid,
    pub display_name: String,
    pub org_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    pub plan_id: Option<Uuid>,
    pub state: Option<InspState>,
    pub mine: bool,
    pub enterprise_id: Option<Uuid>,
}

/// The confirmation as the API receives it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// The representative's name when the inspector records the confirmation on site.
    pub name: Option<String>,
    pub comment: Option<String>,
    /// 异议: the enterprise disagrees (the inspection completes all the same).
    pub objection: Option<String>,
}

pub(crate) fn inspection_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(inspection::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all()
            .add(inspection::Column::EnterpriseId.eq(e))
            .add(inspection::Column::State.ne(InspState::Draft.code())),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看检查记录".into()));
        }
    })
}

fn state_of(m: &inspection::Model) -> InspState {
    InspState::from_code(&m.state).unwrap_or(InspState::Draft)
}

fn parties(actor: &Actor, m: &inspection::Model) -> Vec<InspParty> {
    let mut p = Vec::new();
    if actor.user_id == Some(m.inspector_id) {
        p.push(InspParty::Inspector);
    }
    if actor.scope == Scope::Enterprise(m.enterprise_id) {
        p.push(InspParty::EnterpriseRep);
    }
    if actor.scope.org_id() == Some(m.owner_org_id) && !p.contains(&InspParty::Inspector) {
        p.push(InspParty::Planner);
    }
    if p.is_empty() {
        p.push(InspParty::Other);
    }
    p
}

fn refuse(r: anzhi_domain::hazard::Refusal) -> StoreError {
    use anzhi_domain::hazard::Refusal;
    match r {
        Refusal::Forbidden(_) => StoreError::Forbidden(r.message().into()),
        Refusal::Conflict(_) => StoreError::Conflict(r.message().into()),
    }
}

fn answers_of(m: &inspection::Model) -> Vec<Answer> {
    serde_json::from_str(&m.answers).unwrap_or_default()
}

/// The source of the hazards an inspection finds.
fn source_of(m: &inspection::Model, owner_kind: Option<&str>) -> Source {
    if m.campaign_id.is_some() {
        Source::SpecialCheck
    } else if owner_kind == Some(OrgKind::District.code()) {
        Source::DistrictCheck
    } else {
        Source::BureauSupervision
    }
}

async fn load_template<C: ConnectionTrait>(c: &C, id: Uuid, version: i32) -> Result<Template> {
    let v = checklist_template_version::Entity::find_by_id((id, version))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?;
    serde_json::from_str(&v.content)
        .map_err(|e| StoreError::Conflict(format!("检查表内容无法读取：{e}")))
}

async fn known_categories<C: ConnectionTrait>(c: &C) -> Result<Vec<(Uuid, String)>> {
    Ok(hazard_category::Entity::find()
        .select_only()
        .column(hazard_category::Column::Id)
        .column(hazard_category::Column::Name)
        .order_by_asc(hazard_category::Column::SortOrder)
        .into_tuple()
        .all(c)
        .await?)
}

impl Store {
    /// Inserts the built-in templates that are missing (by key), as version 1.
    pub(crate) async fn ensure_builtin_templates<C: ConnectionTrait>(c: &C) -> Result<()> {
        let now = crate::now();
        for (key, t) in rules::BUILTIN_CODES.iter().zip(rules::builtin_templates()) {
            if checklist_template::Entity::find()
                .filter(checklist_template::Column::Key.eq(*key))
                .one(c)
                .await?
                .is_some()
            {
                continue;
            }
            let id = Uuid::now_v7();
            checklist_template::ActiveModel {
                id: Set(id),
                key: Set(Some(key.to_string())),
                name: Set(t.name.clone()),
                scope_label: Set(t.scope_label.clone()),
                version: Set(1),
                items: Set(t.item_count() as i32),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(c)
            .await?;
            checklist_template_version::ActiveModel {
                template_id: Set(id),
                version: Set(1),
                content: Set(serde_json::to_string(&t).unwrap_or_default()),
                content_hash: Set(rules::content_hash(&t)),
                created_by_name: Set("系统内置".into()),
                created_at: Set(now),
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    fn template_brief(t: checklist_template::Model) -> TemplateBrief {
        TemplateBrief {
            id: t.id,
            builtin: t.key.is_some(),
            key: t.key,
            name: t.name,
            scope_label: t.scope_label,
            version: t.version,
            items: t.items,
            updated_at: t.updated_at,
        }
    }

    pub async fn list_templates(&self, scope: Scope) -> Result<Vec<TemplateBrief>> {
        inspection_scope(scope)?;
        Ok(checklist_template::Entity::find()
            .order_by_asc(checklist_template::Column::CreatedAt)
            .all(self.r())
            .await?
            .into_iter()
            .map(Self::template_brief)
            .collect())
    }

    pub async fn template(
        &self,
        scope: Scope,
        id: Uuid,
        version: Option<i32>,
    ) -> Result<TemplateDetail> {
        inspection_scope(scope)?;
        let t = checklist_template::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let content = load_template(self.r(), id, version.unwrap_or(t.version)).await?;
        let versions = checklist_template_version::Entity::find()
            .filter(checklist_template_version::Column::TemplateId.eq(id))
            .order_by_desc(checklist_template_version::Column::Version)
            .all(self.r())
            .await?
            .into_iter()
            .map(|v| VersionBrief {
                version: v.version,
                created_at: v.created_at,
                created_by_name: v.created_by_name,
            })
            .collect();
        let mut brief = Self::template_brief(t);
        if let Some(v) = version {
            brief.version = v;
            brief.items = content.item_count() as i32;
        }
        Ok(TemplateDetail {
            brief,
            versions,
            content,
        })
    }

    /// Creates a template (`id` None) or saves a new version of one when its
    /// content changed; inspections keep the version they started with.
    pub async fn save_template(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &TemplateInput,
    ) -> Result<TemplateDetail> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::Internal) {
            return Err(StoreError::Forbidden("检查表模板由市局维护".into()));
        }
        let cats = known_categories(self.r()).await?;
        let names: Vec<&str> = cats.iter().map(|c| c.1.as_str()).collect();
        let t = rules::check_template(input, &names).map_err(|e| {
            StoreError::Invalid(
                e.into_iter()
                    .map(|mut f| {
                        f.field = format!("content.{}", f.field);
                        f
                    })
                    .collect(),
            )
        })?;
        let who = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let (tid, change) = match id {
            Some(id) => {
                let row = checklist_template::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let latest = checklist_template_version::Entity::find_by_id((id, row.version))
                    .one(&txn)
                    .await?
                    .map(|v| TemplateVersion {
                        version: v.version,
                        hash: v.content_hash,
                    });
                (id, rules::next_version(latest.as_ref(), &t))
            }
            None => (Uuid::now_v7(), rules::next_version(None, &t)),
        };
        if let VersionChange::New(v) = &change {
            checklist_template_version::ActiveModel {
                template_id: Set(tid),
                version: Set(v.version),
                content: Set(serde_json::to_string(&t).unwrap_or_default()),
                content_hash: Set(v.hash.clone()),
                created_by_name: Set(who.name.clone()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
            let row = checklist_template::ActiveModel {
                id: Set(tid),
                key: if id.is_some() {
                    sea_orm::ActiveValue::NotSet
                } else {
                    Set(None)
                },
                name: Set(t.name.clone()),
                scope_label: Set(t.scope_label.clone()),
                version: Set(v.version),
                items: Set(t.item_count() as i32),
                created_at: if id.is_some() {
                    sea_orm::ActiveValue::NotSet
                } else {
                    Set(now)
                },
                updated_at: Set(now),
            };
            if id.is_some() {
                row.update(&txn).await?;
            } else {
                row.insert(&txn).await?;
            }
            append(
                &txn,
                actor,
                AuditEvent::new("inspection.template_save")
                    .object("checklist_template", tid)
                    .after(json!({"name": t.name, "version": v.version, "items": t.item_count()})),
            )
            .await?;
        }
        txn.commit().await?;
        self.template(actor.scope, tid, None).await
    }

    // ------------------------------------------------------------ campaigns

    pub async fn create_inspection_campaign(
        &self,
        actor: &Actor,
        input: &CampaignInput,
    ) -> Result<CampaignView> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
            return Err(StoreError::Forbidden("无权创建专项检查".into()));
        }
        let mut v = anzhi_domain::Validator::new();
        let name = v.text("name", "专项检查名称", &input.name, 2, 100);
        let description = v.optional_text(
            "description",
            "检查内容和要求",
            input.description.as_deref(),
            2000,
        );
        match (input.starts_on, input.ends_on) {
            (None, _) => v.error("starts_on", "required", "请填写开始日期"),
            (_, None) => v.error("ends_on", "required", "请填写结束日期"),
            (Some(a), Some(b)) if b < a => {
                v.error("ends_on", "invalid", "结束日期不能早于开始日期")
            }
            _ => {}
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let who = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let id = Uuid::now_v7();
        inspection_campaign::ActiveModel {
            id: Set(id),
            name: Set(name.clone()),
            starts_on: Set(input.starts_on.unwrap_or_default()),
            ends_on: Set(input.ends_on.unwrap_or_default()),
            description: Set(description),
            owner_org_id: Set(actor.scope.org_id().unwrap_or_default()),
            created_by_name: Set(who.name),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.campaign_create")
                .object("inspection_campaign", id)
                .after(json!({"name": name})),
        )
        .await?;
        txn.commit().await?;
        self.inspection_campaign(actor.scope, id).await
    }

    pub async fn list_inspection_campaigns(&self, scope: Scope) -> Result<Vec<CampaignView>> {
        inspection_scope(scope)?;
        let rows = inspection_campaign::Entity::find()
            .order_by_desc(inspection_campaign::Column::StartsOn)
            .all(self.r())
            .await?;
        let mut out = Vec::new();
        for r in rows {
            out.push(self.campaign_view(scope, r).await?);
        }
        Ok(out)
    }

    pub async fn inspection_campaign(&self, scope: Scope, id: Uuid) -> Result<CampaignView> {
        inspection_scope(scope)?;
        let r = inspection_campaign::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        self.campaign_view(scope, r).await
    }

    async fn campaign_view(
        &self,
        scope: Scope,
        r: inspection_campaign::Model,
    ) -> Result<CampaignView> {
        let plans = inspection_plan::Entity::find()
            .filter(inspection_plan::Column::CampaignId.eq(r.id))
            .count(self.r())
            .await?;
        let rows = inspection::Entity::find()
            .filter(inspection::Column::CampaignId.eq(r.id))
            .filter(inspection_scope(scope)?)
            .all(self.r())
            .await?;
        let today = today();
        let items: Vec<(InspState, Option<NaiveDate>)> = rows
            .iter()
            .map(|m| {
                (
                    state_of(m),
                    m.confirmed_at.map(anzhi_domain::time::today_china),
                )
            })
            .collect();
        let findings: i64 = rows.iter().map(|m| i64::from(m.failed)).sum();
        let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
        let (hazards, closed) = if ids.is_empty() {
            (0, 0)
        } else {
            let q = hazard::Entity::find().filter(hazard::Column::InspectionId.is_in(ids));
            (
                q.clone().count(self.r()).await?,
                q.filter(hazard::Column::State.eq("closed"))
                    .count(self.r())
                    .await?,
            )
        };
        Ok(CampaignView {
            id: r.id,
            name: r.name,
            starts_on: r.starts_on,
            description: r.description,
            created_by_name: r.created_by_name,
            created_at: r.created_at,
            plans,
            progress: rules::plan_progress(r.ends_on, today, &items).into(),
            ends_on: r.ends_on,
            findings: findings as u64,
            hazards,
            hazards_closed: closed,
        })
    }

    // ------------------------------------------------------------ plans

    /// Creates a plan and one inspection per target (enterprise and inspector).
    pub async fn create_plan(&self, actor: &Actor, input: &PlanInput) -> Result<PlanView> {
        let (Scope::Section(own) | Scope::District(own)) = actor.scope else {
            return Err(StoreError::Forbidden("无权制定检查计划".into()));
        };
        let mut v = anzhi_domain::Validator::new();
        let title = v.text("title", "计划名称", &input.title, 2, 200);
        let note = v.optional_text("note", "备注", input.note.as_deref(), 2000);
        if input.template_id.is_none() {
            v.error("template_id", "required", "请选择检查表");
        }
        match (input.starts_on, input.due_on) {
            (None, _) => v.error("starts_on", "required", "请填写开始日期"),
            (_, None) => v.error("due_on", "required", "请填写完成期限"),
            (Some(a), Some(b)) if b < a => v.error("due_on", "invalid", "完成期限不能早于开始日期"),
            _ => {}
        }
        if input.targets.is_empty() {
            v.error("targets", "required", "请至少选择一家被检查企业");
        }
        if input.targets.len() > 2_000 {
            v.error("targets", "too_many", "一个计划最多2000家企业");
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let template_id = input.template_id.unwrap_or_default();
        let t = checklist_template::Entity::find_by_id(template_id)
            .one(self.r())
            .await?
            .ok_or_else(|| StoreError::invalid("template_id", "not_found", "检查表不存在"))?;
        if let Some(c) = input.campaign_id
            && inspection_campaign::Entity::find_by_id(c)
                .one(self.r())
                .await?
                .is_none()
        {
            return Err(StoreError::invalid(
                "campaign_id",
                "not_found",
                "专项检查不存在",
            ));
        }
        // Every target: an enterprise in reach, an inspector of the planning unit.
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::new();
        for (i, tg) in input.targets.iter().enumerate() {
            let ent = org::Entity::find_by_id(tg.enterprise_id)
                .one(self.r())
                .await?;
            let Some(ent) = ent.filter(|o| {
                o.kind == OrgKind::Enterprise.code()
                    && actor.scope.sees_enterprise(o.id, o.parent_id)
            }) else {
                errors.push(anzhi_domain::FieldError::new(
                    &format!("targets.{i}.enterprise_id"),
                    "not_found",
                    format!("第{}项：企业不存在或不在本单位管辖范围", i + 1),
                ));
                continue;
            };
            if !seen.insert(ent.id) {
                errors.push(anzhi_domain::FieldError::new(
                    &format!("targets.{i}.enterprise_id"),
                    "duplicate",
                    format!("第{}项：{}重复", i + 1, ent.name),
                ));
                continue;
            }
            let inspector = user::Entity::find_by_id(tg.inspector_id)
                .one(self.r())
                .await?
                .filter(|u| u.org_id == own && u.status == "active");
            let Some(inspector) = inspector else {
                errors.push(anzhi_domain::FieldError::new(
                    &format!("targets.{i}.inspector_id"),
                    "not_found",
                    format!("第{}项：检查人员须为本单位在用账号", i + 1),
                ));
                continue;
            };
            rows.push((ent, inspector));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let who = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let id = Uuid::now_v7();
        let now = crate::now();
        inspection_plan::ActiveModel {
            id: Set(id),
            title: Set(title.clone()),
            campaign_id: Set(input.campaign_id),
            template_id: Set(template_id),
            owner_org_id: Set(own),
            starts_on: Set(input.starts_on.unwrap_or_default()),
            due_on: Set(input.due_on.unwrap_or_default()),
            note: Set(note),
            created_by_name: Set(who.name),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        for (ent, inspector) in &rows {
            Self::insert_inspection(
                &txn,
                Some(id),
                input.campaign_id,
                ent,
                inspector,
                own,
                &t,
                input.due_on,
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.plan_create")
                .object("inspection_plan", id)
                .after(json!({"title": title, "template": t.name, "targets": rows.len()})),
        )
        .await?;
        txn.commit().await?;
        self.plan(actor.scope, id).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_inspection<C: ConnectionTrait>(
        c: &C,
        plan_id: Option<Uuid>,
        campaign_id: Option<Uuid>,
        ent: &org::Model,
        inspector: &user::Model,
        owner: Uuid,
        t: &checklist_template::Model,
        due_on: Option<NaiveDate>,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let now = crate::now();
        inspection::ActiveModel {
            id: Set(id),
            plan_id: Set(plan_id),
            campaign_id: Set(campaign_id),
            enterprise_id: Set(ent.id),
            district_id: Set(ent.parent_id.unwrap_or_default()),
            inspector_id: Set(inspector.id),
            inspector_name: Set(inspector.display_name.clone()),
            owner_org_id: Set(owner),
            template_id: Set(t.id),
            template_version: Set(t.version),
            state: Set(InspState::Draft.code().into()),
            answers: Set("[]".into()),
            due_on: Set(due_on),
            failed: Set(0),
            started_at: Set(None),
            finished_at: Set(None),
            accompanied_by: Set(None),
            confirmed_by_name: Set(None),
            confirmed_at: Set(None),
            confirm_comment: Set(None),
            objection: Set(None),
            cancel_reason: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(c)
        .await?;
        Ok(id)
    }

    pub async fn list_plans(
        &self,
        scope: Scope,
        campaign_id: Option<Uuid>,
    ) -> Result<Vec<PlanView>> {
        inspection_scope(scope)?;
        let mut q = inspection_plan::Entity::find();
        if let Scope::District(d) = scope {
            q = q.filter(inspection_plan::Column::OwnerOrgId.eq(d));
        }
        if let Scope::Enterprise(_) = scope {
            return Ok(vec![]);
        }
        if let Some(c) = campaign_id {
            q = q.filter(inspection_plan::Column::CampaignId.eq(c));
        }
        let rows = q
            .order_by_desc(inspection_plan::Column::CreatedAt)
            .limit(500)
            .all(self.r())
            .await?;
        let mut out = Vec::new();
        for r in rows {
            out.push(self.plan_view(scope, r).await?);
        }
        Ok(out)
    }

    pub async fn plan(&self, scope: Scope, id: Uuid) -> Result<PlanView> {
        inspection_scope(scope)?;
        let mut q = inspection_plan::Entity::find_by_id(id);
        match scope {
            Scope::District(d) => q = q.filter(inspection_plan::Column::OwnerOrgId.eq(d)),
            Scope::Enterprise(_) => return Err(StoreError::NotFound),
            _ => {}
        }
        let r = q.one(self.r()).await?.ok_or(StoreError::NotFound)?;
        self.plan_view(scope, r).await
    }

    async fn plan_view(&self, scope: Scope, r: inspection_plan::Model) -> Result<PlanView> {
        let rows = inspection::Entity::find()
            .filter(inspection::Column::PlanId.eq(r.id))
            .filter(inspection_scope(scope)?)
            .all(self.r())
            .await?;
        let today = today();
        let item = |m: &inspection::Model| {
            (
                state_of(m),
                m.confirmed_at.map(anzhi_domain::time::today_china),
            )
        };
        let all: Vec<_> = rows.iter().map(item).collect();
        let mut by_inspector: Vec<GroupProgress> = Vec::new();
        let mut by_district: Vec<GroupProgress> = Vec::new();
        let names = org_names(self.r(), rows.iter().map(|m| m.district_id)).await?;
        type Items = Vec<(InspState, Option<NaiveDate>)>;
        let mut groups: HashMap<(bool, Uuid), (String, Items)> = HashMap::new();
        for m in &rows {
            groups
                .entry((true, m.inspector_id))
                .or_insert_with(|| (m.inspector_name.clone(), vec![]))
                .1
                .push(item(m));
            groups
                .entry((false, m.district_id))
                .or_insert_with(|| {
                    (
                        names.get(&m.district_id).cloned().unwrap_or_default(),
                        vec![],
                    )
                })
                .1
                .push(item(m));
        }
        for ((inspector, id), (name, items)) in groups {
            let g = GroupProgress {
                id,
                name,
                progress: rules::plan_progress(r.due_on, today, &items).into(),
            };
            if inspector {
                by_inspector.push(g);
            } else {
                by_district.push(g);
            }
        }
        by_inspector.sort_by(|a, b| a.name.cmp(&b.name));
        by_district.sort_by(|a, b| a.name.cmp(&b.name));
        let template_name = checklist_template::Entity::find_by_id(r.template_id)
            .one(self.r())
            .await?
            .map(|t| t.name)
            .unwrap_or_default();
        let campaign_name = match r.campaign_id {
            Some(c) => inspection_campaign::Entity::find_by_id(c)
                .one(self.r())
                .await?
                .map(|c| c.name),
            None => None,
        };
        Ok(PlanView {
            id: r.id,
            title: r.title,
            campaign_id: r.campaign_id,
            campaign_name,
            template_id: r.template_id,
            template_name,
            starts_on: r.starts_on,
            due_on: r.due_on,
            note: r.note,
            created_by_name: r.created_by_name,
            created_at: r.created_at,
            progress: rules::plan_progress(r.due_on, today, &all).into(),
            by_inspector,
            by_district,
        })
    }

    // ------------------------------------------------------------ inspections

    /// An inspection outside a plan (or added to one), by the caller.
    pub async fn create_inspection(
        &self,
        actor: &Actor,
        enterprise_id: Option<Uuid>,
        template_id: Option<Uuid>,
        plan_id: Option<Uuid>,
    ) -> Result<InspectionDetail> {
        let (Scope::Section(own) | Scope::District(own)) = actor.scope else {
            return Err(StoreError::Forbidden("无权开展督导检查".into()));
        };
        let ent = match enterprise_id {
            None => {
                return Err(StoreError::invalid(
                    "enterprise_id",
                    "required",
                    "请选择被检查企业",
                ));
            }
            Some(e) => org::Entity::find_by_id(e)
                .one(self.r())
                .await?
                .filter(|o| {
                    o.kind == OrgKind::Enterprise.code()
                        && actor.scope.sees_enterprise(o.id, o.parent_id)
                })
                .ok_or_else(|| {
                    StoreError::invalid(
                        "enterprise_id",
                        "not_found",
                        "企业不存在或不在本单位管辖范围",
                    )
                })?,
        };
        let t = match template_id {
            None => {
                return Err(StoreError::invalid(
                    "template_id",
                    "required",
                    "请选择检查表",
                ));
            }
            Some(t) => checklist_template::Entity::find_by_id(t)
                .one(self.r())
                .await?
                .ok_or_else(|| StoreError::invalid("template_id", "not_found", "检查表不存在"))?,
        };
        let (campaign, due) = match plan_id {
            Some(p) => {
                let plan = inspection_plan::Entity::find_by_id(p)
                    .filter(inspection_plan::Column::OwnerOrgId.eq(own))
                    .one(self.r())
                    .await?
                    .ok_or_else(|| StoreError::invalid("plan_id", "not_found", "检查计划不存在"))?;
                (plan.campaign_id, Some(plan.due_on))
            }
            None => (None, None),
        };
        let me = user::Entity::find_by_id(actor.user_id.unwrap_or_default())
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let txn = self.tx().await?;
        let id = Self::insert_inspection(&txn, plan_id, campaign, &ent, &me, own, &t, due).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.create")
                .object("inspection", id)
                .after(json!({"enterprise": ent.name, "template": t.name})),
        )
        .await?;
        txn.commit().await?;
        self.inspection(actor, id).await
    }

    async fn briefs(&self, rows: Vec<inspection::Model>) -> Result<Vec<InspectionBrief>> {
        let names = org_names(
            self.r(),
            rows.iter().flat_map(|m| [m.enterprise_id, m.district_id]),
        )
        .await?;
        let plan_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.plan_id).collect();
        let plans: HashMap<Uuid, String> = if plan_ids.is_empty() {
            HashMap::new()
        } else {
            inspection_plan::Entity::find()
                .filter(inspection_plan::Column::Id.is_in(plan_ids))
                .all(self.r())
                .await?
                .into_iter()
                .map(|p| (p.id, p.title))
                .collect()
        };
        let templates: HashMap<Uuid, String> = checklist_template::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let today = today();
        Ok(rows
            .into_iter()
            .map(|m| {
                let state = state_of(&m);
                InspectionBrief {
                    id: m.id,
                    plan_id: m.plan_id,
                    plan_title: m.plan_id.and_then(|p| plans.get(&p).cloned()),
                    enterprise_name: names.get(&m.enterprise_id).cloned().unwrap_or_default(),
                    district_name: names.get(&m.district_id).cloned().unwrap_or_default(),
                    enterprise_id: m.enterprise_id,
                    district_id: m.district_id,
                    inspector_id: m.inspector_id,
                    inspector_name: m.inspector_name,
                    template_id: m.template_id,
                    template_name: templates.get(&m.template_id).cloned().unwrap_or_default(),
                    template_version: m.template_version,
                    state: state.code().into(),
                    state_label: state.label().into(),
                    overdue: m.due_on.is_some_and(|d| d < today)
                        && matches!(state, InspState::Draft | InspState::InProgress),
                    due_on: m.due_on,
                    failed: m.failed,
                    started_at: m.started_at,
                    finished_at: m.finished_at,
                    created_at: m.created_at,
                }
            })
            .collect())
    }

    pub async fn list_inspections(
        &self,
        actor: &Actor,
        f: &InspectionFilter,
        page: &PageReq,
    ) -> Result<Page<InspectionBrief>> {
        use inspection::Column as I;
        let mut q = inspection::Entity::find().filter(inspection_scope(actor.scope)?);
        if let Some(p) = f.plan_id {
            q = q.filter(I::PlanId.eq(p));
        }
        if let Some(s) = f.state {
            q = q.filter(I::State.eq(s.code()));
        }
        if let Some(e) = f.enterprise_id {
            q = q.filter(I::EnterpriseId.eq(e));
        }
        if f.mine {
            q = q.filter(I::InspectorId.eq(actor.user_id.unwrap_or_default()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(I::CreatedAt)
            .order_by_desc(I::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.briefs(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn inspection_row(&self, scope: Scope, id: Uuid) -> Result<inspection::Model> {
        inspection::Entity::find_by_id(id)
            .filter(inspection_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The accounts of the actor's unit that may be named inspectors of its plans.
    pub async fn inspectors(&self, actor: &Actor) -> Result<Vec<InspectorView>> {
        let (Scope::Section(own) | Scope::District(own)) = actor.scope else {
            return Err(StoreError::Forbidden("无权制定检查计划".into()));
        };
        let org_name = org::Entity::find_by_id(own)
            .one(self.r())
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        Ok(user::Entity::find()
            .filter(user::Column::OrgId.eq(own))
            .filter(user::Column::Status.eq("active"))
            .filter(user::Column::Role.is_in(["section_staff", "district_staff"]))
            .order_by_asc(user::Column::DisplayName)
            .all(self.r())
            .await?
            .into_iter()
            .map(|u| InspectorView {
                id: u.id,
                display_name: u.display_name,
                org_name: org_name.clone(),
            })
            .collect())
    }

    /// The name of the unit that carries out the inspection (the report's issuer).
    pub async fn inspection_owner_name(&self, id: Uuid) -> Result<Option<String>> {
        let Some(m) = inspection::Entity::find_by_id(id).one(self.r()).await? else {
            return Ok(None);
        };
        Ok(org::Entity::find_by_id(m.owner_org_id)
            .one(self.r())
            .await?
            .map(|o| o.name))
    }

    pub(crate) async fn inspection_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        let Ok(cond) = inspection_scope(scope) else {
            return Ok(false);
        };
        Ok(inspection::Entity::find_by_id(id)
            .filter(cond)
            .one(self.r())
            .await?
            .is_some())
    }

    pub async fn inspection(&self, actor: &Actor, id: Uuid) -> Result<InspectionDetail> {
        let m = self.inspection_row(actor.scope, id).await?;
        let template = load_template(self.r(), m.template_id, m.template_version).await?;
        let answers = answers_of(&m);
        let summary = rules::summarize(&template, &answers);
        let findings = rules::findings(&template, &answers)
            .into_iter()
            .map(|f| FindingView {
                key: f.key,
                section: f.section,
                item_text: f.item_text,
                basis: f.basis,
                problem: f.problem,
                level_label: f.level.label().into(),
                level: f.level,
                category: f.category,
            })
            .collect();
        let photo_ids: Vec<Uuid> = answers.iter().flat_map(|a| a.photos.clone()).collect();
        let photos: HashMap<Uuid, FileBrief> = if photo_ids.is_empty() {
            HashMap::new()
        } else {
            file::Entity::find()
                .filter(file::Column::Id.is_in(photo_ids))
                .all(self.r())
                .await?
                .into_iter()
                .map(|f| (f.id, f.into()))
                .collect()
        };
        let hazards = hazard::Entity::find()
            .filter(hazard::Column::InspectionId.eq(id))
            .order_by_asc(hazard::Column::Code)
            .all(self.r())
            .await?
            .into_iter()
            .map(|h| {
                let s = anzhi_domain::hazard::State::from_code(&h.state)
                    .unwrap_or(anzhi_domain::hazard::State::Pending);
                LinkedHazard {
                    id: h.id,
                    code: h.code,
                    item_key: h.inspection_item,
                    state: s.code().into(),
                    state_label: s.label().into(),
                }
            })
            .collect();
        let brief = self.briefs(vec![m.clone()]).await?.remove(0);
        Ok(InspectionDetail {
            brief,
            template,
            answers: answers
                .into_iter()
                .map(|a| AnswerView {
                    photos: a
                        .photos
                        .iter()
                        .filter_map(|p| photos.get(p).cloned())
                        .collect(),
                    key: a.key,
                    value: a.value,
                    note: a.note,
                })
                .collect(),
            summary: summary.into(),
            findings,
            hazards,
            accompanied_by: m.accompanied_by,
            confirmed_by_name: m.confirmed_by_name,
            confirmed_at: m.confirmed_at,
            confirm_comment: m.confirm_comment,
            objection: m.objection,
            cancel_reason: m.cancel_reason,
            version: m.version,
        })
    }

    /// Applies one step of the state machine for the actor.
    async fn step(
        &self,
        actor: &Actor,
        id: Uuid,
        action: InspAction,
    ) -> Result<(inspection::Model, InspState)> {
        let m = self.inspection_row(actor.scope, id).await?;
        let next = rules::decide_as(state_of(&m), &parties(actor, &m), action).map_err(refuse)?;
        Ok((m, next))
    }

    pub async fn start_inspection(&self, actor: &Actor, id: Uuid) -> Result<InspectionDetail> {
        let (m, next) = self.step(actor, id, InspAction::Start).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let mut am: inspection::ActiveModel = m.into();
        am.state = Set(next.code().into());
        am.started_at = Set(Some(now));
        am.updated_at = Set(now);
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.start").object("inspection", id),
        )
        .await?;
        txn.commit().await?;
        self.inspection(actor, id).await
    }

    /// Saves answers (merged by item key) as the inspector gives them.
    pub async fn save_answers(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &[AnswerInput],
    ) -> Result<(i32, SummaryView)> {
        let (m, next) = self.step(actor, id, InspAction::SaveAnswers).await?;
        if input.is_empty() {
            return Err(StoreError::invalid(
                "answers",
                "required",
                "没有要保存的检查结果",
            ));
        }
        let template = load_template(self.r(), m.template_id, m.template_version).await?;
        let checked = rules::check_answers(&template, input).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        // Re-read inside the transaction: two phones saving at once both keep theirs.
        let m = inspection::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut answers = answers_of(&m);
        // Photos already on this inspection may be sent again; new ones are attached.
        let given: Vec<Uuid> = checked.iter().flat_map(|a| a.photos.clone()).collect();
        if !given.is_empty() {
            let mine: Vec<Uuid> = file::Entity::find()
                .select_only()
                .column(file::Column::Id)
                .filter(file::Column::Id.is_in(given.clone()))
                .filter(file::Column::SubjectKind.eq(Subject::Inspection.code()))
                .filter(file::Column::SubjectId.eq(id))
                .into_tuple()
                .all(&txn)
                .await?;
            let fresh: Vec<Uuid> = given.into_iter().filter(|p| !mine.contains(p)).collect();
            attach(
                &txn,
                actor,
                &fresh,
                Subject::Inspection,
                id,
                "answers.photos",
            )
            .await?;
        }
        for a in checked {
            match answers.iter_mut().find(|x| x.key == a.key) {
                Some(x) => *x = a,
                None => answers.push(a),
            }
        }
        let summary = rules::summarize(&template, &answers);
        let now = crate::now();
        let version = m.version + 1;
        let started = m.started_at;
        let mut am: inspection::ActiveModel = m.into();
        am.answers = Set(serde_json::to_string(&answers).unwrap_or_default());
        am.state = Set(next.code().into());
        am.failed = Set(summary.failed as i32);
        if started.is_none() {
            am.started_at = Set(Some(now));
        }
        am.version = Set(version);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        txn.commit().await?;
        Ok((version, summary.into()))
    }

    pub async fn finish_inspection(
        &self,
        actor: &Actor,
        id: Uuid,
        accompanied_by: Option<&str>,
    ) -> Result<InspectionDetail> {
        let (m, next) = self.step(actor, id, InspAction::Finish).await?;
        let template = load_template(self.r(), m.template_id, m.template_version).await?;
        rules::check_finish(&template, &answers_of(&m)).map_err(StoreError::Invalid)?;
        let mut v = anzhi_domain::Validator::new();
        let accompanied = v.optional_text("accompanied_by", "企业陪同人员", accompanied_by, 100);
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let now = crate::now();
        let mut am: inspection::ActiveModel = m.into();
        am.state = Set(next.code().into());
        am.finished_at = Set(Some(now));
        am.accompanied_by = Set(accompanied);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.finish").object("inspection", id),
        )
        .await?;
        txn.commit().await?;
        self.inspection(actor, id).await
    }

    /// The enterprise confirms (its user, or the inspector on site with the
    /// representative's name): the inspection completes and every 不符合 becomes a
    /// hazard in the same transaction.
    pub async fn confirm_inspection(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ConfirmInput,
    ) -> Result<InspectionDetail> {
        let m = self.inspection_row(actor.scope, id).await?;
        let mut who_parties = parties(actor, &m);
        let on_site = who_parties.contains(&InspParty::Inspector);
        let rep_name = if on_site {
            let name = input.name.as_deref().map(str::trim).unwrap_or_default();
            if name.is_empty() {
                return Err(StoreError::invalid(
                    "name",
                    "required",
                    "请填写现场确认的企业代表姓名",
                ));
            }
            // The inspector records the representative's confirmation on site.
            who_parties.push(InspParty::EnterpriseRep);
            name.chars().take(100).collect::<String>()
        } else {
            author(self.r(), actor).await?.name
        };
        let next =
            rules::decide_as(state_of(&m), &who_parties, InspAction::Confirm).map_err(refuse)?;
        let confirmation = rules::check_confirmation(&rules::ConfirmationInput {
            disputed: input
                .objection
                .as_deref()
                .is_some_and(|o| !o.trim().is_empty()),
            comment: input
                .objection
                .clone()
                .filter(|o| !o.trim().is_empty())
                .or(input.comment.clone()),
        })
        .map_err(StoreError::Invalid)?;
        let template = load_template(self.r(), m.template_id, m.template_version).await?;
        let findings = rules::findings(&template, &answers_of(&m));
        let cats = known_categories(self.r()).await?;
        let owner_kind = org::Entity::find_by_id(m.owner_org_id)
            .one(self.r())
            .await?
            .map(|o| o.kind);
        let source = source_of(&m, owner_kind.as_deref());
        let inspector = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let today = today();
        for f in &findings {
            let category = cats
                .iter()
                .find(|c| c.1 == f.category)
                .or_else(|| cats.iter().find(|c| c.1 == rules::FALLBACK_CATEGORY))
                .or(cats.first())
                .map(|c| c.0)
                .ok_or_else(|| StoreError::Conflict("隐患类别字典为空".into()))?;
            let checked = CheckedHazard {
                enterprise_id: m.enterprise_id,
                source,
                category_id: category,
                level: f.level,
                description: f.hazard_description(),
                location: None,
                found_on: today,
                found_by: Some(m.inspector_name.clone()),
                measures: Some(format!(
                    "按照{}的要求整改",
                    if f.basis.is_empty() {
                        "检查表"
                    } else {
                        &f.basis
                    }
                )),
                responsible: None,
                deadline: anzhi_domain::hazard::default_deadline(f.level, today),
                funds: None,
                fixed_on_spot: false,
                fix_note: None,
            };
            let h = insert_hazard(
                &txn,
                actor,
                &inspector,
                &checked,
                &HazardInput::default(),
                m.district_id,
            )
            .await?;
            hazard::Entity::update_many()
                .col_expr(hazard::Column::InspectionId, Expr::value(id))
                .col_expr(hazard::Column::InspectionItem, Expr::value(f.key.clone()))
                .filter(hazard::Column::Id.eq(h.id))
                .exec(&txn)
                .await?;
            crate::files::move_attachments(
                &txn,
                &f.photos,
                (Subject::Inspection, id),
                (Subject::Hazard, h.id),
            )
            .await?;
        }
        let mut am: inspection::ActiveModel = m.clone().into();
        am.state = Set(next.code().into());
        am.confirmed_by_name = Set(Some(rep_name.clone()));
        am.confirmed_at = Set(Some(now));
        if confirmation.disputed {
            am.objection = Set(confirmation.comment.clone());
        } else {
            am.confirm_comment = Set(confirmation.comment.clone());
        }
        am.updated_at = Set(now);
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.confirm")
                .object("inspection", id)
                .after(json!({
                    "confirmed_by": rep_name, "on_site": on_site,
                    "disputed": confirmation.disputed, "hazards": findings.len(),
                })),
        )
        .await?;
        txn.commit().await?;
        self.inspection(actor, id).await
    }

    pub async fn cancel_inspection(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: Option<&str>,
    ) -> Result<InspectionDetail> {
        let (m, next) = self.step(actor, id, InspAction::Cancel).await?;
        let reason =
            rules::check_reason(InspAction::Cancel, reason).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let now = crate::now();
        let mut am: inspection::ActiveModel = m.into();
        am.state = Set(next.code().into());
        am.cancel_reason = Set(reason.clone());
        am.updated_at = Set(now);
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("inspection.cancel")
                .object("inspection", id)
                .after(json!({"reason": reason})),
        )
        .await?;
        txn.commit().await?;
        self.inspection(actor, id).await
    }
}
