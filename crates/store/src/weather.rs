//! Extreme-weather warnings (极端天气预警): issued by hand or imported from a CAP 1.2
//! file, broadcast to the enterprises of the districts and categories they cover
//! (one acknowledgement row each, a notification each), acknowledged and reported on
//! by the enterprises, reminded while unacknowledged.

use std::collections::HashMap;

use anzhi_domain::weather::{self as rules, AckInput, AckState, Colour, Kind, WarningInput};
use anzhi_domain::{OrgKind, Scope};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    delivery, enterprise, industry_category, notification, org, org_alias, org_contact,
    weather_ack, weather_warning, weather_warning_district,
};
use crate::files::{FileBrief, Subject, attach, attachments_of};
use crate::reminders::claim;
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct AckCounts {
    pub total: u64,
    pub pending: u64,
    pub acknowledged: u64,
    pub reported: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AckView {
    pub warning_id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub state: String,
    pub state_label: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by_name: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
    pub done: Vec<usize>,
    pub note: Option<String>,
    pub photos: Vec<FileBrief>,
    pub reminders_sent: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WarningView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub colour: String,
    pub colour_label: String,
    pub title: String,
    pub description: Option<String>,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub active: bool,
    pub cancelled: bool,
    pub cancel_reason: Option<String>,
    pub source: String,
    pub cap_identifier: Option<String>,
    pub districts: Vec<NamedRef>,
    pub categories: Vec<NamedRef>,
    pub actions: Vec<String>,
    pub counts: AckCounts,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
    /// The caller's own enterprise's acknowledgement (enterprise users).
    pub my_ack: Option<AckView>,
}

/// What a CAP file would raise, before it is confirmed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CapPreview {
    pub kind: String,
    pub kind_label: String,
    pub colour: String,
    pub colour_label: String,
    pub title: String,
    pub description: Option<String>,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub identifier: String,
    pub sender: String,
    pub msg_type: String,
    pub districts: Vec<NamedRef>,
    pub unmatched_areas: Vec<String>,
    pub actions: Vec<String>,
    /// For an Update or Cancel: the warning it refers to.
    pub replaces: Option<Uuid>,
}

/// The outcome of importing a CAP file.
pub enum CapOutcome {
    Created(WarningView),
    Updated(WarningView),
    Cancelled(WarningView),
}

#[derive(Debug, Clone, Default)]
pub struct AckFilter {
    pub state: Option<AckState>,
    pub district_id: Option<Uuid>,
}

fn warning_scope(scope: Scope) -> Result<Condition> {
    use weather_warning::Column as W;
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(
            W::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(weather_warning_district::Column::WarningId)
                    .from(weather_warning_district::Entity)
                    .and_where(weather_warning_district::Column::DistrictId.eq(d))
                    .to_owned(),
            ),
        ),
        Scope::Enterprise(e) => Condition::all().add(
            W::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(weather_ack::Column::WarningId)
                    .from(weather_ack::Entity)
                    .and_where(weather_ack::Column::EnterpriseId.eq(e))
                    .to_owned(),
            ),
        ),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看预警信息".into()));
        }
    })
}

/// Districts whose name or alias appears in a CAP area text; 海口市 / 全市 mean all.
fn match_areas(
    areas: &[String],
    districts: &[(Uuid, String, Vec<String>)],
) -> (Vec<Uuid>, Vec<String>) {
    let mut hit: Vec<Uuid> = Vec::new();
    let mut unmatched = Vec::new();
    for a in areas {
        let mine: Vec<Uuid> = districts
            .iter()
            .filter(|(_, name, aliases)| {
                a.contains(name.as_str())
                    || aliases
                        .iter()
                        .any(|x| x.chars().count() >= 2 && a.contains(x.as_str()))
            })
            .map(|(id, _, _)| *id)
            .collect();
        let all = mine.is_empty()
            && ["全市", "海口市", "海口", "市区", "全海口"]
                .iter()
                .any(|w| a.contains(w));
        if all {
            hit.extend(districts.iter().map(|d| d.0));
        } else if mine.is_empty() {
            unmatched.push(a.clone());
        } else {
            hit.extend(mine);
        }
    }
    let mut seen = std::collections::HashSet::new();
    hit.retain(|d| seen.insert(*d));
    (hit, unmatched)
}

