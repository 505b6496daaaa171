//! Holding units to account: enforcement referrals (函送执法), task-force meetings
//! (专班会议), good practices (典型做法), bulletins (通报), interviews and exposure
//! (约谈曝光) and the leaders' cockpit. See docs/api-accountability.md.

use anzhi_domain::Permission;
use anzhi_domain::accountability::ReferralInput;
use anzhi_domain::accountability::{
    BulletinState, InterviewKind, MeetingKind, PracticeAction, PracticeState, ReferralAction,
    ReferralSource, ReferralState,
};
use anzhi_domain::assessment::{Indicator, ItemInput as AssessmentItemInput, TargetKind};
use anzhi_store::assessments::{AssessmentDetail, AssessmentInput, AssessmentView, RowTaskInput};
use anzhi_store::bulletins::{
    BulletinDetail, BulletinEdit, BulletinView, InterviewFilter, InterviewInput, InterviewView,
};
use anzhi_store::cockpit::Cockpit;
use anzhi_store::meetings::{
    DecisionInput, DecisionView, MeetingDetail, MeetingFilter, MeetingInput, MeetingView,
};
use anzhi_store::practices::{PracticeDetail, PracticeFilter, PracticeInput, PracticeView};
use anzhi_store::referrals::{
    AgencyBrief, HandleInput, ReferralDetail, ReferralFilter, ReferralPrefill, ReferralView,
};
use anzhi_store::reports::MonthlyReport;
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::parse;
use super::training::export;
use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::xlsx::{opt, time};

const MAX_EXPORT: u64 = 50_000;
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// ----- referrals ---------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// draft / sent / received / acting / concluded / withdrawn
    pub state: Option<String>,
    pub agency_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    /// manual / hazard / inspection
    pub source: Option<String>,
    /// Open referrals whose follow-up (跟踪问效) is due.
    pub follow_up_due: Option<bool>,
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl ReferralQuery {
    fn filter(&self) -> ApiResult<ReferralFilter> {
        Ok(ReferralFilter {
            state: parse("state", &self.state, ReferralState::from_code, "状态")?,
            agency_id: self.agency_id,
            district_id: self.district_id,
            enterprise_id: self.enterprise_id,
            source: parse("source", &self.source, ReferralSource::from_code, "来源")?,
            follow_up_due: self.follow_up_due.unwrap_or(false),
            q: self.q.clone(),
        })
    }
}

