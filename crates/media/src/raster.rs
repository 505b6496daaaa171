//! 8-bit RGB pixel buffers: alpha flattening, EXIF orientation, resizing, JPEG encoding.

use fast_image_resize as fr;

use crate::PhotoError;

/// Largest edge a baseline JPEG can hold.
const JPEG_MAX_EDGE: u32 = u16::MAX as u32;

/// Interleaved 8-bit RGB, rows top to bottom, no padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rgb {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Rgb {
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self, PhotoError> {
        if width == 0 || height == 0 || pixels.len() != width as usize * height as usize * 3 {
            return Err(PhotoError::Damaged);
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// RGBA composited over a white background (JPEG has no alpha).
    pub fn flatten_on_white(width: u32, height: u32, rgba: &[u8]) -> Result<Self, PhotoError> {
        let mut pixels = Vec::with_capacity(rgba.len() / 4 * 3);
        for px in rgba.chunks_exact(4) {
            let alpha = u32::from(px[3]);
            for &c in &px[..3] {
                // c·a + 255·(255 − a), divided by 255 with rounding
                let v = u32::from(c) * alpha + 255 * (255 - alpha);
                pixels.push(((v + 127) / 255) as u8);
            }
        }
        Self::new(width, height, pixels)
    }

    /// The pixels as they are meant to be seen, for an EXIF `Orientation` value
    /// (1–8; anything else is treated as 1, "as stored").
    pub fn oriented(self, orientation: u16) -> Self {
        let (w, h) = (self.width as usize, self.height as usize);
        // Mirroring and 180° read the source row by row: one tile. The four cases
        // that swap width and height read it column-wise: small tiles keep those
        // reads in cache (about 4 ms instead of 7 for 2048×1536).
        let rows = w.max(h);
        const TILE: usize = 16;
        // For each case: the stored pixel shown at output (ox, oy).
        match orientation {
            2 => self.remap(w, h, rows, |ox, oy| (w - 1 - ox, oy)), // mirrored left-right
            3 => self.remap(w, h, rows, |ox, oy| (w - 1 - ox, h - 1 - oy)), // turned 180°
            4 => self.remap(w, h, rows, |ox, oy| (ox, h - 1 - oy)), // mirrored top-bottom
            5 => self.remap(h, w, TILE, |ox, oy| (oy, ox)),         // transposed
            6 => self.remap(h, w, TILE, |ox, oy| (oy, h - 1 - ox)), // turn 90° clockwise to view
            7 => self.remap(h, w, TILE, |ox, oy| (w - 1 - oy, h - 1 - ox)), // transversed
            8 => self.remap(h, w, TILE, |ox, oy| (w - 1 - oy, ox)), // turn 90° counter-clockwise
            _ => self,
        }
    }

    /// A new `out_w × out_h` image whose pixel (x, y) is this image's pixel
    /// `source(x, y)`, filled in square tiles of `tile` pixels.
    fn remap(
        self,
        out_w: usize,
        out_h: usize,
        tile: usize,
        source: impl Fn(usize, usize) -> (usize, usize),
    ) -> Self {
        let w = self.width as usize;
        let (src, _) = self.pixels.as_chunks::<3>();
        let mut out = vec![[0u8; 3]; src.len()];
        for tile_y in (0..out_h).step_by(tile) {
            for tile_x in (0..out_w).step_by(tile) {
                let end_x = (tile_x + tile).min(out_w);
                for oy in tile_y..(tile_y + tile).min(out_h) {
                    let row = &mut out[oy * out_w + tile_x..oy * out_w + end_x];
                    for (ox, px) in (tile_x..end_x).zip(row) {
                        let (sx, sy) = source(ox, oy);
                        *px = src[sy * w + sx];
                    }
                }
            }
        }
        Self {
            width: out_w as u32,
            height: out_h as u32,
            pixels: out.into_flattened(),
        }
    }
}

/// The size that fits `width × height` into a `max_edge` square, keeping the
/// aspect ratio; never larger than the input, never zero.
pub(crate) fn fit(width: u32, height: u32, max_edge: u32) -> (u32, u32) {
    let edge = max_edge.clamp(1, JPEG_MAX_EDGE);
    let long = width.max(height);
    if long <= edge {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(edge) + u64::from(long) / 2) / u64::from(long);
        scaled.max(1) as u32
    };
    if width >= height {
        (edge, scale(height))
    } else {
        (scale(width), edge)
    }
}

