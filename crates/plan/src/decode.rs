//! Bytes of a `.txt` plan to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030.

use crate::PlanError;

/// The encoding a text plan was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16,
    Gb18030,
}

/// Decodes a text plan. Fails when the bytes are neither valid UTF-8 nor valid GB18030,
/// or when they hold NUL bytes (a binary file).
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), PlanError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => checked(s.to_owned(), TextEncoding::Utf8),
            Err(_) => Err(PlanError::UnknownEncoding),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        return match enc.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(s) => checked(s.into_owned(), TextEncoding::Utf16),
            None => Err(PlanError::UnknownEncoding),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return checked(s.to_owned(), TextEncoding::Utf8);
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => checked(s.into_owned(), TextEncoding::Gb18030),
        None => Err(PlanError::UnknownEncoding),
    }
}

fn checked(s: String, enc: TextEncoding) -> Result<(String, TextEncoding), PlanError> {
    if s.contains('\0') {
        Err(PlanError::UnknownEncoding)
    } else {
        Ok((s, enc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (s, e) = decode_text("任务".as_bytes()).expect("utf-8");
        assert_eq!((s.as_str(), e), ("任务", TextEncoding::Utf8));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("任务".as_bytes());
        let (s, _) = decode_text(&b).expect("bom");
        assert_eq!(s, "任务");
    }

    #[test]
    fn gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("牵头单位：局办公室");
        let (s, e) = decode_text(&bytes).expect("gb18030");
        assert_eq!(
            (s.as_str(), e),
            ("牵头单位：局办公室", TextEncoding::Gb18030)
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "任务".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&b).expect("utf-16").0, "任务");
    }

    #[test]
    fn binary_is_rejected() {
        assert!(matches!(
            decode_text(b"\x81\x30\xFF\xFF\x00"),
            Err(PlanError::UnknownEncoding)
        ));
        assert!(matches!(
            decode_text(b"abc\0def"),
            Err(PlanError::UnknownEncoding)
        ));
    }
}