async fn district_directory<C: ConnectionTrait>(c: &C) -> Result<Vec<(Uuid, String, Vec<String>)>> {
    let ds: Vec<(Uuid, String)> = org::Entity::find()
        .select_only()
        .column(org::Column::Id)
        .column(org::Column::Name)
        .filter(org::Column::Kind.eq(OrgKind::District.code()))
        .order_by_asc(org::Column::SortOrder)
        .into_tuple()
        .all(c)
        .await?;
    let aliases: Vec<(Uuid, String)> = org_alias::Entity::find()
        .select_only()
        .column(org_alias::Column::OrgId)
        .column(org_alias::Column::Alias)
        .filter(org_alias::Column::OrgId.is_in(ds.iter().map(|d| d.0).collect::<Vec<_>>()))
        .into_tuple()
        .all(c)
        .await?;
    Ok(ds
        .into_iter()
        .map(|(id, name)| {
            let mut al: Vec<String> = aliases
                .iter()
                .filter(|(o, _)| *o == id)
                .map(|(_, a)| a.clone())
                .collect();
            // 秀英区商务局 → 秀英区
            if let Some(short) = name.strip_suffix("商务局") {
                al.push(short.to_string());
            }
            (id, name, al)
        })
        .collect())
}

/// Notifications to many units at once (a broadcast), with their deliveries.
pub(crate) async fn notify_many<C: ConnectionTrait>(
    c: &C,
    orgs: &[Uuid],
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<()> {
    let now = crate::now();
    for chunk in orgs.chunks(500) {
        let mut ids = HashMap::new();
        let rows: Vec<notification::ActiveModel> = chunk
            .iter()
            .map(|o| {
                let id = Uuid::now_v7();
                ids.insert(*o, id);
                notification::ActiveModel {
                    id: Set(id),
                    org_id: Set(*o),
                    kind: Set(kind.into()),
                    title: Set(title.chars().take(300).collect()),
                    body: Set(body.into()),
                    link: Set(Some(link.into())),
                    created_at: Set(now),
                }
            })
            .collect();
        notification::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
        let contacts = org_contact::Entity::find()
            .filter(org_contact::Column::OrgId.is_in(chunk.to_vec()))
            .all(c)
            .await?;
        let mut deliveries = Vec::new();
        for contact in contacts {
            let Some(nid) = ids.get(&contact.org_id) else {
                continue;
            };
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
                deliveries.push(delivery::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    notification_id: Set(*nid),
                    channel: Set(channel),
                    target: Set(target),
                    status: Set("pending".into()),
                    attempts: Set(0),
                    last_error: Set(None),
                    claimed_until: Set(None),
                    sent_at: Set(None),
                    created_at: Set(now),
                });
            }
        }
        if !deliveries.is_empty() {
            delivery::Entity::insert_many(deliveries)
                .exec_without_returning(c)
                .await?;
        }
    }
    Ok(())
}

fn ack_view(
    a: weather_ack::Model,
    names: &HashMap<Uuid, String>,
    photos: Vec<FileBrief>,
) -> AckView {
    let state = AckState::from_code(&a.state).unwrap_or(AckState::Pending);
    AckView {
        warning_id: a.warning_id,
        enterprise_name: names.get(&a.enterprise_id).cloned().unwrap_or_default(),
        district_name: names.get(&a.district_id).cloned().unwrap_or_default(),
        enterprise_id: a.enterprise_id,
        state: state.code().into(),
        state_label: state.label().into(),
        acknowledged_at: a.acknowledged_at,
        acknowledged_by_name: a.acknowledged_by_name,
        reported_at: a.reported_at,
        done: a
            .done
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default(),
        note: a.note,
        photos,
        reminders_sent: a.reminders_sent,
    }
}

