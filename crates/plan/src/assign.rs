//! Finding the assignment of an item: lead units, responsible units, supporting units and
//! the deadline, in the forms plans use (labelled fields in brackets or not, on their own
//! lines, or `（X牵头，Y配合）` without labels), and splitting unit lists.

use std::collections::HashSet;

use crate::chars::{
    is_close, is_field_sep, is_open, is_space, split_top_level, trim, trim_end_soft, trim_seps,
};
use crate::deadline::parse_deadline;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Lead,
    Responsible,
    Support,
    Deadline,
    /// A field anzhi does not import (a person, a remark): its value is dropped with a warning.
    Ignore,
}

/// Field labels, longest first where one is a prefix of another.
const LABELS: &[(&str, FieldKind)] = &[
    ("牵头单位", FieldKind::Lead),
    ("牵头部门", FieldKind::Lead),
    ("牵头科室", FieldKind::Lead),
    ("牵头处室", FieldKind::Lead),
    ("主责单位", FieldKind::Lead),
    ("主责部门", FieldKind::Lead),
    ("牵头领导", FieldKind::Ignore),
    ("牵头", FieldKind::Lead),
    ("责任单位", FieldKind::Responsible),
    ("责任部门", FieldKind::Responsible),
    ("责任科室", FieldKind::Responsible),
    ("责任处室", FieldKind::Responsible),
    ("实施单位", FieldKind::Responsible),
    ("承办单位", FieldKind::Responsible),
    ("落实单位", FieldKind::Responsible),
    ("配合单位", FieldKind::Support),
    ("配合部门", FieldKind::Support),
    ("配合科室", FieldKind::Support),
    ("协办单位", FieldKind::Support),
    ("协助单位", FieldKind::Support),
    ("参与单位", FieldKind::Support),
    ("完成时限", FieldKind::Deadline),
    ("完成时间", FieldKind::Deadline),
    ("完成期限", FieldKind::Deadline),
    ("完成日期", FieldKind::Deadline),
    ("时间节点", FieldKind::Deadline),
    ("时间要求", FieldKind::Deadline),
    ("时间安排", FieldKind::Deadline),
    ("截止时间", FieldKind::Deadline),
    ("时限", FieldKind::Deadline),
    ("时间", FieldKind::Deadline),
    ("责任领导", FieldKind::Ignore),
    ("分管领导", FieldKind::Ignore),
    ("责任人", FieldKind::Ignore),
    ("联系人", FieldKind::Ignore),
    ("备注", FieldKind::Ignore),
];

/// A label with its colon at byte `i` of `s`, at the start of a field (not glued to the
/// word before it). Returns the label, its kind and the byte after the colon.
pub fn label_at(s: &str, i: usize) -> Option<(&'static str, FieldKind, usize)> {
    let rest = s.get(i..)?;
    if let Some(prev) = s[..i].chars().next_back()
        && prev.is_alphanumeric()
    {
        return None;
    }
    for (label, kind) in LABELS {
        if let Some(after) = rest.strip_prefix(label) {
            let after_ws = after.trim_start_matches(is_space);
            let colon = after_ws.chars().next();
            if matches!(colon, Some('：' | ':')) {
                let end = s.len() - after_ws.len() + colon.map_or(0, char::len_utf8);
                return Some((label, *kind, end));
            }
        }
    }
    None
}

/// All labels in `s`: (start, label, kind, end after colon).
fn labels_in(s: &str) -> Vec<(usize, &'static str, FieldKind, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some((label, kind, end)) = label_at(s, i) {
            out.push((i, label, kind, end));
            i = end;
            continue;
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// True when the line starts with a field label (optionally after an opening bracket),
/// or is a bracket group `（X牵头，Y配合）`: such a line belongs to the item before it.
pub fn is_field_line(line: &str) -> bool {
    let t = trim(line);
    let first = labels_in_prefix(t);
    if first {
        return true;
    }
    if let Some(c) = t.chars().next()
        && is_open(c)
    {
        let inner = trim(&t[c.len_utf8()..]);
        if labels_in_prefix(inner) {
            return true;
        }
        if let Some(last) = t.chars().next_back()
            && is_close(last)
            && t.len() > c.len_utf8() + last.len_utf8()
        {
            let inner = &t[c.len_utf8()..t.len() - last.len_utf8()];
            if crate::chars::bracket_balance(inner) == 0
                && let Some(a) = parse_role_parts(inner)
            {
                return a.has_units();
            }
        }
    }
    false
}

fn labels_in_prefix(s: &str) -> bool {
    matches!(label_at(s, 0), Some((_, k, _)) if k != FieldKind::Ignore)
}

/// The assignment found in an item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignment {
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub support: Vec<String>,
    pub deadline: Option<String>,
    /// A field label was present (even when its value is empty).
    pub labelled: bool,
    pub warnings: Vec<String>,
    /// Sentences found after a field value that are not part of it (go back to the text).
    pub leftovers: Vec<String>,
}

