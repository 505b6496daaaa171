//! Reads a JPEG's pixel size from its frame header, without decoding it.

/// Width and height in pixels from the first SOF marker, or why there is none.
pub(crate) fn dimensions(b: &[u8]) -> Result<(u32, u32), &'static str> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err("缺少 JPEG 文件头");
    }
    let mut i = 2;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        if b.get(i) != Some(&0xFF) {
            return Err("标记结构损坏");
        }
        while b.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&marker) = b.get(i) else {
            return Err("文件不完整");
        };
        i += 1;
        match marker {
            // Standalone markers: TEM, RST0–7.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return Err("缺少图像尺寸"),
            _ => {}
        }
        let len = match b.get(i..i + 2) {
            Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err("文件不完整"),
        };
        if len < 2 {
            return Err("标记长度错误");
        }
        // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let Some(seg) = b.get(i + 2..i + len) else {
                return Err("文件不完整");
            };
            if seg.len() < 5 {
                return Err("帧头过短");
            }
            let h = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let w = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            if w == 0 || h == 0 {
                return Err("图像尺寸为零");
            }
            return Ok((w, h));
        }
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(
                &vec![128u8; usize::from(w) * usize::from(h) * 3],
                w,
                h,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        out
    }

    #[test]
    fn reads_the_frame_size() {
        assert_eq!(dimensions(&jpeg(40, 30)), Ok((40, 30)));
        assert_eq!(dimensions(&jpeg(1, 300)), Ok((1, 300)));
    }

    #[test]
    fn rejects_what_is_not_a_jpeg() {
        assert!(dimensions(b"").is_err());
        assert!(dimensions(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(dimensions(&[0xFF, 0xD8]).is_err());
        assert!(dimensions(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
        assert!(dimensions(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).is_err());
        assert!(dimensions(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01]).is_err());
        // A truncated frame header.
        assert!(dimensions(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0]).is_err());
        let full = jpeg(8, 8);
        for cut in 0..full.len().min(200) {
            let _ = dimensions(&full[..cut]);
        }
    }
}
