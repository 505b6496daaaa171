//! Times `process_photo` on a phone-like photo.
//!
//! Generates a 4000×3000 JPEG of about 3 MB (gradients, shapes and sensor-like
//! noise at quality 92 with 4:2:0 chroma, as phone cameras write; EXIF with GPS,
//! device and orientation 6, i.e. a portrait shot), then processes it 20 times.
//!
//! ```text
//! cargo run --release -p anzhi-media --example bench_photo
//! ```
//! The budget: well under 150 ms per photo (two photos in the 300 ms of
//! "create a hazard").

use std::io::Cursor;
use std::time::{Duration, Instant};

use anzhi_media::{PhotoLimits, process_photo};
use exif::{Field, In, Rational, Tag, Value};

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;
const RUNS: usize = 20;

fn main() {
    let input = phone_jpeg();
    println!(
        "input: {WIDTH}×{HEIGHT} JPEG, {:.2} MB, EXIF orientation 6",
        input.len() as f64 / 1e6
    );

    let limits = PhotoLimits::default();
    // warm up (page faults, CPU feature detection)
    let photo = process_photo(&input, &limits).expect("bench photo processes");

    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let photo = process_photo(&input, &limits).unwrap();
            let elapsed = start.elapsed();
            std::hint::black_box(photo);
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p50 = times[RUNS / 2];
    let p99 = times[((RUNS as f64 * 0.99).ceil() as usize).min(RUNS) - 1];
    println!(
        "process_photo × {RUNS}: p50 {:.1} ms, p99 {:.1} ms, min {:.1} ms",
        ms(p50),
        ms(p99),
        ms(times[0])
    );

    // the floor: decoding the 12 MP JPEG alone, which no pipeline avoids
    let mut decode: Vec<Duration> = (0..RUNS)
        .map(|_| {
            use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace};
            let options = zune_jpeg::zune_core::options::DecoderOptions::default()
                .jpeg_set_out_colorspace(ColorSpace::RGB);
            let start = Instant::now();
            let pixels = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(&input), options)
                .decode()
                .unwrap();
            let elapsed = start.elapsed();
            std::hint::black_box(pixels);
            elapsed
        })
        .collect();
    decode.sort();
    println!(
        "  of which JPEG decode alone (zune-jpeg): p50 {:.1} ms",
        ms(decode[RUNS / 2])
    );
    println!(
        "output: image {}×{} {:.0} KB, thumb {:.0} KB, taken_at {:?}",
        photo.width,
        photo.height,
        photo.image.len() as f64 / 1e3,
        photo.thumb.len() as f64 / 1e3,
        photo.taken_at
    );
}

/// A ~3 MB 4000×3000 JPEG that does not compress to nothing.
fn phone_jpeg() -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 56) as i32 - 128
    };
    let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let (fx, fy) = (x as f32 / WIDTH as f32, y as f32 / HEIGHT as f32);
            // sky-to-ground gradient, a few soft shapes, and fine texture
            let wave = ((fx * 37.0).sin() * (fy * 23.0).cos() * 40.0) as i32;
            let stripe = if (x / 90 + y / 140) % 3 == 0 { 35 } else { 0 };
            let n = noise() / 16;
            let r = 60 + (fx * 140.0) as i32 + wave + stripe + n;
            let g = 90 + (fy * 100.0) as i32 - wave / 2 + n;
            let b = 200 - (fy * 150.0) as i32 + stripe + n;
            pixels.extend([r, g, b].map(|c| c.clamp(0, 255) as u8));
        }
    }
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder
        .encode(
            &pixels,
            WIDTH as u16,
            HEIGHT as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    with_exif(&jpeg)
}

fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let ascii = |tag, text: &str| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![text.as_bytes().to_vec()]),
    };
    let rational = |tag, v: [u32; 3]| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Rational(v.map(|num| Rational { num, denom: 1 }).to_vec()),
    };
    let fields = [
        ascii(Tag::Make, "Xiaomi"),
        ascii(Tag::Model, "23127PN0CC"),
        ascii(Tag::DateTimeOriginal, "2024:05:17 14:03:21"),
        ascii(Tag::GPSLatitudeRef, "N"),
        rational(Tag::GPSLatitude, [39, 54, 27]),
        ascii(Tag::GPSLongitudeRef, "E"),
        rational(Tag::GPSLongitude, [116, 23, 17]),
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![6]),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff.into_inner());

    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}
