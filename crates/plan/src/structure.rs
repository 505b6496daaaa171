//! From blocks to a plan: the title and year, paragraphs (merging broken ones), the outline
//! of numbered headings, and tasks from paragraphs and task tables.

use crate::assign::{
    Extracted, extract, first_label, is_field_line, push_units, push_warning, split_units,
};
use crate::chars::{
    ascii_digit, ascii_digits, cn_digit, cn_value, is_close, is_continuation, is_open, is_space,
    is_terminal, trim, width,
};
use crate::deadline::parse_deadline;
use crate::text::{Block, Line, Row, Table};
use crate::{ParsedPlan, SourceFormat, Task, TaskSource};

// ---------------------------------------------------------------------------------------
// Numbering

/// The numbering styles of Chinese official documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// `一、`
    CnComma,
    /// `（一）` / `(一)`
    CnParen,
    /// `1.` `1、` `1．`
    ArabicDot,
    /// `（1）` / `(1)` / `1）` / `⑴`
    ArabicParen,
    /// `①`
    Circled,
}

impl MarkerKind {
    fn is_heading_level(self) -> bool {
        matches!(self, MarkerKind::CnComma | MarkerKind::CnParen)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    /// The numeral without punctuation: `一`, `1`, `①`.
    pub number: String,
    /// Byte index where the item's content starts (after the marker and spaces).
    pub end: usize,
}

fn skip_spaces(s: &str, i: usize) -> usize {
    i + (s[i..].len() - s[i..].trim_start_matches(is_space).len())
}

/// Reads the numbering at the start of a paragraph.
pub fn parse_marker(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    let u = first as u32;
    let done = |kind, number: String, at: usize| {
        Some(Marker {
            kind,
            number,
            end: skip_spaces(s, at),
        })
    };
    if (0x2460..=0x2473).contains(&u) {
        return done(MarkerKind::Circled, first.to_string(), first.len_utf8());
    }
    if (0x2474..=0x2487).contains(&u) {
        return done(
            MarkerKind::ArabicParen,
            (u - 0x2474 + 1).to_string(),
            first.len_utf8(),
        );
    }
    if (0x2488..=0x249B).contains(&u) {
        return done(
            MarkerKind::ArabicDot,
            (u - 0x2488 + 1).to_string(),
            first.len_utf8(),
        );
    }
    if matches!(first, '（' | '(') {
        let i = skip_spaces(s, first.len_utf8());
        let (kind, number, j) = numeral(s, i)?;
        let j = skip_spaces(s, j);
        let close = s[j..].chars().next()?;
        if !matches!(close, '）' | ')') {
            return None;
        }
        let mut k = j + close.len_utf8();
        // `（一）、` is seen too.
        if let Some(c) = s[k..].chars().next()
            && matches!(c, '、' | '.' | '．')
        {
            k += c.len_utf8();
        }
        let kind = if kind == MarkerKind::CnComma {
            MarkerKind::CnParen
        } else {
            MarkerKind::ArabicParen
        };
        return done(kind, number, k);
    }
    let (kind, number, j) = numeral(s, 0)?;
    let p = s[j..].chars().next()?;
    let after = j + p.len_utf8();
    let next = s[after..].chars().next();
    match (kind, p) {
        (MarkerKind::CnComma, '、' | '．') => done(kind, number, after),
        (MarkerKind::CnComma, '.') if !next.is_some_and(|c| c.is_ascii_digit()) => {
            done(kind, number, after)
        }
        (MarkerKind::ArabicDot, '.' | '、' | '．')
            if next.is_none_or(|c| ascii_digit(c).is_none()) =>
        {
            done(kind, number, after)
        }
        (MarkerKind::ArabicDot, '）' | ')') => done(MarkerKind::ArabicParen, number, after),
        _ => None,
    }
}

/// A numeral at byte `i`: Chinese (kind CnComma) or Arabic (kind ArabicDot).
fn numeral(s: &str, i: usize) -> Option<(MarkerKind, String, usize)> {
    let rest = &s[i..];
    let mut n = 0;
    let mut digits = String::new();
    for c in rest.chars() {
        match ascii_digit(c) {
            Some(d) if n < 3 => {
                digits.push(char::from_digit(d, 10).unwrap_or('0'));
                n += c.len_utf8();
            }
            _ => break,
        }
    }
    if n > 0 {
        let v: u32 = digits.parse().ok()?;
        return Some((MarkerKind::ArabicDot, v.to_string(), i + n));
    }
    let mut n = 0;
    let mut count = 0;
    for c in rest.chars() {
        if cn_digit(c).is_some() && c != '两' && count < 3 {
            n += c.len_utf8();
            count += 1;
        } else {
            break;
        }
    }
    if n > 0 && cn_value(&rest[..n]).is_some() {
        return Some((MarkerKind::CnComma, rest[..n].to_string(), i + n));
    }
    None
}

// ---------------------------------------------------------------------------------------
// Title and year

const TITLE_WORDS: &[&str] = &[
    "方案", "计划", "要点", "清单", "安排", "意见", "办法", "细则", "通知", "台账", "任务", "分工",
];

fn has_title_word(s: &str) -> bool {
    TITLE_WORDS.iter().any(|w| s.contains(w))
}

fn is_attachment_label(s: &str) -> bool {
    let t = trim(s);
    (t.starts_with("附件") || t.starts_with("附：") || t.starts_with("附:"))
        && t.chars().count() <= 10
}

/// The title and the index of the first body block.
fn find_title(blocks: &[Block]) -> (String, usize) {
    let mut candidates: Vec<(usize, &Line)> = Vec::new();
    for (idx, b) in blocks.iter().enumerate() {
        let Block::Line(l) = b else { break };
        let t = l.text.as_str();
        if parse_marker(t).is_some() || is_field_line(t) {
            break;
        }
        if is_attachment_label(t) {
            continue;
        }
        if t.ends_with('。') || t.chars().count() > 80 {
            break;
        }
        candidates.push((idx, l));
        if candidates.len() >= 6 {
            break;
        }
    }
    let chosen = candidates
        .iter()
        .position(|(_, l)| has_title_word(&l.text))
        .or(if candidates.is_empty() { None } else { Some(0) });
    let Some(ci) = chosen else {
        return (String::new(), 0);
    };
    let (idx, line) = candidates[ci];
    let mut title = line.text.clone();
    let mut end = idx + 1;
    // A title set on two lines: `海口市…专项整治` / `2021年推进工作方案` (no blank line between).
    if ci > 0 {
        let (prev_idx, prev) = candidates[ci - 1];
        if prev_idx + 1 == idx && !line.para_start && heading_like(&prev.text) {
            title = format!("{}{}", prev.text, title);
        }
    }
    if let Some(&(next_idx, next)) = candidates.get(ci + 1)
        && next_idx == idx + 1
        && !next.para_start
        && !has_title_word(&line.text)
        && has_title_word(&next.text)
        && next.text.chars().count() <= 40
    {
        title.push_str(&next.text);
        end = next_idx + 1;
    }
    (title, end)
}

/// Years written as `2021年` or `2020-2022年` in `s`.
pub fn years_in(s: &str) -> Vec<i32> {
    let c: Vec<char> = ascii_digits(s).chars().collect();
    let mut out = Vec::new();
    let four = |i: usize| -> Option<i32> {
        let d = c.get(i..i + 4)?;
        if !d.iter().all(char::is_ascii_digit) {
            return None;
        }
        if i > 0 && c[i - 1].is_ascii_digit() {
            return None;
        }
        if c.get(i + 4).is_some_and(char::is_ascii_digit) {
            return None;
        }
        let y: i32 = d.iter().collect::<String>().parse().ok()?;
        (1990..=2100).contains(&y).then_some(y)
    };
    let mut i = 0;
    while i + 4 <= c.len() {
        if let Some(y) = four(i) {
            let mut j = i + 4;
            while c.get(j).is_some_and(|&ch| is_space(ch)) {
                j += 1;
            }
            match c.get(j) {
                Some('年') => {
                    out.push(y);
                    i = j + 1;
                    continue;
                }
                Some('-' | '—' | '－' | '–' | '~' | '～' | '至') => {
                    let mut k = j + 1;
                    while c.get(k).is_some_and(|&ch| ch == '—' || is_space(ch)) {
                        k += 1;
                    }
                    if let Some(y2) = four(k)
                        && c.get(k + 4) == Some(&'年')
                    {
                        out.push(y);
                        out.push(y2);
                        i = k + 5;
                        continue;
                    }
                }
                _ => {}
            }
            i += 4;
            continue;
        }
        i += 1;
    }
    out
}

fn block_texts(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks
        .iter()
        .flat_map(|b| -> Box<dyn Iterator<Item = &str>> {
            match b {
                Block::Line(l) => Box::new(std::iter::once(l.text.as_str())),
                Block::Table(t) => Box::new(
                    t.rows
                        .iter()
                        .flat_map(|r| r.cells.iter().map(String::as_str)),
                ),
            }
        })
}

fn choose_year(
    given: Option<i32>,
    title: &str,
    blocks: &[Block],
    warnings: &mut Vec<String>,
) -> Option<i32> {
    let mut title_years: Vec<i32> = Vec::new();
    for y in years_in(title) {
        if !title_years.contains(&y) {
            title_years.push(y);
        }
    }
    if let Some(y) = given {
        if let Some(&t) = title_years.first()
            && !title_years.contains(&y)
        {
            warnings.push(format!(
                "指定的年份 {y} 与标题中的 {t} 年不一致，使用指定的 {y} 年"
            ));
        }
        return Some(y);
    }
    if let Some(&y) = title_years.first() {
        if title_years.len() > 1 {
            let all: Vec<String> = title_years.iter().map(i32::to_string).collect();
            warnings.push(format!(
                "标题中有多个年份（{}），使用 {y} 年",
                all.join("、")
            ));
        }
        return Some(y);
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for t in block_texts(blocks) {
        for y in years_in(t) {
            match counts.iter_mut().find(|(c, _)| *c == y) {
                Some(e) => e.1 += 1,
                None => counts.push((y, 1)),
            }
        }
    }
    // Most frequent; the first seen on a tie.
    let best = counts
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.1.cmp(&b.1).then(ib.cmp(ia)))
        .map(|(_, (y, _))| *y);
    match best {
        Some(y) => {
            warnings.push(format!("未能识别年份，使用正文中出现最多的 {y} 年"));
            Some(y)
        }
        None => {
            warnings.push("未能识别年份，完成时限未换算为日期".to_string());
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// Task tables

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Number,
    Task(u8),
    Lead,
    Responsible,
    Support,
    Deadline,
    Section,
    Other,
}

fn classify_header(cell: &str) -> Col {
    let c: String = cell.chars().filter(|c| !is_space(*c)).collect();
    if c.is_empty() {
        return Col::Other;
    }
    let has = |w: &str| c.contains(w);
    if matches!(
        c.as_str(),
        "序号" | "编号" | "序" | "No." | "NO." | "No" | "NO"
    ) || c.starts_with("序号")
    {
        return Col::Number;
    }
    if has("领导") || has("责任人") || has("联系人") || has("备注") {
        return Col::Other;
    }
    if has("牵头") || has("主责") {
        return Col::Lead;
    }
    if has("配合") || has("协办") || has("协助") || has("参与") {
        return Col::Support;
    }
    if has("责任单位")
        || has("责任部门")
        || has("责任科室")
        || has("责任处室")
        || has("实施单位")
        || has("承办")
        || has("落实单位")
    {
        return Col::Responsible;
    }
    if has("时限") || has("时间") || has("期限") || has("节点") || has("进度") {
        return Col::Deadline;
    }
    if has("要求") || has("标准") || has("目标") || has("成效") || has("依据") {
        return Col::Other;
    }
    if has("任务") {
        return Col::Task(3);
    }
    if has("内容") || has("事项") || has("措施") {
        return Col::Task(2);
    }
    if has("类别") || has("领域") || has("分类") || has("类型") || has("板块") || c == "项目"
    {
        return Col::Section;
    }
    if has("工作") {
        return Col::Task(1);
    }
    Col::Other
}

/// The header row and the column roles of a task table.
fn find_header(t: &Table) -> Option<(usize, Vec<Col>)> {
    for (ri, row) in t.rows.iter().enumerate().take(3) {
        let mut cols: Vec<Col> = row.cells.iter().map(|c| classify_header(c)).collect();
        // Keep the best task column only.
        let best = cols
            .iter()
            .filter_map(|c| match c {
                Col::Task(p) => Some(*p),
                _ => None,
            })
            .max();
        let Some(best) = best else { continue };
        let mut seen = false;
        for c in cols.iter_mut() {
            if let Col::Task(p) = c {
                if *p == best && !seen {
                    seen = true;
                } else {
                    *c = Col::Other;
                }
            }
        }
        let assigns = cols.iter().any(|c| {
            matches!(
                c,
                Col::Lead | Col::Responsible | Col::Support | Col::Deadline
            )
        });
        if assigns {
            return Some((ri, cols));
        }
    }
    None
}

struct TaskTable {
    header: usize,
    cols: Vec<Col>,
    table: Table,
}

// ---------------------------------------------------------------------------------------
// Paragraphs

#[derive(Debug, Clone)]
struct Para {
    text: String,
    line: usize,
    marker: Option<Marker>,
    warnings: Vec<String>,
    fields_attached: bool,
    /// The paragraph holds a field label (`责任单位：`): it is complete at a paragraph break.
    has_label: bool,
    balance: i64,
    last_line_width: usize,
}

enum Item {
    Para(Para),
    Table(TaskTable),
}

fn heading_like(s: &str) -> bool {
    s.chars().nth(30).is_none()
        && !s.contains(['，', '、', '。', '；', '：', ',', ';', ':', '！', '？'])
}

struct Assembler {
    items: Vec<Item>,
    wrap_width: Option<usize>,
    merge_warning: &'static str,
}

impl Assembler {
    fn new_para(&mut self, l: &Line, marker: Option<Marker>) {
        self.items.push(Item::Para(Para {
            text: l.text.clone(),
            line: l.no,
            marker,
            warnings: Vec::new(),
            fields_attached: false,
            has_label: first_label(&l.text, 0).is_some(),
            balance: crate::chars::bracket_balance(&l.text),
            last_line_width: width(&l.text),
        }));
    }

    fn feed(&mut self, l: &Line) {
        let marker = parse_marker(&l.text);
        let wrap = self.wrap_width;
        let merge_warning = self.merge_warning;
        if marker.is_none() && is_field_line(&l.text) {
            if let Some(Item::Para(p)) = self.items.last_mut() {
                p.text.push('\n');
                p.text.push_str(&l.text);
                p.fields_attached = true;
                p.balance += crate::chars::bracket_balance(&l.text);
                return;
            }
            return self.new_para(l, None);
        }
        if marker.is_some() {
            return self.new_para(l, marker);
        }
        if let Some(Item::Para(p)) = self.items.last_mut()
            && !p.fields_attached
        {
            let last = p.text.chars().next_back().unwrap_or('。');
            let content = match &p.marker {
                Some(m) => &p.text[m.end..],
                None => p.text.as_str(),
            };
            let join = if !l.para_start {
                is_continuation(last)
                    || p.balance > 0
                    || wrap.is_some_and(|w| p.last_line_width >= w && !is_terminal(last))
            } else if is_continuation(last) {
                true
            } else if is_terminal(last) || p.has_label {
                false
            } else {
                !(p.marker.as_ref().is_some_and(|m| m.kind.is_heading_level())
                    || heading_like(content))
            };
            if join {
                let first = l.text.chars().next().unwrap_or(' ');
                if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric() {
                    p.text.push(' ');
                }
                p.text.push_str(&l.text);
                p.balance += crate::chars::bracket_balance(&l.text);
                p.has_label |= first_label(&l.text, 0).is_some();
                p.last_line_width = width(&l.text);
                if l.para_start {
                    push_warning(&mut p.warnings, merge_warning.to_string());
                }
                return;
            }
        }
        self.new_para(l, None)
    }
}

/// Width at which a `.txt` plan was hard-wrapped, if it was.
///
/// A wrapped file has many lines close to one width, and those lines end mid-sentence.
fn wrap_width(blocks: &[Block]) -> Option<usize> {
    let lines: Vec<(usize, bool)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(l) => Some((
                width(&l.text),
                l.text.chars().next_back().is_some_and(is_terminal),
            )),
            Block::Table(_) => None,
        })
        .collect();
    let max = lines.iter().map(|l| l.0).max()?;
    if !(20..=160).contains(&max) {
        return None;
    }
    let near: Vec<bool> = lines
        .iter()
        .filter(|l| l.0 + 4 >= max)
        .map(|l| l.1)
        .collect();
    let open = near.iter().filter(|t| !**t).count();
    (near.len() >= 3 && near.len() * 4 >= lines.len() && open * 2 >= near.len())
        .then_some(max.saturating_sub(4))
}

// ---------------------------------------------------------------------------------------
// Outline and tasks

#[derive(Debug, Clone)]
struct Node {
    kind: MarkerKind,
    number: String,
    title: String,
    heading: String,
    is_task: bool,
}

fn heading_title(content: &str) -> String {
    let t = trim(content);
    let t = match t.find('。') {
        Some(i) if !trim(&t[i + '。'.len_utf8()..]).is_empty() => &t[..i],
        _ => t,
    };
    trim(t.trim_end_matches(['：', ':', '。', '；', ';'])).to_string()
}

struct Section {
    title: String,
    number: String,
    path: Vec<String>,
}

fn section_of(stack: &[Node]) -> Section {
    let node = stack.iter().rev().find(|n| !n.is_task);
    Section {
        title: node.map(|n| n.title.clone()).unwrap_or_default(),
        number: node.map(|n| n.number.clone()).unwrap_or_default(),
        path: stack.iter().map(|n| n.heading.clone()).collect(),
    }
}

struct TaskInput {
    section: Section,
    number: String,
    text: String,
    lead: Vec<String>,
    responsible: Vec<String>,
    support: Vec<String>,
    deadline: Option<String>,
    line: usize,
    source: TaskSource,
    warnings: Vec<String>,
}

fn make_task(input: TaskInput, year: Option<i32>) -> Task {
    let mut warnings = input.warnings;
    let deadline = input.deadline.map(|d| {
        let parsed = parse_deadline(&d, year);
        for w in parsed.warnings {
            push_warning(&mut warnings, w);
        }
        parsed.deadline
    });
    let mut responsible = input.responsible;
    push_units(&mut responsible, input.support.iter().cloned());
    if input.lead.is_empty() && responsible.is_empty() {
        push_warning(&mut warnings, "未找到牵头单位和责任单位".to_string());
    } else if input.lead.is_empty() {
        push_warning(&mut warnings, "未找到牵头单位".to_string());
    }
    if deadline.is_none() {
        push_warning(&mut warnings, "未找到完成时限".to_string());
    }
    if input.number.is_empty() && input.source == TaskSource::Paragraph {
        push_warning(&mut warnings, "条目没有编号".to_string());
    }
    if trim(&input.text).is_empty() {
        push_warning(&mut warnings, "任务内容为空".to_string());
    }
    Task {
        section: input.section.title,
        section_number: input.section.number,
        path: input.section.path,
        number: input.number,
        text: input.text,
        lead_units: input.lead,
        responsible_units: responsible,
        support_units: input.support,
        deadline,
        line: input.line,
        source: input.source,
        warnings,
    }
}

fn cell_units(s: &str, warnings: &mut Vec<String>) -> Vec<String> {
    let split = split_units(s);
    for w in split.warnings {
        push_warning(warnings, w);
    }
    let mut units = split.units;
    if let Some(l) = split.leftover {
        // In a cell every sentence is a unit name.
        push_units(&mut units, split_units(&l.replace('。', "、")).units);
    }
    units
}

fn table_tasks(
    tt: &TaskTable,
    stack: &[Node],
    year: Option<i32>,
    tasks: &mut Vec<Task>,
    plan_warnings: &mut Vec<String>,
) {
    let outer = section_of(stack);
    let col = |c: Col| tt.cols.iter().position(|x| *x == c);
    let task_col = tt.cols.iter().position(|x| matches!(x, Col::Task(_)));
    let Some(task_col) = task_col else { return };
    let number_col = col(Col::Number);
    let section_col = col(Col::Section);
    let cols_of = |want: Col| -> Vec<usize> {
        tt.cols
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == want)
            .map(|(i, _)| i)
            .collect()
    };
    let (lead_cols, resp_cols, support_cols, deadline_cols) = (
        cols_of(Col::Lead),
        cols_of(Col::Responsible),
        cols_of(Col::Support),
        cols_of(Col::Deadline),
    );
    let mut row_section: Option<(String, String)> = None;
    let mut category: Option<String> = None;
    let header_cells: Vec<String> = tt.table.rows[tt.header].cells.clone();
    for row in tt.table.rows.iter().skip(tt.header + 1) {
        let Row { cells, no } = row;
        let cell = |i: usize| cells.get(i).map(|s| trim(s)).unwrap_or("");
        if cells.iter().all(|c| trim(c).is_empty()) || *cells == header_cells {
            continue;
        }
        let join_cols = |cs: &[usize]| -> String {
            cs.iter()
                .map(|&i| cell(i))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("、")
        };
        let lead = join_cols(&lead_cols);
        let resp = join_cols(&resp_cols);
        let support = join_cols(&support_cols);
        let deadline = join_cols(&deadline_cols);
        let mut text = cell(task_col).to_string();
        let mut distinct: Vec<&str> = cells
            .iter()
            .map(|c| trim(c))
            .filter(|c| !c.is_empty())
            .collect();
        distinct.dedup();
        // A heading row: one text across the row (merged cells), no assignment.
        if lead.is_empty()
            && resp.is_empty()
            && support.is_empty()
            && deadline.is_empty()
            && distinct.len() == 1
        {
            let t = distinct[0];
            let m = parse_marker(t);
            if m.as_ref().is_some_and(|m| m.kind.is_heading_level())
                || heading_like(t)
                || text.is_empty()
            {
                let (num, content) = match &m {
                    Some(m) => (m.number.clone(), &t[m.end..]),
                    None => (String::new(), t),
                };
                row_section = Some((heading_title(content), num));
                continue;
            }
        }
        if let Some(sc) = section_col
            && !cell(sc).is_empty()
        {
            category = Some(cell(sc).to_string());
        }
        let mut number = number_col
            .map(|i| {
                let n = cell(i);
                let n = n.trim_matches(|c: char| {
                    is_open(c) || is_close(c) || matches!(c, '.' | '、' | '．')
                });
                ascii_digits(n)
            })
            .unwrap_or_default();
        if let Some(m) = parse_marker(&text) {
            if number.is_empty() {
                number = m.number.clone();
            }
            text = text[m.end..].to_string();
        }
        let mut warnings = Vec::new();
        let (mut lead_u, mut resp_u, mut support_u) = (
            cell_units(&lead, &mut warnings),
            cell_units(&resp, &mut warnings),
            cell_units(&support, &mut warnings),
        );
        let mut deadline = (!deadline.is_empty()).then(|| deadline.replace('\n', "，"));
        if lead_u.is_empty()
            && resp_u.is_empty()
            && support_u.is_empty()
            && deadline.is_none()
            && let Some(Extracted {
                text: t,
                assignment,
            }) = extract(&text)
        {
            text = t;
            lead_u = assignment.lead;
            resp_u = assignment.responsible;
            support_u = assignment.support;
            deadline = assignment.deadline;
            for w in assignment.warnings {
                push_warning(&mut warnings, w);
            }
        }
        if trim(&text).is_empty() {
            push_warning(plan_warnings, format!("表格第 {no} 行没有任务内容，已跳过"));
            continue;
        }
        let section = match (&category, &row_section) {
            (Some(c), _) => Section {
                title: c.clone(),
                number: String::new(),
                path: outer.path.clone(),
            },
            (None, Some((t, n))) => Section {
                title: t.clone(),
                number: n.clone(),
                path: outer.path.clone(),
            },
            (None, None) => Section {
                title: outer.title.clone(),
                number: outer.number.clone(),
                path: outer.path.clone(),
            },
        };
        tasks.push(make_task(
            TaskInput {
                section,
                number,
                text: trim(&text).to_string(),
                lead: lead_u,
                responsible: resp_u,
                support: support_u,
                deadline,
                line: *no,
                source: TaskSource::Table,
                warnings,
            },
            year,
        ));
    }
}

