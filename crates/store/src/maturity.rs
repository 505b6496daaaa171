//! The enterprise safety maturity assessment (成熟度评估, a pilot): the enterprise fills
//! the questionnaire, its district (or a bureau section) reviews it; results by
//! district and by category.

use std::collections::{BTreeMap, HashMap};

use anzhi_domain::maturity::{
    self as rules, Answers, DimensionScore, MaturityAction, MaturityState, maturity_next,
};
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{enterprise, industry_category, maturity_assessment, org};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MaturityView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub category_name: Option<String>,
    pub year: i32,
    pub pilot_group: Option<String>,
    pub state: MaturityState,
    pub state_label: String,
    pub self_level: Option<f64>,
    pub reviewed_level: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewedLevel {
    pub level: u8,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DimensionLevels {
    pub key: String,
    pub label: String,
    #[serde(rename = "self")]
    pub own: Option<f64>,
    pub reviewed: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MaturityDetail {
    #[serde(flatten)]
    pub view: MaturityView,
    #[schema(value_type = Object)]
    pub answers: Answers,
    #[schema(value_type = Object)]
    pub review: BTreeMap<String, ReviewedLevel>,
    pub dimensions: Vec<DimensionLevels>,
    pub review_note: Option<String>,
    pub reviewer_name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct MaturityFilter {
    pub year: Option<i32>,
    pub district_id: Option<Uuid>,
    pub state: Option<MaturityState>,
    pub pilot_group: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PilotInput {
    pub year: i32,
    pub group: String,
    pub enterprise_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityReviewInput {
    pub approve: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub levels: BTreeMap<String, u8>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MaturitySummaryRow {
    pub key: Option<Uuid>,
    pub label: String,
    pub total: u64,
    pub reviewed: u64,
    pub avg_level: Option<f64>,
    /// How many reviewed assessments fall in each level band 1..=5.
    pub levels: [u64; 5],
}

fn state_of(m: &maturity_assessment::Model) -> MaturityState {
    MaturityState::from_code(&m.state).unwrap_or(MaturityState::Draft)
}

fn answers_of(m: &maturity_assessment::Model) -> Answers {
    serde_json::from_str(&m.answers).unwrap_or_default()
}

fn review_of(m: &maturity_assessment::Model) -> BTreeMap<String, u8> {
    serde_json::from_str(&m.review).unwrap_or_default()
}

fn this_year() -> i32 {
    chrono::Datelike::year(&anzhi_domain::time::today_china(crate::now()))
}

fn check_year(v: &mut Validator, year: i32) {
    let y = this_year();
    if year < y - 1 || year > y + 1 {
        v.error(
            "year",
            "out_of_range",
            format!("年度应在{}到{}之间", y - 1, y + 1),
        );
    }
}

impl Store {
    fn maturity_scope(scope: Scope) -> Result<sea_orm::Condition> {
        crate::training::enterprise_cond(
            scope,
            maturity_assessment::Column::EnterpriseId,
            maturity_assessment::Column::DistrictId,
            "成熟度评估",
        )
    }

    async fn maturity_views(
        &self,
        rows: Vec<maturity_assessment::Model>,
    ) -> Result<Vec<MaturityView>> {
        let mut ids: Vec<Uuid> = rows.iter().map(|r| r.enterprise_id).collect();
        ids.extend(rows.iter().filter_map(|r| r.district_id));
        let names = org_names(self.r(), ids).await?;
        let ent_ids: Vec<Uuid> = rows.iter().map(|r| r.enterprise_id).collect();
        let cats = crate::enterprises::category_names(self.r(), &ent_ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let state = state_of(&r);
                MaturityView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    district_name: r
                        .district_id
                        .and_then(|d| names.get(&d).cloned())
                        .unwrap_or_default(),
                    category_name: cats.get(&r.enterprise_id).cloned(),
                    enterprise_id: r.enterprise_id,
                    year: r.year,
                    pilot_group: r.pilot_group,
                    state,
                    state_label: state.label().into(),
                    self_level: r.self_level,
                    reviewed_level: r.reviewed_level,
                    submitted_at: r.submitted_at,
                    reviewed_at: r.reviewed_at,
                }
            })
            .collect())
    }

    pub async fn list_maturity(
        &self,
        scope: Scope,
        f: &MaturityFilter,
        page: &PageReq,
    ) -> Result<Page<MaturityView>> {
        use maturity_assessment::Column as M;
        let mut q = maturity_assessment::Entity::find().filter(Self::maturity_scope(scope)?);
        if let Some(y) = f.year {
            q = q.filter(M::Year.eq(y));
        }
        if let Some(d) = f.district_id {
            q = q.filter(M::DistrictId.eq(d));
        }
        if let Some(s) = f.state {
            q = q.filter(M::State.eq(s.code()));
        }
        if let Some(g) = f
            .pilot_group
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
        {
            q = q.filter(M::PilotGroup.eq(g));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(M::Year)
            .order_by_desc(M::UpdatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.maturity_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn maturity_row<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<maturity_assessment::Model> {
        maturity_assessment::Entity::find_by_id(id)
            .filter(Self::maturity_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn maturity(&self, scope: Scope, id: Uuid) -> Result<MaturityDetail> {
        let m = self.maturity_row(self.r(), scope, id).await?;
        let answers = answers_of(&m);
        let review = review_of(&m);
        let merged = rules::merge_review(&answers, &review);
        let reviewed = state_of(&m) == MaturityState::Reviewed;
        let own: Vec<DimensionScore> = rules::dimension_scores(&answers);
        let rev: Vec<DimensionScore> = rules::dimension_scores(&merged);
        let dimensions = own
            .into_iter()
            .zip(rev)
            .map(|(o, r)| DimensionLevels {
                key: o.key,
                label: o.label,
                own: o.level,
                reviewed: if reviewed { r.level } else { None },
            })
            .collect();
        let review_note = m.review_note.clone();
        let reviewer_name = m.reviewer_name.clone();
        let view = self.maturity_views(vec![m]).await?.remove(0);
        Ok(MaturityDetail {
            view,
            answers,
            review: review
                .into_iter()
                .map(|(k, level)| (k, ReviewedLevel { level }))
                .collect(),
            dimensions,
            review_note,
            reviewer_name,
        })
    }

    async fn insert_maturity<C: ConnectionTrait>(
        c: &C,
        enterprise_id: Uuid,
        district_id: Option<Uuid>,
        year: i32,
        group: Option<String>,
    ) -> Result<Uuid> {
        let now = crate::now();
        let id = Uuid::now_v7();
        maturity_assessment::ActiveModel {
            id: Set(id),
            enterprise_id: Set(enterprise_id),
            district_id: Set(district_id),
            year: Set(year),
            pilot_group: Set(group),
            state: Set(MaturityState::Draft.code().into()),
            answers: Set("{}".into()),
            review: Set("{}".into()),
            self_level: Set(None),
            reviewed_level: Set(None),
            review_note: Set(None),
            reviewer_name: Set(None),
            submitted_at: Set(None),
            reviewed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(c)
        .await?;
        Ok(id)
    }

    /// The own enterprise starts its questionnaire for a year (once).
    pub async fn start_maturity(&self, actor: &Actor, year: i32) -> Result<MaturityDetail> {
        let mut v = Validator::new();
        check_year(&mut v, year);
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let (own, district) = crate::training::own_enterprise(&txn, actor, "成熟度评估").await?;
        let dup = maturity_assessment::Entity::find()
            .filter(maturity_assessment::Column::EnterpriseId.eq(own))
            .filter(maturity_assessment::Column::Year.eq(year))
            .count(&txn)
            .await?;
        if dup > 0 {
            return Err(StoreError::Conflict(format!(
                "本企业{year}年度的成熟度评估已存在"
            )));
        }
        let id = Self::insert_maturity(&txn, own, Some(district), year, None).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("maturity.create")
                .object("maturity", id)
                .after(json!({"year": year})),
        )
        .await?;
        txn.commit().await?;
        self.maturity(actor.scope, id).await
    }

    /// Pilot enterprises (试点): a draft for each enterprise in reach without one that year.
    pub async fn maturity_pilots(&self, actor: &Actor, b: &PilotInput) -> Result<u64> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
            return Err(StoreError::Forbidden("试点由局科室或区商务局确定".into()));
        }
        let mut v = Validator::new();
        check_year(&mut v, b.year);
        let group = v.text("group", "试点批次", &b.group, 1, 50);
        if b.enterprise_ids.is_empty() {
            v.error("enterprise_ids", "required", "请选择试点企业");
        }
        let ents = org::Entity::find()
            .filter(org::Column::Id.is_in(b.enterprise_ids.clone()))
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .all(self.r())
            .await?;
        let reachable: Vec<&org::Model> = ents
            .iter()
            .filter(|o| actor.scope.sees_enterprise(o.id, o.parent_id))
            .collect();
        let mut wanted = b.enterprise_ids.clone();
        wanted.sort();
        wanted.dedup();
        if reachable.len() != wanted.len() {
            v.error(
                "enterprise_ids",
                "not_found",
                "所选企业中有不存在或不在本单位管辖范围内的企业",
            );
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let have: Vec<Uuid> = maturity_assessment::Entity::find()
            .select_only()
            .column(maturity_assessment::Column::EnterpriseId)
            .filter(maturity_assessment::Column::Year.eq(b.year))
            .filter(maturity_assessment::Column::EnterpriseId.is_in(wanted.clone()))
            .into_tuple()
            .all(&txn)
            .await?;
        let mut created = 0;
        for o in reachable {
            if have.contains(&o.id) {
                continue;
            }
            Self::insert_maturity(&txn, o.id, o.parent_id, b.year, Some(group.clone())).await?;
            Self::notify(
                &txn,
                o.id,
                "maturity",
                format!("【成熟度评估】贵单位列入{}年度试点（{group}）", b.year),
                "请填报企业安全生产成熟度评估问卷并提交区商务局审核。".into(),
                "/maturity",
            )
            .await?;
            created += 1;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("maturity.pilots")
                .after(json!({"year": b.year, "group": group, "created": created})),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// The enterprise saves its answers (partial answers are kept).
    pub async fn save_maturity(
        &self,
        actor: &Actor,
        id: Uuid,
        answers: &Answers,
    ) -> Result<MaturityDetail> {
        rules::check_answers(answers, false).map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let m = self.maturity_row(&txn, actor.scope, id).await?;
        if actor.scope != Scope::Enterprise(m.enterprise_id) {
            return Err(StoreError::Forbidden("问卷由企业填报".into()));
        }
        if maturity_next(state_of(&m), MaturityAction::Save).is_none() {
            return Err(StoreError::Conflict(format!(
                "评估{}，不能修改",
                state_of(&m).label()
            )));
        }
        let mut a: maturity_assessment::ActiveModel = m.into();
        a.answers = Set(json!(answers).to_string());
        a.self_level = Set(rules::overall_level(answers));
        a.updated_at = Set(crate::now());
        a.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("maturity.save").object("maturity", id),
        )
        .await?;
        txn.commit().await?;
        self.maturity(actor.scope, id).await
    }

    pub async fn submit_maturity(&self, actor: &Actor, id: Uuid) -> Result<MaturityDetail> {
        let txn = self.tx().await?;
        let m = self.maturity_row(&txn, actor.scope, id).await?;
        if actor.scope != Scope::Enterprise(m.enterprise_id) {
            return Err(StoreError::Forbidden("问卷由企业提交".into()));
        }
        let Some(to) = maturity_next(state_of(&m), MaturityAction::Submit) else {
            return Err(StoreError::Conflict(format!(
                "评估{}，不能提交",
                state_of(&m).label()
            )));
        };
        rules::check_answers(&answers_of(&m), true).map_err(StoreError::Invalid)?;
        let district = m.district_id;
        let mut a: maturity_assessment::ActiveModel = m.into();
        a.state = Set(to.code().into());
        a.submitted_at = Set(Some(crate::now()));
        a.updated_at = Set(crate::now());
        a.update(&txn).await?;
        if let Some(d) = district {
            Self::notify(
                &txn,
                d,
                "maturity",
                "【成熟度评估】有企业提交了评估问卷，请审核".into(),
                String::new(),
                &format!("/maturity/{id}"),
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("maturity.submit").object("maturity", id),
        )
        .await?;
        txn.commit().await?;
        self.maturity(actor.scope, id).await
    }

    pub async fn review_maturity(
        &self,
        actor: &Actor,
        id: Uuid,
        b: &MaturityReviewInput,
    ) -> Result<MaturityDetail> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
            return Err(StoreError::Forbidden("评估由区商务局或局科室审核".into()));
        }
        rules::check_review_levels(&b.levels).map_err(StoreError::Invalid)?;
        let note = b
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        if !b.approve && note.is_none() {
            return Err(StoreError::invalid(
                "note",
                "required",
                "退回时请填写审核意见",
            ));
        }
        if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
            return Err(StoreError::invalid(
                "note",
                "too_long",
                "审核意见不能超过1000个字",
            ));
        }
        let txn = self.tx().await?;
        let m = self.maturity_row(&txn, actor.scope, id).await?;
        let action = if b.approve {
            MaturityAction::Approve
        } else {
            MaturityAction::Return
        };
        let Some(to) = maturity_next(state_of(&m), action) else {
            return Err(StoreError::Conflict(format!(
                "评估{}，不能审核",
                state_of(&m).label()
            )));
        };
        let answers = answers_of(&m);
        let enterprise_id = m.enterprise_id;
        let now = crate::now();
        let mut a: maturity_assessment::ActiveModel = m.into();
        a.state = Set(to.code().into());
        a.review_note = Set(note.clone());
        a.reviewer_name = Set(Some(crate::campaigns::display_name(&txn, actor).await?));
        a.updated_at = Set(now);
        if b.approve {
            a.review = Set(json!(b.levels).to_string());
            a.reviewed_level = Set(rules::overall_level(&rules::merge_review(
                &answers, &b.levels,
            )));
            a.reviewed_at = Set(Some(now));
        }
        a.update(&txn).await?;
        Self::notify(
            &txn,
            enterprise_id,
            "maturity",
            format!("【成熟度评估】评估{}", to.label()),
            note.clone().unwrap_or_default(),
            &format!("/maturity/{id}"),
        )
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if b.approve {
                "maturity.approve"
            } else {
                "maturity.return"
            })
            .object("maturity", id)
            .after(json!({"note": note})),
        )
        .await?;
        txn.commit().await?;
        self.maturity(actor.scope, id).await
    }

    /// Results by district or by category (reviewed levels).
    pub async fn maturity_summary(
        &self,
        scope: Scope,
        year: i32,
        by_category: bool,
    ) -> Result<Vec<MaturitySummaryRow>> {
        let rows = maturity_assessment::Entity::find()
            .filter(Self::maturity_scope(scope)?)
            .filter(maturity_assessment::Column::Year.eq(year))
            .all(self.r())
            .await?;
        let cats: HashMap<Uuid, Option<Uuid>> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .column(enterprise::Column::CategoryId)
            .filter(
                enterprise::Column::OrgId
                    .is_in(rows.iter().map(|r| r.enterprise_id).collect::<Vec<_>>()),
            )
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        let key_of = |r: &maturity_assessment::Model| {
            if by_category {
                cats.get(&r.enterprise_id).copied().flatten()
            } else {
                r.district_id
            }
        };
        let mut groups: BTreeMap<Option<Uuid>, Vec<&maturity_assessment::Model>> = BTreeMap::new();
        for r in &rows {
            groups.entry(key_of(r)).or_default().push(r);
        }
        let labels: HashMap<Uuid, String> = if by_category {
            industry_category::Entity::find()
                .all(self.r())
                .await?
                .into_iter()
                .map(|k| (k.id, k.name))
                .collect()
        } else {
            org_names(self.r(), groups.keys().flatten().copied()).await?
        };
        let mut out: Vec<MaturitySummaryRow> = groups
            .into_iter()
            .map(|(key, rs)| {
                let reviewed: Vec<f64> = rs.iter().filter_map(|r| r.reviewed_level).collect();
                let mut levels = [0u64; 5];
                for l in &reviewed {
                    levels[usize::from(rules::level_band(*l) - 1)] += 1;
                }
                let avg = (!reviewed.is_empty()).then(|| {
                    (reviewed.iter().sum::<f64>() / reviewed.len() as f64 * 10.0).round() / 10.0
                });
                MaturitySummaryRow {
                    label: key
                        .and_then(|k| labels.get(&k).cloned())
                        .unwrap_or_else(|| "未分类".into()),
                    key,
                    total: rs.len() as u64,
                    reviewed: reviewed.len() as u64,
                    avg_level: avg,
                    levels,
                }
            })
            .collect();
        out.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(out)
    }
}
