//! `anzhi-cap` reads a CAP 1.2 warning file (OASIS Common Alerting Protocol, namespace
//! `urn:oasis:names:tc:emergency:cap:1.2`) as published by Chinese meteorological
//! services such as 海口市气象台, checks it against the CAP 1.2 rules, and maps it to an
//! anzhi extreme-weather warning: one of four kinds (台风, 暴雨, 雷雨大风, 高温), a colour
//! (蓝色 … 红色), the areas it covers and its times.
//!
//! Every refusal is a [`CapError`] with a stable [`code`](CapError::code) and a Chinese
//! [`message`](CapError::message) naming the element at fault, for the person who
//! uploaded the file.
//!
//! What is checked:
//! - size (at most [`MAX_BYTES`]), UTF-8, well-formed XML, no DTD or entity declarations;
//! - the root is `<alert>` in the CAP 1.2 namespace;
//! - `<identifier>`, `<sender>`, `<sent>`, `<status>`, `<msgType>`, `<scope>` are present,
//!   once each, not empty; identifier and sender hold no space, comma, `<` or `&`;
//!   `<restriction>` when the scope is `Restricted`, `<addresses>` when `Private`;
//! - times are exactly `2021-06-01T08:00:00+08:00` (the CAP 1.2 schema pattern; "Z" is
//!   forbidden by CAP 1.2, UTC is written `-00:00`);
//! - enumerated values (status, msgType, scope, category, responseType, urgency,
//!   severity, certainty) are CAP 1.2 values, case as in the standard;
//! - `Ack` and `Error` messages are refused (they are receipts, not warnings); `Update`
//!   and `Cancel` must carry `<references>` (`sender,identifier,sent` triples);
//! - at least one `<info>`, each with category, event, urgency, severity, certainty; every
//!   `<area>` has an `<areaDesc>`; `<expires>` is not before `<effective>` or `<onset>`.
//!
//! How it maps: the `<info>` in `zh-CN` is used (else the first in another `zh` variant,
//! else the first). The kind comes from `<event>` (else `<headline>`) by Chinese keyword
//! or English name; the colour from `<event>`, else `<headline>` (the last colour named,
//! so "黄色预警信号升级为橙色" is orange), else a level/colour `<parameter>`, else
//! `<severity>` (Minor 蓝, Moderate 黄, Severe 橙, Extreme 红). Areas are every
//! `<areaDesc>` split on "、", "，", ",", "；", ";" and whitespace, trimmed, de-duplicated.
//!
//! The crate is pure: no I/O beyond the bytes handed in.
//!
//! ```
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
//!   <identifier>46010041600000_20211012093000</identifier>
//!   <sender>46010041600000</sender>
//!   <sent>2021-10-12T09:30:00+08:00</sent>
//!   <status>Actual</status>
//!   <msgType>Alert</msgType>
//!   <scope>Public</scope>
//!   <info>
//!     <language>zh-CN</language>
//!     <category>Met</category>
//!     <event>台风</event>
//!     <urgency>Immediate</urgency>
//!     <severity>Severe</severity>
//!     <certainty>Likely</certainty>
//!     <headline>海口市气象台发布台风橙色预警信号</headline>
//!     <area><areaDesc>秀英区、龙华区、琼山区、美兰区</areaDesc></area>
//!   </info>
//! </alert>"#;
//! let w = anzhi_cap::parse(xml.as_bytes()).unwrap();
//! assert_eq!(w.kind, anzhi_cap::WeatherKind::Typhoon);
//! assert_eq!(w.colour, anzhi_cap::Colour::Orange);
//! assert_eq!(w.areas, ["秀英区", "龙华区", "琼山区", "美兰区"]);
//!
//! let err = anzhi_cap::parse(b"<alert/>").unwrap_err();
//! assert_eq!(err.code(), "not_cap");
//! ```

mod error;
mod mapping;
mod time;

use chrono::{DateTime, FixedOffset};
use roxmltree::Node;
use serde::{Deserialize, Serialize};

