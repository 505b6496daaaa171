//! Enforcement referrals (函送执法): a district or section sends a violation it found
//! to a law-enforcement agency, the agency records receipt, action and result, and
//! the referring unit follows up (跟踪问效) until the result is back.

use anzhi_domain::Scope;
use anzhi_domain::accountability::{
    self as rules, ReferralAction, ReferralInput, ReferralSource, ReferralState, referral_next,
    referral_refusal,
};
use anzhi_domain::org::OrgKind;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::entity::{enterprise, hazard, inspection, org, referral, referral_event};
use crate::files::{FileBrief, Subject, attach, attach_new, attachments_of};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    pub id: Uuid,
    /// 海商函〔2026〕3号, once sent.
    pub number: Option<String>,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub agency_id: Uuid,
    pub agency_name: String,
    pub source: ReferralSource,
    pub source_label: String,
    pub hazard_id: Option<Uuid>,
    pub inspection_id: Option<Uuid>,
    pub violation: String,
    pub state: ReferralState,
    pub state_label: String,
    pub from_org_id: Uuid,
    pub from_org_name: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub reply_by: Option<NaiveDate>,
    /// When the next follow-up reminder is due (open referrals only).
    pub next_follow_up_on: Option<NaiveDate>,
    pub result: Option<String>,
    pub concluded_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralEventView {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub org_name: String,
    pub action: String,
    pub action_label: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralDetail {
    #[serde(flatten)]
    pub view: ReferralView,
    pub legal_basis: String,
    pub evidence: String,
    pub requested_action: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// What the agency does about it (立案调查 …).
    pub action: Option<String>,
    pub penalty: Option<String>,
    pub files: Vec<FileBrief>,
    pub result_files: Vec<FileBrief>,
    pub events: Vec<ReferralEventView>,
}

#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub state: Option<ReferralState>,
    pub agency_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub source: Option<ReferralSource>,
    /// Open referrals whose follow-up is due today or earlier.
    pub follow_up_due: bool,
    pub q: Option<String>,
}

/// A suggestion for the referral form from a hazard or an inspection.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralPrefill {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub source: ReferralSource,
    pub violation: String,
    pub evidence: String,
    pub file_ids: Vec<Uuid>,
}

#[derive(Debug, Clone)]
pub struct ReferralLetterData {
    pub detail: ReferralDetail,
    pub credit_code: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgencyBrief {
    pub id: Uuid,
    pub name: String,
}

/// What the agency (or staff on its behalf) records.
#[derive(Debug, Clone, Default)]
pub struct HandleInput {
    pub note: Option<String>,
    pub on_behalf: bool,
    pub result: Option<String>,
    pub penalty: Option<String>,
    pub file_ids: Vec<Uuid>,
}

/// Who may see a referral: the bureau, the district of the enterprise or the
/// referring unit, and the agency it is addressed to once sent.
pub(crate) fn referral_scope(scope: Scope) -> Result<Condition> {
    use referral::Column as R;
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::any()
            .add(R::DistrictId.eq(d))
            .add(R::FromOrgId.eq(d)),
        Scope::Agency(a) => Condition::all()
            .add(R::AgencyId.eq(a))
            .add(R::State.ne(ReferralState::Draft.code())),
        Scope::Enterprise(_) | Scope::Admin(_) => {
            return Err(StoreError::Forbidden("无权查看函送执法记录".into()));
        }
    })
}

fn state_of(m: &referral::Model) -> ReferralState {
    ReferralState::from_code(&m.state).unwrap_or(ReferralState::Draft)
}

fn next_follow_up(m: &referral::Model) -> Option<NaiveDate> {
    match state_of(m) {
        ReferralState::Sent | ReferralState::Received | ReferralState::Acting => {
            m.last_event_on.map(rules::next_follow_up)
        }
        _ => None,
    }
}

