//! The bodies of the curve-specific C ABI functions, written once over the curve `C`.
//! [`super::api256`] and [`super::api480`] export them under their own names, with their own
//! documentation and size constants; nothing here is exported.

use super::*;
use crate::api::common::PrivateKey;
use crate::encoding::Tags;

/// Reads two private keys and writes `op(a, b)`.
unsafe fn private_key_arithmetic<C: Tags>(
    a: (*const u8, usize),
    b: (*const u8, usize),
    out: (*mut u8, usize),
    op: fn(&PrivateKey<C>, &PrivateKey<C>) -> PrivateKey<C>,
) -> recrypt_status {
    boundary(|| {
        let a = self::private_key::<C>(a.0, a.1)?;
        let b = self::private_key::<C>(b.0, b.1)?;
        write_secret(out.0, out.1, op(&a, &b).to_bytes())
    })
}

/// An encoded encrypted value with at most `max_blocks` transform blocks, checked before anything
/// else is decoded.
unsafe fn encrypted_value_within<C: Tags>(
    ptr: *const u8,
    len: usize,
    max_blocks: usize,
) -> FfiResult<common::EncryptedValue<C>> {
    let bytes = input(ptr, len)?;
    if encoding::encrypted_value_block_count::<C>(bytes)? > max_blocks {
        return Err(Status::TooManyTransformBlocks);
    }
    Ok(encoding::decode_encrypted_value(bytes)?)
}

/// Body of `recrypt_generate_key_pair` / `recrypt480_generate_key_pair`.
pub(super) unsafe fn generate_key_pair<C: Tags>(
    context: *const recrypt_context,
    private_key_out: *mut u8,
    private_key_capacity: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        check_out(
            private_key_out,
            private_key_capacity,
            Sizes::<C>::PRIVATE_KEY,
        )?;
        check_out(public_key_out, public_key_capacity, Sizes::<C>::PUBLIC_KEY)?;
        let (private, public) = api.generate_key_pair()?;
        write_secret(private_key_out, private_key_capacity, private.to_bytes())?;
        write_out(
            public_key_out,
            public_key_capacity,
            public.to_bytes().as_ref(),
        )
    })
}

/// Body of `recrypt_compute_public_key` / `recrypt480_compute_public_key`.
pub(super) unsafe fn compute_public_key<C: Tags>(
    private_key: *const u8,
    private_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let key = self::private_key::<C>(private_key, private_key_len)?;
        check_out(public_key_out, public_key_capacity, Sizes::<C>::PUBLIC_KEY)?;
        let public = common::compute_public_key(&key)?;
        write_out(
            public_key_out,
            public_key_capacity,
            public.to_bytes().as_ref(),
        )
    })
}

/// Body of `recrypt_public_key_canonicalize` / `recrypt480_public_key_canonicalize`.
pub(super) unsafe fn public_key_canonicalize<C: Tags>(
    public_key: *const u8,
    public_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let key = self::public_key::<C>(public_key, public_key_len)?;
        write_out(public_key_out, public_key_capacity, key.to_bytes().as_ref())
    })
}

/// Body of `recrypt_add_private_keys` / `recrypt480_add_private_keys`.
pub(super) unsafe fn add_private_keys<C: Tags>(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    private_key_arithmetic::<C>(
        (private_key_a, private_key_a_len),
        (private_key_b, private_key_b_len),
        (private_key_out, private_key_capacity),
        common::add_private_keys::<C>,
    )
}

/// Body of `recrypt_subtract_private_keys` / `recrypt480_subtract_private_keys`.
pub(super) unsafe fn subtract_private_keys<C: Tags>(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    private_key_arithmetic::<C>(
        (private_key_a, private_key_a_len),
        (private_key_b, private_key_b_len),
        (private_key_out, private_key_capacity),
        common::subtract_private_keys::<C>,
    )
}