pub use error::{CapError, ERROR_CODES};

/// The CAP 1.2 XML namespace.
pub const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";

/// Largest file accepted: 1 MB. Real CAP warnings are a few kilobytes.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Most XML nodes accepted (a real warning has well under a hundred).
const NODES_LIMIT: u32 = 50_000;

/// The kinds of extreme weather anzhi tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeatherKind {
    /// 台风
    Typhoon,
    /// 暴雨
    Rainstorm,
    /// 雷雨大风
    ThunderstormGale,
    /// 高温
    Heat,
}

impl WeatherKind {
    /// Every kind.
    pub const ALL: [WeatherKind; 4] = [
        WeatherKind::Typhoon,
        WeatherKind::Rainstorm,
        WeatherKind::ThunderstormGale,
        WeatherKind::Heat,
    ];

    /// Stable code: `typhoon`, `rainstorm`, `thunderstorm_gale`, `heat`.
    pub fn code(self) -> &'static str {
        match self {
            WeatherKind::Typhoon => "typhoon",
            WeatherKind::Rainstorm => "rainstorm",
            WeatherKind::ThunderstormGale => "thunderstorm_gale",
            WeatherKind::Heat => "heat",
        }
    }

    /// Chinese name: 台风, 暴雨, 雷雨大风, 高温.
    pub fn label(self) -> &'static str {
        match self {
            WeatherKind::Typhoon => "台风",
            WeatherKind::Rainstorm => "暴雨",
            WeatherKind::ThunderstormGale => "雷雨大风",
            WeatherKind::Heat => "高温",
        }
    }

    /// The kind with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Warning colours, ordered by gravity: `Red > Orange > Yellow > Blue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// 蓝色
    Blue,
    /// 黄色
    Yellow,
    /// 橙色
    Orange,
    /// 红色
    Red,
}

impl Colour {
    /// Every colour, least grave first.
    pub const ALL: [Colour; 4] = [Colour::Blue, Colour::Yellow, Colour::Orange, Colour::Red];

    /// Stable code: `blue`, `yellow`, `orange`, `red`.
    pub fn code(self) -> &'static str {
        match self {
            Colour::Blue => "blue",
            Colour::Yellow => "yellow",
            Colour::Orange => "orange",
            Colour::Red => "red",
        }
    }

    /// Chinese name: 蓝色, 黄色, 橙色, 红色.
    pub fn label(self) -> &'static str {
        match self {
            Colour::Blue => "蓝色",
            Colour::Yellow => "黄色",
            Colour::Orange => "橙色",
            Colour::Red => "红色",
        }
    }

    /// The colour with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// CAP `<msgType>` values anzhi accepts (`Ack` and `Error` are refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MsgType {
    /// A new warning.
    Alert,
    /// Replaces the warnings in [`Warning::references`].
    Update,
    /// Cancels the warnings in [`Warning::references`].
    Cancel,
}

impl MsgType {
    /// The CAP spelling: `Alert`, `Update`, `Cancel`.
    pub fn as_str(self) -> &'static str {
        match self {
            MsgType::Alert => "Alert",
            MsgType::Update => "Update",
            MsgType::Cancel => "Cancel",
        }
    }
}

/// CAP `<status>`: only `Actual` is a real warning; the caller decides what to do with the
/// others (exercises, tests, drafts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Actionable by all targeted recipients.
    Actual,
    /// Only for designated participants of an exercise.
    Exercise,
    /// Messages supporting alert network internal functions.
    System,
    /// Technical testing only, all recipients disregard.
    Test,
    /// A preliminary template or draft, not actionable.
    Draft,
}

impl Status {
    /// The CAP spelling: `Actual`, `Exercise`, `System`, `Test`, `Draft`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Actual => "Actual",
            Status::Exercise => "Exercise",
            Status::System => "System",
            Status::Test => "Test",
            Status::Draft => "Draft",
        }
    }
}

