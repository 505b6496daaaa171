//! Realistic, reproducible bulk data for benchmarks and `anzhi bench-data`:
//! enterprises spread over the districts and industry categories with valid credit
//! codes, hazards over three years with realistic sources, levels, states,
//! deadlines, overdue shares and closing times, a campaign from a plan with progress,
//! risk points and enterprise levels, inspections, and audit records. Written in large batches straight
//! to the tables, with the same derived data the normal writes keep (name bigrams,
//! hazard numbers, running totals), so every query sees what it would in production.

use std::collections::{HashMap, HashSet};

use anzhi_domain::campaign::{AssignmentAction, AssignmentState, TaskStatus};
use anzhi_domain::hazard::{Level, Source, State};
use anzhi_domain::inspection::{AnswerInput, AnswerKind, AnswerValue, InspState, Template};
use anzhi_domain::risk::{
    ACCIDENT_TYPES, AssessmentInput, ControlTier, LEC_C, LEC_E, LEC_L, LS_L, LS_S, MeasureKind,
    Method, PointKind, default_reassess,
};
use anzhi_domain::{GroupRule, OrgKind, Role, Scope};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::campaigns::{NewCampaign, UnitEntry};
use crate::entity::{
    assignment, assignment_event, audit_head, audit_log, campaign, campaign_draft,
    checklist_template, checklist_template_version, counter, enterprise, hazard, hazard_category,
    industry_category, inspection, org, org_group, org_group_member, risk_point, task, task_lead,
    user,
};
use crate::{Actor, Result, Store, StoreError};

/// A small, fast, reproducible generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// true with probability `p` percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const PLACES: [&str; 24] = [
    "椰城",
    "南海",
    "琼州",
    "滨海",
    "万绿",
    "海甸",
    "白沙",
    "龙昆",
    "金盘",
    "国兴",
    "府城",
    "长流",
    "西秀",
    "东山",
    "红旗",
    "三江",
    "灵山",
    "演丰",
    "新埠",
    "大致坡",
    "永兴",
    "石山",
    "遵谭",
    "龙塘",
];
const WORDS: [&str; 16] = [
    "鑫源", "华联", "惠民", "佳乐", "恒信", "万家", "福润", "宏达", "金海", "益民", "嘉禾", "新宇",
    "瑞丰", "和顺", "椰风", "海韵",
];
const KINDS: [(&str, &str); 8] = [
    ("购物广场有限公司", "大型商业综合体/商场"),
    ("超市有限公司", "超市"),
    ("农贸市场管理有限公司", "农贸市场"),
    ("餐饮管理有限公司", "餐饮"),
    ("石油销售有限公司", "成品油零售"),
    ("酒店管理有限公司", "住宿"),
    ("批发市场有限公司", "批发市场"),
    ("汽车销售服务有限公司", "汽车销售"),
];
const FINDINGS: [&str; 12] = [
    "疏散通道堆放杂物",
    "安全出口指示灯不亮",
    "灭火器压力不足或过期",
    "配电箱前堆放货物",
    "电气线路私拉乱接",
    "燃气报警装置未正常工作",
    "消防栓被遮挡",
    "应急照明灯损坏",
    "员工未经安全培训上岗",
    "货架超高堆放存在倒塌风险",
    "厨房排油烟管道未定期清洗",
    "防火门处于常开状态且闭门器损坏",
];

fn credit_code(serial: u64) -> String {
    let head = format!("9146019{}MA{:07}", serial % 10, serial % 10_000_000);
    let c = anzhi_domain::validate::credit_code_check_char(&head).unwrap_or('0');
    format!("{head}{c}")
}

