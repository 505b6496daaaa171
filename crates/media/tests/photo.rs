//! End-to-end behaviour of `process_photo` on generated and fixture photos.

mod common;

use std::io::Cursor;
use std::time::{Duration, Instant};

use anzhi_media::{PhotoError, PhotoLimits, is_photo, process_photo};
use chrono::NaiveDate;
use common::*;
use image::{ImageEncoder, RgbaImage};

fn limits() -> PhotoLimits {
    PhotoLimits::default()
}

fn ymd_hms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, s)
        .unwrap()
}

#[test]
fn exif_gps_and_device_are_stripped_and_capture_time_is_kept() {
    let thumbnail = jpeg(&photo_pixels(160, 120, 2), 160, 120, 70);
    let fields = phone_fields("2024:05:17 14:03:21");
    let tiff = exif_block(&fields, Some(&thumbnail));
    let input = with_exif(&jpeg(&photo_pixels(640, 480, 1), 640, 480, 90), &tiff);

    // the input really carries it all
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&input))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    assert!(exif.get_field(exif::Tag::Make, exif::In::PRIMARY).is_some());
    assert!(contains(&input, b"HUAWEI"));

    let photo = process_photo(&input, &limits()).unwrap();
    assert_eq!((photo.width, photo.height), (640, 480));
    assert_eq!(photo.taken_at, Some(ymd_hms(2024, 5, 17, 14, 3, 21)));
    for out in [&photo.image, &photo.thumb] {
        assert_bare_jpeg(out);
        for text in [&b"Exif"[..], b"HUAWEI", b"ELS-AN00", b"2024:05:17"] {
            assert!(
                !contains(out, text),
                "{:?} left in the output",
                String::from_utf8_lossy(text)
            );
        }
    }
    let (w, h, _) = decode(&photo.image);
    assert_eq!((w, h), (640, 480));
}

#[test]
fn capture_time_prefers_original_then_digitized_then_datetime() {
    let base = jpeg(&photo_pixels(64, 48, 3), 64, 48, 85);
    let taken = |fields: &[exif::Field]| {
        let input = with_exif(&base, &exif_block(fields, None));
        process_photo(&input, &limits()).unwrap().taken_at
    };
    use exif::Tag;
    assert_eq!(
        taken(&[
            ascii(Tag::DateTime, "2024:06:01 08:00:00"),
            ascii(Tag::DateTimeDigitized, "2024:05:17 14:03:22"),
        ]),
        Some(ymd_hms(2024, 5, 17, 14, 3, 22))
    );
    assert_eq!(
        taken(&[ascii(Tag::DateTime, "2024:06:01 08:00:00")]),
        Some(ymd_hms(2024, 6, 1, 8, 0, 0))
    );
    // an unset camera clock falls through to the next tag, then to None
    assert_eq!(
        taken(&[
            ascii(Tag::DateTimeOriginal, "0000:00:00 00:00:00"),
            ascii(Tag::DateTime, "2023:12:31 23:59:59"),
        ]),
        Some(ymd_hms(2023, 12, 31, 23, 59, 59))
    );
    assert_eq!(
        taken(&[ascii(Tag::DateTimeOriginal, "    :  :     :  :  ")]),
        None
    );
    assert_eq!(
        taken(&[ascii(Tag::DateTimeOriginal, "2024:02:30 10:00:00")]),
        None
    );
    // sub-seconds are kept
    assert_eq!(
        taken(&[
            ascii(Tag::DateTimeOriginal, "2024:05:17 14:03:21"),
            ascii(Tag::SubSecTimeOriginal, "25"),
        ]),
        Some(
            NaiveDate::from_ymd_opt(2024, 5, 17)
                .unwrap()
                .and_hms_milli_opt(14, 3, 21, 250)
                .unwrap()
        )
    );
    // no EXIF at all
    assert_eq!(process_photo(&base, &limits()).unwrap().taken_at, None);
}

/// Where the red top-left quadrant of a 400×200 stored image ends up, as
/// (x, y) quadrant indices of the output.
fn red_quadrant(orientation_value: u16) -> ((u32, u32), (u32, u32)) {
    let stored = jpeg(&quadrant_pixels(400, 200), 400, 200, 95);
    let input = with_exif(
        &stored,
        &exif_block(&[orientation(orientation_value)], None),
    );
    let photo = process_photo(&input, &limits()).unwrap();
    let image = decode(&photo.image);
    assert_eq!((image.0, image.1), (photo.width, photo.height));
    let (w, h) = (image.0, image.1);
    let mut red = Vec::new();
    for qy in 0..2 {
        for qx in 0..2 {
            let centre = pixel(&image, w / 4 + qx * w / 2, h / 4 + qy * h / 2);
            if near(centre, RED, 24) {
                red.push((qx, qy));
            } else {
                assert!(near(centre, BLUE, 24), "quadrant ({qx},{qy}) is {centre:?}");
            }
        }
    }
    assert_eq!(
        red.len(),
        1,
        "one red quadrant for orientation {orientation_value}"
    );
    ((w, h), red[0])
}

