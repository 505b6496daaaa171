//! Good practices (典型做法): units and enterprises submit their experience with
//! photos, a bureau section reviews, published ones are for every user to read.

use anzhi_domain::accountability::{PracticeAction, PracticeState, practice_next};
use anzhi_domain::{Scope, Validator};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::entity::{org, practice};
use crate::files::{FileBrief, Subject, attach_new, attachments_of};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PracticeView {
    pub id: Uuid,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub org_id: Uuid,
    pub org_name: String,
    pub state: PracticeState,
    pub state_label: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub cover: Option<FileBrief>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PracticeDetail {
    #[serde(flatten)]
    pub view: PracticeView,
    pub body: String,
    pub photos: Vec<FileBrief>,
    pub review_note: Option<String>,
    pub created_by_name: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PracticeInput {
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub summary: String,
    pub body: String,
    #[serde(default)]
    pub photo_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Default)]
pub struct PracticeFilter {
    pub state: Option<PracticeState>,
    pub q: Option<String>,
    /// Only the own unit's, in every state.
    pub mine: bool,
}

/// Published practices are for everyone in the business roles; a unit also sees its
/// own in every state; the bureau's sections see those waiting for review or returned.
fn practice_scope(scope: Scope) -> Result<Condition> {
    use practice::Column as P;
    let published = P::State.eq(PracticeState::Published.code());
    Ok(match scope {
        Scope::Internal => Condition::all(),
        // A section reviews: it sees what waits for review and what it returned.
        Scope::Section(o) => Condition::any()
            .add(published)
            .add(P::State.is_in([
                PracticeState::Submitted.code(),
                PracticeState::Returned.code(),
            ]))
            .add(P::OrgId.eq(o)),
        Scope::Leader(o) | Scope::District(o) | Scope::Enterprise(o) | Scope::Agency(o) => {
            Condition::any().add(published).add(P::OrgId.eq(o))
        }
        Scope::Admin(_) => return Err(StoreError::Forbidden("无权查看典型做法".into())),
    })
}

fn state_of(m: &practice::Model) -> PracticeState {
    PracticeState::from_code(&m.state).unwrap_or(PracticeState::Draft)
}

impl Store {
    async fn practice_views(&self, rows: Vec<practice::Model>) -> Result<Vec<PracticeView>> {
        let names = org_names(self.r(), rows.iter().map(|r| r.org_id)).await?;
        let mut photos =
            attachments_of(self.r(), Subject::Practice, rows.iter().map(|r| r.id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let state = state_of(&r);
                PracticeView {
                    cover: photos
                        .remove(&r.id)
                        .and_then(|v| v.into_iter().find(|f| f.has_thumb)),
                    id: r.id,
                    title: r.title,
                    category: r.category,
                    summary: r.summary,
                    org_name: names.get(&r.org_id).cloned().unwrap_or_default(),
                    org_id: r.org_id,
                    state,
                    state_label: state.label().into(),
                    submitted_at: r.submitted_at,
                    published_at: r.published_at,
                }
            })
            .collect())
    }

    pub async fn list_practices(
        &self,
        scope: Scope,
        f: &PracticeFilter,
        page: &PageReq,
    ) -> Result<Page<PracticeView>> {
        use practice::Column as P;
        let mut q = practice::Entity::find().filter(practice_scope(scope)?);
        if f.mine {
            q = q.filter(P::OrgId.eq(scope.org_id().unwrap_or_default()));
        }
        if let Some(s) = f.state {
            q = q.filter(P::State.eq(s.code()));
        } else if !f.mine {
            // Without a state the list shows what is published, and to a reviewer also
            // what waits for review; drafts are under “mine”.
            let mut shown = vec![PracticeState::Published.code()];
            if matches!(scope, Scope::Section(_) | Scope::Internal) {
                shown.push(PracticeState::Submitted.code());
            }
            q = q.filter(P::State.is_in(shown));
        }
        if let Some(t) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let like = contains(t);
            q = q.filter(
                Condition::any()
                    .add(sea_orm::sea_query::Expr::col(P::Title).like(like.clone()))
                    .add(sea_orm::sea_query::Expr::col(P::Summary).like(like.clone()))
                    .add(sea_orm::sea_query::Expr::col(P::Category).like(like)),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(P::PublishedAt)
            .order_by_desc(P::UpdatedAt)
            .order_by_desc(P::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.practice_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn practice_row<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<practice::Model> {
        practice::Entity::find_by_id(id)
            .filter(practice_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub(crate) async fn practice_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        let Ok(c) = practice_scope(scope) else {
            return Ok(false);
        };
        Ok(practice::Entity::find_by_id(id)
            .filter(c)
            .one(self.r())
            .await?
            .is_some())
    }

    pub async fn practice(&self, scope: Scope, id: Uuid) -> Result<PracticeDetail> {
        let r = self.practice_row(self.r(), scope, id).await?;
        let photos = attachments_of(self.r(), Subject::Practice, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let body = r.body.clone();
        let review_note = r.review_note.clone();
        let created_by_name = r.created_by_name.clone();
        let view = self.practice_views(vec![r]).await?.remove(0);
        Ok(PracticeDetail {
            view,
            body,
            photos,
            review_note,
            created_by_name,
        })
    }

    pub async fn save_practice(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        b: &PracticeInput,
    ) -> Result<PracticeDetail> {
        let (org_id, district_id) = match actor.scope {
            Scope::Section(o) => (o, None),
            Scope::District(o) => (o, Some(o)),
            Scope::Enterprise(o) => {
                let parent = org::Entity::find_by_id(o)
                    .one(self.r())
                    .await?
                    .and_then(|x| x.parent_id);
                (o, parent)
            }
            _ => {
                return Err(StoreError::Forbidden(
                    "典型做法由局科室、区商务局或企业报送".into(),
                ));
            }
        };
        let mut v = Validator::new();
        let title = v.text("title", "标题", &b.title, 4, 200);
        let category = v
            .optional_text("category", "类别", Some(&b.category), 50)
            .unwrap_or_default();
        let summary = v
            .optional_text("summary", "摘要", Some(&b.summary), 500)
            .unwrap_or_default();
        let body = v.text("body", "正文", &b.body, 20, 20000);
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let now = crate::now();
        let pid = match id {
            None => {
                let pid = Uuid::now_v7();
                practice::ActiveModel {
                    id: Set(pid),
                    org_id: Set(org_id),
                    district_id: Set(district_id),
                    title: Set(title),
                    category: Set(category),
                    summary: Set(summary),
                    body: Set(body),
                    state: Set(PracticeState::Draft.code().into()),
                    review_note: Set(None),
                    submitted_at: Set(None),
                    published_at: Set(None),
                    created_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?;
                pid
            }
            Some(pid) => {
                let r = self.practice_row(&txn, actor.scope, pid).await?;
                if r.org_id != org_id {
                    return Err(StoreError::Forbidden("只能修改本单位报送的典型做法".into()));
                }
                if practice_next(state_of(&r), PracticeAction::Save).is_none() {
                    return Err(StoreError::Conflict(format!(
                        "典型做法{}，不能修改",
                        state_of(&r).label()
                    )));
                }
                let mut a: practice::ActiveModel = r.into();
                a.title = Set(title);
                a.category = Set(category);
                a.summary = Set(summary);
                a.body = Set(body);
                a.updated_at = Set(now);
                a.update(&txn).await?;
                pid
            }
        };
        attach_new(
            &txn,
            actor,
            &b.photo_ids,
            Subject::Practice,
            pid,
            "photo_ids",
        )
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if id.is_none() {
                "practice.create"
            } else {
                "practice.update"
            })
            .object("practice", pid)
            .after(json!({"title": b.title.trim()})),
        )
        .await?;
        txn.commit().await?;
        self.practice(actor.scope, pid).await
    }

    pub async fn delete_practice(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        let r = self.practice_row(&txn, actor.scope, id).await?;
        if Some(r.org_id) != actor.scope.org_id() {
            return Err(StoreError::Forbidden("只能删除本单位报送的典型做法".into()));
        }
        if practice_next(state_of(&r), PracticeAction::Save).is_none() {
            return Err(StoreError::Conflict(
                "已提交或已发布的典型做法不能删除".into(),
            ));
        }
        practice::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("practice.delete").object("practice", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Submit (the own unit), publish or return (a section reviewing).
    pub async fn act_on_practice(
        &self,
        actor: &Actor,
        id: Uuid,
        action: PracticeAction,
        note: Option<&str>,
    ) -> Result<PracticeDetail> {
        let txn = self.tx().await?;
        let r = self.practice_row(&txn, actor.scope, id).await?;
        match action {
            PracticeAction::Submit if Some(r.org_id) != actor.scope.org_id() => {
                return Err(StoreError::Forbidden("只能提交本单位的典型做法".into()));
            }
            PracticeAction::Publish | PracticeAction::Return
                if !matches!(actor.scope, Scope::Section(_)) =>
            {
                return Err(StoreError::Forbidden("典型做法由局科室审核".into()));
            }
            _ => {}
        }
        let from = state_of(&r);
        let Some(to) = practice_next(from, action) else {
            return Err(StoreError::Conflict(format!(
                "典型做法当前为“{}”，不能{}",
                from.label(),
                action.label()
            )));
        };
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        if action == PracticeAction::Return && note.is_none() {
            return Err(StoreError::invalid(
                "note",
                "required",
                "退回时请填写退回理由",
            ));
        }
        if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
            return Err(StoreError::invalid(
                "note",
                "too_long",
                "审核意见不能超过500个字",
            ));
        }
        let now = crate::now();
        let org_id = r.org_id;
        let title = r.title.clone();
        let mut a: practice::ActiveModel = r.into();
        a.state = Set(to.code().into());
        a.updated_at = Set(now);
        match action {
            PracticeAction::Submit => a.submitted_at = Set(Some(now)),
            PracticeAction::Publish => {
                a.published_at = Set(Some(now));
                a.review_note = Set(note.clone());
            }
            PracticeAction::Return => a.review_note = Set(note.clone()),
            PracticeAction::Save => {}
        }
        a.update(&txn).await?;
        if matches!(action, PracticeAction::Publish | PracticeAction::Return) {
            Self::notify(
                &txn,
                org_id,
                "practice",
                format!("【典型做法】“{title}”{}", to.label()),
                note.clone()
                    .unwrap_or_else(|| "已在典型做法栏目发布。".into()),
                &format!("/practices/{id}"),
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                PracticeAction::Submit => "practice.submit",
                PracticeAction::Publish => "practice.publish",
                PracticeAction::Return => "practice.return",
                PracticeAction::Save => "practice.update",
            })
            .object("practice", id)
            .before(json!({"state": from.code()}))
            .after(json!({"state": to.code(), "note": note})),
        )
        .await?;
        txn.commit().await?;
        self.practice(actor.scope, id).await
    }
}
