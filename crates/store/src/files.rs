//! Uploaded files: their metadata, who may read them, and what they are attached to.
//!
//! A file is uploaded first (it then belongs to its uploader only) and attached to
//! one record in the transaction that writes the record (a progress report, an
//! enterprise's document…). From then on whoever may read that record may read the
//! file. Files never attached are removed after a day.

use std::collections::HashMap;

use anzhi_domain::Scope;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{assignment, assignment_event, file};
use crate::{Actor, Result, Store, StoreError};

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A progress report (an assignment event).
    AssignmentEvent,
    /// A document of an enterprise's responsibility profile.
    ProfileItem,
    /// A signed commitment letter or a commitment notice.
    Commitment,
    /// A hazard's photos as reported.
    Hazard,
    /// A step on a hazard (photos after rectification, the plan's documents).
    HazardEvent,
    /// A self-check's photos or signed record.
    SelfCheck,
    /// Photos an enterprise reports with its weather-warning acknowledgement.
    WeatherAck,
    /// Photos taken during an inspection (per checklist item).
    Inspection,
    /// A training session's materials.
    Training,
    /// A certificate's scan.
    Certificate,
    /// An emergency plan's documents.
    EmergencyPlan,
    /// A drill's photos.
    Drill,
    /// A publicity activity's materials and photos.
    Activity,
    /// A referral's evidence.
    Referral,
    /// The documents an agency sends back with a referral's result.
    ReferralResult,
    /// A meeting's minutes and materials.
    Meeting,
    /// A good practice's photos.
    Practice,
}

impl Subject {
    pub fn code(self) -> &'static str {
        match self {
            Subject::AssignmentEvent => "assignment_event",
            Subject::ProfileItem => "profile_item",
            Subject::Commitment => "commitment",
            Subject::Hazard => "hazard",
            Subject::HazardEvent => "hazard_event",
            Subject::SelfCheck => "self_check",
            Subject::WeatherAck => "weather_ack",
            Subject::Inspection => "inspection",
            Subject::Training => "training",
            Subject::Certificate => "certificate",
            Subject::EmergencyPlan => "emergency_plan",
            Subject::Drill => "drill",
            Subject::Activity => "activity",
            Subject::Referral => "referral",
            Subject::ReferralResult => "referral_result",
            Subject::Meeting => "meeting",
            Subject::Practice => "practice",
        }
    }

    fn from_code(s: &str) -> Option<Subject> {
        Some(match s {
            "assignment_event" => Subject::AssignmentEvent,
            "profile_item" => Subject::ProfileItem,
            "commitment" => Subject::Commitment,
            "hazard" => Subject::Hazard,
            "hazard_event" => Subject::HazardEvent,
            "self_check" => Subject::SelfCheck,
            "weather_ack" => Subject::WeatherAck,
            "inspection" => Subject::Inspection,
            "training" => Subject::Training,
            "certificate" => Subject::Certificate,
            "emergency_plan" => Subject::EmergencyPlan,
            "drill" => Subject::Drill,
            "activity" => Subject::Activity,
            "referral" => Subject::Referral,
            "referral_result" => Subject::ReferralResult,
            "meeting" => Subject::Meeting,
            "practice" => Subject::Practice,
            _ => return None,
        })
    }
}

/// A file as lists and timelines show it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct FileBrief {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: DateTime<Utc>,
    /// A photo with a thumbnail (`GET /api/files/{id}?thumb=true`).
    pub has_thumb: bool,
    /// When the camera says the photo was taken.
    pub taken_at: Option<DateTime<Utc>>,
}

impl From<file::Model> for FileBrief {
    fn from(m: file::Model) -> Self {
        FileBrief {
            id: m.id,
            name: m.name,
            kind: m.kind,
            content_type: m.content_type,
            size: m.size,
            uploaded_at: m.uploaded_at,
            has_thumb: m.thumb_key.is_some(),
            taken_at: m.taken_at,
        }
    }
}

/// A stored upload, as the server hands it over after writing the bytes.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub storage_key: String,
    pub name: String,
    pub kind: String,
    pub content_type: String,
    pub size: i64,
    pub sm3: String,
    /// A photo's thumbnail, stored beside it.
    pub thumb_key: Option<String>,
    /// When the camera says a photo was taken.
    pub taken_at: Option<DateTime<Utc>>,
}

/// What the server needs to serve a file.
#[derive(Debug, Clone)]
pub struct FileMeta {
    pub brief: FileBrief,
    pub storage_key: String,
    pub thumb_key: Option<String>,
}