#[test]
fn orientation_6_turns_a_landscape_buffer_into_a_portrait_photo() {
    // 6: the camera was held upright; the viewer turns the stored image 90°
    // clockwise, so the stored top-left lands top-right
    assert_eq!(red_quadrant(6), ((200, 400), (1, 0)));
}

#[test]
fn other_orientations_move_pixels_the_right_way() {
    assert_eq!(red_quadrant(1), ((400, 200), (0, 0)));
    assert_eq!(red_quadrant(2), ((400, 200), (1, 0)));
    assert_eq!(red_quadrant(3), ((400, 200), (1, 1)));
    assert_eq!(red_quadrant(4), ((400, 200), (0, 1)));
    assert_eq!(red_quadrant(5), ((200, 400), (0, 0)));
    assert_eq!(red_quadrant(7), ((200, 400), (1, 1)));
    assert_eq!(red_quadrant(8), ((200, 400), (0, 1)));
    // out of range: as stored
    assert_eq!(red_quadrant(0), ((400, 200), (0, 0)));
    assert_eq!(red_quadrant(9), ((400, 200), (0, 0)));
}

#[test]
fn orientation_applies_to_the_thumbnail_too() {
    let stored = jpeg(&quadrant_pixels(3000, 1000), 3000, 1000, 85);
    let input = with_exif(&stored, &exif_block(&[orientation(8)], None));
    let photo = process_photo(&input, &limits()).unwrap();
    assert_eq!((photo.width, photo.height), (683, 2048));
    let (tw, th, _) = decode(&photo.thumb);
    assert_eq!((tw, th), (107, 320));
}

#[test]
fn large_photos_are_scaled_down_to_max_edge_and_thumb_edge() {
    let input = jpeg(&quadrant_pixels(5000, 2500), 5000, 2500, 85);
    let photo = process_photo(&input, &limits()).unwrap();
    assert_eq!((photo.width, photo.height), (2048, 1024));
    let image = decode(&photo.image);
    assert_eq!((image.0, image.1), (2048, 1024));
    assert!(near(pixel(&image, 500, 250), RED, 16));
    assert!(near(pixel(&image, 1500, 750), BLUE, 16));
    let thumb = decode(&photo.thumb);
    assert_eq!((thumb.0, thumb.1), (320, 160));
    assert!(near(pixel(&thumb, 80, 40), RED, 16));
    assert!(near(pixel(&thumb, 240, 120), BLUE, 16));
    assert!(photo.thumb.len() < photo.image.len());
}

#[test]
fn small_photos_are_not_upscaled() {
    let input = jpeg(&photo_pixels(300, 200, 6), 300, 200, 85);
    let photo = process_photo(&input, &limits()).unwrap();
    assert_eq!((photo.width, photo.height), (300, 200));
    assert_eq!(decode(&photo.image).0, 300);
    let (tw, th, _) = decode(&photo.thumb);
    assert_eq!((tw, th), (300, 200));

    let custom = PhotoLimits {
        max_edge: 150,
        thumb_edge: 30,
        ..limits()
    };
    let photo = process_photo(&input, &custom).unwrap();
    assert_eq!((photo.width, photo.height), (150, 100));
    assert_eq!(decode(&photo.thumb).0, 30);
}

#[test]
fn png_with_transparency_is_flattened_on_white() {
    // left half transparent (with a colour that must not show), right half opaque red
    let png_image = RgbaImage::from_fn(120, 80, |x, _| {
        if x < 60 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([RED[0], RED[1], RED[2], 255])
        }
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(png_image.as_raw(), 120, 80, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert!(is_photo(&png));

    let photo = process_photo(&png, &limits()).unwrap();
    assert_bare_jpeg(&photo.image);
    let image = decode(&photo.image);
    assert_eq!((image.0, image.1), (120, 80));
    assert!(
        near(pixel(&image, 20, 40), [255, 255, 255], 6),
        "{:?}",
        pixel(&image, 20, 40)
    );
    assert!(near(pixel(&image, 100, 40), RED, 16));
    assert_eq!(photo.taken_at, None);
}

#[test]
fn png_without_alpha_and_sixteen_bit_png() {
    let rgb = image::RgbImage::from_fn(90, 60, |_, _| image::Rgb(BLUE));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgb.as_raw(), 90, 60, image::ExtendedColorType::Rgb8)
        .unwrap();
    let image = decode(&process_photo(&png, &limits()).unwrap().image);
    assert!(near(pixel(&image, 45, 30), BLUE, 12));

    let wide: Vec<u8> = (0..90 * 60)
        .flat_map(|_| [0xFF, 0xFF, 0, 0, 0, 0])
        .collect();
    let mut png16 = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png16)
        .write_image(&wide, 90, 60, image::ExtendedColorType::Rgb16)
        .unwrap();
    let image = decode(&process_photo(&png16, &limits()).unwrap().image);
    assert!(near(pixel(&image, 45, 30), [255, 0, 0], 12));
}

