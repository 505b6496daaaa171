//! Every way a CAP file can be wrong gives a stable code and a Chinese message that
//! names what is wrong, so the person uploading it can fix it.

use anzhi_cap::{CapError, parse};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn typhoon() -> String {
    String::from_utf8(fixture("typhoon-haikou.xml")).unwrap()
}

/// The typhoon fixture with `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    let xml = typhoon();
    assert!(xml.contains(from), "fixture has no {from:?}");
    xml.replacen(from, to, 1)
}

/// The typhoon fixture without the first `<name>…</name>`.
fn without(name: &str) -> String {
    let xml = typhoon();
    let start = xml
        .find(&format!("<{name}>"))
        .unwrap_or_else(|| panic!("fixture has no <{name}>"));
    let close = format!("</{name}>");
    let end = xml[start..].find(&close).unwrap() + start + close.len();
    format!("{}{}", &xml[..start], &xml[end..])
}

/// Parses, expecting a refusal with `code` whose message contains every `needle`.
#[track_caller]
fn refused(bytes: impl AsRef<[u8]>, code: &str, needles: &[&str]) -> CapError {
    let err = parse(bytes.as_ref()).expect_err("should be refused");
    let message = err.message();
    assert_eq!(err.code(), code, "{message}");
    assert_eq!(err.to_string(), message);
    for needle in needles {
        assert!(
            message.contains(needle),
            "{message:?} should contain {needle:?}"
        );
    }
    err
}

// ---- not a CAP file at all ----

#[test]
fn not_xml_names_line_and_column() {
    let err = refused(
        fixture("not-xml.xml"),
        "not_xml",
        &["文件不是有效的XML", "第3行", "</identifier>", "</sender>"],
    );
    assert!(matches!(err, CapError::NotXml { line: 3, .. }));
}

#[test]
fn plain_text_and_empty_files_are_not_xml() {
    refused(
        "这不是预警文件".as_bytes(),
        "not_xml",
        &["文件不是有效的XML"],
    );
    refused(b"", "not_xml", &["文件不是有效的XML", "没有根元素"]);
    refused(
        typhoon()
            .split_at(typhoon().find("</info>").unwrap())
            .0
            .as_bytes(),
        "not_xml",
        &["文件不是有效的XML"],
    );
}

#[test]
fn undefined_entity_is_named() {
    refused(
        edited("<headline>", "<headline>&nbsp;"),
        "not_xml",
        &["&nbsp;"],
    );
}

#[test]
fn wrong_root_element() {
    refused(
        fixture("wrong-root.xml"),
        "not_cap",
        &[
            "不是CAP 1.2预警文件",
            "根元素应为 alert",
            "urn:oasis:names:tc:emergency:cap:1.2",
            "warning",
        ],
    );
}

#[test]
fn wrong_namespace_cap_1_1() {
    refused(
        fixture("wrong-namespace.xml"),
        "not_cap",
        &[
            "不是CAP 1.2预警文件",
            "urn:oasis:names:tc:emergency:cap:1.1",
        ],
    );
}

#[test]
fn alert_without_namespace() {
    refused(
        typhoon().replace(" xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", ""),
        "not_cap",
        &["根元素应为 alert", "无命名空间"],
    );
}

#[test]
fn dtd_entity_bomb_is_refused() {
    refused(fixture("dtd-entity-bomb.xml"), "dtd_forbidden", &["DTD"]);
}

#[test]
fn external_entity_is_refused() {
    let xxe = typhoon().replacen(
        "<alert",
        "<!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<alert",
        1,
    );
    refused(xxe, "dtd_forbidden", &["DTD"]);
}

#[test]
fn gbk_file_is_not_utf8() {
    refused(
        fixture("gbk-encoded.xml"),
        "not_utf8",
        &["文件不是UTF-8编码", "GB2312", "UTF-8"],
    );
}

#[test]
fn utf16_file_is_not_utf8() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in typhoon().encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    refused(bytes, "not_utf8", &["文件不是UTF-8编码", "UTF-16"]);
}

#[test]
fn over_one_megabyte_is_too_large() {
    let xml = typhoon();
    let big = xml.replace(
        "</alert>",
        &format!("{}</alert>", " ".repeat(anzhi_cap::MAX_BYTES)),
    );
    refused(big, "too_large", &["文件过大", "1 MB"]);
    let just_over = vec![b' '; anzhi_cap::MAX_BYTES + 1];
    refused(just_over, "too_large", &["文件过大"]);
}

// ---- the <alert> block ----

macro_rules! missing_alert_element {
    ($($test:ident: $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            let err = refused(
                without($name),
                "missing_element",
                &[&format!("缺少必填元素 <{}>", $name)],
            );
            assert_eq!(
                err,
                CapError::MissingElement { element: $name, parent: String::new() }
            );
        }
    )*};
}

missing_alert_element! {
    missing_identifier: "identifier",
    missing_sender: "sender",
    missing_sent: "sent",
    missing_status: "status",
    missing_msg_type: "msgType",
    missing_scope: "scope",
}