/// The most files one record may carry.
pub const MAX_ATTACHMENTS: usize = 20;

/// Attaches the actor's own unattached uploads to a record, inside the caller's
/// transaction. Any id that is not such an upload fails the whole write.
pub(crate) async fn attach<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    ids: &[Uuid],
    subject: Subject,
    subject_id: Uuid,
    field: &str,
) -> Result<Vec<FileBrief>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    if ids.len() > MAX_ATTACHMENTS {
        return Err(StoreError::invalid(
            field,
            "too_many",
            format!("附件最多{MAX_ATTACHMENTS}个"),
        ));
    }
    let user = actor.user_id.ok_or(StoreError::NotFound)?;
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    let found = file::Entity::find()
        .filter(file::Column::Id.is_in(unique.clone()))
        .filter(file::Column::UploadedBy.eq(user))
        .filter(file::Column::SubjectId.is_null())
        .all(c)
        .await?;
    if found.len() != unique.len() {
        return Err(StoreError::invalid(
            field,
            "not_found",
            "附件不存在、已被使用或不是您上传的，请重新上传",
        ));
    }
    let now = crate::now();
    file::Entity::update_many()
        .col_expr(file::Column::SubjectKind, Expr::value(subject.code()))
        .col_expr(file::Column::SubjectId, Expr::value(subject_id))
        .col_expr(file::Column::AttachedAt, Expr::value(now))
        .filter(file::Column::Id.is_in(unique))
        .exec(c)
        .await?;
    // Keep the order the user gave.
    let by_id: HashMap<Uuid, file::Model> = found.into_iter().map(|f| (f.id, f)).collect();
    let mut out = Vec::new();
    for id in ids {
        if let Some(f) = by_id.get(id)
            && !out.iter().any(|b: &FileBrief| b.id == *id)
        {
            out.push(f.clone().into());
        }
    }
    Ok(out)
}

/// Attaches the files not yet on the record (a form sends back the ones it kept).
pub(crate) async fn attach_new<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    ids: &[Uuid],
    subject: Subject,
    id: Uuid,
    field: &str,
) -> Result<()> {
    let have: Vec<Uuid> = attachments_of(c, subject, [id])
        .await?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.id)
        .collect();
    let fresh: Vec<Uuid> = ids.iter().copied().filter(|f| !have.contains(f)).collect();
    attach(c, actor, &fresh, subject, id, field).await?;
    Ok(())
}

/// The files attached to each of `ids`, oldest first.
pub(crate) async fn attachments_of<C: ConnectionTrait>(
    c: &C,
    subject: Subject,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Vec<FileBrief>>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let mut out: HashMap<Uuid, Vec<FileBrief>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for f in file::Entity::find()
            .filter(file::Column::SubjectKind.eq(subject.code()))
            .filter(file::Column::SubjectId.is_in(chunk.to_vec()))
            .order_by_asc(file::Column::AttachedAt)
            .order_by_asc(file::Column::Id)
            .all(c)
            .await?
        {
            if let Some(s) = f.subject_id {
                out.entry(s).or_default().push(f.into());
            }
        }
    }
    Ok(out)
}

/// Hands files attached to one record over to another (an inspection's photos of a
/// 不符合 item become the photos of the hazard it found). Whoever may read the new
/// record may read them; the old record still lists them by id.
pub(crate) async fn move_attachments<C: ConnectionTrait>(
    c: &C,
    ids: &[Uuid],
    from: (Subject, Uuid),
    to: (Subject, Uuid),
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    file::Entity::update_many()
        .col_expr(file::Column::SubjectKind, Expr::value(to.0.code()))
        .col_expr(file::Column::SubjectId, Expr::value(to.1))
        .filter(file::Column::Id.is_in(ids.to_vec()))
        .filter(file::Column::SubjectKind.eq(from.0.code()))
        .filter(file::Column::SubjectId.eq(from.1))
        .exec(c)
        .await?;
    Ok(())
}