/// Builds the plan from blocks.
pub fn build(blocks: Vec<Block>, format: SourceFormat, year: Option<i32>) -> ParsedPlan {
    let mut plan_warnings = Vec::new();
    let (title, body_start) = find_title(&blocks);
    if title.is_empty() {
        plan_warnings.push("未找到方案标题".to_string());
    }
    let year = choose_year(year, &title, &blocks, &mut plan_warnings);
    let body = blocks.get(body_start..).unwrap_or(&[]);

    let mut asm = Assembler {
        items: Vec::new(),
        wrap_width: if format == SourceFormat::Text {
            wrap_width(body)
        } else {
            None
        },
        merge_warning: match format {
            SourceFormat::Text => "跨空行的段落已合并",
            SourceFormat::Docx => "被分段打断的句子已合并",
        },
    };
    for b in body {
        match b {
            Block::Line(l) => asm.feed(l),
            Block::Table(t) => match find_header(t) {
                Some((header, cols)) => asm.items.push(Item::Table(TaskTable {
                    header,
                    cols,
                    table: t.clone(),
                })),
                None => {
                    // Not a task table (a layout table, a contact list): its text as paragraphs.
                    for r in &t.rows {
                        for c in &r.cells {
                            for l in c.split('\n') {
                                let l = trim(l);
                                if !l.is_empty() {
                                    asm.feed(&Line {
                                        text: l.to_string(),
                                        no: r.no,
                                        para_start: true,
                                    });
                                }
                            }
                        }
                    }
                }
            },
        }
    }

    let mut tasks = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    for item in asm.items {
        match item {
            Item::Table(tt) => table_tasks(&tt, &stack, year, &mut tasks, &mut plan_warnings),
            Item::Para(p) => {
                let content = match &p.marker {
                    Some(m) => &p.text[m.end..],
                    None => p.text.as_str(),
                };
                let ex =
                    extract(content).filter(|e| e.assignment.labelled || !trim(&e.text).is_empty());
                if let Some(m) = &p.marker
                    && let Some(pos) = stack.iter().position(|n| n.kind == m.kind)
                {
                    stack.truncate(pos);
                }
                let section = section_of(&stack);
                let is_task = ex.is_some();
                let title_src = ex.as_ref().map_or(content, |e| e.text.as_str());
                if let Some(m) = &p.marker {
                    let title = heading_title(title_src);
                    let prefix = p.text[..m.end].trim_end_matches(is_space);
                    let sep = if p.text[..m.end].len() > prefix.len() {
                        " "
                    } else {
                        ""
                    };
                    stack.push(Node {
                        kind: m.kind,
                        number: m.number.clone(),
                        heading: format!("{prefix}{sep}{title}"),
                        title,
                        is_task,
                    });
                }
                if let Some(Extracted { text, assignment }) = ex {
                    let mut warnings = p.warnings;
                    for w in assignment.warnings {
                        push_warning(&mut warnings, w);
                    }
                    tasks.push(make_task(
                        TaskInput {
                            section,
                            number: p.marker.map(|m| m.number).unwrap_or_default(),
                            text: text.replace('\n', ""),
                            lead: assignment.lead,
                            responsible: assignment.responsible,
                            support: assignment.support,
                            deadline: assignment.deadline,
                            line: p.line,
                            source: TaskSource::Paragraph,
                            warnings,
                        },
                        year,
                    ));
                }
            }
        }
    }
    ParsedPlan {
        title,
        year,
        tasks,
        warnings: plan_warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(MarkerKind, String, String)> {
        parse_marker(s).map(|m| (m.kind, m.number, s[m.end..].to_string()))
    }

    #[test]
    fn markers() {
        use MarkerKind::*;
        let k = |kind, n: &str, rest: &str| Some((kind, n.to_string(), rest.to_string()));
        assert_eq!(m("一、工作目标"), k(CnComma, "一", "工作目标"));
        assert_eq!(m("十二、其他"), k(CnComma, "十二", "其他"));
        assert_eq!(m("（一）发挥作用"), k(CnParen, "一", "发挥作用"));
        assert_eq!(m("(二) 持续推动"), k(CnParen, "二", "持续推动"));
        assert_eq!(m("( 三 )其他"), k(CnParen, "三", "其他"));
        assert_eq!(m("1. 制定"), k(ArabicDot, "1", "制定"));
        assert_eq!(m("1、制定"), k(ArabicDot, "1", "制定"));
        assert_eq!(m("１．制定"), k(ArabicDot, "1", "制定"));
        assert_eq!(m("12.制定"), k(ArabicDot, "12", "制定"));
        assert_eq!(m("（1）制定"), k(ArabicParen, "1", "制定"));
        assert_eq!(m("(2)制定"), k(ArabicParen, "2", "制定"));
        assert_eq!(m("3）制定"), k(ArabicParen, "3", "制定"));
        assert_eq!(m("①制定"), k(Circled, "①", "制定"));
        assert_eq!(m("⑵制定"), k(ArabicParen, "2", "制定"));
        assert_eq!(m("2021年进入"), None);
        assert_eq!(m("1.5万元"), None);
        assert_eq!(m("一是加强"), None);
        assert_eq!(m("十分重要"), None);
        assert_eq!(m("（2021年）"), None);
    }

    #[test]
    fn years() {
        assert_eq!(years_in("第二年（2021年）推进"), vec![2021]);
        assert_eq!(years_in("三年行动计划（2020—2022年）"), vec![2020, 2022]);
        assert_eq!(years_in("海安委办〔2021〕41号"), Vec::<i32>::new());
        assert_eq!(years_in("２０２１年"), vec![2021]);
    }

    #[test]
    fn headers() {
        assert_eq!(classify_header("序号"), Col::Number);
        assert_eq!(classify_header("工作任务"), Col::Task(3));
        assert_eq!(classify_header("主要任务"), Col::Task(3));
        assert_eq!(classify_header("牵头单位"), Col::Lead);
        assert_eq!(classify_header("责任单位"), Col::Responsible);
        assert_eq!(classify_header("配合单位"), Col::Support);
        assert_eq!(classify_header("完成时限"), Col::Deadline);
        assert_eq!(classify_header("完 成 时 间"), Col::Deadline);
        assert_eq!(classify_header("责任人"), Col::Other);
    }
}