/// Resized with a Catmull-Rom convolution (sharp, and about twice as fast as
/// Lanczos3 at no visible cost for photos); the same size is returned as is.
pub(crate) fn resize(image: Rgb, width: u32, height: u32) -> Result<Rgb, PhotoError> {
    if (image.width, image.height) == (width, height) {
        return Ok(image);
    }
    resize_copy(&image, width, height)
}

pub(crate) fn resize_copy(image: &Rgb, width: u32, height: u32) -> Result<Rgb, PhotoError> {
    if (image.width, image.height) == (width, height) {
        return Ok(image.clone());
    }
    let src = fr::images::ImageRef::new(
        image.width,
        image.height,
        &image.pixels,
        fr::PixelType::U8x3,
    )
    .map_err(|_| PhotoError::Damaged)?;
    let mut dst = fr::images::Image::new(width, height, fr::PixelType::U8x3);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom));
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|_| PhotoError::Damaged)?;
    Rgb::new(width, height, dst.into_vec())
}

/// Baseline JPEG with a JFIF header and nothing else (no EXIF, ICC or comment
/// segment). 4:2:0 chroma below quality 90, 4:4:4 from 90 on.
pub(crate) fn encode_jpeg(image: &Rgb, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let (Ok(width), Ok(height)) = (u16::try_from(image.width), u16::try_from(image.height)) else {
        return Err(PhotoError::TooLarge);
    };
    let mut out = Vec::with_capacity(image.pixels.len() / 6 + 1024);
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(&image.pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|_| PhotoError::Damaged)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 image whose pixels are numbered 0..6 in the red channel:
    /// ```text
    /// 0 1 2
    /// 3 4 5
    /// ```
    fn numbered() -> Rgb {
        let pixels = (0..6u8).flat_map(|i| [i, 0, 0]).collect();
        Rgb::new(3, 2, pixels).unwrap()
    }

    fn reds(image: &Rgb) -> Vec<u8> {
        image.pixels.chunks_exact(3).map(|p| p[0]).collect()
    }

    #[test]
    fn all_eight_orientations() {
        let cases: [(u16, (u32, u32), [u8; 6]); 9] = [
            (0, (3, 2), [0, 1, 2, 3, 4, 5]),
            (1, (3, 2), [0, 1, 2, 3, 4, 5]),
            (2, (3, 2), [2, 1, 0, 5, 4, 3]),
            (3, (3, 2), [5, 4, 3, 2, 1, 0]),
            (4, (3, 2), [3, 4, 5, 0, 1, 2]),
            (5, (2, 3), [0, 3, 1, 4, 2, 5]),
            (6, (2, 3), [3, 0, 4, 1, 5, 2]),
            (7, (2, 3), [5, 2, 4, 1, 3, 0]),
            (8, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (orientation, size, expected) in cases {
            let out = numbered().oriented(orientation);
            assert_eq!((out.width, out.height), size, "orientation {orientation}");
            assert_eq!(reds(&out), expected, "orientation {orientation}");
        }
        assert_eq!(numbered().oriented(9), numbered());
    }

    #[test]
    fn fit_keeps_aspect_and_never_upscales() {
        assert_eq!(fit(5000, 2500, 2048), (2048, 1024));
        assert_eq!(fit(4000, 3000, 2048), (2048, 1536));
        assert_eq!(fit(3000, 4000, 2048), (1536, 2048));
        assert_eq!(fit(300, 200, 2048), (300, 200));
        assert_eq!(fit(100_000, 10, 2048), (2048, 1));
        assert_eq!(fit(10, 10, 0), (1, 1));
    }

    #[test]
    fn flatten_blends_on_white() {
        let rgba = [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128];
        let rgb = Rgb::flatten_on_white(3, 1, &rgba).unwrap();
        assert_eq!(rgb.pixels, [255, 0, 0, 255, 255, 255, 127, 127, 127]);
    }
}