impl Store {
    /// Records an upload whose bytes are already stored under `storage_key`.
    pub async fn record_upload(&self, actor: &Actor, f: NewFile) -> Result<FileBrief> {
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        if matches!(actor.scope, Scope::Admin(_)) {
            return Err(StoreError::Forbidden("管理员不上传业务附件".into()));
        }
        let txn = self.tx().await?;
        let m = file::ActiveModel {
            id: Set(Uuid::now_v7()),
            storage_key: Set(f.storage_key),
            name: Set(f.name),
            kind: Set(f.kind),
            content_type: Set(f.content_type),
            size: Set(f.size),
            sm3: Set(f.sm3),
            org_id: Set(actor.scope.org_id()),
            uploaded_by: Set(user),
            uploaded_at: Set(crate::now()),
            subject_kind: Set(None),
            subject_id: Set(None),
            attached_at: Set(None),
            thumb_key: Set(f.thumb_key),
            taken_at: Set(f.taken_at),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("file.upload")
                .object("file", m.id)
                .after(json!({"name": m.name, "kind": m.kind, "size": m.size, "sm3": m.sm3})),
        )
        .await?;
        txn.commit().await?;
        Ok(m.into())
    }

    /// A file the actor may read: their own upload, or one attached to a record
    /// the actor may read. Anything else is "not found".
    pub async fn file_for_download(&self, actor: &Actor, id: Uuid) -> Result<FileMeta> {
        let f = file::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let own = actor.user_id.is_some() && actor.user_id == Some(f.uploaded_by);
        let visible = own
            || match (
                f.subject_kind.as_deref().and_then(Subject::from_code),
                f.subject_id,
            ) {
                (Some(s), Some(sid)) => self.subject_visible(actor.scope, s, sid).await?,
                _ => false,
            };
        if !visible {
            return Err(StoreError::NotFound);
        }
        Ok(FileMeta {
            storage_key: f.storage_key.clone(),
            thumb_key: f.thumb_key.clone(),
            brief: f.into(),
        })
    }

    async fn subject_visible(&self, scope: Scope, s: Subject, id: Uuid) -> Result<bool> {
        match s {
            Subject::AssignmentEvent => {
                let Some(e) = assignment_event::Entity::find_by_id(id)
                    .one(self.r())
                    .await?
                else {
                    return Ok(false);
                };
                let Ok(cond) = crate::campaigns::assignment_scope(scope) else {
                    return Ok(false);
                };
                let mut q = assignment::Entity::find_by_id(e.assignment_id);
                if let Some(c) = cond {
                    q = q.filter(c);
                }
                Ok(q.one(self.r()).await?.is_some())
            }
            Subject::Hazard => self.hazard_visible(scope, id).await,
            Subject::HazardEvent => self.hazard_event_visible(scope, id).await,
            Subject::SelfCheck => self.self_check_visible(scope, id).await,
            Subject::WeatherAck => self.weather_ack_visible(scope, id).await,
            Subject::Inspection => self.inspection_visible(scope, id).await,
            Subject::Training
            | Subject::Certificate
            | Subject::EmergencyPlan
            | Subject::Drill
            | Subject::Activity => self.training_subject_visible(scope, s, id).await,
            Subject::Referral | Subject::ReferralResult => self.referral_visible(scope, id).await,
            Subject::Meeting => self.meeting_visible(scope, id).await,
            Subject::Practice => self.practice_visible(scope, id).await,
            Subject::ProfileItem | Subject::Commitment => {
                let enterprise = crate::enterprises::subject_enterprise(self.r(), s, id).await?;
                match enterprise {
                    Some(e) => crate::enterprises::enterprise_visible(self.r(), scope, e).await,
                    None => Ok(false),
                }
            }
        }
    }

    /// Uploads never attached and older than `before`: (id, storage keys: the
    /// file's and its thumbnail's).
    pub async fn stale_uploads(&self, before: DateTime<Utc>) -> Result<Vec<(Uuid, Vec<String>)>> {
        Ok(file::Entity::find()
            .select_only()
            .column(file::Column::Id)
            .column(file::Column::StorageKey)
            .column(file::Column::ThumbKey)
            .filter(file::Column::SubjectId.is_null())
            .filter(file::Column::UploadedAt.lt(before))
            .limit(500)
            .into_tuple::<(Uuid, String, Option<String>)>()
            .all(self.r())
            .await?
            .into_iter()
            .map(|(id, key, thumb)| (id, std::iter::once(key).chain(thumb).collect()))
            .collect())
    }

    /// Forgets uploads that were never attached (the caller removes their bytes).
    pub async fn forget_uploads(&self, ids: &[Uuid]) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let txn = self.tx().await?;
        let n = file::Entity::delete_many()
            .filter(file::Column::Id.is_in(ids.to_vec()))
            .filter(file::Column::SubjectId.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(n)
    }
}