impl Assignment {
    pub fn has_units(&self) -> bool {
        !(self.lead.is_empty() && self.responsible.is_empty() && self.support.is_empty())
    }
}

/// At most this many warnings are kept per task (and per plan); the rest are summed up.
pub const MAX_WARNINGS: usize = 20;
/// The last warning when there were more than [`MAX_WARNINGS`].
pub const W_MORE: &str = "提示过多，其余已省略";

/// Adds a warning unless it is already there; past [`MAX_WARNINGS`] adds [`W_MORE`] once.
pub fn push_warning(list: &mut Vec<String>, w: String) {
    if list.contains(&w) {
        return;
    }
    if list.len() >= MAX_WARNINGS {
        if list.last().map(String::as_str) != Some(W_MORE) {
            list.push(W_MORE.to_string());
        }
        return;
    }
    list.push(w);
}

/// Appends the units not already in `list` (linear: unit lists can be long in hostile input).
pub fn push_units(list: &mut Vec<String>, units: impl IntoIterator<Item = String>) {
    let mut seen: HashSet<String> = list.iter().cloned().collect();
    for u in units {
        if seen.insert(u.clone()) {
            list.push(u);
        }
    }
}

/// An item's text without its assignment, and the assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub text: String,
    pub assignment: Assignment,
}

const W_NO_LEFT: &str = "缺少左括号，已按分工说明处理";
const W_NO_RIGHT: &str = "缺少右括号，已按分工说明处理";
const W_PERIOD: &str = "单位之间使用了句号，已按分隔符处理";
const W_SPACE: &str = "单位之间使用了空格，已按分隔符处理";

/// Finds the assignment of an item (the item's text after its number).
pub fn extract(content: &str) -> Option<Extracted> {
    extract_labelled(content).or_else(|| extract_unlabelled(content))
}

fn extract_labelled(content: &str) -> Option<Extracted> {
    let first = first_label(content, 0)?;

    let mut asg = Assignment {
        labelled: true,
        ..Assignment::default()
    };
    // Brackets open before the first label.
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in content[..first].char_indices() {
        if is_open(c) {
            stack.push(i);
        } else if is_close(c) {
            stack.pop();
        }
    }
    let open = stack.last().copied();
    let bracketed = open.is_some();
    let text_before = &content[..open.unwrap_or(first)];
    let mut pos = parse_group(content, open, first, &mut asg);

    // More fields right after the first group (a bracket followed by field lines, or
    // several bracket groups in a row).
    let mut tail = "";
    loop {
        let r = &content[pos..];
        let skipped = r.len() - r.trim_start_matches(is_field_sep).len();
        let at = pos + skipped;
        if at >= content.len() {
            break;
        }
        if label_at(content, at).is_some_and(|l| l.1 != FieldKind::Ignore) {
            pos = parse_group(content, None, at, &mut asg);
            continue;
        }
        let c = content[at..].chars().next().unwrap_or(' ');
        if is_open(c) {
            let inner = at + c.len_utf8();
            let label = inner
                + (content[inner..].len() - content[inner..].trim_start_matches(is_space).len());
            if label_at(content, label).is_some_and(|l| l.1 != FieldKind::Ignore) {
                pos = parse_group(content, Some(at), label, &mut asg);
                continue;
            }
        }
        tail = &content[at..];
        break;
    }

    let mut text = trim_end_soft(trim(text_before)).to_string();
    let tail = trim(tail);
    if !tail.is_empty() && !tail.chars().all(is_field_sep) {
        if first_label(tail, 0).is_some() {
            push_warning(
                &mut asg.warnings,
                "段落包含多组分工说明，仅识别了第一组".to_string(),
            );
        }
        text.push_str(tail);
    }
    let leftovers = std::mem::take(&mut asg.leftovers);
    if !leftovers.is_empty() {
        let joined = leftovers.join("。");
        push_warning(
            &mut asg.warnings,
            format!("分工说明后的文字“{joined}”已并入任务内容"),
        );
        if bracketed {
            text.push('（');
            text.push_str(&joined);
            text.push('）');
        } else {
            text.push_str(&joined);
        }
    }
    Some(Extracted {
        text,
        assignment: asg,
    })
}

