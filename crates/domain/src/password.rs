//! Password policy (等保 2.0: complexity and periodic change, both
//! configurable) and argon2id hashing.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::validate::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PasswordPolicy {
    /// Minimum length in characters.
    pub min_length: u32,
    /// How many of the four classes (upper, lower, digit, symbol) are required.
    pub min_classes: u32,
    /// Days after which a password must be changed (0 = never).
    pub expiry_days: u32,
    /// Failed logins before the account locks.
    pub max_failures: u32,
    /// How long a lock lasts.
    pub lockout_minutes: u32,
    /// A session ends after this long without a request.
    pub idle_timeout_minutes: u32,
    /// The three admin roles must use a second factor (TOTP).
    pub require_totp_for_admins: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 8,
            min_classes: 3,
            expiry_days: 90,
            max_failures: 5,
            lockout_minutes: 15,
            idle_timeout_minutes: 30,
            require_totp_for_admins: true,
        }
    }
}

impl PasswordPolicy {
    /// Checks the policy's own fields; errors name the field in Chinese.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut v = crate::Validator::new();
        v.range("min_length", "密码最小长度", self.min_length.into(), 8, 64);
        v.range("min_classes", "字符类别数", self.min_classes.into(), 1, 4);
        v.range(
            "expiry_days",
            "密码有效期（天）",
            self.expiry_days.into(),
            0,
            3650,
        );
        v.range(
            "max_failures",
            "登录失败锁定次数",
            self.max_failures.into(),
            3,
            20,
        );
        v.range(
            "lockout_minutes",
            "锁定时长（分钟）",
            self.lockout_minutes.into(),
            1,
            1440,
        );
        v.range(
            "idle_timeout_minutes",
            "会话空闲超时（分钟）",
            self.idle_timeout_minutes.into(),
            5,
            720,
        );
        v.into_result()
    }

    /// Checks a new password; the message is Chinese and explains the rule.
    pub fn check(&self, password: &str, username: &str) -> Result<(), String> {
        let n = password.chars().count();
        if n < self.min_length as usize {
            return Err(format!("密码至少需要{}个字符", self.min_length));
        }
        if n > 128 {
            return Err("密码不能超过128个字符".into());
        }
        let classes = char_classes(password);
        if classes < self.min_classes {
            return Err(format!(
                "密码须包含大写字母、小写字母、数字、特殊字符中的至少{}类",
                self.min_classes
            ));
        }
        if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
            return Err("密码不能包含用户名".into());
        }
        Ok(())
    }

    /// Has a password set at `changed_at` expired at `now`?
    pub fn expired(&self, changed_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.expiry_days > 0 && now - changed_at > Duration::days(self.expiry_days.into())
    }

    pub fn hint(&self) -> String {
        format!(
            "至少{}位，包含大写字母、小写字母、数字、特殊字符中的至少{}类",
            self.min_length, self.min_classes
        )
    }
}

pub fn char_classes(p: &str) -> u32 {
    let upper = p.chars().any(|c| c.is_ascii_uppercase());
    let lower = p.chars().any(|c| c.is_ascii_lowercase());
    let digit = p.chars().any(|c| c.is_ascii_digit());
    let other = p.chars().any(|c| !c.is_ascii_alphanumeric());
    [upper, lower, digit, other].iter().filter(|b| **b).count() as u32
}

#[derive(Debug, thiserror::Error)]
#[error("密码哈希失败")]
pub struct HashError;

/// argon2id with the crate's recommended parameters, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let h: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|_| HashError)?;
    Ok(h.to_string())
}

/// Constant-time verification; a malformed stored hash verifies nothing.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, for timing-equal checks of unknown users.
pub fn dummy_hash() -> &'static str {
    use std::sync::OnceLock;
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password(&generate_password()).unwrap_or_default())
}

/// A random 14-character password with all four classes, without look-alike characters.
pub fn generate_password() -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"@#%+=!?";
    let mut rng = rand::rng();
    let mut out: Vec<u8> = Vec::with_capacity(14);
    for set in [UPPER, LOWER, DIGIT, SYMBOL] {
        out.push(set[rng.random_range(0..set.len())]);
    }
    let all: Vec<u8> = [UPPER, LOWER, DIGIT].concat();
    while out.len() < 14 {
        out.push(all[rng.random_range(0..all.len())]);
    }
    // Fisher-Yates so the classes are not always in the same positions.
    for i in (1..out.len()).rev() {
        let j = rng.random_range(0..=i);
        out.swap(i, j);
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_classes_and_length() {
        let p = PasswordPolicy::default();
        assert!(p.check("Anzhi@2026", "leader").is_ok());
        assert_eq!(p.check("Ab1@", "x").unwrap_err(), "密码至少需要8个字符");
        assert!(p.check("abcdefgh1", "x").unwrap_err().contains("至少3类"));
        assert!(
            p.check("Xiuying@2026", "xiuying")
                .unwrap_err()
                .contains("用户名")
        );
        let relaxed = PasswordPolicy {
            min_classes: 1,
            ..p.clone()
        };
        assert!(relaxed.check("abcdefghij", "x").is_ok());
    }

    #[test]
    fn expiry() {
        let p = PasswordPolicy::default();
        let t = Utc::now();
        assert!(!p.expired(t - Duration::days(89), t));
        assert!(p.expired(t - Duration::days(91), t));
        let never = PasswordPolicy {
            expiry_days: 0,
            ..p
        };
        assert!(!never.expired(t - Duration::days(10_000), t));
    }

    #[test]
    fn hash_and_verify() {
        let h = hash_password("Anzhi@2026").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Anzhi@2026", &h));
        assert!(!verify_password("anzhi@2026", &h));
        assert!(!verify_password("Anzhi@2026", "garbage"));
    }

    #[test]
    fn generated_passwords_meet_the_default_policy() {
        let p = PasswordPolicy::default();
        for _ in 0..200 {
            let g = generate_password();
            assert_eq!(g.len(), 14);
            assert!(p.check(&g, "someone").is_ok(), "{g}");
        }
    }

    #[test]
    fn policy_fields_validated() {
        let bad = PasswordPolicy {
            min_length: 4,
            ..Default::default()
        };
        let errs = bad.validate().unwrap_err();
        assert_eq!(errs[0].field, "min_length");
    }
}
