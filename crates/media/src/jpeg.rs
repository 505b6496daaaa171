//! JPEG input: a marker walk over the headers (size check, EXIF segment,
//! truncation check), then a full decode with zune-jpeg.

use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use crate::raster::Rgb;
use crate::{Decoded, PhotoError, check_size};

/// What the header segments tell before any pixel is decoded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Layout<'a> {
    pub width: u32,
    pub height: u32,
    /// Payload of the first `APP1` segment that starts with `Exif\0`, without that
    /// identifier (a TIFF structure).
    pub exif: Option<&'a [u8]>,
    /// Offset of the entropy-coded data after the first `SOS` segment.
    pub scan_start: usize,
}

const EXIF_ID: &[u8] = b"Exif\0";

/// Walks the marker segments from `SOI` to the first `SOS`.
///
/// Fails with `TooLarge` as soon as a frame header (`SOFn`) exceeds `max_pixels`,
/// and with `Damaged` when a segment runs past the end or there is no frame
/// header before the scan. Stray bytes between segments are skipped, as decoders
/// and browsers do.
pub(crate) fn layout(bytes: &[u8], max_pixels: u64) -> Result<Layout<'_>, PhotoError> {
    let mut pos = 2; // after SOI
    let mut size = None;
    let mut exif = None;
    loop {
        // find the next marker: 0xFF (any fill 0xFF bytes), then a code
        while pos < bytes.len() && bytes[pos] != 0xFF {
            pos += 1;
        }
        while pos < bytes.len() && bytes[pos] == 0xFF {
            pos += 1;
        }
        let code = *bytes.get(pos).ok_or(PhotoError::Damaged)?;
        pos += 1;
        match code {
            // stuffed zero, TEM, RSTn: no length
            0x00 | 0x01 | 0xD0..=0xD7 => continue,
            // SOI again, or EOI before any scan
            0xD8 | 0xD9 => return Err(PhotoError::Damaged),
            _ => {}
        }
        let len_bytes = bytes.get(pos..pos + 2).ok_or(PhotoError::Damaged)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        if len < 2 {
            return Err(PhotoError::Damaged);
        }
        let end = pos + len;
        let payload = bytes.get(pos + 2..end).ok_or(PhotoError::Damaged)?;
        match code {
            // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
            0xC0..=0xCF if !matches!(code, 0xC4 | 0xC8 | 0xCC) => {
                if payload.len() < 5 {
                    return Err(PhotoError::Damaged);
                }
                let height = u32::from(u16::from_be_bytes([payload[1], payload[2]]));
                let width = u32::from(u16::from_be_bytes([payload[3], payload[4]]));
                check_size(u64::from(width), u64::from(height), max_pixels)?;
                size.get_or_insert((width, height));
            }
            0xE1 if exif.is_none() && payload.starts_with(EXIF_ID) && payload.len() > 6 => {
                // "Exif\0\0" (a few writers put another byte than 0 at index 5)
                exif = Some(&payload[6..]);
            }
            0xDA => {
                let (width, height) = size.ok_or(PhotoError::Damaged)?;
                return Ok(Layout {
                    width,
                    height,
                    exif,
                    scan_start: end,
                });
            }
            _ => {}
        }
        pos = end;
    }
}

/// True when an `EOI` marker follows the scan start. A JPEG cut short (an upload
/// that broke off) has none; a decoder would paint the missing rows grey. Data
/// appended after `EOI` (motion photos, gain maps) does not matter: the search
/// runs from the end and stops at the first `EOI` it meets.
fn has_end(bytes: &[u8], scan_start: usize) -> bool {
    bytes
        .get(scan_start..)
        .is_some_and(|scan| scan.windows(2).rev().any(|w| w == [0xFF, 0xD9]))
}

pub(crate) fn decode(bytes: &[u8], max_pixels: u64) -> Result<Decoded, PhotoError> {
    let layout = layout(bytes, max_pixels)?;
    if !has_end(bytes, layout.scan_start) {
        return Err(PhotoError::Damaged);
    }
    let exif = layout
        .exif
        .and_then(|tiff| exif::Reader::new().read_raw(tiff.to_vec()).ok());

    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .set_strict_mode(false);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|_| PhotoError::Damaged)?;
    let (width, height) = decoder.dimensions().ok_or(PhotoError::Damaged)?;
    // the decoder's view of the frame must be the one that was checked
    check_size(width as u64, height as u64, max_pixels)?;
    if decoder.output_colorspace() != Some(ColorSpace::RGB) {
        return Err(PhotoError::Damaged);
    }
    let pixels = decoder.decode().map_err(|_| PhotoError::Damaged)?;
    let rgb = Rgb::new(width as u32, height as u32, pixels)?;
    Ok(Decoded { rgb, exif })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(code: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, code];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    fn sof(width: u16, height: u16) -> Vec<u8> {
        let mut p = vec![8];
        p.extend_from_slice(&height.to_be_bytes());
        p.extend_from_slice(&width.to_be_bytes());
        p.extend_from_slice(&[1, 1, 0x11, 0]);
        segment(0xC0, &p)
    }

    #[test]
    fn walks_to_the_scan() {
        let mut b = vec![0xFF, 0xD8];
        b.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        b.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>"));
        b.extend(segment(0xE1, b"Exif\0\0II*\0"));
        b.extend([0xFF, 0xFF]); // fill bytes
        b.extend(sof(640, 480));
        b.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        let scan_start = b.len();
        b.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9]);
        let l = layout(&b, 1_000_000).unwrap();
        assert_eq!((l.width, l.height), (640, 480));
        assert_eq!(l.exif, Some(&b"II*\0"[..]));
        assert_eq!(l.scan_start, scan_start);
        assert!(has_end(&b, l.scan_start));
        assert!(!has_end(&b[..b.len() - 1], l.scan_start));
    }

    #[test]
    fn size_is_checked_at_the_frame_header() {
        let mut b = vec![0xFF, 0xD8];
        b.extend(sof(20_000, 20_000));
        // nothing else: no tables, no scan
        assert_eq!(layout(&b, 60_000_000), Err(PhotoError::TooLarge));
        assert_eq!(layout(&b, 400_000_000).err(), Some(PhotoError::Damaged));
    }

    #[test]
    fn broken_headers_are_damaged() {
        for b in [
            &b"\xFF\xD8"[..],
            b"\xFF\xD8\xFF",
            b"\xFF\xD8\xFF\xE0\x00",
            b"\xFF\xD8\xFF\xE0\x00\x10JF",
            b"\xFF\xD8\xFF\xE0\x00\x01",
            b"\xFF\xD8\xFF\xD9",
            b"\xFF\xD8\xFF\xDA\x00\x02",
            b"\xFF\xD8\xFF\xC0\x00\x05\x08\x00",
        ] {
            assert_eq!(layout(b, 60_000_000), Err(PhotoError::Damaged), "{b:02X?}");
        }
    }
}