/// The first label (not an ignored one) at or after byte `from`.
pub fn first_label(s: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while i < s.len() {
        if let Some((_, kind, end)) = label_at(s, i) {
            if kind != FieldKind::Ignore {
                return Some(i);
            }
            i = end;
            continue;
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Parses the group of fields whose first label is at byte `label`, opened by the bracket
/// at `open` if any. Returns the byte index after the group.
fn parse_group(content: &str, open: Option<usize>, label: usize, asg: &mut Assignment) -> usize {
    let close = matching_close(content, label);
    match (open, close) {
        (Some(open), Some((close, len))) => {
            let inner = open + content[open..].chars().next().map_or(1, char::len_utf8);
            parse_fields(&content[inner..close], asg, true);
            close + len
        }
        (Some(open), None) => {
            let inner = open + content[open..].chars().next().map_or(1, char::len_utf8);
            parse_fields(&content[inner..], asg, true);
            push_warning(&mut asg.warnings, W_NO_RIGHT.to_string());
            content.len()
        }
        (None, Some((close, len))) => {
            parse_fields(&content[label..close], asg, false);
            push_warning(&mut asg.warnings, W_NO_LEFT.to_string());
            close + len
        }
        (None, None) => {
            parse_fields(&content[label..], asg, false);
            content.len()
        }
    }
}

/// The byte index of the closing bracket that closes a bracket left open before `from`
/// (a close at depth 0 scanning from `from`).
fn matching_close(s: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, c) in s[from..].char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                return Some((from + i, c.len_utf8()));
            }
            depth -= 1;
        }
    }
    None
}

/// Splits a region holding `label：value` fields.
fn parse_fields(region: &str, asg: &mut Assignment, bracketed: bool) {
    let labels = labels_in(region);
    if let Some(&(first, ..)) = labels.first() {
        let junk = trim_seps(&region[..first]);
        if !junk.is_empty() {
            push_warning(
                &mut asg.warnings,
                format!("分工说明中的“{junk}”未能识别，已忽略"),
            );
        }
    }
    for (n, &(_, label, kind, end)) in labels.iter().enumerate() {
        let stop = labels.get(n + 1).map_or(region.len(), |l| l.0);
        let value = trim_seps(&region[end..stop]);
        match kind {
            FieldKind::Lead | FieldKind::Responsible | FieldKind::Support => {
                let split = split_units(value);
                for w in split.warnings {
                    push_warning(&mut asg.warnings, w);
                }
                if let Some(l) = split.leftover {
                    asg.leftovers.push(l);
                }
                let target = match kind {
                    FieldKind::Lead => &mut asg.lead,
                    FieldKind::Responsible => &mut asg.responsible,
                    _ => &mut asg.support,
                };
                push_units(target, split.units);
            }
            FieldKind::Deadline => {
                // A deadline value ends at the first full stop; what follows is text.
                let (d, after) = match split_top_level(value, |c| c == '。').as_slice() {
                    [d, rest @ ..] if !rest.is_empty() => (
                        trim_seps(d).to_string(),
                        trim_seps(&rest.join("。")).to_string(),
                    ),
                    _ => (value.to_string(), String::new()),
                };
                if !after.is_empty() && !bracketed {
                    asg.leftovers.push(after);
                    set_deadline(asg, d);
                } else if !after.is_empty() {
                    set_deadline(asg, format!("{d}。{after}"));
                } else {
                    set_deadline(asg, d);
                }
            }
            FieldKind::Ignore => {
                if !value.is_empty() {
                    push_warning(&mut asg.warnings, format!("已忽略“{label}”：{value}"));
                }
            }
        }
    }
}

fn set_deadline(asg: &mut Assignment, d: String) {
    if d.is_empty() {
        return;
    }
    asg.deadline = Some(match asg.deadline.take() {
        Some(prev) => format!("{prev}，{d}"),
        None => d,
    });
}

/// Units split from a field value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitUnits {
    pub units: Vec<String>,
    /// Text after a full stop that does not look like units (a sentence after the field).
    pub leftover: Option<String>,
    pub warnings: Vec<String>,
}