#[test]
fn empty_identifier() {
    refused(
        edited(
            "<identifier>46010041600000_20211012093000</identifier>",
            "<identifier>  </identifier>",
        ),
        "empty_element",
        &["<identifier>", "为空"],
    );
}

#[test]
fn duplicate_identifier() {
    refused(
        edited("<sender>", "<identifier>X2</identifier><sender>"),
        "duplicate_element",
        &["<identifier>", "多次"],
    );
}

#[test]
fn identifier_with_space_comma_or_ampersand() {
    for bad in ["4601 0041", "4601,0041", "4601&amp;0041", "4601&lt;0041"] {
        refused(
            edited(
                "<identifier>46010041600000_20211012093000</identifier>",
                &format!("<identifier>{bad}</identifier>"),
            ),
            "invalid_characters",
            &["<identifier>", "空格、逗号、< 或 &"],
        );
    }
}

#[test]
fn sender_with_space() {
    refused(
        edited(
            "<sender>46010041600000</sender>",
            "<sender>海口市 气象台</sender>",
        ),
        "invalid_characters",
        &["<sender>", "海口市 气象台"],
    );
}

#[test]
fn sent_in_wrong_format() {
    let err = refused(
        edited(
            "<sent>2021-10-12T09:30:00+08:00</sent>",
            "<sent>2021-10-12 09:30:00</sent>",
        ),
        "invalid_datetime",
        &[
            "<sent> 时间格式不正确",
            "2021-06-01T08:00:00+08:00 这样的格式",
        ],
    );
    assert!(matches!(err, CapError::InvalidDateTime { zulu: false, .. }));
}

#[test]
fn sent_in_zulu_time_is_refused_saying_why() {
    let err = refused(
        fixture("zulu-time.xml"),
        "invalid_datetime",
        &["<sent> 时间格式不正确", "Z", "-00:00"],
    );
    assert!(matches!(err, CapError::InvalidDateTime { zulu: true, .. }));
}

#[test]
fn bad_info_dates() {
    for (element, from, to) in [
        (
            "effective",
            "<effective>2021-10-12T09:30:00+08:00</effective>",
            "<effective>2021/10/12 09:30</effective>",
        ),
        (
            "onset",
            "<onset>2021-10-12T09:30:00+08:00</onset>",
            "<onset>2021-10-12T09:30:00.5+08:00</onset>",
        ),
        (
            "expires",
            "<expires>2021-10-14T09:30:00+08:00</expires>",
            "<expires>2021-10-14T09:30:00Z</expires>",
        ),
        (
            "expires",
            "<expires>2021-10-14T09:30:00+08:00</expires>",
            "<expires>2021-02-30T09:30:00+08:00</expires>",
        ),
    ] {
        refused(
            edited(from, to),
            "invalid_datetime",
            &[&format!("<{element}> 时间格式不正确")],
        );
    }
}

#[test]
fn msg_type_foo() {
    let err = refused(
        edited("<msgType>Alert</msgType>", "<msgType>Foo</msgType>"),
        "invalid_value",
        &[],
    );
    assert_eq!(
        err.message(),
        "<msgType> 的值 \"Foo\" 无效，应为 Alert、Update、Cancel 之一"
    );
}

#[test]
fn ack_and_error_are_not_warnings() {
    for v in ["Ack", "Error"] {
        refused(
            edited(
                "<msgType>Alert</msgType>",
                &format!("<msgType>{v}</msgType>"),
            ),
            "unsupported_msg_type",
            &["<msgType>", v],
        );
    }
}

#[test]
fn bad_enumerations() {
    for (element, from, to) in [
        (
            "status",
            "<status>Actual</status>",
            "<status>actual</status>",
        ),
        ("scope", "<scope>Public</scope>", "<scope>Everyone</scope>"),
        (
            "category",
            "<category>Met</category>",
            "<category>Weather</category>",
        ),
        (
            "responseType",
            "<responseType>Prepare</responseType>",
            "<responseType>Run</responseType>",
        ),
        (
            "urgency",
            "<urgency>Immediate</urgency>",
            "<urgency>Now</urgency>",
        ),
        (
            "severity",
            "<severity>Severe</severity>",
            "<severity>橙色</severity>",
        ),
        (
            "certainty",
            "<certainty>Likely</certainty>",
            "<certainty>Sure</certainty>",
        ),
    ] {
        let err = refused(
            edited(from, to),
            "invalid_value",
            &[&format!("<{element}> 的值"), "无效，应为"],
        );
        assert!(matches!(err, CapError::InvalidValue { element: e, .. } if e == element));
    }
}

#[test]
fn restricted_scope_needs_restriction_and_private_needs_addresses() {
    refused(
        edited("<scope>Public</scope>", "<scope>Restricted</scope>"),
        "missing_element",
        &["缺少必填元素 <restriction>"],
    );
    refused(
        edited("<scope>Public</scope>", "<scope>Private</scope>"),
        "missing_element",
        &["缺少必填元素 <addresses>"],
    );
}

