//! The authorization matrix: every route × every role (and no login), against
//! own and foreign data. A route in the OpenAPI document without a row here
//! fails the test, so no new endpoint ships without its decision.

mod common;

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use common::{Client, DEMO_PASSWORD, TestServer};

/// Columns of the matrix, in order. `anon` is a client without a session.
const ROLES: [&str; 9] = [
    "anon",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "leader",
    "zhengfa",
    "xiuying",
    "qiye1",
    "anweiban",
];

/// What a request's `{id}` is bound to; fresh targets are made before each request
/// so that changes by one role do not affect the next.
#[derive(Clone, Copy, Debug)]
enum Target {
    None,
    /// qiye1's own enterprise (in 秀英区).
    OwnEnterprise,
    /// An enterprise of 美兰区.
    ForeignEnterprise,
    FreshSection,
    FreshGroup,
    FreshUser,
    /// The requesting client's own current session.
    OwnSession,
    /// A fresh session of another account (meilan, not a column of the matrix).
    OtherSession,
    /// The seed campaign (assignments for sections, districts and enterprises).
    SeedCampaign,
    /// A campaign whose only task is for the bureau's sections.
    SectionsCampaign,
    /// A task of the seed campaign assigned to 各区商务局 and 各商贸企业.
    DistrictTask,
    /// The task of the sections-only campaign.
    SectionsTask,
    /// 秀英区商务局's assignment in the seed campaign.
    XiuyingAssignment,
    /// A fresh assignment of 秀英区商务局 (lead: 政策法规科), submitted for acceptance.
    SubmittedAssignment,
    /// A reminder notification of 秀英区商务局.
    XiuyingNotification,
    /// A file attached to a progress report of 秀英区商务局 on a 各区商务局 task.
    XiuyingReportFile,
    /// A fresh task of the sections-only campaign (owner: 政策法规科), nobody reported.
    FreshTask,
    /// A fresh industry category nobody uses.
    FreshCategory,
    /// qiye1's enterprise with its team item freshly submitted for review.
    SubmittedTeamItem,
    /// A fresh hazard category nobody uses.
    FreshHazardCategory,
    /// A fresh general hazard of qiye1's enterprise that qiye1 reported (待整改).
    FreshOwnHazard,
    /// A fresh 重大隐患 of qiye1's enterprise found by 秀英区's check (待整改, not supervised).
    FreshMajorHazard,
    /// A fresh general hazard of qiye1's enterprise submitted for verification (待验收).
    FreshVerifyingHazard,
    /// A hazard of a 美兰区 enterprise.
    ForeignHazard,
    /// A self-check of qiye1's enterprise.
    OwnSelfCheck,
    /// A self-check of a 美兰区 enterprise (qiye2).
    ForeignSelfCheck,
    /// A fresh risk point of qiye1's enterprise.
    OwnRiskPoint,
    /// A risk point of qiye2's enterprise (美兰区).
    ForeignRiskPoint,
    /// The small checklist template the matrix's inspections use (by 政策法规科).
    MatrixTemplate,
    /// A special campaign of 政策法规科.
    InspectionCampaign,
    /// A plan of 秀英区商务局.
    XiuyingPlan,
    /// A fresh inspection by xiuying of qiye1's enterprise, not started.
    DraftInspection,
    /// A fresh inspection by xiuying of qiye1's enterprise, started.
    StartedInspection,
    /// A fresh inspection by xiuying, every item answered.
    AnsweredInspection,
    /// A fresh inspection by xiuying awaiting the enterprise's confirmation.
    FinishedInspection,
    /// An inspection by meilan of qiye2's enterprise, started.
    ForeignInspection,
    /// A warning for 秀英区 issued before the matrix runs.
    XiuyingWarning,
    /// A fresh warning for 秀英区 (by 政策法规科).
    FreshXiuyingWarning,
    /// A warning for 美兰区 only.
    ForeignWarning,
    /// A fresh person on qiye1's roster.
    OwnEmployee,
    /// A person on qiye2's roster (美兰区).
    ForeignEmployee,
    /// A fresh training session of qiye1's enterprise.
    OwnTraining,
    /// A training session of qiye2's enterprise.
    ForeignTraining,
    /// A fresh certificate of qiye1's enterprise.
    OwnCertificate,
    /// A fresh emergency plan of qiye1's enterprise.
    OwnEmergencyPlan,
    /// A fresh drill of qiye1's enterprise.
    OwnDrill,
    /// A drill of qiye2's enterprise.
    ForeignDrill,
    /// A spot check by xiuying of qiye1's enterprise.
    SpotCheck,
    /// An activity of 政策法规科 that qiye1's enterprise took part in.
    Activity,
    /// A fresh activity of 秀英区商务局.
    FreshXiuyingActivity,
    /// A fresh draft referral by 秀英区商务局 (qiye1's enterprise → 市安委办).
    DraftReferral,
    /// The same, sent.
    SentReferral,
    /// The same, sent and received (recorded by 秀英区 on the agency's behalf).
    ReceivedReferral,
    /// A fresh 专班会议 of 政策法规科.
    FreshMeeting,
    /// A fresh decision of a fresh 专班会议 (responsible: 秀英区商务局).
    FreshDecision,
    /// A fresh draft good practice of qiye1's enterprise.
    OwnPractice,
    /// A fresh good practice of qiye1's enterprise, submitted.
    SubmittedPractice,
    /// A fresh good practice of qiye1's enterprise, published.
    PublishedPractice,
    /// A fresh bulletin draft of 政策法规科.
    FreshBulletin,
    /// A fresh interview of qiye1's enterprise recorded by 秀英区商务局.
    FreshInterview,
    /// A fresh enterprise of 秀英区 nominated as a benchmark by 政策法规科.
    FreshBenchmark,
    /// qiye1's maturity questionnaire of last year, a draft.
    OwnMaturity,
    /// qiye1's maturity questionnaire of this year, answered and submitted before the matrix.
    SubmittedMaturity,
    /// A fresh assessment of the districts by 政策法规科.
    FreshAssessment,
    /// A row (a district) of a fresh assessment.
    FreshAssessmentRow,
}

#[derive(Clone, Copy, Debug)]
enum Body {
    None,
    Benchmark,
    CreditRules,
    NextYear,
    Pilots,
    MaturityAnswers,
    MaturityReview,
    Assessment,
    RowScores,
    RowTask,
    Referral,
    Step,
    Result,
    Meeting,
    Decision,
    DecisionTask,
    Practice,
    Review,
    BulletinDraft,
    BulletinEdit,
    Interview,
    Note,
    NewOrg,
    OrgChange,
    Resolve,
    Group,
    NewUser,
    UserChange,
    Policy,
    /// A password change with a wrong old password (reachable ⇒ 400, so demo passwords stay).
    PasswordWrongOld,
    TotpCode,
    PasswordConfirm,
    /// The role's own credentials.
    OwnLogin,
    /// A small plan as text/plain (for the preview).
    PlanText,
    /// A campaign confirming a fresh draft of 政策法规科.
    Campaign,
    Progress,
    Accept,
    Return,
    Contact,
    Rules,
    /// A small PNG as multipart.
    Upload,
    /// A task entered by hand for 秀英区商务局.
    Task,
    Category,
    /// A new enterprise of 秀英区 with a fresh credit code.
    NewEnterprise,
    /// The registry record of qiye1's enterprise, unchanged.
    OwnEnterpriseRecord,
    /// A clean one-row import file (raw .xlsx body).
    ImportFile,
    /// Confirm a fresh clean import draft of the role (or of xiuying for roles without one).
    ImportConfirm,
    NewAccount,
    TeamItem,
    Reason,
    Notice,
    Commitment,
    /// `{}`
    Empty,
    HazardCategory,
    /// A new hazard with a photo uploaded by the requesting account.
    NewHazard,
    HazardEdit,
    Plan,
    Supervise,
    /// Photos after rectification uploaded by the requesting account.
    SubmitPhotos,
    HazardReturn,
    Level,
    SelfCheck,
    /// A photo as multipart (`POST /api/photos`).
    Photo,
    /// A risk point assessed by LEC (一般风险, 班组级).
    RiskPoint,
    Assess,
    Thresholds,
    /// A two-item checklist template.
    Template,
    InspectionCampaign,
    /// A plan of the role's own unit with the role's account as inspector.
    InspectionPlan,
    NewInspection,
    Answers,
    /// The representative's name (the inspector confirms on site; the enterprise without it).
    Confirm,
    Warning,
    WarningReport,
    /// A fresh CAP 1.2 file (typhoon, 秀英区) as multipart.
    Cap,
    Employee,
    /// A session attended by a fresh person of qiye1's roster.
    Training,
    /// A one-row roster file (raw .xlsx body).
    RosterFile,
    /// Import a fresh roster draft of qiye1.
    RosterImport,
    Certificate,
    Requirements,
    TrainingEvaluation,
    EmergencyPlan,
    Drill,
    Criteria,
    SpotCheck,
    Activity,
}

struct Row {
    method: &'static str,
    path: &'static str,
    target: Target,
    body: Body,
    /// Expected status per column of [`ROLES`].
    expect: [u16; 9],
}

const fn row(
    method: &'static str,
    path: &'static str,
    target: Target,
    body: Body,
    expect: [u16; 9],
) -> Row {
    Row {
        method,
        path,
        target,
        body,
        expect,
    }
}

use Body as B;
use Target as T;