/// Characters a unit name usually ends with.
fn looks_like_unit(s: &str) -> bool {
    let s = strip_etc(trim(s));
    let n = s.chars().count();
    if n == 0 || n > 25 {
        return false;
    }
    if s.contains(['：', ':', '，', ',']) {
        return false;
    }
    if s.starts_with(['各', '全', '局', '市', '区', '县', '省']) {
        return true;
    }
    let last = s.chars().next_back().unwrap_or(' ');
    "局科室办委会厅部处心业位道镇乡区县市府司队所站院组门团行社馆场校署关台".contains(last)
        || is_close(last)
}

fn looks_like_units(s: &str) -> bool {
    let parts = split_top_level(s, |c| matches!(c, '、' | '，' | ',' | '；' | ';'));
    parts
        .iter()
        .all(|p| trim(p).is_empty() || looks_like_unit(p))
        && parts.iter().any(|p| !trim(p).is_empty())
}

fn strip_etc(s: &str) -> &str {
    let mut s = trim(s);
    for suf in [
        "等相关单位",
        "等有关单位",
        "等相关部门",
        "等有关部门",
        "等单位",
        "等部门",
        "等科室",
        "等",
    ] {
        if let Some(t) = s.strip_suffix(suf)
            && !trim(t).is_empty()
        {
            s = trim(t);
            break;
        }
    }
    s
}

/// Splits a unit list on `、，,；;` (and line breaks) outside brackets, drops a trailing
/// `等`/`等单位`, and treats `。` between unit names as a separator (with a warning).
pub fn split_units(value: &str) -> SplitUnits {
    let mut out = SplitUnits::default();
    let value = trim_seps(value);
    let sentences = split_top_level(value, |c| c == '。');
    let mut kept: Vec<&str> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let s = trim(s);
        if i == 0 || s.is_empty() {
            kept.push(s);
            continue;
        }
        if looks_like_units(s) {
            push_warning(&mut out.warnings, W_PERIOD.to_string());
            kept.push(s);
        } else {
            let rest = trim_seps(&sentences[i..].join("。")).to_string();
            if !rest.is_empty() {
                out.leftover = Some(rest);
            }
            break;
        }
    }
    let mut units: Vec<String> = Vec::new();
    for s in kept {
        for part in split_top_level(s, |c| {
            matches!(c, '、' | '，' | ',' | '；' | ';' | '\n' | '\r' | '\t')
        }) {
            let part = trim(part);
            if part.is_empty() {
                continue;
            }
            // Units separated by spaces only: split when every piece looks like a unit.
            let pieces: Vec<&str> = split_top_level(part, is_space)
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            let pieces = if pieces.len() > 1 && pieces.iter().all(|p| looks_like_unit(p)) {
                push_warning(&mut out.warnings, W_SPACE.to_string());
                pieces
            } else {
                vec![part]
            };
            for p in pieces {
                let u = strip_etc(p.trim_start_matches('由'));
                if u.is_empty() || matches!(u, "无" | "/" | "／" | "—" | "-" | "－" | "——")
                {
                    continue;
                }
                units.push(u.to_string());
            }
        }
    }
    push_units(&mut out.units, units);
    out
}

/// `（X牵头，Y配合，6月底前完成）`, `（X负责）`, `（6月底前完成）`: an assignment without labels.
fn extract_unlabelled(content: &str) -> Option<Extracted> {
    let s = content.trim_end_matches(|c: char| is_space(c) || matches!(c, '。' | '；' | ';' | '.'));
    let close = s.chars().next_back().filter(|&c| is_close(c))?;
    let close_at = s.len() - close.len_utf8();
    // Find the matching opening bracket scanning backwards.
    let mut depth = 0usize;
    let mut open_at = None;
    for (i, c) in s[..close_at].char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            if depth == 0 {
                open_at = Some((i, c.len_utf8()));
                break;
            }
            depth -= 1;
        }
    }
    let (open, open_len) = open_at?;
    let inner = &s[open + open_len..close_at];
    let asg = parse_role_parts(inner)?;
    let text = trim_end_soft(trim(&content[..open])).to_string();
    Some(Extracted {
        text,
        assignment: asg,
    })
}