impl Store {
    async fn warning_views(
        &self,
        scope: Scope,
        rows: Vec<weather_warning::Model>,
    ) -> Result<Vec<WarningView>> {
        let ids: Vec<Uuid> = rows.iter().map(|w| w.id).collect();
        let districts: Vec<(Uuid, Uuid)> = weather_warning_district::Entity::find()
            .select_only()
            .column(weather_warning_district::Column::WarningId)
            .column(weather_warning_district::Column::DistrictId)
            .filter(weather_warning_district::Column::WarningId.is_in(ids.clone()))
            .into_tuple()
            .all(self.r())
            .await?;
        let mut counts_q = weather_ack::Entity::find()
            .select_only()
            .column(weather_ack::Column::WarningId)
            .column(weather_ack::Column::State)
            .column_as(weather_ack::Column::EnterpriseId.count(), "n")
            .filter(weather_ack::Column::WarningId.is_in(ids.clone()));
        if let Scope::District(d) = scope {
            counts_q = counts_q.filter(weather_ack::Column::DistrictId.eq(d));
        }
        let counts: Vec<(Uuid, String, i64)> = counts_q
            .group_by(weather_ack::Column::WarningId)
            .group_by(weather_ack::Column::State)
            .into_tuple()
            .all(self.r())
            .await?;
        let cats: HashMap<Uuid, String> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let names = org_names(self.r(), districts.iter().map(|d| d.1)).await?;
        let mine = match scope {
            Scope::Enterprise(e) => {
                let acks = weather_ack::Entity::find()
                    .filter(weather_ack::Column::WarningId.is_in(ids.clone()))
                    .filter(weather_ack::Column::EnterpriseId.eq(e))
                    .all(self.r())
                    .await?;
                let mut out = HashMap::new();
                let n = org_names(
                    self.r(),
                    acks.iter().flat_map(|a| [a.enterprise_id, a.district_id]),
                )
                .await?;
                let mut photos =
                    attachments_of(self.r(), Subject::WeatherAck, acks.iter().map(|a| a.id))
                        .await?;
                for a in acks {
                    let p = photos.remove(&a.id).unwrap_or_default();
                    out.insert(a.warning_id, ack_view(a, &n, p));
                }
                out
            }
            _ => HashMap::new(),
        };
        let now = crate::now();
        let mut mine = mine;
        Ok(rows
            .into_iter()
            .map(|w| {
                let kind = Kind::from_code(&w.kind).unwrap_or(Kind::Typhoon);
                let colour = Colour::from_code(&w.colour).unwrap_or(Colour::Blue);
                let mut c = AckCounts::default();
                for (_, state, n) in counts.iter().filter(|x| x.0 == w.id) {
                    let n = *n as u64;
                    c.total += n;
                    match state.as_str() {
                        "acknowledged" => c.acknowledged += n,
                        "reported" => c.reported += n,
                        _ => c.pending += n,
                    }
                }
                let cat_ids: Vec<Uuid> = serde_json::from_str(&w.categories).unwrap_or_default();
                WarningView {
                    id: w.id,
                    kind: kind.code().into(),
                    kind_label: kind.label().into(),
                    colour: colour.code().into(),
                    colour_label: colour.label().into(),
                    title: w.title,
                    description: w.description,
                    valid_from: w.valid_from,
                    valid_to: w.valid_to,
                    active: w.cancelled_at.is_none()
                        && rules::is_active(w.valid_from, w.valid_to, now),
                    cancelled: w.cancelled_at.is_some(),
                    cancel_reason: w.cancel_reason,
                    source: w.source,
                    cap_identifier: w.cap_identifier,
                    districts: districts
                        .iter()
                        .filter(|d| d.0 == w.id)
                        .map(|d| NamedRef {
                            id: d.1,
                            name: names.get(&d.1).cloned().unwrap_or_default(),
                        })
                        .collect(),
                    categories: cat_ids
                        .into_iter()
                        .map(|id| NamedRef {
                            id,
                            name: cats.get(&id).cloned().unwrap_or_default(),
                        })
                        .collect(),
                    actions: serde_json::from_str(&w.actions).unwrap_or_default(),
                    counts: c,
                    created_at: w.created_at,
                    created_by_name: w.created_by_name,
                    my_ack: mine.remove(&w.id),
                }
            })
            .collect())
    }

    /// The districts an actor may issue warnings for.
    fn may_issue_for(actor: &Actor, districts: &[Uuid]) -> Result<()> {
        match actor.scope {
            Scope::Section(_) | Scope::Internal => Ok(()),
            Scope::District(d) if districts.iter().all(|x| *x == d) => Ok(()),
            Scope::District(_) => Err(StoreError::invalid(
                "district_ids",
                "forbidden",
                "区商务局只能向本区发布预警",
            )),
            _ => Err(StoreError::Forbidden("无权发布预警".into())),
        }
    }