fn opt_text(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Store {
    async fn referral_views(&self, rows: Vec<referral::Model>) -> Result<Vec<ReferralView>> {
        let mut ids: Vec<Uuid> = Vec::with_capacity(rows.len() * 4);
        for r in &rows {
            ids.extend([r.enterprise_id, r.agency_id, r.from_org_id]);
            ids.extend(r.district_id);
        }
        let names = org_names(self.r(), ids).await?;
        let name = |id: Option<Uuid>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|r| {
                let state = state_of(&r);
                let source = ReferralSource::from_code(&r.source).unwrap_or(ReferralSource::Manual);
                ReferralView {
                    next_follow_up_on: next_follow_up(&r),
                    id: r.id,
                    number: r.number,
                    enterprise_name: name(Some(r.enterprise_id)),
                    enterprise_id: r.enterprise_id,
                    district_name: name(r.district_id),
                    agency_name: name(Some(r.agency_id)),
                    agency_id: r.agency_id,
                    source,
                    source_label: source.label().into(),
                    hazard_id: r.hazard_id,
                    inspection_id: r.inspection_id,
                    violation: r.violation,
                    state,
                    state_label: state.label().into(),
                    from_org_name: name(Some(r.from_org_id)),
                    from_org_id: r.from_org_id,
                    sent_at: r.sent_at,
                    reply_by: r.reply_by,
                    result: r.result,
                    concluded_at: r.concluded_at,
                    created_at: r.created_at,
                }
            })
            .collect())
    }

    /// The 外部单位 of the directory a referral can be addressed to.
    pub async fn referral_agencies(&self, scope: Scope) -> Result<Vec<AgencyBrief>> {
        referral_scope(scope)?;
        Ok(org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Agency.code()))
            .order_by_asc(org::Column::SortOrder)
            .order_by_asc(org::Column::Name)
            .all(self.r())
            .await?
            .into_iter()
            .map(|o| AgencyBrief {
                id: o.id,
                name: o.name,
            })
            .collect())
    }

    pub async fn list_referrals(
        &self,
        scope: Scope,
        f: &ReferralFilter,
        page: &PageReq,
    ) -> Result<Page<ReferralView>> {
        use referral::Column as R;
        let mut q = referral::Entity::find().filter(referral_scope(scope)?);
        if let Some(s) = f.state {
            q = q.filter(R::State.eq(s.code()));
        }
        if let Some(a) = f.agency_id {
            q = q.filter(R::AgencyId.eq(a));
        }
        if let Some(d) = f.district_id {
            q = q.filter(R::DistrictId.eq(d));
        }
        if let Some(e) = f.enterprise_id {
            q = q.filter(R::EnterpriseId.eq(e));
        }
        if let Some(s) = f.source {
            q = q.filter(R::Source.eq(s.code()));
        }
        if f.follow_up_due {
            // Due when the last event is FOLLOW_UP_DAYS or more ago.
            let before = today() - chrono::Duration::days(rules::FOLLOW_UP_DAYS);
            q = q
                .filter(R::State.is_in([
                    ReferralState::Sent.code(),
                    ReferralState::Received.code(),
                    ReferralState::Acting.code(),
                ]))
                .filter(R::LastEventOn.lte(before));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = contains(text);
            let ents = org::Entity::find()
                .select_only()
                .column(org::Column::Id)
                .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                .filter(sea_orm::sea_query::Expr::col(org::Column::Name).like(like.clone()))
                .limit(500)
                .into_tuple::<Uuid>()
                .all(self.r())
                .await?;
            q = q.filter(
                Condition::any()
                    .add(sea_orm::sea_query::Expr::col(R::Violation).like(like.clone()))
                    .add(sea_orm::sea_query::Expr::col(R::Number).like(like))
                    .add(R::EnterpriseId.is_in(ents)),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(R::CreatedAt)
            .order_by_desc(R::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.referral_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn referral_row<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<referral::Model> {
        referral::Entity::find_by_id(id)
            .filter(referral_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub(crate) async fn referral_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        let Ok(cond) = referral_scope(scope) else {
            return Ok(false);
        };
        Ok(referral::Entity::find_by_id(id)
            .filter(cond)
            .one(self.r())
            .await?
            .is_some())
    }

    pub async fn referral(&self, scope: Scope, id: Uuid) -> Result<ReferralDetail> {
        let r = self.referral_row(self.r(), scope, id).await?;
        let events = referral_event::Entity::find()
            .filter(referral_event::Column::ReferralId.eq(id))
            .order_by_asc(referral_event::Column::At)
            .order_by_asc(referral_event::Column::Id)
            .all(self.r())
            .await?
            .into_iter()
            .map(|e| {
                let label = ReferralAction::from_code(&e.action)
                    .map(|a| a.label().to_string())
                    .unwrap_or_else(|| match e.action.as_str() {
                        "create" => "起草".into(),
                        other => other.to_string(),
                    });
                ReferralEventView {
                    at: e.at,
                    actor_name: e.actor_name,
                    org_name: e.org_name,
                    action: e.action,
                    action_label: label,
                    note: e.note,
                }
            })
            .collect();
        let files = attachments_of(self.r(), Subject::Referral, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let result_files = attachments_of(self.r(), Subject::ReferralResult, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let legal_basis = r.legal_basis.clone();
        let evidence = r.evidence.clone();
        let requested_action = r.requested_action.clone();
        let contact_name = r.contact_name.clone();
        let contact_phone = r.contact_phone.clone();
        let action = r.action.clone();
        let penalty = r.penalty.clone();
        let view = self.referral_views(vec![r]).await?.remove(0);
        Ok(ReferralDetail {
            view,
            legal_basis,
            evidence,
            requested_action,
            contact_name,
            contact_phone,
            action,
            penalty,
            files,
            result_files,
            events,
        })
    }

    /// The enterprise, source and violation a hazard or an inspection suggests.
    pub async fn referral_prefill(
        &self,
        scope: Scope,
        hazard_id: Option<Uuid>,
        inspection_id: Option<Uuid>,
    ) -> Result<ReferralPrefill> {
        if let Some(hid) = hazard_id {
            let h = hazard::Entity::find_by_id(hid)
                .filter(crate::hazards::hazard_scope(scope)?)
                .one(self.r())
                .await?
                .ok_or(StoreError::NotFound)?;
            let names = org_names(self.r(), [h.enterprise_id]).await?;
            // The hazard's photos stay the hazard's (the referral links it); the
            // evidence names them.
            let photos = attachments_of(self.r(), Subject::Hazard, [hid])
                .await?
                .remove(&hid)
                .unwrap_or_default()
                .len();
            let mut evidence = format!("隐患编号：{}；发现日期：{}", h.code, h.found_on);
            if photos > 0 {
                evidence.push_str(&format!("；现场照片{photos}张（见隐患记录）"));
            }
            if let Some(l) = h.location.as_deref().filter(|l| !l.is_empty()) {
                evidence.push_str(&format!("；位置：{l}"));
            }
            evidence.push_str(&format!("；整改期限：{}", h.deadline));
            return Ok(ReferralPrefill {
                enterprise_name: names.get(&h.enterprise_id).cloned().unwrap_or_default(),
                enterprise_id: h.enterprise_id,
                source: ReferralSource::Hazard,
                violation: h.description,
                evidence,
                file_ids: Vec::new(),
            });
        }
        let Some(iid) = inspection_id else {
            return Err(StoreError::invalid(
                "hazard_id",
                "required",
                "请指定隐患或督导检查",
            ));
        };
        let i = inspection::Entity::find_by_id(iid)
            .filter(crate::inspections::inspection_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let names = org_names(self.r(), [i.enterprise_id]).await?;
        let findings: Vec<String> = hazard::Entity::find()
            .filter(hazard::Column::InspectionId.eq(iid))
            .order_by_asc(hazard::Column::Code)
            .all(self.r())
            .await?
            .into_iter()
            .map(|h| format!("{}（{}）", h.description, h.code))
            .collect();
        let violation = if findings.is_empty() {
            format!("督导检查发现不符合项 {} 项", i.failed)
        } else {
            findings.join("；")
        };
        Ok(ReferralPrefill {
            enterprise_name: names.get(&i.enterprise_id).cloned().unwrap_or_default(),
            enterprise_id: i.enterprise_id,
            source: ReferralSource::Inspection,
            violation,
            evidence: format!(
                "督导检查（检查人：{}，{}）",
                i.inspector_name,
                i.finished_at
                    .map(|t| anzhi_domain::time::today_china(t).to_string())
                    .unwrap_or_default()
            ),
            file_ids: Vec::new(),
        })
    }

    /// Checks the input and resolves the enterprise's district (in the actor's reach).
    async fn check_referral_input<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        b: &ReferralInput,
    ) -> Result<Option<Uuid>> {
        let mut errors = b.check(today()).err().unwrap_or_default();
        let ent = org::Entity::find_by_id(b.enterprise_id)
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .one(c)
            .await?;
        let district = match ent {
            Some(e) if actor.scope.sees_enterprise(e.id, e.parent_id) => e.parent_id,
            _ => {
                errors.push(anzhi_domain::FieldError::new(
                    "enterprise_id",
                    "not_found",
                    "企业不存在或不在本单位管辖范围内",
                ));
                None
            }
        };
        let agency = org::Entity::find_by_id(b.agency_id)
            .filter(org::Column::Kind.eq(OrgKind::Agency.code()))
            .one(c)
            .await?;
        if agency.is_none() {
            errors.push(anzhi_domain::FieldError::new(
                "agency_id",
                "not_found",
                "执法部门不存在，请从外部单位中选择",
            ));
        }
        if let (ReferralSource::Hazard, Some(h)) = (b.source, b.hazard_id) {
            let ok = hazard::Entity::find_by_id(h)
                .filter(crate::hazards::hazard_scope(actor.scope)?)
                .one(c)
                .await?
                .is_some_and(|h| h.enterprise_id == b.enterprise_id);
            if !ok {
                errors.push(anzhi_domain::FieldError::new(
                    "hazard_id",
                    "not_found",
                    "隐患不存在或不属于该企业",
                ));
            }
        }
        if let (ReferralSource::Inspection, Some(i)) = (b.source, b.inspection_id) {
            let ok = inspection::Entity::find_by_id(i)
                .filter(crate::inspections::inspection_scope(actor.scope)?)
                .one(c)
                .await?
                .is_some_and(|i| i.enterprise_id == b.enterprise_id);
            if !ok {
                errors.push(anzhi_domain::FieldError::new(
                    "inspection_id",
                    "not_found",
                    "督导检查不存在或不属于该企业",
                ));
            }
        }
        if errors.is_empty() {
            Ok(district)
        } else {
            Err(StoreError::Invalid(errors))
        }
    }

    async fn add_referral_event<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        referral_id: Uuid,
        action: &str,
        note: Option<String>,
    ) -> Result<()> {
        let actor_name = crate::campaigns::display_name(c, actor).await?;
        let org_name = match actor.scope.org_id() {
            Some(o) => org_names(c, [o]).await?.remove(&o).unwrap_or_default(),
            None => String::new(),
        };
        referral_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            referral_id: Set(referral_id),
            action: Set(action.into()),
            note: Set(note),
            actor_name: Set(actor_name),
            org_name: Set(org_name),
            at: Set(crate::now()),
        }
        .insert(c)
        .await?;
        Ok(())
    }

    /// Drafts (`id` None) or edits a draft referral of the actor's unit.
    pub async fn save_referral(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        b: &ReferralInput,
    ) -> Result<ReferralDetail> {
        let org_id = match actor.scope {
            Scope::Section(o) | Scope::District(o) => o,
            _ => {
                return Err(StoreError::Forbidden(
                    "函送执法由局科室或区商务局起草".into(),
                ));
            }
        };
        let txn = self.tx().await?;
        let district = self.check_referral_input(&txn, actor, b).await?;
        let now = crate::now();
        let name = crate::campaigns::display_name(&txn, actor).await?;
        let rid = match id {
            None => {
                let rid = Uuid::now_v7();
                referral::ActiveModel {
                    id: Set(rid),
                    number: Set(None),
                    year: Set(today().year()),
                    seq: Set(None),
                    enterprise_id: Set(b.enterprise_id),
                    district_id: Set(district),
                    agency_id: Set(b.agency_id),
                    from_org_id: Set(org_id),
                    source: Set(b.source.code().into()),
                    hazard_id: Set(b.hazard_id.filter(|_| b.source == ReferralSource::Hazard)),
                    inspection_id: Set(b
                        .inspection_id
                        .filter(|_| b.source == ReferralSource::Inspection)),
                    violation: Set(b.violation.trim().into()),
                    legal_basis: Set(b.legal_basis.trim().into()),
                    evidence: Set(b.evidence.trim().into()),
                    requested_action: Set(b.requested_action.trim().into()),
                    reply_by: Set(b.reply_by),
                    contact_name: Set(b.contact_name.trim().into()),
                    contact_phone: Set(b.contact_phone.trim().into()),
                    state: Set(ReferralState::Draft.code().into()),
                    action: Set(None),
                    result: Set(None),
                    penalty: Set(None),
                    sent_at: Set(None),
                    received_at: Set(None),
                    concluded_at: Set(None),
                    last_event_on: Set(None),
                    created_by_name: Set(name),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?;
                Self::add_referral_event(&txn, actor, rid, "create", None).await?;
                rid
            }
            Some(rid) => {
                let r = self.referral_row(&txn, actor.scope, rid).await?;
                if r.from_org_id != org_id {
                    return Err(StoreError::Forbidden("只有起草单位可以修改函送事项".into()));
                }
                if state_of(&r) != ReferralState::Draft {
                    return Err(StoreError::Conflict("已函送的事项不能修改".into()));
                }
                let mut m: referral::ActiveModel = r.into();
                m.enterprise_id = Set(b.enterprise_id);
                m.district_id = Set(district);
                m.agency_id = Set(b.agency_id);
                m.source = Set(b.source.code().into());
                m.hazard_id = Set(b.hazard_id.filter(|_| b.source == ReferralSource::Hazard));
                m.inspection_id = Set(b
                    .inspection_id
                    .filter(|_| b.source == ReferralSource::Inspection));
                m.violation = Set(b.violation.trim().into());
                m.legal_basis = Set(b.legal_basis.trim().into());
                m.evidence = Set(b.evidence.trim().into());
                m.requested_action = Set(b.requested_action.trim().into());
                m.reply_by = Set(b.reply_by);
                m.contact_name = Set(b.contact_name.trim().into());
                m.contact_phone = Set(b.contact_phone.trim().into());
                m.updated_at = Set(now);
                m.update(&txn).await?;
                rid
            }
        };
        attach_new(&txn, actor, &b.file_ids, Subject::Referral, rid, "file_ids").await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if id.is_none() { "referral.create" } else { "referral.update" })
                .object("referral", rid)
                .after(json!({"enterprise_id": b.enterprise_id, "agency_id": b.agency_id, "source": b.source.code()})),
        )
        .await?;
        txn.commit().await?;
        self.referral(actor.scope, rid).await
    }

    pub async fn delete_referral(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        let r = self.referral_row(&txn, actor.scope, id).await?;
        if Some(r.from_org_id) != actor.scope.org_id() {
            return Err(StoreError::Forbidden("只有起草单位可以删除函送事项".into()));
        }
        if state_of(&r) != ReferralState::Draft {
            return Err(StoreError::Conflict(
                "已函送的事项不能删除，可以撤回".into(),
            ));
        }
        referral_event::Entity::delete_many()
            .filter(referral_event::Column::ReferralId.eq(id))
            .exec(&txn)
            .await?;
        referral::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("referral.delete").object("referral", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// One step of a referral: who may take it, the state machine, the event, the
    /// notifications.
    pub async fn act_on_referral(
        &self,
        actor: &Actor,
        id: Uuid,
        action: ReferralAction,
        input: &HandleInput,
    ) -> Result<ReferralDetail> {
        let txn = self.tx().await?;
        let r = self.referral_row(&txn, actor.scope, id).await?;
        let own_unit = Some(r.from_org_id) == actor.scope.org_id();
        let addressed = actor.scope == Scope::Agency(r.agency_id);
        let allowed = match action {
            ReferralAction::Send | ReferralAction::FollowUp | ReferralAction::Withdraw => own_unit,
            ReferralAction::Receive | ReferralAction::Act | ReferralAction::Conclude => {
                addressed || (own_unit && input.on_behalf)
            }
        };
        if !allowed {
            return Err(StoreError::Forbidden(match action {
                ReferralAction::Send | ReferralAction::FollowUp | ReferralAction::Withdraw => {
                    "只有函送单位可以进行此操作".to_string()
                }
                _ => "只有受函的执法部门（或函送单位代为登记）可以进行此操作".to_string(),
            }));
        }
        let from = state_of(&r);
        let Some(to) = referral_next(from, action) else {
            return Err(StoreError::Conflict(referral_refusal(from, action)));
        };
        let note = opt_text(input.note.clone());
        let mut errors = Vec::new();
        match action {
            ReferralAction::Act if note.is_none() => errors.push(anzhi_domain::FieldError::new(
                "note",
                "required",
                "请填写办理情况（如立案调查、责令改正）",
            )),
            ReferralAction::FollowUp if note.is_none() => errors.push(
                anzhi_domain::FieldError::new("note", "required", "请填写跟踪问效情况"),
            ),
            ReferralAction::Withdraw if note.is_none() => errors.push(
                anzhi_domain::FieldError::new("reason", "required", "请填写撤回理由"),
            ),
            ReferralAction::Conclude if opt_text(input.result.clone()).is_none() => errors.push(
                anzhi_domain::FieldError::new("result", "required", "请填写处理结果"),
            ),
            _ => {}
        }
        for (field, label, v, max) in [
            ("note", "说明", &note, 2000),
            ("result", "处理结果", &input.result, 2000),
            ("penalty", "处罚情况", &input.penalty, 500),
        ] {
            if v.as_deref().is_some_and(|t| t.chars().count() > max) {
                errors.push(anzhi_domain::FieldError::new(
                    field,
                    "too_long",
                    format!("{label}不能超过{max}个字"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let now = crate::now();
        let today = today();
        let mut m: referral::ActiveModel = r.clone().into();
        m.state = Set(to.code().into());
        m.updated_at = Set(now);
        m.last_event_on = Set(Some(today));
        let mut event_note = note.clone();
        match action {
            ReferralAction::Send => {
                let seq = crate::hazards::next_number(&txn, &format!("referral:{}", today.year()))
                    .await?;
                let seq = u32::try_from(seq).unwrap_or(u32::MAX);
                m.number = Set(Some(rules::referral_number(today.year(), seq)));
                m.seq = Set(Some(seq as i32));
                m.year = Set(today.year());
                m.sent_at = Set(Some(now));
            }
            ReferralAction::Receive => m.received_at = Set(Some(now)),
            ReferralAction::Act => m.action = Set(note.clone()),
            ReferralAction::Conclude => {
                m.result = Set(opt_text(input.result.clone()));
                m.penalty = Set(opt_text(input.penalty.clone()));
                m.concluded_at = Set(Some(now));
                let mut text = opt_text(input.result.clone()).unwrap_or_default();
                if let Some(p) = opt_text(input.penalty.clone()) {
                    text.push_str(&format!("；处罚：{p}"));
                }
                if let Some(n) = &note {
                    text.push_str(&format!("；{n}"));
                }
                event_note = Some(text);
            }
            ReferralAction::FollowUp | ReferralAction::Withdraw => {}
        }
        if input.on_behalf && !addressed {
            event_note = Some(format!(
                "（代为登记）{}",
                event_note.clone().unwrap_or_default()
            ));
        }
        let updated = m.update(&txn).await?;
        Self::add_referral_event(&txn, actor, id, action.code(), event_note).await?;
        if action == ReferralAction::Conclude && !input.file_ids.is_empty() {
            attach(
                &txn,
                actor,
                &input.file_ids,
                Subject::ReferralResult,
                id,
                "file_ids",
            )
            .await?;
        }
        let number = updated.number.clone().unwrap_or_default();
        let ent = org_names(&txn, [updated.enterprise_id])
            .await?
            .remove(&updated.enterprise_id)
            .unwrap_or_default();
        let link = format!("/referrals/{id}");
        match action {
            ReferralAction::Send => {
                Self::notify(
                    &txn,
                    updated.agency_id,
                    "referral",
                    format!("【函送执法】{number}：{ent}"),
                    format!(
                        "收到函送的安全生产违法线索：{ent}。\n{}\n请及时接收并依法处理，将结果反馈函送单位。",
                        updated.violation
                    ),
                    &link,
                )
                .await?;
            }
            ReferralAction::FollowUp => {
                Self::notify(
                    &txn,
                    updated.agency_id,
                    "referral_follow_up",
                    format!("【跟踪问效】{number}：{ent}"),
                    format!(
                        "函送单位询问办理进展：{}\n请及时登记办理情况和处理结果。",
                        note.clone().unwrap_or_default()
                    ),
                    &link,
                )
                .await?;
            }
            ReferralAction::Receive | ReferralAction::Act | ReferralAction::Conclude
                if addressed =>
            {
                Self::notify(
                    &txn,
                    updated.from_org_id,
                    "referral",
                    format!("【函送执法】{number}（{ent}）{}", to.label()),
                    format!(
                        "执法部门已{}：{}",
                        action.label(),
                        event_note_text(&updated, action)
                    ),
                    &link,
                )
                .await?;
            }
            _ => {}
        }
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                ReferralAction::Send => "referral.send",
                ReferralAction::Receive => "referral.receive",
                ReferralAction::Act => "referral.act",
                ReferralAction::Conclude => "referral.conclude",
                ReferralAction::FollowUp => "referral.follow_up",
                ReferralAction::Withdraw => "referral.withdraw",
            })
            .object("referral", id)
            .before(json!({"state": from.code()}))
            .after(json!({"state": to.code(), "note": note})),
        )
        .await?;
        txn.commit().await?;
        self.referral(actor.scope, id).await
    }

    /// The referral with what its letter needs besides: the enterprise's credit code
    /// and address, and the names of the evidence files.
    pub async fn referral_letter(&self, scope: Scope, id: Uuid) -> Result<ReferralLetterData> {
        let detail = self.referral(scope, id).await?;
        let code = org::Entity::find_by_id(detail.view.enterprise_id)
            .one(self.r())
            .await?
            .and_then(|o| o.code);
        let address = enterprise::Entity::find_by_id(detail.view.enterprise_id)
            .one(self.r())
            .await?
            .and_then(|e| e.address);
        Ok(ReferralLetterData {
            detail,
            credit_code: code,
            address,
        })
    }

    /// 跟踪问效: every open referral whose last step is FOLLOW_UP_DAYS old reminds the
    /// referring unit and the agency, once per due date across servers.
    pub async fn run_referral_follow_ups(&self, instance: &str, today: NaiveDate) -> Result<u32> {
        let open = referral::Entity::find()
            .filter(referral::Column::State.is_in([
                ReferralState::Sent.code(),
                ReferralState::Received.code(),
                ReferralState::Acting.code(),
            ]))
            .all(self.r())
            .await?;
        let mut sent = 0;
        for r in open {
            let Some(last) = r.last_event_on else {
                continue;
            };
            let Some(slot) = rules::follow_up_slot(last, today) else {
                continue;
            };
            let txn = self.tx().await?;
            if !crate::reminders::claim(
                &txn,
                &format!("referral:{}", r.id),
                &slot.to_string(),
                instance,
            )
            .await?
            {
                continue;
            }
            let ent = org_names(&txn, [r.enterprise_id])
                .await?
                .remove(&r.enterprise_id)
                .unwrap_or_default();
            let number = r.number.clone().unwrap_or_default();
            let days = (today - last).num_days();
            let state = state_of(&r);
            let link = format!("/referrals/{}", r.id);
            Self::notify(
                &txn,
                r.from_org_id,
                "referral_follow_up",
                format!("【跟踪问效】{number}（{ent}）已{days}天无进展"),
                format!(
                    "函送事项当前状态：{}。请跟踪执法部门办理情况，直至反馈处理结果。",
                    state.label()
                ),
                &link,
            )
            .await?;
            Self::notify(
                &txn,
                r.agency_id,
                "referral_follow_up",
                format!("【跟踪问效】{number}（{ent}）请反馈办理情况"),
                format!(
                    "函送事项当前状态：{}。请登记办理情况和处理结果。",
                    state.label()
                ),
                &link,
            )
            .await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }
}

fn event_note_text(r: &referral::Model, action: ReferralAction) -> String {
    match action {
        ReferralAction::Conclude => r.result.clone().unwrap_or_default(),
        ReferralAction::Act => r.action.clone().unwrap_or_default(),
        _ => "已接收函送事项".into(),
    }
}