/// Body of `recrypt_augment_public_key` / `recrypt480_augment_public_key`.
pub(super) unsafe fn augment_public_key<C: Tags>(
    public_key_a: *const u8,
    public_key_a_len: usize,
    public_key_b: *const u8,
    public_key_b_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let a = self::public_key::<C>(public_key_a, public_key_a_len)?;
        let b = self::public_key::<C>(public_key_b, public_key_b_len)?;
        check_out(public_key_out, public_key_capacity, Sizes::<C>::PUBLIC_KEY)?;
        write_out(
            public_key_out,
            public_key_capacity,
            a.augment(&b)?.to_bytes().as_ref(),
        )
    })
}

/// Body of `recrypt_generate_plaintext` / `recrypt480_generate_plaintext`.
pub(super) unsafe fn generate_plaintext<C: Tags>(
    context: *const recrypt_context,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        check_out(plaintext_out, plaintext_capacity, Sizes::<C>::PLAINTEXT)?;
        write_secret(
            plaintext_out,
            plaintext_capacity,
            api.generate_plaintext()?.to_bytes(),
        )
    })
}

/// Body of `recrypt_derive_symmetric_key` / `recrypt480_derive_symmetric_key`.
pub(super) unsafe fn derive_symmetric_key<C: Tags>(
    plaintext: *const u8,
    plaintext_len: usize,
    symmetric_key_out: *mut u8,
    symmetric_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pt = self::plaintext::<C>(plaintext, plaintext_len)?;
        write_secret(
            symmetric_key_out,
            symmetric_key_capacity,
            pt.derive_symmetric_key(),
        )
    })
}

/// Body of `recrypt_derive_private_key` / `recrypt480_derive_private_key`.
pub(super) unsafe fn derive_private_key<C: Tags>(
    plaintext: *const u8,
    plaintext_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pt = self::plaintext::<C>(plaintext, plaintext_len)?;
        write_secret(
            private_key_out,
            private_key_capacity,
            pt.derive_private_key().to_bytes(),
        )
    })
}

/// Body of `recrypt_encrypt` / `recrypt480_encrypt`.
pub(super) unsafe fn encrypt<C: Tags>(
    context: *const recrypt_context,
    plaintext: *const u8,
    plaintext_len: usize,
    public_key: *const u8,
    public_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        let pt = self::plaintext::<C>(plaintext, plaintext_len)?;
        let to = self::public_key::<C>(public_key, public_key_len)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_encrypted_value(
            (
                encrypted_value_out,
                encrypted_value_capacity,
                encrypted_value_len_out,
            ),
            0,
            || api.encrypt(&pt, &to, &signing),
        )
    })
}

/// Body of `recrypt_decrypt` / `recrypt480_decrypt`.
pub(super) unsafe fn decrypt<C: Tags>(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    private_key: *const u8,
    private_key_len: usize,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let value = encrypted_value_within::<C>(
            encrypted_value,
            encrypted_value_len,
            max_transform_blocks,
        )?;
        let key = self::private_key::<C>(private_key, private_key_len)?;
        check_out(plaintext_out, plaintext_capacity, Sizes::<C>::PLAINTEXT)?;
        let pt = common::decrypt(&value, &key)?;
        write_secret(plaintext_out, plaintext_capacity, pt.to_bytes())
    })
}

/// Body of `recrypt_generate_transform_key` / `recrypt480_generate_transform_key`.
pub(super) unsafe fn generate_transform_key<C: Tags>(
    context: *const recrypt_context,
    from_private_key: *const u8,
    from_private_key_len: usize,
    to_public_key: *const u8,
    to_public_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    transform_key_out: *mut u8,
    transform_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        let from = self::private_key::<C>(from_private_key, from_private_key_len)?;
        let to = self::public_key::<C>(to_public_key, to_public_key_len)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        check_out(
            transform_key_out,
            transform_key_capacity,
            encoding::Layout::<C>::TRANSFORM_KEY,
        )?;
        let key = api.generate_transform_key(&from, &to, &signing)?;
        write_out(
            transform_key_out,
            transform_key_capacity,
            &encoding::encode_transform_key(&key),
        )
    })
}

