//! Emergency plans and drills (应急预案与演练): each enterprise's plans with their
//! review dates, its drills (at least one 综合/专项 drill a year and a 现场处置 drill
//! every six months, reminded once per period), and the spot checks of plans and
//! drills by the bureau or a district, whose problems may become hazards. Also the
//! publicity activities (宣传教育) with the units that took part, linked to tasks.

use std::collections::HashMap;

use anzhi_domain::drills::{
    self as rules, Criterion, DrillInput, DrillKind, DrillMode, EmergencyPlanInput, PlanKind,
    ProblemInput, SpotResult,
};
use anzhi_domain::hazard::{CheckedHazard, HazardInput, Source};
use anzhi_domain::publicity::{ActivityInput, ActivityKind};
use anzhi_domain::{OrgKind, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    activity, activity_participant, drill, drill_evaluation, emergency_plan, org, task,
};
use crate::files::{FileBrief, Subject, attach_new, attachments_of};
use crate::hazards::{author, insert_hazard};
use crate::training::{enterprise_cond, own_enterprise};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

const CRITERIA_KEY: &str = "drills.criteria";

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmergencyPlanView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub kind: PlanKind,
    pub kind_label: String,
    pub title: String,
    pub version: String,
    pub approved_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub review_overdue: bool,
    pub attachments: Vec<FileBrief>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DrillView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub kind: DrillKind,
    pub kind_label: String,
    pub mode: DrillMode,
    pub mode_label: String,
    pub held_on: NaiveDate,
    pub scenario: String,
    pub participants: i32,
    pub plan_id: Option<Uuid>,
    pub photos: Vec<FileBrief>,
    pub assessment: Option<String>,
    pub improvements: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DrillStatusRow {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub last_main: Option<NaiveDate>,
    pub last_onsite: Option<NaiveDate>,
    pub main_due: bool,
    pub onsite_due: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProblemView {
    pub text: String,
    pub to_hazard: bool,
    pub hazard_id: Option<Uuid>,
    pub hazard_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScoreView {
    pub key: String,
    pub group: String,
    pub label: String,
    pub max: u32,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DrillEvaluationView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub plan_id: Option<Uuid>,
    pub drill_id: Option<Uuid>,
    pub total: f64,
    pub result: String,
    pub result_label: String,
    pub scores: Vec<ScoreView>,
    pub problems: Vec<ProblemView>,
    pub comment: Option<String>,
    pub evaluated_by_name: String,
    pub evaluated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpotCheckInput {
    pub enterprise_id: Option<Uuid>,
    pub plan_id: Option<Uuid>,
    pub drill_id: Option<Uuid>,
    #[serde(default)]
    pub scores: Vec<KeyScore>,
    #[serde(default)]
    pub problems: Vec<ProblemInput>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyScore {
    pub key: String,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantView {
    pub org_id: Uuid,
    pub name: String,
    pub headcount: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityView {
    pub id: Uuid,
    pub title: String,
    pub kind: ActivityKind,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub organiser: String,
    pub task_id: Option<Uuid>,
    pub task_text: Option<String>,
    pub participants: Vec<ParticipantView>,
    pub units: u32,
    pub headcount: i64,
    pub materials: Vec<FileBrief>,
    pub photos: Vec<FileBrief>,
    pub summary: Option<String>,
    pub created_by_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub year: Option<i32>,
    pub kind: Option<ActivityKind>,
    pub org_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityReportRow {
    pub org_id: Uuid,
    pub name: String,
    pub activities: u32,
    pub headcount: i64,
}

fn year_range(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    )
}

/// May the scope see this participant of an activity? Enterprises take part with
/// their district recorded; other units (sections, district bureaus) without.
fn participant_visible(scope: Scope, p: &activity_participant::Model) -> bool {
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => true,
        Scope::District(d) => p.org_id == d || p.district_id == Some(d) || p.district_id.is_none(),
        Scope::Enterprise(e) => p.org_id == e || p.district_id.is_none(),
        Scope::Admin(_) | Scope::Agency(_) => false,
    }
}

impl Store {
    // ------------------------------------------------------------ plans

    async fn plan_views(&self, rows: Vec<emergency_plan::Model>) -> Result<Vec<EmergencyPlanView>> {
        let names = org_names(self.r(), rows.iter().map(|r| r.enterprise_id)).await?;
        let mut files =
            attachments_of(self.r(), Subject::EmergencyPlan, rows.iter().map(|r| r.id)).await?;
        let today = today();
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = PlanKind::from_code(&r.kind).unwrap_or(PlanKind::Comprehensive);
                EmergencyPlanView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    kind,
                    kind_label: kind.label().into(),
                    title: r.title,
                    version: r.version,
                    approved_on: r.approved_on,
                    filed_on: r.filed_on,
                    review_overdue: r
                        .review_due
                        .is_some_and(|d| rules::review_overdue(d, today)),
                    review_due: r.review_due,
                    attachments: files.remove(&r.id).unwrap_or_default(),
                }
            })
            .collect())
    }

    pub async fn list_emergency_plans(
        &self,
        scope: Scope,
        enterprise_id: Option<Uuid>,
        district_id: Option<Uuid>,
        kind: Option<PlanKind>,
        page: &PageReq,
    ) -> Result<Page<EmergencyPlanView>> {
        use emergency_plan::Column as P;
        let mut q = emergency_plan::Entity::find().filter(enterprise_cond(
            scope,
            P::EnterpriseId,
            P::DistrictId,
            "应急预案",
        )?);
        if let Some(e) = enterprise_id {
            q = q.filter(P::EnterpriseId.eq(e));
        }
        if let Some(d) = district_id {
            q = q.filter(P::DistrictId.eq(d));
        }
        if let Some(k) = kind {
            q = q.filter(P::Kind.eq(k.code()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_asc(P::EnterpriseId)
            .order_by_asc(P::Kind)
            .order_by_desc(P::ApprovedOn)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.plan_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn save_emergency_plan(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &EmergencyPlanInput,
    ) -> Result<EmergencyPlanView> {
        let ent = own_enterprise(self.r(), actor, "应急预案").await?;
        let p = rules::check_plan(input, today()).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let now = crate::now();
        let before = match id {
            Some(id) => Some(
                emergency_plan::Entity::find_by_id(id)
                    .filter(emergency_plan::Column::EnterpriseId.eq(ent.0))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let pid = id.unwrap_or_else(Uuid::now_v7);
        let row = emergency_plan::ActiveModel {
            id: Set(pid),
            enterprise_id: Set(ent.0),
            district_id: Set(ent.1),
            kind: Set(p.kind.code().into()),
            title: Set(p.title.clone()),
            version: Set(p.version.clone()),
            approved_on: Set(p.approved_on),
            filed_on: Set(p.filed_on),
            review_due: Set(Some(p.review_due)),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        if before.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        attach_new(
            &txn,
            actor,
            &p.attachments,
            Subject::EmergencyPlan,
            pid,
            "attachments",
        )
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.plan_save")
                .object("emergency_plan", pid)
                .after(json!({"kind": p.kind.code(), "title": p.title, "version": p.version})),
        )
        .await?;
        txn.commit().await?;
        let row = emergency_plan::Entity::find_by_id(pid)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.plan_views(vec![row]).await?.remove(0))
    }

    pub async fn delete_emergency_plan(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let ent = own_enterprise(self.r(), actor, "应急预案").await?;
        let txn = self.tx().await?;
        let row = emergency_plan::Entity::find_by_id(id)
            .filter(emergency_plan::Column::EnterpriseId.eq(ent.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        emergency_plan::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.plan_delete")
                .object("emergency_plan", id)
                .before(json!({"title": row.title})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ------------------------------------------------------------ drills

    async fn drill_views(&self, rows: Vec<drill::Model>) -> Result<Vec<DrillView>> {
        let names = org_names(self.r(), rows.iter().map(|r| r.enterprise_id)).await?;
        let mut files = attachments_of(self.r(), Subject::Drill, rows.iter().map(|r| r.id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = DrillKind::from_code(&r.kind).unwrap_or(DrillKind::Comprehensive);
                let mode = DrillMode::from_code(&r.mode).unwrap_or(DrillMode::Tabletop);
                DrillView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    kind,
                    kind_label: kind.label().into(),
                    mode,
                    mode_label: mode.label().into(),
                    held_on: r.held_on,
                    scenario: r.scenario,
                    participants: r.participants,
                    plan_id: r.plan_id,
                    photos: files.remove(&r.id).unwrap_or_default(),
                    assessment: r.assessment,
                    improvements: r.improvements,
                }
            })
            .collect())
    }

    pub async fn list_drills(
        &self,
        scope: Scope,
        enterprise_id: Option<Uuid>,
        district_id: Option<Uuid>,
        year: Option<i32>,
        page: &PageReq,
    ) -> Result<Page<DrillView>> {
        use drill::Column as D;
        let mut q = drill::Entity::find().filter(enterprise_cond(
            scope,
            D::EnterpriseId,
            D::DistrictId,
            "应急演练",
        )?);
        if let Some(e) = enterprise_id {
            q = q.filter(D::EnterpriseId.eq(e));
        }
        if let Some(d) = district_id {
            q = q.filter(D::DistrictId.eq(d));
        }
        if let Some(y) = year {
            let (a, b) = year_range(y);
            q = q.filter(D::HeldOn.between(a, b));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(D::HeldOn)
            .order_by_desc(D::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.drill_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn drill(&self, scope: Scope, id: Uuid) -> Result<DrillView> {
        let row = drill::Entity::find_by_id(id)
            .filter(enterprise_cond(
                scope,
                drill::Column::EnterpriseId,
                drill::Column::DistrictId,
                "应急演练",
            )?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.drill_views(vec![row]).await?.remove(0))
    }

    pub async fn save_drill(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &DrillInput,
    ) -> Result<DrillView> {
        let ent = own_enterprise(self.r(), actor, "应急演练").await?;
        let d = rules::check_drill(input, today()).map_err(StoreError::Invalid)?;
        if let Some(p) = d.plan_id
            && emergency_plan::Entity::find_by_id(p)
                .filter(emergency_plan::Column::EnterpriseId.eq(ent.0))
                .one(self.r())
                .await?
                .is_none()
        {
            return Err(StoreError::invalid(
                "plan_id",
                "not_found",
                "所演练的预案不是本企业的预案",
            ));
        }
        let txn = self.tx().await?;
        let now = crate::now();
        let before = match id {
            Some(id) => Some(
                drill::Entity::find_by_id(id)
                    .filter(drill::Column::EnterpriseId.eq(ent.0))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let did = id.unwrap_or_else(Uuid::now_v7);
        let row = drill::ActiveModel {
            id: Set(did),
            enterprise_id: Set(ent.0),
            district_id: Set(ent.1),
            kind: Set(d.kind.code().into()),
            mode: Set(d.mode.code().into()),
            held_on: Set(d.held_on),
            scenario: Set(d.scenario.clone()),
            participants: Set(d.participants as i32),
            plan_id: Set(d.plan_id),
            assessment: Set(d.assessment.clone()),
            improvements: Set(d.improvements.clone()),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        if before.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        attach_new(&txn, actor, &d.photos, Subject::Drill, did, "photos").await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.drill_save")
                .object("drill", did)
                .after(json!({"kind": d.kind.code(), "mode": d.mode.code(), "held_on": d.held_on})),
        )
        .await?;
        txn.commit().await?;
        self.drill(actor.scope, did).await
    }

    pub async fn delete_drill(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let ent = own_enterprise(self.r(), actor, "应急演练").await?;
        let txn = self.tx().await?;
        let row = drill::Entity::find_by_id(id)
            .filter(drill::Column::EnterpriseId.eq(ent.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        drill::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.drill_delete")
                .object("drill", id)
                .before(json!({"held_on": row.held_on, "scenario": row.scenario})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The last drills of each enterprise in reach and whether one is due.
    pub async fn drill_status(
        &self,
        scope: Scope,
        district_id: Option<Uuid>,
    ) -> Result<Vec<DrillStatusRow>> {
        let mut q = org::Entity::find().filter(org::Column::Kind.eq(OrgKind::Enterprise.code()));
        match scope {
            Scope::District(d) => q = q.filter(org::Column::ParentId.eq(d)),
            Scope::Enterprise(e) => q = q.filter(org::Column::Id.eq(e)),
            Scope::Admin(_) | Scope::Agency(_) => {
                return Err(StoreError::Forbidden("无权查看应急演练".into()));
            }
            _ => {}
        }
        if let Some(d) = district_id {
            q = q.filter(org::Column::ParentId.eq(d));
        }
        let ents = q
            .order_by_asc(org::Column::Name)
            .limit(5_000)
            .all(self.r())
            .await?;
        let ids: Vec<Uuid> = ents.iter().map(|e| e.id).collect();
        let last = self.last_drills(&ids).await?;
        let names = org_names(self.r(), ents.iter().filter_map(|e| e.parent_id)).await?;
        let today = today();
        Ok(ents
            .into_iter()
            .map(|e| {
                let (main, onsite) = last.get(&e.id).copied().unwrap_or_default();
                let s = rules::drill_status(main, onsite, today);
                DrillStatusRow {
                    enterprise_id: e.id,
                    enterprise_name: e.name,
                    district_name: e
                        .parent_id
                        .and_then(|d| names.get(&d).cloned())
                        .unwrap_or_default(),
                    last_main: main,
                    last_onsite: onsite,
                    main_due: s.main_due,
                    onsite_due: s.onsite_due,
                }
            })
            .collect())
    }

    /// (last 综合/专项 drill, last 现场处置 drill) per enterprise.
    async fn last_drills(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, (Option<NaiveDate>, Option<NaiveDate>)>> {
        let mut out: HashMap<Uuid, (Option<NaiveDate>, Option<NaiveDate>)> = HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(Uuid, String, Option<NaiveDate>)> = drill::Entity::find()
                .select_only()
                .column(drill::Column::EnterpriseId)
                .column(drill::Column::Kind)
                .column_as(drill::Column::HeldOn.max(), "last")
                .filter(drill::Column::EnterpriseId.is_in(chunk.to_vec()))
                .group_by(drill::Column::EnterpriseId)
                .group_by(drill::Column::Kind)
                .into_tuple()
                .all(self.r())
                .await?;
            for (e, kind, last) in rows {
                let slot = out.entry(e).or_default();
                if kind == DrillKind::Onsite.code() {
                    slot.1 = Ord::max(slot.1, last);
                } else {
                    slot.0 = Ord::max(slot.0, last);
                }
            }
        }
        Ok(out)
    }

    /// Reminds operating enterprises whose drills are due, once per period (a year for
    /// 综合/专项, a half year for 现场处置) across servers.
    pub async fn run_drill_reminders(&self, instance: &str, today: NaiveDate) -> Result<u32> {
        use crate::entity::enterprise;
        let ents: Vec<Uuid> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .filter(enterprise::Column::Status.eq("operating"))
            .into_tuple()
            .all(self.r())
            .await?;
        let last = self.last_drills(&ents).await?;
        let mut sent = 0;
        for e in ents {
            let (main, onsite) = last.get(&e).copied().unwrap_or_default();
            let s = rules::drill_status(main, onsite, today);
            for (due, slot, what) in [
                (
                    s.main_due,
                    format!("main:{}", s.main_slot),
                    "综合或专项应急预案演练（每年至少一次）",
                ),
                (
                    s.onsite_due,
                    format!("onsite:{}", s.onsite_slot),
                    "现场处置方案演练（每半年至少一次）",
                ),
            ] {
                if !due {
                    continue;
                }
                let txn = self.tx().await?;
                if !crate::reminders::claim(&txn, "drill", &format!("{e}:{slot}"), instance).await?
                {
                    continue;
                }
                Self::notify(
                    &txn,
                    e,
                    "drill_due",
                    format!("【应急演练提醒】请组织{what}"),
                    "依据《生产安全事故应急预案管理办法》第三十三条，请按期组织应急演练并在系统中记录。".into(),
                    "/drills",
                )
                .await?;
                txn.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }

    // ------------------------------------------------------------ spot checks

    pub async fn drill_criteria(&self) -> Result<Vec<Criterion>> {
        Ok(crate::settings::read_setting(self.r(), CRITERIA_KEY)
            .await?
            .unwrap_or_else(rules::default_criteria))
    }

    pub async fn set_drill_criteria(
        &self,
        actor: &Actor,
        list: &[Criterion],
    ) -> Result<Vec<Criterion>> {
        if !matches!(
            actor.scope,
            Scope::Section(_) | Scope::Admin(_) | Scope::Internal
        ) {
            return Err(StoreError::Forbidden("只有市局可以修改抽查评估标准".into()));
        }
        let checked = rules::check_criteria(list).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        crate::settings::write_setting(&txn, CRITERIA_KEY, &checked).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.criteria_update").after(json!(checked)),
        )
        .await?;
        txn.commit().await?;
        Ok(checked)
    }

    /// Records a spot check of an enterprise's plans and drills; each problem marked
    /// for it becomes a hazard of the enterprise in the same transaction.
    pub async fn spot_check(
        &self,
        actor: &Actor,
        input: &SpotCheckInput,
    ) -> Result<DrillEvaluationView> {
        let source = match actor.scope {
            Scope::Section(_) => Source::BureauSupervision,
            Scope::District(_) => Source::DistrictCheck,
            _ => return Err(StoreError::Forbidden("抽查评估由市局或区商务局开展".into())),
        };
        let enterprise_id = input
            .enterprise_id
            .ok_or_else(|| StoreError::invalid("enterprise_id", "required", "请选择被抽查企业"))?;
        if !crate::enterprises::enterprise_visible(self.r(), actor.scope, enterprise_id).await? {
            return Err(StoreError::invalid(
                "enterprise_id",
                "not_found",
                "企业不存在或不在本单位管辖范围",
            ));
        }
        let criteria = self.drill_criteria().await?;
        let scores: Vec<(String, f64)> = input
            .scores
            .iter()
            .map(|s| (s.key.clone(), s.score))
            .collect();
        let checked = rules::check_spot_check(&criteria, &scores, &input.problems)
            .map_err(StoreError::Invalid)?;
        let mut v = anzhi_domain::Validator::new();
        let comment = v.optional_text("comment", "评估意见", input.comment.as_deref(), 2000);
        v.into_result().map_err(StoreError::Invalid)?;
        for (field, id, is_plan) in [
            ("plan_id", input.plan_id, true),
            ("drill_id", input.drill_id, false),
        ] {
            let Some(id) = id else { continue };
            let found = if is_plan {
                emergency_plan::Entity::find_by_id(id)
                    .filter(emergency_plan::Column::EnterpriseId.eq(enterprise_id))
                    .one(self.r())
                    .await?
                    .is_some()
            } else {
                drill::Entity::find_by_id(id)
                    .filter(drill::Column::EnterpriseId.eq(enterprise_id))
                    .one(self.r())
                    .await?
                    .is_some()
            };
            if !found {
                return Err(StoreError::invalid(
                    field,
                    "not_found",
                    "所选预案或演练不是该企业的",
                ));
            }
        }
        let district = org::Entity::find_by_id(enterprise_id)
            .one(self.r())
            .await?
            .and_then(|o| o.parent_id)
            .unwrap_or_default();
        let who = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let today = today();
        let mut problems = Vec::new();
        let mut hazards = Vec::new();
        for p in &checked.problems {
            let mut view = ProblemView {
                text: p.text.clone(),
                to_hazard: p.to_hazard,
                hazard_id: None,
                hazard_code: None,
            };
            if p.to_hazard
                && let Some(category) = p.category_id
            {
                let level = p.level;
                let h = insert_hazard(
                    &txn,
                    actor,
                    &who,
                    &CheckedHazard {
                        enterprise_id,
                        source,
                        category_id: category,
                        level,
                        description: format!("应急预案和演练抽查发现：{}", p.text),
                        location: None,
                        found_on: today,
                        found_by: Some(who.name.clone()),
                        measures: None,
                        responsible: None,
                        deadline: anzhi_domain::hazard::default_deadline(level, today),
                        funds: None,
                        fixed_on_spot: false,
                        fix_note: None,
                    },
                    &HazardInput::default(),
                    district,
                )
                .await?;
                view.hazard_id = Some(h.id);
                view.hazard_code = Some(h.code.clone());
                hazards.push(h.id);
            }
            problems.push(view);
        }
        let id = Uuid::now_v7();
        drill_evaluation::ActiveModel {
            id: Set(id),
            enterprise_id: Set(enterprise_id),
            district_id: Set(district),
            plan_id: Set(input.plan_id),
            drill_id: Set(input.drill_id),
            scores: Set(serde_json::to_string(&scores).unwrap_or_default()),
            problems: Set(serde_json::to_string(&problems).unwrap_or_default()),
            total: Set(checked.total),
            result: Set(checked.result.code().into()),
            comment: Set(comment),
            hazards: Set(serde_json::to_string(&hazards).unwrap_or_default()),
            evaluated_by_name: Set(who.name.clone()),
            evaluated_org: Set(actor.scope.org_id().unwrap_or_default()),
            evaluated_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("drills.spot_check")
                .object("enterprise", enterprise_id)
                .after(json!({"total": checked.total, "result": checked.result.code(), "hazards": hazards.len()})),
        )
        .await?;
        txn.commit().await?;
        self.drill_evaluation(actor.scope, id).await
    }

    async fn evaluation_rows(
        &self,
        rows: Vec<drill_evaluation::Model>,
    ) -> Result<Vec<DrillEvaluationView>> {
        let names = org_names(
            self.r(),
            rows.iter().flat_map(|r| [r.enterprise_id, r.district_id]),
        )
        .await?;
        let criteria = self.drill_criteria().await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let scores: HashMap<String, f64> =
                    serde_json::from_str::<Vec<(String, f64)>>(&r.scores)
                        .map(|v| v.into_iter().collect())
                        .unwrap_or_default();
                let result = SpotResult::from_code(&r.result).unwrap_or(SpotResult::Unqualified);
                DrillEvaluationView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    district_name: names.get(&r.district_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    plan_id: r.plan_id,
                    drill_id: r.drill_id,
                    total: r.total,
                    result: result.code().into(),
                    result_label: result.label().into(),
                    scores: criteria
                        .iter()
                        .map(|c| ScoreView {
                            key: c.key.clone(),
                            group: c.group.clone(),
                            label: c.label.clone(),
                            max: c.max,
                            score: scores.get(&c.key).copied(),
                        })
                        .collect(),
                    problems: serde_json::from_str(&r.problems).unwrap_or_default(),
                    comment: r.comment,
                    evaluated_by_name: r.evaluated_by_name,
                    evaluated_at: r.evaluated_at,
                }
            })
            .collect())
    }

    pub async fn drill_evaluation(&self, scope: Scope, id: Uuid) -> Result<DrillEvaluationView> {
        use drill_evaluation::Column as V;
        let row = drill_evaluation::Entity::find_by_id(id)
            .filter(enterprise_cond(
                scope,
                V::EnterpriseId,
                V::DistrictId,
                "抽查评估",
            )?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.evaluation_rows(vec![row]).await?.remove(0))
    }

    pub async fn list_drill_evaluations(
        &self,
        scope: Scope,
        district_id: Option<Uuid>,
        enterprise_id: Option<Uuid>,
        page: &PageReq,
    ) -> Result<Page<DrillEvaluationView>> {
        use drill_evaluation::Column as V;
        let mut q = drill_evaluation::Entity::find().filter(enterprise_cond(
            scope,
            V::EnterpriseId,
            V::DistrictId,
            "抽查评估",
        )?);
        if let Some(d) = district_id {
            q = q.filter(V::DistrictId.eq(d));
        }
        if let Some(e) = enterprise_id {
            q = q.filter(V::EnterpriseId.eq(e));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(V::EvaluatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.evaluation_rows(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    // ------------------------------------------------------------ publicity

    async fn activity_views(
        &self,
        scope: Scope,
        rows: Vec<activity::Model>,
    ) -> Result<Vec<ActivityView>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        // Participants the scope may see: a district its own units, an enterprise
        // itself, both the bureau's and districts' units (not other enterprises).
        let parts: Vec<activity_participant::Model> = activity_participant::Entity::find()
            .filter(activity_participant::Column::ActivityId.is_in(ids.clone()))
            .all(self.r())
            .await?
            .into_iter()
            .filter(|p| participant_visible(scope, p))
            .collect();
        let names = org_names(self.r(), parts.iter().map(|p| p.org_id)).await?;
        let mut files = attachments_of(self.r(), Subject::Activity, ids.clone()).await?;
        let tasks: HashMap<Uuid, String> = task::Entity::find()
            .filter(
                task::Column::Id.is_in(rows.iter().filter_map(|r| r.task_id).collect::<Vec<_>>()),
            )
            .all(self.r())
            .await?
            .into_iter()
            .map(|t| (t.id, t.text))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = ActivityKind::from_code(&r.kind).unwrap_or(ActivityKind::Campaign);
                let participants: Vec<ParticipantView> = parts
                    .iter()
                    .filter(|p| p.activity_id == r.id)
                    .map(|p| ParticipantView {
                        org_id: p.org_id,
                        name: names.get(&p.org_id).cloned().unwrap_or_default(),
                        headcount: p.headcount,
                    })
                    .collect();
                let all = files.remove(&r.id).unwrap_or_default();
                let (photos, materials): (Vec<FileBrief>, Vec<FileBrief>) = all
                    .into_iter()
                    .partition(|f| f.content_type.starts_with("image/"));
                ActivityView {
                    id: r.id,
                    title: r.title,
                    kind,
                    kind_label: kind.label().into(),
                    held_on: r.held_on,
                    organiser: r.organiser,
                    task_text: r.task_id.and_then(|t| tasks.get(&t).cloned()),
                    task_id: r.task_id,
                    units: participants.len() as u32,
                    headcount: participants.iter().map(|p| i64::from(p.headcount)).sum(),
                    participants,
                    materials,
                    photos,
                    summary: r.summary,
                    created_by_name: r.created_by_name,
                }
            })
            .collect())
    }

    /// Activities the scope may see: the bureau all; a district those it organised or
    /// its units took part in; an enterprise those it took part in.
    fn activity_scope(scope: Scope) -> Result<Condition> {
        use activity::Column as A;
        let took_part = |org: Uuid| {
            A::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(activity_participant::Column::ActivityId)
                    .from(activity_participant::Entity)
                    .and_where(
                        activity_participant::Column::OrgId
                            .eq(org)
                            .or(activity_participant::Column::DistrictId.eq(org)),
                    )
                    .to_owned(),
            )
        };
        Ok(match scope {
            Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
            Scope::District(d) => Condition::any().add(A::OwnerOrgId.eq(d)).add(took_part(d)),
            Scope::Enterprise(e) => Condition::all().add(took_part(e)),
            Scope::Admin(_) | Scope::Agency(_) => {
                return Err(StoreError::Forbidden("无权查看宣传教育活动".into()));
            }
        })
    }

    pub async fn list_activities(
        &self,
        scope: Scope,
        f: &ActivityFilter,
        page: &PageReq,
    ) -> Result<Page<ActivityView>> {
        use activity::Column as A;
        let mut q = activity::Entity::find().filter(Self::activity_scope(scope)?);
        if let Some(y) = f.year {
            let (a, b) = year_range(y);
            q = q.filter(A::HeldOn.between(a, b));
        }
        if let Some(k) = f.kind {
            q = q.filter(A::Kind.eq(k.code()));
        }
        if let Some(t) = f.task_id {
            q = q.filter(A::TaskId.eq(t));
        }
        if let Some(o) = f.org_id {
            q = q.filter(
                A::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(activity_participant::Column::ActivityId)
                        .from(activity_participant::Entity)
                        .and_where(activity_participant::Column::OrgId.eq(o))
                        .to_owned(),
                ),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(A::HeldOn)
            .order_by_desc(A::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.activity_views(scope, rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn activity(&self, scope: Scope, id: Uuid) -> Result<ActivityView> {
        let row = activity::Entity::find_by_id(id)
            .filter(Self::activity_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.activity_views(scope, vec![row]).await?.remove(0))
    }

    /// Records (`id` None) or corrects an activity of the actor's unit.
    pub async fn save_activity(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &ActivityInput,
    ) -> Result<ActivityView> {
        let (Scope::Section(own) | Scope::District(own)) = actor.scope else {
            return Err(StoreError::Forbidden(
                "宣传教育活动由市局科室或区商务局记录".into(),
            ));
        };
        let a = anzhi_domain::publicity::check_activity(input).map_err(StoreError::Invalid)?;
        // Every participating unit exists (and, for a district, is itself or its own).
        let ids: Vec<Uuid> = a.participants.iter().map(|p| p.org_id).collect();
        let orgs: HashMap<Uuid, org::Model> = org::Entity::find()
            .filter(org::Column::Id.is_in(ids.clone()))
            .all(self.r())
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut errors = Vec::new();
        for (i, pid) in ids.iter().enumerate() {
            let ok = orgs.get(pid).is_some_and(|o| match actor.scope {
                Scope::District(d) => o.id == d || o.parent_id == Some(d),
                _ => true,
            });
            if !ok {
                errors.push(anzhi_domain::FieldError::new(
                    &format!("participants.{i}.org_id"),
                    "not_found",
                    format!("第{}个参加单位不存在或不在本单位管辖范围", i + 1),
                ));
            }
        }
        if let Some(t) = a.task_id
            && task::Entity::find_by_id(t).one(self.r()).await?.is_none()
        {
            errors.push(anzhi_domain::FieldError::new(
                "task_id",
                "not_found",
                "关联的工作任务不存在",
            ));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let who = author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let before = match id {
            Some(id) => Some(
                activity::Entity::find_by_id(id)
                    .filter(activity::Column::OwnerOrgId.eq(own))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let aid = id.unwrap_or_else(Uuid::now_v7);
        let row = activity::ActiveModel {
            id: Set(aid),
            title: Set(a.title.clone()),
            kind: Set(a.kind.code().into()),
            held_on: Set(a.held_on),
            organiser: Set(a.organiser.clone()),
            owner_org_id: Set(own),
            task_id: Set(a.task_id),
            summary: Set(a.summary.clone()),
            created_by_name: Set(before
                .as_ref()
                .map(|b| b.created_by_name.clone())
                .unwrap_or_else(|| who.name.clone())),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        if before.is_some() {
            row.update(&txn).await?;
            activity_participant::Entity::delete_many()
                .filter(activity_participant::Column::ActivityId.eq(aid))
                .exec(&txn)
                .await?;
        } else {
            row.insert(&txn).await?;
        }
        for chunk in a.participants.chunks(500) {
            activity_participant::Entity::insert_many(chunk.iter().map(|p| {
                let o = orgs.get(&p.org_id);
                activity_participant::ActiveModel {
                    activity_id: Set(aid),
                    org_id: Set(p.org_id),
                    district_id: Set(o.and_then(|o| {
                        if o.kind == OrgKind::Enterprise.code() {
                            o.parent_id
                        } else {
                            None
                        }
                    })),
                    headcount: Set(p.headcount as i32),
                }
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        let files: Vec<Uuid> = a.materials.iter().chain(a.photos.iter()).copied().collect();
        attach_new(&txn, actor, &files, Subject::Activity, aid, "materials").await?;
        append(
            &txn,
            actor,
            AuditEvent::new("publicity.activity_save")
                .object("activity", aid)
                .after(json!({"title": a.title, "kind": a.kind.code(), "units": a.units, "headcount": a.headcount, "task_id": a.task_id})),
        )
        .await?;
        txn.commit().await?;
        self.activity(actor.scope, aid).await
    }

    pub async fn delete_activity(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let (Scope::Section(own) | Scope::District(own)) = actor.scope else {
            return Err(StoreError::Forbidden(
                "宣传教育活动由市局科室或区商务局记录".into(),
            ));
        };
        let txn = self.tx().await?;
        let row = activity::Entity::find_by_id(id)
            .filter(activity::Column::OwnerOrgId.eq(own))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        activity_participant::Entity::delete_many()
            .filter(activity_participant::Column::ActivityId.eq(id))
            .exec(&txn)
            .await?;
        activity::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("publicity.activity_delete")
                .object("activity", id)
                .before(json!({"title": row.title})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Participation by unit in a year: activities attended and people.
    pub async fn activity_report(&self, scope: Scope, year: i32) -> Result<Vec<ActivityReportRow>> {
        let (a, b) = year_range(year);
        let visible: Vec<Uuid> = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .filter(Self::activity_scope(scope)?)
            .filter(activity::Column::HeldOn.between(a, b))
            .into_tuple()
            .all(self.r())
            .await?;
        let mut rows: HashMap<Uuid, ActivityReportRow> = HashMap::new();
        for chunk in visible.chunks(500) {
            for p in activity_participant::Entity::find()
                .filter(activity_participant::Column::ActivityId.is_in(chunk.to_vec()))
                .all(self.r())
                .await?
                .into_iter()
                .filter(|p| participant_visible(scope, p))
            {
                let r = rows.entry(p.org_id).or_insert_with(|| ActivityReportRow {
                    org_id: p.org_id,
                    name: String::new(),
                    activities: 0,
                    headcount: 0,
                });
                r.activities += 1;
                r.headcount += i64::from(p.headcount);
            }
        }
        let names = org_names(self.r(), rows.keys().copied()).await?;
        let mut out: Vec<ActivityReportRow> = rows
            .into_values()
            .map(|mut r| {
                r.name = names.get(&r.org_id).cloned().unwrap_or_default();
                r
            })
            .collect();
        out.sort_by(|a, b| b.activities.cmp(&a.activities).then(a.name.cmp(&b.name)));
        Ok(out)
    }
}
