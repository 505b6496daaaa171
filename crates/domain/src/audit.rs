//! The audit trail as a tamper-evident chain: each record's hash is
//! SM3(previous hash ‖ canonical record). Removing, altering or re-ordering a
//! record breaks every later link; removing the tail is caught against the
//! chain head kept beside the records.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::crypto::sm3_hex;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Outcome of an audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
    pub fn from_code(s: &str) -> Option<Outcome> {
        [Outcome::Success, Outcome::Failure, Outcome::Denied]
            .into_iter()
            .find(|o| o.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Success => "成功",
            Outcome::Failure => "失败",
            Outcome::Denied => "拒绝",
        }
    }
}

/// The actions anzhi audits, with their Chinese labels.
pub const ACTIONS: &[(&str, &str)] = &[
    ("system.init", "系统初始化"),
    ("auth.login", "登录"),
    ("auth.login_failed", "登录失败"),
    ("auth.locked", "账号锁定"),
    ("auth.logout", "退出登录"),
    ("auth.password_change", "修改密码"),
    ("auth.totp_enable", "启用动态口令"),
    ("auth.totp_disable", "停用动态口令"),
    ("auth.session_end", "结束会话"),
    ("access.denied", "越权访问拒绝"),
    ("org.create", "新增单位"),
    ("org.update", "修改单位"),
    ("org.delete", "删除单位"),
    ("org_group.create", "新增单位分组"),
    ("org_group.update", "修改单位分组"),
    ("org_group.delete", "删除单位分组"),
    ("user.create", "新增用户"),
    ("user.update", "修改用户"),
    ("user.disable", "停用用户"),
    ("user.enable", "启用用户"),
    ("user.unlock", "解锁用户"),
    ("user.reset_password", "重置密码"),
    ("security.policy_update", "修改安全策略"),
    ("security.session_end", "强制下线"),
    ("audit.verify", "校验审计日志"),
    ("audit.export", "导出审计日志"),
    ("campaign.create", "导入工作方案"),
    ("campaign.rules_update", "修改提醒规则"),
    ("task.create", "新增任务"),
    ("task.update", "修改任务"),
    ("task.delete", "删除任务"),
    ("file.upload", "上传附件"),
    ("enterprise.create", "登记企业"),
    ("enterprise.update", "修改企业信息"),
    ("enterprise.import", "导入企业"),
    ("category.create", "新增行业类别"),
    ("category.update", "修改行业类别"),
    ("category.delete", "删除行业类别"),
    ("profile.save", "填报安全生产管理体系"),
    ("profile.commit", "在线安全承诺"),
    ("profile.submit", "提交审核"),
    ("profile.approve", "审核通过"),
    ("profile.return", "审核退回"),
    ("notice.post", "发布承诺公告"),
    ("org.contact_update", "修改单位通知方式"),
    ("assignment.report", "报告进展"),
    ("assignment.submit", "报送"),
    ("assignment.accept", "通过"),
    ("assignment.return", "退回"),
];

pub fn action_label(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

/// The hashed content of one audit record, in canonical field order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Uuid,
    pub seq: i64,
    /// Truncated to microseconds so that it survives every database unchanged.
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub role: Option<String>,
    pub ip: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub result: String,
    pub detail: Option<String>,
    /// Canonical JSON text (keys sorted) of the object before the change.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditEntry {
    /// The canonical bytes hashed into the chain.
    pub fn canonical(&self) -> String {
        // serde_json writes struct fields in declaration order and maps (without
        // the preserve_order feature) with sorted keys; `at` is fixed-format.
        let at = self.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        let v = serde_json::json!([
            self.id.to_string(),
            self.seq,
            at,
            self.actor_id.map(|u| u.to_string()),
            self.actor_name,
            self.role,
            self.ip,
            self.action,
            self.object_type,
            self.object_id,
            self.result,
            self.detail,
            self.before,
            self.after,
        ]);
        v.to_string()
    }

    pub fn chain_hash(&self, prev_hash: &str) -> String {
        let mut data = String::with_capacity(prev_hash.len() + 512);
        data.push_str(prev_hash);
        data.push('\n');
        data.push_str(&self.canonical());
        sm3_hex(data.as_bytes())
    }
}

/// Canonical JSON text of a value (sorted keys), for `before`/`after`.
pub fn canonical_json(v: &serde_json::Value) -> String {
    // Round-trip through Value: its Map is a BTreeMap, so keys come out sorted.
    v.to_string()
}