#[test]
fn update_and_cancel_need_references() {
    for v in ["Update", "Cancel"] {
        refused(
            edited(
                "<msgType>Alert</msgType>",
                &format!("<msgType>{v}</msgType>"),
            ),
            "missing_references",
            &["Update/Cancel 预警缺少 <references>", v],
        );
    }
}

#[test]
fn malformed_references() {
    refused(
        edited(
            "<scope>Public</scope>",
            "<scope>Public</scope><references>46010041600000_20211012080000</references>",
        ),
        "invalid_references",
        &["<references>", "46010041600000_20211012080000"],
    );
}

// ---- the <info> block ----

#[test]
fn no_info() {
    let xml = typhoon();
    let start = xml.find("<info>").unwrap();
    let end = xml.find("</info>").unwrap() + "</info>".len();
    let bare = format!("{}{}", &xml[..start], &xml[end..]);
    refused(bare, "missing_info", &["<info>"]);
}

macro_rules! missing_info_element {
    ($($test:ident: $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            let err = refused(
                without($name),
                "missing_element",
                &[&format!("<info> 中缺少 <{}>", $name)],
            );
            assert_eq!(
                err,
                CapError::MissingElement { element: $name, parent: "<info>".into() }
            );
        }
    )*};
}

missing_info_element! {
    missing_category: "category",
    missing_event: "event",
    missing_urgency: "urgency",
    missing_severity: "severity",
    missing_certainty: "certainty",
}

#[test]
fn missing_event_in_second_info_says_which() {
    let xml = typhoon();
    let start = xml.find("<info>").unwrap();
    let end = xml.find("</info>").unwrap() + "</info>".len();
    let info = &xml[start..end];
    let second = info
        .replace("<language>zh-CN</language>", "<language>en-US</language>")
        .replace("<event>台风</event>", "");
    let two = format!("{}{}\n  {}{}", &xml[..start], info, second, &xml[end..]);
    refused(two, "missing_element", &["第2个 <info> 中缺少 <event>"]);
}

#[test]
fn empty_event() {
    refused(
        edited("<event>台风</event>", "<event/>"),
        "empty_element",
        &["<info> 中", "<event>", "为空"],
    );
}

#[test]
fn unknown_event() {
    refused(
        fixture("unknown-event.xml"),
        "unknown_kind",
        &[
            "无法识别预警类型",
            "事件“大雾黄色预警”",
            "台风、暴雨、雷雨大风或高温",
        ],
    );
}

#[test]
fn unknown_colour() {
    let xml = typhoon()
        .replace(
            "发布台风橙色预警信号</headline>",
            "发布台风预警信号</headline>",
        )
        .replace("<value>橙色</value>", "<value>未知</value>")
        .replace(
            "<severity>Severe</severity>",
            "<severity>Unknown</severity>",
        );
    refused(xml, "unknown_colour", &["无法识别预警颜色", "<severity>"]);
}

#[test]
fn missing_area() {
    refused(
        fixture("missing-area.xml"),
        "missing_area",
        &["缺少 <area>/<areaDesc>：预警没有发布区域"],
    );
}

#[test]
fn area_without_area_desc() {
    refused(
        without("areaDesc"),
        "missing_element",
        &["<area> 中缺少 <areaDesc>"],
    );
    refused(
        edited(
            "<areaDesc>秀英区、龙华区、琼山区、美兰区</areaDesc>",
            "<areaDesc> </areaDesc>",
        ),
        "empty_element",
        &["<areaDesc>"],
    );
    refused(
        edited(
            "<areaDesc>秀英区、龙华区、琼山区、美兰区</areaDesc>",
            "<areaDesc>、，</areaDesc>",
        ),
        "missing_area",
        &["<areaDesc>"],
    );
}

#[test]
fn expires_before_onset() {
    let err = refused(
        fixture("expires-before-onset.xml"),
        "expires_before_start",
        &["<expires>", "<onset>", "早于"],
    );
    assert!(matches!(
        err,
        CapError::ExpiresBeforeStart {
            start_element: "onset",
            ..
        }
    ));
}

#[test]
fn expires_before_effective() {
    refused(
        edited(
            "<expires>2021-10-14T09:30:00+08:00</expires>",
            "<expires>2021-10-12T01:00:00-00:00</expires>",
        ),
        "expires_before_start",
        &["<expires>", "<effective>"],
    );
}

#[test]
fn every_message_is_chinese() {
    // A sample of refusals: each message has Chinese text, not only English.
    for bytes in [
        fixture("not-xml.xml"),
        fixture("wrong-root.xml"),
        fixture("dtd-entity-bomb.xml"),
        fixture("gbk-encoded.xml"),
        fixture("zulu-time.xml"),
        fixture("missing-area.xml"),
    ] {
        let m = parse(&bytes).unwrap_err().message();
        assert!(
            m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{m}"
        );
    }
}
