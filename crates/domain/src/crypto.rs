//! 国密 primitives: SM3 hashing (audit chain, token digests) and SM4 field
//! encryption for personal data at rest (phone and ID numbers).
//!
//! Field encryption is SM4-CTR with a random 16-byte nonce, authenticated by
//! HMAC-SM3 (encrypt-then-MAC). Keys are derived from one 32-byte master key.

use ctr::cipher::{KeyIvInit, StreamCipher};
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sm3::{Digest, Sm3};

type Sm4Ctr = ctr::Ctr128BE<sm4::Sm4>;
type HmacSm3 = Hmac<Sm3>;

const PREFIX: &str = "sm4:";
const TAG_LEN: usize = 16;

/// SM3 digest as lowercase hex.
pub fn sm3_hex(data: &[u8]) -> String {
    hex::encode(Sm3::digest(data))
}

#[derive(Clone)]
pub struct FieldCipher {
    enc_key: [u8; 16],
    mac_key: [u8; 32],
}

impl std::fmt::Debug for FieldCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldCipher(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("密文格式无效")]
    Format,
    #[error("密文校验失败（数据被篡改或密钥不符）")]
    Tag,
}

impl FieldCipher {
    pub fn new(master: &[u8; 32]) -> Self {
        let mut h = Sm3::new();
        h.update(b"anzhi-field-enc");
        h.update(master);
        let enc = h.finalize();
        let mut enc_key = [0u8; 16];
        enc_key.copy_from_slice(&enc[..16]);
        let mut h = Sm3::new();
        h.update(b"anzhi-field-mac");
        h.update(master);
        let mut mac_key = [0u8; 32];
        mac_key.copy_from_slice(&h.finalize());
        FieldCipher { enc_key, mac_key }
    }

    /// A fresh random master key.
    pub fn generate_key() -> [u8; 32] {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        k
    }

    pub fn encrypt(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let mut buf = plaintext.as_bytes().to_vec();
        let mut c = Sm4Ctr::new(&self.enc_key.into(), &nonce.into());
        c.apply_keystream(&mut buf);
        let mut out = Vec::with_capacity(16 + buf.len() + TAG_LEN);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&buf);
        let tag = self.tag(&out);
        out.extend_from_slice(&tag);
        format!("{PREFIX}{}", hex::encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, CryptoError> {
        let body = stored.strip_prefix(PREFIX).ok_or(CryptoError::Format)?;
        let raw = hex::decode(body).map_err(|_| CryptoError::Format)?;
        if raw.len() < 16 + TAG_LEN {
            return Err(CryptoError::Format);
        }
        let (msg, tag) = raw.split_at(raw.len() - TAG_LEN);
        let mut mac =
            <HmacSm3 as KeyInit>::new_from_slice(&self.mac_key).map_err(|_| CryptoError::Format)?;
        mac.update(msg);
        mac.verify_truncated_left(tag)
            .map_err(|_| CryptoError::Tag)?;
        let (nonce, ct) = msg.split_at(16);
        let mut buf = ct.to_vec();
        let nonce: [u8; 16] = nonce.try_into().map_err(|_| CryptoError::Format)?;
        let mut c = Sm4Ctr::new(&self.enc_key.into(), &nonce.into());
        c.apply_keystream(&mut buf);
        String::from_utf8(buf).map_err(|_| CryptoError::Format)
    }

    fn tag(&self, msg: &[u8]) -> [u8; TAG_LEN] {
        let mut mac =
            <HmacSm3 as KeyInit>::new_from_slice(&self.mac_key).expect("HMAC takes any key length");
        mac.update(msg);
        let full = mac.finalize().into_bytes();
        let mut t = [0u8; TAG_LEN];
        t.copy_from_slice(&full[..TAG_LEN]);
        t
    }
}

/// Masks a phone number for lists: `138****1234`; landlines keep area code and last 4.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    let keep_head = if n >= 11 { 3 } else { (n - 4).min(2) };
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - keep_head - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_known_answer() {
        // GB/T 32905-2016 example 1: SM3("abc").
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn round_trip_and_tamper_detection() {
        let c = FieldCipher::new(&[7u8; 32]);
        let a = c.encrypt("13812341234");
        let b = c.encrypt("13812341234");
        assert_ne!(a, b, "random nonce");
        assert!(!a.contains("13812341234"));
        assert_eq!(c.decrypt(&a).unwrap(), "13812341234");
        let mut bad = a.clone().into_bytes();
        let i = bad.len() - 40;
        bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            c.decrypt(&String::from_utf8(bad).unwrap()),
            Err(CryptoError::Tag)
        );
        let other = FieldCipher::new(&[8u8; 32]);
        assert_eq!(other.decrypt(&a), Err(CryptoError::Tag));
        assert_eq!(c.decrypt("plain"), Err(CryptoError::Format));
    }

    #[test]
    fn masks() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("0898-66668888"), "089******8888");
        assert_eq!(mask_phone("123"), "***");
    }
}