/// Time as stored in audit records.
pub fn audit_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// One stored record with its stored hash and stored previous hash.
#[derive(Debug, Clone)]
pub struct StoredLink {
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BrokenLink {
    pub seq: i64,
    pub id: Option<String>,
    pub reason: String,
}

/// Incremental verifier: feed records in `seq` order, then `finish` with the
/// chain head.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    last_hash: String,
    checked: u64,
    broken: Option<BrokenLink>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            last_hash: GENESIS.to_string(),
            checked: 0,
            broken: None,
        }
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns false once a break is found (the caller may stop reading).
    pub fn push(&mut self, link: &StoredLink) -> bool {
        if self.broken.is_some() {
            return false;
        }
        let e = &link.entry;
        let id = Some(e.id.to_string());
        if e.seq != self.expected_seq {
            self.broken = Some(BrokenLink {
                seq: self.expected_seq,
                id,
                reason: format!(
                    "序号不连续：应为 {}，实际为 {}（记录被删除或插入）",
                    self.expected_seq, e.seq
                ),
            });
            return false;
        }
        if link.prev_hash != self.last_hash {
            self.broken = Some(BrokenLink {
                seq: e.seq,
                id,
                reason: "前序哈希与上一条记录不符（记录被删除、插入或篡改）".into(),
            });
            return false;
        }
        let computed = e.chain_hash(&link.prev_hash);
        if computed != link.hash {
            self.broken = Some(BrokenLink {
                seq: e.seq,
                id,
                reason: "记录内容与哈希不符（记录被篡改）".into(),
            });
            return false;
        }
        self.last_hash = computed;
        self.expected_seq += 1;
        self.checked += 1;
        true
    }

    /// Compares the end of the chain with the stored head (last seq and hash).
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> ChainReport {
        if self.broken.is_none()
            && (head_seq != self.expected_seq - 1 || head_hash != self.last_hash)
        {
            self.broken = Some(BrokenLink {
                seq: self.expected_seq,
                id: None,
                reason: format!(
                    "链尾与链头不符：链头记录到第 {} 条，实际只能校验到第 {} 条（尾部记录被删除或篡改）",
                    head_seq,
                    self.expected_seq - 1
                ),
            });
        }
        ChainReport {
            ok: self.broken.is_none(),
            checked: self.checked,
            first_broken: self.broken,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ChainReport {
    pub ok: bool,
    pub checked: u64,
    pub first_broken: Option<BrokenLink>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredLink> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let entry = AuditEntry {
                    id: Uuid::now_v7(),
                    seq,
                    at: audit_time(Utc::now()),
                    actor_id: None,
                    actor_name: "admin".into(),
                    role: Some("system_admin".into()),
                    ip: Some("127.0.0.1".into()),
                    action: "org.create".into(),
                    object_type: Some("org".into()),
                    object_id: Some(seq.to_string()),
                    result: "success".into(),
                    detail: None,
                    before: None,
                    after: Some(canonical_json(&serde_json::json!({"name": "x", "a": seq}))),
                };
                let hash = entry.chain_hash(&prev);
                let l = StoredLink {
                    entry,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                l
            })
            .collect()
    }

    fn verify(links: &[StoredLink], head_seq: i64, head_hash: &str) -> ChainReport {
        let mut v = ChainVerifier::new();
        for l in links {
            if !v.push(l) {
                break;
            }
        }
        v.finish(head_seq, head_hash)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let r = verify(&c, 5, &c[4].hash);
        assert!(r.ok);
        assert_eq!(r.checked, 5);
    }

    #[test]
    fn altered_record_is_found() {
        let mut c = chain(5);
        c[2].entry.actor_name = "mallory".into();
        let r = verify(&c, 5, &c[4].hash.clone());
        assert!(!r.ok);
        assert_eq!(r.first_broken.unwrap().seq, 3);
    }

    #[test]
    fn removed_record_is_found() {
        let mut c = chain(5);
        c.remove(1);
        let head = c[3].hash.clone();
        let r = verify(&c, 5, &head);
        assert_eq!(r.first_broken.unwrap().seq, 2);
    }

    #[test]
    fn removed_tail_is_found() {
        let mut c = chain(5);
        c.pop();
        let head = "f".repeat(64);
        let r = verify(&c, 5, &head);
        assert!(!r.ok);
        assert_eq!(r.checked, 4);
    }

    #[test]
    fn rehashed_forgery_without_head_is_found() {
        // An attacker who alters a record and recomputes its hash still breaks the next link.
        let mut c = chain(3);
        c[1].entry.detail = Some("forged".into());
        c[1].hash = c[1].entry.chain_hash(&c[1].prev_hash);
        let r = verify(&c, 3, &c[2].hash.clone());
        assert_eq!(r.first_broken.unwrap().seq, 3);
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let v: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap();
        assert_eq!(canonical_json(&v), r#"{"a":{"c":3,"d":2},"b":1}"#);
    }
}