/// A CAP warning mapped to anzhi's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// `<identifier>`: unique per sender.
    pub identifier: String,
    /// `<sender>`: the sender's identifier.
    pub sender: String,
    /// `<sent>`.
    pub sent: DateTime<FixedOffset>,
    /// `<msgType>`.
    pub msg_type: MsgType,
    /// Identifiers of the warnings this one updates or cancels, from `<references>`, in
    /// order, without repeats (may be empty for an `Alert`).
    pub references: Vec<String>,
    /// The weather.
    pub kind: WeatherKind,
    /// The colour.
    pub colour: Colour,
    /// `<headline>` of the chosen `<info>`.
    pub headline: Option<String>,
    /// `<description>` of the chosen `<info>`.
    pub description: Option<String>,
    /// `<instruction>` (the 防御指南) of the chosen `<info>`.
    pub instruction: Option<String>,
    /// `<effective>`; CAP treats an absent one as equal to `sent`.
    pub effective: Option<DateTime<FixedOffset>>,
    /// `<onset>`.
    pub onset: Option<DateTime<FixedOffset>>,
    /// `<expires>`.
    pub expires: Option<DateTime<FixedOffset>>,
    /// Area names from every `<areaDesc>`, split, trimmed, de-duplicated, in order.
    pub areas: Vec<String>,
    /// `<senderName>` of the chosen `<info>` (e.g. 海口市气象台).
    pub sender_name: Option<String>,
    /// `<status>`.
    pub status: Status,
}

/// Parses and validates a CAP 1.2 file and maps it to a [`Warning`]. Never panics.
pub fn parse(bytes: &[u8]) -> Result<Warning, CapError> {
    if bytes.len() > MAX_BYTES {
        return Err(CapError::TooLarge { size: bytes.len() });
    }
    let text = decode(bytes)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    let doc =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| error::from_xml(&e))?;
    let root = doc.root_element();
    if !root.has_tag_name((CAP_NS, "alert")) {
        let name = root.tag_name();
        let found = match name.namespace() {
            Some(ns) => format!("{}（命名空间 {ns}）", name.name()),
            None => format!("{}（无命名空间）", name.name()),
        };
        return Err(CapError::NotCap { found });
    }
    read_alert(root)
}

/// The file as UTF-8 text, without a byte-order mark.
fn decode(bytes: &[u8]) -> Result<&str, CapError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CapError::NotUtf8 {
            offset: 0,
            declared: Some("UTF-16".to_string()),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| CapError::NotUtf8 {
        offset: e.valid_up_to(),
        declared: declared_encoding(bytes).filter(|enc| !enc.eq_ignore_ascii_case("utf-8")),
    })
}

/// The `encoding="…"` of the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&head[..end]);
    if !decl.starts_with("<?xml") {
        return None;
    }
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &after[1..];
    let value = &rest[..rest.find(quote)?];
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| value.to_string())
}

/// CAP `<severity>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Severity {
    Extreme,
    Severe,
    Moderate,
    Minor,
    Unknown,
}

const STATUS: &[(&str, Status)] = &[
    ("Actual", Status::Actual),
    ("Exercise", Status::Exercise),
    ("System", Status::System),
    ("Test", Status::Test),
    ("Draft", Status::Draft),
];
const STATUS_ALLOWED: &str = "Actual、Exercise、System、Test、Draft";

const SCOPES: &[(&str, &str)] = &[
    ("Public", "Public"),
    ("Restricted", "Restricted"),
    ("Private", "Private"),
];
const SCOPE_ALLOWED: &str = "Public、Restricted、Private";

const CATEGORIES: &[(&str, ())] = &[
    ("Geo", ()),
    ("Met", ()),
    ("Safety", ()),
    ("Security", ()),
    ("Rescue", ()),
    ("Fire", ()),
    ("Health", ()),
    ("Env", ()),
    ("Transport", ()),
    ("Infra", ()),
    ("CBRNE", ()),
    ("Other", ()),
];
const CATEGORY_ALLOWED: &str =
    "Geo、Met、Safety、Security、Rescue、Fire、Health、Env、Transport、Infra、CBRNE、Other";

