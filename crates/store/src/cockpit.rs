//! The leaders' cockpit (领导驾驶舱): the whole campaign on one page, for the city or
//! one district. Every figure is computed with the same scope and filters as the list
//! it links to, so the numbers match. The monthly report reuses these figures.

use std::collections::{BTreeMap, HashMap};

use anzhi_domain::accountability::ReferralState;
use anzhi_domain::campaign::AssignmentState;
use anzhi_domain::hazard::CheckPeriod;
use anzhi_domain::hazard::Level;
use anzhi_domain::inspection::InspState;
use anzhi_domain::{OrgKind, Scope};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use crate::board::BoardFilter;
use crate::entity::{
    credit_score, enterprise, enterprise_risk, industry_category, inspection, org, referral,
    self_check,
};
use crate::hazard_stats::{StatsBy, StatsFilter};
use crate::{PageReq, Result, Store, StoreError, org_names};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthPoint {
    /// `YYYY-MM`
    pub month: String,
    pub accepted: u64,
    /// Cumulative share of assignments accepted by the end of the month, in %.
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignFigures {
    pub id: Uuid,
    pub title: String,
    pub tasks: u64,
    pub assignments: u64,
    pub accepted: u64,
    pub overdue: u64,
    pub returned: u64,
    /// accepted ÷ assignments in %, one decimal.
    pub completion_rate: f64,
    pub series: Vec<MonthPoint>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitOverdueFigure {
    pub org_id: Uuid,
    pub org_name: String,
    pub overdue: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardMonth {
    pub month: String,
    pub found: i64,
    pub closed: i64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct HazardFigures {
    pub found: i64,
    pub open: i64,
    pub overdue: i64,
    pub major_open: u64,
    /// 已销号 ÷ found, in %.
    pub closed_rate: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MajorOpen {
    pub id: Uuid,
    pub code: String,
    pub enterprise_name: String,
    pub deadline: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct RiskFigures {
    pub major: u64,
    pub large: u64,
    pub general: u64,
    pub low: u64,
    pub unassessed: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeatherFigure {
    pub id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub colour: String,
    pub colour_label: String,
    pub valid_to: DateTime<Utc>,
    pub acked: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct InspectionFigures {
    pub year_done: u64,
    pub month_done: u64,
    pub open: u64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct TrainingFigures {
    pub year: i32,
    pub people: u32,
    pub trained: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CreditFigures {
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
    pub unscored: u64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ReferralFigures {
    pub open: u64,
    pub concluded: u64,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SelfCheckFigures {
    pub period_label: String,
    pub due: u64,
    pub done: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cockpit {
    /// 全市 or the district's name.
    pub scope_label: String,
    pub district_id: Option<Uuid>,
    pub generated_at: DateTime<Utc>,
    pub today: NaiveDate,
    pub campaign: Option<CampaignFigures>,
    pub overdue_by_unit: Vec<UnitOverdueFigure>,
    pub hazards_by_month: Vec<HazardMonth>,
    pub hazards: HazardFigures,
    pub major_open: Vec<MajorOpen>,
    pub risk: RiskFigures,
    pub weather: Vec<WeatherFigure>,
    pub inspections: InspectionFigures,
    pub training: TrainingFigures,
    pub credit: CreditFigures,
    pub referrals: ReferralFigures,
    pub self_checks: SelfCheckFigures,
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

pub(crate) fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The scope the figures are computed in: a bureau user looking at one district sees
/// what that district's staff see; a district user always its own.
pub(crate) fn narrow(scope: Scope, district_id: Option<Uuid>) -> Result<Scope> {
    match (scope, district_id) {
        (Scope::Leader(_) | Scope::Section(_) | Scope::Internal, Some(d)) => Ok(Scope::District(d)),
        (Scope::Leader(_) | Scope::Section(_) | Scope::Internal, None) => Ok(scope),
        (Scope::District(d), _) => Ok(Scope::District(d)),
        _ => Err(StoreError::Forbidden("无权查看领导驾驶舱".into())),
    }
}

impl Store {
    /// The latest campaign the scope sees (by year, then creation).
    pub(crate) async fn latest_campaign(&self, scope: Scope) -> Result<Option<Uuid>> {
        let page = self
            .list_campaigns(scope, None, None, &PageReq::all(None, 50))
            .await?;
        Ok(page
            .items
            .into_iter()
            .max_by_key(|c| (c.year, c.created_at))
            .map(|c| c.id))
    }

    /// The campaign's figures from its running tallies: overdue per unit of the bureau and
    /// per district for the enterprises (辖区企业), completion by month of acceptance.
    pub(crate) async fn campaign_figures(
        &self,
        scope: Scope,
        campaign_id: Uuid,
    ) -> Result<(CampaignFigures, Vec<UnitOverdueFigure>)> {
        let board = self
            .campaign_board(scope, campaign_id, &BoardFilter::default())
            .await?;
        let s = &board.summary;
        let mut by_unit: Vec<UnitOverdueFigure> = board
            .units
            .iter()
            .filter(|u| u.overdue > 0)
            .map(|u| UnitOverdueFigure {
                org_id: u.id,
                org_name: u.name.clone(),
                overdue: u.overdue as u64,
            })
            .chain(
                board
                    .groups
                    .iter()
                    .filter(|g| g.overdue > 0)
                    .map(|g| UnitOverdueFigure {
                        org_id: g.district_id.unwrap_or_else(Uuid::nil),
                        org_name: match g.district_id {
                            Some(_) => format!("{}辖区企业", g.name.trim_end_matches("商务局")),
                            None => "未划分辖区的企业".into(),
                        },
                        overdue: g.overdue,
                    }),
            )
            .collect();
        by_unit.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.org_name.cmp(&b.org_name)));
        // Completion over time: the month of each acceptance, from the same tallies.
        let visible: std::collections::HashSet<Uuid> = board.tasks.iter().map(|t| t.id).collect();
        let mut per_month: BTreeMap<String, u64> = BTreeMap::new();
        for r in self.tally_rows(scope, campaign_id).await? {
            if r.state == AssignmentState::Completed
                && !r.accepted_month.is_empty()
                && visible.contains(&r.task_id)
            {
                *per_month.entry(r.accepted_month).or_default() += r.n;
            }
        }
        let mut cum = 0;
        let series = per_month
            .into_iter()
            .map(|(month, n)| {
                cum += n;
                MonthPoint {
                    month,
                    accepted: n,
                    rate: pct(cum, s.assignments),
                }
            })
            .collect();
        Ok((
            CampaignFigures {
                id: board.campaign.id,
                title: board.campaign.title.clone(),
                tasks: board.tasks.len() as u64,
                assignments: s.assignments,
                accepted: s.completed,
                overdue: s.overdue,
                returned: s.returned,
                completion_rate: pct(s.completed, s.assignments),
                series,
            },
            by_unit,
        ))
    }

    /// 重大隐患 not yet closed, the most urgent first: the list the tile opens
    /// (`level=major&state=open`, by deadline), with its count.
    pub(crate) async fn major_open(
        &self,
        scope: Scope,
        limit: u64,
    ) -> Result<(u64, Vec<MajorOpen>)> {
        let page = self
            .list_hazards(
                scope,
                &crate::hazards::HazardFilter {
                    level: Some(Level::Major),
                    open: true,
                    ..Default::default()
                },
                &PageReq::new(Some(1), Some(limit), Some("deadline".into())),
            )
            .await?;
        Ok((
            page.total,
            page.items
                .into_iter()
                .map(|h| MajorOpen {
                    id: h.id,
                    code: h.code,
                    enterprise_name: h.enterprise_name,
                    overdue: h.overdue,
                    deadline: h.deadline,
                })
                .collect(),
        ))
    }

    pub(crate) async fn inspection_figures(
        &self,
        scope: Scope,
        today: NaiveDate,
    ) -> Result<InspectionFigures> {
        let cond = crate::inspections::inspection_scope(scope)?;
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let month_start = today.with_day(1).unwrap_or(today);
        let utc = |d: NaiveDate| anzhi_domain::time::china_day_start(d);
        let done = inspection::Entity::find()
            .filter(cond.clone())
            .filter(inspection::Column::State.eq(InspState::Completed.code()));
        Ok(InspectionFigures {
            year_done: done
                .clone()
                .filter(inspection::Column::FinishedAt.gte(utc(year_start)))
                .count(self.r())
                .await?,
            month_done: done
                .filter(inspection::Column::FinishedAt.gte(utc(month_start)))
                .count(self.r())
                .await?,
            open: inspection::Entity::find()
                .filter(cond)
                .filter(inspection::Column::State.is_in([
                    InspState::InProgress.code(),
                    InspState::AwaitingConfirmation.code(),
                ]))
                .count(self.r())
                .await?,
        })
    }

    pub(crate) async fn credit_figures(&self, scope: Scope) -> Result<CreditFigures> {
        let mut f = CreditFigures::default();
        let mut q = credit_score::Entity::find()
            .select_only()
            .column(credit_score::Column::Grade)
            .column_as(credit_score::Column::EnterpriseId.count(), "n")
            .group_by(credit_score::Column::Grade);
        if let Scope::District(d) = scope {
            q = q.filter(credit_score::Column::DistrictId.eq(d));
        }
        let rows: Vec<(String, i64)> = q.into_tuple().all(self.r()).await?;
        let mut scored = 0;
        for (g, n) in rows {
            let n = n.max(0) as u64;
            scored += n;
            match g.as_str() {
                "A" => f.a += n,
                "B" => f.b += n,
                "C" => f.c += n,
                _ => f.d += n,
            }
        }
        f.unscored = self.enterprise_count(scope).await?.saturating_sub(scored);
        Ok(f)
    }

    pub(crate) async fn referral_figures(&self, scope: Scope) -> Result<ReferralFigures> {
        let cond = match scope {
            Scope::District(d) => Condition::all().add(referral::Column::DistrictId.eq(d)),
            _ => Condition::all(),
        };
        let open = referral::Entity::find()
            .filter(cond.clone())
            .filter(referral::Column::State.is_in([
                ReferralState::Sent.code(),
                ReferralState::Received.code(),
                ReferralState::Acting.code(),
            ]))
            .count(self.r())
            .await?;
        let concluded = referral::Entity::find()
            .filter(cond)
            .filter(referral::Column::State.eq(ReferralState::Concluded.code()))
            .count(self.r())
            .await?;
        Ok(ReferralFigures { open, concluded })
    }

    /// Enterprises in reach (the view's district, else the city).
    async fn enterprise_count(&self, view: Scope) -> Result<u64> {
        let mut q = org::Entity::find().filter(org::Column::Kind.eq(OrgKind::Enterprise.code()));
        if let Scope::District(d) = view {
            q = q.filter(org::Column::ParentId.eq(d));
        }
        Ok(q.count(self.r()).await?)
    }

    /// Enterprises by risk level, counted in the database; 未评估 = the rest.
    pub(crate) async fn risk_figures(&self, view: Scope) -> Result<RiskFigures> {
        let mut q = enterprise_risk::Entity::find()
            .select_only()
            .column(enterprise_risk::Column::Grade)
            .column_as(enterprise_risk::Column::EnterpriseId.count(), "n")
            .filter(enterprise_risk::Column::Grade.is_not_null())
            .group_by(enterprise_risk::Column::Grade);
        if let Scope::District(d) = view {
            q = q.filter(enterprise_risk::Column::DistrictId.eq(d));
        }
        let rows: Vec<(Option<String>, i64)> = q.into_tuple().all(self.r()).await?;
        let mut f = RiskFigures::default();
        let mut assessed = 0;
        for (g, n) in rows {
            let n = n.max(0) as u64;
            assessed += n;
            match g.as_deref() {
                Some("major") => f.major += n,
                Some("large") => f.large += n,
                Some("general") => f.general += n,
                _ => f.low += n,
            }
        }
        f.unassessed = self.enterprise_count(view).await?.saturating_sub(assessed);
        Ok(f)
    }

    /// Enterprises in operation due to self-check in their current period, and how many
    /// did: counted per check period in the database (the same rule as the status list).
    pub(crate) async fn self_check_figures(
        &self,
        view: Scope,
        today: NaiveDate,
    ) -> Result<SelfCheckFigures> {
        let periods: HashMap<Uuid, CheckPeriod> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.id, crate::enterprises::check_period(&c.self_check_period)))
            .collect();
        let in_view = |q: sea_orm::Select<enterprise::Entity>| match view {
            Scope::District(d) => q.filter(
                enterprise::Column::OrgId.in_subquery(
                    Query::select()
                        .column(org::Column::Id)
                        .from(org::Entity)
                        .and_where(org::Column::ParentId.eq(d))
                        .to_owned(),
                ),
            ),
            _ => q,
        };
        let by_category: Vec<(Option<Uuid>, i64)> = in_view(
            enterprise::Entity::find()
                .select_only()
                .column(enterprise::Column::CategoryId)
                .column_as(enterprise::Column::OrgId.count(), "n")
                .filter(enterprise::Column::Status.eq("operating"))
                .group_by(enterprise::Column::CategoryId),
        )
        .into_tuple()
        .all(self.r())
        .await?;
        // Categories per period (no or unknown category: monthly, as the list says).
        let mut due: HashMap<CheckPeriod, (u64, Vec<Uuid>, bool)> = HashMap::new();
        for (k, n) in by_category {
            let p = k
                .and_then(|k| periods.get(&k).copied())
                .unwrap_or(CheckPeriod::Monthly);
            if p == CheckPeriod::None {
                continue;
            }
            let e = due.entry(p).or_default();
            e.0 += n.max(0) as u64;
            match k.filter(|k| periods.contains_key(k)) {
                Some(k) => e.1.push(k),
                None => e.2 = true,
            }
        }
        let mut f = SelfCheckFigures::default();
        let mut label_weight = 0;
        for (p, (n, cats, uncategorised)) in due {
            let Some((from, to, label)) = p.period_of(today) else {
                continue;
            };
            let mut cat_cond = Condition::any().add(enterprise::Column::CategoryId.is_in(cats));
            if uncategorised {
                cat_cond = cat_cond.add(enterprise::Column::CategoryId.is_null()).add(
                    enterprise::Column::CategoryId
                        .is_not_in(periods.keys().copied().collect::<Vec<_>>()),
                );
            }
            // Driven by the period's self-checks (an index range), joined to their
            // enterprises for status, category and district.
            let mut q = self_check::Entity::find()
                .select_only()
                .column_as(Expr::cust("COUNT(DISTINCT self_checks.enterprise_id)"), "n")
                .join(
                    sea_orm::JoinType::InnerJoin,
                    self_check::Entity::belongs_to(enterprise::Entity)
                        .from(self_check::Column::EnterpriseId)
                        .to(enterprise::Column::OrgId)
                        .into(),
                )
                .filter(self_check::Column::CheckedOn.between(from, to))
                .filter(enterprise::Column::Status.eq("operating"))
                .filter(cat_cond);
            if let Scope::District(d) = view {
                q = q.filter(self_check::Column::DistrictId.eq(d));
            }
            let done: Option<i64> = q.into_tuple().one(self.r()).await?;
            f.due += n;
            f.done += done.unwrap_or(0).max(0) as u64;
            if n > label_weight {
                label_weight = n;
                f.period_label = label;
            }
        }
        Ok(f)
    }

    pub async fn cockpit(
        &self,
        scope: Scope,
        district_id: Option<Uuid>,
        campaign_id: Option<Uuid>,
    ) -> Result<Cockpit> {
        let view = narrow(scope, district_id)?;
        let district = match view {
            Scope::District(d) => Some(d),
            _ => None,
        };
        if let Some(d) = district {
            let ok = org::Entity::find_by_id(d)
                .one(self.r())
                .await?
                .is_some_and(|o| o.kind == anzhi_domain::OrgKind::District.code());
            if !ok {
                return Err(StoreError::invalid(
                    "district_id",
                    "not_found",
                    "区商务局不存在",
                ));
            }
        }
        let scope_label = match district {
            Some(d) => org_names(self.r(), [d])
                .await?
                .remove(&d)
                .map(|n| n.trim_end_matches("商务局").to_string())
                .unwrap_or_default(),
            None => "全市".into(),
        };
        let now = crate::now();
        let today = anzhi_domain::time::today_china(now);
        // A campaign the view cannot see answers 404 from the board.
        let campaign_id = match campaign_id {
            Some(c) => Some(c),
            None => self.latest_campaign(view).await?,
        };
        let (campaign, overdue_by_unit) = match campaign_id {
            Some(c) => {
                let (f, u) = self.campaign_figures(view, c).await?;
                (Some(f), u)
            }
            None => (None, Vec::new()),
        };
        let from = today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(11)))
            .unwrap_or(today);
        let by_month = self
            .hazard_stats(
                view,
                StatsBy::Month,
                &StatsFilter {
                    district_id: None,
                    from: Some(month_key(from)),
                    to: Some(month_key(today)),
                    skip_overdue: true,
                },
            )
            .await?;
        let mut hazards_by_month: Vec<HazardMonth> = Vec::new();
        let mut m = from;
        while m <= today {
            let key = month_key(m);
            let row = by_month.rows.iter().find(|r| r.key == key);
            hazards_by_month.push(HazardMonth {
                found: row.map(|r| r.found).unwrap_or(0),
                closed: row.map(|r| r.closed).unwrap_or(0),
                month: key,
            });
            m = match m.checked_add_months(Months::new(1)) {
                Some(n) => n,
                None => break,
            };
        }
        let all = self
            .hazard_stats(view, StatsBy::Level, &StatsFilter::default())
            .await?;
        let (major_count, major_open) = self.major_open(view, 10).await?;
        let hazards = HazardFigures {
            found: all.total.found,
            open: all.total.open,
            overdue: all.total.overdue,
            major_open: major_count,
            closed_rate: all.total.rate,
        };
        let risk = self.risk_figures(view).await?;
        let weather = self
            .list_warnings(view, true, &PageReq::all(None, 20))
            .await?
            .items
            .into_iter()
            .map(|w| WeatherFigure {
                id: w.id,
                title: w.title,
                kind_label: w.kind_label,
                colour: w.colour,
                colour_label: w.colour_label,
                valid_to: w.valid_to,
                acked: w.counts.acknowledged + w.counts.reported,
                total: w.counts.total,
            })
            .collect();
        let inspections = self.inspection_figures(view, today).await?;
        let cov = self.coverage_summary(view, today.year()).await?;
        let training = TrainingFigures {
            year: today.year(),
            people: cov.total.employees,
            trained: cov.total.trained,
            rate: pct(cov.total.trained as u64, cov.total.employees as u64),
        };
        let credit = self.credit_figures(view).await?;
        let referrals = self.referral_figures(view).await?;
        let self_checks = self.self_check_figures(view, today).await?;
        Ok(Cockpit {
            scope_label,
            district_id: district,
            generated_at: now,
            today,
            campaign,
            overdue_by_unit,
            hazards_by_month,
            hazards,
            major_open,
            risk,
            weather,
            inspections,
            training,
            credit,
            referrals,
            self_checks,
        })
    }
}
