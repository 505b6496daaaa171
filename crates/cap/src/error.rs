//! Why a file was refused, in Chinese for the person who uploaded it, with a stable code
//! for programs.

use std::fmt::Write as _;

/// Why a CAP file was refused. [`CapError::message`] (also `Display`) says it in Chinese,
/// naming the element at fault; [`CapError::code`] is a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum CapError {
    /// The file is larger than [`crate::MAX_BYTES`].
    TooLarge {
        /// Size of the file in bytes.
        size: usize,
    },
    /// The bytes are not UTF-8 (CAP 1.2 files are UTF-8).
    NotUtf8 {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
        /// Encoding named in the XML declaration or by a byte-order mark, if any.
        declared: Option<String>,
    },
    /// The file declares a DTD or entities (`<!DOCTYPE …>`), refused for safety.
    DtdForbidden,
    /// The file is not well-formed XML.
    NotXml {
        /// 1-based line of the problem, 0 when unknown.
        line: u32,
        /// 1-based column of the problem, 0 when unknown.
        column: u32,
        /// What is wrong, in Chinese.
        detail: String,
    },
    /// The root element is not `alert` in the CAP 1.2 namespace.
    NotCap {
        /// The root element found, with its namespace.
        found: String,
    },
    /// A required element is absent.
    MissingElement {
        /// The element that is missing, without brackets.
        element: &'static str,
        /// Where it should be (`""` for `<alert>`, else e.g. `"<info>"`, `"第2个 <info>"`).
        parent: String,
    },
    /// An element that may appear once appears several times.
    DuplicateElement {
        /// The repeated element.
        element: &'static str,
        /// Where ("" for `<alert>`).
        parent: String,
    },
    /// A required element is present but holds no text.
    EmptyElement {
        /// The empty element.
        element: &'static str,
        /// Where ("" for `<alert>`).
        parent: String,
    },
    /// `<identifier>` or `<sender>` contains a space, comma, `<` or `&`.
    InvalidCharacters {
        /// The element.
        element: &'static str,
        /// Its value.
        value: String,
    },
    /// A time is not in the CAP form `2021-06-01T08:00:00+08:00`.
    InvalidDateTime {
        /// The element.
        element: &'static str,
        /// Its value.
        value: String,
        /// The value uses the `Z` designator, which CAP 1.2 forbids.
        zulu: bool,
    },
    /// A value outside the CAP enumeration for that element.
    InvalidValue {
        /// The element.
        element: &'static str,
        /// Its value.
        value: String,
        /// The allowed values, joined with "、".
        allowed: &'static str,
    },
    /// `<msgType>` is `Ack` or `Error`: a receipt, not a warning.
    UnsupportedMsgType {
        /// The value (`Ack` or `Error`).
        value: String,
    },
    /// The alert has no `<info>`.
    MissingInfo,
    /// `<references>` is not a list of `sender,identifier,sent` triples.
    InvalidReferences {
        /// The entry that is not a triple.
        value: String,
    },
    /// An `Update` or `Cancel` without `<references>`.
    MissingReferences {
        /// `Update` or `Cancel`.
        msg_type: &'static str,
    },
    /// The event is not one of the four handled weather kinds.
    UnknownKind {
        /// The `<event>` text.
        event: String,
    },
    /// No warning colour in the event, headline, parameters or severity.
    UnknownColour {
        /// The `<event>` text.
        event: String,
    },
    /// The chosen `<info>` has no `<area>` with an `<areaDesc>`.
    MissingArea,
    /// `<expires>` is before `<effective>` or `<onset>`.
    ExpiresBeforeStart {
        /// The `<expires>` value.
        expires: String,
        /// `effective` or `onset`.
        start_element: &'static str,
        /// Its value.
        start: String,
    },
}

/// Every error code, in declaration order (for documentation and exhaustive tests).
pub const ERROR_CODES: [&str; 19] = [
    "too_large",
    "not_utf8",
    "dtd_forbidden",
    "not_xml",
    "not_cap",
    "missing_element",
    "duplicate_element",
    "empty_element",
    "invalid_characters",
    "invalid_datetime",
    "invalid_value",
    "unsupported_msg_type",
    "missing_info",
    "invalid_references",
    "missing_references",
    "unknown_kind",
    "unknown_colour",
    "missing_area",
    "expires_before_start",
];

const TIME_EXAMPLE: &str = "2021-06-01T08:00:00+08:00";