const RESPONSE_TYPES: &[(&str, ())] = &[
    ("Shelter", ()),
    ("Evacuate", ()),
    ("Prepare", ()),
    ("Execute", ()),
    ("Avoid", ()),
    ("Monitor", ()),
    ("Assess", ()),
    ("AllClear", ()),
    ("None", ()),
];
const RESPONSE_TYPE_ALLOWED: &str =
    "Shelter、Evacuate、Prepare、Execute、Avoid、Monitor、Assess、AllClear、None";

const URGENCIES: &[(&str, ())] = &[
    ("Immediate", ()),
    ("Expected", ()),
    ("Future", ()),
    ("Past", ()),
    ("Unknown", ()),
];
const URGENCY_ALLOWED: &str = "Immediate、Expected、Future、Past、Unknown";

const SEVERITIES: &[(&str, Severity)] = &[
    ("Extreme", Severity::Extreme),
    ("Severe", Severity::Severe),
    ("Moderate", Severity::Moderate),
    ("Minor", Severity::Minor),
    ("Unknown", Severity::Unknown),
];
const SEVERITY_ALLOWED: &str = "Extreme、Severe、Moderate、Minor、Unknown";

const CERTAINTIES: &[(&str, ())] = &[
    ("Observed", ()),
    ("Likely", ()),
    ("Possible", ()),
    ("Unlikely", ()),
    ("Unknown", ()),
];
const CERTAINTY_ALLOWED: &str = "Observed、Likely、Possible、Unlikely、Unknown";

/// The CAP-namespace child elements of `node` called `name`.
fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.has_tag_name((CAP_NS, name)))
}

/// The text directly inside `node` (text and CDATA), trimmed.
fn text_of(node: Node) -> String {
    let mut s = String::new();
    for t in node.children().filter(|n| n.is_text()) {
        s.push_str(t.text().unwrap_or(""));
    }
    s.trim().to_string()
}

/// The single child `name` of `node`, if any; more than one is an error.
fn at_most_one<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
    parent: &str,
) -> Result<Option<Node<'a, 'input>>, CapError> {
    let mut it = children(node, name);
    let first = it.next();
    if it.next().is_some() {
        return Err(CapError::DuplicateElement {
            element: name,
            parent: parent.to_string(),
        });
    }
    Ok(first)
}

/// The text of the optional single child `name`; `None` when absent or empty.
fn optional_text(node: Node, name: &'static str, parent: &str) -> Result<Option<String>, CapError> {
    Ok(at_most_one(node, name, parent)?
        .map(text_of)
        .filter(|s| !s.is_empty()))
}

/// The text of the required single child `name`, not empty.
fn required_text(node: Node, name: &'static str, parent: &str) -> Result<String, CapError> {
    let child = at_most_one(node, name, parent)?.ok_or_else(|| CapError::MissingElement {
        element: name,
        parent: parent.to_string(),
    })?;
    let text = text_of(child);
    if text.is_empty() {
        return Err(CapError::EmptyElement {
            element: name,
            parent: parent.to_string(),
        });
    }
    Ok(text)
}

/// `value` looked up in a CAP enumeration (case-sensitive, as the schema).
fn enum_value<T: Copy>(
    element: &'static str,
    value: &str,
    table: &[(&str, T)],
    allowed: &'static str,
) -> Result<T, CapError> {
    table
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| CapError::InvalidValue {
            element,
            value: value.to_string(),
            allowed,
        })
}

/// Refuses spaces, commas, `<` and `&` (CAP 1.2 §3.2.1 identifier and sender).
fn check_token(element: &'static str, value: &str) -> Result<(), CapError> {
    if value
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, ',' | '<' | '&'))
    {
        return Err(CapError::InvalidCharacters {
            element,
            value: value.to_string(),
        });
    }
    Ok(())
}

