//! 函送执法: the letter handing a violation lead to an enforcement agency.

use crate::layout::lines;
use crate::official::{
    Letterhead, add_attachments, addressee, blank, body, body_or_h2, document, letterhead,
    one_line, sign_off, title,
};
use crate::{DocError, ReferralLetter, cn_date, package};

/// Writes a 关于函送××安全生产违法线索的函 in the GB/T 9704-2012 信函格式.
///
/// The 版头 (the issuer in red, a red double line, the 发文字号 at the right when there
/// is one), the title, the agency as 主送机关, then the body: the opening naming the
/// enterprise (with its 统一社会信用代码 and address when known), the violation, the
/// legal basis, the request (with the reply date when set), the contact line, the
/// evidence as 附件, and the issuer centred over the date.
///
/// Never fails in practice ([`DocError::Write`] only if the writer does).
pub fn referral_letter(l: &ReferralLetter) -> Result<Vec<u8>, DocError> {
    let issuer = one_line(&l.issuer);
    let number = l.number.as_deref().map(one_line).unwrap_or_default();
    let enterprise = one_line(&l.enterprise_name);

    let mut docx = letterhead(document(), &issuer, &number, Letterhead::Letter)
        .add_paragraph(title(&format!("关于函送{enterprise}安全生产违法线索的函")))
        .add_paragraph(blank());
    if let Some(p) = addressee(&l.agency_name) {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_paragraph(body(&opening(l, &enterprise)));
    for line in lines(&l.violation) {
        docx = docx.add_paragraph(body_or_h2(&line));
    }
    for line in basis(&l.legal_basis) {
        docx = docx.add_paragraph(body(&line));
    }
    docx = docx.add_paragraph(body(&request(l)));
    if let Some(c) = contact(l) {
        docx = docx.add_paragraph(body(&c));
    }
    docx = add_attachments(docx, &l.evidence);
    docx = sign_off(docx, &issuer, l.date);
    package::pack(docx, l.date)
}

/// "我局在日常监管中发现，××（统一社会信用代码：…，地址：…）存在以下安全生产违法行为线索："
fn opening(l: &ReferralLetter, enterprise: &str) -> String {
    let mut ids = Vec::new();
    if let Some(code) = l.credit_code.as_deref().map(one_line)
        && !code.is_empty()
    {
        ids.push(format!("统一社会信用代码：{code}"));
    }
    if let Some(address) = l.address.as_deref().map(one_line)
        && !address.is_empty()
    {
        ids.push(format!("地址：{address}"));
    }
    let ids = if ids.is_empty() {
        String::new()
    } else {
        format!("（{}）", ids.join("，"))
    };
    format!("我局在日常监管中发现，{enterprise}{ids}存在以下安全生产违法行为线索：")
}

/// The legal basis: taken as written when it is a sentence of its own ("依据…",
/// "违反了…"), else `"上述行为涉嫌违反<basis>的规定。"`. Each line a paragraph.
fn basis(text: &str) -> Vec<String> {
    const OWN: [&str; 8] = ["依据", "根据", "按照", "违反", "上述", "该", "经", "涉嫌"];
    let given = lines(text);
    if given.len() != 1 || OWN.iter().any(|w| given[0].starts_with(w)) {
        return given.into_iter().map(|l| full_stop(&l)).collect();
    }
    let b = given[0].trim_end_matches(['。', '；', ';', '，', ',']);
    let b = b
        .strip_suffix("的规定")
        .or_else(|| b.strip_suffix("的有关规定"))
        .or_else(|| b.strip_suffix("规定"))
        .unwrap_or(b);
    vec![format!("上述行为涉嫌违反{b}的规定。")]
}

/// `"现将有关线索函送你单位，<action>，并于<date>前将处理结果函告我局。"`
fn request(l: &ReferralLetter) -> String {
    let what = if l.evidence.iter().any(|e| !one_line(e).is_empty()) {
        "有关线索及证据材料"
    } else {
        "有关线索"
    };
    let action = one_line(&l.requested_action);
    let action = action.trim_end_matches(['。', '；', ';', '，', ',', '.']);
    let action = if action.is_empty() {
        "请依法调查处理"
    } else {
        action
    };
    let replies = ["函告", "告知", "反馈", "回复", "函复"]
        .iter()
        .any(|w| action.contains(w));
    let reply = match (l.reply_by, replies) {
        (Some(d), false) => format!("，并于{}前将处理结果函告我局", cn_date(d)),
        (Some(d), true) => format!("，请于{}前函复", cn_date(d)),
        (None, false) => "，并将处理结果函告我局".to_owned(),
        (None, true) => String::new(),
    };
    format!("现将{what}函送你单位，{action}{reply}。")
}

/// "联系人：张三　　联系电话：0898-…"; `None` when both are blank.
fn contact(l: &ReferralLetter) -> Option<String> {
    let name = one_line(&l.contact_name);
    let phone = one_line(&l.contact_phone);
    match (name.is_empty(), phone.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("联系人：{name}")),
        (true, false) => Some(format!("联系电话：{phone}")),
        (false, false) => Some(format!("联系人：{name}　　联系电话：{phone}")),
    }
}

/// `s` ending in a full stop unless it already ends in sentence punctuation.
fn full_stop(s: &str) -> String {
    if s.ends_with(['。', '！', '？', '；', '：', '.', '!', '?']) {
        s.to_owned()
    } else {
        format!("{s}。")
    }
}