#[test]
fn lossless_webp_is_accepted() {
    let pixels = quadrant_pixels(200, 100);
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(&pixels, 200, 100, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(is_photo(&webp));
    let photo = process_photo(&webp, &limits()).unwrap();
    let image = decode(&photo.image);
    assert_eq!((image.0, image.1), (200, 100));
    assert!(near(pixel(&image, 50, 25), RED, 16));
    assert!(near(pixel(&image, 150, 75), BLUE, 16));
}

#[test]
fn lossy_webp_is_accepted() {
    // made with `cwebp -q 80` from a 64×48 image: red, green / blue, light grey
    let webp = include_bytes!("fixtures/quadrants-lossy.webp");
    let image = decode(&process_photo(webp, &limits()).unwrap().image);
    assert_eq!((image.0, image.1), (64, 48));
    assert!(near(pixel(&image, 16, 12), [220, 30, 30], 30));
    assert!(near(pixel(&image, 48, 12), [30, 200, 40], 30));
    assert!(near(pixel(&image, 16, 36), [30, 40, 210], 30));
    assert!(near(pixel(&image, 48, 36), [235, 235, 235], 30));

    // lossy with an alpha channel: left half transparent, right half blue
    let webp = include_bytes!("fixtures/half-transparent-lossy.webp");
    let image = decode(&process_photo(webp, &limits()).unwrap().image);
    assert!(near(pixel(&image, 12, 24), [255, 255, 255], 8));
    assert!(near(pixel(&image, 52, 24), [30, 40, 210], 30));
}

#[test]
fn grey_cmyk_and_progressive_jpegs_decode() {
    let mut grey = Vec::new();
    let luma: Vec<u8> = (0..120 * 80).map(|i| (i % 120) as u8 * 2).collect();
    jpeg_encoder::Encoder::new(&mut grey, 90)
        .encode(&luma, 120, 80, jpeg_encoder::ColorType::Luma)
        .unwrap();
    let image = decode(&process_photo(&grey, &limits()).unwrap().image);
    let p = pixel(&image, 100, 40);
    assert!(
        p[0].abs_diff(200) < 12 && p[0] == p[1] && p[1] == p[2],
        "{p:?}"
    );

    let mut cmyk = Vec::new();
    let ink: Vec<u8> = (0..120 * 80).flat_map(|_| [0, 255, 255, 0]).collect(); // red
    jpeg_encoder::Encoder::new(&mut cmyk, 90)
        .encode(&ink, 120, 80, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    let image = decode(&process_photo(&cmyk, &limits()).unwrap().image);
    let p = pixel(&image, 60, 40);
    assert!(p[0] > 200 && p[1] < 60 && p[2] < 60, "{p:?}");

    let mut progressive = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 85);
    encoder.set_progressive(true);
    encoder
        .encode(
            &quadrant_pixels(400, 200),
            400,
            200,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    let photo = process_photo(&progressive, &limits()).unwrap();
    let image = decode(&photo.image);
    assert!(near(pixel(&image, 100, 50), RED, 16));
    assert_bare_jpeg(&photo.image);
}

#[test]
fn data_after_the_end_marker_is_ignored() {
    // motion photos and gain-map JPEGs append data after EOI
    let mut input = jpeg(&quadrant_pixels(200, 100), 200, 100, 85);
    input.extend_from_slice(b"\0\0\0\x18ftypmp42 motion photo video ...");
    let photo = process_photo(&input, &limits()).unwrap();
    assert_eq!((photo.width, photo.height), (200, 100));
    assert!(!contains(&photo.image, b"ftypmp42"));
}

#[test]
fn heic_is_refused_with_instructions() {
    let heic = include_bytes!("fixtures/quadrants.heic"); // made with heif-enc
    assert!(!is_photo(heic));
    let err = process_photo(heic, &limits()).unwrap_err();
    assert_eq!(err, PhotoError::Heic);
    assert!(err.to_string().contains("兼容性最佳"));
    // just the magic
    let magic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    assert_eq!(process_photo(magic, &limits()), Err(PhotoError::Heic));
}

#[test]
fn garbage_is_not_a_photo() {
    let mut noise = Noise::new(9);
    let random: Vec<u8> = (0..4096).map(|_| noise.next_u8()).collect();
    assert!(!is_photo(&random));
    assert_eq!(
        process_photo(&random, &limits()),
        Err(PhotoError::NotAPhoto)
    );
    assert_eq!(process_photo(b"", &limits()), Err(PhotoError::NotAPhoto));
    assert_eq!(
        process_photo(b"GIF89a\x01\0\x01\0", &limits()),
        Err(PhotoError::NotAPhoto)
    );
    assert_eq!(
        process_photo(b"%PDF-1.7\n", &limits()),
        Err(PhotoError::NotAPhoto)
    );
}

#[test]
fn truncated_and_corrupt_files_are_damaged() {
    let full = with_exif(
        &jpeg(&photo_pixels(640, 480, 7), 640, 480, 90),
        &exif_block(
            &phone_fields("2024:05:17 14:03:21"),
            Some(&jpeg(&[0; 16 * 16 * 3], 16, 16, 50)),
        ),
    );
    for cut in [3, 10, 100, 600, full.len() / 2, full.len() - 2] {
        let result = process_photo(&full[..cut], &limits());
        assert_eq!(result, Err(PhotoError::Damaged), "cut at {cut}");
    }

    let png = {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(
                &photo_pixels(64, 64, 8),
                64,
                64,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        png
    };
    assert_eq!(
        process_photo(&png[..png.len() / 2], &limits()),
        Err(PhotoError::Damaged)
    );
    assert_eq!(
        process_photo(&png[..20], &limits()),
        Err(PhotoError::Damaged)
    );
    let mut corrupt = png.clone();
    corrupt[60] ^= 0x55; // inside IDAT: CRC and zlib checks fail
    assert_eq!(process_photo(&corrupt, &limits()), Err(PhotoError::Damaged));
    assert_eq!(
        process_photo(b"RIFF\x20\0\0\0WEBPVP8 junk", &limits()),
        Err(PhotoError::Damaged)
    );
}

/// Replaces the frame size in the SOF0 segment of a JPEG.
fn claim_jpeg_size(jpeg: &mut [u8], width: u16, height: u16) {
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    // a small JPEG whose frame header claims 20000×20000 (400 MP)
    let mut bomb = jpeg(&photo_pixels(64, 64, 10), 64, 64, 85);
    claim_jpeg_size(&mut bomb, 20_000, 20_000);
    let start = Instant::now();
    assert_eq!(process_photo(&bomb, &limits()), Err(PhotoError::TooLarge));
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );

    // the same for a PNG header (with a valid IHDR checksum)
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(
            &photo_pixels(64, 64, 11),
            64,
            64,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let start = Instant::now();
    assert_eq!(process_photo(&png, &limits()), Err(PhotoError::TooLarge));
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );

    // the limit is the caller's
    let photo = jpeg(&photo_pixels(300, 200, 12), 300, 200, 85);
    let tight = PhotoLimits {
        max_pixels: 59_999,
        ..limits()
    };
    assert_eq!(process_photo(&photo, &tight), Err(PhotoError::TooLarge));
    let exact = PhotoLimits {
        max_pixels: 60_000,
        ..limits()
    };
    assert!(process_photo(&photo, &exact).is_ok());
}

#[test]
fn quality_is_clamped_and_used() {
    let input = jpeg(&photo_pixels(800, 600, 13), 800, 600, 95);
    let size = |quality| {
        let limits = PhotoLimits {
            quality,
            ..limits()
        };
        process_photo(&input, &limits).unwrap().image.len()
    };
    assert!(size(40) < size(85));
    assert!(size(85) < size(100));
    assert_eq!(size(0), size(1));
    assert_eq!(size(255), size(100));
}

#[test]
fn errors_speak_chinese() {
    assert_eq!(
        PhotoError::NotAPhoto.to_string(),
        "照片须为 JPG、PNG 或 WebP 格式"
    );
    assert_eq!(
        PhotoError::Heic.to_string(),
        "暂不支持 HEIC 格式的照片，请在手机“设置-相机-格式”中选择“兼容性最佳”，或上传 JPG 照片"
    );
    assert_eq!(
        PhotoError::TooLarge.to_string(),
        "照片像素过大（超过6000万像素）"
    );
    assert_eq!(PhotoError::Damaged.to_string(), "照片文件已损坏，无法读取");
}

#[test]
fn default_limits() {
    assert_eq!(
        PhotoLimits::default(),
        PhotoLimits {
            max_edge: 2048,
            thumb_edge: 320,
            max_pixels: 60_000_000,
            quality: 85,
        }
    );
}
