//! Hostile input never panics: property tests over arbitrary and mutated bytes.

mod common;

use anzhi_media::{PhotoError, PhotoLimits, process_photo};
use common::*;
use proptest::prelude::*;

fn small_limits() -> PhotoLimits {
    // keeps accidental huge-but-allowed frames cheap in debug builds
    PhotoLimits {
        max_pixels: 4_000_000,
        ..PhotoLimits::default()
    }
}

fn sample_jpeg() -> Vec<u8> {
    let tiff = exif_block(&phone_fields("2024:05:17 14:03:21"), None);
    with_exif(&jpeg(&photo_pixels(48, 32, 1), 48, 32, 80), &tiff)
}

fn sample_progressive() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
    encoder.set_progressive(true);
    encoder
        .encode(
            &photo_pixels(40, 24, 2),
            40,
            24,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// Either a result or a refusal; the point is that it returns.
fn check(bytes: &[u8]) {
    match process_photo(bytes, &small_limits()) {
        Ok(photo) => {
            assert!(photo.width > 0 && photo.height > 0);
            assert!(photo.width.max(photo.height) <= 2048);
            assert_bare_jpeg(&photo.image);
        }
        Err(PhotoError::NotAPhoto | PhotoError::Damaged | PhotoError::TooLarge) => {}
        Err(PhotoError::Heic) => panic!("HEIC from non-HEIC bytes"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_after_soi(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(&tail);
        check(&bytes);
        // and with the third magic byte, so it gets past format detection
        let mut bytes = vec![0xFF, 0xD8, 0xFF];
        bytes.extend(&tail);
        check(&bytes);
    }

    #[test]
    fn mutated_jpegs(
        progressive in any::<bool>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = if progressive { sample_progressive() } else { sample_jpeg() };
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        check(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_png_and_webp_magic(tail in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(&tail);
        check(&png);
        let mut webp = b"RIFF\0\x04\0\0WEBP".to_vec();
        webp.extend(&tail);
        check(&webp);
    }
}
