//! Hazard photos from phone cameras: checked, oriented, resized, thumbnailed, and
//! stripped of every piece of metadata.
//!
//! Workers photograph hazards with their phones. What the phone hands over is a
//! 3–5 MB JPEG (or a PNG screenshot, or a WebP from a messenger) that
//!
//! - is far larger than any screen that will show it, and
//! - carries EXIF/XMP metadata: the GPS position where it was taken (often the
//!   worker's home when a photo is uploaded later), the phone's make, model and
//!   serial-like identifiers, editing software, comments.
//!
//! [`process_photo`] turns such bytes into what the platform stores:
//!
//! - [`Photo::image`]: a baseline JPEG whose long edge is at most
//!   [`PhotoLimits::max_edge`] (never upscaled), with the EXIF orientation already
//!   applied to the pixels, and **no metadata at all**: no EXIF, GPS, XMP, ICC,
//!   comments or maker notes; only the JFIF header the format needs.
//! - [`Photo::thumb`]: the same picture with a long edge of at most
//!   [`PhotoLimits::thumb_edge`], made from the already-resized image.
//! - [`Photo::taken_at`]: the one piece of metadata worth keeping, the capture
//!   time, read from EXIF and returned separately so the caller stores it as a
//!   field (with the hazard) instead of inside the file.
//!
//! Privacy is the reason the output carries nothing: location and device data
//! are personal data, a hazard photo is shown to many people (managers,
//! inspectors, exported reports), and re-encoding from pixels is the only way
//! to be sure nothing survives. The ICC colour profile goes too: a Display-P3
//! photo (recent iPhones) is then shown as sRGB, slightly less saturated, which
//! is acceptable for hazard evidence.
//!
//! The crate is pure: bytes in, bytes out; no IO, no async, no global state.
//! Call it from a blocking thread (`spawn_blocking`) in async code: a 3 MB,
//! 12 MP phone photo takes about 100–110 ms of one core in a release build,
//! two thirds of it in the JPEG decode (see `examples/bench_photo.rs`). The
//! photos of one request are independent: process them on separate threads.
//!
//! Safety against hostile input: the dimensions are read from the header and
//! checked against [`PhotoLimits::max_pixels`] before any pixel buffer is
//! allocated (decompression bombs), HEIC is recognised and answered with a
//! message telling the user what to change on the phone, and a truncated JPEG
//! (an upload that broke off) gives [`PhotoError::Damaged`] rather than a
//! half-grey picture. Damage inside complete JPEG data is decoded as browsers
//! do (what can be read is kept).
//!
//! ```no_run
//! let bytes = std::fs::read("hazard.jpg").unwrap();
//! let photo = anzhi_media::process_photo(&bytes, &anzhi_media::PhotoLimits::default())?;
//! assert!(photo.width.max(photo.height) <= 2048);
//! # Ok::<(), anzhi_media::PhotoError>(())
//! ```

mod jpeg;
mod meta;
mod other;
mod raster;
mod sniff;

use chrono::NaiveDateTime;

pub use sniff::is_photo;

/// Limits and output settings for [`process_photo`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoLimits {
    /// Longest edge of [`Photo::image`], in pixels. Smaller photos are not upscaled.
    pub max_edge: u32,
    /// Longest edge of [`Photo::thumb`], in pixels.
    pub thumb_edge: u32,
    /// Largest accepted `width × height` of the input (decompression-bomb guard),
    /// checked from the header before decoding.
    pub max_pixels: u64,
    /// JPEG quality of the outputs, 1–100 (values outside are clamped).
    pub quality: u8,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        Self {
            max_edge: 2048,
            thumb_edge: 320,
            max_pixels: 60_000_000,
            quality: 85,
        }
    }
}

/// A processed photo: re-encoded JPEGs without any metadata, plus the capture time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// JPEG, long edge ≤ `max_edge`, orientation applied, no metadata.
    pub image: Vec<u8>,
    /// JPEG, long edge ≤ `thumb_edge`, no metadata.
    pub thumb: Vec<u8>,
    /// Width of [`Photo::image`], after orientation.
    pub width: u32,
    /// Height of [`Photo::image`], after orientation.
    pub height: u32,
    /// EXIF `DateTimeOriginal` (else `DateTimeDigitized`, else `DateTime`), with its
    /// sub-second field when present, as written by the camera: local time without
    /// a zone. `None` when absent or not a valid date and time.
    pub taken_at: Option<NaiveDateTime>,
}

/// Why a photo was refused. The `Display` text is shown to the user as is.
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP file.
    #[error("照片须为 JPG、PNG 或 WebP 格式")]
    NotAPhoto,
    /// HEIC/HEIF, the default format of iPhone cameras.
    #[error(
        "暂不支持 HEIC 格式的照片，请在手机“设置-相机-格式”中选择“兼容性最佳”，或上传 JPG 照片"
    )]
    Heic,
    /// More pixels than [`PhotoLimits::max_pixels`].
    #[error("照片像素过大（超过6000万像素）")]
    TooLarge,
    /// A JPEG, PNG or WebP that cannot be decoded (truncated, corrupt, unsupported variant).
    #[error("照片文件已损坏，无法读取")]
    Damaged,
}

/// Checks, decodes, orients, resizes and re-encodes a photo; see the [crate docs](crate).
///
/// # Errors
///
/// [`PhotoError::NotAPhoto`] or [`PhotoError::Heic`] from the magic bytes,
/// [`PhotoError::TooLarge`] from the header's dimensions (before decoding), and
/// [`PhotoError::Damaged`] when the file cannot be decoded completely.
pub fn process_photo(bytes: &[u8], limits: &PhotoLimits) -> Result<Photo, PhotoError> {
    let decoded = match sniff::sniff(bytes)? {
        sniff::Format::Jpeg => jpeg::decode(bytes, limits.max_pixels)?,
        sniff::Format::Png => other::decode(bytes, image::ImageFormat::Png, limits.max_pixels)?,
        sniff::Format::WebP => other::decode(bytes, image::ImageFormat::WebP, limits.max_pixels)?,
    };
    let meta = decoded
        .exif
        .as_ref()
        .map(meta::Meta::read)
        .unwrap_or_default();
    let quality = limits.quality.clamp(1, 100);

    // Orientation does not change the long edge, so resize first and rotate the
    // smaller image.
    let (w, h) = raster::fit(decoded.rgb.width, decoded.rgb.height, limits.max_edge);
    let image = raster::resize(decoded.rgb, w, h)?.oriented(meta.orientation);
    let (tw, th) = raster::fit(image.width, image.height, limits.thumb_edge);
    let thumb = raster::resize_copy(&image, tw, th)?;

    Ok(Photo {
        image: raster::encode_jpeg(&image, quality)?,
        thumb: raster::encode_jpeg(&thumb, quality)?,
        width: image.width,
        height: image.height,
        taken_at: meta.taken_at,
    })
}

/// Pixels decoded from the input, with the raw EXIF (TIFF structure) if any.
struct Decoded {
    rgb: raster::Rgb,
    exif: Option<exif::Exif>,
}

/// Rejects `width × height` above `max_pixels` and zero sizes.
fn check_size(width: u64, height: u64, max_pixels: u64) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        Err(PhotoError::Damaged)
    } else if width.saturating_mul(height) > max_pixels {
        Err(PhotoError::TooLarge)
    } else {
        Ok(())
    }
}