/// Body of `recrypt_transform` / `recrypt480_transform`.
pub(super) unsafe fn transform<C: Tags>(
    context: *const recrypt_context,
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    transform_key: *const u8,
    transform_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        // The output carries one block more than the input, so none can fit under a limit of 0.
        let max_input_blocks = max_transform_blocks
            .checked_sub(1)
            .ok_or(Status::TooManyTransformBlocks)?;
        let value =
            encrypted_value_within::<C>(encrypted_value, encrypted_value_len, max_input_blocks)?;
        let key = encoding::decode_transform_key::<C>(input(transform_key, transform_key_len)?)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_encrypted_value(
            (
                encrypted_value_out,
                encrypted_value_capacity,
                encrypted_value_len_out,
            ),
            value.transform_blocks.len() + 1,
            || api.transform(&value, &key, &signing),
        )
    })
}

/// A prepared transform key of either curve: what a `recrypt_prepared_transform_key` holds.
/// Each boxed: an Api480 key is half as large again as an Api256 one, which would otherwise pay for it.
pub(super) enum PreparedKey {
    Api256(Box<common::PreparedTransformKey<crate::params::Bn256>>),
    Api480(Box<common::PreparedTransformKey<crate::params::Bn480>>),
}

/// The curves whose prepared keys a `recrypt_prepared_transform_key` can hold.
pub(super) trait PreparedCurve: Tags {
    fn wrap(key: common::PreparedTransformKey<Self>) -> PreparedKey;
    /// The key when it was prepared on this curve.
    fn unwrap(key: &PreparedKey) -> Option<&common::PreparedTransformKey<Self>>;
}

/// Implements [`PreparedCurve`] for a curve whose keys are the variant `$own` (the other curve's is `$other`).
macro_rules! prepared_curve {
    ($curve:ty, $own:ident, $other:ident) => {
        impl PreparedCurve for $curve {
            fn wrap(key: common::PreparedTransformKey<Self>) -> PreparedKey {
                PreparedKey::$own(Box::new(key))
            }

            fn unwrap(key: &PreparedKey) -> Option<&common::PreparedTransformKey<Self>> {
                match key {
                    PreparedKey::$own(key) => Some(key),
                    PreparedKey::$other(_) => None,
                }
            }
        }
    };
}

prepared_curve!(crate::params::Bn256, Api256, Api480);
prepared_curve!(crate::params::Bn480, Api480, Api256);

/// Body of `recrypt_prepare_transform_key` / `recrypt480_prepare_transform_key`.
pub(super) unsafe fn prepare_transform_key<C: PreparedCurve>(
    transform_key: *const u8,
    transform_key_len: usize,
    prepared_out: *mut *mut recrypt_prepared_transform_key,
) -> recrypt_status {
    boundary(|| {
        if prepared_out.is_null() {
            return Err(Status::NullArgument);
        }
        let key = encoding::decode_transform_key::<C>(input(transform_key, transform_key_len)?)?;
        let key = C::wrap(key.prepare()?);
        *prepared_out = Box::into_raw(Box::new(recrypt_prepared_transform_key { key }));
        Ok(())
    })
}

/// Body of `recrypt_transform_prepared` / `recrypt480_transform_prepared`.
pub(super) unsafe fn transform_prepared<C: PreparedCurve>(
    context: *const recrypt_context,
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    prepared: *const recrypt_prepared_transform_key,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        let prepared = prepared.as_ref().ok_or(Status::NullArgument)?;
        // A key prepared on the other curve is not a key of this one.
        let key = C::unwrap(&prepared.key).ok_or(Status::MalformedEncoding)?;
        let max_input_blocks = max_transform_blocks
            .checked_sub(1)
            .ok_or(Status::TooManyTransformBlocks)?;
        let value =
            encrypted_value_within::<C>(encrypted_value, encrypted_value_len, max_input_blocks)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_encrypted_value(
            (
                encrypted_value_out,
                encrypted_value_capacity,
                encrypted_value_len_out,
            ),
            value.transform_blocks.len() + 1,
            || api.transform_prepared(&value, key, &signing),
        )
    })
}

