//! Uploaded files: which kinds anzhi accepts, judged by content (never by the name
//! or the type the browser claims), and how a user-given name is made safe to show.

use serde::Serialize;

/// A kind of file anzhi accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    /// Legacy Office (.doc/.xls/.ppt): OLE compound files.
    Ole,
    /// OFD (GB/T 33190), the Chinese fixed-layout format of official documents.
    Ofd,
    Zip,
    /// UTF-8 text without control characters.
    Text,
}

impl FileKind {
    /// The content type anzhi serves the file with.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Ole => "application/x-ole-storage",
            FileKind::Ofd => "application/ofd",
            FileKind::Zip => "application/zip",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Jpeg | FileKind::Png | FileKind::Gif | FileKind::Webp
        )
    }

    /// The extensions a name of this kind may carry (the first is the canonical one).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Png => &["png"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
            FileKind::Pdf => &["pdf"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
            FileKind::Pptx => &["pptx"],
            FileKind::Ole => &["doc", "xls", "ppt", "wps", "et"],
            FileKind::Ofd => &["ofd"],
            FileKind::Zip => &["zip"],
            FileKind::Text => &["txt", "csv"],
        }
    }
}

/// Why an upload is refused (the message is shown to the user).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("文件为空")]
    Empty,
    #[error("文件超过大小限制（最大 {0} MB）")]
    TooLarge(u64),
    #[error(
        "不支持的文件类型：只接受图片（JPG、PNG、GIF、WEBP）、PDF、OFD、Word、Excel、PowerPoint、ZIP 和文本文件"
    )]
    Unsupported,
}

/// The kind of `bytes`, judged by content. `name` only tells an OFD or a text file
/// apart from a ZIP or an unknown binary, which content alone cannot.
pub fn detect(bytes: &[u8], name: &str) -> Result<FileKind, Rejected> {
    if bytes.is_empty() {
        return Err(Rejected::Empty);
    }
    let ext = extension(name);
    if let Some(t) = infer::get(bytes) {
        let kind = match t.mime_type() {
            "image/jpeg" => FileKind::Jpeg,
            "image/png" => FileKind::Png,
            "image/gif" => FileKind::Gif,
            "image/webp" => FileKind::Webp,
            "application/pdf" => FileKind::Pdf,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                FileKind::Docx
            }
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => FileKind::Xlsx,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
                FileKind::Pptx
            }
            "application/msword"
            | "application/vnd.ms-excel"
            | "application/vnd.ms-powerpoint"
            | "application/x-ole-storage" => FileKind::Ole,
            "application/zip" => {
                if ext.as_deref() == Some("ofd") {
                    FileKind::Ofd
                } else {
                    FileKind::Zip
                }
            }
            _ => return Err(Rejected::Unsupported),
        };
        return Ok(kind);
    }
    if is_plain_text(bytes) {
        return Ok(FileKind::Text);
    }
    Err(Rejected::Unsupported)
}

/// Checks size and content together.
pub fn check(bytes: &[u8], name: &str, max_bytes: u64) -> Result<FileKind, Rejected> {
    if bytes.len() as u64 > max_bytes {
        return Err(Rejected::TooLarge(max_bytes.div_ceil(1024 * 1024)));
    }
    detect(bytes, name)
}

fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else {
        return false;
    };
    !s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 8).then(|| ext.to_ascii_lowercase())
}

/// A name safe to store and show: the last path component, without control or
/// path characters, at most 120 characters, and with an extension that matches
/// the content (so `invoice.pdf.exe` holding a PDF is served as `invoice.pdf.exe.pdf`).
pub fn safe_name(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string();
    if clean.is_empty() {
        clean = "附件".into();
    }
    let ok_ext = extension(&clean).is_some_and(|e| kind.extensions().contains(&e.as_str()));
    if !ok_ext {
        clean.push('.');
        clean.push_str(kind.extensions()[0]);
    }
    if clean.chars().count() > 120 {
        let ext = extension(&clean).unwrap_or_default();
        let keep = 120 - ext.chars().count() - 1;
        let stem: String = clean.chars().take(keep).collect();
        clean = format!("{stem}.{ext}");
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    const HTML: &[u8] = b"<!DOCTYPE html><html><script>alert(1)</script></html>";

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(detect(PNG, "a.pdf"), Ok(FileKind::Png));
        assert_eq!(detect(PDF, "scan.jpg"), Ok(FileKind::Pdf));
        // HTML is refused; text that slips past is only ever served as text/plain.
        assert_eq!(detect(HTML, "x.html"), Err(Rejected::Unsupported));
        assert_eq!(
            detect(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", "a.pdf"),
            Err(Rejected::Unsupported)
        );
        assert_eq!(detect(b"", "a.txt"), Err(Rejected::Empty));
        assert_eq!(
            detect(b"\x00\x01\x02binary", "a.txt"),
            Err(Rejected::Unsupported)
        );
    }

    #[test]
    fn text_in_chinese_is_text() {
        assert_eq!(
            detect("整改情况说明\n".as_bytes(), "说明.txt"),
            Ok(FileKind::Text)
        );
        assert_eq!(
            detect(b"\xEF\xBB\xBF\xe6\x95\xb4", "a.csv"),
            Ok(FileKind::Text)
        );
    }

    #[test]
    fn size_limit() {
        assert_eq!(check(PDF, "a.pdf", 8), Err(Rejected::TooLarge(1)));
        assert_eq!(check(PDF, "a.pdf", 1 << 20), Ok(FileKind::Pdf));
        assert_eq!(
            Rejected::TooLarge(20).to_string(),
            "文件超过大小限制（最大 20 MB）"
        );
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_name("../../etc/passwd", FileKind::Text), "passwd.txt");
        assert_eq!(
            safe_name("C:\\docs\\整改报告.pdf", FileKind::Pdf),
            "整改报告.pdf"
        );
        assert_eq!(safe_name("photo.PNG", FileKind::Png), "photo.PNG");
        assert_eq!(
            safe_name("invoice.pdf.exe", FileKind::Pdf),
            "invoice.pdf.exe.pdf"
        );
        assert_eq!(safe_name("", FileKind::Jpeg), "附件.jpg");
        assert_eq!(safe_name(".htaccess", FileKind::Text), "htaccess.txt");
        assert_eq!(safe_name("a\"b\r\n<c>.pdf", FileKind::Pdf), "abc.pdf");
        let long = format!("{}.pdf", "长".repeat(300));
        let s = safe_name(&long, FileKind::Pdf);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with(".pdf"));
    }

    #[test]
    fn images_are_images() {
        assert!(FileKind::Jpeg.is_image());
        assert!(!FileKind::Pdf.is_image());
        assert_eq!(FileKind::Text.mime(), "text/plain; charset=utf-8");
    }
}
