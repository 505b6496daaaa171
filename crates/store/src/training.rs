//! Training (教育培训): each enterprise's roster, its training sessions with the hours
//! each person attended, certificates with expiry reminders, the hours required per
//! category (configuration), the rotation coverage (全员轮训) per enterprise and per
//! district, and the bureau's evaluation of key enterprises' training.

use std::collections::HashMap;

use anzhi_domain::Scope;
use anzhi_domain::training::{
    self as rules, Category, CertificateInput, CheckedEmployee, Coverage, EmployeeInput,
    PersonStatus, Requirements, SessionInput, TrainingKind,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    certificate, employee, org, training, training_attendance, training_evaluation,
};
use crate::files::{FileBrief, Subject, attach, attachments_of};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

const REQUIREMENTS_KEY: &str = "training.requirements";
pub const EMPLOYEE_IMPORT: &str = "employees";

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmployeeView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub name: String,
    pub post: String,
    pub category: Category,
    pub category_label: String,
    pub hired_on: NaiveDate,
    pub phone_masked: Option<String>,
    pub active: bool,
    /// Hours attended this year.
    pub year_hours: f64,
    /// Hours required this year.
    pub required_hours: f64,
    pub trained: bool,
}

#[derive(Debug, Clone, Default)]
pub struct EmployeeFilter {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub category: Option<Category>,
    pub q: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceView {
    pub employee_id: Uuid,
    pub name: String,
    pub category_label: String,
    pub hours: f64,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub topic: String,
    pub kind: TrainingKind,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub hours: f64,
    pub trainer: Option<String>,
    pub attendees: u64,
    pub materials: Vec<FileBrief>,
    /// Filled on the detail (empty in lists).
    pub attendance: Vec<AttendanceView>,
}

#[derive(Debug, Clone, Default)]
pub struct TrainingFilter {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub year: Option<i32>,
    pub kind: Option<TrainingKind>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateView {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub employee_name: String,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub kind: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub days_left: i64,
    pub file: Option<FileBrief>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShortPerson {
    pub employee_id: Uuid,
    pub name: String,
    pub category_label: String,
    pub hours: f64,
    pub required: f64,
    pub missing: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageView {
    pub year: i32,
    pub enterprise_id: Uuid,
    pub employees: u32,
    pub trained: u32,
    pub coverage: f64,
    pub by_category: Vec<rules::CategoryCoverage>,
    pub short: Vec<ShortPerson>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    pub district_id: Option<Uuid>,
    pub name: String,
    pub enterprises: u32,
    pub employees: u32,
    pub trained: u32,
    pub coverage: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageSummary {
    pub year: i32,
    pub rows: Vec<CoverageRow>,
    pub total: CoverageRow,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvalItemView {
    pub key: String,
    pub label: String,
    pub max: u32,
    pub suggested: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvaluationForm {
    pub enterprise_id: Uuid,
    pub year: i32,
    pub items: Vec<EvalItemView>,
    pub coverage: CoverageView,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvaluationView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub year: i32,
    pub total: f64,
    pub grade: String,
    pub grade_label: String,
    pub items: Vec<EvalItemView>,
    pub comment: Option<String>,
    pub coverage: f64,
    pub evaluated_by_name: String,
    pub evaluated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct EvaluationSummaryRow {
    pub district_id: Option<Uuid>,
    pub name: String,
    pub evaluated: u32,
    pub average: f64,
    pub excellent: u32,
    pub good: u32,
    pub pass: u32,
    pub fail: u32,
}

/// The enterprises a scope reaches, as a condition on a table's enterprise and
/// district columns.
pub(crate) fn enterprise_cond<C: ColumnTrait>(
    scope: Scope,
    enterprise_col: C,
    district_col: C,
    what: &str,
) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(district_col.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(enterprise_col.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden(format!("无权查看{what}")));
        }
    })
}

/// The actor's own enterprise and its district (writes of the roster, sessions,
/// certificates, plans and drills are the enterprise's own).
pub(crate) async fn own_enterprise<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    what: &str,
) -> Result<(Uuid, Uuid)> {
    let Scope::Enterprise(own) = actor.scope else {
        return Err(StoreError::Forbidden(format!("{what}由企业填报")));
    };
    let district = org::Entity::find_by_id(own)
        .one(c)
        .await?
        .and_then(|o| o.parent_id)
        .ok_or(StoreError::NotFound)?;
    Ok((own, district))
}

fn year_range(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    )
}

/// Hours attended in `year` by each of these people.
async fn hours_in_year<C: ConnectionTrait>(
    c: &C,
    people: &[Uuid],
    year: i32,
) -> Result<HashMap<Uuid, f64>> {
    let (from, to) = year_range(year);
    let mut out = HashMap::new();
    for chunk in people.chunks(500) {
        let rows: Vec<(Uuid, Option<f64>)> = training_attendance::Entity::find()
            .select_only()
            .column(training_attendance::Column::EmployeeId)
            .column_as(training_attendance::Column::Hours.sum(), "h")
            .filter(training_attendance::Column::EmployeeId.is_in(chunk.to_vec()))
            .filter(training_attendance::Column::HeldOn.between(from, to))
            .group_by(training_attendance::Column::EmployeeId)
            .into_tuple()
            .all(c)
            .await?;
        for (e, h) in rows {
            out.insert(e, h.unwrap_or_default());
        }
    }
    Ok(out)
}

impl Store {
    pub async fn training_requirements(&self) -> Result<Requirements> {
        Ok(crate::settings::read_setting(self.r(), REQUIREMENTS_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_training_requirements(
        &self,
        actor: &Actor,
        req: &Requirements,
    ) -> Result<Requirements> {
        if !matches!(
            actor.scope,
            Scope::Section(_) | Scope::Admin(_) | Scope::Internal
        ) {
            return Err(StoreError::Forbidden("只有市局可以修改培训学时要求".into()));
        }
        req.check().map_err(StoreError::Invalid)?;
        let before = self.training_requirements().await?;
        let txn = self.tx().await?;
        crate::settings::write_setting(&txn, REQUIREMENTS_KEY, req).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("training.requirements_update")
                .before(json!(before))
                .after(json!(req)),
        )
        .await?;
        txn.commit().await?;
        Ok(*req)
    }

    /// Is this record (the subject of attached files) visible to the scope?
    pub(crate) async fn training_subject_visible(
        &self,
        scope: Scope,
        s: Subject,
        id: Uuid,
    ) -> Result<bool> {
        use crate::entity::{activity, drill, emergency_plan};
        let found = match s {
            Subject::Training => training::Entity::find_by_id(id)
                .one(self.r())
                .await?
                .map(|r| (r.enterprise_id, r.district_id)),
            Subject::Certificate => certificate::Entity::find_by_id(id)
                .one(self.r())
                .await?
                .map(|r| (r.enterprise_id, r.district_id)),
            Subject::EmergencyPlan => emergency_plan::Entity::find_by_id(id)
                .one(self.r())
                .await?
                .map(|r| (r.enterprise_id, r.district_id)),
            Subject::Drill => drill::Entity::find_by_id(id)
                .one(self.r())
                .await?
                .map(|r| (r.enterprise_id, r.district_id)),
            Subject::Activity => {
                let _ = activity::Entity::find_by_id(id).one(self.r()).await?;
                return Ok(self.activity(scope, id).await.is_ok());
            }
            _ => None,
        };
        Ok(found.is_some_and(|(e, d)| scope.sees_enterprise(e, Some(d))))
    }

    // ------------------------------------------------------------ roster

    async fn employee_views(&self, rows: Vec<employee::Model>) -> Result<Vec<EmployeeView>> {
        let req = self.training_requirements().await?;
        let year = today().year();
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let hours = hours_in_year(self.r(), &ids, year).await?;
        let names = org_names(self.r(), rows.iter().map(|r| r.enterprise_id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let category = Category::from_code(&r.category).unwrap_or(Category::Worker);
                let h = hours.get(&r.id).copied().unwrap_or_default();
                let status = rules::person_status(&req, category, r.hired_on, year, h);
                EmployeeView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    name: r.name,
                    post: r.post,
                    category,
                    category_label: category.label().into(),
                    hired_on: r.hired_on,
                    phone_masked: r.phone_masked,
                    active: r.active,
                    year_hours: status.map(|s| s.hours).unwrap_or(h),
                    required_hours: status.map(|s| s.required).unwrap_or_default(),
                    trained: status.is_some_and(|s| s.trained),
                }
            })
            .collect())
    }

    fn employee_query(
        scope: Scope,
        f: &EmployeeFilter,
    ) -> Result<sea_orm::Select<employee::Entity>> {
        use employee::Column as E;
        let mut q = employee::Entity::find().filter(enterprise_cond(
            scope,
            E::EnterpriseId,
            E::DistrictId,
            "人员名册",
        )?);
        if let Some(e) = f.enterprise_id {
            q = q.filter(E::EnterpriseId.eq(e));
        }
        if let Some(d) = f.district_id {
            q = q.filter(E::DistrictId.eq(d));
        }
        if let Some(c) = f.category {
            q = q.filter(E::Category.eq(c.code()));
        }
        if let Some(a) = f.active {
            q = q.filter(E::Active.eq(a));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = format!(
                "%{}%",
                text.chars().take(50).collect::<String>().replace('%', "")
            );
            q = q.filter(
                Condition::any()
                    .add(E::Name.like(like.clone()))
                    .add(E::Post.like(like)),
            );
        }
        Ok(q)
    }

    pub async fn list_employees(
        &self,
        scope: Scope,
        f: &EmployeeFilter,
        page: &PageReq,
    ) -> Result<Page<EmployeeView>> {
        use employee::Column as E;
        let q = Self::employee_query(scope, f)?;
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_asc(E::EnterpriseId)
            .order_by_asc(E::Category)
            .order_by_asc(E::Name)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.employee_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    fn employee_row(
        &self,
        id: Uuid,
        enterprise: (Uuid, Uuid),
        e: &CheckedEmployee,
        created_at: DateTime<Utc>,
    ) -> employee::ActiveModel {
        employee::ActiveModel {
            id: Set(id),
            enterprise_id: Set(enterprise.0),
            district_id: Set(enterprise.1),
            name: Set(e.name.clone()),
            post: Set(e.post.clone()),
            category: Set(e.category.code().into()),
            hired_on: Set(e.hired_on),
            phone_enc: Set(e.phone.as_deref().map(|p| self.cipher().encrypt(p))),
            phone_masked: Set(e.phone.as_deref().map(anzhi_domain::crypto::mask_phone)),
            active: Set(e.active),
            created_at: Set(created_at),
            updated_at: Set(crate::now()),
        }
    }

    /// Adds (`id` None) or changes a person on the own enterprise's roster.
    pub async fn save_employee(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &EmployeeInput,
    ) -> Result<EmployeeView> {
        let ent = own_enterprise(self.r(), actor, "人员名册").await?;
        let checked = rules::check_employee(input, today()).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let before = match id {
            Some(id) => Some(
                employee::Entity::find_by_id(id)
                    .filter(employee::Column::EnterpriseId.eq(ent.0))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let mut row = self.employee_row(
            id.unwrap_or_else(Uuid::now_v7),
            ent,
            &checked,
            before
                .as_ref()
                .map(|b| b.created_at)
                .unwrap_or_else(crate::now),
        );
        // The form only ever sees the masked number: an absent phone keeps the stored
        // one; an empty one clears it.
        if let (Some(b), None) = (&before, &input.phone) {
            row.phone_enc = Set(b.phone_enc.clone());
            row.phone_masked = Set(b.phone_masked.clone());
        }
        let saved = if before.is_some() {
            row.update(&txn).await?
        } else {
            row.insert(&txn).await?
        };
        append(
            &txn,
            actor,
            AuditEvent::new(if before.is_some() {
                "training.employee_update"
            } else {
                "training.employee_create"
            })
            .object("employee", saved.id)
            .after(json!({"name": saved.name, "category": saved.category, "active": saved.active})),
        )
        .await?;
        txn.commit().await?;
        Ok(self.employee_views(vec![saved]).await?.remove(0))
    }

    /// Removes a person who never attended a session (409 otherwise: set them inactive).
    pub async fn delete_employee(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let ent = own_enterprise(self.r(), actor, "人员名册").await?;
        let txn = self.tx().await?;
        let row = employee::Entity::find_by_id(id)
            .filter(employee::Column::EnterpriseId.eq(ent.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let attended = training_attendance::Entity::find()
            .filter(training_attendance::Column::EmployeeId.eq(id))
            .count(&txn)
            .await?;
        if attended > 0 {
            return Err(StoreError::Conflict(format!(
                "{}已有{attended}条培训记录，不能删除；如已离职请设为不在岗",
                row.name
            )));
        }
        employee::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("training.employee_delete")
                .object("employee", id)
                .before(json!({"name": row.name})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Imports checked roster rows into the own enterprise in one transaction: a person
    /// with the same name and hire date is updated, others are added.
    pub async fn import_employees(
        &self,
        actor: &Actor,
        rows: &[CheckedEmployee],
    ) -> Result<(u64, u64)> {
        let ent = own_enterprise(self.r(), actor, "人员名册").await?;
        let txn = self.tx().await?;
        let existing: HashMap<(String, NaiveDate), employee::Model> = employee::Entity::find()
            .filter(employee::Column::EnterpriseId.eq(ent.0))
            .all(&txn)
            .await?
            .into_iter()
            .map(|e| ((e.name.clone(), e.hired_on), e))
            .collect();
        let (mut created, mut updated) = (0u64, 0u64);
        let mut fresh = Vec::new();
        for r in rows {
            match existing.get(&(r.name.clone(), r.hired_on)) {
                Some(e) => {
                    self.employee_row(e.id, ent, r, e.created_at)
                        .update(&txn)
                        .await?;
                    updated += 1;
                }
                None => {
                    fresh.push(self.employee_row(Uuid::now_v7(), ent, r, crate::now()));
                    created += 1;
                }
            }
        }
        for chunk in fresh.chunks(500) {
            employee::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("training.employee_import")
                .object("enterprise", ent.0)
                .after(json!({"created": created, "updated": updated})),
        )
        .await?;
        txn.commit().await?;
        Ok((created, updated))
    }

    // ------------------------------------------------------------ sessions

    async fn training_views(
        &self,
        rows: Vec<training::Model>,
        with_attendance: bool,
    ) -> Result<Vec<TrainingView>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let names = org_names(self.r(), rows.iter().map(|r| r.enterprise_id)).await?;
        let counts: HashMap<Uuid, i64> = training_attendance::Entity::find()
            .select_only()
            .column(training_attendance::Column::TrainingId)
            .column_as(training_attendance::Column::EmployeeId.count(), "n")
            .filter(training_attendance::Column::TrainingId.is_in(ids.clone()))
            .group_by(training_attendance::Column::TrainingId)
            .into_tuple::<(Uuid, i64)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        let mut files = attachments_of(self.r(), Subject::Training, ids.clone()).await?;
        let mut attendance: HashMap<Uuid, Vec<AttendanceView>> = HashMap::new();
        if with_attendance {
            let rows = training_attendance::Entity::find()
                .filter(training_attendance::Column::TrainingId.is_in(ids))
                .all(self.r())
                .await?;
            let people: HashMap<Uuid, employee::Model> = employee::Entity::find()
                .filter(
                    employee::Column::Id
                        .is_in(rows.iter().map(|a| a.employee_id).collect::<Vec<_>>()),
                )
                .all(self.r())
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
            for a in rows {
                let p = people.get(&a.employee_id);
                attendance
                    .entry(a.training_id)
                    .or_default()
                    .push(AttendanceView {
                        employee_id: a.employee_id,
                        name: p.map(|p| p.name.clone()).unwrap_or_default(),
                        category_label: p
                            .and_then(|p| Category::from_code(&p.category))
                            .map(|c| c.label().to_string())
                            .unwrap_or_default(),
                        hours: a.hours,
                        score: a.score,
                    });
            }
            for v in attendance.values_mut() {
                v.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = TrainingKind::from_code(&r.kind).unwrap_or(TrainingKind::Annual);
                TrainingView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    topic: r.topic,
                    kind,
                    kind_label: kind.label().into(),
                    held_on: r.held_on,
                    hours: r.hours,
                    trainer: r.trainer,
                    attendees: counts.get(&r.id).copied().unwrap_or_default() as u64,
                    materials: files.remove(&r.id).unwrap_or_default(),
                    attendance: attendance.remove(&r.id).unwrap_or_default(),
                }
            })
            .collect())
    }

    pub async fn list_trainings(
        &self,
        scope: Scope,
        f: &TrainingFilter,
        page: &PageReq,
    ) -> Result<Page<TrainingView>> {
        use training::Column as T;
        let mut q = training::Entity::find().filter(enterprise_cond(
            scope,
            T::EnterpriseId,
            T::DistrictId,
            "培训记录",
        )?);
        if let Some(e) = f.enterprise_id {
            q = q.filter(T::EnterpriseId.eq(e));
        }
        if let Some(d) = f.district_id {
            q = q.filter(T::DistrictId.eq(d));
        }
        if let Some(y) = f.year {
            let (a, b) = year_range(y);
            q = q.filter(T::HeldOn.between(a, b));
        }
        if let Some(k) = f.kind {
            q = q.filter(T::Kind.eq(k.code()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(T::HeldOn)
            .order_by_desc(T::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.training_views(rows, false).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn training(&self, scope: Scope, id: Uuid) -> Result<TrainingView> {
        let row = training::Entity::find_by_id(id)
            .filter(enterprise_cond(
                scope,
                training::Column::EnterpriseId,
                training::Column::DistrictId,
                "培训记录",
            )?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.training_views(vec![row], true).await?.remove(0))
    }

    /// Records (`id` None) or corrects a session of the own enterprise with its
    /// attendance (every attendee on the own roster), in one transaction.
    pub async fn save_training(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &SessionInput,
    ) -> Result<TrainingView> {
        let ent = own_enterprise(self.r(), actor, "培训记录").await?;
        let checked = rules::check_session(input, today()).map_err(StoreError::Invalid)?;
        let ids: Vec<Uuid> = checked.attendance.iter().map(|a| a.employee_id).collect();
        let mine: Vec<Uuid> = employee::Entity::find()
            .select_only()
            .column(employee::Column::Id)
            .filter(employee::Column::EnterpriseId.eq(ent.0))
            .filter(employee::Column::Id.is_in(ids.clone()))
            .into_tuple()
            .all(self.r())
            .await?;
        let errors: Vec<anzhi_domain::FieldError> = ids
            .iter()
            .enumerate()
            .filter(|(_, e)| !mine.contains(e))
            .map(|(i, _)| {
                anzhi_domain::FieldError::new(
                    &format!("attendance.{i}.employee_id"),
                    "not_found",
                    format!("第{}名参训人员不在本企业人员名册中", i + 1),
                )
            })
            .collect();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let who = crate::hazards::author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let before = match id {
            Some(id) => Some(
                training::Entity::find_by_id(id)
                    .filter(training::Column::EnterpriseId.eq(ent.0))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let tid = id.unwrap_or_else(Uuid::now_v7);
        let row = training::ActiveModel {
            id: Set(tid),
            enterprise_id: Set(ent.0),
            district_id: Set(ent.1),
            topic: Set(checked.topic.clone()),
            kind: Set(checked.kind.code().into()),
            held_on: Set(checked.held_on),
            hours: Set(checked.hours),
            trainer: Set(checked.trainer.clone()),
            created_by_name: Set(before
                .as_ref()
                .map(|b| b.created_by_name.clone())
                .unwrap_or_else(|| who.name.clone())),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        if before.is_some() {
            row.update(&txn).await?;
            training_attendance::Entity::delete_many()
                .filter(training_attendance::Column::TrainingId.eq(tid))
                .exec(&txn)
                .await?;
        } else {
            row.insert(&txn).await?;
        }
        for chunk in checked.attendance.chunks(500) {
            training_attendance::Entity::insert_many(chunk.iter().map(|a| {
                training_attendance::ActiveModel {
                    training_id: Set(tid),
                    employee_id: Set(a.employee_id),
                    enterprise_id: Set(ent.0),
                    held_on: Set(checked.held_on),
                    kind: Set(checked.kind.code().into()),
                    hours: Set(a.hours),
                    score: Set(a.score),
                }
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        // Materials already on the session may be sent again; new ones are attached.
        let attached: Vec<Uuid> = attachments_of(&txn, Subject::Training, [tid])
            .await?
            .remove(&tid)
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.id)
            .collect();
        let fresh: Vec<Uuid> = checked
            .materials
            .iter()
            .copied()
            .filter(|m| !attached.contains(m))
            .collect();
        attach(&txn, actor, &fresh, Subject::Training, tid, "materials").await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if before.is_some() {
                "training.session_update"
            } else {
                "training.session_create"
            })
            .object("training", tid)
            .after(json!({"topic": checked.topic, "held_on": checked.held_on,
                          "hours": checked.hours, "attendees": checked.attendance.len()})),
        )
        .await?;
        txn.commit().await?;
        self.training(actor.scope, tid).await
    }

    pub async fn delete_training(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let ent = own_enterprise(self.r(), actor, "培训记录").await?;
        let txn = self.tx().await?;
        let row = training::Entity::find_by_id(id)
            .filter(training::Column::EnterpriseId.eq(ent.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        training_attendance::Entity::delete_many()
            .filter(training_attendance::Column::TrainingId.eq(id))
            .exec(&txn)
            .await?;
        training::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("training.session_delete")
                .object("training", id)
                .before(json!({"topic": row.topic, "held_on": row.held_on})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ------------------------------------------------------------ coverage

    /// Who of the enterprise's active roster is trained in `year`, and who is short.
    pub async fn training_coverage(
        &self,
        scope: Scope,
        enterprise_id: Uuid,
        year: i32,
    ) -> Result<CoverageView> {
        if !crate::enterprises::enterprise_visible(self.r(), scope, enterprise_id).await? {
            return Err(StoreError::NotFound);
        }
        let req = self.training_requirements().await?;
        let people = employee::Entity::find()
            .filter(employee::Column::EnterpriseId.eq(enterprise_id))
            .filter(employee::Column::Active.eq(true))
            .all(self.r())
            .await?;
        let hours = hours_in_year(
            self.r(),
            &people.iter().map(|p| p.id).collect::<Vec<_>>(),
            year,
        )
        .await?;
        let mut statuses: Vec<PersonStatus> = Vec::new();
        let mut short = Vec::new();
        for p in &people {
            let cat = Category::from_code(&p.category).unwrap_or(Category::Worker);
            let h = hours.get(&p.id).copied().unwrap_or_default();
            if let Some(s) = rules::person_status(&req, cat, p.hired_on, year, h) {
                if !s.trained {
                    short.push(ShortPerson {
                        employee_id: p.id,
                        name: p.name.clone(),
                        category_label: cat.label().into(),
                        hours: s.hours,
                        required: s.required,
                        missing: s.missing,
                    });
                }
                statuses.push(s);
            }
        }
        short.sort_by(|a, b| b.missing.total_cmp(&a.missing).then(a.name.cmp(&b.name)));
        let c: Coverage = rules::coverage(&statuses);
        Ok(CoverageView {
            year,
            enterprise_id,
            employees: c.employees,
            trained: c.trained,
            coverage: c.rate,
            by_category: c.by_category,
            short,
        })
    }

    /// Coverage of the year by district (enterprises with a roster).
    pub async fn coverage_summary(&self, scope: Scope, year: i32) -> Result<CoverageSummary> {
        let req = self.training_requirements().await?;
        let people = employee::Entity::find()
            .filter(enterprise_cond(
                scope,
                employee::Column::EnterpriseId,
                employee::Column::DistrictId,
                "培训情况",
            )?)
            .filter(employee::Column::Active.eq(true))
            .all(self.r())
            .await?;
        let hours = hours_in_year(
            self.r(),
            &people.iter().map(|p| p.id).collect::<Vec<_>>(),
            year,
        )
        .await?;
        let names = org_names(self.r(), people.iter().map(|p| p.district_id)).await?;
        let mut rows: HashMap<Uuid, (CoverageRow, std::collections::HashSet<Uuid>)> =
            HashMap::new();
        let mut total = CoverageRow {
            name: "合计".into(),
            ..Default::default()
        };
        let mut all_ents = std::collections::HashSet::new();
        for p in &people {
            let cat = Category::from_code(&p.category).unwrap_or(Category::Worker);
            let h = hours.get(&p.id).copied().unwrap_or_default();
            let Some(s) = rules::person_status(&req, cat, p.hired_on, year, h) else {
                continue;
            };
            let (row, ents) = rows.entry(p.district_id).or_insert_with(|| {
                (
                    CoverageRow {
                        district_id: Some(p.district_id),
                        name: names.get(&p.district_id).cloned().unwrap_or_default(),
                        ..Default::default()
                    },
                    Default::default(),
                )
            });
            ents.insert(p.enterprise_id);
            all_ents.insert(p.enterprise_id);
            row.employees += 1;
            total.employees += 1;
            if s.trained {
                row.trained += 1;
                total.trained += 1;
            }
        }
        // Every district in reach, also those without a roster yet.
        let mut dq = org::Entity::find()
            .filter(org::Column::Kind.eq(anzhi_domain::OrgKind::District.code()));
        match scope {
            Scope::District(d) => dq = dq.filter(org::Column::Id.eq(d)),
            Scope::Enterprise(_) => {
                dq = dq.filter(
                    org::Column::Id.is_in(people.iter().map(|p| p.district_id).collect::<Vec<_>>()),
                )
            }
            _ => {}
        }
        for d in dq.all(self.r()).await? {
            rows.entry(d.id).or_insert_with(|| {
                (
                    CoverageRow {
                        district_id: Some(d.id),
                        name: d.name.clone(),
                        ..Default::default()
                    },
                    Default::default(),
                )
            });
        }
        let mut rows: Vec<CoverageRow> = rows
            .into_values()
            .map(|(mut r, ents)| {
                r.enterprises = ents.len() as u32;
                r.coverage = if r.employees == 0 {
                    0.0
                } else {
                    f64::from(r.trained) / f64::from(r.employees)
                };
                r
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        total.enterprises = all_ents.len() as u32;
        total.coverage = if total.employees == 0 {
            0.0
        } else {
            f64::from(total.trained) / f64::from(total.employees)
        };
        Ok(CoverageSummary { year, rows, total })
    }

    // ------------------------------------------------------------ certificates

    async fn certificate_views(
        &self,
        rows: Vec<certificate::Model>,
    ) -> Result<Vec<CertificateView>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut files = attachments_of(self.r(), Subject::Certificate, ids).await?;
        let names = org_names(self.r(), rows.iter().map(|r| r.enterprise_id)).await?;
        let people: HashMap<Uuid, String> = employee::Entity::find()
            .filter(
                employee::Column::Id.is_in(rows.iter().map(|r| r.employee_id).collect::<Vec<_>>()),
            )
            .all(self.r())
            .await?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let today = today();
        Ok(rows
            .into_iter()
            .map(|r| CertificateView {
                id: r.id,
                employee_name: people.get(&r.employee_id).cloned().unwrap_or_default(),
                employee_id: r.employee_id,
                enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                enterprise_id: r.enterprise_id,
                kind: r.kind,
                number: r.number,
                issued_on: r.issued_on,
                days_left: rules::days_left(r.expires_on, today),
                expires_on: r.expires_on,
                file: files.remove(&r.id).and_then(|mut f| f.pop()),
            })
            .collect())
    }

    pub async fn list_certificates(
        &self,
        scope: Scope,
        enterprise_id: Option<Uuid>,
        district_id: Option<Uuid>,
        expiring: bool,
        page: &PageReq,
    ) -> Result<Page<CertificateView>> {
        use certificate::Column as C;
        let mut q = certificate::Entity::find().filter(enterprise_cond(
            scope,
            C::EnterpriseId,
            C::DistrictId,
            "证书",
        )?);
        if let Some(e) = enterprise_id {
            q = q.filter(C::EnterpriseId.eq(e));
        }
        if let Some(d) = district_id {
            q = q.filter(C::DistrictId.eq(d));
        }
        if expiring {
            q = q.filter(C::ExpiresOn.lte(today() + chrono::Duration::days(30)));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_asc(C::ExpiresOn)
            .order_by_asc(C::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.certificate_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn save_certificate(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &CertificateInput,
    ) -> Result<CertificateView> {
        let ent = own_enterprise(self.r(), actor, "证书").await?;
        let c = rules::check_certificate(input, today()).map_err(StoreError::Invalid)?;
        if employee::Entity::find_by_id(c.employee_id)
            .filter(employee::Column::EnterpriseId.eq(ent.0))
            .one(self.r())
            .await?
            .is_none()
        {
            return Err(StoreError::invalid(
                "employee_id",
                "not_found",
                "持证人不在本企业人员名册中",
            ));
        }
        let txn = self.tx().await?;
        let now = crate::now();
        let before = match id {
            Some(id) => Some(
                certificate::Entity::find_by_id(id)
                    .filter(certificate::Column::EnterpriseId.eq(ent.0))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let cid = id.unwrap_or_else(Uuid::now_v7);
        let row = certificate::ActiveModel {
            id: Set(cid),
            enterprise_id: Set(ent.0),
            district_id: Set(ent.1),
            employee_id: Set(c.employee_id),
            kind: Set(c.kind.clone()),
            number: Set(c.number.clone()),
            issued_on: Set(c.issued_on),
            expires_on: Set(c.expires_on),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        if before.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        if let Some(f) = c.file {
            let has = attachments_of(&txn, Subject::Certificate, [cid])
                .await?
                .remove(&cid)
                .unwrap_or_default()
                .iter()
                .any(|x| x.id == f);
            if !has {
                attach(&txn, actor, &[f], Subject::Certificate, cid, "file").await?;
            }
        }
        append(
            &txn,
            actor,
            AuditEvent::new("training.certificate_save")
                .object("certificate", cid)
                .after(json!({"kind": c.kind, "number": c.number, "expires_on": c.expires_on})),
        )
        .await?;
        txn.commit().await?;
        let row = certificate::Entity::find_by_id(cid)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.certificate_views(vec![row]).await?.remove(0))
    }

    pub async fn delete_certificate(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let ent = own_enterprise(self.r(), actor, "证书").await?;
        let txn = self.tx().await?;
        let row = certificate::Entity::find_by_id(id)
            .filter(certificate::Column::EnterpriseId.eq(ent.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        certificate::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("training.certificate_delete")
                .object("certificate", id)
                .before(json!({"kind": row.kind, "number": row.number})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Reminds enterprises of certificates expiring in 30 days, in 7 days and today;
    /// each step once per certificate across servers.
    pub async fn run_certificate_reminders(&self, instance: &str, today: NaiveDate) -> Result<u32> {
        let rows = certificate::Entity::find()
            .filter(certificate::Column::ExpiresOn.between(
                today - chrono::Duration::days(1),
                today + chrono::Duration::days(30),
            ))
            .all(self.r())
            .await?;
        let people: HashMap<Uuid, String> = employee::Entity::find()
            .filter(
                employee::Column::Id.is_in(rows.iter().map(|r| r.employee_id).collect::<Vec<_>>()),
            )
            .all(self.r())
            .await?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let mut sent = 0;
        for c in rows {
            let Some(step) = rules::expiry_step(c.expires_on, today) else {
                continue;
            };
            let txn = self.tx().await?;
            if !crate::reminders::claim(
                &txn,
                "certificate",
                &format!("{}:{}", c.id, step.slot(c.expires_on)),
                instance,
            )
            .await?
            {
                continue;
            }
            let who = people.get(&c.employee_id).cloned().unwrap_or_default();
            Self::notify(
                &txn,
                c.enterprise_id,
                "certificate_expiry",
                format!("【证书到期提醒】{who}的{}{}", c.kind, step.label()),
                format!(
                    "证书编号{}，有效期至{}。请及时复审或换证。",
                    c.number, c.expires_on
                ),
                "/training?tab=certificates",
            )
            .await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    // ------------------------------------------------------------ evaluations

    /// The evaluation form of an enterprise for a year: the items, the coverage item
    /// suggested from the computed coverage, and the scores given before, if any.
    pub async fn evaluation_form(
        &self,
        scope: Scope,
        enterprise_id: Uuid,
        year: i32,
    ) -> Result<EvaluationForm> {
        let coverage = self.training_coverage(scope, enterprise_id, year).await?;
        let items = rules::evaluation_items();
        let c = Coverage {
            employees: coverage.employees,
            trained: coverage.trained,
            rate: coverage.coverage,
            by_category: vec![],
        };
        let suggested = rules::suggested(&items, &c);
        let before: HashMap<String, f64> = training_evaluation::Entity::find()
            .filter(training_evaluation::Column::EnterpriseId.eq(enterprise_id))
            .filter(training_evaluation::Column::Year.eq(year))
            .one(self.r())
            .await?
            .and_then(|e| serde_json::from_str::<Vec<(String, f64)>>(&e.items).ok())
            .map(|v| v.into_iter().collect())
            .unwrap_or_default();
        Ok(EvaluationForm {
            enterprise_id,
            year,
            items: items
                .iter()
                .zip(suggested)
                .map(|(i, (_, s))| EvalItemView {
                    key: i.key.into(),
                    label: i.label.into(),
                    max: i.max,
                    suggested: s,
                    score: before.get(i.key).copied(),
                })
                .collect(),
            coverage,
        })
    }

    /// Scores an enterprise's training for a year (a second evaluation replaces the first).
    pub async fn save_evaluation(
        &self,
        actor: &Actor,
        enterprise_id: Uuid,
        year: i32,
        items: &[(String, f64)],
        comment: Option<&str>,
    ) -> Result<EvaluationView> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
            return Err(StoreError::Forbidden("培训评估由市局或区商务局开展".into()));
        }
        let form = self
            .evaluation_form(actor.scope, enterprise_id, year)
            .await?;
        let scored = rules::check_evaluation(items).map_err(StoreError::Invalid)?;
        let mut v = anzhi_domain::Validator::new();
        let comment = v.optional_text("comment", "评估意见", comment, 2000);
        v.into_result().map_err(StoreError::Invalid)?;
        let who = crate::hazards::author(self.r(), actor).await?;
        let district = org::Entity::find_by_id(enterprise_id)
            .one(self.r())
            .await?
            .and_then(|o| o.parent_id)
            .unwrap_or_default();
        let txn = self.tx().await?;
        training_evaluation::Entity::delete_many()
            .filter(training_evaluation::Column::EnterpriseId.eq(enterprise_id))
            .filter(training_evaluation::Column::Year.eq(year))
            .exec(&txn)
            .await?;
        let id = Uuid::now_v7();
        training_evaluation::ActiveModel {
            id: Set(id),
            enterprise_id: Set(enterprise_id),
            district_id: Set(district),
            year: Set(year),
            items: Set(serde_json::to_string(items).unwrap_or_default()),
            total: Set(scored.total),
            grade: Set(scored.grade.code().into()),
            comment: Set(comment),
            coverage: Set(form.coverage.coverage),
            evaluated_by_name: Set(who.name),
            evaluated_org: Set(actor.scope.org_id().unwrap_or_default()),
            evaluated_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("training.evaluate")
                .object("enterprise", enterprise_id)
                .after(json!({"year": year, "total": scored.total, "grade": scored.grade.code()})),
        )
        .await?;
        txn.commit().await?;
        let row = training_evaluation::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.evaluation_views(vec![row]).await?.remove(0))
    }

    async fn evaluation_views(
        &self,
        rows: Vec<training_evaluation::Model>,
    ) -> Result<Vec<EvaluationView>> {
        let names = org_names(
            self.r(),
            rows.iter().flat_map(|r| [r.enterprise_id, r.district_id]),
        )
        .await?;
        let form = rules::evaluation_items();
        Ok(rows
            .into_iter()
            .map(|r| {
                let scores: HashMap<String, f64> =
                    serde_json::from_str::<Vec<(String, f64)>>(&r.items)
                        .map(|v| v.into_iter().collect())
                        .unwrap_or_default();
                let grade = rules::Grade::from_code(&r.grade).unwrap_or(rules::Grade::Fail);
                EvaluationView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    district_name: names.get(&r.district_id).cloned().unwrap_or_default(),
                    enterprise_id: r.enterprise_id,
                    year: r.year,
                    total: r.total,
                    grade: grade.code().into(),
                    grade_label: grade.label().into(),
                    items: form
                        .iter()
                        .map(|i| EvalItemView {
                            key: i.key.into(),
                            label: i.label.into(),
                            max: i.max,
                            suggested: None,
                            score: scores.get(i.key).copied(),
                        })
                        .collect(),
                    comment: r.comment,
                    coverage: r.coverage,
                    evaluated_by_name: r.evaluated_by_name,
                    evaluated_at: r.evaluated_at,
                }
            })
            .collect())
    }

    pub async fn list_evaluations(
        &self,
        scope: Scope,
        year: Option<i32>,
        district_id: Option<Uuid>,
        page: &PageReq,
    ) -> Result<Page<EvaluationView>> {
        use training_evaluation::Column as V;
        let mut q = training_evaluation::Entity::find().filter(enterprise_cond(
            scope,
            V::EnterpriseId,
            V::DistrictId,
            "培训评估",
        )?);
        if let Some(y) = year {
            q = q.filter(V::Year.eq(y));
        }
        if let Some(d) = district_id {
            q = q.filter(V::DistrictId.eq(d));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(V::Year)
            .order_by_desc(V::Total)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.evaluation_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn evaluation_summary(
        &self,
        scope: Scope,
        year: i32,
    ) -> Result<Vec<EvaluationSummaryRow>> {
        use training_evaluation::Column as V;
        let rows = training_evaluation::Entity::find()
            .filter(enterprise_cond(
                scope,
                V::EnterpriseId,
                V::DistrictId,
                "培训评估",
            )?)
            .filter(V::Year.eq(year))
            .all(self.r())
            .await?;
        let names = org_names(self.r(), rows.iter().map(|r| r.district_id)).await?;
        let mut by: HashMap<Uuid, (EvaluationSummaryRow, f64)> = HashMap::new();
        for r in rows {
            let (row, sum) = by.entry(r.district_id).or_insert_with(|| {
                (
                    EvaluationSummaryRow {
                        district_id: Some(r.district_id),
                        name: names.get(&r.district_id).cloned().unwrap_or_default(),
                        ..Default::default()
                    },
                    0.0,
                )
            });
            row.evaluated += 1;
            *sum += r.total;
            match r.grade.as_str() {
                "excellent" => row.excellent += 1,
                "good" => row.good += 1,
                "pass" => row.pass += 1,
                _ => row.fail += 1,
            }
        }
        let mut out: Vec<EvaluationSummaryRow> = by
            .into_values()
            .map(|(mut r, sum)| {
                r.average = if r.evaluated == 0 {
                    0.0
                } else {
                    (sum / f64::from(r.evaluated) * 10.0).round() / 10.0
                };
                r
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

/// Expression helper for other modules: the current year in China.
pub fn this_year() -> i32 {
    today().year()
}