impl Store {
    /// Adds `n` enterprises (in operation) under the district bureaus; returns
    /// (enterprise, district) of every enterprise now registered.
    pub async fn bench_fill_enterprises(&self, n: u64, seed: u64) -> Result<Vec<(Uuid, Uuid)>> {
        let mut rng = Rng::new(seed);
        let districts: Vec<(Uuid, String)> = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::District.code()))
            .all(self.r())
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let categories: HashMap<String, Uuid> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.name, c.id))
            .collect();
        let now = crate::now();
        let mut done = 0;
        while done < n {
            let batch = (n - done).min(5_000);
            let txn = self.tx().await?;
            let mut orgs = Vec::with_capacity(batch as usize);
            let mut rows = Vec::with_capacity(batch as usize);
            let mut names = Vec::with_capacity(batch as usize);
            for i in 0..batch {
                let serial = 700_000 + done + i;
                let (d, dname) = rng.pick(&districts).clone();
                let (kind, cat) = *rng.pick(&KINDS);
                let short = dname.trim_end_matches("商务局");
                let name = format!(
                    "海口{}{}{}{}（{}）",
                    rng.pick(&PLACES),
                    rng.pick(&WORDS),
                    kind,
                    serial,
                    short
                );
                let id = Uuid::now_v7();
                orgs.push(org::ActiveModel {
                    id: Set(id),
                    name: Set(name.clone()),
                    kind: Set(OrgKind::Enterprise.code().into()),
                    parent_id: Set(Some(d)),
                    code: Set(Some(credit_code(serial))),
                    sort_order: Set(0),
                    created_at: Set(now - Duration::days(1200)),
                    updated_at: Set(now),
                });
                rows.push(enterprise::ActiveModel {
                    org_id: Set(id),
                    category_id: Set(categories.get(cat).copied()),
                    is_key: Set(rng.percent(10)),
                    address: Set(Some(format!(
                        "海口市{}路{}号",
                        rng.pick(&PLACES),
                        serial % 500
                    ))),
                    longitude: Set(None),
                    latitude: Set(None),
                    legal_rep: Set(Some(format!("法人{}", serial % 97))),
                    principal: Set(Some(format!("负责人{}", serial % 89))),
                    principal_phone: Set(None),
                    principal_phone_masked: Set(None),
                    safety_manager: Set(Some(format!("安全员{}", serial % 83))),
                    safety_manager_phone: Set(None),
                    safety_manager_phone_masked: Set(None),
                    employees: Set(Some(10 + (serial % 300) as i64)),
                    floor_area: Set(Some(200.0 + (serial % 9000) as f64)),
                    status: Set("operating".into()),
                    profile_score: Set(0),
                    updated_at: Set(now),
                });
                names.push((id, name));
            }
            for chunk in orgs.chunks(1_000) {
                org::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            for chunk in rows.chunks(1_000) {
                enterprise::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            crate::enterprises::insert_grams(&txn, &names).await?;
            txn.commit().await?;
            done += batch;
        }
        Ok(org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .all(self.r())
            .await?
            .into_iter()
            .filter_map(|o| o.parent_id.map(|d| (o.id, d)))
            .collect())
    }

    /// Adds `n` hazards of these enterprises found over the three years before
    /// `today`: mostly closed, a few percent open and overdue, recent ones in every
    /// state; numbers, running totals and counters kept as the normal writes keep them.
    pub async fn bench_fill_hazards(
        &self,
        enterprises: &[(Uuid, Uuid)],
        n: u64,
        seed: u64,
        today: NaiveDate,
    ) -> Result<u64> {
        // A bulk load: the secondary indexes are dropped and built again at the end
        // (one sorted build each instead of a million scattered inserts).
        let suspended = self.suspend_indexes("hazards").await?;
        let mut rng = Rng::new(seed);
        let categories: Vec<Uuid> = hazard_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let sources: [(Source, u64); 6] = [
            (Source::SelfCheck, 45),
            (Source::DistrictCheck, 30),
            (Source::BureauSupervision, 8),
            (Source::SpecialCheck, 10),
            (Source::PublicReport, 4),
            (Source::Other, 3),
        ];
        let mut numbers: HashMap<i32, i64> = HashMap::new();
        for c in counter::Entity::find().all(self.r()).await? {
            if let Some(y) = c.name.strip_prefix("hazard:").and_then(|y| y.parse().ok()) {
                numbers.insert(y, c.value);
            }
        }
        type Key = (Uuid, String, Uuid, &'static str, &'static str);
        let mut tally: HashMap<Key, [i64; 4]> = HashMap::new();
        let now = crate::now();
        let author = Uuid::nil();
        let mut done = 0;
        while done < n {
            let batch = (n - done).min(20_000);
            let txn = self.tx().await?;
            let mut rows = Vec::with_capacity(batch as usize);
            for _ in 0..batch {
                let (e, d) = *rng.pick(enterprises);
                let k = *rng.pick(&categories);
                let mut roll = rng.below(100);
                let source = sources
                    .iter()
                    .find(|(_, w)| {
                        if roll < *w {
                            true
                        } else {
                            roll -= w;
                            false
                        }
                    })
                    .map(|(s, _)| *s)
                    .unwrap_or(Source::Other);
                let level = if rng.percent(3) {
                    Level::Major
                } else {
                    Level::General
                };
                let age = rng.below(3 * 365) as i64;
                let found_on = today - Duration::days(age);
                let deadline = found_on
                    + Duration::days(match level {
                        Level::General => 30,
                        Level::Major => 15,
                    });
                let on_spot =
                    level == Level::General && source == Source::SelfCheck && rng.percent(40);
                let state = if on_spot {
                    State::Closed
                } else if age > 60 {
                    match rng.below(100) {
                        0..=96 => State::Closed,
                        97 => State::Verifying,
                        98 => State::Rectifying,
                        _ => State::Pending,
                    }
                } else {
                    match rng.below(100) {
                        0..=44 => State::Closed,
                        45..=59 => State::Verifying,
                        60..=84 => State::Rectifying,
                        _ => State::Pending,
                    }
                };
                let closed_on = (state == State::Closed).then(|| {
                    if on_spot {
                        found_on
                    } else {
                        (found_on + Duration::days(1 + rng.below(45) as i64)).min(today)
                    }
                });
                let year = chrono::Datelike::year(&found_on);
                let seq = numbers.entry(year).or_insert(0);
                *seq += 1;
                let supervised = level == Level::Major;
                let t = tally
                    .entry((
                        d,
                        found_on.format("%Y-%m").to_string(),
                        k,
                        level.code(),
                        source.code(),
                    ))
                    .or_insert([0; 4]);
                t[0] += 1;
                if let Some(c) = closed_on {
                    t[1] += 1;
                    t[2] += (c - found_on).num_days();
                }
                t[3] += i64::from(on_spot);
                let at = anzhi_domain::time::china_day_start(found_on) + Duration::hours(9);
                rows.push(hazard::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    code: Set(format!("YH{year}{seq:06}")),
                    enterprise_id: Set(e),
                    district_id: Set(d),
                    source: Set(source.code().into()),
                    category_id: Set(k),
                    level: Set(level.code().into()),
                    state: Set(state.code().into()),
                    description: Set(format!(
                        "{}（{}号区域）",
                        rng.pick(&FINDINGS),
                        rng.below(30) + 1
                    )),
                    location: Set(Some(format!("{}楼", rng.below(6) + 1))),
                    found_on: Set(found_on),
                    found_by: Set(Some("检查人员".into())),
                    measures: Set(Some("立即整改，落实责任人".into())),
                    responsible: Set(Some(format!("责任人{}", rng.below(50)))),
                    deadline: Set(if on_spot { found_on } else { deadline }),
                    funds: Set(None),
                    fixed_on_spot: Set(on_spot),
                    self_check_id: Set(None),
                    supervision_kind: Set(supervised.then(|| "district".to_string())),
                    supervision_org_id: Set(supervised.then_some(d)),
                    supervised_by_name: Set(supervised.then(|| "区局督办人".to_string())),
                    supervised_at: Set(supervised.then_some(at)),
                    supervision_deadline: Set(supervised.then_some(deadline)),
                    supervision_note: Set(None),
                    plan: Set(None),
                    plan_at: Set(None),
                    rectified_note: Set(closed_on.map(|_| "已按要求整改".to_string())),
                    funds_spent: Set(None),
                    submitted_at: Set(closed_on.map(|_| at)),
                    verified_by_name: Set(closed_on.map(|_| "验收人".to_string())),
                    verified_by_org: Set(closed_on.map(|_| d)),
                    closed_at: Set(closed_on.map(anzhi_domain::time::china_day_start)),
                    closed_on: Set(closed_on),
                    returns: Set(0),
                    created_by: Set(author),
                    created_by_name: Set("演示数据".into()),
                    created_by_org: Set(Some(d)),
                    created_at: Set(at),
                    updated_at: Set(now),
                    inspection_id: Set(None),
                    inspection_item: Set(None),
                });
            }
            for chunk in rows.chunks(500) {
                hazard::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            done += batch;
        }
        let txn = self.tx().await?;
        for ((d, month, k, level, source), [found, closed, days, spot]) in tally {
            let first =
                NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or(today);
            crate::hazards::tally(&txn, d, first, k, level, source, found, closed, days, spot)
                .await?;
        }
        for (year, value) in numbers {
            let name = format!("hazard:{year}");
            counter::Entity::delete_by_id(name.clone())
                .exec(&txn)
                .await?;
            counter::Entity::insert(counter::ActiveModel {
                name: Set(name),
                value: Set(value),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        self.restore_indexes(suspended).await?;
        Ok(n)
    }

    /// Drops the non-unique secondary indexes of a table, returning the statements
    /// that create them again.
    async fn suspend_indexes(&self, table: &str) -> Result<Vec<(String, String)>> {
        use sea_orm::{ConnectionTrait, Statement};
        let c = self.raw_write_connection();
        let backend = c.get_database_backend();
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => format!(
                "SELECT indexname AS name, indexdef AS sql FROM pg_indexes \
                 WHERE schemaname = current_schema() AND tablename = '{table}' \
                 AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            ),
            _ => format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
                 AND tbl_name = '{table}' AND sql IS NOT NULL \
                 AND sql NOT LIKE 'CREATE UNIQUE%'"
            ),
        };
        let mut out = Vec::new();
        for row in c
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let name: String = row.try_get("", "name")?;
            let create: String = row.try_get("", "sql")?;
            out.push((name, create));
        }
        for (name, _) in &out {
            c.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(out)
    }

    async fn restore_indexes(&self, indexes: Vec<(String, String)>) -> Result<()> {
        use sea_orm::ConnectionTrait;
        let c = self.raw_write_connection();
        for (_, create) in indexes {
            c.execute_unprepared(&create).await?;
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ campaign

/// One assignment as generated: its row and the events of its timeline.
type Generated = (assignment::ActiveModel, Vec<assignment_event::ActiveModel>);

/// Who acts for a unit in the generated timelines: (user id, display name).
type Voice = (Option<Uuid>, String);

const REPORTS: [&str; 6] = [
    "已组织员工集中学习，正在逐项落实",
    "已制定工作计划并明确责任人，正在推进",
    "已完成自查，发现的问题正在整改",
    "已召开专题会议部署，完成部分工作",
    "已开展培训和宣传，资料正在整理",
    "已对照任务清单完成过半",
];
const SUBMITS: [&str; 4] = [
    "已按要求完成，相关台账和照片已整理报送",
    "任务已全部落实，报送完成情况说明",
    "已完成整改和学习，报送工作总结",
    "已完成，附会议记录和培训签到表",
];
const RETURNS: [&str; 3] = [
    "佐证材料不全，请补充培训签到表",
    "完成情况说明过于简略，请补充具体措施",
    "未附现场照片，请补充后重新报送",
];

fn china_time(day: NaiveDate, rng: &mut Rng) -> DateTime<Utc> {
    anzhi_domain::time::china_day_start(day) + Duration::minutes(9 * 60 + rng.below(9 * 60) as i64)
}

/// A day in `from..=to` (or `from` when the range is empty).
fn day_in(from: NaiveDate, to: NaiveDate, rng: &mut Rng) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        from
    } else {
        from + Duration::days(rng.below(span as u64 + 1) as i64)
    }
}

impl Store {
    /// A demo account as an actor (the way the server builds one for a session).
    pub async fn bench_actor(&self, username: &str) -> Result<Actor> {
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let role = Role::from_code(&u.role).ok_or(StoreError::NotFound)?;
        Ok(Actor {
            scope: Scope::for_user(role, u.org_id),
            user_id: Some(u.id),
            username: u.username,
            role: Some(role),
            ip: Some("10.46.1.23".into()),
        })
    }

    /// Unit ids of one entry, as `create_campaign` expands it for a bureau section.
    async fn bench_expand(&self, e: &UnitEntry) -> Result<Vec<Uuid>> {
        let Some(gid) = e.group_id else {
            return Ok(e.unit_ids.clone());
        };
        let g = org_group::Entity::find_by_id(gid)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let rule = GroupRule::from_code(&g.rule).unwrap_or(GroupRule::Explicit);
        Ok(match rule.kind() {
            Some(kind) => {
                org::Entity::find()
                    .select_only()
                    .column(org::Column::Id)
                    .filter(org::Column::Kind.eq(kind.code()))
                    .into_tuple()
                    .all(self.r())
                    .await?
            }
            None => org_group_member::Entity::find()
                .filter(org_group_member::Column::GroupId.eq(gid))
                .all(self.r())
                .await?
                .into_iter()
                .map(|m| m.org_id)
                .collect(),
        })
    }

    /// Creates the campaign of a confirmed plan the way `create_campaign` does (the same
    /// campaign, task, lead and assignment rows, the draft consumed, the audit record),
    /// written in batches, and gives the assignments realistic progress as of `today`:
    /// reports, submissions, acceptances and returns with timestamps inside the windows,
    /// the tasks rolled up from them. Answers (campaign id, assignments).
    pub async fn bench_fill_campaign(
        &self,
        actor: &Actor,
        input: &NewCampaign,
        seed: u64,
        today: NaiveDate,
    ) -> Result<(Uuid, u64)> {
        let (Scope::Section(owner), Some(user_id)) = (actor.scope, actor.user_id) else {
            return Err(StoreError::Forbidden(
                "只有局科室人员可以导入工作方案".into(),
            ));
        };
        let mut rng = Rng::new(seed);
        let draft = campaign_draft::Entity::find_by_id(input.draft_id)
            .filter(campaign_draft::Column::CreatedBy.eq(user_id))
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let me = user::Entity::find_by_id(user_id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        // Names and districts of every unit, and who speaks for the units with accounts.
        let mut orgs: HashMap<Uuid, (String, Option<Uuid>)> = HashMap::new();
        let mut kinds: HashMap<Uuid, String> = HashMap::new();
        for o in org::Entity::find().all(self.r()).await? {
            kinds.insert(o.id, o.kind.clone());
            let d = match OrgKind::from_code(&o.kind) {
                Some(OrgKind::District) => Some(o.id),
                Some(OrgKind::Enterprise) => o.parent_id,
                _ => None,
            };
            orgs.insert(o.id, (o.name, d));
        }
        let mut voices: HashMap<Uuid, Voice> = HashMap::new();
        for u in user::Entity::find().all(self.r()).await? {
            if matches!(
                Role::from_code(&u.role),
                Some(Role::SectionStaff | Role::DistrictStaff | Role::EnterpriseUser)
            ) {
                voices
                    .entry(u.org_id)
                    .or_insert((Some(u.id), u.display_name));
            }
        }
        let created = (china_time(
            NaiveDate::from_ymd_opt(input.year, 1, 8).unwrap_or(today),
            &mut rng,
        ))
        .min(crate::now());
        let id = Uuid::now_v7();
        let suspended = [
            self.suspend_indexes("assignments").await?,
            self.suspend_indexes("assignment_events").await?,
        ];
        let txn = self.tx().await?;
        campaign::ActiveModel {
            id: Set(id),
            title: Set(input.title.trim().to_string()),
            year: Set(input.year),
            owner_org_id: Set(owner),
            source_name: Set(draft.source_name.clone()),
            source: Set(draft.content.clone()),
            created_by: Set(user_id),
            created_by_name: Set(me.display_name.clone()),
            created_at: Set(created),
            updated_at: Set(created),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        let accepter: Voice = (Some(user_id), me.display_name.clone());
        let mut total = 0u64;
        for (i, t) in input.tasks.iter().enumerate() {
            let mut leads = Vec::new();
            for e in &t.lead {
                leads.extend(self.bench_expand(e).await?);
            }
            let mut resp = Vec::new();
            for e in &t.responsible {
                resp.extend(self.bench_expand(e).await?);
            }
            let mut seen = HashSet::new();
            leads.retain(|x| seen.insert(*x));
            let mut seen = HashSet::new();
            resp.retain(|x| seen.insert(*x));
            let mut d = t.deadline.clone().unwrap_or_default();
            let (period, slots) = crate::campaigns::slots_of(&mut d, input.year);
            let tid = Uuid::now_v7();
            // Progress first, so the task row carries its roll-up.
            let mut generated: Vec<Generated> = Vec::with_capacity(resp.len() * slots.len());
            for org_id in &resp {
                let (org_name, district) = orgs.get(org_id).cloned().unwrap_or_default();
                let voice = voices
                    .get(org_id)
                    .cloned()
                    .unwrap_or_else(|| (None, responsible_name(&org_name)));
                for (seq, p) in &slots {
                    let (start, end) = match p {
                        Some(p) => (Some(p.start), Some(p.end)),
                        None => (d.start, d.end),
                    };
                    let row = assignment::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        task_id: Set(tid),
                        campaign_id: Set(id),
                        org_id: Set(*org_id),
                        district_id: Set(district),
                        period_seq: Set(*seq),
                        period_start: Set(p.as_ref().map(|p| p.start)),
                        period_end: Set(p.as_ref().map(|p| p.end)),
                        period_label: Set(p.as_ref().map(|p| p.label.clone())),
                        state: Set(AssignmentState::NotStarted.code().into()),
                        percent: Set(0),
                        latest_report: Set(None),
                        org_kind: Set(kinds
                            .get(org_id)
                            .cloned()
                            .unwrap_or_else(|| crate::campaign_tally::kind_code(None))),
                        // Filled with the running figures once the campaign is written.
                        open_due: Set(None),
                        accepted_at: Set(None),
                        created_at: Set(created),
                        updated_at: Set(created),
                    };
                    let window = (start.unwrap_or(today.with_day(1).unwrap_or(today)), end);
                    let (mut a, events) = progress(
                        row, tid, &org_name, &voice, &accepter, window, created, today, &mut rng,
                    );
                    // What the board's lists and tallies read: the deadline while open,
                    // the last acceptance once completed.
                    let done = matches!(&a.state, sea_orm::ActiveValue::Set(s) if s == AssignmentState::Completed.code());
                    a.open_due = Set(if done { None } else { end });
                    a.accepted_at = Set(if done {
                        events
                            .iter()
                            .filter(|e| {
                                matches!(&e.action, sea_orm::ActiveValue::Set(x) if x == AssignmentAction::Accept.code())
                            })
                            .filter_map(|e| match &e.at {
                                sea_orm::ActiveValue::Set(at) => Some(*at),
                                _ => None,
                            })
                            .max()
                    } else {
                        None
                    });
                    generated.push((a, events));
                }
            }
            let states: Vec<AssignmentState> = generated
                .iter()
                .filter_map(|(a, _)| match &a.state {
                    sea_orm::ActiveValue::Set(s) => AssignmentState::from_code(s),
                    _ => None,
                })
                .collect();
            let completed = states
                .iter()
                .filter(|s| **s == AssignmentState::Completed)
                .count() as i32;
            let count = states.len() as i32;
            let status = TaskStatus::roll_up(states);
            let txn = self.tx().await?;
            task::ActiveModel {
                id: Set(tid),
                campaign_id: Set(id),
                seq: Set(i as i32 + 1),
                section: Set(t.section.trim().to_string()),
                section_number: Set(t.section_number.trim().chars().take(16).collect()),
                number: Set(t.number.trim().to_string()),
                text: Set(t.text.trim().to_string()),
                deadline_text: Set(d.text.clone().filter(|s| !s.trim().is_empty())),
                deadline_kind: Set(d
                    .kind
                    .clone()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.chars().take(16).collect())),
                deadline_start: Set(d.start),
                deadline_end: Set(d.end),
                period: Set(period.and(d.period.clone())),
                lead_phrases: Set(crate::campaigns::phrases_json(&t.lead)),
                responsible_phrases: Set(crate::campaigns::phrases_json(&t.responsible)),
                status: Set(status.code().into()),
                assignment_count: Set(count),
                completed_count: Set(completed),
                created_at: Set(created),
                updated_at: Set(crate::now()),
            }
            .insert(&txn)
            .await?;
            for l in &leads {
                task_lead::ActiveModel {
                    task_id: Set(tid),
                    org_id: Set(*l),
                }
                .insert(&txn)
                .await?;
            }
            txn.commit().await?;
            total += generated.len() as u64;
            for batch in generated.chunks(10_000) {
                let txn = self.tx().await?;
                let rows: Vec<assignment::ActiveModel> =
                    batch.iter().map(|(a, _)| a.clone()).collect();
                for chunk in rows.chunks(1_000) {
                    assignment::Entity::insert_many(chunk.to_vec())
                        .exec_without_returning(&txn)
                        .await?;
                }
                let events: Vec<assignment_event::ActiveModel> =
                    batch.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
                for chunk in events.chunks(1_000) {
                    assignment_event::Entity::insert_many(chunk.to_vec())
                        .exec_without_returning(&txn)
                        .await?;
                }
                txn.commit().await?;
            }
        }
        let txn = self.tx().await?;
        campaign_draft::Entity::delete_by_id(draft.id)
            .exec(&txn)
            .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("campaign.create")
                .object("campaign", id)
                .after(json!({
                    "title": input.title.trim(), "year": input.year, "source_name": draft.source_name,
                    "tasks": input.tasks.len(), "assignments": total,
                })),
        )
        .await?;
        txn.commit().await?;
        for s in suspended {
            self.restore_indexes(s).await?;
        }
        let txn = self.tx().await?;
        crate::campaign_tally::rebuild(&txn, Some(id)).await?;
        txn.commit().await?;
        Ok((id, total))
    }
}

/// Who reports for a unit without an account: its safety officer or liaison.
fn responsible_name(org_name: &str) -> String {
    if org_name.ends_with("商务局") {
        format!("{org_name}专干")
    } else if org_name.ends_with('科') || org_name.ends_with('室') || org_name.ends_with('办') {
        format!("{org_name}联络员")
    } else {
        "企业安全员".into()
    }
}

/// Gives one new assignment its state as of `today` and the events that led there:
/// windows that ended are mostly 已完成 (a few returned, awaiting acceptance, late or
/// not started: overdue), current windows in every state by how far they have run,
/// future windows not started.
#[allow(clippy::too_many_arguments)]
fn progress(
    mut a: assignment::ActiveModel,
    task_id: Uuid,
    org_name: &str,
    voice: &Voice,
    lead: &Voice,
    (start, end): (NaiveDate, Option<NaiveDate>),
    created: DateTime<Utc>,
    today: NaiveDate,
    rng: &mut Rng,
) -> Generated {
    use AssignmentState as S;
    let roll = rng.below(1000);
    let state = if start > today {
        S::NotStarted
    } else if end.is_some_and(|e| e < today) {
        match roll {
            0..=819 => S::Completed,
            820..=859 => S::Returned,
            860..=899 => S::Submitted,
            900..=939 => S::InProgress,
            _ => S::NotStarted,
        }
    } else {
        // Share of the window gone by, in thousandths.
        let len = end
            .map(|e| (e - start).num_days() + 1)
            .unwrap_or(365)
            .max(1);
        let gone = ((today - start).num_days() + 1).clamp(0, len) * 1000 / len;
        let done = gone as u64 * 55 / 100;
        if roll < done {
            S::Completed
        } else if roll < done + 80 {
            S::Submitted
        } else if roll < done + 110 {
            S::Returned
        } else if roll < done + 110 + 350 {
            S::InProgress
        } else {
            S::NotStarted
        }
    };
    let last_day = end.map(|e| e.min(today)).unwrap_or(today);
    let last_day = last_day.max(start);
    let aid = match &a.id {
        sea_orm::ActiveValue::Set(id) => *id,
        _ => Uuid::nil(),
    };
    let mut events = Vec::new();
    let mut at = created.max(anzhi_domain::time::china_day_start(start));
    let mut step = |action: AssignmentAction,
                    who: &Voice,
                    at: DateTime<Utc>,
                    text: Option<String>,
                    percent: Option<i32>,
                    reason: Option<String>| {
        events.push(assignment_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            assignment_id: Set(aid),
            task_id: Set(task_id),
            action: Set(action.code().into()),
            actor_id: Set(who.0),
            actor_name: Set(who.1.clone()),
            org_name: Set(org_name.to_string()),
            at: Set(at),
            text: Set(text),
            percent: Set(percent),
            reason: Set(reason),
        });
    };
    // Moves `at` forward to a later moment inside the window (never past now).
    let later = |at: DateTime<Utc>, rng: &mut Rng| -> DateTime<Utc> {
        let from = anzhi_domain::time::today_china(at);
        let day = day_in(from, last_day, rng);
        let t = china_time(day, rng);
        let t = if t <= at {
            at + Duration::minutes(30 + rng.below(240) as i64)
        } else {
            t
        };
        // Never in the future: halfway between the last step and now instead.
        let now = crate::now();
        if t > now { at + (now - at) / 2 } else { t }
    };
    let mut percent = 0;
    let mut latest = None;
    if state != S::NotStarted {
        // A first progress report (always for work still in hand, often otherwise).
        if state == S::InProgress || rng.percent(60) {
            at = later(at, rng);
            percent = 10 + 10 * rng.below(8) as i32;
            let text = REPORTS[rng.below(REPORTS.len() as u64) as usize].to_string();
            step(
                AssignmentAction::Report,
                voice,
                at,
                Some(text.clone()),
                Some(percent),
                None,
            );
            latest = Some(text);
        }
        if state != S::InProgress {
            // Some completed work was returned once before it was accepted.
            let returned_once = state == S::Completed && rng.percent(6);
            let rounds = if returned_once { 2 } else { 1 };
            for round in 0..rounds {
                at = later(at, rng);
                let text = SUBMITS[rng.below(SUBMITS.len() as u64) as usize].to_string();
                percent = 100;
                step(
                    AssignmentAction::Submit,
                    voice,
                    at,
                    Some(text.clone()),
                    Some(100),
                    None,
                );
                latest = Some(text);
                let last_round = round + 1 == rounds;
                if !last_round || state == S::Returned {
                    at = later(at, rng);
                    let reason = RETURNS[rng.below(RETURNS.len() as u64) as usize].to_string();
                    step(AssignmentAction::Return, lead, at, None, None, Some(reason));
                } else if state == S::Completed {
                    at = later(at, rng);
                    step(AssignmentAction::Accept, lead, at, None, None, None);
                }
            }
        }
        a.updated_at = Set(at);
    }
    a.state = Set(state.code().into());
    a.percent = Set(percent);
    a.latest_report = Set(latest);
    (a, events)
}

// ------------------------------------------------------------------ risk points

/// A typical risk point: (name, kind, hazard factors, accident types, engineering
/// measure, management measure).
type PointTemplate = (
    &'static str,
    PointKind,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);

const POINTS: [PointTemplate; 12] = [
    (
        "配电房",
        PointKind::Place,
        "电气线路老化、绝缘损坏，配电柜前堆放杂物",
        &["触电", "火灾"],
        "设置漏电保护和绝缘垫，定期检测线路绝缘",
        "专人巡检并上锁，每月记录检查情况",
    ),
    (
        "厨房燃气灶具区",
        PointKind::Place,
        "燃气泄漏，排油烟管道积油",
        &["火灾", "其它爆炸", "灼烫"],
        "安装燃气泄漏报警和自动切断装置",
        "每日班前检查，油烟管道每季度清洗",
    ),
    (
        "仓储区货架",
        PointKind::Place,
        "货物超高堆放，货架变形失稳",
        &["物体打击", "坍塌"],
        "货架加固并标注限高限载",
        "每周检查堆放高度，重物下置",
    ),
    (
        "自动扶梯",
        PointKind::Place,
        "梯级缺损，衣物或异物夹入",
        &["机械伤害", "其它伤害"],
        "设置急停按钮和安全警示标识",
        "委托维保单位每半月维保并签字确认",
    ),
    (
        "加油作业",
        PointKind::Activity,
        "油气挥发，静电积聚，违规使用手机",
        &["火灾", "其它爆炸"],
        "设置静电释放装置和油气回收系统",
        "严格执行加油操作规程，现场禁止烟火",
    ),
    (
        "广告牌及外立面维护作业",
        PointKind::Activity,
        "高处作业未系安全带，临边无防护",
        &["高处坠落", "物体打击"],
        "设置临边防护和安全网",
        "作业审批，专人监护",
    ),
    (
        "冷库",
        PointKind::Place,
        "制冷剂泄漏，人员误困库内",
        &["中毒和窒息", "其它伤害"],
        "安装库内求救装置和制冷剂泄漏报警",
        "进出登记，离库前清点人员",
    ),
    (
        "消防控制室",
        PointKind::Place,
        "值班人员脱岗，消防设施故障未及时处置",
        &["火灾"],
        "消防设施联动测试，保持24小时运行",
        "双人持证值班，交接班记录",
    ),
    (
        "叉车装卸作业",
        PointKind::Activity,
        "超速行驶，视线受阻，人车混行",
        &["车辆伤害", "物体打击"],
        "划分人车分流通道，安装警示灯",
        "持证上岗，限速行驶",
    ),
    (
        "人员密集营业区",
        PointKind::Place,
        "疏散通道堵塞，节假日客流过大",
        &["火灾", "其它伤害"],
        "保持疏散通道畅通，设置应急照明和疏散指示",
        "节假日客流管控和应急疏散演练",
    ),
    (
        "液化气瓶存放间",
        PointKind::Place,
        "气瓶超量存放，通风不良",
        &["其它爆炸", "火灾", "中毒和窒息"],
        "独立通风并安装可燃气体报警",
        "控制存放数量，建立进出台账",
    ),
    (
        "电动车充电区",
        PointKind::Place,
        "私拉电线充电，电池热失控",
        &["火灾", "触电"],
        "设置智能充电桩和喷淋",
        "禁止室内充电，夜间巡查",
    ),
];

impl Store {
    /// Adds 1–5 risk points to about 70% of these enterprises, assessed (LEC or LS)
    /// within the last year and graded by the domain rules with the bureau's
    /// thresholds, controlled at a tier that covers the grade; then grades every
    /// enterprise (`enterprise_risk`) as the normal writes do. Answers (points, graded).
    pub async fn bench_fill_risk_points(
        &self,
        enterprises: &[(Uuid, Uuid)],
        seed: u64,
        today: NaiveDate,
    ) -> Result<(u64, u64)> {
        let mut rng = Rng::new(seed);
        let thresholds = self.risk_thresholds().await?;
        let now = crate::now();
        let mut points = 0u64;
        for batch in enterprises.chunks(5_000) {
            let mut rows = Vec::new();
            for (e, d) in batch {
                if !rng.percent(70) {
                    continue;
                }
                let n = 1 + rng.below(5);
                let first = rng.below(POINTS.len() as u64) as usize;
                for k in 0..n as usize {
                    let (name, kind, factors, types, eng, mgmt) =
                        POINTS[(first + k * 5) % POINTS.len()];
                    let input = if rng.percent(60) {
                        // LEC: mostly likely-enough, daily exposure, moderate outcomes.
                        AssessmentInput {
                            method: Some(Method::Lec),
                            l: Some(rule_pick(LEC_L, &[1, 6, 14, 12, 5, 2, 1], &mut rng)),
                            e: Some(rule_pick(LEC_E, &[3, 12, 6, 3, 2, 1], &mut rng)),
                            c: Some(rule_pick(LEC_C, &[0, 1, 3, 8, 10, 12], &mut rng)),
                            s: None,
                        }
                    } else {
                        AssessmentInput {
                            method: Some(Method::Ls),
                            l: Some(rule_pick(LS_L, &[1, 3, 8, 12, 6], &mut rng)),
                            e: None,
                            c: None,
                            s: Some(rule_pick(LS_S, &[1, 3, 6, 12, 8], &mut rng)),
                        }
                    };
                    let a = anzhi_domain::risk::assess(&input, &thresholds)
                        .map_err(StoreError::Invalid)?;
                    let required = ControlTier::required_for(a.grade);
                    let tier = if rng.percent(20) {
                        ControlTier::ALL
                            .into_iter()
                            .rfind(|t| t.rank() > required.rank())
                            .unwrap_or(required)
                    } else {
                        required
                    };
                    let assessed_on = today - Duration::days(rng.below(420) as i64);
                    let mut accident: Vec<&str> = types.to_vec();
                    accident.sort_by_key(|t| ACCIDENT_TYPES.iter().position(|x| x == t));
                    let measures = json!([
                        {"kind": MeasureKind::Engineering.code(), "text": eng},
                        {"kind": MeasureKind::Management.code(), "text": mgmt},
                        {"kind": MeasureKind::Training.code(), "text": "岗位人员安全培训，考核合格后上岗"},
                        {"kind": MeasureKind::Emergency.code(), "text": "制定现场处置方案并定期演练"},
                    ]);
                    let tenths = |v: i32| f64::from(v) / 10.0;
                    let (c, s) = match a.method {
                        Method::Lec => (Some(tenths(a.c_or_s)), None),
                        Method::Ls => (None, Some(tenths(a.c_or_s))),
                    };
                    let at = china_time(assessed_on, &mut rng);
                    rows.push(risk_point::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        enterprise_id: Set(*e),
                        district_id: Set(*d),
                        name: Set(name.to_string()),
                        kind: Set(kind.code().into()),
                        location: Set(Some(format!("{}楼", 1 + rng.below(5)))),
                        hazard_factors: Set(factors.to_string()),
                        accident_types: Set(serde_json::to_string(&accident).unwrap_or_default()),
                        method: Set(a.method.code().into()),
                        l: Set(tenths(a.l)),
                        e: Set(a.e.map(tenths)),
                        c: Set(c),
                        s: Set(s),
                        score: Set(a.score.as_f64()),
                        grade: Set(a.grade.code().into()),
                        measures: Set(measures.to_string()),
                        control_tier: Set(tier.code().into()),
                        responsible: Set(format!("安全员{}", rng.below(90))),
                        responsible_phone: Set(None),
                        reassess_on: Set(default_reassess(a.grade, assessed_on)),
                        assessed_on: Set(assessed_on),
                        assessed_by: Set(Uuid::nil()),
                        assessed_by_name: Set("企业安全员".into()),
                        created_at: Set(at),
                        updated_at: Set(at),
                    });
                }
            }
            let txn = self.tx().await?;
            for chunk in rows.chunks(1_000) {
                risk_point::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            points += rows.len() as u64;
        }
        // The enterprise levels, exactly as every write keeps them.
        let mut graded = 0;
        let ids: Vec<Uuid> = enterprises.iter().map(|(e, _)| *e).collect();
        for chunk in ids.chunks(5_000) {
            let txn = self.tx().await?;
            graded += crate::risk::refresh_levels(&txn, chunk, now).await?;
            txn.commit().await?;
        }
        Ok((points, graded))
    }
}

/// A factor value from its table, by weights.
fn rule_pick(choices: &[anzhi_domain::risk::Choice], weights: &[u64], rng: &mut Rng) -> f64 {
    let total: u64 = weights.iter().sum();
    let mut roll = rng.below(total);
    for (c, w) in choices.iter().zip(weights) {
        if roll < *w {
            return c.value();
        }
        roll -= w;
    }
    choices[0].value()
}

// ------------------------------------------------------------------ inspections

const ISSUES: [&str; 6] = [
    "现场检查发现不符合要求，已当场指出",
    "部分设施未按要求设置，责令限期整改",
    "台账记录不完整",
    "现场堆放杂物，影响使用",
    "设施损坏未及时维修",
    "人员对操作规程不熟悉",
];

/// Answers to every item of a template: mostly 符合, a few 不符合 with the problem
/// written down, 不适用 where a photo would be needed.
fn answers_for(t: &Template, rng: &mut Rng, fail_percent: u64) -> Vec<AnswerInput> {
    t.items()
        .map(|(_, _, _, item)| {
            let fail = item.answer.can_fail()
                && !item.photo_required_on_fail
                && rng.below(1000) < fail_percent * 10;
            let (value, note) = match &item.answer {
                AnswerKind::Compliance if fail => (
                    AnswerValue::NonCompliant,
                    Some(ISSUES[rng.below(ISSUES.len() as u64) as usize].to_string()),
                ),
                AnswerKind::Compliance => {
                    if rng.percent(4) {
                        (AnswerValue::NotApplicable, None)
                    } else {
                        (AnswerValue::Compliant, None)
                    }
                }
                AnswerKind::Number { min, max, .. } => {
                    let lo = min.unwrap_or(0.0);
                    let hi = max.unwrap_or(lo + 10.0);
                    let x = if fail {
                        match (min, max) {
                            (_, Some(m)) => m + 1.0 + rng.below(5) as f64,
                            (Some(m), None) => m - 1.0 - rng.below(5) as f64,
                            _ => lo,
                        }
                    } else {
                        lo + (hi - lo) * rng.below(101) as f64 / 100.0
                    };
                    let x = (x * 10.0).round() / 10.0;
                    (
                        AnswerValue::Number(x),
                        fail.then(|| "实测值超出规定范围".to_string()),
                    )
                }
                AnswerKind::Text => (AnswerValue::Text("现场查看，情况正常".into()), None),
                AnswerKind::Photo => (AnswerValue::NotApplicable, None),
            };
            AnswerInput {
                key: item.key.clone(),
                value: Some(value),
                note,
                photos: vec![],
            }
        })
        .collect()
}

impl Store {
    /// Inspections over the last year with the built-in checklists: the district
    /// inspectors (demo accounts) inspect most key enterprises of their districts one
    /// to three times, 政策法规科 supervises some key enterprises elsewhere; nearly all
    /// completed and confirmed, with a few 不符合; a few recent ones still in progress.
    pub async fn bench_fill_inspections(
        &self,
        enterprises: &[(Uuid, Uuid)],
        seed: u64,
        today: NaiveDate,
    ) -> Result<u64> {
        let mut rng = Rng::new(seed);
        let mut inspectors: HashMap<Uuid, user::Model> = HashMap::new();
        let mut bureau: Option<user::Model> = None;
        for u in user::Entity::find().all(self.r()).await? {
            match Role::from_code(&u.role) {
                Some(Role::DistrictStaff) => {
                    inspectors.entry(u.org_id).or_insert(u);
                }
                Some(Role::SectionStaff) if bureau.is_none() => bureau = Some(u),
                _ => {}
            }
        }
        let mut templates: HashMap<String, (Uuid, i32, Template)> = HashMap::new();
        for t in checklist_template::Entity::find()
            .filter(checklist_template::Column::Key.is_not_null())
            .all(self.r())
            .await?
        {
            let Some(v) = checklist_template_version::Entity::find_by_id((t.id, t.version))
                .one(self.r())
                .await?
            else {
                continue;
            };
            if let (Some(key), Ok(content)) = (t.key, serde_json::from_str::<Template>(&v.content))
            {
                templates.insert(key, (t.id, t.version, content));
            }
        }
        let categories: HashMap<Uuid, String> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let key_of = |cat: Option<&str>| match cat {
            Some("超市") => "supermarket",
            Some("农贸市场" | "批发市场") => "market",
            Some("成品油零售") => "fuel",
            _ => "mall",
        };
        let details: HashMap<Uuid, (bool, Option<Uuid>)> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .column(enterprise::Column::IsKey)
            .column(enterprise::Column::CategoryId)
            .into_tuple::<(Uuid, bool, Option<Uuid>)>()
            .all(self.r())
            .await?
            .into_iter()
            .map(|(id, k, c)| (id, (k, c)))
            .collect();
        let now = crate::now();
        let mut rows = Vec::new();
        for (e, d) in enterprises {
            let Some((is_key, cat)) = details.get(e) else {
                continue;
            };
            let (who, times) = match inspectors.get(d) {
                Some(u) if *is_key && rng.percent(75) => (u, 1 + rng.below(3)),
                Some(u) if rng.percent(3) => (u, 1),
                _ => match &bureau {
                    Some(u) if *is_key && rng.percent(12) => (u, 1),
                    _ => continue,
                },
            };
            let key = key_of(cat.and_then(|c| categories.get(&c)).map(String::as_str));
            let weather = rng.percent(15);
            let Some((tid, tver, template)) = templates
                .get(if weather { "extreme-weather" } else { key })
                .or_else(|| templates.get("mall"))
            else {
                continue;
            };
            for k in 0..times {
                let in_progress = k == 0 && rng.percent(3);
                let day = if in_progress {
                    today - Duration::days(rng.below(3) as i64)
                } else {
                    today - Duration::days(3 + rng.below(362) as i64)
                };
                let mut inputs = answers_for(template, &mut rng, 4);
                if in_progress {
                    inputs.truncate(inputs.len() / 2);
                }
                let answers = anzhi_domain::inspection::check_answers(template, &inputs)
                    .map_err(StoreError::Invalid)?;
                if !in_progress {
                    anzhi_domain::inspection::check_finish(template, &answers)
                        .map_err(StoreError::Invalid)?;
                }
                let summary = anzhi_domain::inspection::summarize(template, &answers);
                let started = china_time(day, &mut rng);
                let finished = started + Duration::minutes(40 + rng.below(80) as i64);
                let confirmed = finished + Duration::minutes(5 + rng.below(20) as i64);
                let done = !in_progress;
                rows.push(inspection::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    plan_id: Set(None),
                    campaign_id: Set(None),
                    enterprise_id: Set(*e),
                    district_id: Set(*d),
                    inspector_id: Set(who.id),
                    inspector_name: Set(who.display_name.clone()),
                    owner_org_id: Set(who.org_id),
                    template_id: Set(*tid),
                    template_version: Set(*tver),
                    state: Set(if done {
                        InspState::Completed
                    } else {
                        InspState::InProgress
                    }
                    .code()
                    .into()),
                    answers: Set(serde_json::to_string(&answers).unwrap_or_default()),
                    due_on: Set(None),
                    failed: Set(summary.failed as i32),
                    started_at: Set(Some(started.min(now))),
                    finished_at: Set(done.then_some(finished)),
                    accompanied_by: Set(done.then(|| format!("安全员{}", rng.below(90)))),
                    confirmed_by_name: Set(done.then(|| format!("负责人{}", rng.below(89)))),
                    confirmed_at: Set(done.then_some(confirmed)),
                    confirm_comment: Set(None),
                    objection: Set(None),
                    cancel_reason: Set(None),
                    version: Set(if done { 3 } else { 2 }),
                    created_at: Set(started.min(now) - Duration::minutes(10)),
                    updated_at: Set(if done { confirmed } else { started.min(now) }),
                });
            }
        }
        let n = rows.len() as u64;
        for batch in rows.chunks(5_000) {
            let txn = self.tx().await?;
            for chunk in batch.chunks(500) {
                inspection::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
        }
        Ok(n)
    }
}

// ------------------------------------------------------------------ audit trail

impl Store {
    /// Appends `per_enterprise` records per enterprise to the audit trail — logins of
    /// the demo accounts, hazard reports and acceptances, assignment reports — dated
    /// over the last year in order, chained with SM3 exactly as `audit::append` chains
    /// them (the head row is advanced first in each batch's transaction, so the chain
    /// stays verifiable).
    pub async fn bench_fill_audit(
        &self,
        enterprises: &[(Uuid, Uuid)],
        per_enterprise: u64,
        seed: u64,
    ) -> Result<u64> {
        use anzhi_domain::audit::{AuditEntry, audit_time};
        use sea_orm::{ConnectionTrait, Statement};
        let mut rng = Rng::new(seed);
        let n = enterprises.len() as u64 * per_enterprise;
        if n == 0 {
            return Ok(0);
        }
        let people: Vec<(Uuid, String, String)> = user::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .filter(|u| {
                matches!(
                    Role::from_code(&u.role),
                    Some(
                        Role::Leader
                            | Role::SectionStaff
                            | Role::DistrictStaff
                            | Role::EnterpriseUser
                    )
                )
            })
            .map(|u| (u.id, u.username, u.role))
            .collect();
        if people.is_empty() {
            return Ok(0);
        }
        let hazards: Vec<(Uuid, String, String, String)> = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::Id)
            .column(hazard::Column::Code)
            .column(hazard::Column::Level)
            .column(hazard::Column::State)
            .limit(n.min(200_000))
            .into_tuple()
            .all(self.r())
            .await?;
        let assignments: Vec<(Uuid, String, i32)> = assignment::Entity::find()
            .select_only()
            .column(assignment::Column::Id)
            .column(assignment::Column::State)
            .column(assignment::Column::Percent)
            .limit(n.min(200_000))
            .into_tuple()
            .all(self.r())
            .await?;
        let suspended = self.suspend_indexes("audit_log").await?;
        let now = audit_time(crate::now());
        let from = now - Duration::days(365);
        let span = (now - from).num_seconds().max(1);
        let mut done = 0u64;
        while done < n {
            let batch = (n - done).min(10_000);
            // This batch's stretch of the year, in time order.
            let lo = from + Duration::seconds(span * done as i64 / n as i64);
            let hi = from + Duration::seconds(span * (done + batch) as i64 / n as i64);
            let width = (hi - lo).num_microseconds().unwrap_or(1).max(1) as u64;
            let mut times: Vec<DateTime<Utc>> = (0..batch)
                .map(|_| lo + Duration::microseconds(rng.below(width) as i64))
                .collect();
            times.sort();
            let txn = self.tx().await?;
            let backend = txn.get_database_backend();
            let row = txn
                .query_one_raw(Statement::from_string(
                    backend,
                    format!(
                        "UPDATE audit_head SET seq = seq + {batch} WHERE id = 1 RETURNING seq, hash"
                    ),
                ))
                .await?
                .ok_or_else(|| StoreError::Conflict("审计链头缺失".into()))?;
            let last: i64 = row.try_get("", "seq")?;
            let mut prev: String = row.try_get("", "hash")?;
            let mut rows = Vec::with_capacity(batch as usize);
            for (k, at) in times.into_iter().enumerate() {
                let (uid, uname, role) = rng.pick(&people).clone();
                let ip = Some(format!("10.46.{}.{}", rng.below(8), 2 + rng.below(250)));
                let roll = rng.below(100);
                let (action, object_type, object_id, before, after) = match roll {
                    0..=39 => (
                        "auth.login",
                        Some("session"),
                        Some(Uuid::now_v7().to_string()),
                        None,
                        None,
                    ),
                    40..=74 if !hazards.is_empty() => {
                        let (id, code, level, state) = rng.pick(&hazards).clone();
                        if roll < 58 {
                            (
                                "hazard.report",
                                Some("hazard"),
                                Some(id.to_string()),
                                None,
                                Some(json!({"code": code, "level": level, "source": "self_check"})),
                            )
                        } else {
                            (
                                "hazard.accept",
                                Some("hazard"),
                                Some(id.to_string()),
                                Some(json!({"state": "verifying", "level": level})),
                                Some(json!({"state": state, "level": level})),
                            )
                        }
                    }
                    75..=94 if !assignments.is_empty() => {
                        let (id, state, percent) = rng.pick(&assignments).clone();
                        (
                            "assignment.report",
                            Some("assignment"),
                            Some(id.to_string()),
                            Some(json!({"state": "not_started", "percent": 0})),
                            Some(json!({"state": state, "percent": percent})),
                        )
                    }
                    _ => (
                        "auth.logout",
                        Some("session"),
                        Some(Uuid::now_v7().to_string()),
                        None,
                        None,
                    ),
                };
                let entry = AuditEntry {
                    id: Uuid::now_v7(),
                    seq: last - batch as i64 + 1 + k as i64,
                    at: audit_time(at),
                    actor_id: Some(uid),
                    actor_name: uname,
                    role: Some(role),
                    ip,
                    action: action.to_string(),
                    object_type: object_type.map(str::to_string),
                    object_id,
                    result: anzhi_domain::audit::Outcome::Success.code().to_string(),
                    detail: None,
                    before: before.as_ref().map(anzhi_domain::audit::canonical_json),
                    after: after.as_ref().map(anzhi_domain::audit::canonical_json),
                };
                let hash = entry.chain_hash(&prev);
                rows.push(audit_log::ActiveModel {
                    id: Set(entry.id),
                    seq: Set(entry.seq),
                    at: Set(entry.at),
                    actor_id: Set(entry.actor_id),
                    actor_name: Set(entry.actor_name),
                    role: Set(entry.role),
                    ip: Set(entry.ip),
                    action: Set(entry.action),
                    object_type: Set(entry.object_type),
                    object_id: Set(entry.object_id),
                    result: Set(entry.result),
                    detail: Set(entry.detail),
                    before: Set(entry.before),
                    after: Set(entry.after),
                    prev_hash: Set(std::mem::replace(&mut prev, hash.clone())),
                    hash: Set(hash),
                });
            }
            audit_head::Entity::update_many()
                .col_expr(audit_head::Column::Hash, Expr::value(prev))
                .filter(audit_head::Column::Id.eq(1))
                .exec(&txn)
                .await?;
            for chunk in rows.chunks(1_000) {
                audit_log::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            done += batch;
        }
        self.restore_indexes(suspended).await?;
        Ok(n)
    }
}
