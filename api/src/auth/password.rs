//! Password policy and argon2id hashing. Hashing costs ~20 MiB and tens of
//! milliseconds of CPU, so it always runs on tokio's blocking pool.

use std::{
    collections::HashSet,
    sync::{LazyLock, OnceLock},
};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier},
};

use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// argon2id, m = 19 MiB, t = 2, p = 1: OWASP's minimum recommendation
/// (Password Storage Cheat Sheet). Verification reads the parameters from the
/// stored hash, so raising these later keeps old hashes valid.
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
pub const ARGON2_ITERATIONS: u32 = 2;
pub const ARGON2_PARALLELISM: u32 = 1;

/// Django's list of the 20,000 most common passwords (BSD-3-Clause), keeping
/// only the entries long enough to pass the length rule.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

/// Hashes running at once. Each holds 19 MiB and a core for tens of
/// milliseconds; queueing the rest bounds memory under a burst of sign-ins
/// and leaves cores for everything else (see BENCHMARKS.md).
static HASHING_PERMITS: OnceLock<Semaphore> = OnceLock::new();

/// Half the cores, at least one: on 2 cores sign-ins then cannot starve queries.
pub fn default_hashing_concurrency() -> usize {
    std::thread::available_parallelism()
        .map_or(2, usize::from)
        .div_ceil(2)
}

/// Sets how many hashes may run at once; the first setting wins.
pub fn set_hashing_concurrency(permits: usize) {
    let _ = HASHING_PERMITS.set(Semaphore::new(permits.max(1)));
}

/// Runs an argon2 job on the blocking pool once a permit is free.
async fn run_limited<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    let _permit = HASHING_PERMITS
        .get_or_init(|| Semaphore::new(default_hashing_concurrency()))
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(ApiError::internal)
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(
        ARGON2_MEMORY_KIB,
        ARGON2_ITERATIONS,
        ARGON2_PARALLELISM,
        None,
    )
    .expect("argon2 parameters are valid constants");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the account does not
/// exist, so a failed sign-in takes as long whether or not the user exists.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).expect("system randomness");
    hash_blocking(&random).expect("hashing a random password")
});

/// Checks the password policy; `field` names the input for the error.
pub fn validate_new_password(field: &str, password: &str) -> ApiResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ApiError::bad_input(
            field,
            format!("password must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(ApiError::bad_input(
            field,
            format!("password must be at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    if COMMON_PASSWORDS.contains(password.to_lowercase().as_str()) {
        return Err(ApiError::bad_input(
            field,
            "this password is one of the most common ones; choose another",
        ));
    }
    Ok(())
}

fn hash_blocking(password: &[u8]) -> anyhow::Result<String> {
    hasher()
        .hash_password(password)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
}

/// Hashes on the blocking pool.
pub async fn hash(password: String) -> ApiResult<String> {
    run_limited(move || hash_blocking(password.as_bytes()))
        .await?
        .map_err(ApiError::internal)
}

/// Verifies on the blocking pool. `None` (unknown or deleted account) still
/// spends the time of a real verification.
pub async fn verify(password: String, stored_hash: Option<String>) -> ApiResult<bool> {
    run_limited(move || {
        let hash = stored_hash.as_deref().unwrap_or(DUMMY_HASH.as_str());
        let matches = hasher().verify_password(password.as_bytes(), hash).is_ok();
        matches && stored_hash.is_some()
    })
    .await
}

/// Computes the dummy hash ahead of the first sign-in, off the executor.
pub async fn warm_up() {
    let _ = tokio::task::spawn_blocking(|| LazyLock::force(&DUMMY_HASH)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_short_and_common_passwords() {
        assert!(validate_new_password("password", "short").is_err());
        assert!(validate_new_password("password", "1234567890").is_err());
        assert!(validate_new_password("password", "QWERTYUIOP").is_err());
        assert!(validate_new_password("password", "correct horse battery").is_ok());
    }

    #[test]
    fn common_list_covers_every_allowed_length() {
        // The shipped list was filtered at this length; lowering it needs the full list.
        assert_eq!(MIN_PASSWORD_CHARS, 10);
        assert!(COMMON_PASSWORDS.iter().all(|p| p.chars().count() >= 10));
    }

    #[test]
    fn hashes_are_argon2id_with_documented_parameters() {
        let hash = hash_blocking(b"correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            hasher()
                .verify_password(b"correct horse battery", hash.as_str())
                .is_ok()
        );
        assert!(
            hasher()
                .verify_password(b"wrong horse battery", hash.as_str())
                .is_err()
        );
    }
}