    /// Issues a warning and broadcasts it, in one transaction.
    pub async fn create_warning(
        &self,
        actor: &Actor,
        input: &WarningInput,
        cap: Option<(&str, &str)>,
    ) -> Result<WarningView> {
        Self::may_issue_for(actor, &input.districts)?;
        let directory = district_directory(self.r()).await?;
        for (i, d) in input.districts.iter().enumerate() {
            if !directory.iter().any(|x| x.0 == *d) {
                return Err(StoreError::invalid(
                    &format!("districts.{i}"),
                    "not_found",
                    format!("预警区域第{}项不是本市的区", i + 1),
                ));
            }
        }
        let region = if input.districts.len() == 1 {
            directory
                .iter()
                .find(|x| x.0 == input.districts[0])
                .map(|x| x.1.trim_end_matches("商务局").to_string())
                .unwrap_or_else(|| "海口市".into())
        } else {
            "海口市".into()
        };
        let now = crate::now();
        let checked = rules::check_warning(input, &region, now).map_err(StoreError::Invalid)?;
        let who = crate::hazards::author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let id = Uuid::now_v7();
        weather_warning::ActiveModel {
            id: Set(id),
            kind: Set(checked.kind.code().into()),
            colour: Set(checked.colour.code().into()),
            title: Set(checked.title.clone()),
            description: Set(checked.description.clone()),
            valid_from: Set(checked.valid_from),
            valid_to: Set(checked.valid_to),
            categories: Set(serde_json::to_string(&checked.categories).unwrap_or_default()),
            actions: Set(serde_json::to_string(&checked.actions).unwrap_or_default()),
            source: Set(if cap.is_some() { "cap" } else { "manual" }.into()),
            cap_identifier: Set(cap.map(|c| c.0.to_string())),
            cap_sender: Set(cap.map(|c| c.1.to_string())),
            cap_file_id: Set(None),
            created_by: Set(actor.user_id.unwrap_or_default()),
            created_by_name: Set(who.name.clone()),
            created_by_org: Set(actor.scope.org_id().unwrap_or_default()),
            created_at: Set(now),
            cancelled_at: Set(None),
            cancel_reason: Set(None),
        }
        .insert(&txn)
        .await?;
        weather_warning_district::Entity::insert_many(checked.districts.iter().map(|d| {
            weather_warning_district::ActiveModel {
                warning_id: Set(id),
                district_id: Set(*d),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        let reached = self
            .broadcast(
                &txn,
                id,
                &checked.districts,
                &checked.categories,
                &checked.title,
                checked.kind,
                checked.colour,
            )
            .await?;
        // Orange and red raise the risk level of the enterprises they reach.
        if checked.colour.rank() >= anzhi_domain::risk::RAISING_WARNING_RANK
            && rules::is_active(checked.valid_from, checked.valid_to, now)
        {
            crate::risk::refresh_levels(&txn, &reached, now).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("weather.issue")
                .object("weather_warning", id)
                .after(json!({
                    "kind": checked.kind.code(), "colour": checked.colour.code(),
                    "title": checked.title, "districts": checked.districts,
                    "valid_from": checked.valid_from, "valid_to": checked.valid_to,
                    "enterprises": reached.len(), "cap": cap.map(|c| c.0),
                })),
        )
        .await?;
        txn.commit().await?;
        self.warning(actor.scope, id).await
    }

    /// One acknowledgement row and one notification per operating enterprise of the
    /// districts (and categories, when given). Returns the enterprises reached.
    #[allow(clippy::too_many_arguments)]
    async fn broadcast<C: ConnectionTrait>(
        &self,
        c: &C,
        id: Uuid,
        districts: &[Uuid],
        categories: &[Uuid],
        title: &str,
        kind: Kind,
        colour: Colour,
    ) -> Result<Vec<Uuid>> {
        let mut q = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::ParentId)
            .join(
                sea_orm::JoinType::InnerJoin,
                org::Entity::belongs_to(enterprise::Entity)
                    .from(org::Column::Id)
                    .to(enterprise::Column::OrgId)
                    .into(),
            )
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .filter(org::Column::ParentId.is_in(districts.to_vec()))
            .filter(enterprise::Column::Status.eq("operating"));
        if !categories.is_empty() {
            q = q.filter(enterprise::Column::CategoryId.is_in(categories.to_vec()));
        }
        let targets: Vec<(Uuid, Option<Uuid>)> = q.into_tuple().all(c).await?;
        for chunk in targets.chunks(1_000) {
            weather_ack::Entity::insert_many(chunk.iter().map(|(e, d)| weather_ack::ActiveModel {
                id: Set(Uuid::now_v7()),
                warning_id: Set(id),
                enterprise_id: Set(*e),
                district_id: Set(d.unwrap_or_default()),
                state: Set(AckState::Pending.code().into()),
                acknowledged_at: Set(None),
                acknowledged_by_name: Set(None),
                reported_at: Set(None),
                done: Set(None),
                note: Set(None),
                reminders_sent: Set(0),
                last_reminded_at: Set(None),
            }))
            .on_conflict(
                OnConflict::columns([
                    weather_ack::Column::WarningId,
                    weather_ack::Column::EnterpriseId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(c)
            .await?;
        }
        let ids: Vec<Uuid> = targets.iter().map(|t| t.0).collect();
        notify_many(
            c,
            &ids,
            "weather",
            &format!("【{}{}预警】{title}", kind.label(), colour.label()),
            "请立即确认收到，并按要求落实防范措施后报告落实情况。",
            &format!("/weather/{id}"),
        )
        .await?;
        Ok(ids)
    }

    pub async fn warning(&self, scope: Scope, id: Uuid) -> Result<WarningView> {
        let row = weather_warning::Entity::find_by_id(id)
            .filter(warning_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.warning_views(scope, vec![row]).await?.remove(0))
    }

    pub async fn list_warnings(
        &self,
        scope: Scope,
        active_only: bool,
        page: &PageReq,
    ) -> Result<Page<WarningView>> {
        use weather_warning::Column as W;
        let mut q = weather_warning::Entity::find().filter(warning_scope(scope)?);
        let now = crate::now();
        if active_only {
            q = q
                .filter(W::ValidFrom.lte(now))
                .filter(W::ValidTo.gt(now))
                .filter(W::CancelledAt.is_null());
        }
        let total = q.clone().count(self.r()).await?;
        // In force first, then newest.
        let rows = q
            .order_by_desc(Expr::expr(
                sea_orm::sea_query::CaseStatement::new()
                    .case(
                        Condition::all()
                            .add(W::CancelledAt.is_null())
                            .add(W::ValidTo.gt(now)),
                        1,
                    )
                    .finally(0),
            ))
            .order_by_desc(W::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.warning_views(scope, rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn cancel_warning(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
    ) -> Result<WarningView> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::invalid(
                "reason",
                "required",
                "请填写解除（撤销）预警的原因",
            ));
        }
        let w = self.warning(actor.scope, id).await?;
        Self::may_issue_for(actor, &w.districts.iter().map(|d| d.id).collect::<Vec<_>>())?;
        if w.cancelled {
            return Err(StoreError::Conflict("该预警已解除".into()));
        }
        let txn = self.tx().await?;
        self.cancel_in(&txn, actor, id, reason).await?;
        txn.commit().await?;
        self.warning(actor.scope, id).await
    }

    async fn cancel_in<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        id: Uuid,
        reason: &str,
    ) -> Result<()> {
        let now = crate::now();
        weather_warning::Entity::update_many()
            .col_expr(weather_warning::Column::CancelledAt, Expr::value(now))
            .col_expr(
                weather_warning::Column::CancelReason,
                Expr::value(reason.chars().take(500).collect::<String>()),
            )
            .filter(weather_warning::Column::Id.eq(id))
            .exec(c)
            .await?;
        let reached: Vec<Uuid> = weather_ack::Entity::find()
            .select_only()
            .column(weather_ack::Column::EnterpriseId)
            .filter(weather_ack::Column::WarningId.eq(id))
            .into_tuple()
            .all(c)
            .await?;
        crate::risk::refresh_levels(c, &reached, now).await?;
        append(
            c,
            actor,
            AuditEvent::new("weather.cancel")
                .object("weather_warning", id)
                .after(json!({"reason": reason})),
        )
        .await?;
        Ok(())
    }

    /// What a parsed CAP file maps to (districts by name, default actions).
    pub async fn cap_preview(&self, w: &anzhi_cap::Warning) -> Result<CapPreview> {
        let directory = district_directory(self.r()).await?;
        let (districts, unmatched) = match_areas(&w.areas, &directory);
        let kind = Kind::from_code(w.kind.code()).unwrap_or(Kind::Typhoon);
        let colour = Colour::from_code(w.colour.code()).unwrap_or(Colour::Blue);
        let from = w
            .onset
            .or(w.effective)
            .unwrap_or(w.sent)
            .with_timezone(&Utc);
        let to = w
            .expires
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(from + chrono::Duration::hours(24));
        let replaces = if w.references.is_empty() {
            None
        } else {
            weather_warning::Entity::find()
                .filter(weather_warning::Column::CapIdentifier.is_in(w.references.clone()))
                .order_by_desc(weather_warning::Column::CreatedAt)
                .one(self.r())
                .await?
                .map(|x| x.id)
        };
        Ok(CapPreview {
            kind: kind.code().into(),
            kind_label: kind.label().into(),
            colour: colour.code().into(),
            colour_label: colour.label().into(),
            title: w
                .headline
                .clone()
                .unwrap_or_else(|| rules::default_title("海口市", kind, colour)),
            description: w.description.clone(),
            valid_from: from,
            valid_to: to,
            identifier: w.identifier.clone(),
            sender: w.sender_name.clone().unwrap_or_else(|| w.sender.clone()),
            msg_type: w.msg_type.as_str().into(),
            districts: districts
                .iter()
                .map(|d| NamedRef {
                    id: *d,
                    name: directory
                        .iter()
                        .find(|x| x.0 == *d)
                        .map(|x| x.1.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            unmatched_areas: unmatched,
            actions: rules::default_actions(kind, colour)
                .into_iter()
                .map(String::from)
                .collect(),
            replaces,
        })
    }

    /// Raises (Alert), replaces (Update: the old one is cancelled, the new one
    /// broadcast) or cancels (Cancel) a warning from a CAP file.
    pub async fn import_cap(&self, actor: &Actor, w: &anzhi_cap::Warning) -> Result<CapOutcome> {
        if weather_warning::Entity::find()
            .filter(weather_warning::Column::CapIdentifier.eq(w.identifier.clone()))
            .one(self.r())
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict(format!(
                "该预警文件（标识 {}）已经导入过",
                w.identifier
            )));
        }
        let p = self.cap_preview(w).await?;
        if !matches!(w.msg_type, anzhi_cap::MsgType::Alert) && p.replaces.is_none() {
            return Err(StoreError::invalid(
                "file",
                "not_found",
                "文件引用的原预警（<references>）不在系统中，无法更新或解除",
            ));
        }
        if let (anzhi_cap::MsgType::Cancel, Some(old)) = (w.msg_type, p.replaces) {
            let txn = self.tx().await?;
            self.cancel_in(
                &txn,
                actor,
                old,
                &format!("气象部门解除预警（{}）", w.identifier),
            )
            .await?;
            txn.commit().await?;
            return Ok(CapOutcome::Cancelled(self.warning(actor.scope, old).await?));
        }
        if p.districts.is_empty() {
            return Err(StoreError::invalid(
                "file",
                "invalid",
                format!(
                    "预警区域“{}”中没有本市的区，无法发布",
                    p.unmatched_areas.join("、")
                ),
            ));
        }
        let input = WarningInput {
            kind: Kind::from_code(&p.kind),
            colour: Colour::from_code(&p.colour),
            title: Some(p.title.chars().take(100).collect()),
            districts: p.districts.iter().map(|d| d.id).collect(),
            categories: vec![],
            valid_from: Some(p.valid_from),
            valid_to: Some(p.valid_to),
            description: p
                .description
                .as_ref()
                .map(|d| d.chars().take(2000).collect()),
            actions: p.actions.clone(),
        };
        let created = self
            .create_warning(actor, &input, Some((&w.identifier, &p.sender)))
            .await?;
        if let Some(old) = p.replaces {
            let txn = self.tx().await?;
            self.cancel_in(
                &txn,
                actor,
                old,
                &format!("已由更新的预警替代（{}）", w.identifier),
            )
            .await?;
            txn.commit().await?;
            return Ok(CapOutcome::Updated(created));
        }
        Ok(CapOutcome::Created(created))
    }

    /// Is this acknowledgement (the subject of its photos) visible to the scope?
    pub(crate) async fn weather_ack_visible(&self, scope: Scope, ack_id: Uuid) -> Result<bool> {
        let Some(a) = weather_ack::Entity::find()
            .filter(weather_ack::Column::Id.eq(ack_id))
            .one(self.r())
            .await?
        else {
            return Ok(false);
        };
        Ok(match scope {
            Scope::Internal | Scope::Leader(_) | Scope::Section(_) => true,
            Scope::District(d) => a.district_id == d,
            Scope::Enterprise(e) => a.enterprise_id == e,
            Scope::Admin(_) | Scope::Agency(_) => false,
        })
    }

    pub async fn list_acks(
        &self,
        scope: Scope,
        warning_id: Uuid,
        f: &AckFilter,
        page: &PageReq,
    ) -> Result<Page<AckView>> {
        self.warning(scope, warning_id).await?;
        let mut q =
            weather_ack::Entity::find().filter(weather_ack::Column::WarningId.eq(warning_id));
        match scope {
            Scope::District(d) => q = q.filter(weather_ack::Column::DistrictId.eq(d)),
            Scope::Enterprise(e) => q = q.filter(weather_ack::Column::EnterpriseId.eq(e)),
            _ => {}
        }
        if let Some(s) = f.state {
            q = q.filter(weather_ack::Column::State.eq(s.code()));
        }
        if let Some(d) = f.district_id {
            q = q.filter(weather_ack::Column::DistrictId.eq(d));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_asc(weather_ack::Column::DistrictId)
            .order_by_asc(weather_ack::Column::EnterpriseId)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let names = org_names(
            self.r(),
            rows.iter().flat_map(|a| [a.enterprise_id, a.district_id]),
        )
        .await?;
        let mut photos =
            attachments_of(self.r(), Subject::WeatherAck, rows.iter().map(|a| a.id)).await?;
        let items = rows
            .into_iter()
            .map(|a| {
                let p = photos.remove(&a.id).unwrap_or_default();
                ack_view(a, &names, p)
            })
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// The enterprise confirms receipt (`report` None) or reports what it did.
    pub async fn acknowledge_warning(
        &self,
        actor: &Actor,
        warning_id: Uuid,
        report: Option<(&AckInput, &[Uuid])>,
    ) -> Result<AckView> {
        let Scope::Enterprise(own) = actor.scope else {
            return Err(StoreError::Forbidden("由企业确认预警".into()));
        };
        let w = self.warning(actor.scope, warning_id).await?;
        if w.cancelled {
            return Err(StoreError::Conflict(
                "该预警已解除，无需再确认或报告".into(),
            ));
        }
        let checked = match report {
            Some((input, _)) => {
                Some(rules::check_ack(input, w.actions.len(), true).map_err(StoreError::Invalid)?)
            }
            None => None,
        };
        let who = crate::hazards::author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let a = weather_ack::Entity::find_by_id((warning_id, own))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let state = AckState::from_code(&a.state).unwrap_or(AckState::Pending);
        let next = state
            .after(report.is_some())
            .map_err(|m| StoreError::Conflict(m.into()))?;
        let now = crate::now();
        let mut am: weather_ack::ActiveModel = a.clone().into();
        am.state = Set(next.code().into());
        if a.acknowledged_at.is_none() {
            am.acknowledged_at = Set(Some(now));
            am.acknowledged_by_name = Set(Some(who.name.clone()));
        }
        if let Some(c) = &checked {
            am.reported_at = Set(Some(now));
            am.done = Set(Some(serde_json::to_string(&c.done).unwrap_or_default()));
            am.note = Set(c.note.clone());
        }
        am.update(&txn).await?;
        if let Some((_, photos)) = report {
            attach(&txn, actor, photos, Subject::WeatherAck, a.id, "photos").await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new(if report.is_some() {
                "weather.report"
            } else {
                "weather.acknowledge"
            })
            .object("weather_warning", warning_id)
            .after(json!({"state": next.code(), "done": checked.as_ref().map(|c| &c.done)})),
        )
        .await?;
        txn.commit().await?;
        let names = org_names(self.r(), [a.enterprise_id, a.district_id]).await?;
        let row = weather_ack::Entity::find_by_id((warning_id, own))
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let photos = attachments_of(self.r(), Subject::WeatherAck, [row.id])
            .await?
            .remove(&row.id)
            .unwrap_or_default();
        Ok(ack_view(row, &names, photos))
    }

    /// Notifies every enterprise still 待确认 (in the actor's reach) now.
    pub async fn remind_warning(&self, actor: &Actor, warning_id: Uuid) -> Result<u64> {
        let w = self.warning(actor.scope, warning_id).await?;
        if !w.active {
            return Err(StoreError::Conflict("预警不在有效期内，无需催办".into()));
        }
        let txn = self.tx().await?;
        let n = self.remind_pending(&txn, &w, actor.scope).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("weather.remind")
                .object("weather_warning", warning_id)
                .after(json!({"enterprises": n})),
        )
        .await?;
        txn.commit().await?;
        Ok(n)
    }

    async fn remind_pending<C: ConnectionTrait>(
        &self,
        c: &C,
        w: &WarningView,
        scope: Scope,
    ) -> Result<u64> {
        let mut q = weather_ack::Entity::find()
            .select_only()
            .column(weather_ack::Column::EnterpriseId)
            .filter(weather_ack::Column::WarningId.eq(w.id))
            .filter(weather_ack::Column::State.eq(AckState::Pending.code()));
        if let Scope::District(d) = scope {
            q = q.filter(weather_ack::Column::DistrictId.eq(d));
        }
        let pending: Vec<Uuid> = q.into_tuple().all(c).await?;
        if pending.is_empty() {
            return Ok(0);
        }
        notify_many(
            c,
            &pending,
            "weather_remind",
            &format!(
                "【催办】请确认{}{}预警：{}",
                w.kind_label, w.colour_label, w.title
            ),
            "贵单位尚未确认收到该预警，请立即确认并落实防范措施。",
            &format!("/weather/{}", w.id),
        )
        .await?;
        let now = crate::now();
        for chunk in pending.chunks(500) {
            weather_ack::Entity::update_many()
                .col_expr(
                    weather_ack::Column::RemindersSent,
                    Expr::col(weather_ack::Column::RemindersSent).add(1),
                )
                .col_expr(weather_ack::Column::LastRemindedAt, Expr::value(now))
                .filter(weather_ack::Column::WarningId.eq(w.id))
                .filter(weather_ack::Column::EnterpriseId.is_in(chunk.to_vec()))
                .exec(c)
                .await?;
        }
        Ok(pending.len() as u64)
    }

    /// The periodic reminder of unacknowledged enterprises: 2 h after the broadcast,
    /// then every 6 h while the warning is in force; each slot claimed once across
    /// servers. Returns how many enterprises were reminded.
    pub async fn run_weather_reminders(&self, instance: &str, now: DateTime<Utc>) -> Result<u64> {
        let active = weather_warning::Entity::find()
            .filter(weather_warning::Column::ValidFrom.lte(now))
            .filter(weather_warning::Column::ValidTo.gt(now))
            .filter(weather_warning::Column::CancelledAt.is_null())
            .all(self.r())
            .await?;
        let mut total = 0;
        for w in active {
            let slot = rules::ack_reminder_slot(w.created_at, now);
            if slot == 0 {
                continue;
            }
            let view = self
                .warning_views(Scope::Internal, vec![w.clone()])
                .await?
                .remove(0);
            let txn = self.tx().await?;
            if !claim(&txn, "weather_ack", &format!("{}:{slot}", w.id), instance).await? {
                continue;
            }
            total += self.remind_pending(&txn, &view, Scope::Internal).await?;
            txn.commit().await?;
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_areas_map_to_districts() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let dir = vec![
            (a, "秀英区商务局".to_string(), vec!["秀英区".to_string()]),
            (b, "龙华区商务局".to_string(), vec!["龙华区".to_string()]),
        ];
        let (hit, miss) = match_areas(&["海口市秀英区".into(), "三亚市".into()], &dir);
        assert_eq!(hit, [a]);
        assert_eq!(miss, ["三亚市"]);
        let (hit, miss) = match_areas(&["海口市".into(), "龙华区".into()], &dir);
        assert_eq!(hit, [a, b]);
        assert!(miss.is_empty());
    }
}
