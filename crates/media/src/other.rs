//! PNG and WebP input through the `image` crate.

use std::io::Cursor;

use image::error::ImageError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::raster::Rgb;
use crate::{Decoded, PhotoError, check_size};

pub(crate) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
) -> Result<Decoded, PhotoError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // RGBA with 16 bits a channel is the widest buffer a PNG decodes into; keep a
    // floor so small limits do not trip on decoder scratch space.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 << 20));
    reader.limits(limits);
    // Creating the decoder reads the header only (IHDR, VP8/VP8L/VP8X).
    let decoder = reader.into_decoder().map_err(map_error)?;
    let (width, height) = decoder.dimensions();
    check_size(u64::from(width), u64::from(height), max_pixels)?;

    let image = DynamicImage::from_decoder(decoder).map_err(map_error)?;
    let rgb = if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        Rgb::flatten_on_white(rgba.width(), rgba.height(), rgba.as_raw())?
    } else {
        let rgb = image.into_rgb8();
        Rgb::new(rgb.width(), rgb.height(), rgb.into_raw())?
    };
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok();
    Ok(Decoded { rgb, exif })
}

fn map_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::Damaged,
    }
}