fn within(parent: &str) -> String {
    if parent.is_empty() {
        String::new()
    } else {
        format!("{parent} 中")
    }
}

impl CapError {
    /// A stable snake_case code, one per variant (see [`ERROR_CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            CapError::TooLarge { .. } => "too_large",
            CapError::NotUtf8 { .. } => "not_utf8",
            CapError::DtdForbidden => "dtd_forbidden",
            CapError::NotXml { .. } => "not_xml",
            CapError::NotCap { .. } => "not_cap",
            CapError::MissingElement { .. } => "missing_element",
            CapError::DuplicateElement { .. } => "duplicate_element",
            CapError::EmptyElement { .. } => "empty_element",
            CapError::InvalidCharacters { .. } => "invalid_characters",
            CapError::InvalidDateTime { .. } => "invalid_datetime",
            CapError::InvalidValue { .. } => "invalid_value",
            CapError::UnsupportedMsgType { .. } => "unsupported_msg_type",
            CapError::MissingInfo => "missing_info",
            CapError::InvalidReferences { .. } => "invalid_references",
            CapError::MissingReferences { .. } => "missing_references",
            CapError::UnknownKind { .. } => "unknown_kind",
            CapError::UnknownColour { .. } => "unknown_colour",
            CapError::MissingArea => "missing_area",
            CapError::ExpiresBeforeStart { .. } => "expires_before_start",
        }
    }

    /// What is wrong, in Chinese, naming the element at fault.
    pub fn message(&self) -> String {
        match self {
            CapError::TooLarge { size } => format!(
                "文件过大（{}）：CAP 预警文件不应超过 1 MB",
                human_size(*size)
            ),
            CapError::NotUtf8 { offset, declared } => {
                let mut m = format!(
                    "文件不是UTF-8编码（第 {} 字节处出现非 UTF-8 内容）",
                    offset + 1
                );
                if let Some(enc) = declared {
                    let _ = write!(m, "，文件声明的编码为 {enc}");
                }
                m.push_str("：CAP 1.2 预警文件应为 UTF-8 编码，请另存为 UTF-8 后重新上传");
                m
            }
            CapError::DtdForbidden => "文件含有 DTD 或实体声明（<!DOCTYPE …>/<!ENTITY …>）：\
                 出于安全原因不予处理，CAP 1.2 预警文件不需要也不应包含 DTD"
                .to_string(),
            CapError::NotXml {
                line,
                column,
                detail,
            } => {
                if *line == 0 {
                    format!("文件不是有效的XML：{detail}")
                } else {
                    format!("文件不是有效的XML：第{line}行第{column}列，{detail}")
                }
            }
            CapError::NotCap { found } => format!(
                "不是CAP 1.2预警文件：根元素应为 alert（命名空间 {}），实际为 {found}",
                crate::CAP_NS
            ),
            CapError::MissingElement { element, parent } => {
                if parent.is_empty() {
                    format!("缺少必填元素 <{element}>")
                } else {
                    format!("{parent} 中缺少 <{element}>")
                }
            }
            CapError::DuplicateElement { element, parent } => format!(
                "{}元素 <{element}> 出现了多次：CAP 1.2 只允许出现一次",
                within(parent)
            ),
            CapError::EmptyElement { element, parent } => {
                format!("{}必填元素 <{element}> 内容为空", within(parent))
            }
            CapError::InvalidCharacters { element, value } => format!(
                "<{element}> 的值 \"{value}\" 含有不允许的字符：CAP 1.2 规定其中不能有空格、逗号、< 或 &"
            ),
            CapError::InvalidDateTime {
                element,
                value,
                zulu,
            } => {
                if *zulu {
                    format!(
                        "<{element}> 时间格式不正确（\"{value}\"）：CAP 1.2 不允许用 “Z” 表示时区，\
                         应为 {TIME_EXAMPLE} 这样的格式（UTC 时间写作 -00:00）"
                    )
                } else {
                    format!(
                        "<{element}> 时间格式不正确（\"{value}\"）：应为 {TIME_EXAMPLE} 这样的格式"
                    )
                }
            }
            CapError::InvalidValue {
                element,
                value,
                allowed,
            } => format!("<{element}> 的值 \"{value}\" 无效，应为 {allowed} 之一"),
            CapError::UnsupportedMsgType { value } => format!(
                "<msgType> 的值为 \"{value}\"：这是回执或错误通知，不是预警，不能导入（应为 Alert、Update、Cancel 之一）"
            ),
            CapError::MissingInfo => "缺少 <info>：预警没有内容（至少需要一个 <info>）".to_string(),
            CapError::InvalidReferences { value } => format!(
                "<references> 格式不正确（\"{value}\"）：应为以空格分隔的“发布者,标识,发布时间”，\
                 如 \"sender,identifier,{TIME_EXAMPLE}\""
            ),
            CapError::MissingReferences { msg_type } => format!(
                "Update/Cancel 预警缺少 <references>：<msgType> 为 {msg_type} 时必须说明所更新或解除的预警"
            ),
            CapError::UnknownKind { event } => {
                format!("无法识别预警类型：事件“{event}”不是台风、暴雨、雷雨大风或高温预警")
            }
            CapError::UnknownColour { event } => format!(
                "无法识别预警颜色：事件“{event}”的 <event>、<headline>、<parameter> 中没有蓝色、黄色、橙色或红色，\
                 <severity> 也为 Unknown"
            ),
            CapError::MissingArea => "缺少 <area>/<areaDesc>：预警没有发布区域".to_string(),
            CapError::ExpiresBeforeStart {
                expires,
                start_element,
                start,
            } => format!(
                "<expires>（{expires}）早于 <{start_element}>（{start}）：预警的失效时间不能早于开始时间"
            ),
        }
    }
}