#[rustfmt::skip]
const MATRIX: &[Row] = &[
//                                                                                    anon sys  sec  aud  lead zf   xy   qy1  agcy
    row("GET", "/api/health", T::None, B::None,                                       [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("GET", "/api/meta", T::None, B::None,                                         [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("GET", "/api/roles", T::None, B::None,                                        [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("POST", "/api/auth/login", T::None, B::OwnLogin,                              [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("POST", "/api/auth/logout", T::None, B::None,                                 [401, 204, 204, 204, 204, 204, 204, 204, 204]),
    row("GET", "/api/auth/me", T::None, B::None,                                      [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("POST", "/api/auth/password", T::None, B::PasswordWrongOld,                   [401, 400, 400, 400, 400, 400, 400, 400, 400]),
    row("POST", "/api/auth/totp/setup", T::None, B::None,                             [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    // After the setup row above, a wrong code is refused as a field error.
    row("POST", "/api/auth/totp/enable", T::None, B::TotpCode,                        [401, 400, 400, 400, 400, 400, 400, 400, 400]),
    row("POST", "/api/auth/totp/disable", T::None, B::PasswordConfirm,                [401, 409, 409, 409, 409, 409, 409, 409, 409]),
    row("GET", "/api/auth/sessions", T::None, B::None,                                [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("DELETE", "/api/auth/sessions/{id}", T::OwnSession, B::None,                  [401, 204, 204, 204, 204, 204, 204, 204, 204]),
    row("DELETE", "/api/auth/sessions/{id}", T::OtherSession, B::None,                [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    row("GET", "/api/orgs", T::None, B::None,                                         [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("POST", "/api/orgs", T::None, B::NewOrg,                                      [401, 201, 403, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/orgs/export", T::None, B::None,                                  [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("GET", "/api/orgs/tree", T::None, B::None,                                    [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("POST", "/api/orgs/resolve", T::None, B::Resolve,                             [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("GET", "/api/orgs/{id}", T::OwnEnterprise, B::None,                           [401, 200, 200, 403, 200, 200, 200, 200, 404]),
    row("GET", "/api/orgs/{id}", T::ForeignEnterprise, B::None,                       [401, 200, 200, 403, 200, 200, 404, 404, 404]),
    row("GET", "/api/orgs/{id}", T::FreshSection, B::None,                            [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("PUT", "/api/orgs/{id}", T::FreshSection, B::OrgChange,                       [401, 200, 403, 403, 403, 403, 403, 403, 403]),
    row("DELETE", "/api/orgs/{id}", T::FreshSection, B::None,                         [401, 204, 403, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/org-groups", T::None, B::None,                                   [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("POST", "/api/org-groups", T::None, B::Group,                                 [401, 201, 403, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/org-groups/{id}", T::FreshGroup, B::None,                        [401, 200, 200, 403, 200, 200, 200, 200, 200]),
    row("PUT", "/api/org-groups/{id}", T::FreshGroup, B::Group,                       [401, 200, 403, 403, 403, 403, 403, 403, 403]),
    row("DELETE", "/api/org-groups/{id}", T::FreshGroup, B::None,                     [401, 204, 403, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/users", T::None, B::None,                                        [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("POST", "/api/users", T::None, B::NewUser,                                    [401, 201, 201, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/users/export", T::None, B::None,                                 [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/users/{id}", T::FreshUser, B::None,                              [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("PUT", "/api/users/{id}", T::FreshUser, B::UserChange,                        [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("POST", "/api/users/{id}/disable", T::FreshUser, B::None,                     [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("POST", "/api/users/{id}/enable", T::FreshUser, B::None,                      [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("POST", "/api/users/{id}/unlock", T::FreshUser, B::None,                      [401, 403, 200, 403, 403, 403, 403, 403, 403]),
    row("POST", "/api/users/{id}/reset-password", T::FreshUser, B::None,              [401, 200, 200, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/security/policy", T::None, B::None,                              [401, 403, 200, 403, 403, 403, 403, 403, 403]),
    row("PUT", "/api/security/policy", T::None, B::Policy,                            [401, 403, 200, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/security/sessions", T::None, B::None,                            [401, 403, 200, 403, 403, 403, 403, 403, 403]),
    row("DELETE", "/api/security/sessions/{id}", T::OtherSession, B::None,            [401, 403, 204, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/audit", T::None, B::None,                                        [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    row("GET", "/api/audit/export", T::None, B::None,                                 [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    row("GET", "/api/audit/actions", T::None, B::None,                                [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    row("POST", "/api/audit/verify", T::None, B::None,                                [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    row("POST", "/api/campaigns/preview", T::None, B::PlanText,                       [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/campaigns", T::None, B::Campaign,                               [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("GET", "/api/campaigns", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/campaigns/{id}", T::SeedCampaign, B::None,                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/campaigns/{id}", T::SectionsCampaign, B::None,                   [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/campaigns/{id}/source", T::SeedCampaign, B::None,                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/campaigns/{id}/source", T::SectionsCampaign, B::None,            [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/campaigns/{id}/board", T::SeedCampaign, B::None,                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/campaigns/{id}/board", T::SectionsCampaign, B::None,             [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/tasks", T::None, B::None,                                        [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/tasks/export", T::None, B::None,                                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/tasks/{id}", T::DistrictTask, B::None,                           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/tasks/{id}", T::SectionsTask, B::None,                           [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/assignments", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/assignments/{id}/progress", T::XiuyingAssignment, B::Progress,  [401, 403, 403, 403, 403, 403, 200, 404, 403]),
    row("POST", "/api/assignments/{id}/accept", T::SubmittedAssignment, B::Accept,    [401, 403, 403, 403, 403, 200, 403, 404, 403]),
    row("POST", "/api/assignments/{id}/return", T::SubmittedAssignment, B::Return,    [401, 403, 403, 403, 403, 200, 403, 404, 403]),
    row("GET", "/api/notifications", T::None, B::None,                                [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("GET", "/api/notifications/unread-count", T::None, B::None,                   [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("POST", "/api/notifications/{id}/read", T::XiuyingNotification, B::None,      [401, 404, 404, 404, 404, 404, 204, 404, 404]),
    row("POST", "/api/notifications/read-all", T::None, B::None,                      [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("GET", "/api/orgs/{id}/contact", T::FreshSection, B::None,                    [401, 200, 403, 403, 403, 403, 403, 403, 403]),
    row("PUT", "/api/orgs/{id}/contact", T::FreshSection, B::Contact,                 [401, 200, 403, 403, 403, 403, 403, 403, 403]),
    row("GET", "/api/campaigns/{id}/reminder-rules", T::SeedCampaign, B::None,        [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/campaigns/{id}/reminder-rules", T::SeedCampaign, B::Rules,       [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/campaigns/{id}/tasks", T::SectionsCampaign, B::Task,            [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("PUT", "/api/tasks/{id}", T::FreshTask, B::Task,                              [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/tasks/{id}", T::FreshTask, B::None,                           [401, 403, 403, 403, 403, 204, 403, 403, 403]),
    row("POST", "/api/files", T::None, B::Upload,                                     [401, 403, 403, 403, 201, 201, 201, 201, 201]),
    row("GET", "/api/files/{id}", T::XiuyingReportFile, B::None,                      [401, 404, 404, 404, 200, 200, 200, 404, 404]),
    row("GET", "/api/industry-categories", T::None, B::None,                          [401, 200, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/industry-categories", T::None, B::Category,                     [401, 201, 403, 403, 403, 201, 403, 403, 403]),
    row("PUT", "/api/industry-categories/{id}", T::FreshCategory, B::Category,        [401, 200, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/industry-categories/{id}", T::FreshCategory, B::None,         [401, 204, 403, 403, 403, 204, 403, 403, 403]),
    row("GET", "/api/enterprises", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/enterprises", T::None, B::NewEnterprise,                        [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/enterprises/export", T::None, B::None,                           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/enterprises/import-template", T::None, B::None,                  [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/enterprises/import/preview", T::None, B::ImportFile,            [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/enterprises/import", T::None, B::ImportConfirm,                 [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/enterprises/completeness", T::None, B::None,                     [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/enterprises/{id}", T::OwnEnterprise, B::None,                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/enterprises/{id}", T::ForeignEnterprise, B::None,                [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/enterprises/{id}", T::OwnEnterprise, B::OwnEnterpriseRecord,     [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("PUT", "/api/enterprises/{id}", T::ForeignEnterprise, B::OwnEnterpriseRecord, [401, 403, 403, 403, 403, 400, 404, 403, 403]),
    row("GET", "/api/enterprises/{id}/accounts", T::OwnEnterprise, B::None,           [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/enterprises/{id}/accounts", T::ForeignEnterprise, B::None,       [401, 403, 403, 403, 403, 200, 404, 403, 403]),
    row("POST", "/api/enterprises/{id}/accounts", T::OwnEnterprise, B::NewAccount,    [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("POST", "/api/enterprises/{id}/accounts", T::ForeignEnterprise, B::NewAccount,[401, 403, 403, 403, 403, 201, 404, 403, 403]),
    row("GET", "/api/enterprises/{id}/profile", T::OwnEnterprise, B::None,            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/enterprises/{id}/profile", T::ForeignEnterprise, B::None,        [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/enterprises/{id}/profile/{item}", T::OwnEnterprise, B::TeamItem, [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("PUT", "/api/enterprises/{id}/profile/{item}", T::ForeignEnterprise, B::TeamItem, [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    row("POST", "/api/enterprises/{id}/profile/{item}/submit", T::OwnEnterprise, B::None, [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/enterprises/{id}/profile/{item}/approve", T::SubmittedTeamItem, B::Accept, [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/enterprises/{id}/profile/{item}/return", T::SubmittedTeamItem, B::Reason, [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/enterprises/{id}/commitment/default-text", T::OwnEnterprise, B::None, [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/enterprises/{id}/commitment/confirm", T::OwnEnterprise, B::Commitment, [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("GET", "/api/enterprises/{id}/notices", T::OwnEnterprise, B::None,            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/enterprises/{id}/notices", T::ForeignEnterprise, B::None,        [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("POST", "/api/enterprises/{id}/notices", T::OwnEnterprise, B::Notice,         [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("POST", "/api/photos", T::None, B::Photo,                                     [401, 403, 403, 403, 201, 201, 201, 201, 201]),
    row("GET", "/api/hazard-categories", T::None, B::None,                            [401, 200, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/hazard-categories", T::None, B::HazardCategory,                 [401, 201, 403, 403, 403, 201, 403, 403, 403]),
    row("PUT", "/api/hazard-categories/{id}", T::FreshHazardCategory, B::HazardCategory, [401, 200, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/hazard-categories/{id}", T::FreshHazardCategory, B::None,     [401, 204, 403, 403, 403, 204, 403, 403, 403]),
    row("GET", "/api/hazards", T::None, B::None,                                      [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/hazards", T::None, B::NewHazard,                                [401, 403, 403, 403, 403, 201, 201, 201, 403]),
    row("GET", "/api/hazards/export", T::None, B::None,                               [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/hazards/stats", T::None, B::None,                                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/hazards/repeats", T::None, B::None,                              [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/hazards/{id}", T::FreshOwnHazard, B::None,                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/hazards/{id}", T::ForeignHazard, B::None,                        [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/hazards/{id}", T::FreshOwnHazard, B::HazardEdit,                 [401, 403, 403, 403, 403, 200, 200, 200, 403]),
    row("PUT", "/api/hazards/{id}", T::ForeignHazard, B::HazardEdit,                  [401, 403, 403, 403, 403, 200, 404, 404, 403]),
    row("POST", "/api/hazards/{id}/start", T::FreshOwnHazard, B::Empty,               [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/hazards/{id}/start", T::ForeignHazard, B::Empty,                [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    row("POST", "/api/hazards/{id}/plan", T::FreshMajorHazard, B::Plan,               [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/hazards/{id}/supervise", T::FreshMajorHazard, B::Supervise,     [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/hazards/{id}/supervise", T::ForeignHazard, B::Supervise,        [401, 403, 403, 403, 403, 409, 404, 403, 403]),
    row("POST", "/api/hazards/{id}/submit", T::FreshOwnHazard, B::SubmitPhotos,       [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/hazards/{id}/accept", T::FreshVerifyingHazard, B::Accept,       [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/hazards/{id}/return", T::FreshVerifyingHazard, B::HazardReturn, [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/hazards/{id}/level", T::FreshOwnHazard, B::Level,               [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/self-checks", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/self-checks", T::None, B::SelfCheck,                            [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/self-checks/export", T::None, B::None,                           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/self-checks/status/export", T::None, B::None,                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/self-checks/status", T::None, B::None,                           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/self-checks/{id}", T::OwnSelfCheck, B::None,                     [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/self-checks/{id}", T::ForeignSelfCheck, B::None,                 [401, 403, 403, 403, 200, 200, 404, 404, 403]),

    // Risk grading
    row("GET", "/api/risk/methods", T::None, B::None,                                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/risk/thresholds", T::None, B::Thresholds,                        [401, 200, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/risk/assess", T::None, B::Assess,                               [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/risk/distribution", T::None, B::None,                            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/risk-points", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/risk-points", T::None, B::RiskPoint,                            [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/risk-points/{id}", T::OwnRiskPoint, B::None,                     [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/risk-points/{id}", T::ForeignRiskPoint, B::None,                 [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/risk-points/{id}", T::OwnRiskPoint, B::RiskPoint,                [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("PUT", "/api/risk-points/{id}", T::ForeignRiskPoint, B::RiskPoint,            [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    row("DELETE", "/api/risk-points/{id}", T::OwnRiskPoint, B::None,                  [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/risk-points/{id}/card.docx", T::OwnRiskPoint, B::None,           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/risk-points/{id}/card.docx", T::ForeignRiskPoint, B::None,       [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/enterprises/{id}/risk", T::OwnEnterprise, B::None,               [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/enterprises/{id}/risk", T::ForeignEnterprise, B::None,           [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    // Supervision inspections
    row("GET", "/api/checklist-templates", T::None, B::None,                          [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/checklist-templates", T::None, B::Template,                     [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("GET", "/api/checklist-templates/{id}", T::MatrixTemplate, B::None,           [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/checklist-templates/{id}", T::MatrixTemplate, B::Template,       [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/inspection-campaigns", T::None, B::None,                         [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/inspection-campaigns", T::None, B::InspectionCampaign,          [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/inspection-campaigns/{id}", T::InspectionCampaign, B::None,      [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/inspection-plans", T::None, B::None,                             [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/inspection-plans", T::None, B::InspectionPlan,                  [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/inspection-plans/{id}", T::XiuyingPlan, B::None,                 [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/inspections/inspectors", T::None, B::None,                       [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/inspections", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/inspections", T::None, B::NewInspection,                        [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/inspections/{id}", T::StartedInspection, B::None,                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/inspections/{id}", T::DraftInspection, B::None,                  [401, 403, 403, 403, 200, 200, 200, 404, 403]),
    row("GET", "/api/inspections/{id}", T::ForeignInspection, B::None,                [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("POST", "/api/inspections/{id}/start", T::DraftInspection, B::Empty,          [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("PUT", "/api/inspections/{id}/answers", T::StartedInspection, B::Answers,     [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("PUT", "/api/inspections/{id}/answers", T::ForeignInspection, B::Answers,     [401, 403, 403, 403, 403, 403, 404, 403, 403]),
    row("POST", "/api/inspections/{id}/finish", T::AnsweredInspection, B::Empty,      [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("POST", "/api/inspections/{id}/confirm", T::FinishedInspection, B::Confirm,   [401, 403, 403, 403, 403, 403, 200, 200, 403]),
    row("POST", "/api/inspections/{id}/cancel", T::DraftInspection, B::Reason,        [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("GET", "/api/inspections/{id}/report.docx", T::StartedInspection, B::None,    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/inspections/{id}/report.docx", T::ForeignInspection, B::None,    [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    // Extreme weather
    row("GET", "/api/weather/actions", T::None, B::None,                              [401, 403, 403, 403, 400, 400, 400, 400, 403]),
    row("GET", "/api/weather-warnings", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/weather-warnings", T::None, B::Warning,                         [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("POST", "/api/weather-warnings/cap", T::None, B::Cap,                         [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/weather-warnings/{id}", T::XiuyingWarning, B::None,              [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/weather-warnings/{id}", T::ForeignWarning, B::None,              [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("POST", "/api/weather-warnings/{id}/cancel", T::FreshXiuyingWarning, B::Reason, [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("POST", "/api/weather-warnings/{id}/cancel", T::ForeignWarning, B::Reason,    [401, 403, 403, 403, 403, 200, 404, 403, 403]),
    row("GET", "/api/weather-warnings/{id}/acks", T::XiuyingWarning, B::None,         [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/weather-warnings/{id}/ack", T::FreshXiuyingWarning, B::Empty,   [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/weather-warnings/{id}/ack", T::ForeignWarning, B::Empty,        [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    row("POST", "/api/weather-warnings/{id}/report", T::FreshXiuyingWarning, B::WarningReport, [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/weather-warnings/{id}/remind", T::FreshXiuyingWarning, B::Empty, [401, 403, 403, 403, 403, 200, 200, 403, 403]),

    // Training, emergency plans and drills, publicity
    row("GET", "/api/employees", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/employees", T::None, B::Employee,                               [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/employees/export", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/employees/{id}", T::OwnEmployee, B::Employee,                    [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("PUT", "/api/employees/{id}", T::ForeignEmployee, B::Employee,                [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    row("DELETE", "/api/employees/{id}", T::OwnEmployee, B::None,                     [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/employees/import-template", T::None, B::None,                    [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/employees/import/preview", T::None, B::RosterFile,              [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("POST", "/api/employees/import", T::None, B::RosterImport,                    [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("GET", "/api/trainings", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/trainings", T::None, B::Training,                               [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/trainings/export", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/trainings/{id}", T::OwnTraining, B::None,                        [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/trainings/{id}", T::ForeignTraining, B::None,                    [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/trainings/{id}", T::OwnTraining, B::Training,                    [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("DELETE", "/api/trainings/{id}", T::OwnTraining, B::None,                     [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/certificates", T::None, B::None,                                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/certificates", T::None, B::Certificate,                         [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/certificates/export", T::None, B::None,                          [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/certificates/{id}", T::OwnCertificate, B::Certificate,           [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("DELETE", "/api/certificates/{id}", T::OwnCertificate, B::None,               [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/training/requirements", T::None, B::None,                        [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/training/requirements", T::None, B::Requirements,                [401, 200, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/training/coverage", T::None, B::None,                            [401, 403, 403, 403, 400, 400, 400, 200, 403]),
    row("GET", "/api/training/coverage/summary", T::None, B::None,                    [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/training/evaluations/form", T::None, B::None,                    [401, 403, 403, 403, 403, 400, 400, 403, 403]),
    row("GET", "/api/training/evaluations", T::None, B::None,                         [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/training/evaluations", T::None, B::TrainingEvaluation,          [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/training/evaluations/export", T::None, B::None,                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/training/evaluations/summary", T::None, B::None,                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/emergency-plans", T::None, B::None,                              [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/emergency-plans", T::None, B::EmergencyPlan,                    [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/emergency-plans/export", T::None, B::None,                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/emergency-plans/{id}", T::OwnEmergencyPlan, B::EmergencyPlan,    [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("DELETE", "/api/emergency-plans/{id}", T::OwnEmergencyPlan, B::None,          [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/drills", T::None, B::None,                                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/drills", T::None, B::Drill,                                     [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/drills/export", T::None, B::None,                                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/drills/status", T::None, B::None,                                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/drills/{id}", T::OwnDrill, B::None,                              [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/drills/{id}", T::ForeignDrill, B::None,                          [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("PUT", "/api/drills/{id}", T::OwnDrill, B::Drill,                             [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    row("DELETE", "/api/drills/{id}", T::OwnDrill, B::None,                           [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    row("GET", "/api/drill-evaluations/criteria", T::None, B::None,                   [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/drill-evaluations/criteria", T::None, B::Criteria,               [401, 200, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/drill-evaluations", T::None, B::None,                            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/drill-evaluations", T::None, B::SpotCheck,                      [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/drill-evaluations/export", T::None, B::None,                     [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/drill-evaluations/{id}", T::SpotCheck, B::None,                  [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/activities", T::None, B::None,                                   [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/activities", T::None, B::Activity,                              [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/activities/export", T::None, B::None,                            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/activities/report", T::None, B::None,                            [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/activities/{id}", T::Activity, B::None,                          [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/activities/{id}", T::FreshXiuyingActivity, B::Activity,          [401, 403, 403, 403, 403, 404, 200, 403, 403]),
    row("DELETE", "/api/activities/{id}", T::FreshXiuyingActivity, B::None,           [401, 403, 403, 403, 403, 404, 204, 403, 403]),
    row("GET", "/api/tasks/{id}/activities", T::DistrictTask, B::None,                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    // Accountability (docs/api-accountability.md)
    row("GET", "/api/referrals", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 403, 200]),
    row("POST", "/api/referrals", T::None, B::Referral,                               [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/referrals/export", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 403, 200]),
    row("GET", "/api/referrals/agencies", T::None, B::None,                           [401, 403, 403, 403, 200, 200, 200, 403, 200]),
    // Without a hazard or an inspection the prefill names the missing field.
    row("GET", "/api/referrals/prefill", T::None, B::None,                            [401, 403, 403, 403, 403, 400, 400, 403, 403]),
    row("GET", "/api/referrals/{id}", T::SentReferral, B::None,                       [401, 403, 403, 403, 200, 200, 200, 403, 200]),
    row("GET", "/api/referrals/{id}", T::DraftReferral, B::None,                      [401, 403, 403, 403, 200, 200, 200, 403, 404]),
    row("PUT", "/api/referrals/{id}", T::DraftReferral, B::Referral,                  [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("DELETE", "/api/referrals/{id}", T::DraftReferral, B::None,                   [401, 403, 403, 403, 403, 403, 204, 403, 403]),
    row("POST", "/api/referrals/{id}/send", T::DraftReferral, B::Step,                [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("POST", "/api/referrals/{id}/receive", T::SentReferral, B::Step,              [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    row("POST", "/api/referrals/{id}/action", T::ReceivedReferral, B::Step,           [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    row("POST", "/api/referrals/{id}/result", T::ReceivedReferral, B::Result,         [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    row("POST", "/api/referrals/{id}/follow-up", T::SentReferral, B::Step,            [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("POST", "/api/referrals/{id}/withdraw", T::SentReferral, B::Step,             [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("GET", "/api/referrals/{id}/letter", T::SentReferral, B::None,                [401, 403, 403, 403, 200, 200, 200, 403, 200]),
    row("GET", "/api/meetings", T::None, B::None,                                     [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("POST", "/api/meetings", T::None, B::Meeting,                                 [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("GET", "/api/meetings/export", T::None, B::None,                              [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/meetings/{id}", T::FreshMeeting, B::None,                        [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("PUT", "/api/meetings/{id}", T::FreshMeeting, B::Meeting,                     [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/meetings/{id}", T::FreshMeeting, B::None,                     [401, 403, 403, 403, 403, 204, 403, 403, 403]),
    row("POST", "/api/meetings/{id}/decisions", T::FreshMeeting, B::Decision,         [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("PUT", "/api/meeting-decisions/{id}", T::FreshDecision, B::Decision,          [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/meeting-decisions/{id}", T::FreshDecision, B::None,           [401, 403, 403, 403, 403, 204, 403, 403, 403]),
    row("POST", "/api/meeting-decisions/{id}/task", T::FreshDecision, B::DecisionTask, [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/practices", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 200, 200]),
    row("POST", "/api/practices", T::None, B::Practice,                               [401, 403, 403, 403, 403, 201, 201, 201, 403]),
    row("GET", "/api/practices/export", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 200, 200]),
    row("GET", "/api/practices/{id}", T::PublishedPractice, B::None,                  [401, 403, 403, 403, 200, 200, 200, 200, 200]),
    row("GET", "/api/practices/{id}", T::OwnPractice, B::None,                        [401, 403, 403, 403, 404, 404, 404, 200, 404]),
    row("PUT", "/api/practices/{id}", T::OwnPractice, B::Practice,                    [401, 403, 403, 403, 403, 404, 404, 200, 403]),
    row("DELETE", "/api/practices/{id}", T::OwnPractice, B::None,                     [401, 403, 403, 403, 403, 404, 404, 204, 403]),
    row("POST", "/api/practices/{id}/submit", T::OwnPractice, B::None,                [401, 403, 403, 403, 403, 404, 404, 200, 403]),
    row("POST", "/api/practices/{id}/review", T::SubmittedPractice, B::Review,        [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/bulletins/draft", T::None, B::BulletinDraft,                    [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("GET", "/api/bulletins", T::None, B::None,                                    [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/bulletins/{id}", T::FreshBulletin, B::None,                      [401, 403, 403, 403, 200, 200, 404, 403, 403]),
    row("PUT", "/api/bulletins/{id}", T::FreshBulletin, B::BulletinEdit,              [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("DELETE", "/api/bulletins/{id}", T::FreshBulletin, B::None,                   [401, 403, 403, 403, 403, 204, 403, 403, 403]),
    // A fresh draft has no 文号 yet: issuing names the field.
    row("POST", "/api/bulletins/{id}/issue", T::FreshBulletin, B::None,               [401, 403, 403, 403, 403, 400, 403, 403, 403]),
    row("GET", "/api/bulletins/{id}/docx", T::FreshBulletin, B::None,                 [401, 403, 403, 403, 200, 200, 404, 403, 403]),
    row("GET", "/api/interviews", T::None, B::None,                                   [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("POST", "/api/interviews", T::None, B::Interview,                             [401, 403, 403, 403, 403, 201, 201, 403, 403]),
    row("GET", "/api/interviews/export", T::None, B::None,                            [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/interviews/{id}", T::FreshInterview, B::None,                    [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("PUT", "/api/interviews/{id}", T::FreshInterview, B::Interview,               [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("DELETE", "/api/interviews/{id}", T::FreshInterview, B::None,                 [401, 403, 403, 403, 403, 403, 204, 403, 403]),
    row("POST", "/api/interviews/{id}/follow-up", T::FreshInterview, B::Note,         [401, 403, 403, 403, 403, 403, 200, 403, 403]),
    row("GET", "/api/cockpit", T::None, B::None,                                      [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/credit", T::None, B::None,                                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/credit/export", T::None, B::None,                                [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/credit/summary", T::None, B::None,                               [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/credit/rules", T::None, B::None,                                 [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/credit/rules", T::None, B::CreditRules,                          [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/credit/recompute", T::None, B::None,                            [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/credit/{id}", T::OwnEnterprise, B::None,                         [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/credit/{id}", T::ForeignEnterprise, B::None,                     [401, 403, 403, 403, 200, 200, 404, 404, 403]),
    row("GET", "/api/benchmarks", T::None, B::None,                                   [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/benchmarks", T::None, B::Benchmark,                             [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("POST", "/api/benchmarks/{id}/publish", T::FreshBenchmark, B::None,           [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/benchmarks/{id}/withdraw", T::FreshBenchmark, B::Reason,        [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/maturity/questionnaire", T::None, B::None,                       [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/maturity", T::None, B::None,                                     [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/maturity", T::None, B::NextYear,                                [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    row("GET", "/api/maturity/export", T::None, B::None,                              [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("POST", "/api/maturity/pilots", T::None, B::Pilots,                           [401, 403, 403, 403, 403, 200, 200, 403, 403]),
    row("GET", "/api/maturity/summary", T::None, B::None,                             [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("GET", "/api/maturity/{id}", T::OwnMaturity, B::None,                         [401, 403, 403, 403, 200, 200, 200, 200, 403]),
    row("PUT", "/api/maturity/{id}", T::OwnMaturity, B::MaturityAnswers,              [401, 403, 403, 403, 403, 403, 403, 200, 403]),
    // Nothing answered yet: submitting names every question.
    row("POST", "/api/maturity/{id}/submit", T::OwnMaturity, B::None,                 [401, 403, 403, 403, 403, 403, 403, 400, 403]),
    // The section reviews first; the district then finds it reviewed.
    row("POST", "/api/maturity/{id}/review", T::SubmittedMaturity, B::MaturityReview, [401, 403, 403, 403, 403, 200, 409, 403, 403]),
    row("GET", "/api/assessments/indicators", T::None, B::None,                       [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/assessments", T::None, B::None,                                  [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("POST", "/api/assessments", T::None, B::Assessment,                           [401, 403, 403, 403, 403, 201, 403, 403, 403]),
    row("GET", "/api/assessments/{id}", T::FreshAssessment, B::None,                  [401, 403, 403, 403, 200, 200, 404, 403, 403]),
    row("POST", "/api/assessments/{id}/refresh", T::FreshAssessment, B::None,         [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/assessments/{id}/finalize", T::FreshAssessment, B::None,        [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/assessments/{id}/export", T::FreshAssessment, B::None,           [401, 403, 403, 403, 200, 200, 404, 403, 403]),
    row("PUT", "/api/assessment-rows/{id}", T::FreshAssessmentRow, B::RowScores,      [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("POST", "/api/assessment-rows/{id}/task", T::FreshAssessmentRow, B::RowTask,  [401, 403, 403, 403, 403, 200, 403, 403, 403]),
    row("GET", "/api/reports/monthly", T::None, B::None,                              [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/reports/monthly/docx", T::None, B::None,                         [401, 403, 403, 403, 200, 200, 200, 403, 403]),
    row("GET", "/api/reports/monthly/xlsx", T::None, B::None,                         [401, 403, 403, 403, 200, 200, 200, 403, 403]),
];

/// POSTs `body` as `c` and answers the new record's id.
async fn fresh(c: &Client, path: &str, body: Value) -> String {
    let (s, b) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "{path}: {b}");
    b["id"].as_str().unwrap().to_string()
}

fn this_year() -> i32 {
    use chrono::Datelike;
    anzhi_domain::time::today_china(chrono::Utc::now()).year()
}

fn assessment_body() -> Value {
    json!({"title": "各区商务局上半年专项整治考核", "year": this_year(), "period": "h1", "target_kind": "district"})
}

fn meeting_body() -> Value {
    json!({"kind": "task_force", "title": "专项整治工作专班第三次会议", "held_on": "2026-11-20",
           "location": "局三楼会议室", "host": "局长", "attendees": "各科室负责人", "topics": "研究逾期任务",
           "minutes": "会议听取了各单位进展汇报。"})
}

fn practice_body() -> Value {
    json!({"title": "商场消防安全网格化管理", "category": "消防安全", "summary": "网格化管理，责任到人",
           "body": "本商场将经营区域划分为十二个网格，每个网格明确一名安全责任人，每日巡查两次并记录。"})
}

fn bulletin_draft_body() -> Value {
    json!({"period_from": "2026-10-01", "period_to": "2026-10-31"})
}

fn employee_body() -> Value {
    json!({"name": "王小明", "post": "收银员", "category": "worker", "hired_on": "2020-03-01", "phone": "13800138000"})
}

fn training_body(employee: &str) -> Value {
    json!({"topic": "消防安全知识培训", "kind": "annual", "held_on": "2021-06-10", "hours": 4,
           "trainer": "李教官", "attendance": [{"employee_id": employee, "score": 90}]})
}

fn certificate_body(employee: &str) -> Value {
    json!({"employee_id": employee, "kind": "特种作业操作证（电工作业）", "number": "T460100198001010011",
           "issued_on": "2020-01-01", "expires_on": "2026-12-31"})
}

fn plan_body() -> Value {
    json!({"kind": "comprehensive", "title": "生产安全事故综合应急预案", "version": "2021版", "approved_on": "2021-03-01"})
}

fn drill_body() -> Value {
    json!({"kind": "special", "mode": "live", "held_on": "2021-06-15", "scenario": "营业时间火灾疏散", "participants": 45})
}

fn spot_check_body(enterprise: &str) -> Value {
    let scores: Vec<Value> = anzhi_domain::drills::default_criteria()
        .iter()
        .map(|c| json!({"key": c.key, "score": c.max}))
        .collect();
    json!({"enterprise_id": enterprise, "scores": scores, "problems": [], "comment": "预案可操作"})
}

fn activity_body(enterprise: &str) -> Value {
    json!({"title": "观看《生命重于泰山》专题片", "kind": "viewing", "held_on": "2021-06-08", "organiser": "海口市商务局",
           "participants": [{"org_id": enterprise, "headcount": 12}], "summary": "集中观看并讨论"})
}

/// A one-row roster file with a fresh name.
fn roster_file(n: u32) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "岗位", "人员类别", "入职日期", "联系电话"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        format!("矩阵员工{n}"),
        "理货员".into(),
        "从业人员".into(),
        "2021-03-01".into(),
        String::new(),
    ]
    .iter()
    .enumerate()
    {
        ws.write(1, c as u16, v.as_str()).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn risk_point_body() -> Value {
    json!({"name": "配电室", "kind": "place", "hazard_factors": "电气线路老化", "accident_types": ["触电", "火灾"],
           "method": "lec", "l": 1, "e": 6, "c": 15, "measures": [{"kind": "management", "text": "每日巡检"}],
           "control_tier": "team", "responsible": "张三",
           "reassess_on": anzhi_domain::time::today_china(chrono::Utc::now()) + chrono::Duration::days(180)})
}

fn template_body() -> Value {
    json!({"content": {"name": "矩阵检查表", "scope_label": "商场", "sections": [{"title": "消防安全", "items": [
        {"key": "m-1", "text": "灭火器完好有效", "basis": "《消防法》第十六条", "answer": {"kind": "compliance"}},
        {"key": "m-2", "text": "疏散通道畅通", "basis": "《消防法》第二十八条", "answer": {"kind": "compliance"},
         "hazard": {"category": "疏散通道和安全出口", "level": "general"}}]}]}})
}

fn warning_body(district: &str) -> Value {
    let now = chrono::Utc::now();
    json!({"kind": "typhoon", "colour": "orange", "district_ids": [district],
           "valid_from": now - chrono::Duration::minutes(5), "valid_to": now + chrono::Duration::days(1),
           "actions": ["加固户外广告牌", "清理排水沟渠"]})
}

/// A CAP 1.2 typhoon warning for 秀英区 with a fresh identifier.
fn cap_file(n: u32) -> String {
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let t = |d: chrono::Duration| (now + d).format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>matrix-{n}-{}</identifier><sender>hkqxt@cma.cn</sender><sent>{}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>台风橙色预警</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <onset>{}</onset><expires>{}</expires><headline>秀英区台风橙色预警</headline>
    <area><areaDesc>秀英区</areaDesc></area></info>
</alert>"#,
        std::process::id(),
        t(chrono::Duration::zero()),
        t(chrono::Duration::minutes(-1)),
        t(chrono::Duration::days(1))
    )
}

/// A photo uploaded by `c` (its id), or a random id when `c` may not upload.
async fn photo_of(c: &Client) -> String {
    let (s, f) = c.upload("/api/photos", "现场.png", common::PHOTO).await;
    if s == StatusCode::CREATED {
        f["id"].as_str().unwrap().to_string()
    } else {
        uuid_like()
    }
}

fn uuid_like() -> String {
    "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee".into()
}

async fn hazard_by(c: &Client, body: Value) -> String {
    let mut body = body;
    body["photos"] = json!([photo_of(c).await]);
    let (s, h) = c.post("/api/hazards", body).await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    h["id"].as_str().unwrap().to_string()
}

const SEED: &[u8] = include_bytes!("../../plan/tests/data/haikou-commerce-2021.txt");
const SECTIONS_PLAN: &str = "2021年科室方案\n一、学习\n1. 组织科室集中学习。（牵头单位：局政策法规科。责任单位：局各相关科室。完成时限：6月份）\n";
const XIUYING_PLAN: &str = "2021年秀英方案\n一、检查\n1. 开展商场消防检查。（牵头单位：局政策法规科。责任单位：秀英区商务局。完成时限：6月份）\n";

async fn preview(c: &Client, plan: &[u8]) -> Value {
    let (s, p) = common::preview_plan(c, plan, "plan.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    p
}

async fn import(c: &Client, plan: &[u8]) -> String {
    let p = preview(c, plan).await;
    let (s, b) = c.post("/api/campaigns", common::confirm_body(&p)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_string()
}

struct Fixture {
    admin: Client,
    zhengfa: Client,
    xiuying_client: Client,
    seed_campaign: String,
    sections_campaign: String,
    district_task: String,
    sections_task: String,
    xiuying_assignment: String,
    xiuying_notification: String,
    bureau: String,
    xiuying: String,
    section: String,
    own_enterprise: String,
    foreign_enterprise: String,
    counter: std::sync::atomic::AtomicU32,
    qiye1: Client,
    category: String,
    own_record: Value,
    hazard_category: String,
    foreign_hazard: String,
    own_self_check: String,
    foreign_self_check: String,
    foreign_risk_point: String,
    matrix_template: String,
    inspection_campaign: String,
    xiuying_plan: String,
    foreign_inspection: String,
    xiuying_warning: String,
    foreign_warning: String,
    foreign_employee: String,
    foreign_training: String,
    foreign_drill: String,
    spot_check: String,
    activity: String,
    /// 市安委办, the agency of the matrix's agency user.
    agency: String,
    own_maturity: String,
    submitted_maturity: String,
}

fn credit_code(n: u32) -> String {
    common::credit_code(n)
}

impl Fixture {
    fn next(&self) -> u32 {
        self.counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }

    async fn target(&self, srv: &TestServer, t: Target, me: &Client) -> String {
        match t {
            Target::None => String::new(),
            Target::OwnEnterprise => self.own_enterprise.clone(),
            Target::ForeignEnterprise => self.foreign_enterprise.clone(),
            Target::FreshSection => {
                let (s, b) = self
                    .admin
                    .post("/api/orgs", json!({"name": format!("矩阵科室{}", self.next()), "kind": "section", "parent_id": self.bureau}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::FreshGroup => {
                let (s, b) = self
                    .admin
                    .post("/api/org-groups", json!({"name": format!("矩阵分组{}", self.next()), "rule": "explicit", "member_ids": [self.section]}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::FreshUser => {
                let (s, b) = self
                    .admin
                    .post("/api/users", json!({"username": format!("matrix{}", self.next()), "display_name": "矩阵", "role": "district_staff", "org_id": self.xiuying}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["user"]["id"].as_str().unwrap().to_string()
            }
            Target::OwnSession => {
                let (_, list) = me.get("/api/auth/sessions").await;
                list.as_array()
                    .and_then(|l| l.iter().find(|s| s["current"] == true))
                    .and_then(|s| s["id"].as_str())
                    .unwrap_or("00000000-0000-7000-8000-000000000000")
                    .to_string()
            }
            Target::SeedCampaign => self.seed_campaign.clone(),
            Target::SectionsCampaign => self.sections_campaign.clone(),
            Target::DistrictTask => self.district_task.clone(),
            Target::SectionsTask => self.sections_task.clone(),
            Target::XiuyingAssignment => self.xiuying_assignment.clone(),
            Target::XiuyingNotification => self.xiuying_notification.clone(),
            Target::XiuyingReportFile => {
                let (s, f) = self
                    .xiuying_client
                    .upload("/api/files", "现场照片.png", common::PNG)
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{f}");
                let (s, b) = self
                    .xiuying_client
                    .post(
                        &format!("/api/assignments/{}/progress", self.xiuying_assignment),
                        json!({"text": "附照片", "percent": 40, "attachments": [f["id"]]}),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                f["id"].as_str().unwrap().to_string()
            }
            Target::FreshHazardCategory => {
                let (s, b) = self
                    .admin
                    .post("/api/hazard-categories", json!({"name": format!("矩阵隐患类别{}", self.next())}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::FreshOwnHazard => {
                hazard_by(&self.qiye1, json!({"category_id": self.hazard_category, "description": format!("矩阵隐患{}", self.next())})).await
            }
            Target::FreshMajorHazard => {
                hazard_by(&self.xiuying_client, json!({"enterprise_id": self.own_enterprise, "source": "district_check", "level": "major",
                    "category_id": self.hazard_category, "description": format!("矩阵重大隐患{}", self.next())})).await
            }
            Target::FreshVerifyingHazard => {
                let id = hazard_by(&self.qiye1, json!({"category_id": self.hazard_category, "description": format!("矩阵待验收{}", self.next())})).await;
                let p = photo_of(&self.qiye1).await;
                let (s, b) = self
                    .qiye1
                    .post(&format!("/api/hazards/{id}/submit"), json!({"photos": [p]}))
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                id
            }
            Target::ForeignHazard => self.foreign_hazard.clone(),
            Target::OwnSelfCheck => self.own_self_check.clone(),
            Target::ForeignSelfCheck => self.foreign_self_check.clone(),
            Target::OwnRiskPoint => {
                let (s, b) = self.qiye1.post("/api/risk-points", risk_point_body()).await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::ForeignRiskPoint => self.foreign_risk_point.clone(),
            Target::MatrixTemplate => self.matrix_template.clone(),
            Target::InspectionCampaign => self.inspection_campaign.clone(),
            Target::XiuyingPlan => self.xiuying_plan.clone(),
            Target::ForeignInspection => self.foreign_inspection.clone(),
            Target::DraftInspection
            | Target::StartedInspection
            | Target::AnsweredInspection
            | Target::FinishedInspection => {
                let x = &self.xiuying_client;
                let (s, b) = x
                    .post("/api/inspections", json!({"enterprise_id": self.own_enterprise, "template_id": self.matrix_template}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                let id = b["id"].as_str().unwrap().to_string();
                if matches!(t, Target::DraftInspection) {
                    return id;
                }
                let (s, b) = x.post(&format!("/api/inspections/{id}/start"), json!({})).await;
                assert_eq!(s, StatusCode::OK, "{b}");
                if matches!(t, Target::StartedInspection) {
                    return id;
                }
                let (s, b) = x
                    .put(&format!("/api/inspections/{id}/answers"), json!({"answers": [
                        {"key": "m-1", "value": "compliant"},
                        {"key": "m-2", "value": "non_compliant", "note": "疏散通道堆放货物"}]}))
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                if matches!(t, Target::AnsweredInspection) {
                    return id;
                }
                let (s, b) = x.post(&format!("/api/inspections/{id}/finish"), json!({})).await;
                assert_eq!(s, StatusCode::OK, "{b}");
                id
            }
            Target::OwnEmployee => fresh(&self.qiye1, "/api/employees", employee_body()).await,
            Target::ForeignEmployee => self.foreign_employee.clone(),
            Target::OwnTraining => {
                let e = fresh(&self.qiye1, "/api/employees", employee_body()).await;
                fresh(&self.qiye1, "/api/trainings", training_body(&e)).await
            }
            Target::ForeignTraining => self.foreign_training.clone(),
            Target::OwnCertificate => {
                let e = fresh(&self.qiye1, "/api/employees", employee_body()).await;
                fresh(&self.qiye1, "/api/certificates", certificate_body(&e)).await
            }
            Target::OwnEmergencyPlan => fresh(&self.qiye1, "/api/emergency-plans", plan_body()).await,
            Target::OwnDrill => fresh(&self.qiye1, "/api/drills", drill_body()).await,
            Target::ForeignDrill => self.foreign_drill.clone(),
            Target::SpotCheck => self.spot_check.clone(),
            Target::Activity => self.activity.clone(),
            Target::FreshXiuyingActivity => {
                fresh(&self.xiuying_client, "/api/activities", activity_body(&self.own_enterprise)).await
            }
            Target::DraftReferral | Target::SentReferral | Target::ReceivedReferral => {
                let x = &self.xiuying_client;
                let id = fresh(x, "/api/referrals", self.referral_body()).await;
                if !matches!(t, Target::DraftReferral) {
                    let (s, b) = x.post(&format!("/api/referrals/{id}/send"), json!({})).await;
                    assert_eq!(s, StatusCode::OK, "{b}");
                }
                if matches!(t, Target::ReceivedReferral) {
                    let (s, b) = x
                        .post(&format!("/api/referrals/{id}/receive"), json!({"on_behalf": true, "note": "电话确认已收到"}))
                        .await;
                    assert_eq!(s, StatusCode::OK, "{b}");
                }
                id
            }
            Target::FreshMeeting => fresh(&self.zhengfa, "/api/meetings", meeting_body()).await,
            Target::FreshDecision => {
                let m = fresh(&self.zhengfa, "/api/meetings", meeting_body()).await;
                fresh(&self.zhengfa, &format!("/api/meetings/{m}/decisions"), self.decision_body()).await
            }
            Target::OwnPractice | Target::SubmittedPractice | Target::PublishedPractice => {
                let id = fresh(&self.qiye1, "/api/practices", practice_body()).await;
                if !matches!(t, Target::OwnPractice) {
                    let (s, b) = self.qiye1.post_empty(&format!("/api/practices/{id}/submit")).await;
                    assert_eq!(s, StatusCode::OK, "{b}");
                }
                if matches!(t, Target::PublishedPractice) {
                    let (s, b) = self
                        .zhengfa
                        .post(&format!("/api/practices/{id}/review"), json!({"approve": true}))
                        .await;
                    assert_eq!(s, StatusCode::OK, "{b}");
                }
                id
            }
            Target::FreshBenchmark => {
                let e = self.fresh_enterprise().await;
                fresh(&self.zhengfa, "/api/benchmarks", json!({"enterprise_id": e, "year": this_year(),
                    "reason": "安全文化建设成效突出，连续三年无事故"})).await
            }
            Target::OwnMaturity => self.own_maturity.clone(),
            Target::SubmittedMaturity => self.submitted_maturity.clone(),
            Target::FreshAssessment | Target::FreshAssessmentRow => {
                let (s, b) = self.zhengfa.post("/api/assessments", assessment_body()).await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                if matches!(t, Target::FreshAssessment) {
                    b["id"].as_str().unwrap().to_string()
                } else {
                    b["rows"][0]["id"].as_str().unwrap().to_string()
                }
            }
            Target::FreshBulletin => fresh(&self.zhengfa, "/api/bulletins/draft", bulletin_draft_body()).await,
            Target::FreshInterview => fresh(&self.xiuying_client, "/api/interviews", self.interview_body()).await,
            Target::XiuyingWarning => self.xiuying_warning.clone(),
            Target::ForeignWarning => self.foreign_warning.clone(),
            Target::FreshXiuyingWarning => {
                let (s, b) = self.zhengfa.post("/api/weather-warnings", warning_body(&self.xiuying)).await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::FreshCategory => {
                let (s, b) = self
                    .admin
                    .post("/api/industry-categories", json!({"name": format!("矩阵类别{}", self.next()), "notice_period": "weekly", "sort_order": 50}))
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::SubmittedTeamItem => {
                let id = &self.own_enterprise;
                let (_, p) = self
                    .qiye1
                    .get(&format!("/api/enterprises/{id}/profile"))
                    .await;
                let team = p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["item"] == "team")
                    .unwrap()
                    .clone();
                if team["state"] == "submitted" {
                    return id.clone();
                }
                let (s, b) = self
                    .qiye1
                    .put(
                        &format!("/api/enterprises/{id}/profile/team"),
                        json!({"data": {"members": [{"name": "王五", "post": "安全员"}]}}),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                let (s, b) = self
                    .qiye1
                    .post_empty(&format!("/api/enterprises/{id}/profile/team/submit"))
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                id.clone()
            }
            Target::FreshTask => {
                let (s, b) = self
                    .zhengfa
                    .post(
                        &format!("/api/campaigns/{}/tasks", self.sections_campaign),
                        self.task_body(),
                    )
                    .await;
                assert_eq!(s, StatusCode::CREATED, "{b}");
                b["id"].as_str().unwrap().to_string()
            }
            Target::SubmittedAssignment => {
                let cid = import(&self.zhengfa, XIUYING_PLAN.as_bytes()).await;
                let (_, list) = self
                    .xiuying_client
                    .get(&format!("/api/assignments?mine=true&campaign_id={cid}"))
                    .await;
                let id = list["items"][0]["id"].as_str().unwrap().to_string();
                let (s, b) = self
                    .xiuying_client
                    .post(
                        &format!("/api/assignments/{id}/progress"),
                        json!({"text": "已完成", "percent": 100, "submit": true}),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                id
            }
            Target::OtherSession => {
                let other = srv.login("meilan").await;
                let (_, list) = other.get("/api/auth/sessions").await;
                let id = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["current"] == true)
                    .unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string();
                std::mem::forget(other);
                id
            }
        }
    }

    fn import_client(&self, role: &str) -> &Client {
        if role == "zhengfa" {
            &self.zhengfa
        } else {
            &self.xiuying_client
        }
    }

    fn import_file(&self, n: u32) -> Vec<u8> {
        let code = credit_code(800_000 + n);
        common::import_xlsx(&[vec![
            &format!("矩阵导入企业{n}"),
            &code,
            "秀英区商务局",
            "超市",
        ]])
    }

    /// A fresh enterprise of 秀英区 (registered by xiuying).
    async fn fresh_enterprise(&self) -> String {
        let n = self.next();
        fresh(
            &self.xiuying_client,
            "/api/enterprises",
            json!({
            "name": format!("矩阵标杆企业{n}"), "credit_code": credit_code(950_000 + n),
            "district_id": self.xiuying, "category_id": self.category}),
        )
        .await
    }

    fn referral_body(&self) -> Value {
        json!({"enterprise_id": self.own_enterprise, "agency_id": self.agency, "source": "manual",
               "violation": "未按规定组织安全生产教育和培训", "legal_basis": "《中华人民共和国安全生产法》第二十八条",
               "evidence": "检查记录", "requested_action": "请依法调查处理", "contact_name": "张科长",
               "contact_phone": "0898-66668888"})
    }

    fn decision_body(&self) -> Value {
        json!({"content": "各区于月底前完成商场消防通道专项检查", "lead_unit_ids": [self.section],
               "unit_ids": [self.xiuying], "deadline": "2026-12-31"})
    }

    fn interview_body(&self) -> Value {
        json!({"kind": "interview", "org_id": self.own_enterprise, "held_on": "2026-11-01",
               "reason": "重大隐患逾期未整改", "interviewer": "李局长", "attendees": "企业主要负责人",
               "commitments": "十日内完成整改", "follow_up_on": "2026-11-15"})
    }

    fn task_body(&self) -> Value {
        json!({
            "section": "手工任务", "number": "1", "text": format!("矩阵手工任务{}", self.next()),
            "deadline": {"text": "12月底前", "kind": "by", "end": "2021-12-31"},
            "lead": [{"phrase": "局政策法规科", "unit_ids": [self.section]}],
            "responsible": [{"phrase": "秀英区商务局", "unit_ids": [self.xiuying]}],
        })
    }

    async fn body(&self, b: Body, role: &str, me: &Client) -> Option<Value> {
        let n = self.next();
        match b {
            Body::Empty => Some(json!({})),
            Body::HazardCategory => {
                Some(json!({"name": format!("矩阵隐患类别改{n}"), "sort_order": 30}))
            }
            Body::NewHazard => {
                let mut h = json!({"category_id": self.hazard_category, "description": format!("矩阵上报{n}"),
                                   "photos": [photo_of(me).await]});
                if role != "qiye1" {
                    h["enterprise_id"] = json!(self.own_enterprise);
                    h["source"] = json!("district_check");
                }
                Some(h)
            }
            Body::HazardEdit => Some(
                json!({"category_id": self.hazard_category, "description": format!("矩阵修改{n}")}),
            ),
            Body::Plan => Some(
                json!({"plan": {"goal": "消除隐患", "methods": "改造", "funds": "企业自筹",
                "organization": "工程部", "schedule": "15日内", "safety": "停用并设警示"}}),
            ),
            Body::Supervise => Some(
                json!({"deadline": anzhi_domain::time::today_china(chrono::Utc::now()) + chrono::Duration::days(10)}),
            ),
            Body::SubmitPhotos => {
                Some(json!({"photos": [photo_of(me).await], "comment": "已整改"}))
            }
            Body::HazardReturn => Some(json!({"comment": "整改不到位"})),
            Body::Level => Some(json!({"level": "major", "comment": "涉及燃气，升级为重大隐患"})),
            Body::SelfCheck => {
                Some(json!({"scope": "全店", "inspectors": "张三", "no_hazards": true}))
            }
            Body::Photo => None,
            Body::PlanText => None,
            Body::Cap => None,
            Body::RosterFile => None,
            Body::Employee => Some(employee_body()),
            Body::Training => {
                let e = if role == "qiye1" {
                    fresh(&self.qiye1, "/api/employees", employee_body()).await
                } else {
                    uuid_like()
                };
                Some(training_body(&e))
            }
            Body::RosterImport => {
                let draft = if role == "qiye1" {
                    let (s, p) = me
                        .upload_raw(
                            "/api/employees/import/preview?file_name=r.xlsx",
                            &roster_file(n),
                        )
                        .await;
                    assert_eq!(s, StatusCode::OK, "{p}");
                    p["draft_id"].as_str().unwrap().to_string()
                } else {
                    uuid_like()
                };
                Some(json!({"draft_id": draft, "valid_only": false}))
            }
            Body::Certificate => {
                let e = if role == "qiye1" {
                    fresh(&self.qiye1, "/api/employees", employee_body()).await
                } else {
                    uuid_like()
                };
                Some(certificate_body(&e))
            }
            Body::Requirements => Some(json!(anzhi_domain::training::Requirements::default())),
            Body::TrainingEvaluation => {
                let items: Vec<Value> = anzhi_domain::training::evaluation_items()
                    .iter()
                    .map(|i| json!({"key": i.key, "score": i.max}))
                    .collect();
                Some(
                    json!({"enterprise_id": self.own_enterprise, "items": items, "comment": "培训扎实"}),
                )
            }
            Body::EmergencyPlan => Some(plan_body()),
            Body::Drill => Some(drill_body()),
            Body::Criteria => Some(json!({"items": anzhi_domain::drills::default_criteria()})),
            Body::SpotCheck => Some(spot_check_body(&self.own_enterprise)),
            Body::Activity => Some(activity_body(&self.own_enterprise)),
            Body::Benchmark => {
                let e = if role == "zhengfa" {
                    self.fresh_enterprise().await
                } else {
                    self.own_enterprise.clone()
                };
                Some(
                    json!({"enterprise_id": e, "year": this_year(), "reason": "安全文化建设成效突出，连续三年无事故"}),
                )
            }
            Body::CreditRules => {
                Some(serde_json::to_value(anzhi_domain::credit::CreditRules::default()).unwrap())
            }
            Body::NextYear => Some(json!({"year": this_year() + 1})),
            Body::Pilots => Some(
                json!({"year": this_year(), "group": "第一批试点", "enterprise_ids": [self.own_enterprise]}),
            ),
            Body::MaturityAnswers => Some(json!({"answers": {}})),
            Body::MaturityReview => Some(json!({"approve": true, "note": "情况属实"})),
            Body::Assessment => Some(assessment_body()),
            Body::RowScores => Some(json!({"items": []})),
            Body::RowTask => Some(
                json!({"campaign_id": self.sections_campaign, "text": "针对考核发现的薄弱环节开展整改",
                "deadline": "2026-12-31"}),
            ),
            Body::Referral => Some(self.referral_body()),
            Body::Step => Some(json!({"note": "已立案调查"})),
            Body::Result => Some(json!({"result": "已责令限期改正并罚款", "penalty": "罚款2万元"})),
            Body::Meeting => Some(meeting_body()),
            Body::Decision => Some(self.decision_body()),
            Body::DecisionTask => Some(json!({"campaign_id": self.sections_campaign})),
            Body::Practice => Some(practice_body()),
            Body::Review => Some(json!({"approve": true})),
            Body::BulletinDraft => Some(bulletin_draft_body()),
            Body::BulletinEdit => Some(
                json!({"title": "关于安全生产专项整治工作进展情况的通报", "sections": [
                {"heading": "一、总体情况", "paragraphs": ["各单位按计划推进。"]}]}),
            ),
            Body::Interview => Some(self.interview_body()),
            Body::Note => Some(json!({"note": "已回访，整改到位"})),
            Body::RiskPoint => Some(risk_point_body()),
            Body::Assess => Some(json!({"method": "lec", "l": 3, "e": 6, "c": 15})),
            Body::Thresholds => Some(json!({"lec": {"major": 320, "large": 160, "general": 70},
                                           "ls": {"major": 20, "large": 15, "general": 9}})),
            Body::Template => Some(template_body()),
            Body::InspectionCampaign => Some(
                json!({"name": format!("矩阵专项{n}"), "starts_on": "2021-06-01", "ends_on": "2021-06-30"}),
            ),
            Body::InspectionPlan => {
                let (_, m) = me.get("/api/auth/me").await;
                let ent = if role == "zhengfa" || role == "xiuying" {
                    self.own_enterprise.clone()
                } else {
                    uuid_like()
                };
                Some(
                    json!({"title": format!("矩阵计划{n}"), "template_id": self.matrix_template,
                    "starts_on": "2021-06-01", "due_on": "2021-06-30",
                    "targets": [{"enterprise_id": ent, "inspector_id": m["user"]["id"]}]}),
                )
            }
            Body::NewInspection => Some(
                json!({"enterprise_id": self.own_enterprise, "template_id": self.matrix_template}),
            ),
            Body::Answers => Some(json!({"answers": [{"key": "m-1", "value": "compliant"}]})),
            Body::Confirm => Some(if role == "qiye1" {
                json!({"comment": "无异议"})
            } else {
                json!({"name": "企业代表王五"})
            }),
            Body::Warning => Some(warning_body(&self.xiuying)),
            Body::WarningReport => Some(json!({"done": [0], "note": "已加固招牌"})),
            Body::Campaign => Some(common::confirm_body(
                &preview(&self.zhengfa, SECTIONS_PLAN.as_bytes()).await,
            )),
            Body::Progress => Some(json!({"text": format!("进展{n}"), "percent": 50})),
            Body::Accept => Some(json!({"comment": "同意"})),
            Body::Contact => Some(json!({"email": "unit@example.gov.cn"})),
            Body::Rules => {
                Some(json!({"before_days": [7, 1], "overdue_every_days": 3, "lead_digest": true}))
            }
            Body::Return => Some(json!({"reason": "材料不全"})),
            Body::Task => Some(self.task_body()),
            Body::Category => Some(
                json!({"name": format!("矩阵类别改{n}"), "notice_period": "monthly", "sort_order": 60}),
            ),
            Body::NewEnterprise => Some(json!({
                "name": format!("矩阵新企业{n}"), "credit_code": credit_code(900_000 + n),
                "district_id": self.xiuying, "category_id": self.category,
            })),
            Body::OwnEnterpriseRecord => Some(self.own_record.clone()),
            Body::ImportFile => None,
            Body::ImportConfirm => {
                let c = if matches!(role, "zhengfa" | "xiuying") {
                    self.import_client(role)
                } else {
                    &self.xiuying_client
                };
                let (s, p) = c
                    .upload_raw(
                        "/api/enterprises/import/preview?file_name=a.xlsx",
                        &self.import_file(n),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{p}");
                Some(json!({"draft_id": p["draft_id"], "existing": "skip"}))
            }
            Body::NewAccount => {
                Some(json!({"username": format!("qiyematrix{n}"), "display_name": "企业新账号"}))
            }
            Body::TeamItem => Some(
                json!({"data": {"members": [{"name": "王五", "post": "安全员", "phone": "13800001234"}]}}),
            ),
            Body::Reason => Some(json!({"reason": "人员不全"})),
            Body::Notice => Some(json!({"content": ""})),
            Body::Commitment => Some(json!({"year": 2021, "text": ""})),
            Body::Upload => None,
            Body::None => None,
            Body::NewOrg => Some(
                json!({"name": format!("矩阵新科室{n}"), "kind": "section", "parent_id": self.bureau}),
            ),
            Body::OrgChange => {
                Some(json!({"name": format!("矩阵改名{n}"), "parent_id": self.bureau}))
            }
            Body::Resolve => Some(json!({"phrases": ["各区商务局", "局政策法规科"]})),
            Body::Group => Some(
                json!({"name": format!("矩阵组{n}"), "rule": "explicit", "member_ids": [self.section]}),
            ),
            Body::NewUser => Some(
                json!({"username": format!("newmatrix{n}"), "display_name": "新用户", "role": "district_staff", "org_id": self.xiuying}),
            ),
            Body::UserChange => Some(
                json!({"display_name": "改名", "role": "district_staff", "org_id": self.xiuying}),
            ),
            Body::Policy => Some(
                json!({"min_length": 8, "min_classes": 3, "expiry_days": 90, "max_failures": 5, "lockout_minutes": 15, "idle_timeout_minutes": 30, "require_totp_for_admins": true}),
            ),
            Body::PasswordWrongOld => {
                Some(json!({"old_password": "Not#TheOld1", "new_password": "Brand#New2026"}))
            }
            Body::TotpCode => Some(json!({"code": "123456"})),
            Body::PasswordConfirm => Some(json!({"password": DEMO_PASSWORD})),
            Body::OwnLogin => Some(if role == "anon" {
                json!({"username": "nobody", "password": "Wrong#Pass1"})
            } else {
                json!({"username": role, "password": DEMO_PASSWORD})
            }),
        }
    }
}

async fn run_matrix(srv: TestServer) {
    // Every documented route has a row, and every row a documented route.
    let (_, doc) = srv.client().get("/api/openapi.json").await;
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3.1"),
        "OpenAPI 3.1"
    );
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in ["get", "post", "put", "patch", "delete"] {
            if item.get(m).is_some() {
                documented.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    let covered: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let missing: Vec<_> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorization matrix: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "matrix rows for routes that do not exist: {stale:?}"
    );

    let zhengfa = srv.login("zhengfa").await;
    let xiuying_client = srv.login("xiuying").await;
    let seed_campaign = import(&zhengfa, SEED).await;
    let sections_campaign = import(&zhengfa, SECTIONS_PLAN.as_bytes()).await;
    let (_, t) = zhengfa
        .get(&format!("/api/tasks?campaign_id={sections_campaign}"))
        .await;
    let sections_task = t["items"][0]["id"].as_str().unwrap().to_string();
    let (_, mine) = xiuying_client
        .get(&format!(
            "/api/assignments?mine=true&campaign_id={seed_campaign}"
        ))
        .await;
    let xiuying_assignment = mine["items"][0]["id"].as_str().unwrap().to_string();
    let district_task = mine["items"][0]["task_id"].as_str().unwrap().to_string();
    // A reminder for 秀英区商务局: a task due today, and one pass of the reminder job.
    let p = preview(&zhengfa, XIUYING_PLAN.as_bytes()).await;
    let mut body = common::confirm_body(&p);
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    body["tasks"][0]["deadline"] = json!({"text": "今天", "start": null, "end": today});
    let (s, b) = zhengfa.post("/api/campaigns", body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    anzhi_server::reminders::run_once(&srv.store, &Default::default(), "matrix")
        .await
        .unwrap();
    let (_, notes) = xiuying_client.get("/api/notifications").await;
    let xiuying_notification = notes["items"][0]["id"]
        .as_str()
        .expect("a reminder")
        .to_string();
    let fx = Fixture {
        xiuying_notification,
        zhengfa,
        xiuying_client,
        seed_campaign,
        sections_campaign,
        district_task,
        sections_task,
        xiuying_assignment,
        admin: srv.login("sysadmin").await,
        bureau: srv.org_id("海口市商务局").await,
        xiuying: srv.org_id("秀英区商务局").await,
        section: srv.org_id("政策法规科").await,
        own_enterprise: String::new(),
        foreign_enterprise: String::new(),
        counter: Default::default(),
        qiye1: srv.client(),
        category: String::new(),
        own_record: Value::Null,
        hazard_category: String::new(),
        foreign_hazard: String::new(),
        own_self_check: String::new(),
        foreign_self_check: String::new(),
        foreign_risk_point: String::new(),
        matrix_template: String::new(),
        inspection_campaign: String::new(),
        xiuying_plan: String::new(),
        foreign_inspection: String::new(),
        xiuying_warning: String::new(),
        foreign_warning: String::new(),
        foreign_employee: String::new(),
        foreign_training: String::new(),
        foreign_drill: String::new(),
        spot_check: String::new(),
        activity: String::new(),
        agency: String::new(),
        own_maturity: String::new(),
        submitted_maturity: String::new(),
    };
    let q = srv.login("qiye1").await;
    let (_, me) = q.get("/api/auth/me").await;
    let own = me["user"]["org_id"].as_str().unwrap().to_string();
    let meilan = srv.org_id("美兰区商务局").await;
    let (_, ents) = fx
        .admin
        .get(&format!("/api/orgs?kind=enterprise&parent_id={meilan}"))
        .await;
    let foreign = ents["items"][0]["id"].as_str().unwrap().to_string();
    let (_, rec) = q.get(&format!("/api/enterprises/{own}")).await;
    let own_record = json!({
        "name": rec["name"], "credit_code": rec["credit_code"], "district_id": rec["district_id"],
        "category_id": rec["category_id"], "is_key": rec["is_key"], "status": rec["status"],
        "principal": rec["principal"], "principal_phone": rec["principal_phone"],
    });
    let (_, cats) = q.get("/api/industry-categories").await;
    let category = cats[0]["id"].as_str().unwrap().to_string();
    let (_, hcats) = q.get("/api/hazard-categories").await;
    let hazard_category = hcats[0]["id"].as_str().unwrap().to_string();
    let meilan_client = srv.login("meilan").await;
    let qiye2 = srv.login("qiye2").await;
    let (_, q2) = qiye2.get("/api/auth/me").await;
    let foreign_hazard = hazard_by(
        &meilan_client,
        json!({"enterprise_id": q2["user"]["org_id"], "source": "district_check", "category_id": hazard_category,
               "description": "美兰企业的隐患"}),
    )
    .await;
    let check = json!({"scope": "全店", "inspectors": "张三", "no_hazards": true});
    let (s, own_check) = q.post("/api/self-checks", check.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{own_check}");
    let (s, foreign_check) = qiye2.post("/api/self-checks", check).await;
    assert_eq!(s, StatusCode::CREATED, "{foreign_check}");
    // Risk, inspections and weather.
    let (s, frp) = qiye2.post("/api/risk-points", risk_point_body()).await;
    assert_eq!(s, StatusCode::CREATED, "{frp}");
    let (s, tpl) = fx
        .zhengfa
        .post("/api/checklist-templates", template_body())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{tpl}");
    let matrix_template = tpl["id"].as_str().unwrap().to_string();
    let (s, camp) = fx
        .zhengfa
        .post(
            "/api/inspection-campaigns",
            json!({"name": "矩阵专项检查", "starts_on": "2021-06-01", "ends_on": "2021-06-30"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{camp}");
    let (_, xme) = fx.xiuying_client.get("/api/auth/me").await;
    let (s, plan) = fx.xiuying_client.post("/api/inspection-plans", json!({
        "title": "矩阵检查计划", "template_id": matrix_template, "starts_on": "2021-06-01", "due_on": "2021-06-30",
        "targets": [{"enterprise_id": own, "inspector_id": xme["user"]["id"]}]})).await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let (s, fi) = meilan_client
        .post(
            "/api/inspections",
            json!({"enterprise_id": q2["user"]["org_id"], "template_id": matrix_template}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fi}");
    let foreign_inspection = fi["id"].as_str().unwrap().to_string();
    let (s, b) = meilan_client
        .post(
            &format!("/api/inspections/{foreign_inspection}/start"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, xw) = fx
        .zhengfa
        .post("/api/weather-warnings", warning_body(&fx.xiuying))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{xw}");
    let (s, fw) = fx
        .zhengfa
        .post("/api/weather-warnings", warning_body(&meilan))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fw}");
    // Training, drills, publicity.
    let (s, fe) = qiye2.post("/api/employees", employee_body()).await;
    assert_eq!(s, StatusCode::CREATED, "{fe}");
    let foreign_employee = fe["id"].as_str().unwrap().to_string();
    let (s, ft) = qiye2
        .post("/api/trainings", training_body(&foreign_employee))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ft}");
    let (s, fd) = qiye2.post("/api/drills", drill_body()).await;
    assert_eq!(s, StatusCode::CREATED, "{fd}");
    let (s, sc) = fx
        .xiuying_client
        .post("/api/drill-evaluations", spot_check_body(&own))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sc}");
    let (s, act) = fx
        .zhengfa
        .post("/api/activities", activity_body(&own))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{act}");
    let (s, agencies) = fx.zhengfa.get("/api/referrals/agencies").await;
    assert_eq!(s, StatusCode::OK, "{agencies}");
    let agency = agencies
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "海口市安全生产委员会办公室")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // qiye1's questionnaires: last year's a draft, this year's answered and submitted.
    let own_maturity = fresh(&q, "/api/maturity", json!({"year": this_year() - 1})).await;
    let submitted_maturity = fresh(&q, "/api/maturity", json!({"year": this_year()})).await;
    let (_, qn) = q.get("/api/maturity/questionnaire").await;
    let mut answers = serde_json::Map::new();
    for d in qn["dimensions"].as_array().unwrap() {
        for q in d["questions"].as_array().unwrap() {
            answers.insert(q["key"].as_str().unwrap().into(), json!({"level": 3}));
        }
    }
    let (s, b) = q
        .put(
            &format!("/api/maturity/{submitted_maturity}"),
            json!({"answers": answers}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = q
        .post_empty(&format!("/api/maturity/{submitted_maturity}/submit"))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let fx = Fixture {
        own_maturity,
        submitted_maturity,
        agency,
        foreign_employee,
        foreign_training: ft["id"].as_str().unwrap().to_string(),
        foreign_drill: fd["id"].as_str().unwrap().to_string(),
        spot_check: sc["id"].as_str().unwrap().to_string(),
        activity: act["id"].as_str().unwrap().to_string(),
        ..fx
    };
    let fx = Fixture {
        foreign_risk_point: frp["id"].as_str().unwrap().to_string(),
        matrix_template,
        inspection_campaign: camp["id"].as_str().unwrap().to_string(),
        xiuying_plan: plan["id"].as_str().unwrap().to_string(),
        foreign_inspection,
        xiuying_warning: xw["id"].as_str().unwrap().to_string(),
        foreign_warning: fw["id"].as_str().unwrap().to_string(),
        ..fx
    };
    let fx = Fixture {
        own_enterprise: own,
        foreign_enterprise: foreign,
        qiye1: q,
        category,
        own_record,
        hazard_category,
        foreign_hazard,
        own_self_check: own_check["id"].as_str().unwrap().to_string(),
        foreign_self_check: foreign_check["id"].as_str().unwrap().to_string(),
        ..fx
    };

    let mut sessions = std::collections::HashMap::new();
    for role in &ROLES[1..] {
        sessions.insert(*role, srv.login(role).await);
    }
    let mut failures = Vec::new();
    for r in MATRIX {
        // Requests that end their own session get a session of their own.
        let ends_session = matches!(
            r.path,
            "/api/auth/logout" | "/api/auth/sessions/{id}" | "/api/auth/login"
        );
        for (col, role) in ROLES.iter().enumerate() {
            let fresh;
            let client = if *role == "anon" {
                fresh = srv.client();
                &fresh
            } else if ends_session {
                fresh = srv.login(role).await;
                &fresh
            } else {
                &sessions[role]
            };
            if *role == "anon" && r.body as u8 != Body::OwnLogin as u8 {
                // Anonymous requests still send a (meaningless) CSRF token header.
                *client.csrf.lock().unwrap() = Some("anonymous".into());
            }
            let id = fx.target(&srv, r.target, client).await;
            let path = r.path.replace("{id}", &id).replace("{item}", "team");
            let body = fx.body(r.body, role, client).await;
            let method = Method::from_bytes(r.method.as_bytes()).unwrap();
            let (status, answer) = if matches!(r.body, Body::PlanText) {
                let mut req = client
                    .http
                    .post(format!("{}{}?file_name=plan.txt", client.base, path))
                    .header("Content-Type", "text/plain; charset=utf-8");
                if let Some(t) = client.csrf.lock().unwrap().clone() {
                    req = req.header("X-CSRF-Token", t);
                }
                let res = req
                    .body(SECTIONS_PLAN.as_bytes().to_vec())
                    .send()
                    .await
                    .unwrap();
                let s = res.status();
                (s, res.json::<Value>().await.unwrap_or_default())
            } else if matches!(r.body, Body::ImportFile) {
                let n = fx.next();
                client
                    .upload_raw(&format!("{path}?file_name=m.xlsx"), &fx.import_file(n))
                    .await
            } else if matches!(r.body, Body::RosterFile) {
                let n = fx.next();
                client
                    .upload_raw(&format!("{path}?file_name=r.xlsx"), &roster_file(n))
                    .await
            } else if matches!(r.body, Body::Cap) {
                client
                    .upload(&path, "warning.xml", cap_file(fx.next()).as_bytes())
                    .await
            } else if matches!(r.body, Body::Upload | Body::Photo) {
                client.upload(&path, "照片.png", common::PHOTO).await
            } else {
                client.send(method, &path, body).await
            };
            let want = r.expect[col];
            if status.as_u16() != want {
                failures.push(format!(
                    "{} {} [{:?}] as {role}: expected {want}, got {} {answer}",
                    r.method,
                    r.path,
                    r.target,
                    status.as_u16()
                ));
            }
            if status.as_u16() >= 400 && status != StatusCode::NOT_FOUND
                || status == StatusCode::NOT_FOUND && answer.get("code").is_some()
            {
                assert!(
                    answer["code"].is_string() && answer["detail"].is_string(),
                    "{} {} as {role}: problem+json expected, got {answer}",
                    r.method,
                    r.path
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix mismatches:\n{}",
        failures.join("\n")
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_sqlite() {
    run_matrix(TestServer::start(common::Db::Sqlite, true).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_postgres() {
    match TestServer::start(common::Db::Postgres, true).await {
        Some(srv) => run_matrix(srv).await,
        None => eprintln!("ANZHI_TEST_DATABASE_URL is not set: PostgreSQL variant not run"),
    }
}
