//! Bulletins (通报) drafted from the data, edited and issued by the bureau; interviews
//! (约谈) and public exposure (曝光) of units and enterprises that lag.

use std::collections::HashMap;

use anzhi_domain::accountability::{
    self as rules, BulletinFacts, BulletinState, DistrictRate, EnterpriseMajor, InterviewKind,
    Section, UnitOverdue, UnitReturned,
};
use anzhi_domain::hazard::{Level, State as HazardState};
use anzhi_domain::inspection::InspState;
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    bulletin, enterprise, hazard, inspection, interview, org, referral, self_check, training,
};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedOverdue {
    pub org_id: Uuid,
    pub name: String,
    pub overdue: u32,
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedReturned {
    pub org_id: Uuid,
    pub name: String,
    pub returned: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedRate {
    pub org_id: Uuid,
    pub name: String,
    pub found: u32,
    pub closed: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedMajor {
    pub org_id: Uuid,
    pub name: String,
    pub district_name: String,
    pub count: u32,
}

/// What a bulletin draft was based on (the units it names).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BulletinNamed {
    pub overdue_units: Vec<NamedOverdue>,
    pub returned_units: Vec<NamedReturned>,
    pub low_rate_districts: Vec<NamedRate>,
    pub major_overdue_enterprises: Vec<NamedMajor>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulletinView {
    pub id: Uuid,
    pub title: String,
    pub number: Option<String>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub state: BulletinState,
    pub state_label: String,
    pub issued_at: Option<DateTime<Utc>>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulletinDetail {
    #[serde(flatten)]
    pub view: BulletinView,
    pub sections: Vec<Section>,
    pub facts: BulletinNamed,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct BulletinEdit {
    pub title: String,
    #[serde(default)]
    pub number: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterviewView {
    pub id: Uuid,
    pub kind: InterviewKind,
    pub kind_label: String,
    pub org_id: Uuid,
    pub org_name: String,
    /// `enterprise` or `unit`.
    pub org_kind: String,
    pub district_name: String,
    pub held_on: NaiveDate,
    pub reason: String,
    pub interviewer: String,
    pub attendees: String,
    pub commitments: String,
    pub channel: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_done_at: Option<DateTime<Utc>>,
    pub follow_up_note: Option<String>,
    pub recorded_by_name: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct InterviewInput {
    pub kind: InterviewKind,
    pub org_id: Uuid,
    pub held_on: NaiveDate,
    pub reason: String,
    #[serde(default)]
    pub interviewer: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub commitments: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub follow_up_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct InterviewFilter {
    pub kind: Option<InterviewKind>,
    pub district_id: Option<Uuid>,
    pub org_id: Option<Uuid>,
    pub follow_up_due: bool,
}

/// Bulletins: the bureau reads all; a district reads the issued ones.
fn bulletin_scope(scope: Scope) -> Result<Condition> {
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Ok(Condition::all()),
        Scope::District(_) => {
            Ok(Condition::all().add(bulletin::Column::State.eq(BulletinState::Issued.code())))
        }
        _ => Err(StoreError::Forbidden("无权查看通报".into())),
    }
}

/// Interviews: the bureau reads all; a district its own enterprises' and its own.
fn interview_scope(scope: Scope) -> Result<Condition> {
    use interview::Column as I;
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Ok(Condition::all()),
        Scope::District(d) => Ok(Condition::any()
            .add(I::DistrictId.eq(d))
            .add(I::OrgId.eq(d))
            .add(I::RecordedByOrgId.eq(d))),
        _ => Err(StoreError::Forbidden("无权查看约谈曝光记录".into())),
    }
}

fn bstate(m: &bulletin::Model) -> BulletinState {
    BulletinState::from_code(&m.state).unwrap_or(BulletinState::Draft)
}

impl Store {
    /// The facts of a period as the bulletin states them (task status as of today).
    pub(crate) async fn bulletin_facts(
        &self,
        scope: Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(BulletinFacts, BulletinNamed)> {
        let mut f = BulletinFacts::empty(from, to);
        let mut named = BulletinNamed::default();
        if let Some(cid) = self.latest_campaign(scope).await? {
            // The bureau's own units are named; enterprises are counted.
            let filter = crate::board::BoardFilter::default();
            let board = self.campaign_board(scope, cid, &filter).await?;
            f.campaign_title = Some(board.campaign.title.clone());
            f.tasks = board.tasks.len() as u32;
            f.assignments = board.summary.assignments as u32;
            f.accepted = board.summary.completed as u32;
            f.overdue = board.summary.overdue as u32;
            let units: HashMap<Uuid, &crate::board::BoardUnit> = board
                .units
                .iter()
                .filter(|u| u.kind != OrgKind::Enterprise)
                .map(|u| (u.id, u))
                .collect();
            let texts: HashMap<Uuid, &str> = board
                .tasks
                .iter()
                .map(|t| (t.id, t.text.as_str()))
                .collect();
            let mut overdue: Vec<NamedOverdue> = Vec::new();
            let mut returned: Vec<NamedReturned> = Vec::new();
            for cell in &board.cells {
                let Some(u) = units.get(&cell.unit_id) else {
                    continue;
                };
                let text = texts
                    .get(&cell.task_id)
                    .copied()
                    .unwrap_or_default()
                    .to_string();
                if cell.overdue {
                    match overdue.iter_mut().find(|o| o.org_id == u.id) {
                        Some(o) => {
                            o.overdue += 1;
                            if !o.tasks.contains(&text) {
                                o.tasks.push(text);
                            }
                        }
                        None => overdue.push(NamedOverdue {
                            org_id: u.id,
                            name: u.name.clone(),
                            overdue: 1,
                            tasks: vec![text],
                        }),
                    }
                }
                if cell.state == anzhi_domain::campaign::AssignmentState::Returned {
                    match returned.iter_mut().find(|o| o.org_id == u.id) {
                        Some(o) => o.returned += 1,
                        None => returned.push(NamedReturned {
                            org_id: u.id,
                            name: u.name.clone(),
                            returned: 1,
                        }),
                    }
                }
            }
            overdue.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.name.cmp(&b.name)));
            named.overdue_units = overdue;
            named.returned_units = returned;
        }
        // Hazards found in the period, by district, and how many of them are closed.
        let hcond = crate::hazards::hazard_scope(scope)?;
        let rows: Vec<(Uuid, String, String)> = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::DistrictId)
            .column(hazard::Column::State)
            .column(hazard::Column::Level)
            .filter(hcond.clone())
            .filter(hazard::Column::FoundOn.between(from, to))
            .into_tuple()
            .all(self.r())
            .await?;
        let mut by_district: HashMap<Uuid, (u32, u32)> = HashMap::new();
        for (d, state, level) in &rows {
            let e = by_district.entry(*d).or_default();
            e.0 += 1;
            f.hazards_found += 1;
            if state == HazardState::Closed.code() {
                e.1 += 1;
                f.hazards_closed += 1;
            }
            if level == Level::Major.code() {
                f.major_found += 1;
            }
        }
        let districts = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::District.code()))
            .order_by_asc(org::Column::SortOrder)
            .all(self.r())
            .await?;
        for d in &districts {
            if let Scope::District(own) = scope
                && own != d.id
            {
                continue;
            }
            let (found, closed) = by_district.get(&d.id).copied().unwrap_or_default();
            let rate = DistrictRate {
                name: d.name.clone(),
                found,
                closed,
            };
            if let Some(r) = rate.rate().filter(|_| rate.is_low()) {
                named.low_rate_districts.push(NamedRate {
                    org_id: d.id,
                    name: d.name.clone(),
                    found,
                    closed,
                    rate: r,
                });
            }
            f.districts.push(rate);
        }
        // Enterprises with 重大隐患 past their deadline, as of the end of the period.
        let cutoff = std::cmp::min(to, today());
        let majors: Vec<(Uuid, Uuid)> = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::EnterpriseId)
            .column(hazard::Column::DistrictId)
            .filter(hcond)
            .filter(hazard::Column::Level.eq(Level::Major.code()))
            .filter(hazard::Column::State.ne(HazardState::Closed.code()))
            .filter(hazard::Column::Deadline.lt(cutoff))
            .into_tuple()
            .all(self.r())
            .await?;
        let mut per_ent: HashMap<(Uuid, Uuid), u32> = HashMap::new();
        for (e, d) in majors {
            *per_ent.entry((e, d)).or_default() += 1;
        }
        let ent_ids: Vec<Uuid> = per_ent.keys().flat_map(|(e, d)| [*e, *d]).collect();
        let names = org_names(self.r(), ent_ids).await?;
        let mut majors: Vec<NamedMajor> = per_ent
            .into_iter()
            .map(|((e, d), n)| NamedMajor {
                org_id: e,
                name: names.get(&e).cloned().unwrap_or_default(),
                district_name: names.get(&d).cloned().unwrap_or_default(),
                count: n,
            })
            .collect();
        majors.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        named.major_overdue_enterprises = majors;
        // Other work of the period.
        let start = anzhi_domain::time::china_day_start(from);
        let end = anzhi_domain::time::china_day_start(to + chrono::Duration::days(1));
        f.inspections_done = inspection::Entity::find()
            .filter(crate::inspections::inspection_scope(scope)?)
            .filter(inspection::Column::State.eq(InspState::Completed.code()))
            .filter(inspection::Column::FinishedAt.gte(start))
            .filter(inspection::Column::FinishedAt.lt(end))
            .count(self.r())
            .await? as u32;
        let tcond = crate::training::enterprise_cond(
            scope,
            training::Column::EnterpriseId,
            training::Column::DistrictId,
            "培训记录",
        )?;
        f.trainings = training::Entity::find()
            .filter(tcond)
            .filter(training::Column::HeldOn.between(from, to))
            .count(self.r())
            .await? as u32;
        let mut rq = referral::Entity::find()
            .filter(referral::Column::SentAt.gte(start))
            .filter(referral::Column::SentAt.lt(end));
        if let Scope::District(d) = scope {
            rq = rq.filter(referral::Column::DistrictId.eq(d));
        }
        f.referrals_sent = rq.count(self.r()).await? as u32;
        let mut eq = enterprise::Entity::find().filter(enterprise::Column::Status.eq("operating"));
        let mut sq = self_check::Entity::find()
            .select_only()
            .column(self_check::Column::EnterpriseId)
            .distinct()
            .filter(self_check::Column::CheckedOn.between(from, to));
        if let Scope::District(d) = scope {
            eq = eq.filter(
                enterprise::Column::OrgId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(org::Column::Id)
                        .from(org::Entity)
                        .and_where(org::Column::ParentId.eq(d))
                        .to_owned(),
                ),
            );
            sq = sq.filter(self_check::Column::DistrictId.eq(d));
        }
        f.self_check_due = eq.count(self.r()).await? as u32;
        f.self_check_done = sq.into_tuple::<Uuid>().all(self.r()).await?.len() as u32;
        f.overdue_units = named
            .overdue_units
            .iter()
            .map(|o| UnitOverdue {
                name: o.name.clone(),
                overdue: o.overdue,
                tasks: o.tasks.clone(),
            })
            .collect();
        f.returned_units = named
            .returned_units
            .iter()
            .map(|o| UnitReturned {
                name: o.name.clone(),
                returned: o.returned,
            })
            .collect();
        f.major_overdue = named
            .major_overdue_enterprises
            .iter()
            .map(|m| EnterpriseMajor {
                name: m.name.clone(),
                district: m.district_name.clone(),
                count: m.count,
            })
            .collect();
        Ok((f, named))
    }

    fn bulletin_view(m: &bulletin::Model) -> BulletinView {
        let state = bstate(m);
        BulletinView {
            id: m.id,
            title: m.title.clone(),
            number: m.number.clone(),
            period_from: m.period_from,
            period_to: m.period_to,
            state,
            state_label: state.label().into(),
            issued_at: m.issued_at,
            created_by_name: m.created_by_name.clone(),
            created_at: m.created_at,
        }
    }

    fn bulletin_detail(m: &bulletin::Model) -> BulletinDetail {
        BulletinDetail {
            view: Self::bulletin_view(m),
            sections: serde_json::from_str(&m.sections).unwrap_or_default(),
            facts: serde_json::from_str(&m.facts).unwrap_or_default(),
        }
    }

    /// Drafts the bulletin of a period from the data.
    pub async fn draft_bulletin(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BulletinDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("通报由局科室起草".into()));
        }
        if from > to {
            return Err(StoreError::invalid(
                "period_to",
                "invalid",
                "通报期间的结束日期早于开始日期",
            ));
        }
        if (to - from).num_days() > 366 {
            return Err(StoreError::invalid(
                "period_from",
                "invalid",
                "通报期间不能超过一年",
            ));
        }
        let (facts, named) = self.bulletin_facts(actor.scope, from, to).await?;
        let sections = rules::compose_bulletin(&facts);
        let mut named_ids: Vec<Uuid> = named.overdue_units.iter().map(|o| o.org_id).collect();
        named_ids.extend(named.returned_units.iter().map(|o| o.org_id));
        named_ids.extend(named.low_rate_districts.iter().map(|o| o.org_id));
        named_ids.extend(named.major_overdue_enterprises.iter().map(|o| o.org_id));
        named_ids.sort();
        named_ids.dedup();
        let txn = self.tx().await?;
        let now = crate::now();
        let id = Uuid::now_v7();
        let m = bulletin::ActiveModel {
            id: Set(id),
            title: Set(rules::bulletin_title(from, to)),
            number: Set(None),
            period_from: Set(from),
            period_to: Set(to),
            state: Set(BulletinState::Draft.code().into()),
            sections: Set(json!(sections).to_string()),
            facts: Set(json!(named).to_string()),
            named_org_ids: Set(json!(named_ids).to_string()),
            issued_at: Set(None),
            created_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("bulletin.draft")
                .object("bulletin", id)
                .after(json!({"period_from": from, "period_to": to})),
        )
        .await?;
        txn.commit().await?;
        Ok(Self::bulletin_detail(&m))
    }

    pub async fn list_bulletins(
        &self,
        scope: Scope,
        state: Option<BulletinState>,
        year: Option<i32>,
        page: &PageReq,
    ) -> Result<Page<BulletinView>> {
        let mut q = bulletin::Entity::find().filter(bulletin_scope(scope)?);
        if let Some(s) = state {
            q = q.filter(bulletin::Column::State.eq(s.code()));
        }
        if let Some(y) = year {
            let a = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
            let b = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default();
            q = q.filter(bulletin::Column::PeriodTo.between(a, b));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(bulletin::Column::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: rows.iter().map(Self::bulletin_view).collect(),
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn bulletin_row<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<bulletin::Model> {
        bulletin::Entity::find_by_id(id)
            .filter(bulletin_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn bulletin(&self, scope: Scope, id: Uuid) -> Result<BulletinDetail> {
        Ok(Self::bulletin_detail(
            &self.bulletin_row(self.r(), scope, id).await?,
        ))
    }

    fn check_bulletin_edit(b: &BulletinEdit, issuing: bool) -> Result<(String, Option<String>)> {
        let mut v = Validator::new();
        let title = v.text("title", "通报标题", &b.title, 4, 300);
        let number = v.optional_text("number", "文号", b.number.as_deref(), 50);
        if issuing && number.is_none() {
            v.error(
                "number",
                "required",
                "印发前请填写文号（如 海商安通〔2026〕5号）",
            );
        }
        if b.sections.is_empty() {
            v.error("sections", "required", "通报正文不能为空");
        }
        for (i, s) in b.sections.iter().enumerate() {
            v.text(
                &format!("sections[{i}].heading"),
                "标题",
                &s.heading,
                1,
                100,
            );
            for (j, p) in s.paragraphs.iter().enumerate() {
                v.text(
                    &format!("sections[{i}].paragraphs[{j}]"),
                    "段落",
                    p,
                    1,
                    5000,
                );
            }
        }
        v.into_result().map_err(StoreError::Invalid)?;
        Ok((title, number))
    }

    pub async fn update_bulletin(
        &self,
        actor: &Actor,
        id: Uuid,
        b: &BulletinEdit,
    ) -> Result<BulletinDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("通报由局科室修改".into()));
        }
        let (title, number) = Self::check_bulletin_edit(b, false)?;
        let txn = self.tx().await?;
        let m = self.bulletin_row(&txn, actor.scope, id).await?;
        if bstate(&m) != BulletinState::Draft {
            return Err(StoreError::Conflict("已印发的通报不能修改".into()));
        }
        let mut a: bulletin::ActiveModel = m.into();
        a.title = Set(title);
        a.number = Set(number);
        a.sections = Set(json!(b.sections).to_string());
        a.updated_at = Set(crate::now());
        let m = a.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("bulletin.update").object("bulletin", id),
        )
        .await?;
        txn.commit().await?;
        Ok(Self::bulletin_detail(&m))
    }

    pub async fn delete_bulletin(&self, actor: &Actor, id: Uuid) -> Result<()> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("通报由局科室管理".into()));
        }
        let txn = self.tx().await?;
        let m = self.bulletin_row(&txn, actor.scope, id).await?;
        if bstate(&m) != BulletinState::Draft {
            return Err(StoreError::Conflict("已印发的通报不能删除".into()));
        }
        bulletin::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("bulletin.delete").object("bulletin", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Issues the bulletin (文号 required); the units it names are notified.
    pub async fn issue_bulletin(&self, actor: &Actor, id: Uuid) -> Result<BulletinDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("通报由局科室印发".into()));
        }
        let txn = self.tx().await?;
        let m = self.bulletin_row(&txn, actor.scope, id).await?;
        if bstate(&m) != BulletinState::Draft {
            return Err(StoreError::Conflict("通报已印发".into()));
        }
        let edit = BulletinEdit {
            title: m.title.clone(),
            number: m.number.clone(),
            sections: serde_json::from_str(&m.sections).unwrap_or_default(),
        };
        Self::check_bulletin_edit(&edit, true)?;
        let named: Vec<Uuid> = serde_json::from_str(&m.named_org_ids).unwrap_or_default();
        let title = m.title.clone();
        let number = m.number.clone().unwrap_or_default();
        let mut a: bulletin::ActiveModel = m.into();
        a.state = Set(BulletinState::Issued.code().into());
        a.issued_at = Set(Some(crate::now()));
        let m = a.update(&txn).await?;
        for org_id in named {
            Self::notify(
                &txn,
                org_id,
                "bulletin",
                format!("【通报】{title}"),
                format!("{number}《{title}》已印发，贵单位在通报中被点名，请对照整改并按要求报送整改情况。"),
                &format!("/bulletins/{id}"),
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("bulletin.issue")
                .object("bulletin", id)
                .after(json!({"number": number})),
        )
        .await?;
        txn.commit().await?;
        Ok(Self::bulletin_detail(&m))
    }

    // ------------------------------------------------------------ interviews

    async fn interview_views(&self, rows: Vec<interview::Model>) -> Result<Vec<InterviewView>> {
        let mut ids: Vec<Uuid> = Vec::with_capacity(rows.len() * 2);
        for r in &rows {
            ids.push(r.org_id);
            ids.extend(r.district_id);
        }
        let names = org_names(self.r(), ids).await?;
        let kinds: HashMap<Uuid, String> = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::Kind)
            .filter(org::Column::Id.is_in(rows.iter().map(|r| r.org_id).collect::<Vec<_>>()))
            .into_tuple::<(Uuid, String)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = InterviewKind::from_code(&r.kind).unwrap_or(InterviewKind::Interview);
                InterviewView {
                    id: r.id,
                    kind,
                    kind_label: kind.label().into(),
                    org_name: names.get(&r.org_id).cloned().unwrap_or_default(),
                    org_kind: if kinds.get(&r.org_id).map(String::as_str)
                        == Some(OrgKind::Enterprise.code())
                    {
                        "enterprise".into()
                    } else {
                        "unit".into()
                    },
                    org_id: r.org_id,
                    district_name: r
                        .district_id
                        .and_then(|d| names.get(&d).cloned())
                        .unwrap_or_default(),
                    held_on: r.held_on,
                    reason: r.reason,
                    interviewer: r.interviewer,
                    attendees: r.attendees,
                    commitments: r.commitments,
                    channel: r.channel,
                    follow_up_on: r.follow_up_on,
                    follow_up_done_at: r.follow_up_done_at,
                    follow_up_note: r.follow_up_note,
                    recorded_by_name: r.recorded_by_name,
                }
            })
            .collect())
    }

    pub async fn list_interviews(
        &self,
        scope: Scope,
        f: &InterviewFilter,
        page: &PageReq,
    ) -> Result<Page<InterviewView>> {
        use interview::Column as I;
        let mut q = interview::Entity::find().filter(interview_scope(scope)?);
        if let Some(k) = f.kind {
            q = q.filter(I::Kind.eq(k.code()));
        }
        if let Some(d) = f.district_id {
            q = q.filter(I::DistrictId.eq(d));
        }
        if let Some(o) = f.org_id {
            q = q.filter(I::OrgId.eq(o));
        }
        if f.follow_up_due {
            q = q
                .filter(I::FollowUpDoneAt.is_null())
                .filter(I::FollowUpOn.lte(today()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(I::HeldOn)
            .order_by_desc(I::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.interview_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn interview_row<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<interview::Model> {
        interview::Entity::find_by_id(id)
            .filter(interview_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn interview(&self, scope: Scope, id: Uuid) -> Result<InterviewView> {
        let r = self.interview_row(self.r(), scope, id).await?;
        Ok(self.interview_views(vec![r]).await?.remove(0))
    }

    pub async fn save_interview(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        b: &InterviewInput,
    ) -> Result<InterviewView> {
        let recorder = match actor.scope {
            Scope::Section(o) | Scope::District(o) => o,
            _ => {
                return Err(StoreError::Forbidden(
                    "约谈曝光由局科室或区商务局登记".into(),
                ));
            }
        };
        let mut v = Validator::new();
        let reason = v.text("reason", "约谈（曝光）事由", &b.reason, 4, 2000);
        let interviewer = v
            .optional_text("interviewer", "约谈人", Some(&b.interviewer), 100)
            .unwrap_or_default();
        let attendees = v
            .optional_text("attendees", "参加人员", Some(&b.attendees), 500)
            .unwrap_or_default();
        let commitments = v
            .optional_text("commitments", "整改承诺", Some(&b.commitments), 2000)
            .unwrap_or_default();
        let channel = v.optional_text("channel", "曝光渠道", b.channel.as_deref(), 100);
        match b.kind {
            InterviewKind::Interview => {
                if interviewer.is_empty() {
                    v.error("interviewer", "required", "请填写约谈人");
                }
                match b.follow_up_on {
                    None => v.error("follow_up_on", "required", "请填写回访日期"),
                    Some(d) if d < b.held_on => {
                        v.error("follow_up_on", "invalid", "回访日期不能早于约谈日期")
                    }
                    _ => {}
                }
            }
            InterviewKind::Exposure => {
                if channel.is_none() {
                    v.error(
                        "channel",
                        "required",
                        "请填写曝光渠道（如 海口日报、门户网站）",
                    );
                }
            }
        }
        if b.held_on > today() {
            v.error("held_on", "invalid", "日期不能晚于今天");
        }
        let target = org::Entity::find_by_id(b.org_id).one(self.r()).await?;
        let district = match &target {
            Some(o) if o.kind == OrgKind::Enterprise.code() => {
                if actor.scope.sees_enterprise(o.id, o.parent_id) {
                    o.parent_id
                } else {
                    v.error("org_id", "not_found", "企业不存在或不在本单位管辖范围内");
                    None
                }
            }
            Some(o)
                if matches!(actor.scope, Scope::Section(_))
                    && (o.kind == OrgKind::District.code()
                        || o.kind == OrgKind::Section.code()) =>
            {
                (o.kind == OrgKind::District.code()).then_some(o.id)
            }
            _ => {
                v.error(
                    "org_id",
                    "not_found",
                    "被约谈（曝光）单位不存在或不在本单位管辖范围内",
                );
                None
            }
        };
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let iid = match id {
            None => {
                let iid = Uuid::now_v7();
                interview::ActiveModel {
                    id: Set(iid),
                    kind: Set(b.kind.code().into()),
                    org_id: Set(b.org_id),
                    district_id: Set(district),
                    held_on: Set(b.held_on),
                    reason: Set(reason),
                    interviewer: Set(interviewer),
                    attendees: Set(attendees),
                    commitments: Set(commitments),
                    channel: Set(channel),
                    follow_up_on: Set(b
                        .follow_up_on
                        .filter(|_| b.kind == InterviewKind::Interview)),
                    follow_up_done_at: Set(None),
                    follow_up_note: Set(None),
                    recorded_by_org_id: Set(recorder),
                    recorded_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
                    created_at: Set(crate::now()),
                }
                .insert(&txn)
                .await?;
                iid
            }
            Some(iid) => {
                let r = self.interview_row(&txn, actor.scope, iid).await?;
                if r.recorded_by_org_id != recorder {
                    return Err(StoreError::Forbidden("只能修改本单位登记的记录".into()));
                }
                let mut a: interview::ActiveModel = r.into();
                a.kind = Set(b.kind.code().into());
                a.org_id = Set(b.org_id);
                a.district_id = Set(district);
                a.held_on = Set(b.held_on);
                a.reason = Set(reason);
                a.interviewer = Set(interviewer);
                a.attendees = Set(attendees);
                a.commitments = Set(commitments);
                a.channel = Set(channel);
                a.follow_up_on = Set(b
                    .follow_up_on
                    .filter(|_| b.kind == InterviewKind::Interview));
                a.update(&txn).await?;
                iid
            }
        };
        append(
            &txn,
            actor,
            AuditEvent::new(if id.is_none() {
                "interview.create"
            } else {
                "interview.update"
            })
            .object("interview", iid)
            .after(json!({"kind": b.kind.code(), "org_id": b.org_id, "held_on": b.held_on})),
        )
        .await?;
        txn.commit().await?;
        self.interview(actor.scope, iid).await
    }

    pub async fn delete_interview(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        let r = self.interview_row(&txn, actor.scope, id).await?;
        if Some(r.recorded_by_org_id) != actor.scope.org_id() {
            return Err(StoreError::Forbidden("只能删除本单位登记的记录".into()));
        }
        interview::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("interview.delete").object("interview", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records the follow-up (回访) of an interview.
    pub async fn follow_up_interview(
        &self,
        actor: &Actor,
        id: Uuid,
        note: &str,
    ) -> Result<InterviewView> {
        let note = note.trim();
        if note.chars().count() < 2 {
            return Err(StoreError::invalid("note", "required", "请填写回访情况"));
        }
        if note.chars().count() > 2000 {
            return Err(StoreError::invalid(
                "note",
                "too_long",
                "回访情况不能超过2000个字",
            ));
        }
        let txn = self.tx().await?;
        let r = self.interview_row(&txn, actor.scope, id).await?;
        if Some(r.recorded_by_org_id) != actor.scope.org_id() {
            return Err(StoreError::Forbidden("只能回访本单位登记的约谈".into()));
        }
        if r.kind != InterviewKind::Interview.code() || r.follow_up_done_at.is_some() {
            return Err(StoreError::Conflict("该记录无需回访或已回访".into()));
        }
        let mut a: interview::ActiveModel = r.into();
        a.follow_up_done_at = Set(Some(crate::now()));
        a.follow_up_note = Set(Some(note.into()));
        a.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("interview.follow_up").object("interview", id),
        )
        .await?;
        txn.commit().await?;
        self.interview(actor.scope, id).await
    }

    /// The recording unit is reminded on the follow-up date (once per interview).
    pub async fn run_interview_follow_ups(&self, instance: &str, today: NaiveDate) -> Result<u32> {
        let due = interview::Entity::find()
            .filter(interview::Column::FollowUpDoneAt.is_null())
            .filter(interview::Column::FollowUpOn.lte(today))
            .all(self.r())
            .await?;
        let mut sent = 0;
        for r in due {
            let txn = self.tx().await?;
            if !crate::reminders::claim(&txn, "interview_follow_up", &r.id.to_string(), instance)
                .await?
            {
                continue;
            }
            let name = org_names(&txn, [r.org_id])
                .await?
                .remove(&r.org_id)
                .unwrap_or_default();
            Self::notify(
                &txn,
                r.recorded_by_org_id,
                "interview_follow_up",
                format!("【约谈回访】{name}"),
                format!(
                    "{}约谈{name}，承诺：{}。请回访整改落实情况并登记。",
                    r.held_on, r.commitments
                ),
                "/interviews",
            )
            .await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }
}