fn human_size(size: usize) -> String {
    if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else {
        format!("{size} 字节")
    }
}

/// A Chinese description of an XML syntax error and its position.
pub(crate) fn from_xml(err: &roxmltree::Error) -> CapError {
    use roxmltree::Error as E;
    let detail = match err {
        E::DtdDetected | E::EntityReferenceLoop(_) | E::UnexpectedEntityCloseTag(_) => {
            return CapError::DtdForbidden;
        }
        E::InvalidXmlPrefixUri(_) | E::UnexpectedXmlUri(_) | E::UnexpectedXmlnsUri(_) => {
            "命名空间 xml/xmlns 使用不当".to_string()
        }
        E::InvalidElementNamePrefix(_) => "元素名不能使用 xmlns 前缀".to_string(),
        E::DuplicatedNamespace(p, _) => format!("命名空间前缀 \"{p}\" 重复声明"),
        E::UnknownNamespace(p, _) => format!("未声明的命名空间前缀 \"{p}\""),
        E::UnexpectedCloseTag(expected, actual, _) => {
            format!("结束标签不匹配：应为 </{expected}>，实际为 </{actual}>")
        }
        E::UnknownEntityReference(name, _) => format!("未定义的实体引用 &{name};"),
        E::MalformedEntityReference(_) => "“&” 用法不正确（文本中的 & 应写作 &amp;）".to_string(),
        E::InvalidAttributeValue(_) => "属性值中不能有 “<”".to_string(),
        E::DuplicatedAttribute(name, _) => format!("属性 \"{name}\" 重复"),
        E::NoRootNode => "没有根元素（文件为空或只有声明）".to_string(),
        E::UnclosedRootNode => "根元素没有结束标签（文件可能不完整）".to_string(),
        E::UnexpectedDeclaration(_) => "XML 声明 <?xml …?> 只能出现在文件开头".to_string(),
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => {
            "文件结构过于复杂（元素、属性或命名空间过多）".to_string()
        }
        E::InvalidName(_) => "元素或属性名不合法".to_string(),
        E::NonXmlChar(c, _) => format!("含有 XML 不允许的字符 U+{:04X}", u32::from(*c)),
        E::InvalidChar(..) | E::InvalidChar2(..) | E::InvalidString(..) | E::UnknownToken(_) => {
            "此处的内容不符合 XML 语法".to_string()
        }
        E::InvalidExternalID(_) | E::EntityResolver(..) => {
            return CapError::DtdForbidden;
        }
        E::InvalidComment(_) => "注释中不能有 “--”，也不能以 “-” 结尾".to_string(),
        E::InvalidCharacterData(_) => "文本中不能出现 “]]>”".to_string(),
        E::UnexpectedEndOfStream => "文件意外结束（可能不完整）".to_string(),
    };
    let pos = err.pos();
    let known = !matches!(
        err,
        E::NoRootNode
            | E::UnclosedRootNode
            | E::NodesLimitReached
            | E::AttributesLimitReached
            | E::NamespacesLimitReached
            | E::UnexpectedEndOfStream
    );
    let (line, column) = if known { (pos.row, pos.col) } else { (0, 0) };
    CapError::NotXml {
        line,
        column,
        detail,
    }
}
