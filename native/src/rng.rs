//! Random sources.
//!
//! Production contexts draw every byte from the operating system (getrandom). Tests can instead use
//! [`CompatibleRng`], which reproduces the random stream of IronCore's npm build (spec 6.3) from a
//! 32-byte seed, so that key generation, plaintexts, encryption, transform keys and transforms
//! match recorded vectors byte for byte. It is deterministic by construction and therefore **not
//! for production**.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zeroize::Zeroize;

/// Why random bytes could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomSourceError;

/// Where an operation's random bytes come from.
pub trait RandomSource {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomSourceError>;
}

/// The operating system's CSPRNG.
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomSourceError> {
        getrandom::getrandom(buf).map_err(|_| RandomSourceError)
    }
}

/// Bytes of output after which recrypt 0.14.1 rekeys its ChaCha20 generator.
const RESEED_THRESHOLD: u64 = 1 << 20;

/// The random stream of recrypt 0.14.1's default instance, as the npm 0.7.1 build produces it:
/// the ChaCha20 keystream (20 rounds, zero nonce, counter from 0) keyed with the seed, consumed in
/// order; after 1 MiB of output the next byte comes from a fresh key of 32 OS-random bytes, as
/// recrypt's reseeding wrapper does. NOT FOR PRODUCTION: anyone who knows the seed knows every
/// key, plaintext and nonce drawn from it.
pub struct CompatibleRng {
    stream: ChaCha20Rng,
    produced: u64,
}

impl CompatibleRng {
    pub fn from_seed(seed: [u8; 32]) -> Self {
        CompatibleRng {
            stream: ChaCha20Rng::from_seed(seed),
            produced: 0,
        }
    }
}

impl RandomSource for CompatibleRng {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomSourceError> {
        let mut offset = 0;
        while offset < buf.len() {
            if self.produced == RESEED_THRESHOLD {
                let mut key = [0u8; 32];
                OsRandom.fill(&mut key)?;
                self.stream = ChaCha20Rng::from_seed(key);
                key.zeroize();
                self.produced = 0;
            }
            let room = (RESEED_THRESHOLD - self.produced) as usize;
            let take = room.min(buf.len() - offset);
            self.stream.fill_bytes(&mut buf[offset..offset + take]);
            self.produced += take as u64;
            offset += take;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatible_stream_is_rfc8439_chacha20_with_zero_nonce() {
        // RFC 8439 2.3.2 uses another nonce; the zero-key, zero-nonce block 0 is the classic vector.
        let mut rng = CompatibleRng::from_seed([0; 32]);
        let mut out = [0u8; 16];
        rng.fill(&mut out).unwrap();
        assert_eq!(hex::encode(out), "76b8e0ada0f13d90405d6ae55386bd28");
    }

    #[test]
    fn compatible_stream_does_not_depend_on_request_sizes() {
        let mut a = CompatibleRng::from_seed([7; 32]);
        let mut b = CompatibleRng::from_seed([7; 32]);
        let mut whole = [0u8; 96];
        a.fill(&mut whole).unwrap();
        let mut parts = [0u8; 96];
        b.fill(&mut parts[..32]).unwrap();
        b.fill(&mut parts[32..]).unwrap();
        assert_eq!(whole, parts);
    }
}