/// Body of `recrypt_encrypted_value_verify` / `recrypt480_encrypted_value_verify`.
pub(super) unsafe fn encrypted_value_verify<C: Tags>(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let value =
            encoding::decode_encrypted_value::<C>(input(encrypted_value, encrypted_value_len)?)?;
        write_u32(is_valid_out, value.verify_signature() as u32)
    })
}

/// Body of `recrypt_transform_key_verify` / `recrypt480_transform_key_verify`.
pub(super) unsafe fn transform_key_verify<C: Tags>(
    transform_key: *const u8,
    transform_key_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let key = encoding::decode_transform_key::<C>(input(transform_key, transform_key_len)?)?;
        write_u32(is_valid_out, key.verify_signature() as u32)
    })
}

/// Body of `recrypt_augment_transform_key` / `recrypt480_augment_transform_key`.
pub(super) unsafe fn augment_transform_key<C: Tags>(
    transform_key: *const u8,
    transform_key_len: usize,
    private_key: *const u8,
    private_key_len: usize,
    transform_key_out: *mut u8,
    transform_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let key = encoding::decode_transform_key::<C>(input(transform_key, transform_key_len)?)?;
        let augmenting = self::private_key::<C>(private_key, private_key_len)?;
        check_out(
            transform_key_out,
            transform_key_capacity,
            encoding::Layout::<C>::TRANSFORM_KEY,
        )?;
        let augmented = key.augment(&augmenting)?;
        write_out(
            transform_key_out,
            transform_key_capacity,
            &encoding::encode_transform_key(&augmented),
        )
    })
}

/// Body of `recrypt_transform_key_to_bytes` / `recrypt480_transform_key_to_bytes`.
pub(super) unsafe fn transform_key_to_bytes<C: Tags>(
    transform_key: *const u8,
    transform_key_len: usize,
    bytes_out: *mut u8,
    bytes_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let key = encoding::decode_transform_key::<C>(input(transform_key, transform_key_len)?)?;
        write_out(bytes_out, bytes_capacity, key.to_bytes().as_ref())
    })
}

/// Body of `recrypt_schnorr_sign` / `recrypt480_schnorr_sign`.
pub(super) unsafe fn schnorr_sign<C: Tags>(
    context: *const recrypt_context,
    private_key: *const u8,
    private_key_len: usize,
    public_key: *const u8,
    public_key_len: usize,
    message: *const u8,
    message_len: usize,
    signature_out: *mut u8,
    signature_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for::<C>(context)?;
        let key = self::private_key::<C>(private_key, private_key_len)?;
        let public = self::public_key::<C>(public_key, public_key_len)?;
        let message = input(message, message_len)?;
        check_out(
            signature_out,
            signature_capacity,
            Sizes::<C>::SCHNORR_SIGNATURE,
        )?;
        let signature = api.schnorr_sign(&key, &public, message)?;
        write_out(signature_out, signature_capacity, signature.as_ref())
    })
}

/// Body of `recrypt_schnorr_verify` / `recrypt480_schnorr_verify`.
pub(super) unsafe fn schnorr_verify<C: Tags>(
    public_key: *const u8,
    public_key_len: usize,
    augmenting_private_key: *const u8,
    augmenting_private_key_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let public = self::public_key::<C>(public_key, public_key_len)?;
        let augmenting = match augmenting_private_key_len {
            0 => None,
            _ => Some(self::private_key::<C>(
                augmenting_private_key,
                augmenting_private_key_len,
            )?),
        };
        let message = input(message, message_len)?;
        let signature = fixed_array::<C::G1Bytes>(signature, signature_len)?;
        let valid = common::schnorr_verify(&public, augmenting.as_ref(), message, &signature);
        write_u32(is_valid_out, valid as u32)
    })
}