/// Parts of an unlabelled assignment, each ending with a role word or being a deadline.
pub fn parse_role_parts(inner: &str) -> Option<Assignment> {
    const LEAD: &[&str] = &["牵头负责", "牵头"];
    const RESP: &[&str] = &["负责落实", "具体负责", "负责实施", "负责"];
    const SUPPORT: &[&str] = &["协助配合", "配合", "协助", "参与", "协办"];
    let mut asg = Assignment::default();
    let mut pending: Vec<&str> = Vec::new();
    let parts = split_top_level(inner, |c| matches!(c, '，' | ',' | '；' | ';' | '。'));
    for part in parts {
        let p = trim(part);
        if p.is_empty() {
            continue;
        }
        let p = p.strip_prefix('由').unwrap_or(p);
        let role = |list: &[&str]| list.iter().find_map(|suf| p.strip_suffix(suf));
        let (target, units) = if let Some(u) = role(LEAD) {
            (Some(FieldKind::Lead), u)
        } else if let Some(u) = role(SUPPORT) {
            (Some(FieldKind::Support), u)
        } else if let Some(u) = role(RESP) {
            (Some(FieldKind::Responsible), u)
        } else {
            (None, p)
        };
        match target {
            Some(kind) => {
                let mut all = pending.join("、");
                pending.clear();
                if !trim(units).is_empty() {
                    if !all.is_empty() {
                        all.push('、');
                    }
                    all.push_str(units);
                }
                if trim(&all).is_empty() {
                    return None;
                }
                let split = split_units(&all);
                if split.leftover.is_some() || split.units.is_empty() {
                    return None;
                }
                if !split.units.iter().all(|u| looks_like_unit(u)) {
                    return None;
                }
                for w in split.warnings {
                    push_warning(&mut asg.warnings, w);
                }
                let list = match kind {
                    FieldKind::Lead => &mut asg.lead,
                    FieldKind::Support => &mut asg.support,
                    _ => &mut asg.responsible,
                };
                push_units(list, split.units);
            }
            None => {
                let d = p
                    .strip_suffix("前完成")
                    .map(|x| format!("{x}前"))
                    .or_else(|| p.strip_suffix("完成").map(str::to_string))
                    .unwrap_or_else(|| p.to_string());
                let parsed = parse_deadline(&d, Some(2000));
                if parsed.readable && parsed.specific && parsed.warnings.is_empty() {
                    if !pending.is_empty() {
                        return None;
                    }
                    set_deadline(&mut asg, d);
                } else {
                    pending.push(p);
                }
            }
        }
    }
    if !pending.is_empty() {
        return None;
    }
    if !asg.has_units() && asg.deadline.is_none() {
        return None;
    }
    Some(asg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(s: &str) -> Extracted {
        extract(s).unwrap_or_else(|| panic!("no assignment in {s}"))
    }

    #[test]
    fn labelled_in_brackets_with_full_stops() {
        let e = ex("制定计划。（牵头单位：局政策法规科。责任单位：局各相关科室。完成时限：3月份）");
        assert_eq!(e.text, "制定计划。");
        assert_eq!(e.assignment.lead, vec!["局政策法规科"]);
        assert_eq!(e.assignment.responsible, vec!["局各相关科室"]);
        assert_eq!(e.assignment.deadline.as_deref(), Some("3月份"));
        assert!(e.assignment.warnings.is_empty());
    }

    #[test]
    fn separators_and_order() {
        for s in [
            "甲。（完成时间：6月底前；责任单位：局办公室、各区商务局;牵头单位：局政策法规科）",
            "甲。(完成时间:6月底前, 责任单位:局办公室、各区商务局,牵头单位:局政策法规科)",
            "甲。（完成时间：6月底前 责任单位：局办公室、各区商务局 牵头单位：局政策法规科）",
            "甲。〔时间节点：6月底前，责任单位：局办公室、各区商务局，牵头单位：局政策法规科〕",
        ] {
            let e = ex(s);
            assert_eq!(e.text, "甲。", "{s}");
            assert_eq!(e.assignment.lead, vec!["局政策法规科"], "{s}");
            assert_eq!(
                e.assignment.responsible,
                vec!["局办公室", "各区商务局"],
                "{s}"
            );
            assert_eq!(e.assignment.deadline.as_deref(), Some("6月底前"), "{s}");
            assert!(
                e.assignment.warnings.is_empty(),
                "{s}: {:?}",
                e.assignment.warnings
            );
        }
    }

    #[test]
    fn missing_left_bracket() {
        let e = ex("评估工作。责任单位：各区商务局、网点办、各商贸企业。完成时限：9-12月份）");
        assert_eq!(e.text, "评估工作。");
        assert!(e.assignment.lead.is_empty());
        assert_eq!(
            e.assignment.responsible,
            vec!["各区商务局", "网点办", "各商贸企业"]
        );
        assert_eq!(e.assignment.deadline.as_deref(), Some("9-12月份"));
        assert_eq!(e.assignment.warnings, vec![W_NO_LEFT]);
    }

    #[test]
    fn missing_right_bracket() {
        let e = ex("评估工作。（责任单位：各区商务局。完成时限：9月份");
        assert_eq!(e.assignment.responsible, vec!["各区商务局"]);
        assert_eq!(e.assignment.deadline.as_deref(), Some("9月份"));
        assert_eq!(e.assignment.warnings, vec![W_NO_RIGHT]);
    }

    #[test]
    fn unbracketed_sentence() {
        let e = ex("开展检查。责任单位：各区商务局。");
        assert_eq!(e.text, "开展检查。");
        assert_eq!(e.assignment.responsible, vec!["各区商务局"]);
        assert!(e.assignment.warnings.is_empty());
        let e = ex("开展检查，责任单位：各区商务局。要求每月报送。");
        assert_eq!(e.text, "开展检查要求每月报送");
        assert_eq!(e.assignment.responsible, vec!["各区商务局"]);
        assert_eq!(e.assignment.warnings.len(), 1);
    }

    #[test]
    fn full_stop_between_units() {
        let s = split_units("各区商务局、流通业发展科、展览科、网点办。各商贸企业");
        assert_eq!(
            s.units,
            vec![
                "各区商务局",
                "流通业发展科",
                "展览科",
                "网点办",
                "各商贸企业"
            ]
        );
        assert_eq!(s.warnings, vec![W_PERIOD]);
    }

    #[test]
    fn brackets_inside_unit_names_and_etc() {
        let e = ex("排查。（责任单位：各乡(镇)、街道（含园区、景区）、市场监管局等单位）");
        assert_eq!(
            e.assignment.responsible,
            vec!["各乡(镇)", "街道（含园区、景区）", "市场监管局"]
        );
        assert_eq!(split_units("各区商务局等").units, vec!["各区商务局"]);
    }

    #[test]
    fn fields_on_their_own_lines() {
        let e = ex("制定计划。\n牵头单位：局办公室\n责任单位：局各科室\n完成时限：6月底前");
        assert_eq!(e.text, "制定计划。");
        assert_eq!(e.assignment.lead, vec!["局办公室"]);
        assert_eq!(e.assignment.responsible, vec!["局各科室"]);
        assert_eq!(e.assignment.deadline.as_deref(), Some("6月底前"));
        let e = ex("制定计划。（牵头单位：局办公室）\n完成时限：6月底前");
        assert_eq!(e.text, "制定计划。");
        assert_eq!(e.assignment.deadline.as_deref(), Some("6月底前"));
    }

    #[test]
    fn unlabelled_roles() {
        let e = ex("开展培训（局办公室牵头，各区商务局、各商贸企业配合）");
        assert_eq!(e.text, "开展培训");
        assert_eq!(e.assignment.lead, vec!["局办公室"]);
        assert_eq!(e.assignment.support, vec!["各区商务局", "各商贸企业"]);
        let e = ex("开展培训。（各区商务局负责）");
        assert_eq!(e.text, "开展培训。");
        assert_eq!(e.assignment.responsible, vec!["各区商务局"]);
        let e = ex("开展培训（局办公室牵头，各区商务局配合，6月底前完成）。");
        assert_eq!(e.assignment.deadline.as_deref(), Some("6月底前"));
        let e = ex("开展培训（6月底前完成）");
        assert!(!e.assignment.has_units());
        assert_eq!(e.assignment.deadline.as_deref(), Some("6月底前"));
    }

    #[test]
    fn ordinary_brackets_are_not_assignments() {
        for s in [
            "制定方案（2021年）",
            "开展宣传（以下简称“三年行动”）",
            "落实责任（见附件）",
            "安全生产专项整治三年行动计划（2020-2022年）",
        ] {
            assert!(extract(s).is_none(), "{s}");
        }
        assert!(extract("严格按时间节点完成既定的各项任务。").is_none());
    }

    #[test]
    fn ignored_fields_warn() {
        let e = ex("甲。（牵头单位：局办公室；责任人：张三；完成时限：3月份）");
        assert_eq!(e.assignment.lead, vec!["局办公室"]);
        assert_eq!(e.assignment.deadline.as_deref(), Some("3月份"));
        assert_eq!(e.assignment.warnings, vec!["已忽略“责任人”：张三"]);
    }
}