#[utoipa::path(get, path = "/api/referrals", tag = "accountability", params(ReferralQuery),
    responses((status = 200, body = Page<ReferralView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn referrals(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ReferralQuery>,
) -> ApiResult<Json<Page<ReferralView>>> {
    auth.require(&st, Permission::ReferralRead).await?;
    Ok(Json(
        st.store
            .list_referrals(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/referrals/export", tag = "accountability", params(ReferralQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_referrals(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ReferralQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::ReferralRead).await?;
    let p = st
        .store
        .list_referrals(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                opt(&r.number),
                r.enterprise_name,
                r.district_name,
                r.agency_name,
                r.source_label,
                r.violation,
                r.state_label,
                r.from_org_name,
                time(r.sent_at),
                opt(&r.reply_by),
                opt(&r.result),
            ]
        })
        .collect();
    export(
        "函送执法",
        vec![
            ("序号", 7.0),
            ("函号", 20.0),
            ("企业", 30.0),
            ("所属区", 14.0),
            ("执法部门", 24.0),
            ("来源", 10.0),
            ("违法行为", 50.0),
            ("状态", 12.0),
            ("函送单位", 16.0),
            ("函送时间", 18.0),
            ("请于何日前函复", 14.0),
            ("处理结果", 40.0),
        ],
        rows,
        p.total,
        "函送执法",
    )
    .await
}

#[utoipa::path(get, path = "/api/referrals/agencies", tag = "accountability",
    responses((status = 200, body = Vec<AgencyBrief>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn referral_agencies(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<AgencyBrief>>> {
    auth.require(&st, Permission::ReferralRead).await?;
    Ok(Json(st.store.referral_agencies(auth.scope()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PrefillQuery {
    pub hazard_id: Option<Uuid>,
    pub inspection_id: Option<Uuid>,
}

#[utoipa::path(get, path = "/api/referrals/prefill", tag = "accountability", params(PrefillQuery),
    responses((status = 200, body = ReferralPrefill), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn referral_prefill(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PrefillQuery>,
) -> ApiResult<Json<ReferralPrefill>> {
    auth.require(&st, Permission::ReferralWrite).await?;
    Ok(Json(
        st.store
            .referral_prefill(auth.scope(), q.hazard_id, q.inspection_id)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/referrals", tag = "accountability", request_body = ReferralInput,
    responses((status = 201, body = ReferralDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_referral(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<ReferralInput>,
) -> ApiResult<(StatusCode, Json<ReferralDetail>)> {
    auth.require(&st, Permission::ReferralWrite).await?;
    let r = auth
        .checked(&st, st.store.save_referral(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

#[utoipa::path(get, path = "/api/referrals/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = ReferralDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn referral(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ReferralDetail>> {
    auth.require(&st, Permission::ReferralRead).await?;
    Ok(Json(st.store.referral(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/referrals/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = ReferralInput,
    responses((status = 200, body = ReferralDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_referral(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReferralInput>,
) -> ApiResult<Json<ReferralDetail>> {
    auth.require(&st, Permission::ReferralWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_referral(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/referrals/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_referral(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::ReferralWrite).await?;
    auth.checked(&st, st.store.delete_referral(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a step on a referral carries (each field where the step uses it).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralStep {
    #[serde(default)]
    pub note: Option<String>,
    /// A withdrawal's reason.
    #[serde(default)]
    pub reason: Option<String>,
    /// Staff of the referring unit record the agency's step on its behalf.
    #[serde(default)]
    pub on_behalf: bool,
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub penalty: Option<String>,
    #[serde(default)]
    pub file_ids: Vec<Uuid>,
}

async fn referral_step(
    st: &AppState,
    auth: &Auth,
    id: Uuid,
    action: ReferralAction,
    b: ReferralStep,
) -> ApiResult<Json<ReferralDetail>> {
    let handle = matches!(
        action,
        ReferralAction::Receive | ReferralAction::Act | ReferralAction::Conclude
    );
    if handle && !b.on_behalf {
        auth.require(st, Permission::ReferralHandle).await?;
    } else {
        auth.require(st, Permission::ReferralWrite).await?;
    }
    let input = HandleInput {
        note: b.note.or(b.reason),
        on_behalf: b.on_behalf,
        result: b.result,
        penalty: b.penalty,
        file_ids: b.file_ids,
    };
    Ok(Json(
        auth.checked(
            st,
            st.store
                .act_on_referral(&auth.actor, id, action, &input)
                .await,
        )
        .await?,
    ))
}

macro_rules! referral_action {
    ($name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "accountability", params(("id" = Uuid, Path)), request_body = ReferralStep,
            responses((status = 200, body = ReferralDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
        pub async fn $name(
            State(st): State<AppState>,
            auth: Auth,
            Path(id): Path<Uuid>,
            ApiJson(body): ApiJson<ReferralStep>,
        ) -> ApiResult<Json<ReferralDetail>> {
            referral_step(&st, &auth, id, $action, body).await
        }
    };
}

referral_action!(
    send_referral,
    "/api/referrals/{id}/send",
    ReferralAction::Send,
    "Send the draft (函送): numbered 海商函〔年〕N号; the agency is notified."
);
referral_action!(
    receive_referral,
    "/api/referrals/{id}/receive",
    ReferralAction::Receive,
    "The agency records receipt (or the referring unit on its behalf with `on_behalf`)."
);
referral_action!(
    act_referral,
    "/api/referrals/{id}/action",
    ReferralAction::Act,
    "The agency records what it does (`note` required)."
);
referral_action!(
    conclude_referral,
    "/api/referrals/{id}/result",
    ReferralAction::Conclude,
    "The agency records the result (`result` required; `penalty`, `file_ids`); the referring unit is notified."
);
referral_action!(
    follow_up_referral,
    "/api/referrals/{id}/follow-up",
    ReferralAction::FollowUp,
    "跟踪问效: the referring unit asks for progress (`note` required); the agency is reminded."
);
referral_action!(
    withdraw_referral,
    "/api/referrals/{id}/withdraw",
    ReferralAction::Withdraw,
    "Withdraw a draft or sent referral (`reason` required)."
);

/// The referral letter (函) as `.docx`.
#[utoipa::path(get, path = "/api/referrals/{id}/letter", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn referral_letter(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::ReferralRead).await?;
    let data = st.store.referral_letter(auth.scope(), id).await?;
    let d = data.detail;
    let mut evidence: Vec<String> = d
        .evidence
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    evidence.extend(d.files.iter().map(|f| f.name.clone()));
    let date = d
        .view
        .sent_at
        .map(anzhi_domain::time::today_china)
        .unwrap_or_else(|| anzhi_domain::time::today_china(chrono::Utc::now()));
    let letter = anzhi_docs::ReferralLetter {
        number: d.view.number.clone(),
        agency_name: d.view.agency_name.clone(),
        enterprise_name: d.view.enterprise_name.clone(),
        credit_code: data.credit_code,
        address: data.address,
        violation: d.view.violation.clone(),
        legal_basis: d.legal_basis.clone(),
        evidence,
        requested_action: d.requested_action.clone(),
        reply_by: d.view.reply_by,
        contact_name: d.contact_name.clone(),
        contact_phone: d.contact_phone.clone(),
        issuer: anzhi_store::seed::BUREAU.into(),
        date,
    };
    let bytes = tokio::task::spawn_blocking(move || anzhi_docs::referral_letter(&letter))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    Ok(crate::xlsx::attachment(
        bytes,
        &format!("函送执法-{}.docx", d.view.enterprise_name),
        DOCX,
    ))
}

// ----- meetings ----------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    /// task_force / symposium
    pub kind: Option<String>,
    pub year: Option<i32>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl MeetingQuery {
    fn filter(&self) -> ApiResult<MeetingFilter> {
        Ok(MeetingFilter {
            kind: parse("kind", &self.kind, MeetingKind::from_code, "会议类型")?,
            year: self.year,
        })
    }
}

#[utoipa::path(get, path = "/api/meetings", tag = "accountability", params(MeetingQuery),
    responses((status = 200, body = Page<MeetingView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn meetings(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MeetingQuery>,
) -> ApiResult<Json<Page<MeetingView>>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(
        st.store
            .list_meetings(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/meetings/export", tag = "accountability", params(MeetingQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_meetings(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MeetingQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let p = st
        .store
        .list_meetings(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                (i + 1).to_string(),
                m.held_on.to_string(),
                m.kind_label,
                m.title,
                m.location,
                m.host,
                m.attendees,
                m.topics,
                m.decisions.to_string(),
                m.tasks_created.to_string(),
                m.organiser_name,
            ]
        })
        .collect();
    export(
        "会议记录",
        vec![
            ("序号", 7.0),
            ("日期", 12.0),
            ("类型", 10.0),
            ("会议名称", 36.0),
            ("地点", 20.0),
            ("主持人", 12.0),
            ("参会人员", 40.0),
            ("议题", 40.0),
            ("决定事项", 10.0),
            ("已转任务", 10.0),
            ("组织科室", 16.0),
        ],
        rows,
        p.total,
        "会议记录",
    )
    .await
}

#[utoipa::path(post, path = "/api/meetings", tag = "accountability", request_body = MeetingInput,
    responses((status = 201, body = MeetingDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_meeting(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<MeetingInput>,
) -> ApiResult<(StatusCode, Json<MeetingDetail>)> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    let m = auth
        .checked(&st, st.store.save_meeting(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[utoipa::path(get, path = "/api/meetings/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = MeetingDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn meeting(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MeetingDetail>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(st.store.meeting(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/meetings/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = MeetingInput,
    responses((status = 200, body = MeetingDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_meeting(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<MeetingInput>,
) -> ApiResult<Json<MeetingDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_meeting(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/meetings/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_meeting(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    auth.checked(&st, st.store.delete_meeting(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/meetings/{id}/decisions", tag = "accountability", params(("id" = Uuid, Path)), request_body = DecisionInput,
    responses((status = 201, body = DecisionView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn add_decision(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DecisionInput>,
) -> ApiResult<(StatusCode, Json<DecisionView>)> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    let d = auth
        .checked(&st, st.store.add_decision(&auth.actor, id, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(put, path = "/api/meeting-decisions/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = DecisionInput,
    responses((status = 200, body = DecisionView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_decision(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DecisionInput>,
) -> ApiResult<Json<DecisionView>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.update_decision(&auth.actor, id, &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/meeting-decisions/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_decision(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    auth.checked(&st, st.store.delete_decision(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionTaskInput {
    pub campaign_id: Uuid,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DecisionTask {
    pub decision: DecisionView,
    pub task_id: Uuid,
}

/// A decision becomes a campaign task (only the section owning the campaign).
#[utoipa::path(post, path = "/api/meeting-decisions/{id}/task", tag = "accountability", params(("id" = Uuid, Path)), request_body = DecisionTaskInput,
    responses((status = 200, body = DecisionTask), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn decision_task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DecisionTaskInput>,
) -> ApiResult<Json<DecisionTask>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    auth.require(&st, Permission::CampaignWrite).await?;
    let (decision, task_id) = auth
        .checked(
            &st,
            st.store
                .decision_to_task(&auth.actor, id, b.campaign_id)
                .await,
        )
        .await?;
    Ok(Json(DecisionTask { decision, task_id }))
}

// ----- practices ---------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PracticeQuery {
    /// draft / submitted / published / returned
    pub state: Option<String>,
    pub q: Option<String>,
    /// Only the own unit's, in every state.
    pub mine: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl PracticeQuery {
    fn filter(&self) -> ApiResult<PracticeFilter> {
        Ok(PracticeFilter {
            state: parse("state", &self.state, PracticeState::from_code, "状态")?,
            q: self.q.clone(),
            mine: self.mine.unwrap_or(false),
        })
    }
}

#[utoipa::path(get, path = "/api/practices", tag = "accountability", params(PracticeQuery),
    responses((status = 200, body = Page<PracticeView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn practices(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PracticeQuery>,
) -> ApiResult<Json<Page<PracticeView>>> {
    auth.require(&st, Permission::PracticeRead).await?;
    Ok(Json(
        st.store
            .list_practices(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/practices/export", tag = "accountability", params(PracticeQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_practices(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PracticeQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::PracticeRead).await?;
    let p = st
        .store
        .list_practices(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                x.title,
                x.category,
                x.org_name,
                x.summary,
                x.state_label,
                time(x.submitted_at),
                time(x.published_at),
            ]
        })
        .collect();
    export(
        "典型做法",
        vec![
            ("序号", 7.0),
            ("标题", 36.0),
            ("类别", 14.0),
            ("报送单位", 24.0),
            ("摘要", 50.0),
            ("状态", 10.0),
            ("提交时间", 18.0),
            ("发布时间", 18.0),
        ],
        rows,
        p.total,
        "典型做法",
    )
    .await
}

#[utoipa::path(post, path = "/api/practices", tag = "accountability", request_body = PracticeInput,
    responses((status = 201, body = PracticeDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_practice(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<PracticeInput>,
) -> ApiResult<(StatusCode, Json<PracticeDetail>)> {
    auth.require(&st, Permission::PracticeSubmit).await?;
    let p = auth
        .checked(&st, st.store.save_practice(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(p)))
}

#[utoipa::path(get, path = "/api/practices/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = PracticeDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn practice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<PracticeDetail>> {
    auth.require(&st, Permission::PracticeRead).await?;
    Ok(Json(st.store.practice(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/practices/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = PracticeInput,
    responses((status = 200, body = PracticeDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_practice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PracticeInput>,
) -> ApiResult<Json<PracticeDetail>> {
    auth.require(&st, Permission::PracticeSubmit).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_practice(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/practices/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_practice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::PracticeSubmit).await?;
    auth.checked(&st, st.store.delete_practice(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/practices/{id}/submit", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = PracticeDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn submit_practice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<PracticeDetail>> {
    auth.require(&st, Permission::PracticeSubmit).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_practice(&auth.actor, id, PracticeAction::Submit, None)
                .await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub approve: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/practices/{id}/review", tag = "accountability", params(("id" = Uuid, Path)), request_body = ReviewInput,
    responses((status = 200, body = PracticeDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn review_practice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReviewInput>,
) -> ApiResult<Json<PracticeDetail>> {
    auth.require(&st, Permission::PracticeReview).await?;
    let action = if b.approve {
        PracticeAction::Publish
    } else {
        PracticeAction::Return
    };
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_practice(&auth.actor, id, action, b.note.as_deref())
                .await,
        )
        .await?,
    ))
}

// ----- bulletins ---------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftInput {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
}

#[utoipa::path(post, path = "/api/bulletins/draft", tag = "accountability", request_body = DraftInput,
    responses((status = 201, body = BulletinDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn draft_bulletin(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<DraftInput>,
) -> ApiResult<(StatusCode, Json<BulletinDetail>)> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    let d = auth
        .checked(
            &st,
            st.store
                .draft_bulletin(&auth.actor, b.period_from, b.period_to)
                .await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BulletinQuery {
    /// draft / issued
    pub state: Option<String>,
    pub year: Option<i32>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/bulletins", tag = "accountability", params(BulletinQuery),
    responses((status = 200, body = Page<BulletinView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn bulletins(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<BulletinQuery>,
) -> ApiResult<Json<Page<BulletinView>>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let state = parse("state", &q.state, BulletinState::from_code, "状态")?;
    Ok(Json(
        st.store
            .list_bulletins(
                auth.scope(),
                state,
                q.year,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/bulletins/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = BulletinDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn bulletin(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<BulletinDetail>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(st.store.bulletin(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/bulletins/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = BulletinEdit,
    responses((status = 200, body = BulletinDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_bulletin(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<BulletinEdit>,
) -> ApiResult<Json<BulletinDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.update_bulletin(&auth.actor, id, &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/bulletins/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_bulletin(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    auth.checked(&st, st.store.delete_bulletin(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/bulletins/{id}/issue", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = BulletinDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn issue_bulletin(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<BulletinDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.issue_bulletin(&auth.actor, id).await)
            .await?,
    ))
}

/// The bulletin as `.docx` (GB/T 9704: 2号小标宋 title, 3号仿宋 body).
#[utoipa::path(get, path = "/api/bulletins/{id}/docx", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn bulletin_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let b = st.store.bulletin(auth.scope(), id).await?;
    let date = b
        .view
        .issued_at
        .map(anzhi_domain::time::today_china)
        .unwrap_or_else(|| anzhi_domain::time::today_china(chrono::Utc::now()));
    let doc = anzhi_docs::Bulletin {
        title: b.view.title.clone(),
        number: b.view.number.clone(),
        recipients: "各区商务局，局各科室，各商贸企业：".into(),
        sections: b
            .sections
            .iter()
            .map(|s| anzhi_docs::DocSection {
                heading: s.heading.clone(),
                paragraphs: s.paragraphs.clone(),
            })
            .collect(),
        issuer: anzhi_store::seed::BUREAU.into(),
        date,
        copy_to: Some("市安委办".into()),
    };
    let bytes = tokio::task::spawn_blocking(move || anzhi_docs::bulletin(&doc))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    Ok(crate::xlsx::attachment(
        bytes,
        &format!("{}.docx", b.view.title),
        DOCX,
    ))
}

// ----- interviews --------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterviewQuery {
    /// interview / exposure
    pub kind: Option<String>,
    pub district_id: Option<Uuid>,
    pub org_id: Option<Uuid>,
    /// Interviews whose follow-up (回访) is due and not recorded.
    pub follow_up_due: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl InterviewQuery {
    fn filter(&self) -> ApiResult<InterviewFilter> {
        Ok(InterviewFilter {
            kind: parse("kind", &self.kind, InterviewKind::from_code, "类型")?,
            district_id: self.district_id,
            org_id: self.org_id,
            follow_up_due: self.follow_up_due.unwrap_or(false),
        })
    }
}

#[utoipa::path(get, path = "/api/interviews", tag = "accountability", params(InterviewQuery),
    responses((status = 200, body = Page<InterviewView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn interviews(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<InterviewQuery>,
) -> ApiResult<Json<Page<InterviewView>>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(
        st.store
            .list_interviews(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/interviews/export", tag = "accountability", params(InterviewQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_interviews(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<InterviewQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let p = st
        .store
        .list_interviews(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                x.kind_label,
                x.held_on.to_string(),
                x.org_name,
                x.district_name,
                x.reason,
                x.interviewer,
                x.commitments,
                opt(&x.channel),
                opt(&x.follow_up_on),
                opt(&x.follow_up_note),
                x.recorded_by_name,
            ]
        })
        .collect();
    export(
        "约谈曝光",
        vec![
            ("序号", 7.0),
            ("类型", 8.0),
            ("日期", 12.0),
            ("对象", 30.0),
            ("所属区", 14.0),
            ("事由", 40.0),
            ("约谈人", 12.0),
            ("整改承诺", 40.0),
            ("曝光渠道", 16.0),
            ("回访日期", 12.0),
            ("回访情况", 30.0),
            ("登记人", 12.0),
        ],
        rows,
        p.total,
        "约谈曝光",
    )
    .await
}

#[utoipa::path(post, path = "/api/interviews", tag = "accountability", request_body = InterviewInput,
    responses((status = 201, body = InterviewView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_interview(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<InterviewInput>,
) -> ApiResult<(StatusCode, Json<InterviewView>)> {
    auth.require(&st, Permission::InterviewWrite).await?;
    let i = auth
        .checked(&st, st.store.save_interview(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(i)))
}

#[utoipa::path(get, path = "/api/interviews/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = InterviewView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn interview(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InterviewView>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(st.store.interview(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/interviews/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = InterviewInput,
    responses((status = 200, body = InterviewView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_interview(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<InterviewInput>,
) -> ApiResult<Json<InterviewView>> {
    auth.require(&st, Permission::InterviewWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.save_interview(&auth.actor, Some(id), &b).await,
        )
        .await?,
    ))
}

#[utoipa::path(delete, path = "/api/interviews/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_interview(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::InterviewWrite).await?;
    auth.checked(&st, st.store.delete_interview(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/interviews/{id}/follow-up", tag = "accountability", params(("id" = Uuid, Path)), request_body = NoteInput,
    responses((status = 200, body = InterviewView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn follow_up_interview(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<NoteInput>,
) -> ApiResult<Json<InterviewView>> {
    auth.require(&st, Permission::InterviewWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.follow_up_interview(&auth.actor, id, &b.note).await,
        )
        .await?,
    ))
}

// ----- cockpit -----------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CockpitQuery {
    /// One district (a district user always gets its own).
    pub district_id: Option<Uuid>,
    /// Default: the latest campaign.
    pub campaign_id: Option<Uuid>,
}

#[utoipa::path(get, path = "/api/cockpit", tag = "accountability", params(CockpitQuery),
    responses((status = 200, body = Cockpit), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn cockpit(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CockpitQuery>,
) -> ApiResult<Json<Cockpit>> {
    auth.require(&st, Permission::CockpitRead).await?;
    let c = st
        .cockpit(auth.scope(), q.district_id, q.campaign_id)
        .await?;
    Ok(Json(Cockpit::clone(&c)))
}

// ----- assessments -------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorQuery {
    /// district / section / enterprise
    pub target_kind: Option<String>,
}

/// The default indicators of a target kind (weights sum to 100).
#[utoipa::path(get, path = "/api/assessments/indicators", tag = "accountability", params(IndicatorQuery),
    responses((status = 200, body = Vec<Indicator>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn assessment_indicators(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<IndicatorQuery>,
) -> ApiResult<Json<Vec<Indicator>>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let kind = parse(
        "target_kind",
        &q.target_kind,
        TargetKind::from_code,
        "考核对象",
    )?
    .unwrap_or(TargetKind::District);
    Ok(Json(anzhi_domain::assessment::default_indicators(kind)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentQuery {
    pub year: Option<i32>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/assessments", tag = "accountability", params(AssessmentQuery),
    responses((status = 200, body = Page<AssessmentView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn assessments(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<AssessmentQuery>,
) -> ApiResult<Json<Page<AssessmentView>>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(
        st.store
            .list_assessments(
                auth.scope(),
                q.year,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/assessments", tag = "accountability", request_body = AssessmentInput,
    responses((status = 201, body = AssessmentDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_assessment(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<AssessmentInput>,
) -> ApiResult<(StatusCode, Json<AssessmentDetail>)> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    let d = auth
        .checked(&st, st.store.create_assessment(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(get, path = "/api/assessments/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = AssessmentDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssessmentDetail>> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    Ok(Json(st.store.assessment(auth.scope(), id).await?))
}

#[utoipa::path(post, path = "/api/assessments/{id}/refresh", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = AssessmentDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn refresh_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssessmentDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.refresh_assessment(&auth.actor, id).await)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/assessments/{id}/finalize", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = AssessmentDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn finalize_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssessmentDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.finalize_assessment(&auth.actor, id).await)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/assessments/{id}/export", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn export_assessment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::AccountabilityRead).await?;
    let a = st.store.assessment(auth.scope(), id).await?;
    let mut headers: Vec<(String, f64)> = vec![("名次".into(), 7.0), ("单位".into(), 28.0)];
    for i in &a.indicators {
        headers.push((format!("{}（{}分）", i.label, i.weight), 16.0));
    }
    headers.extend([
        ("总分".into(), 9.0),
        ("等次".into(), 9.0),
        ("调整理由".into(), 40.0),
    ]);
    let rows: Vec<Vec<String>> = a
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.rank.to_string(), r.org_name.clone()];
            row.extend(r.items.iter().map(|i| format!("{:.1}", i.score)));
            row.push(format!("{:.1}", r.total));
            row.push(r.grade.clone());
            row.push(
                r.items
                    .iter()
                    .filter_map(|i| i.reason.as_ref().map(|x| format!("{}：{x}", i.label)))
                    .collect::<Vec<_>>()
                    .join("；"),
            );
            row
        })
        .collect();
    let total = rows.len() as u64;
    let bytes = tokio::task::spawn_blocking(move || {
        let h: Vec<(&str, f64)> = headers.iter().map(|(n, w)| (n.as_str(), *w)).collect();
        crate::xlsx::workbook("考核评分", &h, &rows, total)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok(crate::xlsx::download(
        bytes,
        &format!("{}-{}.xlsx", a.view.title, crate::xlsx::stamp()),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowScores {
    pub items: Vec<AssessmentItemInput>,
}

/// Adjusts a unit's scores (a score other than the system's needs a reason).
#[utoipa::path(put, path = "/api/assessment-rows/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = RowScores,
    responses((status = 200, body = AssessmentDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn score_assessment_row(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RowScores>,
) -> ApiResult<Json<AssessmentDetail>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .score_assessment_row(&auth.actor, id, &b.items)
                .await,
        )
        .await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskCreated {
    pub task_id: Uuid,
}

/// The rectification of the unit's weak points becomes a campaign task for it.
#[utoipa::path(post, path = "/api/assessment-rows/{id}/task", tag = "accountability", params(("id" = Uuid, Path)), request_body = RowTaskInput,
    responses((status = 200, body = TaskCreated), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn assessment_row_task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RowTaskInput>,
) -> ApiResult<Json<TaskCreated>> {
    auth.require(&st, Permission::AccountabilityWrite).await?;
    auth.require(&st, Permission::CampaignWrite).await?;
    let task_id = auth
        .checked(&st, st.store.assessment_row_task(&auth.actor, id, &b).await)
        .await?;
    Ok(Json(TaskCreated { task_id }))
}

// ----- monthly report ----------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM`, default the previous month.
    pub month: Option<String>,
    pub district_id: Option<Uuid>,
}

impl MonthQuery {
    fn month(&self) -> String {
        super::nonempty(&self.month).unwrap_or_else(|| {
            let today = anzhi_domain::time::today_china(chrono::Utc::now());
            let prev = today
                .with_day(1)
                .and_then(|d| d.pred_opt())
                .unwrap_or(today);
            prev.format("%Y-%m").to_string()
        })
    }
}

#[utoipa::path(get, path = "/api/reports/monthly", tag = "accountability", params(MonthQuery),
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn monthly_report(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Json<MonthlyReport>> {
    auth.require(&st, Permission::CockpitRead).await?;
    Ok(Json(
        st.store
            .monthly_report(auth.scope(), &q.month(), q.district_id)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/reports/monthly/docx", tag = "accountability", params(MonthQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn monthly_report_docx(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CockpitRead).await?;
    let r = st
        .store
        .monthly_report(auth.scope(), &q.month(), q.district_id)
        .await?;
    let doc = anzhi_docs::MonthlyReport {
        title: r.title.clone(),
        issuer: anzhi_store::seed::BUREAU.into(),
        date: anzhi_domain::time::today_china(chrono::Utc::now()),
        sections: r
            .sections
            .iter()
            .map(|s| anzhi_docs::DocSection {
                heading: s.heading.clone(),
                paragraphs: s.paragraphs.clone(),
            })
            .collect(),
        tables: r
            .tables
            .iter()
            .map(|t| anzhi_docs::DocTable {
                caption: t.caption.clone(),
                head: t.head.clone(),
                rows: t.rows.clone(),
            })
            .collect(),
    };
    let bytes = tokio::task::spawn_blocking(move || anzhi_docs::monthly_report(&doc))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    Ok(crate::xlsx::attachment(
        bytes,
        &format!("{}.docx", r.title),
        DOCX,
    ))
}

#[utoipa::path(get, path = "/api/reports/monthly/xlsx", tag = "accountability", params(MonthQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn monthly_report_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CockpitRead).await?;
    let r = st
        .store
        .monthly_report(auth.scope(), &q.month(), q.district_id)
        .await?;
    let title = r.title.clone();
    let bytes =
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (i, t) in r.tables.iter().enumerate() {
                let ws = wb.add_worksheet();
                ws.set_name(format!("表{}", i + 1))?;
                ws.write_string_with_format(0, 0, &t.caption, &bold)?;
                for (c, h) in t.head.iter().enumerate() {
                    ws.write_string_with_format(1, c as u16, h, &bold)?;
                    ws.set_column_width(c as u16, if c == 0 { 30 } else { 16 })?;
                }
                for (ri, row) in t.rows.iter().enumerate() {
                    for (c, v) in row.iter().enumerate() {
                        ws.write_string(ri as u32 + 2, c as u16, v)?;
                    }
                }
            }
            wb.save_to_buffer()
        })
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    Ok(crate::xlsx::download(bytes, &format!("{title}.xlsx")))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(referrals, create_referral))
        .routes(routes!(export_referrals))
        .routes(routes!(referral_agencies))
        .routes(routes!(referral_prefill))
        .routes(routes!(referral, update_referral, delete_referral))
        .routes(routes!(send_referral))
        .routes(routes!(receive_referral))
        .routes(routes!(act_referral))
        .routes(routes!(conclude_referral))
        .routes(routes!(follow_up_referral))
        .routes(routes!(withdraw_referral))
        .routes(routes!(referral_letter))
        .routes(routes!(meetings, create_meeting))
        .routes(routes!(export_meetings))
        .routes(routes!(meeting, update_meeting, delete_meeting))
        .routes(routes!(add_decision))
        .routes(routes!(update_decision, delete_decision))
        .routes(routes!(decision_task))
        .routes(routes!(practices, create_practice))
        .routes(routes!(export_practices))
        .routes(routes!(practice, update_practice, delete_practice))
        .routes(routes!(submit_practice))
        .routes(routes!(review_practice))
        .routes(routes!(draft_bulletin))
        .routes(routes!(bulletins))
        .routes(routes!(bulletin, update_bulletin, delete_bulletin))
        .routes(routes!(issue_bulletin))
        .routes(routes!(bulletin_docx))
        .routes(routes!(interviews, create_interview))
        .routes(routes!(export_interviews))
        .routes(routes!(interview, update_interview, delete_interview))
        .routes(routes!(follow_up_interview))
        .routes(routes!(cockpit))
        .routes(routes!(assessment_indicators))
        .routes(routes!(assessments, create_assessment))
        .routes(routes!(assessment))
        .routes(routes!(refresh_assessment))
        .routes(routes!(finalize_assessment))
        .routes(routes!(export_assessment))
        .routes(routes!(score_assessment_row))
        .routes(routes!(assessment_row_task))
        .routes(routes!(monthly_report))
        .routes(routes!(monthly_report_docx))
        .routes(routes!(monthly_report_xlsx))
}
