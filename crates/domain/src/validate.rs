//! Input validation with Chinese messages that name the field.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The JSON field name (dotted path for nested fields).
    pub field: String,
    /// Stable code: required, too_long, too_short, invalid, unknown_field, invalid_type, duplicate, not_found.
    pub code: String,
    /// A Chinese sentence naming the field.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Collects field errors; handlers and the store turn a non-empty collector
/// into a `validation_failed` answer.
#[derive(Debug, Default, Clone)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    pub fn error(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.push(FieldError::new(field, code, message));
    }

    /// A required text of `min..=max` characters (after trimming). Returns the trimmed text.
    pub fn text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        min: usize,
        max: usize,
    ) -> String {
        let v = value.trim();
        let n = v.chars().count();
        if n == 0 && min > 0 {
            self.error(field, "required", format!("{label}不能为空"));
        } else if n < min {
            self.error(field, "too_short", format!("{label}至少需要{min}个字符"));
        } else if n > max {
            self.error(
                field,
                "too_long",
                format!("{label}不能超过{max}个字符（当前{n}个）"),
            );
        }
        v.to_string()
    }

    /// An optional text of at most `max` characters; blank becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let v = value.map(str::trim).filter(|s| !s.is_empty())?;
        let n = v.chars().count();
        if n > max {
            self.error(
                field,
                "too_long",
                format!("{label}不能超过{max}个字符（当前{n}个）"),
            );
        }
        Some(v.to_string())
    }

    pub fn range(&mut self, field: &str, label: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.error(
                field,
                "out_of_range",
                format!("{label}应在{min}到{max}之间"),
            );
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// A mainland mobile number: 11 digits starting with 1, or a landline like 0898-66668888.
pub fn is_phone(s: &str) -> bool {
    let mobile = s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit());
    let landline = {
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        s.starts_with('0')
            && (10..=12).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && s.matches('-').count() <= 2
    };
    mobile || landline
}

/// A login name: 3–32 of ASCII letters, digits, `_ . -`, starting with a letter.
pub fn is_username(s: &str) -> bool {
    let n = s.len();
    (3..=32).contains(&n)
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_chinese_messages_naming_the_field() {
        let mut v = Validator::new();
        let name = v.text("name", "名称", "  ", 1, 10);
        assert_eq!(name, "");
        v.text("code", "代码", &"x".repeat(11), 1, 10);
        v.text("ok", "好", " 好 ", 1, 10);
        let errs = v.into_result().unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "name");
        assert_eq!(errs[0].message, "名称不能为空");
        assert_eq!(errs[1].code, "too_long");
        assert!(errs[1].message.contains("代码不能超过10个字符"));
    }

    #[test]
    fn phones_and_usernames() {
        assert!(is_phone("13812341234"));
        assert!(is_phone("0898-66668888"));
        assert!(!is_phone("1381234123"));
        assert!(!is_phone("abc"));
        assert!(is_username("xiuying"));
        assert!(is_username("qiye_1.a"));
        assert!(!is_username("1abc"));
        assert!(!is_username("ab"));
        assert!(!is_username("张三"));
    }
}

/// 统一社会信用代码 (GB 32100-2015): 18 characters from the code set, the
/// last one a check character over the first 17.
pub fn is_credit_code(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let head: String = chars[..17].iter().collect();
    credit_code_check_char(&head) == Some(chars[17])
}

/// The check character of the first 17 characters of a 统一社会信用代码.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    const SET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in chars.iter().enumerate() {
        sum += SET.find(*c)? as u32 * W[i];
    }
    let check = (31 - sum % 31) % 31;
    SET.chars().nth(check as usize)
}

/// A GB/T 2260 administrative division code: six digits.
pub fn is_division_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn credit_codes() {
        // Public examples with valid check characters.
        assert!(is_credit_code("91350100M000100Y43"));
        let head = "91460100MA5T0A6X8";
        let full = format!("{head}{}", credit_code_check_char(head).unwrap());
        assert!(is_credit_code(&full));
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert!(!is_credit_code("91350100M000100Y44"));
        assert!(!is_credit_code("91350100M000100Y4"));
        assert!(!is_credit_code("91350100I000100Y43"));
        assert!(is_division_code("460105"));
        assert!(!is_division_code("46010"));
    }
}

/// A plausible e-mail address (one `@`, a dot in the domain, no spaces).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && s.len() <= 200
}
