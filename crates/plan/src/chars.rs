//! Character classes shared by the parser. Full-width and ASCII forms are treated alike.

/// Opening brackets: `（ ( 〔 [ ［ 【 〖 ﹙ ﹝`.
pub fn is_open(c: char) -> bool {
    matches!(
        c,
        '（' | '(' | '〔' | '[' | '［' | '【' | '〖' | '﹙' | '﹝'
    )
}

/// Closing brackets: `） ) 〕 ] ］ 】 〗 ﹚ ﹞`.
pub fn is_close(c: char) -> bool {
    matches!(
        c,
        '）' | ')' | '〕' | ']' | '］' | '】' | '〗' | '﹚' | '﹞'
    )
}

/// White space, including the ideographic space and invisible characters that
/// word processors leave behind.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}'
        )
}

/// Separators between fields of an assignment (and around them).
pub fn is_field_sep(c: char) -> bool {
    is_space(c) || matches!(c, '。' | '；' | ';' | '，' | ',' | '、' | '.' | '．')
}

/// Punctuation that ends a sentence or a list item: a paragraph ending with one of these
/// is complete and is never merged with the next one.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '!'
            | '?'
            | '；'
            | ';'
            | '”'
            | '"'
            | '’'
            | '…'
            | '．'
            | '.'
            | '》'
            | '：'
            | ':'
    ) || is_close(c)
}

/// Punctuation after which a sentence obviously goes on.
pub fn is_continuation(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '—' | '《' | '“') || is_open(c)
}

/// Trims white space (including `\u{3000}` and zero-width characters) at both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Trims field separators and white space at both ends.
pub fn trim_seps(s: &str) -> &str {
    s.trim_matches(is_field_sep)
}

/// Trims trailing white space and the separators `，,；;、：:` (keeps `。`).
pub fn trim_end_soft(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        is_space(c) || matches!(c, '，' | ',' | '；' | ';' | '、' | '：' | ':')
    })
}

/// Full-width digits to ASCII.
pub fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A Chinese numeral digit (一…九, 〇/零) or ten (十).
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// Value of a Chinese numeral such as `三`, `十二`, `二十一` (up to 99).
pub fn cn_value(s: &str) -> Option<u32> {
    let digits: Vec<u32> = s.chars().map(cn_digit).collect::<Option<Vec<_>>>()?;
    match digits.as_slice() {
        [d] => Some(*d),
        [10, d] if *d < 10 => Some(10 + d),
        [d, 10] if *d < 10 && *d > 0 => Some(d * 10),
        [d, 10, e] if *d < 10 && *d > 0 && *e < 10 => Some(d * 10 + e),
        _ => None,
    }
}

/// Display width used to recognise hard-wrapped text: CJK and full-width forms count 2.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Replaces full-width digits with ASCII digits.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match ascii_digit(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Splits `s` at the characters for which `sep` is true, but only outside brackets.
pub fn split_top_level(s: &str, sep: impl Fn(char) -> bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && sep(c) {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Net bracket balance of `s`: positive when brackets are left open.
pub fn bracket_balance(s: &str) -> i64 {
    s.chars().fold(0i64, |acc, c| {
        if is_open(c) {
            acc + 1
        } else if is_close(c) {
            acc - 1
        } else {
            acc
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_value("三"), Some(3));
        assert_eq!(cn_value("十"), Some(10));
        assert_eq!(cn_value("十二"), Some(12));
        assert_eq!(cn_value("二十"), Some(20));
        assert_eq!(cn_value("二十一"), Some(21));
        assert_eq!(cn_value("十十"), None);
        assert_eq!(cn_value(""), None);
    }

    #[test]
    fn split_respects_brackets() {
        assert_eq!(
            split_top_level("各乡(镇)、街道（含园区、景区）、企业", |c| c == '、'),
            vec!["各乡(镇)", "街道（含园区、景区）", "企业"]
        );
    }
}