fn optional_time(
    node: Node,
    name: &'static str,
    parent: &str,
) -> Result<Option<DateTime<FixedOffset>>, CapError> {
    optional_text(node, name, parent)?
        .map(|v| time::parse_time(name, &v))
        .transpose()
}

/// Identifiers from `<references>`: whitespace-separated `sender,identifier,sent`.
fn parse_references(value: &str) -> Result<Vec<String>, CapError> {
    let mut out: Vec<String> = Vec::new();
    for entry in value.split_whitespace() {
        let parts: Vec<&str> = entry.split(',').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(CapError::InvalidReferences {
                value: entry.to_string(),
            });
        }
        let id = parts[1].to_string();
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// One validated `<info>`.
struct Info<'a, 'input> {
    node: Node<'a, 'input>,
    language: String,
    event: String,
    severity: Severity,
    headline: Option<String>,
    description: Option<String>,
    instruction: Option<String>,
    sender_name: Option<String>,
    effective: Option<DateTime<FixedOffset>>,
    onset: Option<DateTime<FixedOffset>>,
    expires: Option<DateTime<FixedOffset>>,
}

fn read_alert(alert: Node) -> Result<Warning, CapError> {
    let identifier = required_text(alert, "identifier", "")?;
    check_token("identifier", &identifier)?;
    let sender = required_text(alert, "sender", "")?;
    check_token("sender", &sender)?;
    let sent = time::parse_time("sent", &required_text(alert, "sent", "")?)?;
    let status = enum_value(
        "status",
        &required_text(alert, "status", "")?,
        STATUS,
        STATUS_ALLOWED,
    )?;
    let msg_type = match required_text(alert, "msgType", "")?.as_str() {
        "Alert" => MsgType::Alert,
        "Update" => MsgType::Update,
        "Cancel" => MsgType::Cancel,
        v @ ("Ack" | "Error") => {
            return Err(CapError::UnsupportedMsgType {
                value: v.to_string(),
            });
        }
        other => {
            return Err(CapError::InvalidValue {
                element: "msgType",
                value: other.to_string(),
                allowed: "Alert、Update、Cancel",
            });
        }
    };
    let scope = enum_value(
        "scope",
        &required_text(alert, "scope", "")?,
        SCOPES,
        SCOPE_ALLOWED,
    )?;
    if scope == "Restricted" {
        required_text(alert, "restriction", "")?;
    }
    if scope == "Private" {
        required_text(alert, "addresses", "")?;
    }
    let references = match optional_text(alert, "references", "")? {
        Some(v) => parse_references(&v)?,
        None => Vec::new(),
    };
    if references.is_empty() && msg_type != MsgType::Alert {
        return Err(CapError::MissingReferences {
            msg_type: msg_type.as_str(),
        });
    }

    let info_nodes: Vec<Node> = children(alert, "info").collect();
    if info_nodes.is_empty() {
        return Err(CapError::MissingInfo);
    }
    let mut infos = Vec::with_capacity(info_nodes.len());
    for (i, node) in info_nodes.iter().enumerate() {
        let label = if info_nodes.len() == 1 {
            "<info>".to_string()
        } else {
            format!("第{}个 <info>", i + 1)
        };
        infos.push(read_info(*node, label)?);
    }
    let chosen = infos
        .iter()
        .position(|i| i.language.eq_ignore_ascii_case("zh-CN"))
        .or_else(|| {
            infos.iter().position(|i| {
                let l = i.language.to_ascii_lowercase();
                l == "zh" || l.starts_with("zh-")
            })
        })
        .unwrap_or(0);
    let info = infos.swap_remove(chosen);

    let kind = mapping::kind_in(&info.event)
        .or_else(|| info.headline.as_deref().and_then(mapping::kind_in))
        .ok_or_else(|| CapError::UnknownKind {
            event: info.event.clone(),
        })?;
    let colour = colour_of(&info).ok_or_else(|| CapError::UnknownColour {
        event: info.event.clone(),
    })?;

    let mut areas: Vec<String> = Vec::new();
    for area in children(info.node, "area") {
        let desc = required_text(area, "areaDesc", "<area>")?;
        for name in mapping::split_areas(&desc) {
            if !areas.iter().any(|a| a == name) {
                areas.push(name.to_string());
            }
        }
    }
    if areas.is_empty() {
        return Err(CapError::MissingArea);
    }

    Ok(Warning {
        identifier,
        sender,
        sent,
        msg_type,
        references,
        kind,
        colour,
        headline: info.headline,
        description: info.description,
        instruction: info.instruction,
        effective: info.effective,
        onset: info.onset,
        expires: info.expires,
        areas,
        sender_name: info.sender_name,
        status,
    })
}

fn read_info<'a, 'input>(
    node: Node<'a, 'input>,
    label: String,
) -> Result<Info<'a, 'input>, CapError> {
    let l = label.as_str();
    let language = optional_text(node, "language", l)?.unwrap_or_else(|| "en-US".to_string());
    let mut any_category = false;
    for c in children(node, "category") {
        any_category = true;
        let v = text_of(c);
        if v.is_empty() {
            return Err(CapError::EmptyElement {
                element: "category",
                parent: label.clone(),
            });
        }
        enum_value("category", &v, CATEGORIES, CATEGORY_ALLOWED)?;
    }
    if !any_category {
        return Err(CapError::MissingElement {
            element: "category",
            parent: label.clone(),
        });
    }
    let event = required_text(node, "event", l)?;
    for r in children(node, "responseType") {
        enum_value(
            "responseType",
            &text_of(r),
            RESPONSE_TYPES,
            RESPONSE_TYPE_ALLOWED,
        )?;
    }
    enum_value(
        "urgency",
        &required_text(node, "urgency", l)?,
        URGENCIES,
        URGENCY_ALLOWED,
    )?;
    let severity = enum_value(
        "severity",
        &required_text(node, "severity", l)?,
        SEVERITIES,
        SEVERITY_ALLOWED,
    )?;
    enum_value(
        "certainty",
        &required_text(node, "certainty", l)?,
        CERTAINTIES,
        CERTAINTY_ALLOWED,
    )?;
    let effective = optional_time(node, "effective", l)?;
    let onset = optional_time(node, "onset", l)?;
    let expires = optional_time(node, "expires", l)?;
    if let Some(exp) = expires {
        for (name, start) in [("effective", effective), ("onset", onset)] {
            if let Some(start) = start
                && exp < start
            {
                return Err(CapError::ExpiresBeforeStart {
                    expires: exp.to_rfc3339(),
                    start_element: name,
                    start: start.to_rfc3339(),
                });
            }
        }
    }
    for area in children(node, "area") {
        required_text(area, "areaDesc", "<area>")?;
    }
    Ok(Info {
        node,
        language,
        event,
        severity,
        headline: optional_text(node, "headline", l)?,
        description: optional_text(node, "description", l)?,
        instruction: optional_text(node, "instruction", l)?,
        sender_name: optional_text(node, "senderName", l)?,
        effective,
        onset,
        expires,
    })
}

/// Colour from event, headline, a level `<parameter>`, then severity.
fn colour_of(info: &Info) -> Option<Colour> {
    if let Some(c) = mapping::colour_in(&info.event) {
        return Some(c);
    }
    if let Some(c) = info.headline.as_deref().and_then(mapping::colour_in) {
        return Some(c);
    }
    for p in children(info.node, "parameter") {
        let name = children(p, "valueName").next().map(text_of);
        let value = children(p, "value").next().map(text_of);
        if let (Some(name), Some(value)) = (name, value)
            && mapping::is_level_name(&name)
            && let Some(c) = mapping::colour_value(&value)
        {
            return Some(c);
        }
    }
    match info.severity {
        Severity::Minor => Some(Colour::Blue),
        Severity::Moderate => Some(Colour::Yellow),
        Severity::Severe => Some(Colour::Orange),
        Severity::Extreme => Some(Colour::Red),
        Severity::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        for k in WeatherKind::ALL {
            assert_eq!(WeatherKind::from_code(k.code()), Some(k));
        }
        for c in Colour::ALL {
            assert_eq!(Colour::from_code(c.code()), Some(c));
        }
        assert_eq!(WeatherKind::from_code("fog"), None);
        assert_eq!(Colour::from_code("Red"), None);
        assert_eq!(
            WeatherKind::ALL.map(WeatherKind::label),
            ["台风", "暴雨", "雷雨大风", "高温"]
        );
        assert_eq!(
            WeatherKind::ALL.map(WeatherKind::code),
            ["typhoon", "rainstorm", "thunderstorm_gale", "heat"]
        );
        assert_eq!(
            Colour::ALL.map(Colour::label),
            ["蓝色", "黄色", "橙色", "红色"]
        );
    }

    #[test]
    fn colours_order_by_gravity() {
        assert!(Colour::Red > Colour::Orange);
        assert!(Colour::Orange > Colour::Yellow);
        assert!(Colour::Yellow > Colour::Blue);
        assert_eq!(Colour::ALL.iter().max(), Some(&Colour::Red));
    }

    #[test]
    fn serde_uses_the_codes() {
        for k in WeatherKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        for c in Colour::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
        assert_eq!(serde_json::to_value(MsgType::Cancel).unwrap(), "Cancel");
        assert_eq!(serde_json::to_value(Status::Actual).unwrap(), "Actual");
    }

    #[test]
    fn references_give_identifiers() {
        assert_eq!(
            parse_references(
                "46010041600000,A1,2021-06-01T08:00:00+08:00 46010041600000,A2,2021-06-01T09:00:00+08:00 \
                 46010041600000,A1,2021-06-01T08:00:00+08:00"
            )
            .unwrap(),
            ["A1", "A2"]
        );
        let err = parse_references("A1").unwrap_err();
        assert_eq!(err.code(), "invalid_references");
        assert!(err.message().contains("<references>"));
        assert!(parse_references("s,,2021-06-01T08:00:00+08:00").is_err());
    }

    #[test]
    fn declared_encoding_is_read() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"GB2312\"?><a/>").as_deref(),
            Some("GB2312")
        );
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'gbk' ?>").as_deref(),
            Some("gbk")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }

    #[test]
    fn every_code_is_listed() {
        let samples = [
            CapError::TooLarge { size: 1 },
            CapError::NotUtf8 {
                offset: 0,
                declared: None,
            },
            CapError::DtdForbidden,
            CapError::NotXml {
                line: 1,
                column: 1,
                detail: String::new(),
            },
            CapError::NotCap {
                found: String::new(),
            },
            CapError::MissingElement {
                element: "x",
                parent: String::new(),
            },
            CapError::DuplicateElement {
                element: "x",
                parent: String::new(),
            },
            CapError::EmptyElement {
                element: "x",
                parent: String::new(),
            },
            CapError::InvalidCharacters {
                element: "x",
                value: String::new(),
            },
            CapError::InvalidDateTime {
                element: "x",
                value: String::new(),
                zulu: false,
            },
            CapError::InvalidValue {
                element: "x",
                value: String::new(),
                allowed: "",
            },
            CapError::UnsupportedMsgType {
                value: String::new(),
            },
            CapError::MissingInfo,
            CapError::InvalidReferences {
                value: String::new(),
            },
            CapError::MissingReferences { msg_type: "Update" },
            CapError::UnknownKind {
                event: String::new(),
            },
            CapError::UnknownColour {
                event: String::new(),
            },
            CapError::MissingArea,
            CapError::ExpiresBeforeStart {
                expires: String::new(),
                start_element: "onset",
                start: String::new(),
            },
        ];
        assert_eq!(samples.each_ref().map(|e| e.code()), ERROR_CODES);
        for e in &samples {
            assert_eq!(e.to_string(), e.message());
            assert!(!e.message().is_empty());
        }
    }
}
