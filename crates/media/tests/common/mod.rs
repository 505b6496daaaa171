//! Helpers shared by the integration tests: synthetic photos, EXIF blocks, and a
//! JPEG marker scanner for checking outputs.
#![allow(dead_code)]

use std::io::Cursor;

use exif::{Field, In, Rational, Tag, Value};
use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

pub const RED: [u8; 3] = [230, 20, 20];
pub const BLUE: [u8; 3] = [20, 40, 220];

/// Deterministic xorshift noise.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next_u8(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u8
    }
}

/// RGB pixels: a gradient with some noise, so the JPEG is photo-like.
pub fn photo_pixels(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let mut noise = Noise::new(seed);
    let mut px = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let n = i32::from(noise.next_u8() % 16) - 8;
            let r = (x * 255 / width) as i32 + n;
            let g = (y * 255 / height) as i32 + n;
            let b = 128 + n;
            px.extend([r, g, b].map(|c| c.clamp(0, 255) as u8));
        }
    }
    px
}

/// Two colours: `RED` in the top-left quadrant, `BLUE` elsewhere.
pub fn quadrant_pixels(width: u32, height: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let red = x < width / 2 && y < height / 2;
            px.extend(if red { RED } else { BLUE });
        }
    }
    px
}

pub fn jpeg(pixels: &[u8], width: u32, height: u32, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(
            pixels,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// A JPEG with an EXIF APP1 segment inserted right after SOI, as cameras write it.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn ascii(tag: Tag, text: &str) -> Field {
    Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![text.as_bytes().to_vec()]),
    }
}

fn rationals(tag: Tag, values: &[(u32, u32)]) -> Field {
    Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Rational(
            values
                .iter()
                .map(|&(num, denom)| Rational { num, denom })
                .collect(),
        ),
    }
}

pub fn orientation(value: u16) -> Field {
    Field {
        tag: Tag::Orientation,
        ifd_num: In::PRIMARY,
        value: Value::Short(vec![value]),
    }
}

/// What a phone writes: GPS position, device, capture time (and more).
pub fn phone_fields(taken: &str) -> Vec<Field> {
    vec![
        ascii(Tag::Make, "HUAWEI"),
        ascii(Tag::Model, "ELS-AN00"),
        ascii(Tag::Software, "ELS-AN00 4.0.0.120"),
        ascii(Tag::DateTime, "2024:06:01 08:00:00"),
        ascii(Tag::DateTimeOriginal, taken),
        ascii(Tag::DateTimeDigitized, "2024:05:17 14:03:22"),
        ascii(Tag::GPSLatitudeRef, "N"),
        rationals(Tag::GPSLatitude, &[(39, 1), (54, 1), (2712, 100)]),
        ascii(Tag::GPSLongitudeRef, "E"),
        rationals(Tag::GPSLongitude, &[(116, 1), (23, 1), (1704, 100)]),
    ]
}

/// An EXIF block (TIFF structure) with the given primary-image fields and, when
/// given, an embedded thumbnail JPEG in IFD1 as phones add.
pub fn exif_block(fields: &[Field], thumbnail: Option<&[u8]>) -> Vec<u8> {
    let mut writer = exif::experimental::Writer::new();
    for field in fields {
        writer.push_field(field);
    }
    if let Some(thumbnail) = thumbnail {
        writer.set_jpeg(thumbnail, In::THUMBNAIL);
    }
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

/// Decoded RGB of a JPEG: (width, height, pixels).
pub fn decode(jpeg: &[u8]) -> (u32, u32, Vec<u8>) {
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_strict_mode(true);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(jpeg), options);
    let pixels = decoder.decode().expect("output decodes in strict mode");
    let (w, h) = decoder.dimensions().unwrap();
    (w as u32, h as u32, pixels)
}

pub fn pixel(image: &(u32, u32, Vec<u8>), x: u32, y: u32) -> [u8; 3] {
    let i = ((y * image.0 + x) * 3) as usize;
    [image.2[i], image.2[i + 1], image.2[i + 2]]
}

pub fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= tolerance)
}

/// Every marker of a JPEG in order, scanning header segments by length and
/// entropy-coded data byte by byte. Panics on a malformed structure.
pub fn markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8], "starts with SOI");
    let mut found = vec![0xD8];
    let mut pos = 2;
    let mut in_scan = false;
    while pos < jpeg.len() {
        if in_scan {
            if jpeg[pos] == 0xFF && !matches!(jpeg[pos + 1], 0x00 | 0xD0..=0xD7) {
                in_scan = false;
                continue;
            }
            pos += 1;
            continue;
        }
        assert_eq!(jpeg[pos], 0xFF, "marker expected at {pos}");
        let code = jpeg[pos + 1];
        found.push(code);
        if code == 0xD9 {
            assert_eq!(pos + 2, jpeg.len(), "EOI ends the file");
            break;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        pos += 2 + len;
        in_scan = code == 0xDA;
    }
    assert_eq!(found.last(), Some(&0xD9), "ends with EOI");
    found
}

/// Asserts that a JPEG holds only what an image needs: SOI, the JFIF APP0,
/// quantisation and Huffman tables, the frame and scan headers, EOI. No APP1–15
/// (EXIF, XMP, ICC, maker data), no COM.
pub fn assert_bare_jpeg(jpeg: &[u8]) {
    let markers = markers(jpeg);
    for m in &markers {
        assert!(
            matches!(
                m,
                0xD8 | 0xE0 | 0xDB | 0xC4 | 0xC0..=0xC2 | 0xDA | 0xDD | 0xD9
            ),
            "unexpected marker FF{m:02X} in {markers:02X?}"
        );
    }
    let app0 = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xE0])
        .map(|i| &jpeg[i + 4..i + 9]);
    assert_eq!(app0, Some(&b"JFIF\0"[..]), "APP0 is the plain JFIF header");
    assert!(
        exif::Reader::new()
            .read_from_container(&mut Cursor::new(jpeg))
            .is_err(),
        "kamadak-exif finds no EXIF"
    );
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
