//! Format detection by magic bytes.

use crate::PhotoError;

/// The accepted input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    WebP,
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Brands of HEIF files holding HEVC-coded images (ISO/IEC 23008-12), as written
/// by iPhones and many Android phones. `mif1`/`msf1` are the structural brands.
const HEIC_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
];

/// AVIF also uses the HEIF container (and lists `mif1`), but is not what the HEIC
/// message talks about.
const AVIF_BRANDS: &[&[u8; 4]] = &[b"avif", b"avis"];

/// True when the bytes start like a JPEG, PNG or WebP file (by magic bytes only;
/// the file may still turn out to be damaged).
pub fn is_photo(bytes: &[u8]) -> bool {
    detect(bytes).is_some()
}

fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Format::WebP)
    } else {
        None
    }
}

/// The input's format, or why it is not accepted.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, PhotoError> {
    match detect(bytes) {
        Some(format) => Ok(format),
        None if is_heic(bytes) => Err(PhotoError::Heic),
        None => Err(PhotoError::NotAPhoto),
    }
}

/// An ISO-BMFF file whose leading `ftyp` box names a HEIC brand (major or compatible).
fn is_heic(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    // Box size 1 (64-bit size) or 0 (to end of file) is not used for `ftyp` in
    // practice; read the brands up to the end of the data then.
    let end = if size >= 16 {
        size.min(bytes.len())
    } else {
        bytes.len().min(64)
    };
    // major brand at 8..12, minor version at 12..16, compatible brands from 16 on
    let brands = std::iter::once(&bytes[8..12]).chain(bytes[16..end].chunks_exact(4));
    let mut heic = false;
    for brand in brands {
        if AVIF_BRANDS.iter().any(|b| &b[..] == brand) {
            return false;
        }
        heic |= HEIC_BRANDS.iter().any(|b| &b[..] == brand);
    }
    heic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len();
        let mut b = (size as u32).to_be_bytes().to_vec();
        b.extend_from_slice(b"ftyp");
        b.extend_from_slice(major);
        b.extend_from_slice(&[0, 0, 0, 0]);
        for c in compatible {
            b.extend_from_slice(&c[..]);
        }
        b.extend_from_slice(&[0, 0, 0, 8, b'm', b'e', b't', b'a']);
        b
    }

    #[test]
    fn heic_brands_are_recognised() {
        assert_eq!(
            sniff(&ftyp(b"heic", &[b"mif1", b"heic"])),
            Err(PhotoError::Heic)
        );
        assert_eq!(sniff(&ftyp(b"mif1", &[b"heic"])), Err(PhotoError::Heic));
        assert_eq!(sniff(&ftyp(b"heix", &[])), Err(PhotoError::Heic));
        assert_eq!(sniff(&ftyp(b"msf1", &[b"hevc"])), Err(PhotoError::Heic));
    }

    #[test]
    fn other_iso_bmff_files_are_not_heic() {
        // AVIF lists mif1 too, an MP4 video is ISO-BMFF with other brands
        assert_eq!(
            sniff(&ftyp(b"avif", &[b"mif1", b"miaf"])),
            Err(PhotoError::NotAPhoto)
        );
        assert_eq!(
            sniff(&ftyp(b"isom", &[b"iso2", b"mp41"])),
            Err(PhotoError::NotAPhoto)
        );
        assert_eq!(sniff(b"....ftyp"), Err(PhotoError::NotAPhoto));
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Ok(Format::Png));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8L"), Ok(Format::WebP));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), Err(PhotoError::NotAPhoto));
        assert_eq!(sniff(b"GIF89a"), Err(PhotoError::NotAPhoto));
        assert_eq!(sniff(b"%PDF-1.7"), Err(PhotoError::NotAPhoto));
        assert_eq!(sniff(&[]), Err(PhotoError::NotAPhoto));
        assert_eq!(sniff(&[0xFF, 0xD8]), Err(PhotoError::NotAPhoto));
        assert!(is_photo(&[0xFF, 0xD8, 0xFF]));
        assert!(!is_photo(b"hello"));
    }
}
